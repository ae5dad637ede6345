//! A token bucket as DynamoDB meters capacity: units accrue at the resource's rate up to a
//! burst allowance, a request is let in while the balance is positive, and what it consumed is
//! taken afterwards (sizes are known only then), so one large request may leave the bucket in
//! debt that the following seconds repay.

/// Units a resource may still spend, as of `at_ms` on the capacity clock.
#[derive(Debug, Clone)]
pub(crate) struct Bucket {
    balance: f64,
    at_ms: u64,
}

impl Bucket {
    /// A bucket holding `balance` units at `now_ms`.
    pub(crate) fn holding(balance: f64, now_ms: u64) -> Bucket {
        Bucket {
            balance,
            at_ms: now_ms,
        }
    }

    /// Adds what `rate` units a second earned since the last refill, keeping at most
    /// `burst_seconds` of them.
    pub(crate) fn refill(&mut self, rate: f64, burst_seconds: f64, now_ms: u64) {
        let elapsed = now_ms.saturating_sub(self.at_ms) as f64 / 1000.0;
        let cap = rate * burst_seconds;
        // A lowered rate also lowers what may be kept (UpdateTable to less capacity).
        self.balance = (self.balance + rate * elapsed).min(cap);
        self.at_ms = self.at_ms.max(now_ms);
    }

    /// Whether a request may start: something is left.
    pub(crate) fn has_capacity(&self) -> bool {
        self.balance > 0.0
    }

    /// Takes what a request consumed (the balance may go below zero).
    pub(crate) fn take(&mut self, units: f64) {
        self.balance -= units;
    }

    /// What is left.
    #[cfg(test)]
    pub(crate) fn balance(&self) -> f64 {
        self.balance
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earns_at_its_rate_up_to_the_burst() {
        let mut b = Bucket::holding(0.0, 0);
        b.refill(5.0, 300.0, 10_000);
        assert_eq!(b.balance(), 50.0);
        b.refill(5.0, 300.0, 10_000_000);
        assert_eq!(b.balance(), 1500.0, "at most 300 s of 5 units");
    }

    #[test]
    fn a_large_request_leaves_debt_that_time_repays() {
        let mut b = Bucket::holding(1.0, 0);
        assert!(b.has_capacity());
        b.take(11.0);
        assert!(!b.has_capacity());
        b.refill(5.0, 300.0, 1_000);
        assert!(!b.has_capacity(), "-10 + 5 is still in debt");
        b.refill(5.0, 300.0, 2_001);
        assert!(b.has_capacity());
    }

    #[test]
    fn a_lowered_rate_lowers_the_burst_kept() {
        let mut b = Bucket::holding(1500.0, 0);
        b.refill(1.0, 300.0, 0);
        assert_eq!(b.balance(), 300.0);
    }
}
