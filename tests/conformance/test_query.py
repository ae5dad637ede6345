"""Query: key conditions, order, Limit and pagination, filters, Select, counts, and the errors
(docs/research/dynamodb-messages.md §5.6, §6.1). (KeyConditions/QueryFilter: test_legacy.py;
queries of indexes: test_indexes.py.)"""

import pytest

from expect import (
    N,
    NOT_FOUND,
    S,
    drop_table,
    error,
    expect_enum_error,
    expect_error,
    expect_validation,
    table_spec,
    uid,
    unique_name,
    validation,
    wait_active,
)


@pytest.fixture
def rows(ddb, range_table):
    # pk "h": sk 1..10, pk "other": sk 1..3
    for i in range(1, 11):
        ddb.put_item(TableName=range_table, Item={"pk": S("h"), "sk": N(i), "v": N(i % 3), "s": S(f"val{i}")})
    for i in range(1, 4):
        ddb.put_item(TableName=range_table, Item={"pk": S("other"), "sk": N(i)})
    return range_table


@pytest.fixture(scope="module")
def qt(new_client):
    """pk 'q' holds sk 1..10 with v = sk % 3; pk 's' holds string sort keys; pk 'other' one item."""
    c = new_client()
    name = unique_name("q")
    c.create_table(**table_spec(name, [("pk", "S", "HASH"), ("sk", "N", "RANGE")]))
    wait_active(c, name)
    for i in range(1, 11):
        c.put_item(TableName=name, Item={"pk": S("q"), "sk": N(i), "v": N(i % 3), "tag": S(f"t{i}")})
    c.put_item(TableName=name, Item={"pk": S("other"), "sk": N(1)})
    yield name
    drop_table(c, name)


@pytest.fixture(scope="module")
def st(new_client):
    c = new_client()
    name = unique_name("qs")
    c.create_table(**table_spec(name, [("pk", "S", "HASH"), ("sk", "S", "RANGE")]))
    wait_active(c, name)
    for sk in ["apple", "apricot", "banana", "blueberry", "cherry"]:
        c.put_item(TableName=name, Item={"pk": S("f"), "sk": S(sk)})
    yield name
    drop_table(c, name)


def q(ddb, table, kce, values, **kw):
    return ddb.query(TableName=table, KeyConditionExpression=kce, ExpressionAttributeValues=values, **kw)


def sks(resp):
    return [int(i["sk"]["N"]) for i in resp["Items"]]


# --- key conditions and order ---------------------------------------------------------------


def test_partition_only_sorted(ddb, rows):
    r = q(ddb, rows, "pk = :p", {":p": S("h")})
    assert sks(r) == list(range(1, 11))
    assert r["Count"] == 10 and r["ScannedCount"] == 10
    assert "LastEvaluatedKey" not in r


@pytest.mark.parametrize(
    "cond,values,expected",
    [
        ("pk = :p AND sk = :a", {":a": N(3)}, [3]),
        ("pk = :p AND sk < :a", {":a": N(3)}, [1, 2]),
        ("pk = :p AND sk <= :a", {":a": N(3)}, [1, 2, 3]),
        ("pk = :p AND sk > :a", {":a": N(8)}, [9, 10]),
        ("pk = :p AND sk >= :a", {":a": N(8)}, [8, 9, 10]),
        ("pk = :p AND sk BETWEEN :a AND :b", {":a": N(4), ":b": N(6)}, [4, 5, 6]),
        ("sk BETWEEN :a AND :b AND pk = :p", {":a": N(4), ":b": N(4)}, [4]),
        (":a <= sk AND pk = :p", {":a": N(9)}, [9, 10]),
        ("(pk = :p) AND (sk > :a)", {":a": N(9)}, [10]),
        ("pk = :p AND sk = :a", {":a": N(99)}, []),
    ],
)
def test_key_conditions(ddb, qt, cond, values, expected):
    assert sks(q(ddb, qt, cond, {":p": S("q"), **values})) == expected


