//! DynamoDB's expression language, owned whole by this crate: condition, filter, key condition,
//! update and projection expressions — lexer, parser, the tree they share, its evaluation
//! against items, update application and projection — with DynamoDB's placeholders, reserved
//! words, limits and error messages, and the translation of the legacy parameters (Expected,
//! AttributeUpdates, KeyConditions, QueryFilter, ScanFilter, AttributesToGet,
//! ConditionalOperator) into that same tree, so one evaluator serves both.
//!
//! Every public entry point answers with [`DynamoError`]s carrying DynamoDB's own message text;
//! internally errors are the crate-private, typed `ExprError`, whose texts live in `error.rs`
//! only.

pub mod ast;
pub mod condition;
mod condition_parser;
pub(crate) mod error;
pub mod key_condition;
pub mod legacy;
mod lexer;
pub mod names;
mod parser;
pub mod projection;
pub mod reserved_words;
pub mod update;
mod update_apply;

use ddb_model::{DynamoError, DynamoResult};

pub use ast::{CompareOp, Condition, Operand, Path, PathElement};
pub use condition::{evaluate, resolve};
pub use condition_parser::MAX_IN_OPERANDS;
pub(crate) use error::ExprError;
pub use key_condition::{
    parse_key_condition, parse_key_condition_parts, parse_key_condition_tree, KeyCondition,
    KeyConditionParts, KeyConditionTree, SortKeyCondition,
};
pub use names::ExpressionContext;
pub use parser::{MAX_EXPRESSION_BYTES, MAX_OPERATORS, STACK_FOR_PARSING};
pub use projection::{parse_projection, project};
pub use reserved_words::is_reserved_word;
pub use update::{parse_update, SetValue, UpdateAction, UpdateExpression};

/// Which request parameter an expression came from; it names the parameter in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpressionKind {
    /// `ConditionExpression` of a write (or of a transaction's ConditionCheck).
    Condition,
    /// `FilterExpression` of a Query or Scan.
    Filter,
    /// `KeyConditionExpression` of a Query.
    KeyCondition,
    /// `UpdateExpression` of UpdateItem.
    Update,
    /// `ProjectionExpression` of a read.
    Projection,
}

impl ExpressionKind {
    /// The parameter's name.
    pub fn parameter(self) -> &'static str {
        match self {
            ExpressionKind::Condition => "ConditionExpression",
            ExpressionKind::Filter => "FilterExpression",
            ExpressionKind::KeyCondition => "KeyConditionExpression",
            ExpressionKind::Update => "UpdateExpression",
            ExpressionKind::Projection => "ProjectionExpression",
        }
    }
}

/// Parses a condition or filter expression (or a key condition, before its key checks).
pub fn parse_condition(
    text: &str,
    kind: ExpressionKind,
    ctx: &mut ExpressionContext,
) -> DynamoResult<Condition> {
    let framed = |e: ExprError| -> DynamoError { e.into_dynamo(kind) };
    let mut p = parser::Parser::new(text, kind, ctx).map_err(framed)?;
    p.condition().map_err(framed)
}
