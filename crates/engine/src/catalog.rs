//! The catalog: table definitions, kept in memory for every request and persisted in the
//! store beside the data, plus the live item counts and sizes DescribeTable reports.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use parking_lot::RwLock;

use ddb_model::codec::stored_item_size;
use ddb_model::{DynamoError, DynamoResult};
use ddb_storage::{Storage, StorageError, WriteBatch};

use crate::catalog_record;
use crate::layout::{
    catalog_key, prefix_end, space_prefix, CATALOG_TAG, INDEX_TAG, ITEM_TAG, NEXT_ID_KEY,
};
use crate::schema::TableDef;
use crate::OpenError;

/// Item count and bytes of one table or index.
#[derive(Debug, Default)]
pub struct SpaceStats {
    /// Live item count (may dip below zero transiently; read it through [`SpaceStats::items`]).
    pub items: AtomicI64,
    /// Live size in bytes (read it through [`SpaceStats::bytes`]).
    pub bytes: AtomicI64,
}

impl SpaceStats {
    /// Counts `items` more items of `bytes` more bytes (negative for removals).
    pub fn add(&self, items: i64, bytes: i64) {
        self.items.fetch_add(items, Ordering::Relaxed);
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
    }

    /// The item count, never below zero.
    pub fn items(&self) -> i64 {
        self.items.load(Ordering::Relaxed).max(0)
    }

    /// The size in bytes, never below zero.
    pub fn bytes(&self) -> i64 {
        self.bytes.load(Ordering::Relaxed).max(0)
    }
}

/// Tables by name, with their statistics.
pub(crate) struct Catalog {
    tables: RwLock<BTreeMap<String, Arc<TableDef>>>,
    stats: RwLock<HashMap<u32, Arc<SpaceStats>>>,
    next_id: parking_lot::Mutex<u32>,
    /// Held across a read-modify-save of one definition ([`Catalog::modify`]), so two
    /// concurrent changes (tagging, say) cannot overwrite each other.
    changes: parking_lot::Mutex<()>,
}

/// A storage failure while serving a request: an InternalServerError to the client, the cause
/// in the server's log.
pub fn storage_error(e: StorageError) -> DynamoError {
    DynamoError::internal(ddb_model::error::Causes(&e))
}

impl Catalog {
    /// Loads every table definition and counts what each table and index holds.
    pub fn load(storage: &dyn Storage) -> Result<Catalog, OpenError> {
        let mut tables = BTreeMap::new();
        let start = vec![CATALOG_TAG];
        let end = prefix_end(&start).expect("tag is below 0xff");
        for kv in storage.range(
            std::ops::Bound::Included(start),
            std::ops::Bound::Excluded(end),
            false,
        ) {
            let (key, value) = kv?;
            let def =
                catalog_record::decode(&value).map_err(|source| OpenError::CorruptCatalog {
                    key: String::from_utf8_lossy(&key).into_owned(),
                    source,
                })?;
            tables.insert(def.name.clone(), Arc::new(def));
        }
        let stored_next_id = storage.get(NEXT_ID_KEY)?;
        let next_id = match stored_next_id {
            Some(v) if v.len() == 4 => u32::from_be_bytes([v[0], v[1], v[2], v[3]]),
            _ => 1,
        };
        let catalog = Catalog {
            tables: RwLock::new(tables),
            stats: RwLock::new(HashMap::new()),
            next_id: parking_lot::Mutex::new(next_id),
            changes: parking_lot::Mutex::new(()),
        };
        let defs: Vec<Arc<TableDef>> = catalog.tables.read().values().cloned().collect();
        for def in defs {
            catalog.count_space(storage, ITEM_TAG, def.id)?;
            for index in &def.indexes {
                catalog.count_space(storage, INDEX_TAG, index.id)?;
            }
        }
        Ok(catalog)
    }

