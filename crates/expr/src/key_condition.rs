//! Key conditions of a Query: an equality on the partition key and at most one condition on
//! the sort key, checked against the key schema of the table or index queried.

use ddb_model::{AttributeValue, DynamoError, DynamoResult};

use crate::ast::{CompareOp, Condition, Operand, Path};
use crate::condition::compare_scalars;
use crate::names::ExpressionContext;
use crate::parser::Parser;
use crate::ExpressionKind;

/// The condition on the sort key.
#[derive(Debug, Clone, PartialEq)]
pub enum SortKeyCondition {
    Eq(AttributeValue),
    Lt(AttributeValue),
    Le(AttributeValue),
    Gt(AttributeValue),
    Ge(AttributeValue),
    Between(AttributeValue, AttributeValue),
    BeginsWith(AttributeValue),
}

impl SortKeyCondition {
    /// Whether a sort key value satisfies the condition.
    pub fn matches(&self, value: &AttributeValue) -> bool {
        use std::cmp::Ordering::*;
        let cmp = |v: &AttributeValue| compare_scalars(value, v);
        match self {
            SortKeyCondition::Eq(v) => cmp(v) == Some(Equal),
            SortKeyCondition::Lt(v) => cmp(v) == Some(Less),
            SortKeyCondition::Le(v) => matches!(cmp(v), Some(Less | Equal)),
            SortKeyCondition::Gt(v) => cmp(v) == Some(Greater),
            SortKeyCondition::Ge(v) => matches!(cmp(v), Some(Greater | Equal)),
            SortKeyCondition::Between(a, b) => {
                matches!(cmp(a), Some(Greater | Equal)) && matches!(cmp(b), Some(Less | Equal))
            }
            SortKeyCondition::BeginsWith(p) => match (value, p) {
                (AttributeValue::S(v), AttributeValue::S(p)) => v.starts_with(p.as_str()),
                (AttributeValue::B(v), AttributeValue::B(p)) => v.starts_with(p),
                _ => false,
            },
        }
    }
}

/// A Query's key condition.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyCondition {
    pub partition_key: (String, AttributeValue),
    pub sort_key: Option<(String, SortKeyCondition)>,
}

fn invalid(detail: impl std::fmt::Display) -> DynamoError {
    DynamoError::validation(format!("Invalid KeyConditionExpression: {detail}"))
}

pub(crate) fn missed_key(name: &str) -> DynamoError {
    DynamoError::validation(format!("Query condition missed key schema element: {name}"))
}

pub(crate) const MSG_NOT_SUPPORTED: &str = "Query key condition not supported";

/// One key attribute's condition, before it is matched to the schema.
struct Part {
    name: String,
    cond: SortKeyCondition,
}

fn key_name(path: &Path) -> DynamoResult<String> {
    if !path.is_top_level() {
        return Err(invalid(
            "KeyConditionExpressions cannot have conditions on nested attributes",
        ));
    }
    Ok(path.first_name().unwrap_or_default().to_string())
}

fn flatten(cond: Condition, out: &mut Vec<Condition>) -> DynamoResult<()> {
    match cond {
        Condition::And(a, b) => {
            flatten(*a, out)?;
            flatten(*b, out)
        }
        Condition::Or(..) => Err(invalid(
            "Invalid operator used in KeyConditionExpression: OR",
        )),
        Condition::Not(..) => Err(invalid(
            "Invalid operator used in KeyConditionExpression: NOT",
        )),
        Condition::In(..) => Err(invalid(
            "Invalid operator used in KeyConditionExpression: IN",
        )),
        Condition::AttributeExists(_) => Err(invalid(
            "Invalid operator used in KeyConditionExpression: attribute_exists",
        )),
        Condition::AttributeNotExists(_) => Err(invalid(
            "Invalid operator used in KeyConditionExpression: attribute_not_exists",
        )),
        Condition::AttributeType(..) => Err(invalid(
            "Invalid operator used in KeyConditionExpression: attribute_type",
        )),
        Condition::Contains(..) => Err(invalid(
            "Invalid operator used in KeyConditionExpression: contains",
        )),
        Condition::Compare(_, CompareOp::Ne, _) => Err(invalid(
            "Invalid operator used in KeyConditionExpression: <>",
        )),
        other => {
            out.push(other);
            Ok(())
        }
    }
}

