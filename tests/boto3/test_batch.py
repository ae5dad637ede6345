"""BatchGetItem and BatchWriteItem: limits, duplicates, validation, Unprocessed* (§6.2, §6.3)."""

import pytest

from b3util import NOT_FOUND, error, validation, uid


def S(x):
    return {"S": x}


def N(x):
    return {"N": str(x)}


def put(item):
    return {"PutRequest": {"Item": item}}


def delete(key):
    return {"DeleteRequest": {"Key": key}}


# --- BatchWriteItem ------------------------------------------------------------------------


def test_write_and_get_two_tables(ddb, table, table2):
    r = ddb.batch_write_item(
        RequestItems={
            table: [put({"pk": S("a"), "v": N(1)}), put({"pk": S("b")})],
            table2: [put({"pk": S("a"), "sk": N(1)})],
        }
    )
    assert r["UnprocessedItems"] == {}
    got = ddb.batch_get_item(
        RequestItems={
            table: {"Keys": [{"pk": S("a")}, {"pk": S("b")}, {"pk": S("missing")}]},
            table2: {"Keys": [{"pk": S("a"), "sk": N(1)}]},
        }
    )
    assert got["UnprocessedKeys"] == {}
    assert sorted(i["pk"]["S"] for i in got["Responses"][table]) == ["a", "b"]
    assert got["Responses"][table2] == [{"pk": S("a"), "sk": N(1)}]


