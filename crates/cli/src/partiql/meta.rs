//! The shell's own commands: lines starting with `.` (as in sqlite3) or `\` (as in psql).
//!
//! No PartiQL statement starts with either character, so such a line is never sent to the
//! server; an unknown one is refused here rather than reaching the server as a syntax error.
//! `help`, `exit` and `quit` are also taken bare, since that is what a newcomer types first.

use aws_sdk_dynamodb::types::{AttributeValue, ReturnConsumedCapacity};

use super::params;

pub const HELP: &str = "\
Statements end with `;` and may span lines; a `;` inside 'quotes' does not end one.
  SELECT * FROM \"Music\" WHERE Artist = 'Acme Band';
  INSERT INTO \"Music\" VALUE {'Artist': 'Acme Band', 'SongTitle': 'Happy Day'};
  SELECT * FROM \"Music\" WHERE Artist = ?;     (with .parameters [{\"S\":\"Acme Band\"}])
Shell commands (alone on a line):
  .help                       this text
  .quit, .exit, Ctrl-D        leave (Ctrl-C drops the statement being typed)
  .tables                     list the tables
  .output table|json          answers as an aligned table, or as ExecuteStatement's JSON
  .parameters JSON|off        values for the next statement's `?`, in DynamoDB JSON
  .capacity total|indexes|off show the ConsumedCapacity of each statement
  .consistent on|off          strongly consistent reads
  .limit N|off                items per request (sent as Limit)
  .wide on|off                show long cells whole instead of cut at 60 characters
  .pager N|off                rows shown before `-- more --`, or never stop
  .show                       the current settings
Long answers stop after each screen at `-- more --`: Enter reads on, q stops.";

/// A parsed shell command.
#[derive(Debug, Clone, PartialEq)]
pub enum Meta {
    Help,
    Quit,
    Tables,
    Show,
    /// True for JSON.
    Json(bool),
    /// For the next statement only, as psql's `\bind`: a statement without `?` after them would
    /// fail on the count. `None` drops them.
    Parameters(Option<Vec<AttributeValue>>),
    /// `None` stops asking.
    Capacity(Option<ReturnConsumedCapacity>),
    Consistent(bool),
    Limit(Option<i32>),
    Wide(bool),
    /// Rows per screen; 0 never stops.
    Pager(usize),
}

/// Reads `line` as a shell command: `None` when it is not one (so it is PartiQL text), else
/// the command or why it cannot be run.
pub fn parse(line: &str) -> Option<Result<Meta, String>> {
    let line = line.trim().trim_end_matches(';').trim_end();
    if let Some(bare) = bare_word(line) {
        return Some(Ok(bare));
    }
    let body = line.strip_prefix('.').or_else(|| line.strip_prefix('\\'))?;
    let (word, arg) = match body.split_once(char::is_whitespace) {
        Some((word, arg)) => (word, arg.trim()),
        None => (body, ""),
    };
    Some(command(&word.to_ascii_lowercase(), arg))
}

fn bare_word(line: &str) -> Option<Meta> {
    match line.to_ascii_lowercase().as_str() {
        "help" => Some(Meta::Help),
        "exit" | "quit" => Some(Meta::Quit),
        _ => None,
    }
}

fn command(word: &str, arg: &str) -> Result<Meta, String> {
    match word {
        "help" | "h" | "?" => Ok(Meta::Help),
        "quit" | "exit" | "q" => Ok(Meta::Quit),
        "tables" | "dt" => Ok(Meta::Tables),
        "show" => Ok(Meta::Show),
        "output" | "mode" => match arg.to_ascii_lowercase().as_str() {
            "json" => Ok(Meta::Json(true)),
            "table" | "text" => Ok(Meta::Json(false)),
            _ => Err("usage: .output table|json".into()),
        },
        "parameters" | "params" => parameters(arg),
        "capacity" => capacity(arg),
        "consistent" => switch(arg, ".consistent on|off").map(Meta::Consistent),
        "wide" => switch(arg, ".wide on|off").map(Meta::Wide),
        "limit" => limit(arg),
        "pager" => pager(arg),
        _ => Err(format!(
            "unknown command `.{word}`; `.help` lists the commands"
        )),
    }
}

