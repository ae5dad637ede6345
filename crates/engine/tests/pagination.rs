//! Property: concatenating every page of a Query or Scan (and every parallel-scan segment)
//! yields each matching item exactly once, in the right order.

#![allow(clippy::unwrap_used)]

mod common;

use common::{all_pages, call, engine};
use proptest::prelude::*;
use serde_json::{json, Value};

fn setup(items: &[(u8, i32)]) -> ddb_engine::Engine {
    let e = engine();
    call(
        &e,
        "CreateTable",
        json!({
            "TableName": "tab",
            "AttributeDefinitions": [{"AttributeName": "p", "AttributeType": "S"}, {"AttributeName": "s", "AttributeType": "N"}],
            "KeySchema": [{"AttributeName": "p", "KeyType": "HASH"}, {"AttributeName": "s", "KeyType": "RANGE"}],
            "BillingMode": "PAY_PER_REQUEST"
        }),
    );
    for (p, s) in items {
        call(
            &e,
            "PutItem",
            json!({"TableName": "tab", "Item": {"p": {"S": format!("p{p}")}, "s": {"N": s.to_string()}, "odd": {"BOOL": s % 2 != 0}}}),
        );
    }
    e
}

fn sort_key(v: &Value) -> i32 {
    v["s"]["N"].as_str().unwrap().parse().unwrap()
}

fn ident(v: &Value) -> (String, i32) {
    (v["p"]["S"].as_str().unwrap().to_string(), sort_key(v))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn query_pages_concatenate_to_the_partition(
        items in proptest::collection::btree_set((0u8..3, -50i32..50), 0..60),
        limit in 1i64..8,
        forward in any::<bool>(),
        filter_odd in any::<bool>(),
    ) {
        let items: Vec<_> = items.into_iter().collect();
        let e = setup(&items);
        for p in 0u8..3 {
            let mut body = json!({
                "TableName": "tab",
                "KeyConditionExpression": "p = :p AND s >= :lo",
                "ExpressionAttributeValues": {":p": {"S": format!("p{p}")}, ":lo": {"N": "-20"}},
                "Limit": limit,
                "ScanIndexForward": forward
            });
            if filter_odd {
                body["FilterExpression"] = json!("odd = :t");
                body["ExpressionAttributeValues"][":t"] = json!({"BOOL": true});
            }
            let got: Vec<i32> = all_pages(&e, "Query", body).iter().map(sort_key).collect();
            let mut expected: Vec<i32> = items
                .iter()
                .filter(|(ip, s)| *ip == p && *s >= -20 && (!filter_odd || s % 2 != 0))
                .map(|(_, s)| *s)
                .collect();
            if !forward {
                expected.reverse();
            }
            prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn scan_pages_and_segments_cover_every_item_once(
        items in proptest::collection::btree_set((0u8..5, -50i32..50), 0..60),
        limit in 1i64..10,
        segments in 1i64..5,
    ) {
        let items: Vec<_> = items.into_iter().collect();
        let e = setup(&items);
        let mut expected: Vec<(String, i32)> = items.iter().map(|(p, s)| (format!("p{p}"), *s)).collect();
        expected.sort();

        let mut whole: Vec<_> = all_pages(&e, "Scan", json!({"TableName": "tab", "Limit": limit})).iter().map(ident).collect();
        whole.sort();
        prop_assert_eq!(&whole, &expected);

        let mut union = Vec::new();
        for seg in 0..segments {
            let part = all_pages(&e, "Scan", json!({"TableName": "tab", "Limit": limit, "Segment": seg, "TotalSegments": segments}));
            union.extend(part.iter().map(ident));
        }
        union.sort();
        prop_assert_eq!(union, expected);
    }
}
