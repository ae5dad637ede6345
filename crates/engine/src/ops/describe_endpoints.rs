//! DescribeEndpoints: the one endpoint this server is, in its region.

use ddb_model::DynamoResult;
use ddb_wire::{DescribeEndpointsResponse, Endpoint};

use crate::Engine;

pub use ddb_wire::DescribeEndpointsRequest;

/// How long a client may cache the endpoint, as DynamoDB answers.
const CACHE_PERIOD_IN_MINUTES: i64 = 1440;

/// DescribeEndpoints. The request has no members: validating it checks nothing today, and
/// whatever a newer model adds.
pub fn describe_endpoints(
    engine: &Engine,
    input: DescribeEndpointsRequest,
) -> DynamoResult<DescribeEndpointsResponse> {
    input.validate()?;
    Ok(DescribeEndpointsResponse {
        endpoints: Some(vec![Endpoint {
            address: Some(format!("dynamodb.{}.amazonaws.com", engine.config.region)),
            cache_period_in_minutes: Some(CACHE_PERIOD_IN_MINUTES),
        }]),
    })
}