fn parameters(arg: &str) -> Result<Meta, String> {
    match arg.to_ascii_lowercase().as_str() {
        "" => Err("usage: .parameters [{\"S\":\"a\"},{\"N\":\"1\"}] (or off)".into()),
        "off" | "none" | "clear" => Ok(Meta::Parameters(None)),
        _ => params::parse(arg)
            .map(|values| Meta::Parameters(Some(values)))
            .map_err(|e| format!(".parameters: {e}")),
    }
}

fn capacity(arg: &str) -> Result<Meta, String> {
    match arg.to_ascii_lowercase().as_str() {
        "total" | "on" => Ok(Meta::Capacity(Some(ReturnConsumedCapacity::Total))),
        "indexes" => Ok(Meta::Capacity(Some(ReturnConsumedCapacity::Indexes))),
        "off" | "none" => Ok(Meta::Capacity(None)),
        _ => Err("usage: .capacity total|indexes|off".into()),
    }
}

fn switch(arg: &str, usage: &str) -> Result<bool, String> {
    match arg.to_ascii_lowercase().as_str() {
        "on" | "true" | "yes" => Ok(true),
        "off" | "false" | "no" => Ok(false),
        _ => Err(format!("usage: {usage}")),
    }
}

fn limit(arg: &str) -> Result<Meta, String> {
    if arg.eq_ignore_ascii_case("off") {
        return Ok(Meta::Limit(None));
    }
    match arg.parse::<i32>() {
        Ok(n) if n >= 1 => Ok(Meta::Limit(Some(n))),
        _ => Err("usage: .limit N|off (N at least 1)".into()),
    }
}

fn pager(arg: &str) -> Result<Meta, String> {
    if arg.eq_ignore_ascii_case("off") {
        return Ok(Meta::Pager(0));
    }
    match arg.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(Meta::Pager(n)),
        _ => Err("usage: .pager N|off (N at least 1)".into()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn statements_are_not_commands() {
        assert_eq!(parse("SELECT * FROM t;"), None);
        assert_eq!(parse("  select help from t"), None);
        assert_eq!(parse("helpful"), None);
    }

    #[test]
    fn both_spellings_and_bare_words() {
        for line in [".quit", ".exit", "\\q", "exit", "QUIT;", " .q "] {
            assert_eq!(parse(line), Some(Ok(Meta::Quit)), "{line}");
        }
        for line in [".help", "\\?", "help", ".HELP;"] {
            assert_eq!(parse(line), Some(Ok(Meta::Help)), "{line}");
        }
    }

    #[test]
    fn settings_take_their_argument() {
        assert_eq!(parse(".output json"), Some(Ok(Meta::Json(true))));
        assert_eq!(parse(".output TABLE"), Some(Ok(Meta::Json(false))));
        assert_eq!(parse(".limit 10"), Some(Ok(Meta::Limit(Some(10)))));
        assert_eq!(parse(".limit off"), Some(Ok(Meta::Limit(None))));
        assert_eq!(parse(".consistent on"), Some(Ok(Meta::Consistent(true))));
        assert_eq!(
            parse(".capacity indexes"),
            Some(Ok(Meta::Capacity(Some(ReturnConsumedCapacity::Indexes))))
        );
        assert_eq!(
            parse(r#".parameters [{"S":"a"}]"#),
            Some(Ok(Meta::Parameters(Some(vec![AttributeValue::S(
                "a".into()
            )]))))
        );
        assert_eq!(parse(".params off"), Some(Ok(Meta::Parameters(None))));
        assert_eq!(parse(".pager off"), Some(Ok(Meta::Pager(0))));
        assert_eq!(parse(".pager 20"), Some(Ok(Meta::Pager(20))));
    }

    #[test]
    fn mistakes_say_what_is_expected() {
        assert_eq!(
            parse(".limit 0"),
            Some(Err("usage: .limit N|off (N at least 1)".into()))
        );
        assert_eq!(
            parse(".output xml"),
            Some(Err("usage: .output table|json".into()))
        );
        assert_eq!(
            parse(".frobnicate"),
            Some(Err(
                "unknown command `.frobnicate`; `.help` lists the commands".into()
            ))
        );
        let bad = parse(".parameters {\"S\":\"a\"}").unwrap_or(Ok(Meta::Help));
        assert!(bad
            .unwrap_err()
            .starts_with(".parameters: expected a JSON array"));
    }
}
