//! Signatures made by botocore 1.44's `SigV4Auth` for a DescribeTable to `localhost:8000`
//! (computed on this machine, with the AWS documentation's example secret), checked here.

use super::*;
use crate::auth::{authenticate, AuthInput};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const BODY: &[u8] = br#"{"TableName":"t"}"#;
const STAMP: &str = "20261206T063321Z";
const PLAIN: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261206/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=5c41280f02cd0e9b9181fde2d27c0026c2b45f26735863c31a23f8878cc6aca9";
const WITH_TOKEN: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261206/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=74abb2466fff5dffd112d1cf71f0f0e23137ef1ead1a8b661cd54e621a1a3ad1";

fn parts(authorization: &str, token: Option<&str>, stamp: &str) -> Parts {
    let mut builder = hyper::Request::builder()
        .method("POST")
        .uri("/")
        .header("Host", "localhost:8000")
        .header("Content-Type", "application/x-amz-json-1.0")
        .header("X-Amz-Target", "DynamoDB_20120810.DescribeTable")
        .header("X-Amz-Date", stamp)
        .header("Authorization", authorization);
    if let Some(token) = token {
        builder = builder.header("X-Amz-Security-Token", token);
    }
    builder.body(()).unwrap().into_parts().0
}

fn credentials(token: Option<&str>) -> Credentials {
    let token = token.map_or(String::new(), |t| format!(r#", "SessionToken": "{t}""#));
    let text = format!(
        r#"{{"Credentials": [{{"AccessKeyId": "AKIDEXAMPLE", "SecretAccessKey": "{SECRET}"{token}}}]}}"#
    );
    Credentials::from_json(&text, "000000000000").unwrap()
}

fn at(stamp: &str) -> DateTime<Utc> {
    chrono::NaiveDateTime::parse_from_str(stamp, BASIC)
        .unwrap()
        .and_utc()
}

fn check(
    parts: &Parts,
    creds: &Credentials,
    region: &str,
    now: DateTime<Utc>,
) -> Result<String, (ErrorKind, String)> {
    let signer = authenticate(AuthInput {
        authorization: parts.headers.get("authorization").map(|v| v.to_str().ok()),
        query: parts.uri.query(),
        has_date_header: true,
    })
    .map_err(|e| (e.kind, e.message.clone()))?;
    let hash = payload_hash(BODY);
    let keys = SigningKeys::default();
    let verifier = Verifier {
        credentials: creds,
        region,
        keys: &keys,
    };
    verifier
        .verify(
            &signer,
            &Received {
                parts,
                payload_hash: &hash,
            },
            now,
        )
        .map(|c| c.principal_arn.clone())
        .map_err(|e| (e.kind, e.message.clone()))
}

#[test]
fn botocore_signatures_verify() {
    let creds = credentials(None);
    let ok = check(&parts(PLAIN, None, STAMP), &creds, "us-east-1", at(STAMP));
    assert_eq!(ok.unwrap(), "arn:aws:iam::000000000000:root");
    let creds = credentials(Some("tok"));
    let ok = check(
        &parts(WITH_TOKEN, Some("tok"), STAMP),
        &creds,
        "us-east-1",
        at(STAMP),
    );
    assert!(ok.is_ok(), "{ok:?}");
}

#[test]
fn another_secret_or_body_does_not_match() {
    let text = r#"{"Credentials": [{"AccessKeyId": "AKIDEXAMPLE", "SecretAccessKey": "other"}]}"#;
    let creds = Credentials::from_json(text, "0").unwrap();
    let (kind, message) =
        check(&parts(PLAIN, None, STAMP), &creds, "us-east-1", at(STAMP)).unwrap_err();
    assert_eq!(kind, ErrorKind::InvalidSignature);
    assert!(message.starts_with("The request signature we calculated does not match"));
    // The date header is signed: changing it breaks the signature.
    let moved = parts(PLAIN, None, "20261206T063322Z");
    let (kind, _) = check(&moved, &credentials(None), "us-east-1", at(STAMP)).unwrap_err();
    assert_eq!(kind, ErrorKind::InvalidSignature);
}

#[test]
fn unknown_keys_and_wrong_tokens_are_unrecognized() {
    let text = r#"{"Credentials": [{"AccessKeyId": "OTHER", "SecretAccessKey": "s"}]}"#;
    let creds = Credentials::from_json(text, "0").unwrap();
    let err = check(&parts(PLAIN, None, STAMP), &creds, "us-east-1", at(STAMP)).unwrap_err();
    assert_eq!(
        err,
        (
            ErrorKind::UnrecognizedClient,
            "The security token included in the request is invalid.".to_string()
        )
    );
    // Signed with a token the server does not know for this key.
    let err = check(
        &parts(WITH_TOKEN, Some("tok"), STAMP),
        &credentials(Some("another")),
        "us-east-1",
        at(STAMP),
    )
    .unwrap_err();
    assert_eq!(
        err,
        (
            ErrorKind::UnrecognizedClient,
            "The security token included in the request is invalid".to_string()
        )
    );
}

#[test]
fn requests_older_or_newer_than_15_minutes_are_refused() {
    let creds = credentials(None);
    let request = parts(PLAIN, None, STAMP);
    let late = at("20261206T064822Z");
    assert_eq!(
        check(&request, &creds, "us-east-1", late).unwrap_err().1,
        "Signature expired: 20261206T063321Z is now earlier than 20261206T063322Z \
         (20261206T064822Z - 15 min.)"
    );
    let early = at("20261206T061820Z");
    assert_eq!(
        check(&request, &creds, "us-east-1", early).unwrap_err().1,
        "Signature not yet current: 20261206T063321Z is still later than 20261206T063320Z \
         (20261206T061820Z + 15 min.)"
    );
    // Exactly 15 minutes either way is still accepted.
    assert!(check(&request, &creds, "us-east-1", at("20261206T064821Z")).is_ok());
    let bad = parts(PLAIN, None, "2026-12-06T06:33:21Z");
    let (kind, message) = check(&bad, &creds, "us-east-1", at(STAMP)).unwrap_err();
    assert_eq!(kind, ErrorKind::IncompleteSignature);
    assert_eq!(
        message,
        "Date must be in ISO-8601 'basic format'. Got '2026-12-06T06:33:21Z'. See \
         http://en.wikipedia.org/wiki/ISO_8601"
    );
}

#[test]
fn scope_faults_are_listed_together() {
    let creds = credentials(None);
    let (kind, message) =
        check(&parts(PLAIN, None, STAMP), &creds, "eu-west-1", at(STAMP)).unwrap_err();
    assert_eq!(kind, ErrorKind::InvalidSignature);
    assert_eq!(
        message,
        "Credential should be scoped to a valid region, not 'us-east-1'. "
    );
    let header = PLAIN.replace(
        "20261206/us-east-1/dynamodb/aws4_request",
        "20261205/us-east-1/s3/aws4_x",
    );
    let (_, message) =
        check(&parts(&header, None, STAMP), &creds, "us-east-1", at(STAMP)).unwrap_err();
    assert_eq!(
        message,
        "Credential should be scoped to correct service: 'dynamodb'. Credential should be \
         scoped with a valid terminator: 'aws4_request', not 'aws4_x'. Date in Credential scope \
         does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261205' != \
         '20261206', from '20261206T063321Z'."
    );
}

#[test]
fn canonical_parts_follow_sigv4() {
    assert_eq!(canonical_path(""), "/");
    assert_eq!(canonical_path("/a b/%41"), "/a%20b/%2541");
    assert_eq!(canonical_query("b=2&a=1&a=0&c", false), "a=0&a=1&b=2&c=");
    assert_eq!(
        canonical_query("X-Amz-Signature=x&X-Amz-Date=1", true),
        "X-Amz-Date=1"
    );
    let parts = hyper::Request::builder()
        .header("X-A", "  one   two ")
        .header("x-a", "three")
        .body(())
        .unwrap()
        .into_parts()
        .0;
    let mut text = Vec::new();
    write_headers(&mut text, "X-A", &parts);
    assert_eq!(text, b"x-a:one two,three\n");
    assert!(same(b"abc", b"abc"));
    assert!(!same(b"abc", b"abd"));
    assert!(!same(b"abc", b"ab"));
}

#[test]
fn an_expired_key_is_an_expired_token() {
    let text = format!(
        r#"{{"Credentials": [{{"AccessKeyId": "AKIDEXAMPLE", "SecretAccessKey": "{SECRET}",
            "SessionToken": "tok", "Expiration": "2026-12-06T06:40:00Z"}}]}}"#
    );
    let creds = Credentials::from_json(&text, "0").unwrap();
    let request = parts(WITH_TOKEN, Some("tok"), STAMP);
    assert!(check(&request, &creds, "us-east-1", at(STAMP)).is_ok());
    let err = check(&request, &creds, "us-east-1", at("20261206T064000Z")).unwrap_err();
    assert_eq!(
        err,
        (
            ErrorKind::ExpiredToken,
            "The security token included in the request is expired".to_string()
        )
    );
}

