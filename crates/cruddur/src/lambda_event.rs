//! The updater as a trigger target: a Lambda DynamoDB Streams event in, a
//! ReportBatchItemFailures response out.
//!
//! The event is what Lambda delivers: `{"Records":[...]}`, each record with `eventName`,
//! `eventSourceARN` and `dynamodb` (`Keys`, `NewImage` in DynamoDB JSON, `SequenceNumber`).
//! Only the fields the updater uses are read; everything else is ignored, so events from
//! AWS, from `ddb serve`'s triggers or written by hand all parse.
//!
//! The response is `{"batchItemFailures":[{"itemIdentifier":"<SequenceNumber>"}]}`. Lambda
//! retries from the lowest sequence number listed, so listing the failed record and every
//! record after it (which were not tried) asks for exactly those again.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::updater::{Change, EventName, StringImage};
use crate::Error;

/// A Lambda event from a DynamoDB stream.
#[derive(Debug, Clone, Deserialize)]
pub struct StreamEvent {
    /// The batch, oldest first.
    #[serde(rename = "Records")]
    pub records: Vec<EventRecord>,
}

/// One record of the event.
#[derive(Debug, Clone, Deserialize)]
pub struct EventRecord {
    /// INSERT, MODIFY or REMOVE.
    #[serde(rename = "eventName", default)]
    pub event_name: Option<String>,
    /// `arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>`.
    #[serde(rename = "eventSourceARN", default)]
    pub event_source_arn: Option<String>,
    /// The change itself.
    #[serde(default)]
    pub dynamodb: Option<EventStreamRecord>,
}

/// The `dynamodb` part of a record.
#[derive(Debug, Clone, Deserialize)]
pub struct EventStreamRecord {
    /// The item's key, in DynamoDB JSON.
    #[serde(rename = "Keys", default)]
    pub keys: BTreeMap<String, Value>,
    /// The item after the change, in DynamoDB JSON, when the stream carries new images.
    #[serde(rename = "NewImage", default)]
    pub new_image: Option<BTreeMap<String, Value>>,
    /// The record's position in its shard; what a batch response names.
    #[serde(rename = "SequenceNumber", default)]
    pub sequence_number: Option<String>,
}

/// Reads an event. Anything but `{"Records":[...]}` is an error for the whole batch.
pub fn parse(text: &str) -> Result<StreamEvent, Error> {
    serde_json::from_str(text).map_err(|e| {
        Error::Record(format!(
            "stdin is not a Lambda DynamoDB Streams event ({{\"Records\":[...]}}): {e}"
        ))
    })
}

/// The table a stream ARN belongs to.
pub fn table_of_stream_arn(arn: &str) -> Option<&str> {
    let resource = arn.splitn(6, ':').nth(5)?;
    let rest = resource.strip_prefix("table/")?;
    let (table, _) = rest.split_once("/stream/")?;
    (!table.is_empty()).then_some(table)
}

/// The string attributes of an image in DynamoDB JSON (`{"S": "..."}`); the item shapes have no
/// others.
fn strings(image: &BTreeMap<String, Value>) -> StringImage {
    image
        .iter()
        .filter_map(|(name, value)| Some((name.clone(), value.get("S")?.as_str()?.to_string())))
        .collect()
}

impl EventRecord {
    /// The record as the updater reads it.
    pub fn to_change(&self) -> Change {
        let record = self.dynamodb.as_ref();
        Change {
            event_name: EventName::parse(self.event_name.as_deref().unwrap_or_default()),
            sequence_number: record.and_then(|r| r.sequence_number.clone()),
            table: self
                .event_source_arn
                .as_deref()
                .and_then(table_of_stream_arn)
                .map(str::to_string),
            keys: record.map(|r| strings(&r.keys)).unwrap_or_default(),
            new_image: record.and_then(|r| r.new_image.as_ref()).map(strings),
        }
    }
}

/// Lambda's partial batch response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchResponse {
    /// The records to deliver again.
    pub batch_item_failures: Vec<ItemFailure>,
}

/// One record to deliver again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemFailure {
    /// The record's `SequenceNumber`.
    pub item_identifier: String,
}

