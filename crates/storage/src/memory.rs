//! The in-memory engine: a multi-version ordered map on a lock-free skip list.
//!
//! Every key version is stored under `(key, sequence number)`, newest first. A write batch takes
//! the next sequence number, inserts all its versions, and only then publishes that number as
//! visible, so a reader that loaded the visible number sees a batch entirely or not at all.
//! Readers never take a lock held by a writer: `get` reads at the visible number, and `range`
//! registers its number as a snapshot and iterates the live skip list, skipping newer versions,
//! so a scan of any length sees one consistent state while writes go on.
//!
//! Old versions are pruned by the writer once no registered snapshot can still see them (see
//! [`Writer::garbage`]). Why not a `RwLock<BTreeMap>`: a scan would have to hold the lock for its
//! whole length (blocking writers) or copy chunks and give up the snapshot; measured in
//! `docs/storage.md`.

use std::collections::{BTreeMap, VecDeque};
use std::ops::Bound;
use std::sync::atomic::{AtomicU64, Ordering};

use crossbeam_skiplist::map::{Entry, Range};
use crossbeam_skiplist::SkipMap;
use parking_lot::Mutex;

use crate::{BatchOp, KeyValue, Storage, StorageError, WriteBatch};

/// One version of one key. Ordered by key, then newest (highest sequence number) first, so a
/// lookup of `(key, s)` lands on the newest version a reader at `s` may see.
#[derive(Debug, PartialEq, Eq)]
struct Version {
    key: Vec<u8>,
    seq: u64,
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key
            .cmp(&other.key)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A version seen through borrowed parts, so lookups need not allocate a key: the skip list
/// searches by any `Q` its keys borrow as, and both `Version` and `Probe` borrow as this.
trait VersionRef {
    fn key(&self) -> &[u8];
    fn seq(&self) -> u64;
}

impl VersionRef for Version {
    fn key(&self) -> &[u8] {
        &self.key
    }
    fn seq(&self) -> u64 {
        self.seq
    }
}

/// A lookup target: a borrowed key at a sequence number.
struct Probe<'k>(&'k [u8], u64);

impl VersionRef for Probe<'_> {
    fn key(&self) -> &[u8] {
        self.0
    }
    fn seq(&self) -> u64 {
        self.1
    }
}

impl<'a> std::borrow::Borrow<dyn VersionRef + 'a> for Version {
    fn borrow(&self) -> &(dyn VersionRef + 'a) {
        self
    }
}

impl Ord for dyn VersionRef + '_ {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key()
            .cmp(other.key())
            .then_with(|| other.seq().cmp(&self.seq()))
    }
}

impl PartialOrd for dyn VersionRef + '_ {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for dyn VersionRef + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for dyn VersionRef + '_ {}

/// `None` is a tombstone: the key was deleted at that version.
type Versions = SkipMap<Version, Option<Vec<u8>>>;
type VersionEntry<'a> = Entry<'a, Version, Option<Vec<u8>>>;

/// State only writers touch, behind one mutex: batches are applied one at a time (they are
/// short: skip-list inserts), which is what makes publishing one sequence number enough.
struct Writer {
    next_seq: u64,
    /// Keys that got a newer version (or a tombstone), with its sequence number, oldest first.
    /// Once every live snapshot is at or past that number, the older versions are unreachable.
    garbage: VecDeque<(u64, Vec<u8>)>,
}

/// Everything in memory; gone when the process ends.
pub struct MemoryStorage {
    map: Versions,
    /// The newest sequence number whose batch is completely in `map`.
    visible: AtomicU64,
    writer: Mutex<Writer>,
    /// Sequence numbers of open range scans, with how many scans use each.
    snapshots: Mutex<BTreeMap<u64, usize>>,
}

impl Default for MemoryStorage {
    fn default() -> Self {
        MemoryStorage::new()
    }
}

impl MemoryStorage {
    /// An empty store; everything in it is lost when it is dropped.
    pub fn new() -> MemoryStorage {
        MemoryStorage {
            map: SkipMap::new(),
            visible: AtomicU64::new(0),
            writer: Mutex::new(Writer {
                next_seq: 1,
                garbage: VecDeque::new(),
            }),
            snapshots: Mutex::new(BTreeMap::new()),
        }
    }

    /// Number of stored versions, live or not yet pruned (for tests and measurements).
    pub fn version_count(&self) -> usize {
        self.map.len()
    }

