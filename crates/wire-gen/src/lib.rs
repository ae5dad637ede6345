//! Generates `ddb-wire`'s types from DynamoDB's and DynamoDB Streams' service models.
//!
//! [`Models::load`] reads the two vendored `service-2.json` files; [`generate`] returns every
//! generated file as (path relative to `crates/wire`, formatted text). The binary writes them;
//! `ddb-wire`'s `generated_is_current` test compares them with the checked-in files:
//! `shapes.rs` (the decoded form of every shape, its decoder, display and checks),
//! `operations.rs` (the operations and the request enum) and `valid.rs` (the validated form
//! of every structure reachable from a request, and its conversion from the decoded form).
//!
//! Where DynamoDB behaves differently from what its published model says (enum value order
//! in messages, the order members are checked in, table names that may be ARNs), the
//! difference is a named table in this file ([`ENUM_ORDER`], [`CHECK_ORDER`], [`name_rule`]),
//! each entry with its source in `docs/research/`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// The directory of the `ddb-wire` crate (the generator's output root).
pub fn wire_crate_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../wire")
}

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
            let path = dir.join(file);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("reading {}: {e}", path.display()))?;
            let json: Value = serde_json::from_str(&text)
                .map_err(|e| format!("parsing {}: {e}", path.display()))?;
            let get = |key: &str| -> Result<serde_json::Map<String, Value>, String> {
                json[key]
                    .as_object()
                    .cloned()
                    .ok_or_else(|| format!("{file}: no {key}"))
            };
            services.push(Service {
                target_prefix: json["metadata"]["targetPrefix"]
                    .as_str()
                    .ok_or_else(|| format!("{file}: no targetPrefix"))?
                    .to_string(),
                java_package,
                operations: get("operations")?,
                shapes: get("shapes")?,
            });
        }
        Ok(Models { services })
    }
}

/// Enum values in the order DynamoDB lists them in "Member must satisfy enum value set"
/// (which is not the model's order). Sources: `docs/research/dynamodb-messages.md` §2.3.
pub const ENUM_ORDER: &[(&str, &[&str])] = &[
    ("ReturnConsumedCapacity", &["INDEXES", "TOTAL", "NONE"]),
    ("ReturnItemCollectionMetrics", &["SIZE", "NONE"]),
    ("ReturnValuesOnConditionCheckFailure", &["ALL_OLD", "NONE"]),
    ("ConditionalOperator", &["OR", "AND"]),
    (
        "ComparisonOperator",
        &[
            "IN",
            "NULL",
            "BETWEEN",
            "LT",
            "NOT_CONTAINS",
            "EQ",
            "GT",
            "NOT_NULL",
            "NE",
            "LE",
            "BEGINS_WITH",
            "GE",
            "CONTAINS",
        ],
    ),
    ("ScalarAttributeType", &["B", "N", "S"]),
    (
        "Select",
        &[
            "SPECIFIC_ATTRIBUTES",
            "COUNT",
            "ALL_ATTRIBUTES",
            "ALL_PROJECTED_ATTRIBUTES",
        ],
    ),
    ("KeyType", &["HASH", "RANGE"]),
    ("ProjectionType", &["ALL", "INCLUDE", "KEYS_ONLY"]),
    (
        "StreamViewType",
        &["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"],
    ),
    ("AttributeAction", &["ADD", "PUT", "DELETE"]),
];

/// Enums whose violation DynamoDB words without value and path (and with a misspelt value
/// set): `Failed to satisfy constraint: Member must satisfy enum value set: [...]`.
pub const BARE_ENUMS: &[&str] = &["ReturnValue"];

/// The order DynamoDB checks (and lists) a structure's members in, where captures show it
/// differs from the model's order; unlisted members follow in the model's order. Sources:
/// `docs/research/dynamodb-messages.md` §2.2, §2.3 and dynalite's CreateTable capture.
pub const CHECK_ORDER: &[(&str, &[&str])] = &[
    ("ListTablesInput", &["Limit", "ExclusiveStartTableName"]),
    (
        "PutItemInput",
        &[
            "TableName",
            "Item",
            "ReturnConsumedCapacity",
            "ReturnValues",
            "ReturnItemCollectionMetrics",
        ],
    ),
    (
        "DeleteItemInput",
        &[
            "TableName",
            "Key",
            "ReturnConsumedCapacity",
            "ReturnValues",
            "ReturnItemCollectionMetrics",
        ],
    ),
    (
        "UpdateItemInput",
        &[
            "TableName",
            "Key",
            "ReturnConsumedCapacity",
            "ReturnValues",
            "ReturnItemCollectionMetrics",
        ],
    ),
    (
        "ProvisionedThroughput",
        &["WriteCapacityUnits", "ReadCapacityUnits"],
    ),
];

/// Members DynamoDB requires although the model does not mark them required (the model
/// loosened CreateTable for tables created from a global table's source ARN; a plain
/// CreateTable without them is refused with "Value null at ...": tests/python
/// test_create_table.py, checked against DynamoDB).
pub const EXTRA_REQUIRED: &[(&str, &[&str])] =
    &[("CreateTableInput", &["AttributeDefinitions", "KeySchema"])];

/// Members with a maximum size the model no longer states: a table's and a local index's key
/// schema hold at most two elements (the model dropped its maximum when global secondary
/// indexes got multi-attribute keys).
pub const EXTRA_MAX: &[(&str, &str, i64)] = &[
    ("CreateTableInput", "KeySchema", 2),
    ("LocalSecondaryIndex", "KeySchema", 2),
    // ddb does not have multi-attribute global index keys yet (issue 11): until it does, it
    // refuses them as DynamoDB did before November 2025.
    ("GlobalSecondaryIndex", "KeySchema", 2),
    ("CreateGlobalSecondaryIndexAction", "KeySchema", 2),
];

/// Maps whose values' length limits DynamoDB does not report as constraint violations: an
/// expression attribute name over 65,535 bytes gets "Attribute name is too large, must be less
/// than 65536 bytes" from the expression layer (Alternator's test_limits, checked against
/// DynamoDB), which the engine sends.
const UNCHECKED_MAP_VALUES: &[&str] = &["ExpressionAttributeNameMap"];

