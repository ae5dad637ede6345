//! Decoding: sample requests of many operations, DynamoDB's SerializationException texts for
//! every kind of type mismatch, and attribute-value ValidationExceptions.

#![allow(clippy::unwrap_used)]

use ddb_model::{AttributeValue, Number};
use ddb_wire::error::{SerializationError, ValueError, ValueLayer};
use ddb_wire::{
    decode, decode_request, CreateTableInput, DecodeError, EnumValue, Operation, PutItemInput,
    QueryInput, Request, ReturnValue, ScalarAttributeType, Service,
};

fn serialization(operation: Operation, body: &str) -> String {
    match decode_request(operation, body.as_bytes()) {
        Err(DecodeError::Serialization(e)) => e.to_string(),
        other => panic!("{body}: expected SerializationException, got {other:?}"),
    }
}

fn validation(operation: Operation, body: &str) -> String {
    match decode_request(operation, body.as_bytes()) {
        Err(DecodeError::Validation(e)) => e.to_string(),
        other => panic!("{body}: expected ValidationException, got {other:?}"),
    }
}

fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.into())
}

fn n(v: &str) -> AttributeValue {
    AttributeValue::N(Number::parse(v).unwrap())
}

#[test]
fn there_are_66_operations() {
    assert_eq!(Operation::ALL.len(), 66);
    let streams = Operation::ALL
        .iter()
        .filter(|o| o.service() == Service::DynamoDbStreams)
        .count();
    assert_eq!(streams, 4);
    assert_eq!(
        Operation::from_target("DynamoDB_20120810.PutItem"),
        Some(Operation::PutItem)
    );
    assert_eq!(
        Operation::from_target("DynamoDBStreams_20120810.GetRecords"),
        Some(Operation::GetRecords)
    );
    assert_eq!(Operation::from_target("DynamoDB_20120810.GetRecords"), None);
    assert_eq!(Operation::from_target("DynamoDB_20120810.Nope"), None);
    for op in Operation::ALL {
        let target = format!("{}.{}", op.service().target_prefix(), op.name());
        assert_eq!(Operation::from_target(&target), Some(op));
        // Every operation decodes an empty body (as `{}`).
        let request = decode_request(op, b"").unwrap();
        assert_eq!(request.operation(), op);
    }
}

#[test]
fn put_item() {
    let body = r##"{"TableName":"t","Item":{"pk":{"S":"a"},"n":{"N":"1.50"},"l":{"L":[{"BOOL":true},{"NULL":true}]},"m":{"M":{"x":{"SS":["a","b"]}}}},
        "ConditionExpression":"attribute_not_exists(pk)","ExpressionAttributeValues":{":v":{"N":"5"}},
        "ExpressionAttributeNames":{"#a":"a"},"ReturnValues":"ALL_OLD","ReturnConsumedCapacity":"TOTAL","Unknown":[1,{"x":2}]}"##;
    let input: PutItemInput = decode(body.as_bytes()).unwrap();
    assert_eq!(input.table_name.as_deref(), Some("t"));
    let item = input.item.unwrap();
    assert_eq!(item["pk"], s("a"));
    assert_eq!(item["n"], n("1.5"));
    assert_eq!(
        item["l"],
        AttributeValue::L(vec![AttributeValue::Bool(true), AttributeValue::Null])
    );
    assert_eq!(input.expression_attribute_values.unwrap()[":v"], n("5"));
    assert_eq!(
        input.return_values,
        Some(EnumValue::Known(ReturnValue::AllOld))
    );
    assert_eq!(input.expression_attribute_names.unwrap()["#a"], "a");
}

