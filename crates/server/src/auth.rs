//! Request authentication, as far as ddb goes today: SigV4 `Authorization` headers are parsed and
//! checked for the shape errors DynamoDB reports (missing token, incomplete signature), and the
//! access key and region are extracted. Signatures are not verified yet: any key is accepted, as
//! every local DynamoDB does.
//!
//! The checks run in DynamoDB's order and produce its exact messages, because SDKs and test
//! suites surface them verbatim.

use std::borrow::Cow;

use ddb_model::{DynamoError, ErrorKind};

/// The one signing algorithm DynamoDB accepts.
const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// Who signed a request, as far as parsing tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestAuth<'a> {
    /// The access key id of the credential scope (any key is accepted today).
    pub access_key: Cow<'a, str>,
    /// `YYYYMMDD` of the credential scope.
    pub date: Cow<'a, str>,
    /// The region the request was signed for.
    pub region: Cow<'a, str>,
    /// The service the request was signed for (`dynamodb` from the SDKs).
    pub service: Cow<'a, str>,
    /// The scope's last element (`aws4_request`).
    pub terminator: Cow<'a, str>,
    /// `;`-separated lowercase header names.
    pub signed_headers: Cow<'a, str>,
    /// The hex signature as sent; not verified yet.
    pub signature: Cow<'a, str>,
    /// True when the signature came in the query string (a presigned URL).
    pub presigned: bool,
}

/// What the request carries that authentication looks at.
#[derive(Debug, Clone, Copy, Default)]
pub struct AuthInput<'a> {
    /// The `Authorization` header: `Some(None)` when present but not valid text.
    pub authorization: Option<Option<&'a str>>,
    /// The raw query string, without `?`.
    pub query: Option<&'a str>,
    /// Whether an `X-Amz-Date` or `Date` header is present.
    pub has_date_header: bool,
}

/// Checks the request's authentication information and extracts the signer.
pub fn authenticate<'a>(input: AuthInput<'a>) -> Result<RequestAuth<'a>, DynamoError> {
    let query_auth = input
        .query
        .is_some_and(|q| query_param(q, "X-Amz-Algorithm").is_some());
    if input.authorization.is_some() && query_auth {
        return Err(DynamoError::new(
            ErrorKind::InvalidSignature,
            "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
        ));
    }
    if query_auth {
        return from_query(input.query.unwrap_or_default());
    }
    // A header that does not even name a SigV4 algorithm counts as no token at all.
    match input.authorization.flatten() {
        Some(header) if header.trim_start().starts_with("AWS4-") => {
            from_header(header, input.has_date_header)
        }
        _ => Err(missing_token()),
    }
}

/// MissingAuthenticationTokenException.
pub fn missing_token() -> DynamoError {
    DynamoError::new(
        ErrorKind::MissingAuthenticationToken,
        "Request is missing Authentication Token",
    )
}

fn incomplete(message: String) -> DynamoError {
    DynamoError::new(ErrorKind::IncompleteSignature, message)
}

/// Parses `AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/dynamodb/aws4_request,
/// SignedHeaders=host;x-amz-date, Signature=abc`.
fn from_header(header: &str, has_date_header: bool) -> Result<RequestAuth<'_>, DynamoError> {
    // DynamoDB splits parameters on commas and spaces alike, so `a=1 b=2` and `a=1,b=2` and
    // `a=1, b=2` all parse; the first word is the algorithm.
    let mut words = header_words(header);
    let algorithm = words.next().unwrap_or_default();
    let (mut credential, mut signature, mut signed_headers) = ("", "", "");
    for word in words {
        let mut parts = word.split('=');
        let key = parts.next().unwrap_or_default();
        let value = parts.next().unwrap_or_default();
        match key {
            "Credential" => credential = value,
            "Signature" => signature = value,
            "SignedHeaders" => signed_headers = value,
            _ => {}
        }
    }

    let mut message = String::new();
    for (name, value) in [
        ("Credential", credential),
        ("Signature", signature),
        ("SignedHeaders", signed_headers),
    ] {
        if value.is_empty() {
            message.push_str("Authorization header requires '");
            message.push_str(name);
            message.push_str("' parameter. ");
        }
    }
    if !has_date_header {
        message.push_str(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ",
        );
    }
    if !message.is_empty() {
        message.push_str("Authorization=");
        message.push_str(header);
        return Err(incomplete(message));
    }

    if !signed_headers
        .split(';')
        .any(|h| h.eq_ignore_ascii_case("host"))
    {
        return Err(DynamoError::new(
            ErrorKind::InvalidSignature,
            "'Host' must be a 'SignedHeader' in the AWS Authorization.",
        ));
    }
    if algorithm != ALGORITHM {
        return Err(unsupported_algorithm(algorithm));
    }
    let scope = credential_scope(credential)?;
    Ok(RequestAuth {
        access_key: Cow::Borrowed(scope[0]),
        date: Cow::Borrowed(scope[1]),
        region: Cow::Borrowed(scope[2]),
        service: Cow::Borrowed(scope[3]),
        terminator: Cow::Borrowed(scope[4]),
        signed_headers: Cow::Borrowed(signed_headers),
        signature: Cow::Borrowed(signature),
        presigned: false,
    })
}

