//! The validated forms: decoded requests moved into `ddb_wire::valid` types once their
//! constraints hold, and the violations when they do not.

#![allow(clippy::unwrap_used)]

use ddb_model::{AttributeValue, Item, Number};
use ddb_wire::valid::{self, Request};
use ddb_wire::{decode, decode_request, Operation};

fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.into())
}

fn valid(operation: Operation, body: &str) -> Request {
    decode_request(operation, body.as_bytes())
        .unwrap_or_else(|e| panic!("{body}: {e:?}"))
        .validate()
        .unwrap_or_else(|v| panic!("{body}: {:?}", v.message()))
}

fn invalid(operation: Operation, body: &str) -> String {
    match decode_request(operation, body.as_bytes())
        .unwrap_or_else(|e| panic!("{body}: {e:?}"))
        .validate()
    {
        Ok(r) => panic!("{body}: valid: {r:?}"),
        Err(v) => v
            .message()
            .unwrap_or_else(|| panic!("{body}: empty violations")),
    }
}

#[test]
fn put_item() {
    let body = r##"{"TableName":"tbl","Item":{"pk":{"S":"a"},"n":{"N":"1.5"}},
        "ConditionExpression":"attribute_not_exists(pk)","ReturnValues":"ALL_OLD",
        "ReturnConsumedCapacity":"TOTAL","ExpressionAttributeNames":{"#p":"pk"}}"##;
    let Request::PutItem(put) = valid(Operation::PutItem, body) else {
        panic!("not a PutItem");
    };
    let valid::PutItemInput {
        table_name,
        item,
        return_values,
        return_consumed_capacity,
        return_item_collection_metrics,
        condition_expression,
        expression_attribute_names,
        expression_attribute_values,
        ..
    } = put;
    assert_eq!(table_name, "tbl");
    let mut expected = Item::new();
    expected.insert("pk".into(), s("a"));
    expected.insert("n".into(), AttributeValue::N(Number::parse("1.5").unwrap()));
    assert_eq!(item, expected);
    assert_eq!(return_values, Some(valid::ReturnValue::AllOld));
    assert_eq!(
        return_consumed_capacity,
        Some(valid::ReturnConsumedCapacity::Total)
    );
    assert_eq!(return_item_collection_metrics, None);
    assert_eq!(
        condition_expression.as_deref(),
        Some("attribute_not_exists(pk)")
    );
    assert_eq!(expression_attribute_names.unwrap()["#p"], "pk");
    assert_eq!(expression_attribute_values, None);

    // One structure on its own validates the same way.
    let decoded: ddb_wire::PutItemInput = decode(br#"{"TableName":"tbl","Item":{}}"#).unwrap();
    assert_eq!(decoded.validate().unwrap().table_name, "tbl");
}

#[test]
fn query() {
    let body = r#"{"TableName":"tbl","IndexName":"by_sk","Select":"ALL_PROJECTED_ATTRIBUTES",
        "KeyConditions":{"pk":{"AttributeValueList":[{"S":"a"}],"ComparisonOperator":"EQ"}},
        "QueryFilter":{"x":{"ComparisonOperator":"NOT_NULL"}},
        "Limit":10,"ScanIndexForward":false,"ExclusiveStartKey":{"pk":{"S":"a"}}}"#;
    let Request::Query(q) = valid(Operation::Query, body) else {
        panic!("not a Query");
    };
    assert_eq!(q.table_name, "tbl");
    assert_eq!(q.index_name.as_deref(), Some("by_sk"));
    assert_eq!(q.select, Some(valid::Select::AllProjectedAttributes));
    let conditions = q.key_conditions.unwrap();
    let pk: &valid::Condition = &conditions["pk"];
    assert_eq!(pk.comparison_operator, valid::ComparisonOperator::Eq);
    assert_eq!(pk.attribute_value_list, Some(vec![s("a")]));
    assert_eq!(
        q.query_filter.unwrap()["x"].comparison_operator,
        valid::ComparisonOperator::NotNull
    );
    assert_eq!(q.limit, Some(10));
    assert_eq!(q.scan_index_forward, Some(false));
    // The starting key stays as decoded: the operation checks it in its turn.
    assert_eq!(q.exclusive_start_key.unwrap().0.unwrap()["pk"], s("a"));

    // A condition without its required operator.
    assert_eq!(
        invalid(
            Operation::Query,
            r#"{"TableName":"tbl","KeyConditions":{"pk":{"AttributeValueList":[{"S":"a"}]}}}"#
        ),
        "1 validation error detected: Value null at 'keyConditions.pk.member.comparisonOperator' failed to satisfy constraint: Member must not be null"
    );
}

