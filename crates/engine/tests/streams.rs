//! DynamoDB Streams through the engine's API: replaying a NEW_AND_OLD_IMAGES stream from an empty
//! table gives the table exactly, whatever mix of writes made it (each change recorded once, in
//! order, none for a write that changed nothing), and every record's OldImage is the state the
//! previous record left.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;

use common::{all_pages, call, call_streams, engine, try_call};
use proptest::prelude::*;
use serde_json::{json, Value};

/// One write of the generated workload, on key `k<key>`.
#[derive(Debug, Clone)]
enum Write {
    Put { key: u8, v: u8 },
    SetV { key: u8, v: u8 },
    RemoveV { key: u8 },
    Delete { key: u8 },
    Batch { keys: Vec<u8>, v: u8 },
    Transact { put: u8, delete: u8, v: u8 },
}

fn write() -> impl Strategy<Value = Write> {
    let key = 0u8..6;
    let v = 0u8..3;
    prop_oneof![
        (key.clone(), v.clone()).prop_map(|(key, v)| Write::Put { key, v }),
        (key.clone(), v.clone()).prop_map(|(key, v)| Write::SetV { key, v }),
        key.clone().prop_map(|key| Write::RemoveV { key }),
        key.clone().prop_map(|key| Write::Delete { key }),
        (
            proptest::collection::btree_set(key.clone(), 1..4),
            v.clone()
        )
            .prop_map(|(keys, v)| Write::Batch {
                keys: keys.into_iter().collect(),
                v
            }),
        (key.clone(), key, v).prop_map(|(put, delete, v)| Write::Transact { put, delete, v }),
    ]
}

fn pk(key: u8) -> Value {
    json!({"pk": {"S": format!("k{key}")}})
}

fn item(key: u8, v: u8) -> Value {
    json!({"pk": {"S": format!("k{key}")}, "v": {"N": v.to_string()}})
}

fn apply(engine: &ddb_engine::Engine, w: &Write) {
    let t = "streamed";
    let result = match w {
        Write::Put { key, v } => try_call(
            engine,
            "PutItem",
            json!({"TableName": t, "Item": item(*key, *v)}),
        ),
        Write::SetV { key, v } => try_call(
            engine,
            "UpdateItem",
            json!({"TableName": t, "Key": pk(*key), "UpdateExpression": "SET v = :v",
                   "ExpressionAttributeValues": {":v": {"N": v.to_string()}}}),
        ),
        Write::RemoveV { key } => try_call(
            engine,
            "UpdateItem",
            json!({"TableName": t, "Key": pk(*key), "UpdateExpression": "REMOVE v"}),
        ),
        Write::Delete { key } => try_call(
            engine,
            "DeleteItem",
            json!({"TableName": t, "Key": pk(*key)}),
        ),
        Write::Batch { keys, v } => {
            let puts: Vec<Value> = keys
                .iter()
                .map(|k| json!({"PutRequest": {"Item": item(*k, *v)}}))
                .collect();
            try_call(engine, "BatchWriteItem", json!({"RequestItems": {t: puts}}))
        }
        Write::Transact { put, delete, v } if put != delete => try_call(
            engine,
            "TransactWriteItems",
            json!({"TransactItems": [
                {"Put": {"TableName": t, "Item": item(*put, *v)}},
                {"Delete": {"TableName": t, "Key": pk(*delete)}}]}),
        ),
        Write::Transact { .. } => Ok(Value::Null),
    };
    result.unwrap();
}

