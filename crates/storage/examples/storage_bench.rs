//! Times put, get and range on each engine, plus a baseline `RwLock<BTreeMap>` (the simplest
//! in-memory design, whose scans copy a chunk at a time and so are not snapshots), to back the
//! choices recorded in docs/storage.md.
//!
//! `cargo run -p ddb-storage --release --example storage_bench [items]`

#![allow(clippy::unwrap_used)] // a benchmark stops at the first failure

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ddb_storage::{
    BatchOp, FjallStorage, KeyValue, MemoryStorage, Storage, StorageError, SyncPolicy, WriteBatch,
};
use parking_lot::RwLock;

/// The baseline: one lock around a B-tree; a scan copies 256 entries per read lock.
#[derive(Default)]
struct LockedBTree(RwLock<BTreeMap<Vec<u8>, Vec<u8>>>);

impl Storage for LockedBTree {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        Ok(self.0.read().get(key).cloned())
    }
    fn write(&self, batch: WriteBatch) -> Result<(), StorageError> {
        let mut map = self.0.write();
        for op in batch.ops {
            match op {
                BatchOp::Put(k, v) => {
                    map.insert(k, v);
                }
                BatchOp::Delete(k) => {
                    map.remove(&k);
                }
            }
        }
        Ok(())
    }
    fn range<'a>(
        &'a self,
        mut start: Bound<Vec<u8>>,
        mut end: Bound<Vec<u8>>,
        reverse: bool,
    ) -> Box<dyn Iterator<Item = Result<KeyValue, StorageError>> + 'a> {
        let mut buffer = Vec::new().into_iter();
        let mut done = false;
        Box::new(std::iter::from_fn(move || loop {
            if let Some(kv) = buffer.next() {
                return Some(Ok(kv));
            }
            if done {
                return None;
            }
            let map = self.0.read();
            let range = map.range::<Vec<u8>, _>((start.clone(), end.clone()));
            let copy = |(k, v): (&Vec<u8>, &Vec<u8>)| (k.clone(), v.clone());
            let chunk: Vec<KeyValue> = if reverse {
                range.rev().take(256).map(copy).collect()
            } else {
                range.take(256).map(copy).collect()
            };
            drop(map);
            done = chunk.len() < 256;
            if let Some((last, _)) = chunk.last() {
                if reverse {
                    end = Bound::Excluded(last.clone());
                } else {
                    start = Bound::Excluded(last.clone());
                }
            }
            buffer = chunk.into_iter();
        }))
    }
    fn delete_prefix(&self, _: &[u8]) -> Result<(), StorageError> {
        unimplemented!("not measured")
    }
    fn flush(&self) -> Result<(), StorageError> {
        Ok(())
    }
}

/// Keys shaped like ddb's item keys: tag, a one-byte table id, 64-bit hash of the partition key,
/// the key.
fn key(i: u64) -> Vec<u8> {
    let mut k = Vec::with_capacity(32);
    k.extend_from_slice(&[b'd', 7]);
    k.extend_from_slice(&i.wrapping_mul(0x9e37_79b9_7f4a_7c15).to_be_bytes());
    k.extend_from_slice(format!("user#{i:08}").as_bytes());
    k
}

fn rate(n: u64, d: Duration) -> String {
    let per_sec = n as f64 / d.as_secs_f64();
    if per_sec >= 1e6 {
        format!("{:.2} M/s", per_sec / 1e6)
    } else {
        format!("{:.0} k/s", per_sec / 1e3)
    }
}

