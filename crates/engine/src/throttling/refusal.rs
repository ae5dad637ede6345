//! The error a throttled request gets, as DynamoDB sends it: ProvisionedThroughputExceeded for a
//! provisioned table or index, ThrottlingException for an on-demand one, each with its message
//! and a `ThrottlingReason` naming the limit and the throttled table or index
//! (docs/research/capacity-enforcement.md).

use ddb_model::error::ThrottlingReason;
use ddb_model::{DynamoError, ErrorKind};

use super::limits::LimitType;
use crate::capacity::UnitKind;
use crate::schema::{BillingMode, TableDef};

/// A provisioned table over its capacity (or one of its partitions over its share).
const TABLE_PROVISIONED: &str = "The level of configured provisioned throughput for the table \
     was exceeded. Consider increasing your provisioning level with the UpdateTable API.";

/// A provisioned global index over its capacity; also the base-table write it holds back.
const INDEX_PROVISIONED: &str = "The level of configured provisioned throughput for one or more \
     global secondary indexes of the table was exceeded. Consider increasing your provisioning \
     level for the under-provisioned global secondary indexes with the UpdateTable API.";

/// An on-demand table beyond what it serves at once.
const TABLE_ON_DEMAND: &str = "Throughput exceeds the current capacity of your table or index. \
     DynamoDB is automatically scaling your table or index so please try again shortly. If \
     exceptions persist, check if you have a hot key: \
     https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html";

/// An on-demand global index beyond what it serves at once.
const INDEX_ON_DEMAND: &str = "Throughput exceeds the current capacity for one or more global \
     secondary indexes. DynamoDB is automatically scaling your index so please try again shortly.";

/// An on-demand table or index over its own OnDemandThroughput maximum.
const MAX_ON_DEMAND: &str =
    "Throughput exceeds the maximum OnDemandThroughput configured on table or index";

/// What was throttled: the table (with its local indexes) or one global index.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Throttled<'a> {
    /// The table.
    pub def: &'a TableDef,
    /// The global index, when it was one.
    pub index: Option<&'a str>,
    /// Reads or writes.
    pub kind: UnitKind,
    /// The limit the request ran into.
    pub limit: LimitType,
}

impl Throttled<'_> {
    /// The exception: DynamoDB answers a provisioned resource with
    /// ProvisionedThroughputExceeded and an on-demand one with ThrottlingException.
    fn error_kind(&self) -> ErrorKind {
        match self.def.billing {
            BillingMode::Provisioned => ErrorKind::ProvisionedThroughputExceeded,
            BillingMode::PayPerRequest => ErrorKind::ThrottlingException,
        }
    }

    /// The message text.
    fn message(&self) -> &'static str {
        match (self.def.billing, self.index, self.limit) {
            (BillingMode::Provisioned, None, _) => TABLE_PROVISIONED,
            (BillingMode::Provisioned, Some(_), _) => INDEX_PROVISIONED,
            (BillingMode::PayPerRequest, _, LimitType::MaxOnDemandThroughput) => MAX_ON_DEMAND,
            (BillingMode::PayPerRequest, None, _) => TABLE_ON_DEMAND,
            (BillingMode::PayPerRequest, Some(_), _) => INDEX_ON_DEMAND,
        }
    }

    /// `Table|Index` + `Read|Write` + the limit, with the throttled resource's ARN.
    fn reason(&self) -> ThrottlingReason {
        let operation = match self.kind {
            UnitKind::Read => "Read",
            UnitKind::Write => "Write",
        };
        let (resource_type, resource) = match self.index {
            None => ("Table", self.def.arn.clone()),
            Some(index) => ("Index", format!("{}/index/{index}", self.def.arn)),
        };
        ThrottlingReason {
            reason: format!("{resource_type}{operation}{}", self.limit.reason_suffix()),
            resource,
        }
    }

    /// The whole error.
    pub(crate) fn error(&self) -> DynamoError {
        let mut error = DynamoError::new(self.error_kind(), self.message());
        error.throttling_reasons = Some(Box::new(vec![self.reason()]));
        error
    }
}

/// The code a cancelled transaction gives an action refused by `error`, when it was throttled.
pub(crate) fn cancellation_code(error: &DynamoError) -> Option<&'static str> {
    match error.kind {
        ErrorKind::ProvisionedThroughputExceeded => Some("ProvisionedThroughputExceeded"),
        ErrorKind::ThrottlingException => Some("ThrottlingError"),
        _ => None,
    }
}

/// Whether `error` is a throttling refusal (a batch leaves such an item unprocessed).
pub(crate) fn is_throttled(error: &DynamoError) -> bool {
    cancellation_code(error).is_some()
}
