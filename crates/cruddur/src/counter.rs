//! The per-user message counter: the bootcamp's unfinished Momento cache (key `msgs/{handle}`,
//! incremented when a message is sent, read for a badge, reset when the user opens their
//! messages, entries gone after 600 s) kept in a DynamoDB table with a TTL attribute instead.
//!
//! The count is of messages a user has *received* since the last reset: the backend read and
//! reset the current user's key, which only makes sense as an unread badge. The updater
//! ([`crate::updater`]) counts each message once per receiver, in the same transaction that
//! moves the receiver's message group, and remembers per group the newest message it counted,
//! so a stream record delivered twice is counted once.
//!
//! DynamoDB's TTL deletes expired items lazily (within days on AWS, a second on `ddb serve`),
//! so an entry past its `expires_at` reads as 0 whether or not it is still stored. An expired
//! entry is kept as it is until then: its record of what was counted still stops a redelivered
//! record from being counted again.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType,
    ScalarAttributeType, TimeToLiveSpecification, TimeToLiveStatus,
};
use aws_sdk_dynamodb::Client;

use crate::error::{describe_sdk_error, error_code};
use crate::schema::build_error;
use crate::{time, Error, Item};

/// The default name of the counter table.
pub const COUNTER_TABLE: &str = "cruddur-message-counters";
/// Partition key (string): `msgs/{handle}`, Momento's key.
pub const KEY: &str = "pk";
/// The count (number).
pub const COUNT: &str = "count";
/// When the entry expires, in epoch seconds: the table's TTL attribute.
pub const EXPIRES_AT: &str = "expires_at";
/// Per message group uuid, the sort key of the newest message counted (map of strings).
pub const COUNTED: &str = "counted";
/// Bumped by every write, so a write can require the entry it read (number).
pub const VERSION: &str = "version";
/// How long an entry lives after its last change: the bootcamp's `MOMENTO_TTL_SECONDS`.
pub const TTL_SECONDS: i64 = 600;

/// The counter's key for a user.
pub fn counter_key(handle: &str) -> String {
    format!("msgs/{handle}")
}

/// A stored counter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// Messages counted since the last reset (while the entry lives).
    pub count: u64,
    /// Epoch seconds after which the entry counts as gone.
    pub expires_at: i64,
    /// Per message group, the sort key of the newest message counted.
    pub counted: BTreeMap<String, String>,
    /// Number of writes so far.
    pub version: u64,
}

impl Entry {
    /// Reads an entry; `None` for an item of another shape.
    pub fn from_item(item: &Item) -> Option<Entry> {
        let number = |name: &str| item.get(name)?.as_n().ok()?.parse::<i64>().ok();
        let counted = match item.get(COUNTED) {
            None => BTreeMap::new(),
            Some(value) => value
                .as_m()
                .ok()?
                .iter()
                .map(|(group, sk)| Some((group.clone(), sk.as_s().ok()?.clone())))
                .collect::<Option<_>>()?,
        };
        Some(Entry {
            count: u64::try_from(number(COUNT)?).ok()?,
            expires_at: number(EXPIRES_AT)?,
            counted,
            version: match item.get(VERSION) {
                None => 0,
                Some(_) => u64::try_from(number(VERSION)?).ok()?,
            },
        })
    }

    /// The item for `handle`.
    pub fn to_item(&self, handle: &str) -> Item {
        let counted = self
            .counted
            .iter()
            .map(|(group, sk)| (group.clone(), AttributeValue::S(sk.clone())))
            .collect();
        HashMap::from([
            (KEY.to_string(), AttributeValue::S(counter_key(handle))),
            (COUNT.to_string(), AttributeValue::N(self.count.to_string())),
            (
                EXPIRES_AT.to_string(),
                AttributeValue::N(self.expires_at.to_string()),
            ),
            (COUNTED.to_string(), AttributeValue::M(counted)),
            (
                VERSION.to_string(),
                AttributeValue::N(self.version.to_string()),
            ),
        ])
    }

    /// The count a reader sees at `now`: 0 once expired, stored or not.
    pub fn live_count(&self, now: i64) -> u64 {
        if self.expires_at > now {
            self.count
        } else {
            0
        }
    }
}

/// A counter as read before writing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// No item.
    Absent,
    /// An item of our shape.
    Entry(Entry),
    /// An item of another shape (written by hand): replaced by the next count.
    Unreadable,
}

impl Stored {
    /// Sorts a GetItem answer.
    pub fn of(item: Option<&Item>) -> Stored {
        match item {
            None => Stored::Absent,
            Some(item) => Entry::from_item(item).map_or(Stored::Unreadable, Stored::Entry),
        }
    }
}

/// What a counting write requires of the stored entry, so two writers cannot both count from
/// the same state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// The entry does not exist.
    Absent,
    /// The entry is at this version.
    Version(u64),
    /// Nothing (the entry was unreadable).
    Anything,
}

/// One counting write: the whole new entry, and what it replaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounterWrite {
    /// Whose counter.
    pub handle: String,
    /// The entry after the write.
    pub next: Entry,
    /// The entry it requires.
    pub expect: Expect,
}

