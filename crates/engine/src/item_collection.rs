//! Item collections: the items sharing a partition key in a table with local secondary indexes,
//! whose total size (items plus their local index entries) DynamoDB caps at 10 GB and reports
//! in ItemCollectionMetrics.

use std::ops::Bound;

use ddb_model::{AttributeValue, DynamoError, DynamoResult, ErrorKind, Item};

use crate::catalog::storage_error;
use crate::layout::{partition_prefix, prefix_end, INDEX_TAG, ITEM_TAG};
use crate::schema::TableDef;
use crate::Engine;

/// Largest item collection, in bytes.
pub const MAX_COLLECTION_BYTES: u64 = 10 * 1024 * 1024 * 1024;

const GB: f64 = 1024.0 * 1024.0 * 1024.0;

impl Engine {
    /// Bytes stored for one partition key: its items and their local index entries.
    pub(crate) fn collection_bytes(
        &self,
        def: &TableDef,
        pk: &AttributeValue,
    ) -> DynamoResult<u64> {
        let mut total = 0u64;
        let mut spaces = vec![partition_prefix(ITEM_TAG, def.id, pk)];
        spaces.extend(
            def.local_indexes()
                .map(|i| partition_prefix(INDEX_TAG, i.id, pk)),
        );
        for prefix in spaces {
            let end = prefix_end(&prefix)
                .map(Bound::Excluded)
                .unwrap_or(Bound::Unbounded);
            for kv in self.storage.range(Bound::Included(prefix), end, false) {
                let (k, v) = kv.map_err(storage_error)?;
                total += (k.len() + v.len()) as u64;
            }
        }
        Ok(total)
    }

    /// Refuses a write that would grow an item collection past 10 GB.
    pub(crate) fn check_collection_limit(
        &self,
        def: &TableDef,
        pk: &AttributeValue,
        growth: i64,
    ) -> DynamoResult<()> {
        if !def.has_local_indexes() || growth <= 0 {
            return Ok(());
        }
        if self.collection_bytes(def, pk)? + growth as u64 > MAX_COLLECTION_BYTES {
            return Err(DynamoError::new(
                ErrorKind::ItemCollectionSizeLimitExceeded,
                "Item collection size limit exceeded",
            ));
        }
        Ok(())
    }

    /// ItemCollectionMetrics for a write to a table with local indexes.
    pub(crate) fn collection_metrics(
        &self,
        def: &TableDef,
        pk: &AttributeValue,
    ) -> DynamoResult<Option<ddb_wire::ItemCollectionMetrics>> {
        if !def.has_local_indexes() {
            return Ok(None);
        }
        let gb = self.collection_bytes(def, pk)? as f64 / GB;
        let mut key = Item::new();
        key.insert(def.key.hash.name.clone(), pk.clone());
        Ok(Some(ddb_wire::ItemCollectionMetrics {
            item_collection_key: Some(key),
            size_estimate_range_gb: Some(vec![gb.floor(), gb.floor() + 1.0]),
        }))
    }
}
