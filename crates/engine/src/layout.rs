//! Where things live in the ordered key space.
//!
//! - catalog: `m | table name` → the table definition (JSON); `n` → the next free id;
//!   `f` → the layout version ([`LAYOUT_VERSION`]).
//! - item: `d | id | hash64(pk) | pk | sk` → the item (binary codec). The hash prefix is
//!   DynamoDB's partition hash (`ddb_model::key_encoding::partition_hash`), so a Scan returns
//!   partitions in DynamoDB's order and a parallel-scan segment is a hash range.
//! - index entry: `i | id | hash64(index pk…) | index pk… | index sk… | hash24(pk, sk) | pk | sk`
//!   → the projected item. A multi-attribute key lists its values in key-schema order. A local
//!   index hashes the table's partition key, so it shares the partition's order. Entries with
//!   equal index keys are ordered by the 3-byte hash of their table key, as DynamoDB orders them.
//!
//! - stream: `x | id` → the stream's definition and shards (JSON, `crate::streams::StreamDef`).
//! - stream record: `s | id | shard u32 | sequence number u64` → one change record
//!   (`crate::streams::record`), so a shard is read in sequence-number order by one range scan.
//! - stream consumer checkpoint: `c | name` → where a trigger has got to (its own format).
//!
//! Key components use the order-preserving, self-delimiting encoding of `ddb_model::key_encoding`,
//! so a Query is one range scan. Table and index ids take 1 to 5 bytes ([`push_id`]): fjall
//! compares keys by their first four bytes before it follows a pointer to the rest, and with a
//! one-byte id those four bytes already hold two bytes of the partition hash, so most
//! comparisons of a lookup end there (measured: a third less time in the memtable search of a
//! GetItem, see bench/profile-notes.md).

use ddb_model::key_encoding::{
    encode_key_value, multi_partition_hash, partition_hash, table_key_hash,
};
use ddb_model::AttributeValue;

/// First byte of a catalog key: a table definition follows.
pub const CATALOG_TAG: u8 = b'm';
/// Key of the next free table and index id.
pub const NEXT_ID_KEY: &[u8] = b"n";
/// Key of the layout version.
pub const LAYOUT_KEY: &[u8] = b"f";

/// The version of this key layout, stored under [`LAYOUT_KEY`]. Version 1 (no such key) had
/// 4-byte big-endian ids and items without their size; version 2 ordered partitions by ddb's
/// own hash (FNV-1a). `crate::upgrade` turns either into this one.
pub const LAYOUT_VERSION: u32 = 3;
/// First byte of an item key.
pub const ITEM_TAG: u8 = b'd';
/// First byte of an index entry key.
pub const INDEX_TAG: u8 = b'i';

/// First byte of a stream definition's key.
pub const STREAM_TAG: u8 = b'x';
/// First byte of a stream record's key: the storage's log, which it may keep apart.
pub const RECORD_TAG: u8 = ddb_storage::LOG_TAG;

/// First byte of a stream consumer's checkpoint key.
pub const CHECKPOINT_TAG: u8 = b'c';

/// Key of the checkpoint of the stream consumer `name`.
pub fn checkpoint_key(name: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(1 + name.len());
    k.push(CHECKPOINT_TAG);
    k.extend_from_slice(name.as_bytes());
    k
}

/// Catalog key of a stream definition.
pub fn stream_key(stream_id: u32) -> Vec<u8> {
    space_prefix(STREAM_TAG, stream_id)
}

/// Prefix of one shard's records.
pub fn shard_prefix(stream_id: u32, shard: u32) -> Vec<u8> {
    let mut k = space_prefix(RECORD_TAG, stream_id);
    k.extend_from_slice(&shard.to_be_bytes());
    k
}

/// Storage key of one stream record.
pub fn record_key(stream_id: u32, shard: u32, sequence: u64) -> Vec<u8> {
    let mut k = shard_prefix(stream_id, shard);
    k.extend_from_slice(&sequence.to_be_bytes());
    k
}

/// The sequence number at the end of a [`record_key`].
pub fn sequence_of_record_key(key: &[u8]) -> Option<u64> {
    let tail: [u8; 8] = key.get(key.len().checked_sub(8)?..)?.try_into().ok()?;
    Some(u64::from_be_bytes(tail))
}

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
    push_id(id, &mut k);
    k
}

