//! CreateTable: every parameter checked as DynamoDB checks it, then the definition stored.

use ddb_model::{DynamoError, DynamoResult};
use ddb_storage::WriteBatch;
use ddb_wire::{valid, CreateTableOutput};

use crate::catalog::table_exists;
use crate::clock::{now_seconds, stream_label_at};
use crate::invalid::{Invalid, SchemaChange};
use crate::lifecycle::table_in_use;
use crate::on_demand::{apply, check_not_provisioned, Owner};
use crate::schema::*;
use crate::table_description::TableStatus;
use crate::table_spec::*;
use crate::tagging::check_valid_tag_rules;
use crate::warm_throughput;
use crate::Engine;

pub use ddb_wire::CreateTableInput;

/// CreateTable: checks the request, then stores the new table's definition and describes it.
pub fn create_table(engine: &Engine, input: CreateTableInput) -> DynamoResult<CreateTableOutput> {
    let plan = plan(engine, input)?;
    execute(engine, plan)
}

/// A CreateTable with every check made: the table as it will be stored, before its ids.
struct Plan {
    name: String,
    defs: Vec<(String, ScalarType)>,
    key: KeySchema,
    billing: BillingMode,
    throughput: Throughput,
    on_demand: Option<OnDemandLimits>,
    warm: WarmThroughput,
    /// Whether the request set WarmThroughput (the response shows it only then).
    warm_requested: bool,
    indexes: Vec<IndexDef>,
    stream: Option<StreamSettings>,
    sse: Option<SseSettings>,
    tags: Vec<TableTag>,
    table_class: Option<String>,
    deletion_protection: bool,
}

/// DynamoDB's checks for CreateTable, in its order: the request's constraints, the capacity
/// bounds, the attribute definitions, the tags, the key schema, billing, the indexes, the
/// stream, and last whether the table exists.
fn plan(engine: &Engine, input: CreateTableInput) -> DynamoResult<Plan> {
    let input = input.validate()?;
    // Capacity bounds come before the key schema checks, as in DynamoDB.
    if let Some(t) = &input.provisioned_throughput {
        check_throughput_bounds(t)?;
    }
    let defs = resolve_definitions(&input.attribute_definitions)?;
    if let Some(tags) = &input.tags {
        check_valid_tag_rules(tags)?;
    }
    let key = resolve_key_schema(&input.key_schema, &defs, KeyOwner::Table)?;
    let (billing, throughput) = check_billing(&input)?;
    let on_demand = match (billing, &input.on_demand_throughput) {
        (_, None) => None,
        (BillingMode::Provisioned, Some(o)) => {
            check_not_provisioned(o, SchemaChange::CreateTable, Owner::Table)?;
            None
        }
        (BillingMode::PayPerRequest, Some(o)) => apply(
            None,
            o,
            SchemaChange::CreateTable,
            Owner::Table,
            &engine.config.region,
        )?,
    };
    let warm = warm_throughput::current(WarmThroughput::default(), billing, &throughput);
    let warm = match &input.warm_throughput {
        Some(w) => {
            warm_throughput::check_initial(w, billing, &throughput, Owner::Table)?;
            warm_throughput::apply(warm, w, Owner::Table, &engine.config.region)?
        }
        None => warm,
    };
    let indexes = build_indexes(&input, &defs, &key, billing, &engine.config.region)?;
    if let Some(s) = &input.stream_specification {
        if s.stream_enabled && s.stream_view_type.is_none() {
            return Err(Invalid::StreamViewTypeMissing.into());
        }
        if !s.stream_enabled && s.stream_view_type.is_some() {
            return Err(Invalid::StreamDisabledWithViewType.into());
        }
    }
    check_capacity_quota(&throughput, None, &engine.config.region)?;
    if let Some(existing) = engine.catalog.get(&input.table_name) {
        // Still CREATING, the name is "in use" rather than "existing" (DDB-TABLE-001, -005).
        if engine.lifecycle.is_creating(existing.id) {
            return Err(table_in_use(&input.table_name, "created"));
        }
        return Err(table_exists(&input.table_name));
    }
    if engine.lifecycle.deleted(&input.table_name).is_some() {
        return Err(table_in_use(&input.table_name, "deleted"));
    }
    Ok(Plan {
        name: input.table_name,
        defs,
        key,
        billing,
        throughput,
        on_demand,
        warm,
        warm_requested: input.warm_throughput.is_some(),
        indexes,
        stream: input
            .stream_specification
            .as_ref()
            .and_then(StreamSettings::from_spec),
        sse: input
            .sse_specification
            .as_ref()
            .and_then(SseSettings::from_spec),
        tags: input
            .tags
            .into_iter()
            .flatten()
            .map(TableTag::from)
            .collect(),
        table_class: input
            .table_class
            .filter(|c| *c != valid::TableClass::Standard)
            .map(|c| c.as_str().to_string()),
        deletion_protection: input.deletion_protection_enabled.unwrap_or(false),
    })
}

