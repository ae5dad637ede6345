//! Opening a data directory, upgrading it first when an earlier ddb wrote it in an older key
//! layout ([`LAYOUT_VERSION`]).
//!
//! The upgrade rebuilds the directory through [`FjallStorage::rebuild`]: the catalog is copied
//! as it is (its records carry their own version, see `catalog_record`), every item is read in
//! the old layout and written in the new one, and every index entry is derived again from the
//! items. The old database stays untouched until the new one is complete and durable, so a
//! process killed mid-upgrade leaves a directory the next start upgrades again.
//!
//! What each layout changed:
//! - 1 → 2: table and index ids shrank from 4 bytes to 1–5 ([`crate::layout::push_id`]); stored
//!   items gained their size in front.
//! - 2 → 3: partitions are ordered by DynamoDB's partition hash instead of ddb's own.

use std::ops::Bound;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use ddb_model::codec::{decode_item, decode_unsized_item, item_to_bytes};
use ddb_storage::{FjallStorage, Storage, StorageError, SyncPolicy, WriteBatch};

use crate::catalog_record;
use crate::index_entries::entry_for;
use crate::keys::key_of_new_item;
use crate::layout::{
    item_key, prefix_end, space_prefix, CATALOG_TAG, ITEM_TAG, LAYOUT_KEY, LAYOUT_VERSION,
    NEXT_ID_KEY,
};
use crate::OpenError;

/// Writes per batch while upgrading: large enough to amortize a commit, small enough that one
/// batch stays a few megabytes.
const BATCH_ITEMS: usize = 1_000;

/// The key layout a database was written in; `None` for a database with nothing in it yet.
/// Layout 1 predates the marker: a database with tables or ids but no marker is one.
pub(crate) fn stored_layout(storage: &dyn Storage) -> Result<Option<u32>, StorageError> {
    if let Some(v) = storage.get(LAYOUT_KEY)? {
        return Ok(Some(match <[u8; 4]>::try_from(v.as_slice()) {
            Ok(bytes) => u32::from_be_bytes(bytes),
            Err(_) => 0,
        }));
    }
    let has_catalog = storage.get(NEXT_ID_KEY)?.is_some()
        || storage
            .range(Bound::Included(vec![CATALOG_TAG]), Bound::Unbounded, false)
            .next()
            .transpose()?
            .is_some_and(|(k, _)| k.first() == Some(&CATALOG_TAG));
    Ok(has_catalog.then_some(1))
}

/// Opens the storage of `data_dir` (in memory when `None`), marking a new database with this
/// layout and upgrading one of an older layout. A newer layout is refused.
pub(crate) fn open_storage(
    data_dir: Option<&Path>,
    sync: SyncPolicy,
) -> Result<Arc<dyn Storage>, OpenError> {
    let storage = ddb_storage::open(data_dir, sync)?;
    let found = match stored_layout(storage.as_ref())? {
        None => {
            let mut batch = WriteBatch::default();
            batch.put(LAYOUT_KEY.to_vec(), LAYOUT_VERSION.to_be_bytes().to_vec());
            storage.write(batch)?;
            return Ok(storage);
        }
        Some(LAYOUT_VERSION) => return Ok(storage),
        Some(found) => found,
    };
    let (Some(dir), 1..LAYOUT_VERSION) = (data_dir, found) else {
        return Err(OpenError::Layout {
            found,
            expected: LAYOUT_VERSION,
        });
    };
    drop(storage);
    let started = Instant::now();
    let mut report = Report::default();
    let upgraded = FjallStorage::rebuild(dir, sync, |old, new| {
        report = copy(old, new, found)?;
        Ok::<_, OpenError>(())
    })?;
    tracing::info!(
        dir = %dir.display(),
        from = found,
        to = LAYOUT_VERSION,
        tables = report.tables,
        items = report.items,
        index_entries = report.index_entries,
        seconds = started.elapsed().as_secs_f64(),
        "upgraded the data directory from storage layout {found} to {LAYOUT_VERSION}"
    );
    Ok(Arc::new(upgraded))
}

/// What an upgrade copied.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// Tables copied.
    pub tables: usize,
    /// Items copied.
    pub items: usize,
    /// Index entries written.
    pub index_entries: usize,
}

