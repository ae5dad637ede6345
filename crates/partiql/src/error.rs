//! The parser's typed error. Every message text the crate can produce lives in this file, so
//! the wire strings can be checked against the research in one place.

use std::fmt;

/// Where in the statement text something sits: a byte offset plus the 1-based line and column
/// (in characters) that DynamoDB's positioned messages quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    /// Byte offset into the statement text.
    pub offset: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

/// What went wrong. The variants under "not well formed" are reported by DynamoDB behind the
/// prefix `Statement wasn't well formed, can't be processed: `; the rest stand alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// Not well formed: the statement does not start with SELECT, INSERT, UPDATE, DELETE or
    /// EXISTS.
    ExpectedDataManipulation,
    /// Not well formed: tokens left over after a complete statement.
    UnexpectedTokenAfterExpression,
    /// Not well formed: an expression (or a SELECT's table) was expected and nothing usable came.
    UnexpectedTerm,
    /// Not well formed: an infix operator with nothing on its right.
    MissingRightHandSide,
    /// Not well formed: a reserved word where an expression was expected.
    UnexpectedKeyword,
    /// Not well formed: an operator where an expression was expected.
    UnexpectedOperator,
    /// Not well formed: `IS` followed by something other than `[NOT] MISSING|NULL`.
    ExpectedTypeName,
    /// Not well formed: a write statement with no table name.
    ExpectedIdentifierForSimplePath,
    /// Not well formed: after a path's `.`, a keyword or anything else that is not a name.
    InvalidPathDotComponent,
    /// Not well formed, with nothing after the colon: a token the lexer cannot read (unterminated
    /// quote or comment, `#`, an unreadable number).
    Lexical,
    /// Not well formed: a specific token was expected. The wording is ours; DynamoDB's text for
    /// these cases is not in the research.
    Expected(&'static str),
    /// A table alias on SELECT, UPDATE or DELETE.
    AliasingNotSupported,
    /// `LIMIT`, `GROUP BY` or `HAVING` in the text (holds the clause name).
    UnsupportedClause(String),
    /// A token DynamoDB names as unsupported inside an expression, such as `DISTINCT`.
    UnsupportedToken(String),
    /// More than one statement separated by `;`.
    OneOperationOnly,
    /// `RETURNING` on an INSERT.
    InsertReturning,
    /// An INSERT with more than one item, or the SQL `VALUES (...)` form.
    InsertMultipleItems,
    /// An index named in the table of an INSERT (quoted with line, column and length).
    IndexInDataManipulation {
        /// Length in characters of the offending table reference.
        length: usize,
    },
    /// Three or more dotted components in a table reference.
    FromTooManyComponents,
    /// `""` as a table or index name.
    EmptyPathComponent,
    /// `*` together with other attributes in the projection.
    StarWithOthers,
    /// `MISSING` used with a comparison operator instead of `IS`.
    MissingWithoutIs,
    /// A DELETE `RETURNING` other than `ALL OLD *` (holds the clause as written, normalised).
    InvalidDeleteReturning(String),
    /// An empty set literal `<<>>`.
    EmptyBag,
    /// A statement that parses as an expression, which DynamoDB does not run (holds the name
    /// of the expression's node, `IsType`).
    UnsupportedOperation(&'static str),
}

/// A statement that could not be parsed: what went wrong and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The fault.
    pub kind: ErrorKind,
    /// Where the fault was found (the offending token's start).
    pub position: Position,
}

/// DynamoDB's prefix for syntax errors.
pub const NOT_WELL_FORMED: &str = "Statement wasn't well formed, can't be processed: ";

impl ParseError {
    pub(crate) fn new(kind: ErrorKind, position: Position) -> Self {
        ParseError { kind, position }
    }

    /// The message DynamoDB sends for this fault (ValidationException). DynamoDB gives no
    /// position in its not-well-formed messages, so neither do we; [`ParseError::position`]
    /// keeps it for tools such as the shell.
    pub fn message(&self) -> String {
        match self.detail() {
            Detail::Wrapped(text) => format!("{NOT_WELL_FORMED}{text}"),
            Detail::Bare(text) => text,
        }
    }

    fn detail(&self) -> Detail {
        use Detail::{Bare, Wrapped};
        let p = self.position;
        match &self.kind {
            ErrorKind::ExpectedDataManipulation => Wrapped("Expected data manipulation".into()),
            ErrorKind::UnexpectedTokenAfterExpression => {
                Wrapped("Unexpected token after expression".into())
            }
            ErrorKind::UnexpectedTerm => Wrapped("Unexpected term".into()),
            ErrorKind::MissingRightHandSide => {
                Wrapped("Missing right-hand side expression of infix operator".into())
            }
            ErrorKind::UnexpectedKeyword => Wrapped("Unexpected keyword".into()),
            ErrorKind::UnexpectedOperator => Wrapped("Unexpected operator".into()),
            ErrorKind::ExpectedTypeName => Wrapped("Expected type name".into()),
            ErrorKind::ExpectedIdentifierForSimplePath => {
                Wrapped("Expected identifier for simple path".into())
            }
            ErrorKind::InvalidPathDotComponent => Wrapped("Invalid path dot component".into()),
            ErrorKind::Lexical => Wrapped(String::new()),
            ErrorKind::Expected(what) => Wrapped(format!("Expected {what}")),
            ErrorKind::AliasingNotSupported => Bare("Aliasing is not supported".into()),
            ErrorKind::UnsupportedClause(c) => Bare(format!("Unsupported clause: {c}")),
            ErrorKind::UnsupportedToken(t) => Bare(format!("Unsupported token in expression: {t}")),
            ErrorKind::OneOperationOnly => {
                Bare("Only one operation is allowed in a statement.".into())
            }
            ErrorKind::InsertReturning => Bare("RETURNING is not supported in INSERT".into()),
            ErrorKind::InsertMultipleItems => Bare(
                "Unsupported operation: Inserting multiple items in a single statement is not \
                 supported, use \"INSERT INTO tableName VALUE item\" instead"
                    .into(),
            ),
            ErrorKind::IndexInDataManipulation { length } => Bare(format!(
                "FROM clause may only contain a single table name in data manipulation \
                 statements at {}:{}:{length}",
                p.line, p.column
            )),
            ErrorKind::FromTooManyComponents => {
                Bare("A path may contain at most 2 components in the FROM clause".into())
            }
            ErrorKind::EmptyPathComponent => {
                Bare("Path component cannot be an empty string".into())
            }
            ErrorKind::StarWithOthers => Bare(
                "Other attributes should not be present in the projection when '*' is used.".into(),
            ),
            ErrorKind::MissingWithoutIs => {
                Bare("MISSING must be compared using IS operator".into())
            }
            ErrorKind::InvalidDeleteReturning(clause) => Bare(format!(
                "Invalid returning clause: {clause}. Only RETURNING ALL OLD * is allowed in \
                 DELETE statements."
            )),
            ErrorKind::EmptyBag => Bare("Empty bags are not supported".into()),
            ErrorKind::UnsupportedOperation(node) => Bare(format!("Unsupported operation: {node}")),
        }
    }
}

enum Detail {
    Wrapped(String),
    Bare(String),
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ParseError {}
