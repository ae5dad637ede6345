//! One module per DynamoDB operation, and [`dispatch_operation`], which routes a request body
//! to it. Each operation module re-exports its generated request type, and its public function
//! is `plan` (DynamoDB's checks in DynamoDB's order, giving a typed plan) then `execute`.

pub mod batch_execute_statement;
pub mod batch_get_item;
pub mod batch_write_item;
pub mod create_table;
pub mod delete_item;
pub mod delete_table;
pub mod describe_endpoints;
pub mod describe_limits;
pub mod describe_stream;
pub mod describe_table;
pub mod describe_time_to_live;
pub mod execute_statement;
pub mod execute_transaction;
pub mod get_item;
pub mod get_records;
pub mod get_shard_iterator;
pub mod list_streams;
pub mod list_tables;
pub mod list_tags_of_resource;
pub mod put_item;
pub mod query;
pub mod scan;
pub mod tag_resource;
pub mod transact_get_items;
pub mod transact_write_items;
pub mod untag_resource;
pub mod update_item;
pub mod update_table;
pub mod update_time_to_live;

use std::any::TypeId;
use std::cell::RefCell;
use std::collections::HashMap;

use serde::Serialize;

use ddb_model::{DynamoError, DynamoResult, ErrorKind};

use ddb_wire::{IntoValid, Operation, Service, ValueLayer};

use crate::{framing, Engine};

/// Runs an operation on its typed request: [`ddb_wire::decode_with_fault`] owns bytes →
/// request (with DynamoDB's SerializationException and attribute-value ValidationException
/// texts); the operation validates, plans and executes; the response is serialized once.
fn run_typed<I, O>(
    engine: &Engine,
    body: &[u8],
    op: fn(&Engine, I) -> DynamoResult<O>,
) -> DynamoResult<Vec<u8>>
where
    I: ddb_wire::de::DecodeStruct + IntoValid,
    O: Serialize + 'static,
{
    run_in_layer(engine, body, op, |_| Ok(()), ValueLayer::Current, |_| None)
}

/// [`run_typed`] for an operation that checks more of its parameters before it reads any
/// attribute value: `before_values` makes those checks on the validated request.
fn run_checked<I, O>(
    engine: &Engine,
    body: &[u8],
    op: fn(&Engine, I) -> DynamoResult<O>,
    before_values: fn(&I::Valid) -> DynamoResult<()>,
) -> DynamoResult<Vec<u8>>
where
    I: ddb_wire::de::DecodeStruct + IntoValid,
    O: Serialize + 'static,
{
    run_in_layer(engine, body, op, before_values, ValueLayer::Current, |_| {
        None
    })
}

/// [`run_typed`] for an operation whose attribute-value faults DynamoDB words in its older
/// validation layer (BatchWriteItem, TransactGetItems: [`ValueLayer`]).
fn run_older<I, O>(
    engine: &Engine,
    body: &[u8],
    op: fn(&Engine, I) -> DynamoResult<O>,
) -> DynamoResult<Vec<u8>>
where
    I: ddb_wire::de::DecodeStruct + IntoValid,
    O: Serialize + 'static,
{
    run_in_layer(engine, body, op, |_| Ok(()), ValueLayer::Older, |_| None)
}

/// ExecuteStatement: [`run_typed`], but a fault of its `Parameters` is worded as DynamoDB
/// words PartiQL parameters ([`crate::partiql::params`]).
fn run_statement<I, O>(
    engine: &Engine,
    body: &[u8],
    op: fn(&Engine, I) -> DynamoResult<O>,
) -> DynamoResult<Vec<u8>>
where
    I: ddb_wire::de::DecodeStruct + IntoValid,
    O: Serialize + 'static,
{
    let reword = |body: &[u8]| crate::partiql::params::statement_fault(body).map(Into::into);
    run_in_layer(engine, body, op, |_| Ok(()), ValueLayer::Current, reword)
}

/// BatchExecuteStatement: a fault of a member's `Parameters` fails that member alone, worded
/// as DynamoDB words PartiQL parameters ([`crate::partiql::params`]); a value fault that no
/// member's parameters explain fails the request, as on the other operations.
fn run_batch_statement(engine: &Engine, body: &[u8]) -> DynamoResult<Vec<u8>> {
    use batch_execute_statement::{batch_with_member_faults, BatchExecuteStatementInput};
    let layer = ValueLayer::Current;
    let (input, fault) = ddb_wire::decode_with_fault::<BatchExecuteStatementInput>(body)
        .map_err(|e| e.into_dynamo(layer))?;
    let mut member_faults = Vec::new();
    if let Some(fault) = fault {
        member_faults = crate::partiql::params::member_faults(body, "Statements");
        if member_faults.iter().all(Option::is_none) {
            let fault = ValueFault {
                fault,
                layer,
                reworded: None,
            };
            return Err(value_fault(input, fault, |_| Ok(())));
        }
    }
    serialize_response(&batch_with_member_faults(engine, input, member_faults)?)
}