fn bench(name: &str, s: Arc<dyn Storage>, items: u64, puts_always: Option<&dyn Storage>) {
    let value = vec![b'v'; 200];
    let t = Instant::now();
    for i in 0..items {
        let mut b = WriteBatch::default();
        b.put(key(i), value.clone());
        s.write(b).unwrap();
    }
    let put = rate(items, t.elapsed());

    let mut x = 1u64;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let gets = items * 2;
    let t = Instant::now();
    for _ in 0..gets {
        assert!(s.get(&key(next() % items)).unwrap().is_some());
    }
    let get = rate(gets, t.elapsed());

    // Query-sized scans: 100 items from a random point, each direction.
    let scans = items / 100;
    let mut scanned = 0u64;
    let t = Instant::now();
    for i in 0..scans {
        let from = key(next() % items);
        let reverse = i % 2 == 1;
        let (lo, hi) = if reverse {
            (Bound::Unbounded, Bound::Included(from))
        } else {
            (Bound::Included(from), Bound::Unbounded)
        };
        scanned += s.range(lo, hi, reverse).take(100).count() as u64;
    }
    let short = rate(scanned, t.elapsed());

    let t = Instant::now();
    let mut full = 0u64;
    for kv in s.range(Bound::Unbounded, Bound::Unbounded, false) {
        kv.unwrap();
        full += 1;
    }
    assert_eq!(full, items);
    let full = rate(full, t.elapsed());

    // Two readers and one writer at once for a second: reads per second under writes.
    let stop = Arc::new(AtomicBool::new(false));
    let reads = Arc::new(AtomicU64::new(0));
    let writes = Arc::new(AtomicU64::new(0));
    let mut threads = Vec::new();
    for r in 0..2u64 {
        let (s, stop, reads) = (s.clone(), stop.clone(), reads.clone());
        threads.push(std::thread::spawn(move || {
            let mut i = r;
            while !stop.load(Ordering::Relaxed) {
                i = (i + 7919) % items;
                if i % 20 == 0 {
                    let n = s.range(Bound::Included(key(i)), Bound::Unbounded, false);
                    reads.fetch_add(n.take(100).count() as u64, Ordering::Relaxed);
                } else {
                    s.get(&key(i)).unwrap();
                    reads.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    {
        let (s, stop, writes, value) = (s.clone(), stop.clone(), writes.clone(), value.clone());
        threads.push(std::thread::spawn(move || {
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                let mut b = WriteBatch::default();
                b.put(key(i % items), value.clone());
                s.write(b).unwrap();
                writes.fetch_add(1, Ordering::Relaxed);
                i += 1;
            }
        }));
    }
    let t = Instant::now();
    std::thread::sleep(Duration::from_secs(1));
    stop.store(true, Ordering::Relaxed);
    for th in threads {
        th.join().unwrap();
    }
    let d = t.elapsed();
    let mixed = format!(
        "{} read, {} written",
        rate(reads.load(Ordering::Relaxed), d),
        rate(writes.load(Ordering::Relaxed), d)
    );

    let always = puts_always.map(|a| {
        let n = 300;
        let t = Instant::now();
        for i in 0..n {
            let mut b = WriteBatch::default();
            b.put(key(i), value.clone());
            a.write(b).unwrap();
        }
        format!(
            ", put with fsync {:.0}/s",
            n as f64 / t.elapsed().as_secs_f64()
        )
    });
    println!(
        "| {name} | {put} | {get} | {short} | {full} | {mixed}{} |",
        always.unwrap_or_default()
    );
}

fn main() {
    let items: u64 = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("items is a number"))
        .unwrap_or(100_000);
    println!("{items} items of 200 bytes; single-put batches; 2 cores shared with other work");
    println!("| engine | put | get | 100-item scans | full scan | 2 readers + 1 writer |");
    println!("|---|---|---|---|---|---|");
    bench("MemoryStorage", Arc::new(MemoryStorage::new()), items, None);
    bench(
        "RwLock<BTreeMap>",
        Arc::new(LockedBTree::default()),
        items,
        None,
    );
    let dir = std::env::temp_dir().join(format!("ddb-storage-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    {
        let fjall = Arc::new(FjallStorage::open(&dir.join("never"), SyncPolicy::Never).unwrap());
        let always = FjallStorage::open(&dir.join("always"), SyncPolicy::Always).unwrap();
        bench("FjallStorage (never)", fjall, items, Some(&always));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
