//! `ddb seed`: turning two users and a conversation into items, and writing them in batches.
//!
//! Planning is pure (users, conversation and clock in; items out) so it is tested without a
//! server; writing is BatchWriteItem, 25 puts per request (DynamoDB's limit), retrying whatever
//! comes back in `UnprocessedItems` with exponential backoff, as AWS asks clients to do when a
//! table is throttled.

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_dynamodb::types::{PutRequest, WriteRequest};
use aws_sdk_dynamodb::Client;
use chrono::{DateTime, FixedOffset, TimeDelta};

use crate::conversation::{Line, Speaker};
use crate::error::describe_sdk_error;
use crate::items::{Message, MessageGroup};
use crate::users::User;
use crate::{time, Error, Item};

/// DynamoDB's limit of write requests in one BatchWriteItem.
pub const BATCH_SIZE: usize = 25;

/// How many times one batch's leftovers are retried before giving up.
pub const MAX_RETRIES: u32 = 10;

/// What `ddb seed` writes.
#[derive(Debug, Clone)]
pub struct Plan {
    /// One per participant, `me`'s first.
    pub groups: Vec<MessageGroup>,
    /// In conversation order.
    pub messages: Vec<Message>,
}

impl Plan {
    /// Builds the items: message `i` is created `i` minutes after `now`, as in the seed. Each
    /// participant's message group points at the other one and carries the last message and
    /// its time (the seed wrote a placeholder text and `now`; the last message is what a group
    /// summary is for, and it keeps `sk = last_message_at` true to its name).
    pub fn new(
        me: &User,
        other: &User,
        message_group_uuid: &str,
        conversation: &[Line],
        now: DateTime<FixedOffset>,
    ) -> Plan {
        let messages: Vec<Message> = conversation
            .iter()
            .enumerate()
            .map(|(i, line)| Message {
                message_group_uuid: message_group_uuid.to_string(),
                created_at: time::iso8601(&(now + TimeDelta::minutes(i as i64))),
                message_uuid: uuid::Uuid::new_v4().to_string(),
                message: line.text.clone(),
                sender: match line.speaker {
                    Speaker::Me => me.clone(),
                    Speaker::Other => other.clone(),
                },
            })
            .collect();
        let (last_at, last_text) = messages
            .last()
            .map(|m| (m.created_at.clone(), m.message.clone()))
            .unwrap_or_else(|| (time::iso8601(&now), String::new()));
        let group = |owner: &User, other: &User| MessageGroup {
            owner_uuid: owner.uuid.clone(),
            message_group_uuid: message_group_uuid.to_string(),
            last_message_at: last_at.clone(),
            message: last_text.clone(),
            other: other.clone(),
        };
        Plan {
            groups: vec![group(me, other), group(other, me)],
            messages,
        }
    }

    /// All items, groups first.
    pub fn items(&self) -> Vec<Item> {
        self.groups
            .iter()
            .map(MessageGroup::to_item)
            .chain(self.messages.iter().map(Message::to_item))
            .collect()
    }
}

/// What a batched write did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Items written.
    pub items: usize,
    /// BatchWriteItem calls, retries included.
    pub requests: usize,
    /// Calls that only resent unprocessed items.
    pub retries: usize,
}

/// The pause before retry number `attempt` (0-based): 50 ms doubling, capped at 5 s, so a
/// throttled table gets room to refill while a healthy one is barely delayed.
pub fn backoff(attempt: u32) -> Duration {
    let ms = 50u64.saturating_mul(1u64 << attempt.min(16));
    Duration::from_millis(ms.min(5_000))
}

