//! `FjallStorage::rebuild`: a data directory rewritten into a new database, and what `open`
//! finds after a crash at each step of it.

#![allow(clippy::unwrap_used)]

use std::ops::Bound;
use std::path::{Path, PathBuf};

use ddb_storage::{FjallStorage, Storage, StorageError, SyncPolicy, WriteBatch};

fn fresh_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ddb-rebuild-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn put(storage: &dyn Storage, key: &[u8], value: &[u8]) {
    let mut batch = WriteBatch::default();
    batch.put(key.to_vec(), value.to_vec());
    storage.write(batch).unwrap();
}

fn everything(storage: &dyn Storage) -> Vec<(Vec<u8>, Vec<u8>)> {
    storage
        .range(Bound::Unbounded, Bound::Unbounded, false)
        .collect::<Result<_, _>>()
        .unwrap()
}

fn directory_with(dir: &Path, key: &[u8], value: &[u8]) {
    let storage = FjallStorage::open(dir, SyncPolicy::Never).unwrap();
    put(&storage, key, value);
}

/// Puts a finished new database, holding `key`, where a rebuild writes it (`fjall.next`).
fn next_database_with(dir: &Path, key: &[u8], value: &[u8]) {
    let next = FjallStorage::open(&dir.join("scratch"), SyncPolicy::Never).unwrap();
    put(&next, key, value);
    drop(next);
    std::fs::rename(dir.join("scratch/fjall"), dir.join("fjall.next")).unwrap();
}

#[test]
fn a_rebuild_replaces_the_database_with_what_it_wrote() {
    let dir = fresh_dir("replace");
    directory_with(&dir, b"old", b"1");
    let rebuilt = FjallStorage::rebuild(&dir, SyncPolicy::Never, |old, new| {
        for (k, v) in everything(old) {
            put(new, &[b"new-".as_slice(), &k].concat(), &v);
        }
        Ok::<_, StorageError>(())
    })
    .unwrap();
    assert_eq!(
        everything(&rebuilt),
        vec![(b"new-old".to_vec(), b"1".to_vec())]
    );
    drop(rebuilt);
    let reopened = FjallStorage::open(&dir, SyncPolicy::Never).unwrap();
    assert_eq!(everything(&reopened).len(), 1);
    assert!(!dir.join("fjall.next").exists() && !dir.join("fjall.old").exists());
    drop(reopened);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_failed_rebuild_leaves_the_old_database() {
    let dir = fresh_dir("failed");
    directory_with(&dir, b"kept", b"1");
    let failed = FjallStorage::rebuild(&dir, SyncPolicy::Never, |_, new| {
        put(new, b"half", b"done");
        Err(StorageError::KeyLength(0))
    });
    assert!(failed.is_err());
    let reopened = FjallStorage::open(&dir, SyncPolicy::Never).unwrap();
    assert_eq!(
        everything(&reopened),
        vec![(b"kept".to_vec(), b"1".to_vec())]
    );
    assert!(!dir.join("fjall.next").exists());
    drop(reopened);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Killed while writing the new database: it is thrown away and the old one opens.
#[test]
fn a_half_written_new_database_is_discarded_on_open() {
    let dir = fresh_dir("half");
    directory_with(&dir, b"kept", b"1");
    next_database_with(&dir, b"partial", b"x");
    let reopened = FjallStorage::open(&dir, SyncPolicy::Never).unwrap();
    assert_eq!(
        everything(&reopened),
        vec![(b"kept".to_vec(), b"1".to_vec())]
    );
    assert!(!dir.join("fjall.next").exists());
    drop(reopened);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Killed between the two renames that swap the databases: the finished new one is put in
/// place; killed before the old one was removed: it is removed.
#[test]
fn a_swap_cut_between_its_renames_is_finished_on_open() {
    let dir = fresh_dir("swap");
    directory_with(&dir, b"old", b"1");
    next_database_with(&dir, b"new", b"2");
    std::fs::rename(dir.join("fjall"), dir.join("fjall.old")).unwrap();
    let reopened = FjallStorage::open(&dir, SyncPolicy::Never).unwrap();
    assert_eq!(
        everything(&reopened),
        vec![(b"new".to_vec(), b"2".to_vec())]
    );
    assert!(!dir.join("fjall.next").exists() && !dir.join("fjall.old").exists());
    drop(reopened);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A directory written by ddb before the log had its own keyspace (commits 6607922 to 5e02d73
/// kept stream records in the data keyspace): on open its log keys move over, and reads find
/// them where they always were in key order.
#[test]
fn log_keys_in_the_data_keyspace_of_an_earlier_ddb_move_to_the_log() {
    let dir = fresh_dir("log-keys");
    {
        // Written as that ddb wrote it: everything in one keyspace named "data".
        let db = fjall::Database::builder(dir.join("fjall")).open().unwrap();
        let data = db
            .keyspace("data", fjall::KeyspaceCreateOptions::default)
            .unwrap();
        for key in [&b"d1"[..], b"s\x01one", b"s\x01two", b"x1"] {
            data.insert(key, key).unwrap();
        }
        db.persist(fjall::PersistMode::SyncAll).unwrap();
    }
    let storage = FjallStorage::open(&dir, SyncPolicy::Never).unwrap();
    assert_eq!(
        storage.get(b"s\x01two").unwrap(),
        Some(b"s\x01two".to_vec())
    );
    let keys: Vec<Vec<u8>> = everything(&storage).into_iter().map(|(k, _)| k).collect();
    assert_eq!(keys, [&b"d1"[..], b"s\x01one", b"s\x01two", b"x1"]);
    drop(storage);
    let db = fjall::Database::builder(dir.join("fjall")).open().unwrap();
    let data = db
        .keyspace("data", fjall::KeyspaceCreateOptions::default)
        .unwrap();
    let log = db
        .keyspace("log", fjall::KeyspaceCreateOptions::default)
        .unwrap();
    assert!(data.get(b"s\x01one").unwrap().is_none());
    assert!(log.get(b"s\x01one").unwrap().is_some());
    drop(db);
    let _ = std::fs::remove_dir_all(&dir);
}
