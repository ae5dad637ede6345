"""CreateTable, DescribeTable, ListTables, UpdateTable, DeleteTable: results and errors.
Expected messages are DynamoDB's (docs/research/dynamodb-messages.md, sections 2 and 4)."""

import uuid

from helpers import assert_error, assert_error_contains

PK = [{"AttributeName": "pk", "AttributeType": "S"}]
HASH = [{"AttributeName": "pk", "KeyType": "HASH"}]


def name():
    return "tbl-" + uuid.uuid4().hex[:10]


def test_table_name_too_short(ddb):
    assert_error(
        "ValidationException",
        "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
        ddb.create_table, TableName="ab", AttributeDefinitions=PK, KeySchema=HASH, BillingMode="PAY_PER_REQUEST",
    )


def test_table_name_pattern(ddb):
    assert_error_contains(
        "ValidationException",
        "Value 'bad table!' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
        ddb.create_table, TableName="bad table!", AttributeDefinitions=PK, KeySchema=HASH, BillingMode="PAY_PER_REQUEST",
    )


def test_no_throughput_and_no_billing_mode(ddb):
    assert_error("ValidationException", "No provisioned throughput specified for the table",
                 ddb.create_table, TableName=name(), AttributeDefinitions=PK, KeySchema=HASH)


def test_pay_per_request_with_throughput(ddb):
    assert_error(
        "ValidationException",
        "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
        ddb.create_table, TableName=name(), AttributeDefinitions=PK, KeySchema=HASH, BillingMode="PAY_PER_REQUEST",
        ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
    )


def test_unused_attribute_definition(ddb):
    assert_error(
        "ValidationException",
        "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions",
        ddb.create_table, TableName=name(), AttributeDefinitions=PK + [{"AttributeName": "x", "AttributeType": "S"}],
        KeySchema=HASH, BillingMode="PAY_PER_REQUEST",
    )


def test_undefined_key_attribute(ddb):
    assert_error(
        "ValidationException",
        "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [id], AttributeDefinitions: [pk]",
        ddb.create_table, TableName=name(), AttributeDefinitions=PK,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST",
    )


def test_first_key_must_be_hash(ddb):
    assert_error(
        "ValidationException", "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
        ddb.create_table, TableName=name(), AttributeDefinitions=PK,
        KeySchema=[{"AttributeName": "pk", "KeyType": "RANGE"}], BillingMode="PAY_PER_REQUEST",
    )


def test_bad_attribute_type(ddb):
    assert_error(
        "ValidationException",
        "1 validation error detected: Value 'Q' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]",
        ddb.create_table, TableName=name(), AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "Q"}],
        KeySchema=HASH, BillingMode="PAY_PER_REQUEST",
    )


def test_lsi_needs_range_key_on_table(ddb):
    assert_error(
        "ValidationException",
        "One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex",
        ddb.create_table, TableName=name(), AttributeDefinitions=PK + [{"AttributeName": "x", "AttributeType": "S"}],
        KeySchema=HASH, BillingMode="PAY_PER_REQUEST",
        LocalSecondaryIndexes=[{"IndexName": "lsi", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "x", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "ALL"}}],
    )


def test_duplicate_table(ddb, table):
    assert_error("ResourceInUseException", f"Table already exists: {table}",
                 ddb.create_table, TableName=table, AttributeDefinitions=PK, KeySchema=HASH, BillingMode="PAY_PER_REQUEST")


