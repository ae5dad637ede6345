//! The table: its key schema, and the table-level operations of the toolkit (create, list,
//! delete).

use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ProvisionedThroughput,
    ScalarAttributeType, TableDescription,
};
use aws_sdk_dynamodb::Client;

use crate::error::{describe_sdk_error, error_code};
use crate::Error;

/// Partition key attribute: `GRP#{user_uuid}` or `MSG#{message_group_uuid}`.
pub const PARTITION_KEY: &str = "pk";
/// Sort key attribute: an ISO 8601 timestamp.
pub const SORT_KEY: &str = "sk";
/// The seed's provisioned capacity, read and write.
pub const CAPACITY_UNITS: i64 = 5;

/// The key schema, as `(attribute, type)` pairs, HASH first.
pub fn key_schema() -> Vec<KeySchemaElement> {
    [(PARTITION_KEY, KeyType::Hash), (SORT_KEY, KeyType::Range)]
        .into_iter()
        .map(|(name, key_type)| {
            KeySchemaElement::builder()
                .attribute_name(name)
                .key_type(key_type)
                .build()
                .expect("name and key type are set")
        })
        .collect()
}

/// Both keys are strings.
pub fn attribute_definitions() -> Vec<AttributeDefinition> {
    [PARTITION_KEY, SORT_KEY]
        .into_iter()
        .map(|name| {
            AttributeDefinition::builder()
                .attribute_name(name)
                .attribute_type(ScalarAttributeType::S)
                .build()
                .expect("name and type are set")
        })
        .collect()
}

/// Creates the messages table exactly as the seed's schema-load does. An existing table is an
/// error with a plain message, not a stack trace.
pub async fn create_table(client: &Client, table: &str) -> Result<TableDescription, Error> {
    let result = client
        .create_table()
        .table_name(table)
        .set_attribute_definitions(Some(attribute_definitions()))
        .set_key_schema(Some(key_schema()))
        .billing_mode(BillingMode::Provisioned)
        .provisioned_throughput(
            ProvisionedThroughput::builder()
                .read_capacity_units(CAPACITY_UNITS)
                .write_capacity_units(CAPACITY_UNITS)
                .build()
                .expect("both units are set"),
        )
        .send()
        .await;
    match result {
        Ok(out) => out
            .table_description
            .ok_or_else(|| Error::Dynamo("CreateTable returned no TableDescription".into())),
        Err(e) if error_code(&e) == Some("ResourceInUseException") => Err(Error::TableExists {
            table: table.to_string(),
        }),
        Err(e) => Err(describe_sdk_error("CreateTable", None, &e)),
    }
}

/// Waits until a new table is ACTIVE. DynamoDB creates tables asynchronously (seconds on AWS);
/// writing to a CREATING table fails with ResourceNotFoundException, so `ddb schema-load && ddb
/// seed` would break without this wait.
pub async fn wait_until_active(
    client: &Client,
    table: &str,
    timeout: std::time::Duration,
) -> Result<TableDescription, Error> {
    let deadline = tokio::time::Instant::now() + timeout;
    let mut pause = std::time::Duration::from_millis(100);
    loop {
        let out = client
            .describe_table()
            .table_name(table)
            .send()
            .await
            .map_err(|e| describe_sdk_error("DescribeTable", Some(table), &e))?;
        let description = out
            .table
            .ok_or_else(|| Error::Dynamo("DescribeTable returned no Table".into()))?;
        if description.table_status() == Some(&aws_sdk_dynamodb::types::TableStatus::Active) {
            return Ok(description);
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(Error::Dynamo(format!(
                "table {table} is still {} after {}s",
                description
                    .table_status()
                    .map(|s| s.as_str())
                    .unwrap_or("not ACTIVE"),
                timeout.as_secs()
            )));
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(std::time::Duration::from_secs(2));
    }
}

/// Every table name, following `LastEvaluatedTableName` through all pages.
pub async fn list_tables(client: &Client) -> Result<Vec<String>, Error> {
    let mut names = Vec::new();
    let mut start: Option<String> = None;
    loop {
        let out = client
            .list_tables()
            .set_exclusive_start_table_name(start.take())
            .send()
            .await
            .map_err(|e| describe_sdk_error("ListTables", None, &e))?;
        names.extend(out.table_names.unwrap_or_default());
        match out.last_evaluated_table_name {
            Some(next) => start = Some(next),
            None => return Ok(names),
        }
    }
}

/// Deletes a table; a missing one is [`Error::NoSuchTable`].
pub async fn delete_table(client: &Client, table: &str) -> Result<TableDescription, Error> {
    match client.delete_table().table_name(table).send().await {
        Ok(out) => out
            .table_description
            .ok_or_else(|| Error::Dynamo("DeleteTable returned no TableDescription".into())),
        Err(e) => Err(describe_sdk_error("DeleteTable", Some(table), &e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_schema_is_pk_hash_sk_range_both_strings() {
        let ks = key_schema();
        assert_eq!(ks[0].attribute_name(), "pk");
        assert_eq!(ks[0].key_type(), &KeyType::Hash);
        assert_eq!(ks[1].attribute_name(), "sk");
        assert_eq!(ks[1].key_type(), &KeyType::Range);
        for def in attribute_definitions() {
            assert_eq!(def.attribute_type(), &ScalarAttributeType::S);
        }
    }
}
