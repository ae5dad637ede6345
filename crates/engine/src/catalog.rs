//! The catalog: table definitions, kept in memory for every request and persisted in the
//! store beside the data, plus the live item counts and sizes DescribeTable reports.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use parking_lot::RwLock;

use ddb_model::codec::decode_item;
use ddb_model::size::item_size;
use ddb_model::{DynamoError, DynamoResult};
use ddb_storage::{Storage, StorageError, WriteBatch};

use crate::layout::{
    catalog_key, prefix_end, space_prefix, CATALOG_TAG, INDEX_TAG, ITEM_TAG, NEXT_ID_KEY,
};
use crate::schema::TableDef;

/// Item count and bytes of one table or index.
#[derive(Debug, Default)]
pub struct SpaceStats {
    pub items: AtomicI64,
    pub bytes: AtomicI64,
}

impl SpaceStats {
    pub fn add(&self, items: i64, bytes: i64) {
        self.items.fetch_add(items, Ordering::Relaxed);
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
    }

    pub fn items(&self) -> i64 {
        self.items.load(Ordering::Relaxed).max(0)
    }

    pub fn bytes(&self) -> i64 {
        self.bytes.load(Ordering::Relaxed).max(0)
    }
}

/// Tables by name, with their statistics.
pub struct Catalog {
    tables: RwLock<BTreeMap<String, Arc<TableDef>>>,
    stats: RwLock<HashMap<u32, Arc<SpaceStats>>>,
    next_id: parking_lot::Mutex<u32>,
}

pub fn storage_error(e: StorageError) -> DynamoError {
    DynamoError::internal(format!("Internal server error: {e}"))
}

impl Catalog {
    /// Loads every table definition and counts what each table and index holds.
    pub fn load(storage: &dyn Storage) -> Result<Catalog, StorageError> {
        let mut tables = BTreeMap::new();
        let start = vec![CATALOG_TAG];
        let end = prefix_end(&start).expect("tag is below 0xff");
        for kv in storage.range(
            std::ops::Bound::Included(start),
            std::ops::Bound::Excluded(end),
            false,
        ) {
            let (_, value) = kv?;
            let def: TableDef = serde_json::from_slice(&value)
                .map_err(|e| StorageError::Io(format!("corrupt catalog entry: {e}")))?;
            tables.insert(def.name.clone(), Arc::new(def));
        }
        let next_id = match storage.get(NEXT_ID_KEY)? {
            Some(v) if v.len() == 4 => u32::from_be_bytes([v[0], v[1], v[2], v[3]]),
            _ => 1,
        };
        let catalog = Catalog {
            tables: RwLock::new(tables),
            stats: RwLock::new(HashMap::new()),
            next_id: parking_lot::Mutex::new(next_id),
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
            let size = decode_item(&value).map(|i| item_size(&i)).unwrap_or(0);
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

    pub fn drop_stats(&self, id: u32) {
        self.stats.write().remove(&id);
    }

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

    pub fn len(&self) -> usize {
        self.tables.read().len()
    }

    pub fn is_empty(&self) -> bool {
        self.tables.read().is_empty()
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
        let json = serde_json::to_vec(&def).map_err(|e| DynamoError::internal(e.to_string()))?;
        batch.put(catalog_key(&def.name), json);
        storage.write(batch).map_err(storage_error)?;
        let def = Arc::new(def);
        self.tables.write().insert(def.name.clone(), def.clone());
        Ok(def)
    }

    /// Inserts a new table unless the name is taken; the check and insert are atomic.
    pub fn create(
        &self,
        storage: &dyn Storage,
        def: TableDef,
        mut batch: WriteBatch,
    ) -> DynamoResult<Arc<TableDef>> {
        let mut tables = self.tables.write();
        if tables.contains_key(&def.name) {
            return Err(DynamoError::in_use(format!(
                "Table already exists: {}",
                def.name
            )));
        }
        let json = serde_json::to_vec(&def).map_err(|e| DynamoError::internal(e.to_string()))?;
        batch.put(catalog_key(&def.name), json);
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
