//! DynamoDB's PartiQL, planned onto the engine's native operations: a statement parsed by
//! `ddb_partiql` becomes GetItem, Query or Scan (`select`), or PutItem, UpdateItem, DeleteItem
//! and, in a transaction, ConditionCheck (`write`) — never a second evaluator, so a statement
//! answers with exactly the items, errors and capacity of the native call it stands for.
//!
//! The three PartiQL operations (`ops::execute_statement`, `ops::batch_execute_statement`,
//! `ops::execute_transaction`) share [`parse_statement`]: DynamoDB's checks that need neither a
//! table nor the request's other members, in its order.

pub mod capacity;
pub mod fault;
pub mod key;
pub mod native;
pub mod next_token;
pub mod operand_types;
pub mod params;
pub mod parsed;
pub mod select;
pub mod value;
pub mod walk;
pub mod write;

use std::sync::Arc;

use ddb_model::AttributeValue;
use ddb_partiql::{Select, Statement};

use fault::{Fault, FaultResult};
use value::{parameter_count, Params};
use write::WriteStatement;

/// A statement parsed and checked against its parameters: it parses, it has one `?` per
/// parameter, and its ordering operators compare orderable values. The tree is shared with
/// other requests of the same text ([`parsed`]).
pub fn parse_statement(text: &str, params: &[AttributeValue]) -> FaultResult<Arc<Statement>> {
    let statement = parsed::parse(text)?;
    if parameter_count(&statement) != params.len() {
        return Err(Fault::ParameterCount);
    }
    operand_types::check_operand_types(&statement, Params(params))?;
    Ok(statement)
}

/// A statement by what it does: batches and transactions may not mix reads and writes.
#[derive(Clone, Copy)]
pub enum Kind<'a> {
    /// A SELECT.
    Read(&'a Select),
    /// INSERT, UPDATE, DELETE, or EXISTS (which counts as a write: it is a transaction's
    /// condition check).
    Write(WriteStatement<'a>),
}

/// What `statement` does.
pub fn kind(statement: &Statement) -> Kind<'_> {
    match statement {
        Statement::Select(s) => Kind::Read(s),
        Statement::Insert(i) => Kind::Write(WriteStatement::Insert(i)),
        Statement::Update(u) => Kind::Write(WriteStatement::Update(u)),
        Statement::Delete(d) => Kind::Write(WriteStatement::Delete(d)),
        Statement::Exists(s) => Kind::Write(WriteStatement::Exists(s)),
    }
}
