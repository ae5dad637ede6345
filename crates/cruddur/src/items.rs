//! The two item shapes, exactly as the seed writes them.

use aws_sdk_dynamodb::types::AttributeValue;

use crate::users::User;
use crate::Item;

/// Partition key of a user's message groups.
pub fn group_pk(user_uuid: &str) -> String {
    format!("GRP#{user_uuid}")
}

/// Partition key of a message group's messages.
pub fn message_pk(message_group_uuid: &str) -> String {
    format!("MSG#{message_group_uuid}")
}

/// One participant's view of a conversation: it lives in the owner's partition and describes
/// the *other* participant, so listing conversations needs no second lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageGroup {
    /// The participant whose partition (`GRP#{owner_uuid}`) holds this group.
    pub owner_uuid: String,
    /// The conversation, shared by both participants' groups and its messages.
    pub message_group_uuid: String,
    /// ISO 8601 time of the newest message: the sort key, so groups list by recency.
    pub last_message_at: String,
    /// The text of the newest message, shown in the conversation list.
    pub message: String,
    /// The other participant, stored as `user_uuid`, `user_display_name`, `user_handle`.
    pub other: User,
}

impl MessageGroup {
    /// The item as the seed writes it: `pk`, `sk` and five more string attributes.
    pub fn to_item(&self) -> Item {
        item([
            ("pk", group_pk(&self.owner_uuid)),
            ("sk", self.last_message_at.clone()),
            ("message_group_uuid", self.message_group_uuid.clone()),
            ("message", self.message.clone()),
            ("user_uuid", self.other.uuid.clone()),
            ("user_display_name", self.other.display_name.clone()),
            ("user_handle", self.other.handle.clone()),
        ])
    }

    /// Reads a message group back: `None` for an item that is not one (no `GRP#` partition
    /// key, or a missing attribute), which the updater then leaves alone.
    pub fn from_item(item: &Item) -> Option<MessageGroup> {
        let text = |name: &str| get_s(item, name).map(str::to_string);
        Some(MessageGroup {
            owner_uuid: get_s(item, "pk")?.strip_prefix("GRP#")?.to_string(),
            message_group_uuid: text("message_group_uuid")?,
            last_message_at: text("sk")?,
            message: text("message")?,
            other: User {
                uuid: text("user_uuid")?,
                display_name: text("user_display_name")?,
                handle: text("user_handle")?,
            },
        })
    }

    /// The primary key of the item.
    pub fn key(&self) -> ItemKey {
        ItemKey {
            pk: group_pk(&self.owner_uuid),
            sk: self.last_message_at.clone(),
        }
    }
}

/// The primary key of an item of the messages table.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ItemKey {
    /// `GRP#...` or `MSG#...`.
    pub pk: String,
    /// The timestamp.
    pub sk: String,
}

impl ItemKey {
    /// The key as the SDK sends it.
    pub fn to_item(&self) -> Item {
        item([("pk", self.pk.clone()), ("sk", self.sk.clone())])
    }
}

/// One message of a conversation; it describes its *sender*.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The conversation: the message lives in partition `MSG#{message_group_uuid}`.
    pub message_group_uuid: String,
    /// ISO 8601 time it was sent: the sort key, so a conversation reads in time order.
    pub created_at: String,
    /// The message's own id (a random v4 uuid when seeded).
    pub message_uuid: String,
    /// The text.
    pub message: String,
    /// Who sent it, stored as `user_uuid`, `user_display_name`, `user_handle`.
    pub sender: User,
}

impl Message {
    /// The item as the seed writes it: `pk`, `sk` and five more string attributes.
    pub fn to_item(&self) -> Item {
        item([
            ("pk", message_pk(&self.message_group_uuid)),
            ("sk", self.created_at.clone()),
            ("message_uuid", self.message_uuid.clone()),
            ("message", self.message.clone()),
            ("user_uuid", self.sender.uuid.clone()),
            ("user_display_name", self.sender.display_name.clone()),
            ("user_handle", self.sender.handle.clone()),
        ])
    }
}

/// Every attribute of both shapes is a string.
fn item<const N: usize>(attrs: [(&str, String); N]) -> Item {
    attrs
        .into_iter()
        .map(|(k, v)| (k.to_string(), AttributeValue::S(v)))
        .collect()
}

/// A string attribute of an item, if present and a string.
pub fn get_s<'a>(item: &'a Item, name: &str) -> Option<&'a str> {
    item.get(name)
        .and_then(|v| v.as_s().ok())
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(n: &str) -> User {
        User {
            uuid: format!("uuid-{n}"),
            display_name: format!("Name {n}"),
            handle: n.to_string(),
        }
    }

    #[test]
    fn message_group_shape() {
        let g = MessageGroup {
            owner_uuid: "uuid-me".into(),
            message_group_uuid: "grp".into(),
            last_message_at: "2024-01-01T00:00:00.000000+00:00".into(),
            message: "hello".into(),
            other: user("other"),
        }
        .to_item();
        assert_eq!(g.len(), 7);
        assert_eq!(get_s(&g, "pk"), Some("GRP#uuid-me"));
        assert_eq!(get_s(&g, "sk"), Some("2024-01-01T00:00:00.000000+00:00"));
        assert_eq!(get_s(&g, "message_group_uuid"), Some("grp"));
        assert_eq!(get_s(&g, "message"), Some("hello"));
        assert_eq!(get_s(&g, "user_uuid"), Some("uuid-other"));
        assert_eq!(get_s(&g, "user_display_name"), Some("Name other"));
        assert_eq!(get_s(&g, "user_handle"), Some("other"));
    }

    #[test]
    fn message_group_reads_back() {
        let g = MessageGroup {
            owner_uuid: "uuid-me".into(),
            message_group_uuid: "grp".into(),
            last_message_at: "2024-01-01T00:00:00.000000+00:00".into(),
            message: "hello".into(),
            other: user("other"),
        };
        assert_eq!(MessageGroup::from_item(&g.to_item()), Some(g.clone()));
        assert_eq!(get_s(&g.key().to_item(), "pk"), Some("GRP#uuid-me"));
        let mut not_a_group = g.to_item();
        not_a_group.insert("pk".into(), AttributeValue::S("MSG#grp".into()));
        assert_eq!(MessageGroup::from_item(&not_a_group), None);
        let mut partial = g.to_item();
        partial.remove("user_handle");
        assert_eq!(MessageGroup::from_item(&partial), None);
    }

    #[test]
    fn message_shape() {
        let m = Message {
            message_group_uuid: "grp".into(),
            created_at: "2024-01-01T00:01:00.000000+00:00".into(),
            message_uuid: "m1".into(),
            message: "hi".into(),
            sender: user("me"),
        }
        .to_item();
        assert_eq!(m.len(), 7);
        assert_eq!(get_s(&m, "pk"), Some("MSG#grp"));
        assert_eq!(get_s(&m, "sk"), Some("2024-01-01T00:01:00.000000+00:00"));
        assert_eq!(get_s(&m, "message_uuid"), Some("m1"));
        assert_eq!(get_s(&m, "message"), Some("hi"));
        assert_eq!(get_s(&m, "user_uuid"), Some("uuid-me"));
        assert_eq!(get_s(&m, "user_display_name"), Some("Name me"));
        assert_eq!(get_s(&m, "user_handle"), Some("me"));
    }
}
