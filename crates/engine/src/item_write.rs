//! The one path every item write takes: lock the item, read what is there, let the operation
//! decide (conditions, updates), then write the item and all its index entries in one atomic
//! batch, and account the capacity DynamoDB would charge.

use ddb_model::capacity::write_units;
use ddb_model::codec::{decode_item, item_to_bytes, StoredItem};
use ddb_model::size::{item_size, MAX_ITEM_SIZE};
use ddb_model::{DynamoError, DynamoResult, ErrorKind, Item};
use ddb_storage::WriteBatch;

use crate::capacity::{Consumption, UnitKind};
use crate::catalog::storage_error;
use crate::index_entries::{entry_for, IndexEntry};
use crate::keys::PrimaryKey;
use crate::layout::item_key;
use crate::schema::{IndexDef, IndexStatus, TableDef};
use crate::streams::record::{ChangeRecord, Origin};
use crate::throttling::{Admission, Target};
use crate::Engine;

/// What an operation wants done with the item it looked at.
pub enum Decision {
    /// Write this item in place of the current one.
    Put(Item),
    /// Delete the item.
    Delete,
    /// Leave the item as it is (e.g. a delete of a missing item).
    Keep,
}

/// What a write did.
pub struct WriteOutcome {
    /// The item before the write, if there was one.
    pub old: Option<Item>,
    /// The item after the write; `None` when it was deleted or absent.
    pub new: Option<Item>,
    /// The capacity the write consumed, indexes included.
    pub consumption: Consumption,
}

/// Checks the 400 KB limit.
pub fn check_item_size(item: &Item) -> DynamoResult<usize> {
    for name in item.keys() {
        ddb_model::size::check_attribute_name(name)?;
    }
    let size = item_size(item);
    if size > MAX_ITEM_SIZE {
        return Err(crate::invalid::Invalid::ItemTooLarge.into());
    }
    Ok(size)
}

impl Engine {
    /// Reads one item by key without locking.
    pub(crate) fn read_item(&self, def: &TableDef, key: &PrimaryKey) -> DynamoResult<Option<Item>> {
        let storage_key = item_key(def.id, &key.hash, key.range.as_ref());
        self.read_at(&storage_key)
    }

    /// The item under `key` in its stored form, for reads that return it whole.
    pub(crate) fn read_stored_item(
        &self,
        def: &TableDef,
        key: &PrimaryKey,
    ) -> DynamoResult<Option<StoredItem>> {
        let storage_key = item_key(def.id, &key.hash, key.range.as_ref());
        let bytes = self.storage.get(&storage_key).map_err(storage_error)?;
        Ok(bytes.map(StoredItem::new))
    }

    pub(crate) fn read_at(&self, storage_key: &[u8]) -> DynamoResult<Option<Item>> {
        match self.storage.get(storage_key).map_err(storage_error)? {
            Some(bytes) => Ok(Some(
                decode_item(&bytes).map_err(|e| DynamoError::internal(e.to_string()))?,
            )),
            None => Ok(None),
        }
    }

    /// Serialized read-decide-write of one item with its index entries (and its stream record).
    /// `decide` sees the current item; its error aborts the write.
    pub(crate) fn write_item(
        &self,
        table_name: &str,
        key: &PrimaryKey,
        transactional: bool,
        decide: impl FnOnce(&TableDef, Option<&Item>) -> DynamoResult<Decision>,
    ) -> DynamoResult<WriteOutcome> {
        self.write_item_by(Origin::Caller, table_name, key, transactional, decide)
    }

