//! A data directory written by an earlier ddb opens in this one with nothing lost: it is upgraded
//! to the current storage layout on open (`ddb_engine::upgrade`).
//!
//! `fixtures/layout-1` was written by ddb at commit 16b44d3 (storage layout 1: 4-byte table ids,
//! items without their size, ddb's own partition hash) through boto3: table `orders` (S hash, N
//! range, GSI `by_status` on status/total with INCLUDE note, LSI `by_total` KEYS_ONLY, on
//! demand; 29 items, 23 of them with the index keys) and table `blobs` (B hash key, provisioned
//! 3/4, 8 items with binary sets and booleans).
//!
//! `fixtures/catalog-v1` (storage layout 2) was written by ddb at commit fbfc1b9 (catalog records version 1:
//! table definitions with their stream, encryption and tags in request shape), through boto3:
//! table `legacy` (hash + range key, a GSI with INCLUDE projection, an LSI, provisioned 5/6, a
//! NEW_AND_OLD_IMAGES stream, KMS encryption with key `k1`, two tags, STANDARD_INFREQUENT_ACCESS,
//! deletion protection, one item) and table `plain` (on demand, TTL on `expires`, one item).

#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

use common::{call, call_streams};
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
    copy_of("catalog-v1", name)
}

fn copy_of(fixture: &str, name: &str) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
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

/// Records of every shard of the stream `arn`, from the oldest.
fn stream_records(engine: &Engine, arn: &str) -> Vec<serde_json::Value> {
    let description = call_streams(engine, "DescribeStream", json!({"StreamArn": arn}));
    let mut records = Vec::new();
    for shard in description["StreamDescription"]["Shards"]
        .as_array()
        .unwrap()
    {
        let iterator = call_streams(
            engine,
            "GetShardIterator",
            json!({"StreamArn": arn, "ShardId": shard["ShardId"], "ShardIteratorType": "TRIM_HORIZON"}),
        );
        let page = call_streams(
            engine,
            "GetRecords",
            json!({"ShardIterator": iterator["ShardIterator"]}),
        );
        records.extend(page["Records"].as_array().unwrap().iter().cloned());
    }
    records
}

