//! ddb's engine: DynamoDB's semantics over an ordered key-value store. It owns tables and their
//! catalog, items and secondary indexes, validation with DynamoDB's messages, and capacity
//! accounting; one module per API operation lives in [`ops`]. It knows nothing of HTTP: an
//! operation is a function from a typed request to a typed response, and [`dispatch`] maps
//! operation names and JSON bodies onto them.

pub mod capacity;
pub mod catalog;
pub mod catalog_record;
pub mod clock;
pub mod conditional_write;
pub mod constraints;
pub mod expression_params;
pub mod framing;
pub mod index_entries;
pub mod invalid;
pub mod item_collection;
pub mod item_locks;
pub mod item_write;
pub mod keys;
pub mod layout;
pub mod lifecycle;
pub mod on_demand;
pub mod ops;
pub mod page;
pub mod partiql;
pub mod projection;
pub mod read_params;
pub mod read_target;
pub mod schema;
pub mod streams;
pub mod table_description;
pub mod table_spec;
pub mod tagging;
pub mod throttling;
pub mod throughput_change;
pub mod token_log;
pub mod ttl;
pub mod upgrade;
pub mod warm_throughput;

use std::path::PathBuf;
use std::sync::Arc;

use ddb_model::{DynamoError, DynamoResult};
pub use ddb_storage::SyncPolicy;
use ddb_storage::{Storage, StorageError};

use crate::catalog::Catalog;
use crate::item_locks::ItemLocks;
use crate::lifecycle::Lifecycle;
pub use crate::lifecycle::TableDelays;
use crate::schema::TableDef;
use crate::streams::Streams;
pub use crate::streams::StreamsConfig;
pub use crate::throttling::CapacityMode;

pub use ops::{dispatch, dispatch_operation};

/// Stack a thread running [`dispatch`] needs: expressions may nest as deep as DynamoDB allows.
pub const REQUEST_THREAD_STACK: usize = ddb_expr::STACK_FOR_PARSING;

/// How to open an engine.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// On-disk data directory; `None` keeps everything in memory.
    pub data_dir: Option<PathBuf>,
    /// When writes reach the disk.
    pub sync: SyncPolicy,
    /// The region in ARNs and in DescribeEndpoints.
    pub region: String,
    /// The account id in ARNs.
    pub account_id: String,
    /// How long tables stay CREATING, UPDATING, DELETING (default: ACTIVE at once).
    pub table_delays: TableDelays,
    /// Stream shard rollover, record retention and shard splitting.
    pub streams: StreamsConfig,
    /// Whether requests over capacity are throttled (tables may override it by tag).
    pub capacity: CapacityMode,
    /// How many times faster than the wall clock capacity time runs (1.0 in production).
    pub time_scale: f64,
}

impl EngineConfig {
    /// An in-memory engine with the default region and account (for tests and embedding).
    pub fn in_memory() -> EngineConfig {
        EngineConfig {
            data_dir: None,
            sync: SyncPolicy::Never,
            region: "us-east-1".into(),
            account_id: "000000000000".into(),
            table_delays: TableDelays::default(),
            streams: StreamsConfig::default(),
            capacity: CapacityMode::Report,
            time_scale: 1.0,
        }
    }
}

/// Why [`Engine::open`] failed. Each cause keeps its source, for the operator to read.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The storage engine failed (including a data directory held by another server).
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// The data was written in a key layout this build does not read.
    #[error(
        "the data directory holds ddb's storage layout version {found}, and this ddb reads \
         version {expected}; start from an empty data directory (or the ddb that wrote it)"
    )]
    Layout {
        /// The version the data directory records.
        found: u32,
        /// The version this build reads and writes.
        expected: u32,
    },
    /// An item of an older layout that could not be read while upgrading.
    #[error(
        "item {key:?} of table {table} cannot be read while upgrading the data directory: {detail}"
    )]
    CorruptItem {
        /// The item's table.
        table: String,
        /// The item's storage key in the old layout.
        key: Vec<u8>,
        /// What was wrong with it.
        detail: String,
    },
    /// A table definition in the catalog cannot be read.
    #[error("the catalog entry {key:?} cannot be read")]
    CorruptCatalog {
        /// The entry's storage key.
        key: String,
        /// Why it cannot be read.
        #[source]
        source: catalog_record::RecordError,
    },
    /// A table's stream could not be set up while opening.
    #[error("the stream of a table cannot be opened: {0}")]
    Stream(String),
}

