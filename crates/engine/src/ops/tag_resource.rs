//! TagResource: adds or replaces tags on a table named by its ARN.

use std::sync::Arc;

use ddb_model::DynamoResult;
use ddb_wire::valid;

use crate::invalid::Invalid;
use crate::schema::{TableDef, TableTag};
use crate::tagging::{check_tag_count, check_valid_tag_rules, resource_not_found, table_of};
use crate::Engine;

pub use ddb_wire::TagResourceInput;

/// TagResource. DynamoDB answers it with an empty body (see `ops::dispatch`).
pub fn tag_resource(engine: &Engine, input: TagResourceInput) -> DynamoResult<()> {
    let plan = plan(engine, input)?;
    execute(engine, plan)
}

/// A TagResource with every check made.
struct Plan {
    arn: String,
    table: Arc<TableDef>,
    tags: Vec<valid::Tag>,
}

/// DynamoDB's checks for TagResource, in its order: the request's constraints, at least one
/// tag, the tagging rules (characters, the `aws:` namespace, a key twice, at most 50 in the
/// request), then the table the ARN names.
fn plan(engine: &Engine, input: TagResourceInput) -> DynamoResult<Plan> {
    let input = input.validate()?;
    if input.tags.is_empty() {
        return Err(Invalid::NoTags.into());
    }
    check_valid_tag_rules(&input.tags)?;
    let table = table_of(engine, "TagResource", &input.resource_arn)?;
    Ok(Plan {
        arn: input.resource_arn,
        table,
        tags: input.tags,
    })
}

/// Puts the tags on the table, replacing tags with the same keys, unless the table would then
/// carry more than 50.
fn execute(engine: &Engine, plan: Plan) -> DynamoResult<()> {
    engine
        .catalog
        .modify(engine.storage.as_ref(), &plan.table.name, |def| {
            for valid::Tag { key, value } in plan.tags {
                def.tags.retain(|t| t.key != key);
                def.tags.push(TableTag { key, value });
            }
            check_tag_count(def.tags.len())
        })?
        .ok_or_else(|| resource_not_found(&plan.arn))?;
    Ok(())
}
