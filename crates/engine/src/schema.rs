//! Table and index definitions: the wire shapes CreateTable and UpdateTable take, and the
//! validated definition ddb stores in its catalog.

use serde::{Deserialize, Serialize};

use ddb_model::{AttributeValue, Item, ValueType};

/// `AttributeDefinition` on the wire.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeDefinition {
    pub attribute_name: Option<String>,
    pub attribute_type: Option<String>,
}

/// `KeySchemaElement` on the wire.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct KeySchemaElement {
    pub attribute_name: Option<String>,
    pub key_type: Option<String>,
}

/// `Projection` on the wire.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(rename_all = "PascalCase")]
pub struct ProjectionSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub projection_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub non_key_attributes: Option<Vec<String>>,
}

/// `ProvisionedThroughput` on the wire.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct ProvisionedThroughputSpec {
    pub read_capacity_units: Option<i64>,
    pub write_capacity_units: Option<i64>,
}

/// `GlobalSecondaryIndex` / `LocalSecondaryIndex` on the wire (LSIs have no throughput).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IndexSpec {
    pub index_name: Option<String>,
    pub key_schema: Option<Vec<KeySchemaElement>>,
    pub projection: Option<ProjectionSpec>,
    pub provisioned_throughput: Option<ProvisionedThroughputSpec>,
}

/// `StreamSpecification` on the wire.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct StreamSpecification {
    #[serde(default, deserialize_with = "ddb_model::value::lenient_bool")]
    pub stream_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream_view_type: Option<String>,
}

/// `SSESpecification` on the wire.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct SseSpecification {
    #[serde(default, deserialize_with = "ddb_model::value::lenient_bool")]
    pub enabled: Option<bool>,
    #[serde(rename = "SSEType")]
    pub sse_type: Option<String>,
    #[serde(rename = "KMSMasterKeyId")]
    pub kms_master_key_id: Option<String>,
}

/// `Tag` on the wire.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: Option<String>,
    pub value: Option<String>,
}

/// The scalar types a key attribute can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScalarType {
    S,
    N,
    B,
}

impl ScalarType {
    pub fn parse(s: &str) -> Option<ScalarType> {
        match s {
            "S" => Some(ScalarType::S),
            "N" => Some(ScalarType::N),
            "B" => Some(ScalarType::B),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ScalarType::S => "S",
            ScalarType::N => "N",
            ScalarType::B => "B",
        }
    }

    pub fn value_type(self) -> ValueType {
        match self {
            ScalarType::S => ValueType::S,
            ScalarType::N => ValueType::N,
            ScalarType::B => ValueType::B,
        }
    }

    pub fn matches(self, value: &AttributeValue) -> bool {
        value.value_type() == self.value_type()
    }
}

/// One key attribute: its name and type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyAttribute {
    pub name: String,
    pub ty: ScalarType,
}

/// A primary key schema (of a table or an index).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeySchema {
    pub hash: KeyAttribute,
    pub range: Option<KeyAttribute>,
}

impl KeySchema {
    pub fn attributes(&self) -> impl Iterator<Item = &KeyAttribute> {
        std::iter::once(&self.hash).chain(self.range.iter())
    }

    pub fn contains(&self, name: &str) -> bool {
        self.attributes().any(|a| a.name == name)
    }

    /// Whether `key` holds exactly this schema's attributes (whatever their values).
    pub fn covers_exactly(&self, key: &Item) -> bool {
        key.len() == self.attributes().count()
            && self.attributes().all(|a| key.contains_key(&a.name))
    }

    /// The wire form.
    pub fn to_wire(&self) -> Vec<KeySchemaElement> {
        let mut out = vec![KeySchemaElement {
            attribute_name: Some(self.hash.name.clone()),
            key_type: Some("HASH".into()),
        }];
        if let Some(r) = &self.range {
            out.push(KeySchemaElement {
                attribute_name: Some(r.name.clone()),
                key_type: Some("RANGE".into()),
            });
        }
        out
    }
}

