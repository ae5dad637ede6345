//! `ddb partiql`: PartiQL statements against ddb, any endpoint, or AWS.
//!
//! Statements come from `-e`, an argument, `-f FILE`, or stdin, and run one after the other;
//! with none of those and a terminal on stdin, the interactive shell starts. The endpoint is
//! chosen as for the toolkit commands (`--endpoint-url`, `prod`), and reaching it fails with
//! the same words.

mod exec;
mod meta;
mod params;
mod render;
mod shell;
mod statements;

use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use aws_sdk_dynamodb::types::ReturnConsumedCapacity;
use ddb_cruddur::endpoint::Target;

use crate::toolkit::args::Conn;
use crate::toolkit::emit;
use exec::{Failure, Options, Paging, Session};

/// Rows the shell shows before it stops at `-- more --`.
const SCREEN_ROWS: usize = 50;

#[derive(Debug, Clone, clap::Args)]
pub struct Partiql {
    /// A statement to run (several may be separated by `;`), as -e takes
    #[arg(value_name = "STATEMENT")]
    statement: Option<String>,
    /// Run this statement and exit (several may be separated by `;`; -e may be repeated)
    #[arg(short = 'e', long = "execute", value_name = "STATEMENT")]
    execute: Vec<String>,
    /// Run the statements of this file (`-` for stdin) and exit
    #[arg(short = 'f', long, value_name = "PATH")]
    file: Option<PathBuf>,
    #[command(flatten)]
    conn: Conn,
    /// Values for the statements' `?` placeholders, in DynamoDB JSON: '[{"S":"a"},{"N":"1"}]',
    /// or file://PATH
    #[arg(long, value_name = "JSON")]
    parameters: Option<String>,
    /// Strongly consistent reads
    #[arg(long)]
    consistent_read: bool,
    /// Items per request (sent as Limit); later pages are still read unless --no-paginate
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i32).range(1..))]
    limit: Option<i32>,
    /// Stop after N items
    #[arg(long, value_name = "N")]
    max_items: Option<usize>,
    /// Read only the first page; the footer (or NextToken in JSON) says where the next starts
    #[arg(long)]
    no_paginate: bool,
    /// Start at this NextToken, from an earlier --no-paginate or --max-items run
    #[arg(long, value_name = "TOKEN")]
    starting_token: Option<String>,
    /// Ask for the capacity used and show it
    #[arg(long, value_name = "WHAT", value_parser = ["TOTAL", "INDEXES", "NONE"], ignore_case = true)]
    return_consumed_capacity: Option<String>,
    /// Shell: rows shown before stopping at `-- more --` (0: never stop)
    #[arg(long, value_name = "N", default_value_t = SCREEN_ROWS)]
    pager_rows: usize,
    /// Show long cells whole instead of cut at 60 characters
    #[arg(long)]
    wide: bool,
}

impl Partiql {
    /// `ddb partiql prod` starts a shell on AWS, as `ddb scan prod` scans there.
    fn read_prod_word(&mut self) {
        if self.statement.as_deref() == Some("prod") && self.conn.prod_word.is_none() {
            self.statement = None;
            self.conn.prod = true;
        }
    }

    fn options(&self) -> Result<Options, String> {
        let parameters = match &self.parameters {
            Some(arg) => Some(params::parse(arg).map_err(|e| format!("--parameters: {e}"))?),
            None => None,
        };
        let capacity = self
            .return_consumed_capacity
            .as_deref()
            .map(|c| ReturnConsumedCapacity::from(c.to_ascii_uppercase().as_str()))
            .filter(|c| *c != ReturnConsumedCapacity::None);
        Ok(Options {
            parameters,
            consistent_read: self.consistent_read,
            limit: self.limit,
            capacity,
        })
    }

    /// True when no statement was given in any form and a person is at the keyboard.
    fn interactive(&self) -> bool {
        self.statement.is_none()
            && self.execute.is_empty()
            && self.file.is_none()
            && std::io::stdin().is_terminal()
    }

