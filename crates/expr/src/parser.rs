//! Recursive-descent parsing shared by every expression form: document paths, operands,
//! conditions with DynamoDB's precedence (NOT binds tighter than AND, AND than OR), and the
//! static checks DynamoDB makes while parsing (reserved words, placeholders, function use).

use ddb_model::{AttributeValue, DynamoError, ValueType};

use crate::ast::{CompareOp, Condition, Operand, Path, PathElement};
use crate::lexer::{tokenize, Tok, Token};
use crate::names::ExpressionContext;
use crate::reserved_words::is_reserved_word;
use crate::ExpressionKind;

/// Longest expression DynamoDB accepts, in bytes.
pub const MAX_EXPRESSION_BYTES: usize = 4096;
/// Most operands on the right of IN.
pub const MAX_IN_OPERANDS: usize = 100;
/// Deepest nesting of parentheses, NOTs and function calls the parser follows; deeper input is
/// refused rather than allowed to exhaust the stack.
pub const MAX_NESTING: usize = 64;

const CONDITION_FUNCTIONS: [&str; 5] = [
    "attribute_exists",
    "attribute_not_exists",
    "attribute_type",
    "begins_with",
    "contains",
];
const VALID_TYPES: &str = "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}";

/// A parser over one expression's tokens.
pub(crate) struct Parser<'t, 'c> {
    pub text: &'t str,
    pub tokens: Vec<Token>,
    pub pos: usize,
    pub kind: ExpressionKind,
    pub ctx: &'t ExpressionContext<'c>,
    /// Current nesting depth, bounded by [`MAX_NESTING`].
    pub depth: usize,
}

/// A condition and whether it was exactly one parenthesized group (for the redundant
/// parentheses check).
struct Parsed {
    cond: Condition,
    parenthesized: bool,
}

impl<'t, 'c> Parser<'t, 'c> {
    /// Tokenizes `text`, rejecting empty and oversized expressions as DynamoDB does.
    pub fn new(
        text: &'t str,
        kind: ExpressionKind,
        ctx: &'t ExpressionContext<'c>,
    ) -> Result<Self, DynamoError> {
        let p = Parser {
            text,
            tokens: tokenize(text),
            pos: 0,
            kind,
            ctx,
            depth: 0,
        };
        if text.trim().is_empty() {
            return Err(p.invalid("The expression can not be empty;"));
        }
        if text.len() > MAX_EXPRESSION_BYTES {
            return Err(p.invalid(format!(
                "Expression size has exceeded the maximum allowed size; expression size: {}",
                text.len()
            )));
        }
        Ok(p)
    }

    /// `Invalid <Kind>: <detail>`.
    pub fn invalid(&self, detail: impl std::fmt::Display) -> DynamoError {
        DynamoError::validation(format!("Invalid {}: {detail}", self.kind.parameter()))
    }

    pub fn peek(&self) -> &Tok {
        &self.tokens[self.pos].tok
    }

    pub fn peek_at(&self, offset: usize) -> &Tok {
        let i = (self.pos + offset).min(self.tokens.len() - 1);
        &self.tokens[i].tok
    }

