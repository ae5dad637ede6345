//! The expression language through its public API: parsing with DynamoDB's precedence and
//! messages, evaluation, updates, projections, key conditions and the legacy parameters.

#![allow(clippy::unwrap_used)] // a test stops at the first failure

use std::collections::HashMap;

use ddb_expr::legacy::{self, AttributeValueUpdate, ExpectedAttributeValue, LegacyCondition};
use ddb_expr::*;
use ddb_model::{AttributeValue, Item};
use proptest::prelude::*;

fn item(json: &str) -> Item {
    serde_json::from_str(json).unwrap()
}

fn values(json: &str) -> HashMap<String, AttributeValue> {
    serde_json::from_str(json).unwrap()
}

fn names(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn cond(text: &str, v: &HashMap<String, AttributeValue>) -> Result<Condition, String> {
    let mut ctx = ExpressionContext::new(None, Some(v));
    parse_condition(text, ExpressionKind::Condition, &mut ctx).map_err(|e| e.message)
}

fn holds(text: &str, v: &str, it: &str) -> bool {
    let v = values(v);
    let c = cond(text, &v).unwrap();
    evaluate(&c, Some(&item(it))).unwrap()
}

#[test]
fn comparisons_and_functions() {
    let it = r#"{"a":{"N":"5"},"s":{"S":"hello"},"l":{"L":[{"N":"1"},{"S":"x"}]},"ss":{"SS":["p","q"]},"m":{"M":{"b":{"BOOL":true}}}}"#;
    let v = r#"{":five":{"N":"5.0"},":four":{"N":"4"},":six":{"N":"6"},":he":{"S":"he"},":x":{"S":"x"},":p":{"S":"p"},":t":{"S":"BOOL"},":two":{"N":"2"}}"#;
    assert!(holds("a = :five", v, it));
    assert!(holds("a > :four AND a < :six", v, it));
    assert!(holds("a BETWEEN :four AND :six", v, it));
    assert!(holds("a IN (:four, :five)", v, it));
    assert!(holds("begins_with(s, :he)", v, it));
    assert!(holds(
        "contains(l, :x) AND contains(ss, :p) AND contains(s, :he)",
        v,
        it
    ));
    assert!(holds("attribute_type(m.b, :t)", v, it));
    assert!(holds("size(l) = :two AND size(s) > :four", v, it));
    assert!(holds(
        "attribute_exists(m.b) AND attribute_not_exists(m.c)",
        v,
        it
    ));
    // Across types a comparison is false, not an error; <> of a missing attribute is true.
    assert!(!holds("s > :four", v, it));
    assert!(holds("nothing <> :four", v, it));
    assert!(!holds("nothing = :four", v, it));
}

#[test]
fn not_binds_tighter_than_and_and_and_than_or() {
    let v = r#"{":t":{"BOOL":true},":f":{"BOOL":false}}"#;
    let it = r#"{"x":{"BOOL":true},"y":{"BOOL":false}}"#;
    // true OR (false AND false) = true; (true OR false) AND false would be false.
    assert!(holds("x = :t OR y = :t AND y = :t", v, it));
    // (NOT false) AND true = true; NOT (false AND true) would also be true, so check with OR:
    // NOT x = :t OR x = :t  ->  (NOT true) OR true = true.
    assert!(holds("NOT x = :t OR x = :t", v, it));
    assert!(!holds("NOT (x = :t OR x = :t)", v, it));
}

#[test]
fn dynamodb_messages_for_bad_conditions() {
    let v = values(r#"{":v":{"N":"1"},":s":{"S":"a"}}"#);
    assert_eq!(
        cond("status = :v", &v).unwrap_err(),
        "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status"
    );
    assert_eq!(
        cond("a = :missing", &v).unwrap_err(),
        "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :missing"
    );
    assert_eq!(
        cond("#n = :v", &v).unwrap_err(),
        "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #n"
    );
    assert_eq!(
        cond("a = ", &v).unwrap_err(),
        "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"= \""
    );
    assert_eq!(
        cond("", &v).unwrap_err(),
        "Invalid ConditionExpression: The expression can not be empty;"
    );
    assert_eq!(
        cond("((a = :v))", &v).unwrap_err(),
        "Invalid ConditionExpression: The expression has redundant parentheses;"
    );
    assert_eq!(
        cond("foo(a)", &v).unwrap_err(),
        "Invalid ConditionExpression: Invalid function name; function: foo"
    );
    assert_eq!(
        cond("attribute_exists(a) = :v", &v).unwrap_err(),
        "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: attribute_exists"
    );
    assert_eq!(
        cond("a = a", &v).unwrap_err(),
        "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]"
    );
    assert_eq!(
        cond("begins_with(a, :v)", &v).unwrap_err(),
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"
    );
    assert!(cond("a BETWEEN :s AND :v", &v)
        .unwrap_err()
        .contains("requires same data type"));
}

#[test]
fn unused_placeholders_are_reported() {
    let v = values(r#"{":a":{"N":"1"},":b":{"N":"2"}}"#);
    let n = names(&[("#x", "x"), ("#y", "y")]);
    let mut ctx = ExpressionContext::new(Some(&n), Some(&v));
    parse_condition("#x = :a", ExpressionKind::Condition, &mut ctx).unwrap();
    assert_eq!(
        ctx.check_all_used().unwrap_err().message,
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#y}"
    );
}

fn update(text: &str, v: &str, start: &str) -> Result<Item, String> {
    let v = values(v);
    let mut ctx = ExpressionContext::new(None, Some(&v));
    let u = parse_update(text, &mut ctx).map_err(|e| e.message)?;
    let mut it = item(start);
    u.apply(&mut it).map_err(|e| e.message)?;
    Ok(it)
}

#[test]
fn update_clauses() {
    let out = update(
        "SET n = n + :one, l = list_append(l, :more), f = if_not_exists(f, :one), m.k = :one REMOVE gone, r[0] ADD c :one, s :set DELETE d :del",
        r#"{":one":{"N":"1"},":more":{"L":[{"S":"z"}]},":set":{"SS":["b"]},":del":{"SS":["x"]}}"#,
        r#"{"n":{"N":"41"},"l":{"L":[{"S":"a"},{"S":"b"}]},"r":{"L":[{"S":"a"},{"S":"b"}]},"m":{"M":{}},"gone":{"S":"x"},"s":{"SS":["a"]},"d":{"SS":["x"]}}"#,
    )
    .unwrap();
    assert_eq!(
        out,
        item(
            r#"{"n":{"N":"42"},"l":{"L":[{"S":"a"},{"S":"b"},{"S":"z"}]},"r":{"L":[{"S":"b"}]},"f":{"N":"1"},"m":{"M":{"k":{"N":"1"}}},"c":{"N":"1"},"s":{"SS":["a","b"]}}"#
        )
    );
}

#[test]
fn update_errors() {
    let v = r#"{":one":{"N":"1"},":s":{"S":"x"}}"#;
    assert!(update("SET a = :one SET b = :one", v, "{}")
        .unwrap_err()
        .contains("\"SET\" section can only be used once"));
    assert!(update("SET a = :one, a.b = :one", v, "{}")
        .unwrap_err()
        .contains("Two document paths overlap"));
    assert!(update("SET a.b = :one, a[0] = :one", v, "{}")
        .unwrap_err()
        .contains("Two document paths conflict"));
    assert_eq!(
        update("SET a = b + :one", v, r#"{"b":{"S":"x"}}"#).unwrap_err(),
        "An operand in the update expression has an incorrect data type"
    );
    assert_eq!(
        update("SET a.b = :one", v, "{}").unwrap_err(),
        "The document path provided in the update expression is invalid for update"
    );
    assert!(update("ADD a :s", v, "{}")
        .unwrap_err()
        .contains("operator: ADD, operand type: STRING"));
    assert!(update("SET a = :s + :one", v, "{}")
        .unwrap_err()
        .contains("operator or function: +, operand type: S"));
    assert_eq!(
        update("SET a = absent_attr", v, "{}").unwrap_err(),
        "The provided expression refers to an attribute that does not exist in the item"
    );
}

#[test]
fn right_hand_sides_see_the_old_item() {
    let out = update(
        "SET a = :one, b = a",
        r#"{":one":{"N":"1"}}"#,
        r#"{"a":{"N":"7"}}"#,
    )
    .unwrap();
    assert_eq!(out, item(r#"{"a":{"N":"1"},"b":{"N":"7"}}"#));
}

#[test]
fn projections_keep_shape_and_compact_lists() {
    let mut ctx = ExpressionContext::new(None, None);
    let paths = parse_projection("a.b, l[2], l[0], z", &mut ctx).unwrap();
    let it = item(
        r#"{"a":{"M":{"b":{"N":"1"},"c":{"N":"2"}}},"l":{"L":[{"S":"x"},{"S":"y"},{"S":"w"}]},"q":{"N":"3"}}"#,
    );
    assert_eq!(
        project(&it, &paths),
        item(r#"{"a":{"M":{"b":{"N":"1"}}},"l":{"L":[{"S":"x"},{"S":"w"}]}}"#)
    );
    let err = parse_projection("a, a.b", &mut ExpressionContext::new(None, None)).unwrap_err();
    assert!(err.message.contains("Two document paths overlap"));
}

#[test]
fn key_conditions() {
    let v = values(r#"{":p":{"S":"a"},":y":{"S":"2024"},":n":{"N":"1"}}"#);
    let parse = |t: &str| {
        let mut ctx = ExpressionContext::new(None, Some(&v));
        parse_key_condition(t, &mut ctx, "pk", Some("sk")).map_err(|e| e.message)
    };
    let kc = parse("pk = :p AND begins_with(sk, :y)").unwrap();
    assert_eq!(kc.partition_key.0, "pk");
    assert!(matches!(
        kc.sort_key,
        Some((_, SortKeyCondition::BeginsWith(_)))
    ));
    assert_eq!(
        parse("sk = :y").unwrap_err(),
        "Query condition missed key schema element: pk"
    );
    assert_eq!(
        parse("pk > :p").unwrap_err(),
        "Query key condition not supported"
    );
    assert!(parse("pk = :p OR sk = :y")
        .unwrap_err()
        .contains("Invalid operator used in KeyConditionExpression: OR"));
    assert!(parse("pk = :p AND sk = :y AND sk > :y")
        .unwrap_err()
        .contains("KeyConditionExpressions must only contain one condition per key"));
    assert!(parse("pk = :p AND sk = :y AND x > :y")
        .unwrap_err()
        .contains("The number of query conditions (3) exceeds the number of key attributes defined in the schema (2)"));
    assert!(parse("pk = :p AND begins_with(sk, :n)")
        .unwrap_err()
        .contains("operand type: N"));
    // The value may come first: ":y <= sk" is "sk >= :y".
    assert!(matches!(
        parse("pk = :p AND :y <= sk").unwrap().sort_key,
        Some((_, SortKeyCondition::Ge(_)))
    ));
}

#[test]
fn legacy_parameters_translate_to_the_same_tree() {
    let mut expected = HashMap::new();
    expected.insert(
        "a".to_string(),
        ExpectedAttributeValue {
            value: None,
            exists: Some(false),
            comparison_operator: None,
            attribute_value_list: None,
        },
    );
    let c = legacy::expected_to_condition(&expected, None).unwrap();
    assert_eq!(c, Condition::AttributeNotExists(Path::attribute("a")));

    let mut filter = HashMap::new();
    filter.insert(
        "n".to_string(),
        LegacyCondition {
            attribute_value_list: Some(vec![
                AttributeValue::N("1".parse().unwrap()),
                AttributeValue::N("3".parse().unwrap()),
            ]),
            comparison_operator: Some("BETWEEN".into()),
        },
    );
    let c = legacy::filter_to_condition(&filter, None).unwrap();
    assert!(evaluate(&c, Some(&item(r#"{"n":{"N":"2"}}"#))).unwrap());

    let mut updates = HashMap::new();
    updates.insert(
        "c".to_string(),
        AttributeValueUpdate {
            value: Some(AttributeValue::N("2".parse().unwrap())),
            action: Some("ADD".into()),
        },
    );
    let u = legacy::attribute_updates_to_update(&updates).unwrap();
    let mut it = item(r#"{"c":{"N":"1"}}"#);
    u.apply(&mut it).unwrap();
    assert_eq!(it, item(r#"{"c":{"N":"3"}}"#));
}

proptest! {
    #[test]
    fn parsers_never_panic(text in "[ -~]{0,60}") {
        let v = values(r#"{":a":{"N":"1"},":b":{"S":"x"}}"#);
        let n = names(&[("#a", "a")]);
        let mut ctx = ExpressionContext::new(Some(&n), Some(&v));
        let _ = parse_condition(&text, ExpressionKind::Filter, &mut ctx);
        let _ = parse_update(&text, &mut ctx);
        let _ = parse_projection(&text, &mut ctx);
        let _ = parse_key_condition(&text, &mut ctx, "pk", Some("sk"));
    }

    #[test]
    fn parsers_never_panic_on_expression_like_text(
        parts in proptest::collection::vec(prop_oneof![
            Just("a"), Just("#a"), Just(":a"), Just(":b"), Just("("), Just(")"), Just("["), Just("]"), Just("0"),
            Just(","), Just("."), Just("="), Just("<>"), Just("<"), Just(">="), Just("+"), Just("-"), Just("AND"),
            Just("OR"), Just("NOT"), Just("BETWEEN"), Just("IN"), Just("SET"), Just("REMOVE"), Just("ADD"),
            Just("DELETE"), Just("size"), Just("contains"), Just("begins_with"), Just("if_not_exists"),
            Just("list_append"), Just("attribute_exists")
        ], 0..14)
    ) {
        let text = parts.join(" ");
        let v = values(r#"{":a":{"N":"1"},":b":{"L":[]}}"#);
        let n = names(&[("#a", "a")]);
        let mut ctx = ExpressionContext::new(Some(&n), Some(&v));
        if let Ok(c) = parse_condition(&text, ExpressionKind::Condition, &mut ctx) {
            let _ = evaluate(&c, Some(&item(r#"{"a":{"N":"1"}}"#)));
        }
        if let Ok(u) = parse_update(&text, &mut ctx) {
            let mut it = item(r#"{"a":{"L":[{"N":"1"}]}}"#);
            let _ = u.apply(&mut it);
        }
    }
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    // On the stack `ddb serve` gives its workers: following up to 300 levels needs more than
    // a default 2 MiB thread has in a debug build.
    std::thread::Builder::new()
        .stack_size(ddb_expr::STACK_FOR_PARSING)
        .spawn(deep_nesting_checks)
        .unwrap()
        .join()
        .unwrap();
}

fn deep_nesting_checks() {
    let v = values(r#"{":a":{"N":"1"}}"#);
    let deep = format!("{}a = :a{}", "(".repeat(1500), ")".repeat(1500));
    assert!(cond(&deep, &v)
        .unwrap_err()
        .contains("The expression has redundant parentheses;"));
    let nots = format!("{}a = :a", "NOT ".repeat(1000));
    assert!(cond(&nots, &v)
        .unwrap_err()
        .contains("The expression contains too many operators; operator count: 301"));
    let mut ctx = ExpressionContext::new(None, Some(&v));
    let update = format!(
        "SET a = {}:a{}",
        "if_not_exists(b, ".repeat(300),
        ")".repeat(300)
    );
    assert!(parse_update(&update, &mut ctx).is_err());
}
