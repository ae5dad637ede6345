//! Signatures verified through the AWS SDK for Rust, which signs more headers than botocore
//! (`amz-sdk-*`, `content-length`, `x-amz-user-agent`): a server with credentials serves a
//! client holding them, DynamoDB and DynamoDB Streams alike, and refuses one whose secret
//! differs with DynamoDB's InvalidSignatureException.

#![allow(clippy::unwrap_used)] // a test stops at the first failure

use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_dynamodb::Client;
use ddb_sdk_tests::{Server, TempDir};

/// A server whose only key is the one `Server::client` signs with.
fn server_with_credentials(dir: &TempDir) -> Server {
    let path = std::path::Path::new(dir.arg()).join("credentials.json");
    std::fs::write(
        &path,
        r#"{"Credentials": [{"AccessKeyId": "AKIDTEST", "SecretAccessKey": "secret"}]}"#,
    )
    .unwrap();
    Server::start(&["--in-memory", "--credentials", path.to_str().unwrap()])
}

#[tokio::test]
async fn the_sdks_signatures_verify() {
    let dir = TempDir::new("signatures-ok");
    let server = server_with_credentials(&dir);
    server.client().list_tables().send().await.unwrap();
    server.streams_client().list_streams().send().await.unwrap();
}

#[tokio::test]
async fn another_secret_is_an_invalid_signature() {
    let dir = TempDir::new("signatures-bad");
    let server = server_with_credentials(&dir);
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKIDTEST", "wrong", None, None, "tests"))
        .endpoint_url(&server.url)
        .retry_config(aws_sdk_dynamodb::config::retry::RetryConfig::disabled())
        .build();
    let err = Client::from_conf(config)
        .list_tables()
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let meta = aws_sdk_dynamodb::error::ProvideErrorMetadata::meta(&err);
    assert_eq!(meta.code(), Some("InvalidSignatureException"));
    assert!(meta
        .message()
        .unwrap()
        .starts_with("The request signature we calculated does not match"));
}
