//! Every error PartiQL adds to DynamoDB's, with its message text defined once. Syntax errors
//! come from the parser crate (`ddb_partiql::ParseError`); what needs a table, the request's
//! parameters or the shape of a batch or transaction is here. Sources per text:
//! `docs/research/partiql.md` (from the round's research, `../shared/research/partiql.md`).

use std::fmt;

use ddb_model::{DynamoError, ErrorKind, NumberError};
use ddb_partiql::Span;

use crate::invalid::Invalid;

/// A PartiQL fault that is DynamoDB's ValidationException unless [`Fault::kind`] says other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// The statement does not parse.
    Parse(ddb_partiql::ParseError),
    /// More or fewer `Parameters` than the statement's `?`.
    ParameterCount,
    /// A parameter's number that DynamoDB cannot read or store, with the text as sent
    /// (`params`: read as Java's BigDecimal reads it).
    ParameterNumber {
        /// What is wrong with it.
        error: NumberError,
        /// The text, echoed after a text that is not a number (unless it is empty).
        text: String,
    },
    /// A parameter nested beyond DynamoDB's limit (the item's nesting message).
    ParameterNesting,
    /// An ordering operator or BETWEEN with an operand that is not S, N or B.
    OperandType {
        /// The operator as written in the message (`<`, `BETWEEN`).
        op: &'static str,
        /// The operand's type descriptor (`BOOL`, `NULL`, `L`, `M`, `SS`…).
        operand: &'static str,
    },
    /// A function DynamoDB's PartiQL does not have (its name in lower case, and where).
    UnrecognizedFunction(String, Span),
    /// A function in an INSERT's item, where only values go (`at` is its place, `root`).
    UnsupportedDataType {
        /// The function's name, in lower case.
        name: String,
        /// Where it is in the item.
        at: String,
        /// Where its name is in the text.
        span: Span,
    },
    /// A condition function with the wrong number of arguments.
    OperandCount {
        /// The function, in lower case.
        function: String,
        /// The arguments given.
        count: usize,
    },
    /// A condition function whose argument must be a document path (holds the function).
    NeedsPath(String),
    /// An expression DynamoDB's PartiQL parses but cannot run where it stands (holds its kind).
    UnsupportedOperation(&'static str),
    /// FROM names an index the table does not have.
    NoSuchIndex,
    /// FROM names an index whose key has several partition or sort key attributes.
    MultiAttributeIndex,
    /// OR branches of a SELECT that read one partition whole and part of it
    /// (`key::overlapping_range_conditions`).
    OverlappingRangeConditions,
    /// UPDATE or DELETE names an index.
    WriteOnIndex,
    /// A write's WHERE does not pin every key attribute with `=`.
    MandatoryKeyEquality,
    /// A write's WHERE pins one key attribute twice.
    MultipleConditionsOnKey(String),
    /// A strongly consistent read of a global secondary index.
    StrongReadOnGlobalIndex,
    /// Two projected paths end in the same name.
    DuplicateSelectIdentifier(String),
    /// A function call in the SELECT list; the span is its name's (`COUNT(*)`: `1:8:5`).
    UnexpectedPathComponent(Span),
    /// A number literal outside DynamoDB's range; `at` is its place (`root`, `root.x`).
    Number {
        /// What is wrong with it.
        error: NumberError,
        /// Where it is in the value.
        at: String,
    },
    /// A set literal mixing types, or holding something other than numbers and strings.
    BagType,
    /// A map literal with one key twice.
    DuplicateMapKey {
        /// The key.
        key: String,
        /// The enclosing path (`root`, `root.x`).
        at: String,
    },
    /// `set_add`/`set_delete` (holds `ADD`/`DELETE`) with other than two arguments; the span is
    /// the function's name.
    SetFunctionArity(&'static str, Span),
    /// `set_add`/`set_delete` whose first argument is not the assigned path; the span is the
    /// function's name.
    SetFunctionTarget(&'static str, Span),
    /// `set_add`/`set_delete` whose second argument is not a set; the span is the first
    /// argument's, as DynamoDB quotes it.
    SetFunctionValue(&'static str, Span),
    /// A `<<…>>` literal naming one member twice (DynamoDB's set message, in the words of its
    /// older value layer: the members as written).
    BagDuplicates {
        /// The set's type.
        set: ddb_wire::error::SetType,
        /// The members as written.
        members: Vec<String>,
    },
    /// A NextToken that cannot be read.
    InvalidNextToken,
    /// A NextToken of another statement or other parameters.
    NextTokenMismatch,
    /// ORDER BY without WHERE.
    OrderByWithoutWhere,
    /// ORDER BY with a WHERE that does not pin the partition key.
    OrderByWithoutHashCondition,
    /// ORDER BY an attribute outside the key (holds it).
    OrderByNonKey(String),
    /// ORDER BY without the partition key while the WHERE names several of its values.
    OrderByNeedsHashKey,
    /// An INSERT of an item whose key exists (DuplicateItemException).
    DuplicateItem,
    /// BatchExecuteStatement with reads and writes together.
    BatchMixesReadsAndWrites,
    /// BatchExecuteStatement naming one item twice.
    BatchDuplicateKeys,
    /// A batch SELECT that does not name one item by its full key (or reads an index).
    BatchSelectNeedsKey,
    /// EXISTS outside a write transaction.
    ExistsOutsideTransaction,
    /// EXISTS without a condition beyond the key.
    ExistsNeedsCondition,
    /// ExecuteTransaction with reads and writes together.
    TransactionMixesReadsAndWrites,
    /// ExecuteTransaction naming one item twice.
    TransactionSameItem,
    /// RETURNING inside ExecuteTransaction.
    TransactionReturning,
    /// A transaction SELECT through an index.
    TransactionIndexRead,
    /// A transaction SELECT without the full key.
    TransactionSelectNeedsKey,
    /// A member's fault, wrapped with its place in the transaction.
    InTransaction {
        /// The member's position.
        at: usize,
        /// The member's own message.
        message: String,
    },
}

impl Fault {
    /// The exception DynamoDB answers the fault with.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Fault::DuplicateItem => ErrorKind::DuplicateItem,
            _ => ErrorKind::Validation,
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Parse(e) => write!(f, "{e}"),
            Fault::ParameterCount => {
                f.write_str("Number of parameters in request and statement don't match.")
            }
            Fault::ParameterNumber { error, text } => match error {
                NumberError::NotANumber if !text.is_empty() => write!(f, "{error}: {text}"),
                _ => write!(f, "{error}"),
            },
            Fault::ParameterNesting => write!(f, "{}", Invalid::NestingTooDeep),
            Fault::OperandType { op, operand } => write!(
                f,
                "Incorrect operand type for operator or function; operator or function: {op}, \
                 operand type: {operand}"
            ),
            Fault::UnrecognizedFunction(name, at) => {
                write!(f, "Unrecognized function: {name} at {at}")
            }
            Fault::UnsupportedDataType { name, at, span } => {
                write!(f, "Unsupported data type: {name} under key {at} at {span}")
            }
            Fault::OperandCount { function, count } => write!(
                f,
                "Incorrect number of operands for operator or function; operator or function: \
                 {function}, number of operands: {count}"
            ),
            Fault::NeedsPath(function) => write!(
                f,
                "Operator or function requires a document path; operator or function: {function}"
            ),
            Fault::UnsupportedOperation(what) => write!(f, "Unsupported operation: {what}"),
            Fault::NoSuchIndex => f.write_str("The table does not have the specified index"),
            Fault::OverlappingRangeConditions => f.write_str(
                "Overlapping conditions with range keys are not supported in where clause",
            ),
            Fault::MultiAttributeIndex => f.write_str(
                "PartiQL statements cannot be executed on tables with multi-attribute HASH keys \
                 or multi-attribute RANGE keys.",
            ),
            Fault::WriteOnIndex => f.write_str("This operation is not supported on an index"),
            Fault::MandatoryKeyEquality => f.write_str(
                "Where clause does not contain a mandatory equality on all key attributes",
            ),
            Fault::MultipleConditionsOnKey(key) => write!(
                f,
                "Multiple conditions on same key {key}. Only single item Update/Insert/Delete \
                 are supported"
            ),
            Fault::StrongReadOnGlobalIndex => {
                f.write_str("Strongly consistent read is not supported on Global Secondary Indexes")
            }
            Fault::UnexpectedPathComponent(at) => write!(f, "Unexpected path component at {at}"),
            Fault::DuplicateSelectIdentifier(name) => {
                write!(f, "Duplicate identifiers in select clause: {name}")
            }
            Fault::Number { error, at } => write!(f, "{error} under {at}"),
            Fault::BagType => f.write_str(
                "Unsupported data type in Bag. DynamoDB only supports either numbers or strings \
                 in bags",
            ),
            Fault::DuplicateMapKey { key, at } => {
                write!(f, "Duplicate keys in tuple. Key: {key} under {at}")
            }
            Fault::SetFunctionArity(op, at) => {
                write!(f, "SET_{op} must have exactly two arguments at {at}")
            }
            Fault::SetFunctionTarget(op, at) => write!(
                f,
                "The first argument to SET_{op} must equal the assignment value at {at}"
            ),
            Fault::SetFunctionValue(op, at) => write!(
                f,
                "The second argument to SET_{op} must be a value with type SET at {at}"
            ),
            Fault::BagDuplicates { set, members } => {
                let duplicates = ddb_wire::ValueError::Duplicates {
                    set: *set,
                    members: members.clone(),
                };
                f.write_str(&duplicates.text(ddb_wire::ValueLayer::Older))
            }
            Fault::InvalidNextToken => f.write_str("Invalid NextToken"),
            Fault::NextTokenMismatch => f.write_str("NextToken does not match request"),
            Fault::OrderByWithoutWhere => {
                f.write_str("Must have WHERE clause in the statement when using ORDER BY clause.")
            }
            Fault::OrderByWithoutHashCondition => f.write_str(
                "Must have at least one non-optional hash key condition in WHERE clause when \
                 using ORDER BY clause.",
            ),
            Fault::OrderByNonKey(name) => write!(
                f,
                "Variable reference {name} in ORDER BY clause must be part of the primary key"
            ),
            Fault::OrderByNeedsHashKey => f.write_str(
                "Must have hash key in ORDER BY clause when more than one hash key condition \
                 specified in WHERE clause.",
            ),
            Fault::DuplicateItem => f.write_str("Duplicate primary key exists in table"),
            Fault::BatchMixesReadsAndWrites => {
                f.write_str("Read and write requests together in the same batch is not supported.")
            }
            Fault::BatchDuplicateKeys => {
                f.write_str("Provided list of item keys contains duplicates")
            }
            Fault::BatchSelectNeedsKey => f.write_str(
                "Select statements within BatchExecuteStatement must specify the primary key in \
                 the where clause.",
            ),
            Fault::ExistsOutsideTransaction => {
                f.write_str("EXISTS can only be used in ExecuteTransaction write requests.")
            }
            Fault::ExistsNeedsCondition => {
                f.write_str("EXISTS() must contain a single item read with additional condition")
            }
            Fault::TransactionMixesReadsAndWrites => f.write_str(
                "ExecuteTransaction API does not support both read and write operations in the \
                 same request.",
            ),
            Fault::TransactionSameItem => {
                f.write_str("Transaction request cannot include multiple operations on one item")
            }
            Fault::TransactionReturning => {
                f.write_str("RETURNING clause is not supported in ExecuteTransaction.")
            }
            Fault::TransactionIndexRead => {
                f.write_str("Reads on indices are not supported within transactions.")
            }
            Fault::TransactionSelectNeedsKey => f.write_str(
                "Select statements within ExecuteTransaction must specify the primary key in the \
                 where clause.",
            ),
            Fault::InTransaction { at, message } => {
                write!(
                    f,
                    "Validation failed in TransactStatements[{at}]: {message}"
                )
            }
        }
    }
}

impl From<Fault> for DynamoError {
    fn from(fault: Fault) -> DynamoError {
        DynamoError::new(fault.kind(), fault.to_string())
    }
}

impl From<ddb_partiql::ParseError> for Fault {
    fn from(e: ddb_partiql::ParseError) -> Fault {
        Fault::Parse(e)
    }
}

/// A result whose error is a [`Fault`].
pub type FaultResult<T> = Result<T, Fault>;