fn resolve_definitions(
    defs: &[valid::AttributeDefinition],
) -> DynamoResult<Vec<(String, ScalarType)>> {
    let mut out: Vec<(String, ScalarType)> = Vec::new();
    for d in defs {
        if out.iter().any(|(n, _)| *n == d.attribute_name) {
            return Err(Invalid::DuplicateAttributeName {
                name: d.attribute_name.clone(),
            }
            .into());
        }
        out.push((d.attribute_name.clone(), d.attribute_type.into()));
    }
    Ok(out)
}

fn check_billing(input: &valid::CreateTableInput) -> DynamoResult<(BillingMode, Throughput)> {
    let billing = input
        .billing_mode
        .map_or(BillingMode::Provisioned, BillingMode::from);
    if input.billing_mode.is_none() && input.provisioned_throughput.is_none() {
        return Err(Invalid::NoThroughput.into());
    }
    match (billing, &input.provisioned_throughput) {
        (BillingMode::Provisioned, None) => Err(Invalid::ProvisionedNeedsCapacity.into()),
        (BillingMode::Provisioned, Some(t)) => Ok((billing, resolve_throughput(t)?)),
        (BillingMode::PayPerRequest, Some(_)) => Err(Invalid::ThroughputOnDemand.into()),
        (BillingMode::PayPerRequest, None) => Ok((billing, Throughput::default())),
    }
}

/// The secondary indexes, local first, with DynamoDB's checks on each list in its order.
fn build_indexes(
    input: &valid::CreateTableInput,
    defs: &[(String, ScalarType)],
    key: &KeySchema,
    billing: BillingMode,
    region: &str,
) -> DynamoResult<Vec<IndexDef>> {
    let lsis = input.local_secondary_indexes.as_deref();
    let gsis = input.global_secondary_indexes.as_deref();
    for (list, empty) in [
        ("LocalSecondaryIndexes", lsis.is_some_and(<[_]>::is_empty)),
        ("GlobalSecondaryIndexes", gsis.is_some_and(<[_]>::is_empty)),
    ] {
        if empty {
            return Err(Invalid::EmptyIndexList { list }.into());
        }
    }
    let mut indexes = build_local_indexes(lsis.unwrap_or_default(), defs, key)?;
    indexes.extend(build_global_indexes(
        gsis.unwrap_or_default(),
        defs,
        billing,
        region,
    )?);
    check_index_set(&indexes, defs, key)?;
    Ok(indexes)
}

/// The local secondary indexes: only on a table with a sort key, and at most [`MAX_LSIS`].
fn build_local_indexes(
    lsis: &[valid::LocalSecondaryIndex],
    defs: &[(String, ScalarType)],
    key: &KeySchema,
) -> DynamoResult<Vec<IndexDef>> {
    if !lsis.is_empty() && key.range.is_none() {
        return Err(Invalid::LsiWithoutTableRangeKey.into());
    }
    if lsis.len() > MAX_LSIS {
        return Err(Invalid::TooManyLocalIndexes { limit: MAX_LSIS }.into());
    }
    lsis.iter()
        .map(|spec| build_local_index(spec, defs, key))
        .collect()
}