@pytest.mark.parametrize(
    "cond,vals,want",
    [
        (":a >= sk", {":a": N(2)}, [1, 2]),
    ],
)
def test_sort_key_conditions(ddb, rows, cond, vals, want):
    assert sks(q(ddb, rows, "pk = :p AND " + cond, dict(vals, **{":p": S("h")}))) == want


@pytest.mark.parametrize("cond,values,count", [
    ("sk = :a", {":a": {"S": "2024-01-01T00:05:00"}}, 1),
    ("sk < :a", {":a": {"S": "2024-01-01T00:05:00"}}, 5),
    ("sk <= :a", {":a": {"S": "2024-01-01T00:05:00"}}, 6),
    ("sk > :a", {":a": {"S": "2024-01-01T00:05:00"}}, 24),
    ("sk >= :a", {":a": {"S": "2024-01-01T00:05:00"}}, 25),
    ("sk BETWEEN :a AND :b", {":a": {"S": "2024-01-01T00:05:00"}, ":b": {"S": "2024-01-01T00:09:00"}}, 5),
])
def test_sort_key_operators(ddb, messages, cond, values, count):
    out = ddb.query(TableName=messages, KeyConditionExpression=f"pk = :pk AND {cond}",
                    ExpressionAttributeValues={":pk": {"S": "MSG#g1"}, **values})
    assert out["Count"] == count


def test_query_newest_twenty_with_begins_with(ddb, messages):
    out = ddb.query(TableName=messages, KeyConditionExpression="pk = :pk AND begins_with(sk, :y)",
                    ExpressionAttributeValues={":pk": {"S": "MSG#g1"}, ":y": {"S": "2024"}},
                    ScanIndexForward=False, Limit=20, ReturnConsumedCapacity="TOTAL")
    assert out["Count"] == 20
    assert out["Items"][0]["sk"]["S"] == "2024-01-01T00:29:00"
    assert "LastEvaluatedKey" in out
    assert out["ConsumedCapacity"]["TableName"] == messages


def test_descending(ddb, rows):
    assert sks(q(ddb, rows, "pk = :p", {":p": S("h")}, ScanIndexForward=False)) == list(range(10, 0, -1))


def test_numeric_order_not_lexicographic(ddb, range_table):
    for v in ["-5", "10", "9", "0.5", "100", "-10"]:
        ddb.put_item(TableName=range_table, Item={"pk": S("n"), "sk": N(v)})
    r = q(ddb, range_table, "pk = :p", {":p": S("n")})
    assert [i["sk"]["N"] for i in r["Items"]] == ["-10", "-5", "0.5", "9", "10", "100"]


def test_begins_with_on_string_sort_key(ddb, make_table):
    t = make_table([("pk", "S", "HASH"), ("sk", "S", "RANGE")])
    for s in ["a#1", "a#2", "b#1", "a", "ab"]:
        ddb.put_item(TableName=t, Item={"pk": S("x"), "sk": S(s)})
    r = q(ddb, t, "pk = :p AND begins_with(sk, :pre)", {":p": S("x"), ":pre": S("a#")})
    assert [i["sk"]["S"] for i in r["Items"]] == ["a#1", "a#2"]


def test_begins_with(ddb, st):
    resp = q(ddb, st, "pk = :p AND begins_with(sk, :x)", {":p": S("f"), ":x": S("ap")})
    assert [i["sk"]["S"] for i in resp["Items"]] == ["apple", "apricot"]


def test_string_sort_key_byte_order(ddb, make_table):
    t = make_table([("pk", "S", "HASH"), ("sk", "S", "RANGE")])
    for s in ["b", "B", "a", "é", "Z", "aa"]:
        ddb.put_item(TableName=t, Item={"pk": S("x"), "sk": S(s)})
    got = [i["sk"]["S"] for i in q(ddb, t, "pk = :p", {":p": S("x")})["Items"]]
    assert got == sorted(["b", "B", "a", "é", "Z", "aa"], key=lambda s: s.encode())


def test_string_sort_order(ddb, st):
    resp = q(ddb, st, "pk = :p", {":p": S("f")})
    assert [i["sk"]["S"] for i in resp["Items"]] == ["apple", "apricot", "banana", "blueberry", "cherry"]


