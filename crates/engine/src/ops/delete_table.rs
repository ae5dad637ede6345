//! DeleteTable: honours deletion protection, removes the definition and every item and index
//! entry in one batch.

use std::sync::Arc;

use ddb_model::DynamoResult;
use ddb_storage::WriteBatch;
use ddb_wire::DeleteTableOutput;

use crate::catalog::storage_error;
use crate::invalid::Invalid;
use crate::layout::{space_prefix, INDEX_TAG, ITEM_TAG};
use crate::schema::TableDef;
use crate::table_description::TableStatus;
use crate::table_level_not_found;
use crate::Engine;

pub use ddb_wire::DeleteTableInput;

/// DeleteTable: removes the table with all its items and indexes, and describes it as deleting.
pub fn delete_table(engine: &Engine, input: DeleteTableInput) -> DynamoResult<DeleteTableOutput> {
    let plan = plan(engine, input)?;
    execute(engine, plan)
}

/// A DeleteTable with every check made: the table, not protected.
struct Plan {
    table: Arc<TableDef>,
}

/// DynamoDB's checks for DeleteTable, in its order: the request's constraints, the table,
/// its deletion protection.
fn plan(engine: &Engine, input: DeleteTableInput) -> DynamoResult<Plan> {
    let input = input.validate()?;
    let table = engine
        .lookup(&input.table_name)
        .ok_or_else(|| table_level_not_found(&input.table_name))?;
    if table.deletion_protection {
        return Err(Invalid::DeletionProtected.into());
    }
    Ok(Plan { table })
}

/// Describes the table as deleting, removes its definition, then drops its data.
fn execute(engine: &Engine, plan: Plan) -> DynamoResult<DeleteTableOutput> {
    let def = plan.table;
    let description = engine.describe(&def, TableStatus::Deleting);
    let mut batch = WriteBatch::default();
    engine.catalog.remove(&def.name, &mut batch);
    engine.storage.write(batch).map_err(storage_error)?;
    // The definition is gone, so no request can reach the old ids; their data is dropped after.
    engine
        .storage
        .delete_prefix(&space_prefix(ITEM_TAG, def.id))
        .map_err(storage_error)?;
    engine.catalog.drop_stats(def.id);
    for index in &def.indexes {
        engine
            .storage
            .delete_prefix(&space_prefix(INDEX_TAG, index.id))
            .map_err(storage_error)?;
        engine.catalog.drop_stats(index.id);
    }
    Ok(DeleteTableOutput {
        table_description: Some(description),
    })
}
