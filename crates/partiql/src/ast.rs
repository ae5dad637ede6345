//! The typed tree every accepted statement parses into. It records only what DynamoDB's
//! dialect can express; semantic rules that need a table schema (full key in a write's WHERE,
//! index existence, operand types) belong to the planner, not here.

/// One PartiQL statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Statement {
    /// `SELECT … FROM … [WHERE …] [ORDER BY …]`
    Select(Select),
    /// `INSERT INTO t VALUE {…}`
    Insert(Insert),
    /// `UPDATE t SET …/REMOVE … [WHERE …] [RETURNING …]`
    Update(Update),
    /// `DELETE FROM t [WHERE …] [RETURNING ALL OLD *]`
    Delete(Delete),
    /// `EXISTS(SELECT …)`: a condition check, legal only inside a write ExecuteTransaction.
    Exists(Select),
}

/// A table, optionally narrowed to one of its indexes (`"t"."i"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRef {
    /// The table name, unquoted.
    pub table: String,
    /// The index name when the reference had two components.
    pub index: Option<String>,
}

/// A SELECT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Select {
    /// What to return.
    pub projection: Projection,
    /// The table or index read.
    pub from: TableRef,
    /// The filter, if any.
    pub where_clause: Option<Expr>,
    /// Sort keys, in the order written (empty when there is no ORDER BY).
    pub order_by: Vec<OrderBy>,
}

/// A SELECT's projection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Projection {
    /// `*`
    All,
    /// A list of document paths (never empty).
    Paths(Vec<Path>),
    /// A list holding a function call (`COUNT(*)`), by its first call: DynamoDB parses it and
    /// refuses it once the table is known, so the planner reports it, where the name is.
    Call {
        /// The function's name as written.
        name: String,
        /// Where the name is.
        at: Span,
    },
}

/// One ORDER BY key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderBy {
    /// The attribute ordered on.
    pub path: Path,
    /// Ascending unless `DESC` was written.
    pub direction: Direction,
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `ASC` (also the default).
    Asc,
    /// `DESC`
    Desc,
}

/// An INSERT: one item only, which is why it holds map entries rather than rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Insert {
    /// The table (an index here is a parse error).
    pub table: String,
    /// The item's attributes in the order written.
    pub item: Vec<MapEntry>,
}

/// An UPDATE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    /// The table targeted (an index is kept so the planner can reject it with DynamoDB's
    /// message, which comes after parsing).
    pub table: TableRef,
    /// SET and REMOVE actions in the order written (never empty).
    pub actions: Vec<UpdateAction>,
    /// The key and condition.
    pub where_clause: Option<Expr>,
    /// The RETURNING clause, if any.
    pub returning: Option<Returning>,
}

/// One action of an UPDATE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateAction {
    /// `SET path = value`
    Set {
        /// The attribute assigned.
        path: Path,
        /// The value: a literal, parameter, path, function call or arithmetic.
        value: Expr,
    },
    /// `REMOVE path`
    Remove(Path),
}

/// A DELETE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delete {
    /// The table targeted (index kept for the planner's rejection, as for UPDATE).
    pub table: TableRef,
    /// The key and condition.
    pub where_clause: Option<Expr>,
    /// `RETURNING ALL OLD *` when written; any other variant fails to parse.
    pub returning: Option<Returning>,
}

/// `RETURNING <scope> <image> *`
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Returning {
    /// Whole item or changed attributes only.
    pub scope: ReturnScope,
    /// Before or after the write.
    pub image: ReturnImage,
}

/// Which attributes RETURNING gives back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnScope {
    /// `ALL`
    All,
    /// `MODIFIED`
    Modified,
}

/// Which version of the item RETURNING gives back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnImage {
    /// `OLD`
    Old,
    /// `NEW`
    New,
}

/// A document path: a top-level attribute then map members and list indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    /// The top-level attribute name (a quoted name may hold dots: it is still one name).
    pub root: String,
    /// Members and indexes after the root, in order.
    pub steps: Vec<PathStep>,
    /// Where the root's token is: a message about the path quotes it.
    pub at: Span,
}

impl Path {
    /// A path with no position in any text (one the planner or a test makes).
    pub fn new(root: impl Into<String>, steps: Vec<PathStep>) -> Path {
        Path {
            root: root.into(),
            steps,
            at: Span::default(),
        }
    }
}

