//! The service models as read: [`Models::load`] reads the two vendored `service-2.json`
//! files, `Shapes` is the one view of both models' shapes the emitters read (kinds,
//! members, constraints, Rust types), and `Operation` is an operation with its request and
//! response shapes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use crate::overrides::EXTRA_REQUIRED;

/// Maps that keep the engine's `HashMap` (the rest are `BTreeMap`s, ordered by key).
pub const HASH_MAPS: &[&str] = &[
    "ExpressionAttributeNameMap",
    "ExpressionAttributeValueMap",
    "ExpectedAttributeMap",
    "KeyConditions",
    "FilterConditionMap",
    "AttributeUpdates",
];

/// One service model: its target prefix, operations and shapes.
pub struct Service {
    /// `DynamoDB_20120810` or `DynamoDBStreams_20120810`.
    pub target_prefix: String,
    /// The Java package DynamoDB's reader names classes from, in its messages.
    pub java_package: &'static str,
    /// The model's `operations` object.
    pub operations: serde_json::Map<String, Value>,
    /// The model's `shapes` object.
    pub shapes: serde_json::Map<String, Value>,
}

/// Both service models.
pub struct Models {
    /// DynamoDB's model, then DynamoDB Streams'.
    pub services: Vec<Service>,
}

/// The model files, by name inside `crates/wire/model/`, with the Java package of their
/// classes (Streams' package is a guess: no capture shows one).
const MODEL_FILES: [(&str, &str); 2] = [
    (
        "dynamodb-2012-08-10.json",
        "com.amazonaws.dynamodb.v20120810",
    ),
    (
        "dynamodbstreams-2012-08-10.json",
        "com.amazonaws.dynamodb.streams.v20120810",
    ),
];

impl Models {
    /// Reads both models from `dir`.
    pub fn load(dir: &Path) -> Result<Models, String> {
        let mut services = Vec::new();
        for (file, java_package) in MODEL_FILES {
            services.push(Service::load(dir, file, java_package)?);
        }
        Ok(Models { services })
    }

    /// Every operation of both services, DynamoDB's first, each in its model's order.
    pub(crate) fn operations(&self) -> Vec<Operation<'_>> {
        let mut operations = Vec::new();
        for service in &self.services {
            for (name, op) in &service.operations {
                operations.push(Operation {
                    name,
                    service,
                    input: op["input"]["shape"].as_str(),
                    output: op["output"]["shape"].as_str(),
                });
            }
        }
        operations
    }
}

impl Service {
    /// Reads the model `file` of `dir`, whose classes are in `java_package`.
    fn load(dir: &Path, file: &str, java_package: &'static str) -> Result<Service, String> {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("reading {}: {e}", path.display()))?;
        let json: Value =
            serde_json::from_str(&text).map_err(|e| format!("parsing {}: {e}", path.display()))?;
        let get = |key: &str| -> Result<serde_json::Map<String, Value>, String> {
            json[key]
                .as_object()
                .cloned()
                .ok_or_else(|| format!("{file}: no {key}"))
        };
        Ok(Service {
            target_prefix: json["metadata"]["targetPrefix"]
                .as_str()
                .ok_or_else(|| format!("{file}: no targetPrefix"))?
                .to_string(),
            java_package,
            operations: get("operations")?,
            shapes: get("shapes")?,
        })
    }

    /// Whether this is DynamoDB Streams (rather than DynamoDB).
    pub(crate) fn is_streams(&self) -> bool {
        self.target_prefix.starts_with("DynamoDBStreams_")
    }
}

/// One operation of a service, with its request and response shapes.
pub(crate) struct Operation<'m> {
    pub(crate) name: &'m str,
    pub(crate) service: &'m Service,
    pub(crate) input: Option<&'m str>,
    pub(crate) output: Option<&'m str>,
}

/// All shapes of both services, by name, with the service each came from first. Shapes
/// present in both must be the same (documentation aside).
pub(crate) struct Shapes<'m> {
    pub(crate) by_name: BTreeMap<&'m str, (&'m Value, &'m Service)>,
}

/// A shape without its `documentation` (which the two models word differently).
fn strip_docs(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| k.as_str() != "documentation")
                .map(|(k, v)| (k.clone(), strip_docs(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(strip_docs).collect()),
        other => other.clone(),
    }
}

impl<'m> Shapes<'m> {
    pub(crate) fn new(models: &'m Models) -> Result<Shapes<'m>, String> {
        let mut by_name: BTreeMap<&str, (&Value, &Service)> = BTreeMap::new();
        for service in &models.services {
            for (name, shape) in &service.shapes {
                if let Some((existing, _)) = by_name.get(name.as_str()) {
                    if strip_docs(existing) != strip_docs(shape) {
                        return Err(format!("shape {name} differs between the models"));
                    }
                    continue;
                }
                by_name.insert(name, (shape, service));
            }
        }
        Ok(Shapes { by_name })
    }

    pub(crate) fn get(&self, name: &str) -> &'m Value {
        self.by_name[name].0
    }

