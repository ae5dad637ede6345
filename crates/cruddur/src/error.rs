//! The one error type of the toolkit, so every failure reaches the user as a sentence.
//!
//! SDK errors are sorted here into what a user can act on (the server is not reachable, a table
//! is missing, AWS refused the credentials, the server said something else); each keeps the
//! SDK's full debug rendering in [`Error::detail`] for `ddb -v`.

use crate::conversation::ParseError;

/// Why a toolkit command failed; `Display` is the sentence the user sees. The CLI adds what it
/// alone knows (the endpoint URL and where it came from, the command to run next).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A conversation file line that is not `Person 1: ...` or `Person 2: ...`.
    #[error(transparent)]
    Conversation(#[from] ParseError),
    /// A handle that the user directory (built-in or PostgreSQL) does not know.
    #[error("unknown user handle '{handle}' in {source_name}")]
    UnknownHandle {
        /// The handle asked for.
        handle: String,
        /// The directory it was looked up in, described for the user (a PostgreSQL URL with its
        /// password redacted).
        source_name: String,
    },
    /// Anything PostgreSQL said while looking users up.
    #[error("PostgreSQL user lookup failed: {0}")]
    Postgres(String),
    /// A request to DynamoDB failed; the message already names the operation.
    #[error("{0}")]
    Dynamo(String),
    /// Conflicting or unusable settings (endpoint, region, credentials, arguments).
    #[error("{0}")]
    Config(String),
    /// A stream record the message-group updater cannot use; the message says why.
    #[error("{0}")]
    Record(String),
    /// A local file could not be read; the message names the file.
    #[error("{0}")]
    Io(String),
    /// No answer from the endpoint: nothing listening, the host does not resolve, a timeout.
    #[error("cannot reach the endpoint: {reason}")]
    Unreachable {
        /// What went wrong, in a few words ("connection refused").
        reason: String,
        /// The SDK's debug rendering.
        detail: String,
    },
    /// The table named in the request does not exist (ResourceNotFoundException).
    #[error("table {table} does not exist")]
    NoSuchTable {
        /// The table asked for.
        table: String,
        /// The SDK's debug rendering.
        detail: String,
    },
    /// The table to create exists already (ResourceInUseException from CreateTable).
    #[error("table {table} already exists")]
    TableExists {
        /// The table asked for.
        table: String,
    },
    /// The endpoint answered, but not as DynamoDB does (an HTML page, a bare status).
    #[error("{operation} failed: the endpoint answered {answer}, not as DynamoDB does")]
    NotDynamoDb {
        /// The operation sent.
        operation: String,
        /// What came back, in a few words ("HTTP 404").
        answer: String,
        /// The SDK's debug rendering.
        detail: String,
    },
    /// AWS refused the request's credentials or their permissions.
    #[error("{message}")]
    Credentials {
        /// The sentence to show.
        message: String,
        /// The SDK's debug rendering.
        detail: String,
    },
    /// Any other SDK failure: the service's code and message, or the cause chain.
    #[error("{message}")]
    Sdk {
        /// The sentence to show.
        message: String,
        /// The SDK's debug rendering.
        detail: String,
    },
}

impl Error {
    /// The SDK's full error, for `-v`/`--debug`; `None` for errors that are already complete.
    pub fn detail(&self) -> Option<&str> {
        match self {
            Error::Unreachable { detail, .. }
            | Error::NoSuchTable { detail, .. }
            | Error::Credentials { detail, .. }
            | Error::NotDynamoDb { detail, .. }
            | Error::Sdk { detail, .. } => Some(detail),
            _ => None,
        }
    }
}

/// Service error codes that mean AWS did not accept who is calling.
const CREDENTIAL_CODES: &[&str] = &[
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "ExpiredTokenException",
    "MissingAuthenticationTokenException",
    "IncompleteSignatureException",
    "InvalidClientTokenId",
];

