//! What a table or a global index may spend a second, and which of DynamoDB's limits says so
//! (docs/research/capacity-enforcement.md).

use crate::capacity::UnitKind;

/// Seconds of unused capacity a provisioned resource keeps for bursts (DynamoDB: up to 300).
pub(crate) const BURST_SECONDS: f64 = 300.0;

/// Seconds an on-demand resource or a partition may run ahead of its rate: capacity that is
/// not provisioned is not saved up.
pub(crate) const NO_BURST_SECONDS: f64 = 1.0;

/// Units one partition serves a second: 3,000 reads or 1,000 writes.
pub(crate) fn partition_units(kind: UnitKind) -> f64 {
    match kind {
        UnitKind::Read => 3_000.0,
        UnitKind::Write => 1_000.0,
    }
}

/// The previous peak a new on-demand table starts from; twice it is what a new table serves at
/// once (12,000 reads and 4,000 writes a second).
pub(crate) fn initial_on_demand_peak(kind: UnitKind) -> f64 {
    match kind {
        UnitKind::Read => 6_000.0,
        UnitKind::Write => 2_000.0,
    }
}

/// Which limit a throttled request ran into: the last part of a throttling reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LimitType {
    /// The provisioned read or write capacity of a table or global index.
    ProvisionedThroughput,
    /// One partition's share of the key space (both billing modes); also an on-demand table
    /// growing faster than twice its previous peak, which DynamoDB serves by splitting
    /// partitions.
    KeyRangeThroughput,
    /// The per-table quota of an on-demand table (40,000 units a second).
    AccountLimit,
    /// The table's or index's own OnDemandThroughput maximum.
    MaxOnDemandThroughput,
}

impl LimitType {
    /// The reason's last part, e.g. `ProvisionedThroughputExceeded`.
    pub(crate) fn reason_suffix(self) -> &'static str {
        match self {
            LimitType::ProvisionedThroughput => "ProvisionedThroughputExceeded",
            LimitType::KeyRangeThroughput => "KeyRangeThroughputExceeded",
            LimitType::AccountLimit => "AccountLimitExceeded",
            LimitType::MaxOnDemandThroughput => "MaxOnDemandThroughputExceeded",
        }
    }
}

/// A rate, what of it may be saved up, and the limit that sets it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Limit {
    /// Units a second.
    pub rate: f64,
    /// Seconds of the rate the bucket may hold.
    pub burst_seconds: f64,
    /// The limit a request over it runs into.
    pub exceeded: LimitType,
}

impl Limit {
    /// Provisioned capacity: `units` a second with 300 s of burst.
    pub(crate) fn provisioned(units: i64) -> Limit {
        Limit {
            rate: units.max(0) as f64,
            burst_seconds: BURST_SECONDS,
            exceeded: LimitType::ProvisionedThroughput,
        }
    }

    /// On-demand capacity: the lowest of the resource's own maximum, the per-table quota and
    /// twice its previous peak.
    pub(crate) fn on_demand(maximum: Option<i64>, quota: i64, peak_allowance: f64) -> Limit {
        let mut limit = Limit {
            rate: peak_allowance,
            burst_seconds: NO_BURST_SECONDS,
            exceeded: LimitType::KeyRangeThroughput,
        };
        if (quota as f64) < limit.rate {
            limit.rate = quota as f64;
            limit.exceeded = LimitType::AccountLimit;
        }
        if let Some(max) = maximum.filter(|m| (*m as f64) <= limit.rate) {
            limit.rate = max as f64;
            limit.exceeded = LimitType::MaxOnDemandThroughput;
        }
        limit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lowest_on_demand_limit_binds() {
        assert_eq!(
            Limit::on_demand(None, 40_000, 4_000.0).exceeded,
            LimitType::KeyRangeThroughput
        );
        assert_eq!(
            Limit::on_demand(None, 40_000, 100_000.0).exceeded,
            LimitType::AccountLimit
        );
        let max = Limit::on_demand(Some(5), 40_000, 4_000.0);
        assert_eq!(
            (max.rate, max.exceeded),
            (5.0, LimitType::MaxOnDemandThroughput)
        );
    }
}
