//! BatchExecuteStatement: up to 25 statements, all reads or all writes, each run on its own
//! and answered on its own. DynamoDB's order: the request's constraints; each statement's
//! syntax and parameters (a member that fails them answers with its error while the others
//! run); then the whole-request rules (no reads with writes, no item twice); then each member.
//! A read names one item by its whole key and is GetItem; a write is what ExecuteStatement
//! makes of it. ReturnValuesOnConditionCheckFailure is accepted and, as on DynamoDB, inert.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use ddb_model::key_encoding::encode_key_value;
use ddb_model::{AttributeValue, DynamoError, DynamoResult, ErrorKind};
use ddb_partiql::{Select, Statement};
use ddb_wire::{
    BatchExecuteStatementOutput, BatchStatementError, BatchStatementErrorCodeEnum,
    BatchStatementResponse, ConsumedCapacity, EnumValue, ReturnConsumedCapacity,
};

use crate::partiql::capacity::add_per_table;
use crate::partiql::fault::Fault;
use crate::partiql::key::write_where;
use crate::partiql::select::{refuse_multi_attribute, select, ReadOptions};
use crate::partiql::value::Params;
use crate::partiql::write::{plan_write, run_write, NativeWrite, WriteOptions, WriteStatement};
use crate::partiql::{kind, parse_statement, Kind};
use crate::Engine;

pub use ddb_wire::BatchExecuteStatementInput;

/// BatchExecuteStatement: runs each statement, answering each in the request's order.
pub fn batch_execute_statement(
    engine: &Engine,
    input: BatchExecuteStatementInput,
) -> DynamoResult<BatchExecuteStatementOutput> {
    batch_with_member_faults(engine, input, Vec::new())
}

/// [`batch_execute_statement`] where `member_faults[i]`, when there is one, is the fault of
/// statement `i`'s `Parameters` (`crate::partiql::params`): that statement answers with it,
/// ahead of its syntax, and the others run.
pub fn batch_with_member_faults(
    engine: &Engine,
    input: BatchExecuteStatementInput,
    member_faults: Vec<Option<Fault>>,
) -> DynamoResult<BatchExecuteStatementOutput> {
    let input = input.validate()?;
    let capacity = input.return_consumed_capacity.map(EnumValue::Known);
    let mut member_faults = member_faults.into_iter();
    let parsed: Vec<Parsed> = input
        .statements
        .into_iter()
        .map(|request| {
            let params = request.parameters.unwrap_or_default();
            let statement = match member_faults.next().flatten() {
                Some(fault) => Err(fault.into()),
                None => parse_statement(&request.statement, &params).map_err(DynamoError::from),
            };
            Parsed {
                statement,
                params,
                consistent: request.consistent_read.unwrap_or(false),
            }
        })
        .collect();
    check_one_kind(&parsed)?;
    let planned: Vec<DynamoResult<Member<'_>>> =
        parsed.iter().map(|p| plan_member(engine, p)).collect();
    check_distinct_items(&planned)?;
    let mut per_table = BTreeMap::new();
    let mut responses = Vec::with_capacity(planned.len());
    for member in planned {
        let outcome = member
            .map_err(|error| Box::new(MemberError { error, table: None }))
            .and_then(|m| run_member(engine, m, &capacity));
        responses.push(match outcome {
            Ok((response, consumed)) => {
                add_per_table(&mut per_table, consumed);
                response
            }
            Err(e) => e.into_response(),
        });
    }
    Ok(BatchExecuteStatementOutput {
        responses: Some(responses),
        consumed_capacity: capacity
            .filter(|c| *c != EnumValue::Known(ReturnConsumedCapacity::None))
            .filter(|_| !per_table.is_empty())
            .map(|_| per_table.into_values().collect()),
    })
}

/// One member after parsing.
struct Parsed {
    statement: DynamoResult<Arc<Statement>>,
    params: Vec<AttributeValue>,
    consistent: bool,
}