/// Every record of the stream in sequence-number order.
fn records(engine: &ddb_engine::Engine, arn: &str) -> Vec<Value> {
    let description = call_streams(engine, "DescribeStream", json!({"StreamArn": arn}));
    let mut out = Vec::new();
    for shard in description["StreamDescription"]["Shards"]
        .as_array()
        .unwrap()
    {
        let mut iterator = call_streams(
            engine,
            "GetShardIterator",
            json!({"StreamArn": arn, "ShardId": shard["ShardId"], "ShardIteratorType": "TRIM_HORIZON"}),
        )["ShardIterator"]
            .clone();
        loop {
            let page = call_streams(engine, "GetRecords", json!({"ShardIterator": iterator}));
            let got = page["Records"].as_array().unwrap();
            if got.is_empty() {
                break;
            }
            out.extend(got.iter().cloned());
            iterator = page["NextShardIterator"].clone();
        }
    }
    let sequence = |r: &Value| {
        r["dynamodb"]["SequenceNumber"]
            .as_str()
            .unwrap()
            .parse::<u128>()
            .unwrap()
    };
    out.sort_by_key(sequence);
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn replaying_the_stream_rebuilds_the_table(writes in proptest::collection::vec(write(), 1..40)) {
        let engine = engine();
        call(&engine, "CreateTable", json!({
            "TableName": "streamed",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "BillingMode": "PAY_PER_REQUEST",
            "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"}}));
        for w in &writes {
            apply(&engine, w);
        }
        let arn = call(&engine, "DescribeTable", json!({"TableName": "streamed"}))["Table"]["LatestStreamArn"]
            .as_str().unwrap().to_string();
        let mut replayed: BTreeMap<String, Value> = BTreeMap::new();
        for r in records(&engine, &arn) {
            let d = &r["dynamodb"];
            let key = d["Keys"]["pk"]["S"].as_str().unwrap().to_string();
            // Each record starts from the state the previous one left.
            prop_assert_eq!(d.get("OldImage"), replayed.get(&key));
            let event = r["eventName"].as_str().unwrap();
            match d.get("NewImage") {
                Some(new) => {
                    prop_assert_eq!(event, if replayed.contains_key(&key) { "MODIFY" } else { "INSERT" });
                    // No record for a write that changed nothing.
                    prop_assert_ne!(Some(new), replayed.get(&key));
                    replayed.insert(key, new.clone());
                }
                None => {
                    prop_assert_eq!(event, "REMOVE");
                    replayed.remove(&key);
                }
            }
        }
        let table: BTreeMap<String, Value> = all_pages(&engine, "Scan", json!({"TableName": "streamed"}))
            .into_iter()
            .map(|i| (i["pk"]["S"].as_str().unwrap().to_string(), i))
            .collect();
        prop_assert_eq!(replayed, table);
    }
}

/// Sequence numbers never come back: after every record was trimmed and the server restarted,
/// a new record gets a number past the trimmed ones and is readable from TRIM_HORIZON.
#[test]
fn a_restart_after_everything_was_trimmed_keeps_numbering_forward() {
    let dir = std::env::temp_dir().join(format!("ddb-streams-trim-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let config = ddb_engine::EngineConfig {
        data_dir: Some(dir.clone()),
        streams: ddb_engine::StreamsConfig {
            retention: std::time::Duration::ZERO,
            ..ddb_engine::StreamsConfig::default()
        },
        ..ddb_engine::EngineConfig::in_memory()
    };
    let put = |engine: &ddb_engine::Engine, k: &str| {
        call(
            engine,
            "PutItem",
            json!({"TableName": "trimmed", "Item": {"pk": {"S": k}}}),
        );
    };
    let arn = {
        let engine = ddb_engine::Engine::open(config.clone()).unwrap();
        call(
            &engine,
            "CreateTable",
            json!({
            "TableName": "trimmed",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "BillingMode": "PAY_PER_REQUEST",
            "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "KEYS_ONLY"}}),
        );
        for k in ["a", "b", "c"] {
            put(&engine, k);
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert_eq!(engine.trim_streams().unwrap(), 3);
        call(&engine, "DescribeTable", json!({"TableName": "trimmed"}))["Table"]["LatestStreamArn"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let engine = ddb_engine::Engine::open(config).unwrap();
    put(&engine, "d");
    let got = records(&engine, &arn);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["dynamodb"]["Keys"]["pk"]["S"], "d");
    let sequence: u64 = got[0]["dynamodb"]["SequenceNumber"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(sequence > 3, "sequence {sequence} reuses a trimmed number");
    drop(engine);
    let _ = std::fs::remove_dir_all(&dir);
}
