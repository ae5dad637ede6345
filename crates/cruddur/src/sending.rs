//! Sending messages as Cruddur's backend does (lib/ddb.py): opening a message group with a
//! first message, and adding a message to a group.
//!
//! Opening a group writes three items in one BatchWriteItem: a message group in each
//! participant's partition, each describing the *other* participant, and the first message. A
//! BatchWriteItem is not a transaction (the bootcamp's comment calls it one); the three puts are
//! independent, and any that come back unprocessed are resent. Adding a message is a single
//! PutItem: the message groups' last message is brought up to date afterwards, from the
//! table's stream, by the updater ([`crate::updater`]).

use aws_sdk_dynamodb::Client;
use chrono::{DateTime, FixedOffset};
use serde_json::{json, Value};

use crate::error::describe_sdk_error;
use crate::items::{Message, MessageGroup};
use crate::seed::{batch_write, WriteReport};
use crate::users::User;
use crate::{time, Error, Item};

/// A new message group: both participants' views and the first message, all stamped with the
/// same instant (the groups' `sk` is the time of their last message, which is this one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewGroup {
    /// The group in the sender's partition, describing the receiver.
    pub mine: MessageGroup,
    /// The group in the receiver's partition, describing the sender.
    pub theirs: MessageGroup,
    /// The first message.
    pub first: Message,
}

impl NewGroup {
    /// Lays out a new group between `me` (the sender) and `other`; the uuids are given so
    /// the layout is a pure function of its inputs.
    pub fn new(
        me: &User,
        other: &User,
        message: &str,
        now: DateTime<FixedOffset>,
        message_group_uuid: &str,
        message_uuid: &str,
    ) -> NewGroup {
        let at = time::iso8601(&now);
        let group = |owner: &User, other: &User| MessageGroup {
            owner_uuid: owner.uuid.clone(),
            message_group_uuid: message_group_uuid.to_string(),
            last_message_at: at.clone(),
            message: message.to_string(),
            other: other.clone(),
        };
        NewGroup {
            mine: group(me, other),
            theirs: group(other, me),
            first: new_message(message_group_uuid, me, message, now, message_uuid),
        }
    }

    /// A new group started now, with fresh uuids, as the backend starts one.
    pub fn start(me: &User, other: &User, message: &str) -> NewGroup {
        NewGroup::new(
            me,
            other,
            message,
            time::now(),
            &uuid::Uuid::new_v4().to_string(),
            &uuid::Uuid::new_v4().to_string(),
        )
    }

    /// The group's uuid.
    pub fn message_group_uuid(&self) -> &str {
        &self.first.message_group_uuid
    }

    /// The three items, in the bootcamp's order: my group, the other's, the message.
    pub fn items(&self) -> Vec<Item> {
        vec![
            self.mine.to_item(),
            self.theirs.to_item(),
            self.first.to_item(),
        ]
    }

    /// What the backend answers: only the new group's uuid, which the frontend navigates to.
    pub fn response_json(&self) -> Value {
        json!({ "message_group_uuid": self.message_group_uuid() })
    }
}

/// A message from `sender` to a group, sent at `now`.
pub fn new_message(
    message_group_uuid: &str,
    sender: &User,
    message: &str,
    now: DateTime<FixedOffset>,
    message_uuid: &str,
) -> Message {
    Message {
        message_group_uuid: message_group_uuid.to_string(),
        created_at: time::iso8601(&now),
        message_uuid: message_uuid.to_string(),
        message: message.to_string(),
        sender: sender.clone(),
    }
}

/// A message sent now, with a fresh uuid.
pub fn compose(message_group_uuid: &str, sender: &User, message: &str) -> Message {
    new_message(
        message_group_uuid,
        sender,
        message,
        time::now(),
        &uuid::Uuid::new_v4().to_string(),
    )
}