/// The words of an Authorization header, split on commas and spaces. Scanned as bytes: this
/// runs on every request, and both separators are ASCII, so every cut is a char boundary.
fn header_words(header: &str) -> impl Iterator<Item = &str> {
    let bytes = header.as_bytes();
    let is_separator = |b: &u8| *b == b',' || *b == b' ';
    let mut start = 0;
    std::iter::from_fn(move || {
        while start < bytes.len() && is_separator(&bytes[start]) {
            start += 1;
        }
        if start == bytes.len() {
            return None;
        }
        let end = bytes[start..]
            .iter()
            .position(is_separator)
            .map_or(bytes.len(), |p| start + p);
        let word = &header[start..end];
        start = end;
        Some(word)
    })
}

fn unsupported_algorithm(algorithm: &str) -> DynamoError {
    incomplete(format!(
        "Unsupported AWS 'algorithm': '{algorithm}' (only {ALGORITHM} for now). "
    ))
}

/// Splits `keyid/date/region/service/aws4_request` (trailing slashes ignored).
fn credential_scope(credential: &str) -> Result<[&str; 5], DynamoError> {
    let mut parts = credential.trim_end_matches('/').split('/');
    let scope = [(); 5].map(|()| parts.next());
    match (scope, parts.next()) {
        ([Some(key), Some(date), Some(region), Some(service), Some(terminator)], None) => {
            Ok([key, date, region, service, terminator])
        }
        _ => Err(incomplete(format!(
            "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{credential}'"
        ))),
    }
}

/// A presigned request: everything comes from `X-Amz-*` query parameters.
fn from_query(query: &str) -> Result<RequestAuth<'_>, DynamoError> {
    const PARAMS: [&str; 5] = [
        "X-Amz-Algorithm",
        "X-Amz-Credential",
        "X-Amz-Signature",
        "X-Amz-SignedHeaders",
        "X-Amz-Date",
    ];
    let values = PARAMS.map(|name| query_param(query, name).unwrap_or_default());
    let mut message = String::new();
    for (name, value) in PARAMS.iter().zip(values.iter()) {
        if value.is_empty() {
            message.push_str("AWS query-string parameters must include '");
            message.push_str(name);
            message.push_str("'. ");
        }
    }
    if !message.is_empty() {
        message.push_str("Re-examine the query-string parameters.");
        return Err(incomplete(message));
    }
    let algorithm = percent_decode(values[0]);
    if algorithm != ALGORITHM {
        return Err(unsupported_algorithm(&algorithm));
    }
    let credential = percent_decode(values[1]);
    let scope = credential_scope(&credential)?.map(str::to_owned);
    let [access_key, date, region, service, terminator] = scope;
    Ok(RequestAuth {
        access_key: Cow::Owned(access_key),
        date: Cow::Owned(date),
        region: Cow::Owned(region),
        service: Cow::Owned(service),
        terminator: Cow::Owned(terminator),
        signed_headers: percent_decode(values[3]),
        signature: percent_decode(values[2]),
        presigned: true,
    })
}

/// The raw value of query parameter `name` (empty when given without `=`), if present.
fn query_param<'q>(query: &'q str, name: &str) -> Option<&'q str> {
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name).then_some(value)
    })
}

/// The decoded value of query parameter `name`, if present.
pub(crate) fn query_value(query: &str, name: &str) -> Option<String> {
    query_param(query, name).map(|v| percent_decode(v).into_owned())
}

