//! One change record: what a write did to one item, with the images the stream's view type
//! keeps, as it is stored beside the item and as GetRecords shows it.
//!
//! Stored form: event (1 byte), flags (1), creation time in epoch ms (8), SizeBytes (4), then
//! the keys, the old image and the new image, each as a 4-byte length (`u32::MAX` for none)
//! and ddb's item codec.

use ddb_model::codec::{decode_item, item_to_bytes};
use ddb_model::size::item_size;
use ddb_model::{AttributeValue, Item};

use super::def::{sequence_to_wire, StreamDef};
use crate::schema::{KeySchema, StreamView};

/// The kind of change, as `eventName` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventName {
    /// A new item.
    Insert,
    /// An item changed.
    Modify,
    /// An item deleted.
    Remove,
}

impl EventName {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            EventName::Insert => "INSERT",
            EventName::Modify => "MODIFY",
            EventName::Remove => "REMOVE",
        }
    }

    fn code(self) -> u8 {
        match self {
            EventName::Insert => 1,
            EventName::Modify => 2,
            EventName::Remove => 3,
        }
    }

    fn from_code(code: u8) -> Option<EventName> {
        match code {
            1 => Some(EventName::Insert),
            2 => Some(EventName::Modify),
            3 => Some(EventName::Remove),
            _ => None,
        }
    }
}

/// Who made a change: a caller, or DynamoDB itself (a TTL deletion, which records carry as
/// `userIdentity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A request.
    Caller,
    /// Time to live.
    TimeToLive,
}

/// A change to one item.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeRecord {
    /// INSERT, MODIFY or REMOVE.
    pub event: EventName,
    /// Who made it.
    pub origin: Origin,
    /// When, in epoch milliseconds.
    pub at_ms: u64,
    /// The record's size as DynamoDB reports it (`SizeBytes`).
    pub size_bytes: u32,
    /// The item's primary key.
    pub keys: Item,
    /// The item before, when the view type keeps it.
    pub old_image: Option<Item>,
    /// The item after, when the view type keeps it.
    pub new_image: Option<Item>,
}

/// The attributes of the table's primary key in `item`.
fn key_attributes(item: &Item, key: &KeySchema) -> Item {
    key.attributes()
        .filter_map(|a| Some((a.name.clone(), item.get(&a.name)?.clone())))
        .collect()
}

impl ChangeRecord {
    /// The record of a write from `old` to `new` on a stream of view type `view`; `None` when
    /// the write changed nothing (DynamoDB writes no record for an identical Put, an update
    /// whose result equals the item, or a delete of a missing item).
    pub fn of_change(
        view: StreamView,
        key: &KeySchema,
        (old, new): (Option<&Item>, Option<&Item>),
        origin: Origin,
        at_ms: u64,
    ) -> Option<ChangeRecord> {
        let (event, some) = match (old, new) {
            (None, None) => return None,
            (Some(o), Some(n)) if same_item(o, n) => return None,
            (None, Some(n)) => (EventName::Insert, n),
            (Some(_), Some(n)) => (EventName::Modify, n),
            (Some(o), None) => (EventName::Remove, o),
        };
        let keys = key_attributes(some, key);
        let (keep_old, keep_new) = match view {
            StreamView::KeysOnly => (false, false),
            StreamView::NewImage => (false, true),
            StreamView::OldImage => (true, false),
            StreamView::NewAndOldImages => (true, true),
        };
        let old_image = old.filter(|_| keep_old).cloned();
        let new_image = new.filter(|_| keep_new).cloned();
        let size = item_size(&keys)
            + old_image.as_ref().map(item_size).unwrap_or(0)
            + new_image.as_ref().map(item_size).unwrap_or(0);
        Some(ChangeRecord {
            event,
            origin,
            at_ms,
            size_bytes: u32::try_from(size).unwrap_or(u32::MAX),
            keys,
            old_image,
            new_image,
        })
    }

    /// The stored form.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + usize::try_from(self.size_bytes).unwrap_or(0));
        out.push(self.event.code());
        out.push(u8::from(self.origin == Origin::TimeToLive));
        out.extend_from_slice(&self.at_ms.to_be_bytes());
        out.extend_from_slice(&self.size_bytes.to_be_bytes());
        for part in [
            Some(&self.keys),
            self.old_image.as_ref(),
            self.new_image.as_ref(),
        ] {
            match part {
                Some(item) => {
                    let bytes = item_to_bytes(item);
                    out.extend_from_slice(&u32::try_from(bytes.len()).unwrap_or(0).to_be_bytes());
                    out.extend_from_slice(&bytes);
                }
                None => out.extend_from_slice(&u32::MAX.to_be_bytes()),
            }
        }
        out
    }

    /// Reads the stored form; `None` for bytes no ddb wrote.
    pub fn decode(bytes: &[u8]) -> Option<ChangeRecord> {
        let event = EventName::from_code(*bytes.first()?)?;
        let origin = match *bytes.get(1)? {
            0 => Origin::Caller,
            _ => Origin::TimeToLive,
        };
        let at_ms = u64::from_be_bytes(bytes.get(2..10)?.try_into().ok()?);
        let size_bytes = u32::from_be_bytes(bytes.get(10..14)?.try_into().ok()?);
        let mut at = 14;
        let mut part = || -> Option<Option<Item>> {
            let len = u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?);
            at += 4;
            if len == u32::MAX {
                return Some(None);
            }
            let len = usize::try_from(len).ok()?;
            let item = decode_item(bytes.get(at..at + len)?).ok()?;
            at += len;
            Some(Some(item))
        };
        let keys = part()??;
        let old_image = part()?;
        let new_image = part()?;
        Some(ChangeRecord {
            event,
            origin,
            at_ms,
            size_bytes,
            keys,
            old_image,
            new_image,
        })
    }

    /// The creation time of a stored record, without decoding the rest.
    pub fn stored_at_ms(bytes: &[u8]) -> Option<u64> {
        Some(u64::from_be_bytes(bytes.get(2..10)?.try_into().ok()?))
    }
}

