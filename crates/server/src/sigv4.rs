//! SigV4 signatures, verified as DynamoDB verifies them, when the server has credentials
//! ([`crate::credentials`]): the request's time within 15 minutes of the server's, the
//! credential scope (region, service, terminator, date), the access key, the signature over the
//! canonical request, then the session token and its expiry, each with DynamoDB's exception
//! and text (docs/research/sigv4-verification.md has the sources).
//!
//! The canonical request is rebuilt from what arrived, for whatever headers the client says it
//! signed: SDKs sign different sets, so no set is assumed.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};
use hmac::{Hmac, Mac};
use hyper::http::request::Parts;
use parking_lot::Mutex;
use sha2::{Digest, Sha256};

use ddb_model::{DynamoError, ErrorKind};

use crate::auth::RequestAuth;
use crate::credentials::{Credential, Credentials};

/// The service DynamoDB's (and DynamoDB Streams') requests are signed for.
const SERVICE: &str = "dynamodb";
const TERMINATOR: &str = "aws4_request";
/// How far a request's time may be from the server's, either way.
const WINDOW_MINUTES: i64 = 15;
/// ISO 8601 basic format, as `X-Amz-Date` carries it.
const BASIC: &str = "%Y%m%dT%H%M%SZ";

type HmacSha256 = Hmac<Sha256>;

/// What a verification needs besides the request.
pub struct Verifier<'a> {
    /// The keys that may sign.
    pub credentials: &'a Credentials,
    /// The region the server serves; requests must be scoped to it.
    pub region: &'a str,
    /// Signing keys derived before.
    pub keys: &'a SigningKeys,
}

/// Derived signing keys by access key and scope: a key holds for a whole day of one scope, so
/// clients derive it once a day (as AWS's SDKs cache it) and so does the server, instead of four
/// HMACs per request.
#[derive(Default)]
pub struct SigningKeys {
    /// By access key: each scope (date, region, service, terminator) with its keyed HMAC.
    by_key: Mutex<HashMap<String, Vec<ScopedKey>>>,
}

/// A scope (date, region, service, terminator) and the HMAC keyed with its signing key.
type ScopedKey = ([String; 4], HmacSha256);

/// Enough scopes for one key over a few days and regions; past it its list starts again.
const MAX_SCOPES_PER_KEY: usize = 16;

impl SigningKeys {
    /// The HMAC keyed with `signer`'s signing key, ready for the string to sign.
    fn get(&self, credential: &Credential, signer: &RequestAuth<'_>) -> HmacSha256 {
        let scope = [
            &signer.date,
            &signer.region,
            &signer.service,
            &signer.terminator,
        ];
        let same_scope = |(s, _): &&ScopedKey| s.iter().zip(scope).all(|(a, b)| a == b.as_ref());
        if let Some(scopes) = self.by_key.lock().get(signer.access_key.as_ref()) {
            if let Some((_, mac)) = scopes.iter().find(same_scope) {
                return mac.clone();
            }
        }
        let key = signing_key(
            &credential.secret_access_key,
            &signer.date,
            &signer.region,
            &signer.service,
            &signer.terminator,
        );
        let mac = keyed(&key);
        let mut cached = self.by_key.lock();
        let scopes = cached.entry(signer.access_key.to_string()).or_default();
        if scopes.len() >= MAX_SCOPES_PER_KEY {
            scopes.clear();
        }
        scopes.push((scope.map(|p| p.to_string()), mac.clone()));
        mac
    }
}

/// The request as it arrived, for the canonical request.
pub struct Received<'a> {
    /// Method, path, query and headers.
    pub parts: &'a Parts,
    /// Lower-case hex SHA-256 of the body as received (before any Content-Encoding is undone).
    pub payload_hash: &'a str,
}

