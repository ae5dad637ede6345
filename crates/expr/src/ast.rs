//! The expression tree every expression form parses into — condition, filter, key condition,
//! update and projection expressions, and the legacy parameters alike.

use std::fmt;

use ddb_model::{AttributeValue, ValueType};

/// One step of a document path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathElement {
    /// A map key (or, as the first step, a top-level attribute name), placeholder resolved.
    Attr(String),
    /// A list position, `[n]`.
    Index(usize),
}

/// A document path such as `a.b[2].c`, with placeholders already substituted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Path(pub Vec<PathElement>);

impl Path {
    /// A path naming one top-level attribute.
    pub fn attribute(name: &str) -> Path {
        Path(vec![PathElement::Attr(name.to_string())])
    }

    /// The steps from the top-level attribute down.
    pub fn elements(&self) -> &[PathElement] {
        &self.0
    }

    /// The top-level attribute the path starts at.
    pub fn first_name(&self) -> Option<&str> {
        match self.0.first() {
            Some(PathElement::Attr(name)) => Some(name),
            _ => None,
        }
    }

    /// Whether the path is a bare attribute name, reaching into no map or list.
    pub fn is_top_level(&self) -> bool {
        self.0.len() == 1
    }
}

/// DynamoDB's rendering of a path in messages: `[a, b, [0]]`.
impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            match e {
                PathElement::Attr(a) => f.write_str(a)?,
                PathElement::Index(n) => write!(f, "[{n}]")?,
            }
        }
        f.write_str("]")
    }
}

/// Something a condition compares: an attribute, a literal, or `size(path)`.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// The value found at a document path of the item (absent if the path leads nowhere).
    Path(Path),
    /// A literal, from an `:value` placeholder or a legacy parameter's value list.
    Value(AttributeValue),
    /// `size(path)`: the length of the string, binary, set, list or map there, as a number.
    Size(Path),
}

/// A comparator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    /// `=`: same type and value (sets compare as sets).
    Eq,
    /// `<>`: the negation of `=`; true also when an operand is missing.
    Ne,
    /// `<`: holds only for two numbers, two strings (by UTF-8 bytes) or two binaries.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
}

impl CompareOp {
    /// The operator as written in an expression, for messages.
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            CompareOp::Eq => "=",
            CompareOp::Ne => "<>",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        }
    }
}

/// A condition or filter.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// `a op b`; false whenever either side is missing, except for `<>`.
    Compare(Operand, CompareOp, Operand),
    /// `v BETWEEN low AND high`, both bounds inclusive.
    Between(Operand, Operand, Operand),
    /// `v IN (a, b, ...)`: `v` equals one of the listed operands.
    In(Operand, Vec<Operand>),
    /// Both hold.
    And(Box<Condition>, Box<Condition>),
    /// Either holds.
    Or(Box<Condition>, Box<Condition>),
    /// The inner condition does not hold.
    Not(Box<Condition>),
    /// `attribute_exists(path)`: the path leads to a value.
    AttributeExists(Path),
    /// `attribute_not_exists(path)`: the path leads nowhere (always true without an item).
    AttributeNotExists(Path),
    /// `attribute_type(x, :t)`: DynamoDB takes a value as well as a path for `x`.
    AttributeType(Operand, ValueType),
    /// `begins_with(a, prefix)`: a string or binary starting with the prefix.
    BeginsWith(Operand, Operand),
    /// `contains(a, b)`: a substring of a string or binary, or a member of a set or list.
    Contains(Operand, Operand),
}

impl Condition {
    /// Every document path the condition reads.
    pub fn paths(&self) -> Vec<&Path> {
        let mut out = Vec::new();
        self.collect_paths(&mut out);
        out
    }

