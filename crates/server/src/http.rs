//! One HTTP request to one response, in DynamoDB's order of checks:
//!
//! 0. headers over [`MAX_HEADER_BYTES`] get 431 (our limit: DynamoDB's is not on record);
//! 1. size: bodies over 16 MiB get 413, after the rest of the body is read and dropped so the
//!    client sees the answer;
//! 2. method: `GET /` is the health check, `OPTIONS` with an `Origin` a CORS preflight, anything
//!    else a 404;
//! 3. a non-empty body must be labelled JSON (404 otherwise);
//! 4. the body must be in a coding DynamoDB decodes (only gzip) and decode cleanly: otherwise
//!    500, and nothing runs ([`crate::body`]);
//! 5. the body must be JSON (SerializationException, checked lazily: see [`App::answer`]);
//! 6. `X-Amz-Target` must name a DynamoDB operation (UnknownOperationException);
//! 7. authentication ([`crate::auth`]);
//! 8. the engine runs the operation; an answer over 4096 bytes is compressed when the client
//!    accepts gzip or deflate ([`crate::compression`]), and `x-amz-crc32` covers the bytes sent.

use std::convert::Infallible;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use bytes::Bytes;
use ddb_engine::Engine;
use ddb_model::{DynamoError, ErrorKind};
use ddb_wire::Operation;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT_ENCODING, CONNECTION, CONTENT_ENCODING,
    CONTENT_LENGTH, CONTENT_TYPE, DATE, ORIGIN, TRANSFER_ENCODING,
};
use hyper::http::request::Parts;
use hyper::{Method, Request, Response, StatusCode};

use crate::auth::{self, AuthInput};
use crate::body::{self, BodyError};
use crate::compression;
use crate::content_type::RequestType;
use crate::crc::crc32_header;
use crate::credentials::Credentials;
use crate::error_response::error_body;
use crate::request_id::RequestIds;
use crate::sigv4;
use crate::{cors, target};

/// Every answer the server gives: the whole body is built before the response is sent.
pub type HttpResponse = Response<Full<Bytes>>;

const X_AMZN_REQUEST_ID: HeaderName = HeaderName::from_static("x-amzn-requestid");
const X_AMZ_CRC32: HeaderName = HeaderName::from_static("x-amz-crc32");
const X_AMZ_TARGET: HeaderName = HeaderName::from_static("x-amz-target");
const X_AMZ_DATE: HeaderName = HeaderName::from_static("x-amz-date");
const TEXT_PLAIN: HeaderValue = HeaderValue::from_static("text/plain");
const CLOSE: HeaderValue = HeaderValue::from_static("close");
const CHUNKED: HeaderValue = HeaderValue::from_static("chunked");

/// Our limit on a request's headers: the request target plus every header line (name, value
/// and 4 bytes of separators). DynamoDB's own limit is not on record (UNCONFIRMED); this one is
/// far above what an SDK sends (about 1-2 KiB with a SigV4 signature). Past it: 431.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

/// What DynamoDB answers to a request that is not an API call.
const NOT_FOUND_BODY: &[u8] = b"<UnknownOperationException/>\n";

/// Runs an operation: [`ddb_engine::dispatch_operation`]'s signature.
pub type Dispatch = fn(&Engine, Operation, &[u8]) -> Result<Vec<u8>, DynamoError>;

/// The server's shared state: the engine and what every response needs.
pub struct App {
    engine: Arc<Engine>,
    dispatch: Dispatch,
    ids: RequestIds,
    health: Bytes,
    /// The keys signatures are verified with; none: any well-formed signature is accepted.
    credentials: Option<Credentials>,
    /// The signing keys derived from them.
    signing_keys: sigv4::SigningKeys,
}

impl App {
    /// An app serving `engine` with the engine's own operations.
    pub fn new(engine: Arc<Engine>) -> App {
        App::with_dispatch(engine, ddb_engine::dispatch_operation)
    }

