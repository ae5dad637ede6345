//! DynamoDB Streams: a change record for every write that changes an item, stored in the same
//! atomic batch as the change, in shards as DynamoDB makes them.
//!
//! - A table with a stream has one [`LiveStream`]; its open shards tile the partition-key hash
//!   space (one per partition DynamoDB would give the table). A record goes to the open shard
//!   holding its item's partition hash, so one item's changes stay in one shard, in order.
//! - Sequence numbers are given out per stream, in commit order, under the item's lock: one
//!   item's records are in the order of its changes. A record becomes readable only once every
//!   record with a smaller number is written ([`LiveStream::visible_below`]), so a reader never
//!   passes a record that is still being committed.
//! - Shards close and get children: all of them when they reach the rollover age (DynamoDB: about
//!   4 hours), and one that takes records faster than a partition's write rate splits in two.
//!   Records older than the retention (24 hours) are trimmed; a closed shard goes once its time
//!   is over, and a disabled stream once its last shard has gone.

pub mod def;
pub mod fault;
pub mod iterator;
pub mod record;
mod trim;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Bound;
use std::sync::Arc;
use std::time::Duration;

use parking_lot::{Mutex, RwLock};

use ddb_model::{DynamoError, DynamoResult};
use ddb_storage::{Storage, StorageError, WriteBatch};

use crate::catalog::{storage_error, Catalog};
use crate::layout::{
    prefix_end, record_key, sequence_of_record_key, shard_prefix, stream_key, STREAM_TAG,
};
use crate::schema::{BillingMode, TableDef};
use crate::OpenError;
use def::StreamDef;

/// How shards behave over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamsConfig {
    /// Age at which every open shard closes and is continued by a child (DynamoDB: ~4 h).
    pub rollover: Duration,
    /// Age at which records are trimmed (DynamoDB: 24 h).
    pub retention: Duration,
    /// Records per second over [`RATE_WINDOW_MS`] past which a shard splits in two (DynamoDB's
    /// per-partition write limit: 1,000 writes/s).
    pub split_rate: u64,
}

impl Default for StreamsConfig {
    fn default() -> StreamsConfig {
        StreamsConfig {
            rollover: Duration::from_secs(4 * 3600),
            retention: Duration::from_secs(24 * 3600),
            split_rate: 1000,
        }
    }
}

/// The window over which a shard's write rate is measured.
const RATE_WINDOW_MS: u64 = 10_000;
/// Open shards a stream may have at most (splits stop there).
const MAX_OPEN_SHARDS: usize = 64;

/// The streams of the database.
pub(crate) struct Streams {
    config: StreamsConfig,
    /// Every stream not yet trimmed away, by storage id.
    by_id: RwLock<BTreeMap<u32, Arc<LiveStream>>>,
    /// The enabled stream of each table incarnation, by table storage id.
    active: RwLock<HashMap<u32, Arc<LiveStream>>>,
    /// Counts commits that added records, for readers waiting for news ([`Streams::wait`]).
    commits: Mutex<u64>,
    news: parking_lot::Condvar,
}

/// One stream and what its writers share.
pub(crate) struct LiveStream {
    /// The stream's storage id.
    pub id: u32,
    state: Mutex<StreamState>,
}

struct StreamState {
    def: StreamDef,
    /// The sequence number the next record gets.
    next_seq: u64,
    /// Sequence numbers given out whose records are not written yet.
    pending: BTreeSet<u64>,
    /// Per open shard: start of the current rate window (ms) and records in it.
    rate: HashMap<u32, (u64, u64)>,
    /// The open shards as (first hash, number), by hash: they tile the hash space, so a
    /// record's shard is found by binary search. Rebuilt whenever shards open or close.
    open: Vec<(u64, u32)>,
    /// When the oldest open shard reaches the rollover age (epoch ms).
    next_rollover_ms: u64,
}

/// Saves a stream definition.
fn save(storage: &dyn Storage, def: &StreamDef) -> DynamoResult<()> {
    let mut batch = WriteBatch::default();
    let json = serde_json::to_vec(def).map_err(DynamoError::internal)?;
    batch.put(stream_key(def.id), json);
    storage.write(batch).map_err(storage_error)
}

