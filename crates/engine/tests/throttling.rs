//! Capacity enforcement through the engine's API (`EngineConfig::capacity`, the `ddb:capacity`
//! tag): which requests throttle, with what error, and what a refused or failed request costs.
//! The rules and their sources: docs/research/capacity-enforcement.md.

#![allow(clippy::unwrap_used)]

mod common;

use common::{call, try_call};
use ddb_engine::{dispatch, CapacityMode, Engine, EngineConfig};
use ddb_model::ErrorKind;
use serde_json::{json, Value};

fn engine(capacity: CapacityMode) -> Engine {
    Engine::open(EngineConfig {
        capacity,
        ..EngineConfig::in_memory()
    })
    .expect("in-memory engine opens")
}

fn create(engine: &Engine, name: &str, throughput: Option<(i64, i64)>, extra: Value) {
    let mut spec = json!({
        "TableName": name,
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
    });
    match throughput {
        Some((read, write)) => {
            spec["ProvisionedThroughput"] =
                json!({"ReadCapacityUnits": read, "WriteCapacityUnits": write})
        }
        None => spec["BillingMode"] = json!("PAY_PER_REQUEST"),
    }
    for (k, v) in extra.as_object().unwrap() {
        spec[k] = v.clone();
    }
    call(engine, "CreateTable", spec);
}

/// An item of exactly `kb` KB: "pk" + its value + "d" + padding.
fn item(pk: &str, kb: usize) -> Value {
    let padding = kb * 1024 - "pk".len() - pk.len() - "d".len();
    json!({"pk": {"S": pk}, "d": {"S": "x".repeat(padding)}})
}

fn put(engine: &Engine, table: &str, item: Value) -> Result<Value, (String, String)> {
    try_call(engine, "PutItem", json!({"TableName": table, "Item": item}))
}

#[test]
fn a_provisioned_table_refuses_writes_once_its_burst_is_spent() {
    // 1 WCU keeps 300 units; 110 KB writes cost 110: 300 -> 190 -> 80 -> -30.
    let e = engine(CapacityMode::Enforce);
    create(&e, "orders", Some((1, 1)), json!({}));
    for i in 0..3 {
        put(&e, "orders", item(&format!("k{i}"), 110)).unwrap();
    }
    let body = serde_json::to_vec(&json!({"TableName": "orders", "Item": item("k3", 1)})).unwrap();
    let error = dispatch(&e, "PutItem", &body).unwrap().unwrap_err();
    assert_eq!(error.kind, ErrorKind::ProvisionedThroughputExceeded);
    let reasons = error.throttling_reasons.unwrap();
    assert_eq!(reasons[0].reason, "TableWriteProvisionedThroughputExceeded");
    assert_eq!(
        reasons[0].resource,
        "arn:aws:dynamodb:us-east-1:000000000000:table/orders"
    );
    // The refused write changed nothing.
    let got = call(
        &e,
        "GetItem",
        json!({"TableName": "orders", "Key": {"pk": {"S": "k3"}}}),
    );
    assert!(got.get("Item").is_none());
}

#[test]
fn a_reporting_engine_never_throttles() {
    let e = engine(CapacityMode::Report);
    create(&e, "orders", Some((1, 1)), json!({}));
    for i in 0..10 {
        put(&e, "orders", item(&format!("k{i}"), 110)).unwrap();
    }
}

#[test]
fn the_capacity_tag_overrides_the_engines_mode() {
    let e = engine(CapacityMode::Enforce);
    let tags = json!({"Tags": [{"Key": "ddb:capacity", "Value": "report"}]});
    create(&e, "relaxed", Some((1, 1)), tags);
    for i in 0..10 {
        put(&e, "relaxed", item(&format!("k{i}"), 110)).unwrap();
    }
    let e = engine(CapacityMode::Report);
    let tags = json!({"Tags": [{"Key": "ddb:capacity", "Value": "enforce"}]});
    create(&e, "strict", Some((1, 1)), tags);
    let refused = (0..10).find(|i| put(&e, "strict", item(&format!("k{i}"), 110)).is_err());
    assert_eq!(refused, Some(3));
}

