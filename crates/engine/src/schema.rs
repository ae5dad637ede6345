//! Table and index definitions as ddb stores them in its catalog, and their conversions from
//! and to the wire types (`ddb_wire`) of the table operations.

use serde::{Deserialize, Serialize};

use ddb_model::{AttributeValue, Item, ValueType};
use ddb_wire::valid;

impl From<valid::Tag> for TableTag {
    fn from(tag: valid::Tag) -> TableTag {
        TableTag {
            key: tag.key,
            value: tag.value,
        }
    }
}

/// The scalar types a key attribute can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScalarType {
    /// String.
    S,
    /// Number.
    N,
    /// Binary.
    B,
}

impl From<valid::ScalarAttributeType> for ScalarType {
    fn from(ty: valid::ScalarAttributeType) -> ScalarType {
        match ty {
            valid::ScalarAttributeType::S => ScalarType::S,
            valid::ScalarAttributeType::N => ScalarType::N,
            valid::ScalarAttributeType::B => ScalarType::B,
        }
    }
}

impl From<ScalarType> for valid::ScalarAttributeType {
    fn from(ty: ScalarType) -> valid::ScalarAttributeType {
        match ty {
            ScalarType::S => valid::ScalarAttributeType::S,
            ScalarType::N => valid::ScalarAttributeType::N,
            ScalarType::B => valid::ScalarAttributeType::B,
        }
    }
}

impl ScalarType {
    /// The wire name: S, N or B.
    pub fn as_str(self) -> &'static str {
        match self {
            ScalarType::S => "S",
            ScalarType::N => "N",
            ScalarType::B => "B",
        }
    }

    /// The attribute value type this key type holds.
    pub fn value_type(self) -> ValueType {
        match self {
            ScalarType::S => ValueType::S,
            ScalarType::N => ValueType::N,
            ScalarType::B => ValueType::B,
        }
    }

    /// Whether `value` is of this type.
    pub fn matches(self, value: &AttributeValue) -> bool {
        value.value_type() == self.value_type()
    }
}

/// One key attribute: its name and type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyAttribute {
    /// The attribute's name.
    pub name: String,
    /// The attribute's type.
    pub ty: ScalarType,
}

/// A primary key schema (of a table or an index).
///
/// A global index may have a multi-attribute key: up to four partition-key attributes and up to
/// four sort-key attributes. `hash` and `range` hold the first of each, `more_hash` and
/// `more_range` the rest in key-schema order (always empty for tables and local indexes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeySchema {
    /// The partition (HASH) key, or the first of its attributes.
    pub hash: KeyAttribute,
    /// The sort (RANGE) key, or the first of its attributes, if there is one.
    pub range: Option<KeyAttribute>,
    /// A multi-attribute partition key's further attributes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more_hash: Vec<KeyAttribute>,
    /// A multi-attribute sort key's further attributes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more_range: Vec<KeyAttribute>,
}

impl KeySchema {
    /// A key of one partition-key attribute and at most one sort-key attribute.
    pub fn single(hash: KeyAttribute, range: Option<KeyAttribute>) -> KeySchema {
        KeySchema {
            hash,
            range,
            more_hash: Vec::new(),
            more_range: Vec::new(),
        }
    }

    /// The partition-key attributes, in order.
    pub fn hash_attributes(&self) -> impl Iterator<Item = &KeyAttribute> + Clone {
        std::iter::once(&self.hash).chain(self.more_hash.iter())
    }

    /// The sort-key attributes, in order.
    pub fn range_attributes(&self) -> impl Iterator<Item = &KeyAttribute> + Clone {
        self.range.iter().chain(self.more_range.iter())
    }

    /// Whether the partition or the sort key has more than one attribute.
    pub fn is_multi_attribute(&self) -> bool {
        !self.more_hash.is_empty() || !self.more_range.is_empty()
    }

    /// The key attributes: partition-key attributes first.
    pub fn attributes(&self) -> impl Iterator<Item = &KeyAttribute> + Clone {
        self.hash_attributes().chain(self.range_attributes())
    }

