"""Query: key conditions, filters, Select, order, Limit, pagination, counts, and the errors."""

import pytest

from .conftest import drop_table, make_client, table_spec, unique_name, wait_active
from .util import N, S, error_of, expect_validation, expect_validation_contains


@pytest.fixture(scope="module")
def qt(endpoint):
    """pk 'q' holds sk 1..10 with v = sk % 3; pk 's' holds string sort keys; pk 'other' one item."""
    c = make_client(endpoint)
    name = unique_name("q")
    c.create_table(**table_spec(name, [("pk", "S", "HASH"), ("sk", "N", "RANGE")]))
    wait_active(c, name)
    for i in range(1, 11):
        c.put_item(TableName=name, Item={"pk": S("q"), "sk": N(i), "v": N(i % 3), "tag": S(f"t{i}")})
    c.put_item(TableName=name, Item={"pk": S("other"), "sk": N(1)})
    yield name
    drop_table(c, name)


@pytest.fixture(scope="module")
def st(endpoint):
    c = make_client(endpoint)
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


@pytest.mark.parametrize(
    "cond,values,expected",
    [
        ("pk = :p", {}, list(range(1, 11))),
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


def test_begins_with(ddb, st):
    resp = q(ddb, st, "pk = :p AND begins_with(sk, :x)", {":p": S("f"), ":x": S("ap")})
    assert [i["sk"]["S"] for i in resp["Items"]] == ["apple", "apricot"]


def test_string_sort_order(ddb, st):
    resp = q(ddb, st, "pk = :p", {":p": S("f")})
    assert [i["sk"]["S"] for i in resp["Items"]] == ["apple", "apricot", "banana", "blueberry", "cherry"]


def test_names_in_key_condition(ddb, qt):
    resp = ddb.query(
        TableName=qt,
        KeyConditionExpression="#p = :p AND #s > :a",
        ExpressionAttributeNames={"#p": "pk", "#s": "sk"},
        ExpressionAttributeValues={":p": S("q"), ":a": N(9)},
    )
    assert sks(resp) == [10]


def test_scan_index_forward_false(ddb, qt):
    assert sks(q(ddb, qt, "pk = :p", {":p": S("q")}, ScanIndexForward=False)) == list(range(10, 0, -1))


def test_legacy_key_conditions(ddb, qt):
    resp = ddb.query(
        TableName=qt,
        KeyConditions={
            "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [S("q")]},
            "sk": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [N(2), N(4)]},
        },
    )
    assert sks(resp) == [2, 3, 4]


def test_filter_expression(ddb, qt):
    resp = q(ddb, qt, "pk = :p", {":p": S("q"), ":z": N(0)}, FilterExpression="v = :z")
    assert sks(resp) == [3, 6, 9]
    assert resp["Count"] == 3
    assert resp["ScannedCount"] == 10


def test_query_filter_legacy(ddb, qt):
    resp = ddb.query(
        TableName=qt,
        KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [S("q")]}},
        QueryFilter={"v": {"ComparisonOperator": "EQ", "AttributeValueList": [N(1)]}},
    )
    assert sks(resp) == [1, 4, 7, 10]


def test_limit_counts_before_filter(ddb, qt):
    # Limit stops evaluation after 4 items (sk 1..4); only sk 3 passes the filter.
    resp = q(ddb, qt, "pk = :p", {":p": S("q"), ":z": N(0)}, FilterExpression="v = :z", Limit=4)
    assert sks(resp) == [3]
    assert resp["ScannedCount"] == 4
    assert resp["LastEvaluatedKey"] == {"pk": S("q"), "sk": N(4)}


def test_pagination(ddb, qt):
    seen, start, pages = [], None, 0
    while True:
        kw = {"Limit": 3}
        if start:
            kw["ExclusiveStartKey"] = start
        resp = q(ddb, qt, "pk = :p", {":p": S("q")}, **kw)
        seen += sks(resp)
        pages += 1
        start = resp.get("LastEvaluatedKey")
        if not start:
            break
    assert seen == list(range(1, 11))
    assert pages in (4, 5)  # 3+3+3+1, with or without a trailing empty page


def test_pagination_backwards(ddb, qt):
    resp = q(ddb, qt, "pk = :p", {":p": S("q")}, ScanIndexForward=False, Limit=2)
    assert sks(resp) == [10, 9]
    resp = q(ddb, qt, "pk = :p", {":p": S("q")}, ScanIndexForward=False, Limit=2, ExclusiveStartKey=resp["LastEvaluatedKey"])
    assert sks(resp) == [8, 7]