/// Copies the database `old`, of layout `from`, into the empty database `new` in this layout.
pub(crate) fn copy(old: &dyn Storage, new: &dyn Storage, from: u32) -> Result<Report, OpenError> {
    let mut report = Report::default();
    let mut batch = WriteBatch::default();
    let mut tables = Vec::new();
    let catalog_end = prefix_end(&[CATALOG_TAG]);
    for kv in old.range(
        Bound::Included(vec![CATALOG_TAG]),
        catalog_end.map_or(Bound::Unbounded, Bound::Excluded),
        false,
    ) {
        let (key, value) = kv?;
        let def = catalog_record::decode(&value).map_err(|source| OpenError::CorruptCatalog {
            key: String::from_utf8_lossy(&key).into_owned(),
            source,
        })?;
        batch.put(key, value);
        tables.push(def);
    }
    if let Some(next_id) = old.get(NEXT_ID_KEY)? {
        batch.put(NEXT_ID_KEY.to_vec(), next_id);
    }
    new.write(std::mem::take(&mut batch))?;
    for def in &tables {
        report.tables += 1;
        let start = old_item_space(from, def.id);
        let end = prefix_end(&start);
        let mut pending = 0;
        for kv in old.range(
            Bound::Included(start),
            end.map_or(Bound::Unbounded, Bound::Excluded),
            false,
        ) {
            let (key, value) = kv?;
            let decoded = match from {
                1 => decode_unsized_item(&value),
                _ => decode_item(&value),
            };
            let corrupt = |detail: String| OpenError::CorruptItem {
                table: def.name.clone(),
                key: key.clone(),
                detail,
            };
            let item = decoded.map_err(|e| corrupt(e.to_string()))?;
            let pk = key_of_new_item(&item, &def.key).map_err(|e| corrupt(e.message))?;
            batch.put(
                item_key(def.id, &pk.hash, pk.range.as_ref()),
                item_to_bytes(&item),
            );
            for index in &def.indexes {
                // An entry the index could not hold (a key of the wrong type or size) was never
                // written; it stays out, as it would on a fresh backfill.
                if let Ok(Some(entry)) = entry_for(index, &def.key, &pk, &item) {
                    batch.put(entry.storage_key, item_to_bytes(&entry.item));
                    report.index_entries += 1;
                }
            }
            report.items += 1;
            pending += 1;
            if pending == BATCH_ITEMS {
                new.write(std::mem::take(&mut batch))?;
                pending = 0;
            }
        }
        new.write(std::mem::take(&mut batch))?;
    }
    // The marker goes last: a copy cut short is never mistaken for a finished one.
    batch.put(LAYOUT_KEY.to_vec(), LAYOUT_VERSION.to_be_bytes().to_vec());
    new.write(batch)?;
    Ok(report)
}

/// Where layout `from` kept a table's items.
fn old_item_space(from: u32, id: u32) -> Vec<u8> {
    match from {
        1 => {
            let mut prefix = vec![ITEM_TAG];
            prefix.extend_from_slice(&id.to_be_bytes());
            prefix
        }
        _ => space_prefix(ITEM_TAG, id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ddb_storage::memory::MemoryStorage;

    fn with(pairs: &[(&[u8], Vec<u8>)]) -> MemoryStorage {
        let storage = MemoryStorage::new();
        let mut batch = WriteBatch::default();
        for (k, v) in pairs {
            batch.put(k.to_vec(), v.clone());
        }
        if !batch.is_empty() {
            storage.write(batch).unwrap();
        }
        storage
    }

    #[test]
    fn the_layout_is_read_from_the_marker_or_inferred_for_layout_1() {
        assert_eq!(stored_layout(&with(&[])).unwrap(), None);
        // Layout 1 had no marker, but it had the next-id key once a table was created...
        let ids = with(&[(NEXT_ID_KEY, 2u32.to_be_bytes().to_vec())]);
        assert_eq!(stored_layout(&ids).unwrap(), Some(1));
        // ...and its table definitions.
        let table = with(&[(b"mt", b"{}".to_vec())]);
        assert_eq!(stored_layout(&table).unwrap(), Some(1));
        let marked = with(&[(LAYOUT_KEY, 7u32.to_be_bytes().to_vec())]);
        assert_eq!(stored_layout(&marked).unwrap(), Some(7));
    }

    #[test]
    fn a_new_directory_is_marked_and_a_later_layout_refused() {
        let dir = std::env::temp_dir().join(format!("ddb-layout-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let storage = open_storage(Some(&dir), SyncPolicy::Never).unwrap();
        assert_eq!(
            stored_layout(storage.as_ref()).unwrap(),
            Some(LAYOUT_VERSION)
        );
        let mut batch = WriteBatch::default();
        batch.put(LAYOUT_KEY.to_vec(), 99u32.to_be_bytes().to_vec());
        storage.write(batch).unwrap();
        drop(storage);
        assert!(matches!(
            open_storage(Some(&dir), SyncPolicy::Never),
            Err(OpenError::Layout {
                found: 99,
                expected: LAYOUT_VERSION
            })
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
