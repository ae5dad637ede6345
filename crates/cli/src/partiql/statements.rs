//! Cutting input into statements, and finding the table a statement reads.
//!
//! A `;` ends a statement only outside 'strings', "identifiers" and `--` comments, so a `;`
//! inside a value is never taken for the end of the statement. The scan is PartiQL's lexical
//! rules for quotes (a doubled quote stands for itself) and nothing more: the server parses.

/// Where the scanner is while reading.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Code,
    Single,
    Double,
    Comment,
}

/// The statements ended by `;` in `text`, each without its `;` and trimmed (empty ones
/// dropped), and the text after the last `;`, which a shell keeps until it is ended too.
pub fn split(text: &str) -> (Vec<String>, String) {
    let mut done = Vec::new();
    let mut start = 0;
    let mut state = State::Code;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        state = match (state, c) {
            (State::Code, '\'') => State::Single,
            (State::Code, '"') => State::Double,
            (State::Code, '-') if chars.peek().map(|&(_, n)| n) == Some('-') => State::Comment,
            (State::Code, ';') => {
                push_nonempty(&mut done, &text[start..i]);
                start = i + 1;
                State::Code
            }
            // A doubled quote is a quote inside the string; the next one reopens it at once.
            (State::Single, '\'') => State::Code,
            (State::Double, '"') => State::Code,
            (State::Comment, '\n') => State::Code,
            (s, _) => s,
        };
    }
    (done, text[start..].to_string())
}

/// Every statement in a script: those ended by `;`, and a last one that was not.
pub fn all(text: &str) -> Vec<String> {
    let (mut list, rest) = split(text);
    push_nonempty(&mut list, &rest);
    list
}

fn push_nonempty(out: &mut Vec<String>, statement: &str) {
    if !is_blank(statement) {
        out.push(statement.trim().to_string());
    }
}

/// True for text with nothing but whitespace and `--` comments: nothing to send.
pub fn is_blank(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|line| line.is_empty() || line.starts_with("--"))
}

/// The table after the statement's first `FROM` (`"t"`, `t`, or `"t"."index"`), for ordering
/// columns by its key; `None` when there is none or it cannot be read simply.
pub fn from_table(statement: &str) -> Option<String> {
    let at = find_keyword(statement, "from")?;
    let rest = statement[at + 4..].trim_start();
    if let Some(quoted) = rest.strip_prefix('"') {
        let end = quoted.find('"')?;
        return Some(quoted[..end].to_string());
    }
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .collect();
    let name = name.split('.').next().unwrap_or("");
    (!name.is_empty()).then(|| name.to_string())
}

/// The byte offset of `word` as a whole word outside quotes, ignoring case.
fn find_keyword(text: &str, word: &str) -> Option<usize> {
    let mut state = State::Code;
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    for (i, &b) in bytes.iter().enumerate() {
        state = match (state, b) {
            (State::Code, b'\'') => State::Single,
            (State::Code, b'"') => State::Double,
            (State::Code, _)
                if text
                    .get(i..i + word.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(word))
                    && (i == 0 || !is_word(bytes[i - 1]))
                    && bytes.get(i + word.len()).is_none_or(|&n| !is_word(n)) =>
            {
                return Some(i);
            }
            (State::Single, b'\'') | (State::Double, b'"') => State::Code,
            (s, _) => s,
        };
    }
    None
}

/// True when the statement reads (SELECT), so an empty answer is "0 items" rather than "OK".
pub fn is_select(statement: &str) -> bool {
    let code = statement
        .lines()
        .map(str::trim_start)
        .find(|line| !line.is_empty() && !line.starts_with("--"))
        .unwrap_or("");
    code.get(..6)
        .is_some_and(|w| w.eq_ignore_ascii_case("select"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_semicolons_outside_quotes_and_comments() {
        let text = "SELECT * FROM \"a;b\" WHERE x = 'it''s; fine';\n\
                    -- a comment; not an end\nSELECT 1 FROM t;;\nSELECT 2";
        let (done, rest) = split(text);
        assert_eq!(
            done,
            vec![
                "SELECT * FROM \"a;b\" WHERE x = 'it''s; fine'",
                "-- a comment; not an end\nSELECT 1 FROM t",
            ]
        );
        assert_eq!(rest, "\nSELECT 2");
    }

    #[test]
    fn statement_without_semicolon_is_the_rest() {
        assert_eq!(
            split("SELECT * FROM t\n"),
            (vec![], "SELECT * FROM t\n".into())
        );
        assert!(is_blank("  \n-- only a comment\n"));
    }

    #[test]
    fn a_script_may_leave_its_last_semicolon_out() {
        assert_eq!(
            all("SELECT 1 FROM t;\n SELECT 2 FROM t \n"),
            vec!["SELECT 1 FROM t", "SELECT 2 FROM t"]
        );
        assert_eq!(all("a;\n-- done\n"), vec!["a"]);
        assert!(all(" ;; \n").is_empty());
    }

    #[test]
    fn quotes_may_span_lines() {
        let (done, rest) = split("INSERT INTO t VALUE {'m': 'one;\n");
        assert!(done.is_empty());
        let (done, rest) = split(&(rest + "two'};\n"));
        assert_eq!(done, vec!["INSERT INTO t VALUE {'m': 'one;\ntwo'}"]);
        assert_eq!(rest, "\n");
    }

    #[test]
    fn finds_the_table_read() {
        assert_eq!(
            from_table("SELECT * FROM \"my-t\" WHERE a=1").as_deref(),
            Some("my-t")
        );
        assert_eq!(from_table("select a from t.idx").as_deref(), Some("t"));
        assert_eq!(
            from_table("SELECT * FROM \"t\".\"i\"").as_deref(),
            Some("t")
        );
        assert_eq!(from_table("SELECT fromage FROM x").as_deref(), Some("x"));
        assert_eq!(from_table("INSERT INTO t VALUE {'a': 'from x'}"), None);
        assert!(is_select("-- read\n  select * from t"));
        assert!(!is_select("UPDATE t SET a = 1"));
    }
}
