//! BatchGetItem: up to 100 keys over several tables; what does not fit the 16 MB response comes
//! back as UnprocessedKeys.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::{json, Map, Value};

use ddb_expr::{project, ExpressionContext};
use ddb_model::capacity::{read_units, ReadKind};
use ddb_model::size::item_size;
use ddb_model::{DynamoResult, Item};

use crate::capacity::{Consumption, ReturnCapacity, UnitKind};
use crate::constraints::{quoted, Violations};
use crate::expression_params::check_expression_maps;
use crate::invalid::Invalid;
use crate::keys::{check_scalar_key_paths, key_from_param};
use crate::projection::read_projection;
use crate::Engine;

/// Most keys in one BatchGetItem.
pub const MAX_KEYS: usize = 100;
/// Largest BatchGetItem response, in bytes of items.
pub const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// A table's entry in BatchGetItem's `RequestItems`.
#[derive(Debug, Deserialize, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct KeysAndAttributes {
    /// `Keys`: the primary keys of the items to read.
    pub keys: Option<Vec<Item>>,
    /// `AttributesToGet`: the legacy list of attributes to return.
    pub attributes_to_get: Option<Vec<String>>,
    /// `ProjectionExpression`: which attributes to return.
    pub projection_expression: Option<String>,
    /// `ExpressionAttributeNames`: `#name` placeholders used in the expressions.
    pub expression_attribute_names: Option<HashMap<String, String>>,
    /// `ConsistentRead`: whether the read is strongly consistent.
    #[serde(default, deserialize_with = "ddb_model::value::lenient_bool")]
    pub consistent_read: Option<bool>,
}

/// BatchGetItem's request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BatchGetItemInput {
    /// `RequestItems`: per table, the keys to read and how.
    pub request_items: Option<BTreeMap<String, KeysAndAttributes>>,
    /// `ReturnConsumedCapacity`: whether, and in what detail, the response reports capacity.
    pub return_consumed_capacity: Option<String>,
}

fn check_constraints(input: &BatchGetItemInput) -> DynamoResult<()> {
    let mut v = Violations::new();
    match &input.request_items {
        None => v.push("null", "requestItems", "Member must not be null"),
        Some(items) => {
            v.min_members(Some(items.len()), || quoted("{}"), "requestItems", 1);
            for (table, ka) in items {
                v.table_name(Some(table), "requestItems.key");
                let field = format!("requestItems.{table}.member.keys");
                match &ka.keys {
                    None => v.push("null", &field, "Member must not be null"),
                    Some(keys) => {
                        v.min_members(Some(keys.len()), || quoted("[]"), &field, 1);
                        v.max_members(
                            Some(keys.len()),
                            || format!("[{} keys]", keys.len()),
                            &field,
                            MAX_KEYS,
                        );
                    }
                }
            }
        }
    }
    v.into_result()?;
    let total: usize = input
        .request_items
        .iter()
        .flatten()
        .map(|(_, ka)| ka.keys.as_ref().map_or(0, Vec::len))
        .sum();
    if total > MAX_KEYS {
        return Err(Invalid::TooManyItemsRequested {
            operation: "BatchGetItem",
        }
        .into());
    }
    Ok(())
}

/// BatchGetItem: reads every requested item; what does not fit one response comes back as
/// `UnprocessedKeys`.
pub fn batch_get_item(engine: &Engine, input: BatchGetItemInput) -> DynamoResult<Value> {
    check_constraints(&input)?;
    let capacity = ReturnCapacity::parse(input.return_consumed_capacity.as_deref())?;
    let request = input.request_items.expect("checked");
    // Validate everything before reading anything.
    let mut plans = Vec::new();
    for (table_name, ka) in &request {
        let names = ka.expression_attribute_names.as_ref();
        check_expression_maps(names, None, ka.projection_expression.is_some())?;
        let mut ctx = ExpressionContext::new(names, None);
        let projection = read_projection(
            ka.projection_expression.as_deref(),
            ka.attributes_to_get.as_deref(),
            &mut ctx,
        )?;
        ctx.check_all_used()?;
        let def = engine.table(table_name)?;
        let mut keys = Vec::new();
        for k in ka.keys.iter().flatten() {
            let key = key_from_param(k, &def.key)?;
            if keys.iter().any(|(existing, _)| *existing == key) {
                return Err(Invalid::DuplicateKeys.into());
            }
            keys.push((key, k.clone()));
        }
        if let Some(p) = &projection {
            check_scalar_key_paths(p, &def)?;
        }
        plans.push((table_name, ka, def, projection, keys));
    }
    let mut responses = Map::new();
    let mut unprocessed = Map::new();
    let mut consumed = Vec::new();
    let mut response_bytes = 0usize;
    for (table_name, ka, def, projection, keys) in plans {
        let kind = ReadKind::from_consistent(ka.consistent_read.unwrap_or(false));
        let mut consumption = Consumption::new(table_name, UnitKind::Read);
        let mut found = Vec::new();
        let mut left = Vec::new();
        for (key, raw) in keys {
            if response_bytes >= MAX_RESPONSE_BYTES {
                left.push(raw);
                continue;
            }
            let item = engine.read_item(&def, &key)?;
            let size = item.as_ref().map(item_size).unwrap_or(0);
            consumption.table += read_units(size, kind);
            if let Some(item) = item {
                response_bytes += size;
                found.push(match &projection {
                    Some(paths) => project(&item, paths),
                    None => item,
                });
            }
        }
        responses.insert(table_name.clone(), json!(found));
        if !left.is_empty() {
            let mut rest = json!({ "Keys": left });
            if let Some(p) = &ka.projection_expression {
                rest["ProjectionExpression"] = json!(p);
            }
            if let Some(n) = &ka.expression_attribute_names {
                rest["ExpressionAttributeNames"] = json!(n);
            }
            if let Some(a) = &ka.attributes_to_get {
                rest["AttributesToGet"] = json!(a);
            }
            if let Some(c) = ka.consistent_read {
                rest["ConsistentRead"] = json!(c);
            }
            unprocessed.insert(table_name.clone(), rest);
        }
        if let Some(c) = consumption.report(capacity) {
            consumed.push(c);
        }
    }
    let mut out = json!({ "Responses": responses, "UnprocessedKeys": unprocessed });
    if capacity != ReturnCapacity::None {
        out["ConsumedCapacity"] = json!(consumed);
    }
    Ok(out)
}
