//! The same behaviour from both engines (a conformance suite each engine runs through the
//! `conformance!` macro), then what only the on-disk engine has: persistence, the directory lock,
//! and surviving `kill -9`.

#![allow(clippy::unwrap_used)] // a test stops at the first failure

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use ddb_storage::{FjallStorage, MemoryStorage, Storage, StorageError, SyncPolicy, WriteBatch};

/// A directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("ddb-storage-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// An engine under test; the fjall one keeps its directory alive as long as it lives.
struct Fixture {
    storage: Arc<dyn Storage>,
    _dir: Option<TempDir>,
}

fn memory() -> Fixture {
    Fixture {
        storage: Arc::new(MemoryStorage::new()),
        _dir: None,
    }
}

fn fjall() -> Fixture {
    let dir = TempDir::new("conformance");
    let storage = Arc::new(FjallStorage::open(&dir.0, SyncPolicy::Never).unwrap());
    Fixture {
        storage,
        _dir: Some(dir),
    }
}

/// A small deterministic generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn put(s: &dyn Storage, k: &[u8], v: &[u8]) {
    let mut b = WriteBatch::default();
    b.put(k.to_vec(), v.to_vec());
    s.write(b).unwrap();
}

fn del(s: &dyn Storage, k: &[u8]) {
    let mut b = WriteBatch::default();
    b.delete(k.to_vec());
    s.write(b).unwrap();
}

fn scan(
    s: &dyn Storage,
    start: Bound<Vec<u8>>,
    end: Bound<Vec<u8>>,
    reverse: bool,
) -> Vec<(Vec<u8>, Vec<u8>)> {
    s.range(start, end, reverse).map(|kv| kv.unwrap()).collect()
}

fn all(s: &dyn Storage) -> Vec<(Vec<u8>, Vec<u8>)> {
    scan(s, Bound::Unbounded, Bound::Unbounded, false)
}

fn kv(k: &str, v: &str) -> (Vec<u8>, Vec<u8>) {
    (k.as_bytes().to_vec(), v.as_bytes().to_vec())
}

fn inc(k: &str) -> Bound<Vec<u8>> {
    Bound::Included(k.as_bytes().to_vec())
}

fn exc(k: &str) -> Bound<Vec<u8>> {
    Bound::Excluded(k.as_bytes().to_vec())
}

// ---- The conformance suite: each takes an engine, the macro below runs it on both. ----

fn get_put_delete(s: &dyn Storage) {
    assert_eq!(s.get(b"k").unwrap(), None);
    put(s, b"k", b"1");
    assert_eq!(s.get(b"k").unwrap(), Some(b"1".to_vec()));
    put(s, b"k", b"2");
    assert_eq!(s.get(b"k").unwrap(), Some(b"2".to_vec()));
    // Keys must be 1..=65535 bytes; a bad key refuses the whole batch.
    let mut b = WriteBatch::default();
    b.put(b"x".to_vec(), b"x".to_vec());
    b.put(Vec::new(), b"empty key".to_vec());
    assert!(matches!(s.write(b), Err(StorageError::KeyLength(0))));
    let mut b = WriteBatch::default();
    b.delete(vec![7; ddb_storage::MAX_KEY_LEN + 1]);
    assert!(matches!(s.write(b), Err(StorageError::KeyLength(_))));
    assert_eq!(s.get(b"x").unwrap(), None);
    assert_eq!(s.get(b"").unwrap(), None);
    let longest = vec![7; ddb_storage::MAX_KEY_LEN];
    put(s, &longest, b"long");
    assert_eq!(s.get(&longest).unwrap(), Some(b"long".to_vec()));
    del(s, &longest);
    put(s, b"e", b"");
    assert_eq!(s.get(b"e").unwrap(), Some(Vec::new()));
    del(s, b"k");
    assert_eq!(s.get(b"k").unwrap(), None);
    del(s, b"never existed");
    assert_eq!(s.get(b"never existed").unwrap(), None);
    put(s, b"k", b"3");
    assert_eq!(s.get(b"k").unwrap(), Some(b"3".to_vec()));
    assert_eq!(all(s), vec![kv("e", ""), kv("k", "3")]);
}

