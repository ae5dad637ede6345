//! What can go wrong turning a request body into a typed request, as DynamoDB words it.
//!
//! Two exceptions come out of decoding: SerializationException (the body is not JSON, or a
//! member has the wrong JSON type) and ValidationException (an attribute value breaks
//! DynamoDB's rules for attribute values). Each message is built here, once, by `Display`;
//! `docs/research/serialization-messages.md` gives the source of every text.

use std::fmt;

use ddb_model::value::{
    MSG_EMPTY_BS, MSG_EMPTY_NS, MSG_EMPTY_SS, MSG_EMPTY_VALUE, MSG_MULTIPLE_TYPES, MSG_NULL_FALSE,
};
use ddb_model::NumberError;

/// Why a request body does not decode.
#[derive(Debug, Clone, PartialEq)]
pub enum DecodeError {
    /// DynamoDB's `SerializationException`.
    Serialization(SerializationError),
    /// DynamoDB's `ValidationException`, found while reading an attribute value.
    Validation(ValueError),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Serialization(e) => e.fmt(f),
            DecodeError::Validation(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for DecodeError {}

impl From<DecodeError> for ddb_model::DynamoError {
    fn from(e: DecodeError) -> Self {
        e.into_dynamo(ValueLayer::Current)
    }
}

impl DecodeError {
    /// The error DynamoDB answers, an attribute-value fault worded by `layer`.
    pub fn into_dynamo(self, layer: ValueLayer) -> ddb_model::DynamoError {
        match self {
            DecodeError::Serialization(e) => ddb_model::DynamoError::serialization(e.to_string()),
            DecodeError::Validation(e) => {
                let family = e.family();
                let error = ddb_model::DynamoError::validation(e.text(layer));
                match family {
                    Some(family) => error.in_family(family),
                    None => error,
                }
            }
        }
    }
}

/// A JSON value as DynamoDB's JSON reader names it in a type mismatch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// `true`.
    True,
    /// `false`.
    False,
    /// A number without fraction or exponent.
    Number,
    /// A number with a fraction or an exponent.
    Decimal,
    /// A string.
    String,
}

impl Found {
    /// The reader's name for the value: `TRUE_VALUE`, `NUMBER_VALUE`, ...
    pub fn token(self) -> &'static str {
        match self {
            Found::True => "TRUE_VALUE",
            Found::False => "FALSE_VALUE",
            Found::Number => "NUMBER_VALUE",
            Found::Decimal => "DECIMAL_VALUE",
            Found::String => "STRING_VALUE",
        }
    }
}

/// The message of a `SerializationException`.
#[derive(Debug, Clone, PartialEq)]
pub enum SerializationError {
    /// The body is not JSON: DynamoDB sends no message.
    Malformed,
    /// A scalar of the wrong kind where a scalar was expected:
    /// `NUMBER_VALUE cannot be converted to String`.
    Scalar {
        /// What the body holds.
        found: Found,
        /// The Java type DynamoDB wanted: `String`, `Integer`, `Long`, `Boolean`, `Double`, ...
        expected: &'static str,
    },
    /// A JSON array where something else was expected:
    /// `Unrecognized collection type class java.lang.String`. `expected` is the Java type
    /// shown, as DynamoDB shows it (`class X` for classes, a generic type for maps).
    Collection {
        /// The Java type DynamoDB wanted.
        expected: String,
    },
    /// A JSON object where a scalar or list was expected.
    StructureFound,
    /// A scalar where a list, map or structure member was expected.
    UnexpectedField,
    /// A scalar where a structure was expected as a list element or map value.
    UnexpectedValue,
    /// A scalar where a list or map was expected as a list element or map value: DynamoDB's
    /// reader fails with a Java cast error here, and says so.
    ParameterizedCast,
    /// A string that is not a boolean where a boolean was expected.
    UnexpectedToken,
    /// A non-string where binary (base64) was expected.
    NotBase64String,
    /// A string that is not valid base64.
    Base64(Base64Fault),
}

/// Why a text is not base64, in the words of DynamoDB's decoder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base64Fault {
    /// The length is not a multiple of 4.
    Length(usize),
    /// A character outside the alphabet.
    Character(char),
    /// The last character before the padding has bits that do not fit.
    LastCharacter,
}

/// Java's message when DynamoDB's reader casts a generic type (seen for a scalar given where
/// a list or map is expected as a list element or map value).
pub const MSG_PARAMETERIZED_CAST: &str = "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and java.lang.Class are in module java.base of loader 'bootstrap')";

