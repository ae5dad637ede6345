"""BatchGetItem and BatchWriteItem: limits, duplicates, validation before any write,
UnprocessedKeys (docs/research/dynamodb-messages.md §6.2, §6.3). (ConsumedCapacity:
test_capacity.py.)"""

import pytest

from expect import (
    N,
    NOT_FOUND,
    S,
    error,
    error_of,
    expect_error,
    expect_error_contains,
    expect_validation,
    uid,
    validation,
)


def put(item):
    return {"PutRequest": {"Item": item}}


def delete(key):
    return {"DeleteRequest": {"Key": key}}


def put_pk(pk, **attrs):
    return {"PutRequest": {"Item": {"pk": S(pk), **attrs}}}


def delete_pk(pk):
    return {"DeleteRequest": {"Key": {"pk": S(pk)}}}


def keys_in(ddb, table):
    return sorted(i["pk"]["S"] for i in ddb.scan(TableName=table)["Items"])


# --- BatchWriteItem ------------------------------------------------------------------------


def test_write_and_get_two_tables(ddb, hash_table, range_table):
    r = ddb.batch_write_item(
        RequestItems={
            hash_table: [put({"pk": S("a"), "v": N(1)}), put({"pk": S("b")})],
            range_table: [put({"pk": S("a"), "sk": N(1)})],
        }
    )
    assert r["UnprocessedItems"] == {}
    got = ddb.batch_get_item(
        RequestItems={
            hash_table: {"Keys": [{"pk": S("a")}, {"pk": S("b")}, {"pk": S("missing")}]},
            range_table: {"Keys": [{"pk": S("a"), "sk": N(1)}]},
        }
    )
    assert got["UnprocessedKeys"] == {}
    assert sorted(i["pk"]["S"] for i in got["Responses"][hash_table]) == ["a", "b"]
    assert got["Responses"][range_table] == [{"pk": S("a"), "sk": N(1)}]


def test_batch_write_and_get(ddb, hash_table):
    resp = ddb.batch_write_item(RequestItems={hash_table: [put_pk(f"b{i}", v=N(i)) for i in range(25)]})
    assert resp["UnprocessedItems"] == {}
    resp = ddb.batch_get_item(RequestItems={hash_table: {"Keys": [{"pk": S(f"b{i}")} for i in range(25)]}})
    assert resp["UnprocessedKeys"] == {}
    got = sorted(int(i["v"]["N"]) for i in resp["Responses"][hash_table])
    assert got == list(range(25))


def test_write_delete(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("d")})
    ddb.batch_write_item(RequestItems={hash_table: [delete({"pk": S("d")}), put({"pk": S("e")})]})
    assert "Item" not in ddb.get_item(TableName=hash_table, Key={"pk": S("d")})
    assert "Item" in ddb.get_item(TableName=hash_table, Key={"pk": S("e")})


def test_batch_write_deletes(ddb, hash_table):
    for i in range(3):
        ddb.put_item(TableName=hash_table, Item={"pk": S(f"d{i}")})
    resp = ddb.batch_write_item(RequestItems={hash_table: [delete_pk("d0"), delete_pk("d1"), put_pk("d3")]})
    assert resp["UnprocessedItems"] == {}
    assert keys_in(ddb, hash_table) == ["d2", "d3"]


def test_write_25_ok(ddb, hash_table):
    ddb.batch_write_item(RequestItems={hash_table: [put({"pk": S(f"i{i}")}) for i in range(25)]})
    assert ddb.scan(TableName=hash_table, Select="COUNT")["Count"] == 25


def test_write_26_rejected(ddb, hash_table):
    # [AWS] framework map-value constraint.
    with validation(contains=["at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]"]):
        ddb.batch_write_item(RequestItems={hash_table: [put({"pk": S(f"i{i}")}) for i in range(26)]})
    assert ddb.scan(TableName=hash_table, Select="COUNT")["Count"] == 0


def test_write_more_than_25_across_tables(ddb, hash_table, make_table):
    other = make_table()
    with validation(contains="Too many items requested for the BatchWriteItem call"):
        ddb.batch_write_item(
            RequestItems={
                hash_table: [put({"pk": S(f"i{i}")}) for i in range(13)],
                other: [put({"pk": S(f"i{i}")}) for i in range(13)],
            }
        )