/// Sorts an SDK error into an [`Error`]. `table` is the table the request named, if exactly one,
/// so a ResourceNotFoundException becomes [`Error::NoSuchTable`].
pub fn describe_sdk_error<E>(
    operation: &str,
    table: Option<&str>,
    err: &aws_sdk_dynamodb::error::SdkError<E, aws_sdk_dynamodb::config::http::HttpResponse>,
) -> Error
where
    E: aws_sdk_dynamodb::error::ProvideErrorMetadata + std::error::Error + 'static,
{
    use aws_sdk_dynamodb::error::SdkError;
    let detail = format!("{err:#?}");
    if let Some(service) = err.as_service_error() {
        let code = service.code();
        let message = service.message().unwrap_or("");
        if let (Some("ResourceNotFoundException"), Some(table)) = (code, table) {
            return Error::NoSuchTable {
                table: table.to_string(),
                detail,
            };
        }
        if let Some(code) = code.filter(|c| CREDENTIAL_CODES.contains(c)) {
            return Error::Credentials {
                message: format!(
                    "{operation}: the credentials were refused ({code}: {message}); \
                     check AWS_PROFILE or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY"
                ),
                detail,
            };
        }
        if code == Some("AccessDeniedException") {
            return Error::Credentials {
                message: format!(
                    "{operation}: access denied ({message}); the credentials lack permission \
                     for dynamodb:{operation}"
                ),
                detail,
            };
        }
        return match code {
            Some(code) => Error::Sdk {
                message: format!("{operation} failed: {code}: {message}"),
                detail,
            },
            None => Error::NotDynamoDb {
                operation: operation.to_string(),
                answer: match err.raw_response() {
                    Some(r) => format!("HTTP {}", r.status().as_u16()),
                    None => "an error without a code".to_string(),
                },
                detail,
            },
        };
    }
    match err {
        SdkError::TimeoutError(_) => Error::Unreachable {
            reason: "no answer in time (timed out)".into(),
            detail,
        },
        SdkError::DispatchFailure(failure) => {
            if failure.is_timeout() {
                return Error::Unreachable {
                    reason: "timed out".into(),
                    detail,
                };
            }
            if let Some(reason) = connection_reason(err) {
                return Error::Unreachable { reason, detail };
            }
            let chain = aws_sdk_dynamodb::error::DisplayErrorContext(err).to_string();
            if chain.contains("credential") {
                return Error::Credentials {
                    message: "no AWS credentials found; set AWS_PROFILE or AWS_ACCESS_KEY_ID / \
                              AWS_SECRET_ACCESS_KEY (or run `aws configure`)"
                        .into(),
                    detail,
                };
            }
            Error::Sdk {
                message: format!("{operation} failed: {}", last_cause(err)),
                detail,
            }
        }
        SdkError::ResponseError(_) => Error::NotDynamoDb {
            operation: operation.to_string(),
            answer: format!("something unreadable ({})", last_cause(err)),
            detail,
        },
        _ => Error::Sdk {
            message: format!("{operation} failed: {}", last_cause(err)),
            detail,
        },
    }
}

/// The innermost cause's message.
fn last_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

/// Why a connection could not be made, when the cause chain says: the I/O error's kind, or a
/// name that does not resolve.
fn connection_reason(err: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    let mut dns = false;
    while let Some(e) = current {
        if e.to_string().starts_with("dns error") {
            dns = true;
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind;
            return Some(match io.kind() {
                ErrorKind::ConnectionRefused => "connection refused".to_string(),
                ErrorKind::TimedOut => "timed out".to_string(),
                ErrorKind::ConnectionReset => "connection reset".to_string(),
                _ if dns => "the host name does not resolve".to_string(),
                _ => io.to_string(),
            });
        }
        current = e.source();
    }
    dns.then(|| "the host name does not resolve".to_string())
}

/// The service error code of an SDK error, when the server answered with one.
pub fn error_code<E, R>(err: &aws_sdk_dynamodb::error::SdkError<E, R>) -> Option<&str>
where
    E: aws_sdk_dynamodb::error::ProvideErrorMetadata,
{
    err.as_service_error().and_then(|e| e.code())
}
