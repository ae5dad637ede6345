//! Table and index definitions as CreateTable and UpdateTable receive them: the constraint
//! checks of key schemas, projections and throughput, their resolution into the catalog's
//! [`crate::schema`] types, and the limits on a table's indexes.

use std::collections::HashSet;

use ddb_model::DynamoResult;

use crate::constraints::{quoted, Violations};
use crate::invalid::Invalid;
use crate::schema::*;

/// Most global secondary indexes per table.
pub const MAX_GSIS: usize = 20;
/// Most local secondary indexes per table.
pub const MAX_LSIS: usize = 5;
/// Most non-key attributes projected into all of a table's indexes together.
pub const MAX_PROJECTED_ATTRIBUTES: usize = 100;

/// Constraint checks shared by key schemas of tables and indexes.
pub fn check_key_schema_constraints(
    v: &mut Violations,
    ks: &Option<Vec<KeySchemaElement>>,
    field: &str,
) {
    let Some(ks) = ks else {
        v.push("null", field, "Member must not be null");
        return;
    };
    v.min_members(Some(ks.len()), || quoted("[]"), field, 1);
    v.max_members(Some(ks.len()), || shown_key_schema(ks), field, 2);
    for (i, e) in ks.iter().enumerate() {
        let member = format!("{field}.{}.member", i + 1);
        match &e.attribute_name {
            None => v.push(
                "null",
                &format!("{member}.attributeName"),
                "Member must not be null",
            ),
            Some(n) => v.length(n, &format!("{member}.attributeName"), 1, 255),
        }
        v.require(&e.key_type, &format!("{member}.keyType"));
        v.one_of(
            e.key_type.as_deref(),
            &format!("{member}.keyType"),
            &["HASH", "RANGE"],
        );
    }
}

/// A key schema as DynamoDB's Java service prints it in a constraint violation.
fn shown_key_schema(ks: &[KeySchemaElement]) -> String {
    let elements: Vec<String> = ks
        .iter()
        .map(|e| {
            format!(
                "KeySchemaElement(attributeName={}, keyType={})",
                e.attribute_name.as_deref().unwrap_or("null"),
                e.key_type.as_deref().unwrap_or("null")
            )
        })
        .collect();
    quoted(&format!("[{}]", elements.join(", ")))
}

/// Notes constraint violations of a `ProvisionedThroughput` at `field`: both units given,
/// each at least 1.
pub fn check_throughput_constraints(
    v: &mut Violations,
    t: &Option<ProvisionedThroughputSpec>,
    field: &str,
) {
    if let Some(t) = t {
        v.require(
            &t.write_capacity_units,
            &format!("{field}.writeCapacityUnits"),
        );
        v.at_least(
            t.write_capacity_units,
            &format!("{field}.writeCapacityUnits"),
            1,
        );
        v.require(
            &t.read_capacity_units,
            &format!("{field}.readCapacityUnits"),
        );
        v.at_least(
            t.read_capacity_units,
            &format!("{field}.readCapacityUnits"),
            1,
        );
    }
}

/// Notes constraint violations of an index's `Projection` at `field`.
pub fn check_projection_constraints(v: &mut Violations, p: &Option<ProjectionSpec>, field: &str) {
    match p {
        None => v.push("null", field, "Member must not be null"),
        Some(p) => {
            v.one_of(
                p.projection_type.as_deref(),
                &format!("{field}.projectionType"),
                &["ALL", "INCLUDE", "KEYS_ONLY"],
            );
            if let Some(names) = &p.non_key_attributes {
                v.min_members(
                    Some(names.len()),
                    || quoted("[]"),
                    &format!("{field}.nonKeyAttributes"),
                    1,
                );
                v.max_members(
                    Some(names.len()),
                    || format!("{names:?}"),
                    &format!("{field}.nonKeyAttributes"),
                    20,
                );
                // Each name is an attribute name of 1 to 255 characters (Alternator's suite
                // checks the upper bound against DynamoDB).
                for (i, n) in names.iter().enumerate() {
                    let member = format!("{field}.nonKeyAttributes.{}.member", i + 1);
                    v.length(n, &member, 1, 255);
                }
            }
        }
    }
}

/// Whose key schema is being resolved: DynamoDB words an undefined key differently for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyOwner {
    /// The table's own key schema.
    Table,
    /// A secondary index's key schema.
    Index,
}

/// Resolves a wire key schema against the attribute definitions, with DynamoDB's checks in
/// its order: definitions first, then names, then key types.
pub fn resolve_key_schema(
    ks: &[KeySchemaElement],
    defs: &[(String, ScalarType)],
    owner: KeyOwner,
) -> DynamoResult<KeySchema> {
    let ty_of = |name: &str| defs.iter().find(|(n, _)| n == name).map(|(_, t)| *t);
    let names: Vec<&str> = ks
        .iter()
        .map(|e| e.attribute_name.as_deref().unwrap_or(""))
        .collect();
    let missing: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| ty_of(n).is_none())
        .collect();
    if !missing.is_empty() {
        if names.len() == 2 && owner == KeyOwner::Table {
            return Err(Invalid::KeySchemaUndefined.into());
        }
        return Err(Invalid::KeysNotDefined {
            keys: names.iter().map(|n| n.to_string()).collect(),
            defined: defs.iter().map(|(n, _)| n.clone()).collect(),
        }
        .into());
    }
    if names.len() == 2 && names[0] == names[1] {
        return Err(Invalid::HashAndRangeSameName.into());
    }
    if ks[0].key_type.as_deref() != Some("HASH") {
        return Err(Invalid::FirstKeyNotHash.into());
    }
    if ks.len() == 2 && ks[1].key_type.as_deref() != Some("RANGE") {
        return Err(Invalid::SecondKeyNotRange.into());
    }
    let attr = |name: &str| KeyAttribute {
        name: name.to_string(),
        ty: ty_of(name).expect("checked above"),
    };
    Ok(KeySchema {
        hash: attr(names[0]),
        range: names.get(1).map(|n| attr(n)),
    })
}

