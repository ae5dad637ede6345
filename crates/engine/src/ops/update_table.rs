//! UpdateTable: provisioned throughput, billing mode, deletion protection, streams, encryption,
//! table class, and global secondary indexes (created with a backfill of existing items, updated,
//! or deleted).

use std::collections::HashSet;

use serde::Deserialize;
use serde_json::{json, Value};

use ddb_model::codec::{decode_item, item_to_bytes};
use ddb_model::{DynamoError, DynamoResult};
use ddb_storage::WriteBatch;

use crate::catalog::storage_error;
use crate::clock::{now_seconds, stream_label_at};
use crate::constraints::Violations;
use crate::index_entries::entry_for;
use crate::invalid::Invalid;
use crate::keys::key_of_new_item;
use crate::layout::{prefix_end, space_prefix, INDEX_TAG, ITEM_TAG};
use crate::schema::*;
use crate::table_description::TableStatus;
use crate::table_level_not_found;
use crate::table_spec::{
    build_global_index, check_index_set, check_key_schema_constraints,
    check_projection_constraints, check_throughput_bounds, check_throughput_constraints, MAX_GSIS,
};
use crate::Engine;

/// UpdateTable's request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateTableInput {
    /// `TableName`: the table's name (or, where DynamoDB allows it, its ARN).
    pub table_name: Option<String>,
    /// `AttributeDefinitions`: the type of every key attribute of the table and its indexes.
    pub attribute_definitions: Option<Vec<AttributeDefinition>>,
    /// `BillingMode`: PROVISIONED or PAY_PER_REQUEST.
    pub billing_mode: Option<String>,
    /// `ProvisionedThroughput`: read and write capacity units, for PROVISIONED billing.
    pub provisioned_throughput: Option<ProvisionedThroughputSpec>,
    /// `GlobalSecondaryIndexUpdates`: global indexes to create, update or delete.
    pub global_secondary_index_updates: Option<Vec<GsiUpdate>>,
    /// `StreamSpecification`: whether the table has a stream, and what it records.
    pub stream_specification: Option<StreamSpecification>,
    /// `SSESpecification`: server-side encryption settings.
    #[serde(rename = "SSESpecification")]
    pub sse_specification: Option<SseSpecification>,
    /// `TableClass`: STANDARD or STANDARD_INFREQUENT_ACCESS.
    pub table_class: Option<String>,
    /// `DeletionProtectionEnabled`: whether DeleteTable is refused.
    #[serde(default, deserialize_with = "ddb_model::value::lenient_bool")]
    pub deletion_protection_enabled: Option<bool>,
}

/// One element of `GlobalSecondaryIndexUpdates`: exactly one change.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GsiUpdate {
    /// `Create`: a new global index.
    pub create: Option<IndexSpec>,
    /// `Update`: new throughput for an index.
    pub update: Option<IndexSpec>,
    /// `Delete`: the index to drop.
    pub delete: Option<IndexSpec>,
}

fn check_constraints(input: &UpdateTableInput) -> DynamoResult<()> {
    let mut v = Violations::new();
    v.table_name(input.table_name.as_deref(), "tableName");
    v.one_of(
        input.billing_mode.as_deref(),
        "billingMode",
        &["PROVISIONED", "PAY_PER_REQUEST"],
    );
    check_throughput_constraints(
        &mut v,
        &input.provisioned_throughput,
        "provisionedThroughput",
    );
    v.one_of(
        input.table_class.as_deref(),
        "tableClass",
        &["STANDARD", "STANDARD_INFREQUENT_ACCESS"],
    );
    for (i, u) in input
        .global_secondary_index_updates
        .iter()
        .flatten()
        .enumerate()
    {
        let member = format!("globalSecondaryIndexUpdates.{}.member", i + 1);
        if let Some(c) = &u.create {
            v.name(
                c.index_name.as_deref(),
                &format!("{member}.create.indexName"),
                255,
            );
            check_key_schema_constraints(
                &mut v,
                &c.key_schema,
                &format!("{member}.create.keySchema"),
            );
            check_projection_constraints(
                &mut v,
                &c.projection,
                &format!("{member}.create.projection"),
            );
            check_throughput_constraints(
                &mut v,
                &c.provisioned_throughput,
                &format!("{member}.create.provisionedThroughput"),
            );
        }
        if let Some(d) = &u.delete {
            v.name(
                d.index_name.as_deref(),
                &format!("{member}.delete.indexName"),
                255,
            );
        }
        if let Some(up) = &u.update {
            v.name(
                up.index_name.as_deref(),
                &format!("{member}.update.indexName"),
                255,
            );
            check_throughput_constraints(
                &mut v,
                &up.provisioned_throughput,
                &format!("{member}.update.provisionedThroughput"),
            );
        }
    }
    v.into_result()
}

