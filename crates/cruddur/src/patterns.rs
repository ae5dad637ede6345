//! The access patterns: the two Queries the seed designs the table for, and the Scan it uses to
//! look at everything.

use std::collections::HashMap;

use aws_sdk_dynamodb::operation::query::QueryOutput;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnConsumedCapacity};
use aws_sdk_dynamodb::Client;

use crate::error::describe_sdk_error;
use crate::items::{group_pk, message_pk};
use crate::{Error, Item};

/// Both patterns select one partition and a year of sort keys.
pub const KEY_CONDITION: &str = "pk = :pk AND begins_with(sk,:year)";

/// How many messages get-conversation shows, as in the seed.
pub const CONVERSATION_LIMIT: i32 = 20;

/// A Query of one partition for one year, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearQuery {
    /// The partition to read: `MSG#...` for a conversation, `GRP#...` for a user's groups.
    pub pk: String,
    /// The year as text, the sort-key prefix that `begins_with` matches.
    pub year: String,
    /// At most this many items (the one page the pattern reads); `None` for no Limit.
    pub limit: Option<i32>,
}

impl YearQuery {
    /// The newest 20 messages of a message group in `year`.
    pub fn conversation(message_group_uuid: &str, year: i32) -> YearQuery {
        YearQuery {
            pk: message_pk(message_group_uuid),
            year: year.to_string(),
            limit: Some(CONVERSATION_LIMIT),
        }
    }

    /// A user's newest 20 message groups in `year`, as Cruddur's backend lists them (the
    /// seed's list-conversations reads them all).
    pub fn message_groups_of(user_uuid: &str, year: i32) -> YearQuery {
        YearQuery {
            limit: Some(CONVERSATION_LIMIT),
            ..YearQuery::conversations_of(user_uuid, year)
        }
    }

    /// A user's message groups whose last message is in `year`.
    pub fn conversations_of(user_uuid: &str, year: i32) -> YearQuery {
        YearQuery {
            pk: group_pk(user_uuid),
            year: year.to_string(),
            limit: None,
        }
    }

    /// The expression attribute values of [`KEY_CONDITION`].
    pub fn values(&self) -> HashMap<String, AttributeValue> {
        HashMap::from([
            (":pk".to_string(), AttributeValue::S(self.pk.clone())),
            (":year".to_string(), AttributeValue::S(self.year.clone())),
        ])
    }

    /// Runs the query once (no pagination: the seed's patterns read a single page, and the
    /// conversation view wants exactly the newest `Limit` items), asking for the consumed
    /// capacity so the user sees what the pattern costs.
    pub async fn run(&self, client: &Client, table: &str) -> Result<QueryOutput, Error> {
        client
            .query()
            .table_name(table)
            .key_condition_expression(KEY_CONDITION)
            .set_expression_attribute_values(Some(self.values()))
            .scan_index_forward(false)
            .set_limit(self.limit)
            .return_consumed_capacity(ReturnConsumedCapacity::Total)
            .send()
            .await
            .map_err(|e| describe_sdk_error("Query", Some(table), &e))
    }
}

/// Every item of a table and how many Scan pages it took.
#[derive(Debug, Clone, Default)]
pub struct ScanResult {
    /// Every item, in the order the pages returned them.
    pub items: Vec<Item>,
    /// How many Scan calls it took.
    pub pages: usize,
}

/// Scans the whole table, following `LastEvaluatedKey` (a Scan page stops at 1 MB).
pub async fn scan_all(client: &Client, table: &str) -> Result<ScanResult, Error> {
    let mut result = ScanResult::default();
    let mut start: Option<Item> = None;
    loop {
        let out = client
            .scan()
            .table_name(table)
            .set_exclusive_start_key(start.take())
            .send()
            .await
            .map_err(|e| describe_sdk_error("Scan", Some(table), &e))?;
        result.pages += 1;
        result.items.extend(out.items.unwrap_or_default());
        match out.last_evaluated_key {
            Some(key) if !key.is_empty() => start = Some(key),
            _ => return Ok(result),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversation_query() {
        let q = YearQuery::conversation("g-1", 2025);
        assert_eq!(q.pk, "MSG#g-1");
        assert_eq!(q.limit, Some(20));
        let v = q.values();
        assert_eq!(v[":pk"], AttributeValue::S("MSG#g-1".into()));
        assert_eq!(v[":year"], AttributeValue::S("2025".into()));
    }

    #[test]
    fn conversations_query() {
        let q = YearQuery::conversations_of("u-1", 2024);
        assert_eq!(q.pk, "GRP#u-1");
        assert_eq!(q.limit, None);
        assert_eq!(q.values()[":year"], AttributeValue::S("2024".into()));
    }
}
