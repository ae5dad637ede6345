//! message-groups create and message-groups list: starting a conversation and listing a user's
//! conversations, as Cruddur's backend does.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use ddb_cruddur::listing::{self, Entry};
use ddb_cruddur::sending::{self, NewGroup};
use ddb_cruddur::users::Directory;
use ddb_cruddur::validation::{self, Destination};
use ddb_cruddur::{format, time, Error, DEFAULT_ME, TABLE_NAME};
use serde_json::Value;

use super::args::{print_json, reject, Conn};
use super::Outcome;

#[derive(Debug, Clone, Subcommand)]
pub enum MessageGroups {
    /// Start a conversation: both users' message groups and the first message, in one BatchWriteItem
    Create(Create),
    /// A user's newest 20 message groups in a year, newest first
    List(List),
}

impl MessageGroups {
    pub(super) fn conn(&self) -> &Conn {
        match self {
            MessageGroups::Create(c) => &c.conn,
            MessageGroups::List(c) => &c.conn,
        }
    }

    pub async fn run(self) -> Outcome {
        match self {
            MessageGroups::Create(c) => c.run().await,
            MessageGroups::List(c) => c.run().await,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct Create {
    /// The first message (at most 1024 characters)
    #[arg(value_name = "MESSAGE")]
    message: Option<String>,
    #[command(flatten)]
    pub(super) conn: Conn,
    /// Handle of the sender
    #[arg(long, default_value = DEFAULT_ME)]
    me: String,
    /// Handle of the receiver
    #[arg(long, value_name = "HANDLE")]
    to: Option<String>,
    /// PostgreSQL connection string for the users table (default: $CONNECTION_URL, else built-in users)
    #[arg(long, value_name = "URL")]
    users_db: Option<String>,
    /// Table to write
    #[arg(long, value_name = "TABLE", default_value = TABLE_NAME)]
    table: String,
}

impl Create {
    pub async fn run(self) -> Outcome {
        let target = self.conn.target()?;
        let codes = validation::check(
            Destination::NewGroup {
                receiver_handle: self.to.as_deref(),
            },
            Some(&self.me),
            self.message.as_deref(),
        );
        let (Some(to), Some(message), true) = (&self.to, &self.message, codes.is_empty()) else {
            return Ok(reject(&self.conn, &codes));
        };
        if *to == self.me {
            return Err(Error::Config(format!(
                "--me and --to are both '{to}'; a message group needs two users"
            )));
        }
        let directory = Directory::choose(self.users_db.as_deref(), |k| std::env::var(k).ok());
        let (me, other) = directory.pair(&self.me, to).await?;
        let group = NewGroup::start(&me, &other, message);
        let client = ddb_cruddur::endpoint::client(&target).await?;
        let report = sending::create_message_group(&client, &self.table, &group).await?;
        if self.conn.json() {
            print_json(&group.response_json());
        } else {
            say!(
                "created message group {} between {} and {} in {} ({}, {})",
                group.message_group_uuid(),
                me.handle,
                other.handle,
                self.table,
                format::counted(report.items, "item", "items"),
                format::counted(
                    report.requests,
                    "BatchWriteItem request",
                    "BatchWriteItem requests"
                )
            );
        }
        Ok(ExitCode::SUCCESS)
    }
}

#[derive(Debug, Clone, Args)]
pub struct List {
    #[command(flatten)]
    pub(super) conn: Conn,
    /// Whose message groups
    #[arg(long, alias = "handle", default_value = DEFAULT_ME)]
    me: String,
    /// PostgreSQL connection string for the users table (default: $CONNECTION_URL, else built-in users)
    #[arg(long, value_name = "URL")]
    users_db: Option<String>,
    /// Year the groups' last messages begin with (default: the current year)
    #[arg(long)]
    year: Option<i32>,
    /// Table to query
    #[arg(long, value_name = "TABLE", default_value = TABLE_NAME)]
    table: String,
}

impl List {
    pub async fn run(self) -> Outcome {
        let target = self.conn.target()?;
        let directory = Directory::choose(self.users_db.as_deref(), |k| std::env::var(k).ok());
        let my_uuid = directory.uuid_of(&self.me).await?;
        let client = ddb_cruddur::endpoint::client(&target).await?;
        let groups = listing::list_message_groups(
            &client,
            &self.table,
            &my_uuid,
            self.year.unwrap_or_else(time::current_year),
        )
        .await?;
        if self.conn.json() {
            print_json(&Value::Array(groups.iter().map(Entry::to_json).collect()));
        } else {
            let rows: Vec<Vec<String>> = groups
                .iter()
                .map(|g| {
                    vec![
                        g.handle.clone(),
                        g.display_name.clone(),
                        time::display(&g.created_at),
                        g.uuid.clone(),
                        g.message.clone(),
                    ]
                })
                .collect();
            super::emit(
                &format::columns(
                    &[
                        "HANDLE",
                        "NAME",
                        "LAST MESSAGE AT",
                        "MESSAGE GROUP",
                        "LAST MESSAGE",
                    ],
                    &rows,
                ),
                false,
            );
        }
        Ok(ExitCode::SUCCESS)
    }
}
