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
///
/// DynamoDB's checks, in order (ack-api-quirks' catalogue of its ValidationException texts,
/// DDB-TABLE-442, 2026-10; ExtendDB PR 227 for the account before the region): the `arn:`
/// prefix, the service, the account, the region, then the resource type.
pub fn table_of(
    engine: &Engine,
    operation: &str,
    arn: &str,
) -> DynamoResult<std::sync::Arc<TableDef>> {
    let invalid = |error: fn(String) -> Invalid| DynamoError::from(error(arn.to_string()));
    if !arn.starts_with("arn:") {
        return Err(invalid(|arn| Invalid::ArnWithoutPrefix { arn }));
    }
    // arn:partition:service:region:account:resource
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [_, _, service, region, account, resource] = parts[..] else {
        return Err(invalid(|arn| Invalid::NotDynamoDbArn { arn }));
    };
    if service != "dynamodb" {
        return Err(invalid(|arn| Invalid::NotDynamoDbArn { arn }));
    }
    // Wording: DynamoDB's IAM denial as dynalite's tests (recorded against DynamoDB) match it,
    // HTTP 400.
    if account != engine.config.account_id {
        return Err(DynamoError::new(
            ErrorKind::AccessDenied,
            format!(
                "User: arn:aws:iam::{}:root is not authorized to perform: dynamodb:{operation} on resource: {arn}",
                engine.config.account_id
            ),
        ));
    }
    if region != engine.config.region {
        return Err(invalid(|arn| Invalid::InvalidTableArn { arn }));
    }
    let Some(name) = resource.strip_prefix("table/") else {
        return Err(invalid(|arn| Invalid::InvalidTableArn { arn }));
    };
    match name.split_once('/') {
        None => engine
            .catalog
            .get(name)
            .ok_or_else(|| resource_not_found(arn)),
        Some((_, rest)) if rest.starts_with("index/") => {
            Err(invalid(|arn| Invalid::NotTableOrStreamArn { arn }))
        }
        Some(_) => Err(invalid(|arn| Invalid::InvalidTableArn { arn })),
    }
}

/// Most tags a table may carry.
pub const MAX_TAGS: usize = 50;

/// DynamoDB's tagging rules beyond the field constraints (which the generated validation
/// checks), in its order tag by tag: the key's characters, its `aws:` namespace, the value's
/// characters; then a key given twice; then at most [`MAX_TAGS`]. Keys and values hold only
/// letters, whitespace, digits and `+ - = . _ : /` (the Developer Guide's tagging
/// restrictions). Texts: ack-api-quirks' catalogue (DDB-TABLE-442, 2026-10).
pub fn check_valid_tag_rules(tags: &[valid::Tag]) -> DynamoResult<()> {
    let allowed = |s: &str| {
        s.chars()
            .all(|c| c.is_alphanumeric() || c.is_whitespace() || "+-=._:/".contains(c))
    };
    let mut seen = std::collections::HashSet::new();
    for valid::Tag { key, value } in tags {
        if !allowed(key) {
            return Err(Invalid::InvalidTagKey { key: key.clone() }.into());
        }
        if key.starts_with("aws:") {
            return Err(Invalid::ReservedTagKey { key: key.clone() }.into());
        }
        if !allowed(value) {
            return Err(Invalid::InvalidTagValue {
                value: value.clone(),
            }
            .into());
        }
    }
    for valid::Tag { key, .. } in tags {
        if !seen.insert(key.as_str()) {
            return Err(Invalid::DuplicateTagKey { key: key.clone() }.into());
        }
    }
    check_tag_count(tags.len())
}

/// At most [`MAX_TAGS`] per table.
pub fn check_tag_count(count: usize) -> DynamoResult<()> {
    if count > MAX_TAGS {
        return Err(Invalid::TooManyTags.into());
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
