//! The partitions DynamoDB would have for a table or global index, by the rules its guide
//! published (and calls subject to change): enough for the throughput (3,000 reads and 1,000
//! writes each) and for the size (10 GB each); an increase the partitions cannot serve doubles
//! them, and partitions never merge. Each holds an equal range of partition-key hashes.

use super::limits::partition_units;
use crate::capacity::UnitKind;

/// Bytes one partition holds.
const PARTITION_BYTES: f64 = 10.0 * 1024.0 * 1024.0 * 1024.0;

/// Most partitions counted: far beyond any table a single server holds.
const MOST_PARTITIONS: f64 = 65_536.0;

/// Partitions needed for `read` and `write` units a second and `bytes` of data.
pub(crate) fn needed(read: f64, write: f64, bytes: i64) -> u32 {
    let by_throughput =
        read / partition_units(UnitKind::Read) + write / partition_units(UnitKind::Write);
    let by_size = bytes.max(0) as f64 / PARTITION_BYTES;
    by_throughput
        .ceil()
        .max(by_size.ceil())
        .clamp(1.0, MOST_PARTITIONS) as u32
}

/// The partitions after `needed` are asked of `current`: unchanged when they suffice, else
/// split to at least twice as many.
pub(crate) fn grown(current: u32, needed: u32) -> u32 {
    if needed <= current {
        current
    } else {
        needed.max(current.saturating_mul(2))
    }
}

/// Which of `count` equal hash ranges a partition-key hash falls in.
pub(crate) fn partition_of(hash: u64, count: u32) -> u32 {
    ((u128::from(hash) * u128::from(count)) >> 64) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throughput_and_size_each_need_partitions() {
        assert_eq!(needed(5.0, 5.0, 0), 1);
        assert_eq!(needed(3_000.0, 2_000.0, 0), 3);
        assert_eq!(needed(1.0, 1.0, 25 * 1024 * 1024 * 1024), 3);
    }

    #[test]
    fn an_increase_doubles_and_a_decrease_keeps() {
        assert_eq!(grown(3, 4), 6);
        assert_eq!(grown(3, 9), 9);
        assert_eq!(grown(6, 1), 6);
    }

    #[test]
    fn hashes_spread_over_equal_ranges() {
        assert_eq!(partition_of(0, 4), 0);
        assert_eq!(partition_of(u64::MAX, 4), 3);
        assert_eq!(partition_of(u64::MAX / 2, 4), 1);
        assert_eq!(partition_of(12345, 1), 0);
    }
}
