//! What PutItem, UpdateItem and DeleteItem (and their transactional forms) share: the write
//! condition (`ConditionExpression` or legacy `Expected`), `ReturnValues` and the other return
//! options, the item's nesting limit, ConditionalCheckFailedException, and the response.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

use ddb_expr::legacy::{self, ExpectedAttributeValue};
use ddb_expr::{parse_condition, Condition, ExpressionContext, ExpressionKind};
use ddb_model::{AttributeValue, DynamoError, DynamoResult, Item};

use crate::capacity::ConsumedCapacity;
use crate::constraints::Violations;
use crate::expression_params::{
    check_expression_maps, check_not_mixed, check_operator_has_conditions, given,
    parse_conditional_operator,
};
use crate::invalid::{Invalid, RETURN_VALUES_ENUM};

/// The response of PutItem, DeleteItem and UpdateItem.
#[derive(Debug, Serialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct WriteItemOutput {
    /// The item before or after the write, as `ReturnValues` asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Item>,
    /// What the write consumed, when asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consumed_capacity: Option<ConsumedCapacity>,
    /// The item collection's size, when asked on a table with local indexes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_collection_metrics: Option<Value>,
}

/// The `ReturnValues` parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnValues {
    /// `NONE`: nothing (the default).
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

impl ReturnValues {
    fn from_wire(v: Option<&str>) -> Option<ReturnValues> {
        Some(match v {
            None | Some("NONE") => ReturnValues::None,
            Some("ALL_OLD") => ReturnValues::AllOld,
            Some("UPDATED_OLD") => ReturnValues::UpdatedOld,
            Some("ALL_NEW") => ReturnValues::AllNew,
            Some("UPDATED_NEW") => ReturnValues::UpdatedNew,
            Some(_) => return None,
        })
    }

    /// Notes a ReturnValues outside the enum.
    pub fn check(v: Option<&str>, violations: &mut Violations) {
        if ReturnValues::from_wire(v).is_none() {
            violations.push_raw(RETURN_VALUES_ENUM);
        }
    }

    /// The parameter, or DynamoDB's error for a value outside the enum.
    pub fn parse(v: Option<&str>) -> DynamoResult<ReturnValues> {
        ReturnValues::from_wire(v).ok_or_else(|| Invalid::ReturnValuesNotInEnum.into())
    }

    /// PutItem and DeleteItem accept only NONE and ALL_OLD.
    pub fn parse_old_only(v: Option<&str>) -> DynamoResult<ReturnValues> {
        match ReturnValues::parse(v)? {
            r @ (ReturnValues::None | ReturnValues::AllOld) => Ok(r),
            _ => Err(Invalid::ReturnValuesOldOnly.into()),
        }
    }
}

/// The enum parameters of PutItem and DeleteItem, all reported together as DynamoDB does.
pub fn check_write_enums(
    return_capacity: Option<&str>,
    return_values: Option<&str>,
    return_metrics: Option<&str>,
) -> DynamoResult<()> {
    let mut v = Violations::new();
    v.one_of(
        return_capacity,
        "returnConsumedCapacity",
        &["INDEXES", "TOTAL", "NONE"],
    );
    ReturnValues::check(return_values, &mut v);
    v.one_of(
        return_metrics,
        "returnItemCollectionMetrics",
        &["SIZE", "NONE"],
    );
    v.into_result()
}

/// `ReturnValuesOnConditionCheckFailure`, validated: whether a failed condition returns the
/// item (ALL_OLD) or not (NONE, the default).
pub fn returns_item_on_failure(v: Option<ddb_wire::ReturnValuesOnConditionCheckFailure>) -> bool {
    v == Some(ddb_wire::ReturnValuesOnConditionCheckFailure::AllOld)
}

/// `ReturnValuesOnConditionCheckFailure`: whether a failed condition returns the item.
pub fn parse_return_on_failure(v: Option<&str>) -> DynamoResult<bool> {
    match v {
        None | Some("NONE") => Ok(false),
        Some("ALL_OLD") => Ok(true),
        Some(other) => Err(Invalid::NotInEnum {
            value: other.to_string(),
            at: "returnValuesOnConditionCheckFailure",
            allowed: &["ALL_OLD", "NONE"],
        }
        .into()),
    }
}

