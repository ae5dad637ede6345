//! UpdateTable: provisioned throughput, billing mode, deletion protection, streams, encryption,
//! table class, and global secondary indexes (created with a backfill of existing items, updated,
//! or deleted).

use std::collections::HashSet;
use std::sync::Arc;

use ddb_model::codec::{decode_item, item_to_bytes};
use ddb_model::{DynamoError, DynamoResult};
use ddb_storage::WriteBatch;
use ddb_wire::{valid, UpdateTableOutput};

use crate::catalog::storage_error;
use crate::clock::{now_seconds, stream_label_at};
use crate::index_entries::entry_for;
use crate::invalid::{ChangeConflict, Invalid, SchemaChange};
use crate::keys::key_of_new_item;
use crate::layout::{prefix_end, space_prefix, INDEX_TAG, ITEM_TAG};
use crate::on_demand;
use crate::schema::*;
use crate::table_description::TableStatus;
use crate::table_level_not_found;
use crate::table_spec::{
    build_global_index, check_capacity_quota, check_index_set, check_throughput_bounds,
    index_not_found, one_online_index_at_a_time, too_many_global_indexes, MAX_GSIS,
};
use crate::throughput_change::change_throughput;
use crate::warm_throughput;
use crate::Engine;

pub use ddb_wire::UpdateTableInput;

/// UpdateTable: applies the changes to the table's definition and describes the table.
pub fn update_table(engine: &Engine, input: UpdateTableInput) -> DynamoResult<UpdateTableOutput> {
    let plan = plan(engine, input)?;
    execute(engine, plan)
}

/// An UpdateTable with every check made: the table's new definition.
struct Plan {
    /// The definition to store; the indexes it creates have no id yet.
    def: TableDef,
    /// The global indexes it creates (to be filled from the table's items).
    created: Vec<String>,
    /// The ids of the indexes it deletes (whose entries are dropped).
    dropped: Vec<u32>,
    /// The definition before the change: its capacity holds while the table is UPDATING.
    before: Arc<TableDef>,
}

fn apply_throughput(
    def: &mut TableDef,
    spec: &valid::ProvisionedThroughput,
    now: f64,
) -> DynamoResult<()> {
    check_throughput_bounds(spec)?;
    let read = spec.read_capacity_units;
    let write = spec.write_capacity_units;
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
    change_throughput(&mut def.throughput, read, write, now)
}

fn apply_billing(
    def: &mut TableDef,
    input: &valid::UpdateTableInput,
    now: f64,
) -> DynamoResult<()> {
    let target = input.billing_mode.map_or(def.billing, BillingMode::from);
    let switching = target != def.billing;
    match (target, &input.provisioned_throughput) {
        (BillingMode::PayPerRequest, Some(_)) => Err(Invalid::ThroughputOnDemand.into()),
        (BillingMode::Provisioned, None) if def.billing == BillingMode::PayPerRequest => {
            Err(Invalid::ProvisionedNeedsThroughput.into())
        }
        (BillingMode::PayPerRequest, None) if switching => {
            def.billing = target;
            def.billing_changed = Some(now);
            def.throughput = Throughput::default();
            for index in def
                .indexes
                .iter_mut()
                .filter(|i| i.kind == IndexKind::Global)
            {
                index.throughput = Some(Throughput::default());
            }
            Ok(())
        }
        (BillingMode::Provisioned, Some(spec)) if switching => {
            def.billing = target;
            def.billing_changed = Some(now);
            def.throughput = Throughput {
                read: spec.read_capacity_units,
                write: spec.write_capacity_units,
                ..Throughput::default()
            };
            // A switch to PROVISIONED drops the on-demand maxima (DDB-TABLE-153).
            def.on_demand = None;
            for index in def.indexes.iter_mut() {
                index.on_demand = None;
            }
            Ok(())
        }
        (_, Some(spec)) => apply_throughput(def, spec, now),
        (_, None) => Ok(()),
    }
}

