//! Table lifecycle states on request (`ddb serve --table-delays`): CreateTable, UpdateTable,
//! DeleteTable and the creation of a global index take a while, as in DynamoDB, so programs can
//! test their waiters.
//!
//! The work itself is still done at once (the definition stored, the data dropped, the index
//! backfilled); only the state reported lags behind it. The state lives here, in memory beside
//! the catalog, as deadlines on the engine's monotonic clock, and is read lazily: a table is
//! CREATING until its deadline passes, then ACTIVE, with no timer. Nothing of it is stored, so
//! after a restart every table is ACTIVE. With the default [`TableDelays`] (all zero) nothing is
//! ever recorded and every table is ACTIVE at once.
//!
//! DynamoDB's behaviour in each state, and where it is documented:
//! - item operations on a CREATING or DELETING table answer ResourceNotFoundException
//!   "Requested resource not found" (the exception's documentation: "its status might not be
//!   ACTIVE"; checked against DynamoDB in ExtendDB/extenddb#204);
//! - UpdateTable and DeleteTable on a CREATING table answer ResourceInUseException "Attempt to
//!   change a resource which is still in use: Table is being created: NAME"
//!   (terraform-aws-modules/terraform-aws-dynamodb-table#51, vdesabou/kafka-docker-playground#8703);
//! - DeleteTable on a CREATING table is refused as above; on an UPDATING one with "Attempt to
//!   change a resource which is still in use: Table: NAME is in the process of being updated.";
//!   on a DELETING one (a second DeleteTable), and CreateTable of a name still DELETING, with
//!   "... Table is being deleted: NAME"; CreateTable of a name still CREATING with "... Table is
//!   being created: NAME" (live probes, docs/research/aws-live-probes-2026.md A2 and A4:
//!   DDB-TABLE-001, -005, -006, -008, -369, -370);
//! - UpdateTable on an UPDATING table is refused (API_UpdateTable: "While it's UPDATING, you
//!   can't issue another UpdateTable request"); DynamoDB words it by what is in progress ("Table
//!   IOPS are currently being updated. Table: NAME", ...), which ddb does not record: ddb's
//!   wording follows the CREATING one (ours);
//! - a Query or Scan of a global index still backfilling answers ValidationException "Cannot read
//!   from backfilling global secondary index" (aws-cloudformation/cloudformation-coverage-roadmap
//!   #1075), and DescribeTable reports it CREATING with Backfilling true.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ddb_model::DynamoError;
use parking_lot::RwLock;

use crate::schema::{IndexStatus, TableDef};
use crate::table_description::TableStatus;
use crate::Engine;

/// How long each lifecycle state lasts. The default is all zero: every change is ACTIVE at once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TableDelays {
    /// CreateTable: CREATING for this long.
    pub create: Duration,
    /// UpdateTable: UPDATING for this long.
    pub update: Duration,
    /// DeleteTable: DELETING (still described and listed) for this long.
    pub delete: Duration,
    /// A global index added by UpdateTable: CREATING and backfilling for this long.
    pub index: Duration,
}

impl TableDelays {
    /// What `ddb serve --table-delays` without a value chooses: a few seconds each, short
    /// enough for tests and long enough for a waiter to poll more than once.
    pub const REALISTIC: TableDelays = TableDelays {
        create: Duration::from_millis(2000),
        update: Duration::from_millis(2000),
        delete: Duration::from_millis(2000),
        index: Duration::from_millis(3000),
    };

    /// Whether every state change is instant (the default).
    pub fn is_instant(&self) -> bool {
        *self == TableDelays::default()
    }
}

/// Why a `--table-delays` value was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DelaysError(String);

impl fmt::Display for DelaysError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DelaysError {}

impl FromStr for TableDelays {
    type Err = DelaysError;

    /// `realistic` ([`TableDelays::REALISTIC`]), or a comma-separated list of `STATE=MS` with
    /// STATE one of `create`, `update`, `delete`, `index`; a state not listed stays instant.
    fn from_str(s: &str) -> Result<TableDelays, DelaysError> {
        if s.trim() == "realistic" {
            return Ok(TableDelays::REALISTIC);
        }
        let mut delays = TableDelays::default();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (state, ms) = part.split_once('=').ok_or_else(|| {
                DelaysError(format!(
                    "{part:?} is not STATE=MILLISECONDS (e.g. create=500,update=500,delete=500,index=1000)"
                ))
            })?;
            let ms: u64 = ms.trim().parse().map_err(|_| {
                DelaysError(format!("{:?} is not a number of milliseconds", ms.trim()))
            })?;
            let slot = match state.trim() {
                "create" => &mut delays.create,
                "update" => &mut delays.update,
                "delete" => &mut delays.delete,
                "index" => &mut delays.index,
                other => {
                    return Err(DelaysError(format!(
                        "unknown state {other:?}: expected create, update, delete or index"
                    )))
                }
            };
            *slot = Duration::from_millis(ms);
        }
        Ok(delays)
    }
}