fn apply_throughput(def: &mut TableDef, spec: &ProvisionedThroughputSpec) -> DynamoResult<()> {
    check_throughput_bounds(spec)?;
    let read = spec.read_capacity_units.unwrap_or(def.throughput.read);
    let write = spec.write_capacity_units.unwrap_or(def.throughput.write);
    if def.billing == BillingMode::Provisioned
        && read == def.throughput.read
        && write == def.throughput.write
    {
        return Err(Invalid::ThroughputUnchanged {
            current_read: def.throughput.read,
            read,
            current_write: def.throughput.write,
            write,
        }
        .into());
    }
    let now = now_seconds();
    if read > def.throughput.read || write > def.throughput.write {
        def.throughput.last_increase = Some(now);
    }
    if read < def.throughput.read || write < def.throughput.write {
        def.throughput.last_decrease = Some(now);
        def.throughput.decreases_today += 1;
    }
    def.throughput.read = read;
    def.throughput.write = write;
    Ok(())
}

fn apply_billing(def: &mut TableDef, input: &UpdateTableInput) -> DynamoResult<()> {
    let requested = match input.billing_mode.as_deref() {
        Some("PAY_PER_REQUEST") => Some(BillingMode::PayPerRequest),
        Some("PROVISIONED") => Some(BillingMode::Provisioned),
        _ => None,
    };
    let target = requested.unwrap_or(def.billing);
    match (target, &input.provisioned_throughput) {
        (BillingMode::PayPerRequest, Some(_)) => return Err(Invalid::ThroughputOnDemand.into()),
        (BillingMode::Provisioned, None) if def.billing == BillingMode::PayPerRequest => {
            return Err(Invalid::ProvisionedNeedsThroughput.into())
        }
        _ => {}
    }
    if target != def.billing {
        def.billing = target;
        def.billing_changed = Some(now_seconds());
        if target == BillingMode::PayPerRequest {
            def.throughput = Throughput::default();
            for index in def
                .indexes
                .iter_mut()
                .filter(|i| i.kind == IndexKind::Global)
            {
                index.throughput = Some(Throughput::default());
            }
        } else {
            let spec = input
                .provisioned_throughput
                .as_ref()
                .expect("checked above");
            def.throughput = Throughput {
                read: spec.read_capacity_units.unwrap_or(1),
                write: spec.write_capacity_units.unwrap_or(1),
                ..Throughput::default()
            };
        }
    } else if let Some(spec) = &input.provisioned_throughput {
        apply_throughput(def, spec)?;
    }
    Ok(())
}

fn merge_definitions(def: &mut TableDef, input: &UpdateTableInput) -> DynamoResult<()> {
    for d in input.attribute_definitions.iter().flatten() {
        let name = d.attribute_name.clone().unwrap_or_default();
        let Some(ty) = d.attribute_type.as_deref().and_then(ScalarType::parse) else {
            return Err(Invalid::NotInEnum {
                value: d.attribute_type.clone().unwrap_or_default(),
                at: "attributeDefinitions.1.member.attributeType",
                allowed: &["B", "N", "S"],
            }
            .into());
        };
        match def.attribute_definitions.iter().find(|(n, _)| *n == name) {
            Some((_, existing)) if *existing != ty => {
                return Err(Invalid::KeyTypeChange { name }.into())
            }
            Some(_) => {}
            None => def.attribute_definitions.push((name, ty)),
        }
    }
    Ok(())
}

