//! Tests of the condition grammar: precedence, operand forms, and every fault with DynamoDB's
//! exact message and rank.

use std::collections::HashMap;

use super::*;
use crate::names::ExpressionContext;
use crate::{parse_condition, ExpressionKind, PathElement};

fn values() -> HashMap<String, AttributeValue> {
    let n = |s: &str| AttributeValue::N(s.parse().unwrap());
    [
        (":n", n("1")),
        (":five", n("5")),
        (":s", AttributeValue::S("a".into())),
        (":t", AttributeValue::S("S".into())),
        (":bad_type", AttributeValue::S("X".into())),
        (":b", AttributeValue::B(vec![1])),
        (":bool", AttributeValue::Bool(true)),
        (":l", AttributeValue::L(vec![])),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

fn names() -> HashMap<String, String> {
    [("#s", "status"), ("#a", "a")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn parse_as(text: &str, kind: ExpressionKind) -> Result<Condition, String> {
    let (n, v) = (names(), values());
    let mut ctx = ExpressionContext::new(Some(&n), Some(&v));
    parse_condition(text, kind, &mut ctx).map_err(|e| e.message)
}

fn parse(text: &str) -> Result<Condition, String> {
    parse_as(text, ExpressionKind::Condition)
}

fn err(text: &str) -> String {
    match parse(text) {
        Ok(c) => panic!("{text} parsed as {c:?}"),
        Err(m) => m
            .strip_prefix("Invalid ConditionExpression: ")
            .unwrap_or(&m)
            .to_string(),
    }
}

fn path(names: &[&str]) -> Path {
    Path(
        names
            .iter()
            .map(|n| PathElement::Attr(n.to_string()))
            .collect(),
    )
}

fn p(name: &str) -> Operand {
    Operand::Path(path(&[name]))
}

fn v(name: &str) -> Operand {
    Operand::Value(values()[name].clone())
}

fn eq(a: &str) -> Condition {
    Condition::Compare(p(a), CompareOp::Eq, v(":n"))
}

fn and(a: Condition, b: Condition) -> Condition {
    Condition::And(Box::new(a), Box::new(b))
}

fn or(a: Condition, b: Condition) -> Condition {
    Condition::Or(Box::new(a), Box::new(b))
}

fn not(a: Condition) -> Condition {
    Condition::Not(Box::new(a))
}

#[test]
fn precedence_is_not_then_and_then_or() {
    assert_eq!(
        parse("a = :n OR b = :n AND c = :n").unwrap(),
        or(eq("a"), and(eq("b"), eq("c")))
    );
    assert_eq!(
        parse("NOT a = :n AND b = :n").unwrap(),
        and(not(eq("a")), eq("b"))
    );
    assert_eq!(
        parse("(a = :n OR b = :n) AND c = :n").unwrap(),
        and(or(eq("a"), eq("b")), eq("c"))
    );
    assert_eq!(
        parse("a = :n and b = :n or not c = :n").unwrap(),
        or(and(eq("a"), eq("b")), not(eq("c")))
    );
    assert_eq!(parse("NOT NOT a = :n").unwrap(), not(not(eq("a"))));
    // AND and OR group to the left.
    assert_eq!(
        parse("a = :n AND b = :n AND c = :n").unwrap(),
        and(and(eq("a"), eq("b")), eq("c"))
    );
}

#[test]
fn comparisons_between_and_in() {
    for (sym, op) in [
        ("=", CompareOp::Eq),
        ("<>", CompareOp::Ne),
        ("<", CompareOp::Lt),
        ("<=", CompareOp::Le),
        (">", CompareOp::Gt),
        (">=", CompareOp::Ge),
    ] {
        assert_eq!(
            parse(&format!("a {sym} :n")).unwrap(),
            Condition::Compare(p("a"), op, v(":n"))
        );
    }
    assert_eq!(
        parse("a between :n and :five").unwrap(),
        Condition::Between(p("a"), v(":n"), v(":five"))
    );
    assert_eq!(
        parse("a IN (:n, b, :five)").unwrap(),
        Condition::In(p("a"), vec![v(":n"), p("b"), v(":five")])
    );
    assert_eq!(
        parse("a BETWEEN :n AND :five AND b = :n").unwrap(),
        and(Condition::Between(p("a"), v(":n"), v(":five")), eq("b"))
    );
}

#[test]
fn operands_may_be_parenthesized() {
    assert_eq!(parse("(a) = :n").unwrap(), eq("a"));
    assert_eq!(parse("a = (:n)").unwrap(), eq("a"));
    assert_eq!(parse("NOT (a) = :n").unwrap(), not(eq("a")));
    assert_eq!(
        parse("(size(a)) > :n").unwrap(),
        Condition::Compare(Operand::Size(path(&["a"])), CompareOp::Gt, v(":n"))
    );
    assert_eq!(
        parse("(attribute_exists(a))").unwrap(),
        Condition::AttributeExists(path(&["a"]))
    );
    assert_eq!(
        parse("(NOT attribute_exists(a)) AND (b = :n)").unwrap(),
        and(not(Condition::AttributeExists(path(&["a"]))), eq("b"))
    );
}

#[test]
fn functions() {
    assert_eq!(
        parse("attribute_type(a.b, :t)").unwrap(),
        Condition::AttributeType(Operand::Path(path(&["a", "b"])), ValueType::S)
    );
    assert_eq!(
        parse("begins_with(a, :s) OR contains(#s, :s)").unwrap(),
        or(
            Condition::BeginsWith(p("a"), v(":s")),
            Condition::Contains(p("status"), v(":s"))
        )
    );
    assert_eq!(
        parse("attribute_not_exists(#a[2])").unwrap(),
        Condition::AttributeNotExists(Path(vec![
            PathElement::Attr("a".into()),
            PathElement::Index(2)
        ]))
    );
    // size() of a literal is known while parsing.
    assert_eq!(
        parse("size(:s) = :n").unwrap(),
        Condition::Compare(v(":n"), CompareOp::Eq, v(":n"))
    );
    assert_eq!(
        parse("contains(a, size(b))").unwrap(),
        Condition::Contains(p("a"), Operand::Size(path(&["b"])))
    );
}

#[test]
fn keywords_and_placeholders() {
    assert_eq!(parse("#s = :n").unwrap(), eq("status"));
    assert_eq!(
        err("status = :n"),
        "Attribute name is a reserved keyword; reserved keyword: status"
    );
    assert_eq!(
        err("a.Size = :n"),
        "Attribute name is a reserved keyword; reserved keyword: Size"
    );
    assert_eq!(
        err("#zz = :n"),
        "An expression attribute name used in the document path is not defined; attribute name: #zz"
    );
    assert_eq!(
        err("a = :zz"),
        "An expression attribute value used in expression is not defined; attribute value: :zz"
    );
    assert_eq!(
        parse_as("status = :n", ExpressionKind::Filter).unwrap_err(),
        "Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: status"
    );
}

#[test]
fn syntax_errors() {
    let syntax =
        |token: &str, near: &str| format!("Syntax error; token: \"{token}\", near: \"{near}\"");
    assert_eq!(err("a = "), syntax("<EOF>", "= "));
    assert_eq!(err("a"), syntax("<EOF>", "a"));
    assert_eq!(err("a = :n AND"), syntax("<EOF>", "AND"));
    assert_eq!(err("attribute_type()"), syntax(")", "()"));
    assert_eq!(err("a[x] = :n"), syntax("x", "[x]"));
    assert_eq!(err("a = :n b = :n"), syntax("b", ":n b ="));
    assert_eq!(err("a ! :n"), syntax("!", "a ! :n"));
    assert_eq!(err("_a = :n"), syntax("_", "_a"));
    assert_eq!(err("a = :n AND OR b = :n"), syntax("OR", "AND OR b"));
    assert_eq!(err("a BETWEEN :n OR :n"), syntax("OR", ":n OR :n"));
    assert_eq!(err("(a = :n"), syntax("<EOF>", ":n"));
    assert_eq!(err("a IN :n"), syntax(":n", "IN :n"));
    assert_eq!(err("(a) AND b = :n"), syntax("AND", ") AND b"));
    assert_eq!(err("# = :n"), syntax("#", "# ="));
    assert_eq!(err("a = :"), syntax(":", "= :"));
    assert_eq!(
        parse("").unwrap_err(),
        "Invalid ConditionExpression: The expression can not be empty;"
    );
}

#[test]
fn functions_in_the_wrong_place() {
    let misused = |f: &str| {
        format!("The function is not allowed to be used this way in an expression; function: {f}")
    };
    assert_eq!(err("attribute_exists(a) = :n"), misused("attribute_exists"));
    assert_eq!(err("a = begins_with(a, :s)"), misused("begins_with"));
    assert_eq!(err("size(a)"), misused("size"));
    assert_eq!(err("size(a) AND a = :n"), misused("size"));
    assert_eq!(
        err("contains(attribute_type(a, :t), :s)"),
        misused("attribute_type")
    );
    assert_eq!(err("a IN (:n, contains(a, :s))"), misused("contains"));
    assert_eq!(
        err("frobnicate(a)"),
        "Invalid function name; function: frobnicate"
    );
    assert_eq!(
        err("ATTRIBUTE_EXISTS(a)"),
        "Invalid function name; function: ATTRIBUTE_EXISTS"
    );
}

#[test]
fn function_operand_checks() {
    assert_eq!(
        err("attribute_exists(a, b)"),
        "Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2"
    );
    assert_eq!(
        err("begins_with(a)"),
        "Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1"
    );
    assert_eq!(
        err("attribute_exists(:n)"),
        "Operator or function requires a document path; operator or function: attribute_exists"
    );
    assert_eq!(
        err("attribute_type(a, :bad_type)"),
        "Invalid attribute type name found; type: X, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"
    );
    assert_eq!(
        err("attribute_type(a, :n)"),
        "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N"
    );
    assert_eq!(
        err("attribute_type(a, b)"),
        "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}"
    );
    assert_eq!(
        err("begins_with(a, :n)"),
        "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"
    );
    assert_eq!(
        err("size(:bool) > :n"),
        "Incorrect operand type for operator or function; operator or function: size, operand type: BOOL"
    );
    assert!(parse("begins_with(a, :b)").is_ok());
}

#[test]
fn operands_must_be_distinct() {
    assert_eq!(
        err("a = a"),
        "The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]"
    );
    assert_eq!(
        err("contains(#a, a)"),
        "The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [a]"
    );
    assert_eq!(
        err("a[0] <> a[0]"),
        "The first operand must be distinct from the remaining operands for this operator or function; operator: <>, first operand: [a, [0]]"
    );
    assert!(parse("a[0] <> a[1]").is_ok());
}

#[test]
fn between_bounds() {
    assert_eq!(
        err("a BETWEEN :n AND :s"),
        "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}"
    );
    assert_eq!(
        err("a BETWEEN :five AND :n"),
        "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}"
    );
    assert!(parse("a BETWEEN :n AND :n").is_ok());
    assert!(parse("a BETWEEN b AND :n").is_ok());
}

#[test]
fn in_takes_at_most_a_hundred_operands() {
    let list = |n: usize| vec![":n"; n].join(", ");
    assert!(parse(&format!("a IN ({})", list(100))).is_ok());
    assert_eq!(
        err(&format!("a IN ({})", list(101))),
        "The IN operator is provided with too many operands; number of operands: 101"
    );
}

#[test]
fn redundant_parentheses() {
    let msg = "The expression has redundant parentheses;";
    assert_eq!(err("((a = :n))"), msg);
    assert_eq!(err("((a)) = :n"), msg);
    assert_eq!(err("a = ((:n))"), msg);
    assert_eq!(err("b = :n AND ((a = :n))"), msg);
    assert!(parse("(a = :n) AND (b = :n)").is_ok());
    assert!(parse("((a = :n) AND (b = :n))").is_ok());
}

#[test]
fn faults_are_reported_by_rank_not_position() {
    // Redundant parentheses outrank an unknown function, which outranks a misused function,
    // which outranks a reserved word, which outranks placeholders and operand checks.
    assert_eq!(
        err("status = :zz AND nope(a) AND ((a = :n))"),
        "The expression has redundant parentheses;"
    );
    assert_eq!(
        err("size(a) AND nope(a)"),
        "Invalid function name; function: nope"
    );
    assert_eq!(
        err("#zz = :n AND status = :n"),
        "Attribute name is a reserved keyword; reserved keyword: status"
    );
    assert_eq!(
        err("a = a AND attribute_exists(a, b) AND c = :zz"),
        "An expression attribute value used in expression is not defined; attribute value: :zz"
    );
    assert_eq!(
        err("a = a AND attribute_exists(a, b)"),
        "Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2"
    );
    // A syntax error wins over everything.
    assert!(err("status = :zz AND").starts_with("Syntax error"));
}

#[test]
fn operator_limit() {
    let conds = |n: usize| vec!["a = :n"; n].join(" AND ");
    // 150 comparisons and 149 ANDs are 299 operators; 151 and 150 are 301.
    assert!(parse(&conds(150)).is_ok());
    assert_eq!(
        err(&conds(151)),
        "The expression contains too many operators; operator count: 301"
    );
}

#[test]
fn size_limit_counts_raw_bytes() {
    let long = format!("a = :n AND {} = :n", "b".repeat(4096));
    assert_eq!(
        err(&long),
        format!(
            "Expression size has exceeded the maximum allowed size; expression size: {}",
            long.len()
        )
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    // Run on the stack a server worker thread has.
    let result = std::thread::Builder::new()
        .stack_size(crate::parser::STACK_FOR_PARSING)
        .spawn(|| {
            // 149 levels of `a = :n OR (...)`: 299 operators, which DynamoDB takes.
            let deep = |n: usize| format!("{}a = :n{}", "a = :n OR (".repeat(n), ")".repeat(n));
            assert!(parse(&deep(149)).is_ok());
            assert!(err(&deep(150)).starts_with("The expression contains too many operators"));
            let nested_nots = format!("{}a = :n{}", "(NOT ".repeat(299), ")".repeat(299));
            assert!(parse(&nested_nots).is_ok());
            let parens = format!("{}a = :n{}", "(".repeat(2000), ")".repeat(2000));
            assert_eq!(err(&parens), "The expression has redundant parentheses;");
            let nots = format!("{}a = :n", "NOT ".repeat(299));
            assert!(parse(&nots).is_ok());
            let nots = format!("{}a = :n", "NOT ".repeat(1000));
            assert!(err(&nots).starts_with("The expression contains too many operators"));
            let sizes = format!("{}a{} = :n", "size(".repeat(500), ")".repeat(500));
            assert!(err(&sizes).starts_with("The expression contains too many operators"));
        })
        .unwrap()
        .join();
    assert!(result.is_ok());
}
