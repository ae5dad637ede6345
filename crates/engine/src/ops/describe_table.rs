//! DescribeTable.

use std::sync::Arc;

use ddb_model::DynamoResult;
use ddb_wire::DescribeTableOutput;

use crate::schema::TableDef;
use crate::table_description::TableStatus;
use crate::{table_level_not_found, Engine};

pub use ddb_wire::DescribeTableInput;

/// DescribeTable: the table's current description.
pub fn describe_table(
    engine: &Engine,
    input: DescribeTableInput,
) -> DynamoResult<DescribeTableOutput> {
    let plan = plan(engine, input)?;
    Ok(execute(engine, plan))
}

/// A DescribeTable with every check made: the table.
struct Plan {
    table: Arc<TableDef>,
}

/// DynamoDB's checks for DescribeTable: the request's constraints, then the table.
fn plan(engine: &Engine, input: DescribeTableInput) -> DynamoResult<Plan> {
    let input = input.validate()?;
    let table = engine
        .lookup(&input.table_name)
        .ok_or_else(|| table_level_not_found(&input.table_name))?;
    Ok(Plan { table })
}

fn execute(engine: &Engine, plan: Plan) -> DescribeTableOutput {
    DescribeTableOutput {
        table: Some(engine.describe(&plan.table, TableStatus::Active)),
    }
}
