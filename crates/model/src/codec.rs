//! The binary form items take in storage: compact, fast to write and read, and independent of
//! the JSON wire form. An item starts with its size as DynamoDB counts it (so capacity and page
//! sizes need no decoding), then its attribute count and attributes. Each value is a one-byte
//! type tag followed by its payload; sizes, lengths and counts are LEB128 varints.
//!
//! [`StoredItem`] serializes a stored item to DynamoDB JSON straight from these bytes, for reads
//! that return whole items.

use serde::ser::{Error as _, SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::number::Number;
use crate::size::item_size;
use crate::value::{encode_base64, AttributeValue, Item};

const TAG_S: u8 = 1;
const TAG_N: u8 = 2;
const TAG_B: u8 = 3;
const TAG_TRUE: u8 = 4;
const TAG_FALSE: u8 = 5;
const TAG_NULL: u8 = 6;
const TAG_M: u8 = 7;
const TAG_L: u8 = 8;
const TAG_SS: u8 = 9;
const TAG_NS: u8 = 10;
const TAG_BS: u8 = 11;

/// Stored bytes that do not decode: storage corruption or a bug, never user input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("corrupt stored item at byte {0}")]
pub struct CodecError(pub usize);

/// Appends the stored form of an item.
pub fn encode_item(item: &Item, out: &mut Vec<u8>) {
    put_len(item_size(item), out);
    encode_map(item, out);
}

/// Appends a map's attributes (an item without its size).
fn encode_map(item: &Item, out: &mut Vec<u8>) {
    put_len(item.len(), out);
    for (name, value) in item {
        put_bytes(name.as_bytes(), out);
        encode_value(value, out);
    }
}

/// The stored form of an item.
pub fn item_to_bytes(item: &Item) -> Vec<u8> {
    let mut out = Vec::with_capacity(128);
    encode_item(item, &mut out);
    out
}

/// Decodes an item from its stored form.
pub fn decode_item(bytes: &[u8]) -> Result<Item, CodecError> {
    let mut r = Reader { bytes, pos: 0 };
    r.len()?;
    let item = r.item()?;
    if r.pos != bytes.len() {
        return Err(CodecError(r.pos));
    }
    Ok(item)
}

/// Decodes an item stored by ddb's storage layout 1, which had no size in front of the
/// attributes (read only to upgrade such a data directory).
pub fn decode_unsized_item(bytes: &[u8]) -> Result<Item, CodecError> {
    let mut r = Reader { bytes, pos: 0 };
    let item = r.item()?;
    if r.pos != bytes.len() {
        return Err(CodecError(r.pos));
    }
    Ok(item)
}

fn put_len(mut n: usize, out: &mut Vec<u8>) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn put_bytes(b: &[u8], out: &mut Vec<u8>) {
    put_len(b.len(), out);
    out.extend_from_slice(b);
}

fn put_number(n: &Number, out: &mut Vec<u8>) {
    out.push(u8::from(n.is_negative()));
    out.extend_from_slice(&(n.exponent() as i16).to_le_bytes());
    put_bytes(n.digits(), out);
}

fn encode_value(value: &AttributeValue, out: &mut Vec<u8>) {
    match value {
        AttributeValue::S(s) => {
            out.push(TAG_S);
            put_bytes(s.as_bytes(), out);
        }
        AttributeValue::N(n) => {
            out.push(TAG_N);
            put_number(n, out);
        }
        AttributeValue::B(b) => {
            out.push(TAG_B);
            put_bytes(b, out);
        }
        AttributeValue::Bool(true) => out.push(TAG_TRUE),
        AttributeValue::Bool(false) => out.push(TAG_FALSE),
        AttributeValue::Null => out.push(TAG_NULL),
        AttributeValue::M(m) => {
            out.push(TAG_M);
            encode_map(m, out);
        }
        AttributeValue::L(l) => {
            out.push(TAG_L);
            put_len(l.len(), out);
            for v in l {
                encode_value(v, out);
            }
        }
        AttributeValue::Ss(v) => {
            out.push(TAG_SS);
            put_len(v.len(), out);
            for s in v {
                put_bytes(s.as_bytes(), out);
            }
        }
        AttributeValue::Ns(v) => {
            out.push(TAG_NS);
            put_len(v.len(), out);
            for n in v {
                put_number(n, out);
            }
        }
        AttributeValue::Bs(v) => {
            out.push(TAG_BS);
            put_len(v.len(), out);
            for b in v {
                put_bytes(b, out);
            }
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, CodecError> {
        let b = *self.bytes.get(self.pos).ok_or(CodecError(self.pos))?;
        self.pos += 1;
        Ok(b)
    }

    fn len(&mut self) -> Result<usize, CodecError> {
        let mut n: usize = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= usize::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(CodecError(self.pos))
    }

    fn slice(&mut self) -> Result<&'a [u8], CodecError> {
        let n = self.len()?;
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or(CodecError(self.pos))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn string(&mut self) -> Result<String, CodecError> {
        let at = self.pos;
        String::from_utf8(self.slice()?.to_vec()).map_err(|_| CodecError(at))
    }

    fn str(&mut self) -> Result<&'a str, CodecError> {
        let at = self.pos;
        std::str::from_utf8(self.slice()?).map_err(|_| CodecError(at))
    }

    fn number(&mut self) -> Result<Number, CodecError> {
        let at = self.pos;
        let negative = self.byte()? == 1;
        let exp = i16::from_le_bytes([self.byte()?, self.byte()?]);
        let digits = self.slice()?;
        Number::from_stored_parts(negative, digits, i32::from(exp)).map_err(|_| CodecError(at))
    }

    /// Moves past one value, returning its bytes (tag included).
    fn skip_value(&mut self) -> Result<&'a [u8], CodecError> {
        let start = self.pos;
        match self.byte()? {
            TAG_S | TAG_B => {
                self.slice()?;
            }
            TAG_N => {
                self.number()?;
            }
            TAG_TRUE | TAG_FALSE | TAG_NULL => {}
            TAG_M => {
                for _ in 0..self.len()? {
                    self.slice()?;
                    self.skip_value()?;
                }
            }
            TAG_L => {
                for _ in 0..self.len()? {
                    self.skip_value()?;
                }
            }
            TAG_SS | TAG_BS => {
                for _ in 0..self.len()? {
                    self.slice()?;
                }
            }
            TAG_NS => {
                for _ in 0..self.len()? {
                    self.number()?;
                }
            }
            _ => return Err(CodecError(start)),
        }
        Ok(&self.bytes[start..self.pos])
    }

    fn item(&mut self) -> Result<Item, CodecError> {
        let n = self.len()?;
        let mut item = Item::new();
        for _ in 0..n {
            let name = self.string()?;
            let value = self.value()?;
            item.insert(name, value);
        }
        Ok(item)
    }

    fn value(&mut self) -> Result<AttributeValue, CodecError> {
        let at = self.pos;
        Ok(match self.byte()? {
            TAG_S => AttributeValue::S(self.string()?),
            TAG_N => AttributeValue::N(self.number()?),
            TAG_B => AttributeValue::B(self.slice()?.to_vec()),
            TAG_TRUE => AttributeValue::Bool(true),
            TAG_FALSE => AttributeValue::Bool(false),
            TAG_NULL => AttributeValue::Null,
            TAG_M => AttributeValue::M(self.item()?),
            TAG_L => {
                let n = self.len()?;
                let mut l = Vec::with_capacity(n.min(1024));
                for _ in 0..n {
                    l.push(self.value()?);
                }
                AttributeValue::L(l)
            }
            TAG_SS => {
                let n = self.len()?;
                let mut v = Vec::with_capacity(n.min(1024));
                for _ in 0..n {
                    v.push(self.string()?);
                }
                AttributeValue::Ss(v)
            }
            TAG_NS => {
                let n = self.len()?;
                let mut v = Vec::with_capacity(n.min(1024));
                for _ in 0..n {
                    v.push(self.number()?);
                }
                AttributeValue::Ns(v)
            }
            TAG_BS => {
                let n = self.len()?;
                let mut v = Vec::with_capacity(n.min(1024));
                for _ in 0..n {
                    v.push(self.slice()?.to_vec());
                }
                AttributeValue::Bs(v)
            }
            _ => return Err(CodecError(at)),
        })
    }
}

/// The size (as DynamoDB counts it) of the item stored as `bytes`, read without decoding it.
pub fn stored_item_size(bytes: &[u8]) -> Result<usize, CodecError> {
    Reader { bytes, pos: 0 }.len()
}

/// An item in its stored form. It serializes to the same DynamoDB JSON as the decoded [`Item`],
/// but straight from the bytes: a read that returns a whole item builds no maps or strings.
/// Corrupt bytes fail the serialization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredItem(Vec<u8>);

impl StoredItem {
    /// Wraps the stored bytes of an item (as `encode_item` wrote them).
    pub fn new(bytes: Vec<u8>) -> StoredItem {
        StoredItem(bytes)
    }

    /// The item's size as DynamoDB counts it.
    pub fn size(&self) -> Result<usize, CodecError> {
        stored_item_size(&self.0)
    }

    /// The decoded item.
    pub fn decode(&self) -> Result<Item, CodecError> {
        decode_item(&self.0)
    }
}

impl Serialize for StoredItem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut r = Reader {
            bytes: &self.0,
            pos: 0,
        };
        r.len().map_err(S::Error::custom)?;
        let body = &self.0[r.pos..];
        Stored::Map(body).serialize(serializer)
    }
}

