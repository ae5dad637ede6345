//! Prints a tree back as PartiQL text that [`crate::parse`] reads into the same tree. Every
//! identifier is double-quoted, so no name can collide with a keyword, and sub-expressions are
//! parenthesised by precedence rather than by how they were written. The output is canonical
//! rather than a copy of the input: `!=` comes out as `<>`, `IN (…)` as `IN […]`, and a table
//! written `t.i` as `"t"."i"`.

use std::fmt::{self, Display, Formatter, Write};

use crate::ast::{
    ArithOp, CompareOp, Delete, Direction, Expr, Insert, IsTest, Literal, MapEntry, OrderBy, Path,
    PathStep, Projection, ReturnImage, ReturnScope, Returning, Select, Statement, TableRef, Update,
    UpdateAction,
};

/// Binding strength, loosest first; the parser's levels in `expr.rs`, one to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Or,
    And,
    Not,
    /// Comparisons, IN, BETWEEN and IS: none of them chains, so each operand sits one level up.
    Predicate,
    Additive,
    Unary,
    Primary,
}

fn level(e: &Expr) -> Level {
    match e {
        Expr::Or(..) => Level::Or,
        Expr::And(..) => Level::And,
        Expr::Not(_) => Level::Not,
        Expr::Compare { .. } | Expr::In { .. } | Expr::Between { .. } | Expr::Is { .. } => {
            Level::Predicate
        }
        Expr::Arith { .. } => Level::Additive,
        Expr::Negate(_) => Level::Unary,
        Expr::Path(_)
        | Expr::Literal(_)
        | Expr::Param(_)
        | Expr::List(_)
        | Expr::Map(_)
        | Expr::Set(_)
        | Expr::Call { .. } => Level::Primary,
    }
}

/// Writes `e` so that the parser, reading at `min`, gets `e` back: anything that binds looser
/// than the spot it sits in goes in parentheses.
fn write_at(f: &mut Formatter<'_>, e: &Expr, min: Level) -> fmt::Result {
    if level(e) < min {
        write!(f, "({e})")
    } else {
        write!(f, "{e}")
    }
}

/// `quote` text with the quote character doubled inside, the lexer's only escape.
fn write_quoted(f: &mut Formatter<'_>, text: &str, quote: char) -> fmt::Result {
    f.write_char(quote)?;
    for c in text.chars() {
        if c == quote {
            f.write_char(quote)?;
        }
        f.write_char(c)?;
    }
    f.write_char(quote)
}

fn write_ident(f: &mut Formatter<'_>, name: &str) -> fmt::Result {
    write_quoted(f, name, '"')
}

fn write_list<T: Display>(f: &mut Formatter<'_>, items: &[T]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

impl Display for Statement {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Statement::Select(s) => write!(f, "{s}"),
            Statement::Insert(i) => write!(f, "{i}"),
            Statement::Update(u) => write!(f, "{u}"),
            Statement::Delete(d) => write!(f, "{d}"),
            Statement::Exists(s) => write!(f, "EXISTS({s})"),
        }
    }
}

impl Display for Select {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "SELECT {} FROM {}", self.projection, self.from)?;
        if let Some(w) = &self.where_clause {
            write!(f, " WHERE {w}")?;
        }
        if !self.order_by.is_empty() {
            f.write_str(" ORDER BY ")?;
            write_list(f, &self.order_by)?;
        }
        Ok(())
    }
}

impl Display for Projection {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Projection::All => f.write_str("*"),
            Projection::Paths(paths) => write_list(f, paths),
            // The call's arguments are not kept: the list is refused whatever they are.
            Projection::Call { name, .. } => write!(f, "{name}(*)"),
        }
    }
}

impl Display for TableRef {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write_ident(f, &self.table)?;
        if let Some(index) = &self.index {
            f.write_char('.')?;
            write_ident(f, index)?;
        }
        Ok(())
    }
}

impl Display for OrderBy {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.path, self.direction)
    }
}

impl Display for Direction {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Direction::Asc => "ASC",
            Direction::Desc => "DESC",
        })
    }
}

impl Display for Insert {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str("INSERT INTO ")?;
        write_ident(f, &self.table)?;
        f.write_str(" VALUE {")?;
        write_list(f, &self.item)?;
        f.write_char('}')
    }
}

impl Display for Update {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "UPDATE {}", self.table)?;
        // One keyword per action: the parser accepts repeated SET/REMOVE, and it keeps the
        // written order of mixed SET and REMOVE actions without grouping them.
        for action in &self.actions {
            write!(f, " {action}")?;
        }
        if let Some(w) = &self.where_clause {
            write!(f, " WHERE {w}")?;
        }
        if let Some(r) = &self.returning {
            write!(f, " {r}")?;
        }
        Ok(())
    }
}