impl Verifier<'_> {
    /// Checks `signer`'s signature of `request` at time `now`; returns the credential it was
    /// made with.
    pub fn verify(
        &self,
        signer: &RequestAuth<'_>,
        request: &Received<'_>,
        now: DateTime<Utc>,
    ) -> Result<&Credential, DynamoError> {
        let stamp = request_time(signer, request.parts)?;
        check_window(&stamp, now)?;
        check_scope(signer, self.region, &stamp.text)?;
        let Some(credential) = self.credentials.get(&signer.access_key) else {
            return Err(DynamoError::new(
                ErrorKind::UnrecognizedClient,
                "The security token included in the request is invalid.",
            ));
        };
        let mac = self.keys.get(credential, signer);
        let expected = signature(mac, signer, request, &stamp.text);
        if !same(expected.as_bytes(), signer.signature.as_bytes()) {
            return Err(DynamoError::new(
                ErrorKind::InvalidSignature,
                "The request signature we calculated does not match the signature you provided. \
                 Check your AWS Secret Access Key and signing method. Consult the service \
                 documentation for details.",
            ));
        }
        check_token(credential, signer, request.parts)?;
        if credential.expiration.is_some_and(|end| now >= end) {
            // guregu/dynamo#68 quotes DynamoDB's answer to an expired session.
            return Err(DynamoError::new(
                ErrorKind::ExpiredToken,
                "The security token included in the request is expired",
            ));
        }
        Ok(credential)
    }
}

/// The request's time, as signed (basic format) and as an instant.
struct Stamp {
    text: String,
    at: DateTime<Utc>,
}

/// `X-Amz-Date` (a presigned request's query parameter, else the header), else `Date`.
fn request_time(signer: &RequestAuth<'_>, parts: &Parts) -> Result<Stamp, DynamoError> {
    let bad = |value: &str| {
        DynamoError::new(
            ErrorKind::IncompleteSignature,
            format!(
                "Date must be in ISO-8601 'basic format'. Got '{value}'. See \
                 http://en.wikipedia.org/wiki/ISO_8601"
            ),
        )
    };
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    };
    let amz_date = if signer.presigned {
        crate::auth::query_value(parts.uri.query().unwrap_or_default(), "X-Amz-Date")
    } else {
        header("x-amz-date")
    };
    if let Some(text) = amz_date {
        let at = parse_basic(&text).ok_or_else(|| bad(&text))?;
        return Ok(Stamp { at, text });
    }
    let text = header("date").unwrap_or_default();
    let at = DateTime::parse_from_rfc2822(&text).map_err(|_| bad(&text))?;
    let at = at.with_timezone(&Utc);
    Ok(Stamp {
        text: at.format(BASIC).to_string(),
        at,
    })
}

/// `YYYYMMDDTHHMMSSZ`, read by hand: chrono's format-string parser costs more than the rest of
/// a GetItem's verification.
fn parse_basic(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let year = i32::try_from(number(0..4)?).ok()?;
    let date = chrono::NaiveDate::from_ymd_opt(year, number(4..6)?, number(6..8)?)?;
    let time = date.and_hms_opt(number(9..11)?, number(11..13)?, number(13..15)?)?;
    Some(time.and_utc())
}

fn check_window(stamp: &Stamp, now: DateTime<Utc>) -> Result<(), DynamoError> {
    let window = TimeDelta::minutes(WINDOW_MINUTES);
    let basic = |t: DateTime<Utc>| t.format(BASIC).to_string();
    let message = if stamp.at < now - window {
        format!(
            "Signature expired: {} is now earlier than {} ({} - {WINDOW_MINUTES} min.)",
            stamp.text,
            basic(now - window),
            basic(now)
        )
    } else if stamp.at > now + window {
        format!(
            "Signature not yet current: {} is still later than {} ({} + {WINDOW_MINUTES} min.)",
            stamp.text,
            basic(now + window),
            basic(now)
        )
    } else {
        return Ok(());
    };
    Err(DynamoError::new(ErrorKind::InvalidSignature, message))
}

