//! The parsing machinery every expression form shares: the token cursor, document paths and
//! placeholders, DynamoDB's syntax-error reporting, the operator and nesting limits, and the
//! deferred semantic errors.
//!
//! DynamoDB parses a whole expression before it judges it, and when an expression has several
//! faults it reports the one of highest rank (a redundant parenthesis before an unknown
//! function before a reserved word ...), whatever their order in the text. So semantic faults
//! are recorded in [`Deferred`] as they are met and only the best-ranked is reported once the
//! syntax is known to be good; syntax errors stop parsing at once.

use ddb_model::AttributeValue;

use crate::ast::{Path, PathElement};
use crate::error::ExprError;
use crate::lexer::{tokenize, Tok, Token};
use crate::names::ExpressionContext;
use crate::reserved_words::is_reserved_word;
use crate::ExpressionKind;

/// Longest expression DynamoDB accepts, in bytes of the raw text.
pub const MAX_EXPRESSION_BYTES: usize = 4096;
/// The most levels a document path may have (`a.b[0]` has three), as items may nest.
pub const MAX_PATH_DEPTH: usize = 32;
/// Most operators and functions one expression may use.
pub const MAX_OPERATORS: usize = 300;
/// Deepest nesting of parentheses and function calls the parser follows. DynamoDB's own bound
/// is the operator limit (Alternator's suite checks that it takes 149 levels of `a<b OR (...)`),
/// and every level beyond a few costs an operator or is a redundant parenthesis, so this guard
/// only keeps the recursion bounded. Following 300 levels takes a few megabytes of stack in a
/// debug build: `ddb serve` gives its workers [`STACK_FOR_PARSING`]. See
/// [`Parser::nesting_error`].
pub const MAX_NESTING: usize = 300;

/// Stack a thread needs to parse and evaluate expressions nested [`MAX_NESTING`] deep, with
/// room to spare, even in a debug build.
pub const STACK_FOR_PARSING: usize = 16 * 1024 * 1024;

/// The kinds of deferred fault, one slot each (the first fault of a kind is the one reported).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    Parens,
    UnknownFunction,
    MisusedFunction,
    Reserved,
    Section,
    Name,
    Value,
    Overlap,
    OperandCount,
    Distinct,
    Operand,
    Function,
}

const STAGES: usize = 12;

/// The rank of faults in condition, filter and key condition expressions.
pub(crate) const CONDITION_ORDER: &[Stage] = &[
    Stage::Parens,
    Stage::UnknownFunction,
    Stage::MisusedFunction,
    Stage::Reserved,
    Stage::Name,
    Stage::Value,
    Stage::OperandCount,
    Stage::Distinct,
    Stage::Function,
];
/// The rank of faults in update expressions.
pub(crate) const UPDATE_ORDER: &[Stage] = &[
    Stage::Reserved,
    Stage::UnknownFunction,
    Stage::Section,
    Stage::Name,
    Stage::Value,
    Stage::Overlap,
    Stage::Operand,
    Stage::Function,
];
/// The rank of faults in projection expressions.
pub(crate) const PROJECTION_ORDER: &[Stage] = &[Stage::Reserved, Stage::Name, Stage::Overlap];

/// The first fault of each kind met so far.
#[derive(Debug, Default)]
pub(crate) struct Deferred {
    first: [Option<ExprError>; STAGES],
    /// Whether an operand of the wrong type and an undefined value rank alike, so the one
    /// written first is reported: DynamoDB walks a key condition's clauses in written order
    /// (paritysuite/dynamodb-conformance tier3 validation-ordering queryKeyCondition, AWS
    /// eu-west-2 October 2026), where other expressions rank undefined values first.
    values_and_operands_in_written_order: bool,
}

impl Deferred {
    pub fn record(&mut self, stage: Stage, error: ExprError) {
        let stage = match stage {
            Stage::Function if self.values_and_operands_in_written_order => Stage::Value,
            other => other,
        };
        let slot = &mut self.first[stage as usize];
        if slot.is_none() {
            *slot = Some(error);
        }
    }

