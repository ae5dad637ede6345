//! The interactive shell: line editing and history (rustyline), statements over several lines,
//! answers a screen at a time, and the `.` commands of [`super::meta`].
//!
//! A statement ends with a `;` outside quotes, as in psql and sqlite3; until then each line
//! gets a continuation prompt. History is saved after every statement, so a shell that is
//! killed keeps what was typed.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::process::ExitCode;

use aws_sdk_dynamodb::types::AttributeValue;
use ddb_cruddur::{format, Item};
use rustyline::error::ReadlineError;
use rustyline::{Config, DefaultEditor};
use tokio::runtime::Runtime;

use super::exec::{Answer, Cut, Failure, Session};
use super::meta::{self, Meta};
use super::{render, statements, Style};
use crate::toolkit::emit;

const PROMPT: &str = "partiql> ";
const CONTINUED: &str = "     ..> ";

/// The history file: $DDB_PARTIQL_HISTORY (empty for none), else ~/.ddb_partiql_history, the
/// place psql and sqlite3 keep theirs.
fn history_path() -> Option<PathBuf> {
    match std::env::var_os("DDB_PARTIQL_HISTORY") {
        Some(path) if path.is_empty() => None,
        Some(path) => Some(PathBuf::from(path)),
        None => std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".ddb_partiql_history")),
    }
}

/// The shell's state between lines.
struct Shell<'a> {
    runtime: &'a Runtime,
    session: &'a mut Session,
    editor: DefaultEditor,
    history: Option<PathBuf>,
    style: Style,
    /// Rows per screen; 0 never stops.
    screen: usize,
    /// `.parameters`, waiting for the next statement.
    bound: Option<Vec<AttributeValue>>,
    debug: bool,
}

/// Runs the shell until `.quit` or end of input.
pub fn run(
    runtime: &Runtime,
    session: &mut Session,
    style: Style,
    screen: usize,
    debug: bool,
) -> ExitCode {
    let config = Config::builder()
        .max_history_size(1000)
        .map(|b| b.auto_add_history(false).build());
    let editor = match config.and_then(DefaultEditor::with_config) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: cannot start the line editor: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut shell = Shell {
        runtime,
        session,
        editor,
        history: history_path(),
        style,
        screen,
        bound: None,
        debug,
    };
    shell.load_history();
    eprintln!(
        "ddb partiql on {}. End statements with `;`; `.help` for help, `.quit` to leave.",
        shell.session.target.describe()
    );
    shell.read_loop()
}

