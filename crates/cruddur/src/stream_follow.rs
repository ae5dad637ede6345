//! The updater on its own: reading a table's stream through the DynamoDB Streams API, as
//! Lambda's event source mapping does, from any endpoint (`ddb serve` or AWS).
//!
//! A stream is a set of shards; a shard that closes (DynamoDB splits and rotates them) has
//! children that continue it, and a parent's records come before its children's, so a shard
//! is read only once its parent has been read to its end (or is gone from the stream, trimmed
//! after 24 hours). Every shard is read until it is caught up; a closed one until it ends.
//!
//! Where reading starts: TRIM_HORIZON (the oldest record kept) reads everything, which is safe
//! because the updater is idempotent; LATEST starts at the shards' heads when following
//! begins, and shards that appear later are read from their start, so nothing written while
//! following is missed. Progress is not saved: a new run starts over from its starting
//! position.

use std::collections::{BTreeMap, HashSet};
use std::future::Future;
use std::time::Duration;

use aws_sdk_dynamodbstreams::types::{AttributeValue, Record, ShardIteratorType};
use aws_sdk_dynamodbstreams::Client as StreamsClient;

use crate::error::{describe_sdk_error, error_code};
use crate::updater::{Change, EventName, StringImage};
use crate::Error;

/// How long to wait before looking again when every shard is caught up: Lambda polls a shard
/// four times a second.
pub const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// How often the list of shards is read again while none ends: new shards appear when open
/// ones close, which a reader sees as their end, so this only catches shards added beside
/// them. DescribeStream is limited to 10 calls a second on AWS.
pub const RELIST_INTERVAL: Duration = Duration::from_secs(10);

/// Where reading starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartingPosition {
    /// The oldest record the stream keeps.
    TrimHorizon,
    /// The newest: only records written from now on.
    Latest,
}

/// When to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Until {
    /// Never: keep following (the caller stops it).
    Interrupted,
    /// Once every shard is caught up and no record came in a whole pass.
    CaughtUp,
}

/// What following did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FollowReport {
    /// Records handed to the handler.
    pub records: usize,
    /// Shards that had records.
    pub shards: usize,
}

/// A shard as the walk needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardInfo {
    /// Its id.
    pub id: String,
    /// The shard it continues, if any.
    pub parent: Option<String>,
    /// Whether it is closed (has an ending sequence number).
    pub closed: bool,
}

/// The shards that may be read now, in the stream's order: not finished, and whose parent is
/// finished or no longer in the stream.
pub fn readable(shards: &[ShardInfo], finished: &HashSet<String>) -> Vec<String> {
    let present: HashSet<&str> = shards.iter().map(|s| s.id.as_str()).collect();
    shards
        .iter()
        .filter(|s| !finished.contains(&s.id))
        .filter(|s| match &s.parent {
            None => true,
            Some(parent) => finished.contains(parent) || !present.contains(parent.as_str()),
        })
        .map(|s| s.id.clone())
        .collect()
}

/// The stream of a table, from DescribeTable (a table without one is an error that says how to
/// get one).
pub async fn stream_arn(client: &aws_sdk_dynamodb::Client, table: &str) -> Result<String, Error> {
    let out = client
        .describe_table()
        .table_name(table)
        .send()
        .await
        .map_err(|e| describe_sdk_error("DescribeTable", Some(table), &e))?;
    let description = out.table();
    let enabled = description
        .and_then(|t| t.stream_specification())
        .is_some_and(|s| s.stream_enabled());
    match description.and_then(|t| t.latest_stream_arn()) {
        Some(arn) if enabled => Ok(arn.to_string()),
        _ => Err(Error::Config(format!(
            "table {table} has no stream; `ddb schema-load` creates the table with one (the \
             seed's first schema-load did not)"
        ))),
    }
}

/// Every shard of the stream, following DescribeStream's pages.
async fn shards(streams: &StreamsClient, arn: &str) -> Result<Vec<ShardInfo>, Error> {
    let mut all = Vec::new();
    let mut start: Option<String> = None;
    loop {
        let out = streams
            .describe_stream()
            .stream_arn(arn)
            .set_exclusive_start_shard_id(start.take())
            .send()
            .await
            .map_err(|e| describe_sdk_error("DescribeStream", None, &e))?;
        let Some(description) = out.stream_description() else {
            return Ok(all);
        };
        all.extend(description.shards().iter().filter_map(|s| {
            Some(ShardInfo {
                id: s.shard_id()?.to_string(),
                parent: s.parent_shard_id().map(str::to_string),
                closed: s
                    .sequence_number_range()
                    .and_then(|r| r.ending_sequence_number())
                    .is_some(),
            })
        }));
        match description.last_evaluated_shard_id() {
            Some(next) => start = Some(next.to_string()),
            None => return Ok(all),
        }
    }
}

