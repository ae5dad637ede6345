//! Time to live: the sweep that deletes expired items. An item whose TTL attribute is a number
//! of epoch seconds in the past is deleted (with its index entries), unless it lies more than
//! five years back, which DynamoDB ignores.

use std::ops::Bound;
use std::time::{SystemTime, UNIX_EPOCH};

use ddb_model::codec::decode_item;
use ddb_model::{AttributeValue, DynamoError, DynamoResult};

use crate::catalog::storage_error;
use crate::item_write::Decision;
use crate::keys::key_of_new_item;
use crate::layout::{prefix_end, space_prefix, ITEM_TAG};
use crate::streams::record::Origin;
use crate::Engine;

/// Expiry times further back than this are not acted on.
const FIVE_YEARS_SECONDS: i64 = 5 * 365 * 24 * 3600;

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
                self.write_item_by(Origin::TimeToLive, &name, &key, false, |_, old| {
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
