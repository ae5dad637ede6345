//! The in-memory engine: an ordered map behind a reader-writer lock. Range scans copy a bounded
//! chunk of entries per lock acquisition, so a long scan never holds writers off for long.

use std::collections::BTreeMap;
use std::ops::Bound;

use parking_lot::RwLock;

use crate::{BatchOp, KeyValue, Storage, StorageError, WriteBatch};

/// Entries copied per lock acquisition during a range scan.
const CHUNK: usize = 256;

/// Everything in memory; gone when the process ends.
#[derive(Default)]
pub struct MemoryStorage {
    map: RwLock<BTreeMap<Vec<u8>, Vec<u8>>>,
}

impl MemoryStorage {
    pub fn new() -> MemoryStorage {
        MemoryStorage::default()
    }
}

struct RangeIter<'a> {
    store: &'a MemoryStorage,
    start: Bound<Vec<u8>>,
    end: Bound<Vec<u8>>,
    reverse: bool,
    buffer: std::vec::IntoIter<KeyValue>,
    done: bool,
}

impl RangeIter<'_> {
    fn refill(&mut self) {
        let map = self.store.map.read();
        let range = map.range::<Vec<u8>, _>((self.start.clone(), self.end.clone()));
        let chunk: Vec<KeyValue> = if self.reverse {
            range
                .rev()
                .take(CHUNK)
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        } else {
            range
                .take(CHUNK)
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
        drop(map);
        if chunk.len() < CHUNK {
            self.done = true;
        }
        if let Some((last, _)) = chunk.last() {
            if self.reverse {
                self.end = Bound::Excluded(last.clone());
            } else {
                self.start = Bound::Excluded(last.clone());
            }
        }
        self.buffer = chunk.into_iter();
    }
}

impl Iterator for RangeIter<'_> {
    type Item = Result<KeyValue, StorageError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(kv) = self.buffer.next() {
                return Some(Ok(kv));
            }
            if self.done {
                return None;
            }
            self.refill();
        }
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

impl Storage for MemoryStorage {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        Ok(self.map.read().get(key).cloned())
    }

    fn write(&self, batch: WriteBatch) -> Result<(), StorageError> {
        let mut map = self.map.write();
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
        start: Bound<Vec<u8>>,
        end: Bound<Vec<u8>>,
        reverse: bool,
    ) -> Box<dyn Iterator<Item = Result<KeyValue, StorageError>> + 'a> {
        // BTreeMap::range panics on an inverted range; an inverted range is simply empty.
        let done = empty_range(&start, &end);
        Box::new(RangeIter {
            store: self,
            start,
            end,
            reverse,
            buffer: Vec::new().into_iter(),
            done,
        })
    }

    fn delete_prefix(&self, prefix: &[u8]) -> Result<(), StorageError> {
        let mut map = self.map.write();
        let doomed: Vec<Vec<u8>> = map
            .range::<[u8], _>((Bound::Included(prefix), Bound::Unbounded))
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(k, _)| k.clone())
            .collect();
        for k in doomed {
            map.remove(&k);
        }
        Ok(())
    }

    fn flush(&self) -> Result<(), StorageError> {
        Ok(())
    }
}
