//! WarmThroughput: the read and write units a second a table or global index serves at once,
//! as CreateTable and UpdateTable set it and DescribeTable shows it.
//!
//! DynamoDB's rules, from live probes in 2026 (docs/research/aws-live-probes-2026.md B5:
//! ack-api-quirks DDB-TABLE-032, -033, -039, -059, -061, -134, -154, -155, -179, -459):
//! - always described: a PAY_PER_REQUEST table or index starts at 12,000 reads and 4,000 writes
//!   a second; a PROVISIONED one at its capacity, and its warm throughput is the highest
//!   capacity it ever had, a high-water mark kept across billing switches;
//! - CreateTable and UpdateTable set it on the table and on each global index (members merge);
//!   it only rises (an equal value is accepted);
//! - at creation it may not be below the capacity (PROVISIONED) or the on-demand start;
//! - above the per-table quota it is LimitExceededException.
//!
//! DynamoDB takes minutes to warm (Status UPDATING meanwhile); ddb applies it at once, and an
//! on-demand table serves its warm throughput without throttling (`crate::throttling`).

use ddb_model::{DynamoError, DynamoResult, ErrorKind};
use ddb_wire::valid;

use crate::invalid::{Invalid, WarmOwner};
use crate::on_demand::{Owner, TABLE_MAX_UNITS};
use crate::schema::{BillingMode, Throughput, WarmThroughput};

/// What an on-demand table or index serves at once when it is new.
pub const ON_DEMAND_START: WarmThroughput = WarmThroughput {
    read: 12_000,
    write: 4_000,
};

impl From<Owner<'_>> for WarmOwner {
    fn from(owner: Owner<'_>) -> WarmOwner {
        match owner {
            Owner::Table => WarmOwner::Table,
            Owner::Index(name) => WarmOwner::Index(name.to_string()),
        }
    }
}

/// A member of the request: its name, the value asked for, and the stored one it sets.
struct Member<'a> {
    name: &'static str,
    capacity: &'static str,
    asked: Option<i64>,
    slot: &'a mut i64,
}

fn members<'a>(spec: &valid::WarmThroughput, warm: &'a mut WarmThroughput) -> [Member<'a>; 2] {
    [
        Member {
            name: "ReadUnitsPerSecond",
            capacity: "ReadCapacityUnits",
            asked: spec.read_units_per_second,
            slot: &mut warm.read,
        },
        Member {
            name: "WriteUnitsPerSecond",
            capacity: "WriteCapacityUnits",
            asked: spec.write_units_per_second,
            slot: &mut warm.write,
        },
    ]
}

/// The warm throughput of a table or index billed `billing` with `throughput`: the stored
/// high-water mark, and at least what its billing gives.
pub fn current(
    stored: WarmThroughput,
    billing: BillingMode,
    throughput: &Throughput,
) -> WarmThroughput {
    let floor = match billing {
        BillingMode::PayPerRequest => ON_DEMAND_START,
        BillingMode::Provisioned => WarmThroughput {
            read: throughput.read,
            write: throughput.write,
        },
    };
    WarmThroughput {
        read: stored.read.max(floor.read),
        write: stored.write.max(floor.write),
    }
}

/// CreateTable's checks of a requested warm throughput: not below the capacity it comes with,
/// nor below what an on-demand table starts with.
pub fn check_initial(
    spec: &valid::WarmThroughput,
    billing: BillingMode,
    throughput: &Throughput,
    owner: Owner<'_>,
) -> DynamoResult<()> {
    let mut floor = current(WarmThroughput::default(), billing, throughput);
    for member in members(spec, &mut floor) {
        let Some(asked) = member.asked else { continue };
        if asked >= *member.slot {
            continue;
        }
        let owner = owner.into();
        return Err(match billing {
            BillingMode::PayPerRequest => Invalid::WarmBelowOnDemand {
                member: member.name,
                owner,
            },
            BillingMode::Provisioned => Invalid::WarmBelowProvisioned {
                member: member.name,
                owner,
                capacity: member.capacity,
            },
        }
        .into());
    }
    Ok(())
}

