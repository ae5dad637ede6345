//! Running a trigger: a thread that follows its table's stream through the engine's own
//! DynamoDB Streams operations (as any consumer would), walks shards parents before children,
//! delivers batches per shard in order ([`crate::delivery`]), and keeps its checkpoint.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use ddb_engine::Engine;
use ddb_model::{DynamoError, DynamoResult, ErrorKind};
use ddb_wire::{Operation, Service};
use serde_json::{json, Value};

use crate::checkpoint::Checkpoint;
use crate::config::{StartingPosition, Target, Trigger};
use crate::delivery::{ShardCursor, Step};
use crate::event::{event, lambda_record, sequence_number};
use crate::target::{invoke, Environment};

/// Iterators are renewed before DynamoDB's 15 minutes run out.
const ITERATOR_RENEWAL: Duration = Duration::from_secs(10 * 60);
/// How long an idle trigger waits for news before looking again (Lambda polls 4 times a second).
const IDLE_WAIT: Duration = Duration::from_millis(250);

/// Running triggers; dropping it does not stop them, [`Triggers::stop`] does.
pub struct Triggers {
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl Triggers {
    /// Starts one thread per trigger. `endpoint` and `region` are told to command targets.
    pub fn start(
        engine: Arc<Engine>,
        triggers: Vec<Trigger>,
        endpoint: &str,
        region: &str,
    ) -> Triggers {
        let stop = Arc::new(AtomicBool::new(false));
        let threads = triggers
            .into_iter()
            .map(|trigger| {
                let env = Environment {
                    endpoint: endpoint.into(),
                    region: region.into(),
                    trigger: trigger.name.clone(),
                };
                let runner = Runner::new(engine.clone(), trigger, env, stop.clone());
                std::thread::spawn(move || runner.run())
            })
            .collect();
        Triggers { stop, threads }
    }

    /// Stops every trigger after the invocation it is in, and waits for them.
    pub fn stop(self) {
        self.stop.store(true, Ordering::Relaxed);
        for t in self.threads {
            let _ = t.join();
        }
    }
}

struct Runner {
    engine: Arc<Engine>,
    trigger: Trigger,
    env: Environment,
    stop: Arc<AtomicBool>,
    checkpoint: Checkpoint,
    cursors: HashMap<String, ShardCursor>,
}

/// Calls a DynamoDB or DynamoDB Streams operation of the engine with a JSON body.
fn call(engine: &Engine, service: Service, op: &str, body: Value) -> DynamoResult<Value> {
    let operation = Operation::named(service, op).ok_or_else(|| DynamoError::internal(op))?;
    let out = ddb_engine::dispatch_operation(engine, operation, body.to_string().as_bytes())?;
    serde_json::from_slice(&out).map_err(DynamoError::internal)
}

impl Runner {
    fn new(
        engine: Arc<Engine>,
        trigger: Trigger,
        env: Environment,
        stop: Arc<AtomicBool>,
    ) -> Runner {
        let checkpoint = Checkpoint::load(&engine, &trigger.name).unwrap_or_default();
        Runner {
            engine,
            trigger,
            env,
            stop,
            checkpoint,
            cursors: HashMap::new(),
        }
    }

    fn run(mut self) {
        tracing::info!(trigger = %self.trigger.name, table = %self.trigger.table, "trigger started");
        let mut seen = 0;
        while !self.stop.load(Ordering::Relaxed) {
            let progressed = match self.pass() {
                Ok(p) => p,
                Err(e) => {
                    tracing::warn!(trigger = %self.trigger.name, "trigger pass failed: {}", e.message);
                    false
                }
            };
            if !progressed {
                seen = self.engine.wait_for_stream_records(seen, self.idle_wait());
            }
        }
    }

    /// How long to sleep when nothing is due: until the earliest retry or window end.
    fn idle_wait(&self) -> Duration {
        let now = Instant::now();
        self.cursors
            .values()
            .filter_map(|c| {
                let window_end = c.buffered_since.map(|s| s + self.trigger.batching_window);
                c.retry_at.into_iter().chain(window_end).min()
            })
            .map(|at| at.saturating_duration_since(now))
            .fold(IDLE_WAIT, Duration::min)
    }

