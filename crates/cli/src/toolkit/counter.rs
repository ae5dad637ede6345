//! message-counter read and message-counter reset: the per-user count of messages received.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use ddb_cruddur::counter::{self, COUNTER_TABLE};
use ddb_cruddur::time;
use serde_json::json;

use super::args::{print_json, Conn};
use super::Outcome;

#[derive(Debug, Clone, Subcommand)]
pub enum MessageCounter {
    /// How many messages HANDLE received since the last reset (0 once the entry expired)
    Read(CounterArgs),
    /// Set HANDLE's count to 0
    Reset(CounterArgs),
}

#[derive(Debug, Clone, Args)]
pub struct CounterArgs {
    /// Whose counter (key msgs/HANDLE)
    #[arg(value_name = "HANDLE")]
    handle: String,
    #[command(flatten)]
    pub(super) conn: Conn,
    /// Counter table
    #[arg(long, value_name = "TABLE", default_value = COUNTER_TABLE)]
    pub(super) counter_table: String,
}

impl MessageCounter {
    pub(super) fn args(&self) -> &CounterArgs {
        match self {
            MessageCounter::Read(c) | MessageCounter::Reset(c) => c,
        }
    }

    pub async fn run(self) -> Outcome {
        let reset = matches!(self, MessageCounter::Reset(_));
        let args = match self {
            MessageCounter::Read(c) | MessageCounter::Reset(c) => c,
        };
        let client = args.conn.client().await?;
        let key = counter::counter_key(&args.handle);
        let now = time::epoch_seconds();
        if reset {
            counter::reset(&client, &args.counter_table, &args.handle, now).await?;
            if args.conn.json() {
                print_json(&json!({ "key": key, "count": 0 }));
            } else {
                say!("{key}: reset to 0");
            }
            return Ok(ExitCode::SUCCESS);
        }
        let reading = counter::read(&client, &args.counter_table, &args.handle, now).await?;
        let expires_at = reading.entry.as_ref().map(|e| e.expires_at);
        let expired = expires_at.is_some_and(|at| at <= now);
        if args.conn.json() {
            print_json(&json!({
                "key": key,
                "count": reading.count,
                "expires_at": expires_at,
                "expired": expired,
            }));
        } else {
            let state = match expires_at {
                None => " (no entry)".to_string(),
                Some(_) if expired => " (expired)".to_string(),
                Some(at) => format!(" (expires in {} s)", at - now),
            };
            say!("{key}: {}{state}", reading.count);
        }
        Ok(ExitCode::SUCCESS)
    }
}