/// A table's state as DynamoDB reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// `CREATING`.
    Creating,
    /// `UPDATING`.
    Updating,
    /// `ACTIVE`.
    Active,
}

/// What is pending for one table id.
#[derive(Debug, Default)]
struct Pending {
    creating_until: Option<Instant>,
    updating_until: Option<Instant>,
    /// Global indexes still backfilling, by name.
    indexes: HashMap<String, Instant>,
}

/// A deleted table still reported as DELETING.
struct Deleting {
    until: Instant,
    def: Arc<TableDef>,
}

/// The transient states of tables: pending changes by table id, deleted tables by name.
#[derive(Default)]
pub(crate) struct Lifecycle {
    delays: TableDelays,
    pending: RwLock<HashMap<u32, Pending>>,
    deleting: RwLock<HashMap<String, Deleting>>,
}

/// ResourceInUseException for a change to a table that is not ACTIVE.
pub fn table_in_use(name: &str, state: &str) -> DynamoError {
    DynamoError::in_use(format!(
        "Attempt to change a resource which is still in use: Table is being {state}: {name}"
    ))
}

impl Lifecycle {
    /// The lifecycle of an engine opened with `delays`.
    pub fn new(delays: TableDelays) -> Lifecycle {
        Lifecycle {
            delays,
            ..Lifecycle::default()
        }
    }

    /// The delays configured.
    pub fn delays(&self) -> TableDelays {
        self.delays
    }

    /// Records that a table being created is CREATING (when creation takes time).
    pub fn created(&self, table_id: u32) {
        if let Some(until) = deadline(self.delays.create) {
            self.pending
                .write()
                .entry(table_id)
                .or_default()
                .creating_until = Some(until);
        }
    }

    /// Forgets a creation that did not happen.
    pub fn creation_failed(&self, table_id: u32) {
        self.pending.write().remove(&table_id);
    }

    /// Records that a table was updated (UPDATING, when updates take time) and which global
    /// indexes it started creating.
    pub fn updated(&self, table_id: u32, new_indexes: &[String]) {
        let update = deadline(self.delays.update);
        let index = deadline(self.delays.index);
        if update.is_none() && (index.is_none() || new_indexes.is_empty()) {
            return;
        }
        let mut pending = self.pending.write();
        let entry = pending.entry(table_id).or_default();
        if update.is_some() {
            entry.updating_until = update;
        }
        if let Some(until) = index {
            for name in new_indexes {
                entry.indexes.insert(name.clone(), until);
            }
        }
    }

    /// Records a deleted table as DELETING (when deletion takes time); called before the
    /// definition leaves the catalog, so that its name is never free before the delay ends.
    pub fn deleting(&self, def: Arc<TableDef>) {
        self.pending.write().remove(&def.id);
        if let Some(until) = deadline(self.delays.delete) {
            let mut deleting = self.deleting.write();
            let now = Instant::now();
            deleting.retain(|_, d| d.until > now);
            deleting.insert(def.name.clone(), Deleting { until, def });
        }
    }

    /// The definition of a table still DELETING under `name`.
    pub fn deleted(&self, name: &str) -> Option<Arc<TableDef>> {
        if self.delays.delete.is_zero() {
            return None;
        }
        let deleting = self.deleting.read();
        let d = deleting.get(name)?;
        (d.until > Instant::now()).then(|| d.def.clone())
    }

