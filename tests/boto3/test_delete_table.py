"""DeleteTable, including deletion protection."""

from b3util import NOT_FOUND, error, validation, uid


def test_delete_returns_description(ddb, make_table):
    name = make_table()
    d = ddb.delete_table(TableName=name)["TableDescription"]
    assert d["TableName"] == name
    assert d["TableStatus"] in ("DELETING", "ACTIVE")
    assert d["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}]


def test_deleted_table_gone(ddb, make_table):
    name = make_table()
    ddb.delete_table(TableName=name)
    with error(NOT_FOUND):
        ddb.describe_table(TableName=name)


def test_items_gone_after_delete(ddb, make_table):
    name = make_table()
    ddb.put_item(TableName=name, Item={"pk": {"S": "x"}})
    ddb.delete_table(TableName=name)
    with error(NOT_FOUND, exact="Requested resource not found"):
        ddb.get_item(TableName=name, Key={"pk": {"S": "x"}})


def test_delete_missing(ddb):
    name = "gone-" + uid()
    with error(NOT_FOUND, exact=f"Requested resource not found: Table: {name} not found"):
        ddb.delete_table(TableName=name)


def test_delete_twice(ddb, make_table):
    name = make_table()
    ddb.delete_table(TableName=name)
    with error(NOT_FOUND):
        ddb.delete_table(TableName=name)


def test_deletion_protection(ddb, make_table):
    name = make_table(DeletionProtectionEnabled=True)
    # [dynoxide, "exact AWS message"]
    with validation(
        contains="Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first."
    ):
        ddb.delete_table(TableName=name)
    assert ddb.describe_table(TableName=name)["Table"]["TableStatus"] == "ACTIVE"
    ddb.update_table(TableName=name, DeletionProtectionEnabled=False)
    ddb.delete_table(TableName=name)


def test_delete_bad_name(ddb):
    with validation(contains="Member must have length greater than or equal to 3"):
        ddb.delete_table(TableName="ab")
