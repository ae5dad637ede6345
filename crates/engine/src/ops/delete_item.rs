//! DeleteItem.

use std::sync::Arc;

use ddb_model::DynamoResult;

use crate::conditional_write::*;
use crate::item_write::Decision;
use crate::keys::{key_from_param, PrimaryKey};
use crate::schema::TableDef;
use crate::Engine;

pub use ddb_wire::{DeleteItemInput, DeleteItemOutput};

/// DeleteItem: deletes the item with `Key`, if the condition holds.
pub fn delete_item(engine: &Engine, input: DeleteItemInput) -> DynamoResult<DeleteItemOutput> {
    let plan = plan(engine, input)?;
    execute(engine, plan)
}

/// A DeleteItem with every check made.
struct Plan {
    table_name: String,
    table: Arc<TableDef>,
    key: PrimaryKey,
    options: WriteOptions,
}

/// DynamoDB's checks for DeleteItem, in its order: the table name and key, the request's
/// other constraints, ReturnValues, the condition and its maps, then the table and the key.
fn plan(engine: &Engine, input: DeleteItemInput) -> DynamoResult<Plan> {
    check_table_and_target_first(input.table_name.as_deref(), input.key.is_some(), "key")?;
    let input = input.validate()?;
    let options = ConditionalWrite {
        condition_expression: input.condition_expression.as_deref(),
        expected: input.expected,
        conditional_operator: input.conditional_operator,
        names: input.expression_attribute_names.as_ref(),
        values: input.expression_attribute_values.as_ref(),
        return_values: input.return_values,
        return_consumed_capacity: input.return_consumed_capacity,
        return_item_collection_metrics: input.return_item_collection_metrics,
        return_values_on_condition_check_failure: input.return_values_on_condition_check_failure,
    }
    .parse()?;
    let table = engine.table(&input.table_name)?;
    let key = key_from_param(&input.key, &table.key)?;
    Ok(Plan {
        table_name: input.table_name,
        table,
        key,
        options,
    })
}

/// The checks made before the request's attribute values are looked at (see
/// `ops::run_checked`): the legacy and expression conditions are not mixed.
pub fn check_before_values(input: &ddb_wire::valid::DeleteItemInput) -> DynamoResult<()> {
    check_condition_not_mixed(
        input.expected.is_some(),
        input.conditional_operator.is_some(),
        input.condition_expression.is_some(),
    )
}

/// Deletes the item under its stripe lock, if the condition holds of it.
fn execute(engine: &Engine, plan: Plan) -> DynamoResult<DeleteItemOutput> {
    let outcome = engine.write_item(&plan.table_name, &plan.key, false, |_, old| {
        check_condition(
            plan.options.condition.as_ref(),
            old,
            plan.options.return_on_failure,
        )?;
        Ok(if old.is_some() {
            Decision::Delete
        } else {
            Decision::Keep
        })
    })?;
    Ok(DeleteItemOutput {
        attributes: if plan.options.return_values == ReturnValues::AllOld {
            outcome.old
        } else {
            None
        },
        consumed_capacity: outcome
            .consumption
            .report(plan.options.capacity)
            .map(Into::into),
        item_collection_metrics: if plan.options.metrics {
            engine.collection_metrics(&plan.table, &plan.key.hash)?
        } else {
            None
        },
    })
}