#[test]
fn sample_requests() {
    let samples: &[(Operation, &str)] = &[
        (
            Operation::GetItem,
            r#"{"TableName":"tbl","Key":{"pk":{"S":"a"}},"ConsistentRead":true,"ProjectionExpression":"a, b"}"#,
        ),
        (
            Operation::UpdateItem,
            r#"{"TableName":"tbl","Key":{"pk":{"S":"a"}},"UpdateExpression":"SET a = :v","ExpressionAttributeValues":{":v":{"NS":["1","2"]}},"ReturnValues":"UPDATED_NEW"}"#,
        ),
        (
            Operation::DeleteItem,
            r#"{"TableName":"tbl","Key":{"pk":{"B":"AAE="}},"Expected":{"a":{"Exists":false}}}"#,
        ),
        (
            Operation::Query,
            r#"{"TableName":"tbl","IndexName":"gsi","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"x"}},"Limit":10,"ScanIndexForward":"false","ExclusiveStartKey":{"pk":{"S":"x"}}}"#,
        ),
        (
            Operation::Scan,
            r#"{"TableName":"tbl","Segment":0,"TotalSegments":4,"Select":"COUNT","ScanFilter":{"a":{"ComparisonOperator":"EQ","AttributeValueList":[{"N":"1"}]}}}"#,
        ),
        (
            Operation::BatchGetItem,
            r#"{"RequestItems":{"tbl":{"Keys":[{"pk":{"S":"a"}},{"pk":{"S":"b"}}],"ConsistentRead":true}}}"#,
        ),
        (
            Operation::BatchWriteItem,
            r#"{"RequestItems":{"tbl":[{"PutRequest":{"Item":{"pk":{"S":"a"}}}},{"DeleteRequest":{"Key":{"pk":{"S":"b"}}}}]},"ReturnItemCollectionMetrics":"SIZE"}"#,
        ),
        (
            Operation::CreateTable,
            r#"{"TableName":"tbl","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST","Tags":[{"Key":"k","Value":"v"}],"DeletionProtectionEnabled":true}"#,
        ),
        (Operation::DescribeTable, r#"{"TableName":"tbl"}"#),
        (
            Operation::ListTables,
            r#"{"Limit":5,"ExclusiveStartTableName":"abc"}"#,
        ),
        (
            Operation::UpdateTable,
            r#"{"TableName":"tbl","ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":5},"GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"gsi"}}]}"#,
        ),
        (
            Operation::TransactWriteItems,
            r#"{"TransactItems":[{"Put":{"TableName":"tbl","Item":{"pk":{"S":"a"}}}},{"ConditionCheck":{"TableName":"tbl","Key":{"pk":{"S":"b"}},"ConditionExpression":"attribute_exists(pk)"}}],"ClientRequestToken":"tok"}"#,
        ),
        (
            Operation::TransactGetItems,
            r#"{"TransactItems":[{"Get":{"TableName":"tbl","Key":{"pk":{"S":"a"}}}}]}"#,
        ),
        (
            Operation::UpdateTimeToLive,
            r#"{"TableName":"tbl","TimeToLiveSpecification":{"Enabled":"yes","AttributeName":"ttl"}}"#,
        ),
        (
            Operation::TagResource,
            r#"{"ResourceArn":"arn:aws:dynamodb:us-east-1:000000000000:table/tbl","Tags":[{"Key":"a","Value":"b"}]}"#,
        ),
        (
            Operation::ExecuteStatement,
            r#"{"Statement":"SELECT * FROM t WHERE pk = ?","Parameters":[{"S":"a"}]}"#,
        ),
        (
            Operation::DescribeStream,
            r#"{"StreamArn":"arn:aws:dynamodb:us-east-1:000000000000:table/tbl/stream/2020","Limit":10}"#,
        ),
        (
            Operation::GetShardIterator,
            r#"{"StreamArn":"arn:aws:dynamodb:us-east-1:000000000000:table/tbl/stream/2020","ShardId":"shardId-00000001700000000000-abcdef01","ShardIteratorType":"TRIM_HORIZON"}"#,
        ),
        (
            Operation::GetRecords,
            r#"{"ShardIterator":"it","Limit":100}"#,
        ),
        (Operation::ListStreams, r#"{"TableName":"tbl"}"#),
    ];
    for (op, body) in samples {
        let request =
            decode_request(*op, body.as_bytes()).unwrap_or_else(|e| panic!("{op:?}: {e:?}"));
        assert!(
            request.violations().is_empty(),
            "{op:?}: {:?}",
            request.violations()
        );
        let valid = request
            .validate()
            .unwrap_or_else(|v| panic!("{op:?}: {v:?}"));
        assert_eq!(valid.operation(), *op);
    }
    match decode_request(Operation::Query, samples[3].1.as_bytes()).unwrap() {
        Request::Query(q) => {
            assert_eq!(q.limit, Some(10));
            assert_eq!(q.scan_index_forward, Some(false));
            assert_eq!(q.exclusive_start_key.unwrap().0.unwrap()["pk"], s("x"));
        }
        other => panic!("{other:?}"),
    }
    match decode_request(Operation::CreateTable, samples[7].1.as_bytes()).unwrap() {
        Request::CreateTable(CreateTableInput {
            attribute_definitions: Some(defs),
            ..
        }) => assert_eq!(
            defs[0].attribute_type,
            Some(EnumValue::Known(ScalarAttributeType::S))
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn malformed_json_has_no_message() {
    for body in [
        "{",
        "hi",
        "{} x",
        r#"{"TableName":"t",}"#,
        "{\"TableName\":5, oops}",
    ] {
        assert_eq!(
            decode_request(Operation::DescribeTable, body.as_bytes()),
            Err(DecodeError::Serialization(SerializationError::Malformed)),
            "{body}"
        );
    }
    // Bad syntax anywhere wins over a type mismatch or a bad value earlier in the body.
    assert_eq!(
        decode_request(Operation::PutItem, br#"{"Item":{"a":{}},"TableName":5,"#),
        Err(DecodeError::Serialization(SerializationError::Malformed))
    );
    // Whitespace is `{}`.
    assert!(decode_request(Operation::ListTables, b" \n ").is_ok());
}

#[test]
fn string_members() {
    let op = Operation::DescribeTable;
    for (value, message) in [
        ("true", "TRUE_VALUE cannot be converted to String"),
        ("false", "FALSE_VALUE cannot be converted to String"),
        ("23", "NUMBER_VALUE cannot be converted to String"),
        ("-2147483648", "NUMBER_VALUE cannot be converted to String"),
        ("34.56", "DECIMAL_VALUE cannot be converted to String"),
        ("1e3", "DECIMAL_VALUE cannot be converted to String"),
        ("[]", "Unrecognized collection type class java.lang.String"),
        ("{}", "Start of structure or map found where not expected"),
    ] {
        assert_eq!(
            serialization(op, &format!(r#"{{"TableName":{value}}}"#)),
            message,
            "{value}"
        );
    }
    // null is absent.
    assert!(decode_request(op, br#"{"TableName":null}"#).is_ok());
}

#[test]
fn integer_and_long_members() {
    for (value, message) in [
        (r#""23""#, "STRING_VALUE cannot be converted to Integer"),
        ("true", "TRUE_VALUE cannot be converted to Integer"),
        ("false", "FALSE_VALUE cannot be converted to Integer"),
        ("[]", "Unrecognized collection type class java.lang.Integer"),
        ("{}", "Start of structure or map found where not expected"),
    ] {
        assert_eq!(
            serialization(Operation::ListTables, &format!(r#"{{"Limit":{value}}}"#)),
            message
        );
    }
    for (value, message) in [
        (r#""23""#, "STRING_VALUE cannot be converted to Long"),
        ("true", "TRUE_VALUE cannot be converted to Long"),
        ("[]", "Unrecognized collection type class java.lang.Long"),
    ] {
        assert_eq!(
            serialization(
                Operation::CreateTable,
                &format!(r#"{{"ProvisionedThroughput":{{"ReadCapacityUnits":{value}}}}}"#)
            ),
            message
        );
    }
}

#[test]
fn boolean_members() {
    let op = Operation::GetItem;
    for (value, message) in [
        (r#""23""#, "Unexpected token received from parser"),
        ("23", "NUMBER_VALUE cannot be converted to Boolean"),
        ("34.56", "DECIMAL_VALUE cannot be converted to Boolean"),
        ("[]", "Unrecognized collection type class java.lang.Boolean"),
        ("{}", "Start of structure or map found where not expected"),
    ] {
        assert_eq!(
            serialization(op, &format!(r#"{{"ConsistentRead":{value}}}"#)),
            message
        );
    }
    for (value, expected) in [
        ("true", true),
        (r#""TRUE""#, true),
        (r#""yes""#, true),
        (r#""1""#, true),
        (r#""No""#, false),
        (r#""0""#, false),
        (r#""false""#, false),
    ] {
        match decode_request(op, format!(r#"{{"ConsistentRead":{value}}}"#).as_bytes()) {
            Ok(Request::GetItem(g)) => assert_eq!(g.consistent_read, Some(expected), "{value}"),
            other => panic!("{value}: {other:?}"),
        }
    }
}

#[test]
fn containers() {
    // A list member given a scalar or an object.
    assert_eq!(
        serialization(Operation::CreateTable, r#"{"KeySchema":"x"}"#),
        "Unexpected field type"
    );
    assert_eq!(
        serialization(Operation::CreateTable, r#"{"KeySchema":{}}"#),
        "Start of structure or map found where not expected"
    );
    // A structure given a scalar or a list: as a member, and as a list element.
    assert_eq!(
        serialization(Operation::CreateTable, r#"{"ProvisionedThroughput":5}"#),
        "Unexpected field type"
    );
    assert_eq!(
        serialization(Operation::CreateTable, r#"{"ProvisionedThroughput":[]}"#),
        "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.ProvisionedThroughput"
    );
    assert_eq!(
        serialization(Operation::CreateTable, r#"{"KeySchema":[5]}"#),
        "Unexpected value type in payload"
    );
    assert_eq!(
        serialization(Operation::CreateTable, r#"{"KeySchema":[[]]}"#),
        "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.KeySchemaElement"
    );
    // A map member given a scalar or a list.
    assert_eq!(
        serialization(Operation::GetItem, r#"{"ExpressionAttributeNames":"{}"}"#),
        "Unexpected field type"
    );
    assert_eq!(
        serialization(Operation::GetItem, r#"{"ExpressionAttributeNames":[]}"#),
        "Unrecognized collection type java.util.Map<java.lang.String, java.lang.String>"
    );
    assert_eq!(
        serialization(Operation::BatchGetItem, r#"{"RequestItems":[]}"#),
        "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.KeysAndAttributes>"
    );
    assert_eq!(
        serialization(Operation::BatchWriteItem, r#"{"RequestItems":[]}"#),
        "Unrecognized collection type java.util.Map<java.lang.String, java.util.List<com.amazonaws.dynamodb.v20120810.WriteRequest>>"
    );
    // A list or map as a map value or list element, given a scalar: Java's cast error.
    assert_eq!(
        serialization(Operation::BatchWriteItem, r#"{"RequestItems":{"t":5}}"#),
        ddb_wire::error::MSG_PARAMETERIZED_CAST
    );
    assert_eq!(
        serialization(
            Operation::BatchGetItem,
            r#"{"RequestItems":{"t":{"Keys":[5]}}}"#
        ),
        ddb_wire::error::MSG_PARAMETERIZED_CAST
    );
    assert_eq!(
        serialization(Operation::BatchGetItem, r#"{"RequestItems":{"t":{"Keys":[[]]}}}"#),
        "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>"
    );
    // The request itself given a list.
    assert_eq!(
        serialization(Operation::ListTables, "[]"),
        "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.ListTablesInput"
    );
}

#[test]
fn attribute_value_mismatches() {
    let op = Operation::PutItem;
    let item = |v: &str| format!(r#"{{"TableName":"t","Item":{{"a":{v}}}}}"#);
    for (value, message) in [
        (r#""x""#, "Unexpected value type in payload"),
        ("5", "Unexpected value type in payload"),
        (
            "[]",
            "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue",
        ),
        (r#"{"S":5}"#, "NUMBER_VALUE cannot be converted to String"),
        (r#"{"S":true}"#, "TRUE_VALUE cannot be converted to String"),
        (r#"{"N":5}"#, "NUMBER_VALUE cannot be converted to String"),
        (r#"{"S":{"S":"x"}}"#, "Start of structure or map found where not expected"),
        (r#"{"B":5}"#, "only base-64-encoded strings are convertible to bytes"),
        (r#"{"B":[]}"#, "Unrecognized collection type class java.nio.ByteBuffer"),
        (r#"{"BOOL":"x"}"#, "Unexpected token received from parser"),
        (r#"{"NULL":5}"#, "NUMBER_VALUE cannot be converted to Boolean"),
        (r#"{"SS":"x"}"#, "Unexpected field type"),
        (r#"{"SS":[5]}"#, "NUMBER_VALUE cannot be converted to String"),
        (r#"{"L":"x"}"#, "Unexpected field type"),
        (r#"{"L":[5]}"#, "Unexpected value type in payload"),
        (r#"{"M":"x"}"#, "Unexpected field type"),
        (r#"{"M":{"b":5}}"#, "Unexpected value type in payload"),
        (
            r#"{"M":[]}"#,
            "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>",
        ),
        (
            r#"{"B":"YQ="}"#,
            "Base64 encoded length is expected a multiple of 4 bytes but found: 3",
        ),
        (r#"{"B":"=+/="}"#, "Invalid last non-pad Base64 character dectected"),
        (r#"{"BS":["a*=="]}"#, "Invalid Base64 character: '*'"),
    ] {
        assert_eq!(serialization(op, &item(value)), message, "{value}");
    }
}

#[test]
fn attribute_value_faults() {
    let op = Operation::PutItem;
    let item = |v: &str| format!(r#"{{"TableName":"t","Item":{{"a":{v}}}}}"#);
    for (value, message) in [
        ("{}", "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
        (r#"{"S":null}"#, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
        (r#"{"S":"a","N":"1"}"#, "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"),
        (r#"{"NULL":false}"#, "One or more parameter values were invalid: Null attribute value types must have the value of true"),
        (r#"{"SS":[]}"#, "One or more parameter values were invalid: An string set  may not be empty"),
        (r#"{"NS":[]}"#, "One or more parameter values were invalid: An number set  may not be empty"),
        (r#"{"BS":[]}"#, "One or more parameter values were invalid: Binary sets should not be empty"),
        (r#"{"SS":["a","a"]}"#, r#"One or more parameter values were invalid: Input collection ["a", "a"] contains duplicates."#),
        (r#"{"NS":["1","1.0"]}"#, "One or more parameter values were invalid: Input collection contains duplicates."),
        (r#"{"BS":["Yg==","Yg=="]}"#, r#"One or more parameter values were invalid: Input collection ["Yg==","Yg=="]of type BS contains duplicates."#),
        (r#"{"N":"x"}"#, "The parameter cannot be converted to a numeric value: x"),
        (r#"{"N":""}"#, "The parameter cannot be converted to a numeric value: "),
        (r#"{"S":"a","N":"b"}"#, "The parameter cannot be converted to a numeric value: b"),
        (r#"{"NS":["1","b"]}"#, "The parameter cannot be converted to a numeric value: b"),
        (r#"{"N":"1e126"}"#, "Number overflow. Attempting to store a number with magnitude larger than supported range"),
        (r#"{"N":"123456789012345678901234567890123456789"}"#, "Attempting to store more than 38 significant digits in a Number"),
        (r#"{"M":{"b":{}}}"#, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
        (r#"{"L":[{"NULL":false}]}"#, "One or more parameter values were invalid: Null attribute value types must have the value of true"),
    ] {
        assert_eq!(validation(op, &item(value)), message, "{value}");
    }
    // Valid lenient values.
    assert!(decode_request(op, item(r#"{"NULL":"yes"}"#).as_bytes()).is_ok());
    // The first fault in the body is reported.
    assert_eq!(
        validation(op, r#"{"Item":{"a":{"NULL":false},"b":{}}}"#),
        "One or more parameter values were invalid: Null attribute value types must have the value of true"
    );
    // A type mismatch anywhere wins over a value fault (DynamoDB reads the body first).
    assert_eq!(
        serialization(op, r#"{"Item":{"a":{}},"TableName":5}"#),
        "NUMBER_VALUE cannot be converted to String"
    );
}

#[test]
fn expression_attribute_values_name_the_placeholder_in_the_older_layer_only() {
    let fault = |op, body: &str| match decode_request(op, body.as_bytes()) {
        Err(DecodeError::Validation(e)) => e,
        other => panic!("{body}: expected a value fault, got {other:?}"),
    };
    let duplicates = fault(
        Operation::Query,
        r#"{"TableName":"t","ExpressionAttributeValues":{":ok":{"S":"x"},":v":{"SS":["b","a","b"]}}}"#,
    );
    // DynamoDB's 2026 layer: no wrapper, members sorted up to the first repeat.
    assert_eq!(
        duplicates.text(ValueLayer::Current),
        "One or more parameter values were invalid: Input collection [\"a\", \"b\", \"b\"] contains duplicates."
    );
    // Its older layer (BatchWriteItem, transactions): wrapped, members as sent.
    assert_eq!(
        duplicates.text(ValueLayer::Older),
        "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: Input collection [b, a, b] contains duplicates. for key :v"
    );
    let empty = fault(
        Operation::Scan,
        r#"{"ExpressionAttributeValues":{":e":{}}}"#,
    );
    assert_eq!(
        empty.text(ValueLayer::Older),
        "ExpressionAttributeValues contains invalid value: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes for key :e"
    );
}

#[test]
fn the_two_layers_word_sets_and_numbers_apart() {
    let cases = [
        (r#"{"BS":["/w==","AA==","AA=="]}"#,
         "One or more parameter values were invalid: Input collection [\"AA==\",\"/w==\",\"AA==\"]of type BS contains duplicates.",
         "One or more parameter values were invalid: Input collection [/w==, AA==, AA==]of type BS contains duplicates."),
        (r#"{"NS":["2","1","2"]}"#,
         "One or more parameter values were invalid: Input collection contains duplicates.",
         "Input collection contains duplicates"),
        (r#"{"N":""}"#,
         "The parameter cannot be converted to a numeric value: ",
         "The parameter cannot be converted to a numeric value"),
        (r#"{"N":"1e2147483647"}"#,
         "Number overflow. Attempting to store a number with magnitude larger than supported range",
         "Number underflow. Attempting to store a number with magnitude smaller than supported range"),
    ];
    for (value, current, older) in cases {
        let body = format!(r#"{{"TableName":"t","Item":{{"a":{value}}}}}"#);
        let Err(DecodeError::Validation(e)) = decode_request(Operation::PutItem, body.as_bytes())
        else {
            panic!("{value}: expected a value fault");
        };
        assert_eq!(e.text(ValueLayer::Current), current, "{value}");
        assert_eq!(e.text(ValueLayer::Older), older, "{value}");
    }
}

#[test]
fn a_bad_starting_key_is_kept_for_later() {
    let body = r#"{"TableName":"t","ExclusiveStartKey":{"pk":{"S":"a","N":"1"}}}"#;
    let q: QueryInput = decode(body.as_bytes()).unwrap();
    assert_eq!(
        q.exclusive_start_key.unwrap().0,
        Err(ValueError::MultipleTypes)
    );
    // A fault elsewhere is still reported, and the starting key's stays out of it.
    let body =
        r#"{"ExclusiveStartKey":{"pk":{}},"ExpressionAttributeValues":{":v":{"NULL":false}}}"#;
    assert_eq!(
        validation(Operation::Query, body),
        "One or more parameter values were invalid: Null attribute value types must have the value of true"
    );
    // Type mismatches in the key are SerializationExceptions at once.
    assert_eq!(
        serialization(Operation::Scan, r#"{"ExclusiveStartKey":{"pk":5}}"#),
        "Unexpected value type in payload"
    );
}

#[test]
fn enums_round_trip() {
    use ddb_wire::WireEnum;
    for v in ReturnValue::ALL {
        assert_eq!(v.as_str().parse::<ReturnValue>(), Ok(*v));
        assert_eq!(ReturnValue::from_wire(v.as_str()), Some(*v));
    }
    assert_eq!(ReturnValue::UpdatedNew.as_str(), "UPDATED_NEW");
    assert!("updated_new".parse::<ReturnValue>().is_err());
    for v in ddb_wire::BillingMode::ALL {
        assert_eq!(v.to_string().parse::<ddb_wire::BillingMode>(), Ok(*v));
    }
    // An unknown value decodes, to be reported by validation.
    let input: PutItemInput = decode(br#"{"ReturnValues":"SOME"}"#).unwrap();
    assert_eq!(
        input.return_values,
        Some(EnumValue::Unknown("SOME".to_string()))
    );
}

#[test]
fn responses_skip_absent_members() {
    let out = ddb_wire::PutItemOutput {
        attributes: Some([("a".to_string(), s("x"))].into_iter().collect()),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_string(&out).unwrap(),
        r#"{"Attributes":{"a":{"S":"x"}}}"#
    );
    let desc = ddb_wire::TableDescription {
        table_name: Some("t".into()),
        table_status: Some(ddb_wire::TableStatus::Active.into()),
        item_count: Some(3),
        creation_date_time: Some(1700000000.5),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_string(&desc).unwrap(),
        r#"{"TableName":"t","TableStatus":"ACTIVE","CreationDateTime":1700000000.5,"ItemCount":3}"#
    );
}

#[test]
fn a_value_fault_keeps_the_rest_of_the_request() {
    // The caller checks the other parameters first (DynamoDB reports the value fault last).
    let body = br#"{"TableName":"ab","Item":{"a":{},"b":{"S":"x"}},"ConditionExpression":"c"}"#;
    let (input, fault) = ddb_wire::decode_with_fault::<PutItemInput>(body).unwrap();
    assert_eq!(fault, Some(ValueError::Empty));
    assert_eq!(input.table_name.as_deref(), Some("ab"));
    assert_eq!(input.condition_expression.as_deref(), Some("c"));
    assert_eq!(input.item.unwrap().get("b"), Some(&s("x")));
    // A type mismatch anywhere still fails the whole body.
    let body = br#"{"TableName":5,"Item":{"a":{}}}"#;
    assert!(matches!(
        ddb_wire::decode_with_fault::<PutItemInput>(body),
        Err(DecodeError::Serialization(_))
    ));
}

#[test]
fn values_nested_past_serde_jsons_default_depth_still_decode() {
    // DynamoDB parses a 100-level value and refuses it with its nesting message later.
    let mut value = r#"{"S":"x"}"#.to_string();
    for _ in 0..100 {
        value = format!(r#"{{"M":{{"a":{value}}}}}"#);
    }
    let body = format!(r#"{{"TableName":"tbl","Item":{{"pk":{{"S":"a"}},"d":{value}}}}}"#);
    let input: PutItemInput = decode(body.as_bytes()).unwrap();
    assert_eq!(input.item.unwrap().get("d").unwrap().depth(), 100);
    // Past ddb's bound the body is refused as unreadable, not parsed.
    let deep = format!(
        r#"{}{{"S":"x"}}{}"#,
        r#"{"L":["#.repeat(3000),
        "]}".repeat(3000)
    );
    let body = format!(r#"{{"TableName":"tbl","Item":{{"d":{deep}}}}}"#);
    assert!(matches!(
        decode::<PutItemInput>(body.as_bytes()),
        Err(DecodeError::Serialization(SerializationError::Malformed))
    ));
}
