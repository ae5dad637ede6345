//! The legacy parameters — Expected, QueryFilter, ScanFilter, KeyConditions, AttributeUpdates,
//! AttributesToGet, ConditionalOperator — translated into the same expression tree the
//! expression parameters produce, so one evaluator serves both.

use std::collections::HashMap;

use serde::Deserialize;

use ddb_model::{AttributeValue, DynamoError, DynamoResult, ValueType};

use crate::ast::{CompareOp, Condition, Operand, Path};
use crate::condition::compare_scalars;
use crate::error::{ExprError, MSG_LEGACY_BETWEEN_ORDER, MSG_NOT_INDEXABLE};
use crate::key_condition::{assemble, assemble_multi, KeyCondition, SortKeyCondition};
use crate::update::{SetValue, UpdateAction, UpdateExpression};

/// An `Expected` entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ExpectedAttributeValue {
    /// The old-style form's value: the attribute must equal it (or, with `Exists: false`,
    /// nothing may be given here).
    pub value: Option<AttributeValue>,
    /// The old-style form's existence test: `false` demands the attribute be absent.
    #[serde(default, deserialize_with = "ddb_model::value::lenient_bool")]
    pub exists: Option<bool>,
    /// The newer form's operator: `EQ`, `NE`, `LT`, `BETWEEN`, `NOT_NULL`, `BEGINS_WITH`, ...
    pub comparison_operator: Option<String>,
    /// The newer form's operands, as many as the operator takes.
    pub attribute_value_list: Option<Vec<AttributeValue>>,
}

/// A QueryFilter, ScanFilter or KeyConditions entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LegacyCondition {
    /// The operands, as many as the operator takes (none for `NULL` and `NOT_NULL`).
    pub attribute_value_list: Option<Vec<AttributeValue>>,
    /// `EQ`, `NE`, `LE`, `LT`, `GE`, `GT`, `IN`, `BETWEEN`, `NULL`, `NOT_NULL`, `CONTAINS`,
    /// `NOT_CONTAINS` or `BEGINS_WITH` (KeyConditions allows only the indexable ones).
    pub comparison_operator: Option<String>,
}

/// An `AttributeUpdates` entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeValueUpdate {
    /// The value to put, add or remove from a set; may be absent only for `DELETE`.
    pub value: Option<AttributeValue>,
    /// `PUT` (the default), `ADD` or `DELETE`.
    pub action: Option<String>,
}

/// How legacy conditions combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConditionalOperator {
    /// Every condition must hold (the default).
    And,
    /// At least one condition must hold.
    Or,
}

fn invalid(detail: impl std::fmt::Display) -> DynamoError {
    DynamoError::validation(format!(
        "One or more parameter values were invalid: {detail}"
    ))
}

const OPERATORS: [&str; 13] = [
    "EQ",
    "NE",
    "IN",
    "LE",
    "LT",
    "GE",
    "GT",
    "BETWEEN",
    "NOT_NULL",
    "NULL",
    "CONTAINS",
    "NOT_CONTAINS",
    "BEGINS_WITH",
];

fn operator_enum_error(op: &str) -> DynamoError {
    DynamoError::validation(format!(
        "1 validation error detected: Value '{op}' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]"
    ))
}

fn is_scalar(v: &AttributeValue) -> bool {
    matches!(
        v,
        AttributeValue::S(_) | AttributeValue::N(_) | AttributeValue::B(_)
    )
}

