"""ConsumedCapacity worked examples (TOTAL and INDEXES shapes).

Rules (Developer Guide, "Read/write capacity units" and "Item sizes and formats"; summary in
docs/research/dynamodb-messages.md §7):
- item size = sum over attributes of UTF-8 name bytes + value bytes (S: UTF-8 bytes).
- writes: 1 WCU per 1 KB (1024 bytes), rounded up, on the larger of the item before and after;
  minimum 1. Transactional writes cost double.
- reads: 1 RCU per 4 KB (4096 bytes), rounded up; eventually consistent reads cost half;
  transactional reads double. GetItem/BatchGetItem round each item; Query/Scan round the total
  of all items read once. A read that finds nothing still costs the minimum (1 or 0.5).
- index writes: each index whose entry is added or removed costs 1 write per 1 KB of the
  projected entry; a changed index key costs 2 (remove old + add new); untouched: nothing.

Numbers are avoided in sized items (their byte size is only approximately documented).
"""

import pytest

from expect import N, S, drop_table, expect_validation, range_key, table_spec, unique_name, wait_active


def key(pk):
    return {"pk": S(pk)}


def sized(pk, total, name="d"):
    """An item {"pk": pk, name: "x"*n} whose size is exactly `total` bytes."""
    overhead = len("pk") + len(pk.encode()) + len(name)
    return {"pk": S(pk), name: S("x" * (total - overhead))}


def total(resp):
    return resp["ConsumedCapacity"]["CapacityUnits"]


def put(item):
    return {"PutRequest": {"Item": item}}


def put_pk(pk, **attrs):
    return {"PutRequest": {"Item": {"pk": S(pk), **attrs}}}


# --- writes -----------------------------------------------------------------------------------


def test_put_small_total_shape(ddb, hash_table):
    r = ddb.put_item(TableName=hash_table, Item={"pk": S("a")}, ReturnConsumedCapacity="TOTAL")
    # 3 bytes -> 1 WCU
    assert r["ConsumedCapacity"]["TableName"] == hash_table
    assert r["ConsumedCapacity"]["CapacityUnits"] == 1.0
    assert "Table" not in r["ConsumedCapacity"]


def test_no_capacity_unless_asked(ddb, hash_table):
    assert "ConsumedCapacity" not in ddb.put_item(TableName=hash_table, Item={"pk": S("a")})
    assert "ConsumedCapacity" not in ddb.put_item(TableName=hash_table, Item={"pk": S("a")}, ReturnConsumedCapacity="NONE")


@pytest.mark.parametrize("size,wcu", [(1024, 1.0), (1025, 2.0), (2000, 2.0), (3072, 3.0), (10 * 1024 + 1, 11.0)])
def test_put_rounds_up_to_1kb(ddb, hash_table, size, wcu):
    # e.g. 2000 bytes -> ceil(2000 / 1024) = 2 WCU
    r = ddb.put_item(TableName=hash_table, Item=sized("a", size), ReturnConsumedCapacity="TOTAL")
    assert total(r) == wcu


def test_put_1_5kb_is_2(ddb, hash_table):
    # 1.5 KB = 1536 bytes -> ceil(1536 / 1024) = 2 write units.
    cc = ddb.put_item(TableName=hash_table, Item=sized("a", 1536), ReturnConsumedCapacity="TOTAL")
    assert cc["ConsumedCapacity"]["CapacityUnits"] == 2.0


