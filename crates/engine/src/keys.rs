//! Primary keys: taking them out of items and `Key` parameters, with DynamoDB's checks on
//! presence, type, emptiness and size.

use ddb_expr::Path;
use ddb_model::{AttributeValue, DynamoError, DynamoResult, Item};

use crate::invalid::Invalid;
use crate::schema::{KeyAttribute, KeySchema, TableDef};

/// Largest partition key value, in bytes.
pub const MAX_PARTITION_KEY_BYTES: usize = 2048;
/// Largest sort key value, in bytes.
pub const MAX_SORT_KEY_BYTES: usize = 1024;

/// Whether `e` says a key does not fit the table's key schema (missing, extra or mistyped):
/// in a transaction that cancels the one action rather than failing the request.
pub fn is_key_misfit(e: &DynamoError) -> bool {
    Invalid::is_key_misfit(&e.message)
}

/// Key attributes are scalars, so a path reaching into one (`pk.a`, `pk[0]`) in a projection or
/// filter can only be a mistake, and DynamoDB refuses it: the table's keys first, then the
/// indexes' keys.
pub fn check_scalar_key_paths<'p>(
    paths: impl IntoIterator<Item = &'p Path> + Clone,
    def: &TableDef,
) -> DynamoResult<()> {
    let nested = |name: &str| {
        paths
            .clone()
            .into_iter()
            .any(|p| !p.is_top_level() && p.first_name() == Some(name))
    };
    let refuse = |which: &'static str, name: &str| {
        Err(Invalid::NestedKeyPath {
            which,
            name: name.to_string(),
        }
        .into())
    };
    if let Some(a) = def.key.attributes().find(|a| nested(&a.name)) {
        return refuse("Key", &a.name);
    }
    let index_keys = def.indexes.iter().flat_map(|i| i.key.attributes());
    if let Some(a) = index_keys.into_iter().find(|a| nested(&a.name)) {
        return refuse("IndexKey", &a.name);
    }
    Ok(())
}

/// A table item's primary key values.
#[derive(Debug, Clone, PartialEq)]
pub struct PrimaryKey {
    /// The partition key's value.
    pub hash: AttributeValue,
    /// The sort key's value, on a table that has one.
    pub range: Option<AttributeValue>,
}

impl PrimaryKey {
    /// The key as an item of its attributes (for LastEvaluatedKey and the like).
    pub fn to_item(&self, schema: &KeySchema) -> Item {
        let mut item = Item::new();
        item.insert(schema.hash.name.clone(), self.hash.clone());
        if let (Some(r), Some(v)) = (&schema.range, &self.range) {
            item.insert(r.name.clone(), v.clone());
        }
        item
    }
}

fn key_value_bytes(v: &AttributeValue) -> usize {
    match v {
        AttributeValue::S(s) => s.len(),
        AttributeValue::B(b) => b.len(),
        AttributeValue::N(n) => n.size(),
        _ => 0,
    }
}

fn is_empty_key_value(v: &AttributeValue) -> bool {
    matches!(v, AttributeValue::S(s) if s.is_empty())
        || matches!(v, AttributeValue::B(b) if b.is_empty())
}

/// Checks one key attribute's value of an item being written.
fn check_item_key_value(
    attr: &KeyAttribute,
    value: &AttributeValue,
    is_hash: bool,
) -> DynamoResult<()> {
    if !attr.ty.matches(value) {
        return Err(Invalid::KeyTypeMismatch {
            name: attr.name.clone(),
            expected: attr.ty.as_str(),
            actual: value.value_type(),
        }
        .into());
    }
    check_key_value_content(attr, value, is_hash)
}

fn check_key_value_content(
    attr: &KeyAttribute,
    value: &AttributeValue,
    is_hash: bool,
) -> DynamoResult<()> {
    if is_empty_key_value(value) {
        return Err(Invalid::EmptyKey {
            name: attr.name.clone(),
            binary: matches!(value, AttributeValue::B(_)),
        }
        .into());
    }
    check_key_size(value, is_hash)
}

/// The key size limits: 2048 bytes for a partition key value, 1024 for a sort key value.
fn check_key_size(value: &AttributeValue, is_hash: bool) -> DynamoResult<()> {
    let size = key_value_bytes(value);
    if is_hash && size > MAX_PARTITION_KEY_BYTES {
        return Err(Invalid::HashKeyTooLarge.into());
    }
    if !is_hash && size > MAX_SORT_KEY_BYTES {
        return Err(Invalid::RangeKeyTooLarge.into());
    }
    Ok(())
}