/// One comparison on one attribute, as the legacy operators define it.
fn comparison(name: &str, op: &str, args: &[AttributeValue]) -> DynamoResult<Condition> {
    if !OPERATORS.contains(&op) {
        return Err(operator_enum_error(op));
    }
    let expected = match op {
        "NULL" | "NOT_NULL" => Some(0),
        "BETWEEN" => Some(2),
        "IN" => None,
        _ => Some(1),
    };
    let count_ok = match expected {
        Some(n) => args.len() == n,
        None => !args.is_empty(),
    };
    if !count_ok {
        return Err(invalid(format!(
            "Invalid number of argument(s) for the {op} ComparisonOperator"
        )));
    }
    let not_valid_for = |v: &AttributeValue| {
        invalid(format!(
            "ComparisonOperator {op} is not valid for {} AttributeValue type",
            v.value_type()
        ))
    };
    let path = || Operand::Path(Path::attribute(name));
    let val = |i: usize| Operand::Value(args[i].clone());
    Ok(match op {
        "EQ" | "NE" => {
            let cmp = if op == "EQ" {
                CompareOp::Eq
            } else {
                CompareOp::Ne
            };
            Condition::Compare(path(), cmp, val(0))
        }
        "LT" | "LE" | "GT" | "GE" => {
            if !is_scalar(&args[0]) {
                return Err(not_valid_for(&args[0]));
            }
            let cmp = match op {
                "LT" => CompareOp::Lt,
                "LE" => CompareOp::Le,
                "GT" => CompareOp::Gt,
                _ => CompareOp::Ge,
            };
            Condition::Compare(path(), cmp, val(0))
        }
        "BETWEEN" => {
            for a in args {
                if !is_scalar(a) {
                    return Err(not_valid_for(a));
                }
            }
            if args[0].value_type() != args[1].value_type() {
                return Err(invalid(
                    "AttributeValues inside AttributeValueList must be of same type",
                ));
            }
            if compare_scalars(&args[0], &args[1]) == Some(std::cmp::Ordering::Greater) {
                return Err(DynamoError::validation(MSG_LEGACY_BETWEEN_ORDER));
            }
            Condition::Between(path(), val(0), val(1))
        }
        "IN" => {
            for a in args {
                if !is_scalar(a) {
                    return Err(not_valid_for(a));
                }
            }
            if args.iter().any(|a| a.value_type() != args[0].value_type()) {
                return Err(invalid(
                    "AttributeValues inside AttributeValueList must be of same type",
                ));
            }
            Condition::In(path(), (0..args.len()).map(val).collect())
        }
        "NULL" => Condition::AttributeNotExists(Path::attribute(name)),
        "NOT_NULL" => Condition::AttributeExists(Path::attribute(name)),
        "CONTAINS" | "NOT_CONTAINS" => {
            if !is_scalar(&args[0]) {
                return Err(not_valid_for(&args[0]));
            }
            let c = Condition::Contains(path(), val(0));
            if op == "CONTAINS" {
                c
            } else {
                // Like CONTAINS, NOT_CONTAINS is false for a missing attribute.
                Condition::And(
                    Box::new(Condition::AttributeExists(Path::attribute(name))),
                    Box::new(Condition::Not(Box::new(c))),
                )
            }
        }
        _ => {
            if !matches!(args[0], AttributeValue::S(_) | AttributeValue::B(_)) {
                return Err(not_valid_for(&args[0]));
            }
            Condition::BeginsWith(path(), val(0))
        }
    })
}

fn combine(conditions: Vec<Condition>, op: Option<ConditionalOperator>) -> Condition {
    let mut iter = conditions.into_iter();
    let Some(first) = iter.next() else {
        return always_true();
    };
    iter.fold(first, |acc, c| match op {
        Some(ConditionalOperator::Or) => Condition::Or(Box::new(acc), Box::new(c)),
        _ => Condition::And(Box::new(acc), Box::new(c)),
    })
}

fn sorted<T>(map: &HashMap<String, T>) -> Vec<(&String, &T)> {
    let mut v: Vec<_> = map.iter().collect();
    v.sort_by(|a, b| a.0.cmp(b.0));
    v
}

