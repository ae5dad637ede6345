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

/// The 64-bit hash that places a partition key in the key space, and so orders a Scan and
/// decides a parallel-scan segment: DynamoDB's order as dynalite reproduces it, the MD5 digest
/// of `"Outliers"` followed by the key's bytes ([`hashed_bytes`]); its first 8 bytes, big-endian.
/// The first 24 bits decide the order of partitions, the first 12 their segment. Stable across
/// versions: it is part of the on-disk layout.
pub fn partition_hash(value: &AttributeValue) -> u64 {
    digest_prefix(std::iter::once(value))
}

/// The hash of a multi-attribute partition key: the MD5 digest over `"Outliers"` and the
/// attributes' bytes one after the other (ddb's choice; DynamoDB's is not published).
pub fn multi_partition_hash(values: &[AttributeValue]) -> u64 {
    digest_prefix(values.iter())
}

/// The 3-byte hash of an item's table key (partition key bytes, then sort key bytes) that
/// orders the entries of an index with equal index keys, as dynalite does.
pub fn table_key_hash(pk: &AttributeValue, sk: Option<&AttributeValue>) -> [u8; 3] {
    let h = digest_prefix(std::iter::once(pk).chain(sk)).to_be_bytes();
    [h[0], h[1], h[2]]
}

fn digest_prefix<'a>(values: impl Iterator<Item = &'a AttributeValue>) -> u64 {
    use md5::{Digest, Md5};
    let mut md5 = Md5::new();
    md5.update(b"Outliers");
    let mut bytes = Vec::with_capacity(32);
    for v in values {
        bytes.clear();
        hashed_bytes(v, &mut bytes);
        md5.update(&bytes);
    }
    let digest = md5.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first)
}

/// The bytes of a key value that the partition hash digests: a string's UTF-8, a binary's
/// bytes, a number's canonical base-100 form (so `1`, `1.0` and `01` hash alike).
pub fn hashed_bytes(value: &AttributeValue, out: &mut Vec<u8>) {
    match value {
        AttributeValue::S(s) => out.extend_from_slice(s.as_bytes()),
        AttributeValue::B(b) => out.extend_from_slice(b),
        AttributeValue::N(n) => canonical_number(n, out),
        _ => {}
    }
}

/// A number in the base-100 form dynalite hashes (Oracle's NUMBER layout): zero is `0x80`;
/// otherwise an exponent byte (in hundreds), then the digits in pairs aligned on the decimal
/// point, each pair `d + 1` (positive) or `101 - d` (negative, with the exponent byte
/// complemented and a `0x66` terminator when there are fewer than 20 pairs).
fn canonical_number(n: &crate::number::Number, out: &mut Vec<u8>) {
    let digits = n.digits();
    if digits.is_empty() {
        out.push(0x80);
        return;
    }
    // value = 0.d1d2… × 10^exp: pair the digits on the decimal point.
    let exp = i64::from(n.exponent());
    let pad = usize::from(exp.rem_euclid(2) == 1);
    let exponent = ((exp + pad as i64) / 2 - 64) as u8;
    let negative = n.is_negative();
    out.push(if negative { !exponent } else { exponent });
    let mut padded = vec![0u8; pad];
    padded.extend_from_slice(digits);
    let pairs = padded
        .chunks(2)
        .map(|p| 10 * p[0] + p.get(1).copied().unwrap_or(0));
    let mut count = 0;
    for pair in pairs {
        count += 1;
        out.push(if negative { 101 - pair } else { pair + 1 });
    }
    if negative && count < 20 {
        out.push(0x66);
    }
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

    fn n(text: &str) -> AttributeValue {
        AttributeValue::N(Number::parse(text).unwrap())
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Vectors from running dynalite 4.0.0's own functions (docs/research/scan-order-and-http.md).
    #[test]
    fn numbers_hash_in_their_canonical_base_100_form() {
        for (text, expected) in [
            ("0", "80"),
            ("1", "c102"),
            ("1.0", "c102"),
            ("01", "c102"),
            ("2", "c103"),
            ("10", "c10b"),
            ("100", "c202"),
            ("1e3", "c20b"),
            ("1.5", "c10233"),
            ("0.001", "bf0b"),
            ("12345", "c302182e"),
            ("-1", "3e6466"),
            ("-2", "3e6366"),
            ("-0.5", "3f3366"),
            ("-12345", "3c644e3866"),
        ] {
            let mut out = Vec::new();
            hashed_bytes(&n(text), &mut out);
            assert_eq!(hex(&out), expected, "{text}");
        }
    }

    #[test]
    fn the_partition_hash_is_dynalites_md5() {
        for (key, digest_start) in [
            (AttributeValue::S("a".into()), 0xf655_8e51_6275_dee2_u64),
            (AttributeValue::S("b".into()), 0x6521_acb6_51d7_6797),
            (AttributeValue::B(vec![1]), 0x4079_a5c5_afb9_7e28),
            (n("1"), 0xc3a0_310a_ed78_739b),
            (n("0"), 0xce21_2d75_1674_ab5d),
            (n("-12345"), 0x0a84_48ae_6ed7_d92c),
        ] {
            assert_eq!(partition_hash(&key), digest_start, "{key:?}");
        }
        // A hash-only table of item0..item9 scans in this order in dynalite.
        let mut keys: Vec<String> = (0..10).map(|i| format!("item{i}")).collect();
        keys.sort_by_key(|k| partition_hash(&AttributeValue::S(k.clone())));
        let order: Vec<&str> = keys.iter().map(|k| &k[4..]).collect();
        assert_eq!(order.concat(), "4358716029");
    }

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
