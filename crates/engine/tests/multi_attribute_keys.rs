//! A global index with a multi-attribute key (two partition-key and two sort-key attributes):
//! after random writes, every allowed key condition returns exactly the indexed items that
//! satisfy it, in the order of the sort-key tuple, across pages.

#![allow(clippy::unwrap_used)]

mod common;

use common::{all_pages, call, engine};
use proptest::prelude::*;
use serde_json::{json, Value};

/// An item: its key, and the index attributes it has (each may be missing).
#[derive(Debug, Clone)]
struct Row {
    id: u8,
    region: Option<u8>,
    shop: Option<u8>,
    day: Option<u8>,
    seq: Option<i8>,
}

fn row() -> impl Strategy<Value = Row> {
    (
        0u8..40,
        prop::option::weighted(0.9, 0u8..2),
        prop::option::weighted(0.9, 0u8..2),
        prop::option::weighted(0.9, 0u8..3),
        prop::option::weighted(0.9, -3i8..4),
    )
        .prop_map(|(id, region, shop, day, seq)| Row {
            id,
            region,
            shop,
            day,
            seq,
        })
}

fn item(r: &Row) -> Value {
    let mut item = json!({"id": {"S": format!("i{}", r.id)}});
    if let Some(v) = r.region {
        item["area"] = json!({"S": format!("r{v}")});
    }
    if let Some(v) = r.shop {
        item["shop"] = json!({"N": v.to_string()});
    }
    if let Some(v) = r.day {
        item["dt"] = json!({"S": format!("d{v}")});
    }
    if let Some(v) = r.seq {
        item["seq"] = json!({"N": v.to_string()});
    }
    item
}

/// The sort-key condition a query puts on (dt, seq).
#[derive(Debug, Clone, Copy)]
enum Narrow {
    None,
    DayEq(u8),
    DayGt(u8),
    DayEqSeqBetween(u8, i8, i8),
    DayEqSeqLt(u8, i8),
}

fn narrow() -> impl Strategy<Value = Narrow> {
    prop_oneof![
        Just(Narrow::None),
        (0u8..3).prop_map(Narrow::DayEq),
        (0u8..3).prop_map(Narrow::DayGt),
        (0u8..3, -3i8..4, -3i8..4).prop_map(|(d, a, b)| Narrow::DayEqSeqBetween(
            d,
            a.min(b),
            a.max(b)
        )),
        (0u8..3, -3i8..4).prop_map(|(d, s)| Narrow::DayEqSeqLt(d, s)),
    ]
}

impl Narrow {
    fn expression(self) -> (&'static str, Value) {
        match self {
            Narrow::None => ("", json!({})),
            Narrow::DayEq(d) => (" AND dt = :d", json!({":d": {"S": format!("d{d}")}})),
            Narrow::DayGt(d) => (" AND dt > :d", json!({":d": {"S": format!("d{d}")}})),
            Narrow::DayEqSeqBetween(d, a, b) => (
                " AND seq BETWEEN :a AND :b AND dt = :d",
                json!({":d": {"S": format!("d{d}")}, ":a": {"N": a.to_string()}, ":b": {"N": b.to_string()}}),
            ),
            Narrow::DayEqSeqLt(d, s) => (
                " AND dt = :d AND seq < :q",
                json!({":d": {"S": format!("d{d}")}, ":q": {"N": s.to_string()}}),
            ),
        }
    }

    fn admits(self, day: u8, seq: i8) -> bool {
        match self {
            Narrow::None => true,
            Narrow::DayEq(d) => day == d,
            Narrow::DayGt(d) => day > d,
            Narrow::DayEqSeqBetween(d, a, b) => day == d && (a..=b).contains(&seq),
            Narrow::DayEqSeqLt(d, s) => day == d && seq < s,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn queries_return_the_indexed_items_that_match_in_tuple_order(
        rows in prop::collection::vec(row(), 1..60),
        queries in prop::collection::vec((0u8..2, 0u8..2, narrow(), any::<bool>(), 1usize..6), 1..6),
    ) {
        let engine = engine();
        call(&engine, "CreateTable", json!({
            "TableName": "orders",
            "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
            "AttributeDefinitions": [
                {"AttributeName": "id", "AttributeType": "S"},
                {"AttributeName": "area", "AttributeType": "S"},
                {"AttributeName": "shop", "AttributeType": "N"},
                {"AttributeName": "dt", "AttributeType": "S"},
                {"AttributeName": "seq", "AttributeType": "N"}],
            "BillingMode": "PAY_PER_REQUEST",
            "GlobalSecondaryIndexes": [{"IndexName": "idx", "Projection": {"ProjectionType": "ALL"},
                "KeySchema": [
                    {"AttributeName": "area", "KeyType": "HASH"},
                    {"AttributeName": "shop", "KeyType": "HASH"},
                    {"AttributeName": "dt", "KeyType": "RANGE"},
                    {"AttributeName": "seq", "KeyType": "RANGE"}]}]
        }));
        // The last write of each id wins, as in the table.
        let mut table = std::collections::BTreeMap::new();
        for r in &rows {
            call(&engine, "PutItem", json!({"TableName": "orders", "Item": item(r)}));
            table.insert(r.id, r.clone());
        }
        for (region, shop, narrow, forward, limit) in queries {
            let (extra, mut values) = narrow.expression();
            values[":r"] = json!({"S": format!("r{region}")});
            values[":s"] = json!({"N": shop.to_string()});
            let got: Vec<(u8, i8, String)> = all_pages(&engine, "Query", json!({
                "TableName": "orders", "IndexName": "idx",
                "KeyConditionExpression": format!("area = :r AND shop = :s{extra}"),
                "ExpressionAttributeValues": values, "ScanIndexForward": forward, "Limit": limit,
            }))
            .iter()
            .map(|i| (
                i["dt"]["S"].as_str().unwrap()[1..].parse().unwrap(),
                i["seq"]["N"].as_str().unwrap().parse().unwrap(),
                i["id"]["S"].as_str().unwrap().to_string(),
            ))
            .collect();
            let mut expected: Vec<(u8, i8, String)> = table
                .values()
                .filter_map(|r| match (r.region, r.shop, r.day, r.seq) {
                    (Some(rg), Some(sh), Some(d), Some(s))
                        if rg == region && sh == shop && narrow.admits(d, s) =>
                    {
                        Some((d, s, format!("i{}", r.id)))
                    }
                    _ => None,
                })
                .collect();
            expected.sort_by_key(|e| (e.0, e.1));
            if !forward {
                expected.reverse();
            }
            // Items with equal sort tuples may come in any order between them.
            let tuples = |v: &[(u8, i8, String)]| v.iter().map(|e| (e.0, e.1)).collect::<Vec<_>>();
            prop_assert_eq!(tuples(&got), tuples(&expected));
            let mut got_ids: Vec<_> = got.iter().map(|e| e.2.clone()).collect();
            let mut expected_ids: Vec<_> = expected.iter().map(|e| e.2.clone()).collect();
            got_ids.sort();
            expected_ids.sort();
            prop_assert_eq!(got_ids, expected_ids);
        }
    }
}
