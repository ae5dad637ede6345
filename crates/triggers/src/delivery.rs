//! One shard's delivery, as Lambda's event source mapping does it: records in order, in batches;
//! a batch that fails is retried (with backoff) and blocks the shard until it succeeds, is
//! given up after MaximumRetryAttempts (an on-failure record then), or — with bisect — is split
//! in two; with ReportBatchItemFailures the response names the first record to retry from
//! (research: stream-triggers.md §2–3).

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::config::Trigger;
use crate::event::{created_at, sequence_number};
use crate::target::Outcome;

/// Backoff after the n-th consecutive failure: 100 ms doubling, at most 10 s.
pub fn backoff(failures: u32) -> Duration {
    let exponent = failures.saturating_sub(1).min(7);
    Duration::from_millis(100 << exponent).min(Duration::from_secs(10))
}

/// Wait before invoking again a target that could not be reached.
const SERVICE_RETRY: Duration = Duration::from_secs(1);

/// The state of one shard's delivery.
#[derive(Debug)]
pub struct ShardCursor {
    /// The shard.
    pub shard_id: String,
    /// The iterator for the next GetRecords, and when it was issued.
    pub iterator: Option<(String, Instant)>,
    /// Records fetched and not yet handled, oldest first.
    pub buffer: VecDeque<Value>,
    /// When the oldest buffered record was fetched (the batching window runs from then).
    pub buffered_since: Option<Instant>,
    /// Everything the shard will ever hold has been fetched.
    pub ended: bool,
    /// Consecutive failed invocations of the current batch.
    pub failures: u32,
    /// Invocations of the current batch, for the on-failure record.
    pub invocations: u32,
    /// No invocation before this (backoff).
    pub retry_at: Option<Instant>,
    /// Lengths of the pieces a bisected batch was split into, front first.
    pub pieces: VecDeque<usize>,
}

/// What handling the current batch came to.
#[derive(Debug, PartialEq)]
pub enum Step {
    /// Records up to this sequence number are handled; checkpoint there.
    Handled(String),
    /// The batch failed; it is retried later.
    RetryLater,
    /// The batch was given up after its retries: checkpoint past it and report it.
    GivenUp {
        /// Its records.
        records: Vec<Value>,
        /// Why, as the on-failure record's condition says it.
        condition: &'static str,
        /// The last function error, if any.
        error: Option<String>,
        /// How often it was invoked.
        invocations: u32,
    },
}

impl ShardCursor {
    /// A cursor that has fetched nothing yet.
    pub fn new(shard_id: String) -> ShardCursor {
        ShardCursor {
            shard_id,
            iterator: None,
            buffer: VecDeque::new(),
            buffered_since: None,
            ended: false,
            failures: 0,
            invocations: 0,
            retry_at: None,
            pieces: VecDeque::new(),
        }
    }

    /// Whether a batch is due now: a full one, the window over, or nothing more to come.
    pub fn batch_due(&self, trigger: &Trigger, now: Instant) -> bool {
        if self.buffer.is_empty() || self.retry_at.is_some_and(|at| at > now) {
            return false;
        }
        self.buffer.len() >= trigger.batch_size
            || self.ended
            || self
                .buffered_since
                .is_none_or(|since| now.duration_since(since) >= trigger.batching_window)
    }

    /// The records of the batch to send now.
    pub fn batch(&self, trigger: &Trigger) -> Vec<Value> {
        let len = self
            .pieces
            .front()
            .copied()
            .unwrap_or(trigger.batch_size)
            .min(self.buffer.len());
        self.buffer.iter().take(len).cloned().collect()
    }

    /// Drops the first `n` records (handled), and ends the window when nothing is left.
    fn consume(&mut self, n: usize) {
        self.buffer.drain(..n.min(self.buffer.len()));
        if let Some(front) = self.pieces.front_mut() {
            if *front <= n {
                self.pieces.pop_front();
            } else {
                *front -= n;
            }
        }
        if self.buffer.is_empty() {
            self.buffered_since = None;
        }
    }

    /// Records of `batch` too old to send (MaximumRecordAgeInSeconds): the leading ones older
    /// than the limit, given up before any invocation.
    pub fn expired_prefix(batch: &[Value], trigger: &Trigger, now_seconds: f64) -> usize {
        let Some(limit) = trigger.maximum_record_age else {
            return 0;
        };
        batch
            .iter()
            .take_while(|r| created_at(r).is_some_and(|t| now_seconds - t > limit.as_secs_f64()))
            .count()
    }

