//! Table operations through the AWS SDK for Rust.

use aws_sdk_dynamodb::types::{BillingMode, KeyType, ScalarAttributeType};
use ddb_sdk_tests::build::{attr, key, throughput};
use ddb_sdk_tests::Server;

#[tokio::test]
async fn create_describe_list_delete() {
    let server = Server::start_in_memory();
    let client = server.client();
    let created = client
        .create_table()
        .table_name("cruddur-messages")
        .attribute_definitions(attr("pk", ScalarAttributeType::S))
        .attribute_definitions(attr("sk", ScalarAttributeType::S))
        .key_schema(key("pk", KeyType::Hash))
        .key_schema(key("sk", KeyType::Range))
        .billing_mode(BillingMode::Provisioned)
        .provisioned_throughput(throughput(5, 5))
        .send()
        .await
        .unwrap();
    let desc = created.table_description().unwrap();
    assert_eq!(desc.table_name(), Some("cruddur-messages"));
    assert_eq!(
        desc.table_arn(),
        Some("arn:aws:dynamodb:us-east-1:000000000000:table/cruddur-messages")
    );

    let described = client
        .describe_table()
        .table_name("cruddur-messages")
        .send()
        .await
        .unwrap();
    let table = described.table().unwrap();
    assert_eq!(table.item_count(), Some(0));
    assert_eq!(
        table
            .provisioned_throughput()
            .unwrap()
            .read_capacity_units(),
        Some(5)
    );
    assert_eq!(
        table
            .provisioned_throughput()
            .unwrap()
            .number_of_decreases_today(),
        Some(0)
    );
    assert!(table.table_id().is_some());
    assert!(table.creation_date_time().is_some());

    let listed = client.list_tables().send().await.unwrap();
    assert_eq!(listed.table_names(), ["cruddur-messages".to_string()]);

    client
        .delete_table()
        .table_name("cruddur-messages")
        .send()
        .await
        .unwrap();
    let err = client
        .describe_table()
        .table_name("cruddur-messages")
        .send()
        .await
        .unwrap_err();
    let err = err.into_service_error();
    assert!(err.is_resource_not_found_exception(), "{err:?}");
}

#[tokio::test]
async fn duplicate_table_is_resource_in_use() {
    let server = Server::start_in_memory();
    let client = server.client();
    for attempt in 0..2 {
        let r = client
            .create_table()
            .table_name("tbl1")
            .attribute_definitions(attr("id", ScalarAttributeType::S))
            .key_schema(key("id", KeyType::Hash))
            .billing_mode(BillingMode::PayPerRequest)
            .send()
            .await;
        if attempt == 0 {
            r.unwrap();
        } else {
            let e = r.unwrap_err().into_service_error();
            assert!(e.is_resource_in_use_exception(), "{e:?}");
        }
    }
}

#[tokio::test]
async fn list_tables_paginates() {
    let server = Server::start_in_memory();
    let client = server.client();
    for i in 0..5 {
        client
            .create_table()
            .table_name(format!("table-{i}"))
            .attribute_definitions(attr("id", ScalarAttributeType::S))
            .key_schema(key("id", KeyType::Hash))
            .billing_mode(BillingMode::PayPerRequest)
            .send()
            .await
            .unwrap();
    }
    let first = client.list_tables().limit(2).send().await.unwrap();
    assert_eq!(
        first.table_names(),
        ["table-0".to_string(), "table-1".to_string()]
    );
    assert_eq!(first.last_evaluated_table_name(), Some("table-1"));
    let rest = client
        .list_tables()
        .exclusive_start_table_name("table-1")
        .send()
        .await
        .unwrap();
    assert_eq!(rest.table_names().len(), 3);
    assert_eq!(rest.last_evaluated_table_name(), None);
}

#[tokio::test]
async fn deletion_protection_blocks_delete() {
    let server = Server::start_in_memory();
    let client = server.client();
    client
        .create_table()
        .table_name("protected")
        .attribute_definitions(attr("id", ScalarAttributeType::S))
        .key_schema(key("id", KeyType::Hash))
        .billing_mode(BillingMode::PayPerRequest)
        .deletion_protection_enabled(true)
        .send()
        .await
        .unwrap();
    let e = client
        .delete_table()
        .table_name("protected")
        .send()
        .await
        .unwrap_err();
    assert!(format!("{:?}", e.into_service_error()).contains("protected against deletion"));
    client
        .update_table()
        .table_name("protected")
        .deletion_protection_enabled(false)
        .send()
        .await
        .unwrap();
    client
        .delete_table()
        .table_name("protected")
        .send()
        .await
        .unwrap();
}
