//! Tags on tables: the ARN a tagging operation names, the constraints and rules on tags, and
//! the most a table may carry. TagResource, UntagResource and ListTagsOfResource share them, and
//! CreateTable checks its tags with them.

use ddb_model::{DynamoError, DynamoResult};

use crate::constraints::Violations;
use crate::invalid::Invalid;
use crate::schema::{TableDef, Tag};
use crate::Engine;

/// ResourceNotFoundException for an ARN that names no table here (DynamoDB misspells
/// "ResourceArn" in it).
pub fn resource_not_found(arn: &str) -> DynamoError {
    DynamoError::not_found(format!(
        "Requested resource not found: ResourcArn: {arn} not found"
    ))
}

/// The table an ARN names, in this server's region and account.
pub fn table_of(engine: &Engine, arn: &str) -> DynamoResult<std::sync::Arc<TableDef>> {
    let not_found = || resource_not_found(arn);
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

/// The `ResourceArn` member: required, 1 to 1283 characters.
pub fn check_arn(arn: &Option<String>) -> DynamoResult<()> {
    let mut v = Violations::new();
    match arn {
        None => v.push("null", "resourceArn", "Member must not be null"),
        Some(a) => v.length(a, "resourceArn", 1, 1283),
    }
    v.into_result()
}

/// Most tags a table may carry.
pub const MAX_TAGS: usize = 50;

/// The field constraints on each tag of `tags` (the request member `field`), as the model
/// states them: key 1 to 128 characters, value 0 to 256, both required.
pub fn check_tag_constraints(v: &mut Violations, tags: &[Tag], field: &str) {
    for (i, t) in tags.iter().enumerate() {
        let member = format!("{field}.{}.member", i + 1);
        match &t.key {
            None => v.push("null", &format!("{member}.key"), "Member must not be null"),
            Some(k) => v.length(k, &format!("{member}.key"), 1, 128),
        }
        match &t.value {
            None => v.push(
                "null",
                &format!("{member}.value"),
                "Member must not be null",
            ),
            Some(val) => v.length(val, &format!("{member}.value"), 0, 256),
        }
    }
}

/// DynamoDB's tagging rules beyond the field constraints: keys and values hold only letters,
/// whitespace, digits and `+ - = . _ : /`, and a table carries at most [`MAX_TAGS`]. Alternator's
/// suite checks both against DynamoDB; the messages are ours (UNCONFIRMED).
pub fn check_tag_rules(tags: &[Tag]) -> DynamoResult<()> {
    let allowed = |c: char| c.is_alphanumeric() || c.is_whitespace() || "+-=._:/".contains(c);
    let texts = tags
        .iter()
        .flat_map(|t| [t.key.as_deref(), t.value.as_deref()]);
    if let Some(bad) = texts.flatten().find(|s| !s.chars().all(allowed)) {
        return Err(Invalid::TagCharacters {
            text: bad.to_string(),
        }
        .into());
    }
    check_tag_count(tags.len())
}

/// At most [`MAX_TAGS`] per table.
pub fn check_tag_count(count: usize) -> DynamoResult<()> {
    if count > MAX_TAGS {
        return Err(Invalid::TooManyTags { limit: MAX_TAGS }.into());
    }
    Ok(())
}
