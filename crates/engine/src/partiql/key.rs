//! What a WHERE clause says about the key. A write must pin every key attribute of its table
//! with `=` among the top-level AND terms, and the other terms become its condition; a read
//! becomes a Query when the terms pin the partition key (by `=`, `IN`, or an OR of `=`) and
//! leave at most one key condition on the sort key, and a Scan otherwise.

use ddb_partiql::{CompareOp, Expr, Path};

use super::fault::{Fault, FaultResult};
use super::value::is_value;
use crate::schema::KeySchema;

/// The top-level AND terms of a WHERE clause, in the order written.
pub fn conjuncts(expr: &Expr) -> Vec<&Expr> {
    let mut out = Vec::new();
    collect(expr, &mut out);
    out
}

fn collect<'a>(expr: &'a Expr, out: &mut Vec<&'a Expr>) {
    if let Expr::And(a, b) = expr {
        collect(a, out);
        collect(b, out);
    } else {
        out.push(expr);
    }
}

/// Whether `path` is the top-level attribute `name` itself.
fn is_attribute(path: &Path, name: &str) -> bool {
    path.root == name && path.steps.is_empty()
}

/// The value `term` pins attribute `name` to, when it is `name = value` or `value = name`.
pub fn equality<'a>(term: &'a Expr, name: &str) -> Option<&'a Expr> {
    let Expr::Compare {
        op: CompareOp::Eq,
        lhs,
        rhs,
    } = term
    else {
        return None;
    };
    match (lhs.as_ref(), rhs.as_ref()) {
        (Expr::Path(p), v) | (v, Expr::Path(p)) if is_attribute(p, name) && is_value(v) => Some(v),
        _ => None,
    }
}

/// The values `term` allows for attribute `name` when it is `name = v`, `name IN [v, …]` or an
/// OR whose every branch is `name = v`.
pub fn candidates<'a>(term: &'a Expr, name: &str) -> Option<Vec<&'a Expr>> {
    if let Some(v) = equality(term, name) {
        return Some(vec![v]);
    }
    match term {
        Expr::In { expr, list } => match expr.as_ref() {
            Expr::Path(p) if is_attribute(p, name) && list.iter().all(is_value) => {
                Some(list.iter().collect())
            }
            _ => None,
        },
        Expr::Or(a, b) => {
            let mut values = candidates(a, name)?;
            values.extend(candidates(b, name)?);
            Some(values)
        }
        _ => None,
    }
}

/// Whether `expr` reads any attribute named in `names` at its top level.
pub fn mentions(expr: &Expr, names: &[&str]) -> bool {
    let mut found = false;
    visit_paths(expr, &mut |p| found |= names.contains(&p.root.as_str()));
    found
}

fn visit_paths(expr: &Expr, f: &mut dyn FnMut(&Path)) {
    match expr {
        Expr::Path(p) => f(p),
        Expr::Literal(_) | Expr::Param(_) => {}
        Expr::List(items) | Expr::Set(items) => items.iter().for_each(|e| visit_paths(e, f)),
        Expr::Map(entries) => entries.iter().for_each(|e| visit_paths(&e.value, f)),
        Expr::Compare { lhs, rhs, .. } | Expr::Arith { lhs, rhs, .. } => {
            visit_paths(lhs, f);
            visit_paths(rhs, f);
        }
        Expr::And(a, b) | Expr::Or(a, b) => {
            visit_paths(a, f);
            visit_paths(b, f);
        }
        Expr::Negate(e) | Expr::Not(e) | Expr::Is { expr: e, .. } => visit_paths(e, f),
        Expr::In { expr, list } => {
            visit_paths(expr, f);
            list.iter().for_each(|e| visit_paths(e, f));
        }
        Expr::Between { expr, low, high } => {
            visit_paths(expr, f);
            visit_paths(low, f);
            visit_paths(high, f);
        }
        Expr::Call { args, .. } => args.iter().for_each(|e| visit_paths(e, f)),
    }
}

/// A write's WHERE, split: the value of each key attribute, and the other terms.
pub struct WriteWhere<'a> {
    /// Each key attribute with the expression of its value, in the schema's order.
    pub key: Vec<(String, &'a Expr)>,
    /// The other terms: the write's condition.
    pub rest: Vec<&'a Expr>,
}

/// Splits a write's WHERE by `schema` (a table's, so never multi-attribute).
pub fn write_where<'a>(
    where_clause: Option<&'a Expr>,
    schema: &KeySchema,
) -> FaultResult<WriteWhere<'a>> {
    let terms = where_clause.map(conjuncts).unwrap_or_default();
    let mut key: Vec<(String, &Expr)> = Vec::new();
    let mut rest = Vec::new();
    'terms: for term in terms {
        for attr in schema.attributes() {
            if let Some(v) = equality(term, &attr.name) {
                if let Some((_, earlier)) = key.iter().find(|(n, _)| *n == attr.name) {
                    if *earlier != v {
                        return Err(Fault::MultipleConditionsOnKey(attr.name.clone()));
                    }
                    continue 'terms;
                }
                key.push((attr.name.clone(), v));
                continue 'terms;
            }
        }
        rest.push(term);
    }
    if key.len() != schema.attributes().count() {
        return Err(Fault::MandatoryKeyEquality);
    }
    key.sort_by_key(|(name, _)| schema.attributes().position(|a| a.name == *name));
    Ok(WriteWhere { key, rest })
}

