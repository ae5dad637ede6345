//! The parameters Query and Scan share and check alike before either reads: legacy and
//! expression parameters, placeholder maps, AttributesToGet, the starting key and the filter.

use std::collections::HashMap;

use ddb_expr::legacy::{self, ConditionalOperator};
use ddb_expr::{parse_condition, Condition, ExpressionContext, ExpressionKind};
use ddb_model::value::StartKeyParam;
use ddb_model::{AttributeValue, DynamoResult, Item};

use crate::expression_params::{
    check_map_contents, check_maps_need_expressions, check_not_mixed, check_operator_has_conditions,
};
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
