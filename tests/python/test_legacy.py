"""The legacy parameters: Expected, AttributeUpdates, AttributesToGet, ConditionalOperator."""

import pytest

from .util import N, S, expect_condition_failed, expect_validation

INVALID = "One or more parameter values were invalid: "


@pytest.fixture
def table(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("k"), "n": N(5), "s": S("abc"), "ss": {"SS": ["a", "b"]}})
    return hash_table


def put_expected(ddb, table, expected, op=None):
    args = dict(TableName=table, Item={"pk": S("k"), "n": N(5), "s": S("abc"), "ss": {"SS": ["a", "b"]}}, Expected=expected)
    if op:
        args["ConditionalOperator"] = op
    return ddb.put_item(**args)


@pytest.mark.parametrize(
    "expected",
    [
        {"n": {"Value": N(5)}},
        {"n": {"Value": N(5), "Exists": True}},
        {"absentattr": {"Exists": False}},
        {"n": {"ComparisonOperator": "EQ", "AttributeValueList": [N(5)]}},
        {"n": {"ComparisonOperator": "NE", "AttributeValueList": [N(4)]}},
        {"n": {"ComparisonOperator": "LT", "AttributeValueList": [N(6)]}},
        {"n": {"ComparisonOperator": "LE", "AttributeValueList": [N(5)]}},
        {"n": {"ComparisonOperator": "GT", "AttributeValueList": [N(4)]}},
        {"n": {"ComparisonOperator": "GE", "AttributeValueList": [N(5)]}},
        {"n": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [N(1), N(5)]}},
        {"n": {"ComparisonOperator": "IN", "AttributeValueList": [N(1), N(5)]}},
        {"n": {"ComparisonOperator": "NOT_NULL"}},
        {"absentattr": {"ComparisonOperator": "NULL"}},
        {"s": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [S("ab")]}},
        {"s": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [S("bc")]}},
        {"ss": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [S("a")]}},
        {"ss": {"ComparisonOperator": "NOT_CONTAINS", "AttributeValueList": [S("z")]}},
        {"n": {"Value": N(5)}, "s": {"Value": S("abc")}},
    ],
)
def test_expected_holds(ddb, table, expected):
    put_expected(ddb, table, expected)


@pytest.mark.parametrize(
    "expected",
    [
        {"n": {"Value": N(6)}},
        {"n": {"Exists": False}},
        {"absentattr": {"Value": N(1)}},
        {"n": {"ComparisonOperator": "GT", "AttributeValueList": [N(5)]}},
        {"n": {"ComparisonOperator": "NULL"}},
        {"n": {"ComparisonOperator": "EQ", "AttributeValueList": [S("5")]}},
        {"n": {"Value": N(5)}, "s": {"Value": S("abd")}},
    ],
)
def test_expected_fails(ddb, table, expected):
    expect_condition_failed(put_expected, ddb, table, expected)


# (dynalite fails this one; by the documented semantics of ConditionalOperator OR it holds, as the
# second condition is true.)
def test_conditional_operator_or(ddb, table):
    put_expected(ddb, table, {"n": {"Value": N(6)}, "s": {"Value": S("abc")}}, "OR")


def test_conditional_operator_and(ddb, table):
    expect_condition_failed(put_expected, ddb, table, {"n": {"Value": N(6)}, "s": {"Value": S("abc")}}, "AND")


@pytest.mark.parametrize(
    "expected,message",
    [
        ({"n": {"Value": N(5), "AttributeValueList": [N(5)]}},
         INVALID + "Value and AttributeValueList cannot be used together for Attribute: n"),
        ({"n": {"Exists": True, "ComparisonOperator": "EQ", "AttributeValueList": [N(5)]}},
         INVALID + "Exists and ComparisonOperator cannot be used together for Attribute: n"),
        ({"n": {"Exists": False, "Value": N(5)}},
         INVALID + "Value cannot be used when Exists is false for Attribute: n"),
        ({"n": {"Exists": True}},
         INVALID + "Value must be provided when Exists is true for Attribute: n"),
        ({"n": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [N(1)]}},
         INVALID + "Invalid number of argument(s) for the BETWEEN ComparisonOperator"),
        ({"n": {"ComparisonOperator": "NULL", "AttributeValueList": [N(1)]}},
         INVALID + "Invalid number of argument(s) for the NULL ComparisonOperator"),
        ({"n": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [N(5), N(1)]}},
         "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"),
    ],
)
def test_expected_errors(ddb, table, expected, message):
    expect_validation(message, put_expected, ddb, table, expected)


