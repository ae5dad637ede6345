"""WarmThroughput on tables and global indexes: CreateTable, UpdateTable, DescribeTable.

DynamoDB's behaviour from live probes in 2026 (ack-api-quirks DDB-TABLE-032, -033, -039,
-059, -061, -134, -154, -155, -179; docs/research/aws-live-probes-2026.md B5). DynamoDB takes
minutes to warm a table (Status UPDATING meanwhile); ddb does it at once, so Status is ACTIVE.
"""

import pytest

from expect import S, drop_table, expect_error, table_spec, unique_name, wait_active

INVALID = "One or more parameter values were invalid: "
GSI = {
    "IndexName": "by_g",
    "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
    "Projection": {"ProjectionType": "KEYS_ONLY"},
}


@pytest.fixture
def tables(ddb):
    made = []
    yield made
    for name in made:
        drop_table(ddb, name)


def create(ddb, tables, billing="PAY_PER_REQUEST", **extra):
    name = unique_name("warm")
    out = ddb.create_table(**table_spec(name, billing=billing, **extra))
    tables.append(name)
    wait_active(ddb, name)
    return name, out["TableDescription"]


def warm(ddb, name):
    table = ddb.describe_table(TableName=name)["Table"]
    gsis = {g["IndexName"]: g["WarmThroughput"] for g in table.get("GlobalSecondaryIndexes", [])}
    return table["WarmThroughput"], gsis


def units(read, write, status="ACTIVE"):
    return {"ReadUnitsPerSecond": read, "WriteUnitsPerSecond": write, "Status": status}


def test_on_demand_tables_and_indexes_start_at_12000_and_4000(ddb, tables):
    name, created = create(ddb, tables, extra_attrs=[("g", "S")], GlobalSecondaryIndexes=[GSI])
    # CreateTable's response leaves it out unless the request set it (DDB-TABLE-033).
    assert "WarmThroughput" not in created
    table, gsis = warm(ddb, name)
    assert table == units(12000, 4000)
    assert gsis == {"by_g": units(12000, 4000)}


def test_provisioned_warm_throughput_is_the_highest_capacity_ever_provisioned(ddb, tables):
    name, _ = create(ddb, tables, billing=(5, 7))
    assert warm(ddb, name)[0] == units(5, 7)
    ddb.update_table(TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 10, "WriteCapacityUnits": 9})
    assert warm(ddb, name)[0] == units(10, 9)
    ddb.update_table(TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 2})
    assert warm(ddb, name)[0] == units(10, 9), "a decrease leaves the mark"


def test_a_switch_to_on_demand_raises_it_and_switching_back_keeps_it(ddb, tables):
    name, _ = create(ddb, tables, billing=(5, 5))
    ddb.update_table(TableName=name, BillingMode="PAY_PER_REQUEST")
    assert warm(ddb, name)[0] == units(12000, 4000)
    ddb.update_table(
        TableName=name,
        BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
    )
    assert warm(ddb, name)[0] == units(12000, 4000)


def test_set_at_creation_and_shown_in_the_response(ddb, tables):
    name, created = create(ddb, tables, WarmThroughput={"ReadUnitsPerSecond": 15000})
    assert created["WarmThroughput"]["ReadUnitsPerSecond"] == 15000
    assert created["WarmThroughput"]["WriteUnitsPerSecond"] == 4000
    assert warm(ddb, name)[0] == units(15000, 4000)


def test_raised_by_update_table_members_merge(ddb, tables):
    name, _ = create(ddb, tables)
    ddb.update_table(TableName=name, WarmThroughput={"WriteUnitsPerSecond": 5000})
    assert warm(ddb, name)[0] == units(12000, 5000)
    # The same value again is accepted.
    ddb.update_table(TableName=name, WarmThroughput={"WriteUnitsPerSecond": 5000})


def test_it_never_decreases(ddb, tables):
    name, _ = create(ddb, tables)
    expect_error(
        "ValidationException",
        INVALID + "Requested ReadUnitsPerSecond for WarmThroughput for table is lower than current "
        "WarmThroughput, decreasing WarmThroughput is not supported",
        ddb.update_table,
        TableName=name,
        WarmThroughput={"ReadUnitsPerSecond": 11999},
    )


def test_creation_refuses_less_than_the_provisioned_capacity(ddb, tables):
    name = unique_name("warm")
    tables.append(name)
    expect_error(
        "ValidationException",
        INVALID + "Requested ReadUnitsPerSecond for WarmThroughput for table is lower than "
        "ReadCapacityUnits of ProvisionedThroughput",
        ddb.create_table,
        **table_spec(name, billing=(10, 10), WarmThroughput={"ReadUnitsPerSecond": 9}),
    )


def test_above_the_table_quota_is_a_limit(ddb, tables):
    name, _ = create(ddb, tables, extra_attrs=[("g", "S")], GlobalSecondaryIndexes=[GSI])
    expect_error(
        "LimitExceededException",
        "Subscriber limit exceeded: Requested ReadUnitsPerSecond for WarmThroughput for index by_g "
        "exceeds TableMaxReadCapacityUnits of the account in region us-east-1",
        ddb.update_table,
        TableName=name,
        GlobalSecondaryIndexUpdates=[
            {"Update": {"IndexName": "by_g", "WarmThroughput": {"ReadUnitsPerSecond": 40001}}}
        ],
    )


def test_a_global_index_is_raised_on_its_own(ddb, tables):
    name, _ = create(ddb, tables, extra_attrs=[("g", "S")], GlobalSecondaryIndexes=[GSI])
    ddb.update_table(
        TableName=name,
        GlobalSecondaryIndexUpdates=[
            {"Update": {"IndexName": "by_g", "WarmThroughput": {"ReadUnitsPerSecond": 20000}}}
        ],
    )
    table, gsis = warm(ddb, name)
    assert table == units(12000, 4000)
    assert gsis == {"by_g": units(20000, 4000)}