def test_write_empty_request_items(ddb):
    with validation(contains="The requestItems parameter is required for BatchWriteItem"):
        ddb.batch_write_item(RequestItems={})


def test_write_empty_list_for_table(ddb, hash_table):
    with validation(contains="Member must have length greater than or equal to 1"):
        ddb.batch_write_item(RequestItems={hash_table: []})


def test_batch_write_duplicate_puts(ddb, hash_table):
    expect_validation(
        "Provided list of item keys contains duplicates",
        ddb.batch_write_item,
        RequestItems={hash_table: [put_pk("dup"), put_pk("dup", v=N(1))]},
    )


def test_batch_write_put_and_delete_same_key(ddb, hash_table):
    expect_validation(
        "Provided list of item keys contains duplicates",
        ddb.batch_write_item,
        RequestItems={hash_table: [put_pk("dup"), delete_pk("dup")]},
    )


@pytest.mark.parametrize(
    "reqs",
    [
        [delete({"pk": S("x")}), delete({"pk": S("x")})],
    ],
    ids=["delete-delete"],
)
def test_write_duplicate_deletes(ddb, hash_table, reqs):
    with validation(contains="Provided list of item keys contains duplicates"):
        ddb.batch_write_item(RequestItems={hash_table: reqs})


def test_write_put_missing_key(ddb, hash_table):
    # [AWS] the batch path reports the schema mismatch, not PutItem's "Missing the key".
    with validation(contains="The provided key element does not match the schema"):
        ddb.batch_write_item(RequestItems={hash_table: [put({"other": S("x")})]})


def test_batch_write_validates_before_writing(ddb, hash_table):
    expect_validation(
        "The provided key element does not match the schema",
        ddb.batch_write_item,
        RequestItems={hash_table: [put_pk("good"), {"PutRequest": {"Item": {"pk": N(1)}}}]},
    )
    assert "Item" not in ddb.get_item(TableName=hash_table, Key={"pk": S("good")})


def test_batch_write_validates_every_key_before_writing(ddb, messages):
    reqs = [{"PutRequest": {"Item": {"pk": {"S": "v"}, "sk": {"S": "1"}}}},
            {"PutRequest": {"Item": {"pk": {"S": "v"}}}}]
    expect_error("ValidationException", "The provided key element does not match the schema",
                 ddb.batch_write_item, RequestItems={messages: reqs})
    assert "Item" not in ddb.get_item(TableName=messages, Key={"pk": {"S": "v"}, "sk": {"S": "1"}})


def test_write_all_validated_before_any_written(ddb, hash_table):
    with validation():
        ddb.batch_write_item(RequestItems={hash_table: [put({"pk": S("good")}), put({"pk": S("bad"), "s": {"SS": []}})]})
    assert "Item" not in ddb.get_item(TableName=hash_table, Key={"pk": S("good")})


def test_batch_write_with_a_mistyped_index_key_writes_nothing(ddb, messages):
    puts = [{"PutRequest": {"Item": {"pk": {"S": "bw"}, "sk": {"S": str(i)}, "user": user}}}
            for i, user in enumerate([{"S": "ok"}, {"N": "3"}, {"S": "ok"}])]
    expect_error_contains("ValidationException", "Type mismatch for Index Key user", ddb.batch_write_item,
                          RequestItems={messages: puts})
    out = ddb.query(TableName=messages, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "bw"}})
    assert out["Count"] == 0


def test_batch_write_item_too_large(ddb, hash_table):
    expect_validation(
        "Item size has exceeded the maximum allowed size",
        ddb.batch_write_item,
        RequestItems={hash_table: [put_pk("ok"), put_pk("big", d=S("x" * 409600))]},
    )
    assert "Item" not in ddb.get_item(TableName=hash_table, Key={"pk": S("ok")})


def test_write_missing_table(ddb):
    with error(NOT_FOUND, contains="Requested resource not found"):
        ddb.batch_write_item(RequestItems={"nope-" + uid(): [put({"pk": S("x")})]})


def test_write_request_with_both_put_and_delete(ddb, hash_table):
    with validation():
        ddb.batch_write_item(RequestItems={hash_table: [{"PutRequest": {"Item": {"pk": S("a")}}, "DeleteRequest": {"Key": {"pk": S("a")}}}]})


# --- BatchGetItem --------------------------------------------------------------------------


