//! DynamoDB's PartiQL dialect, lexed and parsed into one typed tree ([`Statement`]) for
//! ExecuteStatement, BatchExecuteStatement and ExecuteTransaction to plan onto the engine's
//! native operations. This crate does no I/O and knows nothing of tables: rules that need a
//! schema (full key in a write's WHERE, index existence, operand types, parameter binding) are
//! the planner's.
//!
//! Syntax errors are a typed [`ParseError`] holding the position of the offending token and
//! giving DynamoDB's message text (`Statement wasn't well formed, can't be processed: …` and the
//! standalone messages such as `Aliasing is not supported`); every text lives in `error.rs`.

pub mod ast;
pub mod error;
mod expr;
mod keywords;
mod lexer;
mod parser;
mod print;

pub use ast::{
    ArithOp, CompareOp, Delete, Direction, Expr, Insert, IsTest, Literal, MapEntry, OrderBy, Path,
    PathStep, Projection, ReturnImage, ReturnScope, Returning, Select, Span, Statement, TableRef,
    Update, UpdateAction,
};
pub use error::{ErrorKind, ParseError, Position, NOT_WELL_FORMED};
pub use parser::parse;
