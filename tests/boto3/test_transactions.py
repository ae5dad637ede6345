"""TransactWriteItems / TransactGetItems (dynamodb-messages.md §6.4)."""

import pytest

from b3util import CANCELED, error, validation, uid


def S(x):
    return {"S": x}


def N(x):
    return {"N": str(x)}


def K(pk):
    return {"pk": S(pk)}


def get(ddb, table, pk):
    return ddb.get_item(TableName=table, Key=K(pk), ConsistentRead=True).get("Item")


def test_write_all_kinds(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": S("upd"), "n": N(1)})
    ddb.put_item(TableName=table, Item={"pk": S("del")})
    ddb.put_item(TableName=table, Item={"pk": S("chk"), "ok": {"BOOL": True}})
    ddb.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": table, "Item": {"pk": S("new"), "v": S("x")}}},
            {"Update": {"TableName": table, "Key": K("upd"), "UpdateExpression": "SET n = n + :one", "ExpressionAttributeValues": {":one": N(1)}}},
            {"Delete": {"TableName": table, "Key": K("del")}},
            {"ConditionCheck": {"TableName": table, "Key": K("chk"), "ConditionExpression": "ok = :t", "ExpressionAttributeValues": {":t": {"BOOL": True}}}},
        ]
    )
    assert get(ddb, table, "new") == {"pk": S("new"), "v": S("x")}
    assert get(ddb, table, "upd")["n"] == N(2)
    assert get(ddb, table, "del") is None


def test_cancellation_reasons_and_nothing_written(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": S("exists")})
    with error(
        CANCELED,
        exact="Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]",
    ) as e:
        ddb.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": table, "Item": {"pk": S("fresh")}}},
                {"Put": {"TableName": table, "Item": {"pk": S("exists")}, "ConditionExpression": "attribute_not_exists(pk)"}},
            ]
        )
    reasons = e.response["CancellationReasons"]
    assert reasons[0]["Code"] == "None"
    assert reasons[1]["Code"] == "ConditionalCheckFailed"
    assert reasons[1]["Message"] == "The conditional request failed"
    assert get(ddb, table, "fresh") is None


