//! DescribeEndpoints and DescribeLimits: fixed facts about this server.

use serde::Deserialize;
use serde_json::{json, Value};

use ddb_model::DynamoResult;

use crate::Engine;

#[derive(Debug, Deserialize)]
pub struct NoInput {}

pub fn describe_endpoints(engine: &Engine, _input: NoInput) -> DynamoResult<Value> {
    Ok(json!({
        "Endpoints": [{
            "Address": format!("dynamodb.{}.amazonaws.com", engine.config.region),
            "CachePeriodInMinutes": 1440
        }]
    }))
}

/// DynamoDB's default account and table quotas.
pub fn describe_limits(_engine: &Engine, _input: NoInput) -> DynamoResult<Value> {
    Ok(json!({
        "AccountMaxReadCapacityUnits": 80000,
        "AccountMaxWriteCapacityUnits": 80000,
        "TableMaxReadCapacityUnits": 40000,
        "TableMaxWriteCapacityUnits": 40000
    }))
}
