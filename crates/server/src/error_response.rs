//! Error bodies in DynamoDB's shape: `{"__type":"<namespace>#<Name>","message":"..."}`.
//!
//! Details that clients notice:
//! - a few exceptions spell the field `Message` (their botocore shapes say so:
//!   SerializationException, TransactionCanceledException, IdempotentParameterMismatchException);
//! - protocol-level errors (malformed JSON, unknown operation) carry no message at all;
//! - ConditionalCheckFailedException carries the `Item` when the request asked for it, and
//!   TransactionCanceledException its `CancellationReasons`;
//! - the throttling exceptions carry their `ThrottlingReasons`, spelled `throttlingReasons` in
//!   ThrottlingException (its botocore shape is the only one that lowercases the member).

use ddb_model::error::{CancellationReason, ThrottlingReason};
use ddb_model::{DynamoError, ErrorKind, Item};
use serde::Serialize;

#[derive(Serialize)]
struct ErrorBody<'a> {
    #[serde(rename = "__type")]
    wire_type: &'a str,
    #[serde(
        rename = "CancellationReasons",
        skip_serializing_if = "Option::is_none"
    )]
    cancellation_reasons: Option<Vec<Reason<'a>>>,
    #[serde(rename = "Item", skip_serializing_if = "Option::is_none")]
    item: Option<&'a Item>,
    #[serde(rename = "message", skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
    #[serde(rename = "Message", skip_serializing_if = "Option::is_none")]
    capitalized_message: Option<&'a str>,
    #[serde(rename = "ThrottlingReasons", skip_serializing_if = "Option::is_none")]
    throttling_reasons: Option<Vec<Throttled<'a>>>,
    #[serde(rename = "throttlingReasons", skip_serializing_if = "Option::is_none")]
    lowercase_throttling_reasons: Option<Vec<Throttled<'a>>>,
}

#[derive(Serialize)]
struct Throttled<'a> {
    reason: &'a str,
    resource: &'a str,
}

#[derive(Serialize)]
struct Reason<'a> {
    #[serde(rename = "Item", skip_serializing_if = "Option::is_none")]
    item: Option<&'a Item>,
    #[serde(rename = "Code")]
    code: &'a str,
    #[serde(rename = "Message", skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
}

/// Whether DynamoDB names this kind's message field `Message` rather than `message`.
fn capitalizes_message(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::Serialization
            | ErrorKind::TransactionCanceled
            | ErrorKind::IdempotentParameterMismatch
    )
}

/// The JSON body for `error`. An empty message is left out, as DynamoDB does for the
/// protocol-level errors.
pub fn error_body(error: &DynamoError) -> Vec<u8> {
    let message = (!error.message.is_empty()).then_some(error.message.as_str());
    let (message, capitalized_message) = if capitalizes_message(error.kind) {
        (None, message)
    } else {
        (message, None)
    };
    let throttled = error.throttling_reasons.as_deref().map(|r| throttled(r));
    let (throttling_reasons, lowercase_throttling_reasons) =
        if error.kind == ErrorKind::ThrottlingException {
            (None, throttled)
        } else {
            (throttled, None)
        };
    let body = ErrorBody {
        wire_type: error.kind.wire_type(),
        cancellation_reasons: error.cancellation_reasons.as_deref().map(reasons),
        item: error.item.as_ref(),
        message,
        capitalized_message,
        throttling_reasons,
        lowercase_throttling_reasons,
    };
    serde_json::to_vec(&body).unwrap_or_else(|_| {
        // Only a non-serializable attribute value could get here; keep the type at least.
        format!(r#"{{"__type":"{}"}}"#, error.kind.wire_type()).into_bytes()
    })
}

fn throttled(reasons: &[ThrottlingReason]) -> Vec<Throttled<'_>> {
    reasons
        .iter()
        .map(|r| Throttled {
            reason: &r.reason,
            resource: &r.resource,
        })
        .collect()
}

