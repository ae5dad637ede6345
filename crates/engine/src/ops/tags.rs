//! TagResource, UntagResource and ListTagsOfResource on table ARNs.

use serde::Deserialize;
use serde_json::{json, Value};

use ddb_model::{DynamoError, DynamoResult};

use crate::constraints::{quoted, Violations};
use crate::schema::{TableDef, Tag};
use crate::Engine;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagResourceInput {
    pub resource_arn: Option<String>,
    pub tags: Option<Vec<Tag>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UntagResourceInput {
    pub resource_arn: Option<String>,
    pub tag_keys: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTagsOfResourceInput {
    pub resource_arn: Option<String>,
    pub next_token: Option<String>,
}

fn resource_not_found(arn: &str) -> DynamoError {
    DynamoError::not_found(format!(
        "Requested resource not found: ResourcArn: {arn} not found"
    ))
}

/// The table an ARN names, in this server's region and account.
fn table_of(engine: &Engine, arn: &str) -> DynamoResult<std::sync::Arc<TableDef>> {
    let not_found = || resource_not_found(arn);
    let prefix = format!(
        "arn:aws:dynamodb:{}:{}:table/",
        engine.config.region, engine.config.account_id
    );
    let name = arn
        .strip_prefix(&prefix)
        .filter(|n| !n.contains('/'))
        .ok_or_else(|| {
            DynamoError::validation(format!(
                "Invalid TableArn: Invalid ResourceArn provided as input {arn}"
            ))
        })?;
    engine.catalog.get(name).ok_or_else(not_found)
}

fn check_arn(arn: &Option<String>) -> DynamoResult<()> {
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
pub(crate) fn check_tag_constraints(v: &mut Violations, tags: &[Tag], field: &str) {
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
pub(crate) fn check_tag_rules(tags: &[Tag]) -> DynamoResult<()> {
    let allowed = |c: char| c.is_alphanumeric() || c.is_whitespace() || "+-=._:/".contains(c);
    let texts = tags
        .iter()
        .flat_map(|t| [t.key.as_deref(), t.value.as_deref()]);
    if let Some(bad) = texts.flatten().find(|s| !s.chars().all(allowed)) {
        return Err(DynamoError::validation(format!(
            "One or more parameter values were invalid: Tag keys and values may contain only letters, whitespace, digits and + - = . _ : /, got: {bad}"
        )));
    }
    check_tag_count(tags.len())
}

/// At most [`MAX_TAGS`] per table.
fn check_tag_count(count: usize) -> DynamoResult<()> {
    if count > MAX_TAGS {
        return Err(DynamoError::validation(format!(
            "One or more parameter values were invalid: Too many tags: a table can have at most {MAX_TAGS}"
        )));
    }
    Ok(())
}

/// TagResource. DynamoDB answers it with an empty body (see `ops::dispatch`).
pub fn tag_resource(engine: &Engine, input: TagResourceInput) -> DynamoResult<()> {
    check_arn(&input.resource_arn)?;
    let mut v = Violations::new();
    v.require(&input.tags, "tags");
    if let Some(tags) = &input.tags {
        v.min_members(Some(tags.len()), || quoted("[]"), "tags", 1);
        check_tag_constraints(&mut v, tags, "tags");
    }
    v.into_result()?;
    let tags = input.tags.expect("checked");
    check_tag_rules(&tags)?;
    let table = table_of(engine, input.resource_arn.as_deref().expect("checked"))?;
    engine
        .catalog
        .modify(engine.storage.as_ref(), &table.name, |def| {
            for tag in tags {
                def.tags.retain(|t| t.key != tag.key);
                def.tags.push(tag);
            }
            // The new tags' characters were checked above; only the total is left.
            check_tag_count(def.tags.len())
        })?
        .ok_or_else(|| resource_not_found(input.resource_arn.as_deref().unwrap_or_default()))?;
    Ok(())
}

/// UntagResource. DynamoDB answers it with an empty body (see `ops::dispatch`).
pub fn untag_resource(engine: &Engine, input: UntagResourceInput) -> DynamoResult<()> {
    check_arn(&input.resource_arn)?;
    let mut v = Violations::new();
    v.require(&input.tag_keys, "tagKeys");
    v.into_result()?;
    let keys = input.tag_keys.expect("checked");
    let table = table_of(engine, input.resource_arn.as_deref().expect("checked"))?;
    engine
        .catalog
        .modify(engine.storage.as_ref(), &table.name, |def| {
            def.tags
                .retain(|t| !t.key.as_ref().is_some_and(|k| keys.contains(k)));
            Ok(())
        })?
        .ok_or_else(|| resource_not_found(input.resource_arn.as_deref().unwrap_or_default()))?;
    Ok(())
}

pub fn list_tags_of_resource(
    engine: &Engine,
    input: ListTagsOfResourceInput,
) -> DynamoResult<Value> {
    check_arn(&input.resource_arn)?;
    let _ = input.next_token;
    let def = table_of(engine, input.resource_arn.as_deref().expect("checked"))?;
    Ok(json!({ "Tags": def.tags }))
}
