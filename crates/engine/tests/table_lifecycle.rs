//! Table lifecycle states with `EngineConfig::table_delays` (`ddb serve --table-delays`):
//! CREATING, UPDATING, DELETING and backfilling indexes for the configured time, with
//! DynamoDB's answers meanwhile. The sources of each behaviour are listed in
//! `crates/engine/src/lifecycle.rs`.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::{call, try_call};
use ddb_engine::{Engine, EngineConfig, TableDelays};
use serde_json::{json, Value};

const DELAY: Duration = Duration::from_millis(300);

fn engine_with(delays: TableDelays) -> Engine {
    Engine::open(EngineConfig {
        table_delays: delays,
        ..EngineConfig::in_memory()
    })
    .expect("in-memory engine opens")
}

fn all(delay: Duration) -> TableDelays {
    TableDelays {
        create: delay,
        update: delay,
        delete: delay,
        index: delay,
    }
}

fn table_spec(name: &str) -> Value {
    json!({
        "TableName": name,
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "BillingMode": "PAY_PER_REQUEST"
    })
}

fn status(engine: &Engine, name: &str) -> String {
    call(engine, "DescribeTable", json!({"TableName": name}))["Table"]["TableStatus"]
        .as_str()
        .unwrap()
        .to_string()
}

fn listed(engine: &Engine, name: &str) -> bool {
    call(engine, "ListTables", json!({}))["TableNames"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n == name)
}

/// Waits until the state that started at most `DELAY` ago is over.
fn wait_out() {
    std::thread::sleep(DELAY + Duration::from_millis(100));
}

fn not_found() -> Result<Value, (String, String)> {
    Err((
        "ResourceNotFoundException".into(),
        "Requested resource not found".into(),
    ))
}

fn in_use(name: &str, state: &str) -> Result<Value, (String, String)> {
    Err((
        "ResourceInUseException".into(),
        format!(
            "Attempt to change a resource which is still in use: Table is being {state}: {name}"
        ),
    ))
}

/// Every item operation of the table, each answered as for a table that is not there.
fn item_operations(name: &str) -> Vec<(&'static str, Value)> {
    let key = json!({"pk": {"S": "a"}});
    vec![
        ("PutItem", json!({"TableName": name, "Item": key})),
        ("GetItem", json!({"TableName": name, "Key": key})),
        ("UpdateItem", json!({"TableName": name, "Key": key})),
        ("DeleteItem", json!({"TableName": name, "Key": key})),
        (
            "Query",
            json!({"TableName": name, "KeyConditionExpression": "pk = :v",
                   "ExpressionAttributeValues": {":v": {"S": "a"}}}),
        ),
        ("Scan", json!({"TableName": name})),
        (
            "BatchGetItem",
            json!({"RequestItems": {name: {"Keys": [key]}}}),
        ),
        (
            "BatchWriteItem",
            json!({"RequestItems": {name: [{"PutRequest": {"Item": key}}]}}),
        ),
        (
            "TransactGetItems",
            json!({"TransactItems": [{"Get": {"TableName": name, "Key": key}}]}),
        ),
        (
            "TransactWriteItems",
            json!({"TransactItems": [{"Put": {"TableName": name, "Item": key}}]}),
        ),
    ]
}

#[test]
fn without_delays_every_change_is_active_at_once() {
    let engine = engine_with(TableDelays::default());
    let created = call(&engine, "CreateTable", table_spec("tbl"));
    assert_eq!(created["TableDescription"]["TableStatus"], "ACTIVE");
    call(
        &engine,
        "PutItem",
        json!({"TableName": "tbl", "Item": {"pk": {"S": "a"}}}),
    );
    call(&engine, "DeleteTable", json!({"TableName": "tbl"}));
    assert!(try_call(&engine, "DescribeTable", json!({"TableName": "tbl"})).is_err());
    assert!(!listed(&engine, "tbl"));
}

