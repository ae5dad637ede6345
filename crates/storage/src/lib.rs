//! Ordered key-value storage for ddb: the [`Storage`] trait the engine is written against, and
//! its two engines — [`FjallStorage`] on disk (the default) and [`MemoryStorage`] in memory.
//!
//! This crate owns bytes, order and durability, nothing DynamoDB-shaped: keys are opaque byte
//! strings (the engine encodes table ids, hashes and sort keys into them). What both engines
//! promise, and `tests/engines.rs` checks on both:
//! - a [`WriteBatch`] applies entirely or not at all, and no reader sees part of one;
//! - `get` returns the newest acknowledged value; `range` reads one snapshot taken when it is
//!   called, in key order or reverse, however long it runs and whatever is written meanwhile;
//! - keys are 1 to [`MAX_KEY_LEN`] bytes; a batch with another key is refused whole;
//! - on disk, an acknowledged write survives the process being killed, whatever the
//!   [`SyncPolicy`]; the policy only decides what survives the machine crashing.
//!
//! `docs/storage.md` records the design choices and the measurements behind them.

pub mod fjall_engine;
pub mod memory;

use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use fjall_engine::FjallStorage;
pub use memory::MemoryStorage;

/// When writes reach the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncPolicy {
    /// fsync before every write is acknowledged.
    Always,
    /// Writes go to the OS before they are acknowledged; fsync every given milliseconds.
    Interval(u64),
    /// Writes go to the OS before they are acknowledged; the OS decides when to fsync.
    Never,
}

/// What can go wrong in storage.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// Another process holds the data directory's lock file (the directory is named here).
    #[error("data directory {0} is in use by another ddb process")]
    Locked(PathBuf),
    /// The file system or the on-disk engine failed; the cause is kept as the error's source.
    #[error("storage I/O error")]
    Io(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A batch held a key outside `1..=MAX_KEY_LEN` bytes; nothing of the batch was applied.
    #[error("storage keys must be 1 to {MAX_KEY_LEN} bytes long, got {0} bytes")]
    KeyLength(usize),
}

/// First byte of the keys of the log: records appended in increasing key order under a few
/// prefixes and deleted from the front (the engine's stream records). An engine may keep them
/// apart from the other keys, so they are not compacted with data that is rewritten in place;
/// a range therefore never mixes log keys with others (its start says which it reads).
pub const LOG_TAG: u8 = b's';

/// The longest key the engines take (fjall stores key lengths in 16 bits). Both engines refuse
/// empty keys too, so code that works in memory works on disk.
pub const MAX_KEY_LEN: usize = u16::MAX as usize;

/// One change in an atomic batch.
#[derive(Debug, Clone)]
pub enum BatchOp {
    /// Sets the key (first) to the value (second), replacing any value it had.
    Put(Vec<u8>, Vec<u8>),
    /// Removes the key; nothing happens if it is absent.
    Delete(Vec<u8>),
}

/// Changes applied all together or not at all.
#[derive(Debug, Clone, Default)]
pub struct WriteBatch {
    /// The changes, in the order they were added.
    pub ops: Vec<BatchOp>,
}

impl WriteBatch {
    /// Adds setting `key` to `value`.
    pub fn put(&mut self, key: Vec<u8>, value: Vec<u8>) {
        self.ops.push(BatchOp::Put(key, value));
    }
    /// Adds removing `key`.
    pub fn delete(&mut self, key: Vec<u8>) {
        self.ops.push(BatchOp::Delete(key));
    }
    /// Whether the batch holds no change at all.
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }
    /// Checks every key's length, so an engine can refuse the batch before applying any of it.
    pub fn check_keys(&self) -> Result<(), StorageError> {
        for op in &self.ops {
            let (BatchOp::Put(k, _) | BatchOp::Delete(k)) = op;
            if k.is_empty() || k.len() > MAX_KEY_LEN {
                return Err(StorageError::KeyLength(k.len()));
            }
        }
        Ok(())
    }
}

/// A key-value pair from a range scan.
pub type KeyValue = (Vec<u8>, Vec<u8>);

/// An ordered key-value store with atomic batches and snapshot-consistent range scans.
pub trait Storage: Send + Sync + 'static {
    /// The value stored at `key`.
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError>;
    /// Applies every change of `batch` atomically, durably as the sync policy promises.
    fn write(&self, batch: WriteBatch) -> Result<(), StorageError>;
    /// Pairs with keys in the range, in key order (or reverse), from one consistent snapshot.
    fn range<'a>(
        &'a self,
        start: Bound<Vec<u8>>,
        end: Bound<Vec<u8>>,
        reverse: bool,
    ) -> Box<dyn Iterator<Item = Result<KeyValue, StorageError>> + 'a>;
    /// Removes every key starting with `prefix`.
    fn delete_prefix(&self, prefix: &[u8]) -> Result<(), StorageError>;
    /// Makes every acknowledged write durable (fsync); called on shutdown.
    fn flush(&self) -> Result<(), StorageError>;
}

/// Opens the engine for a data directory, or an in-memory one for `None`.
pub fn open(data_dir: Option<&Path>, sync: SyncPolicy) -> Result<Arc<dyn Storage>, StorageError> {
    match data_dir {
        None => Ok(Arc::new(MemoryStorage::new())),
        Some(dir) => Ok(Arc::new(FjallStorage::open(dir, sync)?)),
    }
}
