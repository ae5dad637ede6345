//! A data directory written by an earlier ddb opens in this one with nothing lost.
//!
//! `fixtures/catalog-v1` was written by ddb at commit fbfc1b9 (catalog records version 1:
//! table definitions with their stream, encryption and tags in request shape), through boto3:
//! table `legacy` (hash + range key, a GSI with INCLUDE projection, an LSI, provisioned 5/6, a
//! NEW_AND_OLD_IMAGES stream, KMS encryption with key `k1`, two tags, STANDARD_INFREQUENT_ACCESS,
//! deletion protection, one item) and table `plain` (on demand, TTL on `expires`, one item).

#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

use common::call;
use ddb_engine::{Engine, EngineConfig, SyncPolicy};
use serde_json::json;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A private copy of the fixture: opening a directory may write to it.
fn fixture_copy(name: &str) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalog-v1");
    let dir = std::env::temp_dir().join(format!("ddb-upgrade-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&source, &dir);
    dir
}

fn open(dir: &Path) -> Engine {
    Engine::open(EngineConfig {
        data_dir: Some(dir.to_path_buf()),
        sync: SyncPolicy::Always,
        ..EngineConfig::in_memory()
    })
    .unwrap()
}

#[test]
fn version_1_catalog_opens_with_every_setting() {
    let dir = fixture_copy("settings");
    let engine = open(&dir);
    let table = &call(&engine, "DescribeTable", json!({"TableName": "legacy"}))["Table"];
    assert_eq!(
        table["StreamSpecification"],
        json!({"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    );
    assert!(table["LatestStreamArn"]
        .as_str()
        .unwrap()
        .contains("/stream/"));
    assert_eq!(
        table["SSEDescription"]["KMSMasterKeyArn"],
        "arn:aws:kms:us-east-1:000000000000:key/k1"
    );
    assert_eq!(table["ProvisionedThroughput"]["WriteCapacityUnits"], 6);
    assert_eq!(
        table["GlobalSecondaryIndexes"][0]["Projection"]["NonKeyAttributes"],
        json!(["x", "y"])
    );
    assert_eq!(table["LocalSecondaryIndexes"][0]["IndexName"], "byL");
    assert_eq!(table["DeletionProtectionEnabled"], true);
    assert_eq!(table["ItemCount"], 1);
    let tags = call(
        &engine,
        "ListTagsOfResource",
        json!({"ResourceArn": table["TableArn"]}),
    );
    assert_eq!(
        tags["Tags"],
        json!([{"Key": "team", "Value": "cruddur"}, {"Key": "env", "Value": "dev"}])
    );
    let ttl = call(&engine, "DescribeTimeToLive", json!({"TableName": "plain"}));
    assert_eq!(ttl["TimeToLiveDescription"]["AttributeName"], "expires");
    let item = call(
        &engine,
        "GetItem",
        json!({"TableName": "legacy", "Key": {"pk": {"S": "a"}, "sk": {"N": "1"}}}),
    );
    assert_eq!(item["Item"]["x"], json!({"S": "kept"}));
    let by_index = call(
        &engine,
        "Query",
        json!({"TableName": "legacy", "IndexName": "byG",
               "KeyConditionExpression": "g = :g", "ExpressionAttributeValues": {":g": {"S": "G"}}}),
    );
    assert_eq!(by_index["Count"], 1);
    drop(engine);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_changed_version_1_table_is_rewritten_and_reopens() {
    let dir = fixture_copy("rewrite");
    let engine = open(&dir);
    let arn =
        call(&engine, "DescribeTable", json!({"TableName": "legacy"}))["Table"]["TableArn"].clone();
    call(
        &engine,
        "TagResource",
        json!({"ResourceArn": arn, "Tags": [{"Key": "owner", "Value": "andrew"}]}),
    );
    engine.flush().unwrap();
    drop(engine);
    let engine = open(&dir);
    let tags = call(&engine, "ListTagsOfResource", json!({"ResourceArn": arn}));
    assert_eq!(tags["Tags"].as_array().unwrap().len(), 3);
    let table = &call(&engine, "DescribeTable", json!({"TableName": "legacy"}))["Table"];
    assert_eq!(
        table["StreamSpecification"]["StreamViewType"],
        "NEW_AND_OLD_IMAGES"
    );
    drop(engine);
    let _ = std::fs::remove_dir_all(&dir);
}
