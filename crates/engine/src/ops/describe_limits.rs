//! DescribeLimits: DynamoDB's default account and table capacity quotas.

use serde_json::{json, Value};

use ddb_model::DynamoResult;

use crate::ops::NoInput;
use crate::Engine;

/// DynamoDB's default account and table quotas.
pub fn describe_limits(_engine: &Engine, _input: NoInput) -> DynamoResult<Value> {
    Ok(json!({
        "AccountMaxReadCapacityUnits": 80000,
        "AccountMaxWriteCapacityUnits": 80000,
        "TableMaxReadCapacityUnits": 40000,
        "TableMaxWriteCapacityUnits": 40000
    }))
}