def test_binary_sort_key_order(ddb, make_table):
    t = make_table([("pk", "S", "HASH"), ("sk", "B", "RANGE")])
    for b in [b"\xff", b"\x00", b"\x01\x00", b"\x01"]:
        ddb.put_item(TableName=t, Item={"pk": S("x"), "sk": {"B": b}})
    got = [i["sk"]["B"] for i in q(ddb, t, "pk = :p", {":p": S("x")})["Items"]]
    assert got == [b"\x00", b"\x01", b"\x01\x00", b"\xff"]


def test_names_in_key_condition(ddb, rows):
    r = ddb.query(
        TableName=rows, KeyConditionExpression="#k = :p AND #s > :n",
        ExpressionAttributeNames={"#k": "pk", "#s": "sk"}, ExpressionAttributeValues={":p": S("h"), ":n": N(8)},
    )
    assert sks(r) == [9, 10]


def test_empty_partition(ddb, rows):
    r = q(ddb, rows, "pk = :p", {":p": S("nobody")})
    assert r["Items"] == [] and r["Count"] == 0 and r["ScannedCount"] == 0


# --- Limit, pagination, filters, Select -------------------------------------------------------


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


def test_pagination_backwards(ddb, qt):
    resp = q(ddb, qt, "pk = :p", {":p": S("q")}, ScanIndexForward=False, Limit=2)
    assert sks(resp) == [10, 9]
    resp = q(ddb, qt, "pk = :p", {":p": S("q")}, ScanIndexForward=False, Limit=2, ExclusiveStartKey=resp["LastEvaluatedKey"])
    assert sks(resp) == [8, 7]


def sort_keys_of_every_page(ddb, **query):
    """The sort keys a Query returns, page after page (following LastEvaluatedKey)."""
    seen, start = [], None
    while True:
        page = ddb.query(**query, **({"ExclusiveStartKey": start} if start else {}))
        seen += [i["sk"]["S"] for i in page["Items"]]
        start = page.get("LastEvaluatedKey")
        if not start:
            return seen


def test_pages_cover_everything_once(ddb, messages):
    seen = sort_keys_of_every_page(ddb, TableName=messages, KeyConditionExpression="pk = :pk",
                                   ExpressionAttributeValues={":pk": {"S": "MSG#g1"}}, Limit=7)
    assert seen == sorted(seen) and len(seen) == 30


def test_pages_under_a_sort_key_condition_resume_inside_it(ddb, messages):
    seen = sort_keys_of_every_page(
        ddb, TableName=messages, KeyConditionExpression="pk = :pk AND sk BETWEEN :a AND :b",
        ExpressionAttributeValues={":pk": {"S": "MSG#g1"}, ":a": {"S": "2024-01-01T00:03:00"},
                                   ":b": {"S": "2024-01-01T00:21:00"}},
        ScanIndexForward=False, Limit=4)
    assert len(seen) == 19 and seen == sorted(seen, reverse=True)


def test_exclusive_start_key_resumes(ddb, rows):
    r = q(ddb, rows, "pk = :p", {":p": S("h")}, ExclusiveStartKey={"pk": S("h"), "sk": N(7)})
    assert sks(r) == [8, 9, 10]


def test_exclusive_start_key_descending(ddb, rows):
    r = q(ddb, rows, "pk = :p", {":p": S("h")}, ExclusiveStartKey={"pk": S("h"), "sk": N(3)}, ScanIndexForward=False)
    assert sks(r) == [2, 1]


def test_limit_counts_before_filter(ddb, rows):
    r = q(ddb, rows, "pk = :p", {":p": S("h"), ":z": N(0)}, Limit=4, FilterExpression="v = :z")
    # Items 1..4 evaluated; v = i % 3 is 0 only for 3.
    assert sks(r) == [3]
    assert r["ScannedCount"] == 4 and r["Count"] == 1
    assert r["LastEvaluatedKey"] == {"pk": S("h"), "sk": N(4)}