/// How a SELECT reads.
pub enum Access<'a> {
    /// Every item of the table or index, filtered by the whole WHERE.
    Scan,
    /// One Query per partition-key value.
    Query(QueryShape<'a>),
}

/// A SELECT that is Queries: the partition-key values, the sort-key condition and the filter.
pub struct QueryShape<'a> {
    /// The partition key's values (one Query each, in this order unless ORDER BY says other).
    pub hash_values: Vec<&'a Expr>,
    /// The sort-key condition, when one term gives one.
    pub range: Option<&'a Expr>,
    /// The other terms.
    pub filter: Vec<&'a Expr>,
}

/// Whether `term` is a key condition DynamoDB's Query takes on the sort key `name`.
fn is_range_condition(term: &Expr, name: &str) -> bool {
    match term {
        Expr::Compare { op, lhs, rhs } if *op != CompareOp::Ne => {
            matches!((lhs.as_ref(), rhs.as_ref()),
                (Expr::Path(p), v) | (v, Expr::Path(p)) if is_attribute(p, name) && is_value(v))
        }
        Expr::Between { expr, low, high } => {
            matches!(expr.as_ref(), Expr::Path(p) if is_attribute(p, name))
                && is_value(low)
                && is_value(high)
        }
        Expr::Call { name: f, args, .. } if f.eq_ignore_ascii_case("begins_with") => {
            matches!(args.as_slice(), [Expr::Path(p), v] if is_attribute(p, name) && is_value(v))
        }
        _ => false,
    }
}

/// Whether `where_clause` is an OR of branches that each pin the partition key with `=`, two
/// of which pin the same value while only one of them limits the sort key: one branch then
/// reads the whole partition and the other part of it. DynamoDB refuses such a WHERE
/// ("Overlapping conditions with range keys", paritysuite/dynamodb-conformance tier3
/// error-messages partiqlGrammar, AWS 2026, where the whole-partition branch has a filter on a
/// non-key attribute). A branch that does not pin the partition key makes the read a Scan,
/// which has no such rule.
pub fn overlapping_range_conditions(where_clause: &Expr, schema: &KeySchema) -> bool {
    let Some(range) = &schema.range else {
        return false;
    };
    let mut branches = Vec::new();
    disjuncts(where_clause, &mut branches);
    if branches.len() < 2 {
        return false;
    }
    let mut seen: Vec<(&Expr, bool)> = Vec::new();
    for branch in branches {
        let terms = conjuncts(branch);
        let Some(value) = terms.iter().find_map(|t| equality(t, &schema.hash.name)) else {
            return false;
        };
        let ranged = terms.iter().any(|t| is_range_condition(t, &range.name));
        if seen.iter().any(|(v, r)| *v == value && *r != ranged) {
            return true;
        }
        seen.push((value, ranged));
    }
    false
}

fn disjuncts<'a>(expr: &'a Expr, out: &mut Vec<&'a Expr>) {
    if let Expr::Or(a, b) = expr {
        disjuncts(a, out);
        disjuncts(b, out);
    } else {
        out.push(expr);
    }
}

/// Decides Query or Scan for a SELECT of a table or index keyed by `schema`.
pub fn access<'a>(where_clause: Option<&'a Expr>, schema: &KeySchema) -> Access<'a> {
    let Some(where_clause) = where_clause else {
        return Access::Scan;
    };
    // Multi-attribute index keys are read by Scan: their key conditions are not expressible
    // as one attribute's.
    if schema.is_multi_attribute() {
        return Access::Scan;
    }
    let hash = schema.hash.name.as_str();
    let range = schema.range.as_ref().map(|r| r.name.as_str());
    let mut hash_values = None;
    let mut range_term = None;
    let mut filter = Vec::new();
    for term in conjuncts(where_clause) {
        if hash_values.is_none() {
            if let Some(values) = candidates(term, hash) {
                hash_values = Some(values);
                continue;
            }
        }
        if let Some(r) = range {
            if range_term.is_none() && is_range_condition(term, r) {
                range_term = Some(term);
                continue;
            }
        }
        filter.push(term);
    }
    let keys: Vec<&str> = std::iter::once(hash).chain(range).collect();
    match hash_values {
        Some(hash_values) if !filter.iter().any(|t| mentions(t, &keys)) => {
            Access::Query(QueryShape {
                hash_values,
                range: range_term,
                filter,
            })
        }
        _ => Access::Scan,
    }
}