/// Counts the message of `message_group_uuid` at sort key `sk` for `handle`, unless a message
/// of that group at least as new was counted already. A live count goes up by one; an expired
/// one starts again from one; either way the entry lives [`TTL_SECONDS`] from `now`.
pub fn count_message(
    handle: &str,
    stored: &Stored,
    message_group_uuid: &str,
    sk: &str,
    now: i64,
) -> Option<CounterWrite> {
    let (previous, expect) = match stored {
        Stored::Absent => (Entry::default(), Expect::Absent),
        Stored::Entry(entry) => (entry.clone(), Expect::Version(entry.version)),
        Stored::Unreadable => (Entry::default(), Expect::Anything),
    };
    if let Some(seen) = previous.counted.get(message_group_uuid) {
        if time::compare_sort_keys(sk, seen) != Ordering::Greater {
            return None;
        }
    }
    let mut counted = previous.counted.clone();
    counted.insert(message_group_uuid.to_string(), sk.to_string());
    Some(CounterWrite {
        handle: handle.to_string(),
        next: Entry {
            count: previous.live_count(now) + 1,
            expires_at: now + TTL_SECONDS,
            counted,
            version: previous.version + 1,
        },
        expect,
    })
}

/// A counter as the `message-counter read` command shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The count a reader sees.
    pub count: u64,
    /// The stored entry, if any (expired or not).
    pub entry: Option<Entry>,
}

/// Reads `handle`'s counter with a strongly consistent GetItem.
pub async fn load(client: &Client, table: &str, handle: &str) -> Result<Stored, Error> {
    let out = client
        .get_item()
        .table_name(table)
        .key(KEY, AttributeValue::S(counter_key(handle)))
        .consistent_read(true)
        .send()
        .await
        .map_err(|e| describe_sdk_error("GetItem", Some(table), &e))?;
    Ok(Stored::of(out.item()))
}

/// The count `handle` sees now.
pub async fn read(client: &Client, table: &str, handle: &str, now: i64) -> Result<Reading, Error> {
    match load(client, table, handle).await? {
        Stored::Absent => Ok(Reading {
            count: 0,
            entry: None,
        }),
        Stored::Entry(entry) => Ok(Reading {
            count: entry.live_count(now),
            entry: Some(entry),
        }),
        Stored::Unreadable => Err(Error::Dynamo(format!(
            "the item {} in {table} is not a counter (numbers `{COUNT}` and `{EXPIRES_AT}` expected)",
            counter_key(handle)
        ))),
    }
}

/// Sets `handle`'s count to 0 for another [`TTL_SECONDS`], as the bootcamp's reset set the key
/// to 0. What was counted is kept, so a redelivered message is still not counted again.
pub async fn reset(client: &Client, table: &str, handle: &str, now: i64) -> Result<(), Error> {
    client
        .update_item()
        .table_name(table)
        .key(KEY, AttributeValue::S(counter_key(handle)))
        .update_expression("SET #count = :zero, #expires = :expires, #version = if_not_exists(#version, :zero) + :one")
        .expression_attribute_names("#count", COUNT)
        .expression_attribute_names("#expires", EXPIRES_AT)
        .expression_attribute_names("#version", VERSION)
        .expression_attribute_values(":zero", AttributeValue::N("0".into()))
        .expression_attribute_values(":one", AttributeValue::N("1".into()))
        .expression_attribute_values(":expires", AttributeValue::N((now + TTL_SECONDS).to_string()))
        .send()
        .await
        .map_err(|e| describe_sdk_error("UpdateItem", Some(table), &e))?;
    Ok(())
}

/// Whether schema-load made the counter table or found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableOutcome {
    /// Created now.
    Created,
    /// It was there already; kept as it is.
    Existing,
}

/// Creates the counter table: `pk` (S) HASH, on-demand (a cache has no steady load to
/// provision for). An existing table is kept, so schema-load can make a second messages table
/// that shares it.
pub async fn create_table(client: &Client, table: &str) -> Result<TableOutcome, Error> {
    let result = client
        .create_table()
        .table_name(table)
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name(KEY)
                .attribute_type(ScalarAttributeType::S)
                .build()
                .map_err(build_error)?,
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name(KEY)
                .key_type(KeyType::Hash)
                .build()
                .map_err(build_error)?,
        )
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await;
    match result {
        Ok(_) => Ok(TableOutcome::Created),
        Err(e) if error_code(&e) == Some("ResourceInUseException") => Ok(TableOutcome::Existing),
        Err(e) => Err(describe_sdk_error("CreateTable", None, &e)),
    }
}