/// UpdateTable's AttributeDefinitions only serve the indexes it creates: a definition the
/// table has keeps its type (a redefinition with another type is accepted and ignored), new
/// ones are added, and [`prune_definitions`] drops what no key uses once the indexes are
/// applied (live probes, ack-api-quirks DDB-TABLE-162 and -358, 2026-10).
fn merge_definitions(def: &mut TableDef, input: &valid::UpdateTableInput) {
    for d in input.attribute_definitions.iter().flatten() {
        let name = &d.attribute_name;
        if !def.attribute_definitions.iter().any(|(n, _)| n == name) {
            let ty = ScalarType::from(d.attribute_type);
            def.attribute_definitions.push((name.clone(), ty));
        }
    }
}

/// Keeps the definitions of the attributes the table's and its indexes' keys use.
fn prune_definitions(def: &mut TableDef) {
    let used: HashSet<String> = def
        .key
        .attributes()
        .chain(def.indexes.iter().flat_map(|i| i.key.attributes()))
        .map(|a| a.name.clone())
        .collect();
    def.attribute_definitions.retain(|(n, _)| used.contains(n));
}

/// The checks DynamoDB makes on the request alone, before it looks the table up. Texts and
/// cases not otherwise cited: ack-api-quirks' catalogue of DynamoDB's ValidationException texts
/// (DDB-TABLE-442, mined from AWS responses and probed live in us-east-1 and us-west-2,
/// 2026-10).
fn check_request_shape(input: &valid::UpdateTableInput) -> DynamoResult<()> {
    let updates = input
        .global_secondary_index_updates
        .as_deref()
        .unwrap_or_default();
    let changes = [
        input.billing_mode.is_some(),
        input.provisioned_throughput.is_some(),
        !updates.is_empty(),
        input.stream_specification.is_some(),
        input.sse_specification.is_some(),
        input.table_class.is_some(),
        input.deletion_protection_enabled.is_some(),
        input.on_demand_throughput.is_some(),
        input.warm_throughput.is_some(),
    ];
    let change_count = changes.iter().filter(|c| **c).count();
    // An empty GlobalSecondaryIndexUpdates is no change; beside a change it is refused.
    let empty_index_updates = input
        .global_secondary_index_updates
        .as_ref()
        .is_some_and(Vec::is_empty);
    if change_count == 0 {
        let given = [
            (empty_index_updates, "GlobalSecondaryIndexUpdates"),
            (
                input.multi_region_consistency.is_some(),
                "MultiRegionConsistency",
            ),
        ];
        return Err(Invalid::NothingToUpdate {
            given: given.iter().filter(|(g, _)| *g).map(|(_, m)| *m).collect(),
        }
        .into());
    }
    if empty_index_updates {
        return Err(Invalid::EmptyIndexList {
            list: "GlobalSecondaryIndexUpdates",
        }
        .into());
    }
    check_alone_changes(input, change_count)?;
    // OnDemandThroughput goes with BillingMode alone (ack-api-quirks DDB-TABLE-382, -433).
    let with_billing = usize::from(input.billing_mode.is_some());
    if input.on_demand_throughput.is_some() && change_count > 1 + with_billing {
        return Err(Invalid::OnDemandNotAlone.into());
    }
    if let Some(t) = &input.provisioned_throughput {
        check_throughput_bounds(t)?;
    }
    for u in updates {
        let actions = [u.create.is_some(), u.delete.is_some(), u.update.is_some()];
        match actions.iter().filter(|a| **a).count() {
            0 => return Err(Invalid::NoIndexAction.into()),
            1 => {}
            _ => return Err(Invalid::SeveralIndexActions.into()),
        }
    }
    // An index update's capacity is checked once the table and index are found.
    check_one_update_per_index(updates)?;
    check_conflicting_changes(input, updates)?;
    // A GSI Create in a request without AttributeDefinitions: `AttributeDefinitions is not
    // specified for index: <idx>`. Given but missing the key attribute, the request gets the
    // `Some index key attributes are not defined` check later.
    if input.attribute_definitions.is_none() {
        if let Some(create) = updates.iter().find_map(|u| u.create.as_ref()) {
            return Err(Invalid::IndexWithoutDefinitions {
                index: create.index_name.clone(),
            }
            .into());
        }
    }
    Ok(())
}