/// The credential scope's faults, all of them in one message, as DynamoDB lists them.
fn check_scope(signer: &RequestAuth<'_>, region: &str, stamp: &str) -> Result<(), DynamoError> {
    let mut message = String::new();
    if signer.region != region {
        message.push_str(&format!(
            "Credential should be scoped to a valid region, not '{}'. ",
            signer.region
        ));
    }
    if signer.service != SERVICE {
        message.push_str(&format!(
            "Credential should be scoped to correct service: '{SERVICE}'. "
        ));
    }
    if signer.terminator != TERMINATOR {
        message.push_str(&format!(
            "Credential should be scoped with a valid terminator: '{TERMINATOR}', not '{}'. ",
            signer.terminator
        ));
    }
    let day = stamp.get(..8).unwrap_or(stamp);
    if signer.date != day {
        message.push_str(&format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from \
             HTTP: '{}' != '{day}', from '{stamp}'.",
            signer.date
        ));
    }
    if message.is_empty() {
        return Ok(());
    }
    // Each sentence keeps its trailing space, the last one too (aws/aws-sdk-js#4002).
    Err(DynamoError::new(ErrorKind::InvalidSignature, message))
}

/// A temporary key's requests carry its token; a permanent key's carry none.
fn check_token(
    credential: &Credential,
    signer: &RequestAuth<'_>,
    parts: &Parts,
) -> Result<(), DynamoError> {
    let sent = if signer.presigned {
        crate::auth::query_value(
            parts.uri.query().unwrap_or_default(),
            "X-Amz-Security-Token",
        )
    } else {
        parts
            .headers
            .get("x-amz-security-token")
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    };
    if credential.session_token.as_deref() == sent.as_deref() {
        return Ok(());
    }
    Err(DynamoError::new(
        ErrorKind::UnrecognizedClient,
        "The security token included in the request is invalid",
    ))
}

/// The signature the client should have sent, from the HMAC keyed with the signing key: the
/// canonical request is hashed as it is produced and the string to sign fed piece by piece, so
/// neither is built as a string.
fn signature(
    mut mac: HmacSha256,
    signer: &RequestAuth<'_>,
    request: &Received<'_>,
    stamp: &str,
) -> String {
    let canonical = canonical_request_hash(signer, request);
    for piece in [
        "AWS4-HMAC-SHA256\n",
        stamp,
        "\n",
        &signer.date,
        "/",
        &signer.region,
        "/",
        &signer.service,
        "/",
        &signer.terminator,
        "\n",
        &hex(&canonical),
    ] {
        mac.update(piece.as_bytes());
    }
    hex(&mac.finalize().into_bytes())
}

/// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), terminator).
fn signing_key(secret: &str, date: &str, region: &str, service: &str, terminator: &str) -> Vec<u8> {
    let mut key = format!("AWS4{secret}").into_bytes();
    for part in [date, region, service, terminator] {
        key = hmac(&key, part.as_bytes());
    }
    key
}

fn keyed(key: &[u8]) -> HmacSha256 {
    // HMAC takes a key of any length.
    HmacSha256::new_from_slice(key).unwrap_or_else(|_| unreachable!())
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = keyed(key);
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = Vec::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)]);
        out.push(DIGITS[usize::from(b & 15)]);
    }
    // Every byte pushed is an ASCII digit or letter.
    String::from_utf8(out).unwrap_or_default()
}

/// The lower-case hex SHA-256 of a body.
pub fn payload_hash(body: &[u8]) -> String {
    hex(&Sha256::digest(body))
}

