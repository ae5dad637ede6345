//! Output: DynamoDB JSON for `--output json` and the seed's JSON dumps, and the human-readable
//! forms (the conversation view, tables).
//!
//! JSON objects are written with sorted keys, as the seed's `json.dumps(..., sort_keys=True)`,
//! so output is stable from run to run and diffable.

use std::collections::BTreeMap;

use aws_sdk_dynamodb::operation::query::QueryOutput;
use aws_sdk_dynamodb::types::{AttributeValue, ConsumedCapacity, TableDescription};
use base64::Engine as _;
use serde_json::{json, Map, Value};

use crate::items::get_s;
use crate::{time, Item};

fn sorted(map: BTreeMap<String, Value>) -> Value {
    Value::Object(map.into_iter().collect::<Map<_, _>>())
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A count with its noun, singular for one: `1 item`, `3 items`.
pub fn counted(n: usize, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {plural}")
    }
}

/// An attribute value in DynamoDB's wire JSON (`{"S": "..."}`).
pub fn attribute_json(v: &AttributeValue) -> Value {
    match v {
        AttributeValue::S(s) => json!({ "S": s }),
        AttributeValue::N(n) => json!({ "N": n }),
        AttributeValue::B(b) => json!({ "B": b64(b.as_ref()) }),
        AttributeValue::Ss(ss) => json!({ "SS": ss }),
        AttributeValue::Ns(ns) => json!({ "NS": ns }),
        AttributeValue::Bs(bs) => {
            json!({ "BS": bs.iter().map(|b| b64(b.as_ref())).collect::<Vec<_>>() })
        }
        AttributeValue::Bool(b) => json!({ "BOOL": b }),
        AttributeValue::Null(_) => json!({ "NULL": true }),
        AttributeValue::L(l) => json!({ "L": l.iter().map(attribute_json).collect::<Vec<_>>() }),
        AttributeValue::M(m) => json!({ "M": item_json(m) }),
        // A type newer than this SDK; say so rather than dropping it.
        _ => json!({ "UNKNOWN": Value::Null }),
    }
}

/// An item in DynamoDB JSON, keys sorted.
pub fn item_json(item: &Item) -> Value {
    sorted(
        item.iter()
            .map(|(k, v)| (k.clone(), attribute_json(v)))
            .collect(),
    )
}

/// An attribute value as plain JSON (`"..."`, numbers as numbers), as boto3's resource API
/// shows items; the readable form of `ddb scan`.
pub fn plain_json(v: &AttributeValue) -> Value {
    match v {
        AttributeValue::S(s) => json!(s),
        AttributeValue::N(n) => number(n),
        AttributeValue::B(b) => json!(b64(b.as_ref())),
        AttributeValue::Ss(ss) => json!(ss),
        AttributeValue::Ns(ns) => Value::Array(ns.iter().map(|n| number(n)).collect()),
        AttributeValue::Bs(bs) => json!(bs.iter().map(|b| b64(b.as_ref())).collect::<Vec<_>>()),
        AttributeValue::Bool(b) => json!(b),
        AttributeValue::Null(_) => Value::Null,
        AttributeValue::L(l) => Value::Array(l.iter().map(plain_json).collect()),
        AttributeValue::M(m) => plain_item(m),
        _ => Value::Null,
    }
}

/// DynamoDB numbers have up to 38 digits; keep them exact by falling back to a string when
/// JSON's f64 would round them.
fn number(n: &str) -> Value {
    match n.parse::<i64>() {
        Ok(i) => json!(i),
        Err(_) => match n.parse::<f64>() {
            Ok(f) if f.is_finite() && f.to_string() == n => json!(f),
            _ => json!(n),
        },
    }
}

/// An item as plain JSON, keys sorted.
pub fn plain_item(item: &Item) -> Value {
    sorted(
        item.iter()
            .map(|(k, v)| (k.clone(), plain_json(v)))
            .collect(),
    )
}

/// ConsumedCapacity as DynamoDB returns it.
pub fn consumed_capacity_json(c: &ConsumedCapacity) -> Value {
    let mut m = BTreeMap::new();
    if let Some(t) = c.table_name() {
        m.insert("TableName".into(), json!(t));
    }
    if let Some(u) = c.capacity_units() {
        m.insert("CapacityUnits".into(), json!(u));
    }
    if let Some(u) = c.read_capacity_units() {
        m.insert("ReadCapacityUnits".into(), json!(u));
    }
    if let Some(u) = c.write_capacity_units() {
        m.insert("WriteCapacityUnits".into(), json!(u));
    }
    sorted(m)
}

