//! Order-preserving, self-delimiting byte encoding of key values, and the partition hash.
//!
//! Byte order of encodings equals DynamoDB's order of values of one type: strings and binaries
//! by unsigned bytes, numbers numerically. Strings and binaries escape 0x00 as 0x00 0xFF and end
//! with 0x00 0x01, so one encoded component can be followed by another without changing order.

use crate::value::AttributeValue;

/// Appends the ordered encoding of a key value (S, N or B).
pub fn encode_key_value(value: &AttributeValue, out: &mut Vec<u8>) {
    match value {
        AttributeValue::S(s) => encode_bytes(s.as_bytes(), out),
        AttributeValue::B(b) => encode_bytes(b, out),
        AttributeValue::N(n) => n.encode_ordered(out),
        other => panic!("not a key value: {:?}", other.value_type()),
    }
}

fn encode_bytes(bytes: &[u8], out: &mut Vec<u8>) {
    encode_bytes_prefix(bytes, out);
    out.extend_from_slice(&[0x00, 0x01]);
}

/// Appends the encoding of a string or binary without its terminator: every encoded value that
/// begins with `bytes` begins with this (what `begins_with` on a sort key scans for).
pub fn encode_bytes_prefix(bytes: &[u8], out: &mut Vec<u8>) {
    out.reserve(bytes.len() + 2);
    for &b in bytes {
        out.push(b);
        if b == 0 {
            out.push(0xff);
        }
    }
}

/// The 64-bit hash that places a partition key in the key space (and so orders a Scan).
/// Stable across versions: it is part of the on-disk layout.
pub fn partition_hash(value: &AttributeValue) -> u64 {
    let mut encoded = Vec::with_capacity(32);
    encode_key_value(value, &mut encoded);
    hash_bytes(&encoded)
}

/// FNV-1a followed by a SplitMix64 finalizer: fast, stable, and well spread.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// Compares two key values of the same type in DynamoDB's order.
pub fn compare_key_values(a: &AttributeValue, b: &AttributeValue) -> std::cmp::Ordering {
    match (a, b) {
        (AttributeValue::S(x), AttributeValue::S(y)) => x.as_bytes().cmp(y.as_bytes()),
        (AttributeValue::B(x), AttributeValue::B(y)) => x.cmp(y),
        (AttributeValue::N(x), AttributeValue::N(y)) => x.cmp(y),
        _ => a.value_type().descriptor().cmp(b.value_type().descriptor()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::Number;
    use proptest::prelude::*;

    fn enc(v: &AttributeValue) -> Vec<u8> {
        let mut out = Vec::new();
        encode_key_value(v, &mut out);
        out
    }

    fn arb_key() -> impl Strategy<Value = AttributeValue> {
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..6).prop_map(AttributeValue::B),
            "[\\x00-\\x7f\u{80}-\u{10ffff}]{0,5}".prop_map(AttributeValue::S),
        ]
    }

    proptest! {
        #[test]
        fn bytes_order_like_dynamodb(a in arb_key(), b in arb_key()) {
            prop_assume!(a.value_type() == b.value_type());
            prop_assert_eq!(enc(&a).cmp(&enc(&b)), compare_key_values(&a, &b));
        }

        #[test]
        fn composite_keys_order_by_first_component(a in arb_key(), b in arb_key(), x in arb_key(), y in arb_key()) {
            prop_assume!(a.value_type() == b.value_type() && a != b);
            let mut ka = enc(&a);
            ka.extend(enc(&x));
            let mut kb = enc(&b);
            kb.extend(enc(&y));
            prop_assert_eq!(ka.cmp(&kb), compare_key_values(&a, &b));
        }

        #[test]
        fn numbers_order(x in -1.0e12f64..1.0e12, y in -1.0e12f64..1.0e12) {
            let a = AttributeValue::N(Number::parse(&format!("{x}")).unwrap());
            let b = AttributeValue::N(Number::parse(&format!("{y}")).unwrap());
            prop_assert_eq!(enc(&a).cmp(&enc(&b)), compare_key_values(&a, &b));
        }
    }
}
