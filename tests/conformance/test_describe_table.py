"""DescribeTable: the complete TableDescription; DescribeEndpoints and DescribeLimits."""

import datetime

from expect import NOT_FOUND, error, expect_validation, uid, validation

ARN_PREFIX = "arn:aws:dynamodb:us-east-1:000000000000:table/"
PK = [{"AttributeName": "pk", "AttributeType": "S"}]
HASH_KEY = [{"AttributeName": "pk", "KeyType": "HASH"}]


def tbl_name():
    return "tbl-" + uid()


def test_describe_basic(ddb, range_table):
    t = ddb.describe_table(TableName=range_table)["Table"]
    assert t["TableName"] == range_table
    assert t["TableStatus"] == "ACTIVE"
    assert t["KeySchema"] == [
        {"AttributeName": "pk", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
    ]
    assert {(a["AttributeName"], a["AttributeType"]) for a in t["AttributeDefinitions"]} == {("pk", "S"), ("sk", "N")}
    assert t["TableArn"] == f"arn:aws:dynamodb:us-east-1:{t['TableArn'].split(':')[4]}:table/{range_table}"
    assert isinstance(t["CreationDateTime"], datetime.datetime)
    assert t["ItemCount"] == 0 and t["TableSizeBytes"] == 0
    assert t["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert t["ProvisionedThroughput"]["NumberOfDecreasesToday"] == 0


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


def test_describe_full_description(ddb):
    n = tbl_name()
    ddb.create_table(TableName=n, AttributeDefinitions=PK, KeySchema=HASH_KEY,
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


def test_table_id_is_uuid(ddb, hash_table):
    import uuid

    t = ddb.describe_table(TableName=hash_table)["Table"]
    uuid.UUID(t["TableId"])


# (dynalite's TableId has a malformed last group; DynamoDB's is a canonical UUID.)
def test_table_id_is_a_uuid(ddb, hash_table):
    t = ddb.describe_table(TableName=hash_table)["Table"]
    tid = t["TableId"]
    assert len(tid) == 36 and tid.count("-") == 4


def test_table_ids_differ(ddb, make_table):
    a = make_table([("pk", "S", "HASH")])
    b = make_table([("pk", "S", "HASH")])
    assert ddb.describe_table(TableName=a)["Table"]["TableId"] != ddb.describe_table(TableName=b)["Table"]["TableId"]


def test_creation_time_recent(ddb, hash_table):
    t = ddb.describe_table(TableName=hash_table)["Table"]
    now = datetime.datetime.now(datetime.timezone.utc)
    assert abs((now - t["CreationDateTime"]).total_seconds()) < 300


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


def test_provisioned(ddb, make_table):
    name = make_table(billing=(5, 5))
    t = ddb.describe_table(TableName=name)["Table"]
    pt = t["ProvisionedThroughput"]
    assert (pt["ReadCapacityUnits"], pt["WriteCapacityUnits"]) == (5, 5)
    # A table created PROVISIONED either omits BillingModeSummary or says PROVISIONED.
    assert t.get("BillingModeSummary", {"BillingMode": "PROVISIONED"})["BillingMode"] == "PROVISIONED"


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


def test_not_found(ddb):
    name = "nope-" + uid()
    # [dynalite, AWS SDK feature test]
    with error(NOT_FOUND, exact=f"Requested resource not found: Table: {name} not found"):
        ddb.describe_table(TableName=name)


def test_name_too_short(ddb):
    with validation(contains="Member must have length greater than or equal to 3"):
        ddb.describe_table(TableName="ab")


def test_name_pattern(ddb):
    with validation(contains="Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"):
        ddb.describe_table(TableName="bad name!")


def test_table_name_null(ddb):
    expect_validation(
        "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: "
        "Member must not be null",
        ddb.describe_table,
        envelope=False,
    )


# --- DescribeEndpoints, DescribeLimits ------------------------------------------------------


def test_describe_endpoints(ddb):
    eps = ddb.describe_endpoints()["Endpoints"]
    assert eps and "Address" in eps[0] and eps[0]["CachePeriodInMinutes"] > 0


def test_describe_limits(ddb):
    lim = ddb.describe_limits()
    for k in ("AccountMaxReadCapacityUnits", "AccountMaxWriteCapacityUnits", "TableMaxReadCapacityUnits", "TableMaxWriteCapacityUnits"):
        assert lim[k] > 0


def test_describe_endpoints_and_limits(ddb):
    assert ddb.describe_endpoints()["Endpoints"][0]["CachePeriodInMinutes"] == 1440
    assert ddb.describe_limits()["TableMaxReadCapacityUnits"] > 0
