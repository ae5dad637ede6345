//! BatchWriteItem: up to 25 puts and deletes over several tables, every request validated
//! before any is written; each write is atomic on its own, the batch is not.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{json, Map, Value};

use ddb_model::{DynamoError, DynamoResult, Item};

use crate::capacity::{Consumption, ReturnCapacity, UnitKind};
use crate::conditional_write::{check_nesting, parse_return_metrics};
use crate::constraints::{quoted, Violations};
use crate::invalid::Invalid;
use crate::item_write::{check_item_size, Decision};
use crate::keys::{index_key_of_item, key_from_param, key_of_new_item, PrimaryKey};
use crate::Engine;

/// Most requests in one BatchWriteItem.
pub const MAX_REQUESTS: usize = 25;
/// Largest BatchWriteItem request, in bytes of items.
pub const MAX_REQUEST_BYTES: usize = 16 * 1024 * 1024;

/// `PutRequest` in a BatchWriteItem request.
#[derive(Debug, Deserialize, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct PutRequest {
    /// `Item`: the whole item to write, key attributes included.
    pub item: Option<Item>,
}

/// `DeleteRequest` in a BatchWriteItem request.
#[derive(Debug, Deserialize, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteRequest {
    /// `Key`: the item's primary key attributes.
    pub key: Option<Item>,
}

/// One write of BatchWriteItem: exactly one of a put and a delete.
#[derive(Debug, Deserialize, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct WriteRequest {
    /// `PutRequest`: an item to write.
    pub put_request: Option<PutRequest>,
    /// `DeleteRequest`: a key to delete.
    pub delete_request: Option<DeleteRequest>,
}

/// BatchWriteItem's request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BatchWriteItemInput {
    /// `RequestItems`: per table, the puts and deletes to do.
    pub request_items: Option<BTreeMap<String, Vec<WriteRequest>>>,
    /// `ReturnConsumedCapacity`: whether, and in what detail, the response reports capacity.
    pub return_consumed_capacity: Option<String>,
    /// `ReturnItemCollectionMetrics`: whether the response reports item collection sizes.
    pub return_item_collection_metrics: Option<String>,
}

enum Planned {
    Put(PrimaryKey, Item),
    Delete(PrimaryKey),
}

fn check_constraints(input: &BatchWriteItemInput) -> DynamoResult<()> {
    if input.request_items.as_ref().is_none_or(BTreeMap::is_empty) {
        return Err(Invalid::BatchWriteNoRequestItems.into());
    }
    let mut v = Violations::new();
    match &input.request_items {
        None => v.push("null", "requestItems", "Member must not be null"),
        Some(items) => {
            for table in items.keys() {
                v.table_name(Some(table), "requestItems.key");
            }
            if items
                .values()
                .any(|reqs| reqs.is_empty() || reqs.len() > MAX_REQUESTS)
            {
                v.push(
                    shown_request_items(items),
                    "requestItems",
                    &format!("Map value must satisfy constraint: [Member must have length less than or equal to {MAX_REQUESTS}, Member must have length greater than or equal to 1]"),
                );
            }
        }
    }
    v.into_result()?;
    let total: usize = input
        .request_items
        .iter()
        .flatten()
        .map(|(_, r)| r.len())
        .sum();
    if total > MAX_REQUESTS {
        return Err(Invalid::TooManyItemsRequested {
            operation: "BatchWriteItem",
        }
        .into());
    }
    Ok(())
}

/// The request map roughly as DynamoDB's Java service prints it in a violation: each table's
/// requests by kind (the items themselves are elided).
fn shown_request_items(items: &BTreeMap<String, Vec<WriteRequest>>) -> String {
    let tables: Vec<String> = items
        .iter()
        .map(|(table, reqs)| {
            let shown: Vec<&str> = reqs
                .iter()
                .map(|r| match (&r.put_request, &r.delete_request) {
                    (Some(_), None) => "WriteRequest(putRequest=PutRequest(...))",
                    (None, Some(_)) => "WriteRequest(deleteRequest=DeleteRequest(...))",
                    _ => "WriteRequest(...)",
                })
                .collect();
            format!("{table}=[{}]", shown.join(", "))
        })
        .collect();
    quoted(&format!("{{{}}}", tables.join(", ")))
}

