//! Where things live in the ordered key space.
//!
//! - catalog: `m | table name` → the table definition (JSON); `n` → the next free id.
//! - item: `d | table id | hash64(pk) | pk | sk` → the item (binary codec). The hash prefix
//!   spreads partitions as DynamoDB does, so a Scan returns partitions in hash order and a
//!   parallel-scan segment is a hash range.
//! - index entry: `i | index id | hash64(index pk) | index pk | index sk | pk | sk` → the projected
//!   item. A local index hashes the table's partition key, so it shares the partition's order.
//!
//! Key components use the order-preserving, self-delimiting encoding of `ddb_model::key_encoding`,
//! so a Query is one range scan.

use ddb_model::key_encoding::{encode_key_value, partition_hash};
use ddb_model::AttributeValue;

pub const CATALOG_TAG: u8 = b'm';
pub const NEXT_ID_KEY: &[u8] = b"n";
pub const ITEM_TAG: u8 = b'd';
pub const INDEX_TAG: u8 = b'i';

/// Catalog key of a table definition.
pub fn catalog_key(table_name: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(1 + table_name.len());
    k.push(CATALOG_TAG);
    k.extend_from_slice(table_name.as_bytes());
    k
}

/// Prefix of everything stored under one table or index id.
pub fn space_prefix(tag: u8, id: u32) -> Vec<u8> {
    let mut k = Vec::with_capacity(64);
    k.push(tag);
    k.extend_from_slice(&id.to_be_bytes());
    k
}

/// Length of [`space_prefix`].
pub const SPACE_PREFIX_LEN: usize = 5;

/// Prefix of one partition: `tag | id | hash | pk`.
pub fn partition_prefix(tag: u8, id: u32, pk: &AttributeValue) -> Vec<u8> {
    let mut k = space_prefix(tag, id);
    k.extend_from_slice(&partition_hash(pk).to_be_bytes());
    encode_key_value(pk, &mut k);
    k
}

/// Storage key of a table item.
pub fn item_key(table_id: u32, pk: &AttributeValue, sk: Option<&AttributeValue>) -> Vec<u8> {
    let mut k = partition_prefix(ITEM_TAG, table_id, pk);
    if let Some(sk) = sk {
        encode_key_value(sk, &mut k);
    }
    k
}

/// Storage key of an index entry.
pub fn index_entry_key(
    index_id: u32,
    index_pk: &AttributeValue,
    index_sk: Option<&AttributeValue>,
    pk: &AttributeValue,
    sk: Option<&AttributeValue>,
) -> Vec<u8> {
    let mut k = partition_prefix(INDEX_TAG, index_id, index_pk);
    if let Some(v) = index_sk {
        encode_key_value(v, &mut k);
    }
    encode_key_value(pk, &mut k);
    if let Some(v) = sk {
        encode_key_value(v, &mut k);
    }
    k
}

/// The hash-order position of a storage key (bytes 5..13), for parallel-scan segments.
pub fn hash_of_key(key: &[u8]) -> u64 {
    let mut h = [0u8; 8];
    h.copy_from_slice(&key[SPACE_PREFIX_LEN..SPACE_PREFIX_LEN + 8]);
    u64::from_be_bytes(h)
}

/// The first key past every key that starts with `prefix`.
pub fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < 0xff {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

/// Start of a hash segment within a space.
pub fn segment_bound(tag: u8, id: u32, hash: u64) -> Vec<u8> {
    let mut k = space_prefix(tag, id);
    k.extend_from_slice(&hash.to_be_bytes());
    k
}