fn part_of(cond: Condition) -> DynamoResult<Part> {
    let nested = || invalid("KeyConditionExpressions cannot contain nested operations");
    match cond {
        Condition::Compare(a, op, b) => {
            let (path, value, op) = match (a, b) {
                (Operand::Path(p), Operand::Value(v)) => (p, v, op),
                (Operand::Value(v), Operand::Path(p)) => {
                    let mirrored = match op {
                        CompareOp::Lt => CompareOp::Gt,
                        CompareOp::Le => CompareOp::Ge,
                        CompareOp::Gt => CompareOp::Lt,
                        CompareOp::Ge => CompareOp::Le,
                        other => other,
                    };
                    (p, v, mirrored)
                }
                (Operand::Size(_), _) | (_, Operand::Size(_)) => return Err(nested()),
                (Operand::Path(_), Operand::Path(_)) => {
                    return Err(invalid("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"))
                }
                _ => return Err(invalid("Invalid condition in KeyConditionExpression: No key attribute specified")),
            };
            let cond = match op {
                CompareOp::Eq => SortKeyCondition::Eq(value),
                CompareOp::Lt => SortKeyCondition::Lt(value),
                CompareOp::Le => SortKeyCondition::Le(value),
                CompareOp::Gt => SortKeyCondition::Gt(value),
                CompareOp::Ge => SortKeyCondition::Ge(value),
                CompareOp::Ne => unreachable!("refused by flatten"),
            };
            Ok(Part { name: key_name(&path)?, cond })
        }
        Condition::Between(Operand::Path(p), Operand::Value(lo), Operand::Value(hi)) => {
            Ok(Part { name: key_name(&p)?, cond: SortKeyCondition::Between(lo, hi) })
        }
        Condition::Between(Operand::Size(_), ..) => Err(nested()),
        Condition::Between(..) => Err(invalid(
            "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand",
        )),
        Condition::BeginsWith(Operand::Path(p), Operand::Value(v)) => {
            if !matches!(v, AttributeValue::S(_) | AttributeValue::B(_)) {
                return Err(invalid(format!(
                    "Incorrect operand type for operator or function; operator or function: begins_with, operand type: {}",
                    v.value_type()
                )));
            }
            Ok(Part { name: key_name(&p)?, cond: SortKeyCondition::BeginsWith(v) })
        }
        Condition::BeginsWith(..) => Err(invalid(
            "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand",
        )),
        _ => Err(nested()),
    }
}

/// Matches conditions on named attributes to the key schema.
pub(crate) fn assemble(
    parts: Vec<(String, SortKeyCondition)>,
    hash_key: &str,
    range_key: Option<&str>,
) -> DynamoResult<KeyCondition> {
    if parts.len() > 2 {
        return Err(invalid("Conditions can be of length 1 or 2 only"));
    }
    if parts.len() == 2 && parts[0].0 == parts[1].0 {
        return Err(invalid(
            "KeyConditionExpressions must only contain one condition per key",
        ));
    }
    let mut partition = None;
    let mut sort = None;
    for (name, cond) in parts {
        if name == hash_key {
            match cond {
                SortKeyCondition::Eq(v) => partition = Some((name, v)),
                _ => return Err(DynamoError::validation(MSG_NOT_SUPPORTED)),
            }
        } else if Some(name.as_str()) == range_key {
            sort = Some((name, cond));
        } else {
            // A condition on something that is not a key: DynamoDB names the key it missed.
            let missing = if partition.is_none() {
                hash_key
            } else {
                range_key.unwrap_or(hash_key)
            };
            return Err(missed_key(missing));
        }
    }
    let Some(partition_key) = partition else {
        return Err(missed_key(hash_key));
    };
    Ok(KeyCondition {
        partition_key,
        sort_key: sort,
    })
}

/// Parses a KeyConditionExpression against the key schema queried.
pub fn parse_key_condition(
    text: &str,
    ctx: &mut ExpressionContext,
    hash_key: &str,
    range_key: Option<&str>,
) -> DynamoResult<KeyCondition> {
    let mut p = Parser::new(text, ExpressionKind::KeyCondition, ctx)?;
    let cond = p.condition()?;
    let mut flat = Vec::new();
    flatten(cond, &mut flat)?;
    let parts = flat
        .into_iter()
        .map(|c| part_of(c).map(|p| (p.name, p.cond)))
        .collect::<DynamoResult<Vec<_>>>()?;
    assemble(parts, hash_key, range_key)
}
