//! The message-group updater: the bootcamp's stream Lambda (aws/lambdas/cruddur-messaging-stream)
//! in Rust.
//!
//! A message group's sort key is the time of its last message, and a sort key cannot be
//! changed in place, so when a message is written the groups of its conversation are replaced:
//! found through the index [`GROUP_INDEX`], each deleted and put again with the message's sort
//! key and text. The Lambda did that for the first record of a batch only, and as two separate
//! writes. This updater handles every record, and makes each record's replacement one
//! transaction whose deletes require the rows it read, so that it is idempotent:
//!
//! * a group already at the record's message (same sort key and text) is left alone, so a
//!   redelivered record changes nothing;
//! * a group never moves back to an older message, so a record replayed after newer ones
//!   changes nothing either;
//! * two updaters racing on one group cannot both move it: the second one's delete finds its
//!   row gone, the transaction is cancelled, and it starts over from what is there now.
//!
//! The same transaction counts the message for its receivers ([`crate::counter`]).
//!
//! Records come from a Lambda event on stdin ([`crate::lambda_event`]) or straight from the
//! table's stream ([`crate::stream_follow`]); both are turned into a [`Change`] first.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, TransactWriteItem};
use aws_sdk_dynamodb::Client;

use crate::counter::{self, CounterWrite, Expect};
use crate::error::{describe_sdk_error, error_code};
use crate::items::{ItemKey, MessageGroup};
use crate::schema::{build_error, GROUP_INDEX, GROUP_INDEX_KEY};
use crate::seed::backoff;
use crate::{time, Error, Item};

/// How often one record is tried again after its transaction was cancelled by a concurrent
/// change (or by an index that has not caught up with the updater's own last write: a global
/// secondary index is read eventually consistently).
pub const MAX_ATTEMPTS: u32 = 10;

/// DynamoDB's limit of actions in one TransactWriteItems.
pub const MAX_TRANSACTION_ACTIONS: usize = 100;

/// What happened to an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventName {
    /// A new item.
    Insert,
    /// A changed item.
    Modify,
    /// A deleted item.
    Remove,
    /// A name this updater does not know.
    Other(String),
}

impl EventName {
    /// Reads the stream's `eventName`.
    pub fn parse(name: &str) -> EventName {
        match name {
            "INSERT" => EventName::Insert,
            "MODIFY" => EventName::Modify,
            "REMOVE" => EventName::Remove,
            other => EventName::Other(other.to_string()),
        }
    }
}

/// The string attributes of a key or an item image; both item shapes have nothing else.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StringImage(BTreeMap<String, String>);

impl StringImage {
    /// The string attribute `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }
}

impl FromIterator<(String, String)> for StringImage {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> StringImage {
        StringImage(iter.into_iter().collect())
    }
}

/// One stream record, whichever way it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// INSERT, MODIFY or REMOVE.
    pub event_name: EventName,
    /// The record's sequence number: how a batch response names it.
    pub sequence_number: Option<String>,
    /// The table the record came from, when the source says (a Lambda event's
    /// `eventSourceARN`).
    pub table: Option<String>,
    /// The item's key.
    pub keys: StringImage,
    /// The item after the change, when the stream carries new images.
    pub new_image: Option<StringImage>,
}

/// Why a record needs no work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ignored {
    /// A deletion: the Lambda returned early on REMOVE, and so do we.
    Removal,
    /// Not a message (a message group's own change, or another item).
    NotAMessage,
    /// An event name this updater does not know.
    OtherEvent(String),
}

/// A message written to a conversation, as the updater needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    /// The conversation (from `pk` = `MSG#{uuid}`).
    pub message_group_uuid: String,
    /// When it was sent: the groups' new sort key.
    pub sk: String,
    /// The text: the groups' new last message.
    pub message: String,
    /// Who sent it, when the image says: everyone else in the group receives it.
    pub sender_uuid: Option<String>,
}

/// What to do with a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Nothing.
    Ignore(Ignored),
    /// Bring the conversation's groups up to this message.
    Apply(NewMessage),
}