    /// Takes the outcome of invoking the target with `batch` and says what follows.
    pub fn settle(
        &mut self,
        trigger: &Trigger,
        batch: &[Value],
        outcome: Outcome,
        now: Instant,
    ) -> Step {
        self.invocations += 1;
        let error = match outcome {
            Outcome::Returned(response) => match failed_from(trigger, batch, response.as_ref()) {
                Ok(None) => return self.handled(batch.len(), batch),
                Ok(Some(first_failed)) if first_failed > 0 => {
                    // Everything before the first failed record is done; retry from it.
                    let step = self.handled(first_failed, batch);
                    self.failures += 1;
                    self.retry_at = Some(now + backoff(self.failures));
                    return step;
                }
                Ok(Some(_)) => None,
                Err(reason) => Some(reason),
            },
            Outcome::FunctionError(e) => Some(e),
            Outcome::ServiceError(e) => {
                // Not the function's fault: retried until it can run, not counted.
                tracing::warn!(trigger = %trigger.name, "cannot invoke the target: {e}");
                self.invocations -= 1;
                self.retry_at = Some(now + SERVICE_RETRY);
                return Step::RetryLater;
            }
        };
        if let Some(e) = &error {
            tracing::warn!(trigger = %trigger.name, shard = %self.shard_id, "batch of {} failed: {e}", batch.len());
        }
        if trigger.bisect_on_error && batch.len() > 1 {
            let first = batch.len() / 2;
            self.pieces.pop_front();
            self.pieces.push_front(batch.len() - first);
            self.pieces.push_front(first);
            self.retry_at = None;
            return Step::RetryLater;
        }
        self.failures += 1;
        if trigger
            .maximum_retry_attempts
            .is_some_and(|max| self.failures > max)
        {
            let invocations = self.invocations;
            self.consume(batch.len());
            self.reset();
            return Step::GivenUp {
                records: batch.to_vec(),
                condition: "RetryAttemptsExhausted",
                error,
                invocations,
            };
        }
        self.retry_at = Some(now + backoff(self.failures));
        Step::RetryLater
    }

    /// The first `n` records of `batch` are done.
    fn handled(&mut self, n: usize, batch: &[Value]) -> Step {
        let last = batch
            .get(n.saturating_sub(1))
            .and_then(sequence_number)
            .unwrap_or_default()
            .to_string();
        self.consume(n);
        self.reset();
        Step::Handled(last)
    }

    fn reset(&mut self) {
        self.failures = 0;
        self.invocations = 0;
        self.retry_at = None;
    }

    /// Gives up the first `n` records without invoking (too old), for the on-failure record.
    pub fn give_up_expired(&mut self, batch: &[Value], n: usize) -> Step {
        self.consume(n);
        Step::GivenUp {
            records: batch[..n].to_vec(),
            condition: "RecordAgeExceeded",
            error: None,
            invocations: 0,
        }
    }
}

