//! Request bodies: reading them whole under DynamoDB's size limit, and undoing
//! `Content-Encoding: gzip`.

use std::io::Read;

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::header::HeaderValue;

/// DynamoDB refuses request bodies over 16 MiB with HTTP 413.
pub const MAX_REQUEST_BYTES: usize = 16 * 1024 * 1024;

/// Why a body could not be read.
#[derive(Debug)]
pub enum BodyError {
    /// Over [`MAX_REQUEST_BYTES`] (before or after decompression).
    TooLarge,
    /// The body claimed gzip but is not (DynamoDB answers HTTP 500).
    BadEncoding,
    /// The connection failed while reading; there is nobody to answer.
    Read,
}

/// Reads the whole body, refusing it as soon as it passes the limit.
pub async fn read(mut body: Incoming, content_length: Option<u64>) -> Result<Bytes, BodyError> {
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

/// Undoes the body's `Content-Encoding`. Only gzip is undone; other codings are left alone,
/// so the body then fails as malformed JSON, which is what a server not knowing it would say.
pub fn decode(body: Bytes, content_encoding: Option<&HeaderValue>) -> Result<Bytes, BodyError> {
    let Some(encoding) = content_encoding else {
        return Ok(body);
    };
    let is_gzip = encoding
        .as_bytes()
        .split(|&b| b == b',')
        .map(|coding| coding.trim_ascii())
        .any(|coding| {
            coding.eq_ignore_ascii_case(b"gzip") || coding.eq_ignore_ascii_case(b"x-gzip")
        });
    if !is_gzip {
        return Ok(body);
    }
    gunzip(&body).map(Bytes::from)
}

/// Decompresses gzip data (any number of members) up to the size limit.
pub fn gunzip(data: &[u8]) -> Result<Vec<u8>, BodyError> {
    let mut out = Vec::with_capacity(data.len().saturating_mul(4).min(MAX_REQUEST_BYTES));
    // One byte over the limit is enough to know the limit was passed, without inflating a
    // bomb any further.
    let limit = MAX_REQUEST_BYTES as u64 + 1;
    flate2::read::MultiGzDecoder::new(data)
        .take(limit)
        .read_to_end(&mut out)
        .map_err(|_| BodyError::BadEncoding)?;
    if out.len() > MAX_REQUEST_BYTES {
        return Err(BodyError::TooLarge);
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
    fn invalid_gzip_is_refused() {
        let body = Bytes::from_static(b"not gzip at all");
        assert!(matches!(
            decode(body, Some(&HeaderValue::from_static("gzip"))),
            Err(BodyError::BadEncoding)
        ));
    }

    #[test]
    fn gzip_bombs_stop_at_the_limit() {
        let bomb = gzip(&vec![b' '; MAX_REQUEST_BYTES + 10]);
        assert!(bomb.len() < 100_000);
        assert!(matches!(gunzip(&bomb), Err(BodyError::TooLarge)));
        let fits = gzip(&vec![b' '; MAX_REQUEST_BYTES]);
        assert_eq!(gunzip(&fits).unwrap().len(), MAX_REQUEST_BYTES);
    }

    #[test]
    fn concatenated_members_are_all_read() {
        let mut data = gzip(b"{\"a\":");
        data.extend(gzip(b"1}"));
        assert_eq!(gunzip(&data).unwrap(), b"{\"a\":1}");
    }
}
