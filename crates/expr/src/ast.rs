//! The expression tree every expression form parses into — condition, filter, key condition,
//! update and projection expressions, and the legacy parameters alike.

use std::fmt;

use ddb_model::{AttributeValue, ValueType};

/// One step of a document path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathElement {
    Attr(String),
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
    Path(Path),
    Value(AttributeValue),
    Size(Path),
}

/// A comparator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CompareOp {
    pub fn symbol(self) -> &'static str {
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
    Compare(Operand, CompareOp, Operand),
    Between(Operand, Operand, Operand),
    In(Operand, Vec<Operand>),
    And(Box<Condition>, Box<Condition>),
    Or(Box<Condition>, Box<Condition>),
    Not(Box<Condition>),
    AttributeExists(Path),
    AttributeNotExists(Path),
    AttributeType(Path, ValueType),
    BeginsWith(Operand, Operand),
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
            Condition::AttributeExists(p)
            | Condition::AttributeNotExists(p)
            | Condition::AttributeType(p, _) => out.push(p),
        }
    }
}
