//! Property: any tree the parser can produce, printed with `Display`, parses back to itself.
//!
//! The generators make only trees in the parser's canonical form, because some trees can never
//! come out of the parser and so cannot round-trip:
//! - number literals are `-?digits[.digits][e[+-]digits]` with a lowercase `e` (the lexer
//!   lowercases `E`), and the sign is part of the literal (the parser folds `-5` into one);
//!   `Negate` of a number still round-trips because the printer writes it `-(5)`;
//! - `?` parameters are numbered 0, 1, … in text order after generation ([`renumber`]), since
//!   the parser numbers them by position;
//! - table and index names are non-empty, sets and projections and UPDATE action lists are
//!   non-empty, and a DELETE returns only `ALL OLD *`: anything else is a parse error;
//! - function names are bare words that are not reserved (a call's name cannot be quoted).
//!
//! `!=` against `<>` and `IN (…)` against `IN […]` need no care: the tree cannot tell them apart.

use ddb_partiql::{
    parse, ArithOp, CompareOp, Delete, Direction, Expr, Insert, IsTest, Literal, MapEntry, OrderBy,
    Path, PathStep, Projection, ReturnImage, ReturnScope, Returning, Select, Statement, TableRef,
    Update, UpdateAction,
};
use proptest::collection::vec;
use proptest::prelude::*;

/// Any short text, weighted towards the characters the printer has to escape or that mean
/// something to the lexer.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z_][a-zA-Z0-9_]{0,5}",
        "[\"' .\\-/*#<>?\\[\\]]{0,4}",
        "(?s).{0,6}",
        // Keywords as names: quoting must keep them names.
        prop::sample::select(vec![
            "SELECT", "from", "Null", "true", "MISSING", "value", "AND"
        ])
        .prop_map(String::from),
    ]
}

fn non_empty_name() -> impl Strategy<Value = String> {
    name().prop_filter("table and index names are never empty", |n| !n.is_empty())
}

fn number() -> impl Strategy<Value = String> {
    "-?[0-9]{1,6}(\\.[0-9]{1,4})?(e[+-]?[0-9]{1,3})?"
}

fn path() -> impl Strategy<Value = Path> {
    let step = prop_oneof![
        name().prop_map(PathStep::Member),
        any::<u32>().prop_map(PathStep::Index),
    ];
    (name(), vec(step, 0..3)).prop_map(|(root, steps)| Path::new(root, steps))
}

fn literal() -> impl Strategy<Value = Literal> {
    prop_oneof![
        name().prop_map(Literal::String),
        number().prop_map(Literal::Number),
        any::<bool>().prop_map(Literal::Bool),
        Just(Literal::Null),
    ]
}

fn function_name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "begins_with",
            "contains",
            "attribute_type",
            "size",
            "list_append",
            "set_add",
            "set_delete",
            "attribute_exists",
            "SIZE",
        ])
        .prop_map(String::from),
        "fn_[a-zA-Z0-9_]{0,5}",
    ]
}

fn compare_op() -> impl Strategy<Value = CompareOp> {
    prop::sample::select(vec![
        CompareOp::Eq,
        CompareOp::Ne,
        CompareOp::Lt,
        CompareOp::Le,
        CompareOp::Gt,
        CompareOp::Ge,
    ])
}

fn expr() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        path().prop_map(Expr::Path),
        literal().prop_map(Expr::Literal),
        Just(Expr::Param(0)),
    ];
    leaf.prop_recursive(4, 48, 4, |inner| {
        let b = |e: Expr| Box::new(e);
        prop_oneof![
            vec(inner.clone(), 0..3).prop_map(Expr::List),
            vec(map_entry(inner.clone()), 0..3).prop_map(Expr::Map),
            vec(inner.clone(), 1..3).prop_map(Expr::Set),
            (compare_op(), inner.clone(), inner.clone()).prop_map(move |(op, l, r)| {
                Expr::Compare {
                    op,
                    lhs: b(l),
                    rhs: b(r),
                }
            }),
            (any::<bool>(), inner.clone(), inner.clone()).prop_map(move |(add, l, r)| {
                Expr::Arith {
                    op: if add { ArithOp::Add } else { ArithOp::Sub },
                    lhs: b(l),
                    rhs: b(r),
                }
            }),
            inner.clone().prop_map(move |e| Expr::Negate(b(e))),
            (inner.clone(), inner.clone()).prop_map(move |(l, r)| Expr::And(b(l), b(r))),
            (inner.clone(), inner.clone()).prop_map(move |(l, r)| Expr::Or(b(l), b(r))),
            inner.clone().prop_map(move |e| Expr::Not(b(e))),
            (inner.clone(), vec(inner.clone(), 0..3))
                .prop_map(move |(e, list)| Expr::In { expr: b(e), list }),
            (inner.clone(), inner.clone(), inner.clone()).prop_map(move |(e, low, high)| {
                Expr::Between {
                    expr: b(e),
                    low: b(low),
                    high: b(high),
                }
            }),
            (inner.clone(), any::<bool>(), any::<bool>()).prop_map(move |(e, negated, null)| {
                Expr::Is {
                    expr: b(e),
                    negated,
                    test: if null { IsTest::Null } else { IsTest::Missing },
                }
            }),
            (function_name(), vec(inner, 0..3)).prop_map(|(name, args)| Expr::Call {
                name,
                args,
                at: Default::default()
            }),
        ]
    })
}

fn map_entry(value: impl Strategy<Value = Expr>) -> impl Strategy<Value = MapEntry> {
    (name(), value).prop_map(|(key, value)| MapEntry { key, value })
}

