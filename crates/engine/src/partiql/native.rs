//! PartiQL expressions written as DynamoDB's native expressions (condition, key condition,
//! filter, update and projection expressions) with their placeholder maps, so that a statement
//! runs through the same operation code as PutItem, UpdateItem, DeleteItem, GetItem, Query and
//! Scan: PartiQL has no evaluator of its own. Every name becomes a `#nK` placeholder and every
//! value a `:vK` one, so no reserved word or odd character in a name can change the meaning.

use std::collections::HashMap;
use std::fmt::Write;

use ddb_model::AttributeValue;
use ddb_partiql::{ArithOp, CompareOp, Expr, IsTest, Path, PathStep, Span, UpdateAction};

use super::fault::{Fault, FaultResult};
use super::value::{value_of, Params};

/// Native expressions under construction and the placeholders they use.
#[derive(Default, Clone)]
pub struct Native {
    names: HashMap<String, String>,
    placeholder_of: HashMap<String, String>,
    values: HashMap<String, AttributeValue>,
}

/// What a condition or update needs to run natively.
pub struct Placeholders {
    /// `ExpressionAttributeNames` (`None` when empty: DynamoDB refuses an empty map).
    pub names: Option<HashMap<String, String>>,
    /// `ExpressionAttributeValues` (`None` when empty).
    pub values: Option<HashMap<String, AttributeValue>>,
}

impl Native {
    /// The placeholder of attribute name `name`, the same one each time.
    pub fn name(&mut self, name: &str) -> String {
        if let Some(p) = self.placeholder_of.get(name) {
            return p.clone();
        }
        let p = format!("#n{}", self.names.len());
        self.names.insert(p.clone(), name.to_string());
        self.placeholder_of.insert(name.to_string(), p.clone());
        p
    }

    /// A new placeholder holding `value`.
    pub fn value(&mut self, value: AttributeValue) -> String {
        let p = format!(":v{}", self.values.len());
        self.values.insert(p.clone(), value);
        p
    }

    /// Replaces the value behind placeholder `p` (a Query run once per partition-key value).
    pub fn set_value(&mut self, p: &str, value: AttributeValue) {
        self.values.insert(p.to_string(), value);
    }

    /// The maps, in the form the native requests take.
    pub fn placeholders(&self) -> Placeholders {
        Placeholders {
            names: (!self.names.is_empty()).then(|| self.names.clone()),
            values: (!self.values.is_empty()).then(|| self.values.clone()),
        }
    }

    /// A document path.
    pub fn path(&mut self, path: &Path) -> String {
        let mut text = self.name(&path.root);
        for step in &path.steps {
            match step {
                PathStep::Member(m) => {
                    let p = self.name(m);
                    text.push('.');
                    text.push_str(&p);
                }
                PathStep::Index(i) => {
                    let _ = write!(text, "[{i}]");
                }
            }
        }
        text
    }

    /// The conjunction of `conditions` as one condition expression (`None` for none).
    pub fn conjunction(
        &mut self,
        conditions: &[&Expr],
        params: Params<'_>,
    ) -> FaultResult<Option<String>> {
        let mut parts = Vec::with_capacity(conditions.len());
        for c in conditions {
            parts.push(group(&self.condition(c, params)?));
        }
        Ok((!parts.is_empty()).then(|| parts.join(" AND ")))
    }

    /// A WHERE clause (or part of one) as a condition expression.
    pub fn condition(&mut self, expr: &Expr, params: Params<'_>) -> FaultResult<String> {
        Ok(match expr {
            Expr::Compare { op, lhs, rhs } => {
                let l = self.operand(lhs, params)?;
                let r = self.operand(rhs, params)?;
                format!("{l} {} {r}", compare_text(*op))
            }
            Expr::And(a, b) => {
                let (a, b) = (self.condition(a, params)?, self.condition(b, params)?);
                format!("{} AND {}", group(&a), group(&b))
            }
            Expr::Or(a, b) => {
                let (a, b) = (self.condition(a, params)?, self.condition(b, params)?);
                format!("{} OR {}", group(&a), group(&b))
            }
            Expr::Not(inner) => format!("NOT {}", group(&self.condition(inner, params)?)),
            Expr::In { expr, list } => {
                let tested = self.operand(expr, params)?;
                let mut candidates = Vec::with_capacity(list.len());
                for e in list {
                    candidates.push(self.operand(e, params)?);
                }
                format!("{tested} IN ({})", candidates.join(", "))
            }
            Expr::Between { expr, low, high } => {
                let tested = self.operand(expr, params)?;
                let (low, high) = (self.operand(low, params)?, self.operand(high, params)?);
                format!("{tested} BETWEEN {low} AND {high}")
            }
            Expr::Is {
                expr,
                negated,
                test,
            } => {
                let Expr::Path(path) = expr.as_ref() else {
                    return Err(Fault::UnsupportedOperation("IsType"));
                };
                let path = self.path(path);
                match (test, negated) {
                    (IsTest::Missing, false) => format!("attribute_not_exists({path})"),
                    (IsTest::Missing, true) => format!("attribute_exists({path})"),
                    (IsTest::Null, false) => {
                        let null = self.value(AttributeValue::S("NULL".into()));
                        format!("attribute_type({path}, {null})")
                    }
                    // DynamoDB parses the other type tests but runs none of them.
                    (IsTest::Type(_), _) => return Err(Fault::UnsupportedOperation("IsType")),
                    (IsTest::Null, true) => {
                        let null = self.value(AttributeValue::S("NULL".into()));
                        format!("NOT attribute_type({path}, {null})")
                    }
                }
            }
            Expr::Call { name, args, at } => self.condition_call(name, args, *at, params)?,
            _ => return Err(Fault::UnsupportedOperation("Expression")),
        })
    }