def test_describe_full_description(ddb):
    n = name()
    ddb.create_table(TableName=n, AttributeDefinitions=PK, KeySchema=HASH,
                     ProvisionedThroughput={"ReadCapacityUnits": 3, "WriteCapacityUnits": 4},
                     Tags=[{"Key": "k", "Value": "v"}], DeletionProtectionEnabled=False)
    t = ddb.describe_table(TableName=n)["Table"]
    assert t["TableArn"] == f"arn:aws:dynamodb:us-east-1:000000000000:table/{n}"
    assert t["TableStatus"] == "ACTIVE"
    assert t["ProvisionedThroughput"]["ReadCapacityUnits"] == 3
    assert t["ProvisionedThroughput"]["WriteCapacityUnits"] == 4
    assert t["ProvisionedThroughput"]["NumberOfDecreasesToday"] == 0
    assert t["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert t["ItemCount"] == 0 and t["TableSizeBytes"] == 0
    assert len(t["TableId"]) == 36
    ddb.delete_table(TableName=n)


def test_describe_missing_table(ddb):
    assert_error("ResourceNotFoundException", "Requested resource not found: Table: no-such-table not found",
                 ddb.describe_table, TableName="no-such-table")


def test_item_operation_on_missing_table(ddb):
    assert_error("ResourceNotFoundException", "Requested resource not found",
                 ddb.get_item, TableName="no-such-table", Key={"pk": {"S": "a"}})


def test_list_tables_limit_bounds(ddb):
    assert_error(
        "ValidationException",
        "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
        ddb.list_tables, Limit=101,
    )


def test_list_tables_pages(ddb, make_table):
    names = sorted(make_table([("pk", "S", "HASH")]) for _ in range(3))
    seen, start = [], None
    while True:
        kwargs = {"Limit": 2}
        if start:
            kwargs["ExclusiveStartTableName"] = start
        page = ddb.list_tables(**kwargs)
        seen += page["TableNames"]
        start = page.get("LastEvaluatedTableName")
        if not start:
            break
    assert [n for n in seen if n in names] == names
    assert seen == sorted(seen)


def test_update_throughput_counts_decreases(ddb):
    n = name()
    ddb.create_table(TableName=n, AttributeDefinitions=PK, KeySchema=HASH,
                     ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    ddb.update_table(TableName=n, ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 5})
    pt = ddb.describe_table(TableName=n)["Table"]["ProvisionedThroughput"]
    assert pt["ReadCapacityUnits"] == 2 and pt["NumberOfDecreasesToday"] == 1
    assert "LastDecreaseDateTime" in pt
    ddb.delete_table(TableName=n)


def test_update_with_nothing(ddb, table):
    assert_error_contains("ValidationException", "At least one of ProvisionedThroughput, BillingMode",
                          ddb.update_table, TableName=table)


def test_switch_billing_mode(ddb):
    n = name()
    ddb.create_table(TableName=n, AttributeDefinitions=PK, KeySchema=HASH, BillingMode="PAY_PER_REQUEST")
    ddb.update_table(TableName=n, BillingMode="PROVISIONED", ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    t = ddb.describe_table(TableName=n)["Table"]
    assert t["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert t["ProvisionedThroughput"]["ReadCapacityUnits"] == 1
    ddb.delete_table(TableName=n)


def test_deletion_protection(ddb):
    n = name()
    ddb.create_table(TableName=n, AttributeDefinitions=PK, KeySchema=HASH, BillingMode="PAY_PER_REQUEST",
                     DeletionProtectionEnabled=True)
    assert_error(
        "ValidationException",
        "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.",
        ddb.delete_table, TableName=n,
    )
    ddb.update_table(TableName=n, DeletionProtectionEnabled=False)
    assert ddb.delete_table(TableName=n)["TableDescription"]["TableStatus"] == "DELETING"


def test_describe_endpoints_and_limits(ddb):
    assert ddb.describe_endpoints()["Endpoints"][0]["CachePeriodInMinutes"] == 1440
    assert ddb.describe_limits()["TableMaxReadCapacityUnits"] > 0


def test_index_projection_names_an_attribute_once(ddb):
    assert_error_contains(
        "ValidationException", "Duplicate attribute in NonKeyAttributes: a",
        ddb.create_table, TableName=name(), AttributeDefinitions=PK, KeySchema=HASH, BillingMode="PAY_PER_REQUEST",
        GlobalSecondaryIndexes=[{"IndexName": "gsi", "KeySchema": HASH,
                                 "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["a", "b", "a"]}}],
    )


def test_tags_are_validated_as_dynamodb_does(ddb, make_table):
    arn = ddb.describe_table(TableName=make_table([("pk", "S", "HASH")]))["Table"]["TableArn"]
    assert_error_contains("ValidationException", "Member must have length greater than or equal to 1",
                          ddb.tag_resource, ResourceArn=arn, Tags=[])
    for key, value in [("hi!", "ok"), ("ok", "<>"), ("d%g", "v")]:
        assert_error_contains("ValidationException", "Tag keys and values may contain only", ddb.tag_resource,
                              ResourceArn=arn, Tags=[{"Key": key, "Value": value}])
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": f"k{i}", "Value": "v +-=._:/"} for i in range(40)])
    assert_error_contains("ValidationException", "Too many tags", ddb.tag_resource, ResourceArn=arn,
                          Tags=[{"Key": f"more{i}", "Value": "v"} for i in range(20)])
    assert len(ddb.list_tags_of_resource(ResourceArn=arn)["Tags"]) == 40


def test_create_table_refuses_more_than_50_tags(ddb):
    table = name()
    assert_error_contains("ValidationException", "Too many tags", ddb.create_table, TableName=table,
                          AttributeDefinitions=PK, KeySchema=HASH, BillingMode="PAY_PER_REQUEST",
                          Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)])
    assert table not in ddb.list_tables()["TableNames"]
