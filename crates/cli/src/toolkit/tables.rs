//! schema-load, list-tables and drop.

use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use ddb_cruddur::{format, schema, Error, TABLE_NAME};
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
}

impl SchemaLoad {
    pub async fn run(self) -> Outcome {
        let client = self.conn.client().await?;
        let mut table = schema::create_table(&client, &self.table).await?;
        if !self.no_wait {
            table =
                schema::wait_until_active(&client, &self.table, Duration::from_secs(120)).await?;
        }
        if self.conn.json() {
            print_json(&json!({ "TableDescription": format::table_description_json(&table) }));
        } else {
            let status = table.table_status().map(|s| s.as_str()).unwrap_or("?");
            say!(
                "created table {}: pk (S, HASH), sk (S, RANGE), PROVISIONED {} read / {} write units, status {status}",
                self.table,
                schema::CAPACITY_UNITS,
                schema::CAPACITY_UNITS
            );
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
