//! ListTables, with its pagination.

use ddb_model::DynamoResult;
use ddb_wire::ListTablesOutput;

use crate::Engine;

pub use ddb_wire::ListTablesInput;

/// The most table names in one page, and the page size without a `Limit`.
const MAX_LIMIT: usize = 100;

/// ListTables: table names in order, one page at a time.
pub fn list_tables(engine: &Engine, input: ListTablesInput) -> DynamoResult<ListTablesOutput> {
    let plan = plan(input)?;
    Ok(execute(engine, plan))
}

/// A ListTables with every check made.
struct Plan {
    start_after: Option<String>,
    limit: usize,
}

/// DynamoDB's checks for ListTables: the request's constraints (the limit's before the start
/// name's).
fn plan(input: ListTablesInput) -> DynamoResult<Plan> {
    let input = input.validate()?;
    Ok(Plan {
        start_after: input.exclusive_start_table_name,
        limit: input
            .limit
            .and_then(|l| usize::try_from(l).ok())
            .unwrap_or(MAX_LIMIT),
    })
}

/// One page of names, and the last one when more follow.
fn execute(engine: &Engine, plan: Plan) -> ListTablesOutput {
    let mut names = engine.catalog.names_after(plan.start_after.as_deref());
    // Deleted tables still DELETING (`--table-delays`) are listed until the delay ends.
    let deleting = engine.lifecycle.deleted_names();
    if !deleting.is_empty() {
        let after = plan.start_after.as_deref();
        names.extend(
            deleting
                .into_iter()
                .filter(|n| after.is_none_or(|a| n.as_str() > a)),
        );
        names.sort_unstable();
        names.dedup();
    }
    let more = names.len() > plan.limit;
    let page: Vec<String> = names.into_iter().take(plan.limit).collect();
    ListTablesOutput {
        last_evaluated_table_name: more.then(|| page.last().cloned()).flatten(),
        table_names: Some(page),
    }
}
