//! The `ddb` binary: the database server (`ddb serve`), the PartiQL shell (`ddb partiql`) and
//! the Cruddur toolkit subcommands.

mod partiql;
mod serve;
mod toolkit;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: a request allocates and frees many small objects, and glibc's malloc spent about
/// a sixth of a GetItem's instructions on them. Built with `no_thp`, so its arenas are not
/// backed by transparent huge pages: an idle server stays near 11 MiB resident, not 18.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(
    name = "ddb",
    version,
    about = "A DynamoDB-compatible database, and the Cruddur toolkit"
)]
struct Cli {
    /// Toolkit and partiql commands: after the one-line error, print the AWS SDK's full error
    #[arg(short = 'v', long = "debug", global = true)]
    debug: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Serve DynamoDB's API (the database server)
    Serve(serve::Serve),
    /// Run PartiQL statements: one (-e), a script on stdin, or an interactive shell
    Partiql(partiql::Partiql),
    /// The Cruddur toolkit: schema-load, list-tables, drop, seed, scan, patterns
    #[command(flatten)]
    Toolkit(toolkit::Command),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(_) if cli.debug => {
            eprintln!("error: -v/--debug is for the toolkit commands; `ddb serve` takes --log-level debug");
            ExitCode::from(2)
        }
        Command::Serve(args) => serve::run(args),
        Command::Partiql(args) => partiql::run(args, cli.debug),
        Command::Toolkit(command) => toolkit::run(command, cli.debug),
    }
}
