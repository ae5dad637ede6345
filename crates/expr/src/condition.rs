//! Evaluating conditions and filters against an item. Comparisons across types are false
//! rather than errors, as in DynamoDB; `<>` is true when either side is missing.

use std::borrow::Cow;
use std::cmp::Ordering;

use ddb_model::{AttributeValue, DynamoResult, Item, Number};

use crate::ast::{CompareOp, Condition, Operand, Path, PathElement};

/// The value at `path` in `item`, if there is one.
pub fn resolve<'a>(item: &'a Item, path: &Path) -> Option<&'a AttributeValue> {
    let mut elements = path.elements().iter();
    let mut current = match elements.next()? {
        PathElement::Attr(name) => item.get(name)?,
        PathElement::Index(_) => return None,
    };
    for e in elements {
        current = match (e, current) {
            (PathElement::Attr(name), AttributeValue::M(m)) => m.get(name)?,
            (PathElement::Index(i), AttributeValue::L(l)) => l.get(*i)?,
            _ => return None,
        };
    }
    Some(current)
}

/// `size()` of a value: characters of a string (in UTF-16 units, as DynamoDB counts them),
/// bytes of a binary, members of a set, list or map; none for other types.
pub fn size_of(v: &AttributeValue) -> Option<usize> {
    Some(match v {
        AttributeValue::S(s) => s.encode_utf16().count(),
        AttributeValue::B(b) => b.len(),
        AttributeValue::Ss(x) => x.len(),
        AttributeValue::Ns(x) => x.len(),
        AttributeValue::Bs(x) => x.len(),
        AttributeValue::L(x) => x.len(),
        AttributeValue::M(x) => x.len(),
        _ => return None,
    })
}

fn operand_value<'a>(item: Option<&'a Item>, o: &'a Operand) -> Option<Cow<'a, AttributeValue>> {
    match o {
        Operand::Value(v) => Some(Cow::Borrowed(v)),
        Operand::Path(p) => item.and_then(|i| resolve(i, p)).map(Cow::Borrowed),
        Operand::Size(p) => {
            let v = item.and_then(|i| resolve(i, p))?;
            let n = size_of(v)?;
            Some(Cow::Owned(AttributeValue::N(Number::from(n as i64))))
        }
    }
}

/// Deep equality, with sets compared as sets.
pub fn values_equal(a: &AttributeValue, b: &AttributeValue) -> bool {
    fn same_members<T: PartialEq>(x: &[T], y: &[T]) -> bool {
        x.len() == y.len() && x.iter().all(|m| y.contains(m))
    }
    match (a, b) {
        (AttributeValue::Ss(x), AttributeValue::Ss(y)) => same_members(x, y),
        (AttributeValue::Ns(x), AttributeValue::Ns(y)) => same_members(x, y),
        (AttributeValue::Bs(x), AttributeValue::Bs(y)) => same_members(x, y),
        (AttributeValue::L(x), AttributeValue::L(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| values_equal(p, q))
        }
        (AttributeValue::M(x), AttributeValue::M(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| values_equal(v, w)))
        }
        _ => a == b,
    }
}

/// Order of two scalars of the same ordered type (S, N, B); `None` otherwise.
pub fn compare_scalars(a: &AttributeValue, b: &AttributeValue) -> Option<Ordering> {
    match (a, b) {
        (AttributeValue::S(x), AttributeValue::S(y)) => Some(x.as_bytes().cmp(y.as_bytes())),
        (AttributeValue::N(x), AttributeValue::N(y)) => Some(x.cmp(y)),
        (AttributeValue::B(x), AttributeValue::B(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

fn compare(op: CompareOp, a: Option<&AttributeValue>, b: Option<&AttributeValue>) -> bool {
    match op {
        CompareOp::Eq => matches!((a, b), (Some(x), Some(y)) if values_equal(x, y)),
        CompareOp::Ne => !matches!((a, b), (Some(x), Some(y)) if values_equal(x, y)),
        _ => {
            let Some(ord) = a.zip(b).and_then(|(x, y)| compare_scalars(x, y)) else {
                return false;
            };
            match op {
                CompareOp::Lt => ord == Ordering::Less,
                CompareOp::Le => ord != Ordering::Greater,
                CompareOp::Gt => ord == Ordering::Greater,
                _ => ord != Ordering::Less,
            }
        }
    }
}

fn contains(haystack: &AttributeValue, needle: &AttributeValue) -> bool {
    match (haystack, needle) {
        (AttributeValue::S(h), AttributeValue::S(n)) => h.contains(n.as_str()),
        (AttributeValue::B(h), AttributeValue::B(n)) => {
            n.is_empty() || h.windows(n.len()).any(|w| w == n.as_slice())
        }
        (AttributeValue::Ss(h), AttributeValue::S(n)) => h.contains(n),
        (AttributeValue::Ns(h), AttributeValue::N(n)) => h.contains(n),
        (AttributeValue::Bs(h), AttributeValue::B(n)) => h.contains(n),
        (AttributeValue::L(h), n) => h.iter().any(|v| values_equal(v, n)),
        _ => false,
    }
}

fn begins_with(value: &AttributeValue, prefix: &AttributeValue) -> bool {
    match (value, prefix) {
        (AttributeValue::S(v), AttributeValue::S(p)) => v.starts_with(p.as_str()),
        (AttributeValue::B(v), AttributeValue::B(p)) => v.starts_with(p),
        _ => false,
    }
}

/// Evaluates a condition against an item (`None`: the item does not exist).
pub fn evaluate(cond: &Condition, item: Option<&Item>) -> DynamoResult<bool> {
    Ok(eval(cond, item))
}

fn eval(cond: &Condition, item: Option<&Item>) -> bool {
    match cond {
        Condition::Compare(a, op, b) => {
            let (x, y) = (operand_value(item, a), operand_value(item, b));
            compare(*op, x.as_deref(), y.as_deref())
        }
        Condition::Between(v, lo, hi) => {
            let (v, lo, hi) = (
                operand_value(item, v),
                operand_value(item, lo),
                operand_value(item, hi),
            );
            let (Some(v), Some(lo), Some(hi)) = (v, lo, hi) else {
                return false;
            };
            matches!(
                (compare_scalars(&lo, &v), compare_scalars(&v, &hi)),
                (
                    Some(Ordering::Less | Ordering::Equal),
                    Some(Ordering::Less | Ordering::Equal)
                )
            )
        }
        Condition::In(v, list) => {
            let Some(v) = operand_value(item, v) else {
                return false;
            };
            list.iter()
                .any(|o| operand_value(item, o).is_some_and(|w| values_equal(&v, &w)))
        }
        Condition::And(a, b) => eval(a, item) && eval(b, item),
        Condition::Or(a, b) => eval(a, item) || eval(b, item),
        Condition::Not(a) => !eval(a, item),
        Condition::AttributeExists(p) => item.and_then(|i| resolve(i, p)).is_some(),
        Condition::AttributeNotExists(p) => item.and_then(|i| resolve(i, p)).is_none(),
        Condition::AttributeType(p, ty) => item
            .and_then(|i| resolve(i, p))
            .is_some_and(|v| v.value_type() == *ty),
        Condition::BeginsWith(a, b) => match (operand_value(item, a), operand_value(item, b)) {
            (Some(x), Some(y)) => begins_with(&x, &y),
            _ => false,
        },
        Condition::Contains(a, b) => match (operand_value(item, a), operand_value(item, b)) {
            (Some(x), Some(y)) => contains(&x, &y),
            _ => false,
        },
    }
}