/// Where a token is in the statement text, as DynamoDB's positioned messages quote it
/// (`at <line>:<column>:<length>`, counted in characters from 1). It is a note about the text,
/// not part of the meaning: any two spans compare equal, so trees of statements that differ
/// only in layout are equal, and a statement printed and parsed again is the same tree.
#[derive(Debug, Clone, Copy, Default)]
pub struct Span {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Length of the token, in characters.
    pub len: usize,
}

impl PartialEq for Span {
    fn eq(&self, _: &Span) -> bool {
        true
    }
}

impl Eq for Span {}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.line, self.column, self.len)
    }
}

/// One step of a [`Path`] after its root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    /// `.name`
    Member(String),
    /// `[n]`
    Index(u32),
}

/// A key/value pair of a map literal (`'k': v`). Keys stay in the order written; duplicates
/// are the planner's to reject, since DynamoDB's message names the enclosing path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapEntry {
    /// The key, unquoted.
    pub key: String,
    /// The value.
    pub value: Expr,
}

/// A scalar literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal {
    /// `'text'`, unescaped.
    String(String),
    /// A number as written (sign included), never converted: DynamoDB numbers are decimal
    /// strings of up to 38 significant digits and the range checks carry their own messages.
    Number(String),
    /// `TRUE` / `FALSE`
    Bool(bool),
    /// `NULL`
    Null,
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    /// `=`
    Eq,
    /// `<>` or `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// Arithmetic operators (DynamoDB's PartiQL has only these two).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
}

/// What `IS [NOT] …` tests for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IsTest {
    /// `MISSING`: the attribute is absent.
    Missing,
    /// `NULL`: the attribute holds the NULL type.
    Null,
    /// Another of PartiQL's type names (`INT4`, `DOUBLE PRECISION`), in upper case with one
    /// space between words. DynamoDB parses the test but runs none.
    Type(&'static str),
}

/// An expression, in WHERE clauses, SET values and collection literals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// A document path.
    Path(Path),
    /// A scalar literal.
    Literal(Literal),
    /// `?`, numbered from 0 by position in the statement text.
    Param(usize),
    /// `[a, b]`
    List(Vec<Expr>),
    /// `{'k': v}`
    Map(Vec<MapEntry>),
    /// `<<a, b>>`: a string, number or binary set (never empty).
    Set(Vec<Expr>),
    /// `lhs op rhs`
    Compare {
        /// The operator.
        op: CompareOp,
        /// Left operand.
        lhs: Box<Expr>,
        /// Right operand.
        rhs: Box<Expr>,
    },
    /// `lhs + rhs` / `lhs - rhs`
    Arith {
        /// The operator.
        op: ArithOp,
        /// Left operand.
        lhs: Box<Expr>,
        /// Right operand.
        rhs: Box<Expr>,
    },
    /// `-e` where `e` is not a bare number literal: `-5` is folded into
    /// [`Literal::Number`], but `-(5)` stays a negation.
    Negate(Box<Expr>),
    /// `a AND b`
    And(Box<Expr>, Box<Expr>),
    /// `a OR b`
    Or(Box<Expr>, Box<Expr>),
    /// `NOT a`
    Not(Box<Expr>),
    /// `e IN [a, b]` (or `(a, b)`)
    In {
        /// The tested value.
        expr: Box<Expr>,
        /// The candidates.
        list: Vec<Expr>,
    },
    /// `e BETWEEN low AND high` (inclusive)
    Between {
        /// The tested value.
        expr: Box<Expr>,
        /// Lower bound.
        low: Box<Expr>,
        /// Upper bound.
        high: Box<Expr>,
    },
    /// `e IS [NOT] MISSING|NULL`
    Is {
        /// The tested value.
        expr: Box<Expr>,
        /// `IS NOT` rather than `IS`.
        negated: bool,
        /// What is tested for.
        test: IsTest,
    },
    /// `name(args)`: any function name as written; which names exist is the planner's call.
    Call {
        /// The function name as written (case preserved).
        name: String,
        /// The arguments.
        args: Vec<Expr>,
        /// Where the name's token is: DynamoDB's messages about the call quote it.
        at: Span,
    },
}
