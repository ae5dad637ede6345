//! GetRecords (DynamoDB Streams): the records of a shard from an iterator's position on, and
//! the iterator for the next call (none once a closed shard is read to its end).

use ddb_model::{DynamoError, DynamoResult};
use ddb_wire::GetRecordsOutput;

use crate::clock::now_ms;
use crate::streams::fault::{page_limit, StreamFault};
use crate::streams::iterator::ShardIterator;
use crate::streams::read_records;
use crate::streams::record::ChangeRecord;
use crate::Engine;

pub use ddb_wire::GetRecordsInput;

/// The most records in one call, and the number without a `Limit`.
const MAX_LIMIT: i32 = 1000;
/// The most record bytes in one call (DynamoDB: 1 MB).
const MAX_BYTES: usize = 1024 * 1024;

/// GetRecords.
pub fn get_records(engine: &Engine, input: GetRecordsInput) -> DynamoResult<GetRecordsOutput> {
    let plan = plan(input)?;
    execute(engine, plan)
}

/// A GetRecords with every request check made.
struct Plan {
    iterator: ShardIterator,
    /// The iterator as given (its stream ARN is named in errors).
    text: String,
    limit: usize,
}

/// DynamoDB's checks for GetRecords: the request's constraints, the limit's maximum, then the
/// iterator: one ddb issued, not yet expired.
fn plan(input: GetRecordsInput) -> DynamoResult<Plan> {
    let input = input.validate()?;
    let limit = page_limit(input.limit, MAX_LIMIT)?;
    let iterator =
        ShardIterator::decode(&input.shard_iterator).ok_or(StreamFault::InvalidIterator)?;
    if iterator.expired(now_ms()) {
        return Err(StreamFault::ExpiredIterator.into());
    }
    Ok(Plan {
        iterator,
        text: input.shard_iterator,
        limit,
    })
}

fn execute(engine: &Engine, plan: Plan) -> DynamoResult<GetRecordsOutput> {
    let it = plan.iterator;
    let arn = plan.text.split('|').next().unwrap_or_default().to_string();
    let live = engine
        .streams
        .get(it.stream_id)
        .ok_or(StreamFault::StreamNotFound { arn })?;
    let config = engine.streams.config();
    let now = now_ms();
    let (def, visible) = live.settled(engine.storage.as_ref(), &config, now)?;
    // A shard that has aged out of the stream: its records are trimmed.
    let shard = def.shard_by_no(it.shard_no).ok_or(StreamFault::Trimmed)?;
    if it.position < shard.trimmed_below {
        return Err(StreamFault::Trimmed.into());
    }
    let below = shard.ending.map_or(visible, |e| (e + 1).min(visible));
    let stored = read_records(
        engine.storage.as_ref(),
        (live.id, shard.no),
        (it.position, below),
        plan.limit,
        MAX_BYTES,
    )?;
    // Read up to `below` (not stopped by the limit or the size): everything before it is seen,
    // including numbers that went to other shards.
    let bytes: usize = stored.iter().map(|r| r.bytes.len()).sum();
    let exhausted = stored.len() < plan.limit && bytes < MAX_BYTES;
    let next = match stored.last() {
        _ if exhausted => below.max(it.position),
        Some(last) => last.sequence + 1,
        None => it.position,
    };
    let finished = shard.ending.is_some_and(|e| next > e);
    let mut records = Vec::with_capacity(stored.len());
    for r in stored {
        let record = ChangeRecord::decode(&r.bytes)
            .ok_or_else(|| DynamoError::internal("a stream record cannot be read"))?;
        records.push(record.to_wire(r.sequence, &def, &engine.config.region));
    }
    let next_iterator = ShardIterator {
        position: next,
        issued_ms: now,
        ..it
    };
    Ok(GetRecordsOutput {
        records: Some(records),
        next_shard_iterator: (!finished).then(|| next_iterator.encode(&def.arn())),
    })
}
