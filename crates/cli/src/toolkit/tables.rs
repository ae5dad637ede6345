//! schema-load, list-tables and drop.

use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use ddb_cruddur::{format, schema, TABLE_NAME};
use serde_json::json;

use super::args::{print_json, Conn};
use super::Outcome;

#[derive(Debug, Args)]
pub struct SchemaLoad {
    #[command(flatten)]
    conn: Conn,
    /// Table to create
    #[arg(long, default_value = TABLE_NAME)]
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

#[derive(Debug, Args)]
pub struct ListTables {
    #[command(flatten)]
    conn: Conn,
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

#[derive(Debug, Args)]
pub struct Drop {
    /// Table to delete, e.g. cruddur-messages
    #[arg(value_name = "TABLE")]
    table: Option<String>,
    #[command(flatten)]
    conn: Conn,
}

impl Drop {
    pub async fn run(self) -> Outcome {
        let Some(table) = self.table else {
            // The seed's script says what is missing and exits 1; so do we.
            eprintln!("No TABLE argument supplied");
            eprintln!("usage: ddb drop TABLE [prod]   e.g. ddb drop cruddur-messages prod");
            return Ok(ExitCode::FAILURE);
        };
        let client = self.conn.client().await?;
        if !self.conn.json() {
            say!("deleting table: {table}");
        }
        let description = schema::delete_table(&client, &table).await?;
        if self.conn.json() {
            print_json(
                &json!({ "TableDescription": format::table_description_json(&description) }),
            );
        }
        Ok(ExitCode::SUCCESS)
    }
}
