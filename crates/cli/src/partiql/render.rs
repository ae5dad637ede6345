//! How answers look: an aligned table of items, or DynamoDB JSON.
//!
//! A table cell shows a top-level string or number as itself, and anything else as the PartiQL
//! literal that would write it (`<<'a','b'>>`, `[1,'x']`, `{'k':true}`), so a set is never
//! mistaken for a list and a value can be pasted back into a statement. Binary values have no
//! PartiQL literal; they show as `b64:` and their base64.

use aws_sdk_dynamodb::types::AttributeValue;
use base64::Engine as _;
use ddb_cruddur::{format, Item};
use serde_json::{json, Map, Value};

use super::exec::{Answer, Cut};

/// Cells longer than this are cut (with `…`) unless `--wide`: one long message would otherwise
/// push every other column off the screen. `--output json` always shows the whole value.
pub const MAX_CELL: usize = 60;

/// A value as a table cell.
pub fn cell(v: &AttributeValue) -> String {
    match v {
        AttributeValue::S(s) => visible(s),
        AttributeValue::N(n) => n.clone(),
        other => literal(other),
    }
}

/// Text with its control characters escaped (`\n`, `\t`, `\u{1b}`), so a value can neither
/// break a row over lines nor send the terminal an escape sequence.
fn visible(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A value as a PartiQL literal.
fn literal(v: &AttributeValue) -> String {
    let quote = |s: &str| format!("'{}'", visible(&s.replace('\'', "''")));
    let b64 = |b: &[u8]| {
        format!(
            "b64:{}",
            base64::engine::general_purpose::STANDARD.encode(b)
        )
    };
    let join = |parts: Vec<String>| parts.join(",");
    match v {
        AttributeValue::S(s) => quote(s),
        AttributeValue::N(n) => n.clone(),
        AttributeValue::B(b) => b64(b.as_ref()),
        AttributeValue::Bool(b) => b.to_string(),
        AttributeValue::Null(_) => "NULL".into(),
        AttributeValue::Ss(ss) => format!("<<{}>>", join(ss.iter().map(|s| quote(s)).collect())),
        AttributeValue::Ns(ns) => format!("<<{}>>", ns.join(",")),
        AttributeValue::Bs(bs) => {
            format!("<<{}>>", join(bs.iter().map(|b| b64(b.as_ref())).collect()))
        }
        AttributeValue::L(l) => format!("[{}]", join(l.iter().map(literal).collect())),
        AttributeValue::M(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            let fields = keys
                .iter()
                .map(|k| format!("{}:{}", quote(k), literal(&m[*k])));
            format!("{{{}}}", join(fields.collect()))
        }
        _ => "?".into(),
    }
}

/// The columns of a table: the key attributes first (in key order, when present in the
/// items), then every other attribute seen, sorted by name.
pub fn columns(items: &[Item], key: &[String]) -> Vec<String> {
    let mut rest: Vec<&String> = items
        .iter()
        .flat_map(|item| item.keys())
        .filter(|name| !key.contains(name))
        .collect();
    rest.sort();
    rest.dedup();
    let present = |k: &&String| items.iter().any(|item| item.contains_key(*k));
    key.iter().filter(present).chain(rest).cloned().collect()
}

/// The items as an aligned table: a header, a rule, a row per item. A missing attribute is an
/// empty cell; a column of numbers only is right-aligned.
pub fn table(items: &[Item], key: &[String], wide: bool) -> String {
    let attributes = columns(items, key);
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|item| {
            let text = |name: &String| item.get(name).map(cell).unwrap_or_default();
            attributes.iter().map(|n| cut(text(n), wide)).collect()
        })
        .collect();
    let numeric: Vec<bool> = attributes
        .iter()
        .map(|n| {
            let mut values = items.iter().filter_map(|item| item.get(n));
            values.all(|v| matches!(v, AttributeValue::N(_)))
        })
        .collect();
    let headers: Vec<String> = attributes.iter().map(|n| visible(n)).collect();
    let widths: Vec<usize> = (0..headers.len())
        .map(|i| {
            let cells = rows.iter().map(|r| &r[i]).chain([&headers[i]]);
            cells.map(|c| c.chars().count()).max().unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = " ".repeat(widths[i] - c.chars().count());
                if numeric[i] {
                    format!("{pad}{c}")
                } else {
                    format!("{c}{pad}")
                }
            })
            .collect();
        padded.join(" | ").trim_end().to_string() + "\n"
    };
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    let mut out = line(&headers);
    out.push_str(&rule.join("-+-"));
    out.push('\n');
    for row in &rows {
        out.push_str(&line(row));
    }
    out
}