    /// The best-ranked fault under `order`.
    pub fn take(&mut self, order: &[Stage]) -> Option<ExprError> {
        order.iter().find_map(|s| self.first[*s as usize].take())
    }
}

/// A cursor over one expression's tokens.
pub(crate) struct Parser<'t, 'c> {
    text: &'t str,
    tokens: Vec<Token>,
    pos: usize,
    pub kind: ExpressionKind,
    ctx: &'t ExpressionContext<'c>,
    depth: usize,
    operators: usize,
    pub deferred: Deferred,
}

impl<'t, 'c> Parser<'t, 'c> {
    /// Tokenizes `text`, rejecting empty and oversized expressions as DynamoDB does.
    pub fn new(
        text: &'t str,
        kind: ExpressionKind,
        ctx: &'t ExpressionContext<'c>,
    ) -> Result<Self, ExprError> {
        if text.trim().is_empty() {
            return Err(ExprError::Empty);
        }
        if text.len() > MAX_EXPRESSION_BYTES {
            return Err(ExprError::TooLong {
                size: text.len(),
                show_size: matches!(kind, ExpressionKind::Condition | ExpressionKind::Filter),
            });
        }
        Ok(Parser {
            text,
            tokens: tokenize(text),
            pos: 0,
            kind,
            ctx,
            depth: 0,
            operators: 0,
            deferred: Deferred {
                values_and_operands_in_written_order: kind == ExpressionKind::KeyCondition,
                ..Deferred::default()
            },
        })
    }

    pub fn peek(&self) -> &Tok {
        &self.tokens[self.pos].tok
    }

    pub fn peek_at(&self, offset: usize) -> &Tok {
        let i = (self.pos + offset).min(self.tokens.len() - 1);
        &self.tokens[i].tok
    }

