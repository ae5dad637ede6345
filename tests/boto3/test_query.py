"""Query: key conditions, order, Limit, pagination, filters, Select, and errors (§5.6, §6.1)."""

import pytest

from b3util import NOT_FOUND, error, validation, uid


def N(x):
    return {"N": str(x)}


def S(x):
    return {"S": x}


@pytest.fixture
def rows(ddb, table2):
    # pk "h": sk 1..10, pk "other": sk 1..3
    for i in range(1, 11):
        ddb.put_item(TableName=table2, Item={"pk": S("h"), "sk": N(i), "v": N(i % 3), "s": S(f"val{i}")})
    for i in range(1, 4):
        ddb.put_item(TableName=table2, Item={"pk": S("other"), "sk": N(i)})
    return table2


def q(ddb, table, kce, values, **kw):
    return ddb.query(TableName=table, KeyConditionExpression=kce, ExpressionAttributeValues=values, **kw)


def sks(resp):
    return [int(i["sk"]["N"]) for i in resp["Items"]]


def test_partition_only_sorted(ddb, rows):
    r = q(ddb, rows, "pk = :p", {":p": S("h")})
    assert sks(r) == list(range(1, 11))
    assert r["Count"] == 10 and r["ScannedCount"] == 10
    assert "LastEvaluatedKey" not in r


def test_descending(ddb, rows):
    assert sks(q(ddb, rows, "pk = :p", {":p": S("h")}, ScanIndexForward=False)) == list(range(10, 0, -1))


@pytest.mark.parametrize(
    "cond,vals,want",
    [
        ("sk = :a", {":a": N(3)}, [3]),
        ("sk < :a", {":a": N(3)}, [1, 2]),
        ("sk <= :a", {":a": N(3)}, [1, 2, 3]),
        ("sk > :a", {":a": N(8)}, [9, 10]),
        ("sk >= :a", {":a": N(8)}, [8, 9, 10]),
        ("sk BETWEEN :a AND :b", {":a": N(4), ":b": N(6)}, [4, 5, 6]),
        (":a >= sk", {":a": N(2)}, [1, 2]),
    ],
)
def test_sort_key_conditions(ddb, rows, cond, vals, want):
    assert sks(q(ddb, rows, "pk = :p AND " + cond, dict(vals, **{":p": S("h")}))) == want


def test_numeric_order_not_lexicographic(ddb, table2):
    for v in ["-5", "10", "9", "0.5", "100", "-10"]:
        ddb.put_item(TableName=table2, Item={"pk": S("n"), "sk": N(v)})
    r = q(ddb, table2, "pk = :p", {":p": S("n")})
    assert [i["sk"]["N"] for i in r["Items"]] == ["-10", "-5", "0.5", "9", "10", "100"]


def test_begins_with_on_string_sort_key(ddb, make_table):
    t = make_table(range=("sk", "S"))
    for s in ["a#1", "a#2", "b#1", "a", "ab"]:
        ddb.put_item(TableName=t, Item={"pk": S("x"), "sk": S(s)})
    r = q(ddb, t, "pk = :p AND begins_with(sk, :pre)", {":p": S("x"), ":pre": S("a#")})
    assert [i["sk"]["S"] for i in r["Items"]] == ["a#1", "a#2"]


def test_string_sort_key_byte_order(ddb, make_table):
    t = make_table(range=("sk", "S"))
    for s in ["b", "B", "a", "é", "Z", "aa"]:
        ddb.put_item(TableName=t, Item={"pk": S("x"), "sk": S(s)})
    got = [i["sk"]["S"] for i in q(ddb, t, "pk = :p", {":p": S("x")})["Items"]]
    assert got == sorted(["b", "B", "a", "é", "Z", "aa"], key=lambda s: s.encode())


def test_binary_sort_key_order(ddb, make_table):
    t = make_table(range=("sk", "B"))
    for b in [b"\xff", b"\x00", b"\x01\x00", b"\x01"]:
        ddb.put_item(TableName=t, Item={"pk": S("x"), "sk": {"B": b}})
    got = [i["sk"]["B"] for i in q(ddb, t, "pk = :p", {":p": S("x")})["Items"]]
    assert got == [b"\x00", b"\x01", b"\x01\x00", b"\xff"]


