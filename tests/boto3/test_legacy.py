"""The legacy parameters: Expected, AttributeUpdates, AttributesToGet, ConditionalOperator,
QueryFilter, ScanFilter, KeyConditions (messages: dynamodb-messages.md §5.4, §5.6, §5.7)."""

import pytest

from b3util import CCF, error, validation


def N(x):
    return {"N": str(x)}


def S(x):
    return {"S": x}


@pytest.fixture
def item(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": S("x"), "a": N(5), "s": S("hello"), "ss": {"SS": ["p", "q"]}})
    return table


def put_expected(ddb, table, expected, op=None):
    kw = {"Expected": expected}
    if op:
        kw["ConditionalOperator"] = op
    ddb.put_item(TableName=table, Item={"pk": S("x"), "a": N(5), "s": S("hello"), "ss": {"SS": ["p", "q"]}}, **kw)


# --- Expected -----------------------------------------------------------------------------


def test_expected_value_equal(ddb, item):
    put_expected(ddb, item, {"a": {"Value": N(5)}})
    with error(CCF, exact="The conditional request failed"):
        put_expected(ddb, item, {"a": {"Value": N(6)}})


def test_expected_exists_false(ddb, item):
    put_expected(ddb, item, {"nothing": {"Exists": False}})
    with error(CCF):
        put_expected(ddb, item, {"a": {"Exists": False}})


def test_expected_exists_true_with_value(ddb, item):
    put_expected(ddb, item, {"a": {"Exists": True, "Value": N(5)}})


@pytest.mark.parametrize(
    "op,vals,ok",
    [
        ("EQ", [N(5)], True),
        ("NE", [N(5)], False),
        ("LT", [N(6)], True),
        ("LE", [N(4)], False),
        ("GT", [N(4)], True),
        ("GE", [N(5)], True),
        ("BETWEEN", [N(1), N(5)], True),
        ("IN", [N(1), N(5)], True),
        ("NOT_NULL", [], True),
        ("NULL", [], False),
    ],
)
def test_expected_comparison_operators(ddb, item, op, vals, ok):
    cond = {"a": {"ComparisonOperator": op}}
    if vals:
        cond["a"]["AttributeValueList"] = vals
    if ok:
        put_expected(ddb, item, cond)
    else:
        with error(CCF):
            put_expected(ddb, item, cond)


@pytest.mark.parametrize(
    "attr,op,vals,ok",
    [
        ("s", "BEGINS_WITH", [S("he")], True),
        ("s", "CONTAINS", [S("ll")], True),
        ("s", "NOT_CONTAINS", [S("ll")], False),
        ("ss", "CONTAINS", [S("q")], True),
        ("nothing", "NULL", [], True),
    ],
)
def test_expected_string_operators(ddb, item, attr, op, vals, ok):
    cond = {attr: {"ComparisonOperator": op}}
    if vals:
        cond[attr]["AttributeValueList"] = vals
    if ok:
        put_expected(ddb, item, cond)
    else:
        with error(CCF):
            put_expected(ddb, item, cond)


def test_conditional_operator_and_or(ddb, item):
    conds = {"a": {"Value": N(5)}, "s": {"Value": S("nope")}}
    with error(CCF):
        put_expected(ddb, item, conds)  # AND is the default
    put_expected(ddb, item, conds, op="OR")


def test_expected_value_and_list_together(ddb, item):
    with validation(contains="One or more parameter values were invalid: Value and AttributeValueList cannot be used together for Attribute: a"):
        put_expected(ddb, item, {"a": {"Value": N(5), "AttributeValueList": [N(5)], "ComparisonOperator": "EQ"}})


def test_expected_exists_and_operator(ddb, item):
    with validation(contains="One or more parameter values were invalid: Exists and ComparisonOperator cannot be used together for Attribute: a"):
        put_expected(ddb, item, {"a": {"Exists": True, "ComparisonOperator": "EQ", "AttributeValueList": [N(5)]}})


def test_expected_exists_true_without_value(ddb, item):
    with validation(contains="One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: a"):
        put_expected(ddb, item, {"a": {"Exists": True}})


def test_expected_exists_false_with_value(ddb, item):
    with validation(contains="One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: a"):
        put_expected(ddb, item, {"a": {"Exists": False, "Value": N(5)}})


def test_expected_wrong_argument_count(ddb, item):
    with validation(contains="One or more parameter values were invalid: Invalid number of argument(s) for the BETWEEN ComparisonOperator"):
        put_expected(ddb, item, {"a": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [N(1)]}})