/// The checks DynamoDB makes on the request alone, before it looks the table up.
fn check_request_shape(input: &UpdateTableInput) -> DynamoResult<()> {
    let nothing = input.billing_mode.is_none()
        && input.provisioned_throughput.is_none()
        && input
            .global_secondary_index_updates
            .as_ref()
            .is_none_or(Vec::is_empty)
        && input.stream_specification.is_none()
        && input.sse_specification.is_none()
        && input.table_class.is_none()
        && input.deletion_protection_enabled.is_none();
    if nothing {
        return Err(Invalid::NothingToUpdate.into());
    }
    if let Some(t) = &input.provisioned_throughput {
        check_throughput_bounds(t)?;
    }
    let updates = input
        .global_secondary_index_updates
        .as_deref()
        .unwrap_or_default();
    if updates
        .iter()
        .any(|u| u.create.is_none() && u.delete.is_none() && u.update.is_none())
    {
        return Err(Invalid::NoIndexAction.into());
    }
    // An index update's capacity is checked once the table and index are found.
    check_one_update_per_index(updates)
}

/// DynamoDB refuses, before touching anything, a request that names one index twice.
fn check_one_update_per_index(updates: &[GsiUpdate]) -> DynamoResult<()> {
    let mut seen = HashSet::new();
    for u in updates {
        let name = [
            u.create.as_ref().and_then(|s| s.index_name.as_deref()),
            u.delete.as_ref().and_then(|s| s.index_name.as_deref()),
            u.update.as_ref().and_then(|s| s.index_name.as_deref()),
        ]
        .into_iter()
        .flatten()
        .next();
        if let Some(name) = name {
            if !seen.insert(name) {
                return Err(Invalid::IndexUpdatedTwice {
                    index: name.to_string(),
                }
                .into());
            }
        }
    }
    Ok(())
}

/// Applies index updates; returns the indexes to backfill and the ids whose data to drop.
fn apply_index_updates(
    engine: &Engine,
    def: &mut TableDef,
    updates: &[GsiUpdate],
    batch: &mut WriteBatch,
) -> DynamoResult<(Vec<String>, Vec<u32>)> {
    let mut created = Vec::new();
    let mut dropped = Vec::new();
    for u in updates {
        if let Some(spec) = &u.create {
            let mut index = build_global_index(
                spec,
                &def.attribute_definitions,
                def.billing,
                IndexStatus::Creating,
            )?;
            if def.index(&index.name).is_some() {
                return Err(Invalid::IndexExists {
                    index: index.name.clone(),
                }
                .into());
            }
            if def.global_indexes().count() >= MAX_GSIS {
                return Err(DynamoError::new(
                    ddb_model::ErrorKind::LimitExceeded,
                    format!("Subscriber limit exceeded: The maximum number of global secondary indexes is {MAX_GSIS}"),
                ));
            }
            index.id = engine.catalog.allocate_ids(1, batch)[0];
            index.backfilling = true;
            created.push(index.name.clone());
            def.indexes.push(index);
        } else if let Some(spec) = &u.delete {
            let name = spec.index_name.clone().unwrap_or_default();
            let pos = def
                .indexes
                .iter()
                .position(|i| i.name == name && i.kind == IndexKind::Global)
                .ok_or_else(|| {
                    DynamoError::not_found(format!(
                        "Requested resource not found: Index: {name} not found"
                    ))
                })?;
            dropped.push(def.indexes.remove(pos).id);
        } else if let Some(spec) = &u.update {
            let name = spec.index_name.clone().unwrap_or_default();
            let billing = def.billing;
            let index = def
                .indexes
                .iter_mut()
                .find(|i| i.name == name && i.kind == IndexKind::Global)
                .ok_or_else(|| {
                    DynamoError::not_found(format!(
                        "Requested resource not found: Index: {name} not found"
                    ))
                })?;
            if let Some(t) = &spec.provisioned_throughput {
                if billing == BillingMode::PayPerRequest {
                    return Err(Invalid::IndexThroughputOnDemand { index: name }.into());
                }
                check_throughput_bounds(t)?;
                let current = index.throughput.get_or_insert_with(Throughput::default);
                current.read = t.read_capacity_units.unwrap_or(current.read);
                current.write = t.write_capacity_units.unwrap_or(current.write);
            }
        } else {
            return Err(Invalid::NoIndexAction.into());
        }
    }
    Ok((created, dropped))
}

