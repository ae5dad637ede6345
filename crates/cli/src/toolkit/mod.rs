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

mod args;
mod patterns;
mod scan;
mod seed;
mod tables;
use std::process::ExitCode;

/// The toolkit's subcommands, flattened into `ddb`'s own.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Create the cruddur-messages table (pk S HASH, sk S RANGE, PROVISIONED 5/5)
    SchemaLoad(tables::SchemaLoad),
    /// List table names
    ListTables(tables::ListTables),
    /// Delete a table: ddb drop TABLE [prod]
    Drop(tables::Drop),
    /// Write two message groups and a conversation of messages
    Seed(seed::Seed),
    /// Print every item of a table (default cruddur-messages)
    Scan(scan::Scan),
    /// Run one of the access patterns
    Patterns {
        #[command(subcommand)]
        pattern: patterns::Pattern,
    },
}

/// Runs a toolkit subcommand to completion; errors are printed as one line on stderr.
pub fn run(command: Command) -> ExitCode {
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
    let result = runtime.block_on(async move {
        match command {
            Command::SchemaLoad(c) => c.run().await,
            Command::ListTables(c) => c.run().await,
            Command::Drop(c) => c.run().await,
            Command::Seed(c) => c.run().await,
            Command::Scan(c) => c.run().await,
            Command::Patterns { pattern } => pattern.run().await,
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
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
