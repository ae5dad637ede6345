//! DescribeTimeToLive: whether a table's items expire, and by which attribute.

use std::sync::Arc;

use ddb_model::DynamoResult;
use ddb_wire::{DescribeTimeToLiveOutput, TimeToLiveDescription, TimeToLiveStatus};

use crate::schema::TableDef;
use crate::{table_level_not_found, Engine};

pub use ddb_wire::DescribeTimeToLiveInput;

/// DescribeTimeToLive: the table's expiry setting.
pub fn describe_time_to_live(
    engine: &Engine,
    input: DescribeTimeToLiveInput,
) -> DynamoResult<DescribeTimeToLiveOutput> {
    let plan = plan(engine, input)?;
    Ok(execute(plan))
}

/// A DescribeTimeToLive with every check made: the table it describes.
struct Plan {
    table: Arc<TableDef>,
}

/// DynamoDB's checks for DescribeTimeToLive, in its order: the request's constraints, then
/// the table.
fn plan(engine: &Engine, input: DescribeTimeToLiveInput) -> DynamoResult<Plan> {
    let input = input.validate()?;
    let table = engine
        .lookup(&input.table_name)
        .ok_or_else(|| table_level_not_found(&input.table_name))?;
    Ok(Plan { table })
}

/// ENABLED with the attribute, or DISABLED.
fn execute(plan: Plan) -> DescribeTimeToLiveOutput {
    let attribute = plan.table.ttl_attribute.clone();
    let status = match attribute {
        Some(_) => TimeToLiveStatus::Enabled,
        None => TimeToLiveStatus::Disabled,
    };
    DescribeTimeToLiveOutput {
        time_to_live_description: Some(TimeToLiveDescription {
            time_to_live_status: Some(status.into()),
            attribute_name: attribute,
        }),
    }
}
