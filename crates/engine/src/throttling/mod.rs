//! Capacity enforcement: provisioned tables and global indexes throttle when they spend more
//! than their read and write capacity (with 300 s of burst), a partition throttles past its
//! share of the key space, and on-demand tables throttle past their maxima, the per-table quota
//! and twice their previous peak. DynamoDB's rules and their sources:
//! docs/research/capacity-enforcement.md.
//!
//! A request is let in while its table (or the global index it reads) has capacity left, and
//! pays for what it consumed afterwards; a write also waits on every global index it changes.
//! `ddb serve --capacity report` (the default) only reports consumption; `enforce`, or a
//! table's `ddb:capacity` tag, turns throttling on.

mod bucket;
mod limits;
mod partitions;
mod peak;
mod refusal;

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;

use ddb_model::key_encoding::{multi_partition_hash, partition_hash};
use ddb_model::{AttributeValue, DynamoResult};
use parking_lot::Mutex;

use self::bucket::Bucket;
use self::limits::{initial_on_demand_peak, partition_units, Limit, LimitType, NO_BURST_SECONDS};
use self::peak::Peak;
use self::refusal::Throttled;
pub(crate) use self::refusal::{cancellation_code, is_throttled};
use crate::capacity::{Consumption, UnitKind};
use crate::lifecycle::State;
use crate::on_demand::TABLE_MAX_UNITS;
use crate::schema::{BillingMode, IndexDef, IndexKind, TableDef};
use crate::warm_throughput;
use crate::Engine;

/// The tag that sets one table's capacity mode (`enforce` or `report`) over the server's.
pub const CAPACITY_TAG: &str = "ddb:capacity";

/// Whether requests over capacity are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CapacityMode {
    /// Consumption is reported, never refused: what every other local DynamoDB does.
    #[default]
    Report,
    /// Requests over capacity are throttled as DynamoDB throttles them.
    Enforce,
}

impl FromStr for CapacityMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "report" => Ok(CapacityMode::Report),
            "enforce" => Ok(CapacityMode::Enforce),
            other => Err(format!(
                "unknown capacity mode {other:?}: use enforce or report"
            )),
        }
    }
}

/// What a request spends capacity on: the table (whose local indexes share its capacity) or
/// one global index.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Target<'a> {
    /// The table itself.
    Table,
    /// A global secondary index.
    Global(&'a IndexDef),
}

impl<'a> Target<'a> {
    /// The target a read of `index` (none: the table) spends on.
    pub(crate) fn of_read(index: Option<&'a IndexDef>) -> Target<'a> {
        match index {
            Some(i) if i.kind == IndexKind::Global => Target::Global(i),
            _ => Target::Table,
        }
    }

    fn index_name(self) -> Option<&'a str> {
        match self {
            Target::Table => None,
            Target::Global(i) => Some(&i.name),
        }
    }
}

/// A request let in: whether its table is metered, and the partition its key fell in, so that
/// charging it afterwards needs neither again.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Admission {
    enforced: bool,
    partition: Option<u32>,
}

impl Admission {
    /// A request that is not metered at all (time to live's deletions).
    pub(crate) const UNMETERED: Admission = Admission {
        enforced: false,
        partition: None,
    };
}

/// The buckets of every table and global index that enforcement has touched.
#[derive(Default)]
pub(crate) struct Budgets {
    by_resource: Mutex<HashMap<(u32, Option<String>), Budget>>,
    /// Tables UPDATING after a change (with `--table-delays`), by id: the definition whose
    /// capacity holds until the change is done, as in DynamoDB.
    before_update: Mutex<HashMap<u32, Arc<TableDef>>>,
}

/// One table's or global index's capacity state.
struct Budget {
    read: Bucket,
    write: Bucket,
    read_peak: Peak,
    write_peak: Peak,
    /// How many partitions it has (only ever grows).
    partitions: u32,
    /// When the partitions were last counted (capacity clock).
    partitions_counted_ms: Option<u64>,
    /// Each partition's own bucket, by unit kind, for the partitions touched.
    hot: HashMap<(UnitKind, u32), Bucket>,
}

impl Budget {
    fn new(now_ms: u64) -> Budget {
        // Starting empty would throttle a new table's first request; a full burst lets it
        // start as DynamoDB's fresh tables do. Refill caps it at the resource's own burst.
        let full = Bucket::holding(f64::MAX / 4.0, now_ms);
        Budget {
            read: full.clone(),
            write: full,
            read_peak: Peak::starting_at(initial_on_demand_peak(UnitKind::Read)),
            write_peak: Peak::starting_at(initial_on_demand_peak(UnitKind::Write)),
            partitions: 1,
            partitions_counted_ms: None,
            hot: HashMap::new(),
        }
    }

