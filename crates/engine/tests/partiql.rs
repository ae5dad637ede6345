//! PartiQL against the native operations it is planned onto: each statement must give exactly
//! the items, errors and ConsumedCapacity of the GetItem, Query, Scan, PutItem, UpdateItem,
//! DeleteItem or transaction it stands for (DynamoDB documents PartiQL as a front end to them).
//! The property at the end does it for random items and random WHERE clauses.

#![allow(clippy::unwrap_used)]

mod common;

use common::{call, call_streams, engine, try_call};
use ddb_engine::Engine;
use proptest::prelude::*;
use serde_json::{json, Value};

/// Table `t` (pk S, sk N) with a GSI `g` on `gk`, and a few items of two partitions.
fn table(e: &Engine) {
    call(
        e,
        "CreateTable",
        json!({
            "TableName": "tab",
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                     {"AttributeName": "sk", "AttributeType": "N"},
                                     {"AttributeName": "gk", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            "BillingMode": "PAY_PER_REQUEST",
            "GlobalSecondaryIndexes": [{"IndexName": "gix", "KeySchema": [{"AttributeName": "gk", "KeyType": "HASH"}],
                                        "Projection": {"ProjectionType": "ALL"}}]
        }),
    );
}

fn put(e: &Engine, pk: &str, sk: i64, extra: Value) {
    let mut item = json!({"pk": {"S": pk}, "sk": {"N": sk.to_string()}});
    for (k, v) in extra.as_object().unwrap() {
        item[k] = v.clone();
    }
    call(e, "PutItem", json!({"TableName": "tab", "Item": item}));
}

fn seeded() -> Engine {
    let e = engine();
    table(&e);
    for sk in 1..=5 {
        let extra = json!({"n": {"N": (sk * 10).to_string()}, "gk": {"S": "g1"},
                           "m": {"M": {"k": {"L": [{"S": "x"}, {"S": format!("y{sk}")}]}}}});
        put(&e, "a", sk, extra);
        put(&e, "b", sk, json!({"n": {"N": sk.to_string()}}));
    }
    e
}

fn statement(e: &Engine, text: &str, extra: Value) -> Value {
    let mut body = json!({"Statement": text});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    call(e, "ExecuteStatement", body)
}

fn statement_err(e: &Engine, text: &str, extra: Value) -> (String, String) {
    let mut body = json!({"Statement": text});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    try_call(e, "ExecuteStatement", body).unwrap_err()
}

#[test]
fn select_by_whole_key_is_get_item() {
    let e = seeded();
    for consistent in [false, true] {
        let q = statement(
            &e,
            r#"SELECT * FROM "tab" WHERE pk = ? AND sk = ?"#,
            json!({"Parameters": [{"S": "a"}, {"N": "2"}], "ConsistentRead": consistent,
                   "ReturnConsumedCapacity": "INDEXES"}),
        );
        let native = call(
            &e,
            "GetItem",
            json!({"TableName": "tab", "Key": {"pk": {"S": "a"}, "sk": {"N": "2"}},
                   "ConsistentRead": consistent, "ReturnConsumedCapacity": "INDEXES"}),
        );
        assert_eq!(q["Items"], json!([native["Item"]]));
        assert_eq!(q["ConsumedCapacity"], native["ConsumedCapacity"]);
        assert!(q.get("NextToken").is_none());
    }
    let missing = statement(
        &e,
        r#"SELECT * FROM "tab" WHERE pk = 'zz' AND sk = 1"#,
        json!({}),
    );
    assert_eq!(missing, json!({"Items": []}));
}

#[test]
fn select_on_the_partition_key_is_query() {
    let e = seeded();
    let q = statement(
        &e,
        r#"SELECT * FROM "tab" WHERE pk = 'a' AND sk > 2 AND n <> 40"#,
        json!({"ReturnConsumedCapacity": "TOTAL"}),
    );
    let native = call(
        &e,
        "Query",
        json!({"TableName": "tab", "KeyConditionExpression": "pk = :p AND sk > :s",
               "FilterExpression": "n <> :n", "ReturnConsumedCapacity": "TOTAL",
               "ExpressionAttributeValues": {":p": {"S": "a"}, ":s": {"N": "2"}, ":n": {"N": "40"}}}),
    );
    assert_eq!(q["Items"], native["Items"]);
    assert_eq!(q["Items"].as_array().unwrap().len(), 2);
    assert_eq!(q["ConsumedCapacity"], native["ConsumedCapacity"]);

    let desc = statement(
        &e,
        r#"SELECT sk FROM "tab" WHERE pk = 'a' ORDER BY sk DESC"#,
        json!({}),
    );
    let sks: Vec<&str> = desc["Items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["sk"]["N"].as_str().unwrap())
        .collect();
    assert_eq!(sks, ["5", "4", "3", "2", "1"]);
}

#[test]
fn select_of_several_partitions_runs_one_query_each_in_order() {
    let e = seeded();
    let q = statement(
        &e,
        r#"SELECT pk FROM "tab" WHERE pk IN ['b', 'a'] AND sk = 1"#,
        json!({"ReturnConsumedCapacity": "TOTAL"}),
    );
    assert_eq!(q["Items"], json!([{"pk": {"S": "b"}}, {"pk": {"S": "a"}}]));
    // Two Queries of one small item each: 0.5 RCU each.
    assert_eq!(q["ConsumedCapacity"]["CapacityUnits"], json!(1.0));
    let sorted = statement(
        &e,
        r#"SELECT pk FROM "tab" WHERE pk IN ['b', 'a'] AND sk = 1 ORDER BY pk"#,
        json!({}),
    );
    assert_eq!(
        sorted["Items"],
        json!([{"pk": {"S": "a"}}, {"pk": {"S": "b"}}])
    );
}

#[test]
fn select_without_a_key_condition_is_scan() {
    let e = seeded();
    let q = statement(
        &e,
        r#"SELECT * FROM "tab" WHERE n >= 3 AND n < 30"#,
        json!({"ReturnConsumedCapacity": "TOTAL"}),
    );
    let native = call(
        &e,
        "Scan",
        json!({"TableName": "tab", "FilterExpression": "n >= :a AND n < :b", "ReturnConsumedCapacity": "TOTAL",
               "ExpressionAttributeValues": {":a": {"N": "3"}, ":b": {"N": "30"}}}),
    );
    assert_eq!(q["Items"], native["Items"]);
    assert_eq!(q["ConsumedCapacity"], native["ConsumedCapacity"]);
    // A partition-key term that is not an equality scans too.
    let ranged = statement(&e, r#"SELECT * FROM "tab" WHERE pk > 'a'"#, json!({}));
    assert_eq!(ranged["Items"].as_array().unwrap().len(), 5);
}

#[test]
fn select_list_answers_paths_under_their_last_name() {
    let e = seeded();
    let q = statement(
        &e,
        r#"SELECT m.k[1], n, nothing FROM "tab" WHERE pk = 'a' AND sk = 3"#,
        json!({}),
    );
    assert_eq!(q["Items"], json!([{"k[1]": {"S": "y3"}, "n": {"N": "30"}}]));
    let (kind, message) = statement_err(&e, r#"SELECT a.n, n FROM "tab""#, json!({}));
    assert_eq!(kind, "ValidationException");
    assert_eq!(message, "Duplicate identifiers in select clause: n");
}

#[test]
fn index_reads_follow_the_index() {
    let e = seeded();
    let q = statement(
        &e,
        r#"SELECT pk, sk FROM "tab"."gix" WHERE gk = 'g1'"#,
        json!({}),
    );
    assert_eq!(q["Items"].as_array().unwrap().len(), 5);
    let (_, message) = statement_err(
        &e,
        r#"SELECT * FROM "tab"."gix" WHERE gk = 'g1'"#,
        json!({"ConsistentRead": true}),
    );
    assert_eq!(
        message,
        "Strongly consistent read is not supported on Global Secondary Indexes"
    );
    let (_, message) = statement_err(&e, r#"SELECT * FROM "tab"."nope""#, json!({}));
    assert_eq!(message, "The table does not have the specified index");
}

#[test]
fn limit_and_next_token_walk_every_item_once() {
    let e = seeded();
    let text = r#"SELECT * FROM "tab" WHERE pk IN ['a', 'b'] AND n > 0"#;
    let mut seen = Vec::new();
    let mut body = json!({"Limit": 3});
    loop {
        let page = statement(&e, text, body.clone());
        assert!(page["Items"].as_array().unwrap().len() <= 3);
        seen.extend(page["Items"].as_array().unwrap().iter().cloned());
        match page.get("NextToken") {
            Some(token) => body["NextToken"] = token.clone(),
            None => break,
        }
    }
    let whole = statement(&e, text, json!({}));
    assert_eq!(Value::Array(seen), whole["Items"]);

    let first = statement(&e, text, json!({"Limit": 1}));
    let other = r#"SELECT * FROM "tab" WHERE pk IN ['a', 'b']"#;
    let (_, message) = statement_err(&e, other, json!({"NextToken": first["NextToken"].clone()}));
    assert_eq!(message, "NextToken does not match request");
    let (_, message) = statement_err(&e, text, json!({"NextToken": "garbage"}));
    assert_eq!(message, "Invalid NextToken");
}

#[test]
fn insert_is_put_item_that_never_overwrites() {
    let e = seeded();
    let q = statement(
        &e,
        r#"INSERT INTO "tab" VALUE {'pk': 'c', 'sk': 1, 'gk': 'g2', 'l': [1, 'two'], 's': <<'x', 'y'>>}"#,
        json!({"ReturnConsumedCapacity": "INDEXES"}),
    );
    assert_eq!(q["Items"], json!([]));
    // The table and the GSI the item lands in: 1 WCU each (what PutItem charges).
    assert_eq!(q["ConsumedCapacity"]["CapacityUnits"], json!(2.0));
    let stored = call(
        &e,
        "GetItem",
        json!({"TableName": "tab", "Key": {"pk": {"S": "c"}, "sk": {"N": "1"}}}),
    );
    assert_eq!(
        stored["Item"]["l"],
        json!({"L": [{"N": "1"}, {"S": "two"}]})
    );
    assert_eq!(stored["Item"]["s"], json!({"SS": ["x", "y"]}));
    let (kind, message) = statement_err(
        &e,
        r#"INSERT INTO "tab" VALUE {'pk': 'c', 'sk': 1}"#,
        json!({}),
    );
    assert_eq!(kind, "DuplicateItemException");
    assert_eq!(message, "Duplicate primary key exists in table");
}

#[test]
fn update_never_creates_and_returns_like_update_item() {
    let e = seeded();
    let (kind, _) = statement_err(
        &e,
        r#"UPDATE "tab" SET n = 1 WHERE pk = 'zz' AND sk = 1"#,
        json!({}),
    );
    assert_eq!(kind, "ConditionalCheckFailedException");
    assert!(try_call(
        &e,
        "GetItem",
        json!({"TableName": "tab", "Key": {"pk": {"S": "zz"}, "sk": {"N": "1"}}})
    )
    .unwrap()
    .get("Item")
    .is_none());

    let q = statement(
        &e,
        r#"UPDATE "tab" SET n = n + 5 SET tags = set_add(tags, <<'p'>>) REMOVE gk WHERE pk = 'a' AND sk = 1 RETURNING MODIFIED NEW *"#,
        json!({}),
    );
    assert_eq!(
        q["Items"],
        json!([{"n": {"N": "15"}, "tags": {"SS": ["p"]}}])
    );
    let (kind, _) = statement_err(
        &e,
        r#"UPDATE "tab" SET n = 0 WHERE pk = 'a' AND sk = 1 AND n = 999"#,
        json!({"ReturnValuesOnConditionCheckFailure": "ALL_OLD"}),
    );
    assert_eq!(kind, "ConditionalCheckFailedException");
    let (_, message) = statement_err(&e, r#"UPDATE "tab" SET n = 0 WHERE pk = 'a'"#, json!({}));
    assert_eq!(
        message,
        "Where clause does not contain a mandatory equality on all key attributes"
    );
}

#[test]
fn delete_of_a_missing_item_ignores_its_condition() {
    let e = seeded();
    let gone = statement(
        &e,
        r#"DELETE FROM "tab" WHERE pk = 'zz' AND sk = 1 AND n = 5 RETURNING ALL OLD *"#,
        json!({}),
    );
    assert_eq!(gone["Items"], json!([]));
    let (kind, _) = statement_err(
        &e,
        r#"DELETE FROM "tab" WHERE pk = 'b' AND sk = 1 AND n = 5"#,
        json!({}),
    );
    assert_eq!(kind, "ConditionalCheckFailedException");
    let old = statement(
        &e,
        r#"DELETE FROM "tab" WHERE pk = 'b' AND sk = 1 AND n = 1 RETURNING ALL OLD *"#,
        json!({}),
    );
    assert_eq!(
        old["Items"],
        json!([{"pk": {"S": "b"}, "sk": {"N": "1"}, "n": {"N": "1"}}])
    );
}

#[test]
fn transactions_cost_what_their_native_form_costs() {
    let e = seeded();
    let tx = call(
        &e,
        "ExecuteTransaction",
        json!({"TransactStatements": [
                  {"Statement": r#"UPDATE "tab" SET n = 7 WHERE pk = 'b' AND sk = 2"#},
                  {"Statement": r#"INSERT INTO "tab" VALUE {'pk': 'c', 'sk': 9}"#}],
               "ReturnConsumedCapacity": "TOTAL"}),
    );
    assert_eq!(tx["Responses"], json!([]));
    // Two transactional writes of small items without index entries: 2 WCU each.
    assert_eq!(tx["ConsumedCapacity"][0]["CapacityUnits"], json!(4.0));

    let dup = try_call(
        &e,
        "ExecuteTransaction",
        json!({"TransactStatements": [
                  {"Statement": r#"UPDATE "tab" SET n = 8 WHERE pk = 'b' AND sk = 2"#},
                  {"Statement": r#"INSERT INTO "tab" VALUE {'pk': 'c', 'sk': 9}"#}]}),
    )
    .unwrap_err();
    assert_eq!(dup.0, "TransactionCanceledException");
    assert!(dup.1.ends_with("[None, DuplicateItem]"), "{}", dup.1);
    let read = call(
        &e,
        "ExecuteTransaction",
        json!({"TransactStatements": [
                  {"Statement": r#"SELECT n FROM "tab" WHERE pk = 'b' AND sk = 2"#},
                  {"Statement": r#"SELECT * FROM "tab" WHERE pk = 'zz' AND sk = 2"#}]}),
    );
    assert_eq!(read["Responses"], json!([{"Item": {"n": {"N": "7"}}}, {}]));
}

#[test]
fn batches_answer_each_member() {
    let e = seeded();
    let out = call(
        &e,
        "BatchExecuteStatement",
        json!({"Statements": [
                  {"Statement": r#"UPDATE "tab" SET n = 1 WHERE pk = 'a' AND sk = 1 AND n = 999"#},
                  {"Statement": r#"INSERT INTO "tab" VALUE {'pk': 'd', 'sk': 1}"#},
                  {"Statement": "SELEC nothing"}],
               "ReturnConsumedCapacity": "TOTAL"}),
    );
    let r = out["Responses"].as_array().unwrap();
    assert_eq!(r[0]["Error"]["Code"], json!("ConditionalCheckFailed"));
    assert_eq!(r[0]["TableName"], json!("tab"));
    assert_eq!(r[1], json!({"TableName": "tab"}));
    assert_eq!(r[2]["Error"]["Code"], json!("ValidationError"));
    assert!(r[2].get("TableName").is_none());
    assert_eq!(
        out["ConsumedCapacity"],
        json!([{"TableName": "tab", "CapacityUnits": 1.0, "WriteCapacityUnits": 1.0}])
    );
}

#[test]
fn partiql_writes_are_stream_records_and_failed_ones_are_not() {
    let e = engine();
    call(
        &e,
        "CreateTable",
        json!({"TableName": "streamed",
               "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
               "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
               "BillingMode": "PAY_PER_REQUEST",
               "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"}}),
    );
    for text in [
        r#"INSERT INTO "streamed" VALUE {'pk': 'a', 'n': 1}"#,
        r#"INSERT INTO "streamed" VALUE {'pk': 'a', 'n': 2}"#, // duplicate: fails, no record
        r#"UPDATE "streamed" SET n = 5 WHERE pk = 'a'"#,
        r#"UPDATE "streamed" SET n = 5 WHERE pk = 'a'"#, // no change: no record
        r#"DELETE FROM "streamed" WHERE pk = 'missing'"#, // nothing deleted: no record
        r#"DELETE FROM "streamed" WHERE pk = 'a'"#,
    ] {
        let _ = try_call(&e, "ExecuteStatement", json!({"Statement": text}));
    }
    let arn = call(&e, "DescribeTable", json!({"TableName": "streamed"}))["Table"]
        ["LatestStreamArn"]
        .clone();
    let shards = call_streams(&e, "DescribeStream", json!({"StreamArn": arn}));
    let shard = shards["StreamDescription"]["Shards"][0]["ShardId"].clone();
    let iterator = call_streams(
        &e,
        "GetShardIterator",
        json!({"StreamArn": arn, "ShardId": shard, "ShardIteratorType": "TRIM_HORIZON"}),
    )["ShardIterator"]
        .clone();
    let page = call_streams(&e, "GetRecords", json!({"ShardIterator": iterator}));
    let events: Vec<(&str, Option<&Value>)> = page["Records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["eventName"].as_str().unwrap(),
                r["dynamodb"]["NewImage"].get("n"),
            )
        })
        .collect();
    assert_eq!(
        events,
        [
            ("INSERT", Some(&json!({"N": "1"}))),
            ("MODIFY", Some(&json!({"N": "5"}))),
            ("REMOVE", None)
        ]
    );
}

/// A random item of the property's table: `pk` in two partitions, `sk`, and `n`, `s` that may
/// be missing or of another type.
fn arb_item() -> impl Strategy<Value = Value> {
    let n = prop_oneof![
        Just(None),
        (-20i64..20).prop_map(|v| Some(json!({"N": v.to_string()}))),
        Just(Some(json!({"S": "7"}))),
        Just(Some(json!({"NULL": true}))),
    ];
    let s = prop_oneof![Just(None), "[ab]{0,3}".prop_map(|v| Some(json!({"S": v})))];
    (prop_oneof![Just("a"), Just("b")], 0i64..30, n, s).prop_map(|(pk, sk, n, s)| {
        let mut item = json!({"pk": {"S": pk}, "sk": {"N": sk.to_string()}});
        if let Some(n) = n {
            item["n"] = n;
        }
        if let Some(s) = s {
            item["s"] = s;
        }
        item
    })
}

/// A random WHERE term, as PartiQL and as the native condition it means.
fn arb_term() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        (-20i64..20).prop_map(|c| (format!("n < {c}"), format!("n < :v{}", enc(c)))),
        (-20i64..20).prop_map(|c| (format!("n >= {c}"), format!("n >= :v{}", enc(c)))),
        (-20i64..0, 0i64..20).prop_map(|(a, b)| (
            format!("n BETWEEN {a} AND {b}"),
            format!("n BETWEEN :v{} AND :v{}", enc(a), enc(b))
        )),
        Just(("n IS MISSING".into(), "attribute_not_exists(n)".into())),
        Just(("n IS NOT MISSING".into(), "attribute_exists(n)".into())),
        Just(("begins_with(s, 'a')".into(), "begins_with(s, :sa)".into())),
        Just(("contains(s, 'b')".into(), "contains(s, :sb)".into())),
        Just(("NOT n = 3".into(), "NOT n = :v3".into())),
        (0i64..30).prop_map(|c| (format!("sk <= {c}"), format!("sk <= :v{}", enc(c)))),
    ]
}

/// A placeholder suffix for a number (`-3` → `m3`).
fn enc(v: i64) -> String {
    if v < 0 {
        format!("m{}", -v)
    } else {
        v.to_string()
    }
}

fn native_values() -> Value {
    let mut values = serde_json::Map::new();
    for v in -20i64..30 {
        values.insert(format!(":v{}", enc(v)), json!({"N": v.to_string()}));
    }
    values.insert(":sa".into(), json!({"S": "a"}));
    values.insert(":sb".into(), json!({"S": "b"}));
    values.insert(":p".into(), json!({"S": "a"}));
    Value::Object(values)
}

/// The placeholders `condition` uses, from [`native_values`] (DynamoDB refuses unused ones).
fn used_values(condition: &str) -> Value {
    let all = native_values();
    let mut used = serde_json::Map::new();
    for (k, v) in all.as_object().unwrap() {
        let used_here = condition.match_indices(k.as_str()).any(|(i, _)| {
            !condition[i + k.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
        });
        if used_here {
            used.insert(k.clone(), v.clone());
        }
    }
    Value::Object(used)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A SELECT answers exactly what a Scan with the same condition answers, in the same order,
    /// whether it runs as a Scan or (with `pk = 'a'`) as a Query.
    #[test]
    fn select_matches_its_native_read(
        items in prop::collection::vec(arb_item(), 0..12),
        terms in prop::collection::vec(arb_term(), 1..3),
        keyed in any::<bool>(),
    ) {
        let e = engine();
        table(&e);
        for item in &items {
            call(&e, "PutItem", json!({"TableName": "tab", "Item": item}));
        }
        let partiql: Vec<&str> = terms.iter().map(|(p, _)| p.as_str()).collect();
        let native: Vec<&str> = terms.iter().map(|(_, n)| n.as_str()).collect();
        let filter = native.join(" AND ");
        // The keyed SELECT is Queries; the same partition read by Scan comes in the same
        // (sort-key) order, and a Scan's filter may name key attributes where a Query's may not.
        let (text, filter) = if keyed {
            (
                format!(r#"SELECT * FROM "tab" WHERE pk = 'a' AND {}"#, partiql.join(" AND ")),
                format!("pk = :p AND {filter}"),
            )
        } else {
            (format!(r#"SELECT * FROM "tab" WHERE {}"#, partiql.join(" AND ")), filter)
        };
        let mut body = json!({"TableName": "tab", "FilterExpression": filter});
        let values = used_values(&filter);
        if values.as_object().is_some_and(|v| !v.is_empty()) {
            body["ExpressionAttributeValues"] = values;
        }
        let expected = call(&e, "Scan", body);
        let got = statement(&e, &text, json!({}));
        prop_assert_eq!(&got["Items"], &expected["Items"], "{}", text);
    }
}
