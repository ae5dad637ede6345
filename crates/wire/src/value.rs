//! Attribute values and items on the wire: read straight into `ddb_model`'s types, with
//! DynamoDB's checks (exactly one type, valid numbers and base64, non-empty sets without
//! duplicates, NULL true) reported through the decoding context.

use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;

use base64::Engine as _;
use ddb_model::value::encode_base64;
use ddb_model::{AttributeValue, Item, Number};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Serialize, Serializer};

use crate::de::{
    member, reject_scalars, skip, structure_mismatch, BlobC, Bool, Codec, Cx, KeySeed, ListOf,
    NumC, Optional, Pos, Str,
};
use crate::error::{Base64Fault, SerializationError, SetType, ValueError};

const AV_CLASS: &str = "com.amazonaws.dynamodb.v20120810.AttributeValue";

/// Decodes base64 as DynamoDB's JSON reader does, with its reasons for refusing.
pub(crate) fn decode_base64(text: &str) -> Result<Vec<u8>, Base64Fault> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| {
            if !text.len().is_multiple_of(4) {
                Base64Fault::Length(text.len())
            } else {
                match e {
                    base64::DecodeError::InvalidByte(_, byte) if byte != b'=' => {
                        Base64Fault::Character(byte as char)
                    }
                    _ => Base64Fault::LastCharacter,
                }
            }
        })
}

/// An attribute value.
pub struct AvC;

impl Codec for AvC {
    type Out = AttributeValue;
    fn java(out: &mut String) {
        out.push_str(AV_CLASS);
    }
    fn decode<'de, D: Deserializer<'de>>(
        d: D,
        cx: &Cx,
        pos: Pos,
    ) -> Result<AttributeValue, D::Error> {
        // `null` never reaches here: callers read members and elements as optional.
        Ok(d.deserialize_any(AvVisitor(cx, pos))?
            .unwrap_or(AttributeValue::Null))
    }
    #[inline]
    fn decode_nullable<'de, D: Deserializer<'de>>(
        d: D,
        cx: &Cx,
        pos: Pos,
    ) -> Result<Option<AttributeValue>, D::Error> {
        d.deserialize_any(AvVisitor(cx, pos))
    }
}

/// Reads an attribute value; `null` is `None` (so that an item's values need no separate
/// optional layer: items are the bulk of request bodies).
struct AvVisitor<'a>(&'a Cx, Pos);

/// Records an empty set or one with duplicates.
fn check_set<T: PartialEq>(cx: &Cx, set: SetType, members: &[T], show: impl Fn(&T) -> String) {
    if members.is_empty() {
        cx.fault(ValueError::EmptySet(set));
        return;
    }
    for (i, m) in members.iter().enumerate() {
        if members[..i].contains(m) {
            cx.fault(ValueError::Duplicates {
                set,
                members: members.iter().map(show).collect(),
            });
            return;
        }
    }
}

impl<'de> Visitor<'de> for AvVisitor<'_> {
    type Value = Option<AttributeValue>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an attribute value")
    }
    reject_scalars!(|s: Self| structure_mismatch(s.0, s.1));
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<Self::Value, A::Error> {
        Err(self.0.fail(SerializationError::Collection {
            expected: format!("class {AV_CLASS}"),
        }))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let cx = self.0;
        let mut found = None;
        let mut count = 0;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let value = match key.as_str() {
                "S" => member::<Str, A>(&mut map, cx)?.map(AttributeValue::S),
                "N" => member::<NumC, A>(&mut map, cx)?.map(AttributeValue::N),
                "B" => member::<BlobC, A>(&mut map, cx)?.map(|b| AttributeValue::B(b.0)),
                "BOOL" => member::<Bool, A>(&mut map, cx)?.map(AttributeValue::Bool),
                "NULL" => member::<Bool, A>(&mut map, cx)?.map(|b| {
                    if !b {
                        cx.fault(ValueError::NullFalse);
                    }
                    AttributeValue::Null
                }),
                "M" => member::<ItemC, A>(&mut map, cx)?.map(AttributeValue::M),
                "L" => member::<ListOf<AvC>, A>(&mut map, cx)?.map(AttributeValue::L),
                "SS" => member::<ListOf<Str>, A>(&mut map, cx)?.map(|v| {
                    check_set(cx, SetType::String, &v, String::clone);
                    AttributeValue::Ss(v)
                }),
                "NS" => member::<ListOf<NumC>, A>(&mut map, cx)?.map(|v| {
                    // After a bad member (read as zero) this records nothing: the first
                    // fault is kept.
                    check_set(cx, SetType::Number, &v, Number::to_string);
                    AttributeValue::Ns(v)
                }),
                "BS" => member::<ListOf<BlobC>, A>(&mut map, cx)?.map(|v| {
                    let v: Vec<Vec<u8>> = v.into_iter().map(|b| b.0).collect();
                    check_set(cx, SetType::Binary, &v, |b| encode_base64(b));
                    AttributeValue::Bs(v)
                }),
                _ => {
                    skip(&mut map)?;
                    None
                }
            };
            if let Some(v) = value {
                count += 1;
                found = Some(v);
            }
        }
        match count {
            0 => cx.fault(ValueError::Empty),
            1 => {}
            _ => cx.fault(ValueError::MultipleTypes),
        }
        Ok(Some(found.unwrap_or(AttributeValue::Null)))
    }
}

