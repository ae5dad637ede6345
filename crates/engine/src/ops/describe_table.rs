//! DescribeTable.

use serde::Deserialize;
use serde_json::{json, Value};

use ddb_model::DynamoResult;

use crate::constraints::Violations;
use crate::table_description::TableStatus;
use crate::{table_level_not_found, Engine};

/// DescribeTable's request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTableInput {
    /// `TableName`: the table's name (or, where DynamoDB allows it, its ARN).
    pub table_name: Option<String>,
}

/// DescribeTable: the table's current description.
pub fn describe_table(engine: &Engine, input: DescribeTableInput) -> DynamoResult<Value> {
    let mut v = Violations::new();
    v.table_name(input.table_name.as_deref(), "tableName");
    v.into_result()?;
    let name = input.table_name.expect("checked");
    let def = engine
        .lookup(&name)
        .ok_or_else(|| table_level_not_found(&name))?;
    Ok(json!({ "Table": engine.describe(&def, TableStatus::Active) }))
}
