//! Where a trigger has got to, kept in the database beside the data (so it is as durable as
//! the writes it follows): the stream it reads, and per shard the last sequence number handled.
//! A restart resumes after it: delivery is at least once, never a skipped batch.

use std::collections::{BTreeMap, BTreeSet};

use ddb_engine::Engine;
use ddb_model::DynamoResult;
use serde::{Deserialize, Serialize};

/// A trigger's progress.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The stream being read.
    pub stream_arn: Option<String>,
    /// Per shard, the last sequence number handled (delivered, filtered out or given up).
    pub shards: BTreeMap<String, String>,
    /// Shards read to their end.
    pub finished: BTreeSet<String>,
    /// For a trigger that started at LATEST: when it first met the stream (epoch seconds), and
    /// the shards open then; until one of them has a checkpoint it is read from that time, so
    /// a restart neither replays what came before nor skips what came after.
    #[serde(default)]
    pub latest_from: Option<(f64, BTreeSet<String>)>,
}

impl Checkpoint {
    /// The stored checkpoint of trigger `name` (empty when it has none or cannot be read: a
    /// trigger then starts at its starting position, as a new mapping does).
    pub fn load(engine: &Engine, name: &str) -> DynamoResult<Checkpoint> {
        Ok(engine
            .consumer_checkpoint(name)?
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default())
    }

    /// Stores it.
    pub fn save(&self, engine: &Engine, name: &str) -> DynamoResult<()> {
        let bytes = serde_json::to_vec(self).map_err(ddb_model::DynamoError::internal)?;
        engine.save_consumer_checkpoint(name, bytes)
    }

    /// Starts over on the stream `arn`.
    pub fn follow(&mut self, arn: &str) {
        self.stream_arn = Some(arn.into());
        self.shards.clear();
        self.finished.clear();
        self.latest_from = None;
    }
}