    /// An app that runs operations with `dispatch` instead of the engine's (for tests).
    pub fn with_dispatch(engine: Arc<Engine>, dispatch: Dispatch) -> App {
        // DynamoDB's health answer names its endpoint, with a trailing space.
        let health = format!("healthy: dynamodb.{}.amazonaws.com ", engine.config.region);
        App {
            engine,
            dispatch,
            ids: RequestIds::new(),
            health: Bytes::from(health),
            credentials: None,
            signing_keys: sigv4::SigningKeys::default(),
        }
    }

    /// This app, verifying every request's signature with `credentials`
    /// ([`crate::sigv4`]).
    pub fn with_credentials(mut self, credentials: Credentials) -> App {
        self.credentials = Some(credentials);
        self
    }

    /// The engine this server serves.
    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }

    /// Answers one request. Never fails: every problem is an HTTP answer.
    pub async fn handle(
        self: Arc<Self>,
        request: Request<Incoming>,
    ) -> Result<HttpResponse, Infallible> {
        let cross_origin = request.headers().contains_key(ORIGIN);
        let request_id = self.ids.next_header();
        let mut response = if header_bytes(&request) > MAX_HEADER_BYTES {
            refuse(request, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE).await
        } else {
            self.route(request, &request_id, cross_origin).await
        };
        let headers = response.headers_mut();
        headers.insert(X_AMZN_REQUEST_ID, request_id);
        if cross_origin {
            cors::allow_any_origin(headers);
        }
        Ok(response)
    }

    async fn route(
        &self,
        request: Request<Incoming>,
        request_id: &HeaderValue,
        cross_origin: bool,
    ) -> HttpResponse {
        match *request.method() {
            Method::POST => self.post(request, request_id).await,
            // DynamoDB's health check: `GET /` answers its endpoint name, whatever the query.
            Method::GET if request.uri().path() == "/" => {
                raw(StatusCode::OK, self.health.clone(), Some(TEXT_PLAIN))
            }
            Method::OPTIONS if cross_origin => {
                let mut response = raw(StatusCode::OK, Bytes::new(), None);
                response.headers_mut().remove(X_AMZ_CRC32);
                cors::preflight(request.headers(), response.headers_mut());
                response
            }
            _ => not_found(),
        }
    }

    async fn post(&self, request: Request<Incoming>, request_id: &HeaderValue) -> HttpResponse {
        let (parts, mut incoming) = request.into_parts();
        let content_length = parts
            .headers
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        let raw_body = match body::read(&mut incoming, content_length).await {
            Ok(bytes) => bytes,
            Err(BodyError::TooLarge) => {
                let limit = body::MAX_REQUEST_BYTES as u64 + body::MAX_DRAIN_BYTES;
                if content_length.is_some_and(|n| n > limit) || !body::drain(incoming).await {
                    return closing(StatusCode::PAYLOAD_TOO_LARGE);
                }
                return too_large();
            }
            Err(_) => return closing(StatusCode::BAD_REQUEST),
        };
        let request_type = RequestType::of(parts.headers.get(CONTENT_TYPE));
        if !raw_body.is_empty() && !request_type.accepts_body() {
            return not_found();
        }
        let content_type = request_type.response_header();
        // The signature covers the body as sent, before its Content-Encoding is undone.
        let payload_hash = self
            .credentials
            .is_some()
            .then(|| sigv4::payload_hash(&raw_body));
        let result = match body::decode(raw_body, parts.headers.get(CONTENT_ENCODING)) {
            Ok(json) => self.answer(&parts, &json, payload_hash.as_deref()),
            // Our cap on the decoded size, answered like an oversize body.
            Err(BodyError::TooLarge) => return too_large(),
            // DynamoDB fails an unknown coding, or a body that claims gzip but is not, with an
            // internal error, not a client one, and runs nothing (observed against DynamoDB by
            // Alternator's compressed-request tests).
            Err(e) => Err(DynamoError::internal(format!(
                "undecodable request body ({e:?}), Content-Encoding {:?}",
                parts.headers.get(CONTENT_ENCODING)
            ))),
        };
        let (status, json) = match result {
            Ok(json) => (StatusCode::OK, json),
            Err(error) => {
                log_error_answer(&parts, request_id, &error);
                let status = StatusCode::from_u16(error.kind.http_status())
                    .unwrap_or(StatusCode::BAD_REQUEST);
                (status, error_body(&error))
            }
        };
        // Only the first Accept-Encoding header counts, as in DynamoDB.
        let coding = (json.len() > compression::THRESHOLD)
            .then(|| compression::choose(parts.headers.get(ACCEPT_ENCODING)))
            .flatten();
        if let Some(coding) = coding {
            match coding.encode(&json) {
                Ok(encoded) => {
                    let mut response = json_response(status, Bytes::from(encoded), content_type);
                    response
                        .headers_mut()
                        .insert(CONTENT_ENCODING, coding.header());
                    return response;
                }
                Err(e) => tracing::error!(error = %e, "response compression failed; sent plain"),
            }
        }
        json_response(status, Bytes::from(json), content_type)
    }

    /// The JSON answer to an API call.
    ///
    /// DynamoDB rejects malformed JSON before anything else, but checking syntax up front would
    /// parse every body twice. The operation's decoder (`ddb_wire::decode`) reads the body once
    /// and tells bad syntax from a bad shape itself; only an error found before the operation
    /// runs needs the syntax asked separately ([`ddb_wire::de::is_json`]), and only then.
    fn answer(
        &self,
        parts: &Parts,
        body: &[u8],
        payload_hash: Option<&str>,
    ) -> Result<Vec<u8>, DynamoError> {
        let (operation, signer) = match self.admit(parts, payload_hash) {
            Ok(admitted) => admitted,
            Err(error) => {
                return Err(if ddb_wire::de::is_json(body) {
                    error
                } else {
                    malformed_json()
                })
            }
        };
        // DynamoDB wants a body, even if only `{}`.
        if body.is_empty() {
            return Err(malformed_json());
        }
        tracing::debug!(
            operation = operation.name(),
            access_key = %signer.access_key,
            region = %signer.region,
            "request"
        );
        let (engine, dispatch) = (&self.engine, self.dispatch);
        // A bug in one operation must not take the server down: the panic is answered like
        // DynamoDB answers its own internal failures, and the next request is served normally.
        match catch_unwind(AssertUnwindSafe(|| dispatch(engine, operation, body))) {
            Ok(result) => result,
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .copied()
                    .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
                    .unwrap_or("(no message)");
                Err(DynamoError::internal(format!("operation panicked: {what}")))
            }
        }
    }

    /// The checks between a request's arrival and the engine: target, then authentication.
    fn admit<'p>(
        &self,
        parts: &'p Parts,
        payload_hash: Option<&str>,
    ) -> Result<(Operation, auth::RequestAuth<'p>), DynamoError> {
        let operation =
            target::operation(parts.headers.get(X_AMZ_TARGET).map(HeaderValue::as_bytes))
                .ok_or_else(unknown_operation)?;
        let headers = &parts.headers;
        let signer = auth::authenticate(AuthInput {
            authorization: headers
                .get(hyper::header::AUTHORIZATION)
                .map(|v| v.to_str().ok()),
            query: parts.uri.query(),
            has_date_header: headers.contains_key(X_AMZ_DATE) || headers.contains_key(DATE),
        })?;
        if let (Some(credentials), Some(payload_hash)) = (&self.credentials, payload_hash) {
            let verifier = sigv4::Verifier {
                credentials,
                region: &self.engine.config.region,
                keys: &self.signing_keys,
            };
            let request = sigv4::Received {
                parts,
                payload_hash,
            };
            verifier.verify(&signer, &request, chrono::Utc::now())?;
        }
        Ok((operation, signer))
    }
}

