//! Every error the DynamoDB Streams operations answer beyond the request constraints, each with
//! its exception and text, defined once (sources: docs/research/streams-api.md).

use std::fmt;

use ddb_model::{DynamoError, ErrorKind};

/// A DynamoDB Streams error.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamFault {
    /// A StreamArn that is not a stream ARN at all.
    MalformedStreamArn {
        /// The ARN given.
        arn: String,
    },
    /// A well-formed StreamArn of no stream this server has (or one trimmed away).
    StreamNotFound {
        /// The ARN given.
        arn: String,
    },
    /// A ShardId the stream does not have (or no longer has).
    ShardNotFound {
        /// The shard id given.
        shard_id: String,
        /// The stream's ARN.
        arn: String,
    },
    /// ListStreams' or DescribeStream's Limit above 100.
    LimitTooHigh {
        /// The member's name as the message gives it.
        member: &'static str,
        /// The value given.
        value: i32,
        /// The largest accepted.
        max: i32,
    },
    /// GetShardIterator's AT_ or AFTER_SEQUENCE_NUMBER without a SequenceNumber.
    SequenceNumberMissing {
        /// The iterator type asked for.
        iterator_type: &'static str,
    },
    /// A SequenceNumber with TRIM_HORIZON, LATEST or AT_TIMESTAMP.
    SequenceNumberNotAllowed {
        /// The iterator type asked for.
        iterator_type: &'static str,
    },
    /// A SequenceNumber that is not a number, or lies outside the shard.
    InvalidSequenceNumber {
        /// The sequence number given.
        sequence_number: String,
        /// The shard asked about.
        shard_id: String,
    },
    /// AT_TIMESTAMP without a Timestamp.
    TimestampMissing,
    /// AT_TIMESTAMP with a time in the future.
    TimestampInFuture,
    /// A ShardIterator ddb did not issue (or not for this server's streams).
    InvalidIterator,
    /// A ShardIterator older than 15 minutes.
    ExpiredIterator,
    /// A read below the shard's trim horizon.
    Trimmed,
    /// DescribeStream's ShardFilter without a ShardId.
    ShardFilterShardIdMissing,
    /// DescribeStream's ShardFilter without a Type.
    ShardFilterTypeMissing,
}

impl fmt::Display for StreamFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use StreamFault::*;
        match self {
            MalformedStreamArn { .. } => f.write_str("Invalid StreamArn"),
            StreamNotFound { arn } => {
                write!(f, "Requested resource not found: Stream: {arn} not found")
            }
            ShardNotFound { .. } => {
                f.write_str("Requested resource not found: Shard does not exist")
            }
            LimitTooHigh { member, value, max } => write!(
                f,
                "1 validation error detected: Value '{value}' at '{member}' failed to satisfy \
                 constraint: Member must have value less than or equal to {max}"
            ),
            SequenceNumberMissing { iterator_type } => write!(
                f,
                "Must specify a sequence number with shard iterator type {iterator_type}"
            ),
            SequenceNumberNotAllowed { iterator_type } => write!(
                f,
                "Sequence number must not be specified with shard iterator type {iterator_type}"
            ),
            InvalidSequenceNumber {
                sequence_number,
                shard_id,
            } => write!(
                f,
                "Invalid SequenceNumber {sequence_number} for shard {shard_id}"
            ),
            TimestampMissing => {
                f.write_str("Must specify a timestamp with shard iterator type AT_TIMESTAMP")
            }
            TimestampInFuture => f.write_str("The timestamp must not be in the future"),
            InvalidIterator => f.write_str("Invalid ShardIterator"),
            ExpiredIterator => {
                f.write_str("The provided iterator exceeds the maximum age allowed.")
            }
            Trimmed => f.write_str("The data you are trying to access has been trimmed"),
            ShardFilterTypeMissing => f.write_str(
                "1 validation error detected: Value null at 'shardFilter.type' failed to satisfy \
                 constraint: Member must not be null",
            ),
            ShardFilterShardIdMissing => {
                f.write_str("ShardFilter.ShardId must be provided when ShardFilter is provided")
            }
        }
    }
}

impl StreamFault {
    fn kind(&self) -> ErrorKind {
        use StreamFault::*;
        match self {
            StreamNotFound { .. } | ShardNotFound { .. } => ErrorKind::ResourceNotFound,
            ExpiredIterator => ErrorKind::ExpiredIterator,
            Trimmed => ErrorKind::TrimmedDataAccess,
            _ => ErrorKind::Validation,
        }
    }
}

/// A page size of the Streams operations: `given` (the constraint checks already refused
/// values below 1) up to `max`, or `max` when absent.
pub fn page_limit(given: Option<i32>, max: i32) -> Result<usize, StreamFault> {
    match given {
        Some(value) if value > max => Err(StreamFault::LimitTooHigh {
            member: "limit",
            value,
            max,
        }),
        Some(value) => Ok(usize::try_from(value).unwrap_or(1)),
        None => Ok(usize::try_from(max).unwrap_or(1)),
    }
}

impl From<StreamFault> for DynamoError {
    fn from(fault: StreamFault) -> DynamoError {
        DynamoError::new(fault.kind(), fault.to_string())
    }
}
