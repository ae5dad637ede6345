//! GetShardIterator (DynamoDB Streams): a position in one shard to read from.

use ddb_model::DynamoResult;
use ddb_wire::valid::ShardIteratorType;
use ddb_wire::GetShardIteratorOutput;

use crate::clock::now_ms;
use crate::streams::def::{sequence_from_wire, ShardDef};
use crate::streams::fault::StreamFault;
use crate::streams::iterator::ShardIterator;
use crate::streams::record::ChangeRecord;
use crate::streams::{read_records, LiveStream};
use crate::Engine;

pub use ddb_wire::GetShardIteratorInput;

/// GetShardIterator.
pub fn get_shard_iterator(
    engine: &Engine,
    input: GetShardIteratorInput,
) -> DynamoResult<GetShardIteratorOutput> {
    let plan = plan(input)?;
    execute(engine, plan)
}

/// Where in the shard the iterator starts.
enum Start {
    TrimHorizon,
    Latest,
    At(u64),
    After(u64),
    /// The first record at or after this time, in epoch ms.
    AtTime(u64),
}

/// A GetShardIterator with every request check made.
struct Plan {
    stream_arn: String,
    shard_id: String,
    start: Start,
    /// The sequence number as given, for messages.
    sequence_text: Option<String>,
}

/// DynamoDB's checks for GetShardIterator: the request's constraints, then the iterator type
/// against SequenceNumber and Timestamp; the stream and shard are looked up in `execute`.
fn plan(input: GetShardIteratorInput) -> DynamoResult<Plan> {
    let input = input.validate()?;
    let kind = input.shard_iterator_type;
    let sequence = |text: &Option<String>| -> DynamoResult<u64> {
        let text = text.as_deref().ok_or(StreamFault::SequenceNumberMissing {
            iterator_type: kind.as_str(),
        })?;
        sequence_from_wire(text).ok_or_else(|| {
            StreamFault::InvalidSequenceNumber {
                sequence_number: text.into(),
                shard_id: input.shard_id.clone(),
            }
            .into()
        })
    };
    let no_sequence = || match input.sequence_number {
        Some(_) => Err(StreamFault::SequenceNumberNotAllowed {
            iterator_type: kind.as_str(),
        }),
        None => Ok(()),
    };
    let start = match kind {
        ShardIteratorType::TrimHorizon => no_sequence().map(|()| Start::TrimHorizon)?,
        ShardIteratorType::Latest => no_sequence().map(|()| Start::Latest)?,
        ShardIteratorType::AtSequenceNumber => Start::At(sequence(&input.sequence_number)?),
        ShardIteratorType::AfterSequenceNumber => Start::After(sequence(&input.sequence_number)?),
        ShardIteratorType::AtTimestamp => {
            no_sequence()?;
            let at = input.timestamp.ok_or(StreamFault::TimestampMissing)?;
            let at_ms = (at * 1000.0).max(0.0) as u64;
            if at_ms > now_ms() {
                return Err(StreamFault::TimestampInFuture.into());
            }
            Start::AtTime(at_ms)
        }
    };
    Ok(Plan {
        stream_arn: input.stream_arn,
        shard_id: input.shard_id,
        start,
        sequence_text: input.sequence_number,
    })
}

fn execute(engine: &Engine, plan: Plan) -> DynamoResult<GetShardIteratorOutput> {
    let live = engine.find_stream(&plan.stream_arn)?;
    let config = engine.streams.config();
    let now = now_ms();
    let (def, visible) = live.settled(engine.storage.as_ref(), &config, now)?;
    let shard = def
        .shard(&plan.shard_id)
        .ok_or_else(|| StreamFault::ShardNotFound {
            shard_id: plan.shard_id.clone(),
            arn: plan.stream_arn.clone(),
        })?;
    let position = position(engine, &live, shard, &plan, visible)?;
    let iterator = ShardIterator {
        stream_id: def.id,
        shard_no: shard.no,
        position,
        issued_ms: now,
    };
    Ok(GetShardIteratorOutput {
        shard_iterator: Some(iterator.encode(&def.arn())),
    })
}

/// The sequence number the iterator reads from.
fn position(
    engine: &Engine,
    live: &LiveStream,
    shard: &ShardDef,
    plan: &Plan,
    visible: u64,
) -> DynamoResult<u64> {
    // Past the last record: the shard's end once closed, the stream's head while open.
    let end = shard.ending.map_or(visible, |e| e + 1);
    let in_shard = |n: u64| -> DynamoResult<u64> {
        if n < shard.starting || shard.ending.is_some_and(|e| n > e) {
            return Err(StreamFault::InvalidSequenceNumber {
                sequence_number: plan.sequence_text.clone().unwrap_or_default(),
                shard_id: shard.id.clone(),
            }
            .into());
        }
        if n < shard.trimmed_below {
            return Err(StreamFault::Trimmed.into());
        }
        Ok(n)
    };
    match plan.start {
        Start::TrimHorizon => Ok(shard.trimmed_below),
        Start::Latest => Ok(end.max(shard.starting)),
        Start::At(n) => in_shard(n),
        Start::After(n) => in_shard(n).map(|n| n + 1),
        Start::AtTime(at_ms) => {
            let mut from = shard.trimmed_below;
            loop {
                let page = read_records(
                    engine.storage.as_ref(),
                    (live.id, shard.no),
                    (from, end),
                    1000,
                    usize::MAX,
                )?;
                let Some(last) = page.last().map(|r| r.sequence) else {
                    return Ok(end.max(shard.starting));
                };
                let hit = page
                    .iter()
                    .find(|r| ChangeRecord::stored_at_ms(&r.bytes).is_some_and(|t| t >= at_ms));
                if let Some(r) = hit {
                    return Ok(r.sequence);
                }
                from = last + 1;
            }
        }
    }
}
