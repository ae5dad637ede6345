"""Table lifecycle states with `ddb serve --table-delays`: CREATING, UPDATING, DELETING and
backfilling indexes for the configured time, DynamoDB's errors meanwhile, and boto3's waiters.

This module starts its own server with the delays below (the suite's default server keeps the
instant default). Against another endpoint (DDB_ENDPOINT) it is skipped: its timings are ddb's.

Sources (DynamoDB's behaviour in each state):
- [create] API_CreateTable: "immediately returns a response with a TableStatus of CREATING ...
  You can perform read and write operations only on an ACTIVE table."
  https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
- [not-found] item operations on a table not yet ACTIVE: ResourceNotFoundException "Requested
  resource not found" (the exception: "its status might not be ACTIVE",
  https://docs.aws.amazon.com/botocore/latest/reference/services/dynamodb/client/exceptions/ResourceNotFoundException.html;
  checked against DynamoDB in https://github.com/ExtendDB/extenddb/pull/204).
- [in-use-created] "Attempt to change a resource which is still in use: Table is being created:
  NAME" for UpdateTable / DeleteTable of a CREATING table
  (https://github.com/terraform-aws-modules/terraform-aws-dynamodb-table/issues/51,
  https://github.com/vdesabou/kafka-docker-playground/issues/8703).
- [delete] API_DeleteTable: DELETING until done; ResourceInUseException while CREATING or
  UPDATING. The page adds "If table is already in the DELETING state, no error is returned.",
  but live probes in 2026 (docs/research/aws-live-probes-2026.md A4: DDB-TABLE-006, -008, -455)
  answer a second DeleteTable with [in-use-deleted]'s text, and an UPDATING one with "Attempt to
  change a resource which is still in use: Table: NAME is in the process of being updated."
  (DDB-TABLE-369, -370); a CreateTable of a name still CREATING gets [in-use-created]'s text
  (DDB-TABLE-001, -005). The newest capture wins.
- [update] API_UpdateTable: "While it's UPDATING, you can't issue another UpdateTable request."
  https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html
  (the UPDATING message follows the CREATING one's wording: not captured).
- [in-use-deleted] CreateTable of a name still DELETING: "Attempt to change a resource which is
  still in use: Table is being deleted: NAME" (https://github.com/Wantworthy/dynode/issues/26).
- [backfilling] Query of a backfilling GSI: ValidationException "Cannot read from backfilling
  global secondary index"
  (https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/1075);
  GlobalSecondaryIndexDescription.Backfilling true while CREATING
  (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GlobalSecondaryIndexDescription.html).
"""

import os
import time

import boto3
import pytest
from botocore.config import Config

from expect import CREDENTIALS, expect_error, table_spec, unique_name

DELAY_S = 1.0
FLAGS = ("--table-delays", "create=1000,update=1000,delete=1000,index=1500")
FAST_WAITER = {"Delay": 0.1, "MaxAttempts": 100}
NOT_FOUND = "Requested resource not found"


def in_use(name, state):
    return f"Attempt to change a resource which is still in use: Table is being {state}: {name}"


@pytest.fixture(scope="module")
def ddb(serve_with):
    if os.environ.get("DDB_ENDPOINT"):
        pytest.skip("needs its own `ddb serve --table-delays`")
    return boto3.client(
        "dynamodb",
        endpoint_url=serve_with(*FLAGS),
        config=Config(retries={"max_attempts": 1}),
        **CREDENTIALS,
    )


def status(ddb, name):
    return ddb.describe_table(TableName=name)["Table"]["TableStatus"]


def test_created_table_is_creating_until_the_waiter_returns(ddb):
    """[create] [not-found] [in-use-created] [delete]"""
    name = unique_name("life")
    started = time.monotonic()
    created = ddb.create_table(**table_spec(name, [("pk", "S", "HASH")]))["TableDescription"]
    assert created["TableStatus"] == "CREATING"
    assert status(ddb, name) == "CREATING"
    assert name in ddb.list_tables()["TableNames"]
    key = {"pk": {"S": "a"}}
    expect_error("ResourceNotFoundException", NOT_FOUND, ddb.put_item, TableName=name, Item=key)
    expect_error("ResourceNotFoundException", NOT_FOUND, ddb.get_item, TableName=name, Key=key)
    expect_error("ResourceNotFoundException", NOT_FOUND, ddb.scan, TableName=name)
    expect_error("ResourceInUseException", in_use(name, "created"), ddb.delete_table, TableName=name)
    expect_error(
        "ResourceInUseException",
        in_use(name, "created"),
        ddb.update_table,
        TableName=name,
        DeletionProtectionEnabled=True,
    )
    expect_error("ResourceInUseException", in_use(name, "created"), ddb.create_table,
                 **table_spec(name, [("pk", "S", "HASH")]))
    ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig=FAST_WAITER)
    assert time.monotonic() - started >= DELAY_S * 0.9
    assert status(ddb, name) == "ACTIVE"
    ddb.put_item(TableName=name, Item=key)
    assert ddb.get_item(TableName=name, Key=key)["Item"] == key


