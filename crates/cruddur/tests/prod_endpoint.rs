//! `prod` must reach AWS's own regional endpoint even when the environment carries the endpoint
//! overrides a developer sets for local work. Checked without contacting AWS: an interceptor
//! records the request URI just before it would be sent and aborts the request.
//!
//! This file holds a single test because it sets process environment variables.

#![allow(clippy::unwrap_used)] // a test stops at the first failure

use std::sync::{Arc, Mutex};

use aws_sdk_dynamodb::config::interceptors::BeforeTransmitInterceptorContextRef;
use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_dynamodb::error::BoxError;
use aws_sdk_dynamodb::Client;
use ddb_cruddur::endpoint::{self, Target};

#[derive(Debug, Clone, Default)]
struct CaptureUri(Arc<Mutex<Option<String>>>);

impl Intercept for CaptureUri {
    fn name(&self) -> &'static str {
        "CaptureUri"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        *self.0.lock().unwrap() = Some(context.request().uri().to_string());
        Err("stopped before sending: this test never contacts AWS".into())
    }
}

async fn uri_of_first_request(target: &Target) -> String {
    let capture = CaptureUri::default();
    let config = endpoint::client_config(target)
        .await
        .unwrap()
        .to_builder()
        .interceptor(capture.clone())
        .build();
    let result = Client::from_conf(config).list_tables().send().await;
    assert!(result.is_err(), "the interceptor aborts every request");
    let uri = capture.0.lock().unwrap().clone();
    uri.expect("the request reached the transmit step")
}

#[tokio::test]
async fn prod_has_no_endpoint_override_local_does() {
    for (k, v) in [
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:9"),
        ("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9"),
        ("AWS_REGION", "eu-west-1"),
        ("AWS_ACCESS_KEY_ID", "AKIDTESTONLY"),
        ("AWS_SECRET_ACCESS_KEY", "not-a-secret"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
        ("AWS_CONFIG_FILE", "/nonexistent/ddb-test-config"),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/ddb-test-credentials",
        ),
    ] {
        std::env::set_var(k, v);
    }

    let prod = endpoint::resolve_from_env(true, None).unwrap();
    assert_eq!(prod, Target::Aws);
    let uri = uri_of_first_request(&prod).await;
    assert!(
        uri.starts_with("https://dynamodb.eu-west-1.amazonaws.com"),
        "{uri}"
    );

    // Without prod the same environment does point the client at the override.
    let local = endpoint::resolve_from_env(false, None).unwrap();
    let uri = uri_of_first_request(&local).await;
    assert!(uri.starts_with("http://127.0.0.1:9"), "{uri}");
}