/// Decodes, checks and runs one operation; an attribute-value fault is reported after the
/// request's other checks, in `layer`'s words unless `reword` finds its own words for it in
/// the body.
fn run_in_layer<I, O>(
    engine: &Engine,
    body: &[u8],
    op: fn(&Engine, I) -> DynamoResult<O>,
    before_values: fn(&I::Valid) -> DynamoResult<()>,
    layer: ValueLayer,
    reword: fn(&[u8]) -> Option<DynamoError>,
) -> DynamoResult<Vec<u8>>
where
    I: ddb_wire::de::DecodeStruct + IntoValid,
    O: Serialize + 'static,
{
    let input = match ddb_wire::decode_with_fault::<I>(body).map_err(|e| e.into_dynamo(layer))? {
        (input, None) => input,
        (input, Some(fault)) => {
            let fault = ValueFault {
                fault,
                layer,
                reworded: reword(body),
            };
            return Err(value_fault(input, fault, before_values));
        }
    };
    let output = op(engine, input)?;
    serialize_response(&output)
}

/// The largest buffer [`serialize_response`] starts with: a Scan or Query page is at most
/// 1 MB of items.
const MAX_RESPONSE_HINT: usize = (1 << 20) + (64 << 10);

/// Room left beyond the last response's size. sonic-rs reserves six bytes per byte of a string
/// (its worst-case escaping) before writing it, so a buffer sized exactly to the last response
/// still grows, and copies everything written so far, when its last strings are reached: at
/// the end of a 100 KB Scan page that copy was most of the page. This covers strings of up to
/// about 1.3 KB at the very end; a buffer that still had to grow is reused at its grown size.
const RESPONSE_SLACK: usize = 8 << 10;

/// Serializes a response into a buffer sized from this thread's last response of the same
/// type, so a large one (a Scan page of 100 items is ~100 KB) is written in place instead of
/// being copied each time the buffer doubles. sonic-rs escapes strings with SIMD: item values
/// dominate response bodies.
fn serialize_response<O: Serialize + 'static>(output: &O) -> DynamoResult<Vec<u8>> {
    thread_local! {
        static LAST_SIZE: RefCell<HashMap<TypeId, usize>> = RefCell::new(HashMap::new());
    }
    let kind = TypeId::of::<O>();
    let hint = LAST_SIZE.with(|sizes| sizes.borrow().get(&kind).copied());
    let start = hint.unwrap_or(256).min(MAX_RESPONSE_HINT);
    let mut body = Vec::with_capacity(start);
    sonic_rs::to_writer(&mut body, output).map_err(DynamoError::internal)?;
    // A buffer that grew is kept at its size; one that did not follows the responses down.
    let next = if body.capacity() > start {
        body.capacity()
    } else {
        body.len() + body.len() / 8 + RESPONSE_SLACK
    };
    LAST_SIZE.with(|sizes| sizes.borrow_mut().insert(kind, next));
    Ok(body)
}

/// The error of a request with a bad attribute value (`{}`, an empty set, two types, ...):
/// DynamoDB reports the request's constraint violations first, then what `before_values`
/// finds (such as expression and legacy parameters mixed), and only then the value (dynalite's
/// validation order, recorded against DynamoDB: constraints, `validateExpressionParams`, then
/// `validateAttributeValue`).
fn value_fault<I: IntoValid>(
    input: I,
    fault: ValueFault,
    before_values: fn(&I::Valid) -> DynamoResult<()>,
) -> DynamoError {
    let valid = match ddb_wire::validate::into_valid(input) {
        Ok(valid) => valid,
        Err(violations) => return violations.into(),
    };
    match before_values(&valid) {
        Err(e) => e,
        Ok(()) => fault.reworded.unwrap_or_else(|| {
            ddb_wire::DecodeError::Validation(fault.fault).into_dynamo(fault.layer)
        }),
    }
}

