//! Ordered key-value storage for ddb: the [`Storage`] trait the engine is written against,
//! and its engines — [`MemoryStorage`] in memory, and the on-disk one.

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
    #[error("data directory {0} is in use by another ddb process")]
    Locked(PathBuf),
    #[error("storage I/O error: {0}")]
    Io(String),
}

/// One change in an atomic batch.
#[derive(Debug, Clone)]
pub enum BatchOp {
    Put(Vec<u8>, Vec<u8>),
    Delete(Vec<u8>),
}

/// Changes applied all together or not at all.
#[derive(Debug, Clone, Default)]
pub struct WriteBatch {
    pub ops: Vec<BatchOp>,
}

impl WriteBatch {
    pub fn put(&mut self, key: Vec<u8>, value: Vec<u8>) {
        self.ops.push(BatchOp::Put(key, value));
    }
    pub fn delete(&mut self, key: Vec<u8>) {
        self.ops.push(BatchOp::Delete(key));
    }
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
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
