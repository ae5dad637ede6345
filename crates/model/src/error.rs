//! The errors DynamoDB answers with. Each kind carries its wire name and HTTP status here, once;
//! everything else in ddb builds a [`DynamoError`] from a kind and DynamoDB's message text.

use crate::value::Item;

/// Exception kinds DynamoDB sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A request parameter, expression or item breaks one of DynamoDB's rules; by far the
    /// most common answer.
    Validation,
    /// The request body is not JSON of the shape the operation takes (wrong types, unknown
    /// enum values).
    Serialization,
    /// `X-Amz-Target` names an operation ddb does not serve (or that does not exist).
    UnknownOperation,
    /// The request carries no SigV4 authentication: no `Authorization` header, or one that names
    /// no `AWS4-` algorithm.
    MissingAuthenticationToken,
    /// The SigV4 authorization is incomplete or malformed: a missing `Credential`, `Signature`,
    /// `SignedHeaders` or date header, an unsupported algorithm, a credential scope without five
    /// parts.
    IncompleteSignature,
    /// The SigV4 authorization contradicts itself: header and query-string signing at once, or
    /// `Host` not among the signed headers.
    InvalidSignature,
    /// The access key is not one the service knows; DynamoDB's answer to unknown credentials.
    UnrecognizedClient,
    /// The request's session token has expired.
    ExpiredToken,
    /// The caller is not allowed to perform the operation.
    AccessDenied,
    /// A write's condition evaluated to false; may carry the item (see [`DynamoError::item`]).
    ConditionalCheckFailed,
    /// A PartiQL INSERT names an item that exists (PartiQL never overwrites).
    DuplicateItem,
    /// The named table or index does not exist (or is not yet active).
    ResourceNotFound,
    /// The table exists already, or is in a state (creating, updating, deleting) that forbids
    /// the change.
    ResourceInUse,
    /// An account- or table-level limit would be exceeded, such as too many tables or indexes
    /// being created at once.
    LimitExceeded,
    /// The request needs more capacity than the table provides; DynamoDB's throttling answer
    /// for data operations.
    ProvisionedThroughputExceeded,
    /// Control-plane calls arrive faster than DynamoDB accepts them.
    ThrottlingException,
    /// A table with a local secondary index would hold more than 10 GB under one partition
    /// key.
    ItemCollectionSizeLimitExceeded,
    /// A transaction did not run; the per-action reasons are in
    /// [`DynamoError::cancellation_reasons`].
    TransactionCanceled,
    /// Another transaction in progress touches the same item.
    TransactionConflict,
    /// A transaction repeats a `ClientRequestToken` within its 10 minutes but with different
    /// parameters.
    IdempotentParameterMismatch,
    /// The account's throughput limit for on-demand tables is reached.
    RequestLimitExceeded,
    /// A DynamoDB Streams shard iterator is older than the 15 minutes it is valid for.
    ExpiredIterator,
    /// A DynamoDB Streams read asks for records that have aged out of the stream (trimmed).
    TrimmedDataAccess,
    /// Something failed inside the server (storage I/O, a bug); reported with HTTP 500.
    InternalServerError,
}

impl ErrorKind {
    /// The `__type` DynamoDB puts in the error body.
    pub fn wire_type(self) -> &'static str {
        use ErrorKind::*;
        match self {
            Validation => "com.amazon.coral.validate#ValidationException",
            Serialization => "com.amazon.coral.service#SerializationException",
            UnknownOperation => "com.amazon.coral.service#UnknownOperationException",
            MissingAuthenticationToken => {
                "com.amazon.coral.service#MissingAuthenticationTokenException"
            }
            IncompleteSignature => "com.amazon.coral.service#IncompleteSignatureException",
            InvalidSignature => "com.amazon.coral.service#InvalidSignatureException",
            UnrecognizedClient => "com.amazon.coral.service#UnrecognizedClientException",
            ExpiredToken => "com.amazon.coral.service#ExpiredTokenException",
            AccessDenied => "com.amazon.coral.service#AccessDeniedException",
            ConditionalCheckFailed => {
                "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException"
            }
            DuplicateItem => "com.amazonaws.dynamodb.v20120810#DuplicateItemException",
            ResourceNotFound => "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
            ResourceInUse => "com.amazonaws.dynamodb.v20120810#ResourceInUseException",
            LimitExceeded => "com.amazonaws.dynamodb.v20120810#LimitExceededException",
            ProvisionedThroughputExceeded => {
                "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException"
            }
            ThrottlingException => "com.amazon.coral.availability#ThrottlingException",
            ItemCollectionSizeLimitExceeded => {
                "com.amazonaws.dynamodb.v20120810#ItemCollectionSizeLimitExceededException"
            }
            TransactionCanceled => "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
            TransactionConflict => "com.amazonaws.dynamodb.v20120810#TransactionConflictException",
            IdempotentParameterMismatch => {
                "com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException"
            }
            RequestLimitExceeded => "com.amazonaws.dynamodb.v20120810#RequestLimitExceeded",
            ExpiredIterator => "com.amazonaws.dynamodb.v20120810#ExpiredIteratorException",
            TrimmedDataAccess => "com.amazonaws.dynamodb.v20120810#TrimmedDataAccessException",
            InternalServerError => "com.amazonaws.dynamodb.v20120810#InternalServerError",
        }
    }

    /// The HTTP status DynamoDB answers this kind with.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorKind::InternalServerError => 500,
            ErrorKind::UnknownOperation => 400,
            _ => 400,
        }
    }
}

