//! The grammar of condition, filter and key condition expressions, with DynamoDB's precedence
//! (NOT binds tighter than AND, AND tighter than OR) and its checks of functions and operands.
//!
//! Parentheses may wrap a condition or a single operand (`(a) = :v`), and a function call may
//! be a condition (`attribute_exists(a)`) or an operand (`size(a) > :n`); which one is only
//! known from what follows, so the grammar carries a [`Node`] that is either until then.

use std::cmp::Ordering;

use ddb_model::{AttributeValue, Number, ValueType};

use crate::ast::{CompareOp, Condition, Operand, Path};
use crate::condition::{compare_scalars, size_of};
use crate::error::{any_type, ExprError};
use crate::lexer::Tok;
use crate::parser::{scalar_text, Parser, Stage, CONDITION_ORDER};

/// Most operands on the right of IN.
pub const MAX_IN_OPERANDS: usize = 100;

/// A syntactic operand before its role is known.
#[derive(Debug, Clone)]
enum Term {
    Path(Path),
    Value(AttributeValue),
    Call {
        name: String,
        args: Vec<Term>,
    },
    /// An undefined placeholder; its fault is already recorded.
    Missing,
}

enum Node {
    Cond(Condition),
    /// An operand in parentheses, or a call whose role waits on what follows `)`.
    Term(Term),
}

struct Parsed {
    node: Node,
    /// Whether the node was exactly one parenthesized group (for the redundancy check).
    parenthesized: bool,
}

impl Parsed {
    fn cond(cond: Condition) -> Parsed {
        Parsed {
            node: Node::Cond(cond),
            parenthesized: false,
        }
    }
}

/// A condition standing in for one whose fault is already recorded; never evaluated.
fn placeholder() -> Condition {
    Condition::AttributeNotExists(Path(Vec::new()))
}

/// DynamoDB's type code of a literal operand (`size()` counts as N); none for paths.
fn literal_type(t: &Term) -> Option<ValueType> {
    match t {
        Term::Value(v) => Some(v.value_type()),
        Term::Call { name, .. } if name == "size" => Some(ValueType::N),
        _ => None,
    }
}

fn comparator(tok: &Tok) -> Option<CompareOp> {
    Some(match tok {
        Tok::Eq => CompareOp::Eq,
        Tok::Ne => CompareOp::Ne,
        Tok::Lt => CompareOp::Lt,
        Tok::Le => CompareOp::Le,
        Tok::Gt => CompareOp::Gt,
        Tok::Ge => CompareOp::Ge,
        _ => return None,
    })
}

impl Parser<'_, '_> {
    /// A whole condition: the text must end after it.
    pub(crate) fn condition(&mut self) -> Result<Condition, ExprError> {
        let parsed = self.or()?;
        let cond = match parsed.node {
            Node::Cond(c) => c,
            Node::Term(t) => self.term_as_condition(t)?,
        };
        self.finish(CONDITION_ORDER)?;
        Ok(cond)
    }

    fn as_condition(&mut self, p: Parsed) -> Result<Condition, ExprError> {
        match p.node {
            Node::Cond(c) => Ok(c),
            Node::Term(t) => self.term_as_condition(t),
        }
    }