/// A part of a stored item, as the JSON it stands for. `Value` is a whole value (tag first);
/// the others are the payload after a container's tag.
#[derive(Clone, Copy)]
enum Stored<'a> {
    Value(&'a [u8]),
    Map(&'a [u8]),
    List(&'a [u8]),
    Strings(&'a [u8]),
    Numbers(&'a [u8]),
    Binaries(&'a [u8]),
}

impl Serialize for Stored<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fail = S::Error::custom;
        match *self {
            Stored::Value(bytes) => serialize_value(bytes, serializer),
            Stored::Map(bytes) => {
                let mut r = Reader { bytes, pos: 0 };
                let n = r.len().map_err(fail)?;
                let mut map = serializer.serialize_map(Some(n))?;
                for _ in 0..n {
                    let name = r.str().map_err(fail)?;
                    let value = r.skip_value().map_err(fail)?;
                    map.serialize_entry(name, &Stored::Value(value))?;
                }
                map.end()
            }
            Stored::List(bytes)
            | Stored::Strings(bytes)
            | Stored::Numbers(bytes)
            | Stored::Binaries(bytes) => {
                let mut r = Reader { bytes, pos: 0 };
                let n = r.len().map_err(fail)?;
                let mut seq = serializer.serialize_seq(Some(n))?;
                for _ in 0..n {
                    match self {
                        Stored::List(_) => {
                            seq.serialize_element(&Stored::Value(r.skip_value().map_err(fail)?))?
                        }
                        Stored::Strings(_) => seq.serialize_element(r.str().map_err(fail)?)?,
                        Stored::Numbers(_) => {
                            seq.serialize_element(&r.number().map_err(fail)?.to_string())?
                        }
                        _ => seq.serialize_element(&encode_base64(r.slice().map_err(fail)?))?,
                    }
                }
                seq.end()
            }
        }
    }
}

/// One stored value as `{"<type>": <payload>}`, with the same calls as [`AttributeValue`]'s
/// serialization.
fn serialize_value<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    let fail = S::Error::custom;
    let mut r = Reader { bytes, pos: 0 };
    let rest = |r: &Reader| &bytes[r.pos..];
    let mut map = serializer.serialize_map(Some(1))?;
    match r.byte().map_err(fail)? {
        TAG_S => map.serialize_entry("S", r.str().map_err(fail)?)?,
        TAG_N => map.serialize_entry("N", &r.number().map_err(fail)?.to_string())?,
        TAG_B => map.serialize_entry("B", &encode_base64(r.slice().map_err(fail)?))?,
        TAG_TRUE => map.serialize_entry("BOOL", &true)?,
        TAG_FALSE => map.serialize_entry("BOOL", &false)?,
        TAG_NULL => map.serialize_entry("NULL", &true)?,
        TAG_M => map.serialize_entry("M", &Stored::Map(rest(&r)))?,
        TAG_L => map.serialize_entry("L", &Stored::List(rest(&r)))?,
        TAG_SS => map.serialize_entry("SS", &Stored::Strings(rest(&r)))?,
        TAG_NS => map.serialize_entry("NS", &Stored::Numbers(rest(&r)))?,
        TAG_BS => map.serialize_entry("BS", &Stored::Binaries(rest(&r)))?,
        _ => return Err(fail(CodecError(0))),
    }
    map.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_type() {
        let json = r#"{"s":{"S":"hé"},"n":{"N":"-12.5e3"},"b":{"B":"AAE="},"t":{"BOOL":true},"f":{"BOOL":false},
            "z":{"NULL":true},"m":{"M":{"x":{"L":[{"N":"0"},{"SS":["a","b"]}]}}},"ns":{"NS":["1","0.001"]},"bs":{"BS":["AA=="]}}"#;
        let item: Item = serde_json::from_str(json).unwrap();
        let bytes = item_to_bytes(&item);
        assert_eq!(decode_item(&bytes).unwrap(), item);
        assert_eq!(stored_item_size(&bytes).unwrap(), item_size(&item));
        // Straight from the bytes, the same JSON as from the decoded item.
        let stored = StoredItem::new(bytes);
        assert_eq!(
            serde_json::to_string(&stored).unwrap(),
            serde_json::to_string(&item).unwrap()
        );
    }

    #[test]
    fn reads_layout_1_items_without_their_size() {
        let item: Item =
            serde_json::from_str(r#"{"a":{"S":"x"},"m":{"M":{"n":{"N":"1"}}}}"#).unwrap();
        let mut unsized_form = Vec::new();
        encode_map(&item, &mut unsized_form);
        assert_eq!(decode_unsized_item(&unsized_form).unwrap(), item);
        assert!(decode_unsized_item(&item_to_bytes(&item)).is_err());
    }

    #[test]
    fn corrupt_bytes_fail_serialization_instead_of_panicking() {
        let item: Item = serde_json::from_str(r#"{"a":{"L":[{"S":"hello"},{"N":"1"}]}}"#).unwrap();
        let bytes = item_to_bytes(&item);
        for cut in 0..bytes.len() {
            assert!(serde_json::to_string(&StoredItem::new(bytes[..cut].to_vec())).is_err());
        }
        let mut bad_tag = bytes.clone();
        let last_tag = bytes.iter().rposition(|&b| b == TAG_N).unwrap();
        bad_tag[last_tag] = 99;
        assert!(serde_json::to_string(&StoredItem::new(bad_tag)).is_err());
    }

    #[test]
    fn rejects_truncated_input() {
        let item: Item = serde_json::from_str(r#"{"a":{"S":"hello"}}"#).unwrap();
        let bytes = item_to_bytes(&item);
        for cut in 0..bytes.len() {
            assert!(decode_item(&bytes[..cut]).is_err());
        }
    }
}