impl Display for UpdateAction {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            UpdateAction::Set { path, value } => {
                write!(f, "SET {path} = ")?;
                // The parser reads a SET value at the additive level, so `SET a = (b = c)`
                // needs its parentheses.
                write_at(f, value, Level::Additive)
            }
            UpdateAction::Remove(path) => write!(f, "REMOVE {path}"),
        }
    }
}

impl Display for Delete {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "DELETE FROM {}", self.table)?;
        if let Some(w) = &self.where_clause {
            write!(f, " WHERE {w}")?;
        }
        if let Some(r) = &self.returning {
            write!(f, " {r}")?;
        }
        Ok(())
    }
}

impl Display for Returning {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let scope = match self.scope {
            ReturnScope::All => "ALL",
            ReturnScope::Modified => "MODIFIED",
        };
        let image = match self.image {
            ReturnImage::Old => "OLD",
            ReturnImage::New => "NEW",
        };
        write!(f, "RETURNING {scope} {image} *")
    }
}

impl Display for Path {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write_ident(f, &self.root)?;
        for step in &self.steps {
            write!(f, "{step}")?;
        }
        Ok(())
    }
}

impl Display for PathStep {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            PathStep::Member(name) => {
                f.write_char('.')?;
                write_ident(f, name)
            }
            PathStep::Index(i) => write!(f, "[{i}]"),
        }
    }
}

impl Display for MapEntry {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write_quoted(f, &self.key, '\'')?;
        write!(f, ": {}", self.value)
    }
}

impl Display for Literal {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Literal::String(s) => write_quoted(f, s, '\''),
            Literal::Number(n) => f.write_str(n),
            Literal::Bool(true) => f.write_str("TRUE"),
            Literal::Bool(false) => f.write_str("FALSE"),
            Literal::Null => f.write_str("NULL"),
        }
    }
}

impl Display for CompareOp {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CompareOp::Eq => "=",
            CompareOp::Ne => "<>",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        })
    }
}

impl Display for ArithOp {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
        })
    }
}

impl Display for IsTest {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IsTest::Missing => "MISSING",
            IsTest::Null => "NULL",
            IsTest::Type(name) => name,
        })
    }
}