/// The global secondary indexes, at most [`MAX_GSIS`], each active from the start.
fn build_global_indexes(
    gsis: &[valid::GlobalSecondaryIndex],
    defs: &[(String, ScalarType)],
    billing: BillingMode,
    region: &str,
) -> DynamoResult<Vec<IndexDef>> {
    if gsis.len() > MAX_GSIS {
        return Err(Invalid::TooManyGlobalIndexes { limit: MAX_GSIS }.into());
    }
    gsis.iter()
        .map(|spec| {
            build_global_index(
                spec.into(),
                defs,
                billing,
                IndexStatus::Active,
                SchemaChange::CreateTable,
                region,
            )
        })
        .collect()
}

fn build_local_index(
    spec: &valid::LocalSecondaryIndex,
    defs: &[(String, ScalarType)],
    table_key: &KeySchema,
) -> DynamoResult<IndexDef> {
    let name = spec.index_name.clone();
    let key = resolve_key_schema(&spec.key_schema, defs, KeyOwner::LocalIndex)?;
    if key.range.is_none() {
        return Err(Invalid::LsiWithoutRangeKey { index: name }.into());
    }
    if key.hash.name != table_key.hash.name {
        return Err(Invalid::LsiHashKeyDiffers {
            index: name,
            index_hash: key.hash.name,
            table_hash: table_key.hash.name.clone(),
        }
        .into());
    }
    let projection = resolve_projection(&spec.projection)?;
    Ok(IndexDef {
        name,
        id: 0,
        kind: IndexKind::Local,
        key,
        projection,
        throughput: None,
        status: IndexStatus::Active,
        backfilling: false,
        on_demand: None,
        warm: WarmThroughput::default(),
    })
}

/// Allocates the table's and its indexes' ids and stores the definition.
fn execute(engine: &Engine, plan: Plan) -> DynamoResult<CreateTableOutput> {
    let Plan {
        name, mut indexes, ..
    } = plan;
    let mut batch = WriteBatch::default();
    let ids = engine
        .catalog
        .allocate_ids(1 + indexes.len() as u32, &mut batch);
    let (table_id, index_ids) = ids
        .split_first()
        .ok_or_else(|| DynamoError::internal("no table id allocated"))?;
    for (index, id) in indexes.iter_mut().zip(index_ids) {
        index.id = *id;
    }
    let created = now_seconds();
    let stream_label = plan.stream.as_ref().map(|_| stream_label_at(created));
    let def = TableDef {
        arn: engine.table_arn(&name),
        name,
        id: *table_id,
        uuid: uuid::Uuid::new_v4().to_string(),
        created,
        attribute_definitions: plan.defs,
        key: plan.key,
        billing: plan.billing,
        throughput: plan.throughput,
        on_demand: plan.on_demand,
        warm: plan.warm,
        billing_changed: None,
        indexes,
        stream: plan.stream,
        stream_label,
        sse: plan.sse,
        tags: plan.tags,
        table_class: plan.table_class,
        deletion_protection: plan.deletion_protection,
        ttl_attribute: None,
        ttl_changed: None,
    };
    // CREATING (with `--table-delays`) from before the table can be seen, so that no item
    // operation reaches it early.
    engine.lifecycle.created(def.id);
    // The stream before the table can be seen, so that its first write has a stream to go to.
    engine.follow_stream_setting(&def)?;
    let def = engine
        .catalog
        .create(engine.storage.as_ref(), def, batch)
        .inspect_err(|_| {
            engine.lifecycle.creation_failed(*table_id);
            let _ = engine.streams.discard(engine.storage.as_ref(), *table_id);
        })?;
    let status = match engine.lifecycle.delays().create.is_zero() {
        true => TableStatus::Active,
        false => TableStatus::Creating,
    };
    let mut description = engine.describe(&def, status);
    // DynamoDB's CreateTable response shows the table's warm throughput only when asked for
    // (DDB-TABLE-033); DescribeTable always does.
    if !plan.warm_requested {
        description.warm_throughput = None;
    }
    Ok(CreateTableOutput {
        table_description: Some(description),
    })
}
