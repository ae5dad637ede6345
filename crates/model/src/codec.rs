//! The binary form items take in storage: compact, fast to write and read, and independent of
//! the JSON wire form. Each value is a one-byte type tag followed by its payload; lengths and
//! counts are LEB128 varints.

use crate::number::Number;
use crate::value::{AttributeValue, Item};

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
            encode_item(m, out);
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

    fn number(&mut self) -> Result<Number, CodecError> {
        let at = self.pos;
        let negative = self.byte()? == 1;
        let exp = i16::from_le_bytes([self.byte()?, self.byte()?]);
        let digits = self.slice()?;
        Number::from_stored_parts(negative, digits, i32::from(exp)).map_err(|_| CodecError(at))
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
