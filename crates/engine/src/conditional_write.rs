//! What PutItem, UpdateItem and DeleteItem (and their transactional forms) share: the write
//! condition (`ConditionExpression` or legacy `Expected`), `ReturnValues` and the other return
//! options, the item's nesting limit, and ConditionalCheckFailedException.

use std::collections::HashMap;

use ddb_expr::legacy::{self, ExpectedAttributeValue};
use ddb_expr::{evaluate, parse_condition, Condition, ExpressionContext, ExpressionKind};
use ddb_model::{AttributeValue, DynamoError, DynamoResult, Item};
use ddb_wire::valid;
use ddb_wire::validate::{Path, Violations};

use crate::capacity::ReturnCapacity;
use crate::expression_params::{
    check_expression_maps, check_not_mixed, check_operator_has_conditions, conditional_operator,
    given,
};
use crate::invalid::Invalid;

/// The `ReturnValues` parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReturnValues {
    /// `NONE`: nothing (the default).
    #[default]
    None,
    /// `ALL_OLD`: the whole item as it was before the write.
    AllOld,
    /// `UPDATED_OLD`: the updated attributes as they were before.
    UpdatedOld,
    /// `ALL_NEW`: the whole item as written.
    AllNew,
    /// `UPDATED_NEW`: the updated attributes as written.
    UpdatedNew,
}

impl From<Option<valid::ReturnValue>> for ReturnValues {
    fn from(v: Option<valid::ReturnValue>) -> Self {
        match v {
            None | Some(valid::ReturnValue::None) => ReturnValues::None,
            Some(valid::ReturnValue::AllOld) => ReturnValues::AllOld,
            Some(valid::ReturnValue::UpdatedOld) => ReturnValues::UpdatedOld,
            Some(valid::ReturnValue::AllNew) => ReturnValues::AllNew,
            Some(valid::ReturnValue::UpdatedNew) => ReturnValues::UpdatedNew,
        }
    }
}

impl ReturnValues {
    /// PutItem and DeleteItem accept only NONE and ALL_OLD.
    pub fn old_only(v: Option<valid::ReturnValue>) -> DynamoResult<ReturnValues> {
        match ReturnValues::from(v) {
            r @ (ReturnValues::None | ReturnValues::AllOld) => Ok(r),
            _ => Err(Invalid::ReturnValuesOldOnly.into()),
        }
    }
}

/// DynamoDB reports a bad or missing `TableName` (with a missing `Key` or `Item`, named by
/// `target`) alone, before the request's other constraints (PutItem, DeleteItem, UpdateItem;
/// AWS, docs/research/dynamodb-messages.md §2.3). The generated validation lists them with the
/// rest, so the operations check these first until the generator does.
pub fn check_table_and_target_first(
    table_name: Option<&str>,
    target_given: bool,
    target: &'static str,
) -> DynamoResult<()> {
    let mut v = Violations::default();
    let at = Path::Field(&Path::Root, "tableName");
    match table_name {
        None => v.null(&at),
        Some(name) => v.table_name(name, &at),
    }
    if !target_given {
        v.null(&Path::Field(&Path::Root, target));
    }
    if v.is_empty() {
        Ok(())
    } else {
        Err(v.into())
    }
}

/// `ReturnValuesOnConditionCheckFailure`: whether a failed condition returns the item.
pub fn returns_item_on_failure(v: Option<valid::ReturnValuesOnConditionCheckFailure>) -> bool {
    v == Some(valid::ReturnValuesOnConditionCheckFailure::AllOld)
}

/// `ReturnItemCollectionMetrics`: whether to report the item collection's size.
pub fn wants_collection_metrics(v: Option<valid::ReturnItemCollectionMetrics>) -> bool {
    v == Some(valid::ReturnItemCollectionMetrics::Size)
}

/// `Expected` as the legacy translation takes it (the operator as its wire name).
fn legacy_expected(
    expected: HashMap<String, valid::ExpectedAttributeValue>,
) -> HashMap<String, ExpectedAttributeValue> {
    expected
        .into_iter()
        .map(|(name, e)| {
            let e = ExpectedAttributeValue {
                value: e.value,
                exists: e.exists,
                comparison_operator: e.comparison_operator.map(|op| op.as_str().to_string()),
                attribute_value_list: e.attribute_value_list,
            };
            (name, e)
        })
        .collect()
}

/// The write condition from `ConditionExpression` or the legacy `Expected`.
pub fn write_condition(
    expression: Option<&str>,
    expected: Option<HashMap<String, valid::ExpectedAttributeValue>>,
    operator: Option<valid::ConditionalOperator>,
    ctx: &mut ExpressionContext,
) -> DynamoResult<Option<Condition>> {
    let op = conditional_operator(operator);
    if let Some(text) = expression {
        return Ok(Some(parse_condition(text, ExpressionKind::Condition, ctx)?));
    }
    if op.is_some() {
        check_operator_has_conditions(expected.as_ref().map(HashMap::len))?;
    }
    match expected {
        // The legacy condition's faults are in the expression family: enveloped where the
        // operation envelopes it (paritysuite error-messages putItem/deleteItem, run against
        // AWS in 2026: `1 validation error detected: One or more parameter values were invalid:
        // Value must be provided when Exists is true for Attribute: a`).
        Some(expected) if !expected.is_empty() => {
            legacy::expected_to_condition(&legacy_expected(expected), op)
                .map(Some)
                .map_err(|e| match e.family {
                    None if e.kind == ddb_model::ErrorKind::Validation => {
                        e.in_family(ddb_model::MessageFamily::Expression)
                    }
                    _ => e,
                })
        }
        _ => Ok(None),
    }
}