/// The newest sequence number stored in one shard.
fn last_stored(
    storage: &dyn Storage,
    stream_id: u32,
    shard: u32,
) -> Result<Option<u64>, StorageError> {
    let prefix = shard_prefix(stream_id, shard);
    let end = prefix_end(&prefix).map_or(Bound::Unbounded, Bound::Excluded);
    match storage.range(Bound::Included(prefix), end, true).next() {
        Some(kv) => Ok(sequence_of_record_key(&kv?.0)),
        None => Ok(None),
    }
}

/// How many partitions DynamoDB would give the table, hence how many shards are open at once
/// (provisioned: 3,000 reads or 1,000 writes a second each; on demand: one to begin with).
fn initial_shards(table: &TableDef) -> u64 {
    let t = &table.throughput;
    let partitions = match table.billing {
        BillingMode::Provisioned => {
            (t.read as f64 / 3000.0 + t.write as f64 / 1000.0).ceil() as u64
        }
        BillingMode::PayPerRequest => 1,
    };
    partitions.clamp(1, MAX_OPEN_SHARDS as u64)
}

/// `n` hash ranges tiling the whole 64-bit space.
fn tile(n: u64) -> Vec<(u64, u64)> {
    let width = u64::MAX / n;
    (0..n)
        .map(|i| {
            let end = if i + 1 == n {
                u64::MAX
            } else {
                (i + 1) * width - 1
            };
            (i * width, end)
        })
        .collect()
}

impl Streams {
    /// Loads every stream; a table whose definition says it has a stream but has none stored
    /// (a data directory written before ddb had streams) gets one now.
    pub fn load(
        storage: &dyn Storage,
        catalog: &Catalog,
        config: StreamsConfig,
        now_ms: u64,
    ) -> Result<Streams, OpenError> {
        let streams = Streams {
            config,
            by_id: RwLock::new(BTreeMap::new()),
            active: RwLock::new(HashMap::new()),
            commits: Mutex::new(0),
            news: parking_lot::Condvar::new(),
        };
        let start = vec![STREAM_TAG];
        let end = prefix_end(&start).map_or(Bound::Unbounded, Bound::Excluded);
        for kv in storage.range(Bound::Included(start), end, false) {
            let (key, value) = kv?;
            let def: StreamDef =
                serde_json::from_slice(&value).map_err(|e| OpenError::CorruptCatalog {
                    key: String::from_utf8_lossy(&key).into_owned(),
                    source: e.into(),
                })?;
            let mut next_seq = 1;
            for shard in &def.shards {
                let stored = last_stored(storage, def.id, shard.no)?.map(|s| s + 1);
                // Trimmed records are gone from storage but their numbers must not come back.
                next_seq = next_seq
                    .max(shard.starting)
                    .max(shard.trimmed_below)
                    .max(shard.ending.map_or(0, |e| e + 1))
                    .max(stored.unwrap_or(0));
            }
            streams.register(def, next_seq);
        }
        for name in catalog.names_after(None) {
            let Some(table) = catalog.get(&name) else {
                continue;
            };
            if table.stream.is_some() && streams.active_for(table.id).is_none() {
                streams
                    .open(storage, catalog, &table, now_ms)
                    .map_err(|e| OpenError::Stream(e.message))?;
            }
        }
        Ok(streams)
    }

    fn register(&self, def: StreamDef, next_seq: u64) -> Arc<LiveStream> {
        let enabled_for = def.is_enabled().then_some(def.table_id);
        let mut state = StreamState {
            def,
            next_seq,
            pending: BTreeSet::new(),
            rate: HashMap::new(),
            open: Vec::new(),
            next_rollover_ms: u64::MAX,
        };
        state.reindex(&self.config);
        let live = Arc::new(LiveStream {
            id: state.def.id,
            state: Mutex::new(state),
        });
        self.by_id.write().insert(live.id, live.clone());
        if let Some(table_id) = enabled_for {
            self.active.write().insert(table_id, live.clone());
        }
        live
    }

    /// The enabled stream of the table incarnation `table_id`.
    pub fn active_for(&self, table_id: u32) -> Option<Arc<LiveStream>> {
        self.active.read().get(&table_id).cloned()
    }

    /// Every stream not yet trimmed away, oldest first.
    pub fn all(&self) -> Vec<Arc<LiveStream>> {
        self.by_id.read().values().cloned().collect()
    }

    /// The stream with storage id `id`.
    pub fn get(&self, id: u32) -> Option<Arc<LiveStream>> {
        self.by_id.read().get(&id).cloned()
    }

    /// The stream whose ARN is `arn`.
    pub fn by_arn(&self, arn: &str) -> Option<Arc<LiveStream>> {
        self.all().into_iter().find(|s| s.snapshot().arn() == arn)
    }