/// Writes the entries of a new index for every existing item. Runs after the index is in the
/// catalog (status CREATING), so writes made meanwhile maintain it; each item is handled under
/// its item lock so a concurrent write and the backfill never interleave on one item.
fn backfill(engine: &Engine, table_name: &str, index_name: &str) -> DynamoResult<()> {
    let def = engine.table(table_name)?;
    let index = def
        .index(index_name)
        .cloned()
        .ok_or_else(|| DynamoError::internal("index vanished"))?;
    let start = space_prefix(ITEM_TAG, def.id);
    let end = prefix_end(&start).expect("prefix has a non-0xff byte");
    let keys: Vec<Vec<u8>> = engine
        .storage
        .range(
            std::ops::Bound::Included(start),
            std::ops::Bound::Excluded(end),
            false,
        )
        .map(|kv| kv.map(|(k, _)| k))
        .collect::<Result<_, _>>()
        .map_err(storage_error)?;
    let stats = engine.catalog.stats(index.id);
    for storage_key in keys {
        let _guard = engine.locks.lock(&storage_key);
        let Some(bytes) = engine.storage.get(&storage_key).map_err(storage_error)? else {
            continue;
        };
        let item = decode_item(&bytes).map_err(|e| DynamoError::internal(e.to_string()))?;
        let key = key_of_new_item(&item, &def.key)?;
        // An item whose index key has the wrong type is left out, as DynamoDB's backfill does.
        if let Ok(Some(entry)) = entry_for(&index, &def.key, &key, &item) {
            if engine
                .storage
                .get(&entry.storage_key)
                .map_err(storage_error)?
                .is_none()
            {
                stats.add(1, ddb_model::size::item_size(&entry.item) as i64);
            }
            let mut batch = WriteBatch::default();
            batch.put(entry.storage_key, item_to_bytes(&entry.item));
            engine.storage.write(batch).map_err(storage_error)?;
        }
    }
    Ok(())
}

fn set_index_active(engine: &Engine, table_name: &str, index_name: &str) -> DynamoResult<()> {
    let Some(current) = engine.catalog.get(table_name) else {
        return Ok(());
    };
    let mut def = (*current).clone();
    if let Some(index) = def.indexes.iter_mut().find(|i| i.name == index_name) {
        index.status = IndexStatus::Active;
        index.backfilling = false;
    }
    engine
        .catalog
        .save(engine.storage.as_ref(), def, WriteBatch::default())?;
    Ok(())
}

/// UpdateTable: applies one change to the table's definition and describes the table.
pub fn update_table(engine: &Engine, input: UpdateTableInput) -> DynamoResult<Value> {
    check_constraints(&input)?;
    check_request_shape(&input)?;
    let name = input.table_name.clone().expect("checked");
    let current = engine
        .lookup(&name)
        .ok_or_else(|| table_level_not_found(&name))?;
    let mut def = (*current).clone();
    merge_definitions(&mut def, &input)?;
    apply_billing(&mut def, &input)?;
    let mut batch = WriteBatch::default();
    let (created, dropped) = apply_index_updates(
        engine,
        &mut def,
        input
            .global_secondary_index_updates
            .as_deref()
            .unwrap_or_default(),
        &mut batch,
    )?;
    if !created.is_empty() {
        check_index_set(&def.indexes, &def.attribute_definitions, &def.key)?;
    }
    if let Some(s) = &input.stream_specification {
        match s.stream_enabled {
            Some(true) => {
                if s.stream_view_type.is_none() {
                    return Err(Invalid::StreamViewTypeMissing.into());
                }
                if def.stream.is_some() {
                    return Err(Invalid::StreamAlreadyEnabled {
                        arn: def.arn.clone(),
                    }
                    .into());
                }
                def.stream = s.to_settings();
                def.stream_label = Some(stream_label_at(now_seconds()));
            }
            _ => {
                if def.stream.is_none() {
                    return Err(Invalid::StreamAlreadyDisabled.into());
                }
                def.stream = None;
            }
        }
    }
    if let Some(sse) = &input.sse_specification {
        def.sse = sse.to_settings();
    }
    if let Some(class) = &input.table_class {
        def.table_class = (class != "STANDARD").then(|| class.clone());
    }
    if let Some(p) = input.deletion_protection_enabled {
        def.deletion_protection = p;
    }
    let saved = engine.catalog.save(engine.storage.as_ref(), def, batch)?;
    let description = engine.describe(&saved, TableStatus::Updating);
    for id in dropped {
        engine
            .storage
            .delete_prefix(&space_prefix(INDEX_TAG, id))
            .map_err(storage_error)?;
        engine.catalog.drop_stats(id);
    }
    for index_name in created {
        backfill(engine, &name, &index_name)?;
        set_index_active(engine, &name, &index_name)?;
    }
    Ok(json!({ "TableDescription": description }))
}
