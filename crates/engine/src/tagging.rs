//! Tags on tables: the ARN a tagging operation names, the rules on tags beyond the model's
//! constraints, and the most a table may carry. TagResource, UntagResource and
//! ListTagsOfResource share them, and CreateTable checks its tags with them.

use ddb_model::{DynamoError, DynamoResult, ErrorKind};
use ddb_wire::valid;

use crate::invalid::Invalid;
use crate::schema::{TableDef, TableTag};
use crate::Engine;

/// ResourceNotFoundException for an ARN that names no table here (DynamoDB misspells
/// "ResourceArn" in it).
pub fn resource_not_found(arn: &str) -> DynamoError {
    DynamoError::not_found(format!(
        "Requested resource not found: ResourcArn: {arn} not found"
    ))
}

/// The table an ARN names, in this server's region and account. `operation` is the tagging
/// operation's name, for the AccessDeniedException of an ARN in another account.
pub fn table_of(
    engine: &Engine,
    operation: &str,
    arn: &str,
) -> DynamoResult<std::sync::Arc<TableDef>> {
    let not_found = || resource_not_found(arn);
    // A DynamoDB ARN of another account is refused as unauthorized, and the account is
    // checked before the region (ExtendDB PR 227, verified against DynamoDB); the wording is
    // DynamoDB's IAM denial as dynalite's tests (recorded against DynamoDB) match it:
    // `User: arn:aws:iam::<account>:<principal> is not authorized to perform:
    // dynamodb:<Operation> on resource: <arn>`, HTTP 400.
    let mut parts = arn.splitn(6, ':');
    if let (Some("arn"), Some(_), Some("dynamodb"), Some(_), Some(account), Some(_)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) {
        if account != engine.config.account_id {
            return Err(DynamoError::new(
                ErrorKind::AccessDenied,
                format!(
                    "User: arn:aws:iam::{}:root is not authorized to perform: dynamodb:{operation} on resource: {arn}",
                    engine.config.account_id
                ),
            ));
        }
    }
    let prefix = format!(
        "arn:aws:dynamodb:{}:{}:table/",
        engine.config.region, engine.config.account_id
    );
    let name = arn
        .strip_prefix(&prefix)
        .filter(|n| !n.contains('/'))
        .ok_or_else(|| {
            DynamoError::from(Invalid::InvalidTableArn {
                arn: arn.to_string(),
            })
        })?;
    engine.catalog.get(name).ok_or_else(not_found)
}

/// Most tags a table may carry.
pub const MAX_TAGS: usize = 50;

/// DynamoDB's tagging rules beyond the field constraints (which the generated validation
/// checks): keys and values hold only letters, whitespace, digits and `+ - = . _ : /`, and a
/// table carries at most [`MAX_TAGS`]. Alternator's suite checks both against DynamoDB; the
/// messages are ours (UNCONFIRMED).
pub fn check_valid_tag_rules(tags: &[valid::Tag]) -> DynamoResult<()> {
    let texts = tags.iter().flat_map(|t| [t.key.as_str(), t.value.as_str()]);
    check_tag_characters(texts)?;
    check_tag_count(tags.len())
}

/// Keys and values hold only letters, whitespace, digits and `+ - = . _ : /`.
fn check_tag_characters<'a>(mut texts: impl Iterator<Item = &'a str>) -> DynamoResult<()> {
    let allowed = |c: char| c.is_alphanumeric() || c.is_whitespace() || "+-=._:/".contains(c);
    match texts.find(|s| !s.chars().all(allowed)) {
        Some(bad) => Err(Invalid::TagCharacters {
            text: bad.to_string(),
        }
        .into()),
        None => Ok(()),
    }
}

/// At most [`MAX_TAGS`] per table.
pub fn check_tag_count(count: usize) -> DynamoResult<()> {
    if count > MAX_TAGS {
        return Err(Invalid::TooManyTags { limit: MAX_TAGS }.into());
    }
    Ok(())
}

impl From<&TableTag> for ddb_wire::Tag {
    /// The wire form, as ListTagsOfResource shows it.
    fn from(tag: &TableTag) -> ddb_wire::Tag {
        ddb_wire::Tag {
            key: Some(tag.key.clone()),
            value: Some(tag.value.clone()),
        }
    }
}
