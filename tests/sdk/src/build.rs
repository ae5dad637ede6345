//! Short builders for the SDK shapes the black-box tests write again and again.

use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType,
    ProvisionedThroughput, ScalarAttributeType,
};
use aws_sdk_dynamodb::Client;

/// A string value.
pub fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.to_string())
}

/// A number value.
pub fn n(v: &str) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

/// One attribute definition.
pub fn attr(name: &str, ty: ScalarAttributeType) -> AttributeDefinition {
    AttributeDefinition::builder()
        .attribute_name(name)
        .attribute_type(ty)
        .build()
        .expect("both required fields, name and type, are set")
}

/// One key schema element.
pub fn key(name: &str, ty: KeyType) -> KeySchemaElement {
    KeySchemaElement::builder()
        .attribute_name(name)
        .key_type(ty)
        .build()
        .expect("both required fields, name and key type, are set")
}

/// Provisioned read and write capacity.
pub fn throughput(read: i64, write: i64) -> ProvisionedThroughput {
    ProvisionedThroughput::builder()
        .read_capacity_units(read)
        .write_capacity_units(write)
        .build()
        .expect("both required fields, read and write units, are set")
}

/// Creates a provisioned table keyed by `pk` (S) alone, with `read` / `write` units.
pub async fn provisioned_table(client: &Client, name: &str, read: i64, write: i64) {
    client
        .create_table()
        .table_name(name)
        .attribute_definitions(attr("pk", ScalarAttributeType::S))
        .key_schema(key("pk", KeyType::Hash))
        .billing_mode(BillingMode::Provisioned)
        .provisioned_throughput(throughput(read, write))
        .send()
        .await
        .expect("create the table");
}