#[test]
fn create_table_with_indexes() {
    let body = r#"{"TableName":"tbl",
        "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"g","AttributeType":"N"}],
        "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
        "BillingMode":"PROVISIONED",
        "ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":6},
        "GlobalSecondaryIndexes":[{"IndexName":"by_g",
            "KeySchema":[{"AttributeName":"g","KeyType":"HASH"},{"AttributeName":"pk","KeyType":"RANGE"}],
            "Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["x"]},
            "ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":2}}],
        "StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_AND_OLD_IMAGES"}}"#;
    let Request::CreateTable(t) = valid(Operation::CreateTable, body) else {
        panic!("not a CreateTable");
    };
    assert_eq!(t.table_name, "tbl");
    assert_eq!(
        t.attribute_definitions,
        vec![
            valid::AttributeDefinition {
                attribute_name: "pk".into(),
                attribute_type: valid::ScalarAttributeType::S,
            },
            valid::AttributeDefinition {
                attribute_name: "g".into(),
                attribute_type: valid::ScalarAttributeType::N,
            },
        ]
    );
    assert_eq!(
        t.key_schema,
        vec![valid::KeySchemaElement {
            attribute_name: "pk".into(),
            key_type: valid::KeyType::Hash,
        }]
    );
    assert_eq!(t.billing_mode, Some(valid::BillingMode::Provisioned));
    let throughput = t.provisioned_throughput.unwrap();
    assert_eq!(
        (
            throughput.read_capacity_units,
            throughput.write_capacity_units
        ),
        (5, 6)
    );
    let gsis = t.global_secondary_indexes.unwrap();
    assert_eq!(gsis.len(), 1);
    let gsi = &gsis[0];
    assert_eq!(gsi.index_name, "by_g");
    assert_eq!(gsi.key_schema[1].key_type, valid::KeyType::Range);
    assert_eq!(
        gsi.projection.projection_type,
        Some(valid::ProjectionType::Include)
    );
    assert_eq!(
        gsi.projection.non_key_attributes,
        Some(vec!["x".to_string()])
    );
    assert_eq!(
        gsi.provisioned_throughput
            .as_ref()
            .map(|p| p.read_capacity_units),
        Some(1)
    );
    let stream = t.stream_specification.unwrap();
    assert!(stream.stream_enabled);
    assert_eq!(
        stream.stream_view_type,
        Some(valid::StreamViewType::NewAndOldImages)
    );
    assert_eq!(t.local_secondary_indexes, None);

    // A global index without its projection.
    assert_eq!(
        invalid(
            Operation::CreateTable,
            r#"{"TableName":"tbl","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
                "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
                "GlobalSecondaryIndexes":[{"IndexName":"by_g","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}]}]}"#
        ),
        "1 validation error detected: Value null at 'globalSecondaryIndexes.1.member.projection' failed to satisfy constraint: Member must not be null"
    );
}

#[test]
fn transact_write_items() {
    let body = r#"{"TransactItems":[
        {"Put":{"TableName":"tbl","Item":{"pk":{"S":"a"}},"ReturnValuesOnConditionCheckFailure":"ALL_OLD"}},
        {"Update":{"TableName":"tbl","Key":{"pk":{"S":"b"}},"UpdateExpression":"SET x = :x",
            "ExpressionAttributeValues":{":x":{"N":"1"}}}},
        {"Delete":{"TableName":"tbl","Key":{"pk":{"S":"c"}}}},
        {"ConditionCheck":{"TableName":"tbl","Key":{"pk":{"S":"d"}},"ConditionExpression":"attribute_exists(pk)"}}],
        "ClientRequestToken":"token-1","ReturnConsumedCapacity":"INDEXES"}"#;
    let Request::TransactWriteItems(t) = valid(Operation::TransactWriteItems, body) else {
        panic!("not a TransactWriteItems");
    };
    assert_eq!(t.transact_items.len(), 4);
    let put = t.transact_items[0].put.as_ref().unwrap();
    assert_eq!(put.table_name, "tbl");
    assert_eq!(put.item["pk"], s("a"));
    assert_eq!(
        put.return_values_on_condition_check_failure,
        Some(valid::ReturnValuesOnConditionCheckFailure::AllOld)
    );
    let update = t.transact_items[1].update.as_ref().unwrap();
    assert_eq!(update.update_expression, "SET x = :x");
    assert_eq!(update.key["pk"], s("b"));
    assert_eq!(
        update.expression_attribute_values.as_ref().unwrap()[":x"],
        AttributeValue::N(Number::parse("1").unwrap())
    );
    assert_eq!(
        t.transact_items[2].delete.as_ref().unwrap().key["pk"],
        s("c")
    );
    let check = t.transact_items[3].condition_check.as_ref().unwrap();
    assert_eq!(check.condition_expression, "attribute_exists(pk)");
    assert_eq!(t.client_request_token.as_deref(), Some("token-1"));
    assert_eq!(
        t.return_consumed_capacity,
        Some(valid::ReturnConsumedCapacity::Indexes)
    );

    // An update without its expression, and an unknown enum value deep in the list.
    assert_eq!(
        invalid(
            Operation::TransactWriteItems,
            r#"{"TransactItems":[{"Update":{"TableName":"tbl","Key":{"pk":{"S":"b"}}}},
                {"Put":{"TableName":"tbl","Item":{},"ReturnValuesOnConditionCheckFailure":"SOME"}}]}"#
        ),
        "2 validation errors detected: Value null at 'transactItems.1.member.update.updateExpression' failed to satisfy constraint: Member must not be null; \
         Value 'SOME' at 'transactItems.2.member.put.returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]"
    );
}