def test_expected_between_reversed(ddb, item):
    with validation(contains="The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"):
        put_expected(ddb, item, {"a": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [N(9), N(1)]}})


def test_expected_operator_not_valid_for_type(ddb, item):
    with validation(contains="One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type"):
        put_expected(ddb, item, {"a": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [N(1)]}})


def test_expected_bad_operator_enum(ddb, item):
    with validation(contains="[IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]"):
        put_expected(ddb, item, {"a": {"ComparisonOperator": "LIKE", "AttributeValueList": [N(1)]}})


def test_expected_on_delete_and_update(ddb, item):
    with error(CCF):
        ddb.delete_item(TableName=item, Key={"pk": S("x")}, Expected={"a": {"Value": N(0)}})
    ddb.update_item(TableName=item, Key={"pk": S("x")}, Expected={"a": {"Value": N(5)}}, AttributeUpdates={"b": {"Value": N(1)}})


# --- AttributeUpdates ---------------------------------------------------------------------


def attr_update(ddb, table, updates, rv="ALL_NEW"):
    return ddb.update_item(TableName=table, Key={"pk": S("x")}, AttributeUpdates=updates, ReturnValues=rv).get("Attributes")


def test_attribute_updates_put_default(ddb, item):
    assert attr_update(ddb, item, {"n": {"Value": S("v")}})["n"] == S("v")


def test_attribute_updates_add_number(ddb, item):
    assert attr_update(ddb, item, {"a": {"Action": "ADD", "Value": N(3)}})["a"] == N(8)


def test_attribute_updates_add_set(ddb, item):
    assert sorted(attr_update(ddb, item, {"ss": {"Action": "ADD", "Value": {"SS": ["r"]}}})["ss"]["SS"]) == ["p", "q", "r"]


def test_attribute_updates_delete_attribute(ddb, item):
    assert "a" not in attr_update(ddb, item, {"a": {"Action": "DELETE"}})


def test_attribute_updates_delete_from_set(ddb, item):
    assert attr_update(ddb, item, {"ss": {"Action": "DELETE", "Value": {"SS": ["p"]}}})["ss"] == {"SS": ["q"]}


def test_attribute_updates_put_without_value(ddb, item):
    with validation(contains="One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified"):
        attr_update(ddb, item, {"a": {"Action": "PUT"}})


def test_attribute_updates_delete_with_scalar(ddb, item):
    with validation(contains="One or more parameter values were invalid: DELETE action with value is not supported for the type N"):
        attr_update(ddb, item, {"a": {"Action": "DELETE", "Value": N(1)}})


def test_attribute_updates_add_string(ddb, item):
    with validation(contains="One or more parameter values were invalid: ADD action is not supported for the type S"):
        attr_update(ddb, item, {"s": {"Action": "ADD", "Value": S("x")}})


def test_attribute_updates_key(ddb, item):
    with validation(contains="Cannot update attribute pk. This attribute is part of the key"):
        attr_update(ddb, item, {"pk": {"Value": S("y")}})


def test_attribute_updates_add_type_mismatch(ddb, item):
    with validation(contains="Type mismatch for attribute to update"):
        attr_update(ddb, item, {"ss": {"Action": "ADD", "Value": {"NS": ["1"]}}})


# --- AttributesToGet -------------------------------------------------------------------------


