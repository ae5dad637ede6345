//! Request bodies: reading them whole under DynamoDB's size limit, and undoing
//! `Content-Encoding: gzip`, the only coding DynamoDB decodes.
//!
//! What DynamoDB does (docs/research/scan-order-and-http.md §B.1, §B.4):
//! - a raw body over 16 MiB gets HTTP 413;
//! - `gzip` bodies are decoded, several concatenated members included, and bytes after a complete
//!   member that do not start another one are ignored;
//! - any other coding, and a `gzip` body that is not gzip, is truncated or is empty, gets
//!   HTTP 500 before the operation runs.
//!
//! Ours, not DynamoDB's: the decoded body is capped at [`MAX_DECODED_BYTES`] (DynamoDB accepts
//! about 1 GB decoded); past it the request gets the same 413 as an oversize raw body.

use std::io::Read;

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::header::HeaderValue;

/// DynamoDB refuses request bodies over 16 MiB with HTTP 413.
pub const MAX_REQUEST_BYTES: usize = 16 * 1024 * 1024;

/// Our cap on a gzip body once decoded (a guard against gzip bombs). DynamoDB applies no 16 MiB
/// limit after decompression, so the cap is set well above it: 64 MiB.
pub const MAX_DECODED_BYTES: usize = 64 * 1024 * 1024;

/// How much of an oversize body is read and thrown away before the 413 is sent, so that a
/// client still writing its body sees the answer instead of a reset connection. A client that
/// announces or sends more than this past the limit gets its connection closed.
pub const MAX_DRAIN_BYTES: u64 = 64 * 1024 * 1024;

/// Why a body could not be read.
#[derive(Debug)]
pub enum BodyError {
    /// Over [`MAX_REQUEST_BYTES`], or over [`MAX_DECODED_BYTES`] once decoded.
    TooLarge,
    /// A coding other than gzip, or a body that is not the gzip it claims (DynamoDB answers
    /// HTTP 500).
    BadEncoding,
    /// The connection failed while reading; there is nobody to answer.
    Read,
}

/// Reads the whole body, refusing it as soon as it passes the limit.
pub async fn read(body: &mut Incoming, content_length: Option<u64>) -> Result<Bytes, BodyError> {
    // Refuse an announced oversize body before reading any of it.
    if content_length.is_some_and(|n| n > MAX_REQUEST_BYTES as u64) {
        return Err(BodyError::TooLarge);
    }
    // Most bodies arrive as one frame: that one is returned as is, without a copy. Only bodies
    // in several frames are gathered into one buffer.
    let mut first: Option<Bytes> = None;
    let mut gathered: Vec<u8> = Vec::new();
    while let Some(frame) = body.frame().await {
        let Ok(data) = frame.map_err(|_| BodyError::Read)?.into_data() else {
            continue;
        };
        let so_far = first.as_ref().map_or(0, Bytes::len) + gathered.len();
        if so_far + data.len() > MAX_REQUEST_BYTES {
            return Err(BodyError::TooLarge);
        }
        if first.is_none() && gathered.is_empty() {
            first = Some(data);
            continue;
        }
        if let Some(first) = first.take() {
            let expected = content_length.unwrap_or(0) as usize;
            gathered.reserve(expected.max(first.len() + data.len()));
            gathered.extend_from_slice(&first);
        }
        gathered.extend_from_slice(&data);
    }
    Ok(match first {
        Some(only) => only,
        None => Bytes::from(gathered),
    })
}

/// Reads and discards the rest of a refused body, up to [`MAX_DRAIN_BYTES`]. Returns whether
/// the body ended (the connection can then be kept), so the refusal is read by the client
/// rather than lost to a connection reset.
pub async fn drain(mut body: Incoming) -> bool {
    let mut discarded: u64 = 0;
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            return false;
        };
        if let Ok(data) = frame.into_data() {
            discarded += data.len() as u64;
            if discarded > MAX_DRAIN_BYTES {
                return false;
            }
        }
    }
    true
}

/// The request codings DynamoDB knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestCoding {
    /// No `Content-Encoding`, an empty one or `identity`: the body is the JSON.
    Identity,
    /// `gzip` (any case).
    Gzip,
}

/// The coding a `Content-Encoding` header names, or [`BodyError::BadEncoding`] for anything
/// DynamoDB does not decode (`deflate`, `x-gzip`, `br`, lists such as `gzip, gzip`, garbage).
pub fn coding(content_encoding: Option<&HeaderValue>) -> Result<RequestCoding, BodyError> {
    let Some(value) = content_encoding else {
        return Ok(RequestCoding::Identity);
    };
    let value = value.as_bytes().trim_ascii();
    if value.is_empty() || value.eq_ignore_ascii_case(b"identity") {
        Ok(RequestCoding::Identity)
    } else if value.eq_ignore_ascii_case(b"gzip") {
        Ok(RequestCoding::Gzip)
    } else {
        Err(BodyError::BadEncoding)
    }
}

/// Undoes the body's `Content-Encoding`: the JSON the operation reads.
pub fn decode(body: Bytes, content_encoding: Option<&HeaderValue>) -> Result<Bytes, BodyError> {
    match coding(content_encoding)? {
        RequestCoding::Identity => Ok(body),
        RequestCoding::Gzip => gunzip(&body).map(Bytes::from),
    }
}

