//! UntagResource: removes tags, by key, from a table named by its ARN.

use std::sync::Arc;

use ddb_model::DynamoResult;

use crate::invalid::Invalid;
use crate::schema::TableDef;
use crate::tagging::{resource_not_found, table_of};
use crate::Engine;

pub use ddb_wire::UntagResourceInput;

/// UntagResource. DynamoDB answers it with an empty body (see `ops::dispatch`).
pub fn untag_resource(engine: &Engine, input: UntagResourceInput) -> DynamoResult<()> {
    let plan = plan(engine, input)?;
    execute(engine, plan)
}

/// An UntagResource with every check made.
struct Plan {
    arn: String,
    table: Arc<TableDef>,
    keys: Vec<String>,
}

/// DynamoDB's checks for UntagResource, in its order: the request's constraints, at least one
/// key, then the table the ARN names.
fn plan(engine: &Engine, input: UntagResourceInput) -> DynamoResult<Plan> {
    let input = input.validate()?;
    if input.tag_keys.is_empty() {
        return Err(Invalid::NoTagKeys.into());
    }
    let table = table_of(engine, "UntagResource", &input.resource_arn)?;
    Ok(Plan {
        arn: input.resource_arn,
        table,
        keys: input.tag_keys,
    })
}

/// Removes the tags with those keys (a key the table does not carry is no error).
fn execute(engine: &Engine, plan: Plan) -> DynamoResult<()> {
    engine
        .catalog
        .modify(engine.storage.as_ref(), &plan.table.name, |def| {
            def.tags.retain(|t| !plan.keys.contains(&t.key));
            Ok(())
        })?
        .ok_or_else(|| resource_not_found(&plan.arn))?;
    Ok(())
}