impl fmt::Display for SerializationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SerializationError::Malformed => Ok(()),
            SerializationError::Scalar { found, expected } => {
                write!(f, "{} cannot be converted to {expected}", found.token())
            }
            SerializationError::Collection { expected } => {
                write!(f, "Unrecognized collection type {expected}")
            }
            SerializationError::StructureFound => {
                f.write_str("Start of structure or map found where not expected")
            }
            SerializationError::UnexpectedField => f.write_str("Unexpected field type"),
            SerializationError::UnexpectedValue => f.write_str("Unexpected value type in payload"),
            SerializationError::ParameterizedCast => f.write_str(MSG_PARAMETERIZED_CAST),
            SerializationError::UnexpectedToken => {
                f.write_str("Unexpected token received from parser")
            }
            SerializationError::NotBase64String => {
                f.write_str("only base-64-encoded strings are convertible to bytes")
            }
            SerializationError::Base64(fault) => fault.fmt(f),
        }
    }
}

impl fmt::Display for Base64Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Base64Fault::Length(n) => write!(
                f,
                "Base64 encoded length is expected a multiple of 4 bytes but found: {n}"
            ),
            Base64Fault::Character(c) => write!(f, "Invalid Base64 character: '{c}'"),
            // "dectected" is DynamoDB's spelling.
            Base64Fault::LastCharacter => {
                f.write_str("Invalid last non-pad Base64 character dectected")
            }
        }
    }
}

/// A set type, for the messages about sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetType {
    /// `SS`.
    String,
    /// `NS`.
    Number,
    /// `BS`.
    Binary,
}

/// An attribute value that breaks DynamoDB's rules: the message of a `ValidationException`.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueError {
    /// No type given: `{}`.
    Empty,
    /// More than one type given.
    MultipleTypes,
    /// `{"NULL": false}`.
    NullFalse,
    /// A set with no members.
    EmptySet(SetType),
    /// A set with a member twice; the members as sent (numbers normalised, binaries in base64).
    Duplicates {
        /// The set's type.
        set: SetType,
        /// Every member, in order.
        members: Vec<String>,
    },
    /// A number that DynamoDB does not take, with the text sent.
    Number {
        /// Why.
        error: NumberError,
        /// The text.
        text: String,
    },
    /// A bad value in `ExpressionAttributeValues`, named by its placeholder.
    InExpressionValues {
        /// The placeholder (`:v`).
        key: String,
        /// What is wrong with the value.
        error: Box<ValueError>,
    },
}

impl ValueError {
    /// Whether this is a fault of the value's shape (no type, several, NULL false, an empty
    /// string set) rather than of its contents: DynamoDB reports an `ExclusiveStartKey` with
    /// such a fault as "The provided starting key is invalid".
    pub fn is_shape_fault(&self) -> bool {
        matches!(
            self,
            ValueError::Empty
                | ValueError::MultipleTypes
                | ValueError::NullFalse
                | ValueError::EmptySet(SetType::String)
        )
    }

    /// The message family for DynamoDB's 2026 envelope: the set and number checks, which
    /// AWS captures show enveloped on PutItem. A value with no type, several types or
    /// `NULL: false` has no 2026 capture and stays out (bare on every operation).
    pub fn family(&self) -> Option<ddb_model::MessageFamily> {
        match self {
            ValueError::EmptySet(_) | ValueError::Duplicates { .. } | ValueError::Number { .. } => {
                Some(ddb_model::MessageFamily::AttributeValue)
            }
            ValueError::InExpressionValues { error, .. } => error.family(),
            ValueError::Empty | ValueError::MultipleTypes | ValueError::NullFalse => None,
        }
    }
}

/// Which of DynamoDB's two validation layers words an attribute-value fault. Its 2026 layer
/// (PutItem, UpdateItem, DeleteItem, GetItem, BatchGetItem, Query, Scan) lists a set's
/// duplicates sorted up to the first repeat, names no number set's members, and never wraps an
/// ExpressionAttributeValues value's fault; its older layer (BatchWriteItem and the
/// transactions) lists duplicates as sent, unquoted, wraps a value's fault in `... for key :v`,
/// and words two numbers its own way (paritysuite/dynamodb-conformance error-messages
/// valueLayers, run against AWS in 2026; docs/research/conformance-replay-paritysuite.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ValueLayer {
    /// The 2026 layer.
    #[default]
    Current,
    /// BatchWriteItem's and the transactions'.
    Older,
}