/// A Query response in DynamoDB's JSON shape (what the seed prints with `json.dumps`).
pub fn query_output_json(out: &QueryOutput) -> Value {
    let mut m = BTreeMap::new();
    m.insert("Count".into(), json!(out.count()));
    m.insert("ScannedCount".into(), json!(out.scanned_count()));
    m.insert(
        "Items".into(),
        Value::Array(out.items().iter().map(item_json).collect()),
    );
    if let Some(key) = out.last_evaluated_key() {
        m.insert("LastEvaluatedKey".into(), item_json(key));
    }
    if let Some(c) = out.consumed_capacity() {
        m.insert("ConsumedCapacity".into(), consumed_capacity_json(c));
    }
    sorted(m)
}

/// The parts of a TableDescription a user of the toolkit cares about, in DynamoDB's JSON names.
pub fn table_description_json(t: &TableDescription) -> Value {
    let mut m = BTreeMap::new();
    if let Some(name) = t.table_name() {
        m.insert("TableName".into(), json!(name));
    }
    if let Some(status) = t.table_status() {
        m.insert("TableStatus".into(), json!(status.as_str()));
    }
    if let Some(arn) = t.table_arn() {
        m.insert("TableArn".into(), json!(arn));
    }
    m.insert(
        "KeySchema".into(),
        Value::Array(
            t.key_schema()
                .iter()
                .map(|k| json!({"AttributeName": k.attribute_name(), "KeyType": k.key_type().as_str()}))
                .collect(),
        ),
    );
    m.insert(
        "AttributeDefinitions".into(),
        Value::Array(
            t.attribute_definitions()
                .iter()
                .map(|a| json!({"AttributeName": a.attribute_name(), "AttributeType": a.attribute_type().as_str()}))
                .collect(),
        ),
    );
    if let Some(p) = t.provisioned_throughput() {
        m.insert(
            "ProvisionedThroughput".into(),
            json!({
                "ReadCapacityUnits": p.read_capacity_units(),
                "WriteCapacityUnits": p.write_capacity_units(),
            }),
        );
    }
    if let Some(b) = t.billing_mode_summary().and_then(|b| b.billing_mode()) {
        m.insert("BillingMode".into(), json!(b.as_str()));
    }
    if !t.global_secondary_indexes().is_empty() {
        m.insert(
            "GlobalSecondaryIndexes".into(),
            Value::Array(
                t.global_secondary_indexes()
                    .iter()
                    .map(|i| {
                        json!({
                            "IndexName": i.index_name(),
                            "KeySchema": i.key_schema().iter()
                                .map(|k| json!({"AttributeName": k.attribute_name(), "KeyType": k.key_type().as_str()}))
                                .collect::<Vec<_>>(),
                            "Projection": {
                                "ProjectionType": i.projection().and_then(|p| p.projection_type()).map(|p| p.as_str()),
                            },
                        })
                    })
                    .collect(),
            ),
        );
    }
    if let Some(s) = t.stream_specification() {
        m.insert(
            "StreamSpecification".into(),
            json!({
                "StreamEnabled": s.stream_enabled(),
                "StreamViewType": s.stream_view_type().map(|v| v.as_str()),
            }),
        );
    }
    if let Some(arn) = t.latest_stream_arn() {
        m.insert("LatestStreamArn".into(), json!(arn));
    }
    if let Some(n) = t.item_count() {
        m.insert("ItemCount".into(), json!(n));
    }
    sorted(m)
}

/// Pretty JSON with two-space indent, as `json.dumps(..., indent=2)`.
pub fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).expect("JSON values always serialize")
}

/// One line of the conversation view: handle padded to 12, time padded to 22, then the first
/// 40 characters of the message and `...` (always, as the seed does).
pub fn conversation_line(handle: &str, sk: &str, message: &str) -> String {
    let preview: String = message.chars().take(40).collect();
    format!("{handle:<12}{:<22}{preview}...", time::display(sk))
}

/// The conversation view of a newest-first Query page: oldest first.
pub fn conversation_view(items_newest_first: &[Item]) -> Vec<String> {
    items_newest_first
        .iter()
        .rev()
        .map(|item| {
            conversation_line(
                get_s(item, "user_handle").unwrap_or("?"),
                get_s(item, "sk").unwrap_or(""),
                get_s(item, "message").unwrap_or(""),
            )
        })
        .collect()
}

/// A one-column table in the AWS CLI's `--output table` style, which the seed's list-tables
/// prints.
pub fn aws_cli_table(title: &str, rows: &[String]) -> String {
    let widest = rows.iter().map(|r| r.chars().count()).max().unwrap_or(0);
    let inner = widest.max(title.chars().count()) + 4;
    let title_len = title.chars().count();
    let left = (inner - title_len) / 2;
    let right = inner - title_len - left;
    let rule = format!("+{}+", "-".repeat(inner));
    let mut out = String::new();
    out.push_str(&"-".repeat(inner + 2));
    out.push('\n');
    out.push_str(&format!(
        "|{}{title}{}|\n",
        " ".repeat(left),
        " ".repeat(right)
    ));
    out.push_str(&rule);
    out.push('\n');
    for row in rows {
        let pad = inner - 2 - row.chars().count();
        out.push_str(&format!("|  {row}{}|\n", " ".repeat(pad)));
    }
    if !rows.is_empty() {
        out.push_str(&rule);
        out.push('\n');
    }
    out
}