    /// The newest version of `key` at or below `seq` (a tombstone included).
    fn newest<'a>(&'a self, key: &[u8], seq: u64) -> Option<VersionEntry<'a>> {
        let probe = Probe(key, seq);
        self.map
            .lower_bound(Bound::Included(&probe as &dyn VersionRef))
            .filter(|e| e.key().key == key)
    }

    fn apply(&self, ops: Vec<BatchOp>) {
        let mut w = self.writer.lock();
        let seq = w.next_seq;
        w.next_seq += 1;
        for op in ops {
            let (key, value) = match op {
                BatchOp::Put(k, v) => (k, Some(v)),
                BatchOp::Delete(k) => (k, None),
            };
            let existed = self.newest(&key, u64::MAX).is_some();
            if !existed && value.is_none() {
                // Deleting a key that has no version at all changes nothing.
                continue;
            }
            if existed {
                w.garbage.push_back((seq, key.clone()));
            }
            self.map.insert(Version { key, seq }, value);
        }
        self.visible.store(seq, Ordering::Release);
        self.collect_garbage(&mut w, seq);
    }

    /// Prunes versions no reader can reach. Runs under the writer lock, so nothing is inserted
    /// meanwhile; readers may be iterating, which the skip list allows.
    fn collect_garbage(&self, w: &mut Writer, visible: u64) {
        let oldest = {
            let snaps = self.snapshots.lock();
            snaps.keys().next().copied().unwrap_or(visible).min(visible)
        };
        while let Some((seq, _)) = w.garbage.front() {
            if *seq > oldest {
                break;
            }
            let (_, key) = w.garbage.pop_front().expect("front exists");
            self.prune(key, oldest);
        }
    }

    /// Keeps, for `key`, the newest version at or below `oldest` and everything newer; removes
    /// the rest. A kept tombstone is removed too, after the versions it hides, so a concurrent
    /// reader sees either the tombstone or nothing, never a resurrected older value.
    fn prune(&self, key: Vec<u8>, oldest: u64) {
        let Some(keep) = self.newest(&key, oldest) else {
            return;
        };
        let mut next = keep.next();
        while let Some(e) = next {
            if e.key().key != key {
                break;
            }
            e.remove();
            next = e.next();
        }
        if keep.value().is_none() {
            keep.remove();
        }
    }

    fn open_snapshot(&self) -> SnapshotGuard<'_> {
        let mut snaps = self.snapshots.lock();
        // Read under the same lock the pruner reads the oldest snapshot under: a snapshot is
        // either seen by the pruner or taken after the versions it pruned were superseded.
        let seq = self.visible.load(Ordering::Acquire);
        *snaps.entry(seq).or_insert(0) += 1;
        SnapshotGuard { store: self, seq }
    }
}

/// A registered range snapshot; unregisters itself when the scan is dropped.
struct SnapshotGuard<'a> {
    store: &'a MemoryStorage,
    seq: u64,
}

impl Drop for SnapshotGuard<'_> {
    fn drop(&mut self) {
        let mut snaps = self.store.snapshots.lock();
        if let Some(n) = snaps.get_mut(&self.seq) {
            *n -= 1;
            if *n == 0 {
                snaps.remove(&self.seq);
            }
        }
    }
}

type VersionRange<'a> =
    Range<'a, Version, (Bound<Version>, Bound<Version>), Version, Option<Vec<u8>>>;

struct RangeIter<'a> {
    snapshot: SnapshotGuard<'a>,
    inner: VersionRange<'a>,
    reverse: bool,
    /// The last key a value (or tombstone) was decided for; its other versions are skipped.
    decided: Option<VersionEntry<'a>>,
}

impl<'a> RangeIter<'a> {
    fn same_key_as_decided(&self, e: &VersionEntry<'a>) -> bool {
        self.decided
            .as_ref()
            .is_some_and(|d| d.key().key == e.key().key)
    }

    /// Forward: versions of a key come newest first, so the first one at or below the snapshot
    /// is the answer. The pruner never removes that one (only a tombstone, after what it hides).
    fn next_forward(&mut self) -> Option<KeyValue> {
        let s = self.snapshot.seq;
        loop {
            let e = self.inner.next()?;
            if e.key().seq > s || self.same_key_as_decided(&e) {
                continue;
            }
            let found = e.value().as_ref().map(|v| (e.key().key.clone(), v.clone()));
            self.decided = Some(e);
            if found.is_some() {
                return found;
            }
        }
    }

