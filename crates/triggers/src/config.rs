//! What a trigger is: a table's stream, a target, and Lambda's event source mapping settings
//! with Lambda's names, defaults and ranges (research: stream-triggers.md §2).
//!
//! A triggers file is JSON in the shape of CreateEventSourceMapping's request, so a mapping
//! written for AWS carries over: `{"Triggers": [{"TableName": …, "Command": … | "Url": …,
//! "BatchSize": …, …}]}`. `--trigger TABLE=COMMAND` is the short form with every default.

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

use crate::filter::Filters;

/// Where the batches go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A program: the event on stdin, exit 0 for success, the response on stdout.
    Command(Vec<String>),
    /// A Lambda Invoke endpoint (`…/2015-03-31/functions/NAME/invocations`).
    Url(String),
}

/// Where a trigger starts reading a stream it has no checkpoint for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StartingPosition {
    /// The oldest record still in the stream.
    TrimHorizon,
    /// Only records written from now on.
    Latest,
}

/// One trigger, checked.
#[derive(Debug, Clone)]
pub struct Trigger {
    /// Its name: the key of its checkpoint (default: the table name).
    pub name: String,
    /// The table whose stream it reads.
    pub table: String,
    /// Where batches go.
    pub target: Target,
    /// Records per batch at most (1 to 10,000; Lambda's default 100).
    pub batch_size: usize,
    /// How long to gather a batch before sending a partial one (0 to 300 s).
    pub batching_window: Duration,
    /// Where to start without a checkpoint.
    pub starting_position: StartingPosition,
    /// Retries of a failing batch before it is given up (`None`: until it succeeds or its
    /// records age out, Lambda's -1).
    pub maximum_retry_attempts: Option<u32>,
    /// Records older than this are given up without being sent (`None`: Lambda's -1).
    pub maximum_record_age: Option<Duration>,
    /// Split a failing batch in two and retry the halves.
    pub bisect_on_error: bool,
    /// Whether a response may name the records that failed (`ReportBatchItemFailures`).
    pub report_batch_item_failures: bool,
    /// Which records are sent at all.
    pub filters: Filters,
    /// A file that receives one JSON line per batch given up (Lambda's on-failure record).
    pub on_failure: Option<PathBuf>,
    /// How long one invocation may take.
    pub timeout: Duration,
}

/// Why a trigger definition was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ConfigError {
    /// Not JSON of the expected shape.
    #[error("the triggers file is not valid: {0}")]
    Malformed(String),
    /// Neither or both of Command and Url.
    #[error("trigger {0}: give exactly one of Command and Url")]
    Target(String),
    /// A value outside Lambda's range.
    #[error("trigger {name}: {field} must be between {min} and {max}, not {value}")]
    Range {
        /// The trigger.
        name: String,
        /// The setting.
        field: &'static str,
        /// The value given.
        value: i64,
        /// The smallest accepted.
        min: i64,
        /// The largest accepted.
        max: i64,
    },
    /// A FunctionResponseTypes value other than ReportBatchItemFailures.
    #[error("trigger {0}: FunctionResponseTypes may only hold ReportBatchItemFailures")]
    ResponseType(String),
    /// A filter Lambda would refuse.
    #[error("trigger {name}: {source}")]
    Filter {
        /// The trigger.
        name: String,
        /// Why.
        source: crate::filter::FilterError,
    },
    /// Two triggers with one name (they would share a checkpoint).
    #[error("two triggers are named {0}; give each its own Name")]
    DuplicateName(String),
    /// A `--trigger` that is not `TABLE=COMMAND`.
    #[error(
        "--trigger takes TABLE=COMMAND (or TABLE=http(s)://… for a Lambda Invoke URL), not {0:?}"
    )]
    Shorthand(String),
}

