//! Request ids for the `x-amzn-RequestId` header, in DynamoDB's own shape: 52 characters from
//! `[0-9A-Z]`. Clients log them and some test suites match their pattern.
//!
//! Ids must be unique and cheap (one per request, on the hot path), not secret. Each is derived
//! from a per-process counter through a bijective mix, so two requests of one process never get
//! the same id; a random per-process key makes ids of different runs differ too.

use std::sync::atomic::{AtomicU64, Ordering};

use hyper::header::HeaderValue;

/// Length of an id, as DynamoDB's.
pub const ID_LEN: usize = 52;

/// 32 symbols so that each takes exactly 5 bits; all within DynamoDB's `[0-9A-Z]`.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHIJKLMNOPQRSTUV";

/// Hands out request ids.
#[derive(Debug)]
pub struct RequestIds {
    key: [u64; 4],
    counter: AtomicU64,
}

impl RequestIds {
    /// A generator with a fresh random key.
    pub fn new() -> RequestIds {
        let a = uuid::Uuid::new_v4().as_u128();
        let b = uuid::Uuid::new_v4().as_u128();
        RequestIds::with_key([a as u64, (a >> 64) as u64, b as u64, (b >> 64) as u64])
    }

    fn with_key(key: [u64; 4]) -> RequestIds {
        RequestIds {
            key,
            counter: AtomicU64::new(0),
        }
    }

    /// The next id, as text bytes.
    pub fn next_bytes(&self) -> [u8; ID_LEN] {
        // Relaxed is enough: only uniqueness of the fetched values matters.
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        // mix() is a bijection on u64, so `first` is unique per counter value; the other words
        // only make the id look random.
        let first = mix(n ^ self.key[0]);
        let words = [
            first,
            mix(first ^ self.key[1]),
            mix(first ^ self.key[2]),
            mix(first ^ self.key[3]),
        ];
        let mut out = [0u8; ID_LEN];
        // 13 symbols per word: 65 bits, the top one always zero.
        for (w, word) in words.iter().enumerate() {
            for i in 0..13 {
                let bits = (word >> (i * 5)) & 31;
                out[w * 13 + i] = ALPHABET[bits as usize];
            }
        }
        out
    }

    /// The next id, as a header value.
    pub fn next_header(&self) -> HeaderValue {
        let id = self.next_bytes();
        HeaderValue::from_bytes(&id).expect("request ids are ASCII alphanumerics")
    }
}

impl Default for RequestIds {
    fn default() -> Self {
        RequestIds::new()
    }
}

/// The splitmix64 finalizer: an invertible mix of 64 bits.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn ids_have_dynamodbs_shape() {
        let ids = RequestIds::new();
        for _ in 0..100 {
            let id = ids.next_bytes();
            assert!(id
                .iter()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()));
        }
    }

    #[test]
    fn ids_are_unique() {
        let ids = RequestIds::with_key([0; 4]);
        let seen: HashSet<[u8; ID_LEN]> = (0..100_000).map(|_| ids.next_bytes()).collect();
        assert_eq!(seen.len(), 100_000);
    }

    #[test]
    fn different_processes_get_different_ids() {
        assert_ne!(
            RequestIds::new().next_bytes(),
            RequestIds::new().next_bytes()
        );
    }
}
