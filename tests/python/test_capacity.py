"""ConsumedCapacity worked examples. Read units are 4 KB, write units 1 KB, rounded up; an
eventually consistent read costs half. Item size = attribute-name bytes + value bytes."""

import pytest

from .conftest import drop_table, make_client, table_spec, unique_name, wait_active
from .util import S


def sized(pk, total, name="d"):
    """An item of exactly `total` bytes: "pk"(2) + len(pk) + len(name) + filler."""
    return {"pk": S(pk), name: S("x" * (total - 2 - len(pk) - len(name)))}


def test_get_5kb_strong_is_2(ddb, hash_table):
    # 5 KB = 5120 bytes -> ceil(5120 / 4096) = 2 read units, strongly consistent: 2.0.
    ddb.put_item(TableName=hash_table, Item=sized("a", 5120))
    cc = ddb.get_item(TableName=hash_table, Key={"pk": S("a")}, ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
    assert cc["ConsumedCapacity"]["CapacityUnits"] == 2.0


def test_get_5kb_eventual_is_1(ddb, hash_table):
    # Same 2 units, eventually consistent: 2 * 0.5 = 1.0.
    ddb.put_item(TableName=hash_table, Item=sized("a", 5120))
    cc = ddb.get_item(TableName=hash_table, Key={"pk": S("a")}, ReturnConsumedCapacity="TOTAL")
    assert cc["ConsumedCapacity"]["CapacityUnits"] == 1.0


def test_get_exactly_4kb_strong_is_1(ddb, hash_table):
    # 4096 bytes is exactly one read unit.
    ddb.put_item(TableName=hash_table, Item=sized("a", 4096))
    cc = ddb.get_item(TableName=hash_table, Key={"pk": S("a")}, ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
    assert cc["ConsumedCapacity"]["CapacityUnits"] == 1.0


def test_get_4kb_plus_one_strong_is_2(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item=sized("a", 4097))
    cc = ddb.get_item(TableName=hash_table, Key={"pk": S("a")}, ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
    assert cc["ConsumedCapacity"]["CapacityUnits"] == 2.0


def test_put_1_5kb_is_2(ddb, hash_table):
    # 1.5 KB = 1536 bytes -> ceil(1536 / 1024) = 2 write units.
    cc = ddb.put_item(TableName=hash_table, Item=sized("a", 1536), ReturnConsumedCapacity="TOTAL")
    assert cc["ConsumedCapacity"]["CapacityUnits"] == 2.0


def test_put_exactly_1kb_is_1(ddb, hash_table):
    cc = ddb.put_item(TableName=hash_table, Item=sized("a", 1024), ReturnConsumedCapacity="TOTAL")
    assert cc["ConsumedCapacity"]["CapacityUnits"] == 1.0


def test_put_over_larger_old_item(ddb, hash_table):
    # A write costs by the larger of the old and new item: replacing a 3 KB item with a tiny one
    # is ceil(3072 / 1024) = 3 units.
    ddb.put_item(TableName=hash_table, Item=sized("a", 3072))
    cc = ddb.put_item(TableName=hash_table, Item={"pk": S("a")}, ReturnConsumedCapacity="TOTAL")
    assert cc["ConsumedCapacity"]["CapacityUnits"] == 3.0


def test_update_cost_uses_larger_image(ddb, hash_table):
    # Growing a 1 KB item to 2.5 KB: ceil(2560 / 1024) = 3 units.
    ddb.put_item(TableName=hash_table, Item=sized("a", 1024))
    cc = ddb.update_item(
        TableName=hash_table,
        Key={"pk": S("a")},
        UpdateExpression="SET e = :e",
        ExpressionAttributeValues={":e": S("y" * (2560 - 1024 - 1))},
        ReturnConsumedCapacity="TOTAL",
    )
    assert cc["ConsumedCapacity"]["CapacityUnits"] == 3.0


@pytest.fixture(scope="module")
def nine_kb(endpoint):
    """Nine items of exactly 1 KB each in one partition: 9 KB in all."""
    c = make_client(endpoint)
    name = unique_name("cap")
    c.create_table(**table_spec(name, [("pk", "S", "HASH"), ("sk", "S", "RANGE")]))
    wait_active(c, name)
    for i in range(9):
        # "pk"(2) + "q"(1) + "sk"(2) + "i"(1) + "d"(1) + filler = 1024
        c.put_item(TableName=name, Item={"pk": S("q"), "sk": S(str(i)), "d": S("x" * (1024 - 7))})
    yield name
    drop_table(c, name)


def test_query_9kb_eventual_is_1_5(ddb, nine_kb):
    # A Query rounds the total once: 9 * 1024 = 9216 bytes -> ceil(9216 / 4096) = 3 units,
    # eventually consistent: 3 * 0.5 = 1.5. (Rounding each item would give 9 * 0.5 = 4.5.)
    resp = ddb.query(
        TableName=nine_kb,
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": S("q")},
        ReturnConsumedCapacity="TOTAL",
    )
    assert resp["Count"] == 9
    assert resp["ConsumedCapacity"]["CapacityUnits"] == 1.5


def test_query_9kb_strong_is_3(ddb, nine_kb):
    resp = ddb.query(
        TableName=nine_kb,
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": S("q")},
        ConsistentRead=True,
        ReturnConsumedCapacity="TOTAL",
    )
    assert resp["ConsumedCapacity"]["CapacityUnits"] == 3.0


def test_query_filter_does_not_reduce_cost(ddb, nine_kb):
    # The filter runs after the read: all 9 KB are still charged.
    resp = ddb.query(
        TableName=nine_kb,
        KeyConditionExpression="pk = :p",
        FilterExpression="attribute_not_exists(d)",
        ExpressionAttributeValues={":p": S("q")},
        ReturnConsumedCapacity="TOTAL",
    )
    assert resp["Count"] == 0
    assert resp["ConsumedCapacity"]["CapacityUnits"] == 1.5


# A read that finds nothing still costs the minimum unit (dynalite reports 0 here).
def test_query_empty_result_minimum(ddb, nine_kb):
    resp = ddb.query(
        TableName=nine_kb,
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": S("none")},
        ReturnConsumedCapacity="TOTAL",
    )
    assert resp["ConsumedCapacity"]["CapacityUnits"] == 0.5


def test_scan_9kb_eventual_is_1_5(ddb, nine_kb):
    resp = ddb.scan(TableName=nine_kb, ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"]["CapacityUnits"] == 1.5


def test_query_limit_charges_only_read_items(ddb, nine_kb):
    # Limit 4: 4 KB read -> 1 unit, eventually consistent 0.5.
    resp = ddb.query(
        TableName=nine_kb,
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": S("q")},
        Limit=4,
        ReturnConsumedCapacity="TOTAL",
    )
    assert resp["ConsumedCapacity"]["CapacityUnits"] == 0.5
