//! DeleteTable: honours deletion protection, removes the definition and every item and index
//! entry in one batch.

use serde::Deserialize;
use serde_json::{json, Value};

use ddb_model::DynamoResult;
use ddb_storage::WriteBatch;

use crate::catalog::storage_error;
use crate::constraints::Violations;
use crate::invalid::Invalid;
use crate::layout::{space_prefix, INDEX_TAG, ITEM_TAG};
use crate::table_description::TableStatus;
use crate::table_level_not_found;
use crate::Engine;

/// DeleteTable's request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteTableInput {
    /// `TableName`: the table's name (or, where DynamoDB allows it, its ARN).
    pub table_name: Option<String>,
}

/// DeleteTable: removes the table with all its items and indexes, and describes it as deleting.
pub fn delete_table(engine: &Engine, input: DeleteTableInput) -> DynamoResult<Value> {
    let mut v = Violations::new();
    v.table_name(input.table_name.as_deref(), "tableName");
    v.into_result()?;
    let name = input.table_name.expect("checked");
    let def = engine
        .lookup(&name)
        .ok_or_else(|| table_level_not_found(&name))?;
    if def.deletion_protection {
        return Err(Invalid::DeletionProtected.into());
    }
    let description = engine.describe(&def, TableStatus::Deleting);
    let mut batch = WriteBatch::default();
    engine.catalog.remove(&name, &mut batch);
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
    Ok(json!({ "TableDescription": description }))
}
