"""UpdateTable: throughput, billing mode, deletion protection (GSI changes: test_indexes.py)."""

from b3util import NOT_FOUND, error, validation, uid


def test_nothing_to_update(ddb, table):
    # Older and newer AWS regions list different members; both begin the same way.
    with validation(contains="At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates"):
        ddb.update_table(TableName=table)


def test_update_missing_table(ddb):
    with error(NOT_FOUND, contains="Requested resource not found"):
        ddb.update_table(TableName="nope-" + uid(), BillingMode="PAY_PER_REQUEST")


def test_switch_to_provisioned(ddb, table):
    d = ddb.update_table(
        TableName=table,
        BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 4, "WriteCapacityUnits": 2},
    )["TableDescription"]
    assert d["TableName"] == table
    t = ddb.describe_table(TableName=table)["Table"]
    assert t["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert t["ProvisionedThroughput"]["ReadCapacityUnits"] == 4
    assert t["ProvisionedThroughput"]["WriteCapacityUnits"] == 2


def test_switch_to_on_demand(ddb, make_table):
    name = make_table(ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    ddb.update_table(TableName=name, BillingMode="PAY_PER_REQUEST")
    t = ddb.describe_table(TableName=name)["Table"]
    assert t["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"


def test_change_throughput(ddb, make_table):
    name = make_table(ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    ddb.update_table(TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 10, "WriteCapacityUnits": 6})
    pt = ddb.describe_table(TableName=name)["Table"]["ProvisionedThroughput"]
    assert (pt["ReadCapacityUnits"], pt["WriteCapacityUnits"]) == (10, 6)


def test_decrease_counted(ddb, make_table):
    name = make_table(ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    ddb.update_table(TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 5})
    pt = ddb.describe_table(TableName=name)["Table"]["ProvisionedThroughput"]
    assert pt["ReadCapacityUnits"] == 2
    assert pt["NumberOfDecreasesToday"] == 1
    assert "LastDecreaseDateTime" in pt


def test_pay_per_request_with_throughput_rejected(ddb, table):
    with validation(contains="Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"):
        ddb.update_table(
            TableName=table,
            BillingMode="PAY_PER_REQUEST",
            ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
        )


def test_zero_throughput_rejected(ddb, make_table):
    name = make_table(ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    with validation(contains="Member must have value greater than or equal to 1"):
        ddb.update_table(TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 0, "WriteCapacityUnits": 5})


def test_deletion_protection_toggle(ddb, table):
    d = ddb.update_table(TableName=table, DeletionProtectionEnabled=True)["TableDescription"]
    assert d["DeletionProtectionEnabled"] is True
    assert ddb.describe_table(TableName=table)["Table"]["DeletionProtectionEnabled"] is True
    ddb.update_table(TableName=table, DeletionProtectionEnabled=False)
    assert ddb.describe_table(TableName=table)["Table"]["DeletionProtectionEnabled"] is False


def test_update_keeps_items(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": {"S": "keep"}})
    ddb.update_table(TableName=table, DeletionProtectionEnabled=True)
    assert ddb.get_item(TableName=table, Key={"pk": {"S": "keep"}})["Item"] == {"pk": {"S": "keep"}}