/// Sorts a record. A message without a new image fails: the table's stream must carry new
/// images (StreamViewType NEW_IMAGE or NEW_AND_OLD_IMAGES) for the updater to see the text.
pub fn decide(change: &Change) -> Result<Decision, Error> {
    match &change.event_name {
        EventName::Insert | EventName::Modify => {}
        EventName::Remove => return Ok(Decision::Ignore(Ignored::Removal)),
        EventName::Other(name) => return Ok(Decision::Ignore(Ignored::OtherEvent(name.clone()))),
    }
    let pk = change
        .keys
        .get("pk")
        .ok_or_else(|| Error::Record("the record's Keys have no string `pk`".into()))?;
    let Some(message_group_uuid) = pk.strip_prefix("MSG#") else {
        return Ok(Decision::Ignore(Ignored::NotAMessage));
    };
    let sk = change
        .keys
        .get("sk")
        .ok_or_else(|| Error::Record(format!("the record of {pk} has no string `sk` key")))?;
    let image = change.new_image.as_ref().ok_or_else(|| {
        Error::Record(format!(
            "the record of {pk} {sk} has no NewImage; the table's stream must carry new \
             images (StreamViewType NEW_IMAGE or NEW_AND_OLD_IMAGES)"
        ))
    })?;
    let message = image
        .get("message")
        .ok_or_else(|| Error::Record(format!("the message {pk} {sk} has no string `message`")))?;
    Ok(Decision::Apply(NewMessage {
        message_group_uuid: message_group_uuid.to_string(),
        sk: sk.to_string(),
        message: message.to_string(),
        sender_uuid: image.get("user_uuid").map(str::to_string),
    }))
}

/// The writes that bring a conversation's groups up to a message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupPlan {
    /// Groups to write: moved to the message, or given its new text.
    pub puts: Vec<MessageGroup>,
    /// Group rows to remove: the ones that were moved, and stray older duplicates of an owner
    /// (left by an interrupted replacement outside this updater).
    pub deletes: Vec<ItemKey>,
    /// Handles of the participants who receive the message and had not seen a newer one:
    /// whose counters may count it.
    pub receivers: Vec<String>,
}

impl GroupPlan {
    /// Whether the groups are up to date already.
    pub fn is_empty(&self) -> bool {
        self.puts.is_empty() && self.deletes.is_empty()
    }
}

/// Plans a record from the conversation's group rows. Each owner's newest row is compared with
/// the message: older → moved to it (the Lambda's delete and put); the same sort key with
/// another text (an edited message) → rewritten in place; the same message or newer → kept.
/// The copied attributes are the Lambda's: `message_group_uuid`, `user_uuid`,
/// `user_display_name`, `user_handle`.
pub fn plan_groups(message: &NewMessage, rows: &[MessageGroup]) -> GroupPlan {
    let mut by_owner: BTreeMap<&str, Vec<&MessageGroup>> = BTreeMap::new();
    for row in rows {
        by_owner.entry(&row.owner_uuid).or_default().push(row);
    }
    let mut plan = GroupPlan::default();
    for (owner, owned) in by_owner {
        let Some(newest) = owned
            .iter()
            .copied()
            .max_by(|a, b| time::compare_sort_keys(&a.last_message_at, &b.last_message_at))
        else {
            continue;
        };
        let order = time::compare_sort_keys(&message.sk, &newest.last_message_at);
        let kept_sk = match order {
            Ordering::Less => newest.last_message_at.clone(),
            Ordering::Equal => {
                if newest.message != message.message {
                    plan.puts.push(MessageGroup {
                        message: message.message.clone(),
                        ..newest.clone()
                    });
                }
                message.sk.clone()
            }
            Ordering::Greater => {
                plan.puts.push(MessageGroup {
                    last_message_at: message.sk.clone(),
                    message: message.message.clone(),
                    ..newest.clone()
                });
                message.sk.clone()
            }
        };
        plan.deletes.extend(
            owned
                .iter()
                .filter(|row| row.last_message_at != kept_sk)
                .map(|row| row.key()),
        );
        // Without a sender on the image nobody can be told apart as a receiver.
        let receives = message
            .sender_uuid
            .as_deref()
            .is_some_and(|sender| sender != owner);
        if receives && order != Ordering::Less {
            // The owner's handle is on the rows that describe the owner: the other
            // participants' groups.
            if let Some(described) = rows.iter().find(|row| row.other.uuid == owner) {
                plan.receivers.push(described.other.handle.clone());
            }
        }
    }
    plan.receivers.sort();
    plan.receivers.dedup();
    plan
}