/// Binary operators are always written with spaces around them: `a - -5` must not become
/// `a--5`, which the lexer reads as the start of a comment.
impl Display for Expr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Path(p) => write!(f, "{p}"),
            Expr::Literal(l) => write!(f, "{l}"),
            Expr::Param(_) => f.write_char('?'),
            Expr::List(items) => {
                f.write_char('[')?;
                write_list(f, items)?;
                f.write_char(']')
            }
            Expr::Map(entries) => {
                f.write_char('{')?;
                write_list(f, entries)?;
                f.write_char('}')
            }
            Expr::Set(items) => {
                f.write_str("<<")?;
                write_list(f, items)?;
                f.write_str(">>")
            }
            Expr::Compare { op, lhs, rhs } => {
                write_at(f, lhs, Level::Additive)?;
                write!(f, " {op} ")?;
                write_at(f, rhs, Level::Additive)
            }
            Expr::Arith { op, lhs, rhs } => {
                // Left-associative: a nested sum on the left needs no parentheses, on the
                // right it does.
                write_at(f, lhs, Level::Additive)?;
                write!(f, " {op} ")?;
                write_at(f, rhs, Level::Unary)
            }
            // Always parenthesised: `-5` would fold into a number literal and `--x` would
            // start a comment.
            Expr::Negate(inner) => write!(f, "-({inner})"),
            Expr::And(lhs, rhs) => {
                write_at(f, lhs, Level::And)?;
                f.write_str(" AND ")?;
                write_at(f, rhs, Level::Not)
            }
            Expr::Or(lhs, rhs) => {
                write_at(f, lhs, Level::Or)?;
                f.write_str(" OR ")?;
                write_at(f, rhs, Level::And)
            }
            Expr::Not(inner) => {
                f.write_str("NOT ")?;
                write_at(f, inner, Level::Not)
            }
            Expr::In { expr, list } => {
                write_at(f, expr, Level::Additive)?;
                f.write_str(" IN [")?;
                write_list(f, list)?;
                f.write_char(']')
            }
            Expr::Between { expr, low, high } => {
                // Bounds at the additive level, as the parser reads them, so BETWEEN's own
                // AND is never mistaken for the logical one.
                write_at(f, expr, Level::Additive)?;
                f.write_str(" BETWEEN ")?;
                write_at(f, low, Level::Additive)?;
                f.write_str(" AND ")?;
                write_at(f, high, Level::Additive)
            }
            Expr::Is {
                expr,
                negated,
                test,
            } => {
                write_at(f, expr, Level::Additive)?;
                f.write_str(if *negated { " IS NOT " } else { " IS " })?;
                write!(f, "{test}")
            }
            Expr::Call { name, args, .. } => {
                // A call's name cannot be quoted (`"f"(x)` is a path then junk), so it is
                // written as it was read.
                write!(f, "{name}(")?;
                write_list(f, args)?;
                f.write_char(')')
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::parse;

    /// Parses `src`, prints the tree, and checks both the text and that it reads back the same.
    fn reprint(src: &str) -> String {
        let tree = parse(src).unwrap_or_else(|e| panic!("{src}: {}", e.message()));
        let text = tree.to_string();
        let again = parse(&text).unwrap_or_else(|e| panic!("{text}: {}", e.message()));
        assert_eq!(again, tree, "{src} printed as {text}");
        text
    }

    #[test]
    fn statements_in_canonical_form() {
        for (src, want) in [
            (
                "select a.b[1], c from t.i where x != 1 order by a desc, b",
                r#"SELECT "a"."b"[1], "c" FROM "t"."i" WHERE "x" <> 1 ORDER BY "a" DESC, "b" ASC"#,
            ),
            (
                "insert into t value {'a': [1, <<'x'>>], 'b': {}, 'c': ?}",
                r#"INSERT INTO "t" VALUE {'a': [1, <<'x'>>], 'b': {}, 'c': ?}"#,
            ),
            (
                "update t set a = a + 1, b = list_append(b, [2]) remove c where pk = 'k' \
                 returning modified new *",
                r#"UPDATE "t" SET "a" = "a" + 1 SET "b" = list_append("b", [2]) REMOVE "c" WHERE "pk" = 'k' RETURNING MODIFIED NEW *"#,
            ),
            (
                "from t where pk = 1 set a = 2",
                r#"UPDATE "t" SET "a" = 2 WHERE "pk" = 1"#,
            ),
            (
                "delete from t where pk = 1 returning all old *",
                r#"DELETE FROM "t" WHERE "pk" = 1 RETURNING ALL OLD *"#,
            ),
            (
                "exists(select * from t where pk = 1)",
                r#"EXISTS(SELECT * FROM "t" WHERE "pk" = 1)"#,
            ),
        ] {
            assert_eq!(reprint(src), want, "{src}");
        }
    }

    #[test]
    fn quotes_inside_names_and_strings_are_doubled() {
        assert_eq!(
            reprint(r#"SELECT "a""b" FROM "t""x" WHERE c = 'it''s' AND d = {'k''s': 1}"#),
            r#"SELECT "a""b" FROM "t""x" WHERE "c" = 'it''s' AND "d" = {'k''s': 1}"#
        );
    }

    #[test]
    fn parentheses_only_where_precedence_needs_them() {
        for (cond, want) in [
            (
                "(a = 1 OR b = 2) AND c = 3",
                r#"("a" = 1 OR "b" = 2) AND "c" = 3"#,
            ),
            (
                "a = 1 OR (b = 2 AND c = 3)",
                r#""a" = 1 OR "b" = 2 AND "c" = 3"#,
            ),
            (
                "a = 1 AND (b = 2 AND c = 3)",
                r#""a" = 1 AND ("b" = 2 AND "c" = 3)"#,
            ),
            ("NOT (a = 1 AND b)", r#"NOT ("a" = 1 AND "b")"#),
            ("a NOT IN [1]", r#"NOT "a" IN [1]"#),
            ("(a = b) IS NULL", r#"("a" = "b") IS NULL"#),
            (
                "a - (b - c) = a - b - c",
                r#""a" - ("b" - "c") = "a" - "b" - "c""#,
            ),
            (
                "a BETWEEN (b OR c) AND d + 1",
                r#""a" BETWEEN ("b" OR "c") AND "d" + 1"#,
            ),
            ("a - -5 = -(5)", r#""a" - -5 = -(5)"#),
            ("-(-b) = - - b", r#"-(-("b")) = -(-("b"))"#),
        ] {
            let text = reprint(&format!("SELECT * FROM t WHERE {cond}"));
            assert_eq!(text, format!(r#"SELECT * FROM "t" WHERE {want}"#), "{cond}");
        }
    }

    #[test]
    fn a_set_value_below_the_additive_level_is_parenthesised() {
        assert_eq!(
            reprint("UPDATE t SET a = (b = c)"),
            r#"UPDATE "t" SET "a" = ("b" = "c")"#
        );
    }
}
