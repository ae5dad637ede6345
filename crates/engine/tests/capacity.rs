//! ConsumedCapacity worked examples. Each expected figure is derived by hand, in the comment
//! beside it, from DynamoDB's documented rules: item size = attribute name bytes + value bytes;
//! reads in 4 KB blocks (eventually consistent at half), writes in 1 KB blocks on the larger of
//! the old and new item; Query sums the bytes read before rounding; BatchGetItem rounds per item.

#![allow(clippy::unwrap_used)]

mod common;

use common::{call, engine};
use serde_json::{json, Value};

fn table_with_gsi(e: &ddb_engine::Engine) {
    call(
        e,
        "CreateTable",
        json!({
            "TableName": "tab",
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"},
                                     {"AttributeName": "g", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            "BillingMode": "PAY_PER_REQUEST",
            "GlobalSecondaryIndexes": [{"IndexName": "gidx", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                        "Projection": {"ProjectionType": "ALL"}}]
        }),
    );
}

fn units(out: &Value) -> f64 {
    out["ConsumedCapacity"]["CapacityUnits"].as_f64().unwrap()
}

fn item(sk: &str, data_len: usize) -> Value {
    json!({"pk": {"S": "a"}, "sk": {"S": sk}, "d": {"S": "x".repeat(data_len)}})
}

#[test]
fn put_rounds_up_to_1kb_units() {
    let e = engine();
    table_with_gsi(&e);
    // pk: 2 + 1, sk: 2 + 1, d: 1 + 1530 → 1537 bytes → ceil(1537 / 1024) = 2 WCU.
    let out = call(
        &e,
        "PutItem",
        json!({"TableName": "tab", "Item": item("1", 1530), "ReturnConsumedCapacity": "TOTAL"}),
    );
    assert_eq!(units(&out), 2.0);
    // Overwriting it with a 7-byte item still costs the larger (old) size: 2 WCU.
    let out = call(
        &e,
        "PutItem",
        json!({"TableName": "tab", "Item": {"pk": {"S": "a"}, "sk": {"S": "1"}}, "ReturnConsumedCapacity": "TOTAL"}),
    );
    assert_eq!(units(&out), 2.0);
}

#[test]
fn get_reads_4kb_units_half_for_eventual() {
    let e = engine();
    table_with_gsi(&e);
    // 3 + 3 + (1 + 5000) = 5007 bytes → 2 blocks of 4 KB.
    call(
        &e,
        "PutItem",
        json!({"TableName": "tab", "Item": item("1", 5000)}),
    );
    let key = json!({"pk": {"S": "a"}, "sk": {"S": "1"}});
    let strong = call(
        &e,
        "GetItem",
        json!({"TableName": "tab", "Key": key, "ConsistentRead": true, "ReturnConsumedCapacity": "TOTAL"}),
    );
    assert_eq!(units(&strong), 2.0); // 2 blocks × 1
    let eventual = call(
        &e,
        "GetItem",
        json!({"TableName": "tab", "Key": key, "ReturnConsumedCapacity": "TOTAL"}),
    );
    assert_eq!(eventual["ConsumedCapacity"]["CapacityUnits"], 1.0); // 2 blocks × 0.5
                                                                    // A missing item still costs one block: 0.5 eventually consistent.
    let missing = call(
        &e,
        "GetItem",
        json!({"TableName": "tab", "Key": {"pk": {"S": "zz"}, "sk": {"S": "1"}}, "ReturnConsumedCapacity": "TOTAL"}),
    );
    assert_eq!(units(&missing), 0.5);
}

#[test]
fn query_sums_bytes_before_rounding() {
    let e = engine();
    table_with_gsi(&e);
    // Three items of 3 + 3 + (1 + 2993) = 3000 bytes: 9000 bytes → ceil(9000 / 4096) = 3 blocks;
    // eventually consistent: 1.5 RCU (per-item rounding would have said 3 × 0.5 = 1.5 too, so
    // also check a filter that drops items still pays for reading them).
    for sk in ["1", "2", "3"] {
        call(
            &e,
            "PutItem",
            json!({"TableName": "tab", "Item": item(sk, 2993)}),
        );
    }
    let out = call(
        &e,
        "Query",
        json!({"TableName": "tab", "KeyConditionExpression": "pk = :a",
        "ExpressionAttributeValues": {":a": {"S": "a"}}, "ReturnConsumedCapacity": "TOTAL"}),
    );
    assert_eq!(units(&out), 1.5);
    let filtered = call(
        &e,
        "Query",
        json!({"TableName": "tab", "KeyConditionExpression": "pk = :a",
        "FilterExpression": "d = :none", "ExpressionAttributeValues": {":a": {"S": "a"}, ":none": {"S": "nope"}},
        "ConsistentRead": true, "ReturnConsumedCapacity": "TOTAL"}),
    );
    assert_eq!(filtered["Count"], 0);
    assert_eq!(units(&filtered), 3.0); // 3 blocks × 1, strongly consistent
}

#[test]
fn small_items_query_sums_not_rounds_each() {
    let e = engine();
    table_with_gsi(&e);
    // Ten items of 3 + 3 + (1 + 93) = 100 bytes: 1000 bytes → 1 block → 0.5 RCU eventually
    // consistent (per-item rounding would have said 5.0).
    for i in 0..10 {
        call(
            &e,
            "PutItem",
            json!({"TableName": "tab", "Item": item(&i.to_string(), 93)}),
        );
    }
    let out = call(
        &e,
        "Query",
        json!({"TableName": "tab", "KeyConditionExpression": "pk = :a",
        "ExpressionAttributeValues": {":a": {"S": "a"}}, "ReturnConsumedCapacity": "TOTAL"}),
    );
    assert_eq!(units(&out), 0.5);
}

#[test]
fn gsi_writes_charge_changed_entries_and_key_moves_twice() {
    let e = engine();
    table_with_gsi(&e);
    let put = |g: Option<&str>| {
        let mut it = json!({"pk": {"S": "a"}, "sk": {"S": "1"}});
        if let Some(g) = g {
            it["g"] = json!({"S": g});
        }
        call(
            &e,
            "PutItem",
            json!({"TableName": "tab", "Item": it, "ReturnConsumedCapacity": "INDEXES"}),
        )
    };
    // No g: the item is not in the index: table 1 WCU, no index arm.
    let out = put(None);
    assert_eq!(out["ConsumedCapacity"]["Table"]["CapacityUnits"], 1.0);
    assert!(out["ConsumedCapacity"]
        .get("GlobalSecondaryIndexes")
        .is_none());
    // g appears: one new index entry: 1 + 1.
    let out = put(Some("x"));
    assert_eq!(
        out["ConsumedCapacity"]["GlobalSecondaryIndexes"]["gidx"]["CapacityUnits"],
        1.0
    );
    assert_eq!(units(&out), 2.0);
    // g changes: the entry moves (delete + put): index 2, table 1, total 3.
    let out = put(Some("y"));
    assert_eq!(
        out["ConsumedCapacity"]["GlobalSecondaryIndexes"]["gidx"]["CapacityUnits"],
        2.0
    );
    assert_eq!(units(&out), 3.0);
    // Same item again: the entry is unchanged, so the index is not charged.
    let out = put(Some("y"));
    assert!(out["ConsumedCapacity"]
        .get("GlobalSecondaryIndexes")
        .is_none());
}

#[test]
fn batch_get_rounds_per_item_and_delete_of_nothing_costs_one() {
    let e = engine();
    table_with_gsi(&e);
    call(
        &e,
        "PutItem",
        json!({"TableName": "tab", "Item": item("1", 10)}),
    );
    call(
        &e,
        "PutItem",
        json!({"TableName": "tab", "Item": item("2", 10)}),
    );
    // Two 17-byte items, strongly consistent, each rounded to one 4 KB block: 2 RCU.
    let out = call(
        &e,
        "BatchGetItem",
        json!({"RequestItems": {"tab": {"ConsistentRead": true, "Keys": [
        {"pk": {"S": "a"}, "sk": {"S": "1"}}, {"pk": {"S": "a"}, "sk": {"S": "2"}}]}}, "ReturnConsumedCapacity": "TOTAL"}),
    );
    assert_eq!(out["ConsumedCapacity"][0]["CapacityUnits"], 2.0);
    // Deleting an item that is not there still costs 1 WCU.
    let out = call(
        &e,
        "DeleteItem",
        json!({"TableName": "tab", "Key": {"pk": {"S": "zz"}, "sk": {"S": "1"}}, "ReturnConsumedCapacity": "TOTAL"}),
    );
    assert_eq!(units(&out), 1.0);
}
