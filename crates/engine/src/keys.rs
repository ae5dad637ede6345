//! Primary keys: taking them out of items and `Key` parameters, with DynamoDB's checks on
//! presence, type, emptiness and size.

use ddb_expr::Path;
use ddb_model::{AttributeValue, DynamoError, DynamoResult, Item};

use crate::schema::{KeyAttribute, KeySchema, TableDef};

/// Largest partition key value, in bytes.
pub const MAX_PARTITION_KEY_BYTES: usize = 2048;
/// Largest sort key value, in bytes.
pub const MAX_SORT_KEY_BYTES: usize = 1024;

/// A batch names one item twice (BatchGetItem, BatchWriteItem).
pub const MSG_DUPLICATE_KEYS: &str = "Provided list of item keys contains duplicates";

/// A key names attributes other than the schema's, or has a value of the wrong type.
pub const MSG_KEY_SCHEMA_MISMATCH: &str = "The provided key element does not match the schema";
/// Start of the message for a written item's key attribute of the wrong type.
const MSG_KEY_TYPE_MISMATCH: &str =
    "One or more parameter values were invalid: Type mismatch for key ";

/// Whether `e` says a key does not fit the table's key schema (missing, extra or mistyped):
/// in a transaction that cancels the one action rather than failing the request.
pub fn is_key_misfit(e: &DynamoError) -> bool {
    e.message == MSG_KEY_SCHEMA_MISMATCH || e.message.starts_with(MSG_KEY_TYPE_MISMATCH)
}
const MSG_HASH_KEY_TOO_LARGE: &str =
    "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes";
const MSG_RANGE_KEY_TOO_LARGE: &str =
    "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes";

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
    let refuse = |which: &str, name: &str| {
        Err(DynamoError::validation(format!(
            "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: {which}: {name}"
        )))
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

fn empty_key_message(name: &str) -> String {
    format!(
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty {} value. Key: {name}",
        "string"
    )
}

fn empty_binary_key_message(name: &str) -> String {
    format!(
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: {name}"
    )
}

/// Checks one key attribute's value of an item being written.
fn check_item_key_value(
    attr: &KeyAttribute,
    value: &AttributeValue,
    is_hash: bool,
) -> DynamoResult<()> {
    if !attr.ty.matches(value) {
        return Err(DynamoError::validation(format!(
            "{MSG_KEY_TYPE_MISMATCH}{} expected: {} actual: {}",
            attr.name,
            attr.ty.as_str(),
            value.value_type()
        )));
    }
    check_key_value_content(attr, value, is_hash)
}

fn check_key_value_content(
    attr: &KeyAttribute,
    value: &AttributeValue,
    is_hash: bool,
) -> DynamoResult<()> {
    if is_empty_key_value(value) {
        return Err(DynamoError::validation(match value {
            AttributeValue::B(_) => empty_binary_key_message(&attr.name),
            _ => empty_key_message(&attr.name),
        }));
    }
    let size = key_value_bytes(value);
    if is_hash && size > MAX_PARTITION_KEY_BYTES {
        return Err(DynamoError::validation(MSG_HASH_KEY_TOO_LARGE));
    }
    if !is_hash && size > MAX_SORT_KEY_BYTES {
        return Err(DynamoError::validation(MSG_RANGE_KEY_TOO_LARGE));
    }
    Ok(())
}

/// The primary key of an item to be written (PutItem's `Item`).
pub fn key_of_new_item(item: &Item, schema: &KeySchema) -> DynamoResult<PrimaryKey> {
    let get = |attr: &KeyAttribute, is_hash: bool| -> DynamoResult<AttributeValue> {
        let v = item.get(&attr.name).ok_or_else(|| {
            DynamoError::validation(format!(
                "One or more parameter values were invalid: Missing the key {} in the item",
                attr.name
            ))
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
        return Err(DynamoError::validation(MSG_KEY_SCHEMA_MISMATCH));
    }
    let get = |attr: &KeyAttribute, is_hash: bool| -> DynamoResult<AttributeValue> {
        let v = key
            .get(&attr.name)
            .ok_or_else(|| DynamoError::validation(MSG_KEY_SCHEMA_MISMATCH))?;
        if !attr.ty.matches(v) {
            return Err(DynamoError::validation(MSG_KEY_SCHEMA_MISMATCH));
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

/// An index's key values in an item, or `None` when the item is not in the (sparse) index
/// because it lacks a key attribute. A present key attribute of the wrong type is an error.
pub fn index_key_of_item(
    item: &Item,
    schema: &KeySchema,
    index_name: &str,
) -> DynamoResult<Option<PrimaryKey>> {
    let get = |attr: &KeyAttribute| -> DynamoResult<Option<AttributeValue>> {
        match item.get(&attr.name) {
            None => Ok(None),
            Some(v) if attr.ty.matches(v) => {
                if is_empty_key_value(v) {
                    return Err(DynamoError::validation(format!(
                        "One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: {index_name}, IndexKey: {}",
                        attr.name
                    )));
                }
                Ok(Some(v.clone()))
            }
            Some(v) => Err(DynamoError::validation(format!(
                "One or more parameter values were invalid: Type mismatch for Index Key {} Expected: {} Actual: {} IndexName: {index_name}",
                attr.name,
                attr.ty.as_str(),
                v.value_type()
            ))),
        }
    };
    let Some(hash) = get(&schema.hash)? else {
        return Ok(None);
    };
    let range = match &schema.range {
        Some(r) => match get(r)? {
            Some(v) => Some(v),
            None => return Ok(None),
        },
        None => None,
    };
    Ok(Some(PrimaryKey { hash, range }))
}
