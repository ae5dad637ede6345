//! ExecuteTransaction: up to 100 PartiQL statements as one transaction — all SELECTs (as
//! TransactGetItems) or all writes (INSERT, UPDATE, DELETE and EXISTS, as TransactWriteItems).
//! DynamoDB's order: the request's constraints; each statement's syntax, parameters and
//! RETURNING (a fault names the statement: `Validation failed in TransactStatements[i]: …`);
//! reads and writes not mixed; then each statement's table and key; then the transaction.

use std::collections::BTreeMap;
use std::sync::Arc;

use ddb_model::{DynamoError, DynamoResult, ErrorKind, Item};
use ddb_partiql::{Path, Select, Statement};
use ddb_wire::{
    EnumValue, ExecuteTransactionOutput, Get, ItemResponse, TransactGetItem, TransactGetItemsInput,
    TransactWriteItemsInput,
};

use crate::ops::transact_get_items::transact_get_items;
use crate::ops::transact_write_items::{cancelled, transact_write_items};
use crate::partiql::fault::{Fault, FaultResult};
use crate::partiql::key::write_where;
use crate::partiql::native::Native;
use crate::partiql::params;
use crate::partiql::select::{answer, projected};
use crate::partiql::value::{value_of, Params};
use crate::partiql::write::{plan_write, transact_item, WriteStatement};
use crate::partiql::{kind, parse_statement, Kind};
use crate::token_log::{replay_capacity, Answer};
use crate::Engine;

pub use ddb_wire::ExecuteTransactionInput;

/// ExecuteTransaction from its JSON body, honouring ClientRequestToken as TransactWriteItems
/// does ([`crate::token_log::TokenLog::once`]).
pub fn run_idempotent(engine: &Engine, body: &[u8]) -> DynamoResult<Vec<u8>> {
    let input = match ddb_wire::decode_with_fault::<ExecuteTransactionInput>(body)? {
        (input, None) => input,
        // A fault of a statement's `Parameters` is worded as DynamoDB words PartiQL
        // parameters, bare: the first in document order (`crate::partiql::params`).
        (_, Some(fault)) => {
            let reworded = params::member_faults(body, "TransactStatements")
                .into_iter()
                .flatten()
                .next();
            return Err(match reworded {
                Some(fault) => fault.into(),
                None => ddb_wire::DecodeError::Validation(fault).into(),
            });
        }
    };
    let token = input.client_request_token.clone();
    engine.tokens.once(token, body, || {
        let (output, per_table) = run(engine, input)?;
        let first = sonic_rs::to_vec(&output).map_err(DynamoError::internal)?;
        let replay = ExecuteTransactionOutput {
            consumed_capacity: replay_capacity(output.consumed_capacity, &per_table),
            ..output
        };
        let replay = sonic_rs::to_vec(&replay).map_err(DynamoError::internal)?;
        Ok(Answer { first, replay })
    })
}

/// ExecuteTransaction: every statement takes effect (or is read) together, or none does.
pub fn execute_transaction(
    engine: &Engine,
    input: ExecuteTransactionInput,
) -> DynamoResult<ExecuteTransactionOutput> {
    run(engine, input).map(|(output, _)| output)
}

/// ExecuteTransaction, and how many statements of a write set named each table.
fn run(
    engine: &Engine,
    input: ExecuteTransactionInput,
) -> DynamoResult<(ExecuteTransactionOutput, BTreeMap<String, usize>)> {
    let input = input.validate()?;
    let capacity = input.return_consumed_capacity.map(EnumValue::Known);
    let members = parse_members(&input.transact_statements)?;
    let mut reads = Vec::new();
    let mut writes = Vec::new();
    for (at, member) in members.iter().enumerate() {
        match kind(&member.statement) {
            Kind::Read(select) => reads.push((at, select, member)),
            Kind::Write(write) => writes.push((at, write, member)),
        }
    }
    match (reads.is_empty(), writes.is_empty()) {
        (false, false) => Err(Fault::TransactionMixesReadsAndWrites.into()),
        (true, _) => {
            let mut items = Vec::with_capacity(writes.len());
            let mut inserts = Vec::with_capacity(writes.len());
            let mut per_table: BTreeMap<String, usize> = BTreeMap::new();
            for (at, statement, member) in writes {
                inserts.push(matches!(statement, WriteStatement::Insert(_)));
                let write = plan_write(engine, statement, Params(&member.params))
                    .map_err(|e| in_transaction(at, e))?;
                *per_table.entry(write.table.clone()).or_default() += 1;
                items.push(transact_item(write, member.on_failure.clone()));
            }
            let output = transact_write_items(
                engine,
                TransactWriteItemsInput {
                    transact_items: Some(items),
                    return_consumed_capacity: capacity,
                    ..Default::default()
                },
            )
            .map_err(|e| duplicate_inserts(e, &inserts))?;
            let output = ExecuteTransactionOutput {
                responses: Some(Vec::new()),
                consumed_capacity: output.consumed_capacity,
            };
            Ok((output, per_table))
        }
        (false, true) => {
            let mut gets = Vec::with_capacity(reads.len());
            let mut shapes = Vec::with_capacity(reads.len());
            for (at, select, member) in reads {
                let (get, paths) = plan_get(engine, select, Params(&member.params))
                    .map_err(|e| in_transaction(at, e))?;
                gets.push(TransactGetItem { get: Some(get) });
                shapes.push(paths);
            }
            let output = transact_get_items(
                engine,
                TransactGetItemsInput {
                    transact_items: Some(gets),
                    return_consumed_capacity: capacity,
                },
            )?;
            let responses = output
                .responses
                .unwrap_or_default()
                .into_iter()
                .zip(shapes)
                .map(|(response, paths)| ItemResponse {
                    item: reshape(response.item, paths.as_deref()),
                })
                .collect();
            let output = ExecuteTransactionOutput {
                responses: Some(responses),
                consumed_capacity: output.consumed_capacity,
            };
            Ok((output, BTreeMap::new()))
        }
    }
}

