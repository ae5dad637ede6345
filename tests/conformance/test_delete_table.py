"""DeleteTable: the returned description, not found, data gone, deletion protection."""

from expect import (
    NOT_FOUND,
    error,
    expect_error,
    expect_validation,
    table_spec,
    uid,
    unique_name,
    validation,
    wait_active,
)

PK = [{"AttributeName": "pk", "AttributeType": "S"}]
HASH_KEY = [{"AttributeName": "pk", "KeyType": "HASH"}]


def tbl_name():
    return "tbl-" + uid()


def test_delete_returns_description(ddb, make_table):
    name = make_table()
    d = ddb.delete_table(TableName=name)["TableDescription"]
    assert d["TableName"] == name
    assert d["TableStatus"] in ("DELETING", "ACTIVE")
    assert d["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}]


def test_delete_returns_deleting_and_arn(ddb):
    name = unique_name("del")
    ddb.create_table(**table_spec(name, [("pk", "S", "HASH")]))
    wait_active(ddb, name)
    desc = ddb.delete_table(TableName=name)["TableDescription"]
    assert desc["TableName"] == name
    assert desc["TableStatus"] == "DELETING"
    assert desc["TableArn"].endswith(":table/" + name)


def test_deleted_table_not_found(ddb):
    name = unique_name("del")
    ddb.create_table(**table_spec(name, [("pk", "S", "HASH")]))
    wait_active(ddb, name)
    ddb.delete_table(TableName=name)
    ddb.get_waiter("table_not_exists").wait(TableName=name, WaiterConfig={"Delay": 0.2, "MaxAttempts": 100})
    expect_error(
        "ResourceNotFoundException",
        f"Requested resource not found: Table: {name} not found",
        ddb.describe_table,
        TableName=name,
    )
    expect_error(
        "ResourceNotFoundException", "Requested resource not found", ddb.get_item, TableName=name, Key={"pk": {"S": "a"}}
    )


def test_recreated_table_is_empty(ddb):
    name = unique_name("del")
    ddb.create_table(**table_spec(name, [("pk", "S", "HASH")]))
    wait_active(ddb, name)
    ddb.put_item(TableName=name, Item={"pk": {"S": "old"}})
    ddb.delete_table(TableName=name)
    ddb.get_waiter("table_not_exists").wait(TableName=name, WaiterConfig={"Delay": 0.2, "MaxAttempts": 100})
    ddb.create_table(**table_spec(name, [("pk", "S", "HASH")]))
    wait_active(ddb, name)
    try:
        assert ddb.scan(TableName=name)["Items"] == []
        assert "Item" not in ddb.get_item(TableName=name, Key={"pk": {"S": "old"}})
    finally:
        ddb.delete_table(TableName=name)


def test_delete_missing(ddb):
    name = "gone-" + uid()
    with error(NOT_FOUND, exact=f"Requested resource not found: Table: {name} not found"):
        ddb.delete_table(TableName=name)


def test_delete_twice(ddb, make_table):
    name = make_table()
    ddb.delete_table(TableName=name)
    with error(NOT_FOUND):
        ddb.delete_table(TableName=name)


def test_delete_bad_name(ddb):
    with validation(contains="Member must have length greater than or equal to 3"):
        ddb.delete_table(TableName="ab")


# --- deletion protection -------------------------------------------------------------------


def test_deletion_protection(ddb):
    n = tbl_name()
    ddb.create_table(TableName=n, AttributeDefinitions=PK, KeySchema=HASH_KEY, BillingMode="PAY_PER_REQUEST",
                     DeletionProtectionEnabled=True)
    expect_error(
        "ValidationException",
        "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.",
        ddb.delete_table, TableName=n,
    )
    ddb.update_table(TableName=n, DeletionProtectionEnabled=False)
    assert ddb.delete_table(TableName=n)["TableDescription"]["TableStatus"] == "DELETING"


def test_deletion_protection_keeps_table_active(ddb):
    name = unique_name("del")
    ddb.create_table(**table_spec(name, [("pk", "S", "HASH")], DeletionProtectionEnabled=True))
    wait_active(ddb, name)
    try:
        expect_validation(
            "Resource cannot be deleted as it is currently protected against deletion. "
            "Disable deletion protection first.",
            ddb.delete_table,
            TableName=name,
        )
        assert ddb.describe_table(TableName=name)["Table"]["TableStatus"] == "ACTIVE"
    finally:
        ddb.update_table(TableName=name, DeletionProtectionEnabled=False)
        wait_active(ddb, name)
        ddb.delete_table(TableName=name)


def test_deletion_protection_turned_on_later(ddb):
    name = unique_name("del")
    ddb.create_table(**table_spec(name, [("pk", "S", "HASH")]))
    wait_active(ddb, name)
    ddb.update_table(TableName=name, DeletionProtectionEnabled=True)
    wait_active(ddb, name)
    try:
        expect_validation(
            "Resource cannot be deleted as it is currently protected against deletion. "
            "Disable deletion protection first.",
            ddb.delete_table,
            TableName=name,
        )
    finally:
        ddb.update_table(TableName=name, DeletionProtectionEnabled=False)
        wait_active(ddb, name)
        ddb.delete_table(TableName=name)