    /// One look at every shard that may be read; whether anything happened.
    fn pass(&mut self) -> DynamoResult<bool> {
        let Some(arn) = self.stream_to_read()? else {
            return Ok(false);
        };
        let shards = self.shards(&arn)?;
        let mut progressed = false;
        for (shard_id, parent) in &shards {
            if self.checkpoint.finished.contains(shard_id) {
                continue;
            }
            let parent_done = parent
                .as_ref()
                .is_none_or(|p| !shards.contains_key(p) || self.checkpoint.finished.contains(p));
            if parent_done {
                progressed |= self.serve_shard(&arn, shard_id)?;
            }
        }
        Ok(progressed)
    }

    /// The stream to read: the one in the checkpoint until it is read to its end or gone, then
    /// the table's latest.
    fn stream_to_read(&mut self) -> DynamoResult<Option<String>> {
        let latest = match call(
            &self.engine,
            Service::DynamoDb,
            "DescribeTable",
            json!({"TableName": self.trigger.table}),
        ) {
            Ok(d) => d["Table"]["LatestStreamArn"].as_str().map(str::to_string),
            Err(e) if e.kind == ErrorKind::ResourceNotFound => None,
            Err(e) => return Err(e),
        };
        if let Some(current) = self.checkpoint.stream_arn.clone() {
            if Some(&current) == latest.as_ref() || !self.stream_finished(&current)? {
                return Ok(Some(current));
            }
        }
        let Some(latest) = latest else {
            return Ok(None);
        };
        let first_stream = self.checkpoint.stream_arn.is_none();
        self.checkpoint.follow(&latest);
        self.cursors.clear();
        // A stream enabled again while the trigger ran is read from its start.
        if first_stream && self.trigger.starting_position == StartingPosition::Latest {
            let now = chrono::Utc::now().timestamp_millis() as f64 / 1000.0;
            self.checkpoint.latest_from = Some((now, self.shards(&latest)?.into_keys().collect()));
        }
        self.save()?;
        Ok(Some(latest))
    }

    /// Whether every shard of `arn` has been read to its end (or the stream is gone).
    fn stream_finished(&self, arn: &str) -> DynamoResult<bool> {
        match self.shards(arn) {
            Ok(shards) => Ok(shards.keys().all(|s| self.checkpoint.finished.contains(s))
                && self.stream_disabled(arn)?),
            Err(e) if e.kind == ErrorKind::ResourceNotFound => Ok(true),
            Err(e) => Err(e),
        }
    }

    fn stream_disabled(&self, arn: &str) -> DynamoResult<bool> {
        let d = call(
            &self.engine,
            Service::DynamoDbStreams,
            "DescribeStream",
            json!({"StreamArn": arn}),
        )?;
        Ok(d["StreamDescription"]["StreamStatus"] == "DISABLED")
    }

    /// Every shard of the stream with its parent.
    fn shards(&self, arn: &str) -> DynamoResult<BTreeMap<String, Option<String>>> {
        let mut shards = BTreeMap::new();
        let mut start: Option<String> = None;
        loop {
            let mut body = json!({"StreamArn": arn});
            if let Some(s) = &start {
                body["ExclusiveStartShardId"] = json!(s);
            }
            let d = call(
                &self.engine,
                Service::DynamoDbStreams,
                "DescribeStream",
                body,
            )?;
            let description = &d["StreamDescription"];
            for s in description["Shards"].as_array().into_iter().flatten() {
                if let Some(id) = s["ShardId"].as_str() {
                    shards.insert(
                        id.to_string(),
                        s["ParentShardId"].as_str().map(str::to_string),
                    );
                }
            }
            match description["LastEvaluatedShardId"].as_str() {
                Some(s) => start = Some(s.to_string()),
                None => return Ok(shards),
            }
        }
    }

