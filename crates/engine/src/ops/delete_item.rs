//! DeleteItem.

use std::collections::HashMap;

use serde::Deserialize;

use ddb_expr::evaluate;
use ddb_expr::legacy::ExpectedAttributeValue;
use ddb_model::{AttributeValue, DynamoResult, Item};

use crate::conditional_write::*;
use crate::constraints::Violations;
use crate::item_write::Decision;
use crate::keys::key_from_param;
use crate::Engine;

/// DeleteItem's request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteItemInput {
    /// `TableName`: the table's name (or, where DynamoDB allows it, its ARN).
    pub table_name: Option<String>,
    /// `Key`: the item's primary key attributes.
    pub key: Option<Item>,
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

/// DeleteItem: deletes the item with `Key`, if the condition holds.
pub fn delete_item(engine: &Engine, input: DeleteItemInput) -> DynamoResult<WriteItemOutput> {
    let mut v = Violations::new();
    v.table_name(input.table_name.as_deref(), "tableName");
    v.require(&input.key, "key");
    v.into_result()?;
    let options = ConditionalWrite {
        condition_expression: input.condition_expression.as_deref(),
        expected: input.expected.as_ref(),
        conditional_operator: input.conditional_operator.as_deref(),
        names: input.expression_attribute_names.as_ref(),
        values: input.expression_attribute_values.as_ref(),
        return_values: input.return_values.as_deref(),
        return_consumed_capacity: input.return_consumed_capacity.as_deref(),
        return_item_collection_metrics: input.return_item_collection_metrics.as_deref(),
        return_values_on_condition_check_failure: input
            .return_values_on_condition_check_failure
            .as_deref(),
    }
    .parse()?;
    let WriteOptions {
        condition,
        return_values,
        capacity,
        metrics,
        return_on_failure,
    } = options;
    let table_name = input.table_name.expect("checked");
    let def = engine.table(&table_name)?;
    let key = key_from_param(input.key.as_ref().expect("checked"), &def.key)?;
    let outcome = engine.write_item(&table_name, &key, false, |_, old| {
        if let Some(c) = &condition {
            if !evaluate(c, old)? {
                return Err(condition_failed(old, return_on_failure));
            }
        }
        Ok(if old.is_some() {
            Decision::Delete
        } else {
            Decision::Keep
        })
    })?;
    Ok(WriteItemOutput {
        attributes: if return_values == ReturnValues::AllOld {
            outcome.old
        } else {
            None
        },
        consumed_capacity: outcome.consumption.report(capacity),
        item_collection_metrics: if metrics {
            engine.collection_metrics(&def, &key.hash)?
        } else {
            None
        },
    })
}
