//! scan: every item of a table.

use std::process::ExitCode;

use clap::Args;
use ddb_cruddur::{format, patterns, TABLE_NAME};
use serde_json::json;

use super::args::{print_json, Conn};
use super::Outcome;

#[derive(Debug, Args)]
pub struct Scan {
    /// Table to scan
    #[arg(value_name = "TABLE")]
    table: Option<String>,
    #[command(flatten)]
    conn: Conn,
}

impl Scan {
    pub async fn run(mut self) -> Outcome {
        // `ddb scan prod` reads as "scan the default table on AWS", not "scan a table named prod".
        if self.table.as_deref() == Some("prod") && self.conn.prod_word.is_none() {
            self.table = None;
            self.conn.prod = true;
        }
        let table = self.table.as_deref().unwrap_or(TABLE_NAME);
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
            let pages = if result.pages == 1 { "page" } else { "pages" };
            eprintln!(
                "{} items in {table} ({} scan {pages})",
                result.items.len(),
                result.pages
            );
        }
        Ok(ExitCode::SUCCESS)
    }
}
