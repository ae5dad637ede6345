//! Sending statements: ExecuteStatement page by page, and the table keys that order columns.

use std::collections::HashMap;

use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::{AttributeValue, KeyType, ReturnConsumedCapacity};
use aws_sdk_dynamodb::Client;
use ddb_cruddur::endpoint::Target;
use ddb_cruddur::error::describe_sdk_error;
use ddb_cruddur::{Error, Item};

/// What every statement of a run is sent with.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub parameters: Option<Vec<AttributeValue>>,
    pub consistent_read: bool,
    /// The page size, sent as Limit.
    pub limit: Option<i32>,
    pub capacity: Option<ReturnConsumedCapacity>,
}

/// When to stop following NextToken.
#[derive(Debug, Clone, Copy, Default)]
pub struct Paging {
    pub max_items: Option<usize>,
    pub first_page_only: bool,
}

/// One response.
pub struct Page {
    pub items: Vec<Item>,
    pub next_token: Option<String>,
    pub capacity: Option<f64>,
}

/// The items of one statement over the pages read.
#[derive(Debug, Default)]
pub struct Answer {
    pub items: Vec<Item>,
    /// Where the next page starts, when reading stopped at a page boundary with more to come.
    pub next_token: Option<String>,
    /// Capacity units summed over the pages, when asked for.
    pub capacity: Option<f64>,
    /// Why reading stopped with items left and no token to resume at.
    pub cut: Option<Cut>,
}

/// What stopped a statement's reading before its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// `--max-items` fell inside a page.
    MaxItems,
    /// `q` at the shell's `-- more --`.
    Stopped,
}

/// A failed request, as the user sees it.
pub struct Failure {
    /// The line after `error: `.
    pub line: String,
    /// The SDK's full error, for `-v`.
    pub detail: Option<String>,
}

impl Failure {
    pub fn print(&self, debug: bool) {
        eprintln!("error: {}", self.line);
        if let (true, Some(detail)) = (debug, &self.detail) {
            eprintln!("detail: {detail}");
        }
    }

    /// A toolkit error (a bad endpoint, no region), with the same wording the other commands use.
    pub fn from_toolkit(error: &Error, target: &Target) -> Failure {
        let line = match (error, target) {
            (Error::Unreachable { reason, .. }, Target::Local { url, .. }) => {
                format!("cannot reach {url}: {reason}; is `ddb serve` running?")
            }
            (Error::Unreachable { reason, .. }, Target::Aws) => format!(
                "cannot reach DynamoDB on AWS: {reason}; check your network and the region \
                 (AWS_REGION or your AWS profile)"
            ),
            (other, _) => other.to_string(),
        };
        Failure {
            line,
            detail: error.detail().map(str::to_string),
        }
    }
}

/// A client, where it points, and the keys of the tables seen so far.
pub struct Session {
    pub client: Client,
    pub target: Target,
    pub options: Options,
    keys: HashMap<String, Vec<String>>,
}

impl Session {
    pub fn new(client: Client, target: Target, options: Options) -> Session {
        Session {
            client,
            target,
            options,
            keys: HashMap::new(),
        }
    }

    /// One ExecuteStatement request. A service error is shown as its code and message, the
    /// way DynamoDB reports a bad statement; anything else as the toolkit explains it.
    pub async fn page(&self, statement: &str, token: Option<String>) -> Result<Page, Failure> {
        let o = &self.options;
        let sent = self
            .client
            .execute_statement()
            .statement(statement)
            .set_parameters(o.parameters.clone())
            .consistent_read(o.consistent_read)
            .set_limit(o.limit)
            .set_return_consumed_capacity(o.capacity.clone())
            .set_next_token(token)
            .send()
            .await;
        let out = sent.map_err(|e| self.failure("ExecuteStatement", &e))?;
        Ok(Page {
            items: out.items.unwrap_or_default(),
            next_token: out.next_token.filter(|t| !t.is_empty()),
            capacity: out.consumed_capacity.and_then(|c| c.capacity_units),
        })
    }

    /// The names of every table, following ListTables' pages.
    pub async fn tables(&self) -> Result<Vec<String>, Failure> {
        let mut names = Vec::new();
        let mut start = None;
        loop {
            let sent = self
                .client
                .list_tables()
                .set_exclusive_start_table_name(start.take())
                .send()
                .await;
            let out = sent.map_err(|e| self.failure("ListTables", &e))?;
            names.extend(out.table_names.unwrap_or_default());
            match out.last_evaluated_table_name {
                Some(last) => start = Some(last),
                None => return Ok(names),
            }
        }
    }

    fn failure<E>(
        &self,
        operation: &str,
        err: &SdkError<E, aws_sdk_dynamodb::config::http::HttpResponse>,
    ) -> Failure
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        if let Some(code) = err.as_service_error().and_then(|e| e.code()) {
            let message = err
                .as_service_error()
                .and_then(|e| e.message())
                .unwrap_or("");
            return Failure {
                line: format!("{code}: {message}"),
                detail: Some(format!("{err:#?}")),
            };
        }
        Failure::from_toolkit(&describe_sdk_error(operation, None, err), &self.target)
    }

    /// Reads pages from `token` on until the last one, `--max-items`, or the first page when
    /// not paginating.
    pub async fn answer(
        &self,
        statement: &str,
        mut token: Option<String>,
        paging: Paging,
    ) -> Result<Answer, Failure> {
        let mut answer = Answer::default();
        loop {
            let page = self.page(statement, token.take()).await?;
            if let Some(units) = page.capacity {
                *answer.capacity.get_or_insert(0.0) += units;
            }
            answer.items.extend(page.items);
            if let Some(max) = paging.max_items.filter(|&m| answer.items.len() >= m) {
                let inside_page = answer.items.len() > max;
                answer.cut = inside_page.then_some(Cut::MaxItems);
                answer.items.truncate(max);
                answer.next_token = page.next_token.filter(|_| !inside_page);
                return Ok(answer);
            }
            match page.next_token {
                Some(next) if !paging.first_page_only => token = Some(next),
                rest => {
                    answer.next_token = rest;
                    return Ok(answer);
                }
            }
        }
    }

    /// The key attribute names of the table a statement reads (hash first), from DescribeTable;
    /// none when it cannot be told, since the order of columns is only a convenience.
    pub async fn key_of(&mut self, statement: &str) -> Vec<String> {
        let Some(table) = super::statements::from_table(statement) else {
            return Vec::new();
        };
        if let Some(known) = self.keys.get(&table) {
            return known.clone();
        }
        let described = self.client.describe_table().table_name(&table).send().await;
        let mut key: Vec<(bool, String)> = described
            .ok()
            .and_then(|d| d.table)
            .map(|t| t.key_schema.unwrap_or_default())
            .unwrap_or_default()
            .into_iter()
            .map(|k| (k.key_type != KeyType::Hash, k.attribute_name))
            .collect();
        key.sort();
        let names: Vec<String> = key.into_iter().map(|(_, name)| name).collect();
        self.keys.insert(table, names.clone());
        names
    }
}