def test_limit_counts_before_filter_messages(ddb, messages):
    out = ddb.query(TableName=messages, KeyConditionExpression="pk = :pk", FilterExpression="score >= :s",
                    ExpressionAttributeValues={":pk": {"S": "MSG#g1"}, ":s": {"N": "8"}}, Limit=10)
    assert out["ScannedCount"] == 10 and out["Count"] == 2


def test_filter_expression(ddb, rows):
    r = q(ddb, rows, "pk = :p", {":p": S("h"), ":one": N(1)}, FilterExpression="v = :one")
    assert sks(r) == [1, 4, 7, 10]
    assert r["ScannedCount"] == 10


def test_filter_expression_counts(ddb, qt):
    resp = q(ddb, qt, "pk = :p", {":p": S("q"), ":z": N(0)}, FilterExpression="v = :z")
    assert sks(resp) == [3, 6, 9]
    assert resp["Count"] == 3
    assert resp["ScannedCount"] == 10


def test_select_count(ddb, rows):
    r = q(ddb, rows, "pk = :p", {":p": S("h"), ":one": N(1)}, Select="COUNT", FilterExpression="v = :one")
    assert "Items" not in r
    assert r["Count"] == 4 and r["ScannedCount"] == 10


def test_select_count_unfiltered(ddb, qt):
    resp = q(ddb, qt, "pk = :p", {":p": S("q")}, Select="COUNT")
    assert resp["Count"] == 10 and resp["ScannedCount"] == 10
    assert "Items" not in resp


def test_select_count_with_filter(ddb, qt):
    resp = q(ddb, qt, "pk = :p", {":p": S("q"), ":z": N(0)}, Select="COUNT", FilterExpression="v = :z")
    assert resp["Count"] == 3 and resp["ScannedCount"] == 10


def test_select_count_messages(ddb, messages):
    out = ddb.query(TableName=messages, KeyConditionExpression="pk = :pk",
                    ExpressionAttributeValues={":pk": {"S": "MSG#g1"}}, Select="COUNT")
    assert out["Count"] == 30 and "Items" not in out


def test_projection(ddb, rows):
    r = q(ddb, rows, "pk = :p AND sk = :s", {":p": S("h"), ":s": N(2)}, ProjectionExpression="s")
    assert r["Items"] == [{"s": S("val2")}]


def test_select_specific_attributes(ddb, rows):
    r = q(ddb, rows, "pk = :p AND sk = :s", {":p": S("h"), ":s": N(2)}, Select="SPECIFIC_ATTRIBUTES", ProjectionExpression="v")
    assert r["Items"] == [{"v": N(2)}]


def test_select_all_attributes(ddb, qt):
    resp = q(ddb, qt, "pk = :p AND sk = :a", {":p": S("q"), ":a": N(1)}, Select="ALL_ATTRIBUTES")
    assert resp["Items"] == [{"pk": S("q"), "sk": N(1), "v": N(1), "tag": S("t1")}]


def test_one_megabyte_page(ddb, range_table):
    # 12 items of ~100 KB: a page stops at 1 MB of data read, so more than one page is needed.
    big = "x" * 100_000
    for i in range(12):
        ddb.put_item(TableName=range_table, Item={"pk": S("big"), "sk": N(i), "d": S(big)})
    r = q(ddb, range_table, "pk = :p", {":p": S("big")})
    assert 0 < r["Count"] < 12
    assert "LastEvaluatedKey" in r
    r2 = q(ddb, range_table, "pk = :p", {":p": S("big")}, ExclusiveStartKey=r["LastEvaluatedKey"])
    assert r["Count"] + r2["Count"] == 12


# --- errors ---------------------------------------------------------------------------------


def test_missing_table(ddb):
    with error(NOT_FOUND, exact="Requested resource not found"):
        q(ddb, "nope-" + uid(), "pk = :p", {":p": S("h")})


def test_no_key_condition(ddb, qt):
    expect_validation(
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
        ddb.query, TableName=qt,
    )


