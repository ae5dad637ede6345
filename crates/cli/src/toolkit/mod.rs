//! The Cruddur toolkit subcommands: the bootcamp's `bin/ddb` scripts as `ddb` subcommands.
//!
//! Each subcommand parses its arguments here and does its work through `ddb_cruddur`, which
//! holds the model, the access patterns and the formatting. `main.rs` flattens [`Command`] into
//! its own subcommand list and hands a parsed one to [`run`].

/// `println!` that ends the process quietly when stdout is closed (`ddb scan | head`), instead
/// of panicking on the broken pipe.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::toolkit::emit(&format!($($arg)*), true)
    };
}

pub(crate) mod args;
mod counter;
mod message_groups;
mod messages;
mod patterns;
mod scan;
mod seed;
mod tables;
mod updater;
use std::process::ExitCode;

/// The toolkit's subcommands, flattened into `ddb`'s own.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Create the cruddur-messages table (pk S HASH, sk S RANGE, PROVISIONED 5/5, message-group-sk-index, NEW_IMAGE stream) and the message counter table
    SchemaLoad(tables::SchemaLoad),
    /// List table names
    ListTables(tables::ListTables),
    /// Delete a table: ddb drop TABLE [prod], or ddb drop --table TABLE
    Drop(tables::Drop),
    /// Write two message groups and a conversation of messages
    Seed(seed::Seed),
    /// Print every item of a table: ddb scan [TABLE] [prod], or ddb scan --table TABLE
    Scan(scan::Scan),
    /// Run one of the access patterns
    Patterns {
        #[command(subcommand)]
        pattern: patterns::Pattern,
    },
    /// Start a conversation, or list a user's conversations
    MessageGroups {
        #[command(subcommand)]
        command: message_groups::MessageGroups,
    },
    /// Send a message to a conversation, or list its messages
    Messages {
        #[command(subcommand)]
        command: messages::Messages,
    },
    /// Move message groups to their newest message: a Lambda stream event on stdin, or the table's stream (--follow, --once)
    UpdateMessageGroups(updater::UpdateMessageGroups),
    /// Read or reset a user's count of messages received
    MessageCounter {
        #[command(subcommand)]
        command: counter::MessageCounter,
    },
}

impl Command {
    /// The connection arguments of the command.
    fn conn(&self) -> &args::Conn {
        match self {
            Command::SchemaLoad(c) => &c.conn,
            Command::ListTables(c) => &c.conn,
            Command::Drop(c) => &c.conn,
            Command::Seed(c) => &c.conn,
            Command::Scan(c) => &c.conn,
            Command::Patterns { pattern } => pattern.conn(),
            Command::MessageGroups { command } => command.conn(),
            Command::Messages { command } => command.conn(),
            Command::UpdateMessageGroups(c) => &c.conn,
            Command::MessageCounter { command } => &command.args().conn,
        }
    }

    /// The counter table the command uses, if any.
    fn counter_table(&self) -> Option<&str> {
        match self {
            Command::UpdateMessageGroups(c) => Some(&c.counter_table),
            Command::MessageCounter { command } => Some(&command.args().counter_table),
            _ => None,
        }
    }

    /// What to do about a table that does not exist, after "table X does not exist at URL; ".
    fn missing_table_step(&self, table: &str) -> String {
        let flags = self.conn().flags();
        let list = format!("`ddb list-tables{flags}` shows the tables there");
        let table_flag = if table == ddb_cruddur::TABLE_NAME {
            String::new()
        } else {
            format!(" --table {table}")
        };
        let schema_load = format!("run `ddb schema-load{table_flag}{flags}` first");
        if self.counter_table() == Some(table) {
            let counter_flag = if table == ddb_cruddur::counter::COUNTER_TABLE {
                String::new()
            } else {
                format!(" --counter-table {table}")
            };
            return format!("run `ddb schema-load{counter_flag}{flags}` first");
        }
        match self {
            Command::Drop(_) => format!("nothing to delete ({list})"),
            Command::Scan(_) if table != ddb_cruddur::TABLE_NAME => list,
            _ => schema_load,
        }
    }

    /// The line the user sees for an error: the cause and the next step.
    fn explain(&self, error: &ddb_cruddur::Error) -> String {
        use ddb_cruddur::endpoint::{Source, Target};
        use ddb_cruddur::Error;
        let target = self.conn().target();
        let place = match &target {
            Ok(Target::Local { url, .. }) => url.clone(),
            _ => "AWS".to_string(),
        };
        match error {
            Error::Unreachable { reason, .. } => match target {
                Ok(Target::Local { url, source }) => {
                    let from = match source {
                        Source::EnvDynamoDb | Source::EnvGlobal => {
                            format!(" ({})", source.describe())
                        }
                        Source::Flag | Source::Default => String::new(),
                    };
                    let step = if reason.contains("does not resolve") {
                        "check the host in the URL"
                    } else {
                        "is `ddb serve` running?"
                    };
                    format!("cannot reach {url}{from}: {reason}; {step}")
                }
                _ => format!(
                    "cannot reach DynamoDB on AWS: {reason}; check your network and the region \
                     (AWS_REGION or your AWS profile)"
                ),
            },
            Error::NoSuchTable { table, .. } => format!(
                "table {table} does not exist at {place}; {}",
                self.missing_table_step(table)
            ),
            Error::TableExists { table } => {
                let flags = self.conn().flags();
                format!(
                    "table {table} already exists at {place}; `ddb drop {table}{flags}` first \
                     to create it again"
                )
            }
            Error::NotDynamoDb {
                operation, answer, ..
            } => format!(
                "{operation} failed: {place} answered {answer}, not as DynamoDB does; is \
                 that URL `ddb serve` (or another DynamoDB endpoint)?"
            ),
            other => other.to_string(),
        }
    }
}

/// Runs a toolkit subcommand to completion. An error is printed as one line on stderr, the
/// cause and the next step; with `debug`, the SDK's full error follows.
pub fn run(mut command: Command, debug: bool) -> ExitCode {
    if let Command::Scan(scan) = &mut command {
        scan.read_prod_word();
    }
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
    let context = command.clone();
    let result = runtime.block_on(async move {
        match command {
            Command::SchemaLoad(c) => c.run().await,
            Command::ListTables(c) => c.run().await,
            Command::Drop(c) => c.run().await,
            Command::Seed(c) => c.run().await,
            Command::Scan(c) => c.run().await,
            Command::Patterns { pattern } => pattern.run().await,
            Command::MessageGroups { command } => command.run().await,
            Command::Messages { command } => command.run().await,
            Command::UpdateMessageGroups(c) => c.run().await,
            Command::MessageCounter { command } => command.run().await,
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", context.explain(&e));
            if debug {
                if let Some(detail) = e.detail() {
                    eprintln!("detail: {detail}");
                }
            }
            ExitCode::FAILURE
        }
    }
}

/// Writes to stdout; a closed stdout means the reader has seen enough, so exit successfully.
pub(crate) fn emit(text: &str, newline: bool) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let result = out
        .write_all(text.as_bytes())
        .and_then(|()| {
            if newline {
                out.write_all(b"\n")
            } else {
                Ok(())
            }
        })
        .and_then(|()| out.flush());
    if let Err(e) = result {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write output: {e}");
        std::process::exit(1);
    }
}

/// What every subcommand returns: an exit code, or an error to print.
pub(crate) type Outcome = Result<ExitCode, ddb_cruddur::Error>;
