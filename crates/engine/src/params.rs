//! Request parameters several operations share: ReturnValues, the expression attribute maps,
//! and the choice between an expression and its legacy counterpart.

use std::collections::HashMap;

use ddb_expr::legacy::{self, ConditionalOperator, ExpectedAttributeValue};
use ddb_expr::{parse_condition, Condition, ExpressionContext, ExpressionKind};
use ddb_model::value::StartKeyParam;
use ddb_model::{AttributeValue, DynamoError, DynamoResult, Item};

use crate::constraints::Violations;
use crate::ops::get_item::check_unique_attributes;

/// The `ReturnValues` parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnValues {
    None,
    AllOld,
    UpdatedOld,
    AllNew,
    UpdatedNew,
}

/// DynamoDB words the ReturnValues enum violation without the value, and spells one member
/// UPDATE_NEW.
const MSG_RETURN_VALUES_ENUM: &str =
    "Failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATE_NEW, NONE]";

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
            violations.push_raw(MSG_RETURN_VALUES_ENUM);
        }
    }

    /// The parameter, or DynamoDB's error for a value outside the enum.
    pub fn parse(v: Option<&str>) -> DynamoResult<ReturnValues> {
        ReturnValues::from_wire(v).ok_or_else(|| {
            DynamoError::validation(format!(
                "1 validation error detected: {MSG_RETURN_VALUES_ENUM}"
            ))
        })
    }

    /// PutItem and DeleteItem accept only NONE and ALL_OLD.
    pub fn parse_old_only(v: Option<&str>) -> DynamoResult<ReturnValues> {
        match ReturnValues::parse(v)? {
            r @ (ReturnValues::None | ReturnValues::AllOld) => Ok(r),
            _ => Err(DynamoError::validation(
                "ReturnValues can only be ALL_OLD or NONE",
            )),
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

/// `ReturnValuesOnConditionCheckFailure`: whether a failed condition returns the item.
pub fn parse_return_on_failure(v: Option<&str>) -> DynamoResult<bool> {
    match v {
        None | Some("NONE") => Ok(false),
        Some("ALL_OLD") => Ok(true),
        Some(other) => Err(DynamoError::validation(format!(
            "1 validation error detected: Value '{other}' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]"
        ))),
    }
}

/// `ReturnItemCollectionMetrics`: whether to report the item collection's size.
pub fn parse_return_metrics(v: Option<&str>) -> DynamoResult<bool> {
    match v {
        None | Some("NONE") => Ok(false),
        Some("SIZE") => Ok(true),
        Some(other) => Err(DynamoError::validation(format!(
            "1 validation error detected: Value '{other}' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]"
        ))),
    }
}

/// Parses `ConditionalOperator`.
pub fn parse_conditional_operator(v: Option<&str>) -> DynamoResult<Option<ConditionalOperator>> {
    match v {
        None => Ok(None),
        Some("AND") => Ok(Some(ConditionalOperator::And)),
        Some("OR") => Ok(Some(ConditionalOperator::Or)),
        Some(other) => Err(DynamoError::validation(format!(
            "1 validation error detected: Value '{other}' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]"
        ))),
    }
}

/// Checks the expression attribute maps against whether any expression was given.
pub fn check_expression_maps(
    names: Option<&HashMap<String, String>>,
    values: Option<&HashMap<String, AttributeValue>>,
    any_expression: bool,
) -> DynamoResult<()> {
    check_maps_need_expressions(names, values, any_expression)?;
    check_map_contents(names, values)
}

/// The placeholder maps are only allowed beside an expression.
fn check_maps_need_expressions(
    names: Option<&HashMap<String, String>>,
    values: Option<&HashMap<String, AttributeValue>>,
    any_expression: bool,
) -> DynamoResult<()> {
    if !any_expression {
        if names.is_some() {
            return Err(DynamoError::validation(
                "ExpressionAttributeNames can only be specified when using expressions",
            ));
        }
        if values.is_some() {
            return Err(DynamoError::validation(
                "ExpressionAttributeValues can only be specified when using expressions",
            ));
        }
    }
    Ok(())
}

/// The placeholder maps are not empty and their keys are well formed.
fn check_map_contents(
    names: Option<&HashMap<String, String>>,
    values: Option<&HashMap<String, AttributeValue>>,
) -> DynamoResult<()> {
    if names.is_some_and(HashMap::is_empty) {
        return Err(DynamoError::validation(
            "ExpressionAttributeNames must not be empty",
        ));
    }
    check_placeholder_keys(names.map(HashMap::keys), '#', "ExpressionAttributeNames")?;
    if values.is_some_and(HashMap::is_empty) {
        return Err(DynamoError::validation(
            "ExpressionAttributeValues must not be empty",
        ));
    }
    check_placeholder_keys(values.map(HashMap::keys), ':', "ExpressionAttributeValues")
}

/// Every key of a placeholder map is its sigil followed by one or more of `[0-9a-zA-Z_]`.
fn check_placeholder_keys<'k>(
    keys: Option<impl Iterator<Item = &'k String>>,
    sigil: char,
    parameter: &str,
) -> DynamoResult<()> {
    let is_valid = |key: &str| {
        key.strip_prefix(sigil).is_some_and(|rest| {
            !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
    };
    // The smallest offender is named, so the answer does not depend on hash order.
    let invalid = keys.into_iter().flatten().filter(|k| !is_valid(k)).min();
    match invalid {
        Some(key) => Err(DynamoError::validation(format!(
            "{parameter} contains invalid key: Syntax error; key: \"{key}\""
        ))),
        None => Ok(()),
    }
}

/// The legacy and expression parameters a Query or Scan was given, by name.
pub struct GivenParams<'a> {
    pub legacy: &'a [&'static str],
    pub expressions: &'a [&'static str],
}