/// The seed reading an item's value (`None` for `null`).
struct AvSeed<'a>(&'a Cx);

impl<'de> DeserializeSeed<'de> for AvSeed<'_> {
    type Value = Option<AttributeValue>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(AvVisitor(self.0, Pos::Value))
    }
}

struct ItemVisitor<'a>(&'a Cx, Pos);

impl<'de> Visitor<'de> for ItemVisitor<'_> {
    type Value = Item;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an item")
    }
    reject_scalars!(|s: Self| s.0.fail::<E>(match s.1 {
        Pos::Field => SerializationError::UnexpectedField,
        Pos::Value => SerializationError::ParameterizedCast,
    }));
    fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<Item, A::Error> {
        let mut expected = String::new();
        ItemC::java(&mut expected);
        Err(self.0.fail(SerializationError::Collection { expected }))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Item, A::Error> {
        let mut item = Item::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if let Some(v) = map.next_value_seed(AvSeed(self.0))? {
                item.insert(key.into_string(), v);
            }
        }
        Ok(item)
    }
}

/// An item or key: attribute names to values.
pub struct ItemC;

impl Codec for ItemC {
    type Out = Item;
    fn java(out: &mut String) {
        out.push_str("java.util.Map<java.lang.String, ");
        out.push_str(AV_CLASS);
        out.push('>');
    }
    fn decode<'de, D: Deserializer<'de>>(d: D, cx: &Cx, pos: Pos) -> Result<Item, D::Error> {
        d.deserialize_any(ItemVisitor(cx, pos))
    }
}

/// `ExpressionAttributeValues`: a bad value is reported with the placeholder it stands for.
pub struct ExpressionValuesC;

impl Codec for ExpressionValuesC {
    type Out = HashMap<String, AttributeValue>;
    fn java(out: &mut String) {
        ItemC::java(out);
    }
    fn decode<'de, D: Deserializer<'de>>(d: D, cx: &Cx, pos: Pos) -> Result<Self::Out, D::Error> {
        d.deserialize_any(ExpressionValuesVisitor(cx, pos))
    }
}

struct ExpressionValuesVisitor<'a>(&'a Cx, Pos);

impl<'de> Visitor<'de> for ExpressionValuesVisitor<'_> {
    type Value = HashMap<String, AttributeValue>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of attribute values")
    }
    reject_scalars!(|s: Self| s.0.fail::<E>(match s.1 {
        Pos::Field => SerializationError::UnexpectedField,
        Pos::Value => SerializationError::ParameterizedCast,
    }));
    fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<Self::Value, A::Error> {
        let mut expected = String::new();
        ItemC::java(&mut expected);
        Err(self.0.fail(SerializationError::Collection { expected }))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let cx = self.0;
        let mut out = HashMap::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let before = cx.has_fault();
            let value = map.next_value_seed(Optional::<AvC>(cx, Pos::Value, PhantomData))?;
            let key = key.into_string();
            if !before {
                if let Some(error) = cx.take_fault() {
                    cx.restore_fault(Some(ValueError::InExpressionValues {
                        key: key.clone(),
                        error: Box::new(error),
                    }));
                }
            }
            if let Some(v) = value {
                out.insert(key, v);
            }
        }
        Ok(out)
    }
}

/// A Query's or Scan's `ExclusiveStartKey`: the key, or the fault of one of its values.
/// DynamoDB checks the starting key only after the rest of the request, so a fault here does
/// not fail the decoding; the operation reports it in its turn.
#[derive(Debug, Clone, PartialEq)]
pub struct StartKey(pub Result<Item, ValueError>);

impl Serialize for StartKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Ok(item) => item.serialize(serializer),
            Err(_) => Item::new().serialize(serializer),
        }
    }
}

/// Reads a [`StartKey`].
pub struct StartKeyC;

impl Codec for StartKeyC {
    type Out = StartKey;
    fn java(out: &mut String) {
        ItemC::java(out);
    }
    fn decode<'de, D: Deserializer<'de>>(d: D, cx: &Cx, pos: Pos) -> Result<StartKey, D::Error> {
        let earlier = cx.take_fault();
        let item = ItemC::decode(d, cx, pos);
        let fault = cx.take_fault();
        cx.restore_fault(earlier);
        let item = item?;
        Ok(StartKey(match fault {
            Some(f) => Err(f),
            None => Ok(item),
        }))
    }
}

/// Decodes one attribute value from JSON text (for tests and tools).
pub fn decode_value(json: &[u8]) -> Result<AttributeValue, crate::DecodeError> {
    /// A one-member wrapper, so the value goes through the request decoder.
    #[derive(Default)]
    struct One(Option<AttributeValue>);
    impl crate::de::DecodeStruct for One {
        const JAVA: &'static str = "value";
        fn member<'de, A: MapAccess<'de>>(
            &mut self,
            _name: &str,
            map: &mut A,
            cx: &Cx,
        ) -> Result<(), A::Error> {
            self.0 = map.next_value_seed(Optional::<AvC>(cx, Pos::Value, PhantomData))?;
            Ok(())
        }
    }
    let mut body = b"{\"v\":".to_vec();
    body.extend_from_slice(json);
    body.push(b'}');
    let one: One = crate::de::decode(&body)?;
    Ok(one.0.unwrap_or(AttributeValue::Null))
}