    pub fn text_of(&self, i: usize) -> &'t str {
        let t = &self.tokens[i];
        &self.text[t.start..t.end]
    }

    pub fn current_text(&self) -> &'t str {
        self.text_of(self.pos)
    }

    pub fn advance(&mut self) {
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
    }

    /// Whether the current token is the keyword `word` (case-insensitive).
    pub fn at_keyword(&self, word: &str) -> bool {
        *self.peek() == Tok::Ident && self.current_text().eq_ignore_ascii_case(word)
    }

    /// DynamoDB's syntax error at the current token.
    pub fn syntax_error(&self) -> DynamoError {
        let i = self.pos;
        let token = match self.tokens[i].tok {
            Tok::Eof => "<EOF>".to_string(),
            _ => self.text_of(i).to_string(),
        };
        let from = if i > 0 {
            self.tokens[i - 1].start
        } else {
            self.tokens[i].start
        };
        let to = if i + 1 < self.tokens.len() {
            self.tokens[i + 1].end
        } else {
            self.text.len()
        };
        let near = if self.tokens[i].tok == Tok::Eof {
            &self.text[from..]
        } else {
            &self.text[from..to]
        };
        self.invalid(format!(
            "Syntax error; token: \"{token}\", near: \"{near}\""
        ))
    }

    /// Enters one more level of nesting, refusing input nested deeper than [`MAX_NESTING`].
    pub fn descend(&mut self) -> Result<(), DynamoError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.invalid("The expression has too many levels of nesting;"));
        }
        Ok(())
    }

    pub fn expect(&mut self, tok: Tok) -> Result<(), DynamoError> {
        if *self.peek() == tok {
            self.advance();
            Ok(())
        } else {
            Err(self.syntax_error())
        }
    }

    pub fn expect_end(&self) -> Result<(), DynamoError> {
        if *self.peek() == Tok::Eof {
            Ok(())
        } else {
            Err(self.syntax_error())
        }
    }

    /// One path element name: a bare word (not reserved) or a `#placeholder`.
    fn path_name(&mut self) -> Result<String, DynamoError> {
        match self.peek() {
            Tok::Ident => {
                let word = self.current_text();
                if is_reserved_word(word) {
                    return Err(self.invalid(format!(
                        "Attribute name is a reserved keyword; reserved keyword: {word}"
                    )));
                }
                self.advance();
                Ok(word.to_string())
            }
            Tok::Name => {
                let name = self
                    .ctx
                    .name(self.current_text())
                    .map_err(|m| self.invalid(m))?;
                self.advance();
                Ok(name.to_string())
            }
            _ => Err(self.syntax_error()),
        }
    }

    /// A document path: `name ( '.' name | '[' int ']' )*`.
    pub fn path(&mut self) -> Result<Path, DynamoError> {
        let mut elements = vec![PathElement::Attr(self.path_name()?)];
        loop {
            match self.peek() {
                Tok::Dot => {
                    self.advance();
                    elements.push(PathElement::Attr(self.path_name()?));
                }
                Tok::LBracket => {
                    self.advance();
                    if *self.peek() != Tok::Int {
                        return Err(self.syntax_error());
                    }
                    let index: usize = self
                        .current_text()
                        .parse()
                        .map_err(|_| self.syntax_error())?;
                    self.advance();
                    self.expect(Tok::RBracket)?;
                    elements.push(PathElement::Index(index));
                }
                _ => return Ok(Path(elements)),
            }
        }
    }

    /// The value a `:placeholder` stands for.
    pub fn value(&mut self) -> Result<AttributeValue, DynamoError> {
        let v = self
            .ctx
            .value(self.current_text())
            .map_err(|m| self.invalid(m))?;
        self.advance();
        Ok(v.clone())
    }

    fn is_function_call(&self) -> bool {
        *self.peek() == Tok::Ident && *self.peek_at(1) == Tok::LParen
    }

    /// An operand of a comparison: path, value or `size(path)`.
    pub fn operand(&mut self) -> Result<Operand, DynamoError> {
        match self.peek() {
            Tok::Value => Ok(Operand::Value(self.value()?)),
            Tok::Ident if self.is_function_call() => {
                let name = self.current_text();
                if name == "size" {
                    let args = self.function_args(name)?;
                    return match args.as_slice() {
                        [Operand::Path(p)] => Ok(Operand::Size(p.clone())),
                        [_] => Err(self.invalid(
                            "Operator or function requires a document path; operator or function: size",
                        )),
                        _ => Err(self.invalid(format!(
                            "Incorrect number of operands for operator or function; operator or function: size, number of operands: {}",
                            args.len()
                        ))),
                    };
                }
                if CONDITION_FUNCTIONS.contains(&name) {
                    return Err(self.invalid(format!(
                        "The function is not allowed to be used this way in an expression; function: {name}"
                    )));
                }
                Err(self.invalid(format!("Invalid function name; function: {name}")))
            }
            Tok::Ident | Tok::Name => Ok(Operand::Path(self.path()?)),
            _ => Err(self.syntax_error()),
        }
    }

    /// `( operand, ... )` after a function name.
    fn function_args(&mut self, _name: &str) -> Result<Vec<Operand>, DynamoError> {
        self.advance(); // the name
        self.expect(Tok::LParen)?;
        let mut args = Vec::new();
        if *self.peek() == Tok::RParen {
            return Err(self.syntax_error());
        }
        loop {
            args.push(self.operand()?);
            match self.peek() {
                Tok::Comma => self.advance(),
                Tok::RParen => {
                    self.advance();
                    return Ok(args);
                }
                _ => return Err(self.syntax_error()),
            }
        }
    }

    /// A whole condition: the text must end after it.
    pub fn condition(&mut self) -> Result<Condition, DynamoError> {
        let parsed = self.or()?;
        self.expect_end()?;
        Ok(parsed.cond)
    }

    fn or(&mut self) -> Result<Parsed, DynamoError> {
        let mut left = self.and()?;
        while self.at_keyword("OR") {
            self.advance();
            let right = self.and()?;
            left = Parsed {
                cond: Condition::Or(Box::new(left.cond), Box::new(right.cond)),
                parenthesized: false,
            };
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Parsed, DynamoError> {
        let mut left = self.not()?;
        while self.at_keyword("AND") {
            self.advance();
            let right = self.not()?;
            left = Parsed {
                cond: Condition::And(Box::new(left.cond), Box::new(right.cond)),
                parenthesized: false,
            };
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Parsed, DynamoError> {
        if self.at_keyword("NOT") {
            self.advance();
            self.descend()?;
            let inner = self.not()?;
            self.depth -= 1;
            return Ok(Parsed {
                cond: Condition::Not(Box::new(inner.cond)),
                parenthesized: false,
            });
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Parsed, DynamoError> {
        if *self.peek() == Tok::LParen {
            self.advance();
            self.descend()?;
            let inner = self.or()?;
            self.depth -= 1;
            if inner.parenthesized {
                return Err(self.invalid("The expression has redundant parentheses;"));
            }
            self.expect(Tok::RParen)?;
            return Ok(Parsed {
                cond: inner.cond,
                parenthesized: true,
            });
        }
        if self.is_function_call() {
            let name = self.current_text();
            if CONDITION_FUNCTIONS.contains(&name) {
                let cond = self.condition_function(name)?;
                if matches!(
                    self.peek(),
                    Tok::Eq | Tok::Ne | Tok::Lt | Tok::Le | Tok::Gt | Tok::Ge
                ) || self.at_keyword("BETWEEN")
                    || self.at_keyword("IN")
                {
                    return Err(self.invalid(format!(
                        "The function is not allowed to be used this way in an expression; function: {name}"
                    )));
                }
                return Ok(Parsed {
                    cond,
                    parenthesized: false,
                });
            }
        }
        let left = self.operand()?;
        let cond = self.comparison(left)?;
        Ok(Parsed {
            cond,
            parenthesized: false,
        })
    }

    fn comparison(&mut self, left: Operand) -> Result<Condition, DynamoError> {
        let op = match self.peek() {
            Tok::Eq => Some(CompareOp::Eq),
            Tok::Ne => Some(CompareOp::Ne),
            Tok::Lt => Some(CompareOp::Lt),
            Tok::Le => Some(CompareOp::Le),
            Tok::Gt => Some(CompareOp::Gt),
            Tok::Ge => Some(CompareOp::Ge),
            _ => None,
        };
        if let Some(op) = op {
            self.advance();
            let right = self.operand()?;
            self.check_distinct(op.symbol(), &left, std::slice::from_ref(&right))?;
            return Ok(Condition::Compare(left, op, right));
        }
        if self.at_keyword("BETWEEN") {
            self.advance();
            let low = self.operand()?;
            if !self.at_keyword("AND") {
                return Err(self.syntax_error());
            }
            self.advance();
            let high = self.operand()?;
            self.check_distinct("BETWEEN", &left, &[low.clone(), high.clone()])?;
            self.check_between_bounds(&low, &high)?;
            return Ok(Condition::Between(left, low, high));
        }
        if self.at_keyword("IN") {
            self.advance();
            self.expect(Tok::LParen)?;
            let mut list = Vec::new();
            loop {
                list.push(self.operand()?);
                match self.peek() {
                    Tok::Comma => self.advance(),
                    Tok::RParen => {
                        self.advance();
                        break;
                    }
                    _ => return Err(self.syntax_error()),
                }
            }
            if list.len() > MAX_IN_OPERANDS {
                return Err(self.invalid(format!(
                    "The IN operator is provided with too many operands; number of operands: {}",
                    list.len()
                )));
            }
            self.check_distinct("IN", &left, &list)?;
            return Ok(Condition::In(left, list));
        }
        Err(self.syntax_error())
    }

    /// DynamoDB refuses `a = a`: the first operand must differ from the others.
    fn check_distinct(
        &self,
        op: &str,
        first: &Operand,
        rest: &[Operand],
    ) -> Result<(), DynamoError> {
        if let Operand::Path(p) = first {
            if rest.iter().any(|o| matches!(o, Operand::Path(q) if q == p)) {
                return Err(self.invalid(format!(
                    "The first operand must be distinct from the remaining operands for this operator or function; operator: {op}, first operand: {p}"
                )));
            }
        }
        Ok(())
    }

    fn check_between_bounds(&self, low: &Operand, high: &Operand) -> Result<(), DynamoError> {
        let (Operand::Value(l), Operand::Value(h)) = (low, high) else {
            return Ok(());
        };
        let shown = |v: &AttributeValue| {
            format!("AttributeValue: {{{}:{}}}", v.value_type(), scalar_text(v))
        };
        if l.value_type() != h.value_type() {
            return Err(self.invalid(format!(
                "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: {}, upper bound operand: {}",
                shown(l),
                shown(h)
            )));
        }
        if crate::condition::compare_scalars(l, h) == Some(std::cmp::Ordering::Greater) {
            return Err(self.invalid(format!(
                "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: {}, upper bound operand: {}",
                shown(l),
                shown(h)
            )));
        }
        Ok(())
    }

    fn condition_function(&mut self, name: &'t str) -> Result<Condition, DynamoError> {
        let args = self.function_args(name)?;
        let count = |n: usize| -> Result<(), DynamoError> {
            if args.len() == n {
                Ok(())
            } else {
                Err(self.invalid(format!(
                    "Incorrect number of operands for operator or function; operator or function: {name}, number of operands: {}",
                    args.len()
                )))
            }
        };
        let needs_path = || {
            self.invalid(format!(
                "Operator or function requires a document path; operator or function: {name}"
            ))
        };
        let wrong_type = |v: &AttributeValue| {
            self.invalid(format!(
                "Incorrect operand type for operator or function; operator or function: {name}, operand type: {}",
                v.value_type()
            ))
        };
        match name {
            "attribute_exists" | "attribute_not_exists" => {
                count(1)?;
                let Operand::Path(p) = &args[0] else {
                    return Err(needs_path());
                };
                Ok(if name == "attribute_exists" {
                    Condition::AttributeExists(p.clone())
                } else {
                    Condition::AttributeNotExists(p.clone())
                })
            }
            "attribute_type" => {
                count(2)?;
                let Operand::Path(p) = &args[0] else {
                    return Err(needs_path());
                };
                match &args[1] {
                    Operand::Value(AttributeValue::S(t)) => match ValueType::from_descriptor(t) {
                        Some(ty) => Ok(Condition::AttributeType(p.clone(), ty)),
                        None => Err(self.invalid(format!(
                            "Invalid attribute type name found; type: {t}, valid types: {VALID_TYPES}"
                        ))),
                    },
                    Operand::Value(v) => Err(wrong_type(v)),
                    _ => Err(self.invalid(format!(
                        "Incorrect operand type for operator or function; operator or function: {name}, operand type: {{NS,SS,L,BS,N,M,B,BOOL,NULL,S}}"
                    ))),
                }
            }
            "begins_with" => {
                count(2)?;
                for a in &args {
                    if let Operand::Value(v) = a {
                        if !matches!(v, AttributeValue::S(_) | AttributeValue::B(_)) {
                            return Err(wrong_type(v));
                        }
                    }
                }
                self.check_distinct(name, &args[0], &args[1..])?;
                Ok(Condition::BeginsWith(args[0].clone(), args[1].clone()))
            }
            _ => {
                count(2)?;
                self.check_distinct(name, &args[0], &args[1..])?;
                Ok(Condition::Contains(args[0].clone(), args[1].clone()))
            }
        }
    }
}

/// A scalar's text as DynamoDB shows it in messages.
pub(crate) fn scalar_text(v: &AttributeValue) -> String {
    match v {
        AttributeValue::S(s) => s.clone(),
        AttributeValue::N(n) => n.to_string(),
        AttributeValue::B(b) => ddb_model::value::encode_base64(b),
        AttributeValue::Bool(b) => b.to_string(),
        AttributeValue::Null => "true".into(),
        other => format!("{other:?}"),
    }
}
