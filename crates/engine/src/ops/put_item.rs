//! PutItem.

use std::collections::HashMap;

use serde::Deserialize;

use ddb_expr::evaluate;
use ddb_expr::legacy::ExpectedAttributeValue;
use ddb_model::{AttributeValue, DynamoResult, Item};

use crate::conditional_write::*;
use crate::constraints::Violations;
use crate::item_write::{check_item_size, Decision};
use crate::keys::key_of_new_item;
use crate::Engine;

/// PutItem's request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutItemInput {
    /// `TableName`: the table's name (or, where DynamoDB allows it, its ARN).
    pub table_name: Option<String>,
    /// `Item`: the whole item to write, key attributes included.
    pub item: Option<Item>,
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

/// PutItem: writes the item, replacing any with its key, if the condition holds.
pub fn put_item(engine: &Engine, input: PutItemInput) -> DynamoResult<WriteItemOutput> {
    let mut v = Violations::new();
    v.table_name(input.table_name.as_deref(), "tableName");
    v.require(&input.item, "item");
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
    let item = input.item.expect("checked");
    // The item's own limits come before the table lookup, as in DynamoDB.
    check_nesting(&item)?;
    check_item_size(&item)?;
    let table_name = input.table_name.expect("checked");
    let def = engine.table(&table_name)?;
    let key = key_of_new_item(&item, &def.key)?;
    let outcome = engine.write_item(&table_name, &key, false, |def, old| {
        if let Some(c) = &condition {
            if !evaluate(c, old)? {
                return Err(condition_failed(old, return_on_failure));
            }
        }
        if def.has_local_indexes() {
            let growth = ddb_model::size::item_size(&item) as i64
                - old.map(ddb_model::size::item_size).unwrap_or(0) as i64;
            engine.check_collection_limit(def, &key.hash, growth)?;
        }
        Ok(Decision::Put(item))
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
