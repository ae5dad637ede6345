//! DynamoDB Streams through the AWS SDK for Rust's own `aws-sdk-dynamodbstreams`: a consumer
//! written for AWS reads ddb's stream unchanged, every field deserialized by the SDK's types.

#![allow(clippy::unwrap_used)] // a test stops at the first failure

use aws_sdk_dynamodb::types::{
    BillingMode, KeyType, ScalarAttributeType, StreamSpecification, StreamViewType,
};
use aws_sdk_dynamodbstreams::types::{OperationType, ShardIteratorType};
use ddb_sdk_tests::build::{attr, key, s};
use ddb_sdk_tests::Server;

#[tokio::test]
async fn a_consumer_written_for_aws_reads_every_change() {
    let server = Server::start_in_memory();
    let client = server.client();
    let streams = server.streams_client();
    client
        .create_table()
        .table_name("orders")
        .attribute_definitions(attr("pk", ScalarAttributeType::S))
        .key_schema(key("pk", KeyType::Hash))
        .billing_mode(BillingMode::PayPerRequest)
        .stream_specification(
            StreamSpecification::builder()
                .stream_enabled(true)
                .stream_view_type(StreamViewType::NewAndOldImages)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    for v in ["1", "2"] {
        client
            .put_item()
            .table_name("orders")
            .item("pk", s("a"))
            .item("v", s(v))
            .send()
            .await
            .unwrap();
    }
    client
        .delete_item()
        .table_name("orders")
        .key("pk", s("a"))
        .send()
        .await
        .unwrap();

    let listed = streams
        .list_streams()
        .table_name("orders")
        .send()
        .await
        .unwrap();
    let arn = listed.streams()[0].stream_arn().unwrap().to_string();
    let described = streams
        .describe_stream()
        .stream_arn(&arn)
        .send()
        .await
        .unwrap();
    let description = described.stream_description().unwrap();
    assert_eq!(description.table_name(), Some("orders"));
    let shard = &description.shards()[0];
    let iterator = streams
        .get_shard_iterator()
        .stream_arn(&arn)
        .shard_id(shard.shard_id().unwrap())
        .shard_iterator_type(ShardIteratorType::TrimHorizon)
        .send()
        .await
        .unwrap();
    let page = streams
        .get_records()
        .shard_iterator(iterator.shard_iterator().unwrap())
        .send()
        .await
        .unwrap();
    let records = page.records();
    let names: Vec<_> = records
        .iter()
        .map(|r| r.event_name().cloned().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            OperationType::Insert,
            OperationType::Modify,
            OperationType::Remove
        ]
    );
    let modify = records[1].dynamodb().unwrap();
    assert!(modify.approximate_creation_date_time().is_some());
    assert!(modify.size_bytes().unwrap() > 0);
    assert_eq!(modify.sequence_number().unwrap().len(), 21);
    let old = modify.old_image().unwrap();
    assert_eq!(
        old.get("v"),
        Some(&aws_sdk_dynamodbstreams::types::AttributeValue::S(
            "1".into()
        ))
    );
    assert_eq!(records[0].event_source(), Some("aws:dynamodb"));
    assert!(page.next_shard_iterator().is_some());
}
