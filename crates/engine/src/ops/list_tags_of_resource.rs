//! ListTagsOfResource: the tags of a table named by its ARN.

use serde::Deserialize;
use serde_json::{json, Value};

use ddb_model::DynamoResult;

use crate::schema::TableTag;
use crate::tagging::{check_arn, table_of};
use crate::Engine;

/// ListTagsOfResource's request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTagsOfResourceInput {
    /// `ResourceArn`: the ARN of the table.
    pub resource_arn: Option<String>,
    /// `NextToken`: accepted and ignored, as every answer is one page.
    pub next_token: Option<String>,
}

/// ListTagsOfResource. A table carries at most 50 tags, so every answer is one page.
pub fn list_tags_of_resource(
    engine: &Engine,
    input: ListTagsOfResourceInput,
) -> DynamoResult<Value> {
    check_arn(&input.resource_arn)?;
    let _ = input.next_token;
    let def = table_of(engine, input.resource_arn.as_deref().expect("checked"))?;
    Ok(json!({ "Tags": def.tags.iter().map(TableTag::to_wire).collect::<Vec<_>>() }))
}
