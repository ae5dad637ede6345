//! The `TableDescription` that CreateTable, DescribeTable, UpdateTable and DeleteTable return,
//! built as the generated [`ddb_wire::TableDescription`] from the catalog's definition.

use ddb_wire::{
    AttributeDefinition, BillingModeSummary, EnumValue, GlobalSecondaryIndexDescription,
    LocalSecondaryIndexDescription, ProvisionedThroughputDescription, SSEDescription, SSEStatus,
    SSEType, TableClass, TableClassSummary, TableDescription, WireEnum,
};

use crate::schema::{BillingMode, IndexDef, TableDef, Throughput};
use crate::warm_throughput;
use crate::Engine;

/// Table lifecycle states reported on the wire.
#[derive(Debug, Clone, Copy)]
pub enum TableStatus {
    /// `CREATING`: CreateTable's work is under way (only with `--table-delays`).
    Creating,
    /// `ACTIVE`: ready for every operation.
    Active,
    /// `UPDATING`: an UpdateTable change is under way.
    Updating,
    /// `DELETING`: being deleted.
    Deleting,
}

impl From<TableStatus> for ddb_wire::TableStatus {
    fn from(status: TableStatus) -> ddb_wire::TableStatus {
        match status {
            TableStatus::Creating => ddb_wire::TableStatus::Creating,
            TableStatus::Active => ddb_wire::TableStatus::Active,
            TableStatus::Updating => ddb_wire::TableStatus::Updating,
            TableStatus::Deleting => ddb_wire::TableStatus::Deleting,
        }
    }
}

/// The table's WarmThroughput: ACTIVE, since ddb warms a table at once.
fn table_warm_description(def: &TableDef) -> ddb_wire::TableWarmThroughputDescription {
    let warm = warm_throughput::current(def.warm, def.billing, &def.throughput);
    ddb_wire::TableWarmThroughputDescription {
        read_units_per_second: Some(warm.read),
        write_units_per_second: Some(warm.write),
        status: Some(ddb_wire::TableStatus::Active.into()),
    }
}

/// A global index's WarmThroughput, ACTIVE.
fn index_warm_description(
    def: &TableDef,
    index: &IndexDef,
) -> ddb_wire::GlobalSecondaryIndexWarmThroughputDescription {
    let throughput = index.throughput.clone().unwrap_or_default();
    let warm = warm_throughput::current(index.warm, def.billing, &throughput);
    ddb_wire::GlobalSecondaryIndexWarmThroughputDescription {
        read_units_per_second: Some(warm.read),
        write_units_per_second: Some(warm.write),
        status: Some(ddb_wire::IndexStatus::Active.into()),
    }
}

fn throughput_description(t: &Throughput, now: f64) -> ProvisionedThroughputDescription {
    ProvisionedThroughputDescription {
        last_increase_date_time: t.last_increase,
        last_decrease_date_time: t.last_decrease,
        number_of_decreases_today: Some(crate::throughput_change::decreases_today(t, now)),
        read_capacity_units: Some(t.read),
        write_capacity_units: Some(t.write),
    }
}

impl Engine {
    fn index_arn(def: &TableDef, index: &IndexDef) -> String {
        format!("{}/index/{}", def.arn, index.name)
    }

    fn local_index_description(
        &self,
        def: &TableDef,
        index: &IndexDef,
    ) -> LocalSecondaryIndexDescription {
        let stats = self.catalog.stats(index.id);
        LocalSecondaryIndexDescription {
            index_name: Some(index.name.clone()),
            key_schema: Some(index.key.to_wire()),
            projection: Some(index.projection.to_wire()),
            index_size_bytes: Some(stats.bytes()),
            item_count: Some(stats.items()),
            index_arn: Some(Self::index_arn(def, index)),
        }
    }

    fn global_index_description(
        &self,
        def: &TableDef,
        index: &IndexDef,
    ) -> GlobalSecondaryIndexDescription {
        let stats = self.catalog.stats(index.id);
        GlobalSecondaryIndexDescription {
            index_name: Some(index.name.clone()),
            key_schema: Some(index.key.to_wire()),
            projection: Some(index.projection.to_wire()),
            index_status: Some(ddb_wire::IndexStatus::from(index.status).into()),
            backfilling: index.backfilling.then_some(true),
            provisioned_throughput: Some(throughput_description(
                &index.throughput.clone().unwrap_or_default(),
                self.clock.now_seconds(),
            )),
            index_size_bytes: Some(stats.bytes()),
            item_count: Some(stats.items()),
            index_arn: Some(Self::index_arn(def, index)),
            on_demand_throughput: index.on_demand.as_ref().map(crate::on_demand::describe),
            warm_throughput: Some(index_warm_description(def, index)),
        }
    }

