//! How the catalog stores a table definition, and the upgrade from every earlier form.
//!
//! An entry is JSON: `{"version": N, "table": {...}}` with the [`TableDef`] of this build
//! ([`RECORD_VERSION`]). Version 1 (ddb before issue 9) stored the bare definition with the
//! stream, encryption and tags in their request (wire) shape; it is read and converted here, and
//! rewritten in the current form the next time the table changes. A data directory is never
//! stranded by a change of this form: each new version adds its conversion below.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::schema::{SseSettings, StreamSettings, StreamView, TableDef, TableTag};

/// The form this build writes.
pub const RECORD_VERSION: u32 = 2;

/// A stored entry of the current version.
#[derive(Serialize)]
struct RecordOut<'a> {
    version: u32,
    table: &'a TableDef,
}

#[derive(Deserialize)]
struct RecordIn {
    version: u32,
    table: Value,
}

/// Why a stored entry cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// Not JSON, or not a definition of any known version.
    #[error("malformed table definition")]
    Malformed(#[from] serde_json::Error),
    /// Written by a newer ddb.
    #[error("table definition version {0} is newer than this ddb reads ({RECORD_VERSION})")]
    TooNew(u32),
}

/// The bytes the catalog stores for `def`.
pub fn encode(def: &TableDef) -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec(&RecordOut {
        version: RECORD_VERSION,
        table: def,
    })
}

/// A stored entry of any version, as this build's definition.
pub fn decode(bytes: &[u8]) -> Result<TableDef, RecordError> {
    let value: Value = serde_json::from_slice(bytes)?;
    let is_envelope = value.get("version").is_some() && value.get("table").is_some();
    if !is_envelope {
        return Ok(serde_json::from_value(upgrade_v1(value))?);
    }
    let record: RecordIn = serde_json::from_value(value)?;
    match record.version {
        RECORD_VERSION => Ok(serde_json::from_value(record.table)?),
        1 => Ok(serde_json::from_value(upgrade_v1(record.table))?),
        newer => Err(RecordError::TooNew(newer)),
    }
}

/// Version 1's stream, encryption and tags, as the requests carried them.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct StreamV1 {
    stream_enabled: Option<bool>,
    stream_view_type: Option<String>,
}