    /// [`Engine::write_item`] for a change `origin` makes (a caller's, or time to live's).
    pub(crate) fn write_item_by(
        &self,
        origin: Origin,
        table_name: &str,
        key: &PrimaryKey,
        transactional: bool,
        decide: impl FnOnce(&TableDef, Option<&Item>) -> DynamoResult<Decision>,
    ) -> DynamoResult<WriteOutcome> {
        let def = self.table(table_name)?;
        // Time to live deletes for free, and is never throttled.
        let admission = match origin {
            Origin::Caller => {
                let partition_key = std::slice::from_ref(&key.hash);
                self.admit(&def, Target::Table, UnitKind::Write, Some(partition_key))?
            }
            Origin::TimeToLive => Admission::UNMETERED,
        };
        let storage_key = item_key(def.id, &key.hash, key.range.as_ref());
        let _guard = self.locks.lock(&storage_key);
        // Re-read the definition under the lock: an index added meanwhile must be maintained.
        let def = self.table(table_name)?;
        let old = self.read_at(&storage_key)?;
        let decision = match decide(&def, old.as_ref()) {
            Ok(decision) => decision,
            Err(refused) => {
                // A failed condition still costs the write DynamoDB would have made.
                if refused.kind == ErrorKind::ConditionalCheckFailed {
                    let mut consumption = Consumption::new(&def.name, UnitKind::Write);
                    let size = old.as_ref().map(item_size).unwrap_or(0);
                    consumption.table = write_units(size, transactional);
                    self.charge(&def, Target::Table, &consumption, admission);
                }
                return Err(refused);
            }
        };
        let mut staged = StagedWrites {
            origin,
            ..StagedWrites::default()
        };
        let outcome = staged.stage(&def, key, old, decision, transactional)?;
        self.admit_index_writes(&def, &outcome.consumption, admission)?;
        staged.commit(self)?;
        self.charge(&def, Target::Table, &outcome.consumption, admission);
        Ok(outcome)
    }
}

/// Item writes gathered into one atomic batch, with the statistics they change and the stream
/// records they make.
pub(crate) struct StagedWrites {
    batch: WriteBatch,
    stats: Vec<(u32, i64, i64)>,
    /// Who the writes are made by, as their stream records say.
    origin: Origin,
    /// Stream records to add to the batch at commit, once they have sequence numbers.
    records: Vec<PendingRecord>,
}

impl Default for StagedWrites {
    fn default() -> StagedWrites {
        StagedWrites {
            batch: WriteBatch::default(),
            stats: Vec::new(),
            origin: Origin::Caller,
            records: Vec::new(),
        }
    }
}

/// A stream record waiting for its place in its table's stream.
struct PendingRecord {
    table_id: u32,
    /// The item's partition hash: which shard the record goes to.
    hash: u64,
    record: ChangeRecord,
}

/// The entry `item` (whose table key is `key`) has in `index`; none for no item.
fn entry_of(
    index: &IndexDef,
    def: &TableDef,
    key: &PrimaryKey,
    item: Option<&Item>,
) -> DynamoResult<Option<IndexEntry>> {
    match item {
        Some(item) => entry_for(index, &def.key, key, item),
        None => Ok(None),
    }
}

/// An item's entry in one index before and after a write.
struct IndexChange {
    before: Option<IndexEntry>,
    after: Option<IndexEntry>,
}

impl IndexChange {
    /// The sizes of the entry before and after (0 for none).
    fn sizes(&self) -> (usize, usize) {
        let size = |e: &Option<IndexEntry>| e.as_ref().map(|e| item_size(&e.item)).unwrap_or(0);
        (size(&self.before), size(&self.after))
    }

    /// The write units the change costs the index.
    fn units(&self, transactional: bool) -> f64 {
        let (before_size, after_size) = self.sizes();
        match (&self.before, &self.after) {
            (Some(b), Some(a)) if b.storage_key == a.storage_key => {
                write_units(before_size.max(after_size), transactional)
            }
            // The index key moved: the old entry is deleted and a new one written.
            (Some(_), Some(_)) => {
                write_units(before_size, transactional) + write_units(after_size, transactional)
            }
            (Some(_), None) => write_units(before_size, transactional),
            (None, Some(_)) => write_units(after_size, transactional),
            (None, None) => 0.0,
        }
    }
}

impl StagedWrites {
    /// Adds the write `decision` makes to the item at `key` (currently `old`): the item and
    /// every index entry that changes. Returns what the write does and costs.
    pub(crate) fn stage(
        &mut self,
        def: &TableDef,
        key: &PrimaryKey,
        old: Option<Item>,
        decision: Decision,
        transactional: bool,
    ) -> DynamoResult<WriteOutcome> {
        let mut consumption = Consumption::new(&def.name, UnitKind::Write);
        let old_size = old.as_ref().map(item_size).unwrap_or(0);
        let new = match decision {
            Decision::Keep => {
                consumption.table = write_units(old_size, transactional);
                return Ok(WriteOutcome {
                    new: old.clone(),
                    old,
                    consumption,
                });
            }
            Decision::Put(item) => Some(item),
            Decision::Delete => None,
        };
        let new_size = match &new {
            Some(item) => check_item_size(item)?,
            None => 0,
        };
        let storage_key = item_key(def.id, &key.hash, key.range.as_ref());
        match &new {
            Some(item) => self.batch.put(storage_key, item_to_bytes(item)),
            None => self.batch.delete(storage_key),
        }
        consumption.table = write_units(old_size.max(new_size), transactional);
        let items = (old.as_ref(), new.as_ref());
        self.stage_index_entries(def, key, items, transactional, &mut consumption)?;
        let count_change = i64::from(new.is_some()) - i64::from(old.is_some());
        self.stats
            .push((def.id, count_change, new_size as i64 - old_size as i64));
        self.stage_record(def, key, (old.as_ref(), new.as_ref()));
        Ok(WriteOutcome {
            old,
            new,
            consumption,
        })
    }

