//! Capacity enforcement through the AWS SDK for Rust: the SDK reads ddb's throttling errors
//! (their ThrottlingReasons included) and its standard retries get through once capacity
//! returns.

#![allow(clippy::unwrap_used)] // a test stops at the first failure

use aws_sdk_dynamodb::config::retry::RetryConfig;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::Client;
use ddb_sdk_tests::build::{provisioned_table, s};
use ddb_sdk_tests::Server;

/// A 110 KB put: 110 WCU.
async fn put(client: &Client, table: &str, pk: &str) -> Result<(), SdkError<PutItemError>> {
    client
        .put_item()
        .table_name(table)
        .item("pk", s(pk))
        .item("d", s(&"x".repeat(110 * 1024 - 3 - pk.len())))
        .send()
        .await
        .map(|_| ())
}

#[tokio::test]
async fn a_throttled_put_is_a_provisioned_throughput_exceeded_exception_with_its_reason() {
    let server = Server::start(&["--in-memory", "--capacity", "enforce"]);
    let client = server.client();
    provisioned_table(&client, "orders", 1, 1).await;
    // 1 WCU keeps a burst of 300: 300 -> 190 -> 80 -> -30, so the fourth put is refused.
    for i in 0..3 {
        put(&client, "orders", &format!("k{i}")).await.unwrap();
    }
    let err = put(&client, "orders", "k3")
        .await
        .unwrap_err()
        .into_service_error();
    let PutItemError::ProvisionedThroughputExceededException(e) = err else {
        panic!("expected ProvisionedThroughputExceededException, got {err:?}");
    };
    let reasons = e.throttling_reasons();
    assert_eq!(reasons.len(), 1);
    assert_eq!(
        reasons[0].reason(),
        Some("TableWriteProvisionedThroughputExceeded")
    );
    assert_eq!(
        reasons[0].resource(),
        Some("arn:aws:dynamodb:us-east-1:000000000000:table/orders")
    );
}

#[tokio::test]
async fn the_sdks_standard_retries_get_through_as_capacity_returns() {
    // At a time scale of 1,000 the table earns 1,000 WCU per wall-clock second: the SDK's
    // backoff after the throttle is enough to repay the debt.
    let server = Server::start(&[
        "--in-memory",
        "--capacity",
        "enforce",
        "--time-scale",
        "1000",
    ]);
    let client = server.client();
    provisioned_table(&client, "orders", 1, 1).await;
    let mut refused = None;
    for i in 0..100 {
        if let Err(e) = put(&client, "orders", &format!("k{i}")).await {
            refused = Some(e.into_service_error());
            break;
        }
    }
    assert!(
        matches!(
            refused,
            Some(PutItemError::ProvisionedThroughputExceededException(_))
        ),
        "the table never throttled: {refused:?}"
    );
    let config = client
        .config()
        .to_builder()
        .retry_config(RetryConfig::standard().with_max_attempts(10))
        .build();
    let retrying = Client::from_conf(config);
    for i in 0..5 {
        put(&retrying, "orders", &format!("r{i}")).await.unwrap();
    }
}
