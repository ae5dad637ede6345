//! scan: every item of a table.

use std::process::ExitCode;

use clap::Args;
use ddb_cruddur::{format, patterns, TABLE_NAME};
use serde_json::json;

use super::args::{print_json, Conn};
use super::Outcome;

#[derive(Debug, Clone, Args)]
pub struct Scan {
    /// The same as --table TABLE (the seed's form)
    #[arg(value_name = "TABLE", conflicts_with = "table_flag")]
    table: Option<String>,
    #[command(flatten)]
    pub(super) conn: Conn,
    /// Table to scan
    #[arg(long = "table", id = "table_flag", value_name = "TABLE", default_value = TABLE_NAME)]
    table_flag: String,
}

impl Scan {
    /// `ddb scan prod` reads as "scan the default table on AWS", not "scan a table named prod".
    pub(super) fn read_prod_word(&mut self) {
        if self.table.as_deref() == Some("prod") && self.conn.prod_word.is_none() {
            self.table = None;
            self.conn.prod = true;
        }
    }

    pub async fn run(mut self) -> Outcome {
        self.read_prod_word();
        let table = self.table.as_deref().unwrap_or(&self.table_flag);
        let client = self.conn.client().await?;
        let result = patterns::scan_all(&client, table).await?;
        if self.conn.json() {
            print_json(&json!({
                "Items": result.items.iter().map(format::item_json).collect::<Vec<_>>(),
                "Count": result.items.len(),
                "Pages": result.pages,
            }));
        } else {
            for item in &result.items {
                say!("{}", format::plain_item(item));
            }
            eprintln!(
                "{} in {table} ({})",
                format::counted(result.items.len(), "item", "items"),
                format::counted(result.pages, "scan page", "scan pages")
            );
        }
        Ok(ExitCode::SUCCESS)
    }
}