    /// Fetches what the shard's next batch needs and delivers it when due.
    fn serve_shard(&mut self, arn: &str, shard_id: &str) -> DynamoResult<bool> {
        let mut cursor = self
            .cursors
            .remove(shard_id)
            .unwrap_or_else(|| ShardCursor::new(shard_id.to_string()));
        let result = self.fill_and_deliver(arn, &mut cursor);
        let done = cursor.ended && cursor.buffer.is_empty();
        if done && result.is_ok() {
            self.checkpoint.finished.insert(shard_id.to_string());
            self.save()?;
            return Ok(true);
        }
        self.cursors.insert(shard_id.to_string(), cursor);
        result
    }

    fn fill_and_deliver(&mut self, arn: &str, cursor: &mut ShardCursor) -> DynamoResult<bool> {
        let fetched = self.fill(arn, cursor)?;
        let now = Instant::now();
        if !cursor.batch_due(&self.trigger, now) {
            return Ok(fetched);
        }
        let batch = cursor.batch(&self.trigger);
        let now_seconds = chrono::Utc::now().timestamp_millis() as f64 / 1000.0;
        let expired = ShardCursor::expired_prefix(&batch, &self.trigger, now_seconds);
        let step = if expired > 0 {
            cursor.give_up_expired(&batch, expired)
        } else {
            let outcome = invoke(
                &self.trigger.target,
                &event(&batch),
                &self.env,
                self.trigger.timeout,
            );
            cursor.settle(&self.trigger, &batch, outcome, now)
        };
        self.take_step(&cursor.shard_id.clone(), step)?;
        Ok(true)
    }

    /// Reads more records when the buffer holds less than a batch; whether any came.
    fn fill(&mut self, arn: &str, cursor: &mut ShardCursor) -> DynamoResult<bool> {
        if cursor.ended || cursor.buffer.len() >= self.trigger.batch_size {
            return Ok(false);
        }
        let iterator = match &cursor.iterator {
            Some((it, issued)) if issued.elapsed() < ITERATOR_RENEWAL => it.clone(),
            _ => self.fresh_iterator(arn, cursor)?,
        };
        let want = (self.trigger.batch_size - cursor.buffer.len()).min(1000);
        let page = call(
            &self.engine,
            Service::DynamoDbStreams,
            "GetRecords",
            json!({"ShardIterator": iterator, "Limit": want}),
        )?;
        let records = page["Records"].as_array().cloned().unwrap_or_default();
        let got = !records.is_empty();
        // Records the filters drop are never sent: the iterator moves past them (Lambda).
        let mut skipped_to = None;
        for record in records {
            let record = lambda_record(record, arn);
            if self.trigger.filters.matches(&record) {
                if cursor.buffer.is_empty() {
                    cursor.buffered_since = Some(Instant::now());
                }
                cursor.buffer.push_back(record);
            } else if cursor.buffer.is_empty() {
                skipped_to = sequence_number(&record).map(str::to_string);
            }
        }
        if let Some(last) = skipped_to.filter(|_| cursor.buffer.is_empty()) {
            self.checkpoint.shards.insert(cursor.shard_id.clone(), last);
            self.save()?;
        }
        match page["NextShardIterator"].as_str() {
            Some(next) => cursor.iterator = Some((next.to_string(), Instant::now())),
            None => {
                cursor.iterator = None;
                cursor.ended = true;
            }
        }
        Ok(got)
    }