@pytest.mark.parametrize(
    "cond,values,message",
    [
        ("sk = :a", {":a": N(1)}, "Query condition missed key schema element: pk"),
        ("pk > :p", {":p": S("q")}, "Query key condition not supported"),
        ("pk = :p OR sk = :a", {":p": S("q"), ":a": N(1)}, "Invalid operator used in KeyConditionExpression: OR"),
        ("pk = :p AND attribute_exists(sk)", {":p": S("q")}, "Invalid operator used in KeyConditionExpression: attribute_exists"),
        ("pk = :p AND sk = :a AND sk = :b", {":p": S("q"), ":a": N(1), ":b": N(2)}, "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key"),
        ("pk = :p AND sk = :a AND v = :b", {":p": S("q"), ":a": N(1), ":b": N(2)},
         "The number of query conditions (3) exceeds the number of key attributes defined in the schema (2)"),
        ("pk = :p AND v = :a", {":p": S("q"), ":a": N(1)}, "Query condition missed key schema element: sk"),
        ("pk = :p AND begins_with(sk, :a)", {":p": S("q"), ":a": N(1)},
         "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"),
        ("pk = :p", {":p": N(1)}, "One or more parameter values were invalid: Condition parameter type does not match schema type"),
    ],
)
def test_key_condition_errors(ddb, qt, cond, values, message):
    expect_validation(message, q, ddb, qt, cond, values)


def test_two_conditions_on_sort_key(ddb, rows):
    with validation(contains="KeyConditionExpressions must only contain one condition per key"):
        q(ddb, rows, "pk = :p AND sk > :a AND sk < :b", {":p": S("h"), ":a": N(1), ":b": N(5)})


def test_nested_key_condition(ddb, rows):
    with validation(contains="KeyConditionExpressions cannot have conditions on nested attributes"):
        q(ddb, rows, "pk.x = :p", {":p": S("h")})


def test_filter_on_key_attribute(ddb, rows):
    with validation(contains="Filter Expression can only contain non-primary key attributes: Primary key attribute: sk"):
        q(ddb, rows, "pk = :p", {":p": S("h"), ":s": N(1)}, FilterExpression="sk > :s")


def test_filter_on_key_attribute_equality(ddb, qt):
    expect_validation(
        "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk",
        q, ddb, qt, "pk = :p", {":p": S("q"), ":a": N(1)}, FilterExpression="sk = :a",
    )


def test_limit_zero(ddb, qt):
    """Query's Limit 0 in the newer validation wording, member capitalised and no value:
    paritysuite/dynamodb-conformance tests/tier3/validation-ordering/query (AWS 2026, "Limit"
    with a capital L) and the nubo suite's Query pin (docs/research/message-framing-2026.md).
    This replaces the older `Value '0' at 'limit'` (dynamodb-messages.md §2.4); Scan keeps it."""
    expect_validation(
        "1 validation error detected: Value at 'Limit' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1",
        q, ddb, qt, "pk = :p", {":p": S("q")}, Limit=0, envelope=False,
    )


def test_conditional_operator_outside_enum_reported_alone(ddb):
    """paritysuite/dynamodb-conformance tests/tier3/validation-ordering/query, AWS eu-west-2 and
    us-east-1 2026-10-09: bare, with DynamoDB's own value set, ahead of an unknown Select and
    before the table is looked up."""
    expect_error(
        "ValidationException",
        "Failed to satisfy constraint: Member must satisfy enum value set: [ALL, OR]",
        ddb.query, TableName="no-such-query-table",
        KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [S("a")]}},
        QueryFilter={"b": {"ComparisonOperator": "NULL"}, "c": {"ComparisonOperator": "NULL"}},
        ConditionalOperator="XOR", Select="BOGUS",
    )


def test_key_condition_faults_in_written_order(ddb, make_table):
    """paritysuite/dynamodb-conformance tests/tier3/validation-ordering/queryKeyCondition, AWS
    eu-west-2 October 2026: of an undefined value and an operand of the wrong type, the clause
    written first is reported."""
    table = make_table([("pk", "S", "HASH"), ("sk", "S", "RANGE")])
    operand = "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"
    undefined = "An expression attribute value used in expression is not defined; attribute value: :missing"
    for text, values, fault in (
        ("pk = :missing AND begins_with(sk, :n)", {":n": N(1)}, undefined),
        ("begins_with(sk, :n) AND pk = :missing", {":n": N(1)}, operand),
        ("pk = :p AND begins_with(sk, :n) AND sk = :missing", {":p": S("q"), ":n": N(1)}, operand),
    ):
        expect_error("ValidationException", "Invalid KeyConditionExpression: " + fault, ddb.query,
                     TableName=table, KeyConditionExpression=text, ExpressionAttributeValues=values)


