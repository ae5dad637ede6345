//! The expression parameters every operation shares: the placeholder maps
//! (`ExpressionAttributeNames`, `ExpressionAttributeValues`), the legacy `ConditionalOperator`,
//! and the rule that an expression and its legacy counterpart are never given together.

use std::collections::HashMap;

use ddb_expr::legacy::ConditionalOperator;
use ddb_model::{AttributeValue, DynamoResult};

use crate::conditional_write::MAX_NESTING;
use crate::invalid::Invalid;

/// `ConditionalOperator` as the legacy translations take it.
pub fn conditional_operator(
    op: Option<ddb_wire::ConditionalOperator>,
) -> Option<ConditionalOperator> {
    op.map(|op| match op {
        ddb_wire::ConditionalOperator::And => ConditionalOperator::And,
        ddb_wire::ConditionalOperator::Or => ConditionalOperator::Or,
    })
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
pub fn check_maps_need_expressions(
    names: Option<&HashMap<String, String>>,
    values: Option<&HashMap<String, AttributeValue>>,
    any_expression: bool,
) -> DynamoResult<()> {
    if !any_expression {
        if names.is_some() {
            return Err(Invalid::MapWithoutExpression {
                parameter: "ExpressionAttributeNames",
            }
            .into());
        }
        if values.is_some() {
            return Err(Invalid::MapWithoutExpression {
                parameter: "ExpressionAttributeValues",
            }
            .into());
        }
    }
    Ok(())
}

/// The placeholder maps are not empty and their keys are well formed.
pub fn check_map_contents(
    names: Option<&HashMap<String, String>>,
    values: Option<&HashMap<String, AttributeValue>>,
) -> DynamoResult<()> {
    if names.is_some_and(HashMap::is_empty) {
        return Err(Invalid::EmptyExpressionMap {
            parameter: "ExpressionAttributeNames",
        }
        .into());
    }
    check_placeholder_keys(names.map(HashMap::keys), '#', "ExpressionAttributeNames")?;
    // A name mapped to "" (an AWS capture in ExtendDB's suite, tests of placeholder map
    // entries: `ExpressionAttributeNames contains invalid value: Empty attribute name for key
    // #a`); the smallest such key is named, so the answer does not depend on hash order.
    let empty = names
        .into_iter()
        .flatten()
        .filter(|(_, name)| name.is_empty())
        .map(|(key, _)| key)
        .min();
    if let Some(key) = empty {
        return Err(Invalid::EmptyPlaceholderName { key: key.clone() }.into());
    }
    if values.is_some_and(HashMap::is_empty) {
        return Err(Invalid::EmptyExpressionMap {
            parameter: "ExpressionAttributeValues",
        }
        .into());
    }
    check_placeholder_keys(values.map(HashMap::keys), ':', "ExpressionAttributeValues")?;
    // A value nested deeper than an item may be, in the item's words with no placeholder
    // wrapper (AWS captures of UpdateItem, 2026-08, test_message_framing.py; the
    // paritysuite/dynamodb-conformance validation-ordering suite, run against AWS, accepts
    // this form for transactions).
    if values
        .into_iter()
        .flatten()
        .any(|(_, v)| 1 + v.depth() > MAX_NESTING)
    {
        return Err(Invalid::NestingTooDeep.into());
    }
    Ok(())
}

/// Every key of a placeholder map is its sigil followed by one or more of `[0-9a-zA-Z_]`.
fn check_placeholder_keys<'k>(
    keys: Option<impl Iterator<Item = &'k String>>,
    sigil: char,
    parameter: &'static str,
) -> DynamoResult<()> {
    let is_valid = |key: &str| {
        key.strip_prefix(sigil).is_some_and(|rest| {
            !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
    };
    // The smallest offender is named, so the answer does not depend on hash order.
    let invalid = keys.into_iter().flatten().filter(|k| !is_valid(k)).min();
    match invalid {
        Some(key) => Err(Invalid::InvalidPlaceholderKey {
            parameter,
            key: key.to_string(),
        }
        .into()),
        None => Ok(()),
    }
}

/// DynamoDB's error for mixing expression and legacy parameters.
pub fn check_not_mixed(non_expression: &[&str], expression: &[&str]) -> DynamoResult<()> {
    if non_expression.is_empty() || expression.is_empty() {
        return Ok(());
    }
    Err(Invalid::MixedExpressionParameters {
        non_expression: non_expression.iter().map(|p| p.to_string()).collect(),
        expression: expression.iter().map(|p| p.to_string()).collect(),
    }
    .into())
}

/// The names of the parameters a request gave, from `(given, name)` pairs.
pub fn given(params: &[(bool, &'static str)]) -> Vec<&'static str> {
    params.iter().filter(|(g, _)| *g).map(|(_, n)| *n).collect()
}

/// A ConditionalOperator needs conditions to combine: DynamoDB refuses it without a legacy
/// filter or Expected, and with fewer than two conditions (wording as Amazon's DAX client
/// validates it; a one-condition ScanFilter with ConditionalOperator is refused before the table
/// is looked up in paritysuite/dynamodb-conformance, run against AWS in 2026).
pub fn check_operator_has_conditions(conditions: Option<usize>) -> DynamoResult<()> {
    match conditions {
        None => Err(Invalid::OperatorWithoutConditions.into()),
        Some(0 | 1) => Err(Invalid::OperatorWithOneCondition.into()),
        Some(_) => Ok(()),
    }
}