/// `ReturnItemCollectionMetrics`: whether to report the item collection's size.
pub fn parse_return_metrics(v: Option<&str>) -> DynamoResult<bool> {
    match v {
        None | Some("NONE") => Ok(false),
        Some("SIZE") => Ok(true),
        Some(other) => Err(Invalid::NotInEnum {
            value: other.to_string(),
            at: "returnItemCollectionMetrics",
            allowed: &["SIZE", "NONE"],
        }
        .into()),
    }
}

/// The write condition from `ConditionExpression` or the legacy `Expected`.
pub fn write_condition(
    expression: Option<&str>,
    expected: Option<&HashMap<String, ExpectedAttributeValue>>,
    operator: Option<&str>,
    ctx: &mut ExpressionContext,
) -> DynamoResult<Option<Condition>> {
    let op = parse_conditional_operator(operator)?;
    if let Some(text) = expression {
        return Ok(Some(parse_condition(text, ExpressionKind::Condition, ctx)?));
    }
    if op.is_some() {
        check_operator_has_conditions(expected.map(HashMap::len))?;
    }
    match expected {
        Some(expected) if !expected.is_empty() => {
            Ok(Some(legacy::expected_to_condition(expected, op)?))
        }
        _ => Ok(None),
    }
}

/// Most levels of nesting DynamoDB stores, counting the item itself as one.
pub const MAX_NESTING: usize = 32;

/// Checks an item's nesting: the item, its top-level attribute and the lists and maps within
/// must be at most 32 levels deep.
pub fn check_nesting(item: &Item) -> DynamoResult<()> {
    if item.values().any(|v| 1 + v.depth() > MAX_NESTING) {
        return Err(Invalid::NestingTooDeep.into());
    }
    Ok(())
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

/// The condition and return options PutItem and DeleteItem share, borrowed from either input.
pub struct ConditionalWrite<'a> {
    /// `ConditionExpression`.
    pub condition_expression: Option<&'a str>,
    /// `Expected`: the legacy form of the condition.
    pub expected: Option<&'a HashMap<String, ExpectedAttributeValue>>,
    /// `ConditionalOperator`: how `Expected`'s conditions combine.
    pub conditional_operator: Option<&'a str>,
    /// `ExpressionAttributeNames`.
    pub names: Option<&'a HashMap<String, String>>,
    /// `ExpressionAttributeValues`.
    pub values: Option<&'a HashMap<String, AttributeValue>>,
    /// `ReturnValues`.
    pub return_values: Option<&'a str>,
    /// `ReturnConsumedCapacity`.
    pub return_consumed_capacity: Option<&'a str>,
    /// `ReturnItemCollectionMetrics`.
    pub return_item_collection_metrics: Option<&'a str>,
    /// `ReturnValuesOnConditionCheckFailure`.
    pub return_values_on_condition_check_failure: Option<&'a str>,
}

/// A [`ConditionalWrite`] checked and parsed.
pub struct WriteOptions {
    /// The condition the current item must meet, if any.
    pub condition: Option<Condition>,
    /// What the response carries of the item.
    pub return_values: ReturnValues,
    /// How much consumed capacity the response reports.
    pub capacity: crate::capacity::ReturnCapacity,
    /// Whether the response reports the item collection's size.
    pub metrics: bool,
    /// Whether a failed condition returns the current item.
    pub return_on_failure: bool,
}

impl ConditionalWrite<'_> {
    /// Checks the options in DynamoDB's order; ReturnValues may only be NONE or ALL_OLD.
    pub fn parse(self) -> DynamoResult<WriteOptions> {
        check_write_enums(
            self.return_consumed_capacity,
            self.return_values,
            self.return_item_collection_metrics,
        )?;
        let return_values = ReturnValues::parse_old_only(self.return_values)?;
        let capacity = crate::capacity::ReturnCapacity::parse(self.return_consumed_capacity)?;
        let metrics = parse_return_metrics(self.return_item_collection_metrics)?;
        let return_on_failure =
            parse_return_on_failure(self.return_values_on_condition_check_failure)?;
        check_not_mixed(
            &given(&[
                (self.expected.is_some(), "Expected"),
                (self.conditional_operator.is_some(), "ConditionalOperator"),
            ]),
            &given(&[(self.condition_expression.is_some(), "ConditionExpression")]),
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
            capacity,
            metrics,
            return_on_failure,
        })
    }
}
