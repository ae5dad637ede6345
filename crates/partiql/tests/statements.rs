//! The accepted forms of research §1 (`/work/shared/research/partiql.md`), each parsed into the
//! tree the planner relies on.

use ddb_partiql::{
    parse, ArithOp, CompareOp, Delete, Direction, Expr, Insert, IsTest, Literal, MapEntry, OrderBy,
    Path, PathStep, Projection, ReturnImage, ReturnScope, Returning, Select, Statement, TableRef,
    Update, UpdateAction,
};

fn ok(src: &str) -> Statement {
    match parse(src) {
        Ok(s) => s,
        Err(e) => panic!("{src}: {}", e.message()),
    }
}

fn select(src: &str) -> Select {
    match ok(src) {
        Statement::Select(s) => s,
        other => panic!("{src}: not a SELECT: {other:?}"),
    }
}

fn update(src: &str) -> Update {
    match ok(src) {
        Statement::Update(u) => u,
        other => panic!("{src}: not an UPDATE: {other:?}"),
    }
}

fn insert(src: &str) -> Insert {
    match ok(src) {
        Statement::Insert(i) => i,
        other => panic!("{src}: not an INSERT: {other:?}"),
    }
}

fn delete(src: &str) -> Delete {
    match ok(src) {
        Statement::Delete(d) => d,
        other => panic!("{src}: not a DELETE: {other:?}"),
    }
}

/// The WHERE clause of `SELECT * FROM t WHERE <cond>`.
fn cond(text: &str) -> Expr {
    select(&format!("SELECT * FROM t WHERE {text}"))
        .where_clause
        .unwrap_or_else(|| panic!("{text}: no WHERE"))
}

fn path(root: &str) -> Path {
    Path::new(root, vec![])
}

fn p(root: &str) -> Expr {
    Expr::Path(path(root))
}

fn num(n: &str) -> Expr {
    Expr::Literal(Literal::Number(n.into()))
}

fn s(text: &str) -> Expr {
    Expr::Literal(Literal::String(text.into()))
}

fn cmp(op: CompareOp, lhs: Expr, rhs: Expr) -> Expr {
    Expr::Compare {
        op,
        lhs: Box::new(lhs),
        rhs: Box::new(rhs),
    }
}

fn eq(lhs: Expr, rhs: Expr) -> Expr {
    cmp(CompareOp::Eq, lhs, rhs)
}

fn and(a: Expr, b: Expr) -> Expr {
    Expr::And(Box::new(a), Box::new(b))
}

fn or(a: Expr, b: Expr) -> Expr {
    Expr::Or(Box::new(a), Box::new(b))
}

fn not(a: Expr) -> Expr {
    Expr::Not(Box::new(a))
}

fn call(name: &str, args: Vec<Expr>) -> Expr {
    Expr::Call {
        name: name.into(),
        args,
        at: Default::default(),
    }
}

fn table(name: &str) -> TableRef {
    TableRef {
        table: name.into(),
        index: None,
    }
}

// ---- SELECT ----