/// Members with a minimum size the model does not state: DynamoDB refuses `TagResource` with
/// `Tags: []` as a constraint violation at `tags` (docs/research/dynamodb-messages.md §4.3a).
pub const EXTRA_MIN: &[(&str, &str, i64)] = &[("TagResourceInput", "Tags", 1)];

/// Members whose type is not what the model says: (structure, member, Rust type, codec).
/// `ExclusiveStartKey` is checked by DynamoDB after the rest of the request, so its
/// attribute-value faults are kept in the value instead of failing the decode.
const MEMBER_TYPES: &[(&str, &str, &str, &str)] = &[
    ("QueryInput", "ExclusiveStartKey", "StartKey", "StartKeyC"),
    ("ScanInput", "ExclusiveStartKey", "StartKey", "StartKeyC"),
];

/// Hand-written checks for patterns of the model, by pattern text: the function in
/// `ddb_wire::validate::patterns` that tells whether a whole string matches (as Java's
/// `String.matches` does).
const PATTERNS: &[(&str, &str)] = &[
    ("[a-zA-Z0-9_.-]+", "name_chars"),
    ("\\p{Print}+", "printable"),
    (
        "[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\r\\n\\t]*",
        "xml_chars",
    ),
    ("([0-9a-f]{16})+", "hex16_blocks"),
    ("^[^\\$]+$", "no_dollar"),
    (
        "[A-Za-z0-9][A-Za-z0-9\\-\\_\\.]{0,126}[A-Za-z0-9]",
        "contributor_insights_rule",
    ),
    ("[,;:|\\t ]", "csv_delimiter"),
    ("[\\x20-\\x21\\x23-\\x2B\\x2D-\\x7E]*", "csv_header"),
    ("^[a-z0-9A-Z]+[\\.\\-\\w]*[a-z0-9A-Z]+$", "s3_bucket"),
    ("[0-9]{12}", "twelve_digits"),
    (
        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "uuid",
    ),
];

/// How a string member that names a table or index is checked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum NameRule {
    /// 3 to `max` characters of `[a-zA-Z0-9_.-]`; empty is shown as DynamoDB shows it.
    Name,
    /// A name, or an ARN of 1 to 1024 characters (every operation but CreateTable).
    NameOrArn,
}

/// Which naming rule applies to `member` of `structure` with target shape `shape`: the
/// model widens table names to `TableArn` (1 to 1024 characters, no pattern), but DynamoDB
/// still checks a plain name as a name (`docs/research/dynamodb-messages.md` §2.4).
fn name_rule(structure: &str, member: &str, shape: &str) -> Option<NameRule> {
    match (shape, member) {
        ("TableArn", "TableName") if structure == "CreateTableInput" => Some(NameRule::Name),
        ("TableArn", "TableName") => Some(NameRule::NameOrArn),
        ("TableName", _) | ("IndexName", _) => Some(NameRule::Name),
        _ => None,
    }
}

/// Map shapes keyed by table (their keys follow [`NameRule::NameOrArn`]).
const TABLE_KEYED_MAPS: &[&str] = &["BatchGetRequestMap", "BatchWriteItemRequestMap"];

/// Maps that keep the engine's `HashMap` (the rest are `BTreeMap`s, ordered by key).
const HASH_MAPS: &[&str] = &[
    "ExpressionAttributeNameMap",
    "ExpressionAttributeValueMap",
    "ExpectedAttributeMap",
    "KeyConditions",
    "FilterConditionMap",
    "AttributeUpdates",
];

const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match",
    "mod", "move", "mut", "pub", "ref", "return", "self", "static", "struct", "super", "trait",
    "true", "try", "type", "unsafe", "use", "where", "while", "yield",
];

/// Type names the generated code uses itself: a shape with one of these names would clash.
const TAKEN_NAMES: &[&str] = &[
    "Item",
    "Blob",
    "StartKey",
    "EnumValue",
    "Operation",
    "Request",
    "Service",
    "Path",
    "Violations",
    "Option",
    "Vec",
    "Box",
    "Result",
];

/// `TableName` → `table_name`, `SSESpecification` → `sse_specification`.
pub fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// The member name in DynamoDB's violation paths: the wire name with its first letter in
/// lower case (`SSESpecification` → `sSESpecification`).
pub fn path_name(name: &str) -> String {
    let mut out = String::new();
    let mut chars = name.chars();
    if let Some(first) = chars.next() {
        out.push(first.to_ascii_lowercase());
    }
    out.extend(chars);
    out
}

/// An enum value as a Rust variant: `PAY_PER_REQUEST` → `PayPerRequest`; values already in
/// camel case stay.
pub fn variant_name(value: &str) -> String {
    let camel = value.chars().any(|c| c.is_ascii_lowercase()) && !value.contains('_');
    let mut out = String::new();
    if camel {
        out.push_str(value);
    } else {
        for part in value.split(|c: char| !c.is_ascii_alphanumeric()) {
            let mut chars = part.chars();
            if let Some(first) = chars.next() {
                out.push(first.to_ascii_uppercase());
                out.extend(chars.map(|c| c.to_ascii_lowercase()));
            }
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

fn field_name(member: &str) -> String {
    let s = snake_case(member);
    if RUST_KEYWORDS.contains(&s.as_str()) {
        format!("r#{s}")
    } else {
        s
    }
}

/// A Rust string literal.
fn lit(s: &str) -> String {
    format!("{s:?}")
}

/// All shapes of both services, by name, with the service each came from first. Shapes
/// present in both must be the same (documentation aside).
struct Shapes<'m> {
    by_name: BTreeMap<&'m str, (&'m Value, &'m Service)>,
}

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
    fn new(models: &'m Models) -> Result<Shapes<'m>, String> {
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

    fn get(&self, name: &str) -> &'m Value {
        self.by_name[name].0
    }

    fn kind(&self, name: &str) -> &'m str {
        self.get(name)["type"].as_str().unwrap_or("")
    }

    fn java(&self, name: &str) -> String {
        format!("{}.{name}", self.by_name[name].1.java_package)
    }

    fn is_enum(&self, name: &str) -> bool {
        self.get(name).get("enum").is_some()
    }

    /// Whether this map holds attribute values by attribute name (an item or key).
    fn is_value_map(&self, name: &str) -> bool {
        let shape = self.get(name);
        self.kind(name) == "map" && shape["value"]["shape"] == "AttributeValue"
    }

    fn members(&self, name: &str) -> Vec<(&'m str, &'m str)> {
        self.get(name)["members"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.as_str(), v["shape"].as_str().unwrap_or("")))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn required(&self, name: &str) -> BTreeSet<&'m str> {
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

    fn num(&self, name: &str, key: &str) -> Option<i64> {
        self.get(name).get(key).and_then(Value::as_i64)
    }

    fn pattern(&self, name: &str) -> Option<&'m str> {
        self.get(name).get("pattern").and_then(Value::as_str)
    }

    fn target(&self, name: &str, key: &str) -> &'m str {
        self.get(name)[key]["shape"].as_str().unwrap_or("")
    }

    /// The Rust type and decoding codec of a shape.
    fn rust(&self, name: &str) -> (String, String) {
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
}