def test_batch_get_missing_keys_omitted(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("here")})
    resp = ddb.batch_get_item(RequestItems={hash_table: {"Keys": [{"pk": S("here")}, {"pk": S("absent")}]}})
    assert resp["Responses"][hash_table] == [{"pk": S("here")}]


def test_batch_get_two_tables(ddb, make_table):
    t1 = make_table([("pk", "S", "HASH")])
    t2 = make_table([("pk", "S", "HASH")])
    ddb.put_item(TableName=t1, Item={"pk": S("x"), "from": S("t1")})
    ddb.put_item(TableName=t2, Item={"pk": S("x"), "from": S("t2")})
    resp = ddb.batch_get_item(RequestItems={t1: {"Keys": [{"pk": S("x")}]}, t2: {"Keys": [{"pk": S("x")}]}})
    assert resp["Responses"][t1][0]["from"] == S("t1")
    assert resp["Responses"][t2][0]["from"] == S("t2")


def test_batch_get(ddb, messages):
    keys = [{"pk": {"S": "MSG#g1"}, "sk": {"S": f"2024-01-01T00:{i:02}:00"}} for i in range(5)]
    out = ddb.batch_get_item(RequestItems={messages: {"Keys": keys + [{"pk": {"S": "none"}, "sk": {"S": "x"}}],
                                                      "ProjectionExpression": "score"}})
    assert len(out["Responses"][messages]) == 5 and out["UnprocessedKeys"] == {}


def test_get_100_keys_ok(ddb, hash_table):
    keys = [{"pk": S(f"k{i}")} for i in range(100)]
    r = ddb.batch_get_item(RequestItems={hash_table: {"Keys": keys}})
    assert r["Responses"][hash_table] == [] and r["UnprocessedKeys"] == {}


def test_get_101_keys_one_table(ddb, hash_table):
    keys = [{"pk": S(f"k{i}")} for i in range(101)]
    with validation(contains="Member must have length less than or equal to 100"):
        ddb.batch_get_item(RequestItems={hash_table: {"Keys": keys}})


def test_get_keys_out_of_bounds_named_without_the_list(ddb, hash_table):
    """paritysuite/dynamodb-conformance tests/tier3/error-messages/batchGetItem, AWS 2026: a
    table's Keys outside 1..100 is named by its member path, not echoed."""
    for keys, bound in (([], "greater than or equal to 1"), ([{"pk": S(f"k{i}")} for i in range(101)],
                                                             "less than or equal to 100")):
        expect_error(
            "ValidationException",
            f"1 validation error detected: Value at 'RequestItems.{hash_table}.member.Keys' failed to satisfy "
            f"constraint: Member must have length {bound}",
            ddb.batch_get_item, RequestItems={hash_table: {"Keys": keys}},
        )


BAD_NAME_CONSTRAINT = (
    "Map keys must satisfy constraint: [Member must have length less than or equal to 255, Member must have "
    "length greater than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]"
)
RCC_BOGUS = ("Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy "
             "enum value set: [INDEXES, TOTAL, NONE]")


def test_get_malformed_table_name_echoes_the_map_as_json(ddb):
    """paritysuite/dynamodb-conformance tests/tier3/error-messages/batchGetItem and
    validation-ordering/batchOperations, AWS us-east-1 and eu-west-2 2026-10-09: the map is
    echoed as JSON, and listed with a bad ReturnConsumedCapacity."""
    echoed = ("Value '{\"bad!name\":{\"Keys\":[{\"pk\":{\"S\":\"a\"}}]}}' at 'requestItems' "
              "failed to satisfy constraint: " + BAD_NAME_CONSTRAINT)
    items = {"bad!name": {"Keys": [{"pk": S("a")}]}}
    expect_error("ValidationException", "1 validation error detected: " + echoed,
                 ddb.batch_get_item, RequestItems=items)
    expect_error("ValidationException", f"2 validation errors detected: {echoed}; {RCC_BOGUS}",
                 ddb.batch_get_item, RequestItems=items, ReturnConsumedCapacity="BOGUS")


def test_write_malformed_table_name_gives_way_to_a_bad_enum(ddb):
    """paritysuite/dynamodb-conformance tests/tier3/validation-ordering/batchOperations, AWS
    us-east-1 and eu-west-2 2026-10-09: BatchWriteItem reports the enum alone."""
    items = {"bad!name": [put({"pk": S("a")})]}
    expect_error("ValidationException", "1 validation error detected: " + RCC_BOGUS,
                 ddb.batch_write_item, RequestItems=items, ReturnConsumedCapacity="BOGUS")
    with validation(contains=["at 'requestItems'", BAD_NAME_CONSTRAINT]):
        ddb.batch_write_item(RequestItems=items)