/// Compares without stopping at the first difference, so the time taken does not tell how much
/// of a guessed signature was right.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The SHA-256 of the canonical request (method, path, query, headers, signed header names,
/// payload hash: one per line), hashed as it is produced.
fn canonical_request_hash(signer: &RequestAuth<'_>, request: &Received<'_>) -> [u8; 32] {
    let parts = request.parts;
    let payload = parts
        .headers
        .get("x-amz-content-sha256")
        .and_then(|v| v.to_str().ok())
        .unwrap_or(request.payload_hash);
    let mut hash = Sha256::new();
    hash.update(parts.method.as_str());
    hash.update("\n");
    match parts.uri.path() {
        "/" => hash.update("/"),
        path => hash.update(canonical_path(path)),
    }
    hash.update("\n");
    if let Some(query) = parts.uri.query().filter(|q| !q.is_empty()) {
        hash.update(canonical_query(query, signer.presigned));
    }
    hash.update("\n");
    write_headers(&mut hash, &signer.signed_headers, parts);
    hash.update("\n");
    hash.update(signer.signed_headers.as_bytes());
    hash.update("\n");
    hash.update(payload);
    hash.finalize().into()
}

/// The path as received, encoded once more (SigV4 encodes twice for every service but S3).
fn canonical_path(path: &str) -> String {
    if path.is_empty() {
        return "/".to_string();
    }
    encode(path.as_bytes(), true)
}

/// Parameters decoded, encoded again RFC 3986's way, sorted by name then value; a presigned
/// request's own signature is left out.
fn canonical_query(query: &str, presigned: bool) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| crate::auth::percent_decode(s).into_owned();
            (
                encode(decode(name).as_bytes(), false),
                encode(decode(value).as_bytes(), false),
            )
        })
        .filter(|(name, _)| !(presigned && name == "X-Amz-Signature"))
        .collect();
    pairs.sort();
    let joined: Vec<String> = pairs.into_iter().map(|(n, v)| format!("{n}={v}")).collect();
    joined.join("&")
}

/// Where canonical text goes: the running hash, or (in tests) a buffer to read it back.
trait Sink {
    fn put(&mut self, bytes: &[u8]);
}

impl Sink for Sha256 {
    fn put(&mut self, bytes: &[u8]) {
        self.update(bytes);
    }
}

#[cfg(test)]
impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// `name:value\n` for each signed header: values trimmed, inner runs of spaces made one, a
/// repeated header's values joined by commas in arrival order.
fn write_headers(out: &mut impl Sink, signed_headers: &str, parts: &Parts) {
    for name in signed_headers.split(';') {
        if name.bytes().any(|b| b.is_ascii_uppercase()) {
            out.put(name.to_ascii_lowercase().as_bytes());
        } else {
            out.put(name.as_bytes());
        }
        out.put(b":");
        for (i, value) in parts.headers.get_all(name).iter().enumerate() {
            if i > 0 {
                out.put(b",");
            }
            match std::str::from_utf8(value.as_bytes()) {
                Ok(text) if is_plain(text) => out.put(text.as_bytes()),
                _ => out.put(trim_all(&String::from_utf8_lossy(value.as_bytes())).as_bytes()),
            }
        }
        out.put(b"\n");
    }
}

/// Whether a header value needs no trimming: no whitespace at its ends, and no whitespace
/// inside but single spaces.
fn is_plain(value: &str) -> bool {
    let b = value.as_bytes();
    !b.first().is_some_and(u8::is_ascii_whitespace)
        && !b.last().is_some_and(u8::is_ascii_whitespace)
        && !b
            .windows(2)
            .any(|w| w[0].is_ascii_whitespace() && (w[1].is_ascii_whitespace() || w[0] != b' '))
}

/// A header value trimmed, with every inner run of whitespace made one space; as it is when it
/// has none (the usual case, checked without allocating).
fn trim_all(value: &str) -> String {
    if is_plain(value) {
        return value.to_string();
    }
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Percent-encodes every byte but RFC 3986's unreserved ones (and `/` when `keep_slash`).
fn encode(bytes: &[u8], keep_slash: bool) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) || (keep_slash && b == b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests;
