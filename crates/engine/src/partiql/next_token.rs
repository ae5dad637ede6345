//! ExecuteStatement's NextToken: where a SELECT resumes (which partition-key value, after which
//! key), bound to the statement text and parameters it was given for, as DynamoDB binds it
//! (another statement or other parameters with it is `NextToken does not match request`).

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use ddb_model::key_encoding::hash_bytes;
use ddb_model::{AttributeValue, Item};

use super::fault::{Fault, FaultResult};

/// Where the next page of a SELECT starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resume {
    /// Which statement and parameters the token belongs to.
    #[serde(rename = "s")]
    statement: u64,
    /// The partition-key value (by position in the statement's order) to continue with.
    #[serde(rename = "h")]
    pub hash_index: usize,
    /// The key after which that Query or the Scan resumes (none: from its start).
    #[serde(rename = "k", skip_serializing_if = "Option::is_none")]
    pub after: Option<Item>,
}

/// What identifies a request for its tokens: the statement text and its parameters.
pub fn fingerprint(statement: &str, params: &[AttributeValue]) -> u64 {
    let mut bytes = statement.as_bytes().to_vec();
    bytes.push(0);
    bytes.extend(serde_json::to_vec(params).unwrap_or_default());
    hash_bytes(&bytes)
}

impl Resume {
    /// A resume point of the request with `fingerprint`.
    pub fn new(fingerprint: u64, hash_index: usize, after: Option<Item>) -> Resume {
        Resume {
            statement: fingerprint,
            hash_index,
            after,
        }
    }

    /// The token text.
    pub fn encode(&self) -> String {
        STANDARD.encode(serde_json::to_vec(self).unwrap_or_default())
    }

    /// The resume point `token` holds, checked against the request's `fingerprint`.
    pub fn decode(token: &str, fingerprint: u64) -> FaultResult<Resume> {
        let bytes = STANDARD
            .decode(token)
            .map_err(|_| Fault::InvalidNextToken)?;
        let resume: Resume = serde_json::from_slice(&bytes).map_err(|_| Fault::InvalidNextToken)?;
        if resume.statement != fingerprint {
            return Err(Fault::NextTokenMismatch);
        }
        Ok(resume)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_resumes_only_its_own_request() {
        let params = [AttributeValue::S("a".into())];
        let f = fingerprint("SELECT * FROM t WHERE pk = ?", &params);
        let mut key = Item::new();
        key.insert("pk".into(), AttributeValue::S("a".into()));
        let token = Resume::new(f, 1, Some(key)).encode();
        assert_eq!(Resume::decode(&token, f).unwrap().hash_index, 1);
        let other = fingerprint(
            "SELECT * FROM t WHERE pk = ?",
            &[AttributeValue::S("b".into())],
        );
        assert_eq!(Resume::decode(&token, other), Err(Fault::NextTokenMismatch));
        assert_eq!(
            Resume::decode("not a token!", f),
            Err(Fault::InvalidNextToken)
        );
    }
}
