//! UpdateTimeToLive: turns expiry of a table's items on (naming the attribute) or off.

use serde::Deserialize;
use serde_json::{json, Value};

use ddb_model::DynamoResult;
use ddb_storage::WriteBatch;

use crate::constraints::Violations;
use crate::invalid::Invalid;
use crate::{table_level_not_found, Engine};

/// `TimeToLiveSpecification`.
#[derive(Debug, Deserialize, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct TimeToLiveSpecification {
    /// `Enabled`: whether items expire.
    #[serde(default, deserialize_with = "ddb_model::value::lenient_bool")]
    pub enabled: Option<bool>,
    /// `AttributeName`: the attribute holding each item's expiry time, in epoch seconds.
    pub attribute_name: Option<String>,
}

/// UpdateTimeToLive's request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateTimeToLiveInput {
    /// `TableName`: the table's name (or, where DynamoDB allows it, its ARN).
    pub table_name: Option<String>,
    /// `TimeToLiveSpecification`: turns expiry on or off.
    pub time_to_live_specification: Option<TimeToLiveSpecification>,
}

/// UpdateTimeToLive.
pub fn update_time_to_live(engine: &Engine, input: UpdateTimeToLiveInput) -> DynamoResult<Value> {
    let mut v = Violations::new();
    v.table_name(input.table_name.as_deref(), "tableName");
    match &input.time_to_live_specification {
        None => v.push("null", "timeToLiveSpecification", "Member must not be null"),
        Some(spec) => {
            v.require(&spec.enabled, "timeToLiveSpecification.enabled");
            match &spec.attribute_name {
                None => v.push(
                    "null",
                    "timeToLiveSpecification.attributeName",
                    "Member must not be null",
                ),
                Some(a) => v.length(a, "timeToLiveSpecification.attributeName", 1, 255),
            }
        }
    }
    v.into_result()?;
    let name = input.table_name.expect("checked");
    let spec = input.time_to_live_specification.expect("checked");
    let enable = spec.enabled.expect("checked");
    let attr = spec.attribute_name.clone().expect("checked");
    let current = engine
        .lookup(&name)
        .ok_or_else(|| table_level_not_found(&name))?;
    match (&current.ttl_attribute, enable) {
        (Some(_), true) => return Err(Invalid::TtlAlreadyEnabled.into()),
        (None, false) => return Err(Invalid::TtlAlreadyDisabled.into()),
        (Some(existing), false) if *existing != attr => {
            return Err(Invalid::TtlOtherAttribute {
                current: existing.clone(),
            }
            .into())
        }
        _ => {}
    }
    let mut def = (*current).clone();
    def.ttl_attribute = enable.then(|| attr.clone());
    engine
        .catalog
        .save(engine.storage.as_ref(), def, WriteBatch::default())?;
    Ok(json!({"TimeToLiveSpecification": {"Enabled": enable, "AttributeName": attr}}))
}
