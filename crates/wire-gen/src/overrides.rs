//! Every place DynamoDB departs from its published model, as a named table (enum value order
//! in messages, the order members are checked in, members required or bounded though the
//! model does not say so, table names that may be ARNs…), each entry with its source, and
//! the look-ups the emitters use to apply them.

use crate::model::Shapes;

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
    // Global indexes before local ones, whatever the request's order (paritysuite/
    // dynamodb-conformance validation-ordering, run against AWS in 2026).
    (
        "CreateTableInput",
        &[
            "AttributeDefinitions",
            "TableName",
            "KeySchema",
            "GlobalSecondaryIndexes",
            "LocalSecondaryIndexes",
        ],
    ),
    // The token before the enums (the same suite).
    (
        "TransactWriteItemsInput",
        &["TransactItems", "ClientRequestToken"],
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
];

/// Maps whose values' length limits DynamoDB does not report as constraint violations: an
/// expression attribute name over 65,535 bytes gets "Attribute name is too large, must be less
/// than 65536 bytes" from the expression layer (Alternator's test_limits, checked against
/// DynamoDB), which the engine sends.
pub const UNCHECKED_MAP_VALUES: &[&str] = &["ExpressionAttributeNameMap"];

/// Members with a minimum size the model does not state, refused as constraint violations.
/// None today: `TagResource` with `Tags: []` is refused by DynamoDB's own check ("Atleast one
/// Tag needs to be provided as Input.", docs/research/dynamodb-messages.md §4.3a), not by one.
pub const EXTRA_MIN: &[(&str, &str, i64)] = &[];

/// Members whose type is not what the model says: (structure, member, Rust type, codec).
/// `ExclusiveStartKey` is checked by DynamoDB after the rest of the request, so its
/// attribute-value faults are kept in the value instead of failing the decode.
pub const MEMBER_TYPES: &[(&str, &str, &str, &str)] = &[
    ("QueryInput", "ExclusiveStartKey", "StartKey", "StartKeyC"),
    ("ScanInput", "ExclusiveStartKey", "StartKey", "StartKeyC"),
];

/// Hand-written checks for patterns of the model, by pattern text: the function in
/// `ddb_wire::validate::patterns` that tells whether a whole string matches (as Java's
/// `String.matches` does).
pub const PATTERNS: &[(&str, &str)] = &[
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
pub enum NameRule {
    /// 3 to `max` characters of `[a-zA-Z0-9_.-]`; empty is shown as DynamoDB shows it.
    Name,
    /// A name, or an ARN of 1 to 1024 characters (every operation but CreateTable).
    NameOrArn,
}

/// Which naming rule applies to `member` of `structure` with target shape `shape`: the
/// model widens table names to `TableArn` (1 to 1024 characters, no pattern), but DynamoDB
/// still checks a plain name as a name (`docs/research/dynamodb-messages.md` §2.4).
pub fn name_rule(structure: &str, member: &str, shape: &str) -> Option<NameRule> {
    match (shape, member) {
        ("TableArn", "TableName") if structure == "CreateTableInput" => Some(NameRule::Name),
        ("TableArn", "TableName") => Some(NameRule::NameOrArn),
        ("TableName", _) | ("IndexName", _) => Some(NameRule::Name),
        _ => None,
    }
}

/// Map shapes keyed by table (their keys follow [`NameRule::NameOrArn`]).
pub const TABLE_KEYED_MAPS: &[&str] = &["BatchGetRequestMap", "BatchWriteItemRequestMap"];

/// The values of enum `name` in the order DynamoDB lists them ([`ENUM_ORDER`]), or in
/// `model_order` when it lists them as the model does.
pub fn enum_order<'a>(name: &str, model_order: &[&'a str]) -> Vec<&'a str> {
    ENUM_ORDER
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, order)| order.to_vec())
        .unwrap_or_else(|| model_order.to_vec())
}

/// A structure's members in the order DynamoDB checks them ([`CHECK_ORDER`]), the listed
/// ones first, the rest in the model's order.
pub(crate) fn check_order<'m>(shapes: &Shapes<'m>, name: &str) -> Vec<(&'m str, &'m str)> {
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

/// The Rust type and codec [`MEMBER_TYPES`] gives `member` of `structure`, if any.
pub fn member_type_override(structure: &str, member: &str) -> Option<(&'static str, &'static str)> {
    MEMBER_TYPES
        .iter()
        .find(|(s, m, _, _)| *s == structure && *m == member)
        .map(|(_, _, t, c)| (*t, *c))
}

/// The Rust type and decoding codec of `member` (target `shape`) of `structure`: the
/// model's, unless [`MEMBER_TYPES`] says otherwise.
pub(crate) fn member_type(
    shapes: &Shapes<'_>,
    structure: &str,
    member: &str,
    shape: &str,
) -> (String, String) {
    member_type_override(structure, member)
        .map(|(t, c)| (t.to_string(), c.to_string()))
        .unwrap_or_else(|| shapes.rust(shape))
}

/// The size bound a member gets from [`EXTRA_MIN`] or [`EXTRA_MAX`] (`table`), if any.
pub fn extra_bound(table: &[(&str, &str, i64)], structure: &str, member: &str) -> Option<i64> {
    table
        .iter()
        .find(|(s, m, _)| *s == structure && *m == member)
        .map(|(_, _, n)| *n)
}

/// The function of `ddb_wire::validate::patterns` that checks `pattern` ([`PATTERNS`]).
pub fn pattern_check(pattern: &str) -> Option<&'static str> {
    PATTERNS
        .iter()
        .find(|(text, _)| *text == pattern)
        .map(|(_, f)| *f)
}
