//! BatchGetItem: up to 100 keys over several tables; what does not fit the 16 MB response comes
//! back as UnprocessedKeys.

use std::collections::BTreeMap;
use std::sync::Arc;

use ddb_expr::{project, ExpressionContext, Path};
use ddb_model::capacity::{read_units, ReadKind};
use ddb_model::size::item_size;
use ddb_model::{DynamoResult, Item};
use ddb_wire::valid;
use ddb_wire::validate::{Constraint, Shown, Violation, Violations};

use crate::capacity::{Consumption, ReturnCapacity, UnitKind};
use crate::expression_params::check_expression_maps;
use crate::invalid::Invalid;
use crate::keys::{check_scalar_key_paths, key_from_param, PrimaryKey};
use crate::projection::read_projection;
use crate::schema::TableDef;
use crate::throttling::{is_throttled, Target};
use crate::Engine;

pub use ddb_wire::{BatchGetItemInput, BatchGetItemOutput};

/// Most keys in one BatchGetItem.
pub const MAX_KEYS: usize = 100;
/// Largest BatchGetItem response, in bytes of items.
pub const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// BatchGetItem: reads every requested item; what does not fit one response comes back as
/// `UnprocessedKeys`.
pub fn batch_get_item(
    engine: &Engine,
    input: BatchGetItemInput,
) -> DynamoResult<BatchGetItemOutput> {
    let plan = plan(engine, input)?;
    execute(engine, plan)
}

/// A BatchGetItem with every check made.
struct Plan {
    tables: Vec<TableReads>,
    capacity: ReturnCapacity,
}

/// The reads of one table of `RequestItems`.
struct TableReads {
    /// The table as the request names it (the key of its responses and capacity).
    name: String,
    table: Arc<TableDef>,
    projection: Option<Vec<Path>>,
    read: ReadKind,
    /// Each key, checked, with the key as sent (to hand back unprocessed).
    keys: Vec<(PrimaryKey, Item)>,
    /// The table's entry without its keys, echoed with unprocessed keys.
    request: ddb_wire::KeysAndAttributes,
}

/// DynamoDB's checks for BatchGetItem, in its order: the request's constraints, the number of
/// keys, then per table (in name order) its expression maps and projection, the table, its
/// keys (each well formed, none twice) and the projection against the key.
fn plan(engine: &Engine, input: BatchGetItemInput) -> DynamoResult<Plan> {
    // `RequestItems: {}`: AWS regions moved in 2026 from a bare sentence to the generic length
    // constraint without the value; ddb answers the newer form (Invalid::BatchGetNoRequestItems,
    // docs/research/message-framing-2026.md). A missing RequestItems is the constraint's.
    if input.request_items.as_ref().is_some_and(BTreeMap::is_empty) {
        return Err(Invalid::BatchGetNoRequestItems.into());
    }
    let echo = malformed_names_echo(&input);
    let input = input.validate().map_err(|v| newer_wording(v, echo))?;
    let total: usize = input.request_items.values().map(|ka| ka.keys.len()).sum();
    if total > MAX_KEYS {
        return Err(Invalid::TooManyItemsRequested {
            operation: "BatchGetItem",
        }
        .into());
    }
    check_projection_kinds_agree(&input.request_items)?;
    let mut tables = Vec::with_capacity(input.request_items.len());
    for (name, ka) in input.request_items {
        let valid::KeysAndAttributes {
            keys: sent_keys,
            attributes_to_get,
            consistent_read,
            projection_expression,
            expression_attribute_names,
        } = ka;
        let names = expression_attribute_names.as_ref();
        check_expression_maps(names, None, projection_expression.is_some())?;
        let mut ctx = ExpressionContext::new(names, None);
        let projection = read_projection(
            projection_expression.as_deref(),
            attributes_to_get.as_deref(),
            &mut ctx,
        )?;
        ctx.check_all_used()?;
        let table = engine.table(&name)?;
        let mut keys: Vec<(PrimaryKey, Item)> = Vec::with_capacity(sent_keys.len());
        for sent in sent_keys {
            let key = key_from_param(&sent, &table.key)?;
            if keys.iter().any(|(existing, _)| *existing == key) {
                return Err(Invalid::DuplicateKeys.into());
            }
            keys.push((key, sent));
        }
        if let Some(p) = &projection {
            check_scalar_key_paths(p, &table)?;
        }
        tables.push(TableReads {
            name,
            table,
            projection,
            read: ReadKind::from_consistent(consistent_read.unwrap_or(false)),
            keys,
            request: ddb_wire::KeysAndAttributes {
                keys: None,
                attributes_to_get,
                consistent_read,
                projection_expression,
                expression_attribute_names,
            },
        });
    }
    Ok(Plan {
        tables,
        capacity: input.return_consumed_capacity.into(),
    })
}