    /// Enables a stream on `table` (as its definition says: view type and label).
    pub fn open(
        &self,
        storage: &dyn Storage,
        catalog: &Catalog,
        table: &TableDef,
        now_ms: u64,
    ) -> DynamoResult<()> {
        let Some(settings) = &table.stream else {
            return Ok(());
        };
        let label = table
            .stream_label
            .clone()
            .unwrap_or_else(|| crate::clock::stream_label_at(now_ms as f64 / 1000.0));
        let mut batch = WriteBatch::default();
        let id = catalog.allocate_ids(1, &mut batch)[0];
        storage.write(batch).map_err(storage_error)?;
        let mut def = StreamDef {
            id,
            table_name: table.name.clone(),
            table_id: table.id,
            table_arn: table.arn.clone(),
            label,
            view: settings.view,
            key: table.key.clone(),
            created: now_ms as f64 / 1000.0,
            disabled: None,
            shards: Vec::new(),
            next_shard: 0,
        };
        for range in tile(initial_shards(table)) {
            def.open_shard(range, None, 1, now_ms);
        }
        save(storage, &def)?;
        self.register(def, 1);
        Ok(())
    }

    /// Disables the enabled stream of table incarnation `table_id`, if it has one: its shards
    /// close, and it stays readable until its records age out.
    pub fn close_for_table(
        &self,
        storage: &dyn Storage,
        table_id: u32,
        now_ms: u64,
    ) -> DynamoResult<()> {
        let Some(live) = self.active.write().remove(&table_id) else {
            return Ok(());
        };
        let mut state = live.state.lock();
        let last = state.next_seq.saturating_sub(1);
        state.def.disabled = Some(now_ms as f64 / 1000.0);
        for shard in state.def.shards.iter_mut().filter(|s| s.is_open()) {
            shard.close(last, now_ms);
        }
        state.reindex(&self.config);
        save(storage, &state.def)
    }

    /// Removes the stream of a table that was never created (its CreateTable failed).
    pub fn discard(&self, storage: &dyn Storage, table_id: u32) -> DynamoResult<()> {
        let Some(live) = self.active.write().remove(&table_id) else {
            return Ok(());
        };
        self.forget(live.id);
        let mut batch = WriteBatch::default();
        batch.delete(stream_key(live.id));
        storage.write(batch).map_err(storage_error)
    }

    /// Tells waiting readers that records were committed.
    pub fn notify(&self) {
        *self.commits.lock() += 1;
        self.news.notify_all();
    }

    /// Waits until records are committed after the count `seen`, or `timeout` passes; returns
    /// the count now (pass it as `seen` next time).
    pub fn wait(&self, seen: u64, timeout: Duration) -> u64 {
        let mut commits = self.commits.lock();
        if *commits == seen {
            self.news.wait_for(&mut commits, timeout);
        }
        *commits
    }

    /// The configuration streams follow.
    pub fn config(&self) -> StreamsConfig {
        self.config
    }

    fn forget(&self, id: u32) {
        self.by_id.write().remove(&id);
    }
}

/// Whether `arn` has the shape of a stream ARN: `arn:<partition>:dynamodb:<region>:<account>:
/// table/<table>/stream/<label>`.
fn is_stream_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [_, _, service, _, _, resource] = parts.as_slice() else {
        return false;
    };
    let Some(rest) = resource.strip_prefix("table/") else {
        return false;
    };
    *service == "dynamodb"
        && parts[0] == "arn"
        && rest
            .split_once("/stream/")
            .is_some_and(|(table, label)| !table.is_empty() && !label.is_empty())
}

impl crate::Engine {
    /// Blocks until a write adds stream records after the count `seen` (0 at first), or
    /// `timeout` passes; returns the count to pass next time. Stream readers in the process
    /// (triggers) wait here instead of polling.
    pub fn wait_for_stream_records(&self, seen: u64, timeout: Duration) -> u64 {
        self.streams.wait(seen, timeout)
    }

    /// The stored checkpoint of the stream consumer `name` (a trigger), if it has one.
    pub fn consumer_checkpoint(&self, name: &str) -> DynamoResult<Option<Vec<u8>>> {
        self.storage
            .get(&crate::layout::checkpoint_key(name))
            .map_err(storage_error)
    }