/// With ReportBatchItemFailures, the index in `batch` of the first record to retry from
/// (`None`: all succeeded); a response naming no record of the batch is a failure of the whole
/// batch (`Err`). Without it the response is not looked at (research §2: success shapes are
/// `[]`, `null`, `{}` and an empty or null `batchItemFailures`).
fn failed_from(
    trigger: &Trigger,
    batch: &[Value],
    response: Option<&Value>,
) -> Result<Option<usize>, String> {
    if !trigger.report_batch_item_failures {
        return Ok(None);
    }
    let Some(failures) = response.and_then(|r| r.get("batchItemFailures")) else {
        return Ok(None);
    };
    let Some(failures) = failures.as_array() else {
        return match failures {
            Value::Null => Ok(None),
            _ => Err("batchItemFailures is not a list".into()),
        };
    };
    let mut first: Option<usize> = None;
    for failure in failures {
        let id = failure
            .get("itemIdentifier")
            .and_then(Value::as_str)
            .filter(|id| !id.is_empty())
            .ok_or("a batchItemFailures entry has no itemIdentifier")?;
        let at = batch
            .iter()
            .position(|r| sequence_number(r) == Some(id))
            .ok_or_else(|| format!("itemIdentifier {id} is not a record of the batch"))?;
        first = Some(first.map_or(at, |f| f.min(at)));
    }
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_file;
    use serde_json::json;

    fn trigger(extra: &str) -> Trigger {
        let text = format!(r#"{{"Triggers":[{{"TableName":"t","Url":"http://x"{extra}}}]}}"#);
        parse_file(&text).unwrap().remove(0)
    }

    fn records(n: usize) -> Vec<Value> {
        (1..=n)
            .map(|i| json!({"dynamodb": {"SequenceNumber": format!("{i:021}"), "ApproximateCreationDateTime": 100.0}}))
            .collect()
    }

    fn cursor(n: usize) -> ShardCursor {
        let mut c = ShardCursor::new("s".into());
        c.buffer.extend(records(n));
        c
    }

    #[test]
    fn a_successful_batch_is_handled_to_its_last_record() {
        let t = trigger(r#","BatchSize":2"#);
        let mut c = cursor(3);
        let batch = c.batch(&t);
        assert_eq!(batch.len(), 2);
        let step = c.settle(&t, &batch, Outcome::Returned(None), Instant::now());
        assert_eq!(step, Step::Handled(format!("{:021}", 2)));
        assert_eq!(c.buffer.len(), 1);
    }

    #[test]
    fn a_failing_batch_is_retried_then_given_up_after_its_retries() {
        let t = trigger(r#","MaximumRetryAttempts":1"#);
        let mut c = cursor(2);
        let batch = c.batch(&t);
        let now = Instant::now();
        assert_eq!(
            c.settle(&t, &batch, Outcome::FunctionError("x".into()), now),
            Step::RetryLater
        );
        assert!(c.retry_at.is_some());
        let step = c.settle(&t, &batch, Outcome::FunctionError("x".into()), now);
        assert!(matches!(
            step,
            Step::GivenUp {
                invocations: 2,
                condition: "RetryAttemptsExhausted",
                ..
            }
        ));
        assert!(c.buffer.is_empty());
    }

    #[test]
    fn bisect_splits_until_the_bad_record_is_alone() {
        let t = trigger(r#","BisectBatchOnFunctionError":true,"MaximumRetryAttempts":0"#);
        let mut c = cursor(4);
        let now = Instant::now();
        let b = c.batch(&t);
        assert_eq!(
            c.settle(&t, &b, Outcome::FunctionError("x".into()), now),
            Step::RetryLater
        );
        assert_eq!(c.batch(&t).len(), 2);
        let b = c.batch(&t);
        assert_eq!(
            c.settle(&t, &b, Outcome::Returned(None), now),
            Step::Handled(format!("{:021}", 2))
        );
        let b = c.batch(&t);
        assert_eq!(b.len(), 2);
        assert_eq!(
            c.settle(&t, &b, Outcome::FunctionError("x".into()), now),
            Step::RetryLater
        );
        let b = c.batch(&t);
        assert_eq!(b.len(), 1);
        assert!(matches!(
            c.settle(&t, &b, Outcome::FunctionError("x".into()), now),
            Step::GivenUp { .. }
        ));
        let b = c.batch(&t);
        assert_eq!(
            c.settle(&t, &b, Outcome::Returned(None), now),
            Step::Handled(format!("{:021}", 4))
        );
    }

    #[test]
    fn reported_item_failures_retry_from_the_lowest() {
        let t = trigger(r#","FunctionResponseTypes":["ReportBatchItemFailures"]"#);
        let mut c = cursor(5);
        let b = c.batch(&t);
        let response = json!({"batchItemFailures": [{"itemIdentifier": format!("{:021}", 4)}, {"itemIdentifier": format!("{:021}", 3)}]});
        let step = c.settle(&t, &b, Outcome::Returned(Some(response)), Instant::now());
        assert_eq!(step, Step::Handled(format!("{:021}", 2)));
        assert_eq!(c.buffer.len(), 3);
        for ok in [
            json!([]),
            Value::Null,
            json!({}),
            json!({"batchItemFailures": []}),
            json!({"batchItemFailures": null}),
        ] {
            let mut c = cursor(1);
            let b = c.batch(&t);
            assert!(matches!(
                c.settle(&t, &b, Outcome::Returned(Some(ok)), Instant::now()),
                Step::Handled(_)
            ));
        }
        for bad in [
            json!({"batchItemFailures": [{"itemIdentifier": ""}]}),
            json!({"batchItemFailures": [{"foo": 1}]}),
            json!({"batchItemFailures": [{"itemIdentifier": "123"}]}),
        ] {
            let mut c = cursor(1);
            let b = c.batch(&t);
            assert_eq!(
                c.settle(&t, &b, Outcome::Returned(Some(bad)), Instant::now()),
                Step::RetryLater
            );
        }
    }

    #[test]
    fn service_errors_do_not_count_against_the_retries() {
        let t = trigger(r#","MaximumRetryAttempts":0"#);
        let mut c = cursor(1);
        let b = c.batch(&t);
        for _ in 0..3 {
            assert_eq!(
                c.settle(&t, &b, Outcome::ServiceError("down".into()), Instant::now()),
                Step::RetryLater
            );
        }
        assert_eq!(c.failures, 0);
    }

    #[test]
    fn the_window_holds_a_partial_batch() {
        let t = trigger(r#","BatchSize":10,"MaximumBatchingWindowInSeconds":1"#);
        let mut c = cursor(2);
        let now = Instant::now();
        c.buffered_since = Some(now);
        assert!(!c.batch_due(&t, now));
        assert!(c.batch_due(&t, now + Duration::from_secs(1)));
        c.ended = true;
        assert!(c.batch_due(&t, now));
        assert_eq!(backoff(1), Duration::from_millis(100));
        assert_eq!(backoff(30), Duration::from_secs(10));
    }
}