    pub fn current_text(&self) -> &'t str {
        let t = &self.tokens[self.pos];
        &self.text[t.start..t.end]
    }

    pub fn advance(&mut self) {
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
    }

    /// Whether the current token is the keyword `word` (keywords are case-insensitive).
    pub fn at_keyword(&self, word: &str) -> bool {
        *self.peek() == Tok::Ident && self.current_text().eq_ignore_ascii_case(word)
    }

    /// DynamoDB's syntax error at the current token: the token, and the text from the token
    /// before it to the token after it.
    pub fn syntax_error(&self) -> ExprError {
        let i = self.pos;
        let at_end = self.tokens[i].tok == Tok::Eof;
        let token = if at_end {
            "<EOF>".to_string()
        } else {
            self.current_text().to_string()
        };
        let from = self.tokens[i.saturating_sub(1)].start;
        let to = match self.tokens.get(i + 1) {
            Some(next) if !at_end => next.end,
            _ => self.text.len(),
        };
        ExprError::Syntax {
            token,
            near: self.text[from..to].to_string(),
        }
    }

    pub fn expect(&mut self, tok: Tok) -> Result<(), ExprError> {
        if *self.peek() == tok {
            self.advance();
            Ok(())
        } else {
            Err(self.syntax_error())
        }
    }

    pub fn expect_end(&self) -> Result<(), ExprError> {
        match self.peek() {
            Tok::Eof => Ok(()),
            _ => Err(self.syntax_error()),
        }
    }

    /// Counts one operator or function against DynamoDB's limit.
    pub fn count_operator(&mut self) -> Result<(), ExprError> {
        self.operators += 1;
        if self.operators > MAX_OPERATORS {
            return Err(ExprError::TooManyOperators(self.operators));
        }
        Ok(())
    }

    /// Enters one more level of parentheses or function arguments.
    pub fn descend(&mut self) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.nesting_error());
        }
        Ok(())
    }

    /// What to report for an expression nested deeper than [`MAX_NESTING`]: what DynamoDB
    /// would say where that can be told from the tokens alone (too many operators, or
    /// parentheses doubled up), else ddb's own nesting error.
    fn nesting_error(&self) -> ExprError {
        let condition = !matches!(
            self.kind,
            ExpressionKind::Update | ExpressionKind::Projection
        );
        let mut operators = 0;
        let mut doubled = false;
        for (i, t) in self.tokens.iter().enumerate() {
            let next = self.tokens.get(i + 1).map(|n| &n.tok);
            let word = &self.text[t.start..t.end];
            let is_operator = match t.tok {
                Tok::Eq | Tok::Ne | Tok::Lt | Tok::Le | Tok::Gt | Tok::Ge => true,
                Tok::Plus | Tok::Minus => true,
                Tok::Ident if next == Some(&Tok::LParen) => true,
                Tok::Ident if condition => ["AND", "OR", "NOT", "BETWEEN", "IN"]
                    .iter()
                    .any(|k| word.eq_ignore_ascii_case(k)),
                _ => false,
            };
            operators += usize::from(is_operator);
            doubled |= t.tok == Tok::LParen && next == Some(&Tok::LParen);
        }
        if operators > MAX_OPERATORS {
            ExprError::TooManyOperators(MAX_OPERATORS + 1)
        } else if doubled {
            ExprError::RedundantParentheses
        } else {
            ExprError::TooDeep(MAX_NESTING)
        }
    }

    pub fn ascend(&mut self) {
        self.depth -= 1;
    }

    /// Whether the current token is a word the grammar keeps for itself, which can never name
    /// an attribute (AND, OR, ... in conditions; SET, REMOVE, ... in updates).
    fn at_grammar_keyword(&self) -> bool {
        let words: &[&str] = match self.kind {
            ExpressionKind::Update => &["SET", "REMOVE", "ADD", "DELETE"],
            ExpressionKind::Projection => &[],
            _ => &["AND", "OR", "NOT", "BETWEEN", "IN"],
        };
        words.iter().any(|w| self.at_keyword(w))
    }

    /// One path element name: a bare word or a `#placeholder`.
    fn path_name(&mut self) -> Result<String, ExprError> {
        match self.peek() {
            Tok::Ident if !self.at_grammar_keyword() => {
                let word = self.current_text();
                if is_reserved_word(word) {
                    self.deferred.record(
                        Stage::Reserved,
                        ExprError::ReservedKeyword(word.to_string()),
                    );
                }
                self.advance();
                Ok(word.to_string())
            }
            Tok::Name => {
                let placeholder = self.current_text();
                let name = match self.ctx.name(placeholder) {
                    Ok(n) => n.to_string(),
                    Err(e) => {
                        self.deferred.record(Stage::Name, e);
                        placeholder.to_string()
                    }
                };
                self.advance();
                Ok(name)
            }
            _ => Err(self.syntax_error()),
        }
    }

    /// Whether a document path starts here.
    pub fn at_path(&self) -> bool {
        match self.peek() {
            Tok::Name => true,
            Tok::Ident => !self.at_grammar_keyword(),
            _ => false,
        }
    }

    /// A document path: `name ( '.' name | '[' digits ']' )*`.
    pub fn path(&mut self) -> Result<Path, ExprError> {
        let mut elements = vec![PathElement::Attr(self.path_name()?)];
        if let Some(PathElement::Attr(name)) = elements.first() {
            if name.len() > ddb_model::size::MAX_ATTRIBUTE_NAME_BYTES {
                return Err(ExprError::NameTooLong);
            }
        }
        loop {
            match self.peek() {
                Tok::Dot => {
                    self.advance();
                    elements.push(PathElement::Attr(self.path_name()?));
                }
                Tok::LBracket => {
                    self.advance();
                    if !matches!(self.peek(), Tok::Int) {
                        return Err(self.syntax_error());
                    }
                    // DynamoDB reads an index as a 32-bit signed integer and refuses a larger
                    // one (`List index is not within the allowable range; index: [<digits>]`,
                    // scylladb issue 25947, checked against DynamoDB).
                    let digits = self.current_text();
                    let Some(index) = digits
                        .parse::<i32>()
                        .ok()
                        .and_then(|i| usize::try_from(i).ok())
                    else {
                        return Err(ExprError::IndexOutOfRange(digits.to_string()));
                    };
                    self.advance();
                    self.expect(Tok::RBracket)?;
                    elements.push(PathElement::Index(index));
                }
                _ if elements.len() > MAX_PATH_DEPTH => {
                    return Err(ExprError::PathTooDeep(elements.len()))
                }
                _ => return Ok(Path(elements)),
            }
        }
    }

    /// The value of the `:placeholder` at the cursor; `None` (with the fault recorded) when
    /// the request does not define it.
    pub fn value(&mut self) -> Option<AttributeValue> {
        let placeholder = self.current_text();
        let value = match self.ctx.value(placeholder) {
            Ok(v) => Some(v.clone()),
            Err(e) => {
                self.deferred.record(Stage::Value, e);
                None
            }
        };
        self.advance();
        value
    }

    /// Whether a function call (`name(`) starts here.
    pub fn at_call(&self) -> bool {
        *self.peek() == Tok::Ident && *self.peek_at(1) == Tok::LParen
    }

    /// After a whole expression parsed: its best-ranked deferred fault, if any.
    pub fn finish(&mut self, order: &[Stage]) -> Result<(), ExprError> {
        self.expect_end()?;
        match self.deferred.take(order) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// A scalar's text as DynamoDB shows it inside `AttributeValue: {N:5}`.
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn with_parser<R>(
        text: &str,
        kind: ExpressionKind,
        f: impl FnOnce(&mut Parser) -> R,
    ) -> Result<R, ExprError> {
        let names: HashMap<String, String> = [("#n".to_string(), "name".to_string())].into();
        let ctx = ExpressionContext::new(Some(&names), None);
        let mut p = Parser::new(text, kind, &ctx)?;
        Ok(f(&mut p))
    }

    fn syntax(text: &str) -> ExprError {
        with_parser(text, ExpressionKind::Projection, |p| {
            while *p.peek() != Tok::Invalid && *p.peek() != Tok::Eof {
                p.advance();
            }
            p.syntax_error()
        })
        .unwrap()
    }

    #[test]
    fn empty_and_oversized_expressions() {
        assert_eq!(
            with_parser("  ", ExpressionKind::Update, |_| ()).unwrap_err(),
            ExprError::Empty
        );
        let long = "a".repeat(MAX_EXPRESSION_BYTES + 1);
        assert_eq!(
            with_parser(&long, ExpressionKind::Filter, |_| ()).unwrap_err(),
            ExprError::TooLong {
                size: 4097,
                show_size: true
            }
        );
        assert!(with_parser(&long[1..], ExpressionKind::Filter, |_| ()).is_ok());
    }

    #[test]
    fn syntax_errors_show_the_neighbouring_tokens() {
        assert_eq!(
            syntax("SET _123 = :v"),
            ExprError::Syntax {
                token: "_".into(),
                near: "SET _123".into()
            }
        );
        assert_eq!(
            syntax("a = "),
            ExprError::Syntax {
                token: "<EOF>".into(),
                near: "= ".into()
            }
        );
        assert_eq!(
            syntax("!"),
            ExprError::Syntax {
                token: "!".into(),
                near: "!".into()
            }
        );
    }

    #[test]
    fn paths_resolve_placeholders_and_defer_faults() {
        let (path, fault) = with_parser("#n.b[3].status", ExpressionKind::Projection, |p| {
            let path = p.path().unwrap();
            (path, p.deferred.take(PROJECTION_ORDER))
        })
        .unwrap();
        assert_eq!(path.to_string(), "[name, b, [3], status]");
        assert_eq!(fault, Some(ExprError::ReservedKeyword("status".into())));

        let fault = with_parser("#x.status", ExpressionKind::Projection, |p| {
            p.path().unwrap();
            p.deferred.take(PROJECTION_ORDER)
        })
        .unwrap();
        // A reserved word outranks an undefined name in projections.
        assert_eq!(fault, Some(ExprError::ReservedKeyword("status".into())));
    }

    #[test]
    fn list_indexes_beyond_a_32_bit_integer_are_out_of_range() {
        for (text, digits) in [
            ("a[2147483648]", "2147483648"),
            ("a[99999999999]", "99999999999"),
            ("a.b[99999999999999999999999]", "99999999999999999999999"),
        ] {
            let r = with_parser(text, ExpressionKind::Projection, |p| p.path()).unwrap();
            assert_eq!(r, Err(ExprError::IndexOutOfRange(digits.into())), "{text}");
        }
        let r = with_parser("a[2147483647]", ExpressionKind::Projection, |p| p.path()).unwrap();
        assert_eq!(r.unwrap().to_string(), "[a, [2147483647]]");
    }

    #[test]
    fn list_indexes_must_be_digits() {
        for text in ["a[x]", "a[:v]", "a[#n]", "a[1", "a.", "a.[1]"] {
            let r = with_parser(text, ExpressionKind::Projection, |p| {
                p.path().and_then(|_| p.expect_end())
            })
            .unwrap();
            assert!(matches!(r, Err(ExprError::Syntax { .. })), "{text}");
        }
    }

    #[test]
    fn operator_limit() {
        with_parser("a", ExpressionKind::Condition, |p| {
            for _ in 0..MAX_OPERATORS {
                p.count_operator().unwrap();
            }
            assert_eq!(p.count_operator(), Err(ExprError::TooManyOperators(301)));
        })
        .unwrap();
    }

    #[test]
    fn first_fault_of_a_kind_is_kept_and_rank_decides() {
        let mut d = Deferred::default();
        d.record(Stage::Value, ExprError::UndefinedValue(":a".into()));
        d.record(Stage::Value, ExprError::UndefinedValue(":b".into()));
        d.record(Stage::Reserved, ExprError::ReservedKeyword("size".into()));
        assert_eq!(
            d.take(CONDITION_ORDER),
            Some(ExprError::ReservedKeyword("size".into()))
        );
        assert_eq!(
            d.take(CONDITION_ORDER),
            Some(ExprError::UndefinedValue(":a".into()))
        );
        assert_eq!(d.take(CONDITION_ORDER), None);
    }

    proptest::proptest! {
        /// No input, however odd (any Unicode, control characters, huge numbers), panics any
        /// parser or the evaluation and application of what parses.
        #[test]
        fn no_input_panics(text in "\\PC{0,80}|[\\x00-\\x7f]{0,80}") {
            use crate::*;
            let values: HashMap<String, AttributeValue> = [
                (":v".to_string(), AttributeValue::N(1.into())),
                (":l".to_string(), AttributeValue::L(vec![])),
            ]
            .into();
            let names: HashMap<String, String> = [("#n".to_string(), "n".to_string())].into();
            let mut ctx = ExpressionContext::new(Some(&names), Some(&values));
            let item: ddb_model::Item = [("n".to_string(), AttributeValue::N(2.into()))].into();
            for kind in [ExpressionKind::Condition, ExpressionKind::Filter] {
                if let Ok(c) = parse_condition(&text, kind, &mut ctx) {
                    let _ = evaluate(&c, Some(&item));
                    let _ = evaluate(&c, None);
                }
            }
            if let Ok(u) = parse_update(&text, &mut ctx) {
                let mut it = item.clone();
                let _ = u.apply(&mut it);
                let _ = u.apply(&mut ddb_model::Item::new());
            }
            if let Ok(p) = parse_projection(&text, &mut ctx) {
                let _ = project(&item, &p);
            }
            let _ = parse_key_condition(&text, &mut ctx, "n", Some("s"));
            let _ = ctx.check_all_used();
        }
    }
}
