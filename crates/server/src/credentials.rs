//! The credentials a server verifies signatures with: who may call it, and as whom.
//!
//! Without any, ddb accepts every well-formed signature, as local DynamoDBs do. With some
//! (`ddb serve --credentials FILE`, or `DDB_ACCESS_KEY_ID` and `DDB_SECRET_ACCESS_KEY` in the
//! environment), a request must be signed with one of them ([`crate::sigv4`]).
//!
//! The file is JSON, in the members' names AWS uses for credentials:
//!
//! ```json
//! {"Credentials": [
//!   {"AccessKeyId": "AKIDEXAMPLE", "SecretAccessKey": "...",
//!    "SessionToken": "...", "PrincipalArn": "arn:aws:iam::111122223333:user/alice"}
//! ]}
//! ```
//!
//! `SessionToken` makes the key a temporary one: its requests must carry that token, until its
//! `Expiration` (RFC 3339) if it has one.
//! `PrincipalArn` names who the key stands for (default `arn:aws:iam::<account>:root` of the
//! server's account); `Account` overrides the account taken from the principal.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;

/// One access key and what it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// The secret the signatures are made with.
    pub secret_access_key: String,
    /// The token a temporary key's requests must carry (`X-Amz-Security-Token`).
    pub session_token: Option<String>,
    /// When the key (with its token) stops being accepted.
    pub expiration: Option<DateTime<Utc>>,
    /// Who the key stands for.
    pub principal_arn: String,
    /// The account of the caller.
    pub account: String,
}

/// Every configured access key, by id.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    by_key: HashMap<String, Credential>,
}

/// The file as written.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct File {
    credentials: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct Entry {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiration: Option<String>,
    principal_arn: Option<String>,
    account: Option<String>,
}

impl Credentials {
    /// Reads a credentials file's text; `default_account` is the server's account, for keys
    /// that name no principal.
    pub fn from_json(text: &str, default_account: &str) -> Result<Credentials, String> {
        let file: File = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let mut credentials = Credentials::default();
        for entry in file.credentials {
            credentials.add(entry, default_account)?;
        }
        if credentials.by_key.is_empty() {
            return Err("it lists no credentials".to_string());
        }
        Ok(credentials)
    }

    /// The key in `DDB_ACCESS_KEY_ID` / `DDB_SECRET_ACCESS_KEY` (and `DDB_SESSION_TOKEN`), when
    /// both are set; `lookup` reads one variable.
    pub fn from_env(
        lookup: impl Fn(&str) -> Option<String>,
        default_account: &str,
    ) -> Result<Option<Credentials>, String> {
        let (Some(access_key_id), Some(secret_access_key)) =
            (lookup("DDB_ACCESS_KEY_ID"), lookup("DDB_SECRET_ACCESS_KEY"))
        else {
            return Ok(None);
        };
        let mut credentials = Credentials::default();
        credentials.add(
            Entry {
                access_key_id,
                secret_access_key,
                session_token: lookup("DDB_SESSION_TOKEN"),
                expiration: None,
                principal_arn: None,
                account: None,
            },
            default_account,
        )?;
        Ok(Some(credentials))
    }

    /// Adds the keys of `other` (those of `other` win on a repeated id).
    pub fn merge(&mut self, other: Credentials) {
        self.by_key.extend(other.by_key);
    }

    fn add(&mut self, entry: Entry, default_account: &str) -> Result<(), String> {
        if entry.access_key_id.is_empty() || entry.secret_access_key.is_empty() {
            return Err("an AccessKeyId or SecretAccessKey is empty".to_string());
        }
        let expiration = match &entry.expiration {
            Some(text) => Some(
                DateTime::parse_from_rfc3339(text)
                    .map_err(|e| format!("Expiration {text:?} is not an RFC 3339 time: {e}"))?
                    .with_timezone(&Utc),
            ),
            None => None,
        };
        let account = entry
            .account
            .or_else(|| entry.principal_arn.as_deref().and_then(account_of))
            .unwrap_or_else(|| default_account.to_string());
        let principal_arn = entry
            .principal_arn
            .unwrap_or_else(|| format!("arn:aws:iam::{account}:root"));
        self.by_key.insert(
            entry.access_key_id,
            Credential {
                secret_access_key: entry.secret_access_key,
                session_token: entry.session_token,
                expiration,
                principal_arn,
                account,
            },
        );
        Ok(())
    }

    /// The credential of access key `id`.
    pub fn get(&self, id: &str) -> Option<&Credential> {
        self.by_key.get(id)
    }

    /// How many keys there are.
    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }
}

/// The account field of an ARN (`arn:partition:service:region:account:resource`).
fn account_of(arn: &str) -> Option<String> {
    let account = arn.split(':').nth(4)?;
    (!account.is_empty()).then(|| account.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_names_keys_principals_and_accounts() {
        let text = r#"{"Credentials": [
            {"AccessKeyId": "AK1", "SecretAccessKey": "s1"},
            {"AccessKeyId": "AK2", "SecretAccessKey": "s2", "SessionToken": "t",
             "Expiration": "2026-12-06T07:00:00Z",
             "PrincipalArn": "arn:aws:iam::111122223333:user/alice"}
        ]}"#;
        let creds = Credentials::from_json(text, "000000000000").unwrap();
        let first = creds.get("AK1").unwrap();
        assert_eq!(first.principal_arn, "arn:aws:iam::000000000000:root");
        assert_eq!(first.account, "000000000000");
        let second = creds.get("AK2").unwrap();
        assert_eq!(second.account, "111122223333");
        assert_eq!(second.session_token.as_deref(), Some("t"));
        assert_eq!(
            second.expiration.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-12-06T07:00:00+00:00")
        );
        assert!(creds.get("AK3").is_none());
    }

    #[test]
    fn bad_files_are_refused() {
        for text in [
            "",
            "{}",
            r#"{"Credentials": []}"#,
            r#"{"Credentials": [{"AccessKeyId": "AK1"}]}"#,
            r#"{"Credentials": [{"AccessKeyId": "", "SecretAccessKey": "s"}]}"#,
            r#"{"Credentials": [{"AccessKeyId": "A", "SecretAccessKey": "s", "Typo": 1}]}"#,
            r#"{"Credentials": [{"AccessKeyId": "A", "SecretAccessKey": "s", "Expiration": "soon"}]}"#,
        ] {
            assert!(Credentials::from_json(text, "0").is_err(), "{text}");
        }
    }

    #[test]
    fn the_environment_gives_one_key_when_both_halves_are_set() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let none = Credentials::from_env(env(&[("DDB_ACCESS_KEY_ID", "AK")]), "0").unwrap();
        assert!(none.is_none());
        let one = Credentials::from_env(
            env(&[("DDB_ACCESS_KEY_ID", "AK"), ("DDB_SECRET_ACCESS_KEY", "s")]),
            "0",
        )
        .unwrap()
        .unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one.get("AK").unwrap().secret_access_key, "s");
    }
}
