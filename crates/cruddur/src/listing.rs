//! Reading messages back as Cruddur's backend does (lib/ddb.py `list_message_groups` and
//! `list_messages`): one Query each, `pk = :pk AND begins_with(sk,:year)`, newest first,
//! at most 20 items, and the objects the frontend reads.

use aws_sdk_dynamodb::Client;
use serde_json::{json, Value};

use crate::items::get_s;
use crate::patterns::YearQuery;
use crate::{Error, Item};

/// One row of a listing, in the frontend's names. For a message group, the person is the
/// *other* participant and `message`/`created_at` are the group's last message; for a message,
/// the person is its sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The message group's uuid, or the message's.
    pub uuid: String,
    /// The person's display name.
    pub display_name: String,
    /// The person's handle.
    pub handle: String,
    /// The text.
    pub message: String,
    /// The sort key: when the (last) message was sent.
    pub created_at: String,
}

impl Entry {
    fn from_item(item: &Item, uuid_attribute: &str) -> Entry {
        // The backend indexes each attribute and would fail on a missing one; a listing that
        // shows an empty field is more useful than one that shows nothing.
        let text = |name: &str| get_s(item, name).unwrap_or_default().to_string();
        Entry {
            uuid: text(uuid_attribute),
            display_name: text("user_display_name"),
            handle: text("user_handle"),
            message: text("message"),
            created_at: text("sk"),
        }
    }

    /// A message group item as `list_message_groups` returns it.
    pub fn of_group(item: &Item) -> Entry {
        Entry::from_item(item, "message_group_uuid")
    }

    /// A message item as `list_messages` returns it.
    pub fn of_message(item: &Item) -> Entry {
        Entry::from_item(item, "message_uuid")
    }

    /// The object the API returns.
    pub fn to_json(&self) -> Value {
        json!({
            "uuid": self.uuid,
            "display_name": self.display_name,
            "handle": self.handle,
            "message": self.message,
            "created_at": self.created_at,
        })
    }
}

/// A user's message groups whose last message is in `year`, newest first.
pub async fn list_message_groups(
    client: &Client,
    table: &str,
    user_uuid: &str,
    year: i32,
) -> Result<Vec<Entry>, Error> {
    let out = YearQuery::message_groups_of(user_uuid, year)
        .run(client, table)
        .await?;
    Ok(out.items().iter().map(Entry::of_group).collect())
}

/// The newest 20 messages of a group in `year`, oldest first.
pub async fn list_messages(
    client: &Client,
    table: &str,
    message_group_uuid: &str,
    year: i32,
) -> Result<Vec<Entry>, Error> {
    let out = YearQuery::conversation(message_group_uuid, year)
        .run(client, table)
        .await?;
    Ok(oldest_first(out.items()))
}

/// A newest-first page as a conversation reads: oldest first.
pub fn oldest_first(items_newest_first: &[Item]) -> Vec<Entry> {
    items_newest_first
        .iter()
        .rev()
        .map(Entry::of_message)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::items::{Message, MessageGroup};
    use crate::users::builtin;

    #[test]
    fn a_group_lists_as_the_other_participant_and_the_last_message() {
        let users = builtin();
        let item = MessageGroup {
            owner_uuid: users[0].uuid.clone(),
            message_group_uuid: "g".into(),
            last_message_at: "2025-01-02T03:04:05.000000+00:00".into(),
            message: "last".into(),
            other: users[1].clone(),
        }
        .to_item();
        assert_eq!(
            Entry::of_group(&item).to_json(),
            json!({
                "uuid": "g",
                "display_name": users[1].display_name,
                "handle": users[1].handle,
                "message": "last",
                "created_at": "2025-01-02T03:04:05.000000+00:00",
            })
        );
    }

    #[test]
    fn messages_list_oldest_first_with_their_own_uuid() {
        let users = builtin();
        let message = |n: u32| {
            Message {
                message_group_uuid: "g".into(),
                created_at: format!("2025-01-02T03:0{n}:00.000000+00:00"),
                message_uuid: format!("m{n}"),
                message: format!("text {n}"),
                sender: users[(n % 2) as usize].clone(),
            }
            .to_item()
        };
        let newest_first = [message(3), message(2), message(1)];
        let listed = oldest_first(&newest_first);
        let uuids: Vec<_> = listed.iter().map(|e| e.uuid.as_str()).collect();
        assert_eq!(uuids, ["m1", "m2", "m3"]);
        assert_eq!(listed[0].handle, users[1].handle);
    }

    #[test]
    fn both_listings_read_twenty() {
        assert_eq!(YearQuery::message_groups_of("u", 2025).limit, Some(20));
        assert_eq!(YearQuery::message_groups_of("u", 2025).pk, "GRP#u");
        assert_eq!(YearQuery::conversation("g", 2025).limit, Some(20));
    }
}
