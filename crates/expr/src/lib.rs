//! DynamoDB's expression language: condition, filter, key condition, update and projection
//! expressions — lexer, parser, the tree they share, its evaluation against items — with
//! DynamoDB's placeholders, reserved words and error messages, and the translation of the
//! legacy parameters (Expected, AttributeUpdates, KeyConditions, QueryFilter, ScanFilter,
//! AttributesToGet, ConditionalOperator) into that same tree.

pub mod ast;
pub mod condition;
pub mod key_condition;
pub mod legacy;
mod lexer;
pub mod names;
mod parser;
pub mod projection;
pub mod reserved_words;
pub mod update;

use ddb_model::DynamoResult;

pub use ast::{CompareOp, Condition, Operand, Path, PathElement};
pub use condition::{evaluate, resolve};
pub use key_condition::{parse_key_condition, KeyCondition, SortKeyCondition};
pub use names::ExpressionContext;
pub use projection::{parse_projection, project};
pub use reserved_words::is_reserved_word;
pub use update::{parse_update, SetValue, UpdateAction, UpdateExpression};

/// Which request parameter an expression came from; it names the parameter in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpressionKind {
    Condition,
    Filter,
    KeyCondition,
    Update,
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

/// Parses a condition or filter expression.
pub fn parse_condition(
    text: &str,
    kind: ExpressionKind,
    ctx: &mut ExpressionContext,
) -> DynamoResult<Condition> {
    parser::Parser::new(text, kind, ctx)?.condition()
}
