//! UpdateTimeToLive and DescribeTimeToLive, and the sweep that deletes expired items: an item
//! whose TTL attribute is a number of epoch seconds in the past is deleted (with its index
//! entries), unless it lies more than five years back, which DynamoDB ignores.

use std::ops::Bound;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Deserialize;
use serde_json::{json, Value};

use ddb_model::codec::decode_item;
use ddb_model::{AttributeValue, DynamoError, DynamoResult};
use ddb_storage::WriteBatch;

use crate::catalog::storage_error;
use crate::constraints::Violations;
use crate::item_write::Decision;
use crate::keys::key_of_new_item;
use crate::layout::{prefix_end, space_prefix, ITEM_TAG};
use crate::ops::describe_table::table_level_not_found;
use crate::Engine;

/// Expiry times further back than this are not acted on.
const FIVE_YEARS_SECONDS: i64 = 5 * 365 * 24 * 3600;

#[derive(Debug, Deserialize, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct TimeToLiveSpecification {
    #[serde(default, deserialize_with = "ddb_model::value::lenient_bool")]
    pub enabled: Option<bool>,
    pub attribute_name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateTimeToLiveInput {
    pub table_name: Option<String>,
    pub time_to_live_specification: Option<TimeToLiveSpecification>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTimeToLiveInput {
    pub table_name: Option<String>,
}

pub fn describe_time_to_live(
    engine: &Engine,
    input: DescribeTimeToLiveInput,
) -> DynamoResult<Value> {
    let mut v = Violations::new();
    v.table_name(input.table_name.as_deref(), "tableName");
    v.into_result()?;
    let name = input.table_name.expect("checked");
    let def = engine
        .lookup(&name)
        .ok_or_else(|| table_level_not_found(&name))?;
    Ok(match &def.ttl_attribute {
        Some(attr) => {
            json!({"TimeToLiveDescription": {"TimeToLiveStatus": "ENABLED", "AttributeName": attr}})
        }
        None => json!({"TimeToLiveDescription": {"TimeToLiveStatus": "DISABLED"}}),
    })
}

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
        (Some(_), true) => return Err(DynamoError::validation("TimeToLive is already enabled")),
        (None, false) => return Err(DynamoError::validation("TimeToLive is already disabled")),
        (Some(existing), false) if *existing != attr => {
            return Err(DynamoError::validation(format!(
                "TimeToLive is active on a different AttributeName: current AttributeName is {existing}"
            )))
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

fn now_epoch_seconds() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn expired(value: Option<&AttributeValue>, now: i64) -> bool {
    let Some(AttributeValue::N(n)) = value else {
        return false;
    };
    let Ok(at) = n.to_string().split('.').next().unwrap_or("").parse::<i64>() else {
        return false;
    };
    at <= now && at > now - FIVE_YEARS_SECONDS
}

impl Engine {
    /// Deletes every expired item of every table with TTL enabled; returns how many.
    pub fn expire_items(&self) -> DynamoResult<usize> {
        let now = now_epoch_seconds();
        let mut deleted = 0;
        for name in self.catalog.names_after(None) {
            let Some(def) = self.lookup(&name) else {
                continue;
            };
            let Some(attr) = def.ttl_attribute.clone() else {
                continue;
            };
            let start = space_prefix(ITEM_TAG, def.id);
            let end = prefix_end(&start).expect("prefix has a non-0xff byte");
            let mut doomed = Vec::new();
            for kv in self
                .storage
                .range(Bound::Included(start), Bound::Excluded(end), false)
            {
                let (_, bytes) = kv.map_err(storage_error)?;
                let item = decode_item(&bytes).map_err(|e| DynamoError::internal(e.to_string()))?;
                if expired(item.get(&attr), now) {
                    doomed.push(key_of_new_item(&item, &def.key)?);
                }
            }
            for key in doomed {
                // Re-checked under the item lock: the item may have been rewritten meanwhile.
                self.write_item(&name, &key, false, |_, old| {
                    Ok(match old {
                        Some(item) if expired(item.get(&attr), now) => Decision::Delete,
                        _ => Decision::Keep,
                    })
                })?;
                deleted += 1;
            }
        }
        Ok(deleted)
    }
}
