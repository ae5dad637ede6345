//! DescribeStream (DynamoDB Streams): a stream's status, key schema and shards with their
//! lineage, a page of shards at a time.

use ddb_model::DynamoResult;
use ddb_wire::valid::{ShardFilter, ShardFilterType};
use ddb_wire::{DescribeStreamOutput, SequenceNumberRange, Shard, StreamDescription, StreamStatus};

use crate::clock::now_ms;
use crate::streams::def::{sequence_to_wire, ShardDef, StreamDef};
use crate::streams::fault::{page_limit, StreamFault};
use crate::Engine;

pub use ddb_wire::DescribeStreamInput;

/// The most shards in one page, and the page size without a `Limit`.
const MAX_LIMIT: i32 = 100;

/// DescribeStream.
pub fn describe_stream(
    engine: &Engine,
    input: DescribeStreamInput,
) -> DynamoResult<DescribeStreamOutput> {
    let plan = plan(input)?;
    execute(engine, plan)
}

/// A DescribeStream with every check made.
struct Plan {
    stream_arn: String,
    limit: usize,
    start_after: Option<String>,
    /// CHILD_SHARDS of this shard only.
    children_of: Option<String>,
}

/// DynamoDB's checks for DescribeStream: the request's constraints, the limit's maximum, the
/// shard filter; the stream is looked up in `execute`.
fn plan(input: DescribeStreamInput) -> DynamoResult<Plan> {
    let input = input.validate()?;
    let limit = page_limit(input.limit, MAX_LIMIT)?;
    let children_of = match input.shard_filter {
        None => None,
        Some(ShardFilter { r#type: None, .. }) => {
            return Err(StreamFault::ShardFilterTypeMissing.into())
        }
        Some(ShardFilter {
            r#type: Some(ShardFilterType::ChildShards),
            shard_id: None,
        }) => return Err(StreamFault::ShardFilterShardIdMissing.into()),
        Some(ShardFilter {
            r#type: Some(ShardFilterType::ChildShards),
            shard_id: Some(id),
        }) => Some(id),
    };
    Ok(Plan {
        stream_arn: input.stream_arn,
        limit,
        start_after: input.exclusive_start_shard_id,
        children_of,
    })
}

fn execute(engine: &Engine, plan: Plan) -> DynamoResult<DescribeStreamOutput> {
    let live = engine.find_stream(&plan.stream_arn)?;
    let config = engine.streams.config();
    let (def, _) = live.settled(engine.storage.as_ref(), &config, now_ms())?;
    let mut shards: Vec<&ShardDef> = def
        .shards
        .iter()
        .filter(|s| plan.children_of.is_none() || s.parent == plan.children_of)
        .collect();
    shards.sort_by(|a, b| a.id.cmp(&b.id));
    if let Some(after) = &plan.start_after {
        shards.retain(|s| s.id.as_str() > after.as_str());
    }
    let more = shards.len() > plan.limit;
    shards.truncate(plan.limit);
    let last_evaluated_shard_id = more.then(|| shards.last().map(|s| s.id.clone())).flatten();
    let shards = shards.into_iter().map(shard_to_wire).collect();
    Ok(DescribeStreamOutput {
        stream_description: Some(description(&def, shards, last_evaluated_shard_id)),
    })
}

fn description(
    def: &StreamDef,
    shards: Vec<Shard>,
    last_evaluated_shard_id: Option<String>,
) -> StreamDescription {
    let status = match def.is_enabled() {
        true => StreamStatus::Enabled,
        false => StreamStatus::Disabled,
    };
    StreamDescription {
        stream_arn: Some(def.arn()),
        stream_label: Some(def.label.clone()),
        stream_status: Some(status.into()),
        stream_view_type: Some(ddb_wire::valid::StreamViewType::from(def.view).into()),
        creation_request_date_time: Some(def.created),
        table_name: Some(def.table_name.clone()),
        key_schema: Some(def.key.to_wire()),
        shards: Some(shards),
        last_evaluated_shard_id,
    }
}

fn shard_to_wire(shard: &ShardDef) -> Shard {
    Shard {
        shard_id: Some(shard.id.clone()),
        sequence_number_range: Some(SequenceNumberRange {
            starting_sequence_number: Some(sequence_to_wire(shard.starting)),
            ending_sequence_number: shard.ending.map(sequence_to_wire),
        }),
        parent_shard_id: shard.parent.clone(),
    }
}