def test_limit_and_pagination(ddb, rows):
    seen, start = [], None
    pages = 0
    while True:
        kw = {"Limit": 3}
        if start:
            kw["ExclusiveStartKey"] = start
        r = q(ddb, rows, "pk = :p", {":p": S("h")}, **kw)
        pages += 1
        seen += sks(r)
        start = r.get("LastEvaluatedKey")
        if not start:
            break
        assert set(start) == {"pk", "sk"}
    assert seen == list(range(1, 11))
    assert pages in (4, 5)


def test_limit_counts_before_filter(ddb, rows):
    r = q(ddb, rows, "pk = :p", {":p": S("h"), ":z": N(0)}, Limit=4, FilterExpression="v = :z")
    # Items 1..4 evaluated; v = i % 3 is 0 only for 3.
    assert sks(r) == [3]
    assert r["ScannedCount"] == 4 and r["Count"] == 1
    assert r["LastEvaluatedKey"] == {"pk": S("h"), "sk": N(4)}


def test_filter_expression(ddb, rows):
    r = q(ddb, rows, "pk = :p", {":p": S("h"), ":one": N(1)}, FilterExpression="v = :one")
    assert sks(r) == [1, 4, 7, 10]
    assert r["ScannedCount"] == 10


def test_select_count(ddb, rows):
    r = q(ddb, rows, "pk = :p", {":p": S("h"), ":one": N(1)}, Select="COUNT", FilterExpression="v = :one")
    assert "Items" not in r
    assert r["Count"] == 4 and r["ScannedCount"] == 10


def test_projection(ddb, rows):
    r = q(ddb, rows, "pk = :p AND sk = :s", {":p": S("h"), ":s": N(2)}, ProjectionExpression="s")
    assert r["Items"] == [{"s": S("val2")}]


def test_select_specific_attributes(ddb, rows):
    r = q(ddb, rows, "pk = :p AND sk = :s", {":p": S("h"), ":s": N(2)}, Select="SPECIFIC_ATTRIBUTES", ProjectionExpression="v")
    assert r["Items"] == [{"v": N(2)}]


def test_exclusive_start_key_resumes(ddb, rows):
    r = q(ddb, rows, "pk = :p", {":p": S("h")}, ExclusiveStartKey={"pk": S("h"), "sk": N(7)})
    assert sks(r) == [8, 9, 10]


def test_exclusive_start_key_descending(ddb, rows):
    r = q(ddb, rows, "pk = :p", {":p": S("h")}, ExclusiveStartKey={"pk": S("h"), "sk": N(3)}, ScanIndexForward=False)
    assert sks(r) == [2, 1]


def test_empty_partition(ddb, rows):
    r = q(ddb, rows, "pk = :p", {":p": S("nobody")})
    assert r["Items"] == [] and r["Count"] == 0 and r["ScannedCount"] == 0


def test_names_in_key_condition(ddb, rows):
    r = ddb.query(
        TableName=rows, KeyConditionExpression="#k = :p AND #s > :n",
        ExpressionAttributeNames={"#k": "pk", "#s": "sk"}, ExpressionAttributeValues={":p": S("h"), ":n": N(8)},
    )
    assert sks(r) == [9, 10]


# --- errors ----------------------------------------------------------------------------------


def test_missing_table(ddb):
    with error(NOT_FOUND, exact="Requested resource not found"):
        q(ddb, "nope-" + uid(), "pk = :p", {":p": S("h")})


def test_no_key_condition(ddb, rows):
    with validation(contains="Either the KeyConditions or KeyConditionExpression parameter must be specified in the request."):
        ddb.query(TableName=rows)


def test_or_in_key_condition(ddb, rows):
    with validation(contains="Invalid operator used in KeyConditionExpression: OR"):
        q(ddb, rows, "pk = :p OR sk = :s", {":p": S("h"), ":s": N(1)})


def test_function_in_key_condition(ddb, rows):
    with validation(contains="Invalid operator used in KeyConditionExpression: attribute_exists"):
        q(ddb, rows, "pk = :p AND attribute_exists(sk)", {":p": S("h")})


def test_missing_partition_key_condition(ddb, rows):
    with validation(contains="Query condition missed key schema element: pk"):
        q(ddb, rows, "sk = :s", {":s": N(1)})