    /// Whether `name` is one of the key attributes.
    pub fn contains(&self, name: &str) -> bool {
        self.attributes().any(|a| a.name == name)
    }

    /// Whether `key` holds exactly this schema's attributes (whatever their values).
    pub fn covers_exactly(&self, key: &Item) -> bool {
        key.len() == self.attributes().count()
            && self.attributes().all(|a| key.contains_key(&a.name))
    }

    /// The wire form.
    pub fn to_wire(&self) -> Vec<ddb_wire::KeySchemaElement> {
        let element = |a: &KeyAttribute, key_type: valid::KeyType| ddb_wire::KeySchemaElement {
            attribute_name: Some(a.name.clone()),
            key_type: Some(key_type.into()),
        };
        self.hash_attributes()
            .map(|a| element(a, valid::KeyType::Hash))
            .chain(
                self.range_attributes()
                    .map(|a| element(a, valid::KeyType::Range)),
            )
            .collect()
    }
}

/// How a table is billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BillingMode {
    /// Capacity is provisioned.
    Provisioned,
    /// On-demand: billed per request.
    PayPerRequest,
}

impl From<valid::BillingMode> for BillingMode {
    fn from(mode: valid::BillingMode) -> BillingMode {
        match mode {
            valid::BillingMode::Provisioned => BillingMode::Provisioned,
            valid::BillingMode::PayPerRequest => BillingMode::PayPerRequest,
        }
    }
}

impl From<BillingMode> for valid::BillingMode {
    fn from(mode: BillingMode) -> valid::BillingMode {
        match mode {
            BillingMode::Provisioned => valid::BillingMode::Provisioned,
            BillingMode::PayPerRequest => valid::BillingMode::PayPerRequest,
        }
    }
}

/// Provisioned throughput and its change history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Throughput {
    /// Read capacity units.
    pub read: i64,
    /// Write capacity units.
    pub write: i64,
    /// When capacity was last increased, in epoch seconds.
    pub last_increase: Option<f64>,
    /// When capacity was last decreased, in epoch seconds.
    pub last_decrease: Option<f64>,
    /// How many decreases were made today.
    pub decreases_today: i64,
}

/// Which attributes an index stores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Projection {
    /// Every attribute of the item.
    All,
    /// The table's and the index's key attributes only.
    KeysOnly,
    /// The key attributes and these others.
    Include(Vec<String>),
}

impl Projection {
    /// The wire `ProjectionType`.
    pub fn projection_type(&self) -> valid::ProjectionType {
        match self {
            Projection::All => valid::ProjectionType::All,
            Projection::KeysOnly => valid::ProjectionType::KeysOnly,
            Projection::Include(_) => valid::ProjectionType::Include,
        }
    }

    /// The wire form.
    pub fn to_wire(&self) -> ddb_wire::Projection {
        ddb_wire::Projection {
            projection_type: Some(self.projection_type().into()),
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
    /// A global secondary index: its own partition key.
    Global,
    /// A local secondary index: the table's partition key, another sort key.
    Local,
}

/// Lifecycle of an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IndexStatus {
    /// Being created (its entries are being built).
    Creating,
    /// Ready for reads.
    Active,
    /// Being deleted.
    Deleting,
}

impl From<IndexStatus> for ddb_wire::IndexStatus {
    fn from(status: IndexStatus) -> ddb_wire::IndexStatus {
        match status {
            IndexStatus::Creating => ddb_wire::IndexStatus::Creating,
            IndexStatus::Active => ddb_wire::IndexStatus::Active,
            IndexStatus::Deleting => ddb_wire::IndexStatus::Deleting,
        }
    }
}

/// A secondary index as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexDef {
    /// The index's name.
    pub name: String,
    /// Storage prefix id of the index's entries.
    pub id: u32,
    /// Global or local.
    pub kind: IndexKind,
    /// The index's key schema.
    pub key: KeySchema,
    /// Which attributes the index stores.
    pub projection: Projection,
    /// The index's own throughput (provisioned global indexes only).
    pub throughput: Option<Throughput>,
    /// Where the index is in its lifecycle.
    pub status: IndexStatus,
    /// Whether the index, added by UpdateTable, is still being filled from the table.
    pub backfilling: bool,
    /// Its OnDemandThroughput maxima (PAY_PER_REQUEST global indexes); absent in records
    /// written before they existed.
    #[serde(default)]
    pub on_demand: Option<OnDemandLimits>,
    /// Its warm throughput (global indexes; zero in older records).
    #[serde(default)]
    pub warm: WarmThroughput,
}