    /// The full description of a table in the given state.
    pub fn describe(&self, def: &TableDef, status: TableStatus) -> TableDescription {
        let stats = self.catalog.stats(def.id);
        let lsis: Vec<_> = def
            .local_indexes()
            .map(|i| self.local_index_description(def, i))
            .collect();
        let gsis: Vec<_> = def
            .global_indexes()
            .map(|i| self.global_index_description(def, i))
            .collect();
        let stream_label = def.stream.as_ref().and(def.stream_label.as_ref());
        TableDescription {
            attribute_definitions: Some(attribute_definitions(def)),
            table_name: Some(def.name.clone()),
            key_schema: Some(def.key.to_wire()),
            table_status: Some(ddb_wire::TableStatus::from(status).into()),
            creation_date_time: Some(def.created),
            provisioned_throughput: Some(throughput_description(
                &def.throughput,
                self.clock.now_seconds(),
            )),
            table_size_bytes: Some(stats.bytes()),
            item_count: Some(stats.items()),
            table_arn: Some(def.arn.clone()),
            table_id: Some(def.uuid.clone()),
            billing_mode_summary: Some(billing_mode_summary(def)),
            local_secondary_indexes: (!lsis.is_empty()).then_some(lsis),
            global_secondary_indexes: (!gsis.is_empty()).then_some(gsis),
            stream_specification: def.stream.as_ref().map(|s| s.to_wire()),
            latest_stream_label: stream_label.cloned(),
            latest_stream_arn: stream_label.map(|label| format!("{}/stream/{label}", def.arn)),
            sse_description: self.sse_description(def),
            table_class_summary: def.table_class.as_deref().map(table_class_summary),
            deletion_protection_enabled: Some(def.deletion_protection),
            on_demand_throughput: def.on_demand.as_ref().map(crate::on_demand::describe),
            warm_throughput: Some(table_warm_description(def)),
            ..TableDescription::default()
        }
    }

    /// Server-side encryption with KMS, when the table asked for it; without a key of its own
    /// the table reports the account's DynamoDB-managed key.
    fn sse_description(&self, def: &TableDef) -> Option<SSEDescription> {
        def.sse.as_ref().map(|sse| {
            let key = sse.kms_master_key_id.clone().unwrap_or_else(|| {
                format!(
                    "arn:aws:kms:{}:{}:key/ddb-managed-key",
                    self.config.region, self.config.account_id
                )
            });
            SSEDescription {
                status: Some(SSEStatus::Enabled.into()),
                sse_type: Some(SSEType::Kms.into()),
                kms_master_key_arn: Some(key),
                inaccessible_encryption_date_time: None,
            }
        })
    }
}

fn attribute_definitions(def: &TableDef) -> Vec<AttributeDefinition> {
    def.attribute_definitions
        .iter()
        .map(|(name, ty)| AttributeDefinition {
            attribute_name: Some(name.clone()),
            attribute_type: Some(ddb_wire::ScalarAttributeType::from(*ty).into()),
        })
        .collect()
}

/// The billing mode, and since when the table pays per request (since it was created, unless
/// it changed mode since).
fn billing_mode_summary(def: &TableDef) -> BillingModeSummary {
    let last_update_to_pay_per_request_date_time = match def.billing {
        BillingMode::PayPerRequest => Some(def.billing_changed.unwrap_or(def.created)),
        BillingMode::Provisioned => None,
    };
    BillingModeSummary {
        billing_mode: Some(ddb_wire::BillingMode::from(def.billing).into()),
        last_update_to_pay_per_request_date_time,
    }
}

/// The table class, answered as given when it is not one this model knows.
fn table_class_summary(class: &str) -> TableClassSummary {
    TableClassSummary {
        table_class: Some(match TableClass::from_wire(class) {
            Some(known) => known.into(),
            None => EnumValue::Unknown(class.to_string()),
        }),
        last_update_date_time: None,
    }
}
