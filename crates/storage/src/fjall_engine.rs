//! The on-disk engine, on fjall (a pure-Rust LSM tree with a write-ahead journal).
//!
//! Every batch is one fjall batch, so an item and its index entries land together. Before
//! `write` returns, the journal is handed to the operating system (`PersistMode::Buffer`), so an
//! acknowledged write survives the process being killed; `SyncPolicy` decides when it is also
//! fsync'd, which is what survives the machine crashing.
//!
//! Reads go through a fjall snapshot: `Keyspace::get`/`range` read at the newest sequence number,
//! which can include a batch still being applied to the memtable, so a reader could see half of
//! it. A snapshot reads only published batches, and a range keeps its snapshot while it runs.

use std::fs::{File, OpenOptions};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use fjall::{Database, Keyspace, KeyspaceCreateOptions, PersistMode, Readable};

use crate::{BatchOp, KeyValue, Storage, StorageError, SyncPolicy, WriteBatch};

const LOCK_FILE: &str = "ddb.lock";
/// The live database, inside the data directory.
const LIVE: &str = "fjall";
/// A database being rebuilt beside the live one ([`FjallStorage::rebuild`]).
const NEXT: &str = "fjall.next";
/// The previous live database, between the two renames that end a rebuild.
const PREVIOUS: &str = "fjall.old";

fn io(e: impl std::error::Error + Send + Sync + 'static) -> StorageError {
    StorageError::Io(Box::new(e))
}

/// ddb's data in a directory on disk.
pub struct FjallStorage {
    db: Database,
    data: Keyspace,
    log: Keyspace,
    sync: SyncPolicy,
    /// The `Interval` fsync thread; dropping the sender wakes it to stop at once.
    syncer: Option<(Sender<()>, JoinHandle<()>)>,
    /// Held for the life of the storage: the OS lock that keeps a second server out (`None`
    /// for the two databases a rebuild opens under its own lock).
    _lock: Option<File>,
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
    ///
    /// A rebuild that was interrupted (the process killed) is settled first: one that had not
    /// finished writing is thrown away, so the directory opens as it was before it; one that had
    /// finished but not swapped in is swapped in.
    pub fn open(dir: &Path, sync: SyncPolicy) -> Result<FjallStorage, StorageError> {
        let lock = lock_directory(dir)?;
        settle_interrupted_rebuild(dir)?;
        FjallStorage::open_database(&dir.join(LIVE), sync, Some(lock))
    }

    fn open_database(
        path: &Path,
        sync: SyncPolicy,
        lock: Option<File>,
    ) -> Result<FjallStorage, StorageError> {
        let db = Database::builder(path).open().map_err(io)?;
        let data = db
            .keyspace("data", KeyspaceCreateOptions::default)
            .map_err(io)?;
        let log = db
            .keyspace("log", KeyspaceCreateOptions::default)
            .map_err(io)?;
        move_log_keys(&db, &data, &log)?;
        let syncer = match sync {
            SyncPolicy::Interval(ms) => Some(spawn_syncer(db.clone(), ms)?),
            SyncPolicy::Always | SyncPolicy::Never => None,
        };
        Ok(FjallStorage {
            db,
            data,
            log,
            sync,
            syncer,
            _lock: lock,
        })
    }

    /// Rewrites the data directory `dir` into a new database and puts it in place of the old
    /// one, crash-safely: `write` copies what it wants from the old database (first argument)
    /// into the new, empty one (second). The new database is written beside the live one
    /// (`fjall.next`), made durable, and only then swapped in by two renames; until the first
    /// rename the old database is untouched and is what [`FjallStorage::open`] opens after a
    /// crash; after it, `open` finishes the swap. Returns the storage open on the result.
    pub fn rebuild<E: From<StorageError>>(
        dir: &Path,
        sync: SyncPolicy,
        write: impl FnOnce(&FjallStorage, &FjallStorage) -> Result<(), E>,
    ) -> Result<FjallStorage, E> {
        let lock = lock_directory(dir)?;
        settle_interrupted_rebuild(dir)?;
        let next = dir.join(NEXT);
        {
            let old = FjallStorage::open_database(&dir.join(LIVE), SyncPolicy::Never, None)?;
            let new = FjallStorage::open_database(&next, SyncPolicy::Never, None)?;
            write(&old, &new)?;
            new.flush()?;
        }
        std::fs::rename(dir.join(LIVE), dir.join(PREVIOUS)).map_err(io)?;
        sync_directory(dir)?;
        std::fs::rename(&next, dir.join(LIVE)).map_err(io)?;
        sync_directory(dir)?;
        std::fs::remove_dir_all(dir.join(PREVIOUS)).map_err(io)?;
        Ok(FjallStorage::open_database(
            &dir.join(LIVE),
            sync,
            Some(lock),
        )?)
    }