/// `Expected` as a condition.
pub fn expected_to_condition(
    expected: &HashMap<String, ExpectedAttributeValue>,
    op: Option<ConditionalOperator>,
) -> DynamoResult<Condition> {
    let mut conditions = Vec::new();
    for (name, e) in sorted(expected) {
        if e.value.is_some() && e.attribute_value_list.is_some() {
            return Err(invalid(format!(
                "Value and AttributeValueList cannot be used together for Attribute: {name}"
            )));
        }
        if let Some(cop) = &e.comparison_operator {
            if e.exists.is_some() {
                return Err(invalid(format!(
                    "Exists and ComparisonOperator cannot be used together for Attribute: {name}"
                )));
            }
            let args: Vec<AttributeValue> = match (&e.value, &e.attribute_value_list) {
                (Some(v), _) => vec![v.clone()],
                (None, Some(list)) => list.clone(),
                // Operators that take no value (NULL, NOT_NULL) are fine without one; any
                // other names the missing Value first.
                (None, None) if cop != "NULL" && cop != "NOT_NULL" && OPERATORS.contains(&cop.as_str()) => {
                    return Err(invalid(format!(
                        "Value or AttributeValueList must be used with ComparisonOperator: {cop} for Attribute: {name}"
                    )))
                }
                (None, None) => Vec::new(),
            };
            conditions.push(comparison(name, cop, &args)?);
            continue;
        }
        if e.attribute_value_list.is_some() {
            return Err(invalid(format!("AttributeValueList can only be used with a ComparisonOperator for Attribute: {name}")));
        }
        match (e.exists, &e.value) {
            (Some(false), Some(_)) => {
                return Err(invalid(format!(
                    "Value cannot be used when Exists is false for Attribute: {name}"
                )))
            }
            (Some(false), None) => {
                conditions.push(Condition::AttributeNotExists(Path::attribute(name)))
            }
            (_, Some(v)) => conditions.push(Condition::Compare(
                Operand::Path(Path::attribute(name)),
                CompareOp::Eq,
                Operand::Value(v.clone()),
            )),
            (exists, None) => {
                let shown = if exists.is_some() { "true" } else { "null" };
                return Err(invalid(format!(
                    "Value must be provided when Exists is {shown} for Attribute: {name}"
                )));
            }
        }
    }
    if conditions.is_empty() {
        return Ok(always_true());
    }
    Ok(combine(conditions, op))
}

/// `QueryFilter` or `ScanFilter` as a condition.
pub fn filter_to_condition(
    filter: &HashMap<String, LegacyCondition>,
    op: Option<ConditionalOperator>,
) -> DynamoResult<Condition> {
    let mut conditions = Vec::new();
    for (name, c) in sorted(filter) {
        let cop = c.comparison_operator.as_deref().ok_or_else(|| {
            DynamoError::validation(
                "1 validation error detected: Value null at 'comparisonOperator' failed to satisfy constraint: Member must not be null",
            )
        })?;
        conditions.push(comparison(
            name,
            cop,
            c.attribute_value_list.as_deref().unwrap_or_default(),
        )?);
    }
    if conditions.is_empty() {
        return Ok(always_true());
    }
    Ok(combine(conditions, op))
}

/// Legacy `KeyConditions` checked without the key schema: DynamoDB finds these faults before
/// it looks the table up. Operators that cannot select a key range are kept as `None` and
/// reported only once the key schema shows nothing more basic is wrong.
#[derive(Debug, Clone)]
pub struct LegacyKeyConditions(Vec<(String, Option<SortKeyCondition>)>);

/// Checks `KeyConditions` on its own: one or two conditions, each well formed.
pub fn check_key_conditions(
    kc: &HashMap<String, LegacyCondition>,
) -> DynamoResult<LegacyKeyConditions> {
    // Up to 8 for a multi-attribute key; a single-attribute key's limit of 2 is held when the
    // schema is known ([`LegacyKeyConditions::resolve`]).
    if kc.is_empty() || kc.len() > 8 {
        return Err(DynamoError::validation(
            ExprError::KeyConditionCount.to_string(),
        ));
    }
    let mut parts = Vec::new();
    for (name, c) in sorted(kc) {
        let op = c.comparison_operator.as_deref().unwrap_or_default();
        let args = c.attribute_value_list.as_deref().unwrap_or_default();
        // The filter rules (operator, argument count and types, BETWEEN order) apply first.
        comparison(name, op, args)?;
        let cond = match op {
            "EQ" => Some(SortKeyCondition::Eq(args[0].clone())),
            "LT" => Some(SortKeyCondition::Lt(args[0].clone())),
            "LE" => Some(SortKeyCondition::Le(args[0].clone())),
            "GT" => Some(SortKeyCondition::Gt(args[0].clone())),
            "GE" => Some(SortKeyCondition::Ge(args[0].clone())),
            "BEGINS_WITH" => Some(SortKeyCondition::BeginsWith(args[0].clone())),
            "BETWEEN" => Some(SortKeyCondition::Between(args[0].clone(), args[1].clone())),
            _ => None,
        };
        parts.push((name.clone(), cond));
    }
    Ok(LegacyKeyConditions(parts))
}