def test_attribute_updates_put_add_delete(ddb, table):
    resp = ddb.update_item(
        TableName=table,
        Key={"pk": S("k")},
        AttributeUpdates={
            "s": {"Action": "PUT", "Value": S("new")},
            "n": {"Action": "ADD", "Value": N(2)},
            "ss": {"Action": "DELETE", "Value": {"SS": ["a"]}},
            "fresh": {"Value": N(1)},
        },
        ReturnValues="ALL_NEW",
    )
    assert resp["Attributes"] == {"pk": S("k"), "n": N(7), "s": S("new"), "ss": {"SS": ["b"]}, "fresh": N(1)}


def test_attribute_updates_delete_attribute(ddb, table):
    resp = ddb.update_item(
        TableName=table, Key={"pk": S("k")}, AttributeUpdates={"s": {"Action": "DELETE"}}, ReturnValues="ALL_NEW"
    )
    assert "s" not in resp["Attributes"]


def test_attribute_updates_add_to_set(ddb, table):
    resp = ddb.update_item(
        TableName=table,
        Key={"pk": S("k")},
        AttributeUpdates={"ss": {"Action": "ADD", "Value": {"SS": ["c"]}}},
        ReturnValues="UPDATED_NEW",
    )
    assert sorted(resp["Attributes"]["ss"]["SS"]) == ["a", "b", "c"]


def test_attribute_updates_with_expected(ddb, table):
    expect_condition_failed(
        ddb.update_item,
        TableName=table,
        Key={"pk": S("k")},
        AttributeUpdates={"s": {"Action": "PUT", "Value": S("x")}},
        Expected={"n": {"Value": N(0)}},
    )


def test_attribute_updates_put_without_value(ddb, table):
    expect_validation(
        INVALID + "Only DELETE action is allowed when no attribute value is specified",
        ddb.update_item,
        TableName=table,
        Key={"pk": S("k")},
        AttributeUpdates={"s": {"Action": "PUT"}},
    )


def test_attribute_updates_delete_with_scalar(ddb, table):
    expect_validation(
        INVALID + "DELETE action with value is not supported for the type S",
        ddb.update_item,
        TableName=table,
        Key={"pk": S("k")},
        AttributeUpdates={"s": {"Action": "DELETE", "Value": S("abc")}},
    )


def test_attribute_updates_add_string(ddb, table):
    expect_validation(
        INVALID + "ADD action is not supported for the type S",
        ddb.update_item,
        TableName=table,
        Key={"pk": S("k")},
        AttributeUpdates={"s": {"Action": "ADD", "Value": S("x")}},
    )


def test_attribute_updates_on_key(ddb, table):
    expect_validation(
        INVALID + "Cannot update attribute pk. This attribute is part of the key",
        ddb.update_item,
        TableName=table,
        Key={"pk": S("k")},
        AttributeUpdates={"pk": {"Action": "PUT", "Value": S("x")}},
    )


def test_attributes_to_get(ddb, table):
    got = ddb.get_item(TableName=table, Key={"pk": S("k")}, AttributesToGet=["n", "absentattr"])["Item"]
    assert got == {"n": N(5)}


def test_attributes_to_get_duplicates(ddb, table):
    expect_validation(
        INVALID + "Duplicate value in attribute name: n",
        ddb.get_item,
        TableName=table,
        Key={"pk": S("k")},
        AttributesToGet=["n", "n"],
    )
