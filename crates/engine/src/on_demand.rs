//! OnDemandThroughput: the most read and write request units a second a PAY_PER_REQUEST table
//! or global index may use, as CreateTable and UpdateTable set it and DescribeTable shows it.
//!
//! DynamoDB's rules, from live probes in 2026 (docs/research/aws-live-probes-2026.md B4:
//! ack-api-quirks DDB-TABLE-028, -038, -039, -051, -059, -153, -154, -178) and its catalogue of
//! texts (DDB-TABLE-442):
//! - absent unless set, and only on PAY_PER_REQUEST: a PROVISIONED table or index refuses it;
//! - each member is at least 1; UpdateTable also takes -1, which removes that maximum;
//!   a member left out keeps its value (members merge);
//! - a maximum above the per-table quota ([`TABLE_MAX_UNITS`]) is LimitExceededException;
//! - in UpdateTable it goes with BillingMode alone (checked with the request's other changes);
//! - a switch to PROVISIONED drops it from the table and its indexes.
//!
//! A member not set is shown as -1 (no maximum) beside one that is.

use ddb_model::{DynamoError, DynamoResult, ErrorKind};
use ddb_wire::valid;

use crate::invalid::{Invalid, OnDemandOwner, SchemaChange};
use crate::schema::OnDemandLimits;

/// The per-table quota of request units a second (DescribeLimits' TableMax*CapacityUnits).
pub const TABLE_MAX_UNITS: i64 = 40_000;

/// What the maximum is set on, as DynamoDB's texts name it.
#[derive(Debug, Clone, Copy)]
pub enum Owner<'a> {
    /// The table.
    Table,
    /// A global secondary index.
    Index(&'a str),
}

impl Owner<'_> {
    /// The owner as the errors carry it.
    fn owned(self) -> OnDemandOwner {
        match self {
            Owner::Table => OnDemandOwner::Table,
            Owner::Index(name) => OnDemandOwner::Index(name.to_string()),
        }
    }
}

/// The two members, by DynamoDB's name.
fn members(spec: &valid::OnDemandThroughput) -> [(&'static str, Option<i64>); 2] {
    [
        ("MaxReadRequestUnits", spec.max_read_request_units),
        ("MaxWriteRequestUnits", spec.max_write_request_units),
    ]
}

/// Refuses OnDemandThroughput on a PROVISIONED table or index, naming the first member given.
pub fn check_not_provisioned(
    spec: &valid::OnDemandThroughput,
    by: SchemaChange,
    owner: Owner<'_>,
) -> DynamoResult<()> {
    match members(spec).into_iter().find(|(_, v)| v.is_some()) {
        Some((member, _)) => Err(Invalid::OnDemandOnProvisioned {
            member,
            by,
            owner: owner.owned(),
        }
        .into()),
        None => Ok(()),
    }
}

/// The maxima `spec` sets on top of `current`: each member checked (at least 1, or -1 to
/// remove it where `by` is UpdateTable; at most the quota) and merged.
pub fn apply(
    current: Option<OnDemandLimits>,
    spec: &valid::OnDemandThroughput,
    by: SchemaChange,
    owner: Owner<'_>,
    region: &str,
) -> DynamoResult<Option<OnDemandLimits>> {
    let mut limits = current.unwrap_or_default();
    for (member, value) in members(spec) {
        let Some(value) = value else { continue };
        let slot = if member == "MaxReadRequestUnits" {
            &mut limits.max_read
        } else {
            &mut limits.max_write
        };
        *slot = match value {
            -1 if by == SchemaChange::UpdateTable => None,
            v if v < 1 => {
                return Err(Invalid::OnDemandOutOfRange {
                    member,
                    owner: owner.owned(),
                }
                .into())
            }
            v if v > TABLE_MAX_UNITS => return Err(over_quota(member, owner, region)),
            v => Some(v),
        };
    }
    Ok((limits != OnDemandLimits::default()).then_some(limits))
}

/// LimitExceededException for a maximum above the per-table quota (DDB-TABLE-154).
fn over_quota(member: &str, owner: Owner<'_>, region: &str) -> DynamoError {
    let quota = if member == "MaxReadRequestUnits" {
        "TableMaxReadCapacityUnits"
    } else {
        "TableMaxWriteCapacityUnits"
    };
    DynamoError::new(
        ErrorKind::LimitExceeded,
        format!(
            "Subscriber limit exceeded: Requested {member} for OnDemandThroughput for {} exceeds {quota} of the account in region {region}",
            owner.owned()
        ),
    )
}

/// The maxima as DescribeTable shows them (-1 for a member without one).
pub fn describe(limits: &OnDemandLimits) -> ddb_wire::OnDemandThroughput {
    ddb_wire::OnDemandThroughput {
        max_read_request_units: Some(limits.max_read.unwrap_or(-1)),
        max_write_request_units: Some(limits.max_write.unwrap_or(-1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(read: Option<i64>, write: Option<i64>) -> valid::OnDemandThroughput {
        valid::OnDemandThroughput {
            max_read_request_units: read,
            max_write_request_units: write,
        }
    }

    #[test]
    fn members_merge_and_minus_one_removes_on_update() {
        let by = SchemaChange::UpdateTable;
        let set = apply(None, &spec(Some(10), None), by, Owner::Table, "r").unwrap();
        assert_eq!(
            set.map(|l| (l.max_read, l.max_write)),
            Some((Some(10), None))
        );
        let merged = apply(set, &spec(None, Some(5)), by, Owner::Table, "r").unwrap();
        assert_eq!(
            merged.map(|l| (l.max_read, l.max_write)),
            Some((Some(10), Some(5)))
        );
        let cleared = apply(merged, &spec(Some(-1), Some(-1)), by, Owner::Table, "r").unwrap();
        assert_eq!(cleared, None);
    }

    #[test]
    fn out_of_range_and_over_quota() {
        let create = SchemaChange::CreateTable;
        for bad in [0, -1, -2] {
            let e = apply(None, &spec(Some(bad), None), create, Owner::Table, "r").unwrap_err();
            assert!(
                e.message.contains("is outside of valid range"),
                "{bad}: {}",
                e.message
            );
        }
        let e = apply(
            None,
            &spec(None, Some(40_001)),
            create,
            Owner::Index("g"),
            "eu-west-1",
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::LimitExceeded);
        assert_eq!(
            e.message,
            "Subscriber limit exceeded: Requested MaxWriteRequestUnits for OnDemandThroughput for index : g exceeds TableMaxWriteCapacityUnits of the account in region eu-west-1"
        );
    }
}
