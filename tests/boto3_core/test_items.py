"""PutItem, GetItem, UpdateItem, DeleteItem: values, limits, ReturnValues, and DynamoDB's
messages for bad input (docs/research/dynamodb-messages.md, section 3)."""

import json

import pytest

from helpers import assert_error, assert_error_contains


def key(pk="a", sk="1"):
    return {"pk": {"S": pk}, "sk": {"N": sk}}


ALL_TYPES = {
    "s": {"S": "text"}, "n": {"N": "12.5"}, "b": {"B": b"\x00\x01"}, "t": {"BOOL": True}, "z": {"NULL": True},
    "m": {"M": {"x": {"S": "y"}}}, "l": {"L": [{"N": "1"}, {"S": "two"}]}, "ss": {"SS": ["p", "q"]},
    "ns": {"NS": ["1", "2"]}, "bs": {"BS": [b"\x01"]},
}


def test_every_type_round_trips(ddb, table):
    ddb.put_item(TableName=table, Item={**key(), **ALL_TYPES})
    got = ddb.get_item(TableName=table, Key=key(), ConsistentRead=True)["Item"]
    for name, value in ALL_TYPES.items():
        if name in ("ss", "ns", "bs"):
            (kind, members), = value.items()
            assert sorted(got[name][kind]) == sorted(members)
        else:
            assert got[name] == value, name


@pytest.mark.parametrize("given,returned", [("1.0", "1"), ("-0", "0"), ("0001.500", "1.5"), ("1e2", "100"), ("+7", "7")])
def test_numbers_come_back_normalized(ddb, table, given, returned):
    ddb.put_item(TableName=table, Item={**key(), "n": {"N": given}})
    assert ddb.get_item(TableName=table, Key=key())["Item"]["n"] == {"N": returned}


@pytest.mark.parametrize("text,message", [
    ("1E+126", "Number overflow. Attempting to store a number with magnitude larger than supported range"),
    ("1E-131", "Number underflow. Attempting to store a number with magnitude smaller than supported range"),
    ("123456789012345678901234567890123456789", "Attempting to store more than 38 significant digits in a Number"),
])
def test_number_limits(ddb, table, text, message):
    assert_error_contains("ValidationException", message, ddb.put_item, TableName=table, Item={**key(), "n": {"N": text}})


def test_not_a_number(ddb, table):
    assert_error_contains("ValidationException", "The parameter cannot be converted to a numeric value",
                          ddb.put_item, TableName=table, Item={**key(), "n": {"N": "twelve"}})


def test_empty_strings_allowed_outside_keys(ddb, table):
    ddb.put_item(TableName=table, Item={**key(), "e": {"S": ""}, "eb": {"B": b""}})
    assert ddb.get_item(TableName=table, Key=key())["Item"]["e"] == {"S": ""}


def test_empty_string_key_rejected(ddb, table):
    assert_error(
        "ValidationException",
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk",
        ddb.put_item, TableName=table, Item=key(pk=""),
    )


def test_key_type_mismatch(ddb, table):
    assert_error(
        "ValidationException",
        "One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S",
        ddb.put_item, TableName=table, Item={"pk": {"S": "a"}, "sk": {"S": "1"}},
    )


def test_missing_key_attribute(ddb, table):
    assert_error("ValidationException", "One or more parameter values were invalid: Missing the key sk in the item",
                 ddb.put_item, TableName=table, Item={"pk": {"S": "a"}})


def test_get_with_extra_key_attribute(ddb, table):
    assert_error("ValidationException", "The provided key element does not match the schema",
                 ddb.get_item, TableName=table, Key={**key(), "x": {"S": "y"}})


def test_item_size_limit(ddb, table):
    # pk (2 + 1) + sk (2 + 2) + "d" (1) = 8 bytes of names and keys; 409,600 is the limit.
    ddb.put_item(TableName=table, Item={**key(), "d": {"S": "x" * (409600 - 8)}})
    assert_error("ValidationException", "Item size has exceeded the maximum allowed size",
                 ddb.put_item, TableName=table, Item={**key(), "d": {"S": "x" * (409600 - 7)}})


def nested(levels):
    value = {"S": "leaf"}
    for _ in range(levels):
        value = {"M": {"a": value}}
    return value