impl Shell<'_> {
    fn load_history(&mut self) {
        let Some(path) = &self.history else { return };
        // No file yet is the usual first run; anything else is worth a word but not a stop.
        if let Err(e) = self.editor.load_history(path) {
            if !matches!(&e, ReadlineError::Io(io) if io.kind() == std::io::ErrorKind::NotFound) {
                eprintln!("warning: cannot read history {}: {e}", path.display());
            }
        }
    }

    fn read_loop(&mut self) -> ExitCode {
        let mut pending = String::new();
        loop {
            let fresh = statements::is_blank(&pending);
            let line = match self.editor.readline(if fresh { PROMPT } else { CONTINUED }) {
                Ok(line) => line,
                Err(ReadlineError::Interrupted) => {
                    pending.clear();
                    continue;
                }
                Err(ReadlineError::Eof) => return ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: cannot read input: {e}");
                    return ExitCode::FAILURE;
                }
            };
            if fresh {
                if let Some(command) = meta::parse(&line) {
                    self.remember(line.trim());
                    pending.clear();
                    match command {
                        Ok(Meta::Quit) => return ExitCode::SUCCESS,
                        Ok(command) => self.apply(command),
                        Err(e) => eprintln!("error: {e}"),
                    }
                    continue;
                }
            }
            pending.push_str(&line);
            pending.push('\n');
            let (done, rest) = statements::split(&pending);
            if !done.is_empty() {
                // What was typed for these statements, as one history entry.
                self.remember(pending[..pending.len() - rest.len()].trim());
                for statement in &done {
                    self.execute(statement);
                }
                pending = rest;
            }
        }
    }

    fn remember(&mut self, typed: &str) {
        let _ = self.editor.add_history_entry(typed);
        if let Some(path) = &self.history {
            if let Err(e) = self.editor.save_history(path) {
                eprintln!("warning: cannot save history to {}: {e}", path.display());
            }
        }
    }

    fn apply(&mut self, command: Meta) {
        let options = &mut self.session.options;
        match command {
            Meta::Help => emit(meta::HELP, true),
            Meta::Quit => {}
            Meta::Tables => self.list_tables(),
            Meta::Show => self.show_settings(),
            Meta::Json(json) => self.style.json = json,
            Meta::Wide(wide) => self.style.wide = wide,
            Meta::Pager(rows) => self.screen = rows,
            Meta::Parameters(values) => self.bound = values,
            Meta::Capacity(what) => options.capacity = what,
            Meta::Consistent(on) => options.consistent_read = on,
            Meta::Limit(n) => options.limit = n,
        }
    }

    fn list_tables(&mut self) {
        match self.runtime.block_on(self.session.tables()) {
            Ok(names) => {
                for name in &names {
                    emit(name, true);
                }
                emit(&format::counted(names.len(), "table", "tables"), true);
            }
            Err(failure) => failure.print(self.debug),
        }
    }

    fn show_settings(&self) {
        let o = &self.session.options;
        let on_off = |b: bool| if b { "on" } else { "off" };
        let parameters = match &self.bound {
            Some(values) => {
                let json = values.iter().map(format::attribute_json).collect();
                format!(
                    "{} (for the next statement)",
                    serde_json::Value::Array(json)
                )
            }
            None => "none".into(),
        };
        let rows = [
            ("endpoint", self.session.target.describe()),
            (
                "output",
                (if self.style.json { "json" } else { "table" }).into(),
            ),
            ("parameters", parameters),
            (
                "capacity",
                o.capacity.as_ref().map_or("off", |c| c.as_str()).into(),
            ),
            ("consistent", on_off(o.consistent_read).into()),
            ("limit", o.limit.map_or("off".into(), |n| n.to_string())),
            ("wide", on_off(self.style.wide).into()),
            (
                "pager",
                if self.screen == 0 {
                    "off".into()
                } else {
                    format!("{} rows", self.screen)
                },
            ),
        ];
        for (name, value) in rows {
            emit(&format!("{name:<11} {value}"), true);
        }
    }

    /// Runs one statement, with the parameters bound for it, and shows its answer a screen at a
    /// time, reading the next page only when the screen needs it; an error is shown and the
    /// shell goes on.
    fn execute(&mut self, statement: &str) {
        self.session.options.parameters = self.bound.take();
        self.show_answer(statement);
        self.session.options.parameters = None;
    }

    fn show_answer(&mut self, statement: &str) {
        let mut reader = Reader::default();
        let mut seen = Answer::default();
        let mut key = None;
        loop {
            if let Err(failure) = self.fill(statement, &mut reader, &mut seen) {
                return failure.print(self.debug);
            }
            let take = match self.screen {
                0 => reader.rows.len(),
                rows => reader.rows.len().min(rows),
            };
            let shown: Vec<Item> = reader.rows.drain(..take).collect();
            if key.is_none() && !shown.is_empty() && !self.style.json {
                key = Some(self.runtime.block_on(self.session.key_of(statement)));
            }
            let last = reader.rows.is_empty() && reader.token.is_none();
            self.show(&shown, key.as_deref().unwrap_or_default(), &seen, last);
            seen.items.extend(shown);
            if last {
                break;
            }
            if !self.more(seen.items.len()) {
                seen.cut = Some(Cut::Stopped);
                break;
            }
        }
        if !self.style.json {
            let select = statements::is_select(statement);
            emit(&render::footer(&seen, select), true);
        }
    }

    /// Reads pages until a screen is full or there are no more.
    fn fill(
        &mut self,
        statement: &str,
        reader: &mut Reader,
        seen: &mut Answer,
    ) -> Result<(), Failure> {
        while !reader.finished && (self.screen == 0 || reader.rows.len() < self.screen) {
            let page = self
                .runtime
                .block_on(self.session.page(statement, reader.token.take()))?;
            if let Some(units) = page.capacity {
                *seen.capacity.get_or_insert(0.0) += units;
            }
            reader.rows.extend(page.items);
            reader.finished = page.next_token.is_none();
            reader.token = page.next_token;
        }
        Ok(())
    }

    /// Asks whether to go on; Enter does, `q`, Ctrl-C or Ctrl-D stop.
    fn more(&mut self, so_far: usize) -> bool {
        let question = format!("-- more -- ({so_far} so far; Enter: more, q: stop) ");
        matches!(self.editor.readline(&question), Ok(a) if !a.trim().eq_ignore_ascii_case("q"))
    }

    /// One screen: a table, or a JSON document of its items; the last one in JSON also carries
    /// the capacity of the whole statement.
    fn show(&self, items: &[Item], key: &[String], seen: &Answer, last: bool) {
        if self.style.json {
            let screen = Answer {
                items: items.to_vec(),
                capacity: seen.capacity.filter(|_| last),
                ..Answer::default()
            };
            emit(&format::pretty(&render::json(&screen)), true);
        } else if !items.is_empty() {
            emit(&render::table(items, key, self.style.wide), false);
        }
    }
}

/// Where a statement's reading stands: the rows read but not shown, and the next page.
#[derive(Default)]
struct Reader {
    rows: VecDeque<Item>,
    token: Option<String>,
    finished: bool,
}