struct Operation<'m> {
    name: &'m str,
    service: &'m Service,
    input: Option<&'m str>,
    output: Option<&'m str>,
}

/// Everything generated: (path relative to `crates/wire`, formatted Rust source).
pub fn generate(models: &Models) -> Result<Vec<(PathBuf, String)>, String> {
    let shapes = Shapes::new(models)?;
    let mut operations = Vec::new();
    for service in &models.services {
        for (name, op) in &service.operations {
            operations.push(Operation {
                name,
                service,
                input: op["input"]["shape"].as_str(),
                output: op["output"]["shape"].as_str(),
            });
        }
    }
    for name in shapes.by_name.keys() {
        if TAKEN_NAMES.contains(name) && shapes.kind(name) == "structure" {
            return Err(format!("shape {name} clashes with a generated name"));
        }
    }
    let inputs = reachable(&shapes, operations.iter().filter_map(|o| o.input));
    let shapes_rs = format_rust(&shapes_file(&shapes, &operations, &inputs)?)?;
    let ops_rs = format_rust(&operations_file(&operations))?;
    let valid_rs = format_rust(&valid_file(&shapes, &operations, &inputs))?;
    Ok(vec![
        (PathBuf::from("src/generated/shapes.rs"), shapes_rs),
        (PathBuf::from("src/generated/operations.rs"), ops_rs),
        (PathBuf::from("src/generated/valid.rs"), valid_rs),
    ])
}

/// Every structure reachable from `roots` (the request shapes): these get decoders and
/// validation.
fn reachable<'m>(shapes: &Shapes<'m>, roots: impl Iterator<Item = &'m str>) -> BTreeSet<&'m str> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&str> = roots.collect();
    while let Some(name) = stack.pop() {
        if !seen.insert(name) {
            continue;
        }
        match shapes.kind(name) {
            "structure" => stack.extend(shapes.members(name).into_iter().map(|(_, s)| s)),
            "list" => stack.push(shapes.target(name, "member")),
            "map" => {
                stack.push(shapes.target(name, "key"));
                stack.push(shapes.target(name, "value"));
            }
            _ => {}
        }
    }
    seen
}

