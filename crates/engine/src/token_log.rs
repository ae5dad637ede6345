//! ClientRequestToken: TransactWriteItems requests committed recently under a token, so that a
//! retry within DynamoDB's ten minutes gets the first answer without writing again.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use ddb_model::{DynamoError, DynamoResult, ErrorKind};

/// How long a ClientRequestToken makes a retry idempotent.
const TOKEN_LIFETIME: Duration = Duration::from_secs(600);

/// Transactions recently committed under a ClientRequestToken: the request's fingerprint and
/// the response it got, so a retry within ten minutes succeeds without writing again.
#[derive(Default)]
pub struct TokenLog(Mutex<HashMap<String, TokenEntry>>);

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

    /// Remembers a committed request and its response under its token.
    pub fn record(&self, token: String, fingerprint: u64, response: Vec<u8>) {
        self.0
            .lock()
            .insert(token, (fingerprint, Instant::now(), response));
    }
}