def test_consumed_capacity_total(ddb, range_table):
    # 3 (pk) + 3 (sk) + 1 + 2000 = 2007 bytes -> 2 write units; strongly consistent read 1 unit.
    out = ddb.put_item(TableName=range_table, Item={**range_key(), "d": {"S": "x" * 2000}}, ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"] == {"TableName": range_table, "CapacityUnits": 2.0, "WriteCapacityUnits": 2.0}
    out = ddb.get_item(TableName=range_table, Key=range_key(), ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"]["CapacityUnits"] == 1.0


def test_overwrite_charges_larger_old_item(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item=sized("a", 3000))
    # old 3000 bytes, new 3 bytes -> max = 3000 -> ceil(3000/1024) = 3 WCU
    r = ddb.put_item(TableName=hash_table, Item={"pk": S("a")}, ReturnConsumedCapacity="TOTAL")
    assert total(r) == 3.0


def test_put_over_larger_old_item(ddb, hash_table):
    # A write costs by the larger of the old and new item: replacing a 3 KB item with a tiny one
    # is ceil(3072 / 1024) = 3 units.
    ddb.put_item(TableName=hash_table, Item=sized("a", 3072))
    cc = ddb.put_item(TableName=hash_table, Item={"pk": S("a")}, ReturnConsumedCapacity="TOTAL")
    assert cc["ConsumedCapacity"]["CapacityUnits"] == 3.0


def test_delete_charges_deleted_item(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item=sized("a", 2500))
    # 2500 bytes -> 3 WCU
    assert total(ddb.delete_item(TableName=hash_table, Key={"pk": S("a")}, ReturnConsumedCapacity="TOTAL")) == 3.0


def test_delete_consumed_capacity(ddb, hash_table):
    # 2 KB item: deleting it costs ceil(2 KB / 1 KB) = 2 WCU.
    ddb.put_item(TableName=hash_table, Item={"pk": S("big"), "v": S("x" * 2000)})
    cc = ddb.delete_item(TableName=hash_table, Key=key("big"), ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]
    assert cc["CapacityUnits"] == 2.0


def test_delete_missing_costs_one(ddb, hash_table):
    assert total(ddb.delete_item(TableName=hash_table, Key={"pk": S("none")}, ReturnConsumedCapacity="TOTAL")) == 1.0


def test_update_charges_larger_of_before_and_after(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item=sized("a", 500))
    # before 500 bytes; after: 500 + len("e") + 1000 = 1501 bytes -> 2 WCU
    r = ddb.update_item(
        TableName=hash_table, Key={"pk": S("a")}, UpdateExpression="SET e = :v",
        ExpressionAttributeValues={":v": S("y" * 1000)}, ReturnConsumedCapacity="TOTAL",
    )
    assert total(r) == 2.0


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


def test_update_shrinking_charges_before(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item=sized("a", 2100))
    # before 2100 bytes -> 3 WCU even though the result is 3 bytes
    r = ddb.update_item(TableName=hash_table, Key={"pk": S("a")}, UpdateExpression="REMOVE d", ReturnConsumedCapacity="TOTAL")
    assert total(r) == 3.0


# --- GetItem ----------------------------------------------------------------------------------


def test_get_consumed_capacity_total(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("cc")})
    eventual = ddb.get_item(TableName=hash_table, Key=key("cc"), ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]
    strong = ddb.get_item(TableName=hash_table, Key=key("cc"), ConsistentRead=True, ReturnConsumedCapacity="TOTAL")[
        "ConsumedCapacity"
    ]
    assert eventual["CapacityUnits"] == 0.5
    assert strong["CapacityUnits"] == 1.0


@pytest.mark.parametrize("size,strong,eventual", [(4096, 1.0, 0.5), (4097, 2.0, 1.0), (9000, 3.0, 1.5)])
def test_get_rounds_up_to_4kb(ddb, hash_table, size, strong, eventual):
    # e.g. 9000 bytes -> ceil(9000/4096) = 3 RCU strongly consistent, 1.5 eventually consistent
    ddb.put_item(TableName=hash_table, Item=sized("a", size))
    r = ddb.get_item(TableName=hash_table, Key={"pk": S("a")}, ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
    assert total(r) == strong
    r = ddb.get_item(TableName=hash_table, Key={"pk": S("a")}, ReturnConsumedCapacity="TOTAL")
    assert total(r) == eventual


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


def test_get_missing_item_minimum(ddb, hash_table):
    assert total(ddb.get_item(TableName=hash_table, Key={"pk": S("x")}, ConsistentRead=True, ReturnConsumedCapacity="TOTAL")) == 1.0
    assert total(ddb.get_item(TableName=hash_table, Key={"pk": S("x")}, ReturnConsumedCapacity="TOTAL")) == 0.5


def test_get_projection_does_not_reduce_cost(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item=sized("a", 6000))
    r = ddb.get_item(TableName=hash_table, Key={"pk": S("a")}, ProjectionExpression="pk", ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
    assert total(r) == 2.0  # 6000 bytes -> 2 RCU


def test_consumed_capacity_bad_enum(ddb, hash_table):
    expect_validation(
        "1 validation error detected: Value 'ALL' at 'returnConsumedCapacity' failed to satisfy constraint: "
        "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]",
        ddb.get_item,
        TableName=hash_table,
        Key=key("a"),
        ReturnConsumedCapacity="ALL",
        envelope=False,
    )


# --- Query and Scan -------------------------------------------------------------------------------


@pytest.fixture
def three_1500(ddb, make_table):
    t = make_table([("pk", "S", "HASH"), ("sk", "S", "RANGE")])
    for sk in "123":
        # pk "q" (2+1) + sk "1" (2+1) + "d" (1) + 1493 = 1500 bytes
        ddb.put_item(TableName=t, Item={"pk": S("q"), "sk": S(sk), "d": S("x" * 1493)})
    return t


def test_query_rounds_total_once(ddb, three_1500):
    # 3 x 1500 = 4500 bytes read -> ceil(4500/4096) = 2 RCU strong (per-item rounding would be 3)
    r = ddb.query(TableName=three_1500, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": S("q")},
                  ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
    assert total(r) == 2.0
    # eventually consistent: half of 2 = 1.0
    r = ddb.query(TableName=three_1500, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": S("q")},
                  ReturnConsumedCapacity="TOTAL")
    assert total(r) == 1.0


def test_query_filter_does_not_reduce_cost(ddb, three_1500):
    r = ddb.query(
        TableName=three_1500, KeyConditionExpression="pk = :p", FilterExpression="attribute_exists(nothing)",
        ExpressionAttributeValues={":p": S("q")}, ConsistentRead=True, ReturnConsumedCapacity="TOTAL",
    )
    assert r["Count"] == 0
    assert total(r) == 2.0  # still 4500 bytes read


def test_query_limit_reduces_cost(ddb, three_1500):
    r = ddb.query(TableName=three_1500, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": S("q")},
                  Limit=2, ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
    assert total(r) == 1.0  # 3000 bytes -> 1 RCU


def test_query_empty_minimum(ddb, three_1500):
    r = ddb.query(TableName=three_1500, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": S("none")},
                  ReturnConsumedCapacity="TOTAL")
    assert total(r) == 0.5


def test_scan_rounds_total_once(ddb, three_1500):
    # Scan is eventually consistent by default: 4500 bytes -> 2 RCU -> 1.0
    assert total(ddb.scan(TableName=three_1500, ReturnConsumedCapacity="TOTAL")) == 1.0
    assert total(ddb.scan(TableName=three_1500, ConsistentRead=True, ReturnConsumedCapacity="TOTAL")) == 2.0


@pytest.fixture(scope="module")
def nine_kb(new_client):
    """Nine items of exactly 1 KB each in one partition: 9 KB in all."""
    c = new_client()
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


def test_query_filter_does_not_reduce_cost_9kb(ddb, nine_kb):
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


def test_scan_9kb_eventual_is_1_5(ddb, nine_kb):
    resp = ddb.scan(TableName=nine_kb, ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"]["CapacityUnits"] == 1.5


# --- batches and transactions ---------------------------------------------------------------------


def test_batch_get_rounds_each_item(ddb, three_1500):
    keys = [{"pk": S("q"), "sk": S(s)} for s in "123"]
    r = ddb.batch_get_item(RequestItems={three_1500: {"Keys": keys, "ConsistentRead": True}}, ReturnConsumedCapacity="TOTAL")
    # each 1500-byte item -> 1 RCU, summed: 3 (not ceil(4500/4096) = 2)
    assert r["ConsumedCapacity"][0]["CapacityUnits"] == 3.0
    r = ddb.batch_get_item(RequestItems={three_1500: {"Keys": keys}}, ReturnConsumedCapacity="TOTAL")
    assert r["ConsumedCapacity"][0]["CapacityUnits"] == 1.5


def test_batch_get_missing_key_charged(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("a")})
    r = ddb.batch_get_item(
        RequestItems={hash_table: {"Keys": [{"pk": S("a")}, {"pk": S("b")}], "ConsistentRead": True}},
        ReturnConsumedCapacity="TOTAL",
    )
    # Each key is rounded up to 4 KB on its own and charged even when missing: 1 + 1 strongly consistent.
    assert r["ConsumedCapacity"] == [{"TableName": hash_table, "CapacityUnits": 2.0}] or (
        r["ConsumedCapacity"][0]["TableName"] == hash_table and r["ConsumedCapacity"][0]["CapacityUnits"] == 2.0
    )


def test_batch_get_capacity(ddb, hash_table):
    # Each item is rounded up to 4 KB on its own: two tiny items read strongly = 1 + 1 = 2.0 RCU.
    ddb.put_item(TableName=hash_table, Item={"pk": S("g1")})
    ddb.put_item(TableName=hash_table, Item={"pk": S("g2")})
    resp = ddb.batch_get_item(
        RequestItems={hash_table: {"Keys": [{"pk": S("g1")}, {"pk": S("g2")}], "ConsistentRead": True}},
        ReturnConsumedCapacity="TOTAL",
    )
    (cc,) = resp["ConsumedCapacity"]
    assert cc["TableName"] == hash_table and cc["CapacityUnits"] == 2.0


def test_batch_write_two_tables(ddb, hash_table, range_table):
    r = ddb.batch_write_item(
        RequestItems={hash_table: [put({"pk": S("a")}), put({"pk": S("b")})], range_table: [put({"pk": S("a"), "sk": N(1)})]},
        ReturnConsumedCapacity="TOTAL",
    )
    # Each small put is 1 WCU, rounded per request and summed per table.
    caps = {c["TableName"]: c["CapacityUnits"] for c in r["ConsumedCapacity"]}
    assert caps == {hash_table: 2.0, range_table: 1.0}


def test_batch_write_capacity(ddb, hash_table):
    # Each request is rounded up on its own: a 1.5 KB item costs 2 WCU, a tiny one 1 WCU: 3.0.
    resp = ddb.batch_write_item(
        RequestItems={hash_table: [put_pk("c1", d=S("x" * 1530)), put_pk("c2")]}, ReturnConsumedCapacity="TOTAL"
    )
    (cc,) = resp["ConsumedCapacity"]
    assert cc["TableName"] == hash_table and cc["CapacityUnits"] == 3.0


def test_transact_write_doubles(ddb, hash_table):
    r = ddb.transact_write_items(
        TransactItems=[{"Put": {"TableName": hash_table, "Item": {"pk": S("a")}}}, {"Put": {"TableName": hash_table, "Item": sized("b", 1500)}}],
        ReturnConsumedCapacity="TOTAL",
    )
    # 2 x 1 + 2 x 2 = 6 WCU
    assert r["ConsumedCapacity"][0]["TableName"] == hash_table
    assert r["ConsumedCapacity"][0]["CapacityUnits"] == 6.0


def test_transact_get_doubles(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item=sized("a", 5000))
    r = ddb.transact_get_items(
        TransactItems=[{"Get": {"TableName": hash_table, "Key": {"pk": S("a")}}}, {"Get": {"TableName": hash_table, "Key": {"pk": S("zz")}}}],
        ReturnConsumedCapacity="TOTAL",
    )
    # 5000 bytes -> 2 x 2 = 4; missing item still charged 2 x 1 = 2: 6 RCU
    assert r["ConsumedCapacity"][0]["CapacityUnits"] == 6.0


# --- INDEXES shape ----------------------------------------------------------------------------


def test_consumed_capacity_indexes(ddb, hash_table):
    resp = ddb.put_item(TableName=hash_table, Item={"pk": S("ix")}, ReturnConsumedCapacity="INDEXES")
    cc = resp["ConsumedCapacity"]
    assert cc["CapacityUnits"] == 1.0
    assert cc["Table"]["CapacityUnits"] == 1.0


@pytest.fixture
def gsi_table(make_table):
    return make_table(
        extra_attrs=[("g", "S")],
        GlobalSecondaryIndexes=[{"IndexName": "byg", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}],
    )


def test_indexes_put_new_item_with_index_key(ddb, gsi_table):
    r = ddb.put_item(TableName=gsi_table, Item={"pk": S("a"), "g": S("x")}, ReturnConsumedCapacity="INDEXES")
    cc = r["ConsumedCapacity"]
    # table: 1 WCU; index entry added: 1 WCU; total 2
    assert cc["TableName"] == gsi_table
    assert cc["Table"]["CapacityUnits"] == 1.0
    assert cc["GlobalSecondaryIndexes"] == {"byg": {"CapacityUnits": 1.0}} or cc["GlobalSecondaryIndexes"]["byg"]["CapacityUnits"] == 1.0
    assert cc["CapacityUnits"] == 2.0


def test_indexes_key_change_costs_two_index_writes(ddb, gsi_table):
    ddb.put_item(TableName=gsi_table, Item={"pk": S("a"), "g": S("x")})
    r = ddb.update_item(TableName=gsi_table, Key={"pk": S("a")}, UpdateExpression="SET g = :g",
                        ExpressionAttributeValues={":g": S("y")}, ReturnConsumedCapacity="INDEXES")
    cc = r["ConsumedCapacity"]
    # table 1; index: delete old entry 1 + put new entry 1 = 2; total 3
    assert cc["Table"]["CapacityUnits"] == 1.0
    assert cc["GlobalSecondaryIndexes"]["byg"]["CapacityUnits"] == 2.0
    assert cc["CapacityUnits"] == 3.0


def test_indexes_sparse_item_no_index_cost(ddb, gsi_table):
    r = ddb.put_item(TableName=gsi_table, Item={"pk": S("a"), "other": S("x")}, ReturnConsumedCapacity="INDEXES")
    cc = r["ConsumedCapacity"]
    assert cc["CapacityUnits"] == 1.0
    assert cc.get("GlobalSecondaryIndexes", {}).get("byg", {"CapacityUnits": 0.0})["CapacityUnits"] == 0.0


def test_indexes_delete_removes_entry(ddb, gsi_table):
    ddb.put_item(TableName=gsi_table, Item={"pk": S("a"), "g": S("x")})
    cc = ddb.delete_item(TableName=gsi_table, Key={"pk": S("a")}, ReturnConsumedCapacity="INDEXES")["ConsumedCapacity"]
    # table 1 + index entry removed 1 = 2
    assert cc["CapacityUnits"] == 2.0
    assert cc["GlobalSecondaryIndexes"]["byg"]["CapacityUnits"] == 1.0


def test_total_shape_sums_index_writes(ddb, gsi_table):
    r = ddb.put_item(TableName=gsi_table, Item={"pk": S("a"), "g": S("x")}, ReturnConsumedCapacity="TOTAL")
    assert r["ConsumedCapacity"]["CapacityUnits"] == 2.0
    assert "GlobalSecondaryIndexes" not in r["ConsumedCapacity"]


def test_indexes_query_on_gsi(ddb, gsi_table):
    ddb.put_item(TableName=gsi_table, Item={"pk": S("a"), "g": S("x")})
    r = ddb.query(TableName=gsi_table, IndexName="byg", KeyConditionExpression="g = :g",
                  ExpressionAttributeValues={":g": S("x")}, ReturnConsumedCapacity="INDEXES")
    cc = r["ConsumedCapacity"]
    # one small entry, eventually consistent: 0.5 RCU charged to the index
    assert cc["CapacityUnits"] == 0.5
    assert cc["GlobalSecondaryIndexes"]["byg"]["CapacityUnits"] == 0.5


def test_indexes_lsi_arm(ddb, make_table):
    t = make_table(
        [("pk", "S", "HASH"), ("sk", "S", "RANGE")],
        extra_attrs=[("l", "S")],
        LocalSecondaryIndexes=[{"IndexName": "byl", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}],
    )
    cc = ddb.put_item(TableName=t, Item={"pk": S("a"), "sk": S("1"), "l": S("x")}, ReturnConsumedCapacity="INDEXES")["ConsumedCapacity"]
    # table 1 + LSI entry 1 = 2
    assert cc["Table"]["CapacityUnits"] == 1.0
    assert cc["LocalSecondaryIndexes"]["byl"]["CapacityUnits"] == 1.0
    assert cc["CapacityUnits"] == 2.0


def test_indexes_get_has_table_arm(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("a")})
    cc = ddb.get_item(TableName=hash_table, Key={"pk": S("a")}, ReturnConsumedCapacity="INDEXES")["ConsumedCapacity"]
    assert cc["CapacityUnits"] == 0.5
    assert cc["Table"]["CapacityUnits"] == 0.5


def test_write_capacity_with_indexes(ddb, messages):
    # A new message with a user: table 1 WCU, by-user gets one new entry (1), by-score one (1).
    out = ddb.put_item(TableName=messages, Item={"pk": {"S": "MSG#g2"}, "sk": {"S": "a"}, "user": {"S": "bo"}, "score": {"N": "1"}},
                       ReturnConsumedCapacity="INDEXES")
    cc = out["ConsumedCapacity"]
    assert cc["CapacityUnits"] == 3.0
    assert cc["Table"]["CapacityUnits"] == 1.0
    assert cc["GlobalSecondaryIndexes"]["by-user"]["CapacityUnits"] == 1.0
    assert cc["LocalSecondaryIndexes"]["by-score"]["CapacityUnits"] == 1.0
