//! Item size as DynamoDB counts it toward the 400 KB limit and capacity units: attribute names
//! count their UTF-8 bytes; strings their UTF-8 bytes; binaries their raw bytes; numbers one byte
//! per two significant digits plus one; booleans and nulls one byte; lists and maps three bytes of
//! overhead plus one byte per element; sets the sum of their members.

use crate::value::{AttributeValue, Item};

/// Largest item DynamoDB stores, in bytes.
pub const MAX_ITEM_SIZE: usize = 400 * 1024;

/// Longest attribute name DynamoDB takes, in bytes (key attributes are held to 255 by their
/// definitions).
pub const MAX_ATTRIBUTE_NAME_BYTES: usize = 65535;

/// DynamoDB's words for an attribute name over [`MAX_ATTRIBUTE_NAME_BYTES`].
pub const MSG_ATTRIBUTE_NAME_TOO_LARGE: &str =
    "Attribute name is too large, must be less than 65536 bytes";

/// DynamoDB's words for an attribute name with no characters (asserted by a conformance suite
/// run against AWS, paritysuite/dynamodb-conformance; docs/research/limits-and-check-order.md).
pub const MSG_EMPTY_ATTRIBUTE_NAME: &str = "Empty attribute name";

/// Refuses an attribute name DynamoDB does not take: empty (names are at least one character,
/// the Developer Guide's naming rules) or longer than [`MAX_ATTRIBUTE_NAME_BYTES`].
pub fn check_attribute_name(name: &str) -> Result<(), crate::DynamoError> {
    if name.is_empty() {
        return Err(crate::DynamoError::validation(MSG_EMPTY_ATTRIBUTE_NAME));
    }
    if name.len() > MAX_ATTRIBUTE_NAME_BYTES {
        return Err(crate::DynamoError::validation(MSG_ATTRIBUTE_NAME_TOO_LARGE));
    }
    Ok(())
}

/// Size of one value, without its attribute name.
pub fn value_size(value: &AttributeValue) -> usize {
    match value {
        AttributeValue::S(s) => s.len(),
        AttributeValue::N(n) => n.size(),
        AttributeValue::B(b) => b.len(),
        AttributeValue::Bool(_) | AttributeValue::Null => 1,
        AttributeValue::M(m) => {
            3 + m
                .iter()
                .map(|(k, v)| k.len() + value_size(v) + 1)
                .sum::<usize>()
        }
        AttributeValue::L(l) => 3 + l.iter().map(|v| value_size(v) + 1).sum::<usize>(),
        AttributeValue::Ss(v) => v.iter().map(String::len).sum(),
        AttributeValue::Ns(v) => v.iter().map(|n| n.size()).sum(),
        AttributeValue::Bs(v) => v.iter().map(Vec::len).sum(),
    }
}

/// Size of one attribute: its name plus its value.
pub fn attribute_size(name: &str, value: &AttributeValue) -> usize {
    name.len() + value_size(value)
}

/// Size of a whole item.
pub fn item_size(item: &Item) -> usize {
    item.iter().map(|(k, v)| attribute_size(k, v)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::Number;

    #[test]
    fn worked_examples() {
        let mut item = Item::new();
        // "pk" (2) + "abc" (3) = 5
        item.insert("pk".into(), AttributeValue::S("abc".into()));
        assert_eq!(item_size(&item), 5);
        // "n" (1) + 123 (two digit pairs "01","23" + 1 = 3) = 4
        item.insert("n".into(), AttributeValue::N(Number::parse("123").unwrap()));
        assert_eq!(item_size(&item), 9);
        // "m" (1) + 3 overhead + ("a" 1 + true 1 + 1 element byte) = 7
        let mut m = Item::new();
        m.insert("a".into(), AttributeValue::Bool(true));
        item.insert("m".into(), AttributeValue::M(m));
        assert_eq!(item_size(&item), 16);
        // "l" (1) + 3 + (null 1 + 1) = 6
        item.insert("l".into(), AttributeValue::L(vec![AttributeValue::Null]));
        assert_eq!(item_size(&item), 22);
    }
}
