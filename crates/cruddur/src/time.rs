//! Timestamps as the seed stores and shows them.
//!
//! Sort keys are ISO 8601 strings with microseconds and the writer's UTC offset
//! (`2024-05-04T09:30:00.000000+02:00`), what Python's `datetime.isoformat()` gives for an aware
//! datetime. Strings in that form sort by time (for one offset), which is why `sk` works as a
//! time-ordered sort key and `begins_with(sk, "2024")` selects a year.

use std::cmp::Ordering;

use chrono::{DateTime, FixedOffset, Local, NaiveDateTime, Utc};

/// Now, in the local time zone, as the seed's `datetime.now(timezone.utc).astimezone()`.
pub fn now() -> DateTime<FixedOffset> {
    Local::now().fixed_offset()
}

/// The sort-key form: always six fractional digits. (Python drops the fraction when it is
/// zero, which then breaks the seed's own `strptime(..., '%f')`; we never do.)
pub fn iso8601(t: &DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6f%:z").to_string()
}

/// Parses a sort-key timestamp; accepts any RFC 3339 form, with or without a fraction.
pub fn parse(s: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(s).ok()
}

/// The seed's display form, `%Y-%m-%d %I:%M %p`, in the timestamp's own offset (as Python's
/// `strptime` + `strftime` do: no conversion to the reader's zone). Falls back to the raw
/// string for a sort key that is not a timestamp, so one odd item does not hide the others.
pub fn display(sk: &str) -> String {
    match parse(sk) {
        Some(t) => t.format("%Y-%m-%d %I:%M %p").to_string(),
        None => sk.to_string(),
    }
}

/// Orders two sort keys by the instant they name, so a message written with another UTC offset
/// (or, after the bootcamp's `week-5-timezones` change, with none) still sorts by time. Equal
/// instants, and keys that are not timestamps, fall back to comparing the strings, so
/// `Equal` always means the very same key.
pub fn compare_sort_keys(a: &str, b: &str) -> Ordering {
    match (instant(a), instant(b)) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.cmp(b)),
        _ => a.cmp(b),
    }
}

/// A sort key as an instant: RFC 3339, or a timestamp without offset, which the bootcamp's
/// frontend reads as UTC.
fn instant(sk: &str) -> Option<DateTime<Utc>> {
    if let Some(t) = parse(sk) {
        return Some(t.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(sk, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|t| t.and_utc())
}

/// Seconds since the Unix epoch, the unit of DynamoDB's TTL attributes.
pub fn epoch_seconds() -> i64 {
    Utc::now().timestamp()
}

/// The current year, the default prefix for both access patterns.
pub fn current_year() -> i32 {
    use chrono::Datelike;
    Local::now().year()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_round_trip_keeps_offset_and_micros() {
        let t = DateTime::parse_from_rfc3339("2024-05-04T09:30:00+02:00").unwrap();
        assert_eq!(iso8601(&t), "2024-05-04T09:30:00.000000+02:00");
        assert_eq!(parse(&iso8601(&t)), Some(t));
    }

    #[test]
    fn display_is_twelve_hour_clock_in_own_offset() {
        assert_eq!(
            display("2023-03-19T13:05:59.123456+00:00"),
            "2023-03-19 01:05 PM"
        );
        assert_eq!(
            display("2023-03-19T00:07:00.000000-05:00"),
            "2023-03-19 12:07 AM"
        );
        assert_eq!(display("2023-12-31T11:59:00+01:00"), "2023-12-31 11:59 AM");
    }

    #[test]
    fn sort_keys_compare_by_instant_then_text() {
        use Ordering::*;
        let cmp = compare_sort_keys;
        assert_eq!(
            cmp(
                "2024-05-04T10:00:00.000000+02:00",
                "2024-05-04T09:00:00.000000+00:00"
            ),
            Less
        );
        assert_eq!(
            cmp("2024-05-04T09:00:00.5", "2024-05-04T09:00:00.000000+00:00"),
            Greater
        );
        assert_eq!(
            cmp(
                "2024-05-04T09:00:00+00:00",
                "2024-05-04T09:00:00.000000+00:00"
            ),
            Less
        );
        assert_eq!(
            cmp("2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00+00:00"),
            Equal
        );
        assert_eq!(cmp("b", "a"), Greater);
    }

    #[test]
    fn display_falls_back_to_raw() {
        assert_eq!(display("not-a-time"), "not-a-time");
    }
}
