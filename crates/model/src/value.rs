//! Attribute values, items, and their JSON form on the wire.
//!
//! The serde `Deserialize` here reads DynamoDB's JSON form for tests, fixtures and tools and
//! refuses what DynamoDB refuses (exactly one type, valid numbers, non-empty sets without
//! duplicates, NULL true) with DynamoDB's texts as plain serde messages. Requests are not read
//! with it: `ddb-wire`'s decoder owns request bodies and their typed errors, and uses the
//! message constants defined here.

use std::collections::BTreeMap;
use std::fmt;

use base64::Engine as _;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

use crate::number::{Number, NumberError};

/// An item: attribute names to values, in name order.
pub type Item = BTreeMap<String, AttributeValue>;

/// One DynamoDB attribute value.
#[derive(Debug, Clone, PartialEq)]
pub enum AttributeValue {
    /// A UTF-8 string.
    S(String),
    /// A number, exact to 38 digits.
    N(Number),
    /// Binary data, already decoded from the base64 of the wire.
    B(Vec<u8>),
    /// A boolean.
    Bool(bool),
    /// The null value (the wire's `{"NULL": true}`; `false` is rejected).
    Null,
    /// A map of named values, nested to any depth DynamoDB allows.
    M(Item),
    /// An ordered list of values of any types.
    L(Vec<AttributeValue>),
    /// A string set: never empty, no duplicates (reading the wire form rejects both).
    Ss(Vec<String>),
    /// A number set: never empty, no two numerically equal members.
    Ns(Vec<Number>),
    /// A binary set: never empty, no duplicates.
    Bs(Vec<Vec<u8>>),
}

/// The type of an attribute value, as DynamoDB names it in `attribute_type` and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueType {
    /// String (`S`).
    S,
    /// Number (`N`).
    N,
    /// Binary (`B`).
    B,
    /// Boolean (`BOOL`).
    Bool,
    /// Null (`NULL`).
    Null,
    /// Map (`M`).
    M,
    /// List (`L`).
    L,
    /// String set (`SS`).
    Ss,
    /// Number set (`NS`).
    Ns,
    /// Binary set (`BS`).
    Bs,
}

impl ValueType {
    /// The type's descriptor on the wire: `S`, `BOOL`, `SS`, ...
    pub fn descriptor(self) -> &'static str {
        match self {
            ValueType::S => "S",
            ValueType::N => "N",
            ValueType::B => "B",
            ValueType::Bool => "BOOL",
            ValueType::Null => "NULL",
            ValueType::M => "M",
            ValueType::L => "L",
            ValueType::Ss => "SS",
            ValueType::Ns => "NS",
            ValueType::Bs => "BS",
        }
    }

    /// Parses a descriptor such as `SS`.
    pub fn from_descriptor(s: &str) -> Option<ValueType> {
        Some(match s {
            "S" => ValueType::S,
            "N" => ValueType::N,
            "B" => ValueType::B,
            "BOOL" => ValueType::Bool,
            "NULL" => ValueType::Null,
            "M" => ValueType::M,
            "L" => ValueType::L,
            "SS" => ValueType::Ss,
            "NS" => ValueType::Ns,
            "BS" => ValueType::Bs,
            _ => return None,
        })
    }
}

impl fmt::Display for ValueType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.descriptor())
    }
}

impl AttributeValue {
    /// Which of the ten types this value is, without its contents.
    pub fn value_type(&self) -> ValueType {
        match self {
            AttributeValue::S(_) => ValueType::S,
            AttributeValue::N(_) => ValueType::N,
            AttributeValue::B(_) => ValueType::B,
            AttributeValue::Bool(_) => ValueType::Bool,
            AttributeValue::Null => ValueType::Null,
            AttributeValue::M(_) => ValueType::M,
            AttributeValue::L(_) => ValueType::L,
            AttributeValue::Ss(_) => ValueType::Ss,
            AttributeValue::Ns(_) => ValueType::Ns,
            AttributeValue::Bs(_) => ValueType::Bs,
        }
    }

    /// How many lists and maps are nested here: 0 for a scalar or set, one per level of list
    /// or map.
    pub fn depth(&self) -> usize {
        match self {
            AttributeValue::M(m) => 1 + m.values().map(AttributeValue::depth).max().unwrap_or(0),
            AttributeValue::L(l) => 1 + l.iter().map(AttributeValue::depth).max().unwrap_or(0),
            _ => 0,
        }
    }

