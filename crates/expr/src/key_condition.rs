//! Key conditions of a Query: an equality on the partition key and at most one condition on
//! the sort key, checked against the key schema of the table or index queried.
//!
//! A KeyConditionExpression parses with the condition grammar; this module then walks the tree
//! in DynamoDB's order (outermost operator first, left to right) and reports the first shape a
//! key condition may not have.

use ddb_model::{AttributeValue, DynamoResult};

use crate::ast::{CompareOp, Condition, Operand, PathElement};
use crate::condition::compare_scalars;
use crate::error::ExprError;
use crate::names::ExpressionContext;
use crate::parser::Parser;
use crate::ExpressionKind;

/// The condition on the sort key.
#[derive(Debug, Clone, PartialEq)]
pub enum SortKeyCondition {
    /// `sk = v`.
    Eq(AttributeValue),
    /// `sk < v` (also `v > sk`, which reads the same).
    Lt(AttributeValue),
    /// `sk <= v`.
    Le(AttributeValue),
    /// `sk > v`.
    Gt(AttributeValue),
    /// `sk >= v`.
    Ge(AttributeValue),
    /// `sk BETWEEN low AND high`, both inclusive.
    Between(AttributeValue, AttributeValue),
    /// `begins_with(sk, prefix)`, for string and binary sort keys.
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
    /// The partition key's attribute name and the value it must equal.
    pub partition_key: (String, AttributeValue),
    /// The sort key's attribute name and its condition, when the query narrows on it (for a
    /// multi-attribute sort key, the last attribute given).
    pub sort_key: Option<(String, SortKeyCondition)>,
    /// A multi-attribute partition key's further attributes and the values they must equal.
    pub more_partition: Vec<(String, AttributeValue)>,
    /// A multi-attribute sort key's attributes before `sort_key`, with the values they equal.
    pub sort_prefix: Vec<(String, AttributeValue)>,
}

/// The kind of sort key condition a comparison makes, before its values are known.
#[derive(Clone, Copy)]
enum Shape {
    Compare(CompareOp),
    Between,
    BeginsWith,
}

impl Shape {
    fn build(self, values: Vec<AttributeValue>) -> Option<SortKeyCondition> {
        let mut values = values.into_iter();
        let mut next = || values.next();
        Some(match self {
            Shape::Compare(CompareOp::Lt) => SortKeyCondition::Lt(next()?),
            Shape::Compare(CompareOp::Le) => SortKeyCondition::Le(next()?),
            Shape::Compare(CompareOp::Gt) => SortKeyCondition::Gt(next()?),
            Shape::Compare(CompareOp::Ge) => SortKeyCondition::Ge(next()?),
            Shape::Compare(_) => SortKeyCondition::Eq(next()?),
            Shape::Between => SortKeyCondition::Between(next()?, next()?),
            Shape::BeginsWith => SortKeyCondition::BeginsWith(next()?),
        })
    }
}

/// `:v < sk` reads as `sk > :v`.
fn mirrored(op: CompareOp) -> CompareOp {
    match op {
        CompareOp::Lt => CompareOp::Gt,
        CompareOp::Le => CompareOp::Ge,
        CompareOp::Gt => CompareOp::Lt,
        CompareOp::Ge => CompareOp::Le,
        other => other,
    }
}

