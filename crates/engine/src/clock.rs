//! Wall-clock time as DynamoDB shows it: seconds since the epoch with milliseconds (creation
//! and change times in descriptions), and stream labels.

use std::time::{SystemTime, UNIX_EPOCH};

/// Now, in seconds since the epoch, to the millisecond.
pub fn now_seconds() -> f64 {
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    (since_epoch.as_millis() as f64) / 1000.0
}

/// Now, in milliseconds since the epoch.
pub fn now_ms() -> u64 {
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    u64::try_from(since_epoch.as_millis()).unwrap_or(u64::MAX)
}

/// A stream label: a time in ISO 8601 with milliseconds and no zone, as DynamoDB forms it.
pub fn stream_label_at(seconds: f64) -> String {
    let millis = (seconds * 1000.0) as i64;
    chrono::DateTime::from_timestamp_millis(millis)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S%.3f")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_labels_are_iso_dates() {
        assert_eq!(stream_label_at(0.0), "1970-01-01T00:00:00.000");
        assert_eq!(
            stream_label_at(1_700_000_000.123),
            "2023-11-14T22:13:20.123"
        );
    }
}