/// The warm throughput `spec` sets on top of `now`: each member at most the quota and not
/// lower than it is, merged.
pub fn apply(
    now: WarmThroughput,
    spec: &valid::WarmThroughput,
    owner: Owner<'_>,
    region: &str,
) -> DynamoResult<WarmThroughput> {
    let mut warm = now;
    for member in members(spec, &mut warm) {
        let Some(asked) = member.asked else { continue };
        if asked > TABLE_MAX_UNITS {
            return Err(over_quota(member.name, member.capacity, owner, region));
        }
        if asked < *member.slot {
            return Err(Invalid::WarmDecrease {
                member: member.name,
                owner: owner.into(),
            }
            .into());
        }
        *member.slot = asked;
    }
    Ok(warm)
}

/// LimitExceededException for a warm throughput above the per-table quota (DDB-TABLE-154).
fn over_quota(member: &str, capacity: &str, owner: Owner<'_>, region: &str) -> DynamoError {
    DynamoError::new(
        ErrorKind::LimitExceeded,
        format!(
            "Subscriber limit exceeded: Requested {member} for WarmThroughput for {} exceeds TableMax{capacity} of the account in region {region}",
            WarmOwner::from(owner)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(read: Option<i64>, write: Option<i64>) -> valid::WarmThroughput {
        valid::WarmThroughput {
            read_units_per_second: read,
            write_units_per_second: write,
        }
    }

    fn provisioned(read: i64, write: i64) -> Throughput {
        Throughput {
            read,
            write,
            ..Throughput::default()
        }
    }

    #[test]
    fn the_floor_follows_the_billing_and_the_high_water_mark_stays() {
        let none = WarmThroughput::default();
        let t = provisioned(5, 7);
        assert_eq!(
            current(none, BillingMode::PayPerRequest, &t),
            ON_DEMAND_START
        );
        let warm = current(none, BillingMode::Provisioned, &t);
        assert_eq!((warm.read, warm.write), (5, 7));
        // Capacity lowered later: the mark stays.
        let lowered = current(warm, BillingMode::Provisioned, &provisioned(1, 1));
        assert_eq!((lowered.read, lowered.write), (5, 7));
    }

    #[test]
    fn members_merge_and_only_rise() {
        let now = ON_DEMAND_START;
        let raised = apply(now, &spec(Some(15_000), None), Owner::Table, "r").unwrap();
        assert_eq!((raised.read, raised.write), (15_000, 4_000));
        assert_eq!(
            apply(raised, &spec(Some(15_000), None), Owner::Table, "r"),
            Ok(raised)
        );
        let lower = apply(raised, &spec(None, Some(3_999)), Owner::Table, "r").unwrap_err();
        assert_eq!(
            lower.message,
            "One or more parameter values were invalid: Requested WriteUnitsPerSecond for \
             WarmThroughput for table is lower than current WarmThroughput, decreasing \
             WarmThroughput is not supported"
        );
    }

    #[test]
    fn above_the_quota_is_a_limit() {
        let e = apply(
            ON_DEMAND_START,
            &spec(Some(40_001), None),
            Owner::Index("gsi1"),
            "us-west-2",
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::LimitExceeded);
        assert_eq!(
            e.message,
            "Subscriber limit exceeded: Requested ReadUnitsPerSecond for WarmThroughput for \
             index gsi1 exceeds TableMaxReadCapacityUnits of the account in region us-west-2"
        );
    }

    #[test]
    fn creation_refuses_less_than_the_capacity() {
        let e = check_initial(
            &spec(Some(4), None),
            BillingMode::Provisioned,
            &provisioned(5, 5),
            Owner::Table,
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "One or more parameter values were invalid: Requested ReadUnitsPerSecond for \
             WarmThroughput for table is lower than ReadCapacityUnits of ProvisionedThroughput"
        );
        let e = check_initial(
            &spec(None, Some(100)),
            BillingMode::PayPerRequest,
            &Throughput::default(),
            Owner::Table,
        )
        .unwrap_err();
        assert!(e.message.contains("WriteUnitsPerSecond for WarmThroughput for table is lower than initial throughput for OnDemand. See: "));
    }
}