impl ValueError {
    /// The fault's message as `layer` words it.
    pub fn text(&self, layer: ValueLayer) -> String {
        match self {
            ValueError::Empty => MSG_EMPTY_VALUE.to_string(),
            ValueError::MultipleTypes => MSG_MULTIPLE_TYPES.to_string(),
            ValueError::NullFalse => MSG_NULL_FALSE.to_string(),
            ValueError::EmptySet(SetType::String) => MSG_EMPTY_SS.to_string(),
            ValueError::EmptySet(SetType::Number) => MSG_EMPTY_NS.to_string(),
            ValueError::EmptySet(SetType::Binary) => MSG_EMPTY_BS.to_string(),
            ValueError::Duplicates { set, members } => duplicates_text(*set, members, layer),
            ValueError::Number { error, text } => number_text(*error, text, layer),
            ValueError::InExpressionValues { key, error } => match layer {
                ValueLayer::Current => error.text(layer),
                ValueLayer::Older => format!(
                    "ExpressionAttributeValues contains invalid value: {} for key {key}",
                    error.text(layer)
                ),
            },
        }
    }
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(ValueLayer::Current))
    }
}

/// `One or more parameter values were invalid: Input collection [...] contains duplicates.`
/// in `layer`'s form. The current layer sorts the members (binaries by their bytes) as it
/// meets them and stops at the first repeat, which it lists last; it quotes each member and
/// names only a binary set's type, with no space before it and a bare comma between binaries
/// (`["a", "b", "b"]`, `["AA==","/w=="]of type BS`); a number set's members are not listed.
/// The older layer lists the members as sent, unquoted (`[b, a, b]`), and words a number set
/// without the frame or the period.
fn duplicates_text(set: SetType, members: &[String], layer: ValueLayer) -> String {
    const FRAME: &str = "One or more parameter values were invalid: ";
    let type_note = if set == SetType::Binary {
        "of type BS"
    } else {
        ""
    };
    match (layer, set) {
        (ValueLayer::Current, SetType::Number) => {
            format!("{FRAME}Input collection contains duplicates.")
        }
        (ValueLayer::Older, SetType::Number) => "Input collection contains duplicates".to_string(),
        (ValueLayer::Older, _) => format!(
            "{FRAME}Input collection [{}]{type_note} contains duplicates.",
            members.join(", ")
        ),
        (ValueLayer::Current, _) => {
            let listed: Vec<String> = up_to_first_repeat(set, members)
                .iter()
                .map(|m| format!("\"{m}\""))
                .collect();
            let separator = if set == SetType::Binary { "," } else { ", " };
            format!(
                "{FRAME}Input collection [{}]{type_note} contains duplicates.",
                listed.join(separator)
            )
        }
    }
}

/// The members in sorted order (binaries by their decoded bytes) up to the first one already
/// seen, which comes last.
fn up_to_first_repeat(set: SetType, members: &[String]) -> Vec<String> {
    use base64::Engine as _;
    let order_key = |m: &String| match set {
        SetType::Binary => base64::engine::general_purpose::STANDARD
            .decode(m)
            .unwrap_or_else(|_| m.as_bytes().to_vec()),
        _ => m.as_bytes().to_vec(),
    };
    let mut seen: std::collections::BTreeMap<Vec<u8>, &String> = Default::default();
    for m in members {
        let key = order_key(m);
        if seen.contains_key(&key) {
            let mut listed: Vec<String> = seen.into_values().cloned().collect();
            listed.push(m.clone());
            return listed;
        }
        seen.insert(key, m);
    }
    seen.into_values().cloned().collect()
}

/// A number's fault in `layer`'s words. Both echo a text that is not a number after a colon;
/// the older layer leaves the colon out for an empty text, and turns an overflow whose
/// magnitude does not fit a 32-bit exponent into an underflow (Java's BigDecimal precision
/// minus scale wraps around there).
fn number_text(error: NumberError, text: &str, layer: ValueLayer) -> String {
    match (error, layer) {
        (NumberError::NotANumber, ValueLayer::Older) if text.is_empty() => {
            NumberError::NotANumber.to_string()
        }
        (NumberError::NotANumber, _) => format!("{}: {text}", NumberError::NotANumber),
        (NumberError::Overflow, ValueLayer::Older) if magnitude_wraps(text) => {
            NumberError::Underflow.to_string()
        }
        (error, _) => error.to_string(),
    }
}

/// Whether the decimal exponent of `text`'s magnitude (integer digits plus written exponent)
/// passes `i32::MAX`.
fn magnitude_wraps(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let (mantissa, exponent) = lower.split_once('e').unwrap_or((&lower, "0"));
    let integer_digits = mantissa
        .trim_start_matches(['-', '+'])
        .split('.')
        .next()
        .map_or(0, |d| d.trim_start_matches('0').len()) as i64;
    let exponent: i64 = exponent.parse().unwrap_or(0);
    integer_digits.saturating_add(exponent) > i64::from(i32::MAX)
}

impl From<SerializationError> for DecodeError {
    fn from(e: SerializationError) -> DecodeError {
        DecodeError::Serialization(e)
    }
}

impl From<ValueError> for DecodeError {
    fn from(e: ValueError) -> DecodeError {
        DecodeError::Validation(e)
    }
}