/// Where the updater reads and writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tables {
    /// The messages table (its groups are rewritten).
    pub messages: String,
    /// The counter table, or `None` to keep no counters.
    pub counters: Option<String>,
}

/// What applying a record did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// Nothing to do for this record.
    Ignored(Ignored),
    /// A message whose conversation has no groups (written to a group that was never created).
    NoGroups,
    /// The groups (and counters) already reflect the message.
    UpToDate,
    /// Written.
    Updated {
        /// Group rows written (moved or rewritten).
        groups: usize,
        /// Handles whose counters counted the message.
        counted: Vec<String>,
    },
}

/// The message groups of a conversation, through the index. Items of another shape are left
/// out (and so left alone).
pub async fn group_rows(
    client: &Client,
    table: &str,
    message_group_uuid: &str,
) -> Result<Vec<MessageGroup>, Error> {
    let mut rows = Vec::new();
    let mut start: Option<Item> = None;
    loop {
        let out = client
            .query()
            .table_name(table)
            .index_name(GROUP_INDEX)
            .key_condition_expression("#group = :group")
            .expression_attribute_names("#group", GROUP_INDEX_KEY)
            .expression_attribute_values(":group", AttributeValue::S(message_group_uuid.into()))
            .set_exclusive_start_key(start.take())
            .send()
            .await
            .map_err(|e| {
                let no_index = error_code(&e) == Some("ValidationException")
                    && e.message().is_some_and(|m| m.contains("index"));
                if no_index {
                    Error::Config(format!(
                        "table {table} has no index {GROUP_INDEX}, which the updater queries \
                         ({}); `ddb schema-load` creates the table with it (the seed's first \
                         schema-load did not)",
                        e.message().unwrap_or_default()
                    ))
                } else {
                    describe_sdk_error("Query", Some(table), &e)
                }
            })?;
        rows.extend(out.items().iter().filter_map(MessageGroup::from_item));
        match out.last_evaluated_key {
            Some(key) if !key.is_empty() => start = Some(key),
            _ => return Ok(rows),
        }
    }
}

/// Applies one record: reads the groups (and the receivers' counters), plans, and writes the
/// plan in one transaction, starting over when a concurrent change cancels it.
pub async fn apply(client: &Client, tables: &Tables, change: &Change) -> Result<Applied, Error> {
    let message = match decide(change)? {
        Decision::Ignore(why) => return Ok(Applied::Ignored(why)),
        Decision::Apply(message) => message,
    };
    let mut attempt = 0;
    loop {
        let rows = group_rows(client, &tables.messages, &message.message_group_uuid).await?;
        if rows.is_empty() {
            return Ok(Applied::NoGroups);
        }
        let groups = plan_groups(&message, &rows);
        let mut counters = Vec::new();
        if let Some(counter_table) = &tables.counters {
            let now = time::epoch_seconds();
            for handle in &groups.receivers {
                let stored = counter::load(client, counter_table, handle).await?;
                counters.extend(counter::count_message(
                    handle,
                    &stored,
                    &message.message_group_uuid,
                    &message.sk,
                    now,
                ));
            }
        }
        if groups.is_empty() && counters.is_empty() {
            return Ok(Applied::UpToDate);
        }
        let actions = transaction(tables, &groups, &counters)?;
        match client
            .transact_write_items()
            .set_transact_items(Some(actions))
            .send()
            .await
        {
            Ok(_) => {
                return Ok(Applied::Updated {
                    groups: groups.puts.len(),
                    counted: counters.into_iter().map(|c| c.handle).collect(),
                })
            }
            Err(e) => {
                let reasons = cancellation_reasons(&e);
                let retry = reasons.as_ref().is_some_and(|r| r.iter().all(|c| races(c)));
                if !retry || attempt + 1 >= MAX_ATTEMPTS {
                    let mut error = describe_sdk_error("TransactWriteItems", None, &e);
                    if let (Some(reasons), Error::Sdk { message, .. }) = (&reasons, &mut error) {
                        message.push_str(&format!(" (reasons: {})", reasons.join(", ")));
                        if retry {
                            message.push_str(&format!("; still after {MAX_ATTEMPTS} attempts"));
                        }
                    }
                    return Err(error);
                }
                tokio::time::sleep(backoff(attempt)).await;
                attempt += 1;
            }
        }
    }
}