    /// An iterator after the last buffered or checkpointed record, or at the starting position.
    fn fresh_iterator(&self, arn: &str, cursor: &ShardCursor) -> DynamoResult<String> {
        let after = cursor
            .buffer
            .back()
            .and_then(sequence_number)
            .map(str::to_string)
            .or_else(|| self.checkpoint.shards.get(&cursor.shard_id).cloned());
        let mut body = json!({"StreamArn": arn, "ShardId": cursor.shard_id});
        match after {
            Some(seq) => {
                body["ShardIteratorType"] = json!("AFTER_SEQUENCE_NUMBER");
                body["SequenceNumber"] = json!(seq);
            }
            None => match &self.checkpoint.latest_from {
                Some((at, shards)) if shards.contains(&cursor.shard_id) => {
                    body["ShardIteratorType"] = json!("AT_TIMESTAMP");
                    body["Timestamp"] = json!(at);
                }
                _ => body["ShardIteratorType"] = json!("TRIM_HORIZON"),
            },
        }
        match call(
            &self.engine,
            Service::DynamoDbStreams,
            "GetShardIterator",
            body.clone(),
        ) {
            Ok(r) => Ok(r["ShardIterator"].as_str().unwrap_or_default().to_string()),
            Err(e) if e.kind == ErrorKind::TrimmedDataAccess => {
                // The checkpoint aged out of the stream (the trigger was stopped for longer than
                // the retention): what is left is read, as Lambda would after the records expired.
                tracing::warn!(trigger = %self.trigger.name, shard = %cursor.shard_id, "records after the checkpoint were trimmed; reading from the oldest left");
                body["ShardIteratorType"] = json!("TRIM_HORIZON");
                if let Some(o) = body.as_object_mut() {
                    o.remove("SequenceNumber");
                    o.remove("Timestamp");
                }
                let r = call(
                    &self.engine,
                    Service::DynamoDbStreams,
                    "GetShardIterator",
                    body,
                )?;
                Ok(r["ShardIterator"].as_str().unwrap_or_default().to_string())
            }
            Err(e) => Err(e),
        }
    }

    fn take_step(&mut self, shard_id: &str, step: Step) -> DynamoResult<()> {
        match step {
            Step::Handled(last) if !last.is_empty() => {
                self.checkpoint.shards.insert(shard_id.to_string(), last);
                self.save()
            }
            Step::Handled(_) | Step::RetryLater => Ok(()),
            Step::GivenUp {
                records,
                condition,
                error,
                invocations,
            } => {
                self.report_failure(shard_id, &records, condition, error.as_deref(), invocations);
                if let Some(last) = records.last().and_then(sequence_number) {
                    self.checkpoint
                        .shards
                        .insert(shard_id.to_string(), last.to_string());
                }
                self.save()
            }
        }
    }

    fn save(&self) -> DynamoResult<()> {
        self.checkpoint.save(&self.engine, &self.trigger.name)
    }

    /// Lambda's on-failure record for a batch given up: logged, and appended to the trigger's
    /// on-failure file as one JSON line.
    fn report_failure(
        &self,
        shard_id: &str,
        records: &[Value],
        condition: &str,
        error: Option<&str>,
        invocations: u32,
    ) {
        let arrival = |r: Option<&Value>| {
            r.and_then(crate::event::created_at)
                .and_then(|t| chrono::DateTime::from_timestamp(t as i64, 0))
                .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        };
        let function_arn = match &self.trigger.target {
            Target::Url(u) => u.clone(),
            Target::Command(c) => c.join(" "),
        };
        let report = json!({
            "requestContext": {"requestId": uuid::Uuid::new_v4().to_string(), "functionArn": function_arn,
                               "condition": condition, "approximateInvokeCount": invocations},
            "responseContext": {"statusCode": 200, "executedVersion": "$LATEST",
                                "functionError": error.map(|_| "Unhandled")},
            "version": "1.0",
            "timestamp": chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
            "DDBStreamBatchInfo": {
                "shardId": shard_id,
                "startSequenceNumber": records.first().and_then(sequence_number),
                "endSequenceNumber": records.last().and_then(sequence_number),
                "approximateArrivalOfFirstRecord": arrival(records.first()),
                "approximateArrivalOfLastRecord": arrival(records.last()),
                "batchSize": records.len(),
                "streamArn": self.checkpoint.stream_arn,
            }
        });
        tracing::warn!(trigger = %self.trigger.name, "gave up a batch of {} records ({condition}): {report}", records.len());
        if let Some(path) = &self.trigger.on_failure {
            let line = format!("{report}\n");
            let written = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .and_then(|mut f| f.write_all(line.as_bytes()));
            if let Err(e) = written {
                tracing::warn!(trigger = %self.trigger.name, "cannot write the on-failure record to {}: {e}", path.display());
            }
        }
    }
}