/// A Command given as a list of arguments or as one shell line.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum CommandSpec {
    Args(Vec<String>),
    Shell(String),
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct FilterSpec {
    pattern: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct FilterCriteriaSpec {
    #[serde(default)]
    filters: Vec<FilterSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct OnFailureSpec {
    destination: PathBuf,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct DestinationSpec {
    on_failure: Option<OnFailureSpec>,
}

/// One entry of a triggers file, as written.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct TriggerSpec {
    name: Option<String>,
    table_name: String,
    command: Option<CommandSpec>,
    url: Option<String>,
    batch_size: Option<i64>,
    maximum_batching_window_in_seconds: Option<i64>,
    starting_position: Option<StartingPosition>,
    maximum_retry_attempts: Option<i64>,
    maximum_record_age_in_seconds: Option<i64>,
    bisect_batch_on_function_error: Option<bool>,
    #[serde(default)]
    function_response_types: Vec<String>,
    filter_criteria: Option<FilterCriteriaSpec>,
    destination_config: Option<DestinationSpec>,
    timeout: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct TriggersFile {
    triggers: Vec<TriggerSpec>,
}

/// `value` checked against `min..=max` for the setting `field` of trigger `name`.
fn in_range(
    name: &str,
    field: &'static str,
    value: i64,
    (min, max): (i64, i64),
) -> Result<i64, ConfigError> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(ConfigError::Range {
            name: name.into(),
            field,
            value,
            min,
            max,
        })
    }
}

impl TriggerSpec {
    fn check(self) -> Result<Trigger, ConfigError> {
        let name = self.name.clone().unwrap_or_else(|| self.table_name.clone());
        let target = match (self.command, self.url) {
            (Some(CommandSpec::Args(args)), None) if !args.is_empty() => Target::Command(args),
            (Some(CommandSpec::Shell(line)), None) => shell(&line),
            (None, Some(url)) => Target::Url(url),
            _ => return Err(ConfigError::Target(name)),
        };
        let batch_size = in_range(
            &name,
            "BatchSize",
            self.batch_size.unwrap_or(100),
            (1, 10_000),
        )?;
        let window = in_range(
            &name,
            "MaximumBatchingWindowInSeconds",
            self.maximum_batching_window_in_seconds.unwrap_or(0),
            (0, 300),
        )?;
        let retries = in_range(
            &name,
            "MaximumRetryAttempts",
            self.maximum_retry_attempts.unwrap_or(-1),
            (-1, 10_000),
        )?;
        let age = in_range(
            &name,
            "MaximumRecordAgeInSeconds",
            self.maximum_record_age_in_seconds.unwrap_or(-1),
            (-1, 604_800),
        )?;
        let timeout = in_range(&name, "Timeout", self.timeout.unwrap_or(60), (1, 900))?;
        let mut report_batch_item_failures = false;
        for t in &self.function_response_types {
            match t.as_str() {
                "ReportBatchItemFailures" => report_batch_item_failures = true,
                _ => return Err(ConfigError::ResponseType(name)),
            }
        }
        let patterns: Vec<String> = self
            .filter_criteria
            .unwrap_or_default()
            .filters
            .into_iter()
            .map(|f| f.pattern)
            .collect();
        let filters = Filters::parse(&patterns).map_err(|source| ConfigError::Filter {
            name: name.clone(),
            source,
        })?;
        Ok(Trigger {
            table: self.table_name,
            target,
            batch_size: usize::try_from(batch_size).unwrap_or(1),
            batching_window: Duration::from_secs(window.unsigned_abs()),
            starting_position: self
                .starting_position
                .unwrap_or(StartingPosition::TrimHorizon),
            maximum_retry_attempts: u32::try_from(retries).ok(),
            maximum_record_age: u64::try_from(age).ok().map(Duration::from_secs),
            bisect_on_error: self.bisect_batch_on_function_error.unwrap_or(false),
            report_batch_item_failures,
            filters,
            on_failure: self
                .destination_config
                .and_then(|d| d.on_failure)
                .map(|f| f.destination),
            timeout: Duration::from_secs(timeout.unsigned_abs()),
            name,
        })
    }
}

/// A shell line, run with `sh -c` so that users may write pipes and variables.
fn shell(line: &str) -> Target {
    Target::Command(vec!["sh".into(), "-c".into(), line.into()])
}

/// Reads a triggers file's JSON text.
pub fn parse_file(text: &str) -> Result<Vec<Trigger>, ConfigError> {
    let file: TriggersFile =
        serde_json::from_str(text).map_err(|e| ConfigError::Malformed(e.to_string()))?;
    let triggers = file
        .triggers
        .into_iter()
        .map(TriggerSpec::check)
        .collect::<Result<Vec<_>, _>>()?;
    check_names(&triggers)?;
    Ok(triggers)
}

/// Reads `--trigger TABLE=COMMAND` (or `TABLE=URL`), with every setting at Lambda's default
/// except the starting position, TRIM_HORIZON, so that nothing written is missed.
pub fn parse_shorthand(text: &str) -> Result<Trigger, ConfigError> {
    let (table, target) = text
        .split_once('=')
        .filter(|(t, c)| !t.is_empty() && !c.trim().is_empty())
        .ok_or_else(|| ConfigError::Shorthand(text.into()))?;
    let spec = TriggerSpec {
        name: None,
        table_name: table.into(),
        command: None,
        url: None,
        batch_size: None,
        maximum_batching_window_in_seconds: None,
        starting_position: None,
        maximum_retry_attempts: None,
        maximum_record_age_in_seconds: None,
        bisect_batch_on_function_error: None,
        function_response_types: Vec::new(),
        filter_criteria: None,
        destination_config: None,
        timeout: None,
    };
    let spec = if target.starts_with("http://") || target.starts_with("https://") {
        TriggerSpec {
            url: Some(target.into()),
            ..spec
        }
    } else {
        TriggerSpec {
            command: Some(CommandSpec::Shell(target.into())),
            ..spec
        }
    };
    spec.check()
}

/// Refuses two triggers with one name.
pub fn check_names(triggers: &[Trigger]) -> Result<(), ConfigError> {
    let mut names: Vec<&str> = triggers.iter().map(|t| t.name.as_str()).collect();
    names.sort_unstable();
    match names.windows(2).find(|w| w[0] == w[1]) {
        Some(w) => Err(ConfigError::DuplicateName(w[0].into())),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_takes_lambdas_names_and_defaults() {
        let t = parse_file(
            r#"{"Triggers":[{"TableName":"msgs","Command":["handler","--x"],"BatchSize":1,
                "StartingPosition":"LATEST","FunctionResponseTypes":["ReportBatchItemFailures"],
                "DestinationConfig":{"OnFailure":{"Destination":"fail.jsonl"}}}]}"#,
        )
        .unwrap();
        let t = &t[0];
        assert_eq!(t.name, "msgs");
        assert_eq!(
            t.target,
            Target::Command(vec!["handler".into(), "--x".into()])
        );
        assert_eq!(t.batch_size, 1);
        assert_eq!(t.starting_position, StartingPosition::Latest);
        assert_eq!(t.maximum_retry_attempts, None);
        assert!(t.report_batch_item_failures);
        assert_eq!(t.on_failure, Some(PathBuf::from("fail.jsonl")));
    }

    #[test]
    fn out_of_range_settings_and_bad_targets_are_refused() {
        let bad = |body: &str| parse_file(&format!(r#"{{"Triggers":[{body}]}}"#)).unwrap_err();
        assert!(matches!(
            bad(r#"{"TableName":"t","Url":"http://x","BatchSize":0}"#),
            ConfigError::Range {
                field: "BatchSize",
                ..
            }
        ));
        assert!(matches!(
            bad(r#"{"TableName":"t","Url":"http://x","MaximumBatchingWindowInSeconds":301}"#),
            ConfigError::Range { .. }
        ));
        assert_eq!(bad(r#"{"TableName":"t"}"#), ConfigError::Target("t".into()));
        assert_eq!(
            bad(r#"{"TableName":"t","Url":"u","Command":"c"}"#),
            ConfigError::Target("t".into())
        );
        assert!(matches!(
            bad(r#"{"TableName":"t","Url":"u","Nonsense":1}"#),
            ConfigError::Malformed(_)
        ));
        let two = r#"{"Triggers":[{"TableName":"t","Url":"u"},{"TableName":"t","Url":"v"}]}"#;
        assert_eq!(
            parse_file(two).unwrap_err(),
            ConfigError::DuplicateName("t".into())
        );
    }

    #[test]
    fn the_short_form_runs_a_shell_line_or_calls_a_url() {
        let t = parse_shorthand("msgs=./handler.sh --flag").unwrap();
        assert_eq!(t.target, shell("./handler.sh --flag"));
        assert_eq!(t.starting_position, StartingPosition::TrimHorizon);
        assert_eq!(t.batch_size, 100);
        let u =
            parse_shorthand("msgs=http://localhost:9000/2015-03-31/functions/function/invocations")
                .unwrap();
        assert!(matches!(u.target, Target::Url(_)));
        assert!(parse_shorthand("no-equals").is_err());
        assert!(parse_shorthand("t=").is_err());
    }
}