def test_write_delete(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": S("d")})
    ddb.batch_write_item(RequestItems={table: [delete({"pk": S("d")}), put({"pk": S("e")})]})
    assert "Item" not in ddb.get_item(TableName=table, Key={"pk": S("d")})
    assert "Item" in ddb.get_item(TableName=table, Key={"pk": S("e")})


def test_write_25_ok(ddb, table):
    ddb.batch_write_item(RequestItems={table: [put({"pk": S(f"i{i}")}) for i in range(25)]})
    assert ddb.scan(TableName=table, Select="COUNT")["Count"] == 25


def test_write_26_rejected(ddb, table):
    # [AWS] framework map-value constraint.
    with validation(contains=["at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]"]):
        ddb.batch_write_item(RequestItems={table: [put({"pk": S(f"i{i}")}) for i in range(26)]})
    assert ddb.scan(TableName=table, Select="COUNT")["Count"] == 0


def test_write_more_than_25_across_tables(ddb, table, make_table):
    other = make_table()
    with validation(contains="Too many items requested for the BatchWriteItem call"):
        ddb.batch_write_item(
            RequestItems={
                table: [put({"pk": S(f"i{i}")}) for i in range(13)],
                other: [put({"pk": S(f"i{i}")}) for i in range(13)],
            }
        )


def test_write_empty_request_items(ddb):
    with validation(contains="The requestItems parameter is required for BatchWriteItem"):
        ddb.batch_write_item(RequestItems={})


def test_write_empty_list_for_table(ddb, table):
    with validation(contains="Member must have length greater than or equal to 1"):
        ddb.batch_write_item(RequestItems={table: []})


@pytest.mark.parametrize(
    "reqs",
    [
        [put({"pk": S("x")}), put({"pk": S("x"), "v": N(1)})],
        [put({"pk": S("x")}), delete({"pk": S("x")})],
        [delete({"pk": S("x")}), delete({"pk": S("x")})],
    ],
    ids=["put-put", "put-delete", "delete-delete"],
)
def test_write_duplicate_keys(ddb, table, reqs):
    with validation(contains="Provided list of item keys contains duplicates"):
        ddb.batch_write_item(RequestItems={table: reqs})


def test_write_put_missing_key(ddb, table):
    # [AWS] the batch path reports the schema mismatch, not PutItem's "Missing the key".
    with validation(contains="The provided key element does not match the schema"):
        ddb.batch_write_item(RequestItems={table: [put({"other": S("x")})]})


def test_write_put_wrong_key_type(ddb, table):
    with validation(contains="The provided key element does not match the schema"):
        ddb.batch_write_item(RequestItems={table: [put({"pk": N(1)})]})


def test_write_all_validated_before_any_written(ddb, table):
    with validation():
        ddb.batch_write_item(RequestItems={table: [put({"pk": S("good")}), put({"pk": S("bad"), "s": {"SS": []}})]})
    assert "Item" not in ddb.get_item(TableName=table, Key={"pk": S("good")})


def test_write_item_too_large(ddb, table):
    with validation(contains="Item size has exceeded the maximum allowed size"):
        ddb.batch_write_item(RequestItems={table: [put({"pk": S("big"), "d": S("x" * 409600)})]})


def test_write_missing_table(ddb):
    with error(NOT_FOUND, contains="Requested resource not found"):
        ddb.batch_write_item(RequestItems={"nope-" + uid(): [put({"pk": S("x")})]})


def test_write_request_with_both_put_and_delete(ddb, table):
    with validation():
        ddb.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": {"pk": S("a")}}, "DeleteRequest": {"Key": {"pk": S("a")}}}]})


def test_write_consumed_capacity(ddb, table, table2):
    r = ddb.batch_write_item(
        RequestItems={table: [put({"pk": S("a")}), put({"pk": S("b")})], table2: [put({"pk": S("a"), "sk": N(1)})]},
        ReturnConsumedCapacity="TOTAL",
    )
    # Each small put is 1 WCU, rounded per request and summed per table.
    caps = {c["TableName"]: c["CapacityUnits"] for c in r["ConsumedCapacity"]}
    assert caps == {table: 2.0, table2: 1.0}


# --- BatchGetItem --------------------------------------------------------------------------


def test_get_100_keys_ok(ddb, table):
    keys = [{"pk": S(f"k{i}")} for i in range(100)]
    r = ddb.batch_get_item(RequestItems={table: {"Keys": keys}})
    assert r["Responses"][table] == [] and r["UnprocessedKeys"] == {}


def test_get_101_keys_one_table(ddb, table):
    keys = [{"pk": S(f"k{i}")} for i in range(101)]
    with validation(contains="Member must have length less than or equal to 100"):
        ddb.batch_get_item(RequestItems={table: {"Keys": keys}})


def test_get_more_than_100_keys_total(ddb, table, make_table):
    other = make_table()
    with validation(contains="Too many items requested for the BatchGetItem call"):
        ddb.batch_get_item(
            RequestItems={
                table: {"Keys": [{"pk": S(f"k{i}")} for i in range(60)]},
                other: {"Keys": [{"pk": S(f"k{i}")} for i in range(60)]},
            }
        )


def test_get_duplicate_keys(ddb, table):
    with validation(contains="Provided list of item keys contains duplicates"):
        ddb.batch_get_item(RequestItems={table: {"Keys": [{"pk": S("a")}, {"pk": S("a")}]}})


def test_get_key_mismatch(ddb, table):
    with validation(contains="The provided key element does not match the schema"):
        ddb.batch_get_item(RequestItems={table: {"Keys": [{"pk": N(1)}]}})


def test_get_empty_request_items(ddb):
    with validation(contains="Member must have length greater than or equal to 1"):
        ddb.batch_get_item(RequestItems={})


def test_get_missing_table(ddb):
    with error(NOT_FOUND, contains="Requested resource not found"):
        ddb.batch_get_item(RequestItems={"nope-" + uid(): {"Keys": [{"pk": S("a")}]}})


def test_get_projection(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": S("a"), "x": N(1), "y": N(2)})
    r = ddb.batch_get_item(RequestItems={table: {"Keys": [{"pk": S("a")}], "ProjectionExpression": "y"}})
    assert r["Responses"][table] == [{"y": N(2)}]


def test_get_attributes_to_get(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": S("a"), "x": N(1), "y": N(2)})
    r = ddb.batch_get_item(RequestItems={table: {"Keys": [{"pk": S("a")}], "AttributesToGet": ["x"]}})
    assert r["Responses"][table] == [{"x": N(1)}]


def test_get_consumed_capacity(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": S("a")})
    r = ddb.batch_get_item(
        RequestItems={table: {"Keys": [{"pk": S("a")}, {"pk": S("b")}], "ConsistentRead": True}},
        ReturnConsumedCapacity="TOTAL",
    )
    # Each key is rounded up to 4 KB on its own and charged even when missing: 1 + 1 strongly consistent.
    assert r["ConsumedCapacity"] == [{"TableName": table, "CapacityUnits": 2.0}] or (
        r["ConsumedCapacity"][0]["TableName"] == table and r["ConsumedCapacity"][0]["CapacityUnits"] == 2.0
    )


def test_get_16mb_cap_returns_unprocessed_keys(ddb, table):
    # 50 items of ~390 KB = ~19 MB: more than one 16 MB response can hold.
    blob = "z" * 390_000
    for start in range(0, 50, 25):
        ddb.batch_write_item(RequestItems={table: [put({"pk": S(f"b{i}"), "d": S(blob)}) for i in range(start, start + 25)]})
    keys = [{"pk": S(f"b{i}")} for i in range(50)]
    r = ddb.batch_get_item(RequestItems={table: {"Keys": keys}})
    got = {i["pk"]["S"] for i in r["Responses"][table]}
    unprocessed = r["UnprocessedKeys"][table]["Keys"]
    assert 0 < len(got) < 50
    assert len(got) + len(unprocessed) == 50
    assert not got & {k["pk"]["S"] for k in unprocessed}
    r2 = ddb.batch_get_item(RequestItems=r["UnprocessedKeys"])
    assert len(r2["Responses"][table]) + len(got) == 50 or r2["UnprocessedKeys"]
