//! BatchWriteItem: up to 25 puts and deletes over several tables, every request validated
//! before any is written; each write is atomic on its own, the batch is not.

use std::collections::BTreeMap;
use std::sync::Arc;

use ddb_model::{DynamoResult, Item};
use ddb_wire::valid;
use ddb_wire::validate::{Constraint, Violation, Violations};

use crate::capacity::{Consumption, ReturnCapacity, UnitKind};
use crate::conditional_write::{check_nesting, wants_collection_metrics};
use crate::invalid::Invalid;
use crate::item_write::{check_item_size, Decision, WriteOutcome};
use crate::keys::{index_key_of_item, key_from_param, key_of_new_item, PrimaryKey};
use crate::schema::TableDef;
use crate::throttling::is_throttled;
use crate::Engine;

pub use ddb_wire::{BatchWriteItemInput, BatchWriteItemOutput};

/// BatchWriteItem: validates every request, then applies each put and delete (unconditionally).
pub fn batch_write_item(
    engine: &Engine,
    input: BatchWriteItemInput,
) -> DynamoResult<BatchWriteItemOutput> {
    let plan = plan(engine, input)?;
    execute(engine, plan)
}

/// A BatchWriteItem with every check made: per table, its writes.
struct Plan {
    tables: Vec<(String, Arc<TableDef>, Vec<Planned>)>,
    capacity: ReturnCapacity,
    metrics: bool,
}

/// One write, checked.
enum Planned {
    Put(PrimaryKey, Item),
    /// The key, and the key as the request gave it (echoed when left unprocessed).
    Delete(PrimaryKey, Item),
}

impl Planned {
    /// The request as the response's UnprocessedItems gives it back.
    fn unprocessed(self) -> ddb_wire::WriteRequest {
        match self {
            Planned::Put(_, item) => ddb_wire::WriteRequest {
                put_request: Some(ddb_wire::PutRequest { item: Some(item) }),
                delete_request: None,
            },
            Planned::Delete(_, key) => ddb_wire::WriteRequest {
                put_request: None,
                delete_request: Some(ddb_wire::DeleteRequest { key: Some(key) }),
            },
        }
    }
}

/// BatchWriteItem checks its table names after its other members: a malformed name is
/// reported only when nothing else is wrong, while an unknown ReturnConsumedCapacity beside
/// it is reported alone (paritysuite/dynamodb-conformance tier3 validation-ordering
/// batchOperations, AWS us-east-1 and eu-west-2 2026-10-09; BatchGetItem lists both).
fn table_names_checked_later(mut v: Violations) -> ddb_model::DynamoError {
    let is_names = |x: &Violation| match x {
        Violation::At {
            path, constraint, ..
        } => path == "requestItems" && matches!(constraint, Constraint::MapKeys(_)),
        Violation::ReturnValues => false,
    };
    if v.0.iter().any(|x| !is_names(x)) {
        v.0.retain(|x| !is_names(x));
    }
    v.into()
}

/// DynamoDB's checks for BatchWriteItem, in its order: a request naming no table, the
/// request's constraints, the total number of writes, the items' sizes, then table by table
/// each write's key and item and duplicate keys, and last the request's total size.
fn plan(engine: &Engine, input: BatchWriteItemInput) -> DynamoResult<Plan> {
    // DynamoDB answers `RequestItems: {}` with its own bare message before the model's
    // constraints (AWS, docs/research/dynamodb-messages.md §6.3); the generated validation
    // would report the map's length, so this check comes first until the generator does.
    if input.request_items.as_ref().is_none_or(BTreeMap::is_empty) {
        return Err(Invalid::BatchWriteNoRequestItems.into());
    }
    let input = input.validate().map_err(table_names_checked_later)?;
    let total: usize = input.request_items.values().map(Vec::len).sum();
    if total > MAX_REQUESTS {
        return Err(Invalid::TooManyItemsRequested {
            operation: "BatchWriteItem",
        }
        .into());
    }
    let mut total_bytes = 0usize;
    // Item sizes are checked before any table is looked up, as in DynamoDB.
    for r in input.request_items.values().flatten() {
        if let Some(put) = &r.put_request {
            total_bytes += check_item_size(&put.item)?;
        }
    }
    let mut tables = Vec::with_capacity(input.request_items.len());
    for (table_name, requests) in input.request_items {
        let def = engine.table(&table_name)?;
        let mut planned = Vec::with_capacity(requests.len());
        let mut seen: Vec<PrimaryKey> = Vec::with_capacity(requests.len());
        for request in requests {
            let p = plan_request(&def, request)?;
            let key = match &p {
                Planned::Put(k, _) | Planned::Delete(k, _) => k,
            };
            if seen.contains(key) {
                return Err(Invalid::DuplicateKeys.into());
            }
            seen.push(key.clone());
            planned.push(p);
        }
        tables.push((table_name, def, planned));
    }
    if total_bytes > MAX_REQUEST_BYTES {
        return Err(Invalid::ItemTooLarge.into());
    }
    Ok(Plan {
        tables,
        capacity: input.return_consumed_capacity.into(),
        metrics: wants_collection_metrics(input.return_item_collection_metrics),
    })
}

