//! DescribeTimeToLive: whether a table's items expire, and by which attribute.

use serde::Deserialize;
use serde_json::{json, Value};

use ddb_model::DynamoResult;

use crate::constraints::Violations;
use crate::{table_level_not_found, Engine};

/// DescribeTimeToLive's request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTimeToLiveInput {
    /// `TableName`: the table's name (or, where DynamoDB allows it, its ARN).
    pub table_name: Option<String>,
}

/// DescribeTimeToLive.
pub fn describe_time_to_live(
    engine: &Engine,
    input: DescribeTimeToLiveInput,
) -> DynamoResult<Value> {
    let mut v = Violations::new();
    v.table_name(input.table_name.as_deref(), "tableName");
    v.into_result()?;
    let name = input.table_name.expect("checked");
    let def = engine
        .lookup(&name)
        .ok_or_else(|| table_level_not_found(&name))?;
    Ok(match &def.ttl_attribute {
        Some(attr) => {
            json!({"TimeToLiveDescription": {"TimeToLiveStatus": "ENABLED", "AttributeName": attr}})
        }
        None => json!({"TimeToLiveDescription": {"TimeToLiveStatus": "DISABLED"}}),
    })
}