/// Encryption, table class and deletion protection each change alone, checked in that order
/// (a live capture answers encryption beside deletion protection with encryption's text).
fn check_alone_changes(input: &valid::UpdateTableInput, change_count: usize) -> DynamoResult<()> {
    if change_count < 2 {
        return Ok(());
    }
    let alone = [
        (input.sse_specification.is_some(), "Server-Side Encryption"),
        (input.table_class.is_some(), "TableClass"),
        (
            input.deletion_protection_enabled.is_some(),
            "DeletionProtection",
        ),
    ];
    match alone.into_iter().find(|(given, _)| *given) {
        Some((_, change)) => Err(Invalid::ChangeNotAlone { change }.into()),
        None => Ok(()),
    }
}

/// A table throughput change, a stream change and an index created or deleted: no two of them
/// in one request. A switch to PROVISIONED counts as a throughput change beside a stream
/// change, not beside an index; an index's own throughput may change beside the table's; a
/// switch to PAY_PER_REQUEST goes with a stream change (live probes, ack-api-quirks
/// DDB-TABLE-382, -433 and -174, 2026-10).
fn check_conflicting_changes(
    input: &valid::UpdateTableInput,
    updates: &[valid::GlobalSecondaryIndexUpdate],
) -> DynamoResult<()> {
    let throughput = input.provisioned_throughput.is_some();
    let to_provisioned = input.billing_mode == Some(valid::BillingMode::Provisioned);
    let stream = input.stream_specification.is_some();
    let index = updates
        .iter()
        .any(|u| u.create.is_some() || u.delete.is_some());
    let conflict = if (throughput || to_provisioned) && stream {
        Some(ChangeConflict::StreamWhileThroughput)
    } else if throughput && index {
        Some(ChangeConflict::IndexWhileThroughput)
    } else if stream && index {
        Some(ChangeConflict::IndexWhileStream)
    } else {
        None
    };
    match conflict {
        Some(conflict) => Err(Invalid::ChangesConflict(conflict).into()),
        None => Ok(()),
    }
}

/// The index an update names: its create, delete or update action's, in that order.
fn named_index(u: &valid::GlobalSecondaryIndexUpdate) -> Option<&str> {
    [
        u.create.as_ref().map(|s| s.index_name.as_str()),
        u.delete.as_ref().map(|s| s.index_name.as_str()),
        u.update.as_ref().map(|s| s.index_name.as_str()),
    ]
    .into_iter()
    .flatten()
    .next()
}

/// DynamoDB refuses, before touching anything, a request that names one index twice.
fn check_one_update_per_index(updates: &[valid::GlobalSecondaryIndexUpdate]) -> DynamoResult<()> {
    let mut seen = HashSet::new();
    for name in updates.iter().filter_map(named_index) {
        if !seen.insert(name) {
            return Err(Invalid::IndexUpdatedTwice {
                index: name.to_string(),
            }
            .into());
        }
    }
    Ok(())
}

/// Applies index updates; returns the indexes created (without ids yet) and the ids of those
/// deleted.
fn apply_index_updates(
    def: &mut TableDef,
    updates: &[valid::GlobalSecondaryIndexUpdate],
    region: &str,
    now: f64,
) -> DynamoResult<(Vec<String>, Vec<u32>)> {
    let online = updates
        .iter()
        .filter(|u| u.create.is_some() || u.delete.is_some())
        .count();
    if online > 1 {
        return Err(one_online_index_at_a_time());
    }
    let mut created = Vec::new();
    let mut dropped = Vec::new();
    for u in updates {
        if let Some(spec) = &u.create {
            let mut index = build_global_index(
                spec.into(),
                &def.attribute_definitions,
                def.billing,
                IndexStatus::Creating,
                SchemaChange::UpdateTable,
                region,
            )?;
            if def.index(&index.name).is_some() {
                return Err(Invalid::IndexExists {
                    index: index.name.clone(),
                }
                .into());
            }
            if def.global_indexes().count() >= MAX_GSIS {
                return Err(too_many_global_indexes());
            }
            index.backfilling = true;
            created.push(index.name.clone());
            def.indexes.push(index);
        } else if let Some(spec) = &u.delete {
            let name = &spec.index_name;
            check_not_local(def, "delete", name)?;
            let pos = def
                .indexes
                .iter()
                .position(|i| i.name == *name && i.kind == IndexKind::Global)
                .ok_or_else(|| index_not_found(name))?;
            dropped.push(def.indexes.remove(pos).id);
        } else if let Some(spec) = &u.update {
            update_global_index(def, spec, region, now)?;
        } else {
            return Err(Invalid::NoIndexAction.into());
        }
    }
    Ok((created, dropped))
}