/// Turns TTL on over [`EXPIRES_AT`] unless it is on (or turning on) already; UpdateTimeToLive
/// refuses to enable it twice.
pub async fn enable_ttl(client: &Client, table: &str) -> Result<(), Error> {
    let described = client
        .describe_time_to_live()
        .table_name(table)
        .send()
        .await
        .map_err(|e| describe_sdk_error("DescribeTimeToLive", Some(table), &e))?;
    let current = described.time_to_live_description();
    let status = current.and_then(|d| d.time_to_live_status());
    let attribute = current.and_then(|d| d.attribute_name());
    match status {
        Some(TimeToLiveStatus::Enabled | TimeToLiveStatus::Enabling) => {
            return match attribute {
                Some(EXPIRES_AT) | None => Ok(()),
                Some(other) => Err(Error::Config(format!(
                    "table {table} expires items by `{other}`, not `{EXPIRES_AT}`; \
                     it is not a message counter table"
                ))),
            };
        }
        Some(TimeToLiveStatus::Disabling) => {
            return Err(Error::Config(format!(
                "TTL of table {table} is being disabled; run schema-load again once it is off"
            )));
        }
        _ => {}
    }
    client
        .update_time_to_live()
        .table_name(table)
        .time_to_live_specification(
            TimeToLiveSpecification::builder()
                .enabled(true)
                .attribute_name(EXPIRES_AT)
                .build()
                .map_err(build_error)?,
        )
        .send()
        .await
        .map_err(|e| describe_sdk_error("UpdateTimeToLive", Some(table), &e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000;

    fn entry(count: u64, expires_at: i64, counted: &[(&str, &str)], version: u64) -> Entry {
        Entry {
            count,
            expires_at,
            counted: counted
                .iter()
                .map(|(g, sk)| (g.to_string(), sk.to_string()))
                .collect(),
            version,
        }
    }

    #[test]
    fn the_key_is_momentos() {
        assert_eq!(counter_key("bayko"), "msgs/bayko");
    }

    #[test]
    fn an_entry_round_trips_and_other_shapes_are_unreadable() {
        let e = entry(3, NOW + 5, &[("g", "2025-01-01T00:00:00+00:00")], 7);
        let item = e.to_item("bayko");
        assert_eq!(item[KEY], AttributeValue::S("msgs/bayko".into()));
        assert_eq!(Entry::from_item(&item), Some(e.clone()));
        assert_eq!(Stored::of(Some(&item)), Stored::Entry(e));
        assert_eq!(Stored::of(None), Stored::Absent);
        let mut wrong = item.clone();
        wrong.insert(COUNT.into(), AttributeValue::S("three".into()));
        assert_eq!(Stored::of(Some(&wrong)), Stored::Unreadable);
        // A reset of a missing entry writes no `counted` map and no earlier version.
        let mut bare = item;
        bare.remove(COUNTED);
        bare.remove(VERSION);
        assert_eq!(Entry::from_item(&bare), Some(entry(3, NOW + 5, &[], 0)));
    }

    #[test]
    fn an_expired_entry_reads_as_zero_stored_or_not() {
        assert_eq!(entry(4, NOW + 1, &[], 1).live_count(NOW), 4);
        assert_eq!(entry(4, NOW, &[], 1).live_count(NOW), 0);
        assert_eq!(entry(4, NOW - 100, &[], 1).live_count(NOW), 0);
    }

    #[test]
    fn counting_starts_at_one_and_expires_ttl_seconds_later() {
        let w = count_message(
            "bayko",
            &Stored::Absent,
            "g",
            "2025-01-01T00:00:00+00:00",
            NOW,
        )
        .unwrap();
        assert_eq!(w.expect, Expect::Absent);
        assert_eq!(
            w.next,
            entry(1, NOW + 600, &[("g", "2025-01-01T00:00:00+00:00")], 1)
        );
    }

    #[test]
    fn a_live_count_goes_up_and_an_expired_one_starts_again() {
        let live = Stored::Entry(entry(2, NOW + 10, &[("g", "2025-01-01T00:00:00+00:00")], 4));
        let w = count_message("b", &live, "g", "2025-01-01T00:01:00+00:00", NOW).unwrap();
        assert_eq!(w.expect, Expect::Version(4));
        assert_eq!(w.next.count, 3);
        assert_eq!(w.next.version, 5);
        assert_eq!(w.next.counted["g"], "2025-01-01T00:01:00+00:00");

        let expired = Stored::Entry(entry(9, NOW - 1, &[], 2));
        let w = count_message("b", &expired, "g", "2025-01-01T00:01:00+00:00", NOW).unwrap();
        assert_eq!(w.next.count, 1);
    }

    #[test]
    fn a_message_is_counted_once_and_older_ones_not_at_all() {
        let seen = Stored::Entry(entry(1, NOW + 10, &[("g", "2025-01-01T00:01:00+00:00")], 1));
        assert_eq!(
            count_message("b", &seen, "g", "2025-01-01T00:01:00+00:00", NOW),
            None
        );
        assert_eq!(
            count_message("b", &seen, "g", "2025-01-01T00:00:59+00:00", NOW),
            None
        );
        // Another group has its own record.
        assert!(count_message("b", &seen, "h", "2025-01-01T00:00:00+00:00", NOW).is_some());
    }

    #[test]
    fn an_unreadable_entry_is_replaced() {
        let w = count_message("b", &Stored::Unreadable, "g", "2025", NOW).unwrap();
        assert_eq!(w.expect, Expect::Anything);
        assert_eq!(w.next.count, 1);
    }
}
