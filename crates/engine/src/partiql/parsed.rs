//! Statements parsed before, by their text. Applications send the same few statements again
//! and again with other parameters, and lexing and parsing a statement cost about as much as
//! the GetItem it stands for (bench/callgrind.py: ~13,500 of the ~61,000 instructions of a
//! `SELECT … WHERE pk = ? AND sk = ?`). Parsing is a pure function of the text, so a tree parsed
//! once answers every later request with the same text; statements that fail to parse are not
//! kept (their error is made again each time, with its position).
//!
//! Bounded: statements longer than [`MAX_TEXT`] (inline items of an INSERT, long IN lists) are
//! parsed each time, and the map is emptied when it holds [`MAX_ENTRIES`] statements, so it
//! never holds more than about `MAX_ENTRIES × MAX_TEXT` of text and trees.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use ddb_partiql::{ParseError, Statement};
use parking_lot::Mutex;

/// Longest statement text kept.
const MAX_TEXT: usize = 2048;
/// Most statements kept.
const MAX_ENTRIES: usize = 256;

/// The trees by text, shared with the requests that use them.
fn cache() -> &'static Mutex<HashMap<String, Arc<Statement>>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Statement>>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// `text` parsed, from the cache when it was parsed before (shared, not copied).
pub fn parse(text: &str) -> Result<Arc<Statement>, ParseError> {
    if text.len() > MAX_TEXT {
        return ddb_partiql::parse(text).map(Arc::new);
    }
    if let Some(tree) = cache().lock().get(text) {
        return Ok(tree.clone());
    }
    let statement = Arc::new(ddb_partiql::parse(text)?);
    let mut cache = cache().lock();
    if cache.len() >= MAX_ENTRIES {
        cache.clear();
    }
    cache.insert(text.to_string(), statement.clone());
    Ok(statement)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cached_statement_is_the_one_parsing_gives() {
        let text = r#"SELECT * FROM "cached" WHERE pk = ? AND sk = ?"#;
        let first = parse(text).unwrap();
        let again = parse(text).unwrap();
        assert_eq!(*first, ddb_partiql::parse(text).unwrap());
        assert!(Arc::ptr_eq(&again, &first));
        assert!(cache().lock().contains_key(text));
    }

    #[test]
    fn errors_and_long_statements_are_not_kept() {
        let bad = "SELECT * FROM WHERE";
        assert_eq!(
            parse(bad).unwrap_err(),
            ddb_partiql::parse(bad).unwrap_err()
        );
        assert!(parse(bad).is_err());
        assert!(!cache().lock().contains_key(bad));
        let long = format!(r#"SELECT * FROM "t" WHERE pk = '{}'"#, "x".repeat(MAX_TEXT));
        assert_eq!(*parse(&long).unwrap(), ddb_partiql::parse(&long).unwrap());
        assert!(!cache().lock().contains_key(long.as_str()));
    }
}
