//! Capacity-unit arithmetic: a read unit covers 4 KB read strongly consistently (half a unit
//! eventually consistently), a write unit covers 1 KB, and transactional operations cost double.

/// Bytes one read capacity unit covers.
pub const READ_UNIT_BYTES: usize = 4096;
/// Bytes one write capacity unit covers.
pub const WRITE_UNIT_BYTES: usize = 1024;

/// How a read is made, which sets its price per 4 KB unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadKind {
    /// An eventually consistent read: half a unit per 4 KB.
    Eventual,
    /// A strongly consistent read (`ConsistentRead: true`): one unit per 4 KB.
    Strong,
    /// A read inside TransactGetItems: two units per 4 KB.
    Transactional,
}

impl ReadKind {
    /// The kind a plain read's `ConsistentRead` flag asks for.
    pub fn from_consistent(consistent: bool) -> ReadKind {
        if consistent {
            ReadKind::Strong
        } else {
            ReadKind::Eventual
        }
    }

    fn units_per_block(self) -> f64 {
        match self {
            ReadKind::Eventual => 0.5,
            ReadKind::Strong => 1.0,
            ReadKind::Transactional => 2.0,
        }
    }
}

/// Read units for reading `bytes` (at least one 4 KB block, even for nothing found).
pub fn read_units(bytes: usize, kind: ReadKind) -> f64 {
    let blocks = bytes.div_ceil(READ_UNIT_BYTES).max(1);
    blocks as f64 * kind.units_per_block()
}

/// Write units for writing an item of `bytes` (at least one 1 KB block).
pub fn write_units(bytes: usize, transactional: bool) -> f64 {
    let blocks = bytes.div_ceil(WRITE_UNIT_BYTES).max(1) as f64;
    if transactional {
        blocks * 2.0
    } else {
        blocks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_round_up_to_4kb() {
        assert_eq!(read_units(0, ReadKind::Strong), 1.0);
        assert_eq!(read_units(4096, ReadKind::Strong), 1.0);
        assert_eq!(read_units(4097, ReadKind::Strong), 2.0);
        assert_eq!(read_units(4097, ReadKind::Eventual), 1.0);
        assert_eq!(read_units(100, ReadKind::Transactional), 2.0);
    }

    #[test]
    fn writes_round_up_to_1kb() {
        assert_eq!(write_units(1, false), 1.0);
        assert_eq!(write_units(1025, false), 2.0);
        assert_eq!(write_units(1025, true), 4.0);
    }
}