/// Appends `id` in 1 to 5 bytes, in an encoding that sorts as the ids do and where no id's bytes
/// begin another's: the leading one bits of the first byte count the bytes that follow. Ids
/// below 128 (the first 127 tables and indexes a database ever creates) take one byte.
pub fn push_id(id: u32, out: &mut Vec<u8>) {
    let be = id.to_be_bytes();
    match id {
        0..0x80 => out.push(be[3]),
        0x80..0x4000 => out.extend_from_slice(&[0x80 | be[2], be[3]]),
        0x4000..0x20_0000 => out.extend_from_slice(&[0xC0 | be[1], be[2], be[3]]),
        0x20_0000..0x1000_0000 => out.extend_from_slice(&[0xE0 | be[0], be[1], be[2], be[3]]),
        _ => {
            out.push(0xF0);
            out.extend_from_slice(&be);
        }
    }
}

/// Bytes of the id whose encoding starts with `first` ([`push_id`]).
fn id_len(first: u8) -> usize {
    1 + (first.leading_ones() as usize).min(4)
}

/// Length of the [`space_prefix`] that starts `key` (a tag and an id).
fn space_prefix_len(key: &[u8]) -> usize {
    1 + key.get(1).map_or(1, |&b| id_len(b))
}

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

/// Prefix of one partition of a multi-attribute partition key: `tag | id | hash | pk1 pk2 …`.
pub fn multi_partition_prefix(tag: u8, id: u32, pks: &[AttributeValue]) -> Vec<u8> {
    let mut k = space_prefix(tag, id);
    k.extend_from_slice(&multi_partition_hash(pks).to_be_bytes());
    for pk in pks {
        encode_key_value(pk, &mut k);
    }
    k
}

/// Storage key of an index entry: the index's partition, its sort-key values in order (each
/// self-delimiting, so entries sort by the tuple), then the item's table key.
pub fn index_entry_key(
    index_id: u32,
    index_pks: &[AttributeValue],
    index_sks: &[AttributeValue],
    pk: &AttributeValue,
    sk: Option<&AttributeValue>,
) -> Vec<u8> {
    let mut k = match index_pks {
        [one] => partition_prefix(INDEX_TAG, index_id, one),
        many => multi_partition_prefix(INDEX_TAG, index_id, many),
    };
    for v in index_sks {
        encode_key_value(v, &mut k);
    }
    // Entries with equal index keys follow the hash of their table key, as in DynamoDB (per
    // dynalite), not the table key's own order.
    k.extend_from_slice(&table_key_hash(pk, sk));
    encode_key_value(pk, &mut k);
    if let Some(v) = sk {
        encode_key_value(v, &mut k);
    }
    k
}

/// The hash-order position of a storage key (the 8 bytes after its space prefix), for
/// parallel-scan segments.
pub fn hash_of_key(key: &[u8]) -> u64 {
    let at = space_prefix_len(key);
    let mut h = [0u8; 8];
    h.copy_from_slice(&key[at..at + 8]);
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn id_bytes(id: u32) -> Vec<u8> {
        let mut out = Vec::new();
        push_id(id, &mut out);
        out
    }

    #[test]
    fn ids_take_one_to_five_bytes_at_the_edges() {
        for (id, len) in [
            (0, 1),
            (0x7f, 1),
            (0x80, 2),
            (0x3fff, 2),
            (0x4000, 3),
            (0x1f_ffff, 3),
            (0x20_0000, 4),
            (0x0fff_ffff, 4),
            (0x1000_0000, 5),
            (u32::MAX, 5),
        ] {
            let bytes = id_bytes(id);
            assert_eq!(bytes.len(), len, "id {id:#x}");
            assert_eq!(id_len(bytes[0]), len, "id {id:#x}");
        }
    }

    #[test]
    fn the_hash_follows_the_prefix_whatever_the_id_length() {
        let pk = AttributeValue::S("k".into());
        for id in [5, 300, 70_000, 3_000_000, 300_000_000] {
            let key = item_key(id, &pk, None);
            assert_eq!(hash_of_key(&key), partition_hash(&pk), "id {id}");
            assert_eq!(space_prefix_len(&key), space_prefix(ITEM_TAG, id).len());
        }
    }

    fn any_id() -> impl Strategy<Value = u32> {
        prop_oneof![0u32..0x100, 0u32..0x5000, 0u32..0x30_0000, any::<u32>()]
    }

    proptest! {
        /// Ids sort as their encodings do, and no encoding begins another: a prefix scan of one
        /// table never reaches into another's keys.
        #[test]
        fn id_encoding_sorts_and_is_prefix_free(a in any_id(), b in any_id()) {
            let (ea, eb) = (id_bytes(a), id_bytes(b));
            prop_assert_eq!(a.cmp(&b), ea.cmp(&eb));
            if a != b {
                prop_assert!(!eb.starts_with(&ea) && !ea.starts_with(&eb));
            }
        }
    }
}
