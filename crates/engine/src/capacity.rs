//! ConsumedCapacity as DynamoDB reports it: TOTAL gives the table name and units; INDEXES adds
//! the table's own arm and one arm per index touched.

use std::collections::BTreeMap;

use serde::Serialize;

use ddb_model::DynamoResult;

use crate::schema::IndexKind;

/// The `ReturnConsumedCapacity` parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReturnCapacity {
    /// No capacity in the response (the default).
    #[default]
    None,
    /// The table name and the total units.
    Total,
    /// The total, plus the table's own units and each index's.
    Indexes,
}

impl ReturnCapacity {
    /// The parameter, or DynamoDB's error for a value outside the enum.
    pub fn parse(v: Option<&str>) -> DynamoResult<ReturnCapacity> {
        match v {
            None | Some("NONE") => Ok(ReturnCapacity::None),
            Some("TOTAL") => Ok(ReturnCapacity::Total),
            Some("INDEXES") => Ok(ReturnCapacity::Indexes),
            Some(other) => Err(crate::invalid::Invalid::NotInEnum {
                value: other.to_string(),
                at: "returnConsumedCapacity",
                allowed: &["INDEXES", "TOTAL", "NONE"],
            }
            .into()),
        }
    }
}

impl From<Option<ddb_wire::ReturnConsumedCapacity>> for ReturnCapacity {
    fn from(v: Option<ddb_wire::ReturnConsumedCapacity>) -> Self {
        match v {
            None | Some(ddb_wire::ReturnConsumedCapacity::None) => ReturnCapacity::None,
            Some(ddb_wire::ReturnConsumedCapacity::Total) => ReturnCapacity::Total,
            Some(ddb_wire::ReturnConsumedCapacity::Indexes) => ReturnCapacity::Indexes,
        }
    }
}

/// Whether units are reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitKind {
    /// Read capacity units.
    Read,
    /// Write capacity units.
    Write,
}

/// Units one operation consumed on one table and its indexes.
#[derive(Debug, Clone)]
pub struct Consumption {
    /// The table the units were consumed on.
    pub table_name: String,
    /// Whether they are read or write units.
    pub kind: UnitKind,
    /// Units consumed on the table itself.
    pub table: f64,
    /// Units per index touched: name, global or local, units.
    pub indexes: Vec<(String, IndexKind, f64)>,
}

impl Consumption {
    /// Nothing consumed yet on `table_name`.
    pub fn new(table_name: &str, kind: UnitKind) -> Consumption {
        Consumption {
            table_name: table_name.to_string(),
            kind,
            table: 0.0,
            indexes: Vec::new(),
        }
    }

    /// Adds units for an index (merging with earlier units on the same index).
    pub fn add_index(&mut self, name: &str, kind: IndexKind, units: f64) {
        if let Some(entry) = self.indexes.iter_mut().find(|(n, _, _)| n == name) {
            entry.2 += units;
        } else {
            self.indexes.push((name.to_string(), kind, units));
        }
    }

    /// Adds another consumption on the same table.
    pub fn merge(&mut self, other: &Consumption) {
        self.table += other.table;
        for (name, kind, units) in &other.indexes {
            self.add_index(name, *kind, *units);
        }
    }

    /// Units on the table and all its indexes together.
    pub fn total(&self) -> f64 {
        self.table + self.indexes.iter().map(|(_, _, u)| u).sum::<f64>()
    }

    /// The wire form for the requested detail, or `None` when not asked for.
    pub fn report(&self, mode: ReturnCapacity) -> Option<ConsumedCapacity> {
        let arm = |units: f64| CapacityArm::new(self.kind, units);
        match mode {
            ReturnCapacity::None => None,
            ReturnCapacity::Total => Some(ConsumedCapacity::totals(self, None)),
            ReturnCapacity::Indexes => {
                let pick = |k: IndexKind| -> Option<BTreeMap<String, CapacityArm>> {
                    let m: BTreeMap<_, _> = self
                        .indexes
                        .iter()
                        .filter(|(_, kind, _)| *kind == k)
                        .map(|(n, _, u)| (n.clone(), arm(*u)))
                        .collect();
                    (!m.is_empty()).then_some(m)
                };
                let mut c = ConsumedCapacity::totals(self, Some(arm(self.table)));
                c.global_secondary_indexes = pick(IndexKind::Global);
                c.local_secondary_indexes = pick(IndexKind::Local);
                Some(c)
            }
        }
    }
}

/// `Capacity` on the wire.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CapacityArm {
    /// `CapacityUnits`: all units, reads and writes together.
    pub capacity_units: f64,
    /// `ReadCapacityUnits`: present when the units are reads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_capacity_units: Option<f64>,
    /// `WriteCapacityUnits`: present when the units are writes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub write_capacity_units: Option<f64>,
}

impl CapacityArm {
    fn new(kind: UnitKind, units: f64) -> CapacityArm {
        CapacityArm {
            capacity_units: units,
            read_capacity_units: (kind == UnitKind::Read).then_some(units),
            write_capacity_units: (kind == UnitKind::Write).then_some(units),
        }
    }
}

/// `ConsumedCapacity` on the wire.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConsumedCapacity {
    /// `TableName`: the table the units were consumed on.
    pub table_name: String,
    /// `CapacityUnits`: all units, table and indexes together.
    pub capacity_units: f64,
    /// `ReadCapacityUnits`: present when the units are reads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_capacity_units: Option<f64>,
    /// `WriteCapacityUnits`: present when the units are writes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub write_capacity_units: Option<f64>,
    /// `Table`: the table's own units (INDEXES only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<CapacityArm>,
    /// `LocalSecondaryIndexes`: units per local index touched (INDEXES only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_secondary_indexes: Option<BTreeMap<String, CapacityArm>>,
    /// `GlobalSecondaryIndexes`: units per global index touched (INDEXES only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub global_secondary_indexes: Option<BTreeMap<String, CapacityArm>>,
}

impl ConsumedCapacity {
    fn totals(c: &Consumption, table: Option<CapacityArm>) -> ConsumedCapacity {
        let total = c.total();
        ConsumedCapacity {
            table_name: c.table_name.clone(),
            capacity_units: total,
            read_capacity_units: (c.kind == UnitKind::Read).then_some(total),
            write_capacity_units: (c.kind == UnitKind::Write).then_some(total),
            table,
            local_secondary_indexes: None,
            global_secondary_indexes: None,
        }
    }
}

impl From<CapacityArm> for ddb_wire::Capacity {
    fn from(arm: CapacityArm) -> Self {
        ddb_wire::Capacity {
            read_capacity_units: arm.read_capacity_units,
            write_capacity_units: arm.write_capacity_units,
            capacity_units: Some(arm.capacity_units),
        }
    }
}

impl From<ConsumedCapacity> for ddb_wire::ConsumedCapacity {
    /// The generated response shape, for operations that answer with a generated output.
    fn from(c: ConsumedCapacity) -> Self {
        let arms = |m: Option<BTreeMap<String, CapacityArm>>| {
            m.map(|m| m.into_iter().map(|(k, a)| (k, a.into())).collect())
        };
        ddb_wire::ConsumedCapacity {
            table_name: Some(c.table_name),
            capacity_units: Some(c.capacity_units),
            read_capacity_units: c.read_capacity_units,
            write_capacity_units: c.write_capacity_units,
            table: c.table.map(Into::into),
            local_secondary_indexes: arms(c.local_secondary_indexes),
            global_secondary_indexes: arms(c.global_secondary_indexes),
            vector_indexes: None,
        }
    }
}
