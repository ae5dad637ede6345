//! TransactGetItems: up to 100 items read together, at twice the cost of a strongly
//! consistent read.

use std::collections::BTreeMap;
use std::sync::Arc;

use ddb_expr::{parse_projection, project, ExpressionContext, Path};
use ddb_model::capacity::{read_units, ReadKind};
use ddb_model::size::item_size;
use ddb_model::{AttributeValue, DynamoResult};

use crate::capacity::{Consumption, ReturnCapacity, UnitKind};
use crate::expression_params::check_expression_maps;
use crate::invalid::Invalid;
use crate::keys::{is_key_misfit, key_from_param};
use crate::layout::item_key;
use crate::ops::transact_write_items::{cancelled, cancelled_at, reason};
use crate::schema::TableDef;
use crate::throttling::{cancellation_code, Admission, Target};
use crate::Engine;

pub use ddb_wire::{ItemResponse, TransactGetItemsInput, TransactGetItemsOutput};

/// TransactGetItems: reads every item together, or fails as a whole.
pub fn transact_get_items(
    engine: &Engine,
    input: TransactGetItemsInput,
) -> DynamoResult<TransactGetItemsOutput> {
    let plan = plan(engine, input)?;
    execute(engine, plan)
}

/// A TransactGetItems with every check made.
struct Plan {
    gets: Vec<PlannedGet>,
    capacity: ReturnCapacity,
}

/// One `Get`, checked.
struct PlannedGet {
    table: Arc<TableDef>,
    /// The item's partition key (which partition the read spends on).
    partition_key: AttributeValue,
    storage_key: Vec<u8>,
    projection: Option<Vec<Path>>,
}

/// DynamoDB's checks for TransactGetItems, in its order: the request's constraints, then per
/// `Get` its expression maps and projection, the table and the key, and no item twice.
fn plan(engine: &Engine, input: TransactGetItemsInput) -> DynamoResult<Plan> {
    let input = input.validate()?;
    let count = input.transact_items.len();
    let mut gets: Vec<PlannedGet> = Vec::with_capacity(count);
    for (i, item) in input.transact_items.into_iter().enumerate() {
        let get = item.get;
        let names = get.expression_attribute_names.as_ref();
        check_expression_maps(names, None, get.projection_expression.is_some())?;
        let mut ctx = ExpressionContext::new(names, None);
        let projection = match &get.projection_expression {
            Some(text) => Some(parse_projection(text, &mut ctx)?),
            None => None,
        };
        ctx.check_all_used()?;
        let table = engine.table(&get.table_name)?;
        // A key that does not fit the schema cancels the transaction at this action (the
        // dynamodb-conformance suite's tier-3 TransactGetItems test, checked against AWS).
        let key = match key_from_param(&get.key, &table.key) {
            Ok(key) => key,
            Err(e) if is_key_misfit(&e) => return Err(cancelled_at(count, i, &e.message)),
            Err(e) => return Err(e),
        };
        let storage_key = item_key(table.id, &key.hash, key.range.as_ref());
        if gets.iter().any(|g| g.storage_key == storage_key) {
            return Err(Invalid::OneItemTwice.into());
        }
        gets.push(PlannedGet {
            table,
            partition_key: key.hash,
            storage_key,
            projection,
        });
    }
    Ok(Plan {
        gets,
        capacity: input.return_consumed_capacity.into(),
    })
}

/// Reads every item under all their locks, so the reads see one consistent state.
fn execute(engine: &Engine, plan: Plan) -> DynamoResult<TransactGetItemsOutput> {
    let _guards = engine
        .locks
        .lock_many(plan.gets.iter().map(|g| g.storage_key.as_slice()));
    let admissions = admit_all(engine, &plan.gets)?;
    let mut responses = Vec::with_capacity(plan.gets.len());
    let mut per_table: BTreeMap<String, Consumption> = BTreeMap::new();
    for (get, admission) in plan.gets.iter().zip(admissions) {
        let item = engine.read_at(&get.storage_key)?;
        let size = item.as_ref().map(item_size).unwrap_or(0);
        let mut consumption = Consumption::new(&get.table.name, UnitKind::Read);
        consumption.table = read_units(size, ReadKind::Transactional);
        engine.charge(&get.table, Target::Table, &consumption, admission);
        per_table
            .entry(get.table.name.clone())
            .or_insert_with(|| Consumption::new(&get.table.name, UnitKind::Read))
            .merge(&consumption);
        let item = item.map(|item| match &get.projection {
            Some(paths) => project(&item, paths),
            None => item,
        });
        responses.push(ItemResponse { item });
    }
    let consumed_capacity = (plan.capacity != ReturnCapacity::None).then(|| {
        per_table
            .values()
            .filter_map(|c| c.report(plan.capacity))
            .map(Into::into)
            .collect()
    });
    Ok(TransactGetItemsOutput {
        consumed_capacity,
        responses: Some(responses),
    })
}

/// Cancels the transaction when any read finds its table (or the item's partition) without
/// capacity, naming the throttled reads.
fn admit_all(engine: &Engine, gets: &[PlannedGet]) -> DynamoResult<Vec<Admission>> {
    let mut throttled = false;
    let mut reasons = Vec::with_capacity(gets.len());
    let mut admissions = Vec::with_capacity(gets.len());
    for get in gets {
        let partition_key = std::slice::from_ref(&get.partition_key);
        match engine.admit(
            &get.table,
            Target::Table,
            UnitKind::Read,
            Some(partition_key),
        ) {
            Ok(admission) => {
                admissions.push(admission);
                reasons.push(reason("None", None, None));
            }
            Err(refused) => match cancellation_code(&refused) {
                Some(code) => {
                    throttled = true;
                    reasons.push(reason(code, Some(&refused.message), None));
                }
                None => return Err(refused),
            },
        }
    }
    if throttled {
        return Err(cancelled(reasons));
    }
    Ok(admissions)
}