impl LegacyKeyConditions {
    /// Matches the conditions to the key schema queried.
    pub fn resolve(self, hash_key: &str, range_key: Option<&str>) -> DynamoResult<KeyCondition> {
        // The legacy parameter has no expression to name, so these errors come bare.
        let bare = |e: ExprError| DynamoError::validation(e.to_string());
        if self.0.len() > 2 {
            return Err(bare(ExprError::KeyConditionCount));
        }
        if !self.0.iter().any(|(n, _)| n == hash_key) {
            return Err(bare(ExprError::KeyMissed(hash_key.to_string())));
        }
        if self.0.iter().any(|(n, _)| n != hash_key) {
            let on_range = self.0.iter().any(|(n, _)| Some(n.as_str()) == range_key);
            match range_key {
                None => return Err(bare(ExprError::KeyNotSupported)),
                Some(r) if !on_range => return Err(bare(ExprError::KeyMissed(r.to_string()))),
                Some(_) => {}
            }
        }
        let mut parts = Vec::new();
        for (name, cond) in self.0 {
            let cond = cond.ok_or_else(|| DynamoError::validation(MSG_NOT_INDEXABLE))?;
            parts.push((name, cond));
        }
        assemble(parts, hash_key, range_key).map_err(bare)
    }

    /// Matches the conditions to a multi-attribute key (the rules of a KeyConditionExpression
    /// on one, see `key_condition::assemble_multi`).
    pub fn resolve_multi(
        self,
        hash_keys: &[&str],
        range_keys: &[&str],
    ) -> DynamoResult<KeyCondition> {
        let bare = |e: ExprError| DynamoError::validation(e.to_string());
        let mut parts = Vec::new();
        for (name, cond) in self.0 {
            let cond = cond.ok_or_else(|| DynamoError::validation(MSG_NOT_INDEXABLE))?;
            parts.push((name, cond));
        }
        assemble_multi(parts, hash_keys, range_keys).map_err(bare)
    }
}

/// `KeyConditions` as a key condition for the key schema queried.
pub fn key_conditions_to_key_condition(
    kc: &HashMap<String, LegacyCondition>,
    hash_key: &str,
    range_key: Option<&str>,
) -> DynamoResult<KeyCondition> {
    check_key_conditions(kc)?.resolve(hash_key, range_key)
}

/// `AttributeUpdates` as an update.
pub fn attribute_updates_to_update(
    updates: &HashMap<String, AttributeValueUpdate>,
) -> DynamoResult<UpdateExpression> {
    let mut actions = Vec::new();
    for (name, u) in sorted(updates) {
        ddb_model::size::check_attribute_name(name)?;
        let path = Path::attribute(name);
        let action = u.action.as_deref().unwrap_or("PUT");
        actions.push(match (action, &u.value) {
            ("PUT", Some(v)) => UpdateAction::Set(path, SetValue::Value(v.clone())),
            ("PUT" | "ADD", None) => {
                return Err(invalid("Only DELETE action is allowed when no attribute value is specified"))
            }
            ("DELETE", None) => UpdateAction::Remove(path),
            ("DELETE", Some(v)) => {
                if !matches!(v.value_type(), ValueType::Ss | ValueType::Ns | ValueType::Bs) {
                    return Err(invalid(format!("DELETE action with value is not supported for the type {}", v.value_type())));
                }
                UpdateAction::Delete(path, v.clone())
            }
            ("ADD", Some(v)) => {
                if !matches!(v.value_type(), ValueType::N | ValueType::Ss | ValueType::Ns | ValueType::Bs | ValueType::L) {
                    return Err(invalid(format!("ADD action is not supported for the type {}", v.value_type())));
                }
                UpdateAction::Add(path, v.clone())
            }
            (other, _) => {
                return Err(DynamoError::validation(format!(
                    "1 validation error detected: Value '{other}' at 'attributeUpdates.{name}.member.action' failed to satisfy constraint: Member must satisfy enum value set: [ADD, PUT, DELETE]"
                )))
            }
        });
    }
    Ok(UpdateExpression {
        actions,
        legacy: true,
    })
}

/// `AttributesToGet` as projection paths.
pub fn attributes_to_get_to_projection(names: &[String]) -> Vec<Path> {
    names.iter().map(|n| Path::attribute(n)).collect()
}