/// The cancellation reason codes of a cancelled transaction; `None` for any other failure.
fn cancellation_reasons(
    e: &aws_sdk_dynamodb::error::SdkError<
        TransactWriteItemsError,
        aws_sdk_dynamodb::config::http::HttpResponse,
    >,
) -> Option<Vec<String>> {
    match e.as_service_error()? {
        TransactWriteItemsError::TransactionCanceledException(cancelled) => Some(
            cancelled
                .cancellation_reasons()
                .iter()
                .map(|r| r.code().unwrap_or("None").to_string())
                .collect(),
        ),
        _ => None,
    }
}

/// Reason codes that mean "someone else changed these items meanwhile": worth reading again.
fn races(code: &str) -> bool {
    matches!(
        code,
        "None" | "ConditionalCheckFailed" | "TransactionConflict"
    )
}

/// The plan as TransactWriteItems actions.
fn transaction(
    tables: &Tables,
    groups: &GroupPlan,
    counters: &[CounterWrite],
) -> Result<Vec<TransactWriteItem>, Error> {
    let total = groups.puts.len() + groups.deletes.len() + counters.len();
    if total > MAX_TRANSACTION_ACTIONS {
        return Err(Error::Record(format!(
            "the message needs {total} writes, more than one transaction takes \
             ({MAX_TRANSACTION_ACTIONS}); the conversation has too many message groups"
        )));
    }
    let mut actions = Vec::with_capacity(total);
    for group in &groups.puts {
        let put = Put::builder()
            .table_name(&tables.messages)
            .set_item(Some(group.to_item()))
            .build()
            .map_err(build_error)?;
        actions.push(TransactWriteItem::builder().put(put).build());
    }
    for key in &groups.deletes {
        // The row must still be there: if it is gone, someone else moved the group, and this
        // plan is stale.
        let delete = Delete::builder()
            .table_name(&tables.messages)
            .set_key(Some(key.to_item()))
            .condition_expression("attribute_exists(pk)")
            .build()
            .map_err(build_error)?;
        actions.push(TransactWriteItem::builder().delete(delete).build());
    }
    if let Some(counter_table) = &tables.counters {
        for write in counters {
            actions.push(counter_put(counter_table, write)?);
        }
    }
    Ok(actions)
}

/// A counter write, requiring the entry it was computed from.
fn counter_put(table: &str, write: &CounterWrite) -> Result<TransactWriteItem, Error> {
    let mut put = Put::builder()
        .table_name(table)
        .set_item(Some(write.next.to_item(&write.handle)));
    put = match write.expect {
        Expect::Absent => put
            .condition_expression("attribute_not_exists(#key)")
            .expression_attribute_names("#key", counter::KEY),
        // An entry written by hand may have no version yet.
        Expect::Version(0) => put
            .condition_expression("attribute_exists(#key) AND attribute_not_exists(#version)")
            .expression_attribute_names("#key", counter::KEY)
            .expression_attribute_names("#version", counter::VERSION),
        Expect::Version(version) => put
            .condition_expression("#version = :version")
            .expression_attribute_names("#version", counter::VERSION)
            .set_expression_attribute_values(Some(HashMap::from([(
                ":version".to_string(),
                AttributeValue::N(version.to_string()),
            )]))),
        Expect::Anything => put,
    };
    Ok(TransactWriteItem::builder()
        .put(put.build().map_err(build_error)?)
        .build())
}

