//! The `TableDescription` that CreateTable, DescribeTable, UpdateTable and DeleteTable return.

use serde_json::{json, Map, Value};

use crate::schema::{BillingMode, IndexDef, IndexKind, TableDef, Throughput};
use crate::Engine;

/// Table lifecycle states reported on the wire.
#[derive(Debug, Clone, Copy)]
pub enum TableStatus {
    /// `ACTIVE`: ready for every operation.
    Active,
    /// `UPDATING`: an UpdateTable change is under way.
    Updating,
    /// `DELETING`: being deleted.
    Deleting,
}

impl TableStatus {
    fn as_str(self) -> &'static str {
        match self {
            TableStatus::Active => "ACTIVE",
            TableStatus::Updating => "UPDATING",
            TableStatus::Deleting => "DELETING",
        }
    }
}

fn throughput_json(t: &Throughput) -> Value {
    let mut m = Map::new();
    if let Some(at) = t.last_increase {
        m.insert("LastIncreaseDateTime".into(), json!(at));
    }
    if let Some(at) = t.last_decrease {
        m.insert("LastDecreaseDateTime".into(), json!(at));
    }
    m.insert("NumberOfDecreasesToday".into(), json!(t.decreases_today));
    m.insert("ReadCapacityUnits".into(), json!(t.read));
    m.insert("WriteCapacityUnits".into(), json!(t.write));
    Value::Object(m)
}

impl Engine {
    fn index_json(&self, def: &TableDef, index: &IndexDef) -> Value {
        let stats = self.catalog.stats(index.id);
        let mut m = Map::new();
        m.insert("IndexName".into(), json!(index.name));
        m.insert("KeySchema".into(), json!(index.key.to_wire()));
        m.insert("Projection".into(), json!(index.projection.to_wire()));
        if index.kind == IndexKind::Global {
            m.insert("IndexStatus".into(), json!(index.status.as_str()));
            if index.backfilling {
                m.insert("Backfilling".into(), json!(true));
            }
            let t = index.throughput.clone().unwrap_or_default();
            m.insert("ProvisionedThroughput".into(), throughput_json(&t));
        }
        m.insert("IndexSizeBytes".into(), json!(stats.bytes()));
        m.insert("ItemCount".into(), json!(stats.items()));
        m.insert(
            "IndexArn".into(),
            json!(format!("{}/index/{}", def.arn, index.name)),
        );
        Value::Object(m)
    }

    /// The full description of a table in the given state.
    pub fn describe(&self, def: &TableDef, status: TableStatus) -> Value {
        let stats = self.catalog.stats(def.id);
        let mut m = Map::new();
        let defs: Vec<Value> = def
            .attribute_definitions
            .iter()
            .map(|(n, t)| json!({"AttributeName": n, "AttributeType": t.as_str()}))
            .collect();
        m.insert("AttributeDefinitions".into(), Value::Array(defs));
        m.insert("TableName".into(), json!(def.name));
        m.insert("KeySchema".into(), json!(def.key.to_wire()));
        m.insert("TableStatus".into(), json!(status.as_str()));
        m.insert("CreationDateTime".into(), json!(def.created));
        m.insert(
            "ProvisionedThroughput".into(),
            throughput_json(&def.throughput),
        );
        m.insert("TableSizeBytes".into(), json!(stats.bytes()));
        m.insert("ItemCount".into(), json!(stats.items()));
        m.insert("TableArn".into(), json!(def.arn));
        m.insert("TableId".into(), json!(def.uuid));
        let mut billing = Map::new();
        billing.insert("BillingMode".into(), json!(def.billing.as_str()));
        if let (BillingMode::PayPerRequest, Some(at)) =
            (def.billing, def.billing_changed.or(Some(def.created)))
        {
            billing.insert("LastUpdateToPayPerRequestDateTime".into(), json!(at));
        }
        m.insert("BillingModeSummary".into(), Value::Object(billing));
        let lsis: Vec<Value> = def
            .local_indexes()
            .map(|i| self.index_json(def, i))
            .collect();
        if !lsis.is_empty() {
            m.insert("LocalSecondaryIndexes".into(), Value::Array(lsis));
        }
        let gsis: Vec<Value> = def
            .global_indexes()
            .map(|i| self.index_json(def, i))
            .collect();
        if !gsis.is_empty() {
            m.insert("GlobalSecondaryIndexes".into(), Value::Array(gsis));
        }
        if let Some(stream) = &def.stream {
            {
                m.insert("StreamSpecification".into(), json!(stream.to_wire()));
                if let Some(label) = &def.stream_label {
                    m.insert("LatestStreamLabel".into(), json!(label));
                    m.insert(
                        "LatestStreamArn".into(),
                        json!(format!("{}/stream/{label}", def.arn)),
                    );
                }
            }
        }
        if let Some(sse) = &def.sse {
            {
                let key = sse.kms_master_key_id.clone().unwrap_or_else(|| {
                    format!(
                        "arn:aws:kms:{}:{}:key/ddb-managed-key",
                        self.config.region, self.config.account_id
                    )
                });
                m.insert(
                    "SSEDescription".into(),
                    json!({"Status": "ENABLED", "SSEType": "KMS", "KMSMasterKeyArn": key}),
                );
            }
        }
        if let Some(class) = &def.table_class {
            m.insert("TableClassSummary".into(), json!({"TableClass": class}));
        }
        m.insert(
            "DeletionProtectionEnabled".into(),
            json!(def.deletion_protection),
        );
        Value::Object(m)
    }
}
