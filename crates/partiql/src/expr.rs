//! Expression parsing by precedence climbing, loosest first: OR, AND, NOT, the predicates
//! (comparison, IN, BETWEEN, IS), then + and -, then unary minus and primaries. BETWEEN's bounds
//! are read at the additive level so its `AND` is never taken for the logical one.

use crate::ast::{ArithOp, CompareOp, Expr, IsTest, Literal, MapEntry, Path, PathStep, Span};
use crate::error::{ErrorKind, ParseError};
use crate::keywords::is_keyword;
use crate::lexer::Tok;
use crate::parser::{is_reserved, Parser};

/// Reserved words that are operators, so DynamoDB calls them "Unexpected operator" rather than
/// "Unexpected keyword" where a term should be.
const OPERATOR_WORDS: &[&str] = &["AND", "OR", "IS", "IN", "BETWEEN", "LIKE"];

/// The type names `IS` takes besides MISSING and NULL, each as words and as one name; the
/// two-word names come before their first word's own entry.
const TYPE_NAMES: &[(&[&str], &str)] = &[
    (&["DOUBLE", "PRECISION"], "DOUBLE PRECISION"),
    (&["CHARACTER", "VARYING"], "CHARACTER VARYING"),
    (&["BOOLEAN"], "BOOLEAN"),
    (&["BOOL"], "BOOL"),
    (&["SMALLINT"], "SMALLINT"),
    (&["INT2"], "INT2"),
    (&["INTEGER2"], "INTEGER2"),
    (&["INT4"], "INT4"),
    (&["INTEGER4"], "INTEGER4"),
    (&["INT8"], "INT8"),
    (&["INTEGER8"], "INTEGER8"),
    (&["BIGINT"], "BIGINT"),
    (&["INT"], "INT"),
    (&["INTEGER"], "INTEGER"),
    (&["FLOAT"], "FLOAT"),
    (&["REAL"], "REAL"),
    (&["DECIMAL"], "DECIMAL"),
    (&["DEC"], "DEC"),
    (&["NUMERIC"], "NUMERIC"),
    (&["TIMESTAMP"], "TIMESTAMP"),
    (&["DATE"], "DATE"),
    (&["TIME"], "TIME"),
    (&["CHARACTER"], "CHARACTER"),
    (&["CHAR"], "CHAR"),
    (&["VARCHAR"], "VARCHAR"),
    (&["STRING"], "STRING"),
    (&["SYMBOL"], "SYMBOL"),
    (&["CLOB"], "CLOB"),
    (&["BLOB"], "BLOB"),
    (&["STRUCT"], "STRUCT"),
    (&["TUPLE"], "TUPLE"),
    (&["LIST"], "LIST"),
    (&["SEXP"], "SEXP"),
    (&["BAG"], "BAG"),
    (&["ANY"], "ANY"),
];

impl Parser {
    /// A full expression (WHERE clauses, list elements, call arguments).
    pub(crate) fn expr(&mut self) -> Result<Expr, ParseError> {
        let mut lhs = self.and_expr()?;
        while self.eat_word("OR") {
            let rhs = self.right_operand(Self::and_expr)?;
            lhs = Expr::Or(Box::new(lhs), Box::new(rhs));
        }
        Ok(lhs)
    }

    fn and_expr(&mut self) -> Result<Expr, ParseError> {
        let mut lhs = self.not_expr()?;
        while self.eat_word("AND") {
            let rhs = self.right_operand(Self::not_expr)?;
            lhs = Expr::And(Box::new(lhs), Box::new(rhs));
        }
        Ok(lhs)
    }