fn format_rust(source: &str) -> Result<String, String> {
    let mut child = Command::new(std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into()))
        .args(["--edition", "2021", "--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("running rustfmt: {e}"))?;
    child
        .stdin
        .take()
        .ok_or("rustfmt: no stdin")?
        .write_all(source.as_bytes())
        .map_err(|e| format!("writing to rustfmt: {e}"))?;
    let out = child
        .wait_with_output()
        .map_err(|e| format!("running rustfmt: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "rustfmt failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("rustfmt output: {e}"))
}

const HEADER: &str =
    "// @generated by `cargo run -p ddb-wire-gen` from crates/wire/model/: do not edit.\n\n";

fn shapes_file(
    shapes: &Shapes<'_>,
    operations: &[Operation<'_>],
    inputs: &BTreeSet<&str>,
) -> Result<String, String> {
    let mut roles: BTreeMap<&str, String> = BTreeMap::new();
    for op in operations {
        if let Some(i) = op.input {
            roles.insert(i, format!("`{}`'s request.", op.name));
        }
        if let Some(o) = op.output {
            roles.insert(o, format!("`{}`'s response.", op.name));
        }
    }
    let mut out = String::from(HEADER);
    out.push_str("//! Every enum and structure shape of the two service models.\n\n");
    out.push_str("#![allow(clippy::all)]\n\n");
    out.push_str("use std::collections::{BTreeMap, HashMap};\n\n");
    out.push_str("use ddb_model::{AttributeValue, Item};\n");
    out.push_str("use serde::de::MapAccess;\nuse serde::Serialize;\n\n");
    let imports_at = out.len();
    for (name, (shape, _)) in &shapes.by_name {
        let name: &str = name;
        if shape.get("enum").is_some() {
            enum_type(&mut out, shapes, name);
        }
    }
    for (name, (shape, _)) in &shapes.by_name {
        let name: &str = name;
        if shape["type"] == "structure" && name != "AttributeValue" {
            let doc = roles.get(name).cloned().unwrap_or_else(|| {
                if shape.get("exception").is_some() {
                    format!("The `{name}` error's body.")
                } else {
                    format!("The `{name}` structure.")
                }
            });
            structure(&mut out, shapes, name, &doc, inputs.contains(name))?;
        }
    }
    // Import only what the generated code uses.
    let body = out[imports_at..].to_string();
    let used = |names: &[&str]| -> String {
        names
            .iter()
            .filter(|n| {
                body.contains(&format!("{n}<"))
                    || body.contains(&format!("{n},"))
                    || body.contains(&format!("{n})"))
                    || body.contains(&format!("{n}>"))
                    || body.contains(&format!("{n}::"))
                    || body.contains(&format!("{n} "))
            })
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut imports = String::from("use crate::de::*;\nuse crate::show::Show;\nuse crate::validate::{patterns, Path, Validate, Violations};\n");
    let _ = writeln!(
        imports,
        "use crate::value::{{{}}};",
        used(&["AvC", "ExpressionValuesC", "ItemC", "StartKeyC"])
    );
    let _ = writeln!(
        imports,
        "use crate::{{{}}};\n",
        used(&["Blob", "EnumValue", "StartKey", "WireEnum"])
    );
    out.insert_str(imports_at, &imports);
    Ok(out)
}

fn enum_type(out: &mut String, shapes: &Shapes<'_>, name: &str) {
    let values: Vec<&str> = shapes.get(name)["enum"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let variants: Vec<String> = values.iter().map(|v| variant_name(v)).collect();
    let unique: BTreeSet<&String> = variants.iter().collect();
    assert_eq!(
        unique.len(),
        variants.len(),
        "enum {name}: variant names clash"
    );
    let shown: Vec<&str> = ENUM_ORDER
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, order)| order.to_vec())
        .unwrap_or_else(|| values.clone());
    let _ = writeln!(out, "/// The `{name}` enum: {} values.", values.len());
    out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]\n");
    let _ = writeln!(out, "pub enum {name} {{");
    for (v, var) in values.iter().zip(&variants) {
        let _ = writeln!(out, "    /// `{v}`.\n    {var},");
    }
    out.push_str("}\n\n");
    let _ = writeln!(out, "impl WireEnum for {name} {{");
    let _ = writeln!(
        out,
        "    const ALL: &'static [{name}] = &[{}];",
        variants
            .iter()
            .map(|v| format!("{name}::{v}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        out,
        "    const SHOWN: &'static [&'static str] = &[{}];",
        shown.iter().map(|v| lit(v)).collect::<Vec<_>>().join(", ")
    );
    out.push_str("    fn as_str(self) -> &'static str {\n        match self {\n");
    for (v, var) in values.iter().zip(&variants) {
        let _ = writeln!(out, "            {name}::{var} => {},", lit(v));
    }
    out.push_str("        }\n    }\n");
    out.push_str("    fn from_wire(text: &str) -> Option<Self> {\n        Some(match text {\n");
    for (v, var) in values.iter().zip(&variants) {
        let _ = writeln!(out, "            {} => {name}::{var},", lit(v));
    }
    out.push_str("            _ => return None,\n        })\n    }\n}\n\n");
    let _ = writeln!(
        out,
        "impl {name} {{\n    /// The value as it is on the wire.\n    pub fn as_str(self) -> &'static str {{\n        WireEnum::as_str(self)\n    }}\n}}\n"
    );
    let _ = writeln!(
        out,
        "impl std::str::FromStr for {name} {{\n    type Err = crate::UnknownEnumValue;\n    fn from_str(text: &str) -> Result<Self, Self::Err> {{\n        <{name} as WireEnum>::from_wire(text).ok_or_else(|| crate::UnknownEnumValue(text.to_string()))\n    }}\n}}\n"
    );
    let _ = writeln!(
        out,
        "impl std::fmt::Display for {name} {{\n    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{\n        f.write_str(self.as_str())\n    }}\n}}\n"
    );
}

/// A member's facts for its doc line: required, lengths, range, pattern.
fn member_doc(shapes: &Shapes<'_>, wire: &str, shape: &str, required: bool) -> String {
    let mut facts = Vec::new();
    if required {
        facts.push("required".to_string());
    }
    let (min, max) = (shapes.num(shape, "min"), shapes.num(shape, "max"));
    let unit = match shapes.kind(shape) {
        "string" => Some("characters"),
        "list" | "map" => Some("members"),
        _ => None,
    };
    match (unit, min, max) {
        (Some(u), Some(a), Some(b)) => facts.push(format!("{a} to {b} {u}")),
        (Some(u), Some(a), None) => facts.push(format!("at least {a} {u}")),
        (Some(u), None, Some(b)) => facts.push(format!("at most {b} {u}")),
        (None, Some(a), Some(b)) => facts.push(format!("{a} to {b}")),
        (None, Some(a), None) => facts.push(format!("at least {a}")),
        (None, None, Some(b)) => facts.push(format!("at most {b}")),
        _ => {}
    }
    if shapes.pattern(shape).is_some() {
        facts.push("pattern-checked".to_string());
    }
    if facts.is_empty() {
        format!("`{wire}`.")
    } else {
        format!("`{wire}`: {}.", facts.join(", "))
    }
}

fn check_order<'m>(shapes: &Shapes<'m>, name: &str) -> Vec<(&'m str, &'m str)> {
    let members = shapes.members(name);
    let Some((_, order)) = CHECK_ORDER.iter().find(|(n, _)| *n == name) else {
        return members;
    };
    let mut ordered: Vec<(&str, &str)> = order
        .iter()
        .filter_map(|m| members.iter().find(|(n, _)| n == m).copied())
        .collect();
    for m in &members {
        if !order.contains(&m.0) {
            ordered.push(*m);
        }
    }
    ordered
}

fn member_type<'m>(
    shapes: &Shapes<'m>,
    structure: &str,
    member: &str,
    shape: &str,
) -> (String, String) {
    MEMBER_TYPES
        .iter()
        .find(|(s, m, _, _)| *s == structure && *m == member)
        .map(|(_, _, t, c)| (t.to_string(), c.to_string()))
        .unwrap_or_else(|| shapes.rust(shape))
}

fn structure(
    out: &mut String,
    shapes: &Shapes<'_>,
    name: &str,
    doc: &str,
    is_input: bool,
) -> Result<(), String> {
    let members = shapes.members(name);
    let required = shapes.required(name);
    let _ = writeln!(out, "/// {doc}");
    out.push_str("#[derive(Debug, Clone, Default, PartialEq, Serialize)]\n");
    let _ = writeln!(out, "pub struct {name} {{");
    for (wire, shape) in &members {
        let (ty, _) = member_type(shapes, name, wire, shape);
        let _ = writeln!(
            out,
            "    /// {}",
            member_doc(shapes, wire, shape, required.contains(wire))
        );
        let _ = writeln!(
            out,
            "    #[serde(rename = {}, skip_serializing_if = \"Option::is_none\")]",
            lit(wire)
        );
        let _ = writeln!(out, "    pub {}: Option<{ty}>,", field_name(wire));
    }
    out.push_str("}\n\n");
    if !is_input {
        return Ok(());
    }
    // Decoding.
    let _ = writeln!(out, "impl DecodeStruct for {name} {{");
    let _ = writeln!(
        out,
        "    const JAVA: &'static str = {};",
        lit(&shapes.java(name))
    );
    if members.is_empty() {
        out.push_str("    fn member<'de, A: MapAccess<'de>>(&mut self, _name: &str, map: &mut A, _cx: &Cx) -> Result<(), A::Error> {\n        skip(map)\n    }\n}\n\n");
    } else {
        out.push_str("    fn member<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A, cx: &Cx) -> Result<(), A::Error> {\n        match name {\n");
        for (wire, shape) in &members {
            let (_, codec) = member_type(shapes, name, wire, shape);
            let _ = writeln!(
                out,
                "            {} => self.{} = member::<{codec}, A>(map, cx)?,",
                lit(wire),
                field_name(wire)
            );
        }
        out.push_str("            _ => skip(map)?,\n        }\n        Ok(())\n    }\n}\n\n");
    }
    // Showing, as DynamoDB's Java service prints a structure in a violation.
    let _ = writeln!(out, "impl Show for {name} {{");
    out.push_str("    fn show(&self, out: &mut String) {\n");
    let _ = writeln!(out, "        out.push_str({});", lit(&format!("{name}(")));
    for (i, (wire, _)) in members.iter().enumerate() {
        let sep = if i == 0 { "" } else { ", " };
        let _ = writeln!(
            out,
            "        out.push_str({});\n        self.{}.show(out);",
            lit(&format!("{sep}{}=", path_name(wire))),
            field_name(wire)
        );
    }
    out.push_str("        out.push(')');\n    }\n}\n\n");
    // Validation.
    let _ = writeln!(out, "impl Validate for {name} {{");
    let ordered = check_order(shapes, name);
    if ordered.is_empty() {
        out.push_str("    fn validate_at(&self, _path: &Path<'_>, _v: &mut Violations) {}\n}\n\n");
        return Ok(());
    }
    let mut checks = String::new();
    for (wire, shape) in ordered {
        let field = field_name(wire);
        let p = format!("Path::Field(path, {})", lit(&path_name(wire)));
        let is_start_key = member_type(shapes, name, wire, shape).0 == "StartKey";
        let mut body = String::new();
        if let Some((_, _, min)) = EXTRA_MIN.iter().find(|(s, m, _)| *s == name && *m == wire) {
            let _ = writeln!(
                body,
                "v.size(x.len(), &p, Some({min}), None, || crate::show::shown(x));"
            );
        }
        if let Some((_, _, max)) = EXTRA_MAX.iter().find(|(s, m, _)| *s == name && *m == wire) {
            let _ = writeln!(
                body,
                "v.size(x.len(), &p, None, Some({max}), || crate::show::shown(x));"
            );
        }
        if !is_start_key {
            check(
                &mut body,
                shapes,
                shape,
                "x",
                "&p",
                name_rule(name, wire, shape),
                0,
            )?;
        }
        let required = required.contains(wire);
        if !required && body.is_empty() {
            continue;
        }
        let out = &mut checks;
        if required || body.contains("&p") {
            let _ = writeln!(out, "        {{\n            let p = {p};");
        } else {
            out.push_str("        {\n");
        }
        match (required, body.is_empty()) {
            (true, true) => {
                let _ = writeln!(
                    out,
                    "            if self.{field}.is_none() {{ v.null(&p); }}"
                );
            }
            (true, false) => {
                let _ = writeln!(
                    out,
                    "            match &self.{field} {{\n                None => v.null(&p),\n                Some(x) => {{\n{body}                }}\n            }}"
                );
            }
            (false, _) => {
                let _ = writeln!(
                    out,
                    "            if let Some(x) = &self.{field} {{\n{body}            }}"
                );
            }
        }
        out.push_str("        }\n");
    }
    if checks.is_empty() {
        out.push_str("    fn validate_at(&self, _path: &Path<'_>, _v: &mut Violations) {}\n}\n\n");
    } else {
        let _ = writeln!(out, "    fn validate_at(&self, path: &Path<'_>, v: &mut Violations) {{\n{checks}    }}\n}}\n");
    }
    Ok(())
}

/// The checks on a present value `x` of `shape` at path expression `p`, appended to `out`
/// (nothing when the shape has no constraints).
fn check(
    out: &mut String,
    shapes: &Shapes<'_>,
    shape: &str,
    x: &str,
    p: &str,
    rule: Option<NameRule>,
    depth: usize,
) -> Result<(), String> {
    let min = shapes.num(shape, "min");
    let max = shapes.num(shape, "max");
    let opt = |n: Option<i64>| n.map_or("None".to_string(), |n| format!("Some({n})"));
    match shapes.kind(shape) {
        "string" if shapes.is_enum(shape) => {
            if BARE_ENUMS.contains(&shape) {
                let _ = writeln!(out, "v.bare_enum({x});");
            } else {
                let _ = writeln!(out, "v.enum_value({x}, {p});");
            }
        }
        "string" => match rule {
            Some(NameRule::Name) => {
                // A table name given where the model allows an ARN is still a name.
                let max = if shape == "TableArn" {
                    255
                } else {
                    max.unwrap_or(255)
                };
                let _ = writeln!(out, "v.name({x}, {p}, {max});");
            }
            Some(NameRule::NameOrArn) => {
                let _ = writeln!(out, "v.table_name({x}, {p});");
            }
            None => {
                if min.is_none() && max.is_none() && shapes.pattern(shape).is_none() {
                    return Ok(());
                }
                let pattern = match shapes.pattern(shape) {
                    None => "None".to_string(),
                    Some(pat) => {
                        let f = PATTERNS
                            .iter()
                            .find(|(text, _)| *text == pat)
                            .map(|(_, f)| *f)
                            .ok_or_else(|| format!("shape {shape}: no check for pattern {pat:?}: add one to PATTERNS and validate::patterns"))?;
                        format!("Some(({}, patterns::{f}))", lit(pat))
                    }
                };
                let _ = writeln!(
                    out,
                    "v.string({x}, {p}, {}, {}, {pattern});",
                    opt(min),
                    opt(max)
                );
            }
        },
        "integer" | "long" if min.is_some() || max.is_some() => {
            let _ = writeln!(
                out,
                "v.range(i64::from(*{x}), {p}, {}, {});",
                opt(min),
                opt(max)
            );
        }
        "list" => {
            let elem = shapes.target(shape, "member");
            let e = format!("e{depth}");
            let ep = format!("p{}", depth + 1);
            let mut inner = String::new();
            check(
                &mut inner,
                shapes,
                elem,
                &e,
                &format!("&{ep}"),
                None,
                depth + 1,
            )?;
            if min.is_some() || max.is_some() {
                let _ = writeln!(
                    out,
                    "v.size({x}.len(), {p}, {}, {}, || crate::show::shown({x}));",
                    opt(min),
                    opt(max)
                );
            }
            if !inner.is_empty() {
                let _ = writeln!(
                    out,
                    "for (i, {e}) in {x}.iter().enumerate() {{\nlet {ep} = Path::Index({p}, i);\n{inner}}}"
                );
            }
        }
        "map" => {
            if shapes.is_value_map(shape) || shape == "ExpressionAttributeValueMap" {
                // Attribute values are checked while decoding.
                return Ok(());
            }
            if min.is_some() || max.is_some() {
                let _ = writeln!(
                    out,
                    "v.size({x}.len(), {p}, {}, {}, || crate::show::shown({x}));",
                    opt(min),
                    opt(max)
                );
            }
            let key = shapes.target(shape, "key");
            if TABLE_KEYED_MAPS.contains(&shape) {
                let _ = writeln!(out, "v.table_keys({x}.keys().map(String::as_str), {p}, || crate::show::shown({x}));");
            } else {
                let (kmin, kmax) = (shapes.num(key, "min"), shapes.num(key, "max"));
                if kmin.is_some() || kmax.is_some() {
                    let _ = writeln!(out, "v.map_keys({x}.keys().map(String::as_str), {p}, {}, {}, || crate::show::shown({x}));", opt(kmin), opt(kmax));
                }
            }
            let value = shapes.target(shape, "value");
            let e = format!("e{depth}");
            let k = format!("k{depth}");
            let ep = format!("p{}", depth + 1);
            match shapes.kind(value) {
                "structure" => {
                    let mut inner = String::new();
                    check(
                        &mut inner,
                        shapes,
                        value,
                        &e,
                        &format!("&{ep}"),
                        None,
                        depth + 1,
                    )?;
                    if !inner.is_empty() {
                        let _ = writeln!(
                            out,
                            "for ({k}, {e}) in {x} {{\nlet {ep} = Path::Key({p}, {k});\n{inner}}}"
                        );
                    }
                }
                "list" | "string" => {
                    let (vmin, vmax) = (shapes.num(value, "min"), shapes.num(value, "max"));
                    if (vmin.is_some() || vmax.is_some()) && !UNCHECKED_MAP_VALUES.contains(&shape)
                    {
                        let len = if shapes.kind(value) == "list" {
                            "len()"
                        } else {
                            "chars().count()"
                        };
                        let _ = writeln!(out, "v.map_values({x}.values().map(|m| m.{len}), {p}, {}, {}, || crate::show::shown({x}));", opt(vmin), opt(vmax));
                    }
                    if shapes.kind(value) == "list" {
                        let mut inner = String::new();
                        let elem = shapes.target(value, "member");
                        let e2 = format!("e{}", depth + 1);
                        let ep2 = format!("p{}", depth + 2);
                        check(
                            &mut inner,
                            shapes,
                            elem,
                            &e2,
                            &format!("&{ep2}"),
                            None,
                            depth + 2,
                        )?;
                        if !inner.is_empty() {
                            let _ = writeln!(
                                out,
                                "for ({k}, {e}) in {x} {{\nlet {ep} = Path::Key({p}, {k});\nfor (i, {e2}) in {e}.iter().enumerate() {{\nlet {ep2} = Path::Index(&{ep}, i);\n{inner}}}\n}}"
                            );
                        }
                    }
                }
                _ => {}
            }
        }
        "structure" if shape != "AttributeValue" => {
            let _ = writeln!(out, "{x}.validate_at({p}, v);");
        }
        _ => {}
    }
    Ok(())
}

/// The type of a shape in its validated form (`crate::valid`): enums as Rust enums,
/// structures as their validated forms, the rest as decoded.
fn valid_rust(shapes: &Shapes<'_>, name: &str) -> String {
    match shapes.kind(name) {
        "string" if shapes.is_enum(name) => name.to_string(),
        "list" => format!("Vec<{}>", valid_rust(shapes, shapes.target(name, "member"))),
        "map" if name == "ExpressionAttributeValueMap" || shapes.is_value_map(name) => {
            shapes.rust(name).0
        }
        "map" => {
            let t = valid_rust(shapes, shapes.target(name, "value"));
            if HASH_MAPS.contains(&name) {
                format!("HashMap<String, {t}>")
            } else {
                format!("BTreeMap<String, {t}>")
            }
        }
        "structure" if name == "AttributeValue" => "AttributeValue".into(),
        "structure" => name.to_string(),
        _ => shapes.rust(name).0,
    }
}

/// Whether a shape's validated form differs from its decoded one.
fn needs_conversion(shapes: &Shapes<'_>, name: &str) -> bool {
    match shapes.kind(name) {
        "string" => shapes.is_enum(name),
        "list" => needs_conversion(shapes, shapes.target(name, "member")),
        "map" if name == "ExpressionAttributeValueMap" || shapes.is_value_map(name) => false,
        "map" => needs_conversion(shapes, shapes.target(name, "value")),
        "structure" => name != "AttributeValue",
        _ => false,
    }
}

/// An expression of type `Option<valid form>` converting the owned value `x` of `shape`
/// (which [`needs_conversion`]) sitting at path expression `p` (a `&Path`).
fn conversion(shapes: &Shapes<'_>, shape: &str, x: &str, p: &str, depth: usize) -> String {
    let e = format!("e{depth}");
    let ep = format!("p{}", depth + 1);
    match shapes.kind(shape) {
        "string" if BARE_ENUMS.contains(&shape) => format!("known_bare({x}, v)"),
        "string" => format!("known({x}, {p}, v)"),
        "list" => {
            let inner = conversion(
                shapes,
                shapes.target(shape, "member"),
                &e,
                &format!("&{ep}"),
                depth + 1,
            );
            format!(
                "{x}.into_iter().enumerate().map(|(i, {e})| {{ let {ep} = Path::Index({p}, i); {inner} }}).collect::<Option<Vec<_>>>()"
            )
        }
        "map" => {
            let k = format!("k{depth}");
            let inner = conversion(
                shapes,
                shapes.target(shape, "value"),
                &e,
                &format!("&{ep}"),
                depth + 1,
            );
            format!(
                "{x}.into_iter().map(|({k}, {e})| {{ let value = {{ let {ep} = Path::Key({p}, &{k}); {inner} }}?; Some(({k}, value)) }}).collect::<Option<_>>()"
            )
        }
        _ => format!("{x}.into_valid_at({p}, v)"),
    }
}

fn valid_file(
    shapes: &Shapes<'_>,
    operations: &[Operation<'_>],
    inputs: &BTreeSet<&str>,
) -> String {
    let mut out = String::from(HEADER);
    out.push_str(
        "//! The validated form of every structure reachable from a request: the same names as\n\
         //! the decoded forms in [`crate::generated::shapes`], with required members as plain\n\
         //! values, enum members as Rust enums, and lists and maps of structures holding\n\
         //! validated structures. Made by `validate(self)` on a decoded request.\n\n",
    );
    out.push_str("#![allow(clippy::all, unused_variables)]\n\n");
    out.push_str("use std::collections::{BTreeMap, HashMap};\n\n");
    out.push_str("use crate::generated::shapes as wire;\n");
    out.push_str("use crate::validate::{into_valid, known, known_bare, present, IntoValid, Path, Violations};\n");
    out.push_str("use crate::Operation;\n\n");
    out.push_str("pub use crate::{Blob, StartKey};\npub use ddb_model::{AttributeValue, Item};\n");
    let enums: Vec<&str> = inputs
        .iter()
        .copied()
        .filter(|n| shapes.kind(n) == "string" && shapes.is_enum(n))
        .collect();
    let _ = writeln!(
        out,
        "pub use crate::generated::shapes::{{{}}};\n",
        enums.join(", ")
    );
    let mut roles: BTreeMap<&str, &str> = BTreeMap::new();
    for op in operations {
        if let Some(i) = op.input {
            roles.insert(i, op.name);
        }
    }
    for name in inputs {
        let name: &str = name;
        if shapes.kind(name) != "structure" || name == "AttributeValue" {
            continue;
        }
        let members = shapes.members(name);
        let required = shapes.required(name);
        match roles.get(name) {
            Some(op) => {
                let _ = writeln!(out, "/// `{op}`'s request, validated.");
            }
            None => {
                let _ = writeln!(out, "/// The `{name}` structure, validated.");
            }
        }
        out.push_str("#[derive(Debug, Clone, PartialEq)]\n");
        let _ = writeln!(out, "pub struct {name} {{");
        for (wire, shape) in &members {
            let is_required = required.contains(wire);
            let override_ty = MEMBER_TYPES
                .iter()
                .find(|(s, m, _, _)| *s == name && m == wire)
                .map(|(_, _, t, _)| t.to_string());
            let ty = override_ty.unwrap_or_else(|| valid_rust(shapes, shape));
            let _ = writeln!(
                out,
                "    /// {}",
                member_doc(shapes, wire, shape, is_required)
            );
            if is_required {
                let _ = writeln!(out, "    pub {}: {ty},", field_name(wire));
            } else {
                let _ = writeln!(out, "    pub {}: Option<{ty}>,", field_name(wire));
            }
        }
        out.push_str("}\n\n");
        // Conversion.
        let _ = writeln!(
            out,
            "impl IntoValid for wire::{name} {{\n    type Valid = {name};"
        );
        out.push_str(
            "    fn into_valid_at(self, path: &Path<'_>, v: &mut Violations) -> Option<Self::Valid> {\n",
        );
        let mut fields = Vec::new();
        for (wire, shape) in &members {
            let field = field_name(wire);
            let is_required = required.contains(wire);
            let overridden = MEMBER_TYPES
                .iter()
                .any(|(s, m, _, _)| *s == name && m == wire);
            let convert = !overridden && needs_conversion(shapes, shape);
            let p = format!("Path::Field(path, {})", lit(&path_name(wire)));
            let local = format!("m_{}", field.trim_start_matches("r#"));
            match (is_required, convert) {
                (false, false) => {
                    fields.push(format!("{field}: self.{field}"));
                    continue;
                }
                (true, false) => {
                    let _ = writeln!(out, "        let {local} = present(self.{field}, &{p}, v);");
                }
                (true, true) => {
                    let c = conversion(shapes, shape, "x", "&p", 0);
                    let _ = writeln!(
                        out,
                        "        let {local} = {{ let p = {p}; match present(self.{field}, &p, v) {{ None => None, Some(x) => {c} }} }};"
                    );
                }
                (false, true) => {
                    let c = conversion(shapes, shape, "x", "&p", 0);
                    let _ = writeln!(
                        out,
                        "        let {local} = match self.{field} {{ None => Some(None), Some(x) => {{ let p = {p}; ({c}).map(Some) }} }};"
                    );
                }
            }
            fields.push(format!("{field}: {local}?"));
        }
        let _ = writeln!(
            out,
            "        Some({name} {{ {} }})\n    }}\n}}\n",
            fields.join(", ")
        );
        let _ = writeln!(
            out,
            "impl wire::{name} {{\n    /// Checks the constraints ([`crate::Validate::violations`]) and, when none is broken, moves the\n    /// members into the validated form.\n    pub fn validate(self) -> Result<{name}, Violations> {{\n        into_valid(self)\n    }}\n}}\n"
        );
    }
    // The request enum.
    out.push_str("/// A validated request of any operation.\n#[derive(Debug, Clone, PartialEq)]\npub enum Request {\n");
    for op in operations {
        if let Some(i) = op.input {
            let _ = writeln!(out, "    /// `{}`.\n    {}({}),", op.name, op.name, i);
        }
    }
    out.push_str("}\n\n");
    out.push_str("impl Request {\n    /// The operation this is a request of.\n    pub fn operation(&self) -> Operation {\n        match self {\n");
    for op in operations {
        if op.input.is_some() {
            let _ = writeln!(
                out,
                "            Request::{}(_) => Operation::{},",
                op.name, op.name
            );
        }
    }
    out.push_str("        }\n    }\n}\n");
    out
}

fn operations_file(operations: &[Operation<'_>]) -> String {
    let mut out = String::from(HEADER);
    out.push_str("//! The operations of both services: names, services, typed requests.\n\n");
    out.push_str("#![allow(clippy::all)]\n\n");
    out.push_str("use crate::de::decode;\nuse crate::generated::shapes::*;\nuse crate::generated::valid;\nuse crate::validate::{Validate, Violations};\nuse crate::{DecodeError, Service};\n\n");
    let _ = writeln!(
        out,
        "/// Every operation of DynamoDB ({}) and DynamoDB Streams ({}).",
        operations
            .iter()
            .filter(|o| o.service.target_prefix.starts_with("DynamoDB_"))
            .count(),
        operations
            .iter()
            .filter(|o| o.service.target_prefix.starts_with("DynamoDBStreams_"))
            .count()
    );
    out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]\npub enum Operation {\n");
    for op in operations {
        let _ = writeln!(
            out,
            "    /// `{}.{}`.\n    {},",
            op.service.target_prefix, op.name, op.name
        );
    }
    out.push_str("}\n\n");
    let service_of = |op: &Operation<'_>| {
        if op.service.target_prefix.starts_with("DynamoDBStreams_") {
            "Service::DynamoDbStreams"
        } else {
            "Service::DynamoDb"
        }
    };
    out.push_str("impl Operation {\n");
    let _ = writeln!(
        out,
        "    /// All {} operations, DynamoDB's first.\n    pub const ALL: [Operation; {}] = [{}];\n",
        operations.len(),
        operations.len(),
        operations.iter().map(|o| format!("Operation::{}", o.name)).collect::<Vec<_>>().join(", ")
    );
    out.push_str("    /// The operation's name, as in `X-Amz-Target` after the service's prefix.\n    pub fn name(self) -> &'static str {\n        match self {\n");
    for op in operations {
        let _ = writeln!(
            out,
            "            Operation::{} => {},",
            op.name,
            lit(op.name)
        );
    }
    out.push_str("        }\n    }\n\n");
    out.push_str("    /// The service the operation belongs to.\n    pub fn service(self) -> Service {\n        match self {\n");
    for op in operations {
        let _ = writeln!(
            out,
            "            Operation::{} => {},",
            op.name,
            service_of(op)
        );
    }
    out.push_str("        }\n    }\n\n");
    out.push_str("    /// The operation of `service` named `name`.\n    pub fn named(service: Service, name: &str) -> Option<Operation> {\n        Some(match (service, name) {\n");
    for op in operations {
        let _ = writeln!(
            out,
            "            ({}, {}) => Operation::{},",
            service_of(op),
            lit(op.name),
            op.name
        );
    }
    out.push_str("            _ => return None,\n        })\n    }\n}\n\n");
    out.push_str("/// A decoded request of any operation.\n#[derive(Debug, Clone, PartialEq)]\npub enum Request {\n");
    for op in operations {
        if let Some(i) = op.input {
            let _ = writeln!(out, "    /// `{}`.\n    {}({}),", op.name, op.name, i);
        }
    }
    out.push_str("}\n\n");
    out.push_str("/// Decodes `body` as `operation`'s request.\npub fn decode_request(operation: Operation, body: &[u8]) -> Result<Request, DecodeError> {\n    Ok(match operation {\n");
    for op in operations {
        if let Some(i) = op.input {
            let _ = writeln!(
                out,
                "        Operation::{} => Request::{}(decode::<{i}>(body)?),",
                op.name, op.name
            );
        }
    }
    out.push_str("    })\n}\n\n");
    out.push_str("impl Request {\n    /// The operation this is a request of.\n    pub fn operation(&self) -> Operation {\n        match self {\n");
    for op in operations {
        if op.input.is_some() {
            let _ = writeln!(
                out,
                "            Request::{}(_) => Operation::{},",
                op.name, op.name
            );
        }
    }
    out.push_str("        }\n    }\n\n    /// Every constraint the request breaks, in DynamoDB's order.\n    pub fn violations(&self) -> Violations {\n        match self {\n");
    for op in operations {
        if op.input.is_some() {
            let _ = writeln!(
                out,
                "            Request::{}(r) => r.violations(),",
                op.name
            );
        }
    }
    out.push_str("        }\n    }\n\n");
    out.push_str("    /// Checks the request's constraints ([`Request::violations`]) and, when it breaks none,\n    /// moves it into its validated form.\n    pub fn validate(self) -> Result<valid::Request, Violations> {\n        Ok(match self {\n");
    for op in operations {
        if op.input.is_some() {
            let _ = writeln!(
                out,
                "            Request::{}(r) => valid::Request::{}(r.validate()?),",
                op.name, op.name
            );
        }
    }
    out.push_str("        })\n    }\n}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(snake_case("TableName"), "table_name");
        assert_eq!(snake_case("SSESpecification"), "sse_specification");
        assert_eq!(snake_case("KMSMasterKeyId"), "kms_master_key_id");
        assert_eq!(snake_case("S3BucketOwner"), "s3_bucket_owner");
        assert_eq!(snake_case("IndexARN"), "index_arn");
        assert_eq!(path_name("SSESpecification"), "sSESpecification");
        assert_eq!(variant_name("PAY_PER_REQUEST"), "PayPerRequest");
        assert_eq!(variant_name("AES256"), "Aes256");
        assert_eq!(
            variant_name("ConditionalCheckFailed"),
            "ConditionalCheckFailed"
        );
    }
}