#[test]
fn select_star_from_a_quoted_table() {
    assert_eq!(
        select(r#"SELECT * FROM "Music""#),
        Select {
            projection: Projection::All,
            from: table("Music"),
            where_clause: None,
            order_by: vec![],
        }
    );
}

#[test]
fn projection_paths_with_members_and_indexes() {
    let sel = select(r#"SELECT a, "b c".d, m.k[1], l[0][2].x, "a.b" FROM t"#);
    assert_eq!(
        sel.projection,
        Projection::Paths(vec![
            path("a"),
            Path::new("b c", vec![PathStep::Member("d".into())]),
            Path::new("m", vec![PathStep::Member("k".into()), PathStep::Index(1)]),
            Path::new(
                "l",
                vec![
                    PathStep::Index(0),
                    PathStep::Index(2),
                    PathStep::Member("x".into())
                ]
            ),
            // A dot inside quotes is part of one top-level name (research §1.2).
            path("a.b"),
        ])
    );
}

#[test]
fn from_an_index_quoted_or_bare() {
    let want = TableRef {
        table: "t".into(),
        index: Some("i".into()),
    };
    assert_eq!(select(r#"SELECT * FROM "t"."i""#).from, want);
    assert_eq!(select("SELECT * FROM t.i").from, want);
    assert_eq!(select(r#"SELECT * FROM t."i""#).from, want);
}

#[test]
fn every_comparison_operator() {
    for (text, op) in [
        ("=", CompareOp::Eq),
        ("<>", CompareOp::Ne),
        ("!=", CompareOp::Ne),
        ("<", CompareOp::Lt),
        ("<=", CompareOp::Le),
        (">", CompareOp::Gt),
        (">=", CompareOp::Ge),
    ] {
        assert_eq!(
            cond(&format!("a {text} 1")),
            cmp(op, p("a"), num("1")),
            "{text}"
        );
    }
}

#[test]
fn between_is_inclusive_and_does_not_swallow_a_following_and() {
    let between = Expr::Between {
        expr: Box::new(p("a")),
        low: Box::new(num("1")),
        high: Box::new(num("5")),
    };
    assert_eq!(cond("a BETWEEN 1 AND 5"), between);
    assert_eq!(
        cond("a BETWEEN 1 AND 5 AND b = 'x'"),
        and(between, eq(p("b"), s("x")))
    );
}

#[test]
fn in_with_brackets_or_parentheses() {
    let want = Expr::In {
        expr: Box::new(p("pk")),
        list: vec![s("a"), s("b"), Expr::Param(0)],
    };
    assert_eq!(cond("pk IN ['a', 'b', ?]"), want);
    assert_eq!(cond("pk IN ('a', 'b', ?)"), want);
    assert_eq!(
        cond("pk NOT IN ['a']"),
        not(Expr::In {
            expr: Box::new(p("pk")),
            list: vec![s("a")],
        })
    );
}

#[test]
fn and_binds_tighter_than_or_and_parentheses_override() {
    let (a, b, c) = (
        eq(p("a"), num("1")),
        eq(p("b"), num("2")),
        eq(p("c"), num("3")),
    );
    assert_eq!(
        cond("a = 1 OR b = 2 AND c = 3"),
        or(a.clone(), and(b.clone(), c.clone()))
    );
    assert_eq!(
        cond("(a = 1 OR b = 2) AND c = 3"),
        and(or(a.clone(), b.clone()), c.clone())
    );
    assert_eq!(
        cond("a = 1 AND b = 2 AND c = 3"),
        and(and(a.clone(), b.clone()), c)
    );
    assert_eq!(cond("NOT a = 1 AND b = 2"), and(not(a), b));
}

#[test]
fn not_before_a_function() {
    assert_eq!(
        cond("NOT begins_with(a, 'x')"),
        not(call("begins_with", vec![p("a"), s("x")]))
    );
}

#[test]
fn is_missing_and_null_with_and_without_not() {
    for (text, negated, test) in [
        ("a IS MISSING", false, IsTest::Missing),
        ("a is not missing", true, IsTest::Missing),
        ("a IS NULL", false, IsTest::Null),
        ("a IS NOT NULL", true, IsTest::Null),
        // Other type names parse too (the planner refuses them).
        ("a IS int8", false, IsTest::Type("INT8")),
        (
            "a IS NOT Double  Precision",
            true,
            IsTest::Type("DOUBLE PRECISION"),
        ),
        ("a IS CHARACTER", false, IsTest::Type("CHARACTER")),
    ] {
        assert_eq!(
            cond(text),
            Expr::Is {
                expr: Box::new(p("a")),
                negated,
                test,
            },
            "{text}"
        );
    }
}

#[test]
fn function_calls_keep_their_name_as_written() {
    assert_eq!(
        cond("begins_with(sk, 'a#')"),
        call("begins_with", vec![p("sk"), s("a#")])
    );
    assert_eq!(
        cond("contains(tags, 'x')"),
        call("contains", vec![p("tags"), s("x")])
    );
    assert_eq!(
        cond("attribute_type(a, 'N')"),
        call("attribute_type", vec![p("a"), s("N")])
    );
    assert_eq!(
        cond("size(l) > 3"),
        cmp(CompareOp::Gt, call("size", vec![p("l")]), num("3"))
    );
    assert_eq!(
        cond("attribute_exists(a)"),
        call("attribute_exists", vec![p("a")])
    );
    assert_eq!(cond("Exists(a)"), call("Exists", vec![p("a")]));
}

#[test]
fn order_by_keys_and_directions() {
    let sel = select("SELECT * FROM t WHERE pk = 1 ORDER BY sk DESC, b ASC, c");
    assert_eq!(
        sel.order_by,
        vec![
            OrderBy {
                path: path("sk"),
                direction: Direction::Desc,
            },
            OrderBy {
                path: path("b"),
                direction: Direction::Asc,
            },
            OrderBy {
                path: path("c"),
                direction: Direction::Asc,
            },
        ]
    );
}

#[test]
fn keywords_are_case_insensitive() {
    let upper = ok("SELECT * FROM t WHERE a = TRUE AND b IS NOT NULL ORDER BY a DESC");
    let lower = ok("select * from t where a = true and b is not null order by a desc");
    let mixed = ok("SeLeCt * FrOm t WhErE a = TrUe AnD b Is NoT nUlL oRdEr By a DeSc");
    assert_eq!(upper, lower);
    assert_eq!(upper, mixed);
}

#[test]
fn names_are_case_sensitive() {
    assert_eq!(select("SELECT * FROM MyTable").from, table("MyTable"));
    assert_eq!(cond("Abc = 1"), eq(p("Abc"), num("1")));
}

// ---- literals ----

#[test]
fn string_literals_unescape_doubled_quotes() {
    assert_eq!(cond("a = 'it''s'"), eq(p("a"), s("it's")));
    assert_eq!(cond("a = ''"), eq(p("a"), s("")));
    // `?` inside quotes is the text "?", not a parameter (research §1.6).
    assert_eq!(cond("a = '?'"), eq(p("a"), s("?")));
    assert_eq!(cond(r#""we""ird" = 1"#), eq(p("we\"ird"), num("1")));
}

#[test]
fn numbers_are_kept_as_written_with_the_sign_folded_in() {
    for (text, want) in [
        ("1", "1"),
        ("-1", "-1"),
        ("1.50", "1.50"),
        ("-0.5", "-0.5"),
        ("1e0", "1e0"),
        ("2E-3", "2e-3"),
        ("-6.02e+23", "-6.02e+23"),
    ] {
        assert_eq!(
            cond(&format!("a = {text}")),
            eq(p("a"), num(want)),
            "{text}"
        );
    }
    // Minus before anything but a number literal stays an operator.
    assert_eq!(cond("a = -b"), eq(p("a"), Expr::Negate(Box::new(p("b")))));
    assert_eq!(
        cond("a = -(1)"),
        eq(p("a"), Expr::Negate(Box::new(num("1"))))
    );
}

#[test]
fn booleans_and_null_in_any_case() {
    for (text, lit) in [
        ("TRUE", Literal::Bool(true)),
        ("true", Literal::Bool(true)),
        ("False", Literal::Bool(false)),
        ("NULL", Literal::Null),
        ("nUlL", Literal::Null),
    ] {
        assert_eq!(
            cond(&format!("a = {text}")),
            eq(p("a"), Expr::Literal(lit)),
            "{text}"
        );
    }
}

#[test]
fn comments_and_a_trailing_semicolon() {
    let plain = ok("SELECT * FROM t WHERE a = 1");
    assert_eq!(ok("SELECT * FROM t WHERE a = 1;"), plain);
    assert_eq!(ok("SELECT * FROM t WHERE a = 1 ;  "), plain);
    assert_eq!(
        ok("-- leading\nSELECT /* inline */ * FROM t\nWHERE a = 1 -- trailing"),
        plain
    );
    assert_eq!(ok("SELECT * FROM t WHERE a = 1; -- done"), plain);
    assert_eq!(ok("SELECT * FROM t WHERE a = 1 /* multi\nline */;"), plain);
}

// ---- INSERT ----

#[test]
fn insert_with_nested_maps_lists_and_sets() {
    let ins = insert(
        "INSERT INTO \"Music\" VALUE {'Artist': 'Acme', 'n': -1.5, 'm': {'k': [1, 'two', TRUE]}, \
         'ss': <<'a', 'b'>>, 'ns': <<1, 2>>, 'nul': NULL, 'e': {}, 'l': []}",
    );
    assert_eq!(ins.table, "Music");
    let entry = |k: &str, v: Expr| MapEntry {
        key: k.into(),
        value: v,
    };
    assert_eq!(
        ins.item,
        vec![
            entry("Artist", s("Acme")),
            entry("n", num("-1.5")),
            entry(
                "m",
                Expr::Map(vec![entry(
                    "k",
                    Expr::List(vec![num("1"), s("two"), Expr::Literal(Literal::Bool(true))])
                )])
            ),
            entry("ss", Expr::Set(vec![s("a"), s("b")])),
            entry("ns", Expr::Set(vec![num("1"), num("2")])),
            entry("nul", Expr::Literal(Literal::Null)),
            entry("e", Expr::Map(vec![])),
            entry("l", Expr::List(vec![])),
        ]
    );
}

#[test]
fn params_are_numbered_in_text_order() {
    let ins = insert("INSERT INTO t VALUE {'a': ?, 'b': {'c': [?, ?]}, 'd': ?}");
    assert_eq!(ins.item[0].value, Expr::Param(0));
    assert_eq!(
        ins.item[1].value,
        Expr::Map(vec![MapEntry {
            key: "c".into(),
            value: Expr::List(vec![Expr::Param(1), Expr::Param(2)]),
        }])
    );
    assert_eq!(ins.item[2].value, Expr::Param(3));

    // Across clauses: SET values come before the WHERE clause in the text.
    let up = update("UPDATE t SET a = ?, b = ? WHERE pk = ? AND sk = ?");
    assert_eq!(
        up.where_clause,
        Some(and(
            eq(p("pk"), Expr::Param(2)),
            eq(p("sk"), Expr::Param(3))
        ))
    );
}

// ---- UPDATE ----

#[test]
fn update_with_repeated_set_comma_lists_and_remove() {
    let up = update(
        "UPDATE \"t\" SET a = 1, b = 'x' SET c.d[2] = ? REMOVE e, f[0] SET g = TRUE \
         WHERE pk = 'k'",
    );
    let set = |path: Path, value: Expr| UpdateAction::Set { path, value };
    assert_eq!(
        up,
        Update {
            table: table("t"),
            actions: vec![
                set(path("a"), num("1")),
                set(path("b"), s("x")),
                set(
                    Path::new("c", vec![PathStep::Member("d".into()), PathStep::Index(2)]),
                    Expr::Param(0)
                ),
                UpdateAction::Remove(path("e")),
                UpdateAction::Remove(Path::new("f", vec![PathStep::Index(0)])),
                set(path("g"), Expr::Literal(Literal::Bool(true))),
            ],
            where_clause: Some(eq(p("pk"), s("k"))),
            returning: None,
        }
    );
}

#[test]
fn update_arithmetic_is_left_associative() {
    let up = update("UPDATE t SET n = n + 1 - 2 WHERE pk = 'k'");
    let arith = |op, lhs, rhs| Expr::Arith {
        op,
        lhs: Box::new(lhs),
        rhs: Box::new(rhs),
    };
    assert_eq!(
        up.actions,
        vec![UpdateAction::Set {
            path: path("n"),
            value: arith(
                ArithOp::Sub,
                arith(ArithOp::Add, p("n"), num("1")),
                num("2")
            ),
        }]
    );
}

#[test]
fn update_collection_functions() {
    let up = update(
        "UPDATE t SET l = list_append(l, [1, 2]) SET s = set_add(s, <<'a'>>) \
         SET s2 = set_delete(s2, <<1>>) WHERE pk = 'k'",
    );
    assert_eq!(
        up.actions,
        vec![
            UpdateAction::Set {
                path: path("l"),
                value: call(
                    "list_append",
                    vec![p("l"), Expr::List(vec![num("1"), num("2")])]
                ),
            },
            UpdateAction::Set {
                path: path("s"),
                value: call("set_add", vec![p("s"), Expr::Set(vec![s("a")])]),
            },
            UpdateAction::Set {
                path: path("s2"),
                value: call("set_delete", vec![p("s2"), Expr::Set(vec![num("1")])]),
            },
        ]
    );
}

#[test]
fn update_returning_every_variant() {
    for (text, scope, image) in [
        ("ALL OLD", ReturnScope::All, ReturnImage::Old),
        ("ALL NEW", ReturnScope::All, ReturnImage::New),
        ("MODIFIED OLD", ReturnScope::Modified, ReturnImage::Old),
        ("modified new", ReturnScope::Modified, ReturnImage::New),
    ] {
        let up = update(&format!(
            "UPDATE t SET a = 1 WHERE pk = 'k' RETURNING {text} *"
        ));
        assert_eq!(up.returning, Some(Returning { scope, image }), "{text}");
    }
}

#[test]
fn update_keeps_an_index_for_the_planner_to_reject() {
    let up = update(r#"UPDATE "t"."i" SET a = 1 WHERE pk = 'k'"#);
    assert_eq!(up.table.index.as_deref(), Some("i"));
}

#[test]
fn update_from_first_form() {
    // Research §1.1: `FROM "t" WHERE … SET …` parses as an update.
    let want = update(r#"UPDATE "t" SET c = 1 WHERE pk = 'x'"#);
    assert_eq!(update(r#"FROM "t" WHERE pk = 'x' SET c = 1"#), want);
    let no_where = update(r#"FROM "t" REMOVE a"#);
    assert_eq!(no_where.actions, vec![UpdateAction::Remove(path("a"))]);
    assert_eq!(no_where.where_clause, None);
}

// ---- DELETE and EXISTS ----

#[test]
fn delete_with_returning_all_old() {
    assert_eq!(
        delete("DELETE FROM \"t\" WHERE pk = 'k' AND sk = 2 RETURNING ALL OLD *"),
        Delete {
            table: table("t"),
            where_clause: Some(and(eq(p("pk"), s("k")), eq(p("sk"), num("2")))),
            returning: Some(Returning {
                scope: ReturnScope::All,
                image: ReturnImage::Old,
            }),
        }
    );
    assert_eq!(delete("DELETE FROM t WHERE pk = 'k'").returning, None);
}

#[test]
fn exists_wraps_a_select() {
    assert_eq!(
        ok("EXISTS(SELECT * FROM \"t\" WHERE pk = 'k' AND a = 1)"),
        Statement::Exists(select("SELECT * FROM \"t\" WHERE pk = 'k' AND a = 1"))
    );
    assert!(matches!(
        ok("exists ( select a from t where pk = ? )"),
        Statement::Exists(_)
    ));
}

#[test]
fn attributes_may_be_named_like_contextual_keywords() {
    // VALUE, ALL, OLD, NEW, ASC, DESC, MODIFIED are keywords only in one spot.
    let sel = select("SELECT value, all, old, new, asc, desc, modified, count FROM t");
    let Projection::Paths(paths) = sel.projection else {
        panic!("not a path list");
    };
    assert_eq!(paths.len(), 8);
    assert_eq!(
        cond("value = 1 ORDER BY desc DESC"),
        eq(p("value"), num("1"))
    );
}

#[test]
fn a_call_in_the_select_list_parses_with_its_position() {
    // DynamoDB refuses it once the table is known (the planner's "Unexpected path component at
    // line:column:length", the length being the name's).
    for (text, name, line, column, len) in [
        ("SELECT COUNT(*) FROM t", "COUNT", 1, 8, 5),
        ("select count (*) from t", "count", 1, 8, 5),
        ("SELECT a,\n  COUNT(a) FROM t", "COUNT", 2, 3, 5),
        (
            "SELECT attribute_exists(ss), b FROM t",
            "attribute_exists",
            1,
            8,
            16,
        ),
    ] {
        let Statement::Select(sel) = parse(text).unwrap() else {
            panic!("not a select: {text}")
        };
        let Projection::Call { name: got, at } = sel.projection else {
            panic!("no call: {text}")
        };
        assert_eq!(got, name);
        assert_eq!((at.line, at.column, at.len), (line, column, len), "{text}");
    }
}
