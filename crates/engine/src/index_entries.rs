//! Secondary index entries: which entry an item has in an index (none when the item lacks an
//! index key: indexes are sparse), its storage key, and its projected attributes.

use ddb_model::{DynamoResult, Item};

use crate::keys::{index_key_of_item, PrimaryKey};
use crate::layout::index_entry_key;
use crate::schema::{IndexDef, KeySchema, Projection};

/// One item's entry in one index.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexEntry {
    /// Where the entry is stored.
    pub storage_key: Vec<u8>,
    /// The attributes the index projects from the item.
    pub item: Item,
}

/// The entry `item` (whose table key is `key`) has in `index`, if any.
pub fn entry_for(
    index: &IndexDef,
    table_key: &KeySchema,
    key: &PrimaryKey,
    item: &Item,
) -> DynamoResult<Option<IndexEntry>> {
    let Some(index_key) = index_key_of_item(item, &index.key, &index.name)? else {
        return Ok(None);
    };
    let storage_key = index_entry_key(
        index.id,
        &index_key.hash,
        &index_key.range,
        &key.hash,
        key.range.as_ref(),
    );
    Ok(Some(IndexEntry {
        storage_key,
        item: project_for_index(index, table_key, item),
    }))
}

/// The attributes of `item` that `index` stores.
pub fn project_for_index(index: &IndexDef, table_key: &KeySchema, item: &Item) -> Item {
    match &index.projection {
        Projection::All => item.clone(),
        projection => item
            .iter()
            .filter(|(name, _)| {
                index.key.contains(name)
                    || table_key.contains(name)
                    || matches!(projection, Projection::Include(names) if names.iter().any(|n| n == *name))
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    }
}