def test_attributes_to_get(ddb, item):
    got = ddb.get_item(TableName=item, Key={"pk": S("x")}, AttributesToGet=["a", "s"])["Item"]
    assert got == {"a": N(5), "s": S("hello")}


def test_attributes_to_get_duplicates(ddb, item):
    with validation(contains="One or more parameter values were invalid: Duplicate value in attribute name: a"):
        ddb.get_item(TableName=item, Key={"pk": S("x")}, AttributesToGet=["a", "a"])


# --- KeyConditions, QueryFilter, ScanFilter ------------------------------------------------


@pytest.fixture
def rows(ddb, table2):
    for i in range(1, 7):
        ddb.put_item(TableName=table2, Item={"pk": S("h"), "sk": N(i), "odd": {"BOOL": i % 2 == 1}, "v": N(i * 10)})
    return table2


def sks(resp):
    return [int(i["sk"]["N"]) for i in resp["Items"]]


def test_key_conditions(ddb, rows):
    resp = ddb.query(
        TableName=rows,
        KeyConditions={
            "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [S("h")]},
            "sk": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [N(2), N(4)]},
        },
    )
    assert sks(resp) == [2, 3, 4]


def test_key_conditions_not_indexable(ddb, rows):
    with validation(contains="Attempted conditional constraint is not an indexable operation"):
        ddb.query(
            TableName=rows,
            KeyConditions={
                "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [S("h")]},
                "sk": {"ComparisonOperator": "NE", "AttributeValueList": [N(2)]},
            },
        )


def test_key_conditions_type_mismatch(ddb, rows):
    with validation(contains="One or more parameter values were invalid: Condition parameter type does not match schema type"):
        ddb.query(TableName=rows, KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [N(1)]}})


def test_query_filter(ddb, rows):
    resp = ddb.query(
        TableName=rows,
        KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [S("h")]}},
        QueryFilter={"odd": {"ComparisonOperator": "EQ", "AttributeValueList": [{"BOOL": True}]}},
    )
    assert sks(resp) == [1, 3, 5]
    assert resp["Count"] == 3 and resp["ScannedCount"] == 6


def test_query_filter_or(ddb, rows):
    resp = ddb.query(
        TableName=rows,
        KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [S("h")]}},
        QueryFilter={
            "v": {"ComparisonOperator": "LT", "AttributeValueList": [N(20)]},
            "odd": {"ComparisonOperator": "EQ", "AttributeValueList": [{"BOOL": False}]},
        },
        ConditionalOperator="OR",
    )
    assert sks(resp) == [1, 2, 4, 6]


def test_query_filter_on_key(ddb, rows):
    with validation(contains="QueryFilter can only contain non-primary key attributes: Primary key attribute: sk"):
        ddb.query(
            TableName=rows,
            KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [S("h")]}},
            QueryFilter={"sk": {"ComparisonOperator": "GT", "AttributeValueList": [N(1)]}},
        )


def test_scan_filter(ddb, rows):
    resp = ddb.scan(TableName=rows, ScanFilter={"v": {"ComparisonOperator": "GE", "AttributeValueList": [N(50)]}})
    assert sorted(sks(resp)) == [5, 6]
    assert resp["ScannedCount"] == 6


def test_scan_filter_with_attributes_to_get(ddb, rows):
    resp = ddb.scan(TableName=rows, ScanFilter={"sk": {"ComparisonOperator": "EQ", "AttributeValueList": [N(3)]}}, AttributesToGet=["v"])
    assert resp["Items"] == [{"v": N(30)}]


def test_scan_filter_and_filter_expression(ddb, rows):
    with validation(contains="Can not use both expression and non-expression parameters in the same request"):
        ddb.scan(
            TableName=rows,
            ScanFilter={"v": {"ComparisonOperator": "GE", "AttributeValueList": [N(50)]}},
            FilterExpression="v > :x",
            ExpressionAttributeValues={":x": N(1)},
        )
