//! The `x-amz-crc32` response header. boto3 (and the v2 JavaScript SDK) recompute the CRC32 of
//! every response body and retry or fail when it differs, so it must cover the exact bytes sent,
//! after any transformation of the body.

use hyper::header::HeaderValue;

/// The header value for `body`: the CRC32 (IEEE) as an unsigned decimal number.
pub fn crc32_header(body: &[u8]) -> HeaderValue {
    HeaderValue::from(crc32fast::hash(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_known_dynamodb_values() {
        // Values DynamoDB itself sends for these bodies.
        assert_eq!(
            crc32_header(b"<UnknownOperationException/>\n"),
            "3552371480"
        );
        assert_eq!(
            crc32_header(br#"{"__type":"com.amazon.coral.service#SerializationException"}"#),
            "3948637019"
        );
        assert_eq!(
            crc32_header(br#"{"__type":"com.amazon.coral.service#UnknownOperationException"}"#),
            "1368724161"
        );
    }

    #[test]
    fn empty_body_is_zero() {
        assert_eq!(crc32_header(b""), "0");
    }
}