/// A condition that always holds, for an empty legacy map: the empty path names nothing.
fn always_true() -> Condition {
    Condition::AttributeNotExists(Path(Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::condition::evaluate;
    use ddb_model::Item;

    fn json<T: serde::de::DeserializeOwned>(text: &str) -> T {
        serde_json::from_str(text).unwrap()
    }

    const ITEM: &str = r#"{"a":{"N":"5"},"s":{"S":"hello"},"ss":{"SS":["x","y"]}}"#;

    fn filter_holds(filter: &str, op: Option<ConditionalOperator>) -> Result<bool, String> {
        let f: HashMap<String, LegacyCondition> = json(filter);
        let c = filter_to_condition(&f, op).map_err(|e| e.message)?;
        let item: Item = json(ITEM);
        Ok(evaluate(&c, Some(&item)).unwrap())
    }

    fn holds(filter: &str) -> bool {
        filter_holds(filter, None).unwrap()
    }

    #[test]
    fn every_comparison_operator() {
        let n = |op: &str, v: &str| {
            format!(
                r#"{{"a":{{"ComparisonOperator":"{op}","AttributeValueList":[{{"N":"{v}"}}]}}}}"#
            )
        };
        assert!(holds(&n("EQ", "5")) && holds(&n("NE", "4")) && holds(&n("LT", "6")));
        assert!(holds(&n("LE", "5")) && holds(&n("GT", "4")) && holds(&n("GE", "5")));
        assert!(!holds(&n("GT", "5")));
        assert!(holds(
            r#"{"a":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"1"},{"N":"9"}]}}"#
        ));
        assert!(holds(
            r#"{"a":{"ComparisonOperator":"IN","AttributeValueList":[{"N":"1"},{"N":"5"}]}}"#
        ));
        assert!(holds(
            r#"{"a":{"ComparisonOperator":"NOT_NULL"},"zz":{"ComparisonOperator":"NULL"}}"#
        ));
        assert!(holds(
            r#"{"s":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"S":"he"}]}}"#
        ));
        assert!(holds(
            r#"{"ss":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"S":"x"}]}}"#
        ));
        assert!(holds(
            r#"{"ss":{"ComparisonOperator":"NOT_CONTAINS","AttributeValueList":[{"S":"z"}]}}"#
        ));
        assert!(!holds(
            r#"{"missing":{"ComparisonOperator":"NOT_CONTAINS","AttributeValueList":[{"S":"z"}]}}"#
        ));
    }

    #[test]
    fn conditional_operator_combines() {
        let f = r#"{"a":{"ComparisonOperator":"EQ","AttributeValueList":[{"N":"5"}]},
                    "s":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"no"}]}}"#;
        assert!(!filter_holds(f, None).unwrap());
        assert!(!filter_holds(f, Some(ConditionalOperator::And)).unwrap());
        assert!(filter_holds(f, Some(ConditionalOperator::Or)).unwrap());
        assert!(filter_holds("{}", None).unwrap());
    }

    #[test]
    fn filter_messages() {
        let err = |f: &str| filter_holds(f, None).unwrap_err();
        assert_eq!(
            err(r#"{"a":{"ComparisonOperator":"EQ"}}"#),
            "One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator"
        );
        assert_eq!(
            err(r#"{"a":{"ComparisonOperator":"LT","AttributeValueList":[{"BOOL":true}]}}"#),
            "One or more parameter values were invalid: ComparisonOperator LT is not valid for BOOL AttributeValue type"
        );
        assert_eq!(
            err(r#"{"a":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"9"},{"N":"1"}]}}"#),
            "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"
        );
        assert_eq!(
            err(r#"{"a":{"ComparisonOperator":"IN","AttributeValueList":[{"N":"9"},{"S":"1"}]}}"#),
            "One or more parameter values were invalid: AttributeValues inside AttributeValueList must be of same type"
        );
        assert!(err(r#"{"a":{"ComparisonOperator":"LIKE"}}"#)
            .contains("Member must satisfy enum value set"));
    }

    #[test]
    fn expected() {
        let cond = |e: &str| {
            let e: HashMap<String, ExpectedAttributeValue> = json(e);
            expected_to_condition(&e, None).map_err(|e| e.message)
        };
        let item: Item = json(ITEM);
        let holds = |e: &str| evaluate(&cond(e).unwrap(), Some(&item)).unwrap();
        assert!(holds(r#"{"a":{"Value":{"N":"5"}}}"#));
        assert!(holds(r#"{"a":{"Exists":true,"Value":{"N":"5"}}}"#));
        assert!(holds(r#"{"zz":{"Exists":false}}"#));
        assert!(!holds(r#"{"a":{"Exists":false}}"#));
        assert!(holds(
            r#"{"a":{"ComparisonOperator":"GT","AttributeValueList":[{"N":"1"}]}}"#
        ));
        assert_eq!(
            cond(r#"{"a":{"Exists":false,"Value":{"N":"5"}}}"#).unwrap_err(),
            "One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: a"
        );
        assert_eq!(
            cond(r#"{"a":{"Exists":true}}"#).unwrap_err(),
            "One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: a"
        );
        assert_eq!(
            cond(r#"{"a":{"Exists":true,"ComparisonOperator":"NULL"}}"#).unwrap_err(),
            "One or more parameter values were invalid: Exists and ComparisonOperator cannot be used together for Attribute: a"
        );
        assert_eq!(
            cond(r#"{"a":{"Value":{"N":"5"},"AttributeValueList":[{"N":"5"}]}}"#).unwrap_err(),
            "One or more parameter values were invalid: Value and AttributeValueList cannot be used together for Attribute: a"
        );
    }

    #[test]
    fn key_conditions() {
        let kc = |k: &str, range: Option<&str>| {
            let k: HashMap<String, LegacyCondition> = json(k);
            key_conditions_to_key_condition(&k, "pk", range).map_err(|e| e.message)
        };
        let got = kc(
            r#"{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"p"}]},
                "sk":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"S":"2023"}]}}"#,
            Some("sk"),
        )
        .unwrap();
        assert_eq!(got.partition_key.1, AttributeValue::S("p".into()));
        assert_eq!(
            got.sort_key.unwrap().1,
            SortKeyCondition::BeginsWith(AttributeValue::S("2023".into()))
        );
        assert_eq!(
            kc(
                r#"{"pk":{"ComparisonOperator":"NE","AttributeValueList":[{"S":"p"}]}}"#,
                None
            )
            .unwrap_err(),
            "Attempted conditional constraint is not an indexable operation"
        );
        assert_eq!(
            kc(
                r#"{"sk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"p"}]}}"#,
                Some("sk")
            )
            .unwrap_err(),
            "Query condition missed key schema element: pk"
        );
        assert_eq!(
            kc(
                r#"{"pk":{"ComparisonOperator":"GT","AttributeValueList":[{"S":"p"}]}}"#,
                None
            )
            .unwrap_err(),
            "Query key condition not supported"
        );
    }

    #[test]
    fn attribute_updates() {
        let upd = |u: &str| {
            let u: HashMap<String, AttributeValueUpdate> = json(u);
            attribute_updates_to_update(&u).map_err(|e| e.message)
        };
        let u = upd(r#"{"a":{"Value":{"N":"1"}},"b":{"Action":"DELETE"},"c":{"Action":"ADD","Value":{"N":"2"}}}"#)
            .unwrap();
        assert_eq!(
            u.actions,
            vec![
                UpdateAction::Set(
                    Path::attribute("a"),
                    SetValue::Value(AttributeValue::N(1.into()))
                ),
                UpdateAction::Remove(Path::attribute("b")),
                UpdateAction::Add(Path::attribute("c"), AttributeValue::N(2.into())),
            ]
        );
        assert_eq!(
            upd(r#"{"a":{"Action":"PUT"}}"#).unwrap_err(),
            "One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified"
        );
        assert_eq!(
            upd(r#"{"a":{"Action":"DELETE","Value":{"S":"x"}}}"#).unwrap_err(),
            "One or more parameter values were invalid: DELETE action with value is not supported for the type S"
        );
        assert_eq!(
            upd(r#"{"a":{"Action":"ADD","Value":{"S":"x"}}}"#).unwrap_err(),
            "One or more parameter values were invalid: ADD action is not supported for the type S"
        );
        // A dot in a legacy name is part of the name, not a path.
        assert_eq!(
            attributes_to_get_to_projection(&["a.b".to_string()]),
            vec![Path::attribute("a.b")]
        );
    }
}