    fn or(&mut self) -> Result<Parsed, ExprError> {
        let mut left = self.and()?;
        while self.at_keyword("OR") {
            self.count_operator()?;
            self.advance();
            let right = self.and()?;
            let (a, b) = (self.as_condition(left)?, self.as_condition(right)?);
            left = Parsed::cond(Condition::Or(Box::new(a), Box::new(b)));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Parsed, ExprError> {
        let mut left = self.not()?;
        while self.at_keyword("AND") {
            self.count_operator()?;
            self.advance();
            let right = self.not()?;
            let (a, b) = (self.as_condition(left)?, self.as_condition(right)?);
            left = Parsed::cond(Condition::And(Box::new(a), Box::new(b)));
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Parsed, ExprError> {
        if !self.at_keyword("NOT") {
            return self.primary();
        }
        // Each NOT counts against the operator limit, which also bounds this recursion.
        self.count_operator()?;
        self.advance();
        let inner = self.not()?;
        let inner = self.as_condition(inner)?;
        Ok(Parsed::cond(Condition::Not(Box::new(inner))))
    }

    fn primary(&mut self) -> Result<Parsed, ExprError> {
        if *self.peek() == Tok::LParen {
            self.advance();
            self.descend()?;
            let inner = self.or()?;
            self.ascend();
            self.expect(Tok::RParen)?;
            if inner.parenthesized {
                self.deferred
                    .record(Stage::Parens, ExprError::RedundantParentheses);
            }
            return match inner.node {
                Node::Cond(c) => Ok(Parsed {
                    node: Node::Cond(c),
                    parenthesized: true,
                }),
                Node::Term(t) => self.after_term(t, true),
            };
        }
        let term = self.term()?;
        self.after_term(term, false)
    }

    /// What an operand turns into, decided by the token after it.
    fn after_term(&mut self, term: Term, in_parens: bool) -> Result<Parsed, ExprError> {
        let next = self.peek().clone();
        if comparator(&next).is_some() || self.at_keyword("BETWEEN") || self.at_keyword("IN") {
            return Ok(Parsed::cond(self.comparison(term)?));
        }
        if next == Tok::RParen {
            // Inside parentheses: whether an operand or a condition shows after the `)`.
            return Ok(Parsed {
                node: Node::Term(term),
                parenthesized: in_parens,
            });
        }
        Ok(Parsed {
            node: Node::Cond(self.term_as_condition(term)?),
            parenthesized: in_parens,
        })
    }

    /// An operand standing where a condition belongs: only a function call can.
    fn term_as_condition(&mut self, term: Term) -> Result<Condition, ExprError> {
        let Term::Call { name, args } = term else {
            return Err(self.syntax_error());
        };
        Ok(match (name.as_str(), args.as_slice()) {
            ("attribute_exists", [Term::Path(p)]) => Condition::AttributeExists(p.clone()),
            ("attribute_not_exists", [Term::Path(p)]) => Condition::AttributeNotExists(p.clone()),
            ("attribute_type", [a, Term::Value(AttributeValue::S(t))]) => {
                match ValueType::from_descriptor(t) {
                    Some(ty) => Condition::AttributeType(self.operand(a), ty),
                    None => placeholder(),
                }
            }
            ("begins_with", [a, b]) => Condition::BeginsWith(self.operand(a), self.operand(b)),
            ("contains", [a, b]) => Condition::Contains(self.operand(a), self.operand(b)),
            ("size", _) => {
                self.deferred
                    .record(Stage::MisusedFunction, ExprError::MisusedFunction(name));
                placeholder()
            }
            // Every other shape was recorded as a fault when the call was parsed.
            _ => placeholder(),
        })
    }

    /// A term as an operand of a comparison or function. Only `size()` may be a call here.
    fn operand(&mut self, term: &Term) -> Operand {
        match term {
            Term::Path(p) => Operand::Path(p.clone()),
            Term::Value(v) => Operand::Value(v.clone()),
            Term::Call { name, args } if name == "size" => match args.as_slice() {
                [Term::Path(p)] => Operand::Size(p.clone()),
                // The size of a literal is known now.
                [Term::Value(v)] => match size_of(v) {
                    Some(n) => Operand::Value(AttributeValue::N(Number::from(n as i64))),
                    None => Operand::Value(AttributeValue::Null),
                },
                _ => Operand::Value(AttributeValue::Null),
            },
            Term::Call { name, .. } => {
                self.deferred.record(
                    Stage::MisusedFunction,
                    ExprError::MisusedFunction(name.clone()),
                );
                Operand::Value(AttributeValue::Null)
            }
            Term::Missing => Operand::Value(AttributeValue::Null),
        }
    }

    fn comparison(&mut self, left: Term) -> Result<Condition, ExprError> {
        self.count_operator()?;
        if let Some(op) = comparator(self.peek()) {
            self.advance();
            let right = self.term()?;
            self.check_distinct(op.symbol(), &left, &right);
            if !matches!(op, CompareOp::Eq | CompareOp::Ne) {
                self.check_orderable(op.symbol(), &[&left, &right]);
            }
            let (a, b) = (self.operand(&left), self.operand(&right));
            return Ok(Condition::Compare(a, op, b));
        }
        if self.at_keyword("BETWEEN") {
            self.advance();
            let low = self.term()?;
            if !self.at_keyword("AND") {
                return Err(self.syntax_error());
            }
            self.advance();
            let high = self.term()?;
            self.check_orderable("BETWEEN", &[&left, &low, &high]);
            self.check_bounds(&low, &high);
            let (v, lo, hi) = (self.operand(&left), self.operand(&low), self.operand(&high));
            return Ok(Condition::Between(v, lo, hi));
        }
        // IN
        self.advance();
        self.expect(Tok::LParen)?;
        let list = self.term_list()?;
        if list.len() > MAX_IN_OPERANDS {
            return Err(ExprError::TooManyInOperands(list.len()));
        }
        let v = self.operand(&left);
        let list = list.iter().map(|t| self.operand(t)).collect();
        Ok(Condition::In(v, list))
    }

    /// `term (, term)* )` — the closing parenthesis included.
    fn term_list(&mut self) -> Result<Vec<Term>, ExprError> {
        let mut list = Vec::new();
        loop {
            list.push(self.term()?);
            match self.peek() {
                Tok::Comma => self.advance(),
                Tok::RParen => {
                    self.advance();
                    return Ok(list);
                }
                _ => return Err(self.syntax_error()),
            }
        }
    }

    /// An operand: a path, a value, a function call, or one of those in parentheses.
    fn term(&mut self) -> Result<Term, ExprError> {
        match self.peek() {
            Tok::LParen => {
                self.advance();
                self.descend()?;
                if *self.peek() == Tok::LParen {
                    self.deferred
                        .record(Stage::Parens, ExprError::RedundantParentheses);
                }
                let t = self.term()?;
                self.ascend();
                self.expect(Tok::RParen)?;
                Ok(t)
            }
            Tok::Value => Ok(self.value().map_or(Term::Missing, Term::Value)),
            Tok::Ident if self.at_call() => self.call(),
            _ if self.at_path() => Ok(Term::Path(self.path()?)),
            _ => Err(self.syntax_error()),
        }
    }

    fn call(&mut self) -> Result<Term, ExprError> {
        self.count_operator()?;
        let name = self.current_text().to_string();
        self.advance();
        self.advance(); // (
        self.descend()?;
        let args = self.term_list()?;
        self.ascend();
        self.check_call(&name, &args);
        Ok(Term::Call { name, args })
    }

    /// DynamoDB's checks of a function call, made wherever the call stands.
    fn check_call(&mut self, name: &str, args: &[Term]) {
        for a in args {
            if let Term::Call { name: inner, .. } = a {
                if inner != "size" {
                    let e = ExprError::MisusedFunction(inner.clone());
                    self.deferred.record(Stage::MisusedFunction, e);
                }
            }
        }
        let arity = match name {
            "attribute_exists" | "attribute_not_exists" | "size" => 1,
            "attribute_type" | "begins_with" | "contains" => 2,
            // Update-expression functions exist, but have no place in a condition.
            "if_not_exists" | "list_append" => {
                let e = ExprError::MisusedFunction(name.to_string());
                self.deferred.record(Stage::MisusedFunction, e);
                return;
            }
            _ => {
                let e = ExprError::InvalidFunction(name.to_string());
                self.deferred.record(Stage::UnknownFunction, e);
                return;
            }
        };
        if args.len() != arity {
            let e = ExprError::OperandCount {
                function: name.to_string(),
                count: args.len(),
            };
            self.deferred.record(Stage::OperandCount, e);
            return;
        }
        if arity == 2 {
            self.check_distinct(name, &args[0], &args[1]);
        }
        let wrong_type = |ty: String| ExprError::OperandType {
            function: name.to_string(),
            ty,
        };
        let fault = match name {
            "attribute_exists" | "attribute_not_exists" if !matches!(args[0], Term::Path(_)) => {
                Some(ExprError::NeedsPath(name.to_string()))
            }
            "attribute_type" => match &args[1] {
                Term::Value(AttributeValue::S(t)) if ValueType::from_descriptor(t).is_none() => {
                    Some(ExprError::InvalidTypeName(t.clone()))
                }
                Term::Value(AttributeValue::S(_)) | Term::Missing => None,
                other => Some(wrong_type(
                    literal_type(other).map_or_else(any_type, |t| t.to_string()),
                )),
            },
            "begins_with" => args
                .iter()
                .filter_map(literal_type)
                .find(|t| !matches!(t, ValueType::S | ValueType::B))
                .map(|t| wrong_type(t.to_string())),
            "size" => literal_type(&args[0])
                .filter(|t| matches!(t, ValueType::N | ValueType::Bool | ValueType::Null))
                .map(|t| wrong_type(t.to_string())),
            _ => None,
        };
        if let Some(e) = fault {
            self.deferred.record(Stage::Function, e);
        }
    }

    /// Ordering compares numbers, strings and binaries only: a literal of another type written
    /// into the expression is refused outright (the same type found in an item merely fails
    /// the condition).
    fn check_orderable(&mut self, operator: &str, operands: &[&Term]) {
        let unorderable = operands
            .iter()
            .filter_map(|t| literal_type(t))
            .find(|t| !matches!(t, ValueType::N | ValueType::S | ValueType::B));
        if let Some(ty) = unorderable {
            let e = ExprError::OperandType {
                function: operator.to_string(),
                ty: ty.to_string(),
            };
            self.deferred.record(Stage::Function, e);
        }
    }

    /// DynamoDB refuses an operator whose two operands are the same path (`a = a`).
    fn check_distinct(&mut self, operator: &str, first: &Term, second: &Term) {
        if let (Term::Path(p), Term::Path(q)) = (first, second) {
            if p == q {
                let e = ExprError::NotDistinct {
                    operator: operator.to_string(),
                    first: p.clone(),
                };
                self.deferred.record(Stage::Distinct, e);
            }
        }
    }

    /// Literal BETWEEN bounds must share a type and be in order.
    fn check_bounds(&mut self, low: &Term, high: &Term) {
        let (Term::Value(l), Term::Value(h)) = (low, high) else {
            return;
        };
        let shown = |v: &AttributeValue| format!("{}:{}", v.value_type(), scalar_text(v));
        let (low, high) = (shown(l), shown(h));
        let fault = if l.value_type() != h.value_type() {
            Some(ExprError::BetweenTypes { low, high })
        } else if compare_scalars(l, h) == Some(Ordering::Greater) {
            Some(ExprError::BetweenOrder { low, high })
        } else {
            None
        };
        if let Some(e) = fault {
            self.deferred.record(Stage::Function, e);
        }
    }
}

#[cfg(test)]
#[path = "condition_parser_tests.rs"]
mod tests;
