//! The parameters Query and Scan share and check alike before either reads: legacy and
//! expression parameters, placeholder maps, AttributesToGet, the starting key and the filter.

use std::collections::HashMap;

use ddb_expr::legacy::{self, LegacyCondition};
use ddb_expr::{parse_condition, Condition, ExpressionContext, ExpressionKind};
use ddb_model::{AttributeValue, DynamoResult, Item};
use ddb_wire::{valid, StartKey};

use crate::expression_params::{
    check_map_contents, check_maps_need_expressions, check_not_mixed,
    check_operator_has_conditions, conditional_operator,
};
use crate::invalid::Invalid;
use crate::projection::check_unique_attributes;

/// The legacy and expression parameters a Query or Scan was given, by name.
pub struct GivenParams<'a> {
    /// The legacy parameters given (`AttributesToGet`, `KeyConditions`, ...).
    pub legacy: &'a [&'static str],
    /// The expression parameters given (`ProjectionExpression`, `FilterExpression`, ...).
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
    start_key: Option<StartKey>,
) -> DynamoResult<Option<Item>> {
    check_not_mixed(given.legacy, given.expressions)?;
    check_maps_need_expressions(names, values, !given.expressions.is_empty())?;
    if let Some(a) = attributes_to_get {
        check_unique_attributes(a)?;
    }
    let start_item = start_key.map(start_key_item).transpose()?;
    check_map_contents(names, values)?;
    Ok(start_item)
}

/// The starting key, or DynamoDB's error for a bad value in it: a fault of a value's shape
/// makes "an invalid starting key"; the others are reported as for any attribute value.
fn start_key_item(start_key: StartKey) -> DynamoResult<Item> {
    start_key.0.map_err(|fault| {
        if fault.is_shape_fault() {
            Invalid::StartKeyValue(fault).into()
        } else {
            Invalid::AttributeValue(fault).into()
        }
    })
}

/// `QueryFilter`, `ScanFilter` or `KeyConditions` in the form the expression crate translates.
pub fn legacy_conditions(
    conditions: Option<HashMap<String, valid::Condition>>,
) -> Option<HashMap<String, LegacyCondition>> {
    conditions.map(|map| {
        map.into_iter()
            .map(|(name, c)| {
                let condition = LegacyCondition {
                    attribute_value_list: c.attribute_value_list,
                    comparison_operator: Some(c.comparison_operator.as_str().to_string()),
                };
                (name, condition)
            })
            .collect()
    })
}

/// The read filter from `FilterExpression` or the legacy `QueryFilter`/`ScanFilter` combined
/// by `ConditionalOperator` (an empty legacy filter is no filter).
pub fn read_filter(
    expression: Option<&str>,
    legacy_filter: Option<HashMap<String, valid::Condition>>,
    operator: Option<ddb_wire::ConditionalOperator>,
    ctx: &mut ExpressionContext,
) -> DynamoResult<Option<Condition>> {
    let op = conditional_operator(operator);
    let legacy_filter = legacy_conditions(legacy_filter);
    if op.is_some() && expression.is_none() {
        check_operator_has_conditions(legacy_filter.as_ref().map(HashMap::len))?;
    }
    match (expression, legacy_filter) {
        (Some(text), _) => Ok(Some(parse_condition(text, ExpressionKind::Filter, ctx)?)),
        (None, Some(f)) if !f.is_empty() => Ok(Some(legacy::filter_to_condition(&f, op)?)),
        _ => Ok(None),
    }
}
