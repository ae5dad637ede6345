//! Per-item write serialization: a fixed array of mutexes striped by the item's storage key, so
//! conditional writes to one item are serialized while writes to other items run in parallel
//! and reads take no lock at all.

use parking_lot::{Mutex, MutexGuard};

use ddb_model::key_encoding::hash_bytes;

const STRIPES: usize = 4096;

/// The engine's item locks: a fixed set of mutexes, one picked by a hash of the storage key.
pub(crate) struct ItemLocks {
    stripes: Box<[Mutex<()>]>,
}

impl Default for ItemLocks {
    fn default() -> Self {
        ItemLocks::new()
    }
}

impl ItemLocks {
    pub fn new() -> ItemLocks {
        ItemLocks {
            stripes: (0..STRIPES).map(|_| Mutex::new(())).collect(),
        }
    }

    /// Holds the lock of the stripe that `storage_key` falls in.
    pub fn lock(&self, storage_key: &[u8]) -> MutexGuard<'_, ()> {
        self.stripes[self.stripe(storage_key)].lock()
    }

    /// Holds the locks of every stripe the keys fall in, taken in stripe order so that two
    /// multi-item writers can never deadlock.
    pub fn lock_many<'a>(
        &'a self,
        storage_keys: impl IntoIterator<Item = &'a [u8]>,
    ) -> Vec<MutexGuard<'a, ()>> {
        let mut stripes: Vec<usize> = storage_keys.into_iter().map(|k| self.stripe(k)).collect();
        stripes.sort_unstable();
        stripes.dedup();
        stripes
            .into_iter()
            .map(|s| self.stripes[s].lock())
            .collect()
    }

    fn stripe(&self, storage_key: &[u8]) -> usize {
        (hash_bytes(storage_key) % STRIPES as u64) as usize
    }
}