    /// How far each commit pushes the journal before `write` returns. Never less than `Buffer`:
    /// that is what makes an acknowledged write survive the process being killed.
    fn persist_mode(&self) -> PersistMode {
        match self.sync {
            SyncPolicy::Always => PersistMode::SyncAll,
            SyncPolicy::Interval(_) | SyncPolicy::Never => PersistMode::Buffer,
        }
    }

    /// Bytes the database takes on disk.
    pub fn disk_space(&self) -> u64 {
        self.db.disk_space().unwrap_or(0)
    }
}

/// Finishes or undoes a [`FjallStorage::rebuild`] that a crash interrupted (see there).
fn settle_interrupted_rebuild(dir: &Path) -> Result<(), StorageError> {
    let (live, next, previous) = (dir.join(LIVE), dir.join(NEXT), dir.join(PREVIOUS));
    if !live.exists() && previous.exists() && next.exists() {
        // Killed between the two renames: the new database was complete.
        std::fs::rename(&next, &live).map_err(io)?;
        sync_directory(dir)?;
    }
    if next.exists() {
        // Killed while the new database was being written: the live one is still whole.
        std::fs::remove_dir_all(&next).map_err(io)?;
    }
    if previous.exists() && live.exists() {
        std::fs::remove_dir_all(&previous).map_err(io)?;
    }
    Ok(())
}

/// Makes renames inside `dir` durable.
fn sync_directory(dir: &Path) -> Result<(), StorageError> {
    File::open(dir).and_then(|d| d.sync_all()).map_err(io)
}

/// Fsyncs the journal every `ms` milliseconds until its channel's sender is dropped.
fn spawn_syncer(db: Database, ms: u64) -> Result<(Sender<()>, JoinHandle<()>), StorageError> {
    let (stop, stopped) = mpsc::channel::<()>();
    let every = Duration::from_millis(ms.max(1));
    let thread = std::thread::Builder::new()
        .name("ddb-fsync".into())
        .spawn(move || loop {
            match stopped.recv_timeout(every) {
                Err(RecvTimeoutError::Timeout) => {
                    // A failed fsync poisons fjall, and the next write reports it.
                    let _ = db.persist(PersistMode::SyncAll);
                }
                Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
            }
        })
        .map_err(io)?;
    Ok((stop, thread))
}

impl Drop for FjallStorage {
    fn drop(&mut self) {
        if let Some((stop, thread)) = self.syncer.take() {
            drop(stop);
            let _ = thread.join();
        }
        let _ = self.db.persist(PersistMode::SyncAll);
    }
}

impl FjallStorage {
    /// The keyspace `key` lives in: the log's own ([`crate::LOG_TAG`]) or the data's.
    fn space(&self, key: &[u8]) -> &Keyspace {
        if key.first() == Some(&crate::LOG_TAG) {
            &self.log
        } else {
            &self.data
        }
    }
}

impl FjallStorage {
    /// The keyspace that holds every key of the range `start..end`, when one does: the log's
    /// for a range inside `[LOG_TAG]..[LOG_TAG + 1]`, the data's for one that does not reach
    /// into it (the data keyspace holds no log key, so a range across the log's span reads the
    /// data alone correctly only when it does not need the log: that is the split case).
    fn sole_space(&self, start: &Bound<Vec<u8>>, end: &Bound<Vec<u8>>) -> Option<&Keyspace> {
        let (log_start, log_end) = ([crate::LOG_TAG], [crate::LOG_TAG + 1]);
        let starts_before_log_end = match start {
            Bound::Unbounded => true,
            Bound::Included(s) | Bound::Excluded(s) => s.as_slice() < log_end.as_slice(),
        };
        let ends_after_log_start = match end {
            Bound::Unbounded => true,
            Bound::Included(e) => e.as_slice() >= log_start.as_slice(),
            Bound::Excluded(e) => e.as_slice() > log_start.as_slice(),
        };
        if !(starts_before_log_end && ends_after_log_start) {
            return Some(&self.data);
        }
        let starts_in_log = match start {
            Bound::Unbounded => false,
            Bound::Included(s) | Bound::Excluded(s) => s.as_slice() >= log_start.as_slice(),
        };
        let ends_in_log = match end {
            Bound::Unbounded => false,
            Bound::Included(e) => e.as_slice() < log_end.as_slice(),
            Bound::Excluded(e) => e.as_slice() <= log_end.as_slice(),
        };
        (starts_in_log && ends_in_log).then_some(&self.log)
    }
}

/// A range of keys.
type KeyBounds = (Bound<Vec<u8>>, Bound<Vec<u8>>);