/// A request's attribute-value fault: the decoder's, worded by `layer`, unless the operation
/// words it its own way (`reworded`).
struct ValueFault {
    fault: ddb_wire::ValueError,
    layer: ValueLayer,
    reworded: Option<DynamoError>,
}

/// Runs `operation` on a JSON request body and returns the JSON response body. An operation
/// of DynamoDB or DynamoDB Streams that ddb does not implement yet answers
/// UnknownOperationException, as for a name DynamoDB does not know (the README lists them).
/// Every error, the decoder's included, is framed as `operation` answers it
/// ([`framing::frame`]: the 2026 `1 validation error detected: ` envelope).
pub fn dispatch_operation(
    engine: &Engine,
    operation: Operation,
    body: &[u8],
) -> DynamoResult<Vec<u8>> {
    run_operation(engine, operation, body).map_err(|e| framing::frame(operation, e))
}

/// [`dispatch_operation`] before framing its errors.
fn run_operation(engine: &Engine, operation: Operation, body: &[u8]) -> DynamoResult<Vec<u8>> {
    match operation {
        Operation::GetItem => run_typed(engine, body, get_item::get_item),
        Operation::PutItem => run_checked(
            engine,
            body,
            put_item::put_item,
            put_item::check_before_values,
        ),
        Operation::UpdateItem => run_checked(engine, body, update_item::update_item, |input| {
            update_item::check_before_values(input).map(|_| ())
        }),
        Operation::DeleteItem => run_checked(
            engine,
            body,
            delete_item::delete_item,
            delete_item::check_before_values,
        ),
        Operation::Query => run_checked(engine, body, query::query, query::check_before_values),
        Operation::Scan => run_checked(engine, body, scan::scan, scan::check_before_values),
        Operation::BatchGetItem => run_typed(engine, body, batch_get_item::batch_get_item),
        Operation::BatchWriteItem => run_older(engine, body, batch_write_item::batch_write_item),
        Operation::CreateTable => run_typed(engine, body, create_table::create_table),
        Operation::DescribeTable => run_typed(engine, body, describe_table::describe_table),
        Operation::ListTables => run_typed(engine, body, list_tables::list_tables),
        Operation::DeleteTable => run_typed(engine, body, delete_table::delete_table),
        Operation::UpdateTable => run_typed(engine, body, update_table::update_table),
        Operation::TransactWriteItems => transact_write_items::run_idempotent(engine, body),
        Operation::TransactGetItems => {
            run_older(engine, body, transact_get_items::transact_get_items)
        }
        Operation::UpdateTimeToLive => {
            run_typed(engine, body, update_time_to_live::update_time_to_live)
        }
        Operation::DescribeTimeToLive => {
            run_typed(engine, body, describe_time_to_live::describe_time_to_live)
        }
        // DynamoDB answers these two with an empty body, not `{}`.
        Operation::TagResource => {
            run_typed(engine, body, tag_resource::tag_resource).map(|_| Vec::new())
        }
        Operation::UntagResource => {
            run_typed(engine, body, untag_resource::untag_resource).map(|_| Vec::new())
        }
        Operation::ListTagsOfResource => {
            run_typed(engine, body, list_tags_of_resource::list_tags_of_resource)
        }
        Operation::DescribeEndpoints => {
            run_typed(engine, body, describe_endpoints::describe_endpoints)
        }
        Operation::DescribeLimits => run_typed(engine, body, describe_limits::describe_limits),
        Operation::ListStreams => run_typed(engine, body, list_streams::list_streams),
        Operation::DescribeStream => run_typed(engine, body, describe_stream::describe_stream),
        Operation::GetShardIterator => {
            run_typed(engine, body, get_shard_iterator::get_shard_iterator)
        }
        Operation::GetRecords => run_typed(engine, body, get_records::get_records),
        Operation::ExecuteStatement => {
            run_statement(engine, body, execute_statement::execute_statement)
        }
        Operation::BatchExecuteStatement => run_batch_statement(engine, body),
        Operation::ExecuteTransaction => execute_transaction::run_idempotent(engine, body),
        _ => Err(DynamoError::new(ErrorKind::UnknownOperation, "")),
    }
}

/// [`dispatch_operation`] for a DynamoDB operation given by name (`"PutItem"`), as tests and
/// embedders call it; `None` when DynamoDB has no such operation.
pub fn dispatch(engine: &Engine, operation: &str, body: &[u8]) -> Option<DynamoResult<Vec<u8>>> {
    let operation = Operation::named(Service::DynamoDb, operation)?;
    Some(dispatch_operation(engine, operation, body))
}