/// A GlobalSecondaryIndexUpdate's Update: the index's provisioned throughput (on a PROVISIONED
/// table, with the decrease budget) or its OnDemandThroughput (on a PAY_PER_REQUEST one).
fn update_global_index(
    def: &mut TableDef,
    spec: &valid::UpdateGlobalSecondaryIndexAction,
    region: &str,
    now: f64,
) -> DynamoResult<()> {
    let name = &spec.index_name;
    check_not_local(def, "update", name)?;
    let billing = def.billing;
    let index = def
        .indexes
        .iter_mut()
        .find(|i| i.name == *name && i.kind == IndexKind::Global)
        .ok_or_else(|| index_not_found(name))?;
    if let Some(t) = &spec.provisioned_throughput {
        if billing == BillingMode::PayPerRequest {
            return Err(Invalid::IndexUpdateOnDemand {
                index: name.clone(),
            }
            .into());
        }
        check_throughput_bounds(t)?;
        let current = index.throughput.get_or_insert_with(Throughput::default);
        let (read, write) = (t.read_capacity_units, t.write_capacity_units);
        if (read, write) == (current.read, current.write) {
            return Err(Invalid::IndexThroughputUnchanged {
                index: name.clone(),
                read,
                write,
            }
            .into());
        }
        change_throughput(current, read, write, now)?;
        check_capacity_quota(current, Some(name), region)?;
    }
    if let Some(o) = &spec.on_demand_throughput {
        let owner = on_demand::Owner::Index(name);
        if billing == BillingMode::Provisioned {
            on_demand::check_not_provisioned(o, SchemaChange::UpdateTable, owner)?;
        }
        index.on_demand =
            on_demand::apply(index.on_demand, o, SchemaChange::UpdateTable, owner, region)?;
    }
    if let Some(w) = &spec.warm_throughput {
        let throughput = index.throughput.clone().unwrap_or_default();
        let warm = warm_throughput::current(index.warm, billing, &throughput);
        index.warm = warm_throughput::apply(warm, w, on_demand::Owner::Index(name), region)?;
    }
    Ok(())
}

/// Raises the table's and each global index's warm throughput to what their billing and
/// capacity now give: it is the highest ever provisioned, and never drops.
fn keep_warm_high_water_marks(def: &mut TableDef) {
    def.warm = warm_throughput::current(def.warm, def.billing, &def.throughput);
    let billing = def.billing;
    for index in def
        .indexes
        .iter_mut()
        .filter(|i| i.kind == IndexKind::Global)
    {
        let throughput = index.throughput.clone().unwrap_or_default();
        index.warm = warm_throughput::current(index.warm, billing, &throughput);
    }
}

/// DynamoDB refuses to delete or update a local index through GlobalSecondaryIndexUpdates.
fn check_not_local(def: &TableDef, action: &'static str, name: &str) -> DynamoResult<()> {
    match def.index(name) {
        Some(index) if index.kind == IndexKind::Local => Err(Invalid::NotAGlobalIndex {
            action,
            index: name.to_string(),
        }
        .into()),
        _ => Ok(()),
    }
}

/// Turns the table's stream on or off as `spec` asks.
fn apply_stream(def: &mut TableDef, spec: &valid::StreamSpecification) -> DynamoResult<()> {
    if spec.stream_enabled {
        if spec.stream_view_type.is_none() {
            return Err(Invalid::EnabledStreamViewTypeMissing.into());
        }
        if def.stream.is_some() {
            return Err(Invalid::StreamAlreadyEnabled {
                table: def.name.clone(),
            }
            .into());
        }
        def.stream = StreamSettings::from_spec(spec);
        def.stream_label = Some(stream_label_at(now_seconds()));
    } else {
        if spec.stream_view_type.is_some() {
            return Err(Invalid::DisablingStreamWithViewType.into());
        }
        if def.stream.is_none() {
            return Err(Invalid::StreamAlreadyDisabled {
                table: def.name.clone(),
            }
            .into());
        }
        def.stream = None;
    }
    Ok(())
}