/// Writes `items` to `table` with BatchWriteItem, 25 at a time, retrying unprocessed items.
pub async fn batch_write(
    client: &Client,
    table: &str,
    items: Vec<Item>,
) -> Result<WriteReport, Error> {
    let mut report = WriteReport {
        items: items.len(),
        ..WriteReport::default()
    };
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        let batch: Vec<WriteRequest> = items
            .by_ref()
            .take(BATCH_SIZE)
            .map(|item| {
                let put = PutRequest::builder()
                    .set_item(Some(item))
                    .build()
                    .expect("item is set");
                WriteRequest::builder().put_request(put).build()
            })
            .collect();
        let mut pending: HashMap<String, Vec<WriteRequest>> =
            HashMap::from([(table.to_string(), batch)]);
        let mut attempt = 0;
        loop {
            let out = client
                .batch_write_item()
                .set_request_items(Some(pending))
                .send()
                .await
                .map_err(|e| describe_sdk_error("BatchWriteItem", Some(table), &e))?;
            report.requests += 1;
            let left: HashMap<String, Vec<WriteRequest>> = out
                .unprocessed_items
                .unwrap_or_default()
                .into_iter()
                .filter(|(_, reqs)| !reqs.is_empty())
                .collect();
            if left.is_empty() {
                break;
            }
            if attempt >= MAX_RETRIES {
                let n: usize = left.values().map(Vec::len).sum();
                return Err(Error::Dynamo(format!(
                    "BatchWriteItem: {} still unprocessed after {MAX_RETRIES} retries \
                     (the table is probably throttled; raise its write capacity or try again)",
                    crate::format::counted(n, "item", "items")
                )));
            }
            tokio::time::sleep(backoff(attempt)).await;
            attempt += 1;
            report.retries += 1;
            pending = left;
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation;
    use crate::items::get_s;

    fn users() -> (User, User) {
        let all = crate::users::builtin();
        (all[0].clone(), all[1].clone())
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn plan_writes_two_groups_and_one_item_per_line() {
        let (me, other) = users();
        let lines = conversation::parse(conversation::SAMPLE).unwrap();
        let plan = Plan::new(
            &me,
            &other,
            "grp-1",
            &lines,
            at("2024-06-01T08:00:00+00:00"),
        );
        let items = plan.items();
        assert_eq!(items.len(), 2 + lines.len());

        let g_me = &items[0];
        assert_eq!(get_s(g_me, "pk").unwrap(), format!("GRP#{}", me.uuid));
        assert_eq!(get_s(g_me, "user_handle"), Some(other.handle.as_str()));
        let g_other = &items[1];
        assert_eq!(get_s(g_other, "pk").unwrap(), format!("GRP#{}", other.uuid));
        assert_eq!(get_s(g_other, "user_handle"), Some(me.handle.as_str()));
        assert_eq!(get_s(g_me, "message_group_uuid"), Some("grp-1"));

        let first = &items[2];
        assert_eq!(get_s(first, "pk"), Some("MSG#grp-1"));
        assert_eq!(get_s(first, "sk"), Some("2024-06-01T08:00:00.000000+00:00"));
        assert_eq!(get_s(first, "user_handle"), Some(me.handle.as_str()));
        let second = &items[3];
        assert_eq!(
            get_s(second, "sk"),
            Some("2024-06-01T08:01:00.000000+00:00")
        );
        assert_eq!(get_s(second, "user_handle"), Some(other.handle.as_str()));

        let last = items.last().unwrap();
        assert_eq!(get_s(g_me, "sk"), get_s(last, "sk"));
        assert_eq!(get_s(g_me, "message"), get_s(last, "message"));
    }

    #[test]
    fn message_uuids_are_unique_and_sort_keys_increase() {
        let (me, other) = users();
        let lines = conversation::parse(conversation::SAMPLE).unwrap();
        let plan = Plan::new(&me, &other, "g", &lines, at("2024-12-31T23:30:00-08:00"));
        let mut uuids: Vec<_> = plan
            .messages
            .iter()
            .map(|m| m.message_uuid.clone())
            .collect();
        uuids.sort();
        uuids.dedup();
        assert_eq!(uuids.len(), plan.messages.len());
        for pair in plan.messages.windows(2) {
            assert!(pair[0].created_at < pair[1].created_at);
        }
    }

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(backoff(0), Duration::from_millis(50));
        assert_eq!(backoff(1), Duration::from_millis(100));
        assert_eq!(backoff(3), Duration::from_millis(400));
        assert_eq!(backoff(10), Duration::from_secs(5));
        assert_eq!(backoff(60), Duration::from_secs(5));
    }
}