/// What a batch did: the records applied, in order, and the first failure, after which
/// nothing more was tried (so no record of a conversation is applied before an earlier one
/// that failed).
#[derive(Debug)]
pub struct BatchOutcome {
    /// One per record applied, in order.
    pub applied: Vec<Applied>,
    /// The index of the record that failed, and why.
    pub failure: Option<(usize, Error)>,
}

/// Applies every record of a batch in order, stopping at the first failure. Records name their
/// own table when the source says; `tables.messages` is the table otherwise, or when
/// `table_fixed` (the user named one).
pub async fn apply_batch(
    client: &Client,
    tables: &Tables,
    table_fixed: bool,
    changes: &[Change],
) -> BatchOutcome {
    let mut outcome = BatchOutcome {
        applied: Vec::with_capacity(changes.len()),
        failure: None,
    };
    for (index, change) in changes.iter().enumerate() {
        let own;
        let target = match &change.table {
            Some(table) if !table_fixed && *table != tables.messages => {
                own = Tables {
                    messages: table.clone(),
                    counters: tables.counters.clone(),
                };
                &own
            }
            _ => tables,
        };
        match apply(client, target, change).await {
            Ok(applied) => outcome.applied.push(applied),
            Err(e) => {
                outcome.failure = Some((index, e));
                break;
            }
        }
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::users::User;

    const G: &str = "5ae290ed-55d1-47a0-bc6d-fe2bc2700399";

    fn user(name: &str) -> User {
        User {
            uuid: format!("uuid-{name}"),
            display_name: format!("Name {name}"),
            handle: name.to_string(),
        }
    }

    fn row(owner: &str, other: &str, sk: &str, message: &str) -> MessageGroup {
        MessageGroup {
            owner_uuid: format!("uuid-{owner}"),
            message_group_uuid: G.into(),
            last_message_at: sk.into(),
            message: message.into(),
            other: user(other),
        }
    }

    fn image(pairs: &[(&str, &str)]) -> StringImage {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn insert(sk: &str, text: &str, sender: &str) -> Change {
        let pk = format!("MSG#{G}");
        let sender_uuid = format!("uuid-{sender}");
        Change {
            event_name: EventName::Insert,
            sequence_number: Some("100".into()),
            table: None,
            keys: image(&[("pk", &pk), ("sk", sk)]),
            new_image: Some(image(&[
                ("pk", &pk),
                ("sk", sk),
                ("message", text),
                ("message_uuid", "m"),
                ("user_uuid", &sender_uuid),
                ("user_handle", sender),
                ("user_display_name", "x"),
            ])),
        }
    }

    fn message_of(change: &Change) -> NewMessage {
        match decide(change).unwrap() {
            Decision::Apply(m) => m,
            other => panic!("not applied: {other:?}"),
        }
    }

    /// The rows after a plan is carried out: what the table would hold.
    fn carry_out(rows: &[MessageGroup], plan: &GroupPlan) -> Vec<MessageGroup> {
        let mut table: BTreeMap<ItemKey, MessageGroup> =
            rows.iter().map(|r| (r.key(), r.clone())).collect();
        for key in &plan.deletes {
            assert!(
                table.remove(key).is_some(),
                "deleting a missing row {key:?}"
            );
        }
        for put in &plan.puts {
            table.insert(put.key(), put.clone());
        }
        table.into_values().collect()
    }

    #[test]
    fn only_inserted_or_modified_messages_are_applied() {
        let mut change = insert("2025-01-01T00:00:00+00:00", "hi", "jess");
        assert!(matches!(decide(&change), Ok(Decision::Apply(_))));
        change.event_name = EventName::parse("MODIFY");
        assert!(matches!(decide(&change), Ok(Decision::Apply(_))));
        change.event_name = EventName::parse("REMOVE");
        assert_eq!(decide(&change).unwrap(), Decision::Ignore(Ignored::Removal));
        change.event_name = EventName::parse("SOMETHING");
        assert_eq!(
            decide(&change).unwrap(),
            Decision::Ignore(Ignored::OtherEvent("SOMETHING".into()))
        );
        let group = Change {
            keys: image(&[("pk", "GRP#uuid-jess"), ("sk", "2025")]),
            ..insert("2025", "hi", "jess")
        };
        assert_eq!(
            decide(&group).unwrap(),
            Decision::Ignore(Ignored::NotAMessage)
        );
    }

    #[test]
    fn a_message_record_needs_its_keys_and_new_image() {
        let keys_only = Change {
            new_image: None,
            ..insert("2025", "hi", "jess")
        };
        let e = decide(&keys_only).unwrap_err().to_string();
        assert!(e.contains("NEW_IMAGE"), "{e}");
        let no_sk = Change {
            keys: image(&[("pk", &format!("MSG#{G}"))]),
            ..insert("2025", "hi", "jess")
        };
        assert!(decide(&no_sk).is_err());
        let m = message_of(&insert("2025-02-02T00:00:00+00:00", "hi", "jess"));
        assert_eq!(m.message_group_uuid, G);
        assert_eq!(m.sk, "2025-02-02T00:00:00+00:00");
        assert_eq!(m.message, "hi");
        assert_eq!(m.sender_uuid.as_deref(), Some("uuid-jess"));
    }

    #[test]
    fn both_groups_move_to_a_newer_message_keeping_who_they_describe() {
        let rows = [
            row("jess", "bayko", "2025-01-01T00:00:00+00:00", "old"),
            row("bayko", "jess", "2025-01-01T00:00:00+00:00", "old"),
        ];
        let m = message_of(&insert("2025-01-01T00:05:00+00:00", "new", "jess"));
        let plan = plan_groups(&m, &rows);
        // Owners in uuid order.
        assert_eq!(plan.deletes, [rows[1].key(), rows[0].key()]);
        assert_eq!(plan.puts.len(), 2);
        for (put, before) in plan.puts.iter().zip([&rows[1], &rows[0]]) {
            assert_eq!(put.last_message_at, "2025-01-01T00:05:00+00:00");
            assert_eq!(put.message, "new");
            assert_eq!(put.owner_uuid, before.owner_uuid);
            assert_eq!(put.other, before.other);
            assert_eq!(put.message_group_uuid, G);
        }
        // Only the receiver's counter counts it.
        assert_eq!(plan.receivers, ["bayko"]);
    }

    #[test]
    fn reapplying_a_record_changes_nothing() {
        let rows = vec![
            row("jess", "bayko", "2025-01-01T00:00:00+00:00", "old"),
            row("bayko", "jess", "2025-01-01T00:00:00+00:00", "old"),
        ];
        let m = message_of(&insert("2025-01-01T00:05:00+00:00", "new", "bayko"));
        let once = carry_out(&rows, &plan_groups(&m, &rows));
        let again = plan_groups(&m, &once);
        assert!(again.is_empty(), "{again:?}");
        assert_eq!(carry_out(&once, &again), once);
    }

    #[test]
    fn an_older_record_never_moves_a_group_back() {
        let rows = vec![
            row("jess", "bayko", "2025-01-01T00:09:00+00:00", "newest"),
            row("bayko", "jess", "2025-01-01T00:09:00+00:00", "newest"),
        ];
        let m = message_of(&insert("2025-01-01T00:05:00+00:00", "older", "jess"));
        let plan = plan_groups(&m, &rows);
        assert!(plan.is_empty(), "{plan:?}");
        assert!(plan.receivers.is_empty());
    }

    #[test]
    fn a_batch_in_any_order_ends_at_the_newest_message() {
        let start = vec![
            row("jess", "bayko", "2025-01-01T00:00:00+00:00", "m0"),
            row("bayko", "jess", "2025-01-01T00:00:00+00:00", "m0"),
        ];
        let records: Vec<Change> = (1..=4)
            .map(|i| {
                insert(
                    &format!("2025-01-01T00:0{i}:00+00:00"),
                    &format!("m{i}"),
                    "jess",
                )
            })
            .collect();
        for order in [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2], [0, 1, 2, 3]] {
            let mut rows = start.clone();
            // Each record twice: a redelivered batch.
            for i in order.iter().chain(order.iter()) {
                let plan = plan_groups(&message_of(&records[*i]), &rows);
                rows = carry_out(&rows, &plan);
            }
            assert_eq!(rows.len(), 2);
            for r in &rows {
                assert_eq!(r.last_message_at, "2025-01-01T00:04:00+00:00");
                assert_eq!(r.message, "m4");
            }
        }
    }

    #[test]
    fn an_edited_message_rewrites_the_group_in_place() {
        let rows = vec![
            row("jess", "bayko", "2025-01-01T00:05:00+00:00", "typo"),
            row("bayko", "jess", "2025-01-01T00:05:00+00:00", "typo"),
        ];
        let mut change = insert("2025-01-01T00:05:00+00:00", "fixed", "jess");
        change.event_name = EventName::Modify;
        let plan = plan_groups(&message_of(&change), &rows);
        assert!(plan.deletes.is_empty());
        assert_eq!(plan.puts.len(), 2);
        assert!(plan.puts.iter().all(|p| p.message == "fixed"));
        assert!(plan
            .puts
            .iter()
            .all(|p| p.last_message_at == "2025-01-01T00:05:00+00:00"));
    }

    #[test]
    fn the_first_message_of_a_new_group_is_received_though_the_groups_hold_it() {
        // `message-groups create` writes the groups at the first message already.
        let rows = vec![
            row("jess", "bayko", "2025-01-01T00:00:00+00:00", "hello"),
            row("bayko", "jess", "2025-01-01T00:00:00+00:00", "hello"),
        ];
        let plan = plan_groups(
            &message_of(&insert("2025-01-01T00:00:00+00:00", "hello", "jess")),
            &rows,
        );
        assert!(plan.is_empty());
        assert_eq!(plan.receivers, ["bayko"]);
    }

    #[test]
    fn stray_older_rows_of_an_owner_are_removed() {
        let rows = vec![
            row("jess", "bayko", "2025-01-01T00:01:00+00:00", "a"),
            row("jess", "bayko", "2025-01-01T00:02:00+00:00", "b"),
            row("bayko", "jess", "2025-01-01T00:02:00+00:00", "b"),
        ];
        let m = message_of(&insert("2025-01-01T00:03:00+00:00", "c", "bayko"));
        let after = carry_out(&rows, &plan_groups(&m, &rows));
        assert_eq!(after.len(), 2);
        assert!(after.iter().all(|r| r.message == "c"));
        assert!(plan_groups(&m, &after).is_empty());
    }

    #[test]
    fn counting_once_per_receiver_survives_redelivery() {
        use crate::counter::{count_message, Stored};
        let rows = vec![
            row("jess", "bayko", "2025-01-01T00:00:00+00:00", "m0"),
            row("bayko", "jess", "2025-01-01T00:00:00+00:00", "m0"),
        ];
        let m = message_of(&insert("2025-01-01T00:01:00+00:00", "m1", "jess"));
        let plan = plan_groups(&m, &rows);
        let now = 1_700_000_000;
        let first = count_message(&plan.receivers[0], &Stored::Absent, G, &m.sk, now).unwrap();
        assert_eq!(first.next.count, 1);
        let rows = carry_out(&rows, &plan);
        // Redelivered: the groups are up to date, and the counter has seen the message.
        let again = plan_groups(&m, &rows);
        assert!(again.is_empty());
        let stored = Stored::Entry(first.next);
        assert!(again
            .receivers
            .iter()
            .all(|h| count_message(h, &stored, G, &m.sk, now + 1).is_none()));
    }
}
