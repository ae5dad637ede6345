//! ddb's data model: DynamoDB attribute values and numbers, item size, the order-preserving key
//! encoding, capacity-unit arithmetic, and the error kinds DynamoDB answers with. Pure: no I/O.

pub mod capacity;
pub mod codec;
pub mod error;
pub mod key_encoding;
pub mod number;
pub mod size;
pub mod value;

pub use error::{DynamoError, DynamoResult, ErrorKind, MessageFamily};
pub use number::{Number, NumberError};
pub use value::{AttributeValue, Item, ValueType};