    /// A function used as a condition. `EXISTS(path)` is not one: DynamoDB's PartiQL has
    /// EXISTS only around a SELECT (paritysuite/dynamodb-conformance partiqlFunctions, AWS
    /// 2026).
    fn condition_call(
        &mut self,
        name: &str,
        args: &[Expr],
        at: Span,
        params: Params<'_>,
    ) -> FaultResult<String> {
        let (native, arity) = match name.to_ascii_lowercase().as_str() {
            "begins_with" => ("begins_with", 2),
            "contains" => ("contains", 2),
            "attribute_type" => ("attribute_type", 2),
            "attribute_exists" => ("attribute_exists", 1),
            "attribute_not_exists" | "missing" => ("attribute_not_exists", 1),
            lower => return Err(Fault::UnrecognizedFunction(lower.to_string(), at)),
        };
        check_arguments(native, arity, args)?;
        let mut rendered = Vec::with_capacity(args.len());
        for a in args {
            rendered.push(self.operand(a, params)?);
        }
        Ok(format!("{native}({})", rendered.join(", ")))
    }

    /// An operand of a comparison, IN, BETWEEN or function: a path, a value or `size(path)`.
    fn operand(&mut self, expr: &Expr, params: Params<'_>) -> FaultResult<String> {
        if let Expr::Path(path) = expr {
            return Ok(self.path(path));
        }
        if let Expr::Call { name, args, at } = expr {
            if name.eq_ignore_ascii_case("size") {
                let [Expr::Path(path)] = args.as_slice() else {
                    return Err(Fault::UnsupportedOperation("size"));
                };
                return Ok(format!("size({})", self.path(path)));
            }
            return Err(Fault::UnrecognizedFunction(name.to_ascii_lowercase(), *at));
        }
        match value_of(expr, params, "root")? {
            Some(v) => Ok(self.value(v)),
            None => Err(Fault::UnsupportedOperation("Expression")),
        }
    }

    /// An UPDATE's SET and REMOVE actions as an update expression: plain assignments under
    /// SET, `set_add`/`set_delete` as ADD/DELETE of the set, REMOVE as REMOVE.
    pub fn update(&mut self, actions: &[UpdateAction], params: Params<'_>) -> FaultResult<String> {
        let (mut set, mut add, mut delete, mut remove) = (vec![], vec![], vec![], vec![]);
        for action in actions {
            match action {
                UpdateAction::Remove(path) => remove.push(self.path(path)),
                UpdateAction::Set { path, value } => match set_function(value) {
                    Some((op, args, at)) => {
                        let clause = self.set_function(path, (op, at), args, params)?;
                        if op == "ADD" {
                            add.push(clause);
                        } else {
                            delete.push(clause);
                        }
                    }
                    None => {
                        let target = self.path(path);
                        let value = self.update_value(value, params)?;
                        set.push(format!("{target} = {value}"));
                    }
                },
            }
        }
        let mut text = String::new();
        for (keyword, clauses) in [
            ("SET", set),
            ("ADD", add),
            ("DELETE", delete),
            ("REMOVE", remove),
        ] {
            if !clauses.is_empty() {
                if !text.is_empty() {
                    text.push(' ');
                }
                let _ = write!(text, "{keyword} {}", clauses.join(", "));
            }
        }
        Ok(text)
    }

