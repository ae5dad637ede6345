"""DeleteTable: not found, deletion protection, the returned description, and data gone."""

from .conftest import table_spec, unique_name, wait_active
from .util import expect_error, expect_validation


def test_not_found(ddb):
    expect_error(
        "ResourceNotFoundException",
        "Requested resource not found: Table: no-such-table-del not found",
        ddb.delete_table,
        TableName="no-such-table-del",
    )


def test_delete_returns_description(ddb):
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


def test_deletion_protection(ddb):
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
