//! UpdateTimeToLive: turns expiry of a table's items on (naming the attribute) or off.

use std::sync::Arc;

use ddb_model::DynamoResult;
use ddb_storage::WriteBatch;
use ddb_wire::{TimeToLiveSpecification, UpdateTimeToLiveOutput};

use crate::invalid::Invalid;
use crate::schema::TableDef;
use crate::{table_level_not_found, Engine};

pub use ddb_wire::UpdateTimeToLiveInput;

/// UpdateTimeToLive: turns expiry on or off.
pub fn update_time_to_live(
    engine: &Engine,
    input: UpdateTimeToLiveInput,
) -> DynamoResult<UpdateTimeToLiveOutput> {
    let plan = plan(engine, input)?;
    execute(engine, plan)
}

/// An UpdateTimeToLive with every check made.
struct Plan {
    table: Arc<TableDef>,
    enable: bool,
    attribute: String,
}

/// DynamoDB's checks for UpdateTimeToLive, in its order: the request's constraints, the
/// table, then whether the change is one (already enabled, already disabled, or disabling
/// another attribute than the enabled one).
fn plan(engine: &Engine, input: UpdateTimeToLiveInput) -> DynamoResult<Plan> {
    let input = input.validate()?;
    let spec = input.time_to_live_specification;
    let table = engine
        .lookup(&input.table_name)
        .ok_or_else(|| table_level_not_found(&input.table_name))?;
    match (&table.ttl_attribute, spec.enabled) {
        (Some(_), true) => return Err(Invalid::TtlAlreadyEnabled.into()),
        (None, false) => return Err(Invalid::TtlAlreadyDisabled.into()),
        (Some(existing), false) if *existing != spec.attribute_name => {
            return Err(Invalid::TtlOtherAttribute {
                current: existing.clone(),
            }
            .into())
        }
        _ => {}
    }
    Ok(Plan {
        table,
        enable: spec.enabled,
        attribute: spec.attribute_name,
    })
}

/// Saves the table with its new expiry setting; the answer repeats the specification.
fn execute(engine: &Engine, plan: Plan) -> DynamoResult<UpdateTimeToLiveOutput> {
    let mut def = (*plan.table).clone();
    def.ttl_attribute = plan.enable.then(|| plan.attribute.clone());
    engine
        .catalog
        .save(engine.storage.as_ref(), def, WriteBatch::default())?;
    Ok(UpdateTimeToLiveOutput {
        time_to_live_specification: Some(TimeToLiveSpecification {
            enabled: Some(plan.enable),
            attribute_name: Some(plan.attribute),
        }),
    })
}