    /// The names of the tables still DELETING.
    pub fn deleted_names(&self) -> Vec<String> {
        if self.delays.delete.is_zero() {
            return Vec::new();
        }
        let now = Instant::now();
        self.deleting
            .read()
            .iter()
            .filter(|(_, d)| d.until > now)
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// The table's state now.
    pub fn state(&self, table_id: u32) -> State {
        if self.delays.is_instant() {
            return State::Active;
        }
        let pending = self.pending.read();
        let Some(p) = pending.get(&table_id) else {
            return State::Active;
        };
        let now = Instant::now();
        if p.creating_until.is_some_and(|t| t > now) {
            State::Creating
        } else if p.updating_until.is_some_and(|t| t > now) {
            State::Updating
        } else {
            State::Active
        }
    }

    /// Whether the table's items can be read and written (it is not CREATING).
    pub fn usable(&self, table_id: u32) -> bool {
        self.delays.create.is_zero() || self.state(table_id) != State::Creating
    }

    /// The global indexes of the table still backfilling.
    pub fn backfilling(&self, table_id: u32) -> Vec<String> {
        if self.delays.index.is_zero() {
            return Vec::new();
        }
        let now = Instant::now();
        self.pending
            .read()
            .get(&table_id)
            .map(|p| {
                p.indexes
                    .iter()
                    .filter(|(_, until)| **until > now)
                    .map(|(name, _)| name.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether the index `index` of the table is still backfilling.
    pub fn is_backfilling(&self, table_id: u32, index: &str) -> bool {
        if self.delays.index.is_zero() {
            return false;
        }
        self.pending
            .read()
            .get(&table_id)
            .and_then(|p| p.indexes.get(index))
            .is_some_and(|until| *until > Instant::now())
    }

    /// Refuses a change (UpdateTable, DeleteTable) to a table that is CREATING or UPDATING.
    pub fn check_changeable(&self, def: &TableDef) -> Result<(), DynamoError> {
        match self.state(def.id) {
            State::Creating => Err(table_in_use(&def.name, "created")),
            State::Updating => Err(table_in_use(&def.name, "updated")),
            State::Active => Ok(()),
        }
    }

    /// DeleteTable's state check: CREATING and UPDATING tables are refused, each in its words.
    pub fn check_deletable(&self, def: &TableDef) -> Result<(), DynamoError> {
        match self.state(def.id) {
            State::Creating => Err(table_in_use(&def.name, "created")),
            State::Updating => Err(DynamoError::in_use(format!(
                "Attempt to change a resource which is still in use: Table: {} is in the process of being updated.",
                def.name
            ))),
            State::Active => Ok(()),
        }
    }

    /// Whether the table with this id is still CREATING.
    pub fn is_creating(&self, table_id: u32) -> bool {
        matches!(self.state(table_id), State::Creating)
    }
}

impl Engine {
    /// The description of a table in its current state: CREATING, UPDATING or ACTIVE, with the
    /// global indexes still backfilling reported CREATING.
    pub(crate) fn describe_current(&self, def: &TableDef) -> ddb_wire::TableDescription {
        let status = match self.lifecycle.state(def.id) {
            State::Creating => TableStatus::Creating,
            State::Updating => TableStatus::Updating,
            State::Active => TableStatus::Active,
        };
        let backfilling = self.lifecycle.backfilling(def.id);
        if backfilling.is_empty() {
            return self.describe(def, status);
        }
        let mut def = def.clone();
        for index in def
            .indexes
            .iter_mut()
            .filter(|i| backfilling.contains(&i.name))
        {
            index.status = IndexStatus::Creating;
            index.backfilling = true;
        }
        self.describe(&def, status)
    }

    /// A deleted table still DELETING, by name or ARN.
    pub(crate) fn lookup_deleted(&self, name_or_arn: &str) -> Option<Arc<TableDef>> {
        self.lifecycle.deleted(self.table_name(name_or_arn)?)
    }

    /// The description of a deleted table still DELETING (its data is gone: counts are zero).
    pub(crate) fn describe_deleted(&self, def: &TableDef) -> ddb_wire::TableDescription {
        let description = self.describe(def, TableStatus::Deleting);
        // Describing created empty statistics for the dropped ids; forget them again.
        self.catalog.drop_stats(def.id);
        for index in &def.indexes {
            self.catalog.drop_stats(index.id);
        }
        description
    }
}

/// When a state that lasts `delay` from now ends; `None` for no delay.
fn deadline(delay: Duration) -> Option<Instant> {
    (!delay.is_zero()).then(|| Instant::now() + delay)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_parse() {
        assert_eq!("realistic".parse(), Ok(TableDelays::REALISTIC));
        assert_eq!(
            "create=300,index=1000".parse(),
            Ok(TableDelays {
                create: Duration::from_millis(300),
                index: Duration::from_millis(1000),
                ..TableDelays::default()
            })
        );
        assert!("create=fast".parse::<TableDelays>().is_err());
        assert!("rename=1".parse::<TableDelays>().is_err());
        assert!("create".parse::<TableDelays>().is_err());
        assert!("".parse::<TableDelays>().unwrap().is_instant());
    }
}