/// One request of a table, checked against its definition.
fn plan_request(def: &TableDef, request: valid::WriteRequest) -> DynamoResult<Planned> {
    match (request.put_request, request.delete_request) {
        (Some(put), None) => {
            let item = put.item;
            // A missing or mistyped key is the schema message here; size and empty-value
            // faults keep their own (from key_of_new_item).
            let fits = def
                .key
                .attributes()
                .all(|a| item.get(&a.name).is_some_and(|v| a.ty.matches(v)));
            if !fits {
                return Err(Invalid::KeySchemaMismatch.into());
            }
            let key = key_of_new_item(&item, &def.key)?;
            check_nesting(&item)?;
            // An index key of the wrong type fails the whole batch before any write.
            for index in def.indexes_by_name() {
                index_key_of_item(&item, &index.key, &index.name)?;
            }
            Ok(Planned::Put(key, item))
        }
        (None, Some(delete)) => Ok(Planned::Delete(
            key_from_param(&delete.key, &def.key)?,
            delete.key,
        )),
        _ => Err(Invalid::MoreThanOneDatatype.into()),
    }
}

/// Applies each write on its own, table by table, and adds up what they consumed. A write its
/// table (or an index) has no capacity for is left unprocessed; the batch fails only when every
/// write was.
fn execute(engine: &Engine, plan: Plan) -> DynamoResult<BatchWriteItemOutput> {
    let mut consumed = Vec::new();
    let mut collection_metrics = BTreeMap::new();
    let mut unprocessed: BTreeMap<String, Vec<ddb_wire::WriteRequest>> = BTreeMap::new();
    let mut throttled = None;
    let mut written = 0usize;
    for (table_name, def, planned) in plan.tables {
        let mut total = Consumption::new(&table_name, UnitKind::Write);
        let mut table_metrics = Vec::new();
        for p in planned {
            let outcome = match write(engine, &table_name, &p) {
                Err(e) if is_throttled(&e) => {
                    throttled = Some(e);
                    unprocessed
                        .entry(table_name.clone())
                        .or_default()
                        .push(p.unprocessed());
                    continue;
                }
                outcome => outcome?,
            };
            written += 1;
            total.merge(&outcome.consumption);
            if plan.metrics {
                let (Planned::Put(key, _) | Planned::Delete(key, _)) = &p;
                if let Some(m) = engine.collection_metrics(&def, &key.hash)? {
                    table_metrics.push(m);
                }
            }
        }
        if let Some(c) = total.report(plan.capacity) {
            consumed.push(c.into());
        }
        if !table_metrics.is_empty() {
            collection_metrics.insert(table_name, table_metrics);
        }
    }
    if let (0, Some(e)) = (written, throttled) {
        return Err(e);
    }
    Ok(BatchWriteItemOutput {
        unprocessed_items: Some(unprocessed),
        item_collection_metrics: plan.metrics.then_some(collection_metrics),
        consumed_capacity: (plan.capacity != ReturnCapacity::None).then_some(consumed),
    })
}

/// One put or delete, unconditional.
fn write(engine: &Engine, table_name: &str, p: &Planned) -> DynamoResult<WriteOutcome> {
    match p {
        Planned::Put(key, item) => engine.write_item(table_name, key, false, |def, old| {
            if def.has_local_indexes() {
                let growth = ddb_model::size::item_size(item) as i64
                    - old.map(ddb_model::size::item_size).unwrap_or(0) as i64;
                engine.check_collection_limit(def, &key.hash, growth)?;
            }
            Ok(Decision::Put(item.clone()))
        }),
        Planned::Delete(key, _) => engine.write_item(table_name, key, false, |_, old| {
            Ok(if old.is_some() {
                Decision::Delete
            } else {
                Decision::Keep
            })
        }),
    }
}

/// Most requests in one BatchWriteItem.
pub const MAX_REQUESTS: usize = 25;
/// Largest BatchWriteItem request, in bytes of items.
pub const MAX_REQUEST_BYTES: usize = 16 * 1024 * 1024;