/// The warm throughput of a table or global index as stored: read and write units a second it
/// serves at once, the highest ever set or provisioned (`crate::warm_throughput`); zero in
/// records written before it existed (the billing's own floor applies then).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct WarmThroughput {
    /// ReadUnitsPerSecond.
    pub read: i64,
    /// WriteUnitsPerSecond.
    pub write: i64,
}

/// OnDemandThroughput maxima of a PAY_PER_REQUEST table or global index: request units a
/// second, `None` for no maximum (`crate::on_demand`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct OnDemandLimits {
    /// MaxReadRequestUnits.
    pub max_read: Option<i64>,
    /// MaxWriteRequestUnits.
    pub max_write: Option<i64>,
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

/// What a table's stream records of each change (`StreamViewType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StreamView {
    /// Only the key attributes of the changed item.
    KeysOnly,
    /// The item as it is after the change.
    NewImage,
    /// The item as it was before the change.
    OldImage,
    /// Both images.
    NewAndOldImages,
}

impl StreamView {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            StreamView::KeysOnly => "KEYS_ONLY",
            StreamView::NewImage => "NEW_IMAGE",
            StreamView::OldImage => "OLD_IMAGE",
            StreamView::NewAndOldImages => "NEW_AND_OLD_IMAGES",
        }
    }

    /// From the wire name.
    pub fn parse(s: &str) -> Option<StreamView> {
        Some(match s {
            "KEYS_ONLY" => StreamView::KeysOnly,
            "NEW_IMAGE" => StreamView::NewImage,
            "OLD_IMAGE" => StreamView::OldImage,
            "NEW_AND_OLD_IMAGES" => StreamView::NewAndOldImages,
            _ => return None,
        })
    }
}

impl From<valid::StreamViewType> for StreamView {
    fn from(view: valid::StreamViewType) -> StreamView {
        match view {
            valid::StreamViewType::KeysOnly => StreamView::KeysOnly,
            valid::StreamViewType::NewImage => StreamView::NewImage,
            valid::StreamViewType::OldImage => StreamView::OldImage,
            valid::StreamViewType::NewAndOldImages => StreamView::NewAndOldImages,
        }
    }
}

impl From<StreamView> for valid::StreamViewType {
    fn from(view: StreamView) -> valid::StreamViewType {
        match view {
            StreamView::KeysOnly => valid::StreamViewType::KeysOnly,
            StreamView::NewImage => valid::StreamViewType::NewImage,
            StreamView::OldImage => valid::StreamViewType::OldImage,
            StreamView::NewAndOldImages => valid::StreamViewType::NewAndOldImages,
        }
    }
}

/// A table's stream, present while the stream is enabled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StreamSettings {
    /// What each record carries.
    pub view: StreamView,
}

impl StreamSettings {
    /// The table's stream setting a `StreamSpecification` asks for: `None` unless the stream
    /// is enabled with a view type (the operations refuse an enabled stream without one
    /// before they get here).
    pub fn from_spec(spec: &valid::StreamSpecification) -> Option<StreamSettings> {
        let view = spec.stream_view_type?.into();
        spec.stream_enabled.then_some(StreamSettings { view })
    }

    /// The wire form, as DescribeTable shows it.
    pub fn to_wire(&self) -> ddb_wire::StreamSpecification {
        ddb_wire::StreamSpecification {
            stream_enabled: Some(true),
            stream_view_type: Some(valid::StreamViewType::from(self.view).into()),
        }
    }
}

