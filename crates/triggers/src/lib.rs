//! Stream triggers: `ddb serve` runs handlers on DynamoDB Streams records the way an AWS Lambda
//! event source mapping does, so a stream handler written for Lambda runs locally unchanged.
//!
//! - [`config`]: a trigger (table, target, Lambda's mapping settings), from a triggers file in
//!   CreateEventSourceMapping's shape or from `--trigger TABLE=COMMAND`.
//! - [`filter`]: FilterCriteria, matched as Lambda matches them against DynamoDB events.
//! - [`event`]: the Lambda event (`{"Records": [...]}`) made from GetRecords records.
//! - [`target`]: invoking a command (event on stdin) or a Lambda Invoke URL, and telling a
//!   function error from success as Lambda does.
//! - [`delivery`]: one shard's batches, retries with backoff, bisection, reported item failures.
//! - [`checkpoint`]: how far each trigger got, stored in the database so a restart resumes.
//! - [`runner`]: a thread per trigger that follows the table's stream, shard lineage first.
//!
//! The facts (Lambda's event, settings, failure handling, the Invoke API and its emulators) are
//! gathered with their sources in the project's research notes (`stream-triggers.md`).

pub mod checkpoint;
pub mod config;
pub mod delivery;
pub mod event;
pub mod filter;
pub mod runner;
pub mod target;

pub use config::{parse_file, parse_shorthand, ConfigError, Trigger};
pub use runner::Triggers;
