//! Item operations, expressions, and capacity through the AWS SDK for Rust.

#![allow(clippy::unwrap_used)] // a test stops at the first failure

use std::collections::HashMap;

use aws_sdk_dynamodb::types::{
    AttributeValue, BillingMode, KeyType, ReturnConsumedCapacity, ReturnValue, ScalarAttributeType,
};
use aws_sdk_dynamodb::Client;
use ddb_sdk_tests::build::{attr, key, n, s};
use ddb_sdk_tests::Server;

/// A pay-per-request table keyed by `pk` (S) and `sk` (S).
async fn make_table(client: &Client, name: &str) {
    client
        .create_table()
        .table_name(name)
        .attribute_definitions(attr("pk", ScalarAttributeType::S))
        .attribute_definitions(attr("sk", ScalarAttributeType::S))
        .key_schema(key("pk", KeyType::Hash))
        .key_schema(key("sk", KeyType::Range))
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn put_get_update_delete_round_trip() {
    let server = Server::start_in_memory();
    let client = server.client();
    make_table(&client, "items").await;
    client
        .put_item()
        .table_name("items")
        .item("pk", s("a"))
        .item("sk", s("1"))
        .item("count", n("1.0"))
        .item("tags", AttributeValue::Ss(vec!["x".into(), "y".into()]))
        .send()
        .await
        .unwrap();
    let got = client
        .get_item()
        .table_name("items")
        .key("pk", s("a"))
        .key("sk", s("1"))
        .send()
        .await
        .unwrap();
    let item = got.item().unwrap();
    assert_eq!(
        item.get("count"),
        Some(&n("1")),
        "numbers come back normalized"
    );

    let updated = client
        .update_item()
        .table_name("items")
        .key("pk", s("a"))
        .key("sk", s("1"))
        .update_expression("SET #c = #c + :one, note = if_not_exists(note, :hello) REMOVE tags")
        .expression_attribute_names("#c", "count")
        .expression_attribute_values(":one", n("1"))
        .expression_attribute_values(":hello", s("hello"))
        .return_values(ReturnValue::AllNew)
        .send()
        .await
        .unwrap();
    let attrs = updated.attributes().unwrap();
    assert_eq!(attrs.get("count"), Some(&n("2")));
    assert_eq!(attrs.get("note"), Some(&s("hello")));
    assert!(!attrs.contains_key("tags"));

    let deleted = client
        .delete_item()
        .table_name("items")
        .key("pk", s("a"))
        .key("sk", s("1"))
        .return_values(ReturnValue::AllOld)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.attributes().unwrap().get("count"), Some(&n("2")));
    let gone = client
        .get_item()
        .table_name("items")
        .key("pk", s("a"))
        .key("sk", s("1"))
        .send()
        .await
        .unwrap();
    assert!(gone.item().is_none());
}

#[tokio::test]
async fn condition_failure_returns_old_item_when_asked() {
    let server = Server::start_in_memory();
    let client = server.client();
    make_table(&client, "cond").await;
    client
        .put_item()
        .table_name("cond")
        .item("pk", s("a"))
        .item("sk", s("1"))
        .item("v", n("5"))
        .send()
        .await
        .unwrap();
    let err = client
        .put_item()
        .table_name("cond")
        .item("pk", s("a"))
        .item("sk", s("1"))
        .condition_expression("attribute_not_exists(pk)")
        .return_values_on_condition_check_failure(
            aws_sdk_dynamodb::types::ReturnValuesOnConditionCheckFailure::AllOld,
        )
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    match err {
        aws_sdk_dynamodb::operation::put_item::PutItemError::ConditionalCheckFailedException(e) => {
            assert_eq!(e.message(), Some("The conditional request failed"));
            assert_eq!(e.item().unwrap().get("v"), Some(&n("5")));
        }
        other => panic!("expected ConditionalCheckFailedException, got {other:?}"),
    }
}

