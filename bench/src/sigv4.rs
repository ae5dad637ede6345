//! AWS Signature Version 4 for DynamoDB JSON requests, built so that signing is cheap.
//!
//! The generator signs with fixed dummy credentials (`AKIDBENCH` / `secret`, `us-east-1`,
//! service `dynamodb`). The request time is fixed when the [`Signer`] is created, so one
//! signature per distinct body is valid for the whole run and can be computed before the
//! measurement starts. The signing key (four chained HMACs) is derived once.
//!
//! Signed headers: `content-type;host;x-amz-date;x-amz-target`, as the AWS SDKs send them.

use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use hyper::header::HeaderValue;
use sha2::{Digest, Sha256};

use crate::client::Op;

type HmacSha256 = Hmac<Sha256>;

pub const ACCESS_KEY: &str = "AKIDBENCH";
pub const SECRET_KEY: &str = "secret";
pub const REGION: &str = "us-east-1";
pub const SERVICE: &str = "dynamodb";
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.0";
const SIGNED_HEADERS: &str = "content-type;host;x-amz-date;x-amz-target";

/// Signs request bodies for one host at one fixed instant.
#[derive(Clone)]
pub struct Signer {
    host: String,
    amz_date: String,
    scope: String,
    /// HMAC keyed with the derived signing key; cloned per signature.
    key: HmacSha256,
    amz_date_header: HeaderValue,
}

impl Signer {
    pub fn new(host: &str) -> Signer {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Signer::at(host, secs)
    }

    /// A signer for the given Unix time (seconds).
    pub fn at(host: &str, unix_secs: u64) -> Signer {
        let amz_date = amz_date(unix_secs);
        let date = &amz_date[..8];
        let scope = format!("{date}/{REGION}/{SERVICE}/aws4_request");
        let k_date = hmac(format!("AWS4{SECRET_KEY}").as_bytes(), date.as_bytes());
        let k_region = hmac(&k_date, REGION.as_bytes());
        let k_service = hmac(&k_region, SERVICE.as_bytes());
        let k_signing = hmac(&k_service, b"aws4_request");
        let key = HmacSha256::new_from_slice(&k_signing).expect("hmac accepts any key length");
        let amz_date_header = HeaderValue::from_str(&amz_date).expect("ascii date");
        Signer {
            host: host.to_string(),
            amz_date,
            scope,
            key,
            amz_date_header,
        }
    }

    pub fn amz_date_header(&self) -> &HeaderValue {
        &self.amz_date_header
    }

    /// The `Authorization` header for `op` with this body.
    pub fn sign(&self, op: Op, body: &[u8]) -> HeaderValue {
        self.sign_hashed(op, &Sha256::digest(body).into())
    }

    /// The `Authorization` header for `op` given the SHA-256 of the body.
    pub fn sign_hashed(&self, op: Op, body_sha256: &[u8; 32]) -> HeaderValue {
        let mut canonical = Sha256::new();
        canonical.update(b"POST\n/\n\ncontent-type:");
        canonical.update(CONTENT_TYPE.as_bytes());
        canonical.update(b"\nhost:");
        canonical.update(self.host.as_bytes());
        canonical.update(b"\nx-amz-date:");
        canonical.update(self.amz_date.as_bytes());
        canonical.update(b"\nx-amz-target:");
        canonical.update(op.target().as_bytes());
        canonical.update(b"\n\n");
        canonical.update(SIGNED_HEADERS.as_bytes());
        canonical.update(b"\n");
        canonical.update(hex(body_sha256).as_bytes());
        let canonical_hash: [u8; 32] = canonical.finalize().into();

        let mut mac = self.key.clone();
        mac.update(b"AWS4-HMAC-SHA256\n");
        mac.update(self.amz_date.as_bytes());
        mac.update(b"\n");
        mac.update(self.scope.as_bytes());
        mac.update(b"\n");
        mac.update(hex(&canonical_hash).as_bytes());
        let signature: [u8; 32] = mac.finalize().into_bytes().into();

        let value = format!(
            "AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/{}, SignedHeaders={SIGNED_HEADERS}, Signature={}",
            self.scope,
            hex(&signature)
        );
        HeaderValue::from_str(&value).expect("ascii authorization")
    }
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = HmacSha256::new_from_slice(key).expect("hmac accepts any key length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

/// `YYYYMMDDTHHMMSSZ` for a Unix time.
pub fn amz_date(unix_secs: u64) -> String {
    let (y, m, d) = civil_from_days((unix_secs / 86_400) as i64);
    let rem = unix_secs % 86_400;
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// ISO 8601 (`YYYY-MM-DDTHH:MM:SS.ffffff+00:00`, as Python's `isoformat()` writes it).
pub fn iso8601(unix_secs: u64, micros: u32) -> String {
    let (y, m, d) = civil_from_days((unix_secs / 86_400) as i64);
    let rem = unix_secs % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{micros:06}+00:00",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(amz_date(0), "19700101T000000Z");
        assert_eq!(amz_date(1_709_251_199), "20240229T235959Z");
        assert_eq!(
            iso8601(1_704_067_200, 5),
            "2024-01-01T00:00:00.000005+00:00"
        );
    }

    #[test]
    fn signature_matches_an_independent_computation() {
        // Recompute by hand-building the canonical request and string to sign.
        let signer = Signer::at("localhost:8000", 1_700_000_000);
        let body = br#"{"TableName":"t"}"#;
        let auth = signer.sign(Op::DescribeTable, body);
        let canonical = format!(
            "POST\n/\n\ncontent-type:{CONTENT_TYPE}\nhost:localhost:8000\nx-amz-date:20231114T221320Z\nx-amz-target:DynamoDB_20120810.DescribeTable\n\n{SIGNED_HEADERS}\n{}",
            hex(&Sha256::digest(body))
        );
        let sts = format!(
            "AWS4-HMAC-SHA256\n20231114T221320Z\n20231114/us-east-1/dynamodb/aws4_request\n{}",
            hex(&Sha256::digest(canonical.as_bytes()))
        );
        let k = hmac(b"AWS4secret", b"20231114");
        let k = hmac(&k, b"us-east-1");
        let k = hmac(&k, b"dynamodb");
        let k = hmac(&k, b"aws4_request");
        let sig = hex(&hmac(&k, sts.as_bytes()));
        let expected = format!(
            "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20231114/us-east-1/dynamodb/aws4_request, SignedHeaders={SIGNED_HEADERS}, Signature={sig}"
        );
        assert_eq!(auth.to_str().unwrap(), expected);
    }
}