/// The primary key of an item to be written (PutItem's `Item`).
pub fn key_of_new_item(item: &Item, schema: &KeySchema) -> DynamoResult<PrimaryKey> {
    let get = |attr: &KeyAttribute, is_hash: bool| -> DynamoResult<AttributeValue> {
        let v = item.get(&attr.name).ok_or_else(|| {
            DynamoError::from(Invalid::MissingKey {
                name: attr.name.clone(),
            })
        })?;
        check_item_key_value(attr, v, is_hash)?;
        Ok(v.clone())
    };
    let hash = get(&schema.hash, true)?;
    let range = match &schema.range {
        Some(r) => Some(get(r, false)?),
        None => None,
    };
    Ok(PrimaryKey { hash, range })
}

/// The primary key named by a `Key` parameter: exactly the key attributes, of the right types.
pub fn key_from_param(key: &Item, schema: &KeySchema) -> DynamoResult<PrimaryKey> {
    let expected = 1 + usize::from(schema.range.is_some());
    if key.len() != expected {
        return Err(Invalid::KeySchemaMismatch.into());
    }
    let get = |attr: &KeyAttribute, is_hash: bool| -> DynamoResult<AttributeValue> {
        let v = key.get(&attr.name).ok_or(Invalid::KeySchemaMismatch)?;
        if !attr.ty.matches(v) {
            return Err(Invalid::KeySchemaMismatch.into());
        }
        check_key_value_content(attr, v, is_hash)?;
        Ok(v.clone())
    };
    let hash = get(&schema.hash, true)?;
    let range = match &schema.range {
        Some(r) => Some(get(r, false)?),
        None => None,
    };
    Ok(PrimaryKey { hash, range })
}

/// An item's key values in one index: every partition-key attribute's value, then every
/// sort-key attribute's, in key-schema order.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexKey {
    /// The partition-key attributes' values.
    pub hash: Vec<AttributeValue>,
    /// The sort-key attributes' values (empty for an index without a sort key).
    pub range: Vec<AttributeValue>,
}

/// An index key named by a starting key: exactly the index's key attributes, of the right types.
pub fn index_key_from_param(key: &Item, schema: &KeySchema) -> DynamoResult<IndexKey> {
    if key.len() != schema.attributes().count() {
        return Err(Invalid::KeySchemaMismatch.into());
    }
    let value = |attr: &KeyAttribute| -> DynamoResult<AttributeValue> {
        match key.get(&attr.name) {
            Some(v) if attr.ty.matches(v) && !is_empty_key_value(v) => Ok(v.clone()),
            _ => Err(Invalid::KeySchemaMismatch.into()),
        }
    };
    Ok(IndexKey {
        hash: schema
            .hash_attributes()
            .map(value)
            .collect::<DynamoResult<_>>()?,
        range: schema
            .range_attributes()
            .map(value)
            .collect::<DynamoResult<_>>()?,
    })
}

/// An index's key values in an item, or `None` when the item is not in the (sparse) index
/// because it lacks a key attribute. A present key attribute of the wrong type, empty, or over
/// the key size limits (2048 bytes for a partition-key attribute, 1024 for a sort-key attribute,
/// each on its own) is an error.
pub fn index_key_of_item(
    item: &Item,
    schema: &KeySchema,
    index_name: &str,
) -> DynamoResult<Option<IndexKey>> {
    let get = |attr: &KeyAttribute, is_hash: bool| -> DynamoResult<Option<AttributeValue>> {
        let Some(v) = item.get(&attr.name) else {
            return Ok(None);
        };
        if !attr.ty.matches(v) {
            return Err(Invalid::IndexKeyTypeMismatch {
                name: attr.name.clone(),
                expected: attr.ty.as_str(),
                actual: v.value_type(),
                index: index_name.to_string(),
            }
            .into());
        }
        if is_empty_key_value(v) {
            return Err(Invalid::EmptyIndexKey {
                index: index_name.to_string(),
                name: attr.name.clone(),
                binary: matches!(v, AttributeValue::B(_)),
            }
            .into());
        }
        check_key_size(v, is_hash)?;
        Ok(Some(v.clone()))
    };
    // Every attribute is checked before the item is judged absent from the index: a
    // mistyped attribute is refused even when another one is missing.
    let hash: Vec<Option<AttributeValue>> = schema
        .hash_attributes()
        .map(|a| get(a, true))
        .collect::<DynamoResult<_>>()?;
    let range: Vec<Option<AttributeValue>> = schema
        .range_attributes()
        .map(|a| get(a, false))
        .collect::<DynamoResult<_>>()?;
    let hash: Option<Vec<AttributeValue>> = hash.into_iter().collect();
    let range: Option<Vec<AttributeValue>> = range.into_iter().collect();
    Ok(hash
        .zip(range)
        .map(|(hash, range)| IndexKey { hash, range }))
}