/// One member, planned.
enum Member<'a> {
    /// A GetItem of one item by its whole key.
    Read {
        select: &'a Select,
        params: &'a [AttributeValue],
        consistent: bool,
        table: String,
        key: Vec<u8>,
    },
    /// A write.
    Write { write: NativeWrite, key: Vec<u8> },
}

/// Reads and writes do not share a batch (members that did not parse count as neither).
fn check_one_kind(parsed: &[Parsed]) -> DynamoResult<()> {
    let kinds = parsed
        .iter()
        .filter_map(|p| p.statement.as_deref().ok())
        .map(kind);
    let (mut reads, mut writes) = (false, false);
    for k in kinds {
        match k {
            Kind::Read(_) => reads = true,
            Kind::Write(_) => writes = true,
        }
    }
    if reads && writes {
        return Err(Fault::BatchMixesReadsAndWrites.into());
    }
    Ok(())
}

fn plan_member<'a>(engine: &Engine, parsed: &'a Parsed) -> DynamoResult<Member<'a>> {
    let statement = parsed.statement.as_ref().map_err(Clone::clone)?;
    let params = Params(&parsed.params);
    match kind(statement) {
        Kind::Read(select) => {
            if let Some(index) = &select.from.index {
                return Err(index_read_fault(engine, &select.from.table, index).into());
            }
            let def = engine.table(&select.from.table)?;
            let split = write_where(select.where_clause.as_ref(), &def.key)
                .map_err(|_| Fault::BatchSelectNeedsKey)?;
            if !split.rest.is_empty() {
                return Err(Fault::BatchSelectNeedsKey.into());
            }
            let names: Vec<&str> = split.key.iter().map(|(n, _)| n.as_str()).collect();
            let key = identity(&select.from.table, &names, |name| {
                let (_, e) = split.key.iter().find(|(n, _)| n == name)?;
                crate::partiql::value::value_of(e, params, "root")
                    .ok()
                    .flatten()
            });
            Ok(Member::Read {
                select,
                params: &parsed.params,
                consistent: parsed.consistent,
                table: select.from.table.clone(),
                key,
            })
        }
        Kind::Write(WriteStatement::Exists(_)) => Err(Fault::ExistsOutsideTransaction.into()),
        Kind::Write(statement) => {
            let write = plan_write(engine, statement, params)?;
            let def = engine.table(&write.table)?;
            let key_item = write.key(&def);
            let names: Vec<&str> = def.key.attributes().map(|a| a.name.as_str()).collect();
            let key = identity(&write.table, &names, |name| key_item.get(name).cloned());
            Ok(Member::Write { write, key })
        }
    }
}

/// Why a batch SELECT of an index fails: DynamoDB refuses an index with a multi-attribute key
/// ahead of the rule that a batch SELECT names one item of the table.
fn index_read_fault(engine: &Engine, table: &str, index: &str) -> Fault {
    let multi_attribute = engine
        .table(table)
        .ok()
        .and_then(|def| def.index(index).map(|i| refuse_multi_attribute(&i.key)));
    match multi_attribute {
        Some(Err(fault)) => fault,
        _ => Fault::BatchSelectNeedsKey,
    }
}

/// Bytes that are equal exactly when two members name the same item of the same table.
fn identity(
    table: &str,
    names: &[&str],
    value: impl Fn(&str) -> Option<AttributeValue>,
) -> Vec<u8> {
    let mut bytes = table.as_bytes().to_vec();
    bytes.push(0);
    for name in names {
        bytes.extend_from_slice(name.as_bytes());
        bytes.push(0);
        if let Some(v) = value(name) {
            encode_key_value(&v, &mut bytes);
        }
        bytes.push(0);
    }
    bytes
}