    /// The string, if this is an `S` value; `None` for every other type (including `SS`).
    pub fn as_s(&self) -> Option<&str> {
        match self {
            AttributeValue::S(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is an `N` value; `None` for every other type (including `NS`).
    pub fn as_n(&self) -> Option<&Number> {
        match self {
            AttributeValue::N(n) => Some(n),
            _ => None,
        }
    }
}

/// A value DynamoDB refuses, as a serde error with DynamoDB's text.
fn validation<E: de::Error>(message: impl fmt::Display) -> E {
    E::custom(message)
}

/// ValidationException text for an AttributeValue object that sets no type at all (`{}`).
pub const MSG_EMPTY_VALUE: &str =
    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
/// ValidationException text for an AttributeValue object that sets two or more types.
pub const MSG_MULTIPLE_TYPES: &str =
    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes";
/// ValidationException text for `{"NULL": false}`: DynamoDB only accepts `true` there.
pub const MSG_NULL_FALSE: &str =
    "One or more parameter values were invalid: Null attribute value types must have the value of true";
/// ValidationException text for an empty `SS` (DynamoDB's wording, double space included).
pub const MSG_EMPTY_SS: &str =
    "One or more parameter values were invalid: An string set  may not be empty";
/// ValidationException text for an empty `NS` (DynamoDB's wording, double space included).
pub const MSG_EMPTY_NS: &str =
    "One or more parameter values were invalid: An number set  may not be empty";
/// ValidationException text for an empty `BS`.
pub const MSG_EMPTY_BS: &str =
    "One or more parameter values were invalid: Binary sets should not be empty";

/// How a set's kind shows in its duplicates message: DynamoDB names only a binary set's type,
/// with no space before it, and separates binary members by a bare comma (2026 captures).
#[derive(Clone, Copy)]
enum SetKind {
    Unnamed,
    Binary,
}

fn duplicates_message(items: impl Iterator<Item = String>, kind: SetKind) -> String {
    // Each member quoted: `["a", "a"]`, `["",""]of type BS`.
    let listed: Vec<String> = items.map(|m| format!("\"{m}\"")).collect();
    let (separator, type_note) = match kind {
        SetKind::Unnamed => (", ", ""),
        SetKind::Binary => (",", "of type BS"),
    };
    format!(
        "One or more parameter values were invalid: Input collection [{}]{type_note} contains duplicates.",
        listed.join(separator)
    )
}

fn b64() -> &'static base64::engine::GeneralPurpose {
    &base64::engine::general_purpose::STANDARD
}

/// Encodes binary as DynamoDB's JSON does.
pub fn encode_base64(bytes: &[u8]) -> String {
    b64().encode(bytes)
}

fn decode_base64<E: de::Error>(text: &str) -> Result<Vec<u8>, E> {
    use base64::DecodeError;
    b64().decode(text).map_err(|e| {
        let why = if !text.len().is_multiple_of(4) {
            format!(
                "Base64 encoded length is expected a multiple of 4 bytes but found: {}",
                text.len()
            )
        } else {
            match e {
                DecodeError::InvalidByte(_, byte) if byte != b'=' => {
                    format!("Invalid Base64 character: '{}'", byte as char)
                }
                _ => "Invalid last non-pad Base64 character dectected".to_string(),
            }
        };
        E::custom(format_args!(
            "'{text}' can not be converted to a Blob: {why}"
        ))
    })
}

impl Serialize for AttributeValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        match self {
            AttributeValue::S(s) => map.serialize_entry("S", s)?,
            AttributeValue::N(n) => map.serialize_entry("N", &n.to_string())?,
            AttributeValue::B(b) => map.serialize_entry("B", &encode_base64(b))?,
            AttributeValue::Bool(b) => map.serialize_entry("BOOL", b)?,
            AttributeValue::Null => map.serialize_entry("NULL", &true)?,
            AttributeValue::M(m) => map.serialize_entry("M", m)?,
            AttributeValue::L(l) => map.serialize_entry("L", l)?,
            AttributeValue::Ss(v) => map.serialize_entry("SS", v)?,
            AttributeValue::Ns(v) => map.serialize_entry("NS", &NumberList(v))?,
            AttributeValue::Bs(v) => map.serialize_entry("BS", &BinaryList(v))?,
        }
        map.end()
    }
}

struct NumberList<'a>(&'a [Number]);
impl Serialize for NumberList<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for n in self.0 {
            seq.serialize_element(&n.to_string())?;
        }
        seq.end()
    }
}