/// Logs an error answer with its request id, so a failure a client reports can be found in the
/// log: server faults at error level with their hidden detail, client faults at debug level.
fn log_error_answer(parts: &Parts, request_id: &HeaderValue, error: &DynamoError) {
    let request_id = request_id.to_str().unwrap_or("");
    let operation = parts
        .headers
        .get(X_AMZ_TARGET)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let exception = error.kind.wire_type();
    if error.kind.http_status() >= 500 {
        tracing::error!(
            request_id,
            operation,
            exception,
            detail = error.detail.as_deref().unwrap_or(""),
            "server fault"
        );
    } else {
        tracing::debug!(
            request_id,
            operation,
            exception,
            message = %error.message,
            "client fault"
        );
    }
}

/// SerializationException for a body that is not JSON: DynamoDB gives no message.
fn malformed_json() -> DynamoError {
    DynamoError::serialization("")
}

fn unknown_operation() -> DynamoError {
    DynamoError::new(ErrorKind::UnknownOperation, "")
}

fn json_response(status: StatusCode, body: Bytes, content_type: HeaderValue) -> HttpResponse {
    raw(status, body, Some(content_type))
}

/// A response with a CRC32 header over `body`.
fn raw(status: StatusCode, body: Bytes, content_type: Option<HeaderValue>) -> HttpResponse {
    let crc = crc32_header(&body);
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    let headers: &mut HeaderMap = response.headers_mut();
    headers.reserve(6);
    if let Some(content_type) = content_type {
        headers.insert(CONTENT_TYPE, content_type);
    }
    headers.insert(X_AMZ_CRC32, crc);
    response
}

