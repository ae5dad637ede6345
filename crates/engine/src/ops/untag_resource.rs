//! UntagResource: removes tags, by key, from a table named by its ARN.

use serde::Deserialize;

use ddb_model::DynamoResult;

use crate::constraints::Violations;
use crate::tagging::{check_arn, resource_not_found, table_of};
use crate::Engine;

/// UntagResource's request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UntagResourceInput {
    /// `ResourceArn`: the ARN of the table.
    pub resource_arn: Option<String>,
    /// `TagKeys`: the keys of the tags to remove.
    pub tag_keys: Option<Vec<String>>,
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
            def.tags.retain(|t| !keys.contains(&t.key));
            Ok(())
        })?
        .ok_or_else(|| resource_not_found(input.resource_arn.as_deref().unwrap_or_default()))?;
    Ok(())
}