#[test]
fn basic_dates_parse_by_hand_as_chrono_parses_them() {
    for text in ["20261206T063321Z", "20240229T235959Z", "19700101T000000Z"] {
        assert_eq!(parse_basic(text), Some(at(text)), "{text}");
    }
    for text in [
        "20261306T063321Z",
        "20230229T000000Z",
        "20261206T243321Z",
        "20261206 063321Z",
        "2026120T063321Z",
        "2026-12-06T06:33",
        "",
    ] {
        assert_eq!(parse_basic(text), None, "{text}");
    }
    assert_eq!(trim_all("a b"), "a b");
    assert_eq!(trim_all(" a  b\tc "), "a b c");
    assert_eq!(trim_all("a\tb"), "a b");
}

#[test]
fn a_cached_key_verifies_the_same_as_a_derived_one() {
    let creds = credentials(None);
    let keys = SigningKeys::default();
    let verifier = Verifier {
        credentials: &creds,
        region: "us-east-1",
        keys: &keys,
    };
    let hash = payload_hash(BODY);
    let verify = |authorization: &str| {
        let parts = parts(authorization, None, STAMP);
        let signer = authenticate(AuthInput {
            authorization: Some(Some(authorization)),
            query: None,
            has_date_header: true,
        })
        .unwrap();
        let request = Received {
            parts: &parts,
            payload_hash: &hash,
        };
        verifier.verify(&signer, &request, at(STAMP)).is_ok()
    };
    assert!(verify(PLAIN));
    assert!(verify(PLAIN), "from the cache");
    let tampered = PLAIN.replace("Signature=5c", "Signature=6c");
    assert!(!verify(&tampered));
}