    /// Backward: versions of a key come oldest first, and the pruner may remove a version this
    /// iterator already passed, so the answer for each key is looked up directly.
    fn next_backward(&mut self) -> Option<KeyValue> {
        let s = self.snapshot.seq;
        loop {
            let e = self.inner.next_back()?;
            if e.key().seq > s || self.same_key_as_decided(&e) {
                continue;
            }
            let answer = self.snapshot.store.newest(&e.key().key, s);
            self.decided = Some(e);
            if let Some(a) = answer {
                if let Some(v) = a.value() {
                    return Some((a.key().key.clone(), v.clone()));
                }
            }
        }
    }
}

impl Iterator for RangeIter<'_> {
    type Item = Result<KeyValue, StorageError>;

    fn next(&mut self) -> Option<Self::Item> {
        let kv = if self.reverse {
            self.next_backward()
        } else {
            self.next_forward()
        };
        kv.map(Ok)
    }
}

pub(crate) fn empty_range(start: &Bound<Vec<u8>>, end: &Bound<Vec<u8>>) -> bool {
    match (start, end) {
        (Bound::Included(s), Bound::Included(e)) => s > e,
        (Bound::Included(s) | Bound::Excluded(s), Bound::Excluded(e))
        | (Bound::Excluded(s), Bound::Included(e)) => s >= e,
        _ => false,
    }
}

/// Turns key bounds into version bounds: every version of an included key is inside, every
/// version of an excluded key outside (versions of a key sit between `seq = MAX` and `seq = 0`).
fn version_bounds(start: Bound<Vec<u8>>, end: Bound<Vec<u8>>) -> (Bound<Version>, Bound<Version>) {
    let lo = match start {
        Bound::Included(key) => Bound::Included(Version { key, seq: u64::MAX }),
        Bound::Excluded(key) => Bound::Excluded(Version { key, seq: 0 }),
        Bound::Unbounded => Bound::Unbounded,
    };
    let hi = match end {
        Bound::Included(key) => Bound::Included(Version { key, seq: 0 }),
        Bound::Excluded(key) => Bound::Excluded(Version { key, seq: u64::MAX }),
        Bound::Unbounded => Bound::Unbounded,
    };
    (lo, hi)
}

impl Storage for MemoryStorage {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        let mut seq = self.visible.load(Ordering::Acquire);
        loop {
            if let Some(e) = self.newest(key, seq) {
                return Ok(e.value().clone());
            }
            // Nothing at or below our number. Either the key had no value then, or a newer
            // version was committed meanwhile and the pruner removed what we would have read:
            // then reading at the new visible number is just as correct (the get overlapped the
            // write). If nothing was committed meanwhile, nothing was pruned from under us.
            let now = self.visible.load(Ordering::Acquire);
            if now == seq {
                return Ok(None);
            }
            seq = now;
        }
    }

    fn write(&self, batch: WriteBatch) -> Result<(), StorageError> {
        batch.check_keys()?;
        if !batch.is_empty() {
            self.apply(batch.ops);
        }
        Ok(())
    }

    fn range<'a>(
        &'a self,
        start: Bound<Vec<u8>>,
        end: Bound<Vec<u8>>,
        reverse: bool,
    ) -> Box<dyn Iterator<Item = Result<KeyValue, StorageError>> + 'a> {
        // The skip list panics on an inverted range, which is simply empty.
        if empty_range(&start, &end) {
            return Box::new(std::iter::empty());
        }
        let snapshot = self.open_snapshot();
        Box::new(RangeIter {
            snapshot,
            inner: self.map.range(version_bounds(start, end)),
            reverse,
            decided: None,
        })
    }

    fn delete_prefix(&self, prefix: &[u8]) -> Result<(), StorageError> {
        // One batch (one sequence number) for the whole prefix: in memory there is no journal
        // to bound, and readers see the prefix either whole or gone.
        let doomed: Vec<BatchOp> = self
            .range(Bound::Included(prefix.to_vec()), Bound::Unbounded, false)
            .map_while(|kv| kv.ok().filter(|(k, _)| k.starts_with(prefix)))
            .map(|(k, _)| BatchOp::Delete(k))
            .collect();
        if !doomed.is_empty() {
            self.apply(doomed);
        }
        Ok(())
    }

    fn flush(&self) -> Result<(), StorageError> {
        Ok(())
    }
}
