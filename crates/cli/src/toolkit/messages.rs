//! messages send and messages list: one message into a conversation, and a conversation's
//! newest messages, as Cruddur's backend does.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use ddb_cruddur::listing::{self, Entry};
use ddb_cruddur::sending;
use ddb_cruddur::users::Directory;
use ddb_cruddur::validation::{self, Destination};
use ddb_cruddur::{time, DEFAULT_ME, DEFAULT_MESSAGE_GROUP_UUID, TABLE_NAME};
use serde_json::Value;

use super::args::{print_json, reject, Conn};
use super::Outcome;

#[derive(Debug, Clone, Subcommand)]
pub enum Messages {
    /// Send a message to a message group (one PutItem; `ddb update-message-groups` then moves the groups)
    Send(Send),
    /// A message group's newest 20 messages in a year, oldest first
    List(List),
}

impl Messages {
    pub(super) fn conn(&self) -> &Conn {
        match self {
            Messages::Send(c) => &c.conn,
            Messages::List(c) => &c.conn,
        }
    }

    pub async fn run(self) -> Outcome {
        match self {
            Messages::Send(c) => c.run().await,
            Messages::List(c) => c.run().await,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct Send {
    /// The message (at most 1024 characters)
    #[arg(value_name = "MESSAGE")]
    message: Option<String>,
    #[command(flatten)]
    pub(super) conn: Conn,
    /// Message group uuid
    #[arg(long, value_name = "UUID")]
    message_group: Option<String>,
    /// Handle of the sender
    #[arg(long, default_value = DEFAULT_ME)]
    me: String,
    /// PostgreSQL connection string for the users table (default: $CONNECTION_URL, else built-in users)
    #[arg(long, value_name = "URL")]
    users_db: Option<String>,
    /// Table to write
    #[arg(long, value_name = "TABLE", default_value = TABLE_NAME)]
    table: String,
}

impl Send {
    pub async fn run(self) -> Outcome {
        let target = self.conn.target()?;
        let codes = validation::check(
            Destination::Group {
                message_group_uuid: self.message_group.as_deref(),
            },
            Some(&self.me),
            self.message.as_deref(),
        );
        let (Some(group), Some(message), true) =
            (&self.message_group, &self.message, codes.is_empty())
        else {
            return Ok(reject(&self.conn, &codes));
        };
        let directory = Directory::choose(self.users_db.as_deref(), |k| std::env::var(k).ok());
        let sender = directory.user(&self.me).await?;
        let sent = sending::compose(group, &sender, message);
        let client = ddb_cruddur::endpoint::client(&target).await?;
        sending::send_message(&client, &self.table, &sent).await?;
        if self.conn.json() {
            print_json(&sending::sent_json(&sent));
        } else {
            say!(
                "sent message {} from {} to group {} at {}",
                sent.message_uuid,
                sender.handle,
                group,
                sent.created_at
            );
        }
        Ok(ExitCode::SUCCESS)
    }
}

#[derive(Debug, Clone, Args)]
pub struct List {
    #[command(flatten)]
    pub(super) conn: Conn,
    /// Message group uuid (default: the seed's)
    #[arg(long, value_name = "UUID", default_value = DEFAULT_MESSAGE_GROUP_UUID)]
    message_group: String,
    /// Year the messages' sort keys begin with (default: the current year)
    #[arg(long)]
    year: Option<i32>,
    /// Table to query
    #[arg(long, value_name = "TABLE", default_value = TABLE_NAME)]
    table: String,
}

impl List {
    pub async fn run(self) -> Outcome {
        let client = self.conn.client().await?;
        let messages = listing::list_messages(
            &client,
            &self.table,
            &self.message_group,
            self.year.unwrap_or_else(time::current_year),
        )
        .await?;
        if self.conn.json() {
            print_json(&Value::Array(messages.iter().map(Entry::to_json).collect()));
        } else {
            for m in &messages {
                say!(
                    "{:<20}  {:<12}  {}",
                    time::display(&m.created_at),
                    m.handle,
                    m.message
                );
            }
        }
        Ok(ExitCode::SUCCESS)
    }
}
