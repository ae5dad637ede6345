//! DescribeTable.

use serde::Deserialize;
use serde_json::{json, Value};

use ddb_model::{DynamoError, DynamoResult};

use crate::constraints::Violations;
use crate::ops::table_description::TableStatus;
use crate::Engine;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTableInput {
    pub table_name: Option<String>,
}

/// ResourceNotFoundException for table-level operations, naming the table.
pub fn table_level_not_found(name: &str) -> DynamoError {
    DynamoError::not_found(format!(
        "Requested resource not found: Table: {name} not found"
    ))
}

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