    fn not_expr(&mut self) -> Result<Expr, ParseError> {
        if self.eat_word("NOT") {
            let inner = self.not_expr()?;
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.predicate()
    }

    /// The right side of an infix operator: nothing at all there has its own message.
    fn right_operand(
        &mut self,
        parse: fn(&mut Self) -> Result<Expr, ParseError>,
    ) -> Result<Expr, ParseError> {
        if *self.peek() == Tok::Eof {
            return self.fail(ErrorKind::MissingRightHandSide);
        }
        parse(self)
    }

    fn predicate(&mut self) -> Result<Expr, ParseError> {
        let lhs = self.additive()?;
        if let Some(op) = compare_op(self.peek()) {
            self.bump();
            let rhs = self.right_operand(Self::additive)?;
            return Ok(Expr::Compare {
                op,
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
            });
        }
        let negated = self.at_word("NOT")
            && matches!(&self.peek_token(1).tok, Tok::Word(w)
                if w.eq_ignore_ascii_case("IN") || w.eq_ignore_ascii_case("BETWEEN"));
        if negated {
            self.bump();
        }
        let tested = if self.eat_word("IN") {
            self.in_list(lhs)?
        } else if self.eat_word("BETWEEN") {
            self.between(lhs)?
        } else if self.eat_word("IS") {
            return self.is_test(lhs);
        } else {
            return Ok(lhs);
        };
        Ok(if negated {
            Expr::Not(Box::new(tested))
        } else {
            tested
        })
    }

    fn in_list(&mut self, expr: Expr) -> Result<Expr, ParseError> {
        let close = match self.peek() {
            Tok::LBracket => Tok::RBracket,
            Tok::LParen => Tok::RParen,
            Tok::Eof => return self.fail(ErrorKind::MissingRightHandSide),
            _ => return self.fail(ErrorKind::Expected("list after IN")),
        };
        self.bump();
        let list = self.elements(&close, "] or )")?;
        Ok(Expr::In {
            expr: Box::new(expr),
            list,
        })
    }

    fn between(&mut self, expr: Expr) -> Result<Expr, ParseError> {
        let low = self.right_operand(Self::additive)?;
        self.expect_word("AND")?;
        let high = self.right_operand(Self::additive)?;
        Ok(Expr::Between {
            expr: Box::new(expr),
            low: Box::new(low),
            high: Box::new(high),
        })
    }

    fn is_test(&mut self, expr: Expr) -> Result<Expr, ParseError> {
        let negated = self.eat_word("NOT");
        let test = if self.eat_word("MISSING") {
            IsTest::Missing
        } else if self.eat_word("NULL") {
            IsTest::Null
        } else if let Some(name) = self.type_name() {
            IsTest::Type(name)
        } else {
            return self.fail(ErrorKind::ExpectedTypeName);
        };
        Ok(Expr::Is {
            expr: Box::new(expr),
            negated,
            test,
        })
    }

    /// One of PartiQL's type names, taken when it is next; DynamoDB's parser knows these
    /// (partiql-lang-kotlin's type names and their aliases), so `x IS INT4` parses and only
    /// `x IS FOO` is "Expected type name".
    fn type_name(&mut self) -> Option<&'static str> {
        let (words, name) = TYPE_NAMES.iter().find(|(words, _)| {
            words.iter().enumerate().all(|(i, w)| {
                matches!(&self.peek_token(i).tok, Tok::Word(t) if t.eq_ignore_ascii_case(w))
            })
        })?;
        for _ in 0..words.len() {
            self.bump();
        }
        Some(name)
    }

    /// `+` and `-`, left-associative (also the level SET values are read at).
    pub(crate) fn additive(&mut self) -> Result<Expr, ParseError> {
        let mut lhs = self.unary()?;
        loop {
            let op = match self.peek() {
                Tok::Plus => ArithOp::Add,
                Tok::Minus => ArithOp::Sub,
                _ => return Ok(lhs),
            };
            self.bump();
            let rhs = self.right_operand(Self::unary)?;
            lhs = Expr::Arith {
                op,
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
            };
        }
    }

    /// Unary minus; on a number literal it folds into the literal, since `-5` is a value.
    fn unary(&mut self) -> Result<Expr, ParseError> {
        if !self.eat(&Tok::Minus) {
            return self.primary();
        }
        if let Tok::Number(n) = self.peek().clone() {
            self.bump();
            return Ok(Expr::Literal(Literal::Number(format!("-{n}"))));
        }
        let inner = self.unary()?;
        Ok(Expr::Negate(Box::new(inner)))
    }

    fn primary(&mut self) -> Result<Expr, ParseError> {
        let token = self.token().clone();
        let expr = match token.tok {
            Tok::Str(s) => Expr::Literal(Literal::String(s)),
            Tok::Number(n) => Expr::Literal(Literal::Number(n)),
            Tok::Param => {
                self.params += 1;
                Expr::Param(self.params - 1)
            }
            Tok::LParen => return self.parenthesised(),
            Tok::LBracket => return self.list(),
            Tok::LBrace => return self.map_entries().map(Expr::Map),
            Tok::BagOpen => return self.set(),
            Tok::Quoted(_) => return self.path(ErrorKind::UnexpectedTerm).map(Expr::Path),
            Tok::Word(w) => return self.word_term(&w),
            Tok::Eof | Tok::RParen | Tok::RBracket | Tok::RBrace | Tok::BagClose => {
                return self.fail(ErrorKind::UnexpectedTerm)
            }
            Tok::Comma | Tok::Dot | Tok::Colon | Tok::Semicolon => {
                return self.fail(ErrorKind::UnexpectedTerm)
            }
            _ => return self.fail(ErrorKind::UnexpectedOperator),
        };
        self.bump();
        Ok(expr)
    }

