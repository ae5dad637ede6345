//! DeleteTable: honours deletion protection, removes the definition and every item and index
//! entry in one batch.

use std::sync::Arc;

use ddb_model::DynamoResult;
use ddb_storage::WriteBatch;
use ddb_wire::DeleteTableOutput;

use crate::catalog::storage_error;
use crate::invalid::Invalid;
use crate::layout::{space_prefix, INDEX_TAG, ITEM_TAG};
use crate::lifecycle::table_in_use;
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

/// A DeleteTable with every check made: the table, not protected and ACTIVE.
struct Plan(Arc<TableDef>);

/// DynamoDB's checks for DeleteTable, in its order: the request's constraints, the table (one
/// still DELETING under `--table-delays` is refused as in use), its state (API_DeleteTable:
/// ResourceInUseException while CREATING or UPDATING), its deletion protection.
fn plan(engine: &Engine, input: DeleteTableInput) -> DynamoResult<Plan> {
    let input = input.validate()?;
    let Some(table) = engine.lookup(&input.table_name) else {
        return Err(match engine.lookup_deleted(&input.table_name) {
            Some(_) => table_in_use(&input.table_name, "deleted"),
            None => table_level_not_found(&input.table_name),
        });
    };
    engine.lifecycle.check_deletable(&table)?;
    if table.deletion_protection {
        return Err(Invalid::DeletionProtected.into());
    }
    Ok(Plan(table))
}

/// Describes the table as deleting, removes its definition, then drops its data.
fn execute(engine: &Engine, plan: Plan) -> DynamoResult<DeleteTableOutput> {
    let Plan(def) = plan;
    let description = engine.describe(&def, TableStatus::Deleting);
    // DELETING (with `--table-delays`) before the name is free.
    engine.lifecycle.deleting(def.clone());
    let mut batch = WriteBatch::default();
    engine.catalog.remove(&def.name, &mut batch);
    engine.storage.write(batch).map_err(storage_error)?;
    // Its stream stays readable, disabled, until its records age out.
    engine
        .streams
        .close_for_table(engine.storage.as_ref(), def.id, crate::clock::now_ms())?;
    // The definition is gone, so no request can reach the old ids; their data is dropped after.
    engine
        .storage
        .delete_prefix(&space_prefix(ITEM_TAG, def.id))
        .map_err(storage_error)?;
    engine.catalog.drop_stats(def.id);
    engine.forget_capacity(def.id);
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
