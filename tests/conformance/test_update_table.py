"""UpdateTable: throughput, billing mode, deletion protection, table class, and its
validations. (GSI changes: test_indexes.py.)"""

from expect import (
    error_of,
    expect_error,
    expect_validation,
    expect_validation_prefix,
    validation,
    wait_active,
)


def test_not_found(ddb):
    expect_error(
        "ResourceNotFoundException",
        "Requested resource not found: Table: no-such-table-upd not found",
        ddb.update_table,
        TableName="no-such-table-upd",
        BillingMode="PAY_PER_REQUEST",
    )


def test_nothing_to_update(ddb, hash_table):
    # Older and newer AWS regions list different members; both begin the same way.
    with validation(contains="At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates"):
        ddb.update_table(TableName=hash_table)


def test_nothing_to_update_prefix(ddb, hash_table):
    # Older regions list fewer members ("... or SSESpecification or ReplicaUpdates is required");
    # both start the same way.
    expect_validation_prefix("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled", ddb.update_table, TableName=hash_table)


# --- throughput and billing mode -----------------------------------------------------------


def test_change_throughput(ddb, make_table):
    name = make_table([("pk", "S", "HASH")], billing=(5, 5))
    desc = ddb.update_table(
        TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 10, "WriteCapacityUnits": 7}
    )["TableDescription"]
    assert desc["TableName"] == name
    desc = wait_active(ddb, name)
    assert desc["ProvisionedThroughput"]["ReadCapacityUnits"] == 10
    assert desc["ProvisionedThroughput"]["WriteCapacityUnits"] == 7


def test_decrease_counted(ddb, make_table):
    name = make_table(billing=(5, 5))
    ddb.update_table(TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 5})
    pt = ddb.describe_table(TableName=name)["Table"]["ProvisionedThroughput"]
    assert pt["ReadCapacityUnits"] == 2
    assert pt["NumberOfDecreasesToday"] == 1
    assert "LastDecreaseDateTime" in pt


def test_decrease_counts(ddb, make_table):
    name = make_table([("pk", "S", "HASH")], billing=(5, 5))
    ddb.update_table(TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 2})
    desc = wait_active(ddb, name)
    pt = desc["ProvisionedThroughput"]
    assert (pt["ReadCapacityUnits"], pt["WriteCapacityUnits"]) == (2, 2)
    assert pt["NumberOfDecreasesToday"] == 1
    assert "LastDecreaseDateTime" in pt


def test_throughput_zero(ddb, make_table):
    name = make_table([("pk", "S", "HASH")], billing=(5, 5))
    expect_validation(
        "1 validation error detected: Value '0' at 'provisionedThroughput.readCapacityUnits' failed to "
        "satisfy constraint: Member must have value greater than or equal to 1",
        ddb.update_table,
        TableName=name,
        ProvisionedThroughput={"ReadCapacityUnits": 0, "WriteCapacityUnits": 5},
        envelope=False,
    )


def test_throughput_on_pay_per_request_table(ddb, hash_table):
    code, message, _ = error_of(
        ddb.update_table,
        TableName=hash_table,
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
    )
    assert code == "ValidationException", message


def test_pay_per_request_with_throughput_rejected(ddb, hash_table):
    with validation(contains="Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"):
        ddb.update_table(
            TableName=hash_table,
            BillingMode="PAY_PER_REQUEST",
            ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
        )


def test_switch_to_pay_per_request(ddb, make_table):
    name = make_table([("pk", "S", "HASH")], billing=(5, 5))
    ddb.update_table(TableName=name, BillingMode="PAY_PER_REQUEST")
    desc = wait_active(ddb, name)
    assert desc["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert desc["ProvisionedThroughput"]["ReadCapacityUnits"] == 0
    assert desc["ProvisionedThroughput"]["WriteCapacityUnits"] == 0


def test_switch_to_provisioned(ddb, hash_table):
    d = ddb.update_table(
        TableName=hash_table,
        BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 4, "WriteCapacityUnits": 2},
    )["TableDescription"]
    assert d["TableName"] == hash_table
    t = ddb.describe_table(TableName=hash_table)["Table"]
    assert t["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert t["ProvisionedThroughput"]["ReadCapacityUnits"] == 4
    assert t["ProvisionedThroughput"]["WriteCapacityUnits"] == 2


def test_switch_to_provisioned_without_throughput(ddb, hash_table):
    # The exact wording for UpdateTable is unconfirmed (dynalite: "ProvisionedThroughput must be
    # specified when BillingMode is PROVISIONED"); the clause naming PROVISIONED is common to both.
    msg = expect_validation_prefix(
        "One or more parameter values were invalid: ",
        ddb.update_table,
        TableName=hash_table,
        BillingMode="PROVISIONED",
    )
    assert msg.endswith("when BillingMode is PROVISIONED"), msg


# --- deletion protection, table class, items -----------------------------------------------


def test_deletion_protection_toggle(ddb, hash_table):
    d = ddb.update_table(TableName=hash_table, DeletionProtectionEnabled=True)["TableDescription"]
    assert d["DeletionProtectionEnabled"] is True
    assert ddb.describe_table(TableName=hash_table)["Table"]["DeletionProtectionEnabled"] is True
    ddb.update_table(TableName=hash_table, DeletionProtectionEnabled=False)
    assert ddb.describe_table(TableName=hash_table)["Table"]["DeletionProtectionEnabled"] is False


def test_update_table_class(ddb, hash_table):
    ddb.update_table(TableName=hash_table, TableClass="STANDARD_INFREQUENT_ACCESS")
    desc = wait_active(ddb, hash_table)
    assert desc["TableClassSummary"]["TableClass"] == "STANDARD_INFREQUENT_ACCESS"


def test_update_keeps_items(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": {"S": "keep"}})
    ddb.update_table(TableName=hash_table, DeletionProtectionEnabled=True)
    assert ddb.get_item(TableName=hash_table, Key={"pk": {"S": "keep"}})["Item"] == {"pk": {"S": "keep"}}


def test_items_survive_update(ddb, make_table):
    name = make_table([("pk", "S", "HASH")], billing=(5, 5))
    ddb.put_item(TableName=name, Item={"pk": {"S": "keep"}, "v": {"N": "1"}})
    ddb.update_table(TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 6, "WriteCapacityUnits": 6})
    wait_active(ddb, name)
    assert ddb.get_item(TableName=name, Key={"pk": {"S": "keep"}})["Item"]["v"] == {"N": "1"}


def test_gsi_create_without_attribute_definitions(ddb, hash_table):
    # Source: ack-api-quirks' catalogue of DynamoDB ValidationException texts (DDB-TABLE-442,
    # mined from AWS responses): `AttributeDefinitions is not specified for index: <idx>`. It
    # is a check of the request alone, made before the table is looked up.
    create = {"Create": {"IndexName": "by_g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                         "Projection": {"ProjectionType": "ALL"}}}
    message = "One or more parameter values were invalid: AttributeDefinitions is not specified for index: by_g"
    expect_validation(message, ddb.update_table, TableName=hash_table, GlobalSecondaryIndexUpdates=[create])
    expect_validation(message, ddb.update_table, TableName="no-such-table-upd",
                      GlobalSecondaryIndexUpdates=[create])
