//! Concurrency and durability through the real server: conditional increments lose no update,
//! an acknowledged write survives kill -9, and a held data directory is refused.

#![allow(clippy::unwrap_used)] // a test stops at the first failure

use aws_sdk_dynamodb::types::{AttributeValue, BillingMode, KeyType, ScalarAttributeType};
use aws_sdk_dynamodb::Client;
use ddb_sdk_tests::build::{attr, key};
use ddb_sdk_tests::{client_for, ddb_binary, Server, TempDir};

/// A pay-per-request table keyed by `id` (S).
async fn make_table(client: &Client, name: &str) {
    client
        .create_table()
        .table_name(name)
        .attribute_definitions(attr("id", ScalarAttributeType::S))
        .key_schema(key("id", KeyType::Hash))
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_clients_conditional_increments_lose_nothing() {
    let server = Server::start_in_memory();
    let client = server.client();
    make_table(&client, "counter").await;
    client
        .put_item()
        .table_name("counter")
        .item("id", AttributeValue::S("c".into()))
        .item("n", AttributeValue::N("0".into()))
        .send()
        .await
        .unwrap();
    let per_client = 40;
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let client = client_for(&server.url);
        tasks.push(tokio::spawn(async move {
            let mut done = 0;
            while done < per_client {
                let current = client
                    .get_item()
                    .table_name("counter")
                    .key("id", AttributeValue::S("c".into()))
                    .consistent_read(true)
                    .send()
                    .await
                    .unwrap();
                let n = current
                    .item()
                    .unwrap()
                    .get("n")
                    .unwrap()
                    .as_n()
                    .unwrap()
                    .clone();
                let next = (n.parse::<i64>().unwrap() + 1).to_string();
                let r = client
                    .put_item()
                    .table_name("counter")
                    .item("id", AttributeValue::S("c".into()))
                    .item("n", AttributeValue::N(next))
                    .condition_expression("n = :seen")
                    .expression_attribute_values(":seen", AttributeValue::N(n))
                    .send()
                    .await;
                match r {
                    Ok(_) => done += 1,
                    Err(e) => assert!(e
                        .into_service_error()
                        .is_conditional_check_failed_exception()),
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let last = client
        .get_item()
        .table_name("counter")
        .key("id", AttributeValue::S("c".into()))
        .consistent_read(true)
        .send()
        .await
        .unwrap();
    assert_eq!(
        last.item().unwrap().get("n").unwrap().as_n().unwrap(),
        &(8 * per_client).to_string()
    );
}

#[tokio::test]
async fn acknowledged_writes_survive_kill_9() {
    let dir = TempDir::new("crash");
    let dir_arg = dir.arg();
    let n = 300;
    {
        let server = Server::start(&["--data-dir", dir_arg, "--sync", "never"]);
        let client = server.client();
        make_table(&client, "crash").await;
        for i in 0..n {
            client
                .put_item()
                .table_name("crash")
                .item("id", AttributeValue::S(format!("item-{i}")))
                .item("v", AttributeValue::N(i.to_string()))
                .send()
                .await
                .unwrap();
        }
        server.kill9();
    }
    let server = Server::start(&["--data-dir", dir_arg]);
    let client = server.client();
    for i in 0..n {
        let got = client
            .get_item()
            .table_name("crash")
            .key("id", AttributeValue::S(format!("item-{i}")))
            .send()
            .await
            .unwrap();
        assert!(got.item().is_some(), "item-{i} lost after kill -9");
    }
    let table = client
        .describe_table()
        .table_name("crash")
        .send()
        .await
        .unwrap();
    assert_eq!(table.table().unwrap().item_count(), Some(n));
}

#[test]
fn second_server_on_same_data_dir_is_refused() {
    let dir = TempDir::new("lock");
    let dir_arg = dir.arg();
    let _first = Server::start(&["--data-dir", dir_arg]);
    let second = std::process::Command::new(ddb_binary())
        .args(["serve", "--port", "0", "--data-dir", dir_arg])
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("in use"), "stderr: {stderr}");
}

#[tokio::test]
async fn sigterm_flushes_and_exits_cleanly() {
    let dir = TempDir::new("term");
    let dir_arg = dir.arg();
    let server = Server::start(&["--data-dir", dir_arg]);
    let client = server.client();
    make_table(&client, "term").await;
    client
        .put_item()
        .table_name("term")
        .item("id", AttributeValue::S("x".into()))
        .send()
        .await
        .unwrap();
    assert_eq!(server.terminate(), Some(0));
    let server = Server::start(&["--data-dir", dir_arg]);
    let got = server
        .client()
        .get_item()
        .table_name("term")
        .key("id", AttributeValue::S("x".into()))
        .send()
        .await
        .unwrap();
    assert!(got.item().is_some());
}
