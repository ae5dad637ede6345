//! Request and response content types. DynamoDB takes JSON bodies labelled
//! `application/x-amz-json-1.0` (what the SDKs send) or `application/json`, ignoring parameters
//! after `;`, and labels its answer with the same type the request used.

use hyper::header::HeaderValue;

/// The type the SDKs send and are answered with.
pub(crate) const AMZ_JSON: HeaderValue = HeaderValue::from_static("application/x-amz-json-1.0");
/// Plain JSON: accepted, and the answer's type for every request not sent as [`AMZ_JSON`].
pub(crate) const JSON: HeaderValue = HeaderValue::from_static("application/json");

/// How a request labelled its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RequestType {
    /// `application/x-amz-json-1.0`.
    AmzJson,
    /// `application/json`.
    Json,
    /// Absent or anything else: DynamoDB does not take such a body (but an empty one is fine).
    Other,
}

impl RequestType {
    /// Classifies a `Content-Type` header (absent when `None`).
    pub fn of(header: Option<&HeaderValue>) -> RequestType {
        let Some(header) = header else {
            return RequestType::Other;
        };
        let essence = header
            .as_bytes()
            .split(|&b| b == b';')
            .next()
            .unwrap_or_default()
            .trim_ascii();
        match essence {
            b"application/x-amz-json-1.0" => RequestType::AmzJson,
            b"application/json" => RequestType::Json,
            _ => RequestType::Other,
        }
    }

    /// Whether a non-empty body labelled so is served (DynamoDB answers any other with 404).
    pub fn accepts_body(self) -> bool {
        self != RequestType::Other
    }

    /// The `Content-Type` of the answer.
    pub fn response_header(self) -> HeaderValue {
        match self {
            RequestType::AmzJson => AMZ_JSON,
            _ => JSON,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(value: &'static str) -> RequestType {
        RequestType::of(Some(&HeaderValue::from_static(value)))
    }

    #[test]
    fn recognises_both_json_types_with_parameters() {
        assert_eq!(of("application/x-amz-json-1.0"), RequestType::AmzJson);
        assert_eq!(
            of("application/x-amz-json-1.0;blahblah"),
            RequestType::AmzJson
        );
        assert_eq!(of("application/json"), RequestType::Json);
        assert_eq!(of("application/json;"), RequestType::Json);
        assert_eq!(of("  application/json  ;   asfd"), RequestType::Json);
        assert_eq!(of("application/json;charset=asfdsaf"), RequestType::Json);
    }

    #[test]
    fn refuses_others() {
        assert_eq!(of("whatever"), RequestType::Other);
        assert_eq!(of("application/x-amz-json-1.1"), RequestType::Other);
        assert_eq!(of("application/jsonasdf"), RequestType::Other);
        assert_eq!(RequestType::of(None), RequestType::Other);
    }

    #[test]
    fn answers_in_the_requests_type() {
        assert_eq!(
            of("application/x-amz-json-1.0").response_header(),
            "application/x-amz-json-1.0"
        );
        assert_eq!(of("application/json").response_header(), "application/json");
        assert_eq!(RequestType::Other.response_header(), "application/json");
    }
}
