//! Turns statement text into tokens with positions. Keywords are not recognised here: bare
//! words stay words and the parser compares them case-insensitively, because many PartiQL
//! keywords (VALUE, OLD, NEW, ASC, …) are only keywords in one spot and ordinary attribute
//! names elsewhere.

use crate::ast::Span;
use crate::error::{ErrorKind, ParseError, Position};

/// One kind of token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A bare word: a keyword, an identifier or a function name, as written.
    Word(String),
    /// A double-quoted identifier, unescaped.
    Quoted(String),
    /// A single-quoted string, unescaped.
    Str(String),
    /// A number, as written (DynamoDB numbers are decimal strings; no conversion here).
    Number(String),
    /// `?`
    Param,
    Comma,
    Dot,
    Star,
    Colon,
    Semicolon,
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    /// `<<`
    BagOpen,
    /// `>>`
    BagClose,
    Eq,
    /// `<>` or `!=`
    NotEq,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    Eof,
}

/// A token, where it starts, and how many characters it spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub pos: Position,
    pub len: usize,
}

impl Token {
    /// Where the token is, as a positioned message quotes it.
    pub(crate) fn span(&self) -> Span {
        Span {
            line: self.pos.line,
            column: self.pos.column,
            len: self.len,
        }
    }
}

/// Lexes the whole statement; the last token is always [`Tok::Eof`].
pub(crate) fn lex(src: &str) -> Result<Vec<Token>, ParseError> {
    let mut lexer = Lexer {
        chars: src.char_indices().collect(),
        at: 0,
        line: 1,
        column: 1,
        src_len: src.len(),
    };
    let mut out = Vec::new();
    loop {
        lexer.skip_blanks()?;
        let start = lexer.pos();
        let start_index = lexer.at;
        let tok = lexer.token()?;
        let done = tok == Tok::Eof;
        out.push(Token {
            tok,
            pos: start,
            len: lexer.at - start_index,
        });
        if done {
            return Ok(out);
        }
    }
}

struct Lexer {
    chars: Vec<(usize, char)>,
    at: usize,
    line: usize,
    column: usize,
    src_len: usize,
}

