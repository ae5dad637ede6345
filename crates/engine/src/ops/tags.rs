//! TagResource, UntagResource and ListTagsOfResource on table ARNs.

use serde::Deserialize;
use serde_json::{json, Value};

use ddb_model::{DynamoError, DynamoResult};
use ddb_storage::WriteBatch;

use crate::constraints::Violations;
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

/// The table an ARN names, in this server's region and account.
fn table_of(engine: &Engine, arn: &str) -> DynamoResult<std::sync::Arc<TableDef>> {
    let not_found = || {
        DynamoError::not_found(format!(
            "Requested resource not found: ResourcArn: {arn} not found"
        ))
    };
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

pub fn tag_resource(engine: &Engine, input: TagResourceInput) -> DynamoResult<Value> {
    check_arn(&input.resource_arn)?;
    let mut v = Violations::new();
    v.require(&input.tags, "tags");
    v.into_result()?;
    let current = table_of(engine, input.resource_arn.as_deref().expect("checked"))?;
    let mut def = (*current).clone();
    for tag in input.tags.expect("checked") {
        def.tags.retain(|t| t.key != tag.key);
        def.tags.push(tag);
    }
    if def.tags.len() > 50 {
        return Err(DynamoError::new(
            ddb_model::ErrorKind::LimitExceeded,
            "Too many tags on the resource: limit 50",
        ));
    }
    engine
        .catalog
        .save(engine.storage.as_ref(), def, WriteBatch::default())?;
    Ok(json!({}))
}

pub fn untag_resource(engine: &Engine, input: UntagResourceInput) -> DynamoResult<Value> {
    check_arn(&input.resource_arn)?;
    let mut v = Violations::new();
    v.require(&input.tag_keys, "tagKeys");
    v.into_result()?;
    let current = table_of(engine, input.resource_arn.as_deref().expect("checked"))?;
    let mut def = (*current).clone();
    let keys = input.tag_keys.expect("checked");
    def.tags
        .retain(|t| !t.key.as_ref().is_some_and(|k| keys.contains(k)));
    engine
        .catalog
        .save(engine.storage.as_ref(), def, WriteBatch::default())?;
    Ok(json!({}))
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
