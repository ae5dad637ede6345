//! Changing provisioned throughput: DynamoDB's daily budget of decreases.
//!
//! The rules, as live probes of DynamoDB show them in 2026 (docs/research/aws-live-probes-2026.md
//! B2: ack-api-quirks DDB-TABLE-184, -185, -157, -326):
//! - a table and each of its global indexes have a budget of their own;
//! - the first [`FREE_DECREASES`] decreases of a UTC day are accepted at any time; after them,
//!   one more is accepted [`DECREASE_INTERVAL_SECONDS`] after the last accepted one;
//! - one change that lowers reads, writes or both is one decrease (reads down and writes up
//!   too); increases are always accepted;
//! - a refused decrease changes nothing (a request decreasing a table and an index is refused
//!   whole when either is over its budget: the caller works on a copy of the definition);
//! - the count starts again at 0 at 00:00 UTC; the time of the last decrease is kept.
//!
//! The older Developer Guide's "4 in the first hour, then 1 per hour" is superseded by these
//! probes (`../shared/research/capacity.md` §4).

use chrono::{DateTime, Datelike, TimeZone, Utc};

use ddb_model::{DynamoError, ErrorKind};

use crate::schema::Throughput;

/// Decreases a UTC day allows before the hourly rule applies.
pub const FREE_DECREASES: i64 = 4;

/// After the free ones, the least time between two decreases.
pub const DECREASE_INTERVAL_SECONDS: f64 = 3600.0;

/// The decreases counted for the UTC day of `now` (the stored count belongs to the day of the
/// last decrease).
pub fn decreases_today(t: &Throughput, now: f64) -> i64 {
    match t.last_decrease {
        Some(last) if utc_day(last) == utc_day(now) => t.decreases_today,
        _ => 0,
    }
}

/// Sets the capacity to `read` and `write` at `now`, recording an increase and a decrease as
/// they happen; a decrease over the day's budget is refused with DynamoDB's
/// LimitExceededException and leaves `t` as it was.
pub fn change_throughput(
    t: &mut Throughput,
    read: i64,
    write: i64,
    now: f64,
) -> Result<(), DynamoError> {
    let decreasing = read < t.read || write < t.write;
    if decreasing {
        let today = decreases_today(t, now);
        if let (true, Some(last)) = (today >= FREE_DECREASES, t.last_decrease) {
            let next = (last + DECREASE_INTERVAL_SECONDS).min(next_utc_midnight(last));
            if now < next {
                return Err(over_budget(today, last, next));
            }
        }
        t.decreases_today = today + 1;
        t.last_decrease = Some(now);
    }
    if read > t.read || write > t.write {
        t.last_increase = Some(now);
    }
    t.read = read;
    t.write = write;
    Ok(())
}

/// DynamoDB's refusal of a decrease over the budget (live capture, DDB-TABLE-184 and -326).
fn over_budget(today: i64, last: f64, next: f64) -> DynamoError {
    DynamoError::new(
        ErrorKind::LimitExceeded,
        format!(
            "Subscriber limit exceeded: Provisioned throughput decreases are limited within a given UTC day. After the first {FREE_DECREASES} decreases, each subsequent decrease in the same UTC day can be performed at most once every {} seconds. Number of decreases today: {today}. Last decrease at {}. Next decrease can be made at {}.",
            DECREASE_INTERVAL_SECONDS as i64,
            spelled_out(last),
            spelled_out(next),
        ),
    )
}

fn at(seconds: f64) -> DateTime<Utc> {
    // Whole seconds: DynamoDB's text shows no fraction.
    Utc.timestamp_opt(seconds.floor() as i64, 0)
        .single()
        .unwrap_or_default()
}

fn utc_day(seconds: f64) -> (i32, u32) {
    let t = at(seconds);
    (t.year(), t.ordinal())
}

fn next_utc_midnight(seconds: f64) -> f64 {
    const DAY: i64 = 86_400;
    let whole = seconds.floor() as i64;
    (whole.div_euclid(DAY) + 1).saturating_mul(DAY) as f64
}

/// A time as DynamoDB spells it in this message (Java's full date and time style in UTC):
/// `Thursday, October 8, 2026 at 11:20:48 PM Coordinated Universal Time`.
fn spelled_out(seconds: f64) -> String {
    at(seconds)
        .format("%A, %B %-d, %Y at %-I:%M:%S %p Coordinated Universal Time")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-10-08T23:20:48Z, the time of the capture's last decrease.
    const LAST: f64 = 1_791_501_648.0;

    fn provisioned(read: i64, write: i64) -> Throughput {
        Throughput {
            read,
            write,
            ..Throughput::default()
        }
    }

    #[test]
    fn the_capture_is_spelled_as_dynamodb_spells_it() {
        assert_eq!(
            spelled_out(LAST),
            "Thursday, October 8, 2026 at 11:20:48 PM Coordinated Universal Time"
        );
        assert_eq!(
            spelled_out(next_utc_midnight(LAST)),
            "Friday, October 9, 2026 at 12:00:00 AM Coordinated Universal Time"
        );
    }

    #[test]
    fn four_decreases_then_one_an_hour() {
        let mut t = provisioned(100, 100);
        let start = LAST - 20_000.0; // 17:47:28 the same day
        for i in 0..4 {
            change_throughput(&mut t, 90 - i, 100, start + i as f64).unwrap();
        }
        assert_eq!(decreases_today(&t, start + 10.0), 4);
        let refused = change_throughput(&mut t, 50, 100, start + 10.0).unwrap_err();
        assert_eq!(refused.kind, ErrorKind::LimitExceeded);
        assert!(
            refused.message.contains("Number of decreases today: 4."),
            "{}",
            refused.message
        );
        assert_eq!((t.read, decreases_today(&t, start + 10.0)), (87, 4));
        // Increases are never refused.
        change_throughput(&mut t, 87, 200, start + 11.0).unwrap();
        // An hour after the last accepted decrease, one more.
        change_throughput(&mut t, 80, 200, start + 3.0 + 3600.0).unwrap();
        assert_eq!(decreases_today(&t, start + 3604.0), 5);
        assert!(change_throughput(&mut t, 70, 200, start + 3604.0).is_err());
    }

    #[test]
    fn the_budget_starts_again_at_midnight() {
        let mut t = provisioned(100, 100);
        for i in 0..4 {
            change_throughput(&mut t, 90 - i, 100, LAST - 100.0 + i as f64).unwrap();
        }
        let refused = change_throughput(&mut t, 10, 100, LAST).unwrap_err();
        // Before the hour is up, midnight comes first.
        assert!(refused
            .message
            .ends_with("Next decrease can be made at Friday, October 9, 2026 at 12:00:00 AM Coordinated Universal Time."));
        let after_midnight = next_utc_midnight(LAST) + 1.0;
        assert_eq!(decreases_today(&t, after_midnight), 0);
        change_throughput(&mut t, 10, 100, after_midnight).unwrap();
        assert_eq!(decreases_today(&t, after_midnight), 1);
    }

    #[test]
    fn reads_down_and_writes_up_is_one_decrease_and_an_increase() {
        let mut t = provisioned(10, 10);
        change_throughput(&mut t, 5, 20, LAST).unwrap();
        assert_eq!(decreases_today(&t, LAST), 1);
        assert_eq!(t.last_increase, Some(LAST));
        assert_eq!(t.last_decrease, Some(LAST));
    }
}
