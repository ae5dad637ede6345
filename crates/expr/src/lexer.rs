//! Splits expression text into tokens, keeping each token's place in the text for DynamoDB's
//! `Syntax error; token: "...", near: "..."` messages.

/// A token's kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    /// A bare word: attribute name, keyword or function name.
    Ident,
    /// `#name`.
    Name,
    /// `:value`.
    Value,
    /// Digits (list indexes).
    Int,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Dot,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    /// A character no token starts with.
    Invalid,
    Eof,
}

/// A token and where it stands in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
}

/// A character that may continue a name, placeholder or function name.
fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The tokens of `text`, ending with [`Tok::Eof`].
pub fn tokenize(text: &str) -> Vec<Token> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let single = |tok: Tok| (tok, start + 1);
        let (tok, end) = match c {
            b'(' => single(Tok::LParen),
            b')' => single(Tok::RParen),
            b'[' => single(Tok::LBracket),
            b']' => single(Tok::RBracket),
            b',' => single(Tok::Comma),
            b'.' => single(Tok::Dot),
            b'+' => single(Tok::Plus),
            b'-' => single(Tok::Minus),
            b'=' => single(Tok::Eq),
            b'<' => match b.get(i + 1) {
                Some(b'=') => (Tok::Le, i + 2),
                Some(b'>') => (Tok::Ne, i + 2),
                _ => single(Tok::Lt),
            },
            b'>' => match b.get(i + 1) {
                Some(b'=') => (Tok::Ge, i + 2),
                _ => single(Tok::Gt),
            },
            b'#' | b':' => {
                let mut j = i + 1;
                while j < b.len() && is_word(b[j]) {
                    j += 1;
                }
                if j == i + 1 {
                    single(Tok::Invalid)
                } else {
                    (if c == b'#' { Tok::Name } else { Tok::Value }, j)
                }
            }
            c if c.is_ascii_digit() => {
                let mut j = i;
                while j < b.len() && b[j].is_ascii_digit() {
                    j += 1;
                }
                if j < b.len() && is_word(b[j]) {
                    while j < b.len() && is_word(b[j]) {
                        j += 1;
                    }
                    (Tok::Invalid, j)
                } else {
                    (Tok::Int, j)
                }
            }
            // A bare name must start with a letter: DynamoDB's lexer reports `_x` as a syntax
            // error on the `_`, which the fallback arm below reproduces.
            c if c.is_ascii_alphabetic() => {
                let mut j = i;
                while j < b.len() && is_word(b[j]) {
                    j += 1;
                }
                (Tok::Ident, j)
            }
            _ => {
                // One whole character, however many bytes it takes.
                let len = text[i..].chars().next().map_or(1, char::len_utf8);
                (Tok::Invalid, i + len)
            }
        };
        out.push(Token { tok, start, end });
        i = end;
    }
    out.push(Token {
        tok: Tok::Eof,
        start: b.len(),
        end: b.len(),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Tok> {
        tokenize(text).into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn tokens_of_a_condition() {
        assert_eq!(
            kinds("#a.b[3] <> :v AND size(x)>=:n"),
            vec![
                Tok::Name,
                Tok::Dot,
                Tok::Ident,
                Tok::LBracket,
                Tok::Int,
                Tok::RBracket,
                Tok::Ne,
                Tok::Value,
                Tok::Ident,
                Tok::Ident,
                Tok::LParen,
                Tok::Ident,
                Tok::RParen,
                Tok::Ge,
                Tok::Value,
                Tok::Eof
            ]
        );
    }

    #[test]
    fn odd_characters_are_invalid_tokens() {
        assert_eq!(
            kinds("a ! b"),
            vec![Tok::Ident, Tok::Invalid, Tok::Ident, Tok::Eof]
        );
        assert_eq!(kinds("é"), vec![Tok::Invalid, Tok::Eof]);
        assert_eq!(kinds("#"), vec![Tok::Invalid, Tok::Eof]);
        assert_eq!(kinds(":"), vec![Tok::Invalid, Tok::Eof]);
    }

    #[test]
    fn names_start_with_a_letter_but_placeholders_need_not() {
        assert_eq!(kinds("_a"), vec![Tok::Invalid, Tok::Ident, Tok::Eof]);
        assert_eq!(kinds("a_1"), vec![Tok::Ident, Tok::Eof]);
        assert_eq!(kinds("#_1 :1a"), vec![Tok::Name, Tok::Value, Tok::Eof]);
        assert_eq!(kinds("12a"), vec![Tok::Invalid, Tok::Eof]);
        assert_eq!(kinds("12"), vec![Tok::Int, Tok::Eof]);
    }

    #[test]
    fn tokens_keep_their_place() {
        let t = tokenize("  ab <= :v");
        assert_eq!((t[0].start, t[0].end), (2, 4));
        assert_eq!((t[1].start, t[1].end), (5, 7));
        assert_eq!((t[3].start, t[3].end), (10, 10));
    }
}