/// `eventVersion` as DynamoDB Streams sends it today.
const EVENT_VERSION: &str = "1.1";
/// `eventSource` of every record.
const EVENT_SOURCE: &str = "aws:dynamodb";
/// The service principal of time-to-live deletions.
const TTL_PRINCIPAL: &str = "dynamodb.amazonaws.com";

impl ChangeRecord {
    /// The record as GetRecords shows it, at `sequence` in the stream `def`, in `region`.
    pub fn to_wire(self, sequence: u64, def: &StreamDef, region: &str) -> ddb_wire::Record {
        let event_name = match self.event {
            EventName::Insert => ddb_wire::OperationType::Insert,
            EventName::Modify => ddb_wire::OperationType::Modify,
            EventName::Remove => ddb_wire::OperationType::Remove,
        };
        let view = ddb_wire::valid::StreamViewType::from(def.view);
        ddb_wire::Record {
            event_id: Some(event_id(def, sequence)),
            event_name: Some(event_name.into()),
            event_version: Some(EVENT_VERSION.into()),
            event_source: Some(EVENT_SOURCE.into()),
            aws_region: Some(region.into()),
            dynamodb: Some(ddb_wire::StreamRecord {
                // Whole seconds: DynamoDB rounds the creation time down.
                approximate_creation_date_time: Some((self.at_ms / 1000) as f64),
                keys: Some(self.keys),
                new_image: self.new_image,
                old_image: self.old_image,
                sequence_number: Some(sequence_to_wire(sequence)),
                size_bytes: Some(i64::from(self.size_bytes)),
                stream_view_type: Some(view.into()),
            }),
            user_identity: (self.origin == Origin::TimeToLive).then(|| ddb_wire::Identity {
                principal_id: Some(TTL_PRINCIPAL.into()),
                r#type: Some("Service".into()),
            }),
        }
    }
}

/// A record's eventID: 32 hex digits, the same for the same record on every read.
fn event_id(def: &StreamDef, sequence: u64) -> String {
    use md5::{Digest, Md5};
    let mut md5 = Md5::new();
    md5.update(def.table_arn.as_bytes());
    md5.update(def.label.as_bytes());
    md5.update(sequence.to_be_bytes());
    md5.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether two items hold the same data. Sets are unordered in DynamoDB, so a set re-sent in
/// another order is no change; maps compare by name already.
pub fn same_item(a: &Item, b: &Item) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b.iter())
            .all(|((ka, va), (kb, vb))| ka == kb && same_value(va, vb))
}

fn same_value(a: &AttributeValue, b: &AttributeValue) -> bool {
    use AttributeValue::*;
    match (a, b) {
        (M(x), M(y)) => same_item(x, y),
        (L(x), L(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_value(p, q)),
        (Ss(x), Ss(y)) => same_members(x, y),
        (Bs(x), Bs(y)) => same_members(x, y),
        (Ns(x), Ns(y)) => x.len() == y.len() && x.iter().all(|n| y.contains(n)),
        _ => a == b,
    }
}

/// Same members in any order (sets have no duplicates).
fn same_members<T: PartialEq>(x: &[T], y: &[T]) -> bool {
    x.len() == y.len() && x.iter().all(|m| y.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{KeyAttribute, ScalarType};

    fn key() -> KeySchema {
        KeySchema::single(
            KeyAttribute {
                name: "pk".into(),
                ty: ScalarType::S,
            },
            None,
        )
    }

    fn item(pairs: &[(&str, AttributeValue)]) -> Item {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn no_record_for_a_write_that_changes_nothing() {
        let a = item(&[
            ("pk", AttributeValue::S("k".into())),
            ("s", AttributeValue::Ss(vec!["x".into(), "y".into()])),
        ]);
        let b = item(&[
            ("pk", AttributeValue::S("k".into())),
            ("s", AttributeValue::Ss(vec!["y".into(), "x".into()])),
        ]);
        let view = StreamView::NewAndOldImages;
        let none = ChangeRecord::of_change(view, &key(), (Some(&a), Some(&b)), Origin::Caller, 1);
        assert_eq!(none, None);
        assert_eq!(
            ChangeRecord::of_change(view, &key(), (None, None), Origin::Caller, 1),
            None
        );
    }

    #[test]
    fn images_follow_the_view_type_and_the_record_round_trips() {
        let old = item(&[
            ("pk", AttributeValue::S("k".into())),
            ("v", AttributeValue::Bool(true)),
        ]);
        let new = item(&[("pk", AttributeValue::S("k".into()))]);
        let items = (Some(&old), Some(&new));
        let keys_only =
            ChangeRecord::of_change(StreamView::KeysOnly, &key(), items, Origin::Caller, 5)
                .unwrap();
        assert_eq!(keys_only.event, EventName::Modify);
        assert_eq!(
            (keys_only.old_image.is_none(), keys_only.new_image.is_none()),
            (true, true)
        );
        assert_eq!(keys_only.size_bytes, 3);
        let both = ChangeRecord::of_change(
            StreamView::NewAndOldImages,
            &key(),
            (Some(&old), None),
            Origin::TimeToLive,
            7,
        )
        .unwrap();
        assert_eq!(both.event, EventName::Remove);
        assert_eq!(both.new_image, None);
        assert_eq!(ChangeRecord::decode(&both.encode()), Some(both.clone()));
        assert_eq!(ChangeRecord::stored_at_ms(&both.encode()), Some(7));
    }
}
