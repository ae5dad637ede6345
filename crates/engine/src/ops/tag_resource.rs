//! TagResource: adds or replaces tags on a table named by its ARN.

use serde::Deserialize;

use ddb_model::DynamoResult;

use crate::constraints::{quoted, Violations};
use crate::schema::Tag;
use crate::tagging::{
    check_arn, check_tag_constraints, check_tag_count, check_tag_rules, resource_not_found,
    table_of,
};
use crate::Engine;

/// TagResource's request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagResourceInput {
    /// `ResourceArn`: the ARN of the table.
    pub resource_arn: Option<String>,
    /// `Tags`: key-value tags to put on the table.
    pub tags: Option<Vec<Tag>>,
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
                if let Some(tag) = tag.to_table_tag() {
                    def.tags.retain(|t| t.key != tag.key);
                    def.tags.push(tag);
                }
            }
            // The new tags' characters were checked above; only the total is left.
            check_tag_count(def.tags.len())
        })?
        .ok_or_else(|| resource_not_found(input.resource_arn.as_deref().unwrap_or_default()))?;
    Ok(())
}