/// DynamoDB's 413 for a body over its limit: empty, and sent chunked (dynalite's
/// test/connection.js, written against DynamoDB). hyper honours a `Transfer-Encoding: chunked`
/// the response sets, and then sends no Content-Length.
fn too_large() -> HttpResponse {
    let mut response = raw(StatusCode::PAYLOAD_TOO_LARGE, Bytes::new(), None);
    response.headers_mut().insert(TRANSFER_ENCODING, CHUNKED);
    response
}

/// DynamoDB's 404 for anything that is not an API call or health check.
fn not_found() -> HttpResponse {
    raw(
        StatusCode::NOT_FOUND,
        Bytes::from_static(NOT_FOUND_BODY),
        None,
    )
}

/// The size of a request's head as [`MAX_HEADER_BYTES`] counts it.
fn header_bytes<B>(request: &Request<B>) -> usize {
    let target = request
        .uri()
        .path_and_query()
        .map_or(1, |p| p.as_str().len());
    request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum::<usize>()
        + target
}

/// An empty answer with `status` to a request refused on its headers. Its body is read and
/// dropped first (within [`body::MAX_DRAIN_BYTES`]), so the client sees the answer.
async fn refuse(request: Request<Incoming>, status: StatusCode) -> HttpResponse {
    if body::drain(request.into_body()).await {
        raw(status, Bytes::new(), None)
    } else {
        closing(status)
    }
}

fn closing(status: StatusCode) -> HttpResponse {
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = status;
    response.headers_mut().insert(CONNECTION, CLOSE);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_carry_the_crc_of_their_body() {
        let response = json_response(
            StatusCode::OK,
            Bytes::from_static(b"{}"),
            RequestType::AmzJson.response_header(),
        );
        assert_eq!(
            response.headers()[X_AMZ_CRC32],
            crc32fast::hash(b"{}").to_string().as_str()
        );
        assert_eq!(
            response.headers()[CONTENT_TYPE],
            "application/x-amz-json-1.0"
        );
        let response = not_found();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(response.headers()[X_AMZ_CRC32], "3552371480");
    }
}