/// The part of the range `start..end` between `low` (inclusive) and `high` (exclusive), `None`
/// when it is empty.
fn clip(
    start: &Bound<Vec<u8>>,
    end: &Bound<Vec<u8>>,
    low: Option<&Vec<u8>>,
    high: Option<&Vec<u8>>,
) -> Option<KeyBounds> {
    let start = match (start, low) {
        (Bound::Unbounded, Some(l)) => Bound::Included(l.clone()),
        (Bound::Included(s) | Bound::Excluded(s), Some(l)) if s < l => Bound::Included(l.clone()),
        (s, _) => s.clone(),
    };
    let end = match (end, high) {
        (Bound::Unbounded, Some(h)) => Bound::Excluded(h.clone()),
        (Bound::Included(e) | Bound::Excluded(e), Some(h)) if e >= h => Bound::Excluded(h.clone()),
        (e, _) => e.clone(),
    };
    (!crate::memory::empty_range(&start, &end)).then_some((start, end))
}

/// Moves log keys that an earlier ddb kept in the data keyspace (ddb before the log had its own,
/// 2026-12-05) into the log keyspace: in batches, each one atomic across the two keyspaces, so a
/// crash midway leaves every key in one place or the other, and the next open moves the rest.
fn move_log_keys(db: &Database, data: &Keyspace, log: &Keyspace) -> Result<(), StorageError> {
    loop {
        let pairs: Vec<(fjall::Slice, fjall::Slice)> = db
            .snapshot()
            .prefix(data, [crate::LOG_TAG])
            .take(10_000)
            .map(|g| g.into_inner())
            .collect::<Result<_, _>>()
            .map_err(io)?;
        if pairs.is_empty() {
            return Ok(());
        }
        let mut b = db.batch().durability(Some(PersistMode::SyncAll));
        for (k, v) in pairs {
            b.insert(log, k.clone(), v);
            b.remove(data, k);
        }
        b.commit().map_err(io)?;
    }
}

impl Storage for FjallStorage {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        let snapshot = self.db.snapshot();
        Ok(snapshot
            .get(self.space(key), key)
            .map_err(io)?
            .map(|v| v.to_vec()))
    }

    fn write(&self, batch: WriteBatch) -> Result<(), StorageError> {
        // fjall panics on such keys; refuse the whole batch instead.
        batch.check_keys()?;
        let mut b = self.db.batch().durability(Some(self.persist_mode()));
        for op in batch.ops {
            match op {
                BatchOp::Put(k, v) => b.insert(self.space(&k), k, v),
                BatchOp::Delete(k) => b.remove(self.space(&k), k),
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
        let convert = |g: fjall::Guard| {
            g.into_inner()
                .map(|(k, v)| (k.to_vec(), v.to_vec()))
                .map_err(io)
        };
        let snapshot = self.db.snapshot();
        // Almost every range (an item read, a page of a table or index, a shard's records)
        // lies in one keyspace: read it with its bounds as given, without splitting them.
        if let Some(space) = self.sole_space(&start, &end) {
            let iter = snapshot.range::<Vec<u8>, _>(space, (start, end));
            return if reverse {
                Box::new(iter.rev().map(convert))
            } else {
                Box::new(iter.map(convert))
            };
        }
        // The log's keys are all those from [LOG_TAG] up to [LOG_TAG + 1], so a range that
        // spans them reads the data below, the log, then the data above, in one snapshot.
        let (log_start, log_end) = (vec![crate::LOG_TAG], vec![crate::LOG_TAG + 1]);
        let parts = [
            (&self.data, clip(&start, &end, None, Some(&log_start))),
            (
                &self.log,
                clip(&start, &end, Some(&log_start), Some(&log_end)),
            ),
            (&self.data, clip(&start, &end, Some(&log_end), None)),
        ];
        let mut iters: Vec<Box<dyn DoubleEndedIterator<Item = fjall::Guard>>> = Vec::new();
        for (space, bounds) in parts {
            if let Some(bounds) = bounds {
                iters.push(Box::new(snapshot.range::<Vec<u8>, _>(space, bounds)));
            }
        }
        if reverse {
            Box::new(iters.into_iter().rev().flat_map(|i| i.rev()).map(convert))
        } else {
            Box::new(iters.into_iter().flatten().map(convert))
        }
    }

    fn delete_prefix(&self, prefix: &[u8]) -> Result<(), StorageError> {
        // An LSM has no cheap range delete here: every key gets a tombstone, in bounded batches
        // so dropping a huge table never builds one giant journal entry. Not atomic as a whole;
        // the engine never reuses a dropped table's id, so nobody reads a half-deleted prefix.
        loop {
            let keys: Vec<Vec<u8>> = self
                .db
                .snapshot()
                .prefix(self.space(prefix), prefix)
                .take(10_000)
                .map(|g| g.key().map(|k| k.to_vec()))
                .collect::<Result<_, _>>()
                .map_err(io)?;
            if keys.is_empty() {
                return Ok(());
            }
            let mut b = self.db.batch().durability(Some(self.persist_mode()));
            for k in keys {
                b.remove(self.space(&k), k);
            }
            b.commit().map_err(io)?;
        }
    }

    fn flush(&self) -> Result<(), StorageError> {
        self.db.persist(PersistMode::SyncAll).map_err(io)
    }
}