def test_get_projection_expression_beside_attributes_to_get_on_another_table(ddb, hash_table, make_table):
    """paritysuite/dynamodb-conformance tests/tier3/error-messages/batchGetItem, AWS 2026: each
    entry is consistent on its own, but the request mixes the two kinds and is refused."""
    other = make_table()
    expect_error(
        "ValidationException",
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}",
        ddb.batch_get_item,
        RequestItems={hash_table: {"Keys": [{"pk": S("a")}], "ProjectionExpression": "pk"},
                      other: {"Keys": [{"pk": S("b")}], "AttributesToGet": ["pk"]}},
    )


def test_get_more_than_100_keys_total(ddb, hash_table, make_table):
    other = make_table()
    with validation(contains="Too many items requested for the BatchGetItem call"):
        ddb.batch_get_item(
            RequestItems={
                hash_table: {"Keys": [{"pk": S(f"k{i}")} for i in range(60)]},
                other: {"Keys": [{"pk": S(f"k{i}")} for i in range(60)]},
            }
        )


def test_batch_get_duplicates(ddb, messages):
    k = {"pk": {"S": "MSG#g1"}, "sk": {"S": "x"}}
    expect_error("ValidationException", "Provided list of item keys contains duplicates",
                 ddb.batch_get_item, RequestItems={messages: {"Keys": [k, k]}})


def test_batch_get_key_mismatch(ddb, hash_table):
    expect_validation(
        "The provided key element does not match the schema",
        ddb.batch_get_item,
        RequestItems={hash_table: {"Keys": [{"pk": N(1)}]}},
    )


def test_get_empty_request_items(ddb):
    # us-east-1's answer (2026-08-17 capture); 11 of 33 regions answer the generic constraint
    # "Value at 'RequestItems' ... length greater than or equal to 1" instead.
    # The newer generic wording (region by region in 2026; paritysuite error-messages batchGetItem).
    with validation(exact="1 validation error detected: Value at 'RequestItems' failed to satisfy constraint: "
                          "Member must have length greater than or equal to 1"):
        ddb.batch_get_item(RequestItems={})


def test_batch_get_missing_table(ddb):
    code, message, _ = error_of(ddb.batch_get_item, RequestItems={"no-such-batch-table": {"Keys": [{"pk": S("a")}]}})
    assert (code, message) == ("ResourceNotFoundException", "Requested resource not found")


def test_get_projection(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("a"), "x": N(1), "y": N(2)})
    r = ddb.batch_get_item(RequestItems={hash_table: {"Keys": [{"pk": S("a")}], "ProjectionExpression": "y"}})
    assert r["Responses"][hash_table] == [{"y": N(2)}]


def test_get_attributes_to_get(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("a"), "x": N(1), "y": N(2)})
    r = ddb.batch_get_item(RequestItems={hash_table: {"Keys": [{"pk": S("a")}], "AttributesToGet": ["x"]}})
    assert r["Responses"][hash_table] == [{"x": N(1)}]


def test_get_16mb_cap_returns_unprocessed_keys(ddb, hash_table):
    # 50 items of ~390 KB = ~19 MB: more than one 16 MB response can hold.
    blob = "z" * 390_000
    for start in range(0, 50, 25):
        ddb.batch_write_item(RequestItems={hash_table: [put({"pk": S(f"b{i}"), "d": S(blob)}) for i in range(start, start + 25)]})
    keys = [{"pk": S(f"b{i}")} for i in range(50)]
    r = ddb.batch_get_item(RequestItems={hash_table: {"Keys": keys}})
    got = {i["pk"]["S"] for i in r["Responses"][hash_table]}
    unprocessed = r["UnprocessedKeys"][hash_table]["Keys"]
    assert 0 < len(got) < 50
    assert len(got) + len(unprocessed) == 50
    assert not got & {k["pk"]["S"] for k in unprocessed}
    r2 = ddb.batch_get_item(RequestItems=r["UnprocessedKeys"])
    assert len(r2["Responses"][hash_table]) + len(got) == 50 or r2["UnprocessedKeys"]
