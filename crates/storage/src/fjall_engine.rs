//! The on-disk engine, on fjall (a pure-Rust LSM tree with a write-ahead journal).
//!
//! Every batch is one fjall batch, so an item and its index entries land together. Before
//! `write` returns, the journal is handed to the operating system (`PersistMode::Buffer`), so an
//! acknowledged write survives the process being killed; `SyncPolicy` decides when it is also
//! fsync'd, which is what survives the machine crashing.

use std::fs::{File, OpenOptions};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use fjall::{Database, Keyspace, KeyspaceCreateOptions, PersistMode};

use crate::{BatchOp, KeyValue, Storage, StorageError, SyncPolicy, WriteBatch};

const LOCK_FILE: &str = "ddb.lock";

fn io(e: impl std::fmt::Display) -> StorageError {
    StorageError::Io(e.to_string())
}

/// ddb's data in a directory on disk.
pub struct FjallStorage {
    db: Database,
    data: Keyspace,
    sync: SyncPolicy,
    stop: Arc<AtomicBool>,
    syncer: Option<JoinHandle<()>>,
    /// Held for the life of the storage: the OS lock that keeps a second server out.
    _lock: File,
}

/// Takes the directory's exclusive lock, or reports who holds it.
fn lock_directory(dir: &Path) -> Result<File, StorageError> {
    std::fs::create_dir_all(dir).map_err(io)?;
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(LOCK_FILE))
        .map_err(io)?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(StorageError::Locked(PathBuf::from(dir))),
        Err(std::fs::TryLockError::Error(e)) => Err(io(e)),
    }
}

impl FjallStorage {
    /// Opens (or creates) the data directory `dir`.
    pub fn open(dir: &Path, sync: SyncPolicy) -> Result<FjallStorage, StorageError> {
        let lock = lock_directory(dir)?;
        let db = Database::builder(dir.join("fjall")).open().map_err(io)?;
        let data = db
            .keyspace("data", KeyspaceCreateOptions::default)
            .map_err(io)?;
        let stop = Arc::new(AtomicBool::new(false));
        let syncer = match sync {
            SyncPolicy::Interval(ms) => {
                let db = db.clone();
                let stop = stop.clone();
                Some(std::thread::spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        std::thread::sleep(Duration::from_millis(ms.max(1)));
                        let _ = db.persist(PersistMode::SyncAll);
                    }
                }))
            }
            _ => None,
        };
        Ok(FjallStorage {
            db,
            data,
            sync,
            stop,
            syncer,
            _lock: lock,
        })
    }

    /// Bytes the database takes on disk.
    pub fn disk_space(&self) -> u64 {
        self.db.disk_space().unwrap_or(0)
    }
}

impl Drop for FjallStorage {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.syncer.take() {
            let _ = t.join();
        }
        let _ = self.db.persist(PersistMode::SyncAll);
    }
}

impl Storage for FjallStorage {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        Ok(self.data.get(key).map_err(io)?.map(|v| v.to_vec()))
    }

    fn write(&self, batch: WriteBatch) -> Result<(), StorageError> {
        let mode = match self.sync {
            SyncPolicy::Always => PersistMode::SyncAll,
            SyncPolicy::Interval(_) | SyncPolicy::Never => PersistMode::Buffer,
        };
        let mut b = self.db.batch().durability(Some(mode));
        for op in batch.ops {
            match op {
                BatchOp::Put(k, v) => b.insert(&self.data, k, v),
                BatchOp::Delete(k) => b.remove(&self.data, k),
            }
        }
        b.commit().map_err(io)
    }

    fn range<'a>(
        &'a self,
        start: Bound<Vec<u8>>,
        end: Bound<Vec<u8>>,
        reverse: bool,
    ) -> Box<dyn Iterator<Item = Result<KeyValue, StorageError>> + 'a> {
        if crate::memory::empty_range(&start, &end) {
            return Box::new(std::iter::empty());
        }
        let iter = self.data.range::<Vec<u8>, _>((start, end));
        let convert = |g: fjall::Guard| {
            g.into_inner()
                .map(|(k, v)| (k.to_vec(), v.to_vec()))
                .map_err(io)
        };
        if reverse {
            Box::new(iter.rev().map(convert))
        } else {
            Box::new(iter.map(convert))
        }
    }

    fn delete_prefix(&self, prefix: &[u8]) -> Result<(), StorageError> {
        // Deleted in bounded batches so a huge table never builds one giant batch.
        loop {
            let keys: Vec<Vec<u8>> = self
                .data
                .prefix(prefix)
                .take(10_000)
                .map(|g| g.key().map(|k| k.to_vec()))
                .collect::<Result<_, _>>()
                .map_err(io)?;
            if keys.is_empty() {
                return Ok(());
            }
            let mut b = self.db.batch().durability(Some(PersistMode::Buffer));
            for k in keys {
                b.remove(&self.data, k);
            }
            b.commit().map_err(io)?;
        }
    }

    fn flush(&self) -> Result<(), StorageError> {
        self.db.persist(PersistMode::SyncAll).map_err(io)
    }
}
