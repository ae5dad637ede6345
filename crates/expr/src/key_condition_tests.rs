//! Tests of key conditions: the shapes DynamoDB allows, its messages, and matching.

use std::collections::HashMap;

use super::*;

fn values() -> HashMap<String, AttributeValue> {
    [
        (":p", AttributeValue::S("p".into())),
        (":a", AttributeValue::S("a".into())),
        (":b", AttributeValue::S("b".into())),
        (":n", AttributeValue::N("1".parse().unwrap())),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

fn parse_with(text: &str, range: Option<&str>) -> Result<KeyCondition, String> {
    let v = values();
    let names: HashMap<String, String> = [("#k".to_string(), "sk".to_string())].into();
    let mut ctx = ExpressionContext::new(Some(&names), Some(&v));
    parse_key_condition(text, &mut ctx, "pk", range).map_err(|e| e.message)
}

fn parse(text: &str) -> Result<KeyCondition, String> {
    parse_with(text, Some("sk"))
}

fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.into())
}

fn sort(text: &str) -> SortKeyCondition {
    parse(text).unwrap().sort_key.unwrap().1
}

#[test]
fn allowed_shapes() {
    let kc = parse("pk = :p").unwrap();
    assert_eq!(kc.partition_key, ("pk".to_string(), s("p")));
    assert_eq!(kc.sort_key, None);
    assert_eq!(sort("pk = :p AND sk = :a"), SortKeyCondition::Eq(s("a")));
    assert_eq!(sort("sk < :a AND pk = :p"), SortKeyCondition::Lt(s("a")));
    assert_eq!(sort("pk = :p AND #k <= :a"), SortKeyCondition::Le(s("a")));
    assert_eq!(sort("pk = :p AND sk > :a"), SortKeyCondition::Gt(s("a")));
    assert_eq!(sort("pk = :p AND sk >= :a"), SortKeyCondition::Ge(s("a")));
    assert_eq!(sort("pk = :p AND :a < sk"), SortKeyCondition::Gt(s("a")));
    assert_eq!(sort("pk = :p AND :a >= sk"), SortKeyCondition::Le(s("a")));
    assert_eq!(
        sort("pk = :p AND sk BETWEEN :a AND :b"),
        SortKeyCondition::Between(s("a"), s("b"))
    );
    assert_eq!(
        sort("(pk = :p) AND (begins_with(sk, :a))"),
        SortKeyCondition::BeginsWith(s("a"))
    );
    assert_eq!(parse(":p = pk").unwrap().partition_key.1, s("p"));
}

#[test]
fn operators_a_key_condition_may_not_use() {
    // Reported bare, without the "Invalid KeyConditionExpression: " frame.
    let invalid = |op: &str| format!("Invalid operator used in KeyConditionExpression: {op}");
    assert_eq!(parse("pk = :p OR sk = :a").unwrap_err(), invalid("OR"));
    assert_eq!(parse("NOT pk = :p").unwrap_err(), invalid("NOT"));
    assert_eq!(parse("pk IN (:p)").unwrap_err(), invalid("IN"));
    assert_eq!(parse("pk <> :p").unwrap_err(), invalid("<>"));
    assert_eq!(
        parse("pk = :p AND attribute_exists(sk)").unwrap_err(),
        invalid("attribute_exists")
    );
    assert_eq!(
        parse("pk = :p AND contains(sk, :a)").unwrap_err(),
        invalid("contains")
    );
}

#[test]
fn condition_shape_messages() {
    // Structural faults are reported bare, except a nested key path, which DynamoDB frames.
    let e = |m: &str| m.to_string();
    assert_eq!(
        parse("pk = :p AND size(sk) > :n").unwrap_err(),
        e("KeyConditionExpressions cannot contain nested operations")
    );
    assert_eq!(
        parse("pk.x = :p").unwrap_err(),
        "Invalid KeyConditionExpression: KeyConditionExpressions cannot have conditions on nested attributes"
    );
    assert_eq!(
        parse("pk = sk").unwrap_err(),
        e("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition")
    );
    assert_eq!(
        parse(":p = :a").unwrap_err(),
        e("Invalid condition in KeyConditionExpression: No key attribute specified")
    );
    assert_eq!(
        parse("pk = :p AND :a BETWEEN sk AND :b").unwrap_err(),
        e("Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand")
    );
    assert_eq!(
        parse("pk = :p AND begins_with(:a, sk)").unwrap_err(),
        e("Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand")
    );
    assert_eq!(
        parse("pk = :p AND sk > :a AND sk < :b").unwrap_err(),
        e("Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key")
    );
    assert_eq!(
        parse("pk = :p AND sk > :a AND x < :b").unwrap_err(),
        e("The number of query conditions (3) exceeds the number of key attributes defined in the schema (2)")
    );
    assert_eq!(
        parse("pk = :p AND begins_with(sk, :n)").unwrap_err(),
        "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"
    );
}

#[test]
fn key_schema_messages() {
    assert_eq!(
        parse("sk = :a").unwrap_err(),
        "Query condition missed key schema element: pk"
    );
    assert_eq!(
        parse("x = :a").unwrap_err(),
        "Query condition missed key schema element: pk"
    );
    assert_eq!(
        parse("pk > :p").unwrap_err(),
        "Query key condition not supported"
    );
    assert_eq!(
        parse("begins_with(pk, :p)").unwrap_err(),
        "Query key condition not supported"
    );
    assert_eq!(
        parse("pk = :p AND x = :a").unwrap_err(),
        "Query condition missed key schema element: sk"
    );
    assert_eq!(
        parse_with("pk = :p AND sk = :a", None).unwrap_err(),
        "Query key condition not supported"
    );
}

#[test]
fn sort_key_matching() {
    let n = |v: &str| AttributeValue::N(v.parse().unwrap());
    assert!(SortKeyCondition::Eq(n("1.0")).matches(&n("1")));
    assert!(SortKeyCondition::Lt(n("2")).matches(&n("-5")));
    assert!(!SortKeyCondition::Lt(n("2")).matches(&n("2")));
    assert!(SortKeyCondition::Le(n("2")).matches(&n("2")));
    assert!(SortKeyCondition::Gt(s("a")).matches(&s("b")));
    assert!(SortKeyCondition::Ge(s("b")).matches(&s("b")));
    assert!(SortKeyCondition::Between(s("a"), s("c")).matches(&s("b")));
    assert!(SortKeyCondition::Between(s("a"), s("c")).matches(&s("c")));
    assert!(!SortKeyCondition::Between(s("a"), s("c")).matches(&s("cc")));
    assert!(SortKeyCondition::BeginsWith(s("2023-")).matches(&s("2023-05-01")));
    assert!(!SortKeyCondition::BeginsWith(s("2024-")).matches(&s("2023-05-01")));
    assert!(SortKeyCondition::BeginsWith(AttributeValue::B(vec![1]))
        .matches(&AttributeValue::B(vec![1, 2])));
    // Values of another type never match.
    assert!(!SortKeyCondition::Eq(s("1")).matches(&n("1")));
    assert!(!SortKeyCondition::BeginsWith(s("1")).matches(&n("1")));
}
