//! A stream as the store keeps it: which table it records, how, and its shards with their
//! lineage. One definition per stream ever enabled; it outlives the table's stream setting
//! (a disabled stream stays readable until its records age out).

use serde::{Deserialize, Serialize};

use crate::schema::{KeySchema, StreamView};

/// One stream of one table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StreamDef {
    /// Storage id of the stream's records (from the catalog's id counter).
    pub id: u32,
    /// The table's name.
    pub table_name: String,
    /// The storage id of the table incarnation it records.
    pub table_id: u32,
    /// The table's ARN (the stream's ARN extends it).
    pub table_arn: String,
    /// The stream label: the enabling time, ISO 8601 with milliseconds.
    pub label: String,
    /// What each record carries.
    pub view: StreamView,
    /// The table's key schema.
    pub key: KeySchema,
    /// When the stream was enabled, in epoch seconds.
    pub created: f64,
    /// When the stream was disabled (or its table deleted), in epoch seconds.
    pub disabled: Option<f64>,
    /// Every shard not yet trimmed away, oldest first.
    pub shards: Vec<ShardDef>,
    /// The number the next shard gets.
    pub next_shard: u32,
}

/// One shard: a range of partition-key hashes over a span of time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardDef {
    /// Storage number within the stream.
    pub no: u32,
    /// The wire id, `shardId-<20-digit epoch ms>-<8 hex>` as DynamoDB forms them.
    pub id: String,
    /// The shard it continues (the one it split from or rolled over from).
    pub parent: Option<String>,
    /// First partition-key hash it holds.
    pub hash_start: u64,
    /// Last partition-key hash it holds.
    pub hash_end: u64,
    /// When it was opened, in epoch milliseconds.
    pub opened_ms: u64,
    /// Its starting sequence number: no record in it is older.
    pub starting: u64,
    /// Its ending sequence number once closed: no record in it is newer.
    pub ending: Option<u64>,
    /// When it was closed, in epoch milliseconds.
    #[serde(default)]
    pub closed_ms: Option<u64>,
    /// Records below this sequence number have been trimmed.
    pub trimmed_below: u64,
}

impl StreamDef {
    /// The stream's ARN.
    pub fn arn(&self) -> String {
        stream_arn(&self.table_arn, &self.label)
    }

    /// Whether records are still being added.
    pub fn is_enabled(&self) -> bool {
        self.disabled.is_none()
    }

    /// The shard with wire id `id`.
    pub fn shard(&self, id: &str) -> Option<&ShardDef> {
        self.shards.iter().find(|s| s.id == id)
    }

    /// The shard with storage number `no`.
    pub fn shard_by_no(&self, no: u32) -> Option<&ShardDef> {
        self.shards.iter().find(|s| s.no == no)
    }

    /// Opens a new shard over `hash_start..=hash_end`, continuing `parent`, whose records will
    /// have sequence numbers from `starting` on.
    pub fn open_shard(
        &mut self,
        (hash_start, hash_end): (u64, u64),
        parent: Option<String>,
        starting: u64,
        now_ms: u64,
    ) {
        let no = self.next_shard;
        self.next_shard += 1;
        self.shards.push(ShardDef {
            no,
            id: shard_id(self.id, no, now_ms),
            parent,
            hash_start,
            hash_end,
            opened_ms: now_ms,
            starting,
            ending: None,
            closed_ms: None,
            trimmed_below: starting,
        });
    }
}

impl ShardDef {
    /// Whether it still takes records.
    pub fn is_open(&self) -> bool {
        self.ending.is_none()
    }

    /// Closes it at `now_ms`; `last` is the newest sequence number the stream has given out.
    pub fn close(&mut self, last: u64, now_ms: u64) {
        self.ending = Some(last.max(self.starting));
        self.closed_ms = Some(now_ms);
    }

    /// Whether the partition hash `hash` falls in it.
    pub fn holds(&self, hash: u64) -> bool {
        self.hash_start <= hash && hash <= self.hash_end
    }
}

/// A stream's ARN: the table's, then `/stream/<label>`.
pub fn stream_arn(table_arn: &str, label: &str) -> String {
    format!("{table_arn}/stream/{label}")
}

/// A shard id in DynamoDB's form: `shardId-`, the opening time in 20 zero-padded digits of epoch
/// milliseconds, and 8 hex digits that tell apart shards opened in the same millisecond. The
/// time first makes a child sort after its parent, as shard walkers expect.
fn shard_id(stream_id: u32, no: u32, now_ms: u64) -> String {
    use md5::{Digest, Md5};
    let mut md5 = Md5::new();
    md5.update(stream_id.to_be_bytes());
    md5.update(no.to_be_bytes());
    let digest = md5.finalize();
    format!(
        "shardId-{now_ms:020}-{:02x}{:02x}{:02x}{:02x}",
        digest[0], digest[1], digest[2], digest[3]
    )
}

/// Sequence numbers on the wire: decimal, at least 21 digits (the model's minimum length).
pub fn sequence_to_wire(sequence: u64) -> String {
    format!("{sequence:021}")
}

/// A sequence number from the wire: decimal digits only; `None` for anything else or for a
/// number no record of ddb's can have.
pub fn sequence_from_wire(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<u64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_ids_have_dynamodbs_shape_and_sort_by_opening_time() {
        let a = shard_id(7, 0, 1_700_000_000_000);
        let b = shard_id(7, 1, 1_700_000_000_001);
        assert_eq!(a.len(), "shardId-".len() + 20 + 1 + 8);
        assert!(a.starts_with("shardId-00000001700000000000-"));
        assert!(a < b);
    }

    #[test]
    fn sequence_numbers_round_trip_with_21_digits() {
        assert_eq!(sequence_to_wire(42), "000000000000000000042");
        assert_eq!(sequence_from_wire("000000000000000000042"), Some(42));
        assert_eq!(sequence_from_wire("000000000000000000000"), Some(0));
        assert_eq!(sequence_from_wire("12a"), None);
        assert_eq!(sequence_from_wire("99999999999999999999999999"), None);
        assert_eq!(sequence_from_wire(""), None);
    }
}