fn cut(text: String, wide: bool) -> String {
    if wide || text.chars().count() <= MAX_CELL {
        return text;
    }
    text.chars().take(MAX_CELL - 1).chain(['…']).collect()
}

/// An answer in ExecuteStatement's JSON shape: Items in DynamoDB JSON, Count, and NextToken
/// and ConsumedCapacity when there are any.
pub fn json(answer: &Answer) -> Value {
    let mut doc = Map::new();
    let items = answer.items.iter().map(format::item_json).collect();
    doc.insert("Items".into(), Value::Array(items));
    doc.insert("Count".into(), json!(answer.items.len()));
    if let Some(token) = &answer.next_token {
        doc.insert("NextToken".into(), json!(token));
    }
    if let Some(units) = answer.capacity {
        doc.insert("ConsumedCapacity".into(), json!({ "CapacityUnits": units }));
    }
    Value::Object(doc)
}

/// The line after a table: `3 items`, the capacity used, and whether more remain.
pub fn footer(answer: &Answer, select: bool) -> String {
    let mut line = if answer.items.is_empty() && !select {
        "OK".to_string()
    } else {
        format::counted(answer.items.len(), "item", "items")
    };
    if let Some(units) = answer.capacity {
        let unit = if select { "RCU" } else { "WCU" };
        line.push_str(&format!(" (ConsumedCapacity {units} {unit})"));
    }
    match (answer.cut, &answer.next_token) {
        (Some(Cut::MaxItems), _) => line.push_str("; more remain (--max-items reached)"),
        (Some(Cut::Stopped), _) => line.push_str("; stopped, more remain"),
        (None, Some(token)) => line.push_str(&format!("; more remain: --starting-token {token}")),
        (None, None) => {}
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_dynamodb::primitives::Blob;

    fn item(pairs: &[(&str, AttributeValue)]) -> Item {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    fn s(v: &str) -> AttributeValue {
        AttributeValue::S(v.into())
    }

    #[test]
    fn cells_show_scalars_plain_and_the_rest_as_partiql() {
        assert_eq!(cell(&s("it's\nhere\u{1b}")), "it's\\nhere\\u{1b}");
        assert_eq!(cell(&AttributeValue::N("1.50".into())), "1.50");
        assert_eq!(
            cell(&AttributeValue::Ss(vec!["a".into(), "b'c".into()])),
            "<<'a','b''c'>>"
        );
        assert_eq!(
            cell(&AttributeValue::Ns(vec!["1".into(), "2".into()])),
            "<<1,2>>"
        );
        assert_eq!(cell(&AttributeValue::B(Blob::new(vec![0, 1]))), "b64:AAE=");
        let list = AttributeValue::L(vec![s("x"), AttributeValue::Null(true)]);
        let map = AttributeValue::M(item(&[("z", AttributeValue::Bool(true)), ("a", list)]));
        assert_eq!(cell(&map), "{'a':['x',NULL],'z':true}");
    }

    #[test]
    fn table_puts_the_key_first_and_aligns() {
        let items = vec![
            item(&[
                ("sk", s("1")),
                ("pk", s("a")),
                ("n", AttributeValue::N("7".into())),
            ]),
            item(&[
                ("pk", s("bb")),
                ("sk", s("2")),
                ("note", s("hi")),
                ("n", AttributeValue::N("10".into())),
            ]),
        ];
        let key = vec!["pk".to_string(), "sk".to_string()];
        assert_eq!(
            table(&items, &key, false),
            "pk | sk |  n | note\n\
             ---+----+----+-----\n\
             a  | 1  |  7 |\n\
             bb | 2  | 10 | hi\n"
        );
    }

    #[test]
    fn long_cells_are_cut_unless_wide() {
        let items = vec![item(&[("m", s(&"x".repeat(100)))])];
        let cut_line = table(&items, &[], false)
            .lines()
            .nth(2)
            .unwrap_or("")
            .to_string();
        assert_eq!(cut_line.chars().count(), MAX_CELL);
        assert!(cut_line.ends_with('…'));
        assert!(table(&items, &[], true).contains(&"x".repeat(100)));
    }
}
