//! TransactGetItems: up to 100 items read together, at twice the cost of a strongly
//! consistent read.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::{json, Value};

use ddb_expr::{parse_projection, project, ExpressionContext};
use ddb_model::capacity::{read_units, ReadKind};
use ddb_model::size::item_size;
use ddb_model::{DynamoError, DynamoResult, Item};

use crate::capacity::{Consumption, ReturnCapacity, UnitKind};
use crate::constraints::{quoted, Violations};
use crate::expression_params::check_expression_maps;
use crate::invalid::Invalid;
use crate::keys::key_from_param;
use crate::layout::item_key;
use crate::Engine;

/// `Get`: one item to read in a transaction.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetAction {
    /// `TableName`: the table's name (or, where DynamoDB allows it, its ARN).
    pub table_name: Option<String>,
    /// `Key`: the item's primary key attributes.
    pub key: Option<Item>,
    /// `ProjectionExpression`: which attributes to return.
    pub projection_expression: Option<String>,
    /// `ExpressionAttributeNames`: `#name` placeholders used in the expressions.
    pub expression_attribute_names: Option<HashMap<String, String>>,
}

/// One element of TransactGetItems' `TransactItems`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransactGetItem {
    /// `Get`: the item to read.
    pub get: Option<GetAction>,
}

/// TransactGetItems' request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransactGetItemsInput {
    /// `TransactItems`: the reads, in the order of the response.
    pub transact_items: Option<Vec<TransactGetItem>>,
    /// `ReturnConsumedCapacity`: whether, and in what detail, the response reports capacity.
    pub return_consumed_capacity: Option<String>,
}

/// TransactGetItems: reads every item together, or fails as a whole.
pub fn transact_get_items(engine: &Engine, input: TransactGetItemsInput) -> DynamoResult<Value> {
    let mut v = Violations::new();
    match &input.transact_items {
        None => v.push("null", "transactItems", "Member must not be null"),
        Some(items) => {
            v.min_members(Some(items.len()), || quoted("[]"), "transactItems", 1);
            v.max_members(
                Some(items.len()),
                || format!("[{} actions]", items.len()),
                "transactItems",
                100,
            );
        }
    }
    v.into_result()?;
    let capacity = ReturnCapacity::parse(input.return_consumed_capacity.as_deref())?;
    let mut planned = Vec::new();
    for (i, t) in input.transact_items.iter().flatten().enumerate() {
        let get = t.get.as_ref().ok_or_else(|| {
            DynamoError::from(Invalid::MemberNull {
                at: format!("transactItems.{}.member.get", i + 1),
            })
        })?;
        let names = get.expression_attribute_names.as_ref();
        check_expression_maps(names, None, get.projection_expression.is_some())?;
        let mut ctx = ExpressionContext::new(names, None);
        let projection = match &get.projection_expression {
            Some(text) => Some(parse_projection(text, &mut ctx)?),
            None => None,
        };
        ctx.check_all_used()?;
        let def = engine.table(get.table_name.as_deref().unwrap_or_default())?;
        let key = key_from_param(get.key.as_ref().unwrap_or(&Item::new()), &def.key)?;
        let storage_key = item_key(def.id, &key.hash, key.range.as_ref());
        if planned.iter().any(|(_, k, _)| *k == storage_key) {
            return Err(Invalid::OneItemTwice.into());
        }
        planned.push((def, storage_key, projection));
    }
    // Hold every item's lock so the reads see one consistent state.
    let _guards = engine
        .locks
        .lock_many(planned.iter().map(|(_, k, _)| k.as_slice()));
    let mut responses = Vec::with_capacity(planned.len());
    let mut per_table: BTreeMap<String, Consumption> = BTreeMap::new();
    for (def, storage_key, projection) in &planned {
        let item = engine.read_at(storage_key)?;
        let size = item.as_ref().map(item_size).unwrap_or(0);
        per_table
            .entry(def.name.clone())
            .or_insert_with(|| Consumption::new(&def.name, UnitKind::Read))
            .table += read_units(size, ReadKind::Transactional);
        responses.push(match item {
            Some(item) => {
                let item = match projection {
                    Some(paths) => project(&item, paths),
                    None => item,
                };
                json!({ "Item": item })
            }
            None => json!({}),
        });
    }
    let mut out = json!({ "Responses": responses });
    if capacity != ReturnCapacity::None {
        let reports: Vec<_> = per_table
            .values()
            .filter_map(|c| c.report(capacity))
            .collect();
        out["ConsumedCapacity"] = json!(reports);
    }
    Ok(out)
}