/// A plain left-aligned text table with a header row, columns two spaces apart.
pub fn columns(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(cell);
            } else {
                let pad = widths[i] - cell.chars().count() + 2;
                s.push_str(cell);
                s.push_str(&" ".repeat(pad));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(headers.to_vec());
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

/// The readable table of list-conversations: who, when, and a preview of the last message.
pub fn conversations_table(items: &[Item]) -> String {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|item| {
            let message = get_s(item, "message").unwrap_or("");
            let mut preview: String = message.chars().take(40).collect();
            if message.chars().count() > 40 {
                preview.push_str("...");
            }
            vec![
                get_s(item, "user_handle").unwrap_or("?").to_string(),
                get_s(item, "user_display_name").unwrap_or("").to_string(),
                time::display(get_s(item, "sk").unwrap_or("")),
                get_s(item, "message_group_uuid").unwrap_or("").to_string(),
                preview,
            ]
        })
        .collect();
    columns(
        &[
            "HANDLE",
            "NAME",
            "LAST MESSAGE AT",
            "MESSAGE GROUP",
            "LAST MESSAGE",
        ],
        &rows,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_noun() {
        assert_eq!(counted(0, "item", "items"), "0 items");
        assert_eq!(counted(1, "retry", "retries"), "1 retry");
        assert_eq!(counted(2, "retry", "retries"), "2 retries");
    }

    fn s(v: &str) -> AttributeValue {
        AttributeValue::S(v.to_string())
    }

    #[test]
    fn conversation_line_widths() {
        let line = conversation_line(
            "jess-bk",
            "2023-03-19T13:05:59.123456+00:00",
            "Are we still on for the ridge hike on Saturday? I just checked.",
        );
        assert_eq!(
            line,
            "jess-bk     2023-03-19 01:05 PM   Are we still on for the ridge hike on Sa..."
        );
        assert_eq!(&line[..12], "jess-bk     ");
        assert_eq!(&line[12..34], "2023-03-19 01:05 PM   ");
    }

    #[test]
    fn conversation_line_short_message_and_long_handle() {
        assert_eq!(
            conversation_line("bayko", "2024-01-02T00:00:00+00:00", "ok"),
            "bayko       2024-01-02 12:00 AM   ok..."
        );
        // Python's format pads but never truncates; a long handle pushes the time right.
        assert!(
            conversation_line("a-very-long-handle", "x", "m").starts_with("a-very-long-handlex")
        );
    }

    #[test]
    fn conversation_line_counts_characters_not_bytes() {
        let msg = "é".repeat(50);
        let line = conversation_line("h", "2024-01-02T00:00:00+00:00", &msg);
        assert!(line.ends_with(&format!("{}...", "é".repeat(40))));
    }

    #[test]
    fn conversation_view_is_oldest_first() {
        let item = |sk: &str, m: &str| -> Item {
            [("sk", s(sk)), ("message", s(m)), ("user_handle", s("h"))]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect()
        };
        let newest_first = vec![
            item("2024-01-01T10:01:00+00:00", "second"),
            item("2024-01-01T10:00:00+00:00", "first"),
        ];
        let view = conversation_view(&newest_first);
        assert!(view[0].ends_with("first..."));
        assert!(view[1].ends_with("second..."));
    }

    #[test]
    fn dynamodb_json_sorted() {
        let item: Item = [
            ("sk".to_string(), s("b")),
            ("pk".to_string(), s("a")),
            ("n".to_string(), AttributeValue::N("12.5".into())),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            serde_json::to_string(&item_json(&item)).unwrap(),
            r#"{"n":{"N":"12.5"},"pk":{"S":"a"},"sk":{"S":"b"}}"#
        );
        assert_eq!(
            serde_json::to_string(&plain_item(&item)).unwrap(),
            r#"{"n":12.5,"pk":"a","sk":"b"}"#
        );
    }

    #[test]
    fn big_numbers_stay_exact() {
        assert_eq!(
            number("12345678901234567890123456789"),
            json!("12345678901234567890123456789")
        );
        assert_eq!(number("7"), json!(7));
    }

    #[test]
    fn aws_cli_style_table() {
        let t = aws_cli_table("ListTables", &["cruddur-messages".to_string()]);
        assert_eq!(
            t,
            "----------------------\n\
             |     ListTables     |\n\
             +--------------------+\n\
             |  cruddur-messages  |\n\
             +--------------------+\n"
        );
    }

    #[test]
    fn text_columns() {
        let t = columns(&["A", "BB"], &[vec!["xxx".into(), "y".into()]]);
        assert_eq!(t, "A    BB\nxxx  y\n");
    }
}