    fn collect_paths<'a>(&'a self, out: &mut Vec<&'a Path>) {
        let operand = |o: &'a Operand, out: &mut Vec<&'a Path>| match o {
            Operand::Path(p) | Operand::Size(p) => out.push(p),
            Operand::Value(_) => {}
        };
        match self {
            Condition::Compare(a, _, b)
            | Condition::BeginsWith(a, b)
            | Condition::Contains(a, b) => {
                operand(a, out);
                operand(b, out);
            }
            Condition::Between(a, b, c) => {
                operand(a, out);
                operand(b, out);
                operand(c, out);
            }
            Condition::In(a, list) => {
                operand(a, out);
                for o in list {
                    operand(o, out);
                }
            }
            Condition::And(a, b) | Condition::Or(a, b) => {
                a.collect_paths(out);
                b.collect_paths(out);
            }
            Condition::Not(a) => a.collect_paths(out),
            Condition::AttributeType(a, _) => operand(a, out),
            Condition::AttributeExists(p) | Condition::AttributeNotExists(p) => out.push(p),
        }
    }
}

/// How two document paths of one expression collide, as DynamoDB judges them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Clash {
    /// One path is the other or lies inside it (`a` and `a.b`).
    Overlap,
    /// At the first step where they part, one goes into a map and the other into a list
    /// (`a.b` and `a[0]`): both cannot hold for one value.
    Conflict,
}

/// Whether and how `a` and `b` collide.
pub(crate) fn clash(a: &Path, b: &Path) -> Option<Clash> {
    for (x, y) in a.0.iter().zip(&b.0) {
        match (x, y) {
            (PathElement::Attr(_), PathElement::Index(_))
            | (PathElement::Index(_), PathElement::Attr(_)) => return Some(Clash::Conflict),
            _ if x != y => return None,
            _ => {}
        }
    }
    Some(Clash::Overlap)
}

/// DynamoDB's error for the first overlapping pair of `paths` (earlier path first), or failing
/// that the first conflicting pair: overlaps are reported in preference.
pub(crate) fn first_clash<'a>(
    paths: impl IntoIterator<Item = &'a Path>,
) -> Option<crate::error::ExprError> {
    use crate::error::ExprError;
    let mut seen: Vec<&Path> = Vec::new();
    let mut conflict = None;
    for p in paths {
        for earlier in &seen {
            match clash(earlier, p) {
                Some(Clash::Overlap) => {
                    return Some(ExprError::PathsOverlap((*earlier).clone(), p.clone()))
                }
                Some(Clash::Conflict) if conflict.is_none() => {
                    conflict = Some(ExprError::PathsConflict((*earlier).clone(), p.clone()))
                }
                _ => {}
            }
        }
        seen.push(p);
    }
    conflict
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(spec: &str) -> Path {
        Path(
            spec.split('.')
                .map(|s| match s.parse() {
                    Ok(i) => PathElement::Index(i),
                    Err(_) => PathElement::Attr(s.to_string()),
                })
                .collect(),
        )
    }

    #[test]
    fn renders_like_dynamodb() {
        assert_eq!(path("a.b.0.c").to_string(), "[a, b, [0], c]");
        assert_eq!(Path::attribute("x").to_string(), "[x]");
    }

    #[test]
    fn clashes() {
        assert_eq!(clash(&path("a"), &path("a")), Some(Clash::Overlap));
        assert_eq!(clash(&path("a"), &path("a.b.c")), Some(Clash::Overlap));
        assert_eq!(clash(&path("a.1"), &path("a.1.1")), Some(Clash::Overlap));
        assert_eq!(clash(&path("a.b"), &path("a.0")), Some(Clash::Conflict));
        assert_eq!(clash(&path("a.b.c"), &path("a.b.2")), Some(Clash::Conflict));
        assert_eq!(clash(&path("a.b"), &path("a.c")), None);
        assert_eq!(clash(&path("a.0.x"), &path("a.0.y")), None);
        assert_eq!(clash(&path("a"), &path("b")), None);
    }

    #[test]
    fn overlap_wins_over_an_earlier_conflict() {
        let paths = [path("a.b"), path("a.0"), path("c"), path("c")];
        assert!(matches!(
            first_clash(&paths),
            Some(crate::error::ExprError::PathsOverlap(..))
        ));
        let paths = [path("a.b"), path("a.0")];
        assert!(matches!(
            first_clash(&paths),
            Some(crate::error::ExprError::PathsConflict(..))
        ));
        assert!(first_clash(&[path("a.b"), path("a.c")]).is_none());
    }
}