/// What the backend answers for a sent message. Its `uuid` was the *sender's* uuid (a slip in
/// lib/ddb.py); here it is the message's, as when messages are listed, so a client can key a
/// list by it.
pub fn sent_json(message: &Message) -> Value {
    json!({
        "message_group_uuid": message.message_group_uuid,
        "uuid": message.message_uuid,
        "display_name": message.sender.display_name,
        "handle": message.sender.handle,
        "message": message.message,
        "created_at": message.created_at,
    })
}

/// Writes a new group's three items with one BatchWriteItem (more only to resend what DynamoDB
/// left unprocessed).
pub async fn create_message_group(
    client: &Client,
    table: &str,
    group: &NewGroup,
) -> Result<WriteReport, Error> {
    batch_write(client, table, group.items()).await
}

/// Writes one message with PutItem.
pub async fn send_message(client: &Client, table: &str, message: &Message) -> Result<(), Error> {
    client
        .put_item()
        .table_name(table)
        .set_item(Some(message.to_item()))
        .send()
        .await
        .map_err(|e| describe_sdk_error("PutItem", Some(table), &e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::items::get_s;

    fn users() -> (User, User) {
        let all = crate::users::builtin();
        (all[0].clone(), all[1].clone())
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn a_new_group_is_two_mirrored_groups_and_the_first_message() {
        let (me, other) = users();
        let group = NewGroup::new(
            &me,
            &other,
            "hello there",
            at("2025-03-20T10:00:00+01:00"),
            "g-1",
            "m-1",
        );
        let items = group.items();
        assert_eq!(items.len(), 3);
        let stamp = "2025-03-20T10:00:00.000000+01:00";
        let attrs = |item: &Item| {
            let mut names: Vec<_> = item.keys().cloned().collect();
            names.sort();
            names
        };
        let group_attrs = [
            "message",
            "message_group_uuid",
            "pk",
            "sk",
            "user_display_name",
            "user_handle",
            "user_uuid",
        ];
        for (item, owner, described) in [(&items[0], &me, &other), (&items[1], &other, &me)] {
            assert_eq!(attrs(item), group_attrs);
            assert_eq!(get_s(item, "pk").unwrap(), format!("GRP#{}", owner.uuid));
            assert_eq!(get_s(item, "sk"), Some(stamp));
            assert_eq!(get_s(item, "message_group_uuid"), Some("g-1"));
            assert_eq!(get_s(item, "message"), Some("hello there"));
            assert_eq!(get_s(item, "user_uuid"), Some(described.uuid.as_str()));
            assert_eq!(
                get_s(item, "user_display_name"),
                Some(described.display_name.as_str())
            );
            assert_eq!(get_s(item, "user_handle"), Some(described.handle.as_str()));
        }
        let first = &items[2];
        assert_eq!(
            attrs(first),
            [
                "message",
                "message_uuid",
                "pk",
                "sk",
                "user_display_name",
                "user_handle",
                "user_uuid"
            ]
        );
        assert_eq!(get_s(first, "pk"), Some("MSG#g-1"));
        assert_eq!(get_s(first, "sk"), Some(stamp));
        assert_eq!(get_s(first, "message_uuid"), Some("m-1"));
        assert_eq!(get_s(first, "user_handle"), Some(me.handle.as_str()));
        assert_eq!(
            group.response_json(),
            json!({ "message_group_uuid": "g-1" })
        );
    }

    #[test]
    fn a_message_carries_its_sender_and_no_group_attribute() {
        let (me, _) = users();
        let m = new_message("g-2", &me, "hi", at("2025-03-20T10:05:00+00:00"), "m-2");
        let item = m.to_item();
        assert_eq!(get_s(&item, "pk"), Some("MSG#g-2"));
        assert!(!item.contains_key("message_group_uuid"));
        assert_eq!(get_s(&item, "user_uuid"), Some(me.uuid.as_str()));
        assert_eq!(
            sent_json(&m),
            json!({
                "message_group_uuid": "g-2",
                "uuid": "m-2",
                "display_name": me.display_name,
                "handle": me.handle,
                "message": "hi",
                "created_at": "2025-03-20T10:05:00.000000+00:00",
            })
        );
    }
}