    /// The text to run: `-f`, then each `-e`, then the argument; stdin when none is given.
    fn script(&mut self) -> Result<String, String> {
        let mut parts = Vec::new();
        match self.file.as_deref() {
            Some(path) if path.as_os_str() == "-" => parts.push(read_stdin()?),
            Some(path) => parts.push(
                std::fs::read_to_string(path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?,
            ),
            None => {}
        }
        parts.append(&mut self.execute);
        parts.extend(self.statement.take());
        if parts.is_empty() {
            parts.push(read_stdin()?);
        }
        // Each part ends its last statement, so `-e A -e B` is two statements without `;`.
        Ok(parts.join(";\n"))
    }
}

/// How answers are printed.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    json: bool,
    wide: bool,
}

/// Runs `ddb partiql`: exit status 0 when every statement succeeded, 1 when one failed (or
/// the endpoint could not be used), 2 for a mistake in the command line.
pub fn run(mut args: Partiql, debug: bool) -> ExitCode {
    args.read_prod_word();
    let options = match args.options() {
        Ok(o) => o,
        Err(e) => return usage(&e),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut session = match runtime.block_on(connect(&args.conn, options)) {
        Ok(s) => s,
        Err(failure) => {
            failure.print(debug);
            return ExitCode::FAILURE;
        }
    };
    let style = Style {
        json: args.conn.json(),
        wide: args.wide,
    };
    if args.interactive() {
        if args.parameters.is_some() {
            return usage(
                "--parameters goes with -e, -f or stdin; in the shell, `.parameters JSON`",
            );
        }
        return shell::run(&runtime, &mut session, style, args.pager_rows, debug);
    }
    let text = match args.script() {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let list = statements::all(&text);
    if list.is_empty() {
        return usage("no statement given (-e STATEMENT, -f FILE, or statements on stdin)");
    }
    let batch = Batch {
        style,
        paging: Paging {
            max_items: args.max_items,
            first_page_only: args.no_paginate,
        },
        token: args.starting_token.take(),
    };
    runtime.block_on(batch.run(&mut session, &list, debug))
}

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

async fn connect(conn: &Conn, options: Options) -> Result<Session, Failure> {
    let target = conn
        .target()
        .map_err(|e| Failure::from_toolkit(&e, &Target::Aws))?;
    let client = ddb_cruddur::endpoint::client(&target)
        .await
        .map_err(|e| Failure::from_toolkit(&e, &target))?;
    Ok(Session::new(client, target, options))
}

fn read_stdin() -> Result<String, String> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read statements from stdin: {e}"))?;
    Ok(text)
}

/// Statements run one after the other, without a terminal.
struct Batch {
    style: Style,
    paging: Paging,
    /// `--starting-token`: where the first statement starts.
    token: Option<String>,
}

impl Batch {
    /// Runs each statement and prints its answer; the first failure ends the run, so a script
    /// never goes on past a statement that did not happen. Tables go to stdout and their
    /// footers to stderr, so `> out.txt` keeps only the items.
    async fn run(mut self, session: &mut Session, list: &[String], debug: bool) -> ExitCode {
        for statement in list {
            let answer = match session
                .answer(statement, self.token.take(), self.paging)
                .await
            {
                Ok(a) => a,
                Err(failure) => {
                    failure.print(debug);
                    return ExitCode::FAILURE;
                }
            };
            if self.style.json {
                emit(&ddb_cruddur::format::pretty(&render::json(&answer)), true);
                continue;
            }
            if !answer.items.is_empty() {
                let key = session.key_of(statement).await;
                emit(&render::table(&answer.items, &key, self.style.wide), false);
            }
            eprintln!(
                "{}",
                render::footer(&answer, statements::is_select(statement))
            );
        }
        ExitCode::SUCCESS
    }
}
