//! The one error type of the toolkit, so every failure reaches the user as a sentence.

use crate::conversation::ParseError;

/// Why a toolkit command failed; `Display` is the sentence the user sees.
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
    /// Conflicting or unusable settings (endpoint, region, arguments).
    #[error("{0}")]
    Config(String),
    /// A local file could not be read; the message names the file.
    #[error("{0}")]
    Io(String),
}

/// Renders an SDK error: the service's own error code and message when the server answered,
/// the full cause chain otherwise (connection refused, timeouts), which the SDK's `Display`
/// alone hides behind "dispatch failure".
pub fn describe_sdk_error<E, R>(
    operation: &str,
    err: &aws_sdk_dynamodb::error::SdkError<E, R>,
) -> Error
where
    E: aws_sdk_dynamodb::error::ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    if let Some(service) = err.as_service_error() {
        let code = service.code().unwrap_or("UnknownError");
        let message = service.message().unwrap_or("");
        return Error::Dynamo(format!("{operation} failed: {code}: {message}"));
    }
    Error::Dynamo(format!(
        "{operation} failed: {}",
        aws_sdk_dynamodb::error::DisplayErrorContext(err)
    ))
}

/// The service error code of an SDK error, when the server answered with one.
pub fn error_code<E, R>(err: &aws_sdk_dynamodb::error::SdkError<E, R>) -> Option<&str>
where
    E: aws_sdk_dynamodb::error::ProvideErrorMetadata,
{
    err.as_service_error().and_then(|e| e.code())
}