/// The stored projection for a wire `Projection`, or DynamoDB's error for an invalid one.
pub fn resolve_projection(p: &ProjectionSpec) -> DynamoResult<Projection> {
    let Some(ty) = p.projection_type.as_deref() else {
        return Err(Invalid::UnknownProjectionType.into());
    };
    match (ty, &p.non_key_attributes) {
        ("INCLUDE", Some(names)) => {
            // DynamoDB refuses a repeated name; its words are ours (UNCONFIRMED, see the variant).
            if let Some(n) = names
                .iter()
                .enumerate()
                .find_map(|(i, n)| names[..i].contains(n).then_some(n))
            {
                return Err(Invalid::DuplicateNonKeyAttribute { name: n.clone() }.into());
            }
            Ok(Projection::Include(names.clone()))
        }
        ("INCLUDE", None) => Err(Invalid::IncludeWithoutNonKeyAttributes.into()),
        ("ALL", None) => Ok(Projection::All),
        ("KEYS_ONLY", None) => Ok(Projection::KeysOnly),
        (other, Some(_)) => Err(Invalid::NonKeyAttributesWithoutInclude {
            projection_type: other.to_string(),
        }
        .into()),
        _ => Err(Invalid::UnknownProjectionType.into()),
    }
}

/// The most capacity units DynamoDB accepts in one ProvisionedThroughput figure.
const MAX_CAPACITY_UNITS: i64 = 1_000_000_000_000;

/// Rejects capacity figures above DynamoDB's bound (reads are checked first, as DynamoDB does).
pub fn check_throughput_bounds(t: &ProvisionedThroughputSpec) -> DynamoResult<()> {
    let figures = [
        ("ReadCapacityUnits", t.read_capacity_units),
        ("WriteCapacityUnits", t.write_capacity_units),
    ];
    for (name, units) in figures {
        if let Some(units) = units.filter(|u| *u > MAX_CAPACITY_UNITS) {
            return Err(Invalid::CapacityOutOfBounds { units, name }.into());
        }
    }
    Ok(())
}

/// The stored throughput for a wire `ProvisionedThroughput`, after its bounds are checked.
pub fn resolve_throughput(t: &ProvisionedThroughputSpec) -> DynamoResult<Throughput> {
    check_throughput_bounds(t)?;
    Ok(Throughput {
        read: t.read_capacity_units.unwrap_or(0),
        write: t.write_capacity_units.unwrap_or(0),
        ..Throughput::default()
    })
}

/// Validates and builds one global index for a table being created or updated.
pub fn build_global_index(
    spec: &IndexSpec,
    defs: &[(String, ScalarType)],
    billing: BillingMode,
    status: IndexStatus,
) -> DynamoResult<IndexDef> {
    let name = spec.index_name.clone().unwrap_or_default();
    let key = resolve_key_schema(
        spec.key_schema.as_deref().unwrap_or_default(),
        defs,
        KeyOwner::Index,
    )?;
    let projection = resolve_projection(spec.projection.as_ref().expect("checked by constraints"))?;
    let throughput = match (billing, &spec.provisioned_throughput) {
        (BillingMode::Provisioned, Some(t)) => Some(resolve_throughput(t)?),
        (BillingMode::Provisioned, None) => {
            return Err(Invalid::IndexNeedsThroughput { index: name }.into())
        }
        (BillingMode::PayPerRequest, Some(_)) => {
            return Err(Invalid::IndexThroughputOnDemand { index: name }.into())
        }
        (BillingMode::PayPerRequest, None) => None,
    };
    Ok(IndexDef {
        name,
        id: 0,
        kind: IndexKind::Global,
        key,
        projection,
        throughput: Some(throughput.unwrap_or_default()),
        status,
        backfilling: false,
    })
}

/// Checks what all of a table's indexes must satisfy together.
pub fn check_index_set(
    indexes: &[IndexDef],
    defs: &[(String, ScalarType)],
    table_key: &KeySchema,
) -> DynamoResult<()> {
    let mut names = HashSet::new();
    for i in indexes {
        if !names.insert(i.name.as_str()) {
            return Err(Invalid::DuplicateIndexName {
                name: i.name.clone(),
            }
            .into());
        }
    }
    let projected: usize = indexes
        .iter()
        .map(|i| match &i.projection {
            Projection::Include(n) => n.len(),
            _ => 0,
        })
        .sum();
    if projected > MAX_PROJECTED_ATTRIBUTES {
        return Err(Invalid::TooManyProjectedAttributes {
            limit: MAX_PROJECTED_ATTRIBUTES,
        }
        .into());
    }
    let used: HashSet<&str> = table_key
        .attributes()
        .chain(indexes.iter().flat_map(|i| i.key.attributes()))
        .map(|a| a.name.as_str())
        .collect();
    if used.len() != defs.len() {
        return Err(Invalid::KeyAttributeCountMismatch.into());
    }
    Ok(())
}
