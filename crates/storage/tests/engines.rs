//! The same behaviour from both engines: point reads, atomic batches, ordered ranges in both
//! directions, prefix deletion; plus persistence and locking of the on-disk one.

use std::ops::Bound;
use std::path::PathBuf;

use ddb_storage::{FjallStorage, MemoryStorage, Storage, StorageError, SyncPolicy, WriteBatch};

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ddb-storage-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn keys(
    s: &dyn Storage,
    start: Bound<Vec<u8>>,
    end: Bound<Vec<u8>>,
    reverse: bool,
) -> Vec<Vec<u8>> {
    s.range(start, end, reverse)
        .map(|kv| kv.unwrap().0)
        .collect()
}

fn exercise(s: &dyn Storage) {
    let mut b = WriteBatch::default();
    for k in [
        b"a1".to_vec(),
        b"a2".to_vec(),
        b"a3".to_vec(),
        b"b1".to_vec(),
    ] {
        b.put(k.clone(), k);
    }
    s.write(b).unwrap();
    assert_eq!(s.get(b"a2").unwrap(), Some(b"a2".to_vec()));
    assert_eq!(s.get(b"zz").unwrap(), None);

    let all = keys(s, Bound::Unbounded, Bound::Unbounded, false);
    assert_eq!(
        all,
        vec![
            b"a1".to_vec(),
            b"a2".to_vec(),
            b"a3".to_vec(),
            b"b1".to_vec()
        ]
    );
    let back = keys(
        s,
        Bound::Included(b"a1".to_vec()),
        Bound::Excluded(b"b".to_vec()),
        true,
    );
    assert_eq!(back, vec![b"a3".to_vec(), b"a2".to_vec(), b"a1".to_vec()]);
    let mid = keys(
        s,
        Bound::Excluded(b"a1".to_vec()),
        Bound::Included(b"a3".to_vec()),
        false,
    );
    assert_eq!(mid, vec![b"a2".to_vec(), b"a3".to_vec()]);
    assert!(keys(
        s,
        Bound::Included(b"b".to_vec()),
        Bound::Excluded(b"a".to_vec()),
        false
    )
    .is_empty());

    // A batch applies entirely.
    let mut b = WriteBatch::default();
    b.delete(b"a1".to_vec());
    b.put(b"c1".to_vec(), b"x".to_vec());
    s.write(b).unwrap();
    assert_eq!(s.get(b"a1").unwrap(), None);
    assert_eq!(s.get(b"c1").unwrap(), Some(b"x".to_vec()));

    s.delete_prefix(b"a").unwrap();
    let left = keys(s, Bound::Unbounded, Bound::Unbounded, false);
    assert_eq!(left, vec![b"b1".to_vec(), b"c1".to_vec()]);
}

#[test]
fn memory_engine_behaves() {
    exercise(&MemoryStorage::new());
}

#[test]
fn fjall_engine_behaves() {
    let dir = temp_dir("behaves");
    let s = FjallStorage::open(&dir, SyncPolicy::Never).unwrap();
    exercise(&s);
    drop(s);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn long_ranges_cross_chunks() {
    let s = MemoryStorage::new();
    let mut b = WriteBatch::default();
    for i in 0u32..1000 {
        b.put(i.to_be_bytes().to_vec(), vec![]);
    }
    s.write(b).unwrap();
    assert_eq!(
        keys(&s, Bound::Unbounded, Bound::Unbounded, false).len(),
        1000
    );
    let rev = keys(&s, Bound::Unbounded, Bound::Unbounded, true);
    assert_eq!(rev.len(), 1000);
    assert_eq!(rev[0], 999u32.to_be_bytes().to_vec());
}

#[test]
fn fjall_data_survives_reopen_and_the_directory_is_locked() {
    let dir = temp_dir("reopen");
    {
        let s = FjallStorage::open(&dir, SyncPolicy::Interval(10)).unwrap();
        let mut b = WriteBatch::default();
        b.put(b"k".to_vec(), b"v".to_vec());
        s.write(b).unwrap();
        match FjallStorage::open(&dir, SyncPolicy::Never) {
            Err(StorageError::Locked(p)) => assert_eq!(p, dir),
            other => panic!("second open must be refused, got {:?}", other.map(|_| ())),
        }
    }
    let s = FjallStorage::open(&dir, SyncPolicy::Always).unwrap();
    assert_eq!(s.get(b"k").unwrap(), Some(b"v".to_vec()));
    drop(s);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn concurrent_writers_and_readers() {
    let s = std::sync::Arc::new(MemoryStorage::new());
    let threads: Vec<_> = (0..8u8)
        .map(|t| {
            let s = s.clone();
            std::thread::spawn(move || {
                for i in 0..200u16 {
                    let mut b = WriteBatch::default();
                    let mut k = vec![t];
                    k.extend_from_slice(&i.to_be_bytes());
                    b.put(k.clone(), k.clone());
                    s.write(b).unwrap();
                    assert_eq!(s.get(&k).unwrap(), Some(k));
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(
        keys(s.as_ref(), Bound::Unbounded, Bound::Unbounded, false).len(),
        1600
    );
}
