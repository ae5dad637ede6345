//! schema-load, list-tables and drop.

use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use ddb_cruddur::counter::{self, TableOutcome, COUNTER_TABLE};
use ddb_cruddur::schema::{self, Schema};
use ddb_cruddur::{format, Error, TABLE_NAME};
use serde_json::json;

use super::args::{print_json, Conn};
use super::Outcome;

#[derive(Debug, Clone, Args)]
pub struct SchemaLoad {
    #[command(flatten)]
    pub(super) conn: Conn,
    /// Table to create
    #[arg(long, value_name = "TABLE", default_value = TABLE_NAME)]
    table: String,
    /// Return as soon as CreateTable answers, without waiting for the table to be ACTIVE
    #[arg(long)]
    no_wait: bool,
    /// Create only the table, as the seed's first schema-load did: no message-group-sk-index, no stream, no counter table
    #[arg(long)]
    plain: bool,
    /// The message counter table to create beside it (kept if it exists)
    #[arg(long, value_name = "TABLE", default_value = COUNTER_TABLE, conflicts_with = "plain")]
    counter_table: String,
}

impl SchemaLoad {
    pub async fn run(self) -> Outcome {
        let client = self.conn.client().await?;
        let shape = if self.plain {
            Schema::Plain
        } else {
            Schema::Messaging
        };
        let mut table = schema::create_table(&client, &self.table, shape).await?;
        if !self.no_wait {
            table =
                schema::wait_until_active(&client, &self.table, Duration::from_secs(120)).await?;
        }
        // The counter table is waited for whatever --no-wait says: TTL can only be turned on
        // once it is ACTIVE.
        let counters = match shape {
            Schema::Plain => None,
            Schema::Messaging => {
                let outcome = counter::create_table(&client, &self.counter_table).await?;
                schema::wait_until_active(&client, &self.counter_table, Duration::from_secs(120))
                    .await?;
                counter::enable_ttl(&client, &self.counter_table).await?;
                Some(outcome)
            }
        };
        if self.conn.json() {
            let mut out = json!({ "TableDescription": format::table_description_json(&table) });
            if let Some(outcome) = counters {
                out["CounterTable"] = json!({
                    "TableName": self.counter_table,
                    "Created": outcome == TableOutcome::Created,
                    "TimeToLiveAttribute": counter::EXPIRES_AT,
                });
            }
            print_json(&out);
        } else {
            let status = table.table_status().map(|s| s.as_str()).unwrap_or("?");
            say!(
                "created table {}: pk (S, HASH), sk (S, RANGE), PROVISIONED {} read / {} write units, status {status}",
                self.table,
                schema::CAPACITY_UNITS,
                schema::CAPACITY_UNITS
            );
            if let Some(outcome) = counters {
                say!(
                    "  index {}: {} (S, HASH), sk (S, RANGE), projection ALL, PROVISIONED {} / {}",
                    schema::GROUP_INDEX,
                    schema::GROUP_INDEX_KEY,
                    schema::CAPACITY_UNITS,
                    schema::CAPACITY_UNITS
                );
                say!(
                    "  stream: NEW_IMAGE{}",
                    table
                        .latest_stream_arn()
                        .map(|arn| format!(", {arn}"))
                        .unwrap_or_default()
                );
                let verb = match outcome {
                    TableOutcome::Created => "created table",
                    TableOutcome::Existing => "kept existing table",
                };
                say!(
                    "{verb} {}: pk (S, HASH), PAY_PER_REQUEST, TTL on {} (message counters, {} s)",
                    self.counter_table,
                    counter::EXPIRES_AT,
                    counter::TTL_SECONDS
                );
            }
        }
        Ok(ExitCode::SUCCESS)
    }
}

#[derive(Debug, Clone, Args)]
pub struct ListTables {
    #[command(flatten)]
    pub(super) conn: Conn,
}

impl ListTables {
    pub async fn run(self) -> Outcome {
        let client = self.conn.client().await?;
        let names = schema::list_tables(&client).await?;
        if self.conn.json() {
            print_json(&json!({ "TableNames": names }));
        } else {
            super::emit(&format::aws_cli_table("ListTables", &names), false);
        }
        Ok(ExitCode::SUCCESS)
    }
}

#[derive(Debug, Clone, Args)]
pub struct Drop {
    /// The same as --table TABLE (the seed's form)
    #[arg(value_name = "TABLE", conflicts_with = "table_flag")]
    table: Option<String>,
    #[command(flatten)]
    pub(super) conn: Conn,
    /// Table to delete, e.g. cruddur-messages (required, here or as TABLE)
    #[arg(long = "table", id = "table_flag", value_name = "TABLE")]
    table_flag: Option<String>,
}

impl Drop {
    pub async fn run(self) -> Outcome {
        let Some(table) = self.table.or(self.table_flag) else {
            // The seed's script says what is missing and exits 1; so do we.
            return Err(Error::Config(
                "no table given: ddb drop TABLE [prod], or ddb drop --table TABLE \
                 (e.g. ddb drop cruddur-messages)"
                    .into(),
            ));
        };
        let client = self.conn.client().await?;
        let description = schema::delete_table(&client, &table).await?;
        // Said once DeleteTable has accepted it (the table is DELETING), never before an error.
        if !self.conn.json() {
            say!("deleting table: {table}");
        }
        if self.conn.json() {
            print_json(
                &json!({ "TableDescription": format::table_description_json(&description) }),
            );
        }
        Ok(ExitCode::SUCCESS)
    }
}