/// DynamoDB's checks for UpdateTable, in its order: the request's constraints and shape, the
/// table, then each change against the table as it is (definitions, billing, indexes, the
/// index set, the stream); encryption, class and deletion protection need no check.
fn plan(engine: &Engine, input: UpdateTableInput) -> DynamoResult<Plan> {
    let input = input.validate()?;
    check_request_shape(&input)?;
    let current = engine
        .lookup(&input.table_name)
        .ok_or_else(|| table_level_not_found(&input.table_name))?;
    engine.lifecycle.check_changeable(&current)?;
    let mut def = (*current).clone();
    merge_definitions(&mut def, &input);
    // Capacity time: `--time-scale` speeds up the daily decrease budget too.
    let now = engine.clock.now_seconds();
    apply_billing(&mut def, &input, now)?;
    if input.provisioned_throughput.is_some() {
        check_capacity_quota(&def.throughput, None, &engine.config.region)?;
    }
    if let Some(o) = &input.on_demand_throughput {
        let region = &engine.config.region;
        let owner = on_demand::Owner::Table;
        if def.billing == BillingMode::Provisioned {
            on_demand::check_not_provisioned(o, SchemaChange::UpdateTable, owner)?;
        }
        def.on_demand =
            on_demand::apply(def.on_demand, o, SchemaChange::UpdateTable, owner, region)?;
    }
    if let Some(w) = &input.warm_throughput {
        let warm = warm_throughput::current(def.warm, def.billing, &def.throughput);
        let owner = on_demand::Owner::Table;
        def.warm = warm_throughput::apply(warm, w, owner, &engine.config.region)?;
    }
    let (created, dropped) = apply_index_updates(
        &mut def,
        input
            .global_secondary_index_updates
            .as_deref()
            .unwrap_or_default(),
        &engine.config.region,
        now,
    )?;
    prune_definitions(&mut def);
    if !created.is_empty() {
        check_index_set(&def.indexes, &def.attribute_definitions, &def.key)?;
    }
    if let Some(s) = &input.stream_specification {
        apply_stream(&mut def, s)?;
    }
    if let Some(sse) = &input.sse_specification {
        def.sse = SseSettings::from_spec(sse);
    }
    if let Some(class) = input.table_class {
        def.table_class = (class != valid::TableClass::Standard).then(|| class.as_str().into());
    }
    if let Some(p) = input.deletion_protection_enabled {
        def.deletion_protection = p;
    }
    keep_warm_high_water_marks(&mut def);
    Ok(Plan {
        def,
        created,
        dropped,
        before: current,
    })
}

/// Stores the new definition (with ids for the indexes it creates) and describes it, then
/// drops the deleted indexes' entries and fills the created ones.
fn execute(engine: &Engine, plan: Plan) -> DynamoResult<UpdateTableOutput> {
    let Plan {
        mut def,
        created,
        dropped,
        before,
    } = plan;
    let mut batch = WriteBatch::default();
    if !created.is_empty() {
        let ids = engine
            .catalog
            .allocate_ids(created.len() as u32, &mut batch);
        let new_indexes = def.indexes.iter_mut().filter(|i| created.contains(&i.name));
        for (index, id) in new_indexes.zip(ids) {
            index.id = id;
        }
    }
    let name = def.name.clone();
    let saved = engine.catalog.save(engine.storage.as_ref(), def, batch)?;
    engine.follow_stream_setting(&saved)?;
    // UPDATING, and the new indexes backfilling, for a while with `--table-delays`.
    engine.lifecycle.updated(saved.id, &created);
    engine.hold_capacity_while_updating(before);
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
    Ok(UpdateTableOutput {
        table_description: Some(description),
    })
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
    let end = prefix_end(&start).ok_or_else(|| DynamoError::internal("table prefix has no end"))?;
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
