//! PutItem.

use std::sync::Arc;

use ddb_model::{DynamoResult, Item};

use crate::conditional_write::*;
use crate::item_write::{check_item_size, Decision};
use crate::keys::{key_of_new_item, PrimaryKey};
use crate::schema::TableDef;
use crate::Engine;

pub use ddb_wire::{PutItemInput, PutItemOutput};

/// PutItem: writes the item, replacing any with its key, if the condition holds.
pub fn put_item(engine: &Engine, input: PutItemInput) -> DynamoResult<PutItemOutput> {
    let plan = plan(engine, input)?;
    execute(engine, plan)
}

/// A PutItem with every check made.
struct Plan {
    table_name: String,
    table: Arc<TableDef>,
    key: PrimaryKey,
    item: Item,
    options: WriteOptions,
}

/// DynamoDB's checks for PutItem, in its order: the table name and item, the request's other
/// constraints, ReturnValues, the condition and its maps, the item's own limits, then the
/// table and the item's key.
fn plan(engine: &Engine, input: PutItemInput) -> DynamoResult<Plan> {
    check_table_and_target_first(input.table_name.as_deref(), input.item.is_some(), "item")?;
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
    let item = input.item;
    // The item's own limits come before the table lookup, as in DynamoDB.
    check_nesting(&item)?;
    check_item_size(&item)?;
    let table = engine.table(&input.table_name)?;
    let key = key_of_new_item(&item, &table.key)?;
    Ok(Plan {
        table_name: input.table_name,
        table,
        key,
        item,
        options,
    })
}

/// The checks made before the request's attribute values are looked at (see
/// `ops::run_checked`): the legacy and expression conditions are not mixed.
pub fn check_before_values(input: &ddb_wire::valid::PutItemInput) -> DynamoResult<()> {
    check_condition_not_mixed(
        input.expected.is_some(),
        input.conditional_operator.is_some(),
        input.condition_expression.is_some(),
    )
}

/// Writes the item under its stripe lock, if the condition holds of the current one.
fn execute(engine: &Engine, plan: Plan) -> DynamoResult<PutItemOutput> {
    let Plan {
        table_name,
        table,
        key,
        item,
        options,
    } = plan;
    let outcome = engine.write_item(&table_name, &key, false, |def, old| {
        check_condition(options.condition.as_ref(), old, options.return_on_failure)?;
        if def.has_local_indexes() {
            let growth = ddb_model::size::item_size(&item) as i64
                - old.map(ddb_model::size::item_size).unwrap_or(0) as i64;
            engine.check_collection_limit(def, &key.hash, growth)?;
        }
        Ok(Decision::Put(item))
    })?;
    Ok(PutItemOutput {
        attributes: if options.return_values == ReturnValues::AllOld {
            outcome.old
        } else {
            None
        },
        consumed_capacity: outcome.consumption.report(options.capacity).map(Into::into),
        item_collection_metrics: if options.metrics {
            engine.collection_metrics(&table, &key.hash)?
        } else {
            None
        },
    })
}