fn batch_applies_in_order(s: &dyn Storage) {
    put(s, b"gone", b"x");
    let mut b = WriteBatch::default();
    b.put(b"a".to_vec(), b"1".to_vec());
    b.put(b"a".to_vec(), b"2".to_vec());
    b.put(b"b".to_vec(), b"1".to_vec());
    b.delete(b"b".to_vec());
    b.delete(b"gone".to_vec());
    b.delete(b"c".to_vec());
    b.put(b"c".to_vec(), b"3".to_vec());
    s.write(b).unwrap();
    assert_eq!(all(s), vec![kv("a", "2"), kv("c", "3")]);
    s.write(WriteBatch::default()).unwrap();
    assert_eq!(all(s), vec![kv("a", "2"), kv("c", "3")]);
}

/// Readers see a batch entirely or not at all, through ranges and through successive gets.
fn batch_is_atomic_to_readers(s: Arc<dyn Storage>) {
    const KEYS: [&[u8]; 4] = [b"atom/a", b"atom/b", b"atom/c", b"atom/d"];
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (s, stop) = (s.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut i = 0u64;
            while !stop.load(Ordering::Relaxed) && i < 20_000 {
                i += 1;
                let mut b = WriteBatch::default();
                for k in KEYS {
                    b.put(k.to_vec(), i.to_be_bytes().to_vec());
                }
                s.write(b).unwrap();
            }
        })
    };
    for round in 0..2000 {
        let reverse = round % 2 == 1;
        let seen = scan(s.as_ref(), inc("atom/"), exc("atom0"), reverse);
        assert!(seen.is_empty() || seen.len() == KEYS.len(), "{seen:?}");
        assert!(
            seen.windows(2).all(|w| w[0].1 == w[1].1),
            "a range saw part of a batch: {seen:?}"
        );
        // Gets read the newest batch: later keys never lag behind earlier reads.
        let first = s.get(KEYS[0]).unwrap();
        let last = s.get(KEYS[3]).unwrap();
        assert!(last >= first, "get saw a batch out of order");
    }
    stop.store(true, Ordering::Relaxed);
    writer.join().unwrap();
}

