//! Transactions, UpdateTable, TTL, tags, the service descriptions, and DynamoDB's validation
//! messages, through the AWS SDK for Rust.

#![allow(clippy::unwrap_used)] // a test stops at the first failure

use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{
    ConditionCheck, Delete, Get, Put, Tag, TimeToLiveSpecification, TimeToLiveStatus,
    TransactGetItem, TransactWriteItem,
};
use ddb_sdk_tests::build::{n, provisioned_table, s, throughput};
use ddb_sdk_tests::Server;

fn put(table: &str, pk: &str, v: &str) -> TransactWriteItem {
    TransactWriteItem::builder()
        .put(
            Put::builder()
                .table_name(table)
                .item("pk", s(pk))
                .item("v", n(v))
                .build()
                .unwrap(),
        )
        .build()
}

#[tokio::test]
async fn transactions_commit_whole_or_cancel_with_reasons() {
    let server = Server::start_in_memory();
    let client = server.client();
    provisioned_table(&client, "txn", 5, 5).await;
    client
        .transact_write_items()
        .transact_items(put("txn", "a", "1"))
        .transact_items(put("txn", "b", "2"))
        .send()
        .await
        .unwrap();
    let got = client
        .transact_get_items()
        .transact_items(
            TransactGetItem::builder()
                .get(
                    Get::builder()
                        .table_name("txn")
                        .key("pk", s("a"))
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .transact_items(
            TransactGetItem::builder()
                .get(
                    Get::builder()
                        .table_name("txn")
                        .key("pk", s("b"))
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    let values: Vec<_> = got
        .responses()
        .iter()
        .map(|r| r.item().unwrap()["v"].clone())
        .collect();
    assert_eq!(values, vec![n("1"), n("2")]);

    // A failed check cancels the Put beside it and names the reason per action.
    let check = ConditionCheck::builder()
        .table_name("txn")
        .key("pk", s("a"))
        .condition_expression("v = :two")
        .expression_attribute_values(":two", n("2"))
        .build()
        .unwrap();
    let err = client
        .transact_write_items()
        .transact_items(put("txn", "c", "3"))
        .transact_items(TransactWriteItem::builder().condition_check(check).build())
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    match err {
        TransactWriteItemsError::TransactionCanceledException(e) => {
            assert_eq!(
                e.message(),
                Some("Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]")
            );
            let codes: Vec<_> = e
                .cancellation_reasons()
                .iter()
                .map(|r| r.code().unwrap_or_default())
                .collect();
            assert_eq!(codes, vec!["None", "ConditionalCheckFailed"]);
        }
        other => panic!("expected TransactionCanceledException, got {other:?}"),
    }
    let c = client
        .get_item()
        .table_name("txn")
        .key("pk", s("c"))
        .send()
        .await
        .unwrap();
    assert!(c.item().is_none(), "the cancelled Put must not be written");

    // A Key of the wrong type cancels with a ValidationError reason.
    let delete = Delete::builder()
        .table_name("txn")
        .key("pk", n("1"))
        .build()
        .unwrap();
    let err = client
        .transact_write_items()
        .transact_items(TransactWriteItem::builder().delete(delete).build())
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    match err {
        TransactWriteItemsError::TransactionCanceledException(e) => {
            let reason = &e.cancellation_reasons()[0];
            assert_eq!(reason.code(), Some("ValidationError"));
            assert_eq!(
                reason.message(),
                Some("The provided key element does not match the schema")
            );
        }
        other => panic!("expected TransactionCanceledException, got {other:?}"),
    }
}

#[tokio::test]
async fn update_table_ttl_and_tags() {
    let server = Server::start_in_memory();
    let client = server.client();
    provisioned_table(&client, "admin", 5, 5).await;

    let updated = client
        .update_table()
        .table_name("admin")
        .provisioned_throughput(throughput(10, 5))
        .send()
        .await
        .unwrap();
    let described = updated.table_description().unwrap();
    let provisioned = described.provisioned_throughput().unwrap();
    assert_eq!(provisioned.read_capacity_units(), Some(10));
    assert_eq!(provisioned.write_capacity_units(), Some(5));

    // The same figures again are refused, with DynamoDB's message.
    let err = client
        .update_table()
        .table_name("admin")
        .provisioned_throughput(throughput(10, 5))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(err.code(), Some("ValidationException"));
    assert!(err
        .message()
        .unwrap()
        .starts_with("The provisioned throughput for the table will not change."));

    client
        .update_time_to_live()
        .table_name("admin")
        .time_to_live_specification(
            TimeToLiveSpecification::builder()
                .attribute_name("expires")
                .enabled(true)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let ttl = client
        .describe_time_to_live()
        .table_name("admin")
        .send()
        .await
        .unwrap();
    let ttl = ttl.time_to_live_description().unwrap();
    assert_eq!(ttl.time_to_live_status(), Some(&TimeToLiveStatus::Enabled));
    assert_eq!(ttl.attribute_name(), Some("expires"));

    let arn = described.table_arn().unwrap().to_string();
    client
        .tag_resource()
        .resource_arn(&arn)
        .tags(Tag::builder().key("team").value("cruddur").build().unwrap())
        .send()
        .await
        .unwrap();
    let tags = client
        .list_tags_of_resource()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags().len(), 1);
    assert_eq!(tags.tags()[0].value(), "cruddur");

    // Every operation but CreateTable takes the table's ARN for its name.
    let by_arn = client
        .describe_table()
        .table_name(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(by_arn.table().unwrap().table_name(), Some("admin"));
}

#[tokio::test]
async fn service_descriptions_and_validation_messages() {
    let server = Server::start_in_memory();
    let client = server.client();
    provisioned_table(&client, "msgs", 5, 5).await;

    let limits = client.describe_limits().send().await.unwrap();
    assert!(limits.table_max_read_capacity_units().unwrap_or(0) > 0);
    let endpoints = client.describe_endpoints().send().await.unwrap();
    assert_eq!(endpoints.endpoints().len(), 1);

    let err = client
        .query()
        .table_name("msgs")
        .key_condition_expression("pk = :p OR pk = :q")
        .expression_attribute_values(":p", s("a"))
        .expression_attribute_values(":q", s("b"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(err.code(), Some("ValidationException"));
    assert_eq!(
        err.message(),
        Some("Invalid operator used in KeyConditionExpression: OR")
    );

    let err = client
        .get_item()
        .table_name("msgs")
        .key("pk", s("a"))
        .projection_expression("#n")
        .expression_attribute_names("n", "name")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(
        err.message(),
        Some("ExpressionAttributeNames contains invalid key: Syntax error; key: \"n\"")
    );

    let err = client
        .describe_table()
        .table_name("no-such-table")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
}