/// An error as DynamoDB reports it: a kind and its message text.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}: {message}", kind.wire_type())]
pub struct DynamoError {
    /// Which exception this is; decides the `__type` and HTTP status.
    pub kind: ErrorKind,
    /// The human-readable text, worded as DynamoDB words it (clients and tests match on it).
    pub message: String,
    /// The item, for ConditionalCheckFailedException with ReturnValuesOnConditionCheckFailure.
    pub item: Option<Item>,
    /// Per-action reasons, for TransactionCanceledException.
    pub cancellation_reasons: Option<Vec<CancellationReason>>,
    /// What failed inside ddb, for the server's log only: a client never sees it.
    pub detail: Option<String>,
    /// Which family of validation check raised a ValidationException, when the 2026
    /// envelope depends on it (`None` for messages that are bare on every operation).
    pub family: Option<MessageFamily>,
    /// Why a request was throttled, for the three throttling exceptions (boxed: every error
    /// carries the field, few use it).
    pub throttling_reasons: Option<Box<Vec<ThrottlingReason>>>,
}

/// Why a request was throttled, and on what: DynamoDB's `ThrottlingReason`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThrottlingReason {
    /// `Table|Index` + `Read|Write` + the limit, e.g. `TableWriteProvisionedThroughputExceeded`.
    pub reason: String,
    /// The ARN of the table or index that was throttled.
    pub resource: String,
}

/// The families of DynamoDB's own (non-constraint) validation messages that its 2026
/// `1 validation error detected: ` envelope tells apart. Whether an operation envelopes a
/// family is decided in one place, the engine's `framing` module
/// (docs/research/message-framing-2026.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageFamily {
    /// Expressions and their parameters: parse and semantic errors, unused or undefined
    /// placeholders, the placeholder maps, expression and legacy parameters mixed.
    Expression,
    /// The request's attribute values: empty sets, set duplicates, numbers, nesting depth.
    AttributeValue,
    /// Select SPECIFIC_ATTRIBUTES without a projection.
    Select,
    /// ReturnValues other than NONE and ALL_OLD on a PutItem or DeleteItem.
    ReturnValues,
}

/// An error with its chain of causes, displayed as one line: `outer: inner: innermost`. For
/// logs and operator messages, where the whole story matters.
pub struct Causes<'a>(pub &'a (dyn std::error::Error + 'static));

impl std::fmt::Display for Causes<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

/// The message of every InternalServerError: DynamoDB tells a client no more than this.
pub const MSG_INTERNAL_SERVER_ERROR: &str = "Internal server error";

/// Why one action of a transaction was cancelled.
#[derive(Debug, Clone, PartialEq)]
pub struct CancellationReason {
    /// DynamoDB's reason code: `None` for an action that was fine, else e.g.
    /// `ConditionalCheckFailed`, `ValidationError`, `TransactionConflict`.
    pub code: String,
    /// The explanation for a failed action; absent for actions that were fine.
    pub message: Option<String>,
    /// The item as it stood, when the action asked for it with
    /// ReturnValuesOnConditionCheckFailure `ALL_OLD` and its condition failed.
    pub item: Option<Item>,
}

impl DynamoError {
    /// An error of any kind with DynamoDB's message text, carrying nothing more (no item, no
    /// cancellation reasons, no detail).
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> DynamoError {
        DynamoError {
            kind,
            message: message.into(),
            item: None,
            cancellation_reasons: None,
            detail: None,
            family: None,
            throttling_reasons: None,
        }
    }

    /// The error, marked as raised by a check of `family` (see [`MessageFamily`]).
    pub fn in_family(mut self, family: MessageFamily) -> DynamoError {
        self.family = Some(family);
        self
    }

    /// A ValidationException.
    pub fn validation(message: impl Into<String>) -> DynamoError {
        DynamoError::new(ErrorKind::Validation, message)
    }

    /// A ResourceNotFoundException.
    pub fn not_found(message: impl Into<String>) -> DynamoError {
        DynamoError::new(ErrorKind::ResourceNotFound, message)
    }

    /// A ResourceInUseException.
    pub fn in_use(message: impl Into<String>) -> DynamoError {
        DynamoError::new(ErrorKind::ResourceInUse, message)
    }

    /// A SerializationException.
    pub fn serialization(message: impl Into<String>) -> DynamoError {
        DynamoError::new(ErrorKind::Serialization, message)
    }

    /// An InternalServerError: the client gets DynamoDB's generic text, and `detail` (what
    /// really failed) goes to the server's log with the request id.
    pub fn internal(detail: impl std::fmt::Display) -> DynamoError {
        let mut error = DynamoError::new(ErrorKind::InternalServerError, MSG_INTERNAL_SERVER_ERROR);
        error.detail = Some(detail.to_string());
        error
    }
}

/// Shorthand for results whose error is a DynamoDB error.
pub type DynamoResult<T> = Result<T, DynamoError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_keep_their_detail_out_of_the_message() {
        let e = DynamoError::internal("catalog entry 7 is corrupt");
        assert_eq!(e.kind, ErrorKind::InternalServerError);
        assert_eq!(e.message, MSG_INTERNAL_SERVER_ERROR);
        assert_eq!(e.detail.as_deref(), Some("catalog entry 7 is corrupt"));
    }

    #[test]
    fn causes_shows_the_whole_chain() {
        #[derive(Debug, thiserror::Error)]
        #[error("outer")]
        struct Outer(#[source] std::io::Error);
        let e = Outer(std::io::Error::other("inner"));
        assert_eq!(Causes(&e).to_string(), "outer: inner");
    }
}
