//! Trimming: records older than the retention leave their shard, a closed shard leaves its
//! stream once its time is over, and a disabled stream leaves the database with its last shard.

use std::ops::Bound;

use ddb_model::DynamoResult;
use ddb_storage::{Storage, WriteBatch};

use super::record::ChangeRecord;
use super::{save, LiveStream, Streams};
use crate::catalog::storage_error;
use crate::layout::{prefix_end, record_key, sequence_of_record_key, shard_prefix, stream_key};

/// Records deleted per batch while trimming, so a long backlog never builds one huge batch.
const TRIM_BATCH: usize = 1000;

impl Streams {
    /// Trims what has aged out at `now_ms`; returns how many records went.
    pub fn trim(&self, storage: &dyn Storage, now_ms: u64) -> DynamoResult<usize> {
        let retention = u64::try_from(self.config.retention.as_millis()).unwrap_or(u64::MAX);
        let cutoff = now_ms.saturating_sub(retention);
        let mut trimmed = 0;
        for live in self.all() {
            trimmed += live.trim(storage, cutoff)?;
            if live.is_gone() {
                let mut batch = WriteBatch::default();
                batch.delete(stream_key(live.id));
                storage.write(batch).map_err(storage_error)?;
                self.forget(live.id);
            }
        }
        Ok(trimmed)
    }
}

impl LiveStream {
    /// Deletes records written before `cutoff` (epoch ms) and drops closed shards closed
    /// before it.
    fn trim(&self, storage: &dyn Storage, cutoff: u64) -> DynamoResult<usize> {
        let mut state = self.state.lock();
        let visible = state.visible_below();
        let mut trimmed = 0;
        let mut changed = false;
        for shard in &mut state.def.shards {
            let start = record_key(self.id, shard.no, shard.trimmed_below);
            let end = record_key(self.id, shard.no, visible);
            let mut batch = WriteBatch::default();
            let mut below = shard.trimmed_below;
            for kv in storage.range(Bound::Included(start), Bound::Excluded(end), false) {
                let (key, value) = kv.map_err(storage_error)?;
                if ChangeRecord::stored_at_ms(&value).is_some_and(|at| at >= cutoff) {
                    break;
                }
                if let Some(sequence) = sequence_of_record_key(&key) {
                    below = sequence + 1;
                }
                batch.delete(key);
                trimmed += 1;
                if trimmed % TRIM_BATCH == 0 {
                    storage
                        .write(std::mem::take(&mut batch))
                        .map_err(storage_error)?;
                }
            }
            if !batch.is_empty() {
                storage.write(batch).map_err(storage_error)?;
            }
            if below != shard.trimmed_below {
                shard.trimmed_below = below;
                changed = true;
            }
        }
        let before = state.def.shards.len();
        let (gone, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut state.def.shards)
            .into_iter()
            .partition(|s| s.closed_ms.is_some_and(|at| at < cutoff));
        state.def.shards = kept;
        for shard in &gone {
            let prefix = shard_prefix(self.id, shard.no);
            let end = prefix_end(&prefix).map_or(Bound::Unbounded, Bound::Excluded);
            let mut batch = WriteBatch::default();
            for kv in storage.range(Bound::Included(prefix), end, false) {
                batch.delete(kv.map_err(storage_error)?.0);
            }
            if !batch.is_empty() {
                storage.write(batch).map_err(storage_error)?;
            }
        }
        if changed || state.def.shards.len() != before {
            save(storage, &state.def)?;
        }
        Ok(trimmed)
    }

    /// Whether the stream is disabled and has no shard left to read.
    fn is_gone(&self) -> bool {
        let state = self.state.lock();
        !state.def.is_enabled() && state.def.shards.is_empty()
    }
}