#[test]
fn a_failed_condition_still_spends_the_write() {
    // 250 KB in: 300 -> 50. A conditional put that fails on it costs its 250: 50 -> -200, so
    // the next write is refused although nothing was written.
    let e = engine(CapacityMode::Enforce);
    create(&e, "orders", Some((1, 1)), json!({}));
    put(&e, "orders", item("big", 250)).unwrap();
    let conditional = json!({
        "TableName": "orders",
        "Item": {"pk": {"S": "big"}},
        "ConditionExpression": "attribute_not_exists(pk)",
    });
    let (kind, _) = try_call(&e, "PutItem", conditional).unwrap_err();
    assert_eq!(kind, "ConditionalCheckFailedException");
    let (kind, _) = put(&e, "orders", item("small", 1)).unwrap_err();
    assert_eq!(kind, "ProvisionedThroughputExceededException");
}

#[test]
fn an_on_demand_read_maximum_throttles_reads_only() {
    // 2 reads of 4 KB a second; an eventually consistent GetItem of a missing item costs 0.5.
    let e = engine(CapacityMode::Enforce);
    let maxima = json!({"OnDemandThroughput": {"MaxReadRequestUnits": 2}});
    create(&e, "orders", None, maxima);
    let get = json!({"TableName": "orders", "Key": {"pk": {"S": "none"}}});
    let refused = (0..100).find(|_| try_call(&e, "GetItem", get.clone()).is_err());
    let refused = refused.expect("reads throttle");
    assert!((4..20).contains(&refused), "refused after {refused} reads");
    let (kind, message) = try_call(&e, "GetItem", get).unwrap_err();
    assert_eq!(kind, "ThrottlingException");
    assert_eq!(
        message,
        "Throughput exceeds the maximum OnDemandThroughput configured on table or index"
    );
    put(&e, "orders", item("k", 1)).unwrap();
}

#[test]
fn time_to_live_deletes_even_a_throttled_table() {
    // TTL deletes consume no capacity: with the table in debt, the expired items still go.
    let e = engine(CapacityMode::Enforce);
    create(&e, "orders", Some((1, 1)), json!({}));
    call(
        &e,
        "UpdateTimeToLive",
        json!({"TableName": "orders", "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "ttl"}}),
    );
    let an_hour_ago = ddb_engine::clock::now_ms() / 1000 - 3600;
    for i in 0..3 {
        let mut expired = item(&format!("k{i}"), 110);
        expired["ttl"] = json!({"N": an_hour_ago.to_string()});
        put(&e, "orders", expired).unwrap();
    }
    let (kind, _) = put(&e, "orders", item("k3", 1)).unwrap_err();
    assert_eq!(kind, "ProvisionedThroughputExceededException");
    assert_eq!(e.expire_items().unwrap(), 3);
}

#[test]
fn the_old_capacity_holds_while_the_table_is_updating() {
    // With `--table-delays update=…`, UpdateTable leaves the table UPDATING and, as in DynamoDB,
    // the new capacity applies only once the change is done.
    let delay = std::time::Duration::from_millis(400);
    let e = Engine::open(EngineConfig {
        capacity: CapacityMode::Enforce,
        table_delays: ddb_engine::TableDelays {
            update: delay,
            ..ddb_engine::TableDelays::default()
        },
        ..EngineConfig::in_memory()
    })
    .expect("in-memory engine opens");
    create(&e, "orders", Some((1, 1)), json!({}));
    let raise = json!({
        "TableName": "orders",
        "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1000},
    });
    call(&e, "UpdateTable", raise);
    // Still 1 WCU: the burst of 300 takes three 110 KB writes.
    let refused = (0..10).find(|i| put(&e, "orders", item(&format!("a{i}"), 110)).is_err());
    assert_eq!(refused, Some(3));
    // Once ACTIVE, 1,000 WCU a second repay the debt within the second.
    std::thread::sleep(delay + std::time::Duration::from_millis(600));
    for i in 0..3 {
        put(&e, "orders", item(&format!("b{i}"), 110)).unwrap();
    }
}
