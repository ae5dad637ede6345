//! update-message-groups: the bootcamp's stream Lambda, as a trigger command (a Lambda event on
//! stdin) or following the table's stream itself (--follow, --once).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use clap::Args;
use ddb_cruddur::counter::COUNTER_TABLE;
use ddb_cruddur::lambda_event::{self, BatchResponse, EventRecord};
use ddb_cruddur::stream_follow::{self, FollowReport, StartingPosition, Until};
use ddb_cruddur::updater::{self, Applied, Change, Tables};
use ddb_cruddur::{endpoint, format, Error, TABLE_NAME};
use serde_json::json;

use super::args::{print_json, Conn};
use super::Outcome;

/// Where --follow and --once start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Start {
    /// The oldest record the stream keeps (safe: the updater is idempotent)
    TrimHorizon,
    /// Only records written from now on
    Latest,
}

#[derive(Debug, Clone, Args)]
pub struct UpdateMessageGroups {
    #[command(flatten)]
    pub(super) conn: Conn,
    /// Follow the table's stream until interrupted, instead of reading a Lambda event on stdin
    #[arg(long, conflicts_with = "once")]
    follow: bool,
    /// Read the table's stream until caught up, then stop
    #[arg(long)]
    once: bool,
    /// Where --follow and --once start reading
    #[arg(long, value_enum, default_value_t = Start::TrimHorizon)]
    start_at: Start,
    /// Messages table (default: the table of each record's eventSourceARN, else cruddur-messages)
    #[arg(long, value_name = "TABLE")]
    pub(super) table: Option<String>,
    /// Table of the per-user message counters
    #[arg(long, value_name = "TABLE", default_value = COUNTER_TABLE)]
    pub(super) counter_table: String,
    /// Keep no message counters
    #[arg(long)]
    no_counter: bool,
}

/// How many records ended which way, for the summary line.
#[derive(Debug, Default)]
struct Tally {
    updated: usize,
    groups: usize,
    up_to_date: usize,
    ignored: usize,
    no_groups: usize,
    counted: BTreeMap<String, usize>,
}

impl Tally {
    fn add(&mut self, applied: &Applied) {
        match applied {
            Applied::Updated { groups, counted } => {
                self.updated += 1;
                self.groups += groups;
                for handle in counted {
                    *self.counted.entry(handle.clone()).or_default() += 1;
                }
            }
            Applied::UpToDate => self.up_to_date += 1,
            Applied::Ignored(_) => self.ignored += 1,
            Applied::NoGroups => self.no_groups += 1,
        }
    }

    fn records(&self) -> usize {
        self.updated + self.up_to_date + self.ignored + self.no_groups
    }

    fn line(&self) -> String {
        let mut line = format!(
            "{}: {} updated ({}), {} up to date, {} not messages",
            format::counted(self.records(), "record", "records"),
            self.updated,
            format::counted(
                self.groups,
                "message group written",
                "message groups written"
            ),
            self.up_to_date,
            self.ignored,
        );
        if self.no_groups > 0 {
            line.push_str(&format!(", {} without message groups", self.no_groups));
        }
        if !self.counted.is_empty() {
            let counted: Vec<String> = self
                .counted
                .iter()
                .map(|(handle, n)| format!("{handle} +{n}"))
                .collect();
            line.push_str(&format!("; counters: {}", counted.join(", ")));
        }
        line
    }

    fn json(&self) -> serde_json::Value {
        json!({
            "Records": self.records(),
            "Updated": self.updated,
            "MessageGroupsWritten": self.groups,
            "UpToDate": self.up_to_date,
            "Ignored": self.ignored,
            "WithoutMessageGroups": self.no_groups,
            "Counted": self.counted,
        })
    }
}

/// One line about a record that did something, for --follow and --once.
fn record_line(change: &Change, applied: &Applied) -> Option<String> {
    let what = match applied {
        Applied::Updated { groups, counted } => {
            let mut parts = Vec::new();
            if *groups > 0 {
                parts.push(format::counted(
                    *groups,
                    "message group moved",
                    "message groups moved",
                ));
            }
            if !counted.is_empty() {
                parts.push(format!("counted for {}", counted.join(", ")));
            }
            parts.join("; ")
        }
        Applied::NoGroups => "no message groups for this conversation".to_string(),
        Applied::UpToDate | Applied::Ignored(_) => return None,
    };
    Some(format!(
        "{} {}: {what}",
        change.keys.get("pk").unwrap_or("?"),
        change.keys.get("sk").unwrap_or("?")
    ))
}