/// How a table is billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BillingMode {
    Provisioned,
    PayPerRequest,
}

impl BillingMode {
    pub fn as_str(self) -> &'static str {
        match self {
            BillingMode::Provisioned => "PROVISIONED",
            BillingMode::PayPerRequest => "PAY_PER_REQUEST",
        }
    }
}

/// Provisioned throughput and its change history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Throughput {
    pub read: i64,
    pub write: i64,
    pub last_increase: Option<f64>,
    pub last_decrease: Option<f64>,
    pub decreases_today: i64,
}

/// Which attributes an index stores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Projection {
    All,
    KeysOnly,
    Include(Vec<String>),
}

impl Projection {
    pub fn type_name(&self) -> &'static str {
        match self {
            Projection::All => "ALL",
            Projection::KeysOnly => "KEYS_ONLY",
            Projection::Include(_) => "INCLUDE",
        }
    }

    pub fn to_wire(&self) -> ProjectionSpec {
        ProjectionSpec {
            projection_type: Some(self.type_name().into()),
            non_key_attributes: match self {
                Projection::Include(names) => Some(names.clone()),
                _ => None,
            },
        }
    }
}

/// Global or local.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IndexKind {
    Global,
    Local,
}

/// Lifecycle of an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IndexStatus {
    Creating,
    Active,
    Deleting,
}

impl IndexStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            IndexStatus::Creating => "CREATING",
            IndexStatus::Active => "ACTIVE",
            IndexStatus::Deleting => "DELETING",
        }
    }
}

/// A secondary index as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexDef {
    pub name: String,
    pub id: u32,
    pub kind: IndexKind,
    pub key: KeySchema,
    pub projection: Projection,
    pub throughput: Option<Throughput>,
    pub status: IndexStatus,
    pub backfilling: bool,
}

impl IndexDef {
    /// Whether a query on this index can return `attribute` without fetching the base item.
    pub fn projects(&self, table_key: &KeySchema, attribute: &str) -> bool {
        match &self.projection {
            Projection::All => true,
            Projection::KeysOnly => self.key.contains(attribute) || table_key.contains(attribute),
            Projection::Include(names) => {
                self.key.contains(attribute)
                    || table_key.contains(attribute)
                    || names.iter().any(|n| n == attribute)
            }
        }
    }
}

/// A table as stored in the catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableDef {
    pub name: String,
    /// Storage prefix id; a re-created table gets a new one.
    pub id: u32,
    /// The `TableId` uuid.
    pub uuid: String,
    pub arn: String,
    pub created: f64,
    pub attribute_definitions: Vec<(String, ScalarType)>,
    pub key: KeySchema,
    pub billing: BillingMode,
    pub throughput: Throughput,
    pub billing_changed: Option<f64>,
    pub indexes: Vec<IndexDef>,
    pub stream: Option<StreamSpecification>,
    pub stream_label: Option<String>,
    pub sse: Option<SseSpecification>,
    pub tags: Vec<Tag>,
    pub table_class: Option<String>,
    pub deletion_protection: bool,
    /// The time-to-live attribute, when TTL is enabled.
    #[serde(default)]
    pub ttl_attribute: Option<String>,
}

impl TableDef {
    pub fn index(&self, name: &str) -> Option<&IndexDef> {
        self.indexes.iter().find(|i| i.name == name)
    }

    pub fn global_indexes(&self) -> impl Iterator<Item = &IndexDef> {
        self.indexes.iter().filter(|i| i.kind == IndexKind::Global)
    }

    pub fn local_indexes(&self) -> impl Iterator<Item = &IndexDef> {
        self.indexes.iter().filter(|i| i.kind == IndexKind::Local)
    }

    pub fn has_local_indexes(&self) -> bool {
        self.indexes.iter().any(|i| i.kind == IndexKind::Local)
    }
}