/// Walks the condition, collecting one `(attribute, condition)` per AND-ed comparison.
fn collect(cond: Condition, out: &mut Vec<(String, SortKeyCondition)>) -> Result<(), ExprError> {
    let invalid_op = |op: &str| Err(ExprError::KeyInvalidOperator(op.to_string()));
    let (operands, shape) = match cond {
        Condition::And(a, b) => {
            collect(*a, out)?;
            return collect(*b, out);
        }
        Condition::Or(..) => return invalid_op("OR"),
        Condition::Not(..) => return invalid_op("NOT"),
        Condition::In(..) => return invalid_op("IN"),
        Condition::Compare(_, CompareOp::Ne, _) => return invalid_op("<>"),
        Condition::AttributeExists(_) => return invalid_op("attribute_exists"),
        Condition::AttributeNotExists(_) => return invalid_op("attribute_not_exists"),
        Condition::AttributeType(..) => return invalid_op("attribute_type"),
        Condition::Contains(..) => return invalid_op("contains"),
        Condition::Between(v, lo, hi) => {
            if !matches!(v, Operand::Path(_)) {
                return Err(ExprError::KeyFirstOperand("BETWEEN"));
            }
            (vec![v, lo, hi], Shape::Between)
        }
        Condition::BeginsWith(a, b) => {
            if !matches!(a, Operand::Path(_)) {
                return Err(ExprError::KeyFirstOperand("begins_with"));
            }
            (vec![a, b], Shape::BeginsWith)
        }
        Condition::Compare(a, op, b) => {
            let op = if matches!(a, Operand::Value(_)) {
                mirrored(op)
            } else {
                op
            };
            (vec![a, b], Shape::Compare(op))
        }
    };
    let mut name = None;
    let mut values = Vec::new();
    for o in operands {
        match o {
            Operand::Path(p) => {
                if name.is_some() {
                    return Err(ExprError::KeyMultipleNames);
                }
                match p.elements() {
                    [PathElement::Attr(n)] => name = Some(n.clone()),
                    _ => return Err(ExprError::KeyNestedAttribute),
                }
            }
            Operand::Size(_) => return Err(ExprError::KeyNestedOperations),
            Operand::Value(v) => values.push(v),
        }
    }
    let Some(name) = name else {
        return Err(ExprError::KeyNoAttribute);
    };
    if out.iter().any(|(n, _)| *n == name) {
        return Err(ExprError::KeyOneConditionPerKey);
    }
    // Every shape has a path and the rest values, so the values are all there.
    let cond = shape.build(values).ok_or(ExprError::KeyNoAttribute)?;
    out.push((name, cond));
    Ok(())
}

/// Matches the conditions on named attributes to the key schema.
pub(crate) fn assemble(
    parts: Vec<(String, SortKeyCondition)>,
    hash_key: &str,
    range_key: Option<&str>,
) -> Result<KeyCondition, ExprError> {
    // paritysuite/dynamodb-conformance error-messages queryKeyConditionOperands (run against
    // AWS in 2026); the legacy KeyConditions keep "Conditions can be of length 1 or 2 only".
    if parts.len() > 2 {
        return Err(ExprError::KeyConditionsExceedKey {
            given: parts.len(),
            key_attributes: 1 + usize::from(range_key.is_some()),
        });
    }
    // A table (or index) without a sort key supports one condition only, whatever it names.
    if range_key.is_none() && parts.len() > 1 {
        return Err(ExprError::KeyNotSupported);
    }
    let mut partition = None;
    let mut others = Vec::new();
    for (name, cond) in parts {
        if name == hash_key {
            match cond {
                SortKeyCondition::Eq(v) => partition = Some((name, v)),
                _ => return Err(ExprError::KeyNotSupported),
            }
        } else {
            others.push((name, cond));
        }
    }
    let Some(partition_key) = partition else {
        return Err(ExprError::KeyMissed(hash_key.to_string()));
    };
    let sort_key = match others.pop() {
        None => None,
        Some((name, cond)) if Some(name.as_str()) == range_key => Some((name, cond)),
        // A second condition on a non-key attribute misses the sort key; a table without one
        // supports no second condition at all.
        Some(_) => match range_key {
            Some(range_key) => return Err(ExprError::KeyMissed(range_key.to_string())),
            None => return Err(ExprError::KeyNotSupported),
        },
    };
    Ok(KeyCondition {
        partition_key,
        sort_key,
        more_partition: Vec::new(),
        sort_prefix: Vec::new(),
    })
}