/// Where one shard's reading is.
#[derive(Debug, Clone)]
struct Cursor {
    /// Where to open the shard when there is no iterator and nothing was read yet.
    start: StartingPosition,
    /// The current iterator, if one is open.
    iterator: Option<String>,
    /// The last record handled, to resume after it.
    last_sequence: Option<String>,
}

/// Reads the stream and hands every record to `handle`, in order within each shard and parents
/// before children. A handler error stops the walk and is returned.
pub async fn follow<H, F>(
    streams: &StreamsClient,
    arn: &str,
    start: StartingPosition,
    until: Until,
    mut handle: H,
) -> Result<FollowReport, Error>
where
    H: FnMut(Change) -> F,
    F: Future<Output = Result<(), Error>>,
{
    let mut report = FollowReport::default();
    let mut cursors: BTreeMap<String, Cursor> = BTreeMap::new();
    let mut finished: HashSet<String> = HashSet::new();
    let mut shards_read: HashSet<String> = HashSet::new();
    let mut first_look = true;
    let mut listed: Vec<ShardInfo> = Vec::new();
    let mut listed_at: Option<tokio::time::Instant> = None;
    let mut relist = true;
    loop {
        if relist || listed_at.is_none_or(|at| at.elapsed() >= RELIST_INTERVAL) {
            listed = shards(streams, arn).await?;
            listed_at = Some(tokio::time::Instant::now());
        }
        relist = false;
        for shard in &listed {
            if cursors.contains_key(&shard.id) || finished.contains(&shard.id) {
                continue;
            }
            // LATEST applies to the shards there when following starts; a closed one has
            // nothing newer, and shards that appear later are read whole.
            let start = if first_look {
                start
            } else {
                StartingPosition::TrimHorizon
            };
            if start == StartingPosition::Latest && shard.closed {
                finished.insert(shard.id.clone());
                continue;
            }
            cursors.insert(
                shard.id.clone(),
                Cursor {
                    start,
                    iterator: None,
                    last_sequence: None,
                },
            );
        }
        first_look = false;
        let mut progressed = false;
        for id in readable(&listed, &finished) {
            let Some(cursor) = cursors.get_mut(&id) else {
                continue;
            };
            let read = read_shard(streams, arn, &id, cursor, &mut handle).await?;
            if read.records > 0 || read.ended {
                progressed = true;
            }
            if read.records > 0 {
                shards_read.insert(id.clone());
            }
            report.records += read.records;
            report.shards = shards_read.len();
            if read.ended {
                finished.insert(id.clone());
                cursors.remove(&id);
                relist = true;
            }
        }
        if !progressed {
            if until == Until::CaughtUp {
                return Ok(report);
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }
}

/// What one visit to a shard did.
struct ShardRead {
    /// Records handled.
    records: usize,
    /// Whether the shard was read to its end (closed, or gone).
    ended: bool,
}

/// Reads a shard until it is caught up (an empty page) or ends (no next iterator).
async fn read_shard<H, F>(
    streams: &StreamsClient,
    arn: &str,
    shard_id: &str,
    cursor: &mut Cursor,
    handle: &mut H,
) -> Result<ShardRead, Error>
where
    H: FnMut(Change) -> F,
    F: Future<Output = Result<(), Error>>,
{
    let mut read = ShardRead {
        records: 0,
        ended: false,
    };
    loop {
        let iterator = match cursor.iterator.take() {
            Some(iterator) => iterator,
            None => match open(streams, arn, shard_id, cursor).await? {
                Some(iterator) => iterator,
                None => {
                    read.ended = true;
                    return Ok(read);
                }
            },
        };
        let out = match streams.get_records().shard_iterator(&iterator).send().await {
            Ok(out) => out,
            // Iterators expire after 15 minutes; open the shard again after the last record.
            Err(e) if error_code(&e) == Some("ExpiredIteratorException") => continue,
            Err(e) => return Err(describe_sdk_error("GetRecords", None, &e)),
        };
        let records = out.records();
        for record in records {
            let sequence = record
                .dynamodb()
                .and_then(|d| d.sequence_number())
                .map(str::to_string);
            handle(change_of(record)).await?;
            read.records += 1;
            if sequence.is_some() {
                cursor.last_sequence = sequence;
            }
        }
        match out.next_shard_iterator() {
            None => {
                read.ended = true;
                return Ok(read);
            }
            Some(next) => {
                cursor.iterator = Some(next.to_string());
                if records.is_empty() {
                    return Ok(read);
                }
            }
        }
    }
}

/// Opens a shard where the cursor says: after the last record handled, else at its starting
/// position. `None` when the shard is gone (trimmed away with everything in it).
async fn open(
    streams: &StreamsClient,
    arn: &str,
    shard_id: &str,
    cursor: &Cursor,
) -> Result<Option<String>, Error> {
    let request = streams
        .get_shard_iterator()
        .stream_arn(arn)
        .shard_id(shard_id);
    let request = match (&cursor.last_sequence, cursor.start) {
        (Some(sequence), _) => request
            .shard_iterator_type(ShardIteratorType::AfterSequenceNumber)
            .sequence_number(sequence),
        (None, StartingPosition::TrimHorizon) => {
            request.shard_iterator_type(ShardIteratorType::TrimHorizon)
        }
        (None, StartingPosition::Latest) => request.shard_iterator_type(ShardIteratorType::Latest),
    };
    match request.send().await {
        Ok(out) => Ok(out.shard_iterator().map(str::to_string)),
        Err(e) if error_code(&e) == Some("ResourceNotFoundException") => Ok(None),
        Err(e) => Err(describe_sdk_error("GetShardIterator", None, &e)),
    }
}

/// A record of the Streams API as the updater reads it.
pub fn change_of(record: &Record) -> Change {
    let strings = |image: Option<&std::collections::HashMap<String, AttributeValue>>| {
        image.map(|image| {
            image
                .iter()
                .filter_map(|(name, value)| Some((name.clone(), value.as_s().ok()?.clone())))
                .collect::<StringImage>()
        })
    };
    let data = record.dynamodb();
    Change {
        event_name: EventName::parse(record.event_name().map(|n| n.as_str()).unwrap_or_default()),
        sequence_number: data.and_then(|d| d.sequence_number()).map(str::to_string),
        table: None,
        keys: strings(data.and_then(|d| d.keys())).unwrap_or_default(),
        new_image: strings(data.and_then(|d| d.new_image())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_dynamodbstreams::types::{OperationType, StreamRecord};

    fn shard(id: &str, parent: Option<&str>, closed: bool) -> ShardInfo {
        ShardInfo {
            id: id.into(),
            parent: parent.map(str::to_string),
            closed,
        }
    }

    #[test]
    fn parents_are_read_before_their_children() {
        let shards = [
            shard("a", None, true),
            shard("b", Some("a"), true),
            shard("c", Some("b"), false),
            shard("d", Some("gone"), false),
        ];
        let mut finished = HashSet::new();
        // A parent no longer in the stream does not hold its child back.
        assert_eq!(readable(&shards, &finished), ["a", "d"]);
        finished.insert("a".to_string());
        assert_eq!(readable(&shards, &finished), ["b", "d"]);
        finished.insert("b".to_string());
        assert_eq!(readable(&shards, &finished), ["c", "d"]);
    }

    #[test]
    fn a_streams_api_record_reads_as_a_change() {
        let record = Record::builder()
            .event_name(OperationType::Insert)
            .dynamodb(
                StreamRecord::builder()
                    .keys("pk", AttributeValue::S("MSG#g".into()))
                    .keys("sk", AttributeValue::S("2025".into()))
                    .new_image("message", AttributeValue::S("hi".into()))
                    .new_image("n", AttributeValue::N("1".into()))
                    .sequence_number("0001")
                    .build(),
            )
            .build();
        let change = change_of(&record);
        assert_eq!(change.event_name, EventName::Insert);
        assert_eq!(change.keys.get("pk"), Some("MSG#g"));
        assert_eq!(change.sequence_number.as_deref(), Some("0001"));
        let image = change.new_image.unwrap();
        assert_eq!(image.get("message"), Some("hi"));
        assert_eq!(image.get("n"), None);
        let keys_only = Record::builder()
            .event_name(OperationType::Remove)
            .dynamodb(
                StreamRecord::builder()
                    .keys("pk", AttributeValue::S("x".into()))
                    .build(),
            )
            .build();
        assert_eq!(change_of(&keys_only).new_image, None);
    }
}
