//! The order of the checks of PutItem, UpdateItem, DeleteItem and BatchWriteItem where DynamoDB
//! departs from listing every constraint violation at once (docs/research/dynamodb-messages.md
//! §2.3 and §6.3).

#![allow(clippy::unwrap_used)]

mod common;

use common::{call, engine, try_call};
use serde_json::json;

fn table(engine: &ddb_engine::Engine) {
    call(
        engine,
        "CreateTable",
        json!({
            "TableName": "tbl",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "BillingMode": "PAY_PER_REQUEST"
        }),
    );
}

fn validation(result: Result<serde_json::Value, (String, String)>) -> String {
    match result {
        Err((kind, message)) if kind == "ValidationException" => message,
        other => panic!("expected a ValidationException, got {other:?}"),
    }
}

#[test]
fn a_bad_table_name_is_reported_alone() {
    let engine = engine();
    for op in ["PutItem", "DeleteItem", "UpdateItem"] {
        let message = validation(try_call(
            &engine,
            op,
            json!({
                "TableName": "a!",
                "Item": {"pk": {"S": "a"}},
                "Key": {"pk": {"S": "a"}},
                "ReturnValues": "BAD",
                "ReturnConsumedCapacity": "BAD"
            }),
        ));
        assert!(message.starts_with("2 validation errors detected: Value 'a!' at 'tableName'"));
        assert!(
            !message.contains("returnConsumedCapacity"),
            "{op}: {message}"
        );
    }
}

#[test]
fn put_and_delete_report_every_bad_enum() {
    let engine = engine();
    table(&engine);
    let message = validation(try_call(
        &engine,
        "DeleteItem",
        json!({
            "TableName": "tbl",
            "Key": {"pk": {"S": "a"}},
            "ReturnValues": "BAD",
            "ReturnConsumedCapacity": "BAD"
        }),
    ));
    assert_eq!(
        message,
        "2 validation errors detected: Value 'BAD' at 'returnConsumedCapacity' failed to satisfy \
         constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; Failed to \
         satisfy constraint: Member must satisfy enum value set: [ALL_OLD, UPDATED_OLD, ALL_NEW, \
         UPDATE_NEW, NONE]"
    );
}

#[test]
fn update_reports_only_its_first_bad_enum() {
    let engine = engine();
    table(&engine);
    let message = validation(try_call(
        &engine,
        "UpdateItem",
        json!({
            "TableName": "tbl",
            "Key": {"pk": {"S": "a"}},
            "ReturnValues": "BAD",
            "ReturnConsumedCapacity": "BAD"
        }),
    ));
    assert_eq!(
        message,
        "1 validation error detected: Failed to satisfy constraint: Member must satisfy enum \
         value set: [ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATE_NEW, NONE]"
    );
    let message = validation(try_call(
        &engine,
        "UpdateItem",
        json!({
            "TableName": "tbl",
            "Key": {"pk": {"S": "a"}},
            "ReturnConsumedCapacity": "BAD",
            "ReturnItemCollectionMetrics": "BAD"
        }),
    ));
    assert!(
        message.starts_with("1 validation error detected: Value 'BAD' at 'returnConsumedCapacity'")
    );
}

#[test]
fn put_and_delete_return_only_old_values() {
    let engine = engine();
    table(&engine);
    // DeleteItem answers in the 2026 envelope (paritysuite error-messages, run against AWS);
    // PutItem stays bare (docs/research/message-framing-2026.md).
    for (op, envelope) in [
        ("PutItem", ""),
        ("DeleteItem", "1 validation error detected: "),
    ] {
        let message = validation(try_call(
            &engine,
            op,
            json!({
                "TableName": "tbl",
                "Item": {"pk": {"S": "a"}},
                "Key": {"pk": {"S": "a"}},
                "ReturnValues": "ALL_NEW"
            }),
        ));
        assert_eq!(
            message,
            format!("{envelope}ReturnValues can only be ALL_OLD or NONE"),
            "{op}"
        );
    }
}

#[test]
fn a_long_attribute_updates_name_is_the_attribute_name_message() {
    let engine = engine();
    table(&engine);
    let long = "n".repeat(65536);
    let message = validation(try_call(
        &engine,
        "UpdateItem",
        json!({
            "TableName": "tbl",
            "Key": {"pk": {"S": "a"}},
            "AttributeUpdates": {long: {"Value": {"S": "x"}, "Action": "PUT"}}
        }),
    ));
    assert_eq!(
        message,
        "Attribute name is too large, must be less than 65536 bytes"
    );
}

#[test]
fn batch_write_without_tables_is_the_bare_message() {
    let engine = engine();
    for body in [json!({"RequestItems": {}}), json!({})] {
        let message = validation(try_call(&engine, "BatchWriteItem", body));
        assert_eq!(
            message,
            "The requestItems parameter is required for BatchWriteItem"
        );
    }
}

#[test]
fn legacy_expected_and_attribute_updates_still_apply() {
    let engine = engine();
    table(&engine);
    call(
        &engine,
        "PutItem",
        json!({"TableName": "tbl", "Item": {"pk": {"S": "a"}, "n": {"N": "1"}}}),
    );
    let out = call(
        &engine,
        "UpdateItem",
        json!({
            "TableName": "tbl",
            "Key": {"pk": {"S": "a"}},
            "AttributeUpdates": {"n": {"Value": {"N": "2"}, "Action": "ADD"}},
            "Expected": {
                "n": {"ComparisonOperator": "GE", "AttributeValueList": [{"N": "1"}]},
                "pk": {"Exists": true, "Value": {"S": "a"}}
            },
            "ConditionalOperator": "AND",
            "ReturnValues": "UPDATED_NEW"
        }),
    );
    assert_eq!(out, json!({"Attributes": {"n": {"N": "3"}}}));
    let (kind, _) = try_call(
        &engine,
        "DeleteItem",
        json!({
            "TableName": "tbl",
            "Key": {"pk": {"S": "a"}},
            "Expected": {"n": {"Value": {"N": "1"}}},
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD"
        }),
    )
    .unwrap_err();
    assert_eq!(kind, "ConditionalCheckFailedException");
}