def test_unknown_index(ddb, messages):
    expect_error("ValidationException", "The table does not have the specified index: nope",
                 ddb.query, TableName=messages, IndexName="nope", KeyConditionExpression="pk = :pk",
                 ExpressionAttributeValues={":pk": {"S": "MSG#g1"}})


@pytest.mark.parametrize("cond,start,message", [
    # No sort-key condition: only the partition is checked.
    ("pk = :pk", {"pk": {"S": "MSG#other"}, "sk": {"S": "2024-01-01T00:01:00"}},
     "The provided starting key is outside query boundaries based on provided conditions"),
    # With one, the sort key is checked first...
    ("pk = :pk AND sk > :a", {"pk": {"S": "MSG#g1"}, "sk": {"S": "2024-01-01T00:01:00"}},
     "The provided starting key does not match the range key predicate"),
    ("pk = :pk AND sk > :a", {"pk": {"S": "MSG#other"}, "sk": {"S": "2024-01-01T00:01:00"}},
     "The provided starting key does not match the range key predicate"),
    # ...and a partition mismatch is worded differently.
    ("pk = :pk AND sk > :a", {"pk": {"S": "MSG#other"}, "sk": {"S": "2024-01-01T00:09:00"}},
     "The query can return at most one row and cannot be restarted"),
])
def test_starting_key_outside_the_key_condition(ddb, messages, cond, start, message):
    values = {":pk": {"S": "MSG#g1"}}
    if ":a" in cond:
        values[":a"] = {"S": "2024-01-01T00:05:00"}
    expect_error("ValidationException", message, ddb.query, TableName=messages, KeyConditionExpression=cond,
                 ExpressionAttributeValues=values, ExclusiveStartKey=start)


def test_start_key_wrong_shape(ddb, rows):
    with validation(contains="The provided starting key is invalid"):
        q(ddb, rows, "pk = :p", {":p": S("h")}, ExclusiveStartKey={"pk": S("h")})


def test_select_all_projected_without_index(ddb, qt):
    expect_validation(
        "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
        q, ddb, qt, "pk = :p", {":p": S("q")}, Select="ALL_PROJECTED_ATTRIBUTES",
    )


def test_select_specific_without_projection(ddb, qt):
    expect_validation(
        "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES",
        q, ddb, qt, "pk = :p", {":p": S("q")}, Select="SPECIFIC_ATTRIBUTES",
    )


def test_select_with_projection_is_refused(ddb, messages):
    expect_error("ValidationException", "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES",
                 ddb.query, TableName=messages, KeyConditionExpression="pk = :pk",
                 ExpressionAttributeValues={":pk": {"S": "MSG#g1"}}, Select="ALL_ATTRIBUTES", ProjectionExpression="body")


def test_select_projection_with_count(ddb, qt):
    expect_validation(
        "Cannot specify the ProjectionExpression when choosing to get only the Count",
        q, ddb, qt, "pk = :p", {":p": S("q")}, Select="COUNT", ProjectionExpression="tag",
    )


def test_bad_select(ddb, rows):
    with validation(contains="Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]"):
        q(ddb, rows, "pk = :p", {":p": S("h")}, Select="SOME")


# --- the legacy QueryFilter on this table (more legacy parameters: test_legacy.py) ----------


def test_query_filter_legacy(ddb, qt):
    resp = ddb.query(
        TableName=qt,
        KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [S("q")]}},
        QueryFilter={"v": {"ComparisonOperator": "EQ", "AttributeValueList": [N(1)]}},
    )
    assert sks(resp) == [1, 4, 7, 10]


def test_select_invalid(ddb, qt):
    expect_enum_error(
        "SOME", "select", ["SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"],
        q, ddb, qt, "pk = :p", {":p": S("q")}, Select="SOME",
    )