def test_nesting_depth(ddb, table):
    ddb.put_item(TableName=table, Item={**key(), "deep": nested(31)})
    assert_error_contains("ValidationException", "Nesting Levels have exceeded supported limits",
                          ddb.put_item, TableName=table, Item={**key(), "deep": nested(32)})


@pytest.mark.parametrize("value,message", [
    ({"SS": []}, "One or more parameter values were invalid: An string set  may not be empty"),
    ({"NS": []}, "One or more parameter values were invalid: An number set  may not be empty"),
    ({"BS": []}, "One or more parameter values were invalid: Binary sets should not be empty"),
    ({}, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
    ({"S": "a", "N": "1"}, "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"),
])
def test_bad_values(ddb, table, value, message):
    assert_error_contains("ValidationException", message, ddb.put_item, TableName=table, Item={**key(), "v": value})


def test_duplicate_set_members(ddb, table):
    assert_error_contains("ValidationException", "contains duplicates", ddb.put_item, TableName=table,
                          Item={**key(), "v": {"SS": ["a", "a"]}})


def test_put_returns_old_item(ddb, table):
    ddb.put_item(TableName=table, Item={**key(), "v": {"N": "1"}})
    out = ddb.put_item(TableName=table, Item={**key(), "v": {"N": "2"}}, ReturnValues="ALL_OLD")
    assert out["Attributes"]["v"] == {"N": "1"}


def test_put_refuses_all_new(ddb, table):
    assert_error("ValidationException", "ReturnValues can only be ALL_OLD or NONE",
                 ddb.put_item, TableName=table, Item=key(), ReturnValues="ALL_NEW")


def test_return_values_enum(ddb, table):
    assert_error_contains("ValidationException", "Member must satisfy enum value set: [ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATE_NEW, NONE]",
                          ddb.update_item, TableName=table, Key=key(), ReturnValues="EVERYTHING")


@pytest.mark.parametrize("mode,expected", [
    ("ALL_OLD", {"pk": {"S": "a"}, "sk": {"N": "1"}, "a": {"N": "1"}, "b": {"S": "x"}}),
    ("UPDATED_OLD", {"a": {"N": "1"}}),
    ("ALL_NEW", {"pk": {"S": "a"}, "sk": {"N": "1"}, "a": {"N": "2"}, "b": {"S": "x"}}),
    ("UPDATED_NEW", {"a": {"N": "2"}}),
])
def test_update_return_values(ddb, table, mode, expected):
    ddb.put_item(TableName=table, Item={**key(), "a": {"N": "1"}, "b": {"S": "x"}})
    out = ddb.update_item(TableName=table, Key=key(), UpdateExpression="SET a = a + :one",
                          ExpressionAttributeValues={":one": {"N": "1"}}, ReturnValues=mode)
    assert out["Attributes"] == expected


def test_update_creates_missing_item(ddb, table):
    ddb.update_item(TableName=table, Key=key(pk="new"), UpdateExpression="SET c = :v",
                    ExpressionAttributeValues={":v": {"S": "made"}})
    assert ddb.get_item(TableName=table, Key=key(pk="new"))["Item"]["c"] == {"S": "made"}


@pytest.mark.parametrize("update", [
    {"UpdateExpression": "REMOVE a"},
    {"UpdateExpression": "REMOVE x.y, z[0]"},
    {"AttributeUpdates": {"a": {"Action": "DELETE"}}},
    {"AttributeUpdates": {"a": {"Action": "DELETE", "Value": {"NS": ["4"]}}}},
])
def test_update_that_only_removes_creates_no_item(ddb, table, update):
    out = ddb.update_item(TableName=table, Key=key(pk="absent"), ReturnValues="ALL_NEW", **update)
    assert "Attributes" not in out
    assert "Item" not in ddb.get_item(TableName=table, Key=key(pk="absent"))


def test_conditions_refuse_unorderable_literals(ddb, table):
    ddb.put_item(TableName=table, Item={**key(), "a": {"N": "1"}})
    for cond, values in [("a < :v", {":v": {"L": [{"N": "1"}]}}), (":v >= a", {":v": {"M": {}}}),
                         ("a BETWEEN :v AND :w", {":v": {"L": []}, ":w": {"L": []}})]:
        assert_error_contains("ValidationException", "Incorrect operand type for operator or function",
                              ddb.update_item, TableName=table, Key=key(), UpdateExpression="SET z = :z",
                              ConditionExpression=cond, ExpressionAttributeValues={**values, ":z": {"N": "2"}})


@pytest.mark.parametrize("function", ["if_not_exists(a, a) = :v", "list_append(a, a) = :v"])
def test_update_functions_are_misplaced_in_conditions(ddb, table, function):
    assert_error("ValidationException", "Invalid ConditionExpression: The function is not allowed to be used this way "
                 f"in an expression; function: {function.split('(')[0]}", ddb.put_item, TableName=table,
                 Item=key(), ConditionExpression=function, ExpressionAttributeValues={":v": {"N": "5"}})


def test_projection_paths_nest_at_most_32_levels(ddb, table):
    ddb.put_item(TableName=table, Item=key())
    assert "Item" in ddb.get_item(TableName=table, Key=key(), ProjectionExpression="a" + ".b" * 31)
    assert_error("ValidationException", "Invalid ProjectionExpression: The document path has too many nesting "
                 "levels; nesting levels: 33", ddb.get_item, TableName=table, Key=key(),
                 ProjectionExpression="a" + ".b" * 32)


def test_legacy_not_contains_fails_on_a_missing_attribute(ddb, table):
    ddb.put_item(TableName=table, Item=key())
    assert_error("ConditionalCheckFailedException", "The conditional request failed", ddb.put_item,
                 TableName=table, Item=key(),
                 Expected={"q": {"ComparisonOperator": "NOT_CONTAINS", "AttributeValueList": [{"N": "1"}]}})


@pytest.mark.parametrize("expected,message", [
    (None, "ConditionalOperator cannot be used without Filter or Expected"),
    ({}, "ConditionalOperator can only be used when Filter or Expected has two or more elements"),
])
def test_conditional_operator_needs_conditions(ddb, table, expected, message):
    extra = {} if expected is None else {"Expected": expected}
    assert_error("ValidationException", message, ddb.put_item, TableName=table, Item=key(),
                 ConditionalOperator="OR", **extra)


def test_attribute_names_are_at_most_65535_bytes(ddb, table):
    ddb.put_item(TableName=table, Item={**key(), "n" * 65535: {"S": "x"}})
    long = "n" * 65536
    message = "Attribute name is too large, must be less than 65536 bytes"
    assert_error("ValidationException", message, ddb.put_item, TableName=table, Item={**key(), long: {"S": "x"}})
    assert_error_contains("ValidationException", message, ddb.get_item, TableName=table, Key=key(),
                          ProjectionExpression="#n", ExpressionAttributeNames={"#n": long})
    assert_error("ValidationException", message, ddb.update_item, TableName=table, Key=key(),
                 AttributeUpdates={long: {"Value": {"S": "x"}, "Action": "PUT"}})


def test_conditions_nest_as_deep_as_the_operator_limit_allows(ddb, table):
    ddb.put_item(TableName=table, Item={**key(), "a": {"N": "1"}, "b": {"N": "2"}})
    deep = "a<b " + "or (a<b " * 149 + ")" * 149
    ddb.update_item(TableName=table, Key=key(), UpdateExpression="SET z = :one", ConditionExpression=deep,
                    ExpressionAttributeValues={":one": {"N": "1"}})
    assert ddb.get_item(TableName=table, Key=key())["Item"]["z"] == {"N": "1"}


def test_delete_returns_old_item(ddb, table):
    ddb.put_item(TableName=table, Item={**key(), "v": {"S": "bye"}})
    out = ddb.delete_item(TableName=table, Key=key(), ReturnValues="ALL_OLD")
    assert out["Attributes"]["v"] == {"S": "bye"}
    assert "Item" not in ddb.get_item(TableName=table, Key=key())


def test_consumed_capacity_total(ddb, table):
    # 3 (pk) + 3 (sk) + 1 + 2000 = 2007 bytes -> 2 write units; strongly consistent read 1 unit.
    out = ddb.put_item(TableName=table, Item={**key(), "d": {"S": "x" * 2000}}, ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": 2.0, "WriteCapacityUnits": 2.0}
    out = ddb.get_item(TableName=table, Key=key(), ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"]["CapacityUnits"] == 1.0
