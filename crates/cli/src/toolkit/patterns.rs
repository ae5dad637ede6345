//! patterns get-conversation and patterns list-conversations.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use ddb_cruddur::patterns::YearQuery;
use ddb_cruddur::users::Directory;
use ddb_cruddur::{format, time, DEFAULT_ME, DEFAULT_MESSAGE_GROUP_UUID, TABLE_NAME};

use super::args::{print_json, Conn};
use super::Outcome;

#[derive(Debug, Clone, Subcommand)]
pub enum Pattern {
    /// The newest 20 messages of a message group in a year, shown oldest first
    GetConversation(GetConversation),
    /// A user's message groups, newest first
    ListConversations(ListConversations),
}

impl Pattern {
    pub(super) fn conn(&self) -> &Conn {
        match self {
            Pattern::GetConversation(c) => &c.conn,
            Pattern::ListConversations(c) => &c.conn,
        }
    }

    pub async fn run(self) -> Outcome {
        match self {
            Pattern::GetConversation(c) => c.run().await,
            Pattern::ListConversations(c) => c.run().await,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct GetConversation {
    #[command(flatten)]
    pub(super) conn: Conn,
    /// Message group uuid (default: the seed's)
    #[arg(long, default_value = DEFAULT_MESSAGE_GROUP_UUID)]
    message_group: String,
    /// Year the messages' sort keys begin with (default: the current year)
    #[arg(long)]
    year: Option<i32>,
    /// Table to query
    #[arg(long, value_name = "TABLE", default_value = TABLE_NAME)]
    table: String,
}

impl GetConversation {
    pub async fn run(self) -> Outcome {
        let client = self.conn.client().await?;
        let query = YearQuery::conversation(
            &self.message_group,
            self.year.unwrap_or_else(time::current_year),
        );
        let out = query.run(&client, &self.table).await?;
        let response = format::query_output_json(&out);
        if self.conn.json() {
            print_json(&response);
            return Ok(ExitCode::SUCCESS);
        }
        // As the seed: the response, the capacity it consumed, then the conversation.
        print_json(&response);
        if let Some(c) = out.consumed_capacity() {
            print_json(&format::consumed_capacity_json(c));
        }
        for line in format::conversation_view(out.items()) {
            say!("{line}");
        }
        Ok(ExitCode::SUCCESS)
    }
}

#[derive(Debug, Clone, Args)]
pub struct ListConversations {
    #[command(flatten)]
    pub(super) conn: Conn,
    /// Whose conversations
    #[arg(long, default_value = DEFAULT_ME)]
    handle: String,
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

impl ListConversations {
    pub async fn run(self) -> Outcome {
        // The endpoint is checked before the user lookup, so a bad URL fails before any call.
        let target = self.conn.target()?;
        let directory = Directory::choose(self.users_db.as_deref(), |k| std::env::var(k).ok());
        let my_uuid = directory.uuid_of(&self.handle).await?;
        let client = ddb_cruddur::endpoint::client(&target).await?;
        let query =
            YearQuery::conversations_of(&my_uuid, self.year.unwrap_or_else(time::current_year));
        let out = query.run(&client, &self.table).await?;
        let response = format::query_output_json(&out);
        if self.conn.json() {
            print_json(&response);
            return Ok(ExitCode::SUCCESS);
        }
        say!("my-uuid: {my_uuid}");
        print_json(&response);
        super::emit(&format::conversations_table(out.items()), false);
        Ok(ExitCode::SUCCESS)
    }
}
