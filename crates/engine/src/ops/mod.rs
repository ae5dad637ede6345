//! One module per DynamoDB operation, and [`dispatch`], which routes an operation name and a
//! JSON body to it.

pub mod batch_get_item;
pub mod batch_write_item;
pub mod create_table;
pub mod delete_item;
pub mod delete_table;
pub mod describe_endpoints;
pub mod describe_limits;
pub mod describe_table;
pub mod describe_time_to_live;
pub mod get_item;
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

use serde::Serialize;

use ddb_model::{DynamoError, DynamoResult};

use crate::Engine;

/// Runs an operation on its typed request: [`ddb_wire::decode`] owns bytes → request (with
/// DynamoDB's SerializationException and attribute-value ValidationException texts); the
/// operation validates, plans and executes; the response is serialized once.
fn run_typed<I, O>(
    engine: &Engine,
    body: &[u8],
    op: fn(&Engine, I) -> DynamoResult<O>,
) -> DynamoResult<Vec<u8>>
where
    I: ddb_wire::de::DecodeStruct,
    O: Serialize,
{
    let input = ddb_wire::decode::<I>(body)?;
    let output = op(engine, input)?;
    // sonic-rs escapes strings with SIMD: item values dominate response bodies.
    sonic_rs::to_vec(&output).map_err(DynamoError::internal)
}

/// Runs the operation named by `X-Amz-Target` (without the `DynamoDB_20120810.` prefix) on a
/// JSON request body and returns the JSON response body. `None` means no such operation.
pub fn dispatch(engine: &Engine, operation: &str, body: &[u8]) -> Option<DynamoResult<Vec<u8>>> {
    Some(match operation {
        "GetItem" => run_typed(engine, body, get_item::get_item),
        "PutItem" => run_typed(engine, body, put_item::put_item),
        "UpdateItem" => run_typed(engine, body, update_item::update_item),
        "DeleteItem" => run_typed(engine, body, delete_item::delete_item),
        "Query" => run_typed(engine, body, query::query),
        "Scan" => run_typed(engine, body, scan::scan),
        "BatchGetItem" => run_typed(engine, body, batch_get_item::batch_get_item),
        "BatchWriteItem" => run_typed(engine, body, batch_write_item::batch_write_item),
        "CreateTable" => run_typed(engine, body, create_table::create_table),
        "DescribeTable" => run_typed(engine, body, describe_table::describe_table),
        "ListTables" => run_typed(engine, body, list_tables::list_tables),
        "DeleteTable" => run_typed(engine, body, delete_table::delete_table),
        "UpdateTable" => run_typed(engine, body, update_table::update_table),
        "TransactWriteItems" => transact_write_items::run_idempotent(engine, body),
        "TransactGetItems" => run_typed(engine, body, transact_get_items::transact_get_items),
        "UpdateTimeToLive" => run_typed(engine, body, update_time_to_live::update_time_to_live),
        "DescribeTimeToLive" => {
            run_typed(engine, body, describe_time_to_live::describe_time_to_live)
        }
        // DynamoDB answers these two with an empty body, not `{}`.
        "TagResource" => run_typed(engine, body, tag_resource::tag_resource).map(|_| Vec::new()),
        "UntagResource" => {
            run_typed(engine, body, untag_resource::untag_resource).map(|_| Vec::new())
        }
        "ListTagsOfResource" => {
            run_typed(engine, body, list_tags_of_resource::list_tags_of_resource)
        }
        "DescribeEndpoints" => run_typed(engine, body, describe_endpoints::describe_endpoints),
        "DescribeLimits" => run_typed(engine, body, describe_limits::describe_limits),
        _ => return None,
    })
}

/// Runs `operation` on a JSON request body and returns the JSON response body. An operation
/// of DynamoDB or DynamoDB Streams that ddb does not implement yet answers
/// UnknownOperationException, as for a name DynamoDB does not know (the README lists them).
pub fn dispatch_operation(
    engine: &Engine,
    operation: ddb_wire::Operation,
    body: &[u8],
) -> DynamoResult<Vec<u8>> {
    let not_implemented = || {
        Err(DynamoError::new(
            ddb_model::ErrorKind::UnknownOperation,
            "",
        ))
    };
    if operation.service() != ddb_wire::Service::DynamoDb {
        return not_implemented();
    }
    dispatch(engine, operation.name(), body).unwrap_or_else(not_implemented)
}
