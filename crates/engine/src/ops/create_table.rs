//! CreateTable: every parameter checked as DynamoDB checks it, then the definition stored.

use serde::Deserialize;
use serde_json::{json, Value};

use ddb_model::{DynamoError, DynamoResult};
use ddb_storage::WriteBatch;

use crate::clock::{now_seconds, stream_label_at};
use crate::constraints::Violations;
use crate::invalid::Invalid;
use crate::schema::*;
use crate::table_description::TableStatus;
use crate::table_spec::*;
use crate::tagging::{check_tag_constraints, check_tag_rules};
use crate::Engine;

/// CreateTable's request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateTableInput {
    /// `TableName`: the table's name (or, where DynamoDB allows it, its ARN).
    pub table_name: Option<String>,
    /// `AttributeDefinitions`: the type of every key attribute of the table and its indexes.
    pub attribute_definitions: Option<Vec<AttributeDefinition>>,
    /// `KeySchema`: the table's partition key and optional sort key.
    pub key_schema: Option<Vec<KeySchemaElement>>,
    /// `LocalSecondaryIndexes`: indexes sharing the table's partition key.
    pub local_secondary_indexes: Option<Vec<IndexSpec>>,
    /// `GlobalSecondaryIndexes`: indexes with their own key schema.
    pub global_secondary_indexes: Option<Vec<IndexSpec>>,
    /// `BillingMode`: PROVISIONED or PAY_PER_REQUEST.
    pub billing_mode: Option<String>,
    /// `ProvisionedThroughput`: read and write capacity units, for PROVISIONED billing.
    pub provisioned_throughput: Option<ProvisionedThroughputSpec>,
    /// `StreamSpecification`: whether the table has a stream, and what it records.
    pub stream_specification: Option<StreamSpecification>,
    /// `SSESpecification`: server-side encryption settings.
    #[serde(rename = "SSESpecification")]
    pub sse_specification: Option<SseSpecification>,
    /// `Tags`: key-value tags to put on the table.
    pub tags: Option<Vec<Tag>>,
    /// `TableClass`: STANDARD or STANDARD_INFREQUENT_ACCESS.
    pub table_class: Option<String>,
    /// `DeletionProtectionEnabled`: whether DeleteTable is refused.
    #[serde(default, deserialize_with = "ddb_model::value::lenient_bool")]
    pub deletion_protection_enabled: Option<bool>,
}

fn check_constraints(input: &CreateTableInput) -> DynamoResult<()> {
    let mut v = Violations::new();
    v.name(input.table_name.as_deref(), "tableName", 255);
    match &input.attribute_definitions {
        None => v.push("null", "attributeDefinitions", "Member must not be null"),
        Some(defs) => {
            for (i, d) in defs.iter().enumerate() {
                let member = format!("attributeDefinitions.{}.member", i + 1);
                v.require(&d.attribute_name, &format!("{member}.attributeName"));
                v.require(&d.attribute_type, &format!("{member}.attributeType"));
                v.one_of(
                    d.attribute_type.as_deref(),
                    &format!("{member}.attributeType"),
                    &["B", "N", "S"],
                );
            }
        }
    }
    check_key_schema_constraints(&mut v, &input.key_schema, "keySchema");
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
    for (list, field) in [
        (&input.global_secondary_indexes, "globalSecondaryIndexes"),
        (&input.local_secondary_indexes, "localSecondaryIndexes"),
    ] {
        for (i, spec) in list.iter().flatten().enumerate() {
            let member = format!("{field}.{}.member", i + 1);
            v.name(
                spec.index_name.as_deref(),
                &format!("{member}.indexName"),
                255,
            );
            check_key_schema_constraints(&mut v, &spec.key_schema, &format!("{member}.keySchema"));
            check_projection_constraints(&mut v, &spec.projection, &format!("{member}.projection"));
            check_throughput_constraints(
                &mut v,
                &spec.provisioned_throughput,
                &format!("{member}.provisionedThroughput"),
            );
        }
    }
    if let Some(s) = &input.stream_specification {
        v.require(&s.stream_enabled, "streamSpecification.streamEnabled");
        v.one_of(
            s.stream_view_type.as_deref(),
            "streamSpecification.streamViewType",
            &["NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"],
        );
    }
    if let Some(s) = &input.sse_specification {
        v.one_of(
            s.sse_type.as_deref(),
            "sSESpecification.sSEType",
            &["AES256", "KMS"],
        );
    }
    if let Some(tags) = &input.tags {
        check_tag_constraints(&mut v, tags, "tags");
    }
    v.into_result()
}

fn resolve_definitions(input: &CreateTableInput) -> DynamoResult<Vec<(String, ScalarType)>> {
    let mut defs: Vec<(String, ScalarType)> = Vec::new();
    for d in input.attribute_definitions.iter().flatten() {
        let name = d.attribute_name.clone().unwrap_or_default();
        if defs.iter().any(|(n, _)| *n == name) {
            return Err(Invalid::DuplicateAttributeName { name }.into());
        }
        let ty = ScalarType::parse(d.attribute_type.as_deref().unwrap_or(""))
            .expect("checked by constraints");
        defs.push((name, ty));
    }
    Ok(defs)
}