/// A directory written before ddb had streams holds tables whose definition has a stream but no
/// stored stream: on open the stream is set up, under the ARN DescribeTable already showed, and
/// records the changes made from then on; a second open keeps it.
#[test]
fn a_stream_enabled_before_ddb_had_streams_works_after_the_upgrade() {
    let dir = fixture_copy("stream");
    let arn = {
        let engine = open(&dir);
        let table = &call(&engine, "DescribeTable", json!({"TableName": "legacy"}))["Table"];
        let arn = table["LatestStreamArn"].as_str().unwrap().to_string();
        let stream = call_streams(&engine, "DescribeStream", json!({"StreamArn": arn}));
        assert_eq!(stream["StreamDescription"]["StreamStatus"], "ENABLED");
        assert_eq!(
            stream["StreamDescription"]["StreamViewType"],
            "NEW_AND_OLD_IMAGES"
        );
        call(
            &engine,
            "PutItem",
            json!({"TableName": "legacy", "Item": {"pk": {"S": "a"}, "sk": {"N": "1"}, "x": {"S": "changed"}}}),
        );
        let records = stream_records(&engine, &arn);
        assert_eq!(records.len(), 1);
        assert_eq!(records[0]["eventName"], "MODIFY");
        assert_eq!(
            records[0]["dynamodb"]["OldImage"]["x"],
            json!({"S": "kept"})
        );
        arn
    };
    let engine = open(&dir);
    let listed = call_streams(&engine, "ListStreams", json!({}));
    assert_eq!(listed["Streams"].as_array().unwrap().len(), 1);
    assert_eq!(listed["Streams"][0]["StreamArn"], arn.as_str());
    assert_eq!(stream_records(&engine, &arn).len(), 1);
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

fn count(engine: &Engine, body: serde_json::Value) -> u64 {
    let op = if body.get("KeyConditionExpression").is_some() {
        "Query"
    } else {
        "Scan"
    };
    let mut body = body;
    body["Select"] = json!("COUNT");
    let mut total = 0;
    loop {
        let page = call(engine, op, body.clone());
        total += page["Count"].as_u64().unwrap();
        match page.get("LastEvaluatedKey") {
            Some(key) => body["ExclusiveStartKey"] = key.clone(),
            None => return total,
        }
    }
}

/// The fixture's tables, items and index entries, with `blobs` items in table `blobs`.
fn check_layout_1_fixture(engine: &Engine, blobs: u64) {
    assert_eq!(count(engine, json!({"TableName": "orders"})), 29);
    assert_eq!(count(engine, json!({"TableName": "blobs"})), blobs);
    let table = &call(engine, "DescribeTable", json!({"TableName": "orders"}))["Table"];
    assert_eq!(table["ItemCount"], 29);
    // 30 orders were written, 24 with the index keys; one of those was deleted.
    assert_eq!(table["GlobalSecondaryIndexes"][0]["ItemCount"], 23);
    // Index entries are there, in index order.
    let open = call(
        engine,
        "Query",
        json!({"TableName": "orders", "IndexName": "by_status",
               "KeyConditionExpression": "#s = :s", "ExpressionAttributeNames": {"#s": "status"},
               "ExpressionAttributeValues": {":s": {"S": "open"}}}),
    );
    assert_eq!(open["Count"], 8);
    let totals: Vec<f64> = open["Items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["total"]["N"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(totals.windows(2).all(|w| w[0] <= w[1]), "{totals:?}");
    assert_eq!(open["Items"][0]["note"]["S"].as_str().unwrap().len(), 4);
    assert!(open["Items"][0].get("lines").is_none());
    let lsi = count(
        engine,
        json!({"TableName": "orders", "IndexName": "by_total",
               "KeyConditionExpression": "customer = :c", "ExpressionAttributeValues": {":c": {"S": "cust2"}}}),
    );
    assert_eq!(lsi, 4);
    let item = call(
        engine,
        "GetItem",
        json!({"TableName": "orders", "Key": {"customer": {"S": "cust3"}, "placed": {"N": "-5"}}}),
    );
    assert_eq!(item["Item"]["lines"]["L"][0]["M"]["qty"], json!({"N": "2"}));
    assert_eq!(item["Item"]["tags"], json!({"SS": ["x", "y"]}));
    let blob = call(
        engine,
        "GetItem",
        json!({"TableName": "blobs", "Key": {"id": {"B": "AgD9"}}}),
    );
    assert_eq!(blob["Item"]["v"], json!({"N": "2"}));
    assert_eq!(blob["Item"]["ok"], json!({"BOOL": true}));
    let blobs = &call(engine, "DescribeTable", json!({"TableName": "blobs"}))["Table"];
    assert_eq!(blobs["ProvisionedThroughput"]["WriteCapacityUnits"], 4);
}

#[test]
fn layout_1_directory_is_upgraded_with_every_item_and_index_entry() {
    let dir = copy_of("layout-1", "layout1");
    let engine = open(&dir);
    check_layout_1_fixture(&engine, 8);
    // Writes after the upgrade land in the new layout, and the directory reopens as it is.
    call(
        &engine,
        "PutItem",
        json!({"TableName": "orders", "Item": {"customer": {"S": "new"}, "placed": {"N": "1"},
               "status": {"S": "open"}, "total": {"N": "0"}}}),
    );
    drop(engine);
    let engine = open(&dir);
    assert_eq!(count(&engine, json!({"TableName": "orders"})), 30);
    assert!(!dir.join("fjall.next").exists() && !dir.join("fjall.old").exists());
    drop(engine);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The child side of [`an_upgrade_killed_midway_leaves_a_directory_that_still_opens`]: opens
/// (and so upgrades) the directory named by the environment, and reports when it is done.
#[test]
fn upgrade_child_process() {
    let Ok(dir) = std::env::var("DDB_UPGRADE_CHILD_DIR") else {
        return;
    };
    let engine = open(Path::new(&dir));
    drop(engine);
    println!("UPGRADED");
}

/// A layout-1 directory with many items, written directly (the upgrade reads old items by
/// their table's key prefix and decodes them, so their keys' tails do not matter).
fn big_layout_1_directory(name: &str, items: u32) -> PathBuf {
    use ddb_storage::{FjallStorage, Storage, WriteBatch};
    let dir = copy_of("layout-1", name);
    let storage = FjallStorage::open(&dir, SyncPolicy::Never).unwrap();
    let record: serde_json::Value =
        serde_json::from_slice(&storage.get(b"mblobs").unwrap().unwrap()).unwrap();
    let id = record
        .get("table")
        .unwrap_or(&record)
        .get("id")
        .and_then(|v| v.as_u64())
        .unwrap() as u32;
    let mut batch = WriteBatch::default();
    for i in 0..items {
        let item: ddb_model::Item = serde_json::from_value(json!({
            "id": {"B": base64_of(&i.to_be_bytes())}, "v": {"N": i.to_string()},
            "pad": {"S": "x".repeat(100)}
        }))
        .unwrap();
        let mut key = vec![b'd'];
        key.extend_from_slice(&id.to_be_bytes());
        key.extend_from_slice(b"bulk");
        key.extend_from_slice(&i.to_be_bytes());
        let mut value = ddb_model::codec::item_to_bytes(&item);
        // Layout 1 stored items without the size varint in front: drop it.
        let size_len = value.iter().position(|b| b & 0x80 == 0).unwrap() + 1;
        value.drain(..size_len);
        batch.put(key, value);
        if batch.ops.len() == 5_000 {
            storage.write(std::mem::take(&mut batch)).unwrap();
        }
    }
    storage.write(batch).unwrap();
    storage.flush().unwrap();
    dir
}

fn base64_of(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, &b| n << 8 | u32::from(b)) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
        out.push_str(&"=".repeat(3 - chunk.len()));
    }
    out
}

#[test]
fn an_upgrade_killed_midway_leaves_a_directory_that_still_opens() {
    const ITEMS: u32 = 40_000;
    let dir = big_layout_1_directory("killed", ITEMS);
    let exe = std::env::current_exe().unwrap();
    // Kill the upgrade at a few points of its run; whatever it had done, the next open
    // upgrades or reads the directory with nothing lost.
    for delay_ms in [30, 150, 400] {
        let mut child = std::process::Command::new(&exe)
            .args(["upgrade_child_process", "--exact", "--nocapture"])
            .env("DDB_UPGRADE_CHILD_DIR", &dir)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
    }
    let engine = open(&dir);
    check_layout_1_fixture(&engine, 8 + u64::from(ITEMS));
    drop(engine);
    let _ = std::fs::remove_dir_all(&dir);
}