/// The checks Query and Scan make before they parse expressions, in DynamoDB's order: mixed
/// legacy and expression parameters, placeholder maps without expressions, duplicate
/// AttributesToGet, the starting key's values, then the maps' contents. Returns the starting
/// key.
pub fn check_paged_read_params(
    given: GivenParams<'_>,
    names: Option<&HashMap<String, String>>,
    values: Option<&HashMap<String, AttributeValue>>,
    attributes_to_get: Option<&[String]>,
    start_key: Option<&StartKeyParam>,
) -> DynamoResult<Option<Item>> {
    check_not_mixed(given.legacy, given.expressions)?;
    check_maps_need_expressions(names, values, !given.expressions.is_empty())?;
    if let Some(a) = attributes_to_get {
        check_unique_attributes(a)?;
    }
    let start_item = start_key.map(StartKeyParam::item).transpose()?;
    check_map_contents(names, values)?;
    Ok(start_item)
}

/// The read filter from `FilterExpression` or the legacy `QueryFilter`/`ScanFilter` (an empty
/// legacy filter is no filter).
pub fn read_filter(
    expression: Option<&str>,
    legacy_filter: Option<&HashMap<String, legacy::LegacyCondition>>,
    op: Option<ConditionalOperator>,
    ctx: &mut ExpressionContext,
) -> DynamoResult<Option<Condition>> {
    if op.is_some() && expression.is_none() {
        check_operator_has_conditions(legacy_filter.map(HashMap::len))?;
    }
    match (expression, legacy_filter) {
        (Some(text), _) => Ok(Some(parse_condition(text, ExpressionKind::Filter, ctx)?)),
        (None, Some(f)) if !f.is_empty() => Ok(Some(legacy::filter_to_condition(f, op)?)),
        _ => Ok(None),
    }
}

/// A ConditionalOperator needs conditions to combine: DynamoDB refuses it without a legacy
/// filter or Expected, and with an empty one (wording as Amazon's DAX client validates it).
fn check_operator_has_conditions(conditions: Option<usize>) -> DynamoResult<()> {
    match conditions {
        None => Err(DynamoError::validation(
            "ConditionalOperator cannot be used without Filter or Expected",
        )),
        Some(0) => Err(DynamoError::validation(
            "ConditionalOperator can only be used when Filter or Expected has two or more elements",
        )),
        Some(_) => Ok(()),
    }
}

/// DynamoDB's error for mixing expression and legacy parameters.
pub fn check_not_mixed(non_expression: &[&str], expression: &[&str]) -> DynamoResult<()> {
    if non_expression.is_empty() || expression.is_empty() {
        return Ok(());
    }
    Err(DynamoError::validation(format!(
        "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {{{}}} Expression parameters: {{{}}}",
        non_expression.join(", "),
        expression.join(", ")
    )))
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
        return Err(DynamoError::validation(
            "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit",
        ));
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

/// The names of the parameters a request gave, from `(given, name)` pairs.
pub fn given(params: &[(bool, &'static str)]) -> Vec<&'static str> {
    params.iter().filter(|(g, _)| *g).map(|(_, n)| *n).collect()
}

/// The condition and return options PutItem and DeleteItem share, borrowed from either input.
pub struct ConditionalWrite<'a> {
    pub condition_expression: Option<&'a str>,
    pub expected: Option<&'a HashMap<String, ExpectedAttributeValue>>,
    pub conditional_operator: Option<&'a str>,
    pub names: Option<&'a HashMap<String, String>>,
    pub values: Option<&'a HashMap<String, AttributeValue>>,
    pub return_values: Option<&'a str>,
    pub return_consumed_capacity: Option<&'a str>,
    pub return_item_collection_metrics: Option<&'a str>,
    pub return_values_on_condition_check_failure: Option<&'a str>,
}

/// A [`ConditionalWrite`] checked and parsed.
pub struct WriteOptions {
    pub condition: Option<Condition>,
    pub return_values: ReturnValues,
    pub capacity: crate::capacity::ReturnCapacity,
    pub metrics: bool,
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
