//! PartiQL through the AWS SDK for Rust: ExecuteStatement with parameters and paging,
//! BatchExecuteStatement's per-statement answers, ExecuteTransaction's cancellation reasons, and
//! the typed errors the SDK raises (DuplicateItemException, ConditionalCheckFailedException).

#![allow(clippy::unwrap_used)] // a test stops at the first failure

use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::operation::execute_statement::ExecuteStatementError;
use aws_sdk_dynamodb::operation::execute_transaction::ExecuteTransactionError;
use aws_sdk_dynamodb::types::{
    BatchStatementErrorCodeEnum, BatchStatementRequest, BillingMode, KeyType,
    ParameterizedStatement, ScalarAttributeType,
};
use aws_sdk_dynamodb::Client;
use ddb_sdk_tests::build::{attr, key, n, s};
use ddb_sdk_tests::Server;

/// Table `music` keyed by `artist` (S) and `song` (S).
async fn make_table(client: &Client) {
    client
        .create_table()
        .table_name("music")
        .attribute_definitions(attr("artist", ScalarAttributeType::S))
        .attribute_definitions(attr("song", ScalarAttributeType::S))
        .key_schema(key("artist", KeyType::Hash))
        .key_schema(key("song", KeyType::Range))
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await
        .unwrap();
}

async fn run(client: &Client, statement: &str) {
    client
        .execute_statement()
        .statement(statement)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn statements_write_read_and_page() {
    let server = Server::start_in_memory();
    let client = server.client();
    make_table(&client).await;
    for i in 0..7 {
        client
            .execute_statement()
            .statement(r#"INSERT INTO "music" VALUE {'artist': ?, 'song': ?, 'plays': ?}"#)
            .parameters(s("acme"))
            .parameters(s(&format!("song{i}")))
            .parameters(n(&i.to_string()))
            .send()
            .await
            .unwrap();
    }
    let duplicate = client
        .execute_statement()
        .statement(r#"INSERT INTO "music" VALUE {'artist': 'acme', 'song': 'song0'}"#)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        duplicate.into_service_error(),
        ExecuteStatementError::DuplicateItemException(_)
    ));

    // Pages of 3 evaluated items, following NextToken, give every item once, in key order.
    let mut songs = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = client
            .execute_statement()
            .statement(r#"SELECT song FROM "music" WHERE artist = ?"#)
            .parameters(s("acme"))
            .limit(3)
            .set_next_token(token.take())
            .send()
            .await
            .unwrap();
        for item in page.items() {
            songs.push(item["song"].as_s().unwrap().clone());
        }
        match page.next_token() {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
    }
    let expected: Vec<String> = (0..7).map(|i| format!("song{i}")).collect();
    assert_eq!(songs, expected);

    run(
        &client,
        r#"UPDATE "music" SET plays = plays + 10 WHERE artist = 'acme' AND song = 'song1'"#,
    )
    .await;
    let missing = client
        .execute_statement()
        .statement(r#"UPDATE "music" SET plays = 1 WHERE artist = 'acme' AND song = 'nope'"#)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        missing.into_service_error(),
        ExecuteStatementError::ConditionalCheckFailedException(_)
    ));
    let one = client
        .execute_statement()
        .statement(r#"SELECT plays FROM "music" WHERE artist = 'acme' AND song = 'song1'"#)
        .send()
        .await
        .unwrap();
    assert_eq!(one.items()[0]["plays"].as_n().unwrap(), "11");
}

#[tokio::test]
async fn batches_and_transactions_answer_as_dynamodb() {
    let server = Server::start_in_memory();
    let client = server.client();
    make_table(&client).await;
    run(
        &client,
        r#"INSERT INTO "music" VALUE {'artist': 'a', 'song': 's'}"#,
    )
    .await;

    let batch = client
        .batch_execute_statement()
        .statements(
            BatchStatementRequest::builder()
                .statement(r#"INSERT INTO "music" VALUE {'artist': 'a', 'song': 's'}"#)
                .build()
                .unwrap(),
        )
        .statements(
            BatchStatementRequest::builder()
                .statement(r#"INSERT INTO "music" VALUE {'artist': 'b', 'song': 's'}"#)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let responses = batch.responses();
    let error = responses[0].error().unwrap();
    assert_eq!(
        error.code(),
        Some(&BatchStatementErrorCodeEnum::DuplicateItem)
    );
    assert_eq!(
        error.message(),
        Some("Duplicate primary key exists in table")
    );
    assert!(responses[1].error().is_none());

    let statement = |text: &str| {
        ParameterizedStatement::builder()
            .statement(text)
            .build()
            .unwrap()
    };
    let cancelled = client
        .execute_transaction()
        .transact_statements(statement(
            r#"UPDATE "music" SET x = 1 WHERE artist = 'b' AND song = 's'"#,
        ))
        .transact_statements(statement(
            r#"INSERT INTO "music" VALUE {'artist': 'a', 'song': 's'}"#,
        ))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let ExecuteTransactionError::TransactionCanceledException(e) = cancelled else {
        panic!("expected a cancellation, got {:?}", cancelled.code());
    };
    let codes: Vec<&str> = e
        .cancellation_reasons()
        .iter()
        .filter_map(|r| r.code())
        .collect();
    assert_eq!(codes, ["None", "DuplicateItem"]);

    let read = client
        .execute_transaction()
        .transact_statements(statement(
            r#"SELECT * FROM "music" WHERE artist = 'b' AND song = 's'"#,
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(read.responses().len(), 1);
    assert!(read.responses()[0].item().unwrap().get("x").is_none());
}
