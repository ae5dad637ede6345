//! ListStreams (DynamoDB Streams): the streams of every table, or of one, a page at a time.

use ddb_model::DynamoResult;
use ddb_wire::{ListStreamsOutput, Stream};

use crate::streams::fault::page_limit;
use crate::Engine;

pub use ddb_wire::ListStreamsInput;

/// The most streams in one page, and the page size without a `Limit`.
const MAX_LIMIT: i32 = 100;

/// ListStreams: streams oldest first, disabled ones included until they age out.
pub fn list_streams(engine: &Engine, input: ListStreamsInput) -> DynamoResult<ListStreamsOutput> {
    let plan = plan(input)?;
    Ok(execute(engine, plan))
}

/// A ListStreams with every check made.
struct Plan {
    table_name: Option<String>,
    limit: usize,
    start_after: Option<String>,
}

/// DynamoDB's checks for ListStreams: the request's constraints, then the limit's maximum.
fn plan(input: ListStreamsInput) -> DynamoResult<Plan> {
    let input = input.validate()?;
    let limit = page_limit(input.limit, MAX_LIMIT)?;
    Ok(Plan {
        table_name: input.table_name,
        limit,
        start_after: input.exclusive_start_stream_arn,
    })
}

fn execute(engine: &Engine, plan: Plan) -> ListStreamsOutput {
    let table = plan
        .table_name
        .as_deref()
        .map(|t| engine.table_name(t).unwrap_or(t));
    let mut streams: Vec<Stream> = engine
        .streams
        .all()
        .into_iter()
        .map(|s| s.snapshot())
        .filter(|def| table.is_none_or(|t| def.table_name == t))
        .map(|def| Stream {
            stream_arn: Some(def.arn()),
            table_name: Some(def.table_name),
            stream_label: Some(def.label),
        })
        .collect();
    if let Some(after) = &plan.start_after {
        if let Some(at) = streams
            .iter()
            .position(|s| s.stream_arn.as_deref() == Some(after))
        {
            streams.drain(..=at);
        }
    }
    let more = streams.len() > plan.limit;
    streams.truncate(plan.limit);
    ListStreamsOutput {
        last_evaluated_stream_arn: more
            .then(|| streams.last().and_then(|s| s.stream_arn.clone()))
            .flatten(),
        streams: Some(streams),
    }
}