    fn bucket(&mut self, kind: UnitKind) -> &mut Bucket {
        match kind {
            UnitKind::Read => &mut self.read,
            UnitKind::Write => &mut self.write,
        }
    }

    fn peak(&mut self, kind: UnitKind) -> &mut Peak {
        match kind {
            UnitKind::Read => &mut self.read_peak,
            UnitKind::Write => &mut self.write_peak,
        }
    }
}

/// The hash that places a partition key (one attribute, or a multi-attribute index key).
fn key_hash(values: &[AttributeValue]) -> u64 {
    match values {
        [one] => partition_hash(one),
        many => multi_partition_hash(many),
    }
}

impl Engine {
    /// Drops what enforcement kept for a deleted table (a table created again under its name
    /// gets a new id, and a fresh burst).
    pub(crate) fn forget_capacity(&self, table_id: u32) {
        self.budgets
            .by_resource
            .lock()
            .retain(|(id, _), _| *id != table_id);
        self.budgets.before_update.lock().remove(&table_id);
    }

    /// Keeps `before`'s capacity in force while its table is UPDATING (UpdateTable calls it
    /// once the new definition is stored).
    pub(crate) fn hold_capacity_while_updating(&self, before: Arc<TableDef>) {
        if self.lifecycle.state(before.id) == State::Updating {
            self.budgets.before_update.lock().insert(before.id, before);
        }
    }

    /// The definition whose capacity applies to `def` now: the one before an update still
    /// UPDATING, else `def` itself.
    fn metered_definition(&self, def: &TableDef) -> Option<Arc<TableDef>> {
        let mut held = self.budgets.before_update.lock();
        if !held.contains_key(&def.id) {
            return None;
        }
        if self.lifecycle.state(def.id) == State::Updating {
            return held.get(&def.id).cloned();
        }
        held.remove(&def.id);
        None
    }

    /// Whether `def` throttles: its `ddb:capacity` tag, else the server's mode.
    pub(crate) fn enforces_capacity(&self, def: &TableDef) -> bool {
        let tagged = def.tags.iter().find(|t| t.key == CAPACITY_TAG);
        match tagged.and_then(|t| t.value.parse::<CapacityMode>().ok()) {
            Some(mode) => mode == CapacityMode::Enforce,
            None => self.config.capacity == CapacityMode::Enforce,
        }
    }

    /// Lets a request start when `target` has `kind` capacity left and, given the partition key
    /// it reads or writes, so has that key's partition; else DynamoDB's throttling error.
    pub(crate) fn admit(
        &self,
        def: &TableDef,
        target: Target<'_>,
        kind: UnitKind,
        key: Option<&[AttributeValue]>,
    ) -> DynamoResult<Admission> {
        if !self.enforces_capacity(def) {
            return Ok(Admission::UNMETERED);
        }
        let now = self.clock.now_ms();
        let held = self.metered_definition(def);
        let metered = held.as_deref().unwrap_or(def);
        let mut budgets = self.budgets.by_resource.lock();
        let budget = budgets
            .entry((def.id, target.index_name().map(str::to_string)))
            .or_insert_with(|| Budget::new(now));
        let limit = limit_of(metered, target, kind, budget, now);
        let bucket = budget.bucket(kind);
        bucket.refill(limit.rate, limit.burst_seconds, now);
        let throttled = |limit| Throttled {
            def,
            index: target.index_name(),
            kind,
            limit,
        };
        if !bucket.has_capacity() {
            return Err(throttled(limit.exceeded).error());
        }
        let Some(key) = key else {
            return Ok(Admission {
                enforced: true,
                partition: None,
            });
        };
        self.count_partitions(budget, metered, target, now);
        let partition = partitions::partition_of(key_hash(key), budget.partitions);
        let hot = budget
            .hot
            .entry((kind, partition))
            .or_insert_with(|| Bucket::holding(partition_units(kind) * NO_BURST_SECONDS, now));
        hot.refill(partition_units(kind), NO_BURST_SECONDS, now);
        if !hot.has_capacity() {
            return Err(throttled(LimitType::KeyRangeThroughput).error());
        }
        Ok(Admission {
            enforced: true,
            partition: Some(partition),
        })
    }

