//! Tests of update expression parsing: clauses, operands, and every fault with DynamoDB's
//! exact message and rank.

use std::collections::HashMap;

use super::*;
use crate::ast::PathElement;

fn values() -> HashMap<String, AttributeValue> {
    [
        (":n", AttributeValue::N("1".parse().unwrap())),
        (":s", AttributeValue::S("x".into())),
        (":l", AttributeValue::L(vec![])),
        (":ss", AttributeValue::Ss(vec!["a".into()])),
        (":m", AttributeValue::M(Default::default())),
        (":bool", AttributeValue::Bool(false)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

fn parse(text: &str) -> Result<UpdateExpression, String> {
    let names: HashMap<String, String> = [("#a".to_string(), "a".to_string())].into();
    let v = values();
    let mut ctx = ExpressionContext::new(Some(&names), Some(&v));
    parse_update(text, &mut ctx).map_err(|e| e.message)
}

fn err(text: &str) -> String {
    let m = parse(text).unwrap_err();
    m.strip_prefix("Invalid UpdateExpression: ")
        .unwrap_or(&m)
        .to_string()
}

fn attr(name: &str) -> Path {
    Path::attribute(name)
}

fn val(name: &str) -> SetValue {
    SetValue::Value(values()[name].clone())
}

#[test]
fn clauses_in_any_order_and_case() {
    let u = parse("remove x, y[2] set a = :n, b = c add d :n delete e :ss").unwrap();
    assert_eq!(
        u.actions,
        vec![
            UpdateAction::Remove(attr("x")),
            UpdateAction::Remove(Path(vec![
                PathElement::Attr("y".into()),
                PathElement::Index(2)
            ])),
            UpdateAction::Set(attr("a"), val(":n")),
            UpdateAction::Set(attr("b"), SetValue::Path(attr("c"))),
            UpdateAction::Add(attr("d"), values()[":n"].clone()),
            UpdateAction::Delete(attr("e"), values()[":ss"].clone()),
        ]
    );
    assert_eq!(u.paths().len(), 6);
    assert!(parse("  SeT   a=:n  ").is_ok());
}

#[test]
fn set_operands() {
    let set = |text: &str| match parse(text).unwrap().actions.remove(0) {
        UpdateAction::Set(_, v) => v,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        set("SET a = a + :n"),
        SetValue::Plus(Box::new(SetValue::Path(attr("a"))), Box::new(val(":n")))
    );
    assert_eq!(
        set("SET a = (a - :n)"),
        SetValue::Minus(Box::new(SetValue::Path(attr("a"))), Box::new(val(":n")))
    );
    assert_eq!(
        set("SET a = (a) - :n"),
        SetValue::Minus(Box::new(SetValue::Path(attr("a"))), Box::new(val(":n")))
    );
    assert_eq!(
        set("SET a = if_not_exists(b, :n) + :n"),
        SetValue::Plus(
            Box::new(SetValue::IfNotExists(attr("b"), Box::new(val(":n")))),
            Box::new(val(":n"))
        )
    );
    assert_eq!(
        set("SET a = list_append(if_not_exists(a, :l), :l)"),
        SetValue::ListAppend(
            Box::new(SetValue::IfNotExists(attr("a"), Box::new(val(":l")))),
            Box::new(val(":l"))
        )
    );
    assert_eq!(
        set("SET a = if_not_exists(b, if_not_exists(c, :n))"),
        SetValue::IfNotExists(
            attr("b"),
            Box::new(SetValue::IfNotExists(attr("c"), Box::new(val(":n"))))
        )
    );
}

#[test]
fn syntax_errors() {
    let syntax = |t: &str, n: &str| format!("Syntax error; token: \"{t}\", near: \"{n}\"");
    assert_eq!(err("SET"), syntax("<EOF>", "SET"));
    assert_eq!(err("SET a = "), syntax("<EOF>", "= "));
    assert_eq!(err("HELLO a = :n"), syntax("HELLO", "HELLO a"));
    assert_eq!(err("SET a = :n + :n + :n"), syntax("+", ":n + :n"));
    assert_eq!(
        err("SET a = if_not_exists(c, :n + :n)"),
        syntax("+", ":n + :n")
    );
    assert_eq!(err("SET :n = :n"), syntax(":n", "SET :n ="));
    assert_eq!(err("SET a[:n] = :n"), syntax(":n", "[:n]"));
    assert_eq!(err("SET a = :n,"), syntax("<EOF>", ","));
    assert_eq!(err("ADD a b"), syntax("b", "a b"));
    assert_eq!(err("REMOVE a = :n"), syntax("=", "a = :n"));
    assert_eq!(err("SET _f = :n"), syntax("_", "SET _f"));
    assert_eq!(err("SET a = _f(b)"), syntax("_", "= _f"));
}

#[test]
fn sections_only_once() {
    assert_eq!(
        err("SET a = :n SET b = :n"),
        "The \"SET\" section can only be used once in an update expression;"
    );
    assert_eq!(
        err("REMOVE a SET b = :n remove c"),
        "The \"REMOVE\" section can only be used once in an update expression;"
    );
}

#[test]
fn functions() {
    assert_eq!(
        err("SET a = f(b, c, d)"),
        "Invalid function name; function: f"
    );
    assert_eq!(
        err("SET a = LIST_APPEND(:l, :l)"),
        "Invalid function name; function: LIST_APPEND"
    );
    assert_eq!(
        err("SET a = list_append(:l)"),
        "Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 1"
    );
    assert_eq!(
        err("SET a = list_append(:l, :s)"),
        "Incorrect operand type for operator or function; operator or function: list_append, operand type: S"
    );
    assert_eq!(
        err("SET a = if_not_exists(:n, :n)"),
        "Operator or function requires a document path; operator or function: if_not_exists"
    );
    assert_eq!(
        err("SET a = if_not_exists(if_not_exists(a, :n), :n)"),
        "Operator or function requires a document path; operator or function: if_not_exists"
    );
    assert_eq!(
        err("SET a = list_append(list_append(:l, :l), :l)"),
        "The function is not allowed to be used this way in an expression; function: list_append"
    );
    assert_eq!(
        err("SET a = :s + :n"),
        "Incorrect operand type for operator or function; operator or function: +, operand type: S"
    );
    assert_eq!(
        err("SET a = :n - :l"),
        "Incorrect operand type for operator or function; operator or function: -, operand type: L"
    );
}

#[test]
fn add_and_delete_operands() {
    let wrong = |action: &str, ty: &str| {
        format!("Incorrect operand type for operator or function; operator: {action}, operand type: {ty}")
    };
    assert_eq!(err("ADD a :s"), wrong("ADD", "STRING"));
    assert_eq!(err("ADD a :l"), wrong("ADD", "LIST"));
    assert_eq!(err("ADD a :bool"), wrong("ADD", "BOOLEAN"));
    assert_eq!(err("DELETE a :n"), wrong("DELETE", "NUMBER"));
    assert_eq!(err("DELETE a :m"), wrong("DELETE", "MAP"));
    assert!(parse("ADD a :n, b :ss DELETE c :ss").is_ok());
}

#[test]
fn overlapping_and_conflicting_paths() {
    assert_eq!(
        err("SET a = :n REMOVE a"),
        "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"
    );
    assert_eq!(
        err("SET #a = :n, a = :n"),
        "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"
    );
    assert_eq!(
        err("SET a.b = :n, a = :s"),
        "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]"
    );
    assert_eq!(
        err("SET a[1][1] = :n, a[1] = :s"),
        "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, [1], [1]], path two: [a, [1]]"
    );
    assert_eq!(
        err("SET a.b = :n, a[1] = :s"),
        "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [1]]"
    );
    assert!(parse("SET a.b = :n, a.c.d = :n, b.x = :n REMOVE a.x, b.y").is_ok());
    // Reading a path that is written is fine.
    assert!(parse("SET a = b REMOVE b").is_ok());
}

#[test]
fn faults_are_reported_by_rank() {
    // Reserved word, then unknown function, then repeated section, then placeholders, then
    // overlaps, then operand types, then function checks.
    assert_eq!(
        err("SET a = f(x) SET year = :n"),
        "Attribute name is a reserved keyword; reserved keyword: year"
    );
    assert_eq!(
        err("SET a = :zz SET b = f(x)"),
        "Invalid function name; function: f"
    );
    assert_eq!(
        err("SET #zz = :zz SET a = :n"),
        "The \"SET\" section can only be used once in an update expression;"
    );
    assert_eq!(
        err("SET a = :zz, #zz = :n"),
        "An expression attribute name used in the document path is not defined; attribute name: #zz"
    );
    assert_eq!(
        err("SET a = :zz, a = :n"),
        "An expression attribute value used in expression is not defined; attribute value: :zz"
    );
    assert_eq!(
        err("ADD a :s SET a = :n"),
        "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"
    );
    assert_eq!(
        err("SET b = :s + :n ADD a :s"),
        "Incorrect operand type for operator or function; operator: ADD, operand type: STRING"
    );
}

#[test]
fn limits() {
    let long = format!("SET a = :n, {} = :n", "b".repeat(4096));
    assert_eq!(
        err(&long),
        "Expression size has exceeded the maximum allowed size;"
    );
    assert_eq!(err(""), "The expression can not be empty;");
    let deep = |n: usize| {
        format!(
            "SET a = {}:n{}",
            "if_not_exists(b, ".repeat(n),
            ")".repeat(n)
        )
    };
    let sums = format!("SET {}", vec!["a=:n+:n"; 301].join(","));
    assert_eq!(
        err(&sums),
        "The expression contains too many operators; operator count: 301"
    );
    // On the stack a server worker has: 200 nested calls parse; 301 would pass ddb's nesting
    // guard, but the 4 KB expression limit comes first.
    std::thread::Builder::new()
        .stack_size(crate::parser::STACK_FOR_PARSING)
        .spawn(move || {
            assert!(parse(&deep(200)).is_ok());
            assert_eq!(
                err(&deep(crate::parser::MAX_NESTING + 1)),
                "Expression size has exceeded the maximum allowed size;"
            );
        })
        .unwrap()
        .join()
        .unwrap();
}
