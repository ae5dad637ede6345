//! Visiting every expression of a statement, for the facts that need all of them (how many
//! `?` it holds).

use ddb_partiql::{Expr, Statement, UpdateAction};

/// Calls `visit` on every expression of `statement`, outermost first.
pub fn each_expr(statement: &Statement, visit: &mut dyn FnMut(&Expr)) {
    match statement {
        Statement::Select(s) | Statement::Exists(s) => {
            if let Some(w) = &s.where_clause {
                each_in(w, visit);
            }
        }
        Statement::Insert(i) => {
            for entry in &i.item {
                each_in(&entry.value, visit);
            }
        }
        Statement::Update(u) => {
            for action in &u.actions {
                if let UpdateAction::Set { value, .. } = action {
                    each_in(value, visit);
                }
            }
            if let Some(w) = &u.where_clause {
                each_in(w, visit);
            }
        }
        Statement::Delete(d) => {
            if let Some(w) = &d.where_clause {
                each_in(w, visit);
            }
        }
    }
}

fn each_in(expr: &Expr, visit: &mut dyn FnMut(&Expr)) {
    visit(expr);
    match expr {
        Expr::Path(_) | Expr::Literal(_) | Expr::Param(_) => {}
        Expr::List(items) | Expr::Set(items) => items.iter().for_each(|e| each_in(e, visit)),
        Expr::Map(entries) => entries.iter().for_each(|e| each_in(&e.value, visit)),
        Expr::Compare { lhs, rhs, .. } | Expr::Arith { lhs, rhs, .. } => {
            each_in(lhs, visit);
            each_in(rhs, visit);
        }
        Expr::And(a, b) | Expr::Or(a, b) => {
            each_in(a, visit);
            each_in(b, visit);
        }
        Expr::Negate(e) | Expr::Not(e) => each_in(e, visit),
        Expr::In { expr, list } => {
            each_in(expr, visit);
            list.iter().for_each(|e| each_in(e, visit));
        }
        Expr::Between { expr, low, high } => {
            each_in(expr, visit);
            each_in(low, visit);
            each_in(high, visit);
        }
        Expr::Is { expr, .. } => each_in(expr, visit),
        Expr::Call { args, .. } => args.iter().for_each(|e| each_in(e, visit)),
    }
}
