//! Secondary indexes and scans through the AWS SDK for Rust: a GSI and an LSI defined at
//! CreateTable, a GSI added later by UpdateTable (backfilled), sparse indexes, parallel scan.

#![allow(clippy::unwrap_used)] // a test stops at the first failure

use std::collections::BTreeSet;

use aws_sdk_dynamodb::types::{
    AttributeValue, BillingMode, CreateGlobalSecondaryIndexAction, GlobalSecondaryIndex,
    GlobalSecondaryIndexUpdate, KeyType, LocalSecondaryIndex, Projection, ProjectionType,
    ScalarAttributeType,
};
use aws_sdk_dynamodb::Client;
use ddb_sdk_tests::build::{attr, key, s};
use ddb_sdk_tests::Server;

async fn messages_table(client: &Client) {
    client
        .create_table()
        .table_name("messages")
        .attribute_definitions(attr("pk", ScalarAttributeType::S))
        .attribute_definitions(attr("sk", ScalarAttributeType::S))
        .attribute_definitions(attr("user", ScalarAttributeType::S))
        .attribute_definitions(attr("score", ScalarAttributeType::N))
        .key_schema(key("pk", KeyType::Hash))
        .key_schema(key("sk", KeyType::Range))
        .billing_mode(BillingMode::PayPerRequest)
        .global_secondary_indexes(
            GlobalSecondaryIndex::builder()
                .index_name("by-user")
                .key_schema(key("user", KeyType::Hash))
                .key_schema(key("sk", KeyType::Range))
                .projection(
                    Projection::builder()
                        .projection_type(ProjectionType::KeysOnly)
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .local_secondary_indexes(
            LocalSecondaryIndex::builder()
                .index_name("by-score")
                .key_schema(key("pk", KeyType::Hash))
                .key_schema(key("score", KeyType::Range))
                .projection(
                    Projection::builder()
                        .projection_type(ProjectionType::All)
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    for i in 0..20 {
        let mut put = client
            .put_item()
            .table_name("messages")
            .item("pk", s(&format!("group-{}", i % 2)))
            .item("sk", s(&format!("2024-01-{:02}", i + 1)))
            .item("score", AttributeValue::N((100 - i).to_string()))
            .item("body", s("hello"));
        // Every third message has no user: it stays out of the sparse GSI.
        if i % 3 != 0 {
            put = put.item("user", s(if i % 2 == 0 { "jess" } else { "bayko" }));
        }
        put.send().await.unwrap();
    }
}

#[tokio::test]
async fn gsi_and_lsi_queries() {
    let server = Server::start_in_memory();
    let client = server.client();
    messages_table(&client).await;
    let by_user = client
        .query()
        .table_name("messages")
        .index_name("by-user")
        .key_condition_expression("#u = :u")
        .expression_attribute_names("#u", "user")
        .expression_attribute_values(":u", s("jess"))
        .send()
        .await
        .unwrap();
    // Even i in 0..20 with i % 3 != 0: 2, 4, 8, 10, 14, 16 → 6 messages; KEYS_ONLY has no body.
    assert_eq!(by_user.count(), 6);
    assert!(by_user
        .items()
        .iter()
        .all(|i| !i.contains_key("body") && i.contains_key("pk")));

    let by_score = client
        .query()
        .table_name("messages")
        .index_name("by-score")
        .key_condition_expression("pk = :p AND score > :min")
        .expression_attribute_values(":p", s("group-0"))
        .expression_attribute_values(":min", AttributeValue::N("90".into()))
        .scan_index_forward(false)
        .consistent_read(true)
        .send()
        .await
        .unwrap();
    // group-0 holds even i; score 100 - i > 90 → i in {0, 2, 4, 6, 8}; newest score first.
    let scores: Vec<String> = by_score
        .items()
        .iter()
        .map(|i| i.get("score").unwrap().as_n().unwrap().clone())
        .collect();
    assert_eq!(scores, ["100", "98", "96", "94", "92"]);

    let err = client
        .query()
        .table_name("messages")
        .index_name("by-user")
        .key_condition_expression("#u = :u")
        .expression_attribute_names("#u", "user")
        .expression_attribute_values(":u", s("jess"))
        .consistent_read(true)
        .send()
        .await
        .unwrap_err();
    assert!(format!("{:?}", err.into_service_error())
        .contains("Consistent reads are not supported on global secondary indexes"));
}

#[tokio::test]
async fn gsi_added_later_is_backfilled() {
    let server = Server::start_in_memory();
    let client = server.client();
    messages_table(&client).await;
    client
        .update_table()
        .table_name("messages")
        .attribute_definitions(attr("body", ScalarAttributeType::S))
        .global_secondary_index_updates(
            GlobalSecondaryIndexUpdate::builder()
                .create(
                    CreateGlobalSecondaryIndexAction::builder()
                        .index_name("by-body")
                        .key_schema(key("body", KeyType::Hash))
                        .projection(
                            Projection::builder()
                                .projection_type(ProjectionType::All)
                                .build(),
                        )
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    let table = client
        .describe_table()
        .table_name("messages")
        .send()
        .await
        .unwrap();
    let gsi = table
        .table()
        .unwrap()
        .global_secondary_indexes()
        .iter()
        .find(|g| g.index_name() == Some("by-body"))
        .cloned()
        .unwrap();
    assert_eq!(gsi.index_status().map(|s| s.as_str()), Some("ACTIVE"));
    assert_eq!(gsi.item_count(), Some(20));
    let hits = client
        .query()
        .table_name("messages")
        .index_name("by-body")
        .key_condition_expression("body = :b")
        .expression_attribute_values(":b", s("hello"))
        .send()
        .await
        .unwrap();
    assert_eq!(hits.count(), 20);
}

#[tokio::test]
async fn parallel_scan_segments_are_disjoint_and_complete() {
    let server = Server::start_in_memory();
    let client = server.client();
    messages_table(&client).await;
    let mut seen = BTreeSet::new();
    for segment in 0..3 {
        let mut start = None;
        loop {
            let page = client
                .scan()
                .table_name("messages")
                .segment(segment)
                .total_segments(3)
                .limit(4)
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .unwrap();
            for item in page.items() {
                let id = format!(
                    "{}/{}",
                    item["pk"].as_s().unwrap(),
                    item["sk"].as_s().unwrap()
                );
                assert!(seen.insert(id), "an item came back in two segments");
            }
            match page.last_evaluated_key() {
                Some(k) => start = Some(k.clone()),
                None => break,
            }
        }
    }
    assert_eq!(seen.len(), 20);
}
