//! Time to live (the sweep deletes expired items, index entries included) and table tags.

#![allow(clippy::unwrap_used)]

mod common;

use common::{call, engine, try_call};
use serde_json::json;

fn table(e: &ddb_engine::Engine) {
    call(
        e,
        "CreateTable",
        json!({
            "TableName": "ttl-table",
            "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}, {"AttributeName": "g", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
            "BillingMode": "PAY_PER_REQUEST",
            "GlobalSecondaryIndexes": [{"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                        "Projection": {"ProjectionType": "ALL"}}],
            "Tags": [{"Key": "team", "Value": "cruddur"}]
        }),
    );
}

#[test]
fn sweep_deletes_only_expired_items() {
    let e = engine();
    table(&e);
    let describe = call(&e, "DescribeTimeToLive", json!({"TableName": "ttl-table"}));
    assert_eq!(
        describe["TimeToLiveDescription"]["TimeToLiveStatus"],
        "DISABLED"
    );
    call(
        &e,
        "UpdateTimeToLive",
        json!({"TableName": "ttl-table",
        "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "expires"}}),
    );
    let again = try_call(
        &e,
        "UpdateTimeToLive",
        json!({"TableName": "ttl-table",
        "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "expires"}}),
    );
    assert_eq!(again.unwrap_err().1, "TimeToLive is already enabled");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let items = [
        ("past", json!({"N": (now - 60).to_string()})),
        ("future", json!({"N": (now + 3600).to_string()})),
        ("ancient", json!({"N": "1000"})),
        ("not-a-number", json!({"S": "yesterday"})),
    ];
    for (id, expires) in &items {
        call(
            &e,
            "PutItem",
            json!({"TableName": "ttl-table", "Item": {"id": {"S": id}, "g": {"S": "x"}, "expires": expires}}),
        );
    }
    assert_eq!(e.expire_items().unwrap(), 1);
    let left = call(&e, "Scan", json!({"TableName": "ttl-table"}));
    assert_eq!(left["Count"], 3);
    let index = call(
        &e,
        "Query",
        json!({"TableName": "ttl-table", "IndexName": "by-g",
        "KeyConditionExpression": "g = :g", "ExpressionAttributeValues": {":g": {"S": "x"}}}),
    );
    assert_eq!(
        index["Count"], 3,
        "the expired item's index entry goes with it"
    );
}

#[test]
fn tags_can_be_listed_added_and_removed() {
    let e = engine();
    table(&e);
    let arn = "arn:aws:dynamodb:us-east-1:000000000000:table/ttl-table";
    let listed = call(&e, "ListTagsOfResource", json!({"ResourceArn": arn}));
    assert_eq!(listed["Tags"], json!([{"Key": "team", "Value": "cruddur"}]));
    call(
        &e,
        "TagResource",
        json!({"ResourceArn": arn, "Tags": [{"Key": "env", "Value": "dev"}]}),
    );
    call(
        &e,
        "UntagResource",
        json!({"ResourceArn": arn, "TagKeys": ["team"]}),
    );
    let listed = call(&e, "ListTagsOfResource", json!({"ResourceArn": arn}));
    assert_eq!(listed["Tags"], json!([{"Key": "env", "Value": "dev"}]));
    let missing = try_call(
        &e,
        "ListTagsOfResource",
        json!({"ResourceArn": "arn:aws:dynamodb:us-east-1:000000000000:table/nope"}),
    );
    assert_eq!(missing.unwrap_err().0, "ResourceNotFoundException");
}

#[test]
fn transaction_retries_with_the_same_token_write_once() {
    let e = engine();
    table(&e);
    let request = json!({"ClientRequestToken": "retry-1", "TransactItems": [
        {"Update": {"TableName": "ttl-table", "Key": {"id": {"S": "c"}},
                    "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}}]});
    call(&e, "TransactWriteItems", request.clone());
    call(&e, "TransactWriteItems", request.clone());
    let got = call(
        &e,
        "GetItem",
        json!({"TableName": "ttl-table", "Key": {"id": {"S": "c"}}}),
    );
    assert_eq!(
        got["Item"]["n"],
        json!({"N": "1"}),
        "the retry must not apply the update again"
    );
    let mut changed = request;
    changed["TransactItems"][0]["Update"]["ExpressionAttributeValues"][":one"] = json!({"N": "2"});
    let err = try_call(&e, "TransactWriteItems", changed).unwrap_err();
    assert_eq!(err.0, "IdempotentParameterMismatchException");
}

#[test]
fn tag_resource_refuses_an_empty_tag_list_in_its_own_words() {
    let e = engine();
    table(&e);
    let arn = "arn:aws:dynamodb:us-east-1:000000000000:table/ttl-table";
    // ack-api-quirks' catalogue of DynamoDB's texts (DDB-TABLE-442, 2026-10).
    let err = try_call(&e, "TagResource", json!({"ResourceArn": arn, "Tags": []})).unwrap_err();
    assert_eq!(err.1, "Atleast one Tag needs to be provided as Input.");
    let err = try_call(&e, "TagResource", json!({"ResourceArn": arn})).unwrap_err();
    assert_eq!(
        err.1,
        "1 validation error detected: Value null at 'tags' failed to satisfy constraint: \
         Member must not be null"
    );
}

#[test]
fn time_to_live_answers_are_typed() {
    let e = engine();
    table(&e);
    let updated = call(
        &e,
        "UpdateTimeToLive",
        json!({"TableName": "ttl-table",
        "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "expires"}}),
    );
    assert_eq!(
        updated,
        json!({"TimeToLiveSpecification": {"Enabled": true, "AttributeName": "expires"}})
    );
    let described = call(&e, "DescribeTimeToLive", json!({"TableName": "ttl-table"}));
    assert_eq!(
        described,
        json!({"TimeToLiveDescription": {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}})
    );
    let err = try_call(
        &e,
        "UpdateTimeToLive",
        json!({"TableName": "ttl-table", "TimeToLiveSpecification": {"Enabled": false}}),
    )
    .unwrap_err();
    assert_eq!(
        err.1,
        "1 validation error detected: Value null at 'timeToLiveSpecification.attributeName' \
         failed to satisfy constraint: Member must not be null"
    );
}

#[test]
fn transaction_reports_capacity_per_table_and_checks_each_action() {
    let e = engine();
    table(&e);
    let put = json!({"Put": {"TableName": "ttl-table", "Item": {"id": {"S": "t"}}}});
    let out = call(
        &e,
        "TransactWriteItems",
        json!({"TransactItems": [put], "ReturnConsumedCapacity": "TOTAL"}),
    );
    assert_eq!(
        out,
        json!({"ConsumedCapacity": [{"TableName": "ttl-table", "CapacityUnits": 2.0, "WriteCapacityUnits": 2.0}]})
    );
    assert_eq!(
        call(&e, "TransactWriteItems", json!({"TransactItems": [put]})),
        json!({})
    );
    let err = try_call(
        &e,
        "TransactWriteItems",
        json!({"TransactItems": [put, {"ConditionCheck": {"TableName": "ttl-table", "Key": {"id": {"S": "u"}}}}]}),
    )
    .unwrap_err();
    assert_eq!(
        err.1,
        "1 validation error detected: Value null at \
         'transactItems.2.member.conditionCheck.conditionExpression' failed to satisfy \
         constraint: Member must not be null"
    );
    // An action of no kind (paritysuite error-messages, run against AWS in 2026).
    let err = try_call(&e, "TransactWriteItems", json!({"TransactItems": [{}]})).unwrap_err();
    assert_eq!(
        err.1,
        "Invalid Request: TransactWriteRequest should contain Delete or Put or Update request"
    );
}

#[test]
fn describe_endpoints_and_limits() {
    let e = engine();
    let endpoints = call(&e, "DescribeEndpoints", json!({}));
    assert_eq!(
        endpoints,
        json!({"Endpoints": [{"Address": "dynamodb.us-east-1.amazonaws.com", "CachePeriodInMinutes": 1440}]})
    );
    let limits = call(&e, "DescribeLimits", json!({}));
    assert_eq!(limits["TableMaxWriteCapacityUnits"], 40000);
    assert_eq!(limits["AccountMaxReadCapacityUnits"], 80000);
}

#[test]
fn a_second_ttl_change_waits_out_the_cooldown() {
    // DynamoDB refuses a second UpdateTimeToLive for about 31 minutes after a change
    // (DDB-TABLE-143); its content checks come first (DDB-TABLE-146, -147). At a time scale of
    // 2,000 the 1,860 s pass in under a second.
    let e = ddb_engine::Engine::open(ddb_engine::EngineConfig {
        time_scale: 2000.0,
        ..ddb_engine::EngineConfig::in_memory()
    })
    .unwrap();
    table(&e);
    let set = |enabled: bool, attribute: &str| {
        try_call(
            &e,
            "UpdateTimeToLive",
            json!({"TableName": "ttl-table",
            "TimeToLiveSpecification": {"Enabled": enabled, "AttributeName": attribute}}),
        )
    };
    set(true, "expires").unwrap();
    assert_eq!(
        set(true, "other").unwrap_err().1,
        "TimeToLive is active on a different AttributeName: current AttributeName is expires"
    );
    assert_eq!(
        set(true, "expires").unwrap_err().1,
        "TimeToLive is already enabled"
    );
    assert_eq!(
        set(false, "expires").unwrap_err().1,
        "Time to live has been modified multiple times within a fixed interval"
    );
    std::thread::sleep(std::time::Duration::from_millis(1000));
    set(false, "expires").unwrap();
    let described = call(&e, "DescribeTimeToLive", json!({"TableName": "ttl-table"}));
    assert_eq!(
        described["TimeToLiveDescription"]["TimeToLiveStatus"],
        "DISABLED"
    );
}