    /// Stores the checkpoint of the stream consumer `name`, durably as every write is.
    pub fn save_consumer_checkpoint(&self, name: &str, checkpoint: Vec<u8>) -> DynamoResult<()> {
        let mut batch = WriteBatch::default();
        batch.put(crate::layout::checkpoint_key(name), checkpoint);
        self.storage.write(batch).map_err(storage_error)
    }

    /// The stream whose ARN is `arn`: ValidationException for something that is not a stream
    /// ARN, ResourceNotFoundException for a stream this server does not have.
    pub(crate) fn find_stream(&self, arn: &str) -> DynamoResult<Arc<LiveStream>> {
        if !is_stream_arn(arn) {
            return Err(fault::StreamFault::MalformedStreamArn { arn: arn.into() }.into());
        }
        self.streams
            .by_arn(arn)
            .ok_or_else(|| fault::StreamFault::StreamNotFound { arn: arn.into() }.into())
    }

    /// Brings the table's streams in line with its definition after CreateTable or UpdateTable:
    /// a stream enabled (or re-enabled, with a new label) is opened, one disabled is closed.
    pub(crate) fn follow_stream_setting(&self, table: &TableDef) -> DynamoResult<()> {
        let storage = self.storage.as_ref();
        let now = crate::clock::now_ms();
        let active = self.streams.active_for(table.id);
        let wanted = table.stream.as_ref().and(table.stream_label.as_deref());
        if let (Some(live), Some(label)) = (&active, wanted) {
            if live.snapshot().label == label {
                return Ok(());
            }
        }
        if active.is_some() {
            self.streams.close_for_table(storage, table.id, now)?;
        }
        self.streams.open(storage, &self.catalog, table, now)
    }
}

/// A record's place: the shard it goes to and its sequence number.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reservation {
    pub shard: u32,
    pub sequence: u64,
}

impl LiveStream {
    /// A copy of the definition, after any rollover due at `now_ms`.
    pub fn snapshot(&self) -> StreamDef {
        self.state.lock().def.clone()
    }

    /// The definition after settling what is due at `now_ms` (rollover), and the first
    /// sequence number not yet readable.
    pub fn settled(
        &self,
        storage: &dyn Storage,
        config: &StreamsConfig,
        now_ms: u64,
    ) -> DynamoResult<(StreamDef, u64)> {
        let mut state = self.state.lock();
        state.roll_over_if_due(storage, config, now_ms)?;
        Ok((state.def.clone(), state.visible_below()))
    }

    /// Reserves the next sequence number for a record of an item whose partition hash is
    /// `hash`; `None` once the stream is disabled. The reservation must be [`released`] once
    /// its batch is written (or failed).
    ///
    /// [`released`]: LiveStream::release
    pub fn reserve(
        &self,
        storage: &dyn Storage,
        config: &StreamsConfig,
        hash: u64,
        now_ms: u64,
    ) -> DynamoResult<Option<Reservation>> {
        let mut state = self.state.lock();
        if !state.def.is_enabled() {
            return Ok(None);
        }
        state.roll_over_if_due(storage, config, now_ms)?;
        let Some(shard) = state.shard_holding(hash) else {
            return Err(DynamoError::internal("no open stream shard holds the hash"));
        };
        let sequence = state.next_seq;
        state.next_seq += 1;
        state.pending.insert(sequence);
        state.split_if_hot(storage, config, shard, now_ms)?;
        Ok(Some(Reservation { shard, sequence }))
    }

    /// Ends a reservation: its record is written, or will never be.
    pub fn release(&self, sequence: u64) {
        self.state.lock().pending.remove(&sequence);
    }
}

impl StreamState {
    fn visible_below(&self) -> u64 {
        self.pending.first().copied().unwrap_or(self.next_seq)
    }

    /// Rebuilds the index of open shards and the next rollover time after shards changed.
    fn reindex(&mut self, config: &StreamsConfig) {
        let age = u64::try_from(config.rollover.as_millis()).unwrap_or(u64::MAX);
        let open = self.def.shards.iter().filter(|s| s.is_open());
        self.open = open.clone().map(|s| (s.hash_start, s.no)).collect();
        self.open.sort_unstable();
        self.next_rollover_ms = open
            .map(|s| s.opened_ms.saturating_add(age))
            .min()
            .unwrap_or(u64::MAX);
    }

    /// The open shard whose hash range holds `hash`.
    fn shard_holding(&self, hash: u64) -> Option<u32> {
        let after = self.open.partition_point(|&(start, _)| start <= hash);
        self.open.get(after.checked_sub(1)?).map(|&(_, no)| no)
    }