/// Matches the conditions to a multi-attribute key (of a global index): every partition-key
/// attribute by equality, the sort-key attributes left to right with no gap, and a condition
/// other than equality only on the last sort-key attribute given. Which attributes have
/// conditions counts, not the order the conditions are written in.
pub(crate) fn assemble_multi(
    parts: Vec<(String, SortKeyCondition)>,
    hash_keys: &[&str],
    range_keys: &[&str],
) -> Result<KeyCondition, ExprError> {
    let mut parts: Vec<(String, Option<SortKeyCondition>)> =
        parts.into_iter().map(|(n, c)| (n, Some(c))).collect();
    let mut take = |name: &str| {
        parts
            .iter_mut()
            .find(|(n, _)| n == name)
            .and_then(|(_, c)| c.take())
    };
    let mut partition = Vec::with_capacity(hash_keys.len());
    for &name in hash_keys {
        match take(name) {
            Some(SortKeyCondition::Eq(v)) => partition.push((name.to_string(), v)),
            Some(_) => return Err(ExprError::KeyHashNotEquality(name.to_string())),
            None => return Err(ExprError::KeyHashMissing(name.to_string())),
        }
    }
    let given: Vec<Option<SortKeyCondition>> = range_keys.iter().map(|&r| take(r)).collect();
    let first_missing = given.iter().position(Option::is_none);
    // A condition on an attribute outside the key misses the next sort-key attribute.
    if parts.iter().any(|(_, c)| c.is_some()) {
        return Err(match first_missing {
            Some(i) => ExprError::KeyMissed(range_keys[i].to_string()),
            None => ExprError::KeyNotSupported,
        });
    }
    let count = first_missing.unwrap_or(given.len());
    if let Some(gap) = first_missing.filter(|_| given[count..].iter().any(Option::is_some)) {
        return Err(ExprError::KeyRangeSkipped(range_keys[gap].to_string()));
    }
    let mut sort_prefix = Vec::new();
    let mut sort_key = None;
    for (i, cond) in given.into_iter().take(count).enumerate() {
        let name = range_keys[i].to_string();
        match cond {
            Some(c) if i + 1 == count => sort_key = Some((name, c)),
            Some(SortKeyCondition::Eq(v)) => sort_prefix.push((name, v)),
            _ => return Err(ExprError::KeyRangeNotLast(name)),
        }
    }
    let mut partition = partition.into_iter();
    let partition_key = partition
        .next()
        .ok_or_else(|| ExprError::KeyMissed(String::new()))?;
    Ok(KeyCondition {
        partition_key,
        sort_key,
        more_partition: partition.collect(),
        sort_prefix,
    })
}

/// A KeyConditionExpression whose shape is checked but which is not yet matched to a key
/// schema: DynamoDB reports the expression's own faults before it looks the table up.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyConditionParts(Vec<(String, SortKeyCondition)>);

impl KeyConditionParts {
    /// Matches the conditions to the key schema of the table or index queried.
    pub fn resolve(self, hash_key: &str, range_key: Option<&str>) -> DynamoResult<KeyCondition> {
        assemble(self.0, hash_key, range_key)
            .map_err(|e| e.into_dynamo(ExpressionKind::KeyCondition))
    }

    /// Matches the conditions to a multi-attribute key ([`assemble_multi`]'s rules).
    pub fn resolve_multi(
        self,
        hash_keys: &[&str],
        range_keys: &[&str],
    ) -> DynamoResult<KeyCondition> {
        assemble_multi(self.0, hash_keys, range_keys)
            .map_err(|e| e.into_dynamo(ExpressionKind::KeyCondition))
    }
}

/// A parsed KeyConditionExpression whose shape is not yet checked: DynamoDB parses every
/// expression of a Query before it judges the key condition's shape.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyConditionTree(Condition);

impl KeyConditionTree {
    /// Checks the shape a key condition must have, without the key schema.
    pub fn parts(self) -> DynamoResult<KeyConditionParts> {
        let mut parts = Vec::new();
        collect(self.0, &mut parts).map_err(|e| e.into_dynamo(ExpressionKind::KeyCondition))?;
        Ok(KeyConditionParts(parts))
    }
}

/// Parses a KeyConditionExpression (its syntax and placeholders only).
pub fn parse_key_condition_tree(
    text: &str,
    ctx: &mut ExpressionContext,
) -> DynamoResult<KeyConditionTree> {
    let kind = ExpressionKind::KeyCondition;
    let framed = |e: ExprError| e.into_dynamo(kind);
    let mut p = Parser::new(text, kind, ctx).map_err(framed)?;
    let cond = p.condition().map_err(framed)?;
    Ok(KeyConditionTree(cond))
}

/// Parses a KeyConditionExpression and checks its shape, without the key schema.
pub fn parse_key_condition_parts(
    text: &str,
    ctx: &mut ExpressionContext,
) -> DynamoResult<KeyConditionParts> {
    parse_key_condition_tree(text, ctx)?.parts()
}

/// Parses a KeyConditionExpression against the key schema queried.
pub fn parse_key_condition(
    text: &str,
    ctx: &mut ExpressionContext,
    hash_key: &str,
    range_key: Option<&str>,
) -> DynamoResult<KeyCondition> {
    parse_key_condition_parts(text, ctx)?.resolve(hash_key, range_key)
}

#[cfg(test)]
#[path = "key_condition_tests.rs"]
mod tests;
