//! ExecuteStatement: one PartiQL statement. DynamoDB's checks in its order (the request's
//! constraints, the statement's syntax, its parameters, its operand types, then what needs the
//! table), then the native operation the statement stands for (`crate::partiql`).

use serde::Serialize;

use ddb_model::DynamoResult;
use ddb_wire::{ConsumedCapacity, EnumValue};

use crate::page::PageItem;
use crate::partiql::fault::Fault;
use crate::partiql::next_token::{fingerprint, Resume};
use crate::partiql::select::{select, ReadOptions};
use crate::partiql::value::Params;
use crate::partiql::write::{plan_write, run_write, WriteOptions, WriteStatement};
use crate::partiql::{kind, parse_statement, Kind};
use crate::Engine;

pub use ddb_wire::ExecuteStatementInput;

/// ExecuteStatement's answer. `Items` is always present: empty for a write without RETURNING.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ExecuteStatementOutput {
    /// The items read, or the RETURNING image of a write.
    pub items: Vec<PageItem>,
    /// Where the next page of a SELECT starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// What the statement consumed, when asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consumed_capacity: Option<ConsumedCapacity>,
}

/// ExecuteStatement: runs one statement.
pub fn execute_statement(
    engine: &Engine,
    input: ExecuteStatementInput,
) -> DynamoResult<ExecuteStatementOutput> {
    let input = input.validate()?;
    let params = input.parameters.unwrap_or_default();
    let statement = parse_statement(&input.statement, &params)?;
    let capacity = input.return_consumed_capacity.map(EnumValue::Known);
    match kind(&statement) {
        Kind::Read(read) => {
            let fingerprint = fingerprint(&input.statement, &params);
            let resume = match input.next_token.as_deref() {
                Some(token) => Some(Resume::decode(token, fingerprint)?),
                None => None,
            };
            let options = ReadOptions {
                consistent: input.consistent_read.unwrap_or(false),
                limit: input.limit,
                resume,
                capacity,
                fingerprint,
            };
            let page = select(engine, read, Params(&params), options)?;
            Ok(ExecuteStatementOutput {
                items: page.items,
                next_token: page.next_token,
                consumed_capacity: page.consumed_capacity,
            })
        }
        Kind::Write(WriteStatement::Exists(_)) => Err(Fault::ExistsOutsideTransaction.into()),
        Kind::Write(write) => {
            let write = plan_write(engine, write, Params(&params))?;
            let options = WriteOptions {
                capacity,
                on_failure: input
                    .return_values_on_condition_check_failure
                    .map(EnumValue::Known),
            };
            let outcome = run_write(engine, write, options)?;
            Ok(ExecuteStatementOutput {
                items: outcome.items.into_iter().map(PageItem::Decoded).collect(),
                next_token: None,
                consumed_capacity: outcome.consumed_capacity,
            })
        }
    }
}