/// The request's `RequestItems` as JSON when a table name in it is malformed: DynamoDB echoes
/// the map in that form in the map-keys violation (below). Made only then, as it costs a copy
/// of the request.
fn malformed_names_echo(input: &BatchGetItemInput) -> Option<String> {
    let items = input.request_items.as_ref()?;
    let malformed = |name: &str| {
        let mut v = Violations::default();
        v.table_name(name, &ddb_wire::validate::Path::Root);
        !v.is_empty()
    };
    if !items.keys().any(|name| malformed(name)) {
        return None;
    }
    serde_json::to_string(items).ok()
}

/// BatchGetItem's constraint violations in DynamoDB's 2026 wording (paritysuite/
/// dynamodb-conformance tier3 error-messages batchGetItem and validation-ordering
/// batchOperations, AWS us-east-1 and eu-west-2 2026-10-09): a table's `Keys` outside 1..100
/// is named without its value, members capitalised (`Value at 'RequestItems.<T>.member.Keys'`),
/// and a malformed table name echoes the map as JSON (`echo`), where the generated validation
/// echoes both in Java's toString form (which BatchWriteItem still uses).
fn newer_wording(mut v: Violations, echo: Option<String>) -> ddb_model::DynamoError {
    for violation in &mut v.0 {
        let Violation::At {
            value,
            path,
            constraint,
        } = violation
        else {
            continue;
        };
        match constraint {
            Constraint::MinLength(_) | Constraint::MaxLength(_) => {
                if let Some(table) = keys_list_table(path) {
                    *path = format!("RequestItems.{table}.member.Keys");
                    *value = Shown::Empty;
                }
            }
            Constraint::MapKeys(_) if path == "requestItems" => {
                if let Some(json) = &echo {
                    *value = Shown::Text(json.clone());
                }
            }
            _ => {}
        }
    }
    v.into()
}

/// The table of a `requestItems.<table>.member.keys` path.
fn keys_list_table(path: &str) -> Option<&str> {
    path.strip_prefix("requestItems.")?
        .strip_suffix(".member.keys")
}

/// One table's entry projecting with ProjectionExpression and another's with AttributesToGet
/// mix expression and legacy parameters across the request, which DynamoDB refuses
/// (paritysuite/dynamodb-conformance tier3 error-messages batchGetItem, AWS 2026; the text is
/// not pinned there, so it is the one-entry conflict's).
fn check_projection_kinds_agree(
    items: &BTreeMap<String, valid::KeysAndAttributes>,
) -> DynamoResult<()> {
    let legacy = items.values().any(|ka| ka.attributes_to_get.is_some());
    let expression = items.values().any(|ka| ka.projection_expression.is_some());
    let non_expression: &[&str] = if legacy { &["AttributesToGet"] } else { &[] };
    let expressions: &[&str] = if expression {
        &["ProjectionExpression"]
    } else {
        &[]
    };
    crate::expression_params::check_not_mixed(non_expression, expressions)
}

/// Reads the items, table by table, until the response is full.
fn execute(engine: &Engine, plan: Plan) -> DynamoResult<BatchGetItemOutput> {
    let mut responses = BTreeMap::new();
    let mut unprocessed = BTreeMap::new();
    let mut consumed = Vec::new();
    let mut response_bytes = 0usize;
    let mut throttled = None;
    let mut read = 0usize;
    for reads in plan.tables {
        let mut consumption = Consumption::new(&reads.name, UnitKind::Read);
        let mut found = Vec::new();
        let mut left = Vec::new();
        for (key, sent) in reads.keys {
            if response_bytes >= MAX_RESPONSE_BYTES {
                left.push(sent);
                continue;
            }
            let partition_key = std::slice::from_ref(&key.hash);
            let admitted = engine.admit(
                &reads.table,
                Target::Table,
                UnitKind::Read,
                Some(partition_key),
            );
            let admission = match admitted {
                Err(e) if is_throttled(&e) => {
                    throttled = Some(e);
                    left.push(sent);
                    continue;
                }
                admitted => admitted?,
            };
            read += 1;
            let item = engine.read_item(&reads.table, &key)?;
            let size = item.as_ref().map(item_size).unwrap_or(0);
            let mut spent = Consumption::new(&reads.name, UnitKind::Read);
            spent.table = read_units(size, reads.read);
            engine.charge(&reads.table, Target::Table, &spent, admission);
            consumption.merge(&spent);
            if let Some(item) = item {
                response_bytes += size;
                found.push(match &reads.projection {
                    Some(paths) => project(&item, paths),
                    None => item,
                });
            }
        }
        if !left.is_empty() {
            let mut rest = reads.request;
            rest.keys = Some(left);
            unprocessed.insert(reads.name.clone(), rest);
        }
        if let Some(c) = consumption.report(plan.capacity) {
            consumed.push(c.into());
        }
        responses.insert(reads.name, found);
    }
    // Only a batch that read nothing at all fails with the throttling error.
    if let (0, Some(e)) = (read, throttled) {
        return Err(e);
    }
    Ok(BatchGetItemOutput {
        responses: Some(responses),
        unprocessed_keys: Some(unprocessed),
        consumed_capacity: (plan.capacity != ReturnCapacity::None).then_some(consumed),
    })
}