#[derive(Deserialize)]
struct SseV1 {
    #[serde(rename = "Enabled")]
    enabled: Option<bool>,
    #[serde(rename = "KMSMasterKeyId")]
    kms_master_key_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TagV1 {
    key: Option<String>,
    value: Option<String>,
}

/// Version 1 → 2: only `stream`, `sse` and `tags` changed shape. A stream or encryption that
/// version 1 kept while disabled is dropped (it was never shown), as are tags without a key.
fn upgrade_v1(table: Value) -> Value {
    let Value::Object(mut fields) = table else {
        return table;
    };
    let stream = take::<StreamV1>(&mut fields, "stream").and_then(|s| {
        let view = s.stream_view_type.as_deref().and_then(StreamView::parse);
        (s.stream_enabled == Some(true))
            .then_some(view)
            .flatten()
            .map(|view| StreamSettings { view })
    });
    let sse = take::<SseV1>(&mut fields, "sse").and_then(|s| {
        (s.enabled == Some(true)).then_some(SseSettings {
            kms_master_key_id: s.kms_master_key_id,
        })
    });
    let tags: Vec<TableTag> = take::<Vec<TagV1>>(&mut fields, "tags")
        .unwrap_or_default()
        .into_iter()
        .filter_map(|t| {
            Some(TableTag {
                key: t.key?,
                value: t.value.unwrap_or_default(),
            })
        })
        .collect();
    let mut put = |name: &str, v: Result<Value, serde_json::Error>| {
        fields.insert(name.into(), v.unwrap_or(Value::Null));
    };
    put("stream", serde_json::to_value(stream));
    put("sse", serde_json::to_value(sse));
    put("tags", serde_json::to_value(tags));
    Value::Object(fields)
}

/// Removes `name` from `fields` and reads it as `T` (absent, null or unreadable: `None`).
fn take<T: for<'de> Deserialize<'de>>(fields: &mut Map<String, Value>, name: &str) -> Option<T> {
    fields
        .remove(name)
        .filter(|v| !v.is_null())
        .and_then(|v| serde_json::from_value(v).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A definition exactly as ddb wrote it before records were versioned.
    const V1: &str = r#"{"name":"t","id":3,"uuid":"u","arn":"arn:aws:dynamodb:us-east-1:000000000000:table/t","created":1700000000.5,"attribute_definitions":[["pk","S"]],"key":{"hash":{"name":"pk","ty":"S"},"range":null},"billing":"Provisioned","throughput":{"read":5,"write":5,"last_increase":null,"last_decrease":null,"decreases_today":0},"billing_changed":null,"indexes":[],"stream":{"StreamEnabled":true,"StreamViewType":"NEW_IMAGE"},"stream_label":"2023-11-14T22:13:20.500","sse":{"Enabled":true,"SSEType":"KMS","KMSMasterKeyId":"k1"},"tags":[{"Key":"team","Value":"cruddur"}],"table_class":null,"deletion_protection":false,"ttl_attribute":"exp"}"#;

    #[test]
    fn version_1_is_upgraded() {
        let def = decode(V1.as_bytes()).unwrap();
        assert_eq!(def.name, "t");
        assert_eq!(
            def.stream,
            Some(StreamSettings {
                view: StreamView::NewImage
            })
        );
        assert_eq!(
            def.sse,
            Some(SseSettings {
                kms_master_key_id: Some("k1".into())
            })
        );
        assert_eq!(
            def.tags,
            vec![TableTag {
                key: "team".into(),
                value: "cruddur".into()
            }]
        );
        assert_eq!(def.ttl_attribute.as_deref(), Some("exp"));
    }

    /// A version 2 record as ddb wrote it before OnDemandThroughput (8f84658): a global index
    /// without `on_demand`, and no table-level one.
    const V2_BEFORE_ON_DEMAND: &str = r#"{"version":2,"table":{"name":"t","id":3,"uuid":"u","arn":"arn:aws:dynamodb:us-east-1:000000000000:table/t","created":1700000000.5,"attribute_definitions":[["pk","S"],["g","S"]],"key":{"hash":{"name":"pk","ty":"S"},"range":null},"billing":"PayPerRequest","throughput":{"read":0,"write":0,"last_increase":null,"last_decrease":null,"decreases_today":0},"billing_changed":null,"indexes":[{"name":"gsi","id":4,"kind":"Global","key":{"hash":{"name":"g","ty":"S"},"range":null},"projection":"All","throughput":{"read":0,"write":0,"last_increase":null,"last_decrease":null,"decreases_today":0},"status":"Active","backfilling":false}],"stream":null,"stream_label":null,"sse":null,"tags":[],"table_class":null,"deletion_protection":false,"ttl_attribute":null}}"#;

    #[test]
    fn version_2_before_on_demand_reads_without_maxima() {
        let def = decode(V2_BEFORE_ON_DEMAND.as_bytes()).unwrap();
        assert_eq!(def.on_demand, None);
        assert_eq!(def.indexes[0].on_demand, None);
        // Written again, it reads back the same.
        assert_eq!(decode(&encode(&def).unwrap()).unwrap(), def);
    }

    #[test]
    fn records_before_warm_throughput_and_ttl_cooldown_read_with_defaults() {
        let def = decode(V2_BEFORE_ON_DEMAND.as_bytes()).unwrap();
        assert_eq!(def.warm, crate::schema::WarmThroughput::default());
        assert_eq!(def.ttl_changed, None);
        assert_eq!(
            def.indexes[0].warm,
            crate::schema::WarmThroughput::default()
        );
        // Described, the on-demand table shows what on-demand tables start with.
        let warm = crate::warm_throughput::current(def.warm, def.billing, &def.throughput);
        assert_eq!(warm, crate::warm_throughput::ON_DEMAND_START);
    }

    #[test]
    fn disabled_version_1_settings_are_dropped() {
        let v1 = V1
            .replace(r#""StreamEnabled":true"#, r#""StreamEnabled":false"#)
            .replace(r#""Enabled":true"#, r#""Enabled":false"#);
        let def = decode(v1.as_bytes()).unwrap();
        assert_eq!(def.stream, None);
        assert_eq!(def.sse, None);
    }

    #[test]
    fn current_records_round_trip() {
        let def = decode(V1.as_bytes()).unwrap();
        let bytes = encode(&def).unwrap();
        assert!(bytes.starts_with(br#"{"version":2,"table":"#));
        assert_eq!(decode(&bytes).unwrap(), def);
    }

    #[test]
    fn newer_records_are_refused() {
        let def = decode(V1.as_bytes()).unwrap();
        let text = String::from_utf8(encode(&def).unwrap())
            .unwrap()
            .replace(r#""version":2"#, r#""version":7"#);
        assert!(matches!(
            decode(text.as_bytes()),
            Err(RecordError::TooNew(7))
        ));
    }
}
