//! seed: two message groups and a conversation.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use ddb_cruddur::conversation::{self, SAMPLE};
use ddb_cruddur::format;
use ddb_cruddur::seed::{batch_write, Plan};
use ddb_cruddur::users::{Directory, User};
use ddb_cruddur::{time, Error, DEFAULT_ME, DEFAULT_MESSAGE_GROUP_UUID, DEFAULT_OTHER, TABLE_NAME};
use serde_json::json;

use super::args::{print_json, Conn};
use super::Outcome;

#[derive(Debug, Clone, Args)]
pub struct Seed {
    #[command(flatten)]
    pub(super) conn: Conn,
    /// Handle of Person 1 ("me")
    #[arg(long, default_value = DEFAULT_ME)]
    me: String,
    /// Handle of Person 2 ("other")
    #[arg(long, default_value = DEFAULT_OTHER)]
    other: String,
    /// Message group uuid (default: the seed's)
    #[arg(long, default_value = DEFAULT_MESSAGE_GROUP_UUID)]
    message_group: String,
    /// Conversation file, one `Person 1: ...` / `Person 2: ...` line per message (default: built-in sample)
    #[arg(long, value_name = "FILE")]
    conversation: Option<PathBuf>,
    /// PostgreSQL connection string for the users table (default: $CONNECTION_URL, else built-in users)
    #[arg(long, value_name = "URL")]
    users_db: Option<String>,
    /// Table to write
    #[arg(long, value_name = "TABLE", default_value = TABLE_NAME)]
    table: String,
}

fn user_json(u: &User) -> serde_json::Value {
    json!({ "uuid": u.uuid, "display_name": u.display_name, "handle": u.handle })
}

impl Seed {
    pub async fn run(self) -> Outcome {
        // The endpoint first: a bad URL is reported before anything else is read or called.
        let target = self.conn.target()?;
        // Everything that can be wrong with the input is checked before the first write, so a
        // failed seed never leaves half a conversation behind.
        let text = match &self.conversation {
            Some(path) => std::fs::read_to_string(path)
                .map_err(|e| Error::Io(format!("cannot read {}: {e}", path.display())))?,
            None => SAMPLE.to_string(),
        };
        let lines = conversation::parse(&text).map_err(|e| match &self.conversation {
            Some(path) => Error::Config(format!("{}: {e}", path.display())),
            None => Error::Conversation(e),
        })?;
        if self.me == self.other {
            return Err(Error::Config(format!(
                "--me and --other are both '{}'; a conversation needs two users",
                self.me
            )));
        }
        let directory = Directory::choose(self.users_db.as_deref(), |k| std::env::var(k).ok());
        let (me, other) = directory.pair(&self.me, &self.other).await?;

        let plan = Plan::new(&me, &other, &self.message_group, &lines, time::now());
        let client = ddb_cruddur::endpoint::client(&target).await?;
        let report = batch_write(&client, &self.table, plan.items()).await?;

        if self.conn.json() {
            print_json(&json!({
                "Table": self.table,
                "MessageGroupUuid": self.message_group,
                "UserSource": directory.describe(),
                "Users": { "me": user_json(&me), "other": user_json(&other) },
                "MessageGroups": plan.groups.len(),
                "Messages": plan.messages.len(),
                "ItemsWritten": report.items,
                "Requests": report.requests,
                "Retries": report.retries,
            }));
        } else {
            say!("users from {}:", directory.describe());
            for (role, u) in [("me", &me), ("other", &other)] {
                say!(
                    "  {role:<6} {:<12} {:<20} {}",
                    u.handle,
                    u.display_name,
                    u.uuid
                );
            }
            say!(
                "wrote {} to {} at {}: {} and {} of group {}, in {} ({})",
                format::counted(report.items, "item", "items"),
                self.table,
                target.describe(),
                format::counted(plan.groups.len(), "message group", "message groups"),
                format::counted(plan.messages.len(), "message", "messages"),
                self.message_group,
                format::counted(
                    report.requests,
                    "BatchWriteItem request",
                    "BatchWriteItem requests"
                ),
                format::counted(report.retries, "retry", "retries")
            );
        }
        Ok(ExitCode::SUCCESS)
    }
}