    /// `set_add(path, <<…>>)` / `set_delete(path, <<…>>)` as `path :set` under ADD / DELETE.
    /// DynamoDB's messages quote where the function's name is, or, for a second argument
    /// that is not a set, where the first argument is.
    fn set_function(
        &mut self,
        path: &Path,
        (op, at): (&'static str, Span),
        args: &[Expr],
        params: Params<'_>,
    ) -> FaultResult<String> {
        let [first, second] = args else {
            return Err(Fault::SetFunctionArity(op, at));
        };
        let first = match first {
            Expr::Path(p) if p == path => p,
            _ => return Err(Fault::SetFunctionTarget(op, at)),
        };
        let set = match value_of(second, params, "root")? {
            Some(v @ (AttributeValue::Ss(_) | AttributeValue::Ns(_) | AttributeValue::Bs(_))) => v,
            _ => return Err(Fault::SetFunctionValue(op, first.at)),
        };
        let target = self.path(path);
        let value = self.value(set);
        Ok(format!("{target} {value}"))
    }

    /// The right side of a SET: a value, a path, `a + b`, `a - b`, `list_append` or
    /// `if_not_exists`.
    fn update_value(&mut self, expr: &Expr, params: Params<'_>) -> FaultResult<String> {
        match expr {
            Expr::Path(path) => Ok(self.path(path)),
            Expr::Arith { op, lhs, rhs } => {
                let l = self.update_value(lhs, params)?;
                let r = self.update_value(rhs, params)?;
                let op = match op {
                    ArithOp::Add => "+",
                    ArithOp::Sub => "-",
                };
                Ok(format!("{l} {op} {r}"))
            }
            Expr::Call { name, args, at } => {
                let native = match name.to_ascii_lowercase().as_str() {
                    "list_append" => "list_append",
                    "if_not_exists" => "if_not_exists",
                    lower => return Err(Fault::UnrecognizedFunction(lower.to_string(), *at)),
                };
                let mut rendered = Vec::with_capacity(args.len());
                for a in args {
                    rendered.push(self.update_value(a, params)?);
                }
                Ok(format!("{native}({})", rendered.join(", ")))
            }
            _ => match value_of(expr, params, "root")? {
                Some(v) => Ok(self.value(v)),
                None => Err(Fault::UnsupportedOperation("Expression")),
            },
        }
    }
}

/// `set_add`/`set_delete` calls: the native clause they become, their arguments and where
/// the name is.
fn set_function(value: &Expr) -> Option<(&'static str, &[Expr], Span)> {
    let Expr::Call { name, args, at } = value else {
        return None;
    };
    if name.eq_ignore_ascii_case("set_add") {
        Some(("ADD", args, *at))
    } else if name.eq_ignore_ascii_case("set_delete") {
        Some(("DELETE", args, *at))
    } else {
        None
    }
}

/// A condition function's arguments as DynamoDB's PartiQL checks them before the expression
/// runs: how many there are, then that an existence test names a document path
/// (paritysuite/dynamodb-conformance partiqlFunctions, AWS 2026; the native expression's
/// own messages would carry its `Invalid FilterExpression: ` prefix).
fn check_arguments(function: &str, arity: usize, args: &[Expr]) -> FaultResult<()> {
    if args.len() != arity {
        return Err(Fault::OperandCount {
            function: function.to_string(),
            count: args.len(),
        });
    }
    let needs_path = matches!(function, "attribute_exists" | "attribute_not_exists");
    if needs_path && !matches!(args.first(), Some(Expr::Path(_))) {
        return Err(Fault::NeedsPath(function.to_string()));
    }
    Ok(())
}

fn compare_text(op: CompareOp) -> &'static str {
    match op {
        CompareOp::Eq => "=",
        CompareOp::Ne => "<>",
        CompareOp::Lt => "<",
        CompareOp::Le => "<=",
        CompareOp::Gt => ">",
        CompareOp::Ge => ">=",
    }
}

/// The operator as DynamoDB's operand-type message names it, for the operators that only
/// order strings, numbers and binaries.
pub fn ordering_operator(op: CompareOp) -> Option<&'static str> {
    match op {
        CompareOp::Lt => Some("<"),
        CompareOp::Le => Some("<="),
        CompareOp::Gt => Some(">"),
        CompareOp::Ge => Some(">="),
        CompareOp::Eq | CompareOp::Ne => None,
    }
}

/// `text` as one parenthesized group: wrapped, unless it already is one group (DynamoDB's
/// expression parser refuses redundant parentheses such as `((a = :v))`).
pub fn group(text: &str) -> String {
    if is_one_group(text) {
        text.to_string()
    } else {
        format!("({text})")
    }
}

/// Whether `text` is `( … )` with the first parenthesis closed by the last character. Native
/// text holds only placeholders (`#n0`, `:v0`), never literals, so counting is exact.
fn is_one_group(text: &str) -> bool {
    if !text.starts_with('(') || !text.ends_with(')') {
        return false;
    }
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return i == text.len() - 1;
                }
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod group_tests {
    use super::group;

    #[test]
    fn grouping_never_doubles_parentheses() {
        assert_eq!(group("#n0 = :v0"), "(#n0 = :v0)");
        assert_eq!(group("(#n0 = :v0)"), "(#n0 = :v0)");
        assert_eq!(
            group("(#n0 = :v0) AND (#n1 = :v1)"),
            "((#n0 = :v0) AND (#n1 = :v1))"
        );
        assert_eq!(group("attribute_exists(#n0)"), "(attribute_exists(#n0))");
    }
}
