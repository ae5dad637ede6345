//! An on-demand resource's previous peak: DynamoDB serves up to twice it at once, and a new
//! peak counts only once it is 30 minutes old (traffic that more than doubles within 30
//! minutes may throttle).

use std::collections::VecDeque;

/// How long a new peak takes to raise what the resource serves at once.
const SETTLE_MS: u64 = 30 * 60 * 1000;

/// Per-second consumption of one resource and the peak it has settled on.
#[derive(Debug, Clone)]
pub(crate) struct Peak {
    /// The highest per-second consumption that is at least 30 minutes old (or the start).
    settled: f64,
    /// The second being counted and the units consumed in it.
    second: u64,
    units: f64,
    /// Recent seconds above the settled peak, oldest first.
    recent: VecDeque<(u64, f64)>,
}

impl Peak {
    /// A resource whose previous peak is `initial` units a second.
    pub(crate) fn starting_at(initial: f64) -> Peak {
        Peak {
            settled: initial,
            second: 0,
            units: 0.0,
            recent: VecDeque::new(),
        }
    }

    /// Twice the settled peak: what the resource serves at `now_ms` without throttling.
    pub(crate) fn allowance(&mut self, now_ms: u64) -> f64 {
        self.close_second(now_ms);
        while let Some(&(at_ms, units)) = self.recent.front() {
            if now_ms.saturating_sub(at_ms) < SETTLE_MS {
                break;
            }
            self.settled = self.settled.max(units);
            self.recent.pop_front();
        }
        2.0 * self.settled
    }

    /// Counts `units` consumed at `now_ms`.
    pub(crate) fn record(&mut self, units: f64, now_ms: u64) {
        self.close_second(now_ms);
        self.units += units;
    }

    /// Ends the counted second when `now_ms` is past it, keeping it if it beat the peak.
    fn close_second(&mut self, now_ms: u64) {
        let second = now_ms / 1000;
        if second == self.second {
            return;
        }
        // At most one entry a second for 30 minutes: the queue stays small.
        if self.units > self.settled {
            self.recent.push_back((self.second * 1000, self.units));
        }
        self.second = second;
        self.units = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_peak_counts_after_thirty_minutes() {
        let mut p = Peak::starting_at(100.0);
        assert_eq!(p.allowance(0), 200.0);
        p.record(150.0, 1_000);
        assert_eq!(p.allowance(2_000), 200.0, "the new peak is not settled yet");
        assert_eq!(p.allowance(1_000 + SETTLE_MS), 300.0);
    }

    #[test]
    fn seconds_below_the_peak_are_forgotten() {
        let mut p = Peak::starting_at(100.0);
        p.record(50.0, 1_000);
        p.allowance(2_000);
        assert!(p.recent.is_empty());
    }
}