#[test]
fn a_new_table_is_creating_and_refuses_items_and_changes_until_the_delay_passes() {
    let engine = engine_with(all(DELAY));
    let created = call(&engine, "CreateTable", table_spec("tbl"));
    assert_eq!(created["TableDescription"]["TableStatus"], "CREATING");
    assert_eq!(status(&engine, "tbl"), "CREATING");
    assert!(listed(&engine, "tbl"));
    for (op, body) in item_operations("tbl") {
        assert_eq!(try_call(&engine, op, body), not_found(), "{op}");
    }
    assert_eq!(
        try_call(
            &engine,
            "UpdateTable",
            json!({"TableName": "tbl", "DeletionProtectionEnabled": true})
        ),
        in_use("tbl", "created")
    );
    assert_eq!(
        try_call(&engine, "DeleteTable", json!({"TableName": "tbl"})),
        in_use("tbl", "created")
    );
    assert_eq!(
        try_call(&engine, "CreateTable", table_spec("tbl"))
            .unwrap_err()
            .0,
        "ResourceInUseException"
    );
    wait_out();
    assert_eq!(status(&engine, "tbl"), "ACTIVE");
    for (op, body) in item_operations("tbl") {
        assert!(try_call(&engine, op, body.clone()).is_ok(), "{op}");
    }
}

#[test]
fn an_updated_table_is_updating_keeps_its_items_and_refuses_another_change() {
    let engine = engine_with(TableDelays {
        update: DELAY,
        ..TableDelays::default()
    });
    call(&engine, "CreateTable", table_spec("tbl"));
    let updated = call(
        &engine,
        "UpdateTable",
        json!({"TableName": "tbl", "DeletionProtectionEnabled": true}),
    );
    assert_eq!(updated["TableDescription"]["TableStatus"], "UPDATING");
    assert_eq!(status(&engine, "tbl"), "UPDATING");
    for (op, body) in item_operations("tbl") {
        assert!(try_call(&engine, op, body.clone()).is_ok(), "{op}");
    }
    assert_eq!(
        try_call(
            &engine,
            "UpdateTable",
            json!({"TableName": "tbl", "DeletionProtectionEnabled": false})
        ),
        in_use("tbl", "updated")
    );
    // DeleteTable words it its own way (live probes, DDB-TABLE-369/-370).
    assert_eq!(
        try_call(&engine, "DeleteTable", json!({"TableName": "tbl"})),
        Err((
            "ResourceInUseException".to_string(),
            "Attempt to change a resource which is still in use: Table: tbl is in the process of being updated.".to_string()
        ))
    );
    wait_out();
    assert_eq!(status(&engine, "tbl"), "ACTIVE");
    call(
        &engine,
        "UpdateTable",
        json!({"TableName": "tbl", "DeletionProtectionEnabled": false}),
    );
}

#[test]
fn a_new_global_index_backfills_and_cannot_be_read_until_the_delay_passes() {
    let engine = engine_with(TableDelays {
        index: DELAY,
        ..TableDelays::default()
    });
    call(&engine, "CreateTable", table_spec("tbl"));
    call(
        &engine,
        "PutItem",
        json!({"TableName": "tbl", "Item": {"pk": {"S": "a"}, "g": {"S": "x"}}}),
    );
    call(
        &engine,
        "UpdateTable",
        json!({
            "TableName": "tbl",
            "AttributeDefinitions": [{"AttributeName": "g", "AttributeType": "S"}],
            "GlobalSecondaryIndexUpdates": [{"Create": {
                "IndexName": "by-g",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"}
            }}]
        }),
    );
    let table = &call(&engine, "DescribeTable", json!({"TableName": "tbl"}))["Table"];
    assert_eq!(table["TableStatus"], "ACTIVE");
    let index = &table["GlobalSecondaryIndexes"][0];
    assert_eq!(index["IndexStatus"], "CREATING");
    assert_eq!(index["Backfilling"], true);
    let query = json!({"TableName": "tbl", "IndexName": "by-g",
        "KeyConditionExpression": "g = :v", "ExpressionAttributeValues": {":v": {"S": "x"}}});
    let backfilling = Err((
        "ValidationException".to_string(),
        "Cannot read from backfilling global secondary index".to_string(),
    ));
    assert_eq!(try_call(&engine, "Query", query.clone()), backfilling);
    assert_eq!(
        try_call(
            &engine,
            "Scan",
            json!({"TableName": "tbl", "IndexName": "by-g"})
        ),
        backfilling
    );
    // The table itself stays readable and writable.
    call(
        &engine,
        "GetItem",
        json!({"TableName": "tbl", "Key": {"pk": {"S": "a"}}}),
    );
    wait_out();
    let table = &call(&engine, "DescribeTable", json!({"TableName": "tbl"}))["Table"];
    let index = &table["GlobalSecondaryIndexes"][0];
    assert_eq!(index["IndexStatus"], "ACTIVE");
    assert!(index.get("Backfilling").is_none());
    assert_eq!(call(&engine, "Query", query)["Count"], 1);
}