/// Decodes `%XX` escapes and `+`; leaves malformed escapes as they are.
pub(crate) fn percent_decode(text: &str) -> Cow<'_, str> {
    if !text.contains(['%', '+']) {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/eu-west-2/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=deadbeef";

    fn header(value: &str, has_date_header: bool) -> Result<RequestAuth<'_>, DynamoError> {
        authenticate(AuthInput {
            authorization: Some(Some(value)),
            query: None,
            has_date_header,
        })
    }

    fn message_of(result: Result<RequestAuth<'_>, DynamoError>) -> (ErrorKind, String) {
        let e = result.expect_err("should fail");
        (e.kind, e.message)
    }

    #[test]
    fn parses_an_sdk_header() {
        let auth = header(GOOD, true).unwrap();
        assert_eq!(auth.access_key, "AKIDEXAMPLE");
        assert_eq!(auth.region, "eu-west-2");
        assert_eq!(auth.date, "20240101");
        assert_eq!(auth.service, "dynamodb");
        assert_eq!(
            auth.signed_headers,
            "content-type;host;x-amz-date;x-amz-target"
        );
        assert_eq!(auth.signature, "deadbeef");
        assert!(!auth.presigned);
    }

    #[test]
    fn commas_without_spaces_and_trailing_slash_parse() {
        let auth = header(
            "AWS4-HMAC-SHA256 Credential=a/20240101/us-east-1/dynamodb/aws4_request/,SignedHeaders=host,Signature=x",
            true,
        )
        .unwrap();
        assert_eq!(auth.access_key, "a");
        assert_eq!(auth.region, "us-east-1");
    }

    #[test]
    fn no_header_is_a_missing_token() {
        let e = authenticate(AuthInput::default()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::MissingAuthenticationToken);
        assert_eq!(e.message, "Request is missing Authentication Token");
    }

    #[test]
    fn non_sigv4_header_is_a_missing_token() {
        assert_eq!(
            message_of(header("AWS4", true)).0,
            ErrorKind::MissingAuthenticationToken
        );
        assert_eq!(
            message_of(header("Bearer x", true)).0,
            ErrorKind::MissingAuthenticationToken
        );
        let invalid_text = AuthInput {
            authorization: Some(None),
            ..AuthInput::default()
        };
        assert_eq!(
            authenticate(invalid_text).unwrap_err().kind,
            ErrorKind::MissingAuthenticationToken
        );
    }

    #[test]
    fn bare_prefix_lists_everything_missing() {
        assert_eq!(
            message_of(header("AWS4-", false)),
            (
                ErrorKind::IncompleteSignature,
                "Authorization header requires 'Credential' parameter. \
                 Authorization header requires 'Signature' parameter. \
                 Authorization header requires 'SignedHeaders' parameter. \
                 Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. \
                 Authorization=AWS4-"
                    .to_string()
            )
        );
    }

    #[test]
    fn spaces_and_commas_both_separate_parameters() {
        for h in [
            "AWS4- Signature=b Credential=a",
            "AWS4- Signature=b,Credential=a",
            "AWS4- Signature=b, Credential=a",
        ] {
            assert_eq!(
                message_of(header(h, true)),
                (
                    ErrorKind::IncompleteSignature,
                    format!("Authorization header requires 'SignedHeaders' parameter. Authorization={h}")
                )
            );
        }
    }

    #[test]
    fn host_must_be_signed() {
        let (kind, message) = message_of(header(
            "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=x-amz-date, Signature=s",
            true,
        ));
        assert_eq!(kind, ErrorKind::InvalidSignature);
        assert_eq!(
            message,
            "'Host' must be a 'SignedHeader' in the AWS Authorization."
        );
    }

    #[test]
    fn other_algorithms_are_unsupported() {
        let (kind, message) = message_of(header(
            "AWS4-HMAC-SHA25 Credential=a/b/c/d/e, SignedHeaders=host, Signature=s",
            true,
        ));
        assert_eq!(kind, ErrorKind::IncompleteSignature);
        assert_eq!(
            message,
            "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA25' (only AWS4-HMAC-SHA256 for now). "
        );
    }

    #[test]
    fn credential_needs_five_parts() {
        let (kind, message) = message_of(header(
            "AWS4-HMAC-SHA256 Credential=a/b/c/d, SignedHeaders=host, Signature=s",
            true,
        ));
        assert_eq!(kind, ErrorKind::IncompleteSignature);
        assert_eq!(
            message,
            "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'a/b/c/d'"
        );
    }

    #[test]
    fn header_and_query_together_are_invalid() {
        let e = authenticate(AuthInput {
            authorization: Some(Some("X")),
            query: Some("X-Amz-Algorithm"),
            has_date_header: false,
        })
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidSignature);
        assert_eq!(
            e.message,
            "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header."
        );
    }

    #[test]
    fn misspelt_query_parameter_is_ignored() {
        let e = authenticate(AuthInput {
            authorization: Some(Some("X")),
            query: Some("X-Amz-Algorith"),
            has_date_header: false,
        })
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::MissingAuthenticationToken);
    }

    #[test]
    fn query_auth_lists_missing_parameters() {
        let e = authenticate(AuthInput {
            query: Some("X-Amz-Algorithm"),
            ..AuthInput::default()
        })
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::IncompleteSignature);
        assert_eq!(
            e.message,
            "AWS query-string parameters must include 'X-Amz-Algorithm'. \
             AWS query-string parameters must include 'X-Amz-Credential'. \
             AWS query-string parameters must include 'X-Amz-Signature'. \
             AWS query-string parameters must include 'X-Amz-SignedHeaders'. \
             AWS query-string parameters must include 'X-Amz-Date'. \
             Re-examine the query-string parameters."
        );
        let e = authenticate(AuthInput {
            query: Some("X-Amz-Algorithm=a&X-Amz-Credential=b&X-Amz-Signature=c&X-Amz-Date=d"),
            ..AuthInput::default()
        })
        .unwrap_err();
        assert_eq!(
            e.message,
            "AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the query-string parameters."
        );
    }

    #[test]
    fn presigned_query_is_parsed() {
        let auth = authenticate(AuthInput {
            query: Some(
                "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AK%2F20240101%2Fap-south-1%2Fdynamodb%2Faws4_request\
                 &X-Amz-Date=20240101T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=ff",
            ),
            ..AuthInput::default()
        })
        .unwrap();
        assert_eq!(auth.access_key, "AK");
        assert_eq!(auth.region, "ap-south-1");
        assert!(auth.presigned);
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%2Fb+c"), "a/b c");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
