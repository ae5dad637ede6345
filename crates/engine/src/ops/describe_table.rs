//! DescribeTable.

use serde::Deserialize;
use serde_json::{json, Value};

use ddb_model::DynamoResult;

use crate::constraints::Violations;
use crate::table_description::TableStatus;
use crate::{table_level_not_found, Engine};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTableInput {
    pub table_name: Option<String>,
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