def test_cancellation_returns_old_item(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": S("c"), "v": N(1)})
    with error(CANCELED) as e:
        ddb.transact_write_items(
            TransactItems=[
                {"ConditionCheck": {"TableName": table, "Key": K("c"), "ConditionExpression": "v = :two",
                                    "ExpressionAttributeValues": {":two": N(2)}, "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
            ]
        )
    assert e.response["CancellationReasons"][0]["Item"] == {"pk": S("c"), "v": N(1)}


def test_several_failures_reported_in_order(ddb, table):
    with error(CANCELED, contains="[ConditionalCheckFailed, None, ConditionalCheckFailed]"):
        ddb.transact_write_items(
            TransactItems=[
                {"ConditionCheck": {"TableName": table, "Key": K("a"), "ConditionExpression": "attribute_exists(pk)"}},
                {"Put": {"TableName": table, "Item": K("b")}},
                {"Delete": {"TableName": table, "Key": K("c"), "ConditionExpression": "attribute_exists(pk)"}},
            ]
        )


def test_one_item_twice(ddb, table):
    with validation(contains="Transaction request cannot include multiple operations on one item"):
        ddb.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": table, "Item": K("same")}},
                {"Update": {"TableName": table, "Key": K("same"), "UpdateExpression": "SET v = :v", "ExpressionAttributeValues": {":v": N(1)}}},
            ]
        )
    assert get(ddb, table, "same") is None


def test_more_than_100_actions(ddb, table):
    with validation(contains="Member must have length less than or equal to 100"):
        ddb.transact_write_items(TransactItems=[{"Put": {"TableName": table, "Item": K(f"i{i}")}} for i in range(101)])


def test_100_actions_ok(ddb, table):
    ddb.transact_write_items(TransactItems=[{"Put": {"TableName": table, "Item": K(f"i{i}")}} for i in range(100)])
    assert ddb.scan(TableName=table, Select="COUNT")["Count"] == 100


def test_action_with_two_kinds(ddb, table):
    with validation(contains="TransactItems can only contain one of Check, Put, Update or Delete"):
        ddb.transact_write_items(
            TransactItems=[{"Put": {"TableName": table, "Item": K("a")}, "Delete": {"TableName": table, "Key": K("a")}}]
        )


def test_key_type_mismatch_is_validation_error_reason(ddb, table):
    # [AWS] inside a transaction a schema mismatch cancels with a ValidationError reason.
    with error(CANCELED, contains="[ValidationError]") as e:
        ddb.transact_write_items(TransactItems=[{"Delete": {"TableName": table, "Key": {"pk": N(1)}}}])
    assert e.response["CancellationReasons"][0]["Code"] == "ValidationError"
    assert e.response["CancellationReasons"][0]["Message"] == "The provided key element does not match the schema"


def test_empty_string_key_is_top_level(ddb, table):
    with validation(contains="The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"):
        ddb.transact_write_items(TransactItems=[{"Put": {"TableName": table, "Item": {"pk": S("")}}}])


def test_missing_table(ddb):
    with error("ResourceNotFoundException", contains="Requested resource not found"):
        ddb.transact_write_items(TransactItems=[{"Put": {"TableName": "nope-" + uid(), "Item": K("a")}}])


def test_two_tables(ddb, table, table2):
    ddb.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": table, "Item": K("a")}},
            {"Put": {"TableName": table2, "Item": {"pk": S("a"), "sk": N(1)}}},
        ]
    )
    r = ddb.transact_get_items(
        TransactItems=[
            {"Get": {"TableName": table, "Key": K("a")}},
            {"Get": {"TableName": table2, "Key": {"pk": S("a"), "sk": N(1)}}},
            {"Get": {"TableName": table, "Key": K("missing")}},
        ]
    )
    assert r["Responses"][0] == {"Item": K("a")}
    assert r["Responses"][1] == {"Item": {"pk": S("a"), "sk": N(1)}}
    assert r["Responses"][2] == {}


def test_get_projection(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": S("a"), "x": N(1), "y": N(2)})
    r = ddb.transact_get_items(TransactItems=[{"Get": {"TableName": table, "Key": K("a"), "ProjectionExpression": "y"}}])
    assert r["Responses"] == [{"Item": {"y": N(2)}}]


def test_get_more_than_100(ddb, table):
    with validation(contains="Member must have length less than or equal to 100"):
        ddb.transact_get_items(TransactItems=[{"Get": {"TableName": table, "Key": K(f"k{i}")}} for i in range(101)])


def test_idempotent_token(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": S("ctr"), "n": N(0)})
    items = [{"Update": {"TableName": table, "Key": K("ctr"), "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": N(1)}}}]
    token = "tok-" + uid()
    ddb.transact_write_items(TransactItems=items, ClientRequestToken=token)
    ddb.transact_write_items(TransactItems=items, ClientRequestToken=token)
    assert get(ddb, table, "ctr")["n"] == N(1)


def test_idempotent_token_mismatch(ddb, table):
    token = "tok-" + uid()
    ddb.transact_write_items(TransactItems=[{"Put": {"TableName": table, "Item": K("a")}}], ClientRequestToken=token)
    with error("IdempotentParameterMismatchException"):
        ddb.transact_write_items(TransactItems=[{"Put": {"TableName": table, "Item": K("b")}}], ClientRequestToken=token)


def test_update_condition_in_transaction(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": S("a"), "v": N(1)})
    with error(CANCELED):
        ddb.transact_write_items(
            TransactItems=[{"Update": {"TableName": table, "Key": K("a"), "UpdateExpression": "SET v = :n",
                                       "ConditionExpression": "v = :old", "ExpressionAttributeValues": {":n": N(5), ":old": N(9)}}}]
        )
    assert get(ddb, table, "a")["v"] == N(1)