def test_updated_table_is_updating_and_refuses_a_second_update(ddb):
    """[update] [delete]"""
    name = unique_name("life")
    ddb.create_table(**table_spec(name, [("pk", "S", "HASH")]))
    ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig=FAST_WAITER)
    updated = ddb.update_table(TableName=name, DeletionProtectionEnabled=True)["TableDescription"]
    assert updated["TableStatus"] == "UPDATING"
    assert status(ddb, name) == "UPDATING"
    key = {"pk": {"S": "a"}}
    ddb.put_item(TableName=name, Item=key)
    assert ddb.get_item(TableName=name, Key=key)["Item"] == key
    expect_error(
        "ResourceInUseException",
        in_use(name, "updated"),
        ddb.update_table,
        TableName=name,
        DeletionProtectionEnabled=False,
    )
    expect_error(
        "ResourceInUseException",
        f"Attempt to change a resource which is still in use: Table: {name} is in the process of being updated.",
        ddb.delete_table,
        TableName=name,
    )
    ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig=FAST_WAITER)
    assert status(ddb, name) == "ACTIVE"
    ddb.update_table(TableName=name, DeletionProtectionEnabled=False)


def test_new_global_index_backfills_before_it_can_be_read(ddb):
    """[backfilling]"""
    name = unique_name("life")
    ddb.create_table(**table_spec(name, [("pk", "S", "HASH")]))
    ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig=FAST_WAITER)
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "g": {"S": "x"}})
    ddb.update_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[
            {
                "Create": {
                    "IndexName": "by-g",
                    "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                    "Projection": {"ProjectionType": "ALL"},
                }
            }
        ],
    )
    index = ddb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"][0]
    assert index["IndexStatus"] == "CREATING"
    assert index["Backfilling"] is True
    query = dict(
        TableName=name,
        IndexName="by-g",
        KeyConditionExpression="g = :v",
        ExpressionAttributeValues={":v": {"S": "x"}},
    )
    expect_error("ValidationException", "Cannot read from backfilling global secondary index", ddb.query, **query)
    for _ in range(100):
        index = ddb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"][0]
        if index["IndexStatus"] == "ACTIVE":
            break
        time.sleep(0.1)
    assert index["IndexStatus"] == "ACTIVE"
    assert "Backfilling" not in index
    assert ddb.query(**query)["Count"] == 1


def test_deleted_table_is_deleting_until_the_waiter_returns(ddb):
    """[delete] [not-found] [in-use-deleted]"""
    name = unique_name("life")
    ddb.create_table(**table_spec(name, [("pk", "S", "HASH")]))
    ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig=FAST_WAITER)
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}})
    deleted = ddb.delete_table(TableName=name)["TableDescription"]
    assert deleted["TableStatus"] == "DELETING"
    assert status(ddb, name) == "DELETING"
    assert name in ddb.list_tables()["TableNames"]
    expect_error("ResourceNotFoundException", NOT_FOUND, ddb.get_item, TableName=name, Key={"pk": {"S": "a"}})
    expect_error("ResourceInUseException", in_use(name, "deleted"), ddb.delete_table, TableName=name)
    expect_error(
        "ResourceInUseException",
        in_use(name, "deleted"),
        ddb.create_table,
        **table_spec(name, [("pk", "S", "HASH")]),
    )
    ddb.get_waiter("table_not_exists").wait(TableName=name, WaiterConfig=FAST_WAITER)
    assert name not in ddb.list_tables()["TableNames"]
    ddb.create_table(**table_spec(name, [("pk", "S", "HASH")]))
    ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig=FAST_WAITER)
    assert ddb.scan(TableName=name)["Count"] == 0