    fn count_space(&self, storage: &dyn Storage, tag: u8, id: u32) -> Result<(), StorageError> {
        let stats = self.stats(id);
        let start = space_prefix(tag, id);
        let end = prefix_end(&start).expect("prefix has a non-0xff byte");
        for kv in storage.range(
            std::ops::Bound::Included(start),
            std::ops::Bound::Excluded(end),
            false,
        ) {
            let (_, value) = kv?;
            let size = stored_item_size(&value).unwrap_or(0);
            stats.add(1, size as i64);
        }
        Ok(())
    }

    /// The statistics of a table or index id (created empty on first use).
    pub fn stats(&self, id: u32) -> Arc<SpaceStats> {
        if let Some(s) = self.stats.read().get(&id) {
            return s.clone();
        }
        self.stats.write().entry(id).or_default().clone()
    }

    /// Forgets the statistics of a dropped table or index.
    pub fn drop_stats(&self, id: u32) {
        self.stats.write().remove(&id);
    }

    /// The current definition of the table named `name`.
    pub fn get(&self, name: &str) -> Option<Arc<TableDef>> {
        self.tables.read().get(name).cloned()
    }

    /// Names in order, starting after `after`.
    pub fn names_after(&self, after: Option<&str>) -> Vec<String> {
        let tables = self.tables.read();
        match after {
            Some(a) => tables
                .range::<str, _>((std::ops::Bound::Excluded(a), std::ops::Bound::Unbounded))
                .map(|(k, _)| k.clone())
                .collect(),
            None => tables.keys().cloned().collect(),
        }
    }

    /// Reserves `n` fresh storage ids, persisting the counter in `batch`.
    pub fn allocate_ids(&self, n: u32, batch: &mut WriteBatch) -> Vec<u32> {
        let mut next = self.next_id.lock();
        let ids: Vec<u32> = (*next..*next + n).collect();
        *next += n;
        batch.put(NEXT_ID_KEY.to_vec(), next.to_be_bytes().to_vec());
        ids
    }

    /// Stores a table definition (new or changed) in the batch and, once written, in memory.
    pub fn save(
        &self,
        storage: &dyn Storage,
        def: TableDef,
        mut batch: WriteBatch,
    ) -> DynamoResult<Arc<TableDef>> {
        let record = catalog_record::encode(&def).map_err(DynamoError::internal)?;
        batch.put(catalog_key(&def.name), record);
        storage.write(batch).map_err(storage_error)?;
        let def = Arc::new(def);
        self.tables.write().insert(def.name.clone(), def.clone());
        Ok(def)
    }

    /// Changes the current definition of `name` with `change` and saves it, serialized with
    /// every other such change. `None` when there is no such table.
    pub fn modify(
        &self,
        storage: &dyn Storage,
        name: &str,
        change: impl FnOnce(&mut TableDef) -> DynamoResult<()>,
    ) -> DynamoResult<Option<Arc<TableDef>>> {
        let _serialized = self.changes.lock();
        let Some(current) = self.get(name) else {
            return Ok(None);
        };
        let mut def = (*current).clone();
        change(&mut def)?;
        self.save(storage, def, WriteBatch::default()).map(Some)
    }

    /// Inserts a new table unless the name is taken ([`table_exists`]); the check and insert
    /// are atomic.
    pub fn create(
        &self,
        storage: &dyn Storage,
        def: TableDef,
        mut batch: WriteBatch,
    ) -> DynamoResult<Arc<TableDef>> {
        let mut tables = self.tables.write();
        if tables.contains_key(&def.name) {
            return Err(table_exists(&def.name));
        }
        let record = catalog_record::encode(&def).map_err(DynamoError::internal)?;
        batch.put(catalog_key(&def.name), record);
        storage.write(batch).map_err(storage_error)?;
        let def = Arc::new(def);
        tables.insert(def.name.clone(), def.clone());
        Ok(def)
    }

    /// Removes a table from memory and, in `batch`, from the store.
    pub fn remove(&self, name: &str, batch: &mut WriteBatch) -> Option<Arc<TableDef>> {
        batch.delete(catalog_key(name));
        self.tables.write().remove(name)
    }
}

/// ResourceInUseException for a CreateTable whose name is taken.
pub fn table_exists(name: &str) -> DynamoError {
    DynamoError::in_use(format!("Table already exists: {name}"))
}
