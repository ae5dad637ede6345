//! ListTables, with its pagination.

use serde::Deserialize;
use serde_json::{json, Value};

use ddb_model::DynamoResult;

use crate::constraints::Violations;
use crate::Engine;

/// ListTables' request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTablesInput {
    /// `ExclusiveStartTableName`: the `LastEvaluatedTableName` of the previous page.
    pub exclusive_start_table_name: Option<String>,
    /// `Limit`: the most table names in one page.
    pub limit: Option<i32>,
}

/// ListTables: table names in order, one page at a time.
pub fn list_tables(engine: &Engine, input: ListTablesInput) -> DynamoResult<Value> {
    // DynamoDB lists the limit's violation before the start name's.
    let mut v = Violations::new();
    v.at_least(input.limit.map(i64::from), "limit", 1);
    v.at_most(input.limit.map(i64::from), "limit", 100);
    if let Some(start) = &input.exclusive_start_table_name {
        v.name(Some(start), "exclusiveStartTableName", 255);
    }
    v.into_result()?;
    let limit = input.limit.unwrap_or(100) as usize;
    let names = engine
        .catalog
        .names_after(input.exclusive_start_table_name.as_deref());
    let page: Vec<&String> = names.iter().take(limit).collect();
    let mut out = json!({ "TableNames": page });
    if names.len() > limit {
        out["LastEvaluatedTableName"] = json!(page.last());
    }
    Ok(out)
}
