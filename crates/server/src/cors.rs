//! CORS, so that browser SDKs can talk to ddb directly. DynamoDB answers a preflight (OPTIONS
//! with an `Origin`) with 200, an empty body, `Access-Control-Allow-Origin: *`, a two-day max age,
//! and the requested headers and method echoed back; every answer to a request with an `Origin`
//! allows any origin.

use hyper::header::{
    HeaderMap, HeaderValue, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE,
    ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD,
};

const ANY: HeaderValue = HeaderValue::from_static("*");
const MAX_AGE: HeaderValue = HeaderValue::from_static("172800");
/// The response headers a browser script may read: the ones the SDKs look at.
const EXPOSE: HeaderValue = HeaderValue::from_static(
    "x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date,x-amz-crc32",
);

/// Adds the headers every answer to a cross-origin request carries.
pub fn allow_any_origin(response: &mut HeaderMap) {
    response.insert(ACCESS_CONTROL_ALLOW_ORIGIN, ANY);
    response.insert(ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSE);
}

/// Adds a preflight answer's headers, given the preflight request's.
pub fn preflight(request: &HeaderMap, response: &mut HeaderMap) {
    allow_any_origin(response);
    response.insert(ACCESS_CONTROL_MAX_AGE, MAX_AGE);
    if let Some(headers) = request.get(ACCESS_CONTROL_REQUEST_HEADERS) {
        response.insert(ACCESS_CONTROL_ALLOW_HEADERS, headers.clone());
    }
    if let Some(method) = request.get(ACCESS_CONTROL_REQUEST_METHOD) {
        response.insert(ACCESS_CONTROL_ALLOW_METHODS, method.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preflight_echoes_requested_headers_and_method() {
        let mut request = HeaderMap::new();
        request.insert(
            ACCESS_CONTROL_REQUEST_HEADERS,
            HeaderValue::from_static("a, b, c"),
        );
        request.insert(ACCESS_CONTROL_REQUEST_METHOD, HeaderValue::from_static("d"));
        let mut response = HeaderMap::new();
        preflight(&request, &mut response);
        assert_eq!(response[ACCESS_CONTROL_ALLOW_ORIGIN], "*");
        assert_eq!(response[ACCESS_CONTROL_MAX_AGE], "172800");
        assert_eq!(response[ACCESS_CONTROL_ALLOW_HEADERS], "a, b, c");
        assert_eq!(response[ACCESS_CONTROL_ALLOW_METHODS], "d");
    }

    #[test]
    fn preflight_without_requests_sets_only_the_basics() {
        let mut response = HeaderMap::new();
        preflight(&HeaderMap::new(), &mut response);
        assert_eq!(response[ACCESS_CONTROL_ALLOW_ORIGIN], "*");
        assert!(!response.contains_key(ACCESS_CONTROL_ALLOW_HEADERS));
        assert!(!response.contains_key(ACCESS_CONTROL_ALLOW_METHODS));
    }
}
