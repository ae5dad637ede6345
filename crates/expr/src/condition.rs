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
        Condition::AttributeType(a, ty) => {
            operand_value(item, a).is_some_and(|v| v.value_type() == *ty)
        }
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

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::names::ExpressionContext;
    use crate::{parse_condition, ExpressionKind};

    const ITEM: &str = r#"{
        "n":{"N":"5"}, "s":{"S":"hello"}, "b":{"B":"AQID"}, "t":{"BOOL":true}, "z":{"NULL":true},
        "l":{"L":[{"N":"1"},{"S":"x"},{"M":{"k":{"S":"v"}}}]},
        "m":{"M":{"k":{"S":"v"},"deep":{"L":[{"N":"7"}]}}},
        "ss":{"SS":["p","q"]}, "ns":{"NS":["1","2"]}, "bs":{"BS":["AQ=="]},
        "emoji":{"S":"😀a"}
    }"#;

    const VALUES: &str = r#"{
        ":1":{"N":"1"}, ":4":{"N":"4"}, ":5":{"N":"5.00"}, ":6":{"N":"6"}, ":2":{"N":"2"},
        ":3":{"N":"3"}, ":he":{"S":"he"}, ":hello":{"S":"hello"}, ":x":{"S":"x"}, ":p":{"S":"p"},
        ":v":{"S":"v"}, ":b1":{"B":"AQ=="}, ":b12":{"B":"AQI="}, ":true":{"BOOL":true},
        ":qp":{"SS":["q","p"]}, ":l":{"L":[{"N":"1"},{"S":"x"},{"M":{"k":{"S":"v"}}}]},
        ":m":{"M":{"k":{"S":"v"}}}, ":S":{"S":"S"}, ":SS":{"S":"SS"}, ":NULL":{"S":"NULL"}
    }"#;

    fn holds_on(text: &str, item: Option<&Item>) -> bool {
        let v: HashMap<String, AttributeValue> = serde_json::from_str(VALUES).unwrap();
        let mut ctx = ExpressionContext::new(None, Some(&v));
        let c = parse_condition(text, ExpressionKind::Filter, &mut ctx)
            .unwrap_or_else(|e| panic!("{text}: {}", e.message));
        evaluate(&c, item).unwrap()
    }

    fn holds(text: &str) -> bool {
        let item: Item = serde_json::from_str(ITEM).unwrap();
        holds_on(text, Some(&item))
    }

    #[test]
    fn comparisons_of_each_ordered_type() {
        assert!(holds("n = :5") && holds("n <> :4") && holds("n > :4") && holds("n >= :5"));
        assert!(holds("n < :6") && holds("n <= :5") && !holds("n < :5"));
        assert!(holds("s > :he") && holds("s = :hello") && !holds("s < :he"));
        assert!(holds("b > :b12") && holds(":b1 < b"));
    }

    #[test]
    fn comparing_across_types_is_false_not_an_error() {
        assert!(!holds("s > :4") && !holds("s = :4") && holds("s <> :4"));
        assert!(holds("t = :true"));
        // An unorderable value found in the item only fails the comparison.
        assert!(!holds("t > :4") && !holds("ss > :p") && !holds("l < :1"));
    }

    #[test]
    fn unorderable_literals_are_refused() {
        let v: HashMap<String, AttributeValue> = serde_json::from_str(VALUES).unwrap();
        for text in ["t > :true", "ss > :qp", ":l < l", "s BETWEEN :1 AND :m"] {
            let mut ctx = ExpressionContext::new(None, Some(&v));
            let e = parse_condition(text, ExpressionKind::Filter, &mut ctx).unwrap_err();
            assert!(
                e.message
                    .contains("Incorrect operand type for operator or function"),
                "{text}: {}",
                e.message
            );
        }
    }

    #[test]
    fn missing_attributes() {
        assert!(!holds("nope = :1") && holds("nope <> :1") && !holds("nope < :1"));
        assert!(!holds("nope BETWEEN :1 AND :2") && !holds("nope IN (:1)"));
        assert!(!holds("begins_with(nope, :he)") && !holds("contains(nope, :x)"));
        assert!(holds("attribute_not_exists(nope)") && !holds("attribute_exists(nope)"));
        assert!(!holds("size(nope) >= :1") && !holds("attribute_type(nope, :S)"));
        // Without an item everything is missing.
        assert!(holds_on("attribute_not_exists(n)", None));
        assert!(!holds_on("n = :5", None) && holds_on("n <> :5", None));
    }

    #[test]
    fn deep_equality_and_sets() {
        assert!(holds("ss = :qp"), "sets compare as sets");
        assert!(holds("l = :l") && holds("m.k = :v") && holds("l[2] = :m"));
        assert!(holds("m.deep[0] > :6") && !holds("m.deep[1] = :1") && !holds("l.k = :v"));
    }

    #[test]
    fn between_and_in() {
        assert!(holds("n BETWEEN :4 AND :6") && holds("n BETWEEN :5 AND :5"));
        assert!(!holds("n BETWEEN :1 AND :4") && !holds("s BETWEEN :1 AND :6"));
        assert!(holds("n IN (:1, :5)") && !holds("n IN (:1, :4)") && holds("s IN (:x, :hello)"));
    }

    #[test]
    fn functions() {
        assert!(holds("begins_with(s, :he)") && !holds("begins_with(s, :x)"));
        assert!(holds("begins_with(b, :b1)") && !holds("begins_with(n, :he)"));
        assert!(holds(
            "contains(s, :he) AND contains(ss, :p) AND contains(l, :x)"
        ));
        assert!(holds(
            "contains(ns, :2) AND contains(bs, :b1) AND contains(l, :m)"
        ));
        assert!(!holds("contains(ss, :qp)") && !holds("contains(n, :5)"));
        assert!(holds(
            "attribute_type(ss, :SS) AND attribute_type(z, :NULL)"
        ));
        assert!(!holds("attribute_type(s, :SS)"));
        assert!(holds(
            "size(s) = :5 AND size(l) = :3 AND size(m) = :2 AND size(b) = :3"
        ));
        assert!(holds("size(ss) = :2 AND size(ns) = :2 AND size(bs) = :1"));
        assert!(!holds("size(n) = :1") && !holds("size(t) = :1"));
        // size() of a string counts UTF-16 units, as DynamoDB's length does.
        assert!(holds("size(emoji) = :3"));
    }

    #[test]
    fn logic() {
        assert!(holds("n = :5 AND NOT s = :x"));
        assert!(holds("n = :1 OR s = :hello") && !holds("n = :1 OR s = :x"));
        assert!(holds("NOT (n = :1 OR s = :x)"));
    }

    #[test]
    fn resolve_walks_maps_and_lists() {
        let item: Item = serde_json::from_str(ITEM).unwrap();
        let path = |e: Vec<PathElement>| Path(e);
        let attr = |s: &str| PathElement::Attr(s.to_string());
        assert!(resolve(
            &item,
            &path(vec![attr("m"), attr("deep"), PathElement::Index(0)])
        )
        .is_some());
        assert!(resolve(&item, &path(vec![attr("m"), PathElement::Index(0)])).is_none());
        assert!(resolve(&item, &path(vec![PathElement::Index(0)])).is_none());
        assert!(resolve(&item, &path(vec![])).is_none());
    }
}