def test_non_key_attribute_in_key_condition(ddb, rows):
    with validation(contains="Query condition missed key schema element"):
        q(ddb, rows, "pk = :p AND v = :s", {":p": S("h"), ":s": N(1)})


def test_partition_key_not_equality(ddb, rows):
    with validation(contains="Query key condition not supported"):
        q(ddb, rows, "pk > :p", {":p": S("h")})


def test_two_conditions_on_sort_key(ddb, rows):
    with validation(contains="KeyConditionExpressions must only contain one condition per key"):
        q(ddb, rows, "pk = :p AND sk > :a AND sk < :b", {":p": S("h"), ":a": N(1), ":b": N(5)})


def test_begins_with_on_number_key(ddb, rows):
    with validation(contains="Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"):
        q(ddb, rows, "pk = :p AND begins_with(sk, :s)", {":p": S("h"), ":s": N(1)})


def test_key_value_type_mismatch(ddb, rows):
    with validation(contains="One or more parameter values were invalid: Condition parameter type does not match schema type"):
        q(ddb, rows, "pk = :p", {":p": N(1)})


def test_nested_key_condition(ddb, rows):
    with validation(contains="KeyConditionExpressions cannot have conditions on nested attributes"):
        q(ddb, rows, "pk.x = :p", {":p": S("h")})


def test_filter_on_key_attribute(ddb, rows):
    with validation(contains="Filter Expression can only contain non-primary key attributes: Primary key attribute: sk"):
        q(ddb, rows, "pk = :p", {":p": S("h"), ":s": N(1)}, FilterExpression="sk > :s")


def test_limit_zero(ddb, rows):
    with validation(contains="Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"):
        q(ddb, rows, "pk = :p", {":p": S("h")}, Limit=0)


def test_unknown_index(ddb, rows):
    with validation(contains="The table does not have the specified index: nosuch"):
        q(ddb, rows, "pk = :p", {":p": S("h")}, IndexName="nosuch")


def test_start_key_outside_partition(ddb, rows):
    with validation(contains="The provided starting key is outside query boundaries based on provided conditions"):
        q(ddb, rows, "pk = :p", {":p": S("h")}, ExclusiveStartKey={"pk": S("other"), "sk": N(1)})


def test_start_key_wrong_shape(ddb, rows):
    with validation(contains="The provided starting key is invalid"):
        q(ddb, rows, "pk = :p", {":p": S("h")}, ExclusiveStartKey={"pk": S("h")})


def test_select_all_projected_without_index(ddb, rows):
    with validation(contains="ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"):
        q(ddb, rows, "pk = :p", {":p": S("h")}, Select="ALL_PROJECTED_ATTRIBUTES")


def test_select_specific_without_projection(ddb, rows):
    with validation(contains="Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES"):
        q(ddb, rows, "pk = :p", {":p": S("h")}, Select="SPECIFIC_ATTRIBUTES")


def test_projection_with_select_all(ddb, rows):
    with validation(contains="Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES"):
        q(ddb, rows, "pk = :p", {":p": S("h")}, Select="ALL_ATTRIBUTES", ProjectionExpression="v")


def test_projection_with_select_count(ddb, rows):
    with validation(contains="Cannot specify the ProjectionExpression when choosing to get only the Count"):
        q(ddb, rows, "pk = :p", {":p": S("h")}, Select="COUNT", ProjectionExpression="v")


def test_bad_select(ddb, rows):
    with validation(contains="Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]"):
        q(ddb, rows, "pk = :p", {":p": S("h")}, Select="SOME")


def test_one_megabyte_page(ddb, table2):
    # 12 items of ~100 KB: a page stops at 1 MB of data read, so more than one page is needed.
    big = "x" * 100_000
    for i in range(12):
        ddb.put_item(TableName=table2, Item={"pk": S("big"), "sk": N(i), "d": S(big)})
    r = q(ddb, table2, "pk = :p", {":p": S("big")})
    assert 0 < r["Count"] < 12
    assert "LastEvaluatedKey" in r
    r2 = q(ddb, table2, "pk = :p", {":p": S("big")}, ExclusiveStartKey=r["LastEvaluatedKey"])
    assert r["Count"] + r2["Count"] == 12
