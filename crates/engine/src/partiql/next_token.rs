//! ExecuteStatement's NextToken: where a SELECT resumes (which partition-key value, after which
//! key), bound to the statement text and parameters it was given for, as DynamoDB binds it
//! (another statement or other parameters with it is `NextToken does not match request`).

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use std::hash::{Hash, Hasher};

use ddb_model::{AttributeValue, Item};

use super::fault::{Fault, FaultResult};

/// Where the next page of a SELECT starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resume {
    /// Which statement and parameters the token belongs to.
    #[serde(rename = "s")]
    statement: u64,
    /// The partition-key value (by position in the statement's order) to continue with.
    #[serde(rename = "h")]
    pub hash_index: usize,
    /// The key after which that Query or the Scan resumes (none: from its start).
    #[serde(rename = "k", skip_serializing_if = "Option::is_none")]
    pub after: Option<Item>,
}

/// What identifies a request for its tokens: the statement text and its parameters, hashed
/// where they lie (every request with a SELECT computes it, so nothing is written out for it).
pub fn fingerprint(statement: &str, params: &[AttributeValue]) -> u64 {
    let mut h = Fnv(FNV_OFFSET);
    statement.hash(&mut h);
    params.len().hash(&mut h);
    for p in params {
        hash_value(p, &mut h);
    }
    h.finish()
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a with a final mix: deterministic (unlike the standard library's seeded hasher), so a
/// token stays valid across the engine's threads and restarts of the same build.
struct Fnv(u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 30;
        h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h ^= h >> 27;
        h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^ (h >> 31)
    }
}

/// A value into the hash: its type, then its content with lengths, so that different values
/// (or the same bytes split differently) feed different input.
fn hash_value(value: &AttributeValue, h: &mut Fnv) {
    match value {
        AttributeValue::S(s) => (0u8, s).hash(h),
        AttributeValue::N(n) => (1u8, n).hash(h),
        AttributeValue::B(b) => (2u8, b).hash(h),
        AttributeValue::Bool(b) => (3u8, b).hash(h),
        AttributeValue::Null => 4u8.hash(h),
        AttributeValue::M(m) => {
            (5u8, m.len()).hash(h);
            for (name, v) in m {
                name.hash(h);
                hash_value(v, h);
            }
        }
        AttributeValue::L(l) => {
            (6u8, l.len()).hash(h);
            for v in l {
                hash_value(v, h);
            }
        }
        AttributeValue::Ss(v) => (7u8, v).hash(h),
        AttributeValue::Ns(v) => (8u8, v).hash(h),
        AttributeValue::Bs(v) => (9u8, v).hash(h),
    }
}

impl Resume {
    /// A resume point of the request with `fingerprint`.
    pub fn new(fingerprint: u64, hash_index: usize, after: Option<Item>) -> Resume {
        Resume {
            statement: fingerprint,
            hash_index,
            after,
        }
    }

    /// The token text.
    pub fn encode(&self) -> String {
        STANDARD.encode(serde_json::to_vec(self).unwrap_or_default())
    }

    /// The resume point `token` holds, checked against the request's `fingerprint`.
    pub fn decode(token: &str, fingerprint: u64) -> FaultResult<Resume> {
        let bytes = STANDARD
            .decode(token)
            .map_err(|_| Fault::InvalidNextToken)?;
        let resume: Resume = serde_json::from_slice(&bytes).map_err(|_| Fault::InvalidNextToken)?;
        if resume.statement != fingerprint {
            return Err(Fault::NextTokenMismatch);
        }
        Ok(resume)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_requests_have_equal_fingerprints_and_others_differ() {
        let n = |t: &str| AttributeValue::N(t.parse().unwrap());
        let s = |t: &str| AttributeValue::S(t.into());
        let map = |pairs: &[(&str, AttributeValue)]| {
            AttributeValue::M(
                pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect(),
            )
        };
        let q = "SELECT * FROM t WHERE a = ? AND b = ?";
        let f = |params: &[AttributeValue]| fingerprint(q, params);
        assert_eq!(f(&[s("x"), n("1")]), f(&[s("x"), n("1")]));
        assert_eq!(f(&[n("1.0")]), f(&[n("1")]), "numbers by value");
        let distinct = [
            f(&[s("x"), n("1")]),
            f(&[n("1"), s("x")]),
            f(&[s("1"), s("x")]),
            f(&[s("ab"), s("c")]),
            f(&[s("a"), s("bc")]),
            f(&[s("x")]),
            f(&[]),
            f(&[AttributeValue::B(b"x".to_vec())]),
            f(&[AttributeValue::Ss(vec!["x".into()])]),
            f(&[AttributeValue::L(vec![s("x")])]),
            f(&[map(&[("k", s("x"))])]),
            f(&[map(&[("k", s("y"))])]),
            f(&[map(&[("j", s("x"))])]),
            f(&[AttributeValue::Null]),
            f(&[AttributeValue::Bool(true)]),
            f(&[AttributeValue::Bool(false)]),
            fingerprint("SELECT * FROM t WHERE a = ?", &[s("x")]),
        ];
        let unique: std::collections::HashSet<u64> = distinct.iter().copied().collect();
        assert_eq!(unique.len(), distinct.len());
    }

    #[test]
    fn a_token_resumes_only_its_own_request() {
        let params = [AttributeValue::S("a".into())];
        let f = fingerprint("SELECT * FROM t WHERE pk = ?", &params);
        let mut key = Item::new();
        key.insert("pk".into(), AttributeValue::S("a".into()));
        let token = Resume::new(f, 1, Some(key)).encode();
        assert_eq!(Resume::decode(&token, f).unwrap().hash_index, 1);
        let other = fingerprint(
            "SELECT * FROM t WHERE pk = ?",
            &[AttributeValue::S("b".into())],
        );
        assert_eq!(Resume::decode(&token, other), Err(Fault::NextTokenMismatch));
        let other_text = fingerprint("SELECT * FROM t WHERE pk = ? ", &params);
        assert_eq!(
            Resume::decode(&token, other_text),
            Err(Fault::NextTokenMismatch)
        );
        assert_eq!(
            Resume::decode("not a token!", f),
            Err(Fault::InvalidNextToken)
        );
    }
}