/// No item is named twice (among the members that planned).
fn check_distinct_items(planned: &[DynamoResult<Member<'_>>]) -> DynamoResult<()> {
    let mut seen = HashSet::new();
    for member in planned.iter().flatten() {
        let key = match member {
            Member::Read { key, .. } | Member::Write { key, .. } => key,
        };
        if !seen.insert(key.as_slice()) {
            return Err(Fault::BatchDuplicateKeys.into());
        }
    }
    Ok(())
}

/// Runs one member: its response and what it consumed.
fn run_member(
    engine: &Engine,
    member: Member<'_>,
    capacity: &Option<EnumValue<ReturnConsumedCapacity>>,
) -> Result<(BatchStatementResponse, Option<ConsumedCapacity>), Box<MemberError>> {
    match member {
        Member::Read {
            select: statement,
            params,
            consistent,
            table,
            ..
        } => {
            let options = ReadOptions {
                consistent,
                limit: None,
                resume: None,
                capacity: capacity.clone(),
                fingerprint: 0,
            };
            let untabled = |error| Box::new(MemberError { error, table: None });
            let page = select(engine, statement, Params(params), options).map_err(untabled)?;
            let item = match page.items.into_iter().next() {
                Some(found) => Some(found.into_item().map_err(untabled)?),
                None => None,
            };
            Ok((
                BatchStatementResponse {
                    table_name: Some(table),
                    item,
                    error: None,
                },
                page.consumed_capacity,
            ))
        }
        Member::Write { write, .. } => {
            let table = write.table.clone();
            let options = WriteOptions {
                capacity: capacity.clone(),
                on_failure: None,
            };
            let outcome = run_write(engine, write, options).map_err(|error| {
                Box::new(MemberError {
                    table: matches!(
                        error.kind,
                        ErrorKind::ConditionalCheckFailed | ErrorKind::DuplicateItem
                    )
                    .then(|| table.clone()),
                    error,
                })
            })?;
            Ok((
                BatchStatementResponse {
                    table_name: Some(table),
                    item: outcome.items.into_iter().next(),
                    error: None,
                },
                outcome.consumed_capacity,
            ))
        }
    }
}

/// A member's error, carrying the table it was for when DynamoDB echoes it (a failed
/// condition or a duplicate INSERT; never a ValidationError).
struct MemberError {
    error: DynamoError,
    table: Option<String>,
}

impl MemberError {
    /// The member's response.
    fn into_response(self) -> BatchStatementResponse {
        BatchStatementResponse {
            error: Some(BatchStatementError {
                code: Some(EnumValue::Known(code(self.error.kind))),
                message: Some(self.error.message),
                item: None,
            }),
            table_name: self.table,
            item: None,
        }
    }
}

/// The member error code for an exception.
fn code(kind: ErrorKind) -> BatchStatementErrorCodeEnum {
    use BatchStatementErrorCodeEnum as Code;
    match kind {
        ErrorKind::ConditionalCheckFailed => Code::ConditionalCheckFailed,
        ErrorKind::DuplicateItem => Code::DuplicateItem,
        ErrorKind::ResourceNotFound => Code::ResourceNotFound,
        ErrorKind::ItemCollectionSizeLimitExceeded => Code::ItemCollectionSizeLimitExceeded,
        ErrorKind::ProvisionedThroughputExceeded => Code::ProvisionedThroughputExceeded,
        ErrorKind::ThrottlingException => Code::ThrottlingError,
        ErrorKind::RequestLimitExceeded => Code::RequestLimitExceeded,
        ErrorKind::TransactionConflict => Code::TransactionConflict,
        ErrorKind::AccessDenied => Code::AccessDenied,
        ErrorKind::InternalServerError => Code::InternalServerError,
        _ => Code::ValidationError,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_map_to_member_codes() {
        assert_eq!(
            code(ErrorKind::DuplicateItem),
            BatchStatementErrorCodeEnum::DuplicateItem
        );
        assert_eq!(
            code(ErrorKind::Validation),
            BatchStatementErrorCodeEnum::ValidationError
        );
        assert_eq!(
            code(ErrorKind::ConditionalCheckFailed),
            BatchStatementErrorCodeEnum::ConditionalCheckFailed
        );
    }

    #[test]
    fn one_item_has_one_identity() {
        let v = |_: &str| Some(AttributeValue::S("a".into()));
        assert_eq!(identity("t", &["pk"], v), identity("t", &["pk"], v));
        assert_ne!(identity("t", &["pk"], v), identity("u", &["pk"], v));
    }
}