#[test]
fn a_deleted_table_is_deleting_for_a_while_and_its_name_is_taken_until_then() {
    let engine = engine_with(TableDelays {
        delete: DELAY,
        ..TableDelays::default()
    });
    call(&engine, "CreateTable", table_spec("tbl"));
    call(
        &engine,
        "PutItem",
        json!({"TableName": "tbl", "Item": {"pk": {"S": "a"}}}),
    );
    let deleted = call(&engine, "DeleteTable", json!({"TableName": "tbl"}));
    assert_eq!(deleted["TableDescription"]["TableStatus"], "DELETING");
    assert_eq!(status(&engine, "tbl"), "DELETING");
    let arn = deleted["TableDescription"]["TableArn"].as_str().unwrap();
    assert_eq!(status(&engine, arn), "DELETING");
    assert!(listed(&engine, "tbl"));
    for (op, body) in item_operations("tbl") {
        assert_eq!(try_call(&engine, op, body), not_found(), "{op}");
    }
    // A second DeleteTable is refused as in use (live probes, DDB-TABLE-006/-008; the API
    // Reference's "no error is returned" is older).
    assert_eq!(
        try_call(&engine, "DeleteTable", json!({"TableName": "tbl"})),
        in_use("tbl", "deleted")
    );
    assert_eq!(
        try_call(&engine, "CreateTable", table_spec("tbl")),
        in_use("tbl", "deleted")
    );
    wait_out();
    assert_eq!(
        try_call(&engine, "DescribeTable", json!({"TableName": "tbl"})).unwrap_err(),
        (
            "ResourceNotFoundException".to_string(),
            "Requested resource not found: Table: tbl not found".to_string()
        )
    );
    assert!(!listed(&engine, "tbl"));
    call(&engine, "CreateTable", table_spec("tbl"));
    assert_eq!(
        call(&engine, "Scan", json!({"TableName": "tbl"}))["Count"],
        0
    );
}

#[test]
fn listing_pages_include_deleting_tables_in_order() {
    let engine = engine_with(TableDelays {
        delete: DELAY,
        ..TableDelays::default()
    });
    for name in ["t-a", "t-b", "t-c"] {
        call(&engine, "CreateTable", table_spec(name));
    }
    call(&engine, "DeleteTable", json!({"TableName": "t-b"}));
    let page = call(&engine, "ListTables", json!({"Limit": 2}));
    assert_eq!(page["TableNames"], json!(["t-a", "t-b"]));
    let rest = call(
        &engine,
        "ListTables",
        json!({"ExclusiveStartTableName": page["LastEvaluatedTableName"]}),
    );
    assert_eq!(rest["TableNames"], json!(["t-c"]));
}

#[test]
fn after_a_restart_every_table_is_active() {
    let dir = std::env::temp_dir().join(format!("ddb-lifecycle-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let config = EngineConfig {
        data_dir: Some(dir.clone()),
        table_delays: all(Duration::from_secs(3600)),
        ..EngineConfig::in_memory()
    };
    {
        let engine = Engine::open(config.clone()).unwrap();
        call(&engine, "CreateTable", table_spec("tbl"));
        assert_eq!(status(&engine, "tbl"), "CREATING");
        engine.flush().unwrap();
    }
    let engine = Engine::open(config).unwrap();
    assert_eq!(status(&engine, "tbl"), "ACTIVE");
    call(
        &engine,
        "PutItem",
        json!({"TableName": "tbl", "Item": {"pk": {"S": "a"}}}),
    );
    drop(engine);
    let _ = std::fs::remove_dir_all(&dir);
}
