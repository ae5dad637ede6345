//! Response compression, by DynamoDB's rules (docs/research/scan-order-and-http.md §B.2, from
//! Alternator's test_compressed_response.py, written against DynamoDB):
//!
//! - only bodies over 4096 bytes are compressed;
//! - only `gzip` and `deflate` (the zlib format) are offered;
//! - the coding comes from the *first* `Accept-Encoding` header: highest q wins, the first
//!   listed wins a tie, `*` stands for the codings not listed (gzip before deflate) and loses a
//!   tie to a listed one; names are case-insensitive;
//! - DynamoDB's q quirks: above 1 counts as 1, negative as 0, a malformed q as non-zero (here
//!   1), and only the first q parameter of an element counts;
//! - an element that is not a bare name (`"gzip"`, `gzip br`, `gzip:q=1`) names nothing.
//!
//! `x-amz-crc32` is then computed over the compressed bytes, which is what DynamoDB sends.

use std::io::Write;

use flate2::write::{GzEncoder, ZlibEncoder};
use flate2::Compression;
use hyper::header::HeaderValue;

/// DynamoDB leaves responses of this size or smaller uncompressed.
pub const THRESHOLD: usize = 4096;

/// A response coding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    /// `gzip` (RFC 1952).
    Gzip,
    /// `deflate`: the zlib format (RFC 1950), as HTTP defines it.
    Deflate,
}

impl Coding {
    /// The `Content-Encoding` value.
    pub fn header(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Coding::Gzip => "gzip",
            Coding::Deflate => "deflate",
        })
    }

    /// `body` in this coding.
    pub fn encode(self, body: &[u8]) -> std::io::Result<Vec<u8>> {
        // Fast compression: the answer's latency matters more than its last percent of size.
        let level = Compression::fast();
        let capacity = body.len() / 4 + 64;
        match self {
            Coding::Gzip => {
                let mut encoder = GzEncoder::new(Vec::with_capacity(capacity), level);
                encoder.write_all(body)?;
                encoder.finish()
            }
            Coding::Deflate => {
                let mut encoder = ZlibEncoder::new(Vec::with_capacity(capacity), level);
                encoder.write_all(body)?;
                encoder.finish()
            }
        }
    }
}

/// The coding to answer with, given the first `Accept-Encoding` header, or `None`.
pub fn choose(accept_encoding: Option<&HeaderValue>) -> Option<Coding> {
    let value = accept_encoding?.as_bytes();
    // (q, position) of each listed coding, first listing only, and of `*`.
    let mut gzip: Option<(f64, usize)> = None;
    let mut deflate: Option<(f64, usize)> = None;
    let mut star: Option<f64> = None;
    for (position, element) in value.split(|&b| b == b',').enumerate() {
        let mut parts = element.split(|&b| b == b';');
        let name = parts.next().unwrap_or_default().trim_ascii();
        let q = parts
            .filter_map(|param| {
                let param = param.trim_ascii();
                let (key, value) = param.split_at(param.iter().position(|&b| b == b'=')?);
                key.trim_ascii()
                    .eq_ignore_ascii_case(b"q")
                    .then(|| quality(&value[1..]))
            })
            .next()
            .unwrap_or(1.0);
        let slot = if name.eq_ignore_ascii_case(b"gzip") {
            &mut gzip
        } else if name.eq_ignore_ascii_case(b"deflate") {
            &mut deflate
        } else if name == b"*" {
            star.get_or_insert(q);
            continue;
        } else {
            continue;
        };
        slot.get_or_insert((q, position));
    }
    // Codings not listed take `*`'s q, ranked after every listed one.
    let rank = |listed: Option<(f64, usize)>, star_order: usize| -> (f64, usize) {
        listed.unwrap_or((star.unwrap_or(0.0), usize::MAX - 1 + star_order))
    };
    let candidates = [
        (Coding::Gzip, rank(gzip, 0)),
        (Coding::Deflate, rank(deflate, 1)),
    ];
    candidates
        .into_iter()
        .filter(|(_, (q, _))| *q > 0.0)
        .min_by(|(_, (qa, pa)), (_, (qb, pb))| qb.total_cmp(qa).then(pa.cmp(pb)))
        .map(|(coding, _)| coding)
}

/// A q value as DynamoDB reads it: clamped to [0, 1], and a malformed one counts as 1.
fn quality(text: &[u8]) -> f64 {
    let parsed = std::str::from_utf8(text)
        .ok()
        .and_then(|t| t.trim().parse::<f64>().ok())
        .filter(|q| q.is_finite());
    match parsed {
        Some(q) => q.clamp(0.0, 1.0),
        None => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn pick(value: &'static str) -> Option<Coding> {
        choose(Some(&HeaderValue::from_static(value)))
    }

    #[test]
    fn choices_match_dynamodb() {
        use Coding::{Deflate, Gzip};
        // Cases from Alternator's test_compressed_response.py (run against DynamoDB).
        let cases: &[(&'static str, Option<Coding>)] = &[
            ("gzip", Some(Gzip)),
            ("deflate", Some(Deflate)),
            ("GZIP", Some(Gzip)),
            ("gzip, deflate", Some(Gzip)),
            ("deflate, gzip", Some(Deflate)),
            ("br, identity, deflate, gzip", Some(Deflate)),
            ("gzip;q=0.5, deflate", Some(Deflate)),
            ("gzip;q=0.5, deflate;q=0.7", Some(Deflate)),
            ("*", Some(Gzip)),
            ("*, deflate", Some(Deflate)),
            ("*, gzip;q=0.5", Some(Deflate)),
            ("*;q=0", None),
            ("gzip;q=0", None),
            ("gzip;q=0, deflate;q=0", None),
            ("gzip;q=2, deflate", Some(Gzip)),
            ("deflate;q=5, gzip", Some(Deflate)),
            ("gzip;q=1;q=0.2", Some(Gzip)),
            ("gzip;q=0.x", Some(Gzip)),
            ("gzip;q=-1", None),
            ("identity", None),
            ("", None),
            ("br", None),
            ("zstd", None),
            ("compress", None),
            ("x-gzip", None),
            ("\"gzip\"", None),
            ("gzip br", None),
            ("gzip:q=1", None),
        ];
        for &(value, expected) in cases {
            assert_eq!(pick(value), expected, "{value:?}");
        }
        assert_eq!(choose(None), None);
    }

    #[test]
    fn encodings_round_trip() {
        let body = vec![b'x'; 10_000];
        let gzipped = Coding::Gzip.encode(&body).unwrap();
        assert_eq!(&gzipped[..2], &[0x1f, 0x8b]);
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&gzipped[..])
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, body);
        let deflated = Coding::Deflate.encode(&body).unwrap();
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(&deflated[..])
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, body);
    }
}