/// BatchWriteItem: validates every request, then applies each put and delete (unconditionally).
pub fn batch_write_item(engine: &Engine, input: BatchWriteItemInput) -> DynamoResult<Value> {
    check_constraints(&input)?;
    let capacity = ReturnCapacity::parse(input.return_consumed_capacity.as_deref())?;
    let metrics = parse_return_metrics(input.return_item_collection_metrics.as_deref())?;
    let request = input.request_items.expect("checked");
    let mut plans: Vec<(
        &String,
        std::sync::Arc<crate::schema::TableDef>,
        Vec<Planned>,
    )> = Vec::new();
    let mut total_bytes = 0usize;
    // Item sizes are checked before any table is looked up, as in DynamoDB.
    for r in request.values().flatten() {
        if let Some(item) = r.put_request.as_ref().and_then(|p| p.item.as_ref()) {
            total_bytes += check_item_size(item)?;
        }
    }
    for (table_name, reqs) in &request {
        let def = engine.table(table_name)?;
        let mut planned = Vec::new();
        let mut seen: Vec<PrimaryKey> = Vec::new();
        for r in reqs {
            let p = match (&r.put_request, &r.delete_request) {
                (Some(put), None) => {
                    let item = put.item.clone().ok_or_else(|| {
                        DynamoError::from(Invalid::MemberNull {
                            at: "requestItems.member.putRequest.item".into(),
                        })
                    })?;
                    // A missing or mistyped key is the schema message here; size and
                    // empty-value faults keep their own (from key_of_new_item).
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
                    for index in &def.indexes {
                        index_key_of_item(&item, &index.key, &index.name)?;
                    }
                    Planned::Put(key, item)
                }
                (None, Some(del)) => {
                    let raw = del.key.as_ref().ok_or_else(|| {
                        DynamoError::from(Invalid::MemberNull {
                            at: "requestItems.member.deleteRequest.key".into(),
                        })
                    })?;
                    Planned::Delete(key_from_param(raw, &def.key)?)
                }
                _ => return Err(Invalid::MoreThanOneDatatype.into()),
            };
            let key = match &p {
                Planned::Put(k, _) | Planned::Delete(k) => k.clone(),
            };
            if seen.contains(&key) {
                return Err(Invalid::DuplicateKeys.into());
            }
            seen.push(key);
            planned.push(p);
        }
        plans.push((table_name, def, planned));
    }
    if total_bytes > MAX_REQUEST_BYTES {
        return Err(Invalid::ItemTooLarge.into());
    }
    let mut consumed = Vec::new();
    let mut collection_metrics = Map::new();
    for (table_name, def, planned) in plans {
        let mut total = Consumption::new(table_name, UnitKind::Write);
        let mut table_metrics = Vec::new();
        for p in planned {
            let (key, outcome) = match p {
                Planned::Put(key, item) => {
                    let o = engine.write_item(table_name, &key, false, |def, old| {
                        if def.has_local_indexes() {
                            let growth = ddb_model::size::item_size(&item) as i64
                                - old.map(ddb_model::size::item_size).unwrap_or(0) as i64;
                            engine.check_collection_limit(def, &key.hash, growth)?;
                        }
                        Ok(Decision::Put(item))
                    })?;
                    (key, o)
                }
                Planned::Delete(key) => {
                    let o = engine.write_item(table_name, &key, false, |_, old| {
                        Ok(if old.is_some() {
                            Decision::Delete
                        } else {
                            Decision::Keep
                        })
                    })?;
                    (key, o)
                }
            };
            total.merge(&outcome.consumption);
            if metrics {
                if let Some(m) = engine.collection_metrics(&def, &key.hash)? {
                    table_metrics.push(m);
                }
            }
        }
        if let Some(c) = total.report(capacity) {
            consumed.push(c);
        }
        if !table_metrics.is_empty() {
            collection_metrics.insert(table_name.clone(), json!(table_metrics));
        }
    }
    let mut out = json!({ "UnprocessedItems": {} });
    if capacity != ReturnCapacity::None {
        out["ConsumedCapacity"] = json!(consumed);
    }
    if metrics {
        out["ItemCollectionMetrics"] = Value::Object(collection_metrics);
    }
    Ok(out)
}