struct BinaryList<'a>(&'a [Vec<u8>]);
impl Serialize for BinaryList<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for b in self.0 {
            seq.serialize_element(&encode_base64(b))?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for AttributeValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<AttributeValue, D::Error> {
        deserializer.deserialize_map(ValueVisitor)
    }
}

struct ValueVisitor;

/// A boolean as DynamoDB's JSON layer reads one: `true`/`false`, or the strings true, false,
/// 1, 0, yes and no in any case. Anything else is the usual type error.
struct LenientBool(bool);

impl<'de> Deserialize<'de> for LenientBool {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<LenientBool, D::Error> {
        deserializer.deserialize_any(LenientBoolVisitor)
    }
}

/// An optional boolean request field (ConsistentRead, ScanIndexForward, Enabled, ...), read as
/// DynamoDB's JSON layer reads every boolean: see [`LenientBool`]. For
/// `#[serde(default, deserialize_with = "ddb_model::value::lenient_bool")]`.
pub fn lenient_bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    Ok(Option::<LenientBool>::deserialize(deserializer)?.map(|b| b.0))
}

struct LenientBoolVisitor;

impl<'de> Visitor<'de> for LenientBoolVisitor {
    type Value = LenientBool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<LenientBool, E> {
        Ok(LenientBool(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<LenientBool, E> {
        match v.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Ok(LenientBool(true)),
            "false" | "0" | "no" => Ok(LenientBool(false)),
            _ => Err(de::Error::invalid_type(de::Unexpected::Str(v), &self)),
        }
    }
}

/// A number text parsed into a [`Number`], with DynamoDB's message on failure.
fn parse_number<E: de::Error>(text: &str) -> Result<Number, E> {
    Number::parse(text).map_err(|e| match e {
        // DynamoDB echoes a text that is not a number after a colon, even an empty one.
        NumberError::NotANumber => validation(format!("{e}: {text}")),
        _ => validation(e),
    })
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = AttributeValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an AttributeValue object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AttributeValue, A::Error> {
        let mut found: Option<AttributeValue> = None;
        let mut count = 0;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let value = match key.as_ref() {
                "S" => map.next_value::<Option<String>>()?.map(AttributeValue::S),
                "N" => match map.next_value::<Option<std::borrow::Cow<'de, str>>>()? {
                    Some(text) => Some(AttributeValue::N(parse_number(&text)?)),
                    None => None,
                },
                "B" => match map.next_value::<Option<std::borrow::Cow<'de, str>>>()? {
                    Some(text) => Some(AttributeValue::B(decode_base64(&text)?)),
                    None => None,
                },
                "BOOL" => map
                    .next_value::<Option<LenientBool>>()?
                    .map(|b| AttributeValue::Bool(b.0)),
                "NULL" => match map.next_value::<Option<LenientBool>>()? {
                    Some(LenientBool(true)) => Some(AttributeValue::Null),
                    Some(LenientBool(false)) => return Err(validation(MSG_NULL_FALSE)),
                    None => None,
                },
                "M" => map.next_value::<Option<Item>>()?.map(AttributeValue::M),
                "L" => map
                    .next_value::<Option<Vec<AttributeValue>>>()?
                    .map(AttributeValue::L),
                "SS" => match map.next_value::<Option<Vec<String>>>()? {
                    Some(v) => Some(AttributeValue::Ss(check_set(
                        v,
                        MSG_EMPTY_SS,
                        SetKind::Unnamed,
                        |s| s.clone(),
                    )?)),
                    None => None,
                },
                "NS" => match map.next_value::<Option<Vec<std::borrow::Cow<'de, str>>>>()? {
                    Some(texts) => {
                        let nums = texts
                            .iter()
                            .map(|t| parse_number(t))
                            .collect::<Result<Vec<_>, _>>()?;
                        Some(AttributeValue::Ns(check_set(
                            nums,
                            MSG_EMPTY_NS,
                            SetKind::Unnamed,
                            |n| n.to_string(),
                        )?))
                    }
                    None => None,
                },
                "BS" => match map.next_value::<Option<Vec<std::borrow::Cow<'de, str>>>>()? {
                    Some(texts) => {
                        let bins = texts
                            .iter()
                            .map(|t| decode_base64(t))
                            .collect::<Result<Vec<_>, _>>()?;
                        Some(AttributeValue::Bs(check_set(
                            bins,
                            MSG_EMPTY_BS,
                            SetKind::Binary,
                            |b| encode_base64(b),
                        )?))
                    }
                    None => None,
                },
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                    None
                }
            };
            if let Some(v) = value {
                count += 1;
                found = Some(v);
            }
        }
        match (count, found) {
            (1, Some(v)) => Ok(v),
            (0, _) => Err(validation(MSG_EMPTY_VALUE)),
            _ => Err(validation(MSG_MULTIPLE_TYPES)),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<AttributeValue, A::Error> {
        Err(de::Error::custom("Start of list found where not expected"))
    }
}

