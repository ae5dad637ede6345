//! After random puts, updates and deletes — including index-key moves and removed index keys —
//! every GSI and LSI holds exactly what a fresh rebuild from the table would.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeSet;

use common::{all_pages, call, engine};
use proptest::prelude::*;
use serde_json::{json, Value};

#[derive(Debug, Clone)]
enum Op {
    Put {
        pk: u8,
        sk: u8,
        g: Option<u8>,
        l: Option<u8>,
        extra: bool,
    },
    SetG {
        pk: u8,
        sk: u8,
        g: u8,
    },
    RemoveG {
        pk: u8,
        sk: u8,
    },
    Delete {
        pk: u8,
        sk: u8,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (
            0u8..3,
            0u8..4,
            proptest::option::of(0u8..3),
            proptest::option::of(0u8..3),
            any::<bool>()
        )
            .prop_map(|(pk, sk, g, l, extra)| Op::Put {
                pk,
                sk,
                g,
                l,
                extra
            }),
        (0u8..3, 0u8..4, 0u8..3).prop_map(|(pk, sk, g)| Op::SetG { pk, sk, g }),
        (0u8..3, 0u8..4).prop_map(|(pk, sk)| Op::RemoveG { pk, sk }),
        (0u8..3, 0u8..4).prop_map(|(pk, sk)| Op::Delete { pk, sk }),
    ]
}

fn key(pk: u8, sk: u8) -> Value {
    json!({"pk": {"S": format!("p{pk}")}, "sk": {"S": format!("s{sk}")}})
}

fn apply(e: &ddb_engine::Engine, op: &Op) {
    match op {
        Op::Put {
            pk,
            sk,
            g,
            l,
            extra,
        } => {
            let mut item = key(*pk, *sk);
            if let Some(g) = g {
                item["g"] = json!({"S": format!("g{g}")});
            }
            if let Some(l) = l {
                item["l"] = json!({"N": l.to_string()});
            }
            if *extra {
                item["payload"] = json!({"S": "x"});
                item["kept"] = json!({"S": "y"});
            }
            call(e, "PutItem", json!({"TableName": "tab", "Item": item}));
        }
        Op::SetG { pk, sk, g } => {
            call(
                e,
                "UpdateItem",
                json!({"TableName": "tab", "Key": key(*pk, *sk), "UpdateExpression": "SET g = :g",
                       "ExpressionAttributeValues": {":g": {"S": format!("g{g}")}}}),
            );
        }
        Op::RemoveG { pk, sk } => {
            call(
                e,
                "UpdateItem",
                json!({"TableName": "tab", "Key": key(*pk, *sk), "UpdateExpression": "REMOVE g"}),
            );
        }
        Op::Delete { pk, sk } => {
            call(
                e,
                "DeleteItem",
                json!({"TableName": "tab", "Key": key(*pk, *sk)}),
            );
        }
    }
}

/// Items as comparable strings, independent of attribute order.
fn as_set(items: Vec<Value>) -> BTreeSet<String> {
    items
        .into_iter()
        .map(|v| {
            let sorted: std::collections::BTreeMap<String, Value> = v
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            serde_json::to_string(&sorted).unwrap()
        })
        .collect()
}

fn project(item: &Value, names: &[&str]) -> Value {
    let mut out = json!({});
    for n in names {
        if let Some(v) = item.get(*n) {
            out[*n] = v.clone();
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn indexes_match_a_rebuild(ops in proptest::collection::vec(op(), 1..40)) {
        let e = engine();
        call(&e, "CreateTable", json!({
            "TableName": "tab",
            "AttributeDefinitions": [
                {"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"},
                {"AttributeName": "g", "AttributeType": "S"}, {"AttributeName": "l", "AttributeType": "N"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            "BillingMode": "PAY_PER_REQUEST",
            "GlobalSecondaryIndexes": [
                {"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                 "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["kept"]}},
                {"IndexName": "by-g-all", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                 "Projection": {"ProjectionType": "ALL"}}],
            "LocalSecondaryIndexes": [
                {"IndexName": "by-l", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}],
                 "Projection": {"ProjectionType": "KEYS_ONLY"}}]
        }));
        for op in &ops {
            apply(&e, op);
        }
        let table = all_pages(&e, "Scan", json!({"TableName": "tab"}));
        let rebuild = |needs: &[&str], names: Option<&[&str]>| -> BTreeSet<String> {
            as_set(table.iter()
                .filter(|i| needs.iter().all(|n| i.get(*n).is_some()))
                .map(|i| match names { Some(n) => project(i, n), None => i.clone() })
                .collect())
        };
        let by_g = as_set(all_pages(&e, "Scan", json!({"TableName": "tab", "IndexName": "by-g"})));
        prop_assert_eq!(by_g, rebuild(&["g"], Some(&["pk", "sk", "g", "kept"])));
        let by_g_all = as_set(all_pages(&e, "Scan", json!({"TableName": "tab", "IndexName": "by-g-all"})));
        prop_assert_eq!(by_g_all, rebuild(&["g"], None));
        let by_l = as_set(all_pages(&e, "Scan", json!({"TableName": "tab", "IndexName": "by-l"})));
        prop_assert_eq!(by_l, rebuild(&["l"], Some(&["pk", "sk", "l"])));

        let described = call(&e, "DescribeTable", json!({"TableName": "tab"}));
        prop_assert_eq!(described["Table"]["ItemCount"].as_u64().unwrap() as usize, table.len());
    }
}