/// The gzip magic number, which starts every member.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Decompresses gzip data up to [`MAX_DECODED_BYTES`]: one member or more, then optionally
/// bytes that do not start with the gzip magic, which are ignored as DynamoDB ignores them. An
/// empty input, a damaged member or a truncated one is [`BodyError::BadEncoding`].
pub fn gunzip(data: &[u8]) -> Result<Vec<u8>, BodyError> {
    if data.is_empty() {
        return Err(BodyError::BadEncoding);
    }
    let mut out = Vec::with_capacity(data.len().saturating_mul(4).min(MAX_REQUEST_BYTES));
    let mut rest = data;
    while rest.starts_with(&GZIP_MAGIC) {
        // One byte over the cap is enough to know the cap was passed, without inflating a bomb
        // any further.
        let room = (MAX_DECODED_BYTES + 1 - out.len()) as u64;
        let mut member = flate2::bufread::GzDecoder::new(rest);
        member
            .by_ref()
            .take(room)
            .read_to_end(&mut out)
            .map_err(|_| BodyError::BadEncoding)?;
        if out.len() > MAX_DECODED_BYTES {
            return Err(BodyError::TooLarge);
        }
        // The decoder reads its input only as far as the member's trailer.
        rest = member.into_inner();
    }
    if rest.len() == data.len() {
        // Not gzip at all.
        return Err(BodyError::BadEncoding);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::write::GzEncoder;
    use flate2::Compression;

    use super::*;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn gzip_bodies_are_decoded() {
        let body = Bytes::from(gzip(br#"{"Limit":5}"#));
        let decoded = decode(body, Some(&HeaderValue::from_static("gzip"))).unwrap();
        assert_eq!(&decoded[..], br#"{"Limit":5}"#);
        let body = Bytes::from(gzip(b"{}"));
        assert_eq!(
            &decode(body, Some(&HeaderValue::from_static("GZIP"))).unwrap()[..],
            b"{}"
        );
    }

    #[test]
    fn identity_and_absent_encodings_pass_through() {
        let body = Bytes::from_static(b"{}");
        assert_eq!(decode(body.clone(), None).unwrap(), body);
        assert_eq!(
            decode(body.clone(), Some(&HeaderValue::from_static("identity"))).unwrap(),
            body
        );
    }

    #[test]
    fn codings_other_than_gzip_are_refused() {
        // DynamoDB decodes gzip only; anything else is a 500 before the operation runs.
        for value in [
            "garbage",
            "deflate",
            "x-gzip",
            "br",
            "gzip, gzip",
            "gzip;q=1",
        ] {
            let body = Bytes::from_static(b"{}");
            assert!(
                matches!(
                    decode(body, Some(&HeaderValue::from_static(value))),
                    Err(BodyError::BadEncoding)
                ),
                "{value}"
            );
        }
        let body = Bytes::from_static(b"{}");
        assert_eq!(
            decode(body.clone(), Some(&HeaderValue::from_static(""))).unwrap(),
            body
        );
    }

    #[test]
    fn invalid_gzip_is_refused() {
        let gzip_header = HeaderValue::from_static("gzip");
        let body = Bytes::from_static(b"not gzip at all");
        assert!(matches!(
            decode(body, Some(&gzip_header)),
            Err(BodyError::BadEncoding)
        ));
        assert!(matches!(
            decode(Bytes::new(), Some(&gzip_header)),
            Err(BodyError::BadEncoding)
        ));
        let mut truncated = gzip(br#"{"Limit":5}"#);
        truncated.pop();
        assert!(matches!(gunzip(&truncated), Err(BodyError::BadEncoding)));
        let mut second_truncated = gzip(b"{}");
        second_truncated.extend(&gzip(b"{}")[..10]);
        assert!(matches!(
            gunzip(&second_truncated),
            Err(BodyError::BadEncoding)
        ));
    }

    #[test]
    fn bytes_after_a_complete_member_are_ignored() {
        // DynamoDB accepts a valid gzip stream followed by junk (Alternator's
        // test_compressed_request.py, marked dynamodb_bug).
        let mut data = gzip(b"{}");
        data.extend_from_slice(b"junk");
        assert_eq!(gunzip(&data).unwrap(), b"{}");
    }

    #[test]
    fn gzip_bombs_stop_at_the_cap() {
        let bomb = gzip(&vec![b' '; MAX_DECODED_BYTES + 10]);
        assert!(bomb.len() < 200_000);
        assert!(matches!(gunzip(&bomb), Err(BodyError::TooLarge)));
        // DynamoDB does not apply its 16 MiB limit after decompression.
        let fits = gzip(&vec![b' '; MAX_REQUEST_BYTES + 1]);
        assert_eq!(gunzip(&fits).unwrap().len(), MAX_REQUEST_BYTES + 1);
        // The cap counts every member together.
        let half = gzip(&vec![b' '; MAX_DECODED_BYTES / 2 + 1]);
        let mut two = half.clone();
        two.extend(&half);
        assert!(matches!(gunzip(&two), Err(BodyError::TooLarge)));
    }

    #[test]
    fn concatenated_members_are_all_read() {
        let mut data = gzip(b"{\"a\":");
        data.extend(gzip(b"1}"));
        assert_eq!(gunzip(&data).unwrap(), b"{\"a\":1}");
    }
}