    /// Closes every open shard that has reached the rollover age and opens its child over the
    /// same hashes.
    fn roll_over_if_due(
        &mut self,
        storage: &dyn Storage,
        config: &StreamsConfig,
        now_ms: u64,
    ) -> DynamoResult<()> {
        if !self.def.is_enabled() || now_ms < self.next_rollover_ms {
            return Ok(());
        }
        let age = u64::try_from(config.rollover.as_millis()).unwrap_or(u64::MAX);
        let due: Vec<usize> = (0..self.def.shards.len())
            .filter(|&i| {
                let s = &self.def.shards[i];
                s.is_open() && s.opened_ms.saturating_add(age) <= now_ms
            })
            .collect();
        if due.is_empty() {
            return Ok(());
        }
        let last = self.next_seq.saturating_sub(1);
        for i in due {
            let shard = &mut self.def.shards[i];
            shard.close(last, now_ms);
            let (range, parent) = ((shard.hash_start, shard.hash_end), shard.id.clone());
            self.rate.remove(&shard.no);
            let starting = self.next_seq;
            self.def.open_shard(range, Some(parent), starting, now_ms);
        }
        self.reindex(config);
        save(storage, &self.def)
    }

    /// Counts a record into `shard`'s rate and splits the shard in two when it runs hotter than
    /// a partition may: the record just reserved is its last.
    fn split_if_hot(
        &mut self,
        storage: &dyn Storage,
        config: &StreamsConfig,
        shard: u32,
        now_ms: u64,
    ) -> DynamoResult<()> {
        let window = self.rate.entry(shard).or_insert((now_ms, 0));
        if now_ms.saturating_sub(window.0) >= RATE_WINDOW_MS {
            *window = (now_ms, 0);
        }
        window.1 += 1;
        let limit = config.split_rate.saturating_mul(RATE_WINDOW_MS / 1000);
        if window.1 <= limit || self.open.len() >= MAX_OPEN_SHARDS {
            return Ok(());
        }
        let last = self.next_seq.saturating_sub(1);
        let Some(s) = self.def.shards.iter_mut().find(|s| s.no == shard) else {
            return Ok(());
        };
        if s.hash_start == s.hash_end {
            return Ok(());
        }
        s.close(last, now_ms);
        let (start, end, parent) = (s.hash_start, s.hash_end, s.id.clone());
        let middle = start + (end - start) / 2;
        self.rate.remove(&shard);
        let starting = self.next_seq;
        self.def
            .open_shard((start, middle), Some(parent.clone()), starting, now_ms);
        self.def
            .open_shard((middle + 1, end), Some(parent), starting, now_ms);
        self.reindex(config);
        save(storage, &self.def)
    }
}

/// One stored record of a shard.
pub(crate) struct StoredRecord {
    pub sequence: u64,
    pub bytes: Vec<u8>,
}

/// Reads records of shard `shard_no` of stream `stream_id` from sequence number `from` up to
/// (not including) `below`, at most `limit` of them and about `max_bytes` worth.
pub(crate) fn read_records(
    storage: &dyn Storage,
    (stream_id, shard_no): (u32, u32),
    (from, below): (u64, u64),
    limit: usize,
    max_bytes: usize,
) -> DynamoResult<Vec<StoredRecord>> {
    if from >= below {
        return Ok(Vec::new());
    }
    let start = record_key(stream_id, shard_no, from);
    let end = record_key(stream_id, shard_no, below);
    let mut out = Vec::new();
    let mut bytes = 0;
    for kv in storage.range(Bound::Included(start), Bound::Excluded(end), false) {
        let (key, value) = kv.map_err(storage_error)?;
        let Some(sequence) = sequence_of_record_key(&key) else {
            continue;
        };
        bytes += value.len();
        out.push(StoredRecord {
            sequence,
            bytes: value,
        });
        if out.len() >= limit || bytes >= max_bytes {
            break;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiles_cover_the_hash_space_without_gaps() {
        for n in [1u64, 2, 3, 7, 64] {
            let t = tile(n);
            assert_eq!(t.len() as u64, n);
            assert_eq!(t[0].0, 0);
            assert_eq!(t.last().unwrap().1, u64::MAX);
            for w in t.windows(2) {
                assert_eq!(w[0].1 + 1, w[1].0, "n = {n}");
                assert!(w[0].0 <= w[0].1);
            }
        }
    }
}
