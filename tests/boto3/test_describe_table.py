"""DescribeTable: the complete TableDescription."""

import datetime

from b3util import NOT_FOUND, error, validation, uid


def test_describe_basic(ddb, table2):
    t = ddb.describe_table(TableName=table2)["Table"]
    assert t["TableName"] == table2
    assert t["TableStatus"] == "ACTIVE"
    assert t["KeySchema"] == [
        {"AttributeName": "pk", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
    ]
    assert {(a["AttributeName"], a["AttributeType"]) for a in t["AttributeDefinitions"]} == {("pk", "S"), ("sk", "N")}
    assert t["TableArn"] == f"arn:aws:dynamodb:us-east-1:{t['TableArn'].split(':')[4]}:table/{table2}"
    assert isinstance(t["CreationDateTime"], datetime.datetime)
    assert t["ItemCount"] == 0 and t["TableSizeBytes"] == 0
    assert t["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert t["ProvisionedThroughput"]["NumberOfDecreasesToday"] == 0


def test_table_id_is_uuid(ddb, table):
    import uuid

    t = ddb.describe_table(TableName=table)["Table"]
    uuid.UUID(t["TableId"])


def test_creation_time_recent(ddb, table):
    t = ddb.describe_table(TableName=table)["Table"]
    now = datetime.datetime.now(datetime.timezone.utc)
    assert abs((now - t["CreationDateTime"]).total_seconds()) < 300


def test_provisioned(ddb, make_table):
    name = make_table(ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    t = ddb.describe_table(TableName=name)["Table"]
    pt = t["ProvisionedThroughput"]
    assert (pt["ReadCapacityUnits"], pt["WriteCapacityUnits"]) == (5, 5)
    # A table created PROVISIONED either omits BillingModeSummary or says PROVISIONED.
    assert t.get("BillingModeSummary", {"BillingMode": "PROVISIONED"})["BillingMode"] == "PROVISIONED"


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


def test_item_count_and_size_eventually_reflect_items(ddb, table):
    # DynamoDB updates ItemCount/TableSizeBytes about every six hours; a local server may be
    # exact. Only the shape is asserted: non-negative integers.
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "x": {"S": "hello"}})
    t = ddb.describe_table(TableName=table)["Table"]
    assert t["ItemCount"] >= 0 and t["TableSizeBytes"] >= 0


def test_describe_endpoints(ddb):
    eps = ddb.describe_endpoints()["Endpoints"]
    assert eps and "Address" in eps[0] and eps[0]["CachePeriodInMinutes"] > 0


def test_describe_limits(ddb):
    lim = ddb.describe_limits()
    for k in ("AccountMaxReadCapacityUnits", "AccountMaxWriteCapacityUnits", "TableMaxReadCapacityUnits", "TableMaxWriteCapacityUnits"):
        assert lim[k] > 0