/// Encryption at rest with a KMS key, present while it is enabled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SseSettings {
    /// The key the table was given, if any (otherwise the account's managed key).
    pub kms_master_key_id: Option<String>,
}

impl SseSettings {
    /// The encryption setting an `SSESpecification` asks for: `None` unless enabled.
    pub fn from_spec(spec: &valid::SSESpecification) -> Option<SseSettings> {
        (spec.enabled == Some(true)).then(|| SseSettings {
            kms_master_key_id: spec.kms_master_key_id.clone(),
        })
    }
}

/// One tag on a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableTag {
    /// The tag's key, unique on the table.
    pub key: String,
    /// Its value (may be empty).
    pub value: String,
}

/// A table as stored in the catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableDef {
    /// The table's name.
    pub name: String,
    /// Storage prefix id; a re-created table gets a new one.
    pub id: u32,
    /// The `TableId` uuid.
    pub uuid: String,
    /// The table's ARN.
    pub arn: String,
    /// When the table was created, in epoch seconds.
    pub created: f64,
    /// The type of each defined attribute.
    pub attribute_definitions: Vec<(String, ScalarType)>,
    /// The table's primary key schema.
    pub key: KeySchema,
    /// How the table is billed.
    pub billing: BillingMode,
    /// The table's provisioned throughput and its change history.
    pub throughput: Throughput,
    /// When the billing mode last changed, in epoch seconds.
    pub billing_changed: Option<f64>,
    /// The table's secondary indexes, global and local.
    pub indexes: Vec<IndexDef>,
    /// The stream settings, as last specified.
    pub stream: Option<StreamSettings>,
    /// The label of the latest stream, once one was enabled.
    pub stream_label: Option<String>,
    /// The encryption settings, when given.
    pub sse: Option<SseSettings>,
    /// The table's tags.
    pub tags: Vec<TableTag>,
    /// The table class, when given.
    pub table_class: Option<String>,
    /// Whether DeleteTable is refused.
    pub deletion_protection: bool,
    /// The time-to-live attribute, when TTL is enabled.
    #[serde(default)]
    pub ttl_attribute: Option<String>,
    /// When UpdateTimeToLive last changed the setting, in epoch seconds on the capacity clock
    /// (absent in older records, and for tables never changed).
    #[serde(default)]
    pub ttl_changed: Option<f64>,
    /// Its OnDemandThroughput maxima (PAY_PER_REQUEST tables); absent in records written
    /// before they existed.
    #[serde(default)]
    pub on_demand: Option<OnDemandLimits>,
    /// Its warm throughput (zero in older records).
    #[serde(default)]
    pub warm: WarmThroughput,
}

impl TableDef {
    /// The index named `name`.
    pub fn index(&self, name: &str) -> Option<&IndexDef> {
        self.indexes.iter().find(|i| i.name == name)
    }

    /// The global secondary indexes.
    pub fn global_indexes(&self) -> impl Iterator<Item = &IndexDef> {
        self.indexes.iter().filter(|i| i.kind == IndexKind::Global)
    }

    /// The local secondary indexes.
    pub fn local_indexes(&self) -> impl Iterator<Item = &IndexDef> {
        self.indexes.iter().filter(|i| i.kind == IndexKind::Local)
    }

    /// Every index, by name: the order in which DynamoDB checks an item against its indexes
    /// (it names the alphabetically first index whose key the item breaks, per the
    /// dynamodb-conformance suite's tier-3 index-key tests).
    pub fn indexes_by_name(&self) -> Vec<&IndexDef> {
        let mut indexes: Vec<&IndexDef> = self.indexes.iter().collect();
        indexes.sort_by(|a, b| a.name.cmp(&b.name));
        indexes
    }

    /// Whether the table has a local secondary index.
    pub fn has_local_indexes(&self) -> bool {
        self.indexes.iter().any(|i| i.kind == IndexKind::Local)
    }
}
