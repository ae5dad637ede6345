"""BatchGetItem and BatchWriteItem: limits, duplicates, validation before writing, results."""

import pytest

from .util import N, S, error_of, expect_validation, expect_validation_contains


def put(pk, **attrs):
    return {"PutRequest": {"Item": {"pk": S(pk), **attrs}}}


def delete(pk):
    return {"DeleteRequest": {"Key": {"pk": S(pk)}}}


def test_batch_write_and_get(ddb, hash_table):
    resp = ddb.batch_write_item(RequestItems={hash_table: [put(f"b{i}", v=N(i)) for i in range(25)]})
    assert resp["UnprocessedItems"] == {}
    resp = ddb.batch_get_item(RequestItems={hash_table: {"Keys": [{"pk": S(f"b{i}")} for i in range(25)]}})
    assert resp["UnprocessedKeys"] == {}
    got = sorted(int(i["v"]["N"]) for i in resp["Responses"][hash_table])
    assert got == list(range(25))


def test_batch_get_missing_keys_omitted(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("here")})
    resp = ddb.batch_get_item(RequestItems={hash_table: {"Keys": [{"pk": S("here")}, {"pk": S("absent")}]}})
    assert resp["Responses"][hash_table] == [{"pk": S("here")}]


def test_batch_get_projection(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("p"), "a": N(1), "b": N(2)})
    resp = ddb.batch_get_item(RequestItems={hash_table: {"Keys": [{"pk": S("p")}], "ProjectionExpression": "b"}})
    assert resp["Responses"][hash_table] == [{"b": N(2)}]


def test_batch_get_two_tables(ddb, make_table):
    t1 = make_table([("pk", "S", "HASH")])
    t2 = make_table([("pk", "S", "HASH")])
    ddb.put_item(TableName=t1, Item={"pk": S("x"), "from": S("t1")})
    ddb.put_item(TableName=t2, Item={"pk": S("x"), "from": S("t2")})
    resp = ddb.batch_get_item(RequestItems={t1: {"Keys": [{"pk": S("x")}]}, t2: {"Keys": [{"pk": S("x")}]}})
    assert resp["Responses"][t1][0]["from"] == S("t1")
    assert resp["Responses"][t2][0]["from"] == S("t2")


def test_batch_get_100_keys_allowed(ddb, hash_table):
    resp = ddb.batch_get_item(RequestItems={hash_table: {"Keys": [{"pk": S(f"k{i}")} for i in range(100)]}})
    assert resp["Responses"][hash_table] == [] and resp["UnprocessedKeys"] == {}


def test_batch_get_101_keys(ddb, hash_table):
    msg = expect_validation_contains(
        "", ddb.batch_get_item, RequestItems={hash_table: {"Keys": [{"pk": S(f"k{i}")} for i in range(101)]}}
    )
    assert "Member must have length less than or equal to 100" in msg or "Too many items requested for the BatchGetItem call" in msg, msg


def test_batch_get_duplicate_keys(ddb, hash_table):
    expect_validation(
        "Provided list of item keys contains duplicates",
        ddb.batch_get_item,
        RequestItems={hash_table: {"Keys": [{"pk": S("d")}, {"pk": S("d")}]}},
    )


def test_batch_get_key_mismatch(ddb, hash_table):
    expect_validation(
        "The provided key element does not match the schema",
        ddb.batch_get_item,
        RequestItems={hash_table: {"Keys": [{"pk": N(1)}]}},
    )


def test_batch_get_empty(ddb):
    expect_validation_contains("Member must have length greater than or equal to 1", ddb.batch_get_item, RequestItems={})


def test_batch_get_missing_table(ddb):
    code, message, _ = error_of(ddb.batch_get_item, RequestItems={"no-such-batch-table": {"Keys": [{"pk": S("a")}]}})
    assert (code, message) == ("ResourceNotFoundException", "Requested resource not found")


def test_batch_write_26(ddb, hash_table):
    expect_validation_contains(
        "Member must have length less than or equal to 25",
        ddb.batch_write_item,
        RequestItems={hash_table: [put(f"w{i}") for i in range(26)]},
    )


def test_batch_write_duplicate_puts(ddb, hash_table):
    expect_validation(
        "Provided list of item keys contains duplicates",
        ddb.batch_write_item,
        RequestItems={hash_table: [put("dup"), put("dup", v=N(1))]},
    )


def test_batch_write_put_and_delete_same_key(ddb, hash_table):
    expect_validation(
        "Provided list of item keys contains duplicates",
        ddb.batch_write_item,
        RequestItems={hash_table: [put("dup"), delete("dup")]},
    )


def test_batch_write_validates_before_writing(ddb, hash_table):
    expect_validation(
        "The provided key element does not match the schema",
        ddb.batch_write_item,
        RequestItems={hash_table: [put("good"), {"PutRequest": {"Item": {"pk": N(1)}}}]},
    )
    assert "Item" not in ddb.get_item(TableName=hash_table, Key={"pk": S("good")})


def test_batch_write_item_too_large(ddb, hash_table):
    expect_validation(
        "Item size has exceeded the maximum allowed size",
        ddb.batch_write_item,
        RequestItems={hash_table: [put("ok"), put("big", d=S("x" * 409600))]},
    )
    assert "Item" not in ddb.get_item(TableName=hash_table, Key={"pk": S("ok")})


def test_batch_write_deletes(ddb, hash_table):
    for i in range(3):
        ddb.put_item(TableName=hash_table, Item={"pk": S(f"d{i}")})
    resp = ddb.batch_write_item(RequestItems={hash_table: [delete("d0"), delete("d1"), put("d3")]})
    assert resp["UnprocessedItems"] == {}
    assert keys_in(ddb, hash_table) == ["d2", "d3"]


def keys_in(ddb, table):
    return sorted(i["pk"]["S"] for i in ddb.scan(TableName=table)["Items"])


def test_batch_write_empty(ddb):
    code, message, _ = error_of(ddb.batch_write_item, RequestItems={})
    assert code == "ValidationException"
    assert "The requestItems parameter is required for BatchWriteItem" in message or "greater than or equal to 1" in message, message


def test_batch_write_capacity(ddb, hash_table):
    # Each request is rounded up on its own: a 1.5 KB item costs 2 WCU, a tiny one 1 WCU: 3.0.
    resp = ddb.batch_write_item(
        RequestItems={hash_table: [put("c1", d=S("x" * 1530)), put("c2")]}, ReturnConsumedCapacity="TOTAL"
    )
    (cc,) = resp["ConsumedCapacity"]
    assert cc["TableName"] == hash_table and cc["CapacityUnits"] == 3.0


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