impl Lexer {
    fn pos(&self) -> Position {
        let offset = self.chars.get(self.at).map_or(self.src_len, |c| c.0);
        Position {
            offset,
            line: self.line,
            column: self.column,
        }
    }

    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).map(|c| c.1)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.at += 1;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn fail(&self) -> ParseError {
        ParseError::new(ErrorKind::Lexical, self.pos())
    }

    /// Skips whitespace and `--` / `/* */` comments; an unterminated block comment is a lexical
    /// error, as DynamoDB reports it.
    fn skip_blanks(&mut self) -> Result<(), ParseError> {
        loop {
            match (self.peek(0), self.peek(1)) {
                (Some(c), _) if c.is_whitespace() => {
                    self.bump();
                }
                (Some('-'), Some('-')) => {
                    while self.peek(0).is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                (Some('/'), Some('*')) => {
                    let start = self.pos();
                    self.bump();
                    self.bump();
                    loop {
                        match (self.peek(0), self.peek(1)) {
                            (Some('*'), Some('/')) => break,
                            (None, _) => return Err(ParseError::new(ErrorKind::Lexical, start)),
                            _ => {
                                self.bump();
                            }
                        }
                    }
                    self.bump();
                    self.bump();
                }
                _ => return Ok(()),
            }
        }
    }

    fn token(&mut self) -> Result<Tok, ParseError> {
        let Some(c) = self.peek(0) else {
            return Ok(Tok::Eof);
        };
        if c.is_ascii_digit() {
            return self.number();
        }
        if c.is_alphabetic() || c == '_' {
            return Ok(self.word());
        }
        match c {
            '\'' => self.quoted('\'').map(Tok::Str),
            '"' => self.quoted('"').map(Tok::Quoted),
            _ => self.punctuation(c),
        }
    }

    fn punctuation(&mut self, c: char) -> Result<Tok, ParseError> {
        let next = self.peek(1);
        let (tok, width) = match (c, next) {
            ('<', Some('<')) => (Tok::BagOpen, 2),
            ('>', Some('>')) => (Tok::BagClose, 2),
            ('<', Some('>')) | ('!', Some('=')) => (Tok::NotEq, 2),
            ('<', Some('=')) => (Tok::Le, 2),
            ('>', Some('=')) => (Tok::Ge, 2),
            ('<', _) => (Tok::Lt, 1),
            ('>', _) => (Tok::Gt, 1),
            ('=', _) => (Tok::Eq, 1),
            ('?', _) => (Tok::Param, 1),
            (',', _) => (Tok::Comma, 1),
            ('.', _) => (Tok::Dot, 1),
            ('*', _) => (Tok::Star, 1),
            (':', _) => (Tok::Colon, 1),
            (';', _) => (Tok::Semicolon, 1),
            ('(', _) => (Tok::LParen, 1),
            (')', _) => (Tok::RParen, 1),
            ('[', _) => (Tok::LBracket, 1),
            (']', _) => (Tok::RBracket, 1),
            ('{', _) => (Tok::LBrace, 1),
            ('}', _) => (Tok::RBrace, 1),
            ('+', _) => (Tok::Plus, 1),
            ('-', _) => (Tok::Minus, 1),
            _ => return Err(self.fail()),
        };
        for _ in 0..width {
            self.bump();
        }
        Ok(tok)
    }

    fn word(&mut self) -> Tok {
        let mut text = String::new();
        while let Some(c) = self.peek(0).filter(|c| c.is_alphanumeric() || *c == '_') {
            text.push(c);
            self.bump();
        }
        Tok::Word(text)
    }

    /// A quoted string or identifier; the quote doubled inside stands for itself.
    fn quoted(&mut self, quote: char) -> Result<String, ParseError> {
        let start = self.pos();
        self.bump();
        let mut text = String::new();
        loop {
            match self.bump() {
                None => return Err(ParseError::new(ErrorKind::Lexical, start)),
                Some(c) if c == quote => {
                    if self.peek(0) == Some(quote) {
                        self.bump();
                        text.push(quote);
                    } else {
                        return Ok(text);
                    }
                }
                Some(c) => text.push(c),
            }
        }
    }

    /// `digits[.digits][e[+-]digits]`, kept as written. A literal DynamoDB cannot even read
    /// as a decimal is a lexical error (its empty not-well-formed message): the exponent must
    /// fit 32 bits (`1e2147483648`), and so must the scale, the count of fraction digits less
    /// the exponent (`1.5e-2147483647`, whose exponent alone fits).
    fn number(&mut self) -> Result<Tok, ParseError> {
        let start = self.pos();
        let mut text = String::new();
        self.digits(&mut text);
        let mut fraction_digits = 0i64;
        if self.peek(0) == Some('.') && self.peek(1).is_some_and(|c| c.is_ascii_digit()) {
            text.push('.');
            self.bump();
            let before = text.len();
            self.digits(&mut text);
            fraction_digits = i64::try_from(text.len() - before).unwrap_or(i64::MAX);
        }
        if matches!(self.peek(0), Some('e' | 'E')) {
            text.push('e');
            self.bump();
            let mut exponent = String::new();
            if let Some(sign) = self.peek(0).filter(|c| *c == '+' || *c == '-') {
                exponent.push(sign);
                self.bump();
            }
            self.digits(&mut exponent);
            let scale = exponent
                .parse::<i32>()
                .ok()
                .and_then(|e| fraction_digits.checked_sub(i64::from(e)));
            if scale.is_none_or(|s| i32::try_from(s).is_err()) {
                return Err(ParseError::new(ErrorKind::Lexical, start));
            }
            text.push_str(&exponent);
        }
        if self
            .peek(0)
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            return Err(self.fail());
        }
        Ok(Tok::Number(text))
    }

    fn digits(&mut self, into: &mut String) {
        while let Some(c) = self.peek(0).filter(char::is_ascii_digit) {
            into.push(c);
            self.bump();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        lex(src).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn words_quotes_and_strings() {
        assert_eq!(
            toks(r#"SeLeCt "a""b" 'it''s'"#),
            vec![
                Tok::Word("SeLeCt".into()),
                Tok::Quoted("a\"b".into()),
                Tok::Str("it's".into()),
                Tok::Eof
            ]
        );
    }

    #[test]
    fn operators_and_bags() {
        assert_eq!(
            toks("<< >> <> != <= >= < > = ? + -"),
            vec![
                Tok::BagOpen,
                Tok::BagClose,
                Tok::NotEq,
                Tok::NotEq,
                Tok::Le,
                Tok::Ge,
                Tok::Lt,
                Tok::Gt,
                Tok::Eq,
                Tok::Param,
                Tok::Plus,
                Tok::Minus,
                Tok::Eof
            ]
        );
    }

    #[test]
    fn numbers_kept_as_text() {
        assert_eq!(
            toks("1 1.50 1e0 2E-3 12345678901234567890123456789012345678"),
            vec![
                Tok::Number("1".into()),
                Tok::Number("1.50".into()),
                Tok::Number("1e0".into()),
                Tok::Number("2e-3".into()),
                Tok::Number("12345678901234567890123456789012345678".into()),
                Tok::Eof
            ]
        );
    }

    #[test]
    fn comments_are_skipped() {
        assert_eq!(
            toks("a -- note\n /* block\n */ b"),
            vec![Tok::Word("a".into()), Tok::Word("b".into()), Tok::Eof]
        );
    }

    #[test]
    fn lexical_errors() {
        for bad in [
            "'open",
            "\"open",
            "/* open",
            "# c",
            "1e99999999999",
            "1e2147483648",
            "1.5e-2147483647",
            "1e-2147483648",
            "1e",
            "1abc",
            "a | b",
        ] {
            let err = lex(bad).unwrap_err();
            assert_eq!(err.kind, ErrorKind::Lexical, "{bad}");
            assert_eq!(
                err.message(),
                "Statement wasn't well formed, can't be processed: "
            );
        }
    }

    #[test]
    fn exponents_at_the_edge_of_32_bits_still_lex() {
        // The scale (fraction digits less exponent) is what must fit, not the exponent alone.
        for ok in [
            "1e2147483647",
            "1e-2147483647",
            "1.5e2147483647",
            "1.5e-2147483646",
        ] {
            assert_eq!(toks(ok), vec![Tok::Number(ok.into()), Tok::Eof], "{ok}");
        }
    }

    #[test]
    fn a_split_exponent_is_two_tokens() {
        assert_eq!(
            toks("1 e5"),
            vec![Tok::Number("1".into()), Tok::Word("e5".into()), Tok::Eof]
        );
    }

    #[test]
    fn positions_count_lines_and_columns() {
        let t = lex("a\n  bc").unwrap();
        assert_eq!(
            t[1].pos,
            Position {
                offset: 4,
                line: 2,
                column: 3
            }
        );
        assert_eq!(t[1].len, 2);
    }
}
