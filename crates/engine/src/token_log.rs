//! ClientRequestToken: TransactWriteItems and ExecuteTransaction requests committed recently
//! under a token, so that a retry within DynamoDB's ten minutes gets the first answer without
//! writing again.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use std::collections::BTreeMap;

use ddb_model::{DynamoError, DynamoResult, ErrorKind};
use ddb_wire::{Capacity, ConsumedCapacity};

/// How long a ClientRequestToken makes a retry idempotent.
const TOKEN_LIFETIME: Duration = Duration::from_secs(600);

/// Transactions recently committed under a ClientRequestToken: the request's fingerprint and
/// the response it got, so a retry within ten minutes succeeds without writing again.
#[derive(Default)]
pub struct TokenLog(Mutex<HashMap<String, TokenEntry>>);

/// A committed transaction's response body, and the body a retry under its token gets: the
/// same but for ConsumedCapacity, which reports the reads DynamoDB makes to answer a retry
/// instead of the writes ([`replay_capacity`]).
pub struct Answer {
    /// The first call's response.
    pub first: Vec<u8>,
    /// A retry's response.
    pub replay: Vec<u8>,
}

/// The ConsumedCapacity a retry of a committed write transaction reports: no writes, and a
/// transactional read (2 RCU) of each item the transaction named, per table (AWS-verified for
/// items up to 4 KB; `actions` counts the items per table).
pub fn replay_capacity(
    consumed: Option<Vec<ConsumedCapacity>>,
    actions: &BTreeMap<String, usize>,
) -> Option<Vec<ConsumedCapacity>> {
    let consumed = consumed?;
    Some(
        consumed
            .into_iter()
            .map(|c| {
                let name = c.table_name.clone().unwrap_or_default();
                let units = 2.0 * actions.get(&name).copied().unwrap_or(1) as f64;
                let detailed = c.table.is_some() || c.write_capacity_units.is_some();
                ConsumedCapacity {
                    table_name: c.table_name,
                    capacity_units: Some(units),
                    read_capacity_units: detailed.then_some(units),
                    table: c.table.map(|_| Capacity {
                        capacity_units: Some(units),
                        read_capacity_units: Some(units),
                        ..Default::default()
                    }),
                    ..Default::default()
                }
            })
            .collect(),
    )
}

/// A committed request's fingerprint, when it committed, and its response body.
type TokenEntry = (u64, Instant, Vec<u8>);

impl TokenLog {
    /// The response a retry of `token` gets, if the token committed within its lifetime with
    /// the same request; IdempotentParameterMismatch if the request differs.
    pub fn lookup(&self, token: &str, fingerprint: u64) -> DynamoResult<Option<Vec<u8>>> {
        let mut log = self.0.lock();
        log.retain(|_, (_, at, _)| at.elapsed() < TOKEN_LIFETIME);
        match log.get(token) {
            Some((f, _, response)) if *f == fingerprint => Ok(Some(response.clone())),
            Some(_) => Err(DynamoError::new(
                ErrorKind::IdempotentParameterMismatch,
                "Request parameters do not match a previous request with the same client token",
            )),
            None => Ok(None),
        }
    }

    /// Runs a request that may carry a ClientRequestToken: the request body's bytes are the
    /// fingerprint that says whether a retry carries the same parameters, and a retry within
    /// the token's lifetime gets the first answer's replay form. A failed request is not
    /// remembered.
    pub fn once(
        &self,
        token: Option<String>,
        body: &[u8],
        run: impl FnOnce() -> DynamoResult<Answer>,
    ) -> DynamoResult<Vec<u8>> {
        let fingerprint = ddb_model::key_encoding::hash_bytes(body);
        if let Some(t) = &token {
            if let Some(previous) = self.lookup(t, fingerprint)? {
                return Ok(previous);
            }
        }
        let answer = run()?;
        if let Some(t) = token {
            self.record(t, fingerprint, answer.replay);
        }
        Ok(answer.first)
    }

    /// Remembers a committed request and its response under its token.
    pub fn record(&self, token: String, fingerprint: u64, response: Vec<u8>) {
        self.0
            .lock()
            .insert(token, (fingerprint, Instant::now(), response));
    }
}