fn reasons(reasons: &[CancellationReason]) -> Vec<Reason<'_>> {
    reasons
        .iter()
        .map(|r| Reason {
            item: r.item.as_ref(),
            code: &r.code,
            message: r.message.as_deref(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use ddb_model::AttributeValue;
    use serde_json::{json, Value};

    use super::*;

    fn parsed(error: &DynamoError) -> Value {
        serde_json::from_slice(&error_body(error)).unwrap()
    }

    #[test]
    fn validation_uses_lowercase_message() {
        let e = DynamoError::validation(
            "The parameter 'TableName' is required but was not present in the request",
        );
        assert_eq!(
            parsed(&e),
            json!({
                "__type": "com.amazon.coral.validate#ValidationException",
                "message": "The parameter 'TableName' is required but was not present in the request"
            })
        );
    }

    #[test]
    fn protocol_errors_have_no_message() {
        let e = DynamoError::new(ErrorKind::UnknownOperation, "");
        assert_eq!(
            error_body(&e),
            br#"{"__type":"com.amazon.coral.service#UnknownOperationException"}"#
        );
        let e = DynamoError::serialization("");
        assert_eq!(
            error_body(&e),
            br#"{"__type":"com.amazon.coral.service#SerializationException"}"#
        );
    }

    #[test]
    fn serialization_message_is_capitalized() {
        let e = DynamoError::serialization("Start of list found where not expected");
        assert_eq!(
            parsed(&e),
            json!({
                "__type": "com.amazon.coral.service#SerializationException",
                "Message": "Start of list found where not expected"
            })
        );
    }

    #[test]
    fn conditional_check_failed_carries_the_item() {
        let mut e = DynamoError::new(
            ErrorKind::ConditionalCheckFailed,
            "The conditional request failed",
        );
        let mut item = Item::new();
        item.insert("pk".into(), AttributeValue::S("a".into()));
        e.item = Some(item);
        assert_eq!(
            parsed(&e),
            json!({
                "__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
                "message": "The conditional request failed",
                "Item": {"pk": {"S": "a"}}
            })
        );
    }

    #[test]
    fn transaction_cancelled_carries_reasons() {
        let mut e = DynamoError::new(
            ErrorKind::TransactionCanceled,
            "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]",
        );
        e.cancellation_reasons = Some(vec![
            CancellationReason {
                code: "None".into(),
                message: None,
                item: None,
            },
            CancellationReason {
                code: "ConditionalCheckFailed".into(),
                message: Some("The conditional request failed".into()),
                item: None,
            },
        ]);
        assert_eq!(
            parsed(&e),
            json!({
                "__type": "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
                "Message": "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]",
                "CancellationReasons": [
                    {"Code": "None"},
                    {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}
                ]
            })
        );
    }

    #[test]
    fn throttling_reasons_take_each_exceptions_casing() {
        let reason = ThrottlingReason {
            reason: "TableWriteProvisionedThroughputExceeded".into(),
            resource: "arn:aws:dynamodb:us-east-1:000000000000:table/T".into(),
        };
        let mut e = DynamoError::new(ErrorKind::ProvisionedThroughputExceeded, "over");
        e.throttling_reasons = Some(Box::new(vec![reason.clone()]));
        let body = parsed(&e);
        assert_eq!(body["ThrottlingReasons"][0]["reason"], reason.reason);
        assert_eq!(body["ThrottlingReasons"][0]["resource"], reason.resource);
        assert!(body.get("throttlingReasons").is_none());
        e.kind = ErrorKind::ThrottlingException;
        let body = parsed(&e);
        assert_eq!(body["throttlingReasons"][0]["reason"], reason.reason);
        assert!(body.get("ThrottlingReasons").is_none());
    }

    #[test]
    fn messages_are_json_escaped() {
        let e = DynamoError::validation("a \"quoted\" \\ value\n");
        assert_eq!(parsed(&e)["message"], "a \"quoted\" \\ value\n");
    }
}