    /// Stages the change a write from `items.0` to `items.1` makes to each index the item is
    /// in (an index being deleted is no longer maintained), and adds what each costs.
    fn stage_index_entries(
        &mut self,
        def: &TableDef,
        key: &PrimaryKey,
        (old, new): (Option<&Item>, Option<&Item>),
        transactional: bool,
        consumption: &mut Consumption,
    ) -> DynamoResult<()> {
        for index in def
            .indexes_by_name()
            .into_iter()
            .filter(|i| i.status != IndexStatus::Deleting)
        {
            let change = IndexChange {
                before: entry_of(index, def, key, old)?,
                after: entry_of(index, def, key, new)?,
            };
            if change.before == change.after {
                continue;
            }
            consumption.add_index(&index.name, index.kind, change.units(transactional));
            self.stage_index_change(index.id, change);
        }
        Ok(())
    }

    /// Deletes the index entry a write leaves behind, writes the one it makes, and counts the
    /// change in the index's statistics.
    fn stage_index_change(&mut self, index_id: u32, change: IndexChange) {
        let (before_size, after_size) = change.sizes();
        let IndexChange { before, after } = change;
        if let Some(b) = &before {
            if after.as_ref().map(|a| &a.storage_key) != Some(&b.storage_key) {
                self.batch.delete(b.storage_key.clone());
            }
        }
        if let Some(a) = &after {
            self.batch
                .put(a.storage_key.clone(), item_to_bytes(&a.item));
        }
        let count_change = i64::from(after.is_some()) - i64::from(before.is_some());
        self.stats.push((
            index_id,
            count_change,
            after_size as i64 - before_size as i64,
        ));
    }

    /// The stream record of a write from `items.0` to `items.1`, when the table has a stream
    /// and the write changes the item.
    fn stage_record(
        &mut self,
        def: &TableDef,
        key: &PrimaryKey,
        items: (Option<&Item>, Option<&Item>),
    ) {
        let Some(stream) = &def.stream else {
            return;
        };
        let now = crate::clock::now_ms();
        if let Some(record) =
            ChangeRecord::of_change(stream.view, &def.key, items, self.origin, now)
        {
            self.records.push(PendingRecord {
                table_id: def.id,
                hash: ddb_model::key_encoding::partition_hash(&key.hash),
                record,
            });
        }
    }

    /// Writes everything staged in one atomic batch, stream records included: each gets its
    /// sequence number now, and becomes readable once the batch is written.
    pub(crate) fn commit(mut self, engine: &Engine) -> DynamoResult<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let mut reserved = Vec::with_capacity(self.records.len());
        let result = self
            .add_records(engine, &mut reserved)
            .and_then(|()| engine.storage.write(self.batch).map_err(storage_error));
        let recorded = !reserved.is_empty();
        for (stream, sequence) in reserved {
            stream.release(sequence);
        }
        result?;
        if recorded {
            engine.streams.notify();
        }
        for (id, items, bytes) in self.stats {
            engine.catalog.stats(id).add(items, bytes);
        }
        Ok(())
    }

    /// Gives each staged record its place in its table's stream and adds it to the batch.
    fn add_records(
        &mut self,
        engine: &Engine,
        reserved: &mut Vec<(std::sync::Arc<crate::streams::LiveStream>, u64)>,
    ) -> DynamoResult<()> {
        let config = engine.streams.config();
        for pending in self.records.drain(..) {
            let Some(stream) = engine.streams.active_for(pending.table_id) else {
                continue;
            };
            let now = pending.record.at_ms;
            let Some(place) =
                stream.reserve(engine.storage.as_ref(), &config, pending.hash, now)?
            else {
                continue;
            };
            reserved.push((stream.clone(), place.sequence));
            self.batch.put(
                crate::layout::record_key(stream.id, place.shard, place.sequence),
                pending.record.encode(),
            );
        }
        Ok(())
    }
}