def test_no_last_evaluated_key_when_done(ddb, qt):
    assert "LastEvaluatedKey" not in q(ddb, qt, "pk = :p", {":p": S("q")})


def test_select_count(ddb, qt):
    resp = q(ddb, qt, "pk = :p", {":p": S("q")}, Select="COUNT")
    assert resp["Count"] == 10 and resp["ScannedCount"] == 10
    assert "Items" not in resp


def test_select_count_with_filter(ddb, qt):
    resp = q(ddb, qt, "pk = :p", {":p": S("q"), ":z": N(0)}, Select="COUNT", FilterExpression="v = :z")
    assert resp["Count"] == 3 and resp["ScannedCount"] == 10


def test_select_specific_attributes(ddb, qt):
    resp = q(ddb, qt, "pk = :p AND sk = :a", {":p": S("q"), ":a": N(1)}, Select="SPECIFIC_ATTRIBUTES", ProjectionExpression="tag")
    assert resp["Items"] == [{"tag": S("t1")}]


def test_select_all_attributes(ddb, qt):
    resp = q(ddb, qt, "pk = :p AND sk = :a", {":p": S("q"), ":a": N(1)}, Select="ALL_ATTRIBUTES")
    assert resp["Items"] == [{"pk": S("q"), "sk": N(1), "v": N(1), "tag": S("t1")}]


# --- errors ----------------------------------------------------------------------------------


# (dynalite checks the Select combinations only against AttributesToGet, not ProjectionExpression.)
def test_select_projection_with_all_attributes(ddb, qt):
    expect_validation(
        "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES",
        q, ddb, qt, "pk = :p", {":p": S("q")}, Select="ALL_ATTRIBUTES", ProjectionExpression="tag",
    )


def test_select_projection_with_count(ddb, qt):
    expect_validation(
        "Cannot specify the ProjectionExpression when choosing to get only the Count",
        q, ddb, qt, "pk = :p", {":p": S("q")}, Select="COUNT", ProjectionExpression="tag",
    )


def test_select_specific_without_projection(ddb, qt):
    expect_validation(
        "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES",
        q, ddb, qt, "pk = :p", {":p": S("q")}, Select="SPECIFIC_ATTRIBUTES",
    )


def test_select_all_projected_without_index(ddb, qt):
    expect_validation(
        "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
        q, ddb, qt, "pk = :p", {":p": S("q")}, Select="ALL_PROJECTED_ATTRIBUTES",
    )


def test_select_invalid(ddb, qt):
    from .util import expect_enum_error

    expect_enum_error(
        "SOME", "select", ["SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"],
        q, ddb, qt, "pk = :p", {":p": S("q")}, Select="SOME",
    )


def test_limit_zero(ddb, qt):
    expect_validation(
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1",
        q, ddb, qt, "pk = :p", {":p": S("q")}, Limit=0, envelope=False,
    )


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
        ("pk = :p AND sk = :a AND sk = :b", {":p": S("q"), ":a": N(1), ":b": N(2)}, "KeyConditionExpressions must only contain one condition per key"),
        ("pk = :p AND v = :a", {":p": S("q"), ":a": N(1)}, "Query condition missed key schema element: sk"),
        ("pk = :p AND begins_with(sk, :a)", {":p": S("q"), ":a": N(1)},
         "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"),
        ("pk = :p", {":p": N(1)}, "One or more parameter values were invalid: Condition parameter type does not match schema type"),
    ],
)
def test_key_condition_errors(ddb, qt, cond, values, message):
    expect_validation(message, q, ddb, qt, cond, values)


def test_filter_on_key_attribute(ddb, qt):
    expect_validation(
        "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk",
        q, ddb, qt, "pk = :p", {":p": S("q"), ":a": N(1)}, FilterExpression="sk = :a",
    )


def test_unknown_index(ddb, qt):
    expect_validation(
        "The table does not have the specified index: nope", q, ddb, qt, "pk = :p", {":p": S("q")}, IndexName="nope"
    )


def test_exclusive_start_key_wrong_partition(ddb, qt):
    expect_validation(
        "The provided starting key is outside query boundaries based on provided conditions",
        q, ddb, qt, "pk = :p", {":p": S("q")}, ExclusiveStartKey={"pk": S("other"), "sk": N(1)},
    )


def test_missing_table(ddb):
    code, message, _ = error_of(q, ddb, "no-such-query-table", "pk = :p", {":p": S("q")})
    assert (code, message) == ("ResourceNotFoundException", "Requested resource not found")