/// Rejects empty sets and sets with duplicate members, as DynamoDB does.
fn check_set<T: PartialEq, E: de::Error>(
    members: Vec<T>,
    empty_message: &str,
    kind: SetKind,
    show: impl Fn(&T) -> String,
) -> Result<Vec<T>, E> {
    if members.is_empty() {
        return Err(validation(empty_message));
    }
    for (i, m) in members.iter().enumerate() {
        if members[..i].contains(m) {
            return Err(validation(duplicates_message(
                members.iter().map(show),
                kind,
            )));
        }
    }
    Ok(members)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<AttributeValue, String> {
        serde_json::from_str::<AttributeValue>(json).map_err(|e| {
            let text = e.to_string();
            match text.rfind(" at line ") {
                Some(at) => text[..at].to_string(),
                None => text,
            }
        })
    }

    #[test]
    fn round_trips_every_type() {
        for json in [
            r#"{"S":"hi"}"#,
            r#"{"N":"1.5"}"#,
            r#"{"B":"AAE="}"#,
            r#"{"BOOL":true}"#,
            r#"{"NULL":true}"#,
            r#"{"M":{"a":{"S":"x"}}}"#,
            r#"{"L":[{"N":"1"},{"S":"y"}]}"#,
            r#"{"SS":["a","b"]}"#,
            r#"{"NS":["1","2"]}"#,
            r#"{"BS":["AA=="]}"#,
        ] {
            let v = parse(json).unwrap();
            assert_eq!(serde_json::to_string(&v).unwrap(), json);
        }
    }

    #[test]
    fn dynamodb_messages_for_bad_values() {
        assert_eq!(parse("{}").unwrap_err(), MSG_EMPTY_VALUE);
        assert_eq!(
            parse(r#"{"S":"a","N":"1"}"#).unwrap_err(),
            MSG_MULTIPLE_TYPES
        );
        assert_eq!(parse(r#"{"NULL":false}"#).unwrap_err(), MSG_NULL_FALSE);
        assert_eq!(parse(r#"{"SS":[]}"#).unwrap_err(), MSG_EMPTY_SS);
        assert_eq!(
            parse(r#"{"N":"x"}"#).unwrap_err(),
            "The parameter cannot be converted to a numeric value: x"
        );
        assert_eq!(
            parse(r#"{"N":""}"#).unwrap_err(),
            "The parameter cannot be converted to a numeric value: "
        );
        assert_eq!(
            parse(r#"{"BS":["Yg==","Yg=="]}"#).unwrap_err(),
            r#"One or more parameter values were invalid: Input collection ["Yg==","Yg=="]of type BS contains duplicates."#
        );
        assert_eq!(
            parse(r#"{"BOOL":"No"}"#).unwrap(),
            AttributeValue::Bool(false)
        );
        assert_eq!(parse(r#"{"NULL":"yes"}"#).unwrap(), AttributeValue::Null);
        assert!(parse(r#"{"B":"=+/="}"#)
            .unwrap_err()
            .starts_with("'=+/=' can not be converted to a Blob: Invalid last non-pad Base64 character dectected"));
        assert!(parse(r#"{"B":"YQ="}"#)
            .unwrap_err()
            .starts_with("'YQ=' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3"));
        assert!(parse(r#"{"B":"a*=="}"#)
            .unwrap_err()
            .starts_with("'a*==' can not be converted to a Blob: Invalid Base64 character: '*'"));
        assert!(parse(r#"{"SS":["a","a"]}"#)
            .unwrap_err()
            .contains("contains duplicates"));
        assert_eq!(parse(r#"{"S":null}"#).unwrap_err(), MSG_EMPTY_VALUE);
    }

    #[test]
    fn depth_counts_containers() {
        assert_eq!(parse(r#"{"S":"x"}"#).unwrap().depth(), 0);
        assert_eq!(
            parse(r#"{"M":{"a":{"L":[{"S":"x"}]}}}"#).unwrap().depth(),
            2
        );
    }
}
