//! The Lambda event for DynamoDB Streams: `{"Records": [...]}`, each record as GetRecords gives
//! it plus `eventSourceARN`, with `userIdentity` in the event's lower camel case
//! (research: stream-triggers.md §1, from events AWS delivered).

use serde_json::{json, Map, Value};

/// A GetRecords record turned into the form Lambda delivers for the stream `stream_arn`.
pub fn lambda_record(mut record: Value, stream_arn: &str) -> Value {
    if let Some(fields) = record.as_object_mut() {
        if let Some(identity) = fields.remove("userIdentity") {
            fields.insert("userIdentity".into(), lower_camel(identity));
        }
        fields.insert("eventSourceARN".into(), Value::String(stream_arn.into()));
    }
    record
}

/// `{"PrincipalId": …, "Type": …}` as the event spells it: `{"type": …, "principalId": …}`.
fn lower_camel(identity: Value) -> Value {
    let Value::Object(fields) = identity else {
        return identity;
    };
    let mut out = Map::new();
    for (key, value) in fields {
        let mut chars = key.chars();
        let renamed = match chars.next() {
            Some(first) => first.to_lowercase().chain(chars).collect(),
            None => key,
        };
        out.insert(renamed, value);
    }
    Value::Object(out)
}

/// The event one invocation receives.
pub fn event(records: &[Value]) -> Value {
    json!({ "Records": records })
}

/// The sequence number of a delivered record.
pub fn sequence_number(record: &Value) -> Option<&str> {
    record["dynamodb"]["SequenceNumber"].as_str()
}

/// The record's creation time, epoch seconds.
pub fn created_at(record: &Value) -> Option<f64> {
    record["dynamodb"]["ApproximateCreationDateTime"].as_f64()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ttl_record_gets_the_events_names_and_its_source() {
        let got = lambda_record(
            json!({"eventID": "e", "eventName": "REMOVE",
                   "dynamodb": {"SequenceNumber": "000000000000000000007", "ApproximateCreationDateTime": 1.7e9},
                   "userIdentity": {"PrincipalId": "dynamodb.amazonaws.com", "Type": "Service"}}),
            "arn:s",
        );
        assert_eq!(got["eventSourceARN"], "arn:s");
        assert_eq!(
            got["userIdentity"],
            json!({"principalId": "dynamodb.amazonaws.com", "type": "Service"})
        );
        assert_eq!(sequence_number(&got), Some("000000000000000000007"));
        assert_eq!(created_at(&got), Some(1.7e9));
        assert_eq!(event(std::slice::from_ref(&got))["Records"][0], got);
    }
}
