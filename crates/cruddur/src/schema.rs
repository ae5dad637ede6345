//! The table: its key schema, and the table-level operations of the toolkit (create, list,
//! delete).
//!
//! The bootcamp's schema-load grew during week 5: first the table alone, then a global
//! secondary index over the message groups and a stream, for the Lambda that keeps each group's
//! last message up to date. [`Schema`] names both.

use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ProvisionedThroughput, ScalarAttributeType, StreamSpecification,
    StreamViewType, TableDescription,
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
/// The index that finds a conversation's message groups (one per participant) from the
/// conversation's uuid. Only message groups carry `message_group_uuid`, so the index holds
/// nothing else.
pub const GROUP_INDEX: &str = "message-group-sk-index";
/// The index's partition key.
pub const GROUP_INDEX_KEY: &str = "message_group_uuid";

/// Which of the bootcamp's two schema-loads to reproduce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    /// The first: `pk`/`sk` and provisioned 5/5, nothing more (the seed's own script).
    Plain,
    /// The later one: the same table plus [`GROUP_INDEX`] (projection ALL, provisioned 5/5)
    /// and a NEW_IMAGE stream, which the message-group updater reads.
    Messaging,
}

/// The index over the message groups, exactly as the later schema-load declares it.
pub fn group_index() -> Result<GlobalSecondaryIndex, Error> {
    let key = |name: &str, key_type: KeyType| {
        KeySchemaElement::builder()
            .attribute_name(name)
            .key_type(key_type)
            .build()
            .map_err(build_error)
    };
    GlobalSecondaryIndex::builder()
        .index_name(GROUP_INDEX)
        .key_schema(key(GROUP_INDEX_KEY, KeyType::Hash)?)
        .key_schema(key(SORT_KEY, KeyType::Range)?)
        .projection(
            Projection::builder()
                .projection_type(ProjectionType::All)
                .build(),
        )
        .provisioned_throughput(throughput()?)
        .build()
        .map_err(build_error)
}

/// The stream the updater follows: new images are all it needs (the message's text and sender).
pub fn stream_specification() -> Result<StreamSpecification, Error> {
    StreamSpecification::builder()
        .stream_enabled(true)
        .stream_view_type(StreamViewType::NewImage)
        .build()
        .map_err(build_error)
}

fn throughput() -> Result<ProvisionedThroughput, Error> {
    ProvisionedThroughput::builder()
        .read_capacity_units(CAPACITY_UNITS)
        .write_capacity_units(CAPACITY_UNITS)
        .build()
        .map_err(build_error)
}

/// An SDK builder refused a request we assembled: a bug here, reported rather than panicking.
pub(crate) fn build_error(e: aws_sdk_dynamodb::error::BuildError) -> Error {
    Error::Dynamo(format!("cannot build the request: {e}"))
}

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

/// Creates the messages table exactly as one of the bootcamp's schema-loads does. An existing
/// table is an error with a plain message, not a stack trace.
pub async fn create_table(
    client: &Client,
    table: &str,
    schema: Schema,
) -> Result<TableDescription, Error> {
    let mut request = client
        .create_table()
        .table_name(table)
        .set_attribute_definitions(Some(attribute_definitions()))
        .set_key_schema(Some(key_schema()))
        .billing_mode(BillingMode::Provisioned)
        .provisioned_throughput(throughput()?);
    if schema == Schema::Messaging {
        request = request
            .attribute_definitions(
                AttributeDefinition::builder()
                    .attribute_name(GROUP_INDEX_KEY)
                    .attribute_type(ScalarAttributeType::S)
                    .build()
                    .map_err(build_error)?,
            )
            .global_secondary_indexes(group_index()?)
            .stream_specification(stream_specification()?);
    }
    let result = request.send().await;
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

    #[test]
    fn the_group_index_and_stream_are_the_later_schema_loads() {
        let index = group_index().unwrap();
        assert_eq!(index.index_name(), "message-group-sk-index");
        let keys: Vec<_> = index
            .key_schema()
            .iter()
            .map(|k| (k.attribute_name(), k.key_type().as_str()))
            .collect();
        assert_eq!(keys, [("message_group_uuid", "HASH"), ("sk", "RANGE")]);
        assert_eq!(
            index.projection().and_then(|p| p.projection_type()),
            Some(&ProjectionType::All)
        );
        let t = index.provisioned_throughput().unwrap();
        assert_eq!((t.read_capacity_units(), t.write_capacity_units()), (5, 5));
        let stream = stream_specification().unwrap();
        assert!(stream.stream_enabled());
        assert_eq!(stream.stream_view_type(), Some(&StreamViewType::NewImage));
    }
}