    /// Lets a base-table write go on only when every global index it changes has write
    /// capacity left: an index that cannot keep up holds the table's writes back.
    pub(crate) fn admit_index_writes(
        &self,
        def: &TableDef,
        consumption: &Consumption,
        admission: Admission,
    ) -> DynamoResult<()> {
        if !admission.enforced {
            return Ok(());
        }
        for (name, kind, units) in &consumption.indexes {
            if *kind != IndexKind::Global || *units <= 0.0 {
                continue;
            }
            if let Some(index) = def.index(name) {
                self.admit(def, Target::Global(index), UnitKind::Write, None)?;
            }
        }
        Ok(())
    }

    /// Takes what a request `admission` let in consumed from the buckets it spent on: the
    /// table's units (local indexes included) from the table, each global index's from that
    /// index, and `target`'s units from its key's partition.
    pub(crate) fn charge(
        &self,
        def: &TableDef,
        target: Target<'_>,
        consumption: &Consumption,
        admission: Admission,
    ) {
        if !admission.enforced {
            return;
        }
        let now = self.clock.now_ms();
        let kind = consumption.kind;
        let local: f64 = consumption
            .indexes
            .iter()
            .filter(|(_, k, _)| *k == IndexKind::Local)
            .map(|(_, _, u)| u)
            .sum();
        let globals = consumption
            .indexes
            .iter()
            .filter(|(_, k, _)| *k == IndexKind::Global)
            .map(|(name, _, units)| (Some(name.as_str()), *units));
        let spent = std::iter::once((None, consumption.table + local)).chain(globals);
        let mut budgets = self.budgets.by_resource.lock();
        for (index, units) in spent {
            let on_target = index == target.index_name();
            let budget = budgets
                .entry((def.id, index.map(str::to_string)))
                .or_insert_with(|| Budget::new(now));
            budget.bucket(kind).take(units);
            budget.peak(kind).record(units, now);
            if let (true, Some(partition)) = (on_target, admission.partition) {
                if let Some(hot) = budget.hot.get_mut(&(kind, partition)) {
                    hot.take(units);
                }
            }
        }
    }

    /// Grows `budget`'s partitions to what the resource's throughput and size need, at most
    /// once a second of capacity time (sizes and rates change slowly; reading them costs).
    fn count_partitions(&self, budget: &mut Budget, def: &TableDef, target: Target<'_>, now: u64) {
        if budget
            .partitions_counted_ms
            .is_some_and(|at| now.saturating_sub(at) < 1000)
        {
            return;
        }
        budget.partitions_counted_ms = Some(now);
        let read = limit_of(def, target, UnitKind::Read, budget, now).rate;
        let write = limit_of(def, target, UnitKind::Write, budget, now).rate;
        let bytes = self.catalog.stats(resource_id(def, target)).bytes();
        let needed = partitions::needed(read, write, bytes);
        budget.partitions = partitions::grown(budget.partitions, needed);
    }
}

/// The storage id whose statistics give `target`'s size.
fn resource_id(def: &TableDef, target: Target<'_>) -> u32 {
    match target {
        Target::Table => def.id,
        Target::Global(index) => index.id,
    }
}

/// What `target` may spend of `kind` a second, and the limit that sets it.
fn limit_of(
    def: &TableDef,
    target: Target<'_>,
    kind: UnitKind,
    budget: &mut Budget,
    now: u64,
) -> Limit {
    let pick = |read: i64, write: i64| match kind {
        UnitKind::Read => read,
        UnitKind::Write => write,
    };
    // The index as `def` has it (`def` may be the definition before an update).
    let target = match target {
        Target::Global(index) => Target::Global(def.index(&index.name).unwrap_or(index)),
        Target::Table => Target::Table,
    };
    match def.billing {
        BillingMode::Provisioned => {
            let throughput = match target {
                Target::Global(index) => index.throughput.as_ref().unwrap_or(&def.throughput),
                Target::Table => &def.throughput,
            };
            Limit::provisioned(pick(throughput.read, throughput.write))
        }
        BillingMode::PayPerRequest => {
            let (own, stored_warm) = match target {
                Target::Global(index) => (index.on_demand, index.warm),
                Target::Table => (def.on_demand, def.warm),
            };
            let maximum = own.and_then(|m| match kind {
                UnitKind::Read => m.max_read,
                UnitKind::Write => m.max_write,
            });
            // A table serves its warm throughput at once, whatever its peak so far.
            let warm = warm_throughput::current(stored_warm, def.billing, &def.throughput);
            let warm = pick(warm.read, warm.write) as f64;
            let allowance = budget.peak(kind).allowance(now).max(warm);
            Limit::on_demand(maximum, TABLE_MAX_UNITS, allowance)
        }
    }
}
