"""Condition, update and projection expressions through boto3, with DynamoDB's messages
(docs/research/dynamodb-messages.md, section 5)."""

import pytest

from helpers import assert_error, assert_error_contains


def key():
    return {"pk": {"S": "k"}, "sk": {"N": "1"}}


@pytest.fixture
def item(ddb, table):
    ddb.put_item(TableName=table, Item={**key(), "n": {"N": "5"}, "s": {"S": "hello"}, "l": {"L": [{"N": "1"}, {"N": "2"}]},
                                        "tags": {"SS": ["a", "b"]}, "m": {"M": {"x": {"N": "1"}}}})
    return table


@pytest.mark.parametrize("expr", [
    "n = :five", "n BETWEEN :four AND :six", "n IN (:four, :five)", "begins_with(s, :he)", "contains(tags, :a)",
    "size(l) = :two", "attribute_exists(m.x) AND attribute_not_exists(m.y)", "NOT n < :four", "n > :six OR s = :hello",
    "attribute_type(s, :S)", "attribute_type(:five, :N)",
])
def test_conditions_that_hold(ddb, item, expr):
    values = {":five": {"N": "5"}, ":four": {"N": "4"}, ":six": {"N": "6"}, ":he": {"S": "he"}, ":a": {"S": "a"},
              ":two": {"N": "2"}, ":hello": {"S": "hello"}, ":S": {"S": "S"}, ":N": {"S": "N"}}
    words = set(expr.replace("(", " ").replace(")", " ").replace(",", " ").split())
    used = {k: v for k, v in values.items() if k in words}
    ddb.update_item(TableName=item, Key=key(), UpdateExpression="SET touched = :t", ConditionExpression=expr,
                    ExpressionAttributeValues={**used, ":t": {"BOOL": True}})


def test_failed_condition_returns_item_when_asked(ddb, item):
    try:
        ddb.put_item(TableName=item, Item=key(), ConditionExpression="attribute_not_exists(pk)",
                     ReturnValuesOnConditionCheckFailure="ALL_OLD")
        raise AssertionError("expected ConditionalCheckFailedException")
    except ddb.exceptions.ConditionalCheckFailedException as e:
        assert e.response["Error"]["Message"] == "The conditional request failed"
        assert e.response["Item"]["n"] == {"N": "5"}


def test_reserved_word(ddb, item):
    assert_error("ValidationException",
                 "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status",
                 ddb.update_item, TableName=item, Key=key(), UpdateExpression="SET status = :v",
                 ExpressionAttributeValues={":v": {"S": "x"}})


def test_undefined_value(ddb, item):
    assert_error("ValidationException",
                 "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :nope",
                 ddb.delete_item, TableName=item, Key=key(), ConditionExpression="n = :nope")


def test_unused_name(ddb, item):
    assert_error("ValidationException", "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}",
                 ddb.delete_item, TableName=item, Key=key(), ConditionExpression="attribute_exists(n)",
                 ExpressionAttributeNames={"#unused": "x"})


def test_syntax_error(ddb, item):
    assert_error_contains("ValidationException", "Invalid ConditionExpression: Syntax error; token:",
                          ddb.delete_item, TableName=item, Key=key(), ConditionExpression="n = = :v",
                          ExpressionAttributeValues={":v": {"N": "1"}})


def test_update_clauses(ddb, item):
    out = ddb.update_item(
        TableName=item, Key=key(),
        UpdateExpression="SET n = n - :one, l = list_append(l, :more), f = if_not_exists(f, :one) REMOVE m.x ADD c :one, more_tags :c DELETE tags :a",
        ExpressionAttributeValues={":one": {"N": "1"}, ":more": {"L": [{"N": "3"}]}, ":c": {"SS": ["c"]}, ":a": {"SS": ["a"]}},
        ReturnValues="ALL_NEW",
    )["Attributes"]
    assert out["n"] == {"N": "4"}
    assert out["l"] == {"L": [{"N": "1"}, {"N": "2"}, {"N": "3"}]}
    assert out["f"] == {"N": "1"} and out["c"] == {"N": "1"}
    assert out["m"] == {"M": {}}
    assert out["tags"] == {"SS": ["b"]}
    assert out["more_tags"] == {"SS": ["c"]}


def test_remove_list_element(ddb, item):
    out = ddb.update_item(TableName=item, Key=key(), UpdateExpression="REMOVE l[0]", ReturnValues="ALL_NEW")
    assert out["Attributes"]["l"] == {"L": [{"N": "2"}]}


def test_key_attributes_cannot_be_updated(ddb, item):
    assert_error("ValidationException",
                 "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key",
                 ddb.update_item, TableName=item, Key=key(), UpdateExpression="SET pk = :v",
                 ExpressionAttributeValues={":v": {"S": "x"}})


def test_overlapping_paths(ddb, item):
    assert_error_contains("ValidationException", "Two document paths overlap with each other",
                          ddb.update_item, TableName=item, Key=key(), UpdateExpression="SET m = :v REMOVE m.x",
                          ExpressionAttributeValues={":v": {"N": "1"}})


def test_wrong_operand_type_at_runtime(ddb, item):
    assert_error("ValidationException", "An operand in the update expression has an incorrect data type",
                 ddb.update_item, TableName=item, Key=key(), UpdateExpression="SET s = s + :one",
                 ExpressionAttributeValues={":one": {"N": "1"}})


def test_projection_nested_and_indexes(ddb, item):
    got = ddb.get_item(TableName=item, Key=key(), ProjectionExpression="m.x, l[1], #s",
                       ExpressionAttributeNames={"#s": "s"})["Item"]
    assert got == {"m": {"M": {"x": {"N": "1"}}}, "l": {"L": [{"N": "2"}]}, "s": {"S": "hello"}}


def test_legacy_parameters(ddb, item):
    ddb.update_item(TableName=item, Key=key(), AttributeUpdates={"n": {"Action": "ADD", "Value": {"N": "10"}}},
                    Expected={"s": {"Value": {"S": "hello"}}})
    got = ddb.get_item(TableName=item, Key=key(), AttributesToGet=["n"])["Item"]
    assert got == {"n": {"N": "15"}}
    assert_error_contains("ConditionalCheckFailedException", "The conditional request failed",
                          ddb.delete_item, TableName=item, Key=key(), Expected={"n": {"ComparisonOperator": "LT", "AttributeValueList": [{"N": "1"}]}})


def test_legacy_and_expression_together(ddb, item):
    assert_error(
        "ValidationException",
        "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}",
        ddb.delete_item, TableName=item, Key=key(), Expected={"n": {"Exists": True, "Value": {"N": "5"}}},
        ConditionExpression="attribute_exists(n)",
    )


@pytest.mark.parametrize("op", ["+", "-"])
def test_arithmetic_beyond_38_digits_is_an_overflow(ddb, item, op):
    # DynamoDB's own (odd) words for a result that needs more digits than it keeps.
    assert_error("ValidationException", "Number overflow. Attempting to store a number with magnitude larger than "
                 "supported range", ddb.update_item, TableName=item, Key=key(), UpdateExpression=f"SET b = :big {op} :one",
                 ExpressionAttributeValues={":big": {"N": "1e50"}, ":one": {"N": "1"}})