#[tokio::test]
async fn consumed_capacity_follows_item_size() {
    let server = Server::start_in_memory();
    let client = server.client();
    make_table(&client, "cap").await;
    // pk "a" (2+1) + sk "1" (2+1) + body (4 + 5000) = 5010 bytes: 5 write units (1 KB each),
    // 2 strongly consistent read units (4 KB each), 1 eventually consistent.
    let body = "x".repeat(5000);
    let put = client
        .put_item()
        .table_name("cap")
        .item("pk", s("a"))
        .item("sk", s("1"))
        .item("body", s(&body))
        .return_consumed_capacity(ReturnConsumedCapacity::Total)
        .send()
        .await
        .unwrap();
    assert_eq!(put.consumed_capacity().unwrap().capacity_units(), Some(5.0));
    let strong = client
        .get_item()
        .table_name("cap")
        .key("pk", s("a"))
        .key("sk", s("1"))
        .consistent_read(true)
        .return_consumed_capacity(ReturnConsumedCapacity::Total)
        .send()
        .await
        .unwrap();
    assert_eq!(
        strong.consumed_capacity().unwrap().capacity_units(),
        Some(2.0)
    );
    let eventual = client
        .get_item()
        .table_name("cap")
        .key("pk", s("a"))
        .key("sk", s("1"))
        .return_consumed_capacity(ReturnConsumedCapacity::Total)
        .send()
        .await
        .unwrap();
    assert_eq!(
        eventual.consumed_capacity().unwrap().capacity_units(),
        Some(1.0)
    );
}

#[tokio::test]
async fn query_newest_first_with_begins_with_and_pages() {
    let server = Server::start_in_memory();
    let client = server.client();
    make_table(&client, "msgs").await;
    for i in 0..30 {
        client
            .put_item()
            .table_name("msgs")
            .item("pk", s("MSG#g"))
            .item("sk", s(&format!("2024-01-01T00:{i:02}:00")))
            .item("i", n(&i.to_string()))
            .send()
            .await
            .unwrap();
    }
    let mut seen = Vec::new();
    let mut start: Option<HashMap<String, AttributeValue>> = None;
    loop {
        let page = client
            .query()
            .table_name("msgs")
            .key_condition_expression("pk = :pk AND begins_with(sk, :year)")
            .expression_attribute_values(":pk", s("MSG#g"))
            .expression_attribute_values(":year", s("2024"))
            .scan_index_forward(false)
            .limit(7)
            .set_exclusive_start_key(start.take())
            .send()
            .await
            .unwrap();
        for item in page.items() {
            seen.push(
                item.get("i")
                    .unwrap()
                    .as_n()
                    .unwrap()
                    .parse::<i32>()
                    .unwrap(),
            );
        }
        match page.last_evaluated_key() {
            Some(k) => start = Some(k.clone()),
            None => break,
        }
    }
    let expected: Vec<i32> = (0..30).rev().collect();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn batch_write_then_batch_get() {
    let server = Server::start_in_memory();
    let client = server.client();
    make_table(&client, "batch").await;
    let writes: Vec<_> = (0..25)
        .map(|i| {
            aws_sdk_dynamodb::types::WriteRequest::builder()
                .put_request(
                    aws_sdk_dynamodb::types::PutRequest::builder()
                        .item("pk", s("p"))
                        .item("sk", s(&format!("{i:03}")))
                        .build()
                        .unwrap(),
                )
                .build()
        })
        .collect();
    let out = client
        .batch_write_item()
        .request_items("batch", writes)
        .send()
        .await
        .unwrap();
    assert!(out
        .unprocessed_items()
        .map(|u| u.is_empty())
        .unwrap_or(true));
    let keys: Vec<_> = (0..10)
        .map(|i| {
            HashMap::from([
                ("pk".to_string(), s("p")),
                ("sk".to_string(), s(&format!("{i:03}"))),
            ])
        })
        .collect();
    let got = client
        .batch_get_item()
        .request_items(
            "batch",
            aws_sdk_dynamodb::types::KeysAndAttributes::builder()
                .set_keys(Some(keys))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(got.responses().unwrap().get("batch").unwrap().len(), 10);
}
