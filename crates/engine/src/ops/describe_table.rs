//! DescribeTable.

use std::sync::Arc;

use ddb_model::DynamoResult;
use ddb_wire::DescribeTableOutput;

use crate::schema::TableDef;
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

/// A DescribeTable with every check made: the table, or a deleted one still DELETING.
enum Plan {
    Table(Arc<TableDef>),
    Deleting(Arc<TableDef>),
}

/// DynamoDB's checks for DescribeTable: the request's constraints, then the table.
fn plan(engine: &Engine, input: DescribeTableInput) -> DynamoResult<Plan> {
    let input = input.validate()?;
    if let Some(table) = engine.lookup(&input.table_name) {
        return Ok(Plan::Table(table));
    }
    engine
        .lookup_deleted(&input.table_name)
        .map(Plan::Deleting)
        .ok_or_else(|| table_level_not_found(&input.table_name))
}

/// The table in its current state (`--table-delays`: CREATING, UPDATING, DELETING for a while).
fn execute(engine: &Engine, plan: Plan) -> DescribeTableOutput {
    let table = match plan {
        Plan::Table(def) => engine.describe_current(&def),
        Plan::Deleting(def) => engine.describe_deleted(&def),
    };
    DescribeTableOutput { table: Some(table) }
}