/// One statement, parsed.
struct Member {
    statement: Arc<Statement>,
    params: Vec<ddb_model::AttributeValue>,
    on_failure: Option<EnumValue<ddb_wire::ReturnValuesOnConditionCheckFailure>>,
}

/// Parses every statement, naming the first that fails; a RETURNING clause fails here too.
fn parse_members(
    statements: &[ddb_wire::valid::ParameterizedStatement],
) -> DynamoResult<Vec<Member>> {
    let mut members = Vec::with_capacity(statements.len());
    for (at, s) in statements.iter().enumerate() {
        let params = s.parameters.clone().unwrap_or_default();
        let statement =
            parse_statement(&s.statement, &params).map_err(|e| in_transaction(at, e.into()))?;
        if let Kind::Write(write) = kind(&statement) {
            if write.returning().is_some() {
                return Err(in_transaction(at, Fault::TransactionReturning.into()));
            }
        }
        members.push(Member {
            statement,
            params,
            on_failure: s
                .return_values_on_condition_check_failure
                .map(EnumValue::Known),
        });
    }
    Ok(members)
}

/// A ValidationException of statement `at`, worded with its place; other errors as they are.
fn in_transaction(at: usize, e: DynamoError) -> DynamoError {
    if e.kind != ErrorKind::Validation {
        return e;
    }
    Fault::InTransaction {
        at,
        message: e.message,
    }
    .into()
}

/// A SELECT of one item by its whole key, as a `Get`, and the SELECT list's paths.
fn plan_get(
    engine: &Engine,
    select: &Select,
    params: Params<'_>,
) -> DynamoResult<(Get, Option<Vec<Path>>)> {
    if select.from.index.is_some() {
        return Err(Fault::TransactionIndexRead.into());
    }
    let def = engine.table(&select.from.table)?;
    let key = whole_key(select, &def, params)?;
    let mut native = Native::default();
    let projection = projected(&select.projection, &mut native)?;
    let (expression, paths) = match projection {
        Some(p) => (Some(p.expression), Some(p.paths)),
        None => (None, None),
    };
    Ok((
        Get {
            key: Some(key),
            table_name: Some(select.from.table.clone()),
            projection_expression: expression,
            expression_attribute_names: native.placeholders().names,
        },
        paths,
    ))
}

/// The key a transaction SELECT names: every key attribute by `=`, and nothing else.
fn whole_key(
    select: &Select,
    def: &crate::schema::TableDef,
    params: Params<'_>,
) -> FaultResult<Item> {
    let split = write_where(select.where_clause.as_ref(), &def.key)
        .map_err(|_| Fault::TransactionSelectNeedsKey)?;
    if !split.rest.is_empty() {
        return Err(Fault::TransactionSelectNeedsKey);
    }
    let mut key = Item::new();
    for (name, e) in split.key {
        let v = value_of(e, params, "root")?.ok_or(Fault::TransactionSelectNeedsKey)?;
        key.insert(name, v);
    }
    Ok(key)
}

/// An item read with a SELECT list, answered under the list's names.
fn reshape(item: Option<Item>, paths: Option<&[Path]>) -> Option<Item> {
    match paths {
        Some(paths) => item.map(|i| answer(&i, paths)),
        None => item,
    }
}

/// An INSERT whose item exists cancels the transaction with reason `DuplicateItem`, where the
/// native Put it ran as says `ConditionalCheckFailed`.
fn duplicate_inserts(e: DynamoError, inserts: &[bool]) -> DynamoError {
    let Some(mut reasons) = e.cancellation_reasons.clone() else {
        return e;
    };
    let mut changed = false;
    for (reason, insert) in reasons.iter_mut().zip(inserts) {
        if *insert && reason.code == "ConditionalCheckFailed" {
            reason.code = "DuplicateItem".into();
            reason.message = Some(Fault::DuplicateItem.to_string());
            reason.item = None;
            changed = true;
        }
    }
    if changed {
        cancelled(reasons)
    } else {
        e
    }
}
