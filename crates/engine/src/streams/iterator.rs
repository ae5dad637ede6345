//! Shard iterators: where a reader is in a shard, and when the iterator was issued (they expire
//! after 15 minutes). On the wire they are opaque: the stream's ARN, a version, and the
//! position in base64 with a check, the shape of DynamoDB's own (`<StreamArn>|1|<base64>`).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// How long an iterator may be used after it was issued.
pub const ITERATOR_LIFETIME_MS: u64 = 15 * 60 * 1000;

/// A position in one shard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardIterator {
    /// The stream's storage id.
    pub stream_id: u32,
    /// The shard's storage number.
    pub shard_no: u32,
    /// The sequence number of the next record to read (records from here on).
    pub position: u64,
    /// When it was issued, in epoch ms.
    pub issued_ms: u64,
}

/// Salt of the check, so that a string that merely decodes is not taken for an iterator.
const CHECK_SALT: &[u8] = b"ddb shard iterator";

fn check_of(payload: &[u8]) -> [u8; 4] {
    use md5::{Digest, Md5};
    let mut md5 = Md5::new();
    md5.update(CHECK_SALT);
    md5.update(payload);
    let digest = md5.finalize();
    [digest[0], digest[1], digest[2], digest[3]]
}

impl ShardIterator {
    /// The wire form, for the stream `stream_arn`.
    pub fn encode(&self, stream_arn: &str) -> String {
        let mut payload = Vec::with_capacity(28);
        payload.extend_from_slice(&self.stream_id.to_be_bytes());
        payload.extend_from_slice(&self.shard_no.to_be_bytes());
        payload.extend_from_slice(&self.position.to_be_bytes());
        payload.extend_from_slice(&self.issued_ms.to_be_bytes());
        let check = check_of(&payload);
        payload.extend_from_slice(&check);
        format!("{stream_arn}|1|{}", URL_SAFE_NO_PAD.encode(payload))
    }

    /// Reads a wire iterator; `None` for anything ddb did not issue.
    pub fn decode(text: &str) -> Option<ShardIterator> {
        let (rest, encoded) = text.rsplit_once('|')?;
        let (_arn, version) = rest.rsplit_once('|')?;
        if version != "1" {
            return None;
        }
        let bytes = URL_SAFE_NO_PAD.decode(encoded).ok()?;
        if bytes.len() != 28 || check_of(&bytes[..24]) != bytes[24..] {
            return None;
        }
        let u32_at = |at: usize| bytes[at..at + 4].try_into().ok().map(u32::from_be_bytes);
        let u64_at = |at: usize| bytes[at..at + 8].try_into().ok().map(u64::from_be_bytes);
        Some(ShardIterator {
            stream_id: u32_at(0)?,
            shard_no: u32_at(4)?,
            position: u64_at(8)?,
            issued_ms: u64_at(16)?,
        })
    }

    /// Whether it is past its 15 minutes at `now_ms`.
    pub fn expired(&self, now_ms: u64) -> bool {
        now_ms.saturating_sub(self.issued_ms) > ITERATOR_LIFETIME_MS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iterators_round_trip_and_refuse_tampering() {
        let it = ShardIterator {
            stream_id: 9,
            shard_no: 2,
            position: 1234,
            issued_ms: 1_700_000_000_000,
        };
        let arn = "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2024-01-01T00:00:00.000";
        let text = it.encode(arn);
        assert!(text.starts_with(arn));
        assert_eq!(ShardIterator::decode(&text), Some(it));
        let mut tampered = text.clone();
        tampered.pop();
        tampered.push(if text.ends_with('A') { 'B' } else { 'A' });
        assert_eq!(ShardIterator::decode(&tampered), None);
        assert_eq!(ShardIterator::decode("garbage"), None);
        assert!(!it.expired(it.issued_ms + ITERATOR_LIFETIME_MS));
        assert!(it.expired(it.issued_ms + ITERATOR_LIFETIME_MS + 1));
    }
}