/// Every combination of bounds, both directions, against a `BTreeMap` model.
fn ranges_match_a_model(s: &dyn Storage) {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut model = BTreeMap::new();
    let key = |rng: &mut Rng| -> Vec<u8> {
        let len = 1 + rng.below(3) as usize;
        // r, s and t sit around the log's keys (LOG_TAG), which the disk engine keeps apart.
        (0..len)
            .map(|_| b"abc\x00\xffrst"[rng.below(8) as usize])
            .collect()
    };
    for i in 0..300u32 {
        let k = key(&mut rng);
        if rng.below(4) == 0 {
            del(s, &k);
            model.remove(&k);
        } else {
            put(s, &k, &i.to_be_bytes());
            model.insert(k, i.to_be_bytes().to_vec());
        }
    }
    let bound = |rng: &mut Rng| match rng.below(3) {
        0 => Bound::Unbounded,
        1 => Bound::Included(key(rng)),
        _ => Bound::Excluded(key(rng)),
    };
    for _ in 0..400 {
        let (lo, hi) = (bound(&mut rng), bound(&mut rng));
        let inverted = match (&lo, &hi) {
            (Bound::Included(a), Bound::Included(b)) => a > b,
            (Bound::Included(a) | Bound::Excluded(a), Bound::Included(b) | Bound::Excluded(b)) => {
                a >= b
            }
            _ => false,
        };
        let mut want: Vec<(Vec<u8>, Vec<u8>)> = if inverted {
            Vec::new()
        } else {
            model
                .range::<Vec<u8>, _>((lo.clone(), hi.clone()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
        assert_eq!(
            scan(s, lo.clone(), hi.clone(), false),
            want,
            "{lo:?}..{hi:?}"
        );
        want.reverse();
        assert_eq!(
            scan(s, lo.clone(), hi.clone(), true),
            want,
            "rev {lo:?}..{hi:?}"
        );
    }
}

fn named_bounds(s: &dyn Storage) {
    for k in ["a1", "a2", "a3", "b1"] {
        put(s, k.as_bytes(), k.as_bytes());
    }
    let keys = |lo, hi, rev| -> Vec<String> {
        scan(s, lo, hi, rev)
            .into_iter()
            .map(|(k, _)| String::from_utf8(k).unwrap())
            .collect()
    };
    assert_eq!(keys(inc("a1"), exc("b"), true), ["a3", "a2", "a1"]);
    assert_eq!(keys(exc("a1"), inc("a3"), false), ["a2", "a3"]);
    assert_eq!(keys(exc("a1"), inc("a3"), true), ["a3", "a2"]);
    assert_eq!(keys(inc("a2"), Bound::Unbounded, false), ["a2", "a3", "b1"]);
    assert_eq!(keys(Bound::Unbounded, exc("a2"), true), ["a1"]);
    assert_eq!(keys(inc("a2"), inc("a2"), false), ["a2"]);
    assert!(keys(inc("a2"), exc("a2"), false).is_empty());
    assert!(keys(inc("b"), exc("a"), false).is_empty());
    assert!(keys(inc("b"), exc("a"), true).is_empty());
}

fn delete_prefix_removes_only_the_prefix(s: &dyn Storage) {
    let mut b = WriteBatch::default();
    for i in 0..3000u32 {
        let mut k = b"t1/".to_vec();
        k.extend_from_slice(&i.to_be_bytes());
        b.put(k, vec![1]);
    }
    s.write(b).unwrap();
    for k in ["t0/x", "t1", "t1.", "t10", "t2/a"] {
        put(s, k.as_bytes(), b"keep");
    }
    s.delete_prefix(b"t1/").unwrap();
    let left: Vec<Vec<u8>> = all(s).into_iter().map(|(k, _)| k).collect();
    let want: Vec<Vec<u8>> = ["t0/x", "t1", "t1.", "t10", "t2/a"]
        .iter()
        .map(|k| k.as_bytes().to_vec())
        .collect();
    assert_eq!(left, want);
    s.delete_prefix(b"nothing here").unwrap();
    s.delete_prefix(b"").unwrap();
    assert!(all(s).is_empty());
}

/// A range started before a burst of writes sees none of them, in either direction.
fn range_is_a_snapshot(s: &dyn Storage) {
    for i in 0..100u8 {
        put(s, &[b'k', i], &[i]);
    }
    let before = all(s);
    for reverse in [false, true] {
        let mut it = s.range(Bound::Unbounded, Bound::Unbounded, reverse);
        let first = it.next().unwrap().unwrap();
        for i in 0..100u8 {
            // Overwrite, delete and insert around the iterator's position.
            put(s, &[b'k', i], b"new");
            put(s, &[b'k', i, 0], b"inserted");
            if i % 3 == 0 {
                del(s, &[b'k', i]);
            }
        }
        put(s, b"a", b"before everything");
        put(s, b"z", b"after everything");
        let mut seen = vec![first];
        seen.extend(it.map(|kv| kv.unwrap()));
        let mut want = before.clone();
        if reverse {
            want.reverse();
        }
        assert_eq!(seen, want, "reverse={reverse}");
        drop(s.range(Bound::Unbounded, Bound::Unbounded, false));
        // Put the original state back for the other direction.
        s.delete_prefix(b"").unwrap();
        let mut b = WriteBatch::default();
        for (k, v) in &before {
            b.put(k.clone(), v.clone());
        }
        s.write(b).unwrap();
    }
}

/// Eight threads, each writing its own keys and reading them back, while ranges run.
fn eight_threads(s: Arc<dyn Storage>) {
    let threads: Vec<_> = (0..8u8)
        .map(|t| {
            let s = s.clone();
            std::thread::spawn(move || {
                for i in 0..500u16 {
                    let mut k = vec![b'c', t];
                    k.extend_from_slice(&i.to_be_bytes());
                    let mut b = WriteBatch::default();
                    b.put(k.clone(), k.clone());
                    if i > 0 && i % 10 == 0 {
                        // Delete an earlier key in the same batch.
                        let mut old = vec![b'c', t];
                        old.extend_from_slice(&(i - 10).to_be_bytes());
                        b.delete(old);
                    }
                    s.write(b).unwrap();
                    assert_eq!(s.get(&k).unwrap(), Some(k.clone()));
                    if i % 50 == 0 {
                        // This thread's own keys, in order: nobody else touches them.
                        let mine: Vec<_> = s
                            .range(
                                Bound::Included(vec![b'c', t]),
                                Bound::Excluded(vec![b'c', t + 1]),
                                t % 2 == 0,
                            )
                            .map(|kv| kv.unwrap().0)
                            .collect();
                        let live = i as usize + 1 - i as usize / 10;
                        assert_eq!(mine.len(), live, "thread {t} at {i}");
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    // 500 keys per thread, 49 deleted (every tenth from 10 to 490 deletes one earlier).
    assert_eq!(all(s.as_ref()).len(), 8 * (500 - 49));
}

macro_rules! conformance {
    ($engine:ident) => {
        mod $engine {

            #[test]
            fn get_put_delete() {
                super::get_put_delete(super::$engine().storage.as_ref());
            }
            #[test]
            fn batch_applies_in_order() {
                super::batch_applies_in_order(super::$engine().storage.as_ref());
            }
            #[test]
            fn batch_is_atomic_to_readers() {
                super::batch_is_atomic_to_readers(super::$engine().storage.clone());
            }
            #[test]
            fn ranges_match_a_model() {
                super::ranges_match_a_model(super::$engine().storage.as_ref());
            }
            #[test]
            fn named_bounds() {
                super::named_bounds(super::$engine().storage.as_ref());
            }
            #[test]
            fn delete_prefix_removes_only_the_prefix() {
                super::delete_prefix_removes_only_the_prefix(super::$engine().storage.as_ref());
            }
            #[test]
            fn range_is_a_snapshot() {
                super::range_is_a_snapshot(super::$engine().storage.as_ref());
            }
            #[test]
            fn eight_threads() {
                super::eight_threads(super::$engine().storage.clone());
            }
        }
    };
}

conformance!(memory);
conformance!(fjall);

// ---- Memory only ----

#[test]
fn memory_prunes_overwritten_versions() {
    let s = MemoryStorage::new();
    for i in 0..10_000u32 {
        put(&s, b"hot", &i.to_be_bytes());
        put(&s, &(i % 10).to_be_bytes(), b"x");
    }
    del(&s, b"hot");
    // No scan is open, so only the newest version of each key is left (and no tombstone).
    assert_eq!(s.version_count(), 10);
    assert_eq!(s.get(b"hot").unwrap(), None);

    // An open scan keeps what it can see.
    put(&s, b"hot", b"old");
    let it = s.range(Bound::Unbounded, Bound::Unbounded, false);
    for i in 0..100u32 {
        put(&s, b"hot", &i.to_be_bytes());
    }
    let seen: Vec<_> = it.map(|kv| kv.unwrap()).collect();
    assert!(seen.contains(&(b"hot".to_vec(), b"old".to_vec())));
    put(&s, b"hot", b"last");
    assert_eq!(s.version_count(), 11);
}

// ---- On-disk only ----

fn write_keys(s: &dyn Storage, range: std::ops::Range<u32>) {
    for i in range {
        put(s, format!("key{i:06}").as_bytes(), &i.to_be_bytes());
    }
}

fn assert_keys(s: &dyn Storage, range: std::ops::Range<u32>) {
    for i in range {
        assert_eq!(
            s.get(format!("key{i:06}").as_bytes()).unwrap(),
            Some(i.to_be_bytes().to_vec()),
            "key {i}"
        );
    }
}

#[test]
fn fjall_data_survives_reopen_in_every_sync_mode() {
    let dir = TempDir::new("reopen");
    let modes = [
        SyncPolicy::Always,
        SyncPolicy::Interval(5),
        SyncPolicy::Never,
    ];
    for (n, sync) in modes.into_iter().enumerate() {
        let n = n as u32;
        let s = FjallStorage::open(&dir.0, sync).unwrap();
        assert_keys(&s, 0..n * 100);
        write_keys(&s, n * 100..(n + 1) * 100);
        del(&s, b"key000000");
        put(&s, b"key000000", &0u32.to_be_bytes());
        s.flush().unwrap();
    }
    let s = ddb_storage::open(Some(&dir.0), SyncPolicy::Never).unwrap();
    assert_keys(s.as_ref(), 0..300);
    assert_eq!(all(s.as_ref()).len(), 300);
}

#[test]
fn fjall_directory_is_locked_while_open() {
    let dir = TempDir::new("lock");
    let s = FjallStorage::open(&dir.0, SyncPolicy::Never).unwrap();
    match FjallStorage::open(&dir.0, SyncPolicy::Never) {
        Err(StorageError::Locked(p)) => assert_eq!(p, dir.0),
        other => panic!("second open must be refused, got {:?}", other.map(|_| ())),
    }
    match ddb_storage::open(Some(&dir.0), SyncPolicy::Always) {
        Err(StorageError::Locked(_)) => {}
        other => panic!("second open must be refused, got {:?}", other.map(|_| ())),
    }
    drop(s);
    // Released on drop.
    FjallStorage::open(&dir.0, SyncPolicy::Never).unwrap();
}

#[test]
fn fjall_directory_is_locked_against_another_process() {
    let dir = TempDir::new("lock-process");
    let _s = FjallStorage::open(&dir.0, SyncPolicy::Never).unwrap();
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_tries_to_open",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("DDB_STORAGE_CHILD_DIR", &dir.0)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("child: locked"), "{stdout}");
}

/// Runs only as a child process of the test above.
#[test]
fn child_tries_to_open() {
    let Some(dir) = std::env::var_os("DDB_STORAGE_CHILD_DIR") else {
        return;
    };
    match FjallStorage::open(Path::new(&dir), SyncPolicy::Never) {
        Err(StorageError::Locked(_)) => println!("child: locked"),
        Err(e) => println!("child: other error {e}"),
        Ok(_) => println!("child: opened"),
    }
}

/// Acknowledged writes survive SIGKILL with `SyncPolicy::Never`: the journal is in the OS
/// before `write` returns, and the OS keeps it when the process dies.
#[test]
fn fjall_acknowledged_writes_survive_kill_9() {
    let dir = TempDir::new("crash");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_writes_until_killed",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("DDB_STORAGE_CRASH_DIR", &dir.0)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut acked = 0u32;
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    while acked < 3000 {
        let line = lines.next().expect("child ended early").unwrap();
        if let Some(n) = line.strip_prefix("acked ") {
            acked = n.parse::<u32>().unwrap() + 1;
        }
    }
    // Kill mid-stream: it is still writing.
    child.kill().unwrap();
    child.wait().unwrap();
    let s = FjallStorage::open(&dir.0, SyncPolicy::Never).unwrap();
    assert_keys(&s, 0..acked);
}

/// Runs only as a child process of the test above: writes keys one batch at a time, reporting
/// each acknowledgement, until it is killed.
#[test]
fn child_writes_until_killed() {
    let Some(dir) = std::env::var_os("DDB_STORAGE_CRASH_DIR") else {
        return;
    };
    let s = FjallStorage::open(Path::new(&dir), SyncPolicy::Never).unwrap();
    for i in 0..1_000_000u32 {
        write_keys(&s, i..i + 1);
        println!("acked {i}");
    }
}