fn table_ref() -> impl Strategy<Value = TableRef> {
    (non_empty_name(), proptest::option::of(non_empty_name()))
        .prop_map(|(table, index)| TableRef { table, index })
}

fn select() -> impl Strategy<Value = Select> {
    let projection = prop_oneof![
        Just(Projection::All),
        vec(path(), 1..4).prop_map(Projection::Paths),
    ];
    let order_key = (path(), any::<bool>()).prop_map(|(path, desc)| OrderBy {
        path,
        direction: if desc {
            Direction::Desc
        } else {
            Direction::Asc
        },
    });
    (
        projection,
        table_ref(),
        proptest::option::of(expr()),
        vec(order_key, 0..3),
    )
        .prop_map(|(projection, from, where_clause, order_by)| Select {
            projection,
            from,
            where_clause,
            order_by,
        })
}

fn returning() -> impl Strategy<Value = Returning> {
    (any::<bool>(), any::<bool>()).prop_map(|(all, old)| Returning {
        scope: if all {
            ReturnScope::All
        } else {
            ReturnScope::Modified
        },
        image: if old {
            ReturnImage::Old
        } else {
            ReturnImage::New
        },
    })
}

fn statement() -> impl Strategy<Value = Statement> {
    let action = prop_oneof![
        (path(), expr()).prop_map(|(path, value)| UpdateAction::Set { path, value }),
        path().prop_map(UpdateAction::Remove),
    ];
    let insert = (non_empty_name(), vec(map_entry(expr()), 0..4))
        .prop_map(|(table, item)| Statement::Insert(Insert { table, item }));
    let update = (
        table_ref(),
        vec(action, 1..4),
        proptest::option::of(expr()),
        proptest::option::of(returning()),
    )
        .prop_map(|(table, actions, where_clause, returning)| {
            Statement::Update(Update {
                table,
                actions,
                where_clause,
                returning,
            })
        });
    let all_old = Returning {
        scope: ReturnScope::All,
        image: ReturnImage::Old,
    };
    let delete = (
        table_ref(),
        proptest::option::of(expr()),
        proptest::option::of(Just(all_old)),
    )
        .prop_map(|(table, where_clause, returning)| {
            Statement::Delete(Delete {
                table,
                where_clause,
                returning,
            })
        });
    prop_oneof![
        select().prop_map(Statement::Select),
        insert,
        update,
        delete,
        select().prop_map(Statement::Exists),
    ]
    .prop_map(|mut s| {
        renumber(&mut s);
        s
    })
}

/// Numbers the `?` parameters in the order they are printed, which is the order the parser
/// meets them.
fn renumber(statement: &mut Statement) {
    let mut next = 0;
    match statement {
        Statement::Select(s) | Statement::Exists(s) => {
            if let Some(w) = &mut s.where_clause {
                renumber_expr(w, &mut next);
            }
        }
        Statement::Insert(i) => {
            for entry in &mut i.item {
                renumber_expr(&mut entry.value, &mut next);
            }
        }
        Statement::Update(u) => {
            for action in &mut u.actions {
                if let UpdateAction::Set { value, .. } = action {
                    renumber_expr(value, &mut next);
                }
            }
            if let Some(w) = &mut u.where_clause {
                renumber_expr(w, &mut next);
            }
        }
        Statement::Delete(d) => {
            if let Some(w) = &mut d.where_clause {
                renumber_expr(w, &mut next);
            }
        }
    }
}

fn renumber_expr(e: &mut Expr, next: &mut usize) {
    match e {
        Expr::Param(n) => {
            *n = *next;
            *next += 1;
        }
        Expr::Path(_) | Expr::Literal(_) => {}
        Expr::List(items) | Expr::Set(items) | Expr::Call { args: items, .. } => {
            for item in items {
                renumber_expr(item, next);
            }
        }
        Expr::Map(entries) => {
            for entry in entries {
                renumber_expr(&mut entry.value, next);
            }
        }
        Expr::Compare { lhs, rhs, .. }
        | Expr::Arith { lhs, rhs, .. }
        | Expr::And(lhs, rhs)
        | Expr::Or(lhs, rhs) => {
            renumber_expr(lhs, next);
            renumber_expr(rhs, next);
        }
        Expr::Negate(inner) | Expr::Not(inner) | Expr::Is { expr: inner, .. } => {
            renumber_expr(inner, next);
        }
        Expr::In { expr, list } => {
            renumber_expr(expr, next);
            for item in list {
                renumber_expr(item, next);
            }
        }
        Expr::Between { expr, low, high } => {
            renumber_expr(expr, next);
            renumber_expr(low, next);
            renumber_expr(high, next);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn printed_statements_parse_back_to_the_same_tree(statement in statement()) {
        let text = statement.to_string();
        match parse(&text) {
            Ok(parsed) => prop_assert_eq!(parsed, statement, "printed as {}", text),
            Err(e) => prop_assert!(false, "printed as {}\nwhich fails: {}", text, e.message()),
        }
    }

    #[test]
    fn printed_expressions_parse_back_in_any_position(e in expr()) {
        // The same expression as a WHERE condition, a SET value and a list element: three
        // different precedence contexts on the parser's side.
        let mut statement = Statement::Update(Update {
            table: TableRef { table: "t".into(), index: None },
            actions: vec![UpdateAction::Set {
                path: Path::new("a", vec![]),
                value: e.clone(),
            }],
            where_clause: Some(Expr::List(vec![e.clone(), e])),
            returning: None,
        });
        renumber(&mut statement);
        let text = statement.to_string();
        match parse(&text) {
            Ok(parsed) => prop_assert_eq!(parsed, statement, "printed as {}", text),
            Err(err) => prop_assert!(false, "printed as {}\nwhich fails: {}", text, err.message()),
        }
    }
}