    /// A primary starting with a bare word: a literal keyword, a call, or a path.
    fn word_term(&mut self, word: &str) -> Result<Expr, ParseError> {
        if self.peek_token(1).tok == Tok::LParen
            && (!is_reserved(word)
                || word.eq_ignore_ascii_case("EXISTS")
                || word.eq_ignore_ascii_case("MISSING"))
        {
            return self.call(word);
        }
        let literal = match word.to_ascii_uppercase().as_str() {
            "TRUE" => Some(Literal::Bool(true)),
            "FALSE" => Some(Literal::Bool(false)),
            "NULL" => Some(Literal::Null),
            "MISSING" => return self.fail(ErrorKind::MissingWithoutIs),
            "DISTINCT" => return self.fail(ErrorKind::UnsupportedToken("DISTINCT".into())),
            upper if OPERATOR_WORDS.contains(&upper) => {
                return self.fail(ErrorKind::UnexpectedOperator)
            }
            _ if is_reserved(word) => return self.fail(ErrorKind::UnexpectedKeyword),
            _ => None,
        };
        if let Some(literal) = literal {
            self.bump();
            return Ok(Expr::Literal(literal));
        }
        self.path(ErrorKind::UnexpectedTerm).map(Expr::Path)
    }

    fn call(&mut self, name: &str) -> Result<Expr, ParseError> {
        let at = self.bump().span();
        self.bump();
        let args = self.elements(&Tok::RParen, ")")?;
        Ok(Expr::Call {
            name: name.to_string(),
            args,
            at,
        })
    }

    fn parenthesised(&mut self) -> Result<Expr, ParseError> {
        self.bump();
        let inner = self.expr()?;
        self.expect(&Tok::RParen, ")")?;
        Ok(inner)
    }

    fn list(&mut self) -> Result<Expr, ParseError> {
        self.bump();
        self.elements(&Tok::RBracket, "]").map(Expr::List)
    }

    fn set(&mut self) -> Result<Expr, ParseError> {
        self.bump();
        if *self.peek() == Tok::BagClose {
            return self.fail(ErrorKind::EmptyBag);
        }
        self.elements(&Tok::BagClose, ">>").map(Expr::Set)
    }

    /// Comma-separated expressions up to and including `close` (the opener already taken).
    pub(crate) fn elements(
        &mut self,
        close: &Tok,
        what: &'static str,
    ) -> Result<Vec<Expr>, ParseError> {
        let mut items = Vec::new();
        if self.eat(close) {
            return Ok(items);
        }
        loop {
            items.push(self.expr()?);
            if !self.eat(&Tok::Comma) {
                break;
            }
        }
        self.expect(close, what)?;
        Ok(items)
    }

    /// `{'k': v, …}` (the `{` not yet taken). Keys must be single-quoted strings.
    pub(crate) fn map_entries(&mut self) -> Result<Vec<MapEntry>, ParseError> {
        self.expect(&Tok::LBrace, "{")?;
        let mut entries = Vec::new();
        if self.eat(&Tok::RBrace) {
            return Ok(entries);
        }
        loop {
            let key = match self.peek().clone() {
                Tok::Str(key) => key,
                _ => return self.fail(ErrorKind::Expected("string key")),
            };
            self.bump();
            self.expect(&Tok::Colon, ":")?;
            let value = self.expr()?;
            entries.push(MapEntry { key, value });
            if !self.eat(&Tok::Comma) {
                break;
            }
        }
        self.expect(&Tok::RBrace, "}")?;
        Ok(entries)
    }

    /// Members (`.name`) and indexes (`[n]`) after a path's root.
    pub(crate) fn path_steps(&mut self, root: String, at: Span) -> Result<Path, ParseError> {
        let mut steps = Vec::new();
        loop {
            if self.eat(&Tok::Dot) {
                // DynamoDB takes a name after the dot, never a keyword (`m.inner`) or any
                // other token.
                let name = match self.peek().clone() {
                    Tok::Word(name) if !is_keyword(&name) => name,
                    Tok::Quoted(name) => name,
                    _ => return self.fail(ErrorKind::InvalidPathDotComponent),
                };
                self.bump();
                steps.push(PathStep::Member(name));
            } else if self.eat(&Tok::LBracket) {
                let index = match self.peek() {
                    Tok::Number(n) => n.parse::<u32>().ok(),
                    _ => None,
                };
                let Some(index) = index else {
                    return self.fail(ErrorKind::Expected("list index"));
                };
                self.bump();
                self.expect(&Tok::RBracket, "]")?;
                steps.push(PathStep::Index(index));
            } else {
                return Ok(Path { root, steps, at });
            }
        }
    }
}

fn compare_op(tok: &Tok) -> Option<CompareOp> {
    Some(match tok {
        Tok::Eq => CompareOp::Eq,
        Tok::NotEq => CompareOp::Ne,
        Tok::Lt => CompareOp::Lt,
        Tok::Le => CompareOp::Le,
        Tok::Gt => CompareOp::Gt,
        Tok::Ge => CompareOp::Ge,
        _ => return None,
    })
}