/// Most levels of nesting DynamoDB stores, counting the item itself as one.
pub const MAX_NESTING: usize = 32;

/// Checks an item's attribute names, then its nesting: the item, its top-level attribute and
/// the lists and maps within must be at most 32 levels deep. An empty name is reported before
/// the nesting, wherever the two sit in the item (the conformance suite run against AWS,
/// paritysuite/dynamodb-conformance validation-ordering, 2026).
pub fn check_nesting(item: &Item) -> DynamoResult<()> {
    for name in item.keys() {
        ddb_model::size::check_attribute_name(name)?;
    }
    check_depth(item)
}

/// Checks the nesting of an item's values alone (a key's, whose names its schema checks).
pub fn check_depth(item: &Item) -> DynamoResult<()> {
    if item.values().any(|v| 1 + v.depth() > MAX_NESTING) {
        return Err(Invalid::NestingTooDeep.into());
    }
    Ok(())
}

/// Whether a write may go ahead: ConditionalCheckFailedException (carrying the current item
/// when `return_item`) unless `condition` holds of `old`.
pub fn check_condition(
    condition: Option<&Condition>,
    old: Option<&Item>,
    return_item: bool,
) -> DynamoResult<()> {
    match condition {
        Some(c) if !evaluate(c, old)? => Err(condition_failed(old, return_item)),
        _ => Ok(()),
    }
}

/// ConditionalCheckFailedException, carrying the item when the caller asked for it.
pub fn condition_failed(old: Option<&Item>, return_item: bool) -> DynamoError {
    let mut e = DynamoError::new(
        ddb_model::ErrorKind::ConditionalCheckFailed,
        "The conditional request failed",
    );
    if return_item {
        e.item = old.cloned();
    }
    e
}

/// The condition and return options PutItem and DeleteItem share, from either validated
/// input.
pub struct ConditionalWrite<'a> {
    /// `ConditionExpression`.
    pub condition_expression: Option<&'a str>,
    /// `Expected`: the legacy form of the condition.
    pub expected: Option<HashMap<String, valid::ExpectedAttributeValue>>,
    /// `ConditionalOperator`: how `Expected`'s conditions combine.
    pub conditional_operator: Option<valid::ConditionalOperator>,
    /// `ExpressionAttributeNames`.
    pub names: Option<&'a HashMap<String, String>>,
    /// `ExpressionAttributeValues`.
    pub values: Option<&'a HashMap<String, AttributeValue>>,
    /// `ReturnValues`.
    pub return_values: Option<valid::ReturnValue>,
    /// `ReturnConsumedCapacity`.
    pub return_consumed_capacity: Option<valid::ReturnConsumedCapacity>,
    /// `ReturnItemCollectionMetrics`.
    pub return_item_collection_metrics: Option<valid::ReturnItemCollectionMetrics>,
    /// `ReturnValuesOnConditionCheckFailure`.
    pub return_values_on_condition_check_failure:
        Option<valid::ReturnValuesOnConditionCheckFailure>,
}

/// A write's legacy condition (`Expected`, `ConditionalOperator`) is not given beside its
/// `ConditionExpression`.
pub fn check_condition_not_mixed(
    expected: bool,
    conditional_operator: bool,
    condition_expression: bool,
) -> DynamoResult<()> {
    check_not_mixed(
        &given(&[
            (expected, "Expected"),
            (conditional_operator, "ConditionalOperator"),
        ]),
        &given(&[(condition_expression, "ConditionExpression")]),
    )
}

/// A [`ConditionalWrite`] checked and parsed.
pub struct WriteOptions {
    /// The condition the current item must meet, if any.
    pub condition: Option<Condition>,
    /// What the response carries of the item.
    pub return_values: ReturnValues,
    /// How much consumed capacity the response reports.
    pub capacity: ReturnCapacity,
    /// Whether the response reports the item collection's size.
    pub metrics: bool,
    /// Whether a failed condition returns the current item.
    pub return_on_failure: bool,
}

impl ConditionalWrite<'_> {
    /// Checks the options in DynamoDB's order (after the request's constraints): ReturnValues
    /// may only be NONE or ALL_OLD, then the legacy and expression parameters.
    pub fn parse(self) -> DynamoResult<WriteOptions> {
        let return_values = ReturnValues::old_only(self.return_values)?;
        check_condition_not_mixed(
            self.expected.is_some(),
            self.conditional_operator.is_some(),
            self.condition_expression.is_some(),
        )?;
        check_expression_maps(self.names, self.values, self.condition_expression.is_some())?;
        let mut ctx = ExpressionContext::new(self.names, self.values);
        let condition = write_condition(
            self.condition_expression,
            self.expected,
            self.conditional_operator,
            &mut ctx,
        )?;
        ctx.check_all_used()?;
        Ok(WriteOptions {
            condition,
            return_values,
            capacity: self.return_consumed_capacity.into(),
            metrics: wants_collection_metrics(self.return_item_collection_metrics),
            return_on_failure: returns_item_on_failure(
                self.return_values_on_condition_check_failure,
            ),
        })
    }
}