#[test]
fn batch_write_item() {
    let body = r#"{"RequestItems":{
        "one":[{"PutRequest":{"Item":{"pk":{"S":"a"}}}},{"DeleteRequest":{"Key":{"pk":{"S":"b"}}}}],
        "two":[{"PutRequest":{"Item":{"pk":{"S":"c"}}}}]},
        "ReturnItemCollectionMetrics":"SIZE"}"#;
    let Request::BatchWriteItem(b) = valid(Operation::BatchWriteItem, body) else {
        panic!("not a BatchWriteItem");
    };
    let tables: Vec<&str> = b.request_items.keys().map(String::as_str).collect();
    assert_eq!(tables, ["one", "two"]);
    let one = &b.request_items["one"];
    assert_eq!(one[0].put_request.as_ref().unwrap().item["pk"], s("a"));
    assert_eq!(one[1].delete_request.as_ref().unwrap().key["pk"], s("b"));
    assert_eq!(
        b.request_items["two"][0].put_request.as_ref().unwrap().item["pk"],
        s("c")
    );
    assert_eq!(
        b.return_item_collection_metrics,
        Some(valid::ReturnItemCollectionMetrics::Size)
    );

    assert_eq!(
        invalid(
            Operation::BatchWriteItem,
            r#"{"RequestItems":{"one":[{"PutRequest":{}}]}}"#
        ),
        "1 validation error detected: Value null at 'requestItems.one.member.1.member.putRequest.item' failed to satisfy constraint: Member must not be null"
    );
}

#[test]
fn required_member_missing() {
    assert_eq!(
        invalid(Operation::PutItem, r#"{"Item":{}}"#),
        "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null"
    );
    assert_eq!(
        invalid(Operation::DescribeTable, "{}"),
        "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null"
    );
}

#[test]
fn unknown_enum_value() {
    assert_eq!(
        invalid(
            Operation::PutItem,
            r#"{"TableName":"tbl","Item":{},"ReturnConsumedCapacity":"SOME"}"#
        ),
        "1 validation error detected: Value 'SOME' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]"
    );
    assert_eq!(
        invalid(
            Operation::PutItem,
            r#"{"TableName":"tbl","Item":{},"ReturnValues":"SOME"}"#
        ),
        "1 validation error detected: Failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATE_NEW, NONE]"
    );
    assert_eq!(
        invalid(
            Operation::CreateTable,
            r#"{"TableName":"tbl","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"X"}],
                "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}]}"#
        ),
        "1 validation error detected: Value 'X' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]"
    );
}

/// The conversion moves what was decoded: the item's strings are the same allocations.
#[test]
fn conversion_moves() {
    let decoded: ddb_wire::PutItemInput =
        decode(br#"{"TableName":"tbl","Item":{"pk":{"S":"some text"}}}"#).unwrap();
    let name_at = decoded.table_name.as_ref().unwrap().as_ptr();
    let text_at = match &decoded.item.as_ref().unwrap()["pk"] {
        AttributeValue::S(text) => text.as_ptr(),
        other => panic!("{other:?}"),
    };
    let put = decoded.validate().unwrap();
    assert_eq!(put.table_name.as_ptr(), name_at);
    match &put.item["pk"] {
        AttributeValue::S(text) => assert_eq!(text.as_ptr(), text_at),
        other => panic!("{other:?}"),
    }
}
