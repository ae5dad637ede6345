//! DescribeEndpoints: the one endpoint this server is, in its region.

use serde_json::{json, Value};

use ddb_model::DynamoResult;

use crate::ops::NoInput;
use crate::Engine;

/// DescribeEndpoints.
pub fn describe_endpoints(engine: &Engine, _input: NoInput) -> DynamoResult<Value> {
    Ok(json!({
        "Endpoints": [{
            "Address": format!("dynamodb.{}.amazonaws.com", engine.config.region),
            "CachePeriodInMinutes": 1440
        }]
    }))
}
