//! UpdateItem: an update expression (or the legacy AttributeUpdates) applied to the existing
//! item, or to a new item holding just the key.

use std::collections::HashMap;

use serde::Deserialize;

use ddb_expr::legacy::{self, AttributeValueUpdate, ExpectedAttributeValue};
use ddb_expr::{
    evaluate, parse_update, project, ExpressionContext, Path, PathElement, UpdateExpression,
};
use ddb_model::{AttributeValue, DynamoResult, Item};

use crate::capacity::ReturnCapacity;
use crate::conditional_write::*;
use crate::constraints::Violations;
use crate::expression_params::{check_expression_maps, check_not_mixed, given};
use crate::invalid::Invalid;
use crate::item_write::Decision;
use crate::keys::key_from_param;
use crate::schema::KeySchema;
use crate::Engine;

/// UpdateItem's request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateItemInput {
    /// `TableName`: the table's name (or, where DynamoDB allows it, its ARN).
    pub table_name: Option<String>,
    /// `Key`: the item's primary key attributes.
    pub key: Option<Item>,
    /// `UpdateExpression`: the SET, REMOVE, ADD and DELETE actions to apply.
    pub update_expression: Option<String>,
    /// `AttributeUpdates`: the legacy per-attribute updates.
    pub attribute_updates: Option<HashMap<String, AttributeValueUpdate>>,
    /// `ConditionExpression`: what the existing item must satisfy for the write to happen.
    pub condition_expression: Option<String>,
    /// `Expected`: the legacy per-attribute write conditions.
    pub expected: Option<HashMap<String, ExpectedAttributeValue>>,
    /// `ConditionalOperator`: AND or OR, joining the legacy conditions.
    pub conditional_operator: Option<String>,
    /// `ExpressionAttributeNames`: `#name` placeholders used in the expressions.
    pub expression_attribute_names: Option<HashMap<String, String>>,
    /// `ExpressionAttributeValues`: `:value` placeholders used in the expressions.
    #[serde(
        default,
        deserialize_with = "ddb_model::value::deserialize_expression_values"
    )]
    pub expression_attribute_values: Option<HashMap<String, AttributeValue>>,
    /// `ReturnValues`: what the response carries of the item.
    pub return_values: Option<String>,
    /// `ReturnConsumedCapacity`: whether, and in what detail, the response reports capacity.
    pub return_consumed_capacity: Option<String>,
    /// `ReturnItemCollectionMetrics`: whether the response reports item collection sizes.
    pub return_item_collection_metrics: Option<String>,
    /// `ReturnValuesOnConditionCheckFailure`: whether a failed condition returns the item.
    pub return_values_on_condition_check_failure: Option<String>,
}

/// Refuses updates that touch a key attribute.
fn check_key_untouched(update: &UpdateExpression, key: &KeySchema) -> DynamoResult<()> {
    for path in update.paths() {
        if let Some(PathElement::Attr(name)) = path.elements().first() {
            if key.contains(name) {
                return Err(Invalid::KeyAttributeUpdated { name: name.clone() }.into());
            }
        }
    }
    Ok(())
}

/// The top-level paths an update touched, for UPDATED_OLD / UPDATED_NEW.
fn updated_paths(update: &UpdateExpression) -> Vec<Path> {
    update.paths().into_iter().cloned().collect()
}

/// UpdateItem: applies the update to the item with `Key` (creating it if absent), if the
/// condition holds.
pub fn update_item(engine: &Engine, input: UpdateItemInput) -> DynamoResult<WriteItemOutput> {
    let mut v = Violations::new();
    v.table_name(input.table_name.as_deref(), "tableName");
    v.require(&input.key, "key");
    v.into_result()?;
    // UpdateItem reports only the first bad enum, ReturnValues first.
    let return_values = ReturnValues::parse(input.return_values.as_deref())?;
    let capacity = ReturnCapacity::parse(input.return_consumed_capacity.as_deref())?;
    let metrics = parse_return_metrics(input.return_item_collection_metrics.as_deref())?;
    let return_on_failure =
        parse_return_on_failure(input.return_values_on_condition_check_failure.as_deref())?;
    let names = input.expression_attribute_names.as_ref();
    let values = input.expression_attribute_values.as_ref();
    let legacy_given = given(&[
        (input.attribute_updates.is_some(), "AttributeUpdates"),
        (input.expected.is_some(), "Expected"),
        (input.conditional_operator.is_some(), "ConditionalOperator"),
    ]);
    let expressions_given = given(&[
        (input.update_expression.is_some(), "UpdateExpression"),
        (input.condition_expression.is_some(), "ConditionExpression"),
    ]);
    check_not_mixed(&legacy_given, &expressions_given)?;
    check_expression_maps(names, values, !expressions_given.is_empty())?;
    let mut ctx = ExpressionContext::new(names, values);
    let update = match (&input.update_expression, &input.attribute_updates) {
        (Some(text), _) => Some(parse_update(text, &mut ctx)?),
        (None, Some(updates)) if !updates.is_empty() => {
            Some(legacy::attribute_updates_to_update(updates)?)
        }
        _ => None,
    };
    let condition = write_condition(
        input.condition_expression.as_deref(),
        input.expected.as_ref(),
        input.conditional_operator.as_deref(),
        &mut ctx,
    )?;
    ctx.check_all_used()?;
    let table_name = input.table_name.expect("checked");
    let def = engine.table(&table_name)?;
    let key_param = input.key.expect("checked");
    let key = key_from_param(&key_param, &def.key)?;
    if let Some(u) = &update {
        check_key_untouched(u, &def.key)?;
    }
    let outcome = engine.write_item(&table_name, &key, false, |def, old| {
        if let Some(c) = &condition {
            if !evaluate(c, old)? {
                return Err(condition_failed(old, return_on_failure));
            }
        }
        if old.is_none() && update.as_ref().is_some_and(UpdateExpression::only_removes) {
            return Ok(Decision::Keep);
        }
        let mut item = old.cloned().unwrap_or_else(|| key_param.clone());
        if let Some(u) = &update {
            u.apply(&mut item)?;
        }
        check_nesting(&item)?;
        if ddb_model::size::item_size(&item) > ddb_model::size::MAX_ITEM_SIZE {
            return Err(Invalid::UpdatedItemTooLarge.into());
        }
        if def.has_local_indexes() {
            let growth = ddb_model::size::item_size(&item) as i64
                - old.map(ddb_model::size::item_size).unwrap_or(0) as i64;
            engine.check_collection_limit(def, &key.hash, growth)?;
        }
        Ok(Decision::Put(item))
    })?;
    let attributes = match return_values {
        ReturnValues::None => None,
        ReturnValues::AllOld => outcome.old.clone(),
        ReturnValues::AllNew => outcome.new.clone(),
        ReturnValues::UpdatedOld => outcome
            .old
            .as_ref()
            .zip(update.as_ref())
            .map(|(o, u)| project(o, &updated_paths(u))),
        ReturnValues::UpdatedNew => outcome
            .new
            .as_ref()
            .zip(update.as_ref())
            .map(|(n, u)| project(n, &updated_paths(u))),
    };
    Ok(WriteItemOutput {
        attributes: attributes.filter(|a| !a.is_empty()),
        consumed_capacity: outcome.consumption.report(capacity),
        item_collection_metrics: if metrics {
            engine.collection_metrics(&def, &key.hash)?
        } else {
            None
        },
    })
}
