//! DescribeLimits: DynamoDB's default account and table capacity quotas.

use ddb_model::DynamoResult;
use ddb_wire::DescribeLimitsOutput;

use crate::Engine;

pub use ddb_wire::DescribeLimitsInput;

/// Most read or write capacity units an account may provision (DynamoDB's default quota).
const ACCOUNT_MAX_CAPACITY_UNITS: i64 = 80_000;
/// Most read or write capacity units one table may provision, and the most request units an
/// on-demand table serves a second (DynamoDB's default quota; capacity enforcement throttles
/// on-demand tables at it).
const TABLE_MAX_CAPACITY_UNITS: i64 = crate::on_demand::TABLE_MAX_UNITS;

/// DescribeLimits: DynamoDB's default quotas. The request has no members: validating it
/// checks nothing today, and whatever a newer model adds.
pub fn describe_limits(
    _engine: &Engine,
    input: DescribeLimitsInput,
) -> DynamoResult<DescribeLimitsOutput> {
    input.validate()?;
    Ok(DescribeLimitsOutput {
        account_max_read_capacity_units: Some(ACCOUNT_MAX_CAPACITY_UNITS),
        account_max_write_capacity_units: Some(ACCOUNT_MAX_CAPACITY_UNITS),
        table_max_read_capacity_units: Some(TABLE_MAX_CAPACITY_UNITS),
        table_max_write_capacity_units: Some(TABLE_MAX_CAPACITY_UNITS),
    })
}