/// The database: tables, items and indexes over one storage engine.
pub struct Engine {
    /// How the engine was opened.
    pub config: EngineConfig,
    pub(crate) storage: Arc<dyn Storage>,
    pub(crate) catalog: Catalog,
    pub(crate) locks: ItemLocks,
    /// Recent TransactWriteItems client tokens, for idempotent retries.
    pub(crate) tokens: token_log::TokenLog,
    /// Tables CREATING, UPDATING or DELETING (`EngineConfig::table_delays`).
    pub(crate) lifecycle: Lifecycle,
    /// The tables' streams.
    pub(crate) streams: Streams,
    /// The time capacity is measured in.
    pub(crate) clock: clock::Clock,
    /// What each table and global index may still spend, when capacity is enforced.
    pub(crate) budgets: throttling::Budgets,
}

impl Engine {
    /// Opens (or creates) the database described by `config`.
    pub fn open(config: EngineConfig) -> Result<Engine, OpenError> {
        let storage = upgrade::open_storage(config.data_dir.as_deref(), config.sync)?;
        let catalog = Catalog::load(storage.as_ref())?;
        let streams = Streams::load(storage.as_ref(), &catalog, config.streams, clock::now_ms())?;
        Ok(Engine {
            streams,
            clock: clock::Clock::scaled(config.time_scale),
            budgets: Default::default(),
            lifecycle: Lifecycle::new(config.table_delays),
            config,
            storage,
            catalog,
            locks: ItemLocks::new(),
            tokens: Default::default(),
        })
    }

    /// Trims stream records older than the retention, closed shards and disabled streams whose
    /// time is over; returns how many records went. `ddb serve` calls it every second.
    pub fn trim_streams(&self) -> DynamoResult<usize> {
        self.streams.trim(self.storage.as_ref(), clock::now_ms())
    }

    /// Makes every acknowledged write durable; called on shutdown.
    pub fn flush(&self) -> Result<(), StorageError> {
        self.storage.flush()
    }

    /// The table's current definition, or DynamoDB's error for a missing table (also for one
    /// still CREATING, as DynamoDB answers item operations on it).
    pub(crate) fn table(&self, name: &str) -> DynamoResult<Arc<TableDef>> {
        self.lookup(name)
            .filter(|def| self.lifecycle.usable(def.id))
            .ok_or_else(|| table_not_found(name))
    }

    /// The table named by `name_or_arn`: DynamoDB accepts a table's ARN wherever it takes a
    /// table name; an ARN of another region or account names no table here.
    pub(crate) fn lookup(&self, name_or_arn: &str) -> Option<Arc<TableDef>> {
        self.catalog.get(self.table_name(name_or_arn)?)
    }

    /// The table name `name_or_arn` stands for: itself, or the name in an ARN of this server's
    /// region and account (`None` for any other ARN).
    pub(crate) fn table_name<'a>(&self, name_or_arn: &'a str) -> Option<&'a str> {
        match name_or_arn.strip_prefix("arn:") {
            Some(_) => name_or_arn.strip_prefix(&self.table_arn("")),
            None => Some(name_or_arn),
        }
    }

    /// The ARN of a table in this server's region and account.
    pub fn table_arn(&self, name: &str) -> String {
        format!(
            "arn:aws:dynamodb:{}:{}:table/{name}",
            self.config.region, self.config.account_id
        )
    }
}

/// ResourceNotFoundException for item and query operations on a missing table.
pub fn table_not_found(_name: &str) -> DynamoError {
    DynamoError::not_found("Requested resource not found")
}

/// ResourceNotFoundException for table-level operations, naming the table.
pub fn table_level_not_found(name: &str) -> DynamoError {
    DynamoError::not_found(format!(
        "Requested resource not found: Table: {name} not found"
    ))
}
