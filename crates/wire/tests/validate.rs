//! Constraint validation: DynamoDB's framing (1 vs N errors, the cap of 10), each kind of
//! constraint, and the texts the engine's hand-written checks give today.

#![allow(clippy::unwrap_used)]

use ddb_wire::validate::{patterns, MAX_LISTED};
use ddb_wire::{decode_request, Operation};

/// The ValidationException message for `body`, or `None` when it breaks nothing.
fn check(operation: Operation, body: &str) -> Option<String> {
    decode_request(operation, body.as_bytes())
        .unwrap_or_else(|e| panic!("{body}: {e:?}"))
        .violations()
        .message()
}

fn one(operation: Operation, body: &str) -> String {
    check(operation, body).unwrap_or_else(|| panic!("{body}: no violation"))
}

const KEY: &str = r#""AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}]"#;

#[test]
fn required_members() {
    assert_eq!(
        one(Operation::DescribeTable, "{}"),
        "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null"
    );
    assert_eq!(
        one(Operation::CreateTable, r#"{"TableName":"abc"}"#),
        "2 validation errors detected: Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null; \
         Value null at 'keySchema' failed to satisfy constraint: Member must not be null"
    );
    assert_eq!(
        one(
            Operation::CreateTable,
            r#"{"TableName":"abc","AttributeDefinitions":[{}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}]}"#
        ),
        "2 validation errors detected: Value null at 'attributeDefinitions.1.member.attributeName' failed to satisfy constraint: Member must not be null; \
         Value null at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must not be null"
    );
}

#[test]
fn table_names() {
    let create = |name: &str| format!(r#"{{"TableName":{name:?},{KEY}}}"#);
    assert_eq!(
        one(Operation::CreateTable, &create("ab")),
        "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"
    );
    assert_eq!(
        one(Operation::CreateTable, &create("bad table!@#")),
        "1 validation error detected: Value 'bad table!@#' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
    );
    let long = "x".repeat(256);
    assert_eq!(
        one(Operation::CreateTable, &create(&long)),
        format!("1 validation error detected: Value '{long}' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255")
    );
    assert_eq!(
        one(Operation::CreateTable, &create("a!")),
        "2 validation errors detected: Value 'a!' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; \
         Value 'a!' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"
    );
    // An empty name: no value, the member's name capitalised.
    assert_eq!(
        one(Operation::GetItem, r#"{"TableName":"","Key":{}}"#),
        "1 validation error detected: Value at 'TableName' failed to satisfy constraint: Member must have length greater than or equal to 1"
    );
    // Every operation but CreateTable takes an ARN, up to 1024 characters.
    let arn = "arn:aws:dynamodb:us-east-1:000000000000:table/t";
    assert_eq!(
        check(
            Operation::GetItem,
            &format!(r#"{{"TableName":"{arn}","Key":{{}}}}"#)
        ),
        None
    );
    let long_arn = format!("arn:{}", "x".repeat(1021));
    assert!(one(Operation::DescribeTable, &format!(r#"{{"TableName":"{long_arn}"}}"#))
        .ends_with("at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 1024"));
    assert!(one(Operation::CreateTable, &create(arn)).contains("regular expression pattern"));
    // Index names.
    assert_eq!(
        one(Operation::Query, r#"{"TableName":"tbl","IndexName":"ix"}"#),
        "1 validation error detected: Value 'ix' at 'indexName' failed to satisfy constraint: Member must have length greater than or equal to 3"
    );
}

#[test]
fn ranges() {
    assert_eq!(
        one(Operation::ListTables, r#"{"Limit":0}"#),
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"
    );
    assert_eq!(
        one(Operation::ListTables, r#"{"Limit":101}"#),
        "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"
    );
    assert_eq!(
        one(Operation::Scan, r#"{"TableName":"tbl","TotalSegments":1000001}"#),
        "1 validation error detected: Value '1000001' at 'totalSegments' failed to satisfy constraint: Member must have value less than or equal to 1000000"
    );
    assert_eq!(
        one(
            Operation::UpdateTable,
            r#"{"TableName":"tbl","ProvisionedThroughput":{"ReadCapacityUnits":0,"WriteCapacityUnits":1}}"#
        ),
        "1 validation error detected: Value '0' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1"
    );
    // Write before read, as DynamoDB checks them.
    assert_eq!(
        one(
            Operation::CreateTable,
            &format!(r#"{{"TableName":"abc",{KEY},"ProvisionedThroughput":{{"ReadCapacityUnits":-1,"WriteCapacityUnits":-1}}}}"#)
        ),
        "2 validation errors detected: Value '-1' at 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1; \
         Value '-1' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1"
    );
}

#[test]
fn several_errors_in_dynamodb_order() {
    // Limit before ExclusiveStartTableName; a value's pattern before its length.
    let name = format!("89hls;;f;d{}", "x".repeat(250));
    assert_eq!(
        one(
            Operation::ListTables,
            &format!(r#"{{"Limit":2147483647,"ExclusiveStartTableName":"{name}"}}"#)
        ),
        format!(
            "3 validation errors detected: Value '2147483647' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100; \
             Value '{name}' at 'exclusiveStartTableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; \
             Value '{name}' at 'exclusiveStartTableName' failed to satisfy constraint: Member must have length less than or equal to 255"
        )
    );
}

#[test]
fn enums() {
    assert_eq!(
        one(
            Operation::PutItem,
            r#"{"TableName":"tbl","Item":{},"ReturnConsumedCapacity":"INVALID","ReturnValues":"INVALID","ReturnItemCollectionMetrics":"INVALID"}"#
        ),
        "3 validation errors detected: Value 'INVALID' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; \
         Failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATE_NEW, NONE]; \
         Value 'INVALID' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]"
    );
    assert_eq!(
        one(
            Operation::CreateTable,
            r#"{"TableName":"abc","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"Q"}],"KeySchema":[{"AttributeName":"pk","KeyType":"PRIMARY"}]}"#
        ),
        "2 validation errors detected: Value 'Q' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]; \
         Value 'PRIMARY' at 'keySchema.1.member.keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]"
    );
    assert_eq!(
        one(Operation::Scan, r#"{"TableName":"tbl","Select":"ALL"}"#),
        "1 validation error detected: Value 'ALL' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]"
    );
    assert_eq!(
        one(Operation::PutItem, r#"{"TableName":"tbl","Item":{},"ConditionalOperator":"XOR"}"#),
        "1 validation error detected: Value 'XOR' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]"
    );
    // Enum values inside maps name the map entry.
    assert_eq!(
        one(
            Operation::Scan,
            r#"{"TableName":"tbl","ScanFilter":{"a":{"ComparisonOperator":"ABOUT"}}}"#
        ),
        "1 validation error detected: Value 'ABOUT' at 'scanFilter.a.member.comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]"
    );
    // The model's order where no capture shows DynamoDB's.
    assert_eq!(
        one(Operation::CreateTable, &format!(r#"{{"TableName":"abc",{KEY},"BillingMode":"FREE"}}"#)),
        "1 validation error detected: Value 'FREE' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]"
    );
    // Paths use the wire name with a lower-case first letter.
    assert_eq!(
        one(Operation::CreateTable, &format!(r#"{{"TableName":"abc",{KEY},"SSESpecification":{{"SSEType":"DES"}}}}"#)),
        "1 validation error detected: Value 'DES' at 'sSESpecification.sSEType' failed to satisfy constraint: Member must satisfy enum value set: [AES256, KMS]"
    );
}

#[test]
fn list_lengths_show_the_list() {
    assert_eq!(
        one(
            Operation::CreateTable,
            r#"{"TableName":"abc","AttributeDefinitions":[],"KeySchema":[]}"#
        ),
        "1 validation error detected: Value '[]' at 'keySchema' failed to satisfy constraint: Member must have length greater than or equal to 1"
    );
    assert_eq!(
        one(
            Operation::CreateTable,
            r#"{"TableName":"abc","AttributeDefinitions":[],"KeySchema":[{"AttributeName":"a","KeyType":"HASH"},{"AttributeName":"b","KeyType":"RANGE"},{"AttributeName":"c","KeyType":"RANGE"}]}"#
        ),
        "1 validation error detected: Value '[KeySchemaElement(attributeName=a, keyType=HASH), KeySchemaElement(attributeName=b, keyType=RANGE), KeySchemaElement(attributeName=c, keyType=RANGE)]' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2"
    );
    assert_eq!(
        one(
            Operation::CreateTable,
            &format!(r#"{{"TableName":"abc",{KEY},"GlobalSecondaryIndexes":[{{"IndexName":"ix","KeySchema":[{{"AttributeName":"pk","KeyType":"HASH"}}],"Projection":{{"ProjectionType":"INCLUDE","NonKeyAttributes":[]}}}}]}}"#)
        ),
        "2 validation errors detected: Value 'ix' at 'globalSecondaryIndexes.1.member.indexName' failed to satisfy constraint: Member must have length greater than or equal to 3; \
         Value '[]' at 'globalSecondaryIndexes.1.member.projection.nonKeyAttributes' failed to satisfy constraint: Member must have length greater than or equal to 1"
    );
    assert_eq!(
        one(Operation::TransactGetItems, r#"{"TransactItems":[]}"#),
        "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1"
    );
}

#[test]
fn maps() {
    assert_eq!(
        one(Operation::BatchGetItem, r#"{"RequestItems":{}}"#),
        "1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1"
    );
    assert_eq!(
        one(Operation::BatchGetItem, r#"{"RequestItems":{"a":{"Keys":[{}]}}}"#),
        "1 validation error detected: Value '{a=KeysAndAttributes(keys=[{}], attributesToGet=null, consistentRead=null, projectionExpression=null, expressionAttributeNames=null)}' at 'requestItems' failed to satisfy constraint: \
         Map keys must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]"
    );
    assert_eq!(
        one(Operation::BatchGetItem, r#"{"RequestItems":{"abc":{}}}"#),
        "1 validation error detected: Value null at 'requestItems.abc.member.keys' failed to satisfy constraint: Member must not be null"
    );
    let puts: Vec<String> = (0..26)
        .map(|i| format!(r#"{{"PutRequest":{{"Item":{{"pk":{{"N":"{i}"}}}}}}}}"#))
        .collect();
    let message = one(
        Operation::BatchWriteItem,
        &format!(r#"{{"RequestItems":{{"tbl":[{}]}}}}"#, puts.join(",")),
    );
    assert!(message.starts_with("1 validation error detected: Value '{tbl=[WriteRequest(putRequest=PutRequest(item={pk=AttributeValue(s=null, n=0, b=null, sS=null, nS=null, bS=null, m=null, l=null, nULL=null, bOOL=null)}), deleteRequest=null), "));
    assert!(message.ends_with("' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]"));
    assert_eq!(
        one(Operation::BatchWriteItem, r#"{"RequestItems":{"tbl":[{"PutRequest":{}}]}}"#),
        "1 validation error detected: Value null at 'requestItems.tbl.member.1.member.putRequest.item' failed to satisfy constraint: Member must not be null"
    );
}

#[test]
fn patterns_and_lengths_of_strings() {
    assert_eq!(
        one(Operation::CreateBackup, r#"{"TableName":"tbl","BackupName":"no way"}"#),
        "1 validation error detected: Value 'no way' at 'backupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
    );
    assert_eq!(
        one(
            Operation::TransactWriteItems,
            &format!(
                r#"{{"TransactItems":[{{"ConditionCheck":{{"TableName":"tbl","Key":{{}},"ConditionExpression":"x"}}}}],"ClientRequestToken":"{}"}}"#,
                "t".repeat(37)
            )
        ),
        format!("1 validation error detected: Value '{}' at 'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 36", "t".repeat(37))
    );
    assert_eq!(
        one(
            Operation::UpdateTimeToLive,
            r#"{"TableName":"tbl","TimeToLiveSpecification":{"Enabled":true,"AttributeName":""}}"#
        ),
        "1 validation error detected: Value '' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length greater than or equal to 1"
    );
    assert_eq!(
        one(
            Operation::TagResource,
            r#"{"ResourceArn":"arn:x","Tags":[{"Key":"","Value":"v"},{"Key":"k"}]}"#
        ),
        "2 validation errors detected: Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1; \
         Value null at 'tags.2.member.value' failed to satisfy constraint: Member must not be null"
    );
    // Characters, not bytes.
    assert_eq!(
        check(Operation::DescribeTable, r#"{"TableName":"abc"}"#),
        None
    );
    assert_eq!(
        check(
            Operation::TransactWriteItems,
            &format!(
                r#"{{"TransactItems":[{{"ConditionCheck":{{"TableName":"tbl","Key":{{}},"ConditionExpression":"x"}}}}],"ClientRequestToken":"{}"}}"#,
                "é".repeat(36)
            )
        ),
        None
    );
}

#[test]
fn at_most_ten_are_listed() {
    let items: Vec<&str> = vec![r#"{"Put":{}}"#; 12];
    let message = one(
        Operation::TransactWriteItems,
        &format!(r#"{{"TransactItems":[{}]}}"#, items.join(",")),
    );
    assert!(message.starts_with(&format!("{MAX_LISTED} validation errors detected: ")));
    assert_eq!(message.matches("; ").count(), MAX_LISTED - 1);
    assert!(message.starts_with("10 validation errors detected: Value null at 'transactItems.1.member.put.item' failed to satisfy constraint: Member must not be null; Value null at 'transactItems.1.member.put.tableName'"));
}

#[test]
fn pattern_matchers() {
    assert!(patterns::name_chars("a.b-c_9"));
    assert!(!patterns::name_chars(""));
    assert!(!patterns::name_chars("a b"));
    assert!(patterns::printable("Policy 1"));
    assert!(!patterns::printable("tab\there"));
    assert!(patterns::xml_chars("a\u{1F600}\n"));
    assert!(!patterns::xml_chars("\u{1}"));
    assert!(patterns::hex16_blocks("0123456789abcdef0123456789abcdef"));
    assert!(!patterns::hex16_blocks("0123456789ABCDEF"));
    assert!(patterns::no_dollar("abc"));
    assert!(!patterns::no_dollar("a$c"));
    assert!(patterns::contributor_insights_rule(
        "DynamoDBContributorInsights-PKC-t"
    ));
    assert!(!patterns::contributor_insights_rule("-a"));
    assert!(patterns::csv_delimiter(";"));
    assert!(!patterns::csv_delimiter(";;"));
    assert!(patterns::csv_header("a b"));
    assert!(!patterns::csv_header("a,b"));
    assert!(patterns::s3_bucket("my-bucket.1"));
    assert!(!patterns::s3_bucket("-bucket"));
    assert!(patterns::twelve_digits("000000000000"));
    assert!(!patterns::twelve_digits("00000000000"));
    assert!(patterns::uuid("0123abcd-0123-4567-89ab-0123456789ab"));
    assert!(!patterns::uuid("0123ABCD-0123-4567-89ab-0123456789ab"));
}