fn check_billing(input: &CreateTableInput) -> DynamoResult<(BillingMode, Throughput)> {
    let billing = match input.billing_mode.as_deref() {
        Some("PAY_PER_REQUEST") => BillingMode::PayPerRequest,
        _ => BillingMode::Provisioned,
    };
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

fn build_local_index(
    spec: &IndexSpec,
    defs: &[(String, ScalarType)],
    table_key: &KeySchema,
) -> DynamoResult<IndexDef> {
    let name = spec.index_name.clone().unwrap_or_default();
    let key = resolve_key_schema(
        spec.key_schema.as_deref().unwrap_or_default(),
        defs,
        KeyOwner::Index,
    )?;
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
    let projection = resolve_projection(spec.projection.as_ref().expect("checked by constraints"))?;
    Ok(IndexDef {
        name,
        id: 0,
        kind: IndexKind::Local,
        key,
        projection,
        throughput: None,
        status: IndexStatus::Active,
        backfilling: false,
    })
}

/// CreateTable: checks the request, then stores the new table's definition and describes it.
pub fn create_table(engine: &Engine, input: CreateTableInput) -> DynamoResult<Value> {
    check_constraints(&input)?;
    // Capacity bounds come before the key schema checks, as in DynamoDB.
    if let Some(t) = &input.provisioned_throughput {
        check_throughput_bounds(t)?;
    }
    let name = input.table_name.clone().expect("checked by constraints");
    let defs = resolve_definitions(&input)?;
    if let Some(tags) = &input.tags {
        check_tag_rules(tags)?;
    }
    let key = resolve_key_schema(
        input.key_schema.as_deref().expect("checked"),
        &defs,
        KeyOwner::Table,
    )?;
    let (billing, throughput) = check_billing(&input)?;
    let mut indexes = Vec::new();
    if input
        .local_secondary_indexes
        .as_ref()
        .is_some_and(Vec::is_empty)
    {
        return Err(Invalid::EmptyIndexList {
            list: "LocalSecondaryIndexes",
        }
        .into());
    }
    if input
        .global_secondary_indexes
        .as_ref()
        .is_some_and(Vec::is_empty)
    {
        return Err(Invalid::EmptyIndexList {
            list: "GlobalSecondaryIndexes",
        }
        .into());
    }
    let lsis = input.local_secondary_indexes.as_deref().unwrap_or_default();
    if !lsis.is_empty() && key.range.is_none() {
        return Err(Invalid::LsiWithoutTableRangeKey.into());
    }
    if lsis.len() > MAX_LSIS {
        return Err(Invalid::TooManyIndexes {
            kind: "LocalSecondaryIndex",
            limit: MAX_LSIS,
        }
        .into());
    }
    for spec in lsis {
        indexes.push(build_local_index(spec, &defs, &key)?);
    }
    let gsis = input
        .global_secondary_indexes
        .as_deref()
        .unwrap_or_default();
    if gsis.len() > MAX_GSIS {
        return Err(Invalid::TooManyIndexes {
            kind: "GlobalSecondaryIndex",
            limit: MAX_GSIS,
        }
        .into());
    }
    for spec in gsis {
        indexes.push(build_global_index(
            spec,
            &defs,
            billing,
            IndexStatus::Active,
        )?);
    }
    check_index_set(&indexes, &defs, &key)?;
    if let Some(s) = &input.stream_specification {
        if s.stream_enabled == Some(true) && s.stream_view_type.is_none() {
            return Err(Invalid::StreamViewTypeMissing.into());
        }
        if s.stream_enabled == Some(false) && s.stream_view_type.is_some() {
            return Err(Invalid::StreamDisabledWithViewType.into());
        }
    }
    if engine.catalog.get(&name).is_some() {
        return Err(DynamoError::in_use(format!("Table already exists: {name}")));
    }
    let mut batch = WriteBatch::default();
    let ids = engine
        .catalog
        .allocate_ids(1 + indexes.len() as u32, &mut batch);
    for (index, id) in indexes.iter_mut().zip(&ids[1..]) {
        index.id = *id;
    }
    let created = now_seconds();
    let stream_label = input
        .stream_specification
        .as_ref()
        .filter(|s| s.stream_enabled == Some(true))
        .map(|_| stream_label_at(created));
    let def = TableDef {
        arn: engine.table_arn(&name),
        name,
        id: ids[0],
        uuid: uuid::Uuid::new_v4().to_string(),
        created,
        attribute_definitions: defs,
        key,
        billing,
        throughput,
        billing_changed: None,
        indexes,
        stream: input
            .stream_specification
            .as_ref()
            .and_then(StreamSpecification::to_settings),
        stream_label,
        sse: input
            .sse_specification
            .as_ref()
            .and_then(SseSpecification::to_settings),
        tags: input
            .tags
            .iter()
            .flatten()
            .filter_map(Tag::to_table_tag)
            .collect(),
        table_class: input.table_class.filter(|c| c != "STANDARD"),
        deletion_protection: input.deletion_protection_enabled.unwrap_or(false),
        ttl_attribute: None,
    };
    let def = engine.catalog.create(engine.storage.as_ref(), def, batch)?;
    Ok(json!({ "TableDescription": engine.describe(&def, TableStatus::Active) }))
}