impl UpdateMessageGroups {
    fn tables(&self, messages: &str) -> Tables {
        Tables {
            messages: messages.to_string(),
            counters: (!self.no_counter).then(|| self.counter_table.clone()),
        }
    }

    pub async fn run(self) -> Outcome {
        if self.follow || self.once {
            self.read_stream().await
        } else {
            self.trigger().await
        }
    }

    /// A Lambda event on stdin; the ReportBatchItemFailures response on stdout.
    async fn trigger(self) -> Outcome {
        let target = self.conn.target()?;
        let mut stdin = std::io::stdin();
        if stdin.is_terminal() {
            return Err(Error::Config(
                "update-message-groups reads a Lambda DynamoDB Streams event on stdin (as a \
                 `ddb serve --trigger` command); --follow or --once read the table's stream \
                 instead"
                    .into(),
            ));
        }
        let mut text = String::new();
        stdin
            .read_to_string(&mut text)
            .map_err(|e| Error::Io(format!("cannot read stdin: {e}")))?;
        let event = lambda_event::parse(&text)?;
        let changes: Vec<Change> = event.records.iter().map(EventRecord::to_change).collect();
        let client = endpoint::client(&target).await?;
        let tables = self.tables(self.table.as_deref().unwrap_or(TABLE_NAME));
        let outcome = updater::apply_batch(&client, &tables, self.table.is_some(), &changes).await;
        let mut tally = Tally::default();
        outcome.applied.iter().for_each(|a| tally.add(a));
        if tally.records() > 0 || outcome.failure.is_none() {
            eprintln!("update-message-groups: {}", tally.line());
        }
        match outcome.failure {
            None => {
                say!("{}", BatchResponse::success().to_json());
                Ok(ExitCode::SUCCESS)
            }
            Some((index, error)) => {
                if let Some(response) = BatchResponse::after_failure(&changes, Some(index)) {
                    say!("{}", response.to_json());
                }
                let record = changes
                    .get(index)
                    .and_then(|c| c.sequence_number.as_deref())
                    .map(|s| format!("record {s}"))
                    .unwrap_or_else(|| format!("record {} of the batch", index + 1));
                let not_tried = changes.len() - index - 1;
                eprintln!(
                    "update-message-groups: {record} failed; it and the {} after it were not applied",
                    format::counted(not_tried, "record", "records")
                );
                Err(error)
            }
        }
    }

    /// The table's stream through the DynamoDB Streams API.
    async fn read_stream(self) -> Outcome {
        let target = self.conn.target()?;
        let client = endpoint::client(&target).await?;
        let streams = endpoint::streams_client(&target).await?;
        let table = self.table.clone().unwrap_or_else(|| TABLE_NAME.to_string());
        let arn = stream_follow::stream_arn(&client, &table).await?;
        let start = match self.start_at {
            Start::TrimHorizon => StartingPosition::TrimHorizon,
            Start::Latest => StartingPosition::Latest,
        };
        let until = if self.once {
            Until::CaughtUp
        } else {
            Until::Interrupted
        };
        let json = self.conn.json();
        if !json {
            let from = match start {
                StartingPosition::TrimHorizon => "TRIM_HORIZON",
                StartingPosition::Latest => "LATEST",
            };
            let stop = match until {
                Until::CaughtUp => "until caught up",
                Until::Interrupted => "until interrupted (Ctrl-C)",
            };
            eprintln!("reading {arn} from {from}, {stop}");
        }
        let tables = self.tables(&table);
        let tally = RefCell::new(Tally::default());
        let (client, tables, tally_ref) = (&client, &tables, &tally);
        let handle = |change: Change| async move {
            let applied = updater::apply(client, tables, &change).await.map_err(|e| {
                let at = change.sequence_number.as_deref().unwrap_or("?");
                match e {
                    Error::Record(reason) => Error::Record(format!("record {at}: {reason}")),
                    other => other,
                }
            })?;
            if !json {
                if let Some(line) = record_line(&change, &applied) {
                    say!("{line}");
                }
            }
            tally_ref.borrow_mut().add(&applied);
            Ok(())
        };
        let followed = stream_follow::follow(&streams, &arn, start, until, handle);
        let report: Option<FollowReport> = tokio::select! {
            result = followed => Some(result?),
            _ = tokio::signal::ctrl_c() => None,
        };
        let tally = tally.into_inner();
        if json {
            let mut out = tally.json();
            out["StreamArn"] = json!(arn);
            if let Some(report) = &report {
                out["Shards"] = json!(report.shards);
            }
            out["Interrupted"] = json!(report.is_none());
            print_json(&out);
        } else {
            eprintln!("update-message-groups: {}", tally.line());
        }
        Ok(ExitCode::SUCCESS)
    }
}
