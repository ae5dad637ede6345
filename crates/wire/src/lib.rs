//! DynamoDB's wire layer, typed: the request and response of every operation of DynamoDB
//! (62) and DynamoDB Streams (4), generated from their service models, one decoder from
//! bytes to a typed request, the model's constraints checked with DynamoDB's messages, and a
//! validated form of every request with nothing left to unwrap. No I/O.
//!
//! - [`generated::shapes`] (re-exported at the root): a Rust type per structure and enum
//!   shape, with the wire member names (`#[serde(rename)]`); this is the *decoded* form:
//!   every member is an `Option` (a required member that is absent is a validation error, not
//!   a decoding one) and enum members are [`EnumValue`]s (an unknown value is a validation
//!   error too). `AttributeValue` is [`ddb_model::AttributeValue`]; items and keys are
//!   [`ddb_model::Item`]; `ExpressionAttributeValues` is a `HashMap<String, AttributeValue>`.
//! - [`valid`]: the *validated* form of every structure reachable from a request, under the
//!   **same type names** (`ddb_wire::PutItemInput` is decoded, `ddb_wire::valid::PutItemInput`
//!   validated; `ddb_wire::KeySchemaElement` / `ddb_wire::valid::KeySchemaElement`). A
//!   required member is a plain `T`, an optional one stays `Option<T>`, an enum member is the
//!   Rust enum (`valid::ReturnValue`), lists and maps of structures hold validated structures,
//!   and attribute values, items, `StartKey` and blobs are as decoded. `valid` re-exports the
//!   enums and value types it uses, so `use ddb_wire::valid;` is all an operation needs.
//!   Same names rather than a `…Request`/`Valid…` suffix: the model's names (and DynamoDB's
//!   documentation) stay the names the engine reads, and the module says which form it is.
//! - [`Operation`] names all 66 operations and their [`Service`]; [`decode_request`] decodes a
//!   body into a [`Request`]; [`decode`] decodes one request type.
//! - [`DecodeError`] is SerializationException or ValidationException with DynamoDB's text;
//!   [`Validate::violations`] lists the constraint [`Violations`] and
//!   [`Violations::message`] frames them as DynamoDB does.
//! - `validate(self)` on a decoded request ([`Request::validate`], or the inherent
//!   `validate` of each request structure) runs the same checks and, when none fails, moves
//!   the members into the validated form (no copies):
//!
//! ```
//! # use ddb_wire::{decode_request, valid, Operation};
//! # fn main() -> Result<(), String> {
//! let body = br#"{"TableName":"tbl","Item":{"pk":{"S":"a"}},"ReturnValues":"ALL_OLD"}"#;
//! let request = decode_request(Operation::PutItem, body).map_err(|e| e.to_string())?;
//! let request = request.validate().map_err(|v| v.message().unwrap_or_default())?;
//! match request {
//!     valid::Request::PutItem(put) => {
//!         assert_eq!(put.table_name, "tbl");
//!         assert_eq!(put.return_values, Some(valid::ReturnValue::AllOld));
//!     }
//!     _ => unreachable!(),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Regenerate `src/generated/` after changing the models or the generator with
//! `cargo run -p ddb-wire-gen`; the `generated_is_current` test fails when the checked-in
//! code differs from what the generator produces.

pub mod de;
pub mod error;
pub mod show;
pub mod validate;
pub mod value;

/// Code generated from the service models by `ddb-wire-gen`.
pub mod generated {
    #[allow(missing_docs)]
    pub mod operations;
    pub mod shapes;
    pub mod valid;
}

use std::fmt;

use serde::{Serialize, Serializer};

pub use de::{decode, decode_with_fault};
pub use error::{DecodeError, SerializationError, ValueError, ValueLayer};
pub use generated::operations::{decode_request, Operation, Request};
pub use generated::shapes::*;
pub use generated::valid;
pub use validate::{IntoValid, Validate, Violation, Violations};
pub use value::StartKey;

/// The two services on DynamoDB's endpoint, by their `X-Amz-Target` prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Service {
    /// `DynamoDB_20120810`.
    DynamoDb,
    /// `DynamoDBStreams_20120810`.
    DynamoDbStreams,
}

impl Service {
    /// The prefix of `X-Amz-Target` (before the dot).
    pub fn target_prefix(self) -> &'static str {
        match self {
            Service::DynamoDb => "DynamoDB_20120810",
            Service::DynamoDbStreams => "DynamoDBStreams_20120810",
        }
    }
}

impl Operation {
    /// The operation an `X-Amz-Target` header names (`DynamoDB_20120810.PutItem`).
    pub fn from_target(target: &str) -> Option<Operation> {
        let (prefix, name) = target.split_once('.')?;
        let service = [Service::DynamoDb, Service::DynamoDbStreams]
            .into_iter()
            .find(|s| s.target_prefix() == prefix)?;
        Operation::named(service, name)
    }
}

/// An enum shape of the service models.
pub trait WireEnum: Copy + Sized + 'static {
    /// Every value, in the model's order.
    const ALL: &'static [Self];
    /// The values as DynamoDB lists them in "Member must satisfy enum value set".
    const SHOWN: &'static [&'static str];
    /// The value on the wire.
    fn as_str(self) -> &'static str;
    /// The value a wire string names.
    fn from_wire(text: &str) -> Option<Self>;
}

/// A string that is not a value of the enum it was parsed as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownEnumValue(pub String);

impl fmt::Display for UnknownEnumValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown enum value {:?}", self.0)
    }
}

impl std::error::Error for UnknownEnumValue {}

/// An enum member as sent: one of the enum's values, or another string (which validation
/// reports, as DynamoDB does, instead of failing the decoding).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EnumValue<E> {
    /// A value of the enum.
    Known(E),
    /// Any other string.
    Unknown(String),
}

impl<E: WireEnum> EnumValue<E> {
    /// The value, if it is one of the enum's.
    pub fn known(&self) -> Option<E> {
        match self {
            EnumValue::Known(e) => Some(*e),
            EnumValue::Unknown(_) => None,
        }
    }

    /// The string as sent.
    pub fn as_str(&self) -> &str {
        match self {
            EnumValue::Known(e) => e.as_str(),
            EnumValue::Unknown(s) => s,
        }
    }
}

impl<E> From<E> for EnumValue<E> {
    fn from(e: E) -> EnumValue<E> {
        EnumValue::Known(e)
    }
}

impl<E: WireEnum> Serialize for EnumValue<E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Binary data (base64 on the wire).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Blob(pub Vec<u8>);

impl Serialize for Blob {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&ddb_model::value::encode_base64(&self.0))
    }
}
