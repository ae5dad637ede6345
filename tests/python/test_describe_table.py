"""DescribeTable: the full TableDescription."""

import datetime

from .util import expect_error, expect_validation

ARN_PREFIX = "arn:aws:dynamodb:us-east-1:000000000000:table/"


def test_not_found(ddb):
    expect_error(
        "ResourceNotFoundException",
        "Requested resource not found: Table: no-such-table-xyz not found",
        ddb.describe_table,
        TableName="no-such-table-xyz",
    )


def test_basic_fields(ddb, range_table):
    t = ddb.describe_table(TableName=range_table)["Table"]
    assert t["TableName"] == range_table
    assert t["TableStatus"] == "ACTIVE"
    assert t["TableArn"] == ARN_PREFIX + range_table
    assert t["KeySchema"] == [
        {"AttributeName": "pk", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
    ]
    assert sorted(t["AttributeDefinitions"], key=lambda a: a["AttributeName"]) == [
        {"AttributeName": "pk", "AttributeType": "S"},
        {"AttributeName": "sk", "AttributeType": "N"},
    ]


# (dynalite's TableId has a malformed last group; DynamoDB's is a canonical UUID.)
def test_table_id_is_a_uuid(ddb, hash_table):
    t = ddb.describe_table(TableName=hash_table)["Table"]
    tid = t["TableId"]
    assert len(tid) == 36 and tid.count("-") == 4


def test_table_ids_differ(ddb, make_table):
    a = make_table([("pk", "S", "HASH")])
    b = make_table([("pk", "S", "HASH")])
    assert ddb.describe_table(TableName=a)["Table"]["TableId"] != ddb.describe_table(TableName=b)["Table"]["TableId"]


def test_creation_date_time_is_recent(ddb, hash_table):
    t = ddb.describe_table(TableName=hash_table)["Table"]
    created = t["CreationDateTime"]
    now = datetime.datetime.now(created.tzinfo)
    assert abs((now - created).total_seconds()) < 600


def test_empty_table_counts(ddb, hash_table):
    t = ddb.describe_table(TableName=hash_table)["Table"]
    assert t["ItemCount"] == 0
    assert t["TableSizeBytes"] == 0


def test_item_count_and_size_after_writes(ddb, hash_table):
    # DynamoDB refreshes ItemCount/TableSizeBytes about every six hours; a local server is
    # expected to keep them exact. Item size = name bytes + value bytes: "pk"(2) + "a"(1) = 3 bytes,
    # "pk"(2) + "bb"(2) + "v"(1) + "xyz"(3) = 8 bytes.
    ddb.put_item(TableName=hash_table, Item={"pk": {"S": "a"}})
    ddb.put_item(TableName=hash_table, Item={"pk": {"S": "bb"}, "v": {"S": "xyz"}})
    t = ddb.describe_table(TableName=hash_table)["Table"]
    assert t["ItemCount"] == 2
    assert t["TableSizeBytes"] == 11


def test_pay_per_request_summary(ddb, hash_table):
    t = ddb.describe_table(TableName=hash_table)["Table"]
    assert t["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    pt = t["ProvisionedThroughput"]
    assert pt["ReadCapacityUnits"] == 0
    assert pt["WriteCapacityUnits"] == 0
    assert pt["NumberOfDecreasesToday"] == 0


def test_provisioned_throughput(ddb, make_table):
    name = make_table([("pk", "S", "HASH")], billing=(4, 2))
    t = ddb.describe_table(TableName=name)["Table"]
    pt = t["ProvisionedThroughput"]
    assert pt["ReadCapacityUnits"] == 4
    assert pt["WriteCapacityUnits"] == 2
    assert pt["NumberOfDecreasesToday"] == 0
    # A provisioned table created without BillingMode may or may not carry a summary; if it does,
    # it says PROVISIONED.
    assert t.get("BillingModeSummary", {"BillingMode": "PROVISIONED"})["BillingMode"] == "PROVISIONED"


def test_index_descriptions(ddb, make_table):
    name = make_table(
        [("pk", "S", "HASH"), ("sk", "S", "RANGE")],
        extra_attrs=[("g", "S"), ("l", "N")],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by_g",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["extra"]},
            }
        ],
        LocalSecondaryIndexes=[
            {
                "IndexName": "by_l",
                "KeySchema": [
                    {"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "l", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }
        ],
    )
    t = ddb.describe_table(TableName=name)["Table"]
    (g,) = t["GlobalSecondaryIndexes"]
    assert g["IndexName"] == "by_g"
    assert g["IndexStatus"] == "ACTIVE"
    assert g["KeySchema"] == [{"AttributeName": "g", "KeyType": "HASH"}]
    assert g["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["extra"]}
    assert g["IndexArn"] == ARN_PREFIX + name + "/index/by_g"
    assert g["ItemCount"] == 0 and g["IndexSizeBytes"] == 0
    assert g["ProvisionedThroughput"]["ReadCapacityUnits"] == 0
    assert g["ProvisionedThroughput"]["WriteCapacityUnits"] == 0
    (l,) = t["LocalSecondaryIndexes"]
    assert l["IndexName"] == "by_l"
    assert l["Projection"] == {"ProjectionType": "KEYS_ONLY"}
    assert l["IndexArn"] == ARN_PREFIX + name + "/index/by_l"
    assert l["ItemCount"] == 0 and l["IndexSizeBytes"] == 0
    assert "IndexStatus" not in l
    assert {a["AttributeName"] for a in t["AttributeDefinitions"]} == {"pk", "sk", "g", "l"}


def test_no_index_keys_without_indexes(ddb, hash_table):
    t = ddb.describe_table(TableName=hash_table)["Table"]
    assert "GlobalSecondaryIndexes" not in t
    assert "LocalSecondaryIndexes" not in t


# DynamoDB accepts a table ARN wherever a TableName goes (dynalite predates that).
def test_describe_by_arn(ddb, hash_table):
    t = ddb.describe_table(TableName=ARN_PREFIX + hash_table)["Table"]
    assert t["TableName"] == hash_table


def test_table_name_null(ddb):
    expect_validation(
        "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: "
        "Member must not be null",
        ddb.describe_table,
        envelope=False,
    )
