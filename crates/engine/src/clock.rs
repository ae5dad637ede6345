//! Wall-clock time as DynamoDB shows it: seconds since the epoch with milliseconds (creation
//! and change times in descriptions), and stream labels; and the [`Clock`] capacity runs on,
//! which a test or a demo may speed up.

use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The time capacity and control-plane budgets are measured in: burst and refill, on-demand
/// peaks, the daily decrease budget, the TTL change cooldown. At scale 1 it is the wall clock;
/// at scale N (`ddb serve --time-scale N`) it runs N times faster from the moment the engine
/// opened, so five minutes of burst or a day of decreases pass in seconds. Item expiry,
/// streams and creation times keep the wall clock.
#[derive(Debug, Clone)]
pub struct Clock {
    scale: f64,
    started: Instant,
    started_ms: u64,
}

impl Clock {
    /// A clock running `scale` times faster than the wall clock (1.0: the wall clock).
    pub fn scaled(scale: f64) -> Clock {
        Clock {
            scale,
            started: Instant::now(),
            started_ms: now_ms(),
        }
    }

    /// How much faster than the wall clock this clock runs.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// Now on this clock, in milliseconds since the epoch.
    pub fn now_ms(&self) -> u64 {
        if self.scale == 1.0 {
            return now_ms();
        }
        let elapsed = self.started.elapsed().as_secs_f64() * 1000.0 * self.scale;
        self.started_ms.saturating_add(elapsed as u64)
    }

    /// Now on this clock, in seconds since the epoch, to the millisecond.
    pub fn now_seconds(&self) -> f64 {
        self.now_ms() as f64 / 1000.0
    }
}

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
    fn a_scaled_clock_runs_faster_than_the_wall() {
        let wall = Clock::scaled(1.0);
        let fast = Clock::scaled(1000.0);
        std::thread::sleep(std::time::Duration::from_millis(20));
        let wall_gain = wall.now_ms() - wall.started_ms;
        let fast_gain = fast.now_ms() - fast.started_ms;
        assert!(fast_gain >= 20_000, "fast clock gained {fast_gain} ms");
        assert!(wall_gain < 20_000, "wall clock gained {wall_gain} ms");
    }

    #[test]
    fn stream_labels_are_iso_dates() {
        assert_eq!(stream_label_at(0.0), "1970-01-01T00:00:00.000");
        assert_eq!(
            stream_label_at(1_700_000_000.123),
            "2023-11-14T22:13:20.123"
        );
    }
}