impl BatchResponse {
    /// The response after the record at `failed` failed and nothing after it was tried (`None`
    /// for a batch that succeeded). `None` as well when one of those records has no sequence
    /// number to name it by: then only a failed invocation makes the batch come again.
    pub fn after_failure(changes: &[Change], failed: Option<usize>) -> Option<BatchResponse> {
        let failed = failed?;
        let batch_item_failures = changes
            .get(failed..)?
            .iter()
            .map(|c| {
                Some(ItemFailure {
                    item_identifier: c.sequence_number.clone()?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(BatchResponse {
            batch_item_failures,
        })
    }

    /// A response that reports no failure.
    pub fn success() -> BatchResponse {
        BatchResponse {
            batch_item_failures: Vec::new(),
        }
    }

    /// The response as one line of JSON, in Lambda's names.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "batchItemFailures": self
                .batch_item_failures
                .iter()
                .map(|f| serde_json::json!({ "itemIdentifier": f.item_identifier }))
                .collect::<Vec<_>>()
        })
        .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVENT: &str = r#"{"Records":[
      {"eventID":"1","eventName":"INSERT","eventVersion":"1.1","eventSource":"aws:dynamodb",
       "awsRegion":"us-east-1",
       "dynamodb":{"ApproximateCreationDateTime":1700000000.0,
         "Keys":{"pk":{"S":"MSG#g"},"sk":{"S":"2025-01-01T00:00:00+00:00"}},
         "NewImage":{"pk":{"S":"MSG#g"},"sk":{"S":"2025-01-01T00:00:00+00:00"},
           "message":{"S":"hi"},"user_uuid":{"S":"u"},"n":{"N":"1"}},
         "SequenceNumber":"000000000000000000101","SizeBytes":70,"StreamViewType":"NEW_IMAGE"},
       "eventSourceARN":"arn:aws:dynamodb:us-east-1:000000000000:table/cruddur-messages/stream/2025-01-01T00:00:00.000"},
      {"eventName":"REMOVE","dynamodb":{"Keys":{"pk":{"S":"GRP#u"},"sk":{"S":"x"}},
       "SequenceNumber":"000000000000000000102"}}
    ]}"#;

    #[test]
    fn a_lambda_event_reads_as_changes() {
        let event = parse(EVENT).unwrap();
        let changes: Vec<Change> = event.records.iter().map(EventRecord::to_change).collect();
        assert_eq!(changes.len(), 2);
        let first = &changes[0];
        assert_eq!(first.event_name, EventName::Insert);
        assert_eq!(first.keys.get("pk"), Some("MSG#g"));
        assert_eq!(first.table.as_deref(), Some("cruddur-messages"));
        assert_eq!(
            first.sequence_number.as_deref(),
            Some("000000000000000000101")
        );
        let image = first.new_image.as_ref().unwrap();
        assert_eq!(image.get("message"), Some("hi"));
        // Only strings are kept.
        assert_eq!(image.get("n"), None);
        assert_eq!(changes[1].event_name, EventName::Remove);
        assert_eq!(changes[1].new_image, None);
        assert_eq!(changes[1].table, None);
    }

    #[test]
    fn anything_else_on_stdin_is_refused() {
        for bad in ["", "[]", "{}", "{\"Records\": 3}", "not json"] {
            let e = parse(bad).unwrap_err().to_string();
            assert!(e.contains("Lambda DynamoDB Streams event"), "{bad}: {e}");
        }
    }

    #[test]
    fn table_names_come_from_stream_arns() {
        assert_eq!(
            table_of_stream_arn("arn:aws:dynamodb:ca-central-1:1:table/t-1/stream/2025"),
            Some("t-1")
        );
        assert_eq!(table_of_stream_arn("arn:aws:dynamodb:r:1:table/t"), None);
        assert_eq!(table_of_stream_arn("nonsense"), None);
    }

    #[test]
    fn a_failure_names_the_failed_record_and_the_rest() {
        let changes: Vec<Change> = parse(EVENT)
            .unwrap()
            .records
            .iter()
            .map(EventRecord::to_change)
            .collect();
        assert_eq!(BatchResponse::after_failure(&changes, None), None);
        let response = BatchResponse::after_failure(&changes, Some(0)).unwrap();
        assert_eq!(
            response.to_json(),
            r#"{"batchItemFailures":[{"itemIdentifier":"000000000000000000101"},{"itemIdentifier":"000000000000000000102"}]}"#
        );
        let last = BatchResponse::after_failure(&changes, Some(1)).unwrap();
        assert_eq!(last.batch_item_failures.len(), 1);
        assert_eq!(
            BatchResponse::success().to_json(),
            r#"{"batchItemFailures":[]}"#
        );
        let mut unnamed = changes.clone();
        unnamed[1].sequence_number = None;
        assert_eq!(BatchResponse::after_failure(&unnamed, Some(0)), None);
    }
}