    pub(crate) fn kind(&self, name: &str) -> &'m str {
        self.get(name)["type"].as_str().unwrap_or("")
    }

    /// The class name DynamoDB's Java reader gives the shape in its messages.
    pub(crate) fn java(&self, name: &str) -> String {
        format!("{}.{name}", self.by_name[name].1.java_package)
    }

    pub(crate) fn is_enum(&self, name: &str) -> bool {
        self.get(name).get("enum").is_some()
    }

    /// Whether this map holds attribute values by attribute name (an item or key).
    pub(crate) fn is_value_map(&self, name: &str) -> bool {
        let shape = self.get(name);
        self.kind(name) == "map" && shape["value"]["shape"] == "AttributeValue"
    }

    /// A structure's members as (wire name, target shape), in the model's order.
    pub(crate) fn members(&self, name: &str) -> Vec<(&'m str, &'m str)> {
        self.get(name)["members"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.as_str(), v["shape"].as_str().unwrap_or("")))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A structure's required members: the model's, and those of [`EXTRA_REQUIRED`].
    pub(crate) fn required(&self, name: &str) -> BTreeSet<&'m str> {
        let mut required: BTreeSet<&str> = self.get(name)["required"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some((_, extra)) = EXTRA_REQUIRED.iter().find(|(s, _)| *s == name) {
            for (member, _) in self.members(name) {
                if extra.contains(&member) {
                    required.insert(member);
                }
            }
        }
        required
    }

    /// An enum shape's values, in the model's order.
    pub(crate) fn enum_values(&self, name: &str) -> Vec<&'m str> {
        self.get(name)["enum"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    /// A numeric constraint (`min`, `max`) of the shape.
    pub(crate) fn num(&self, name: &str, key: &str) -> Option<i64> {
        self.get(name).get(key).and_then(Value::as_i64)
    }

    pub(crate) fn pattern(&self, name: &str) -> Option<&'m str> {
        self.get(name).get("pattern").and_then(Value::as_str)
    }

    /// The shape a list's `member` or a map's `key`/`value` refers to.
    pub(crate) fn target(&self, name: &str, key: &str) -> &'m str {
        self.get(name)[key]["shape"].as_str().unwrap_or("")
    }

    /// The Rust type and decoding codec of a shape.
    pub(crate) fn rust(&self, name: &str) -> (String, String) {
        match self.kind(name) {
            "string" if self.is_enum(name) => {
                (format!("EnumValue<{name}>"), format!("EnumC<{name}>"))
            }
            "string" => ("String".into(), "Str".into()),
            "integer" => ("i32".into(), "Int".into()),
            "long" => ("i64".into(), "Long".into()),
            "double" => ("f64".into(), "Dbl".into()),
            "boolean" => ("bool".into(), "Bool".into()),
            "timestamp" => ("f64".into(), "Time".into()),
            "blob" => ("Blob".into(), "BlobC".into()),
            "list" => {
                let (t, c) = self.rust(self.target(name, "member"));
                (format!("Vec<{t}>"), format!("ListOf<{c}>"))
            }
            "map" if name == "ExpressionAttributeValueMap" => (
                "HashMap<String, AttributeValue>".into(),
                "ExpressionValuesC".into(),
            ),
            "map" if self.is_value_map(name) => ("Item".into(), "ItemC".into()),
            "map" => {
                let (t, c) = self.rust(self.target(name, "value"));
                if HASH_MAPS.contains(&name) {
                    (format!("HashMap<String, {t}>"), format!("HashOf<{c}>"))
                } else {
                    (format!("BTreeMap<String, {t}>"), format!("BTreeOf<{c}>"))
                }
            }
            "structure" if name == "AttributeValue" => ("AttributeValue".into(), "AvC".into()),
            "structure" => (name.to_string(), format!("Struct<{name}>")),
            other => panic!("shape {name}: unknown type {other}"),
        }
    }

    /// Every shape reachable from `roots` (the request shapes): these get decoders and
    /// validation.
    pub(crate) fn reachable(&self, roots: impl Iterator<Item = &'m str>) -> BTreeSet<&'m str> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&str> = roots.collect();
        while let Some(name) = stack.pop() {
            if !seen.insert(name) {
                continue;
            }
            match self.kind(name) {
                "structure" => stack.extend(self.members(name).into_iter().map(|(_, s)| s)),
                "list" => stack.push(self.target(name, "member")),
                "map" => {
                    stack.push(self.target(name, "key"));
                    stack.push(self.target(name, "value"));
                }
                _ => {}
            }
        }
        seen
    }
}
