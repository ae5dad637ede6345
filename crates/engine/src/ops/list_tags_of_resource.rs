//! ListTagsOfResource: the tags of a table named by its ARN.

use std::sync::Arc;

use ddb_model::DynamoResult;
use ddb_wire::ListTagsOfResourceOutput;

use crate::schema::TableDef;
use crate::tagging::table_of;
use crate::Engine;

pub use ddb_wire::ListTagsOfResourceInput;

/// ListTagsOfResource. A table carries at most 50 tags, so every answer is one page and
/// `NextToken` is accepted and ignored.
pub fn list_tags_of_resource(
    engine: &Engine,
    input: ListTagsOfResourceInput,
) -> DynamoResult<ListTagsOfResourceOutput> {
    let plan = plan(engine, input)?;
    Ok(execute(plan))
}

/// A ListTagsOfResource with every check made: the table whose tags it lists.
struct Plan {
    table: Arc<TableDef>,
}

/// DynamoDB's checks for ListTagsOfResource, in its order: the request's constraints, then
/// the table the ARN names.
fn plan(engine: &Engine, input: ListTagsOfResourceInput) -> DynamoResult<Plan> {
    let input = input.validate()?;
    let table = table_of(engine, "ListTagsOfResource", &input.resource_arn)?;
    Ok(Plan { table })
}

/// The table's tags, all on one page.
fn execute(plan: Plan) -> ListTagsOfResourceOutput {
    ListTagsOfResourceOutput {
        tags: Some(plan.table.tags.iter().map(ddb_wire::Tag::from).collect()),
        next_token: None,
    }
}
