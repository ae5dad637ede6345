"""TransactWriteItems / TransactGetItems: all or nothing, cancellation reasons, limits,
ClientRequestToken (docs/research/dynamodb-messages.md §6.4). (ConsumedCapacity:
test_capacity.py.)"""

from expect import CANCELED, N, S, error, expect_error, range_key, uid, validation


def K(pk):
    return {"pk": S(pk)}


def get(ddb, table, pk):
    return ddb.get_item(TableName=table, Key=K(pk), ConsistentRead=True).get("Item")


def test_write_all_kinds(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("upd"), "n": N(1)})
    ddb.put_item(TableName=hash_table, Item={"pk": S("del")})
    ddb.put_item(TableName=hash_table, Item={"pk": S("chk"), "ok": {"BOOL": True}})
    ddb.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": hash_table, "Item": {"pk": S("new"), "v": S("x")}}},
            {"Update": {"TableName": hash_table, "Key": K("upd"), "UpdateExpression": "SET n = n + :one", "ExpressionAttributeValues": {":one": N(1)}}},
            {"Delete": {"TableName": hash_table, "Key": K("del")}},
            {"ConditionCheck": {"TableName": hash_table, "Key": K("chk"), "ConditionExpression": "ok = :t", "ExpressionAttributeValues": {":t": {"BOOL": True}}}},
        ]
    )
    assert get(ddb, hash_table, "new") == {"pk": S("new"), "v": S("x")}
    assert get(ddb, hash_table, "upd")["n"] == N(2)
    assert get(ddb, hash_table, "del") is None


def test_transaction_commits_all(ddb, range_table):
    ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": range_table, "Item": {**range_key("a"), "v": {"N": "1"}}}},
        {"Put": {"TableName": range_table, "Item": {**range_key("b"), "v": {"N": "2"}}}},
    ])
    out = ddb.transact_get_items(TransactItems=[{"Get": {"TableName": range_table, "Key": range_key("a")}},
                                                {"Get": {"TableName": range_table, "Key": range_key("b")}}])
    assert [r["Item"]["v"]["N"] for r in out["Responses"]] == ["1", "2"]


def test_two_tables(ddb, hash_table, range_table):
    ddb.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": hash_table, "Item": K("a")}},
            {"Put": {"TableName": range_table, "Item": {"pk": S("a"), "sk": N(1)}}},
        ]
    )
    r = ddb.transact_get_items(
        TransactItems=[
            {"Get": {"TableName": hash_table, "Key": K("a")}},
            {"Get": {"TableName": range_table, "Key": {"pk": S("a"), "sk": N(1)}}},
            {"Get": {"TableName": hash_table, "Key": K("missing")}},
        ]
    )
    assert r["Responses"][0] == {"Item": K("a")}
    assert r["Responses"][1] == {"Item": {"pk": S("a"), "sk": N(1)}}
    assert r["Responses"][2] == {}


def test_get_projection(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("a"), "x": N(1), "y": N(2)})
    r = ddb.transact_get_items(TransactItems=[{"Get": {"TableName": hash_table, "Key": K("a"), "ProjectionExpression": "y"}}])
    assert r["Responses"] == [{"Item": {"y": N(2)}}]


# --- cancellation -----------------------------------------------------------------------------


def test_cancellation_reasons_and_nothing_written(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("exists")})
    with error(
        CANCELED,
        exact="Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]",
    ) as e:
        ddb.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": hash_table, "Item": {"pk": S("fresh")}}},
                {"Put": {"TableName": hash_table, "Item": {"pk": S("exists")}, "ConditionExpression": "attribute_not_exists(pk)"}},
            ]
        )
    reasons = e.response["CancellationReasons"]
    assert reasons[0]["Code"] == "None"
    assert reasons[1]["Code"] == "ConditionalCheckFailed"
    assert reasons[1]["Message"] == "The conditional request failed"
    assert get(ddb, hash_table, "fresh") is None


def test_cancellation_returns_old_item(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("c"), "v": N(1)})
    with error(CANCELED) as e:
        ddb.transact_write_items(
            TransactItems=[
                {"ConditionCheck": {"TableName": hash_table, "Key": K("c"), "ConditionExpression": "v = :two",
                                    "ExpressionAttributeValues": {":two": N(2)}, "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
            ]
        )
    assert e.response["CancellationReasons"][0]["Item"] == {"pk": S("c"), "v": N(1)}


def test_several_failures_reported_in_order(ddb, hash_table):
    with error(CANCELED, contains="[ConditionalCheckFailed, None, ConditionalCheckFailed]"):
        ddb.transact_write_items(
            TransactItems=[
                {"ConditionCheck": {"TableName": hash_table, "Key": K("a"), "ConditionExpression": "attribute_exists(pk)"}},
                {"Put": {"TableName": hash_table, "Item": K("b")}},
                {"Delete": {"TableName": hash_table, "Key": K("c"), "ConditionExpression": "attribute_exists(pk)"}},
            ]
        )


def test_update_condition_in_transaction(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("a"), "v": N(1)})
    with error(CANCELED):
        ddb.transact_write_items(
            TransactItems=[{"Update": {"TableName": hash_table, "Key": K("a"), "UpdateExpression": "SET v = :n",
                                       "ConditionExpression": "v = :old", "ExpressionAttributeValues": {":n": N(5), ":old": N(9)}}}]
        )
    assert get(ddb, hash_table, "a")["v"] == N(1)


def test_key_type_mismatch_is_validation_error_reason(ddb, hash_table):
    # [AWS] inside a transaction a schema mismatch cancels with a ValidationError reason.
    with error(CANCELED, contains="[ValidationError]") as e:
        ddb.transact_write_items(TransactItems=[{"Delete": {"TableName": hash_table, "Key": {"pk": N(1)}}}])
    assert e.response["CancellationReasons"][0]["Code"] == "ValidationError"
    assert e.response["CancellationReasons"][0]["Message"] == "The provided key element does not match the schema"


def test_mistyped_put_key_cancels_with_a_validation_error(ddb, range_table):
    try:
        ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": range_table, "Item": {"pk": {"N": "7"}, "sk": {"N": "1"}}}},
            {"Put": {"TableName": range_table, "Item": range_key("fine")}},
        ])
        raise AssertionError("expected TransactionCanceledException")
    except ddb.exceptions.TransactionCanceledException as e:
        reasons = e.response["CancellationReasons"]
        assert [r["Code"] for r in reasons] == ["ValidationError", "None"]
        assert "Type mismatch for key pk" in reasons[0]["Message"]
    assert "Item" not in ddb.get_item(TableName=range_table, Key=range_key("fine"))


# --- validation and limits ----------------------------------------------------------------------


def test_one_item_twice(ddb, hash_table):
    with validation(contains="Transaction request cannot include multiple operations on one item"):
        ddb.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": hash_table, "Item": K("same")}},
                {"Update": {"TableName": hash_table, "Key": K("same"), "UpdateExpression": "SET v = :v", "ExpressionAttributeValues": {":v": N(1)}}},
            ]
        )
    assert get(ddb, hash_table, "same") is None


def test_transaction_one_item_twice(ddb, range_table):
    expect_error("ValidationException", "Transaction request cannot include multiple operations on one item",
                 ddb.transact_write_items, TransactItems=[
                     {"Put": {"TableName": range_table, "Item": range_key("a")}},
                     {"Delete": {"TableName": range_table, "Key": range_key("a")}}])


def test_more_than_100_actions(ddb, hash_table):
    with validation(contains="Member must have length less than or equal to 100"):
        ddb.transact_write_items(TransactItems=[{"Put": {"TableName": hash_table, "Item": K(f"i{i}")}} for i in range(101)])


def test_100_actions_ok(ddb, hash_table):
    ddb.transact_write_items(TransactItems=[{"Put": {"TableName": hash_table, "Item": K(f"i{i}")}} for i in range(100)])
    assert ddb.scan(TableName=hash_table, Select="COUNT")["Count"] == 100


def test_get_more_than_100(ddb, hash_table):
    with validation(contains="Member must have length less than or equal to 100"):
        ddb.transact_get_items(TransactItems=[{"Get": {"TableName": hash_table, "Key": K(f"k{i}")}} for i in range(101)])


def test_transaction_over_4mb_is_refused_whole(ddb, range_table):
    # Eleven items of about 390 KB each pass the 400 KB item limit but not the 4 MB aggregate.
    big = "x" * (390 * 1024)
    items = [{"Put": {"TableName": range_table, "Item": {**range_key(f"big{i}"), "blob": {"S": big}}}} for i in range(11)]
    expect_error("ValidationException", "Transaction size cannot exceed 4 MB",
                 ddb.transact_write_items, TransactItems=items)
    assert "Item" not in ddb.get_item(TableName=range_table, Key=range_key("big0"))
    # Ten of them (about 3.8 MB) are within the limit.
    ddb.transact_write_items(TransactItems=items[:10])
    assert "Item" in ddb.get_item(TableName=range_table, Key=range_key("big9"))


def test_action_with_two_kinds(ddb, hash_table):
    with validation(contains="TransactItems can only contain one of Check, Put, Update or Delete"):
        ddb.transact_write_items(
            TransactItems=[{"Put": {"TableName": hash_table, "Item": K("a")}, "Delete": {"TableName": hash_table, "Key": K("a")}}]
        )


def test_empty_string_key_is_top_level(ddb, hash_table):
    with validation(contains="The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"):
        ddb.transact_write_items(TransactItems=[{"Put": {"TableName": hash_table, "Item": {"pk": S("")}}}])


def test_missing_table(ddb):
    with error("ResourceNotFoundException", contains="Requested resource not found"):
        ddb.transact_write_items(TransactItems=[{"Put": {"TableName": "nope-" + uid(), "Item": K("a")}}])


# --- ClientRequestToken ---------------------------------------------------------------------------


def test_idempotent_token(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("ctr"), "n": N(0)})
    items = [{"Update": {"TableName": hash_table, "Key": K("ctr"), "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": N(1)}}}]
    token = "tok-" + uid()
    ddb.transact_write_items(TransactItems=items, ClientRequestToken=token)
    ddb.transact_write_items(TransactItems=items, ClientRequestToken=token)
    assert get(ddb, hash_table, "ctr")["n"] == N(1)


def test_idempotent_token_mismatch(ddb, hash_table):
    token = "tok-" + uid()
    ddb.transact_write_items(TransactItems=[{"Put": {"TableName": hash_table, "Item": K("a")}}], ClientRequestToken=token)
    with error("IdempotentParameterMismatchException"):
        ddb.transact_write_items(TransactItems=[{"Put": {"TableName": hash_table, "Item": K("b")}}], ClientRequestToken=token)


# Source for the cases below: nubo-db/dynamodb-conformance tier-3 error-message tests, which
# pass against DynamoDB (results/dynamodb.json); replayed in docs/research/conformance-replay-nubo.md.


def indexed_table(make_table):
    """Three indexes keyed on k: gsi1, gsi2 and lsi1; and a GSI on a binary attribute b."""
    return make_table(
        [("pk", "S", "HASH"), ("sk", "S", "RANGE")],
        extra_attrs=[("k", "S"), ("b", "B")],
        LocalSecondaryIndexes=[{"IndexName": "lsi1", "Projection": {"ProjectionType": "ALL"},
                                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                              {"AttributeName": "k", "KeyType": "RANGE"}]}],
        GlobalSecondaryIndexes=[
            {"IndexName": "gsi2", "Projection": {"ProjectionType": "ALL"},
             "KeySchema": [{"AttributeName": "k", "KeyType": "HASH"}]},
            {"IndexName": "gsi1", "Projection": {"ProjectionType": "ALL"},
             "KeySchema": [{"AttributeName": "k", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]},
            {"IndexName": "gsib", "Projection": {"ProjectionType": "ALL"},
             "KeySchema": [{"AttributeName": "b", "KeyType": "HASH"}]},
        ],
    )


def test_a_put_with_a_mistyped_index_key_cancels_at_that_action(ddb, make_table):
    name = indexed_table(make_table)
    with error(CANCELED) as e:
        ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": name, "Item": {"pk": S("a"), "sk": S("1")}}},
            {"Put": {"TableName": name, "Item": {"pk": S("a"), "sk": S("2"), "k": N(1)}}},
        ])
    reasons = e.response["CancellationReasons"]
    assert [r["Code"] for r in reasons] == ["None", "ValidationError"]
    assert reasons[1]["Message"] == ("One or more parameter values were invalid: Type mismatch for Index Key k "
                                     "Expected: S Actual: N IndexName: gsi1")
    assert "Item" not in ddb.get_item(TableName=name, Key={"pk": S("a"), "sk": S("1")})


def test_index_key_errors_name_the_alphabetically_first_index(ddb, make_table):
    name = indexed_table(make_table)
    with validation(exact="One or more parameter values were invalid: Type mismatch for Index Key k "
                          "Expected: S Actual: N IndexName: gsi1"):
        ddb.put_item(TableName=name, Item={"pk": S("a"), "sk": S("1"), "k": N(1)})
    with validation(exact="One or more parameter values are not valid. A value specified for a secondary index key "
                          "is not supported. The AttributeValue for a key attribute cannot contain an empty binary "
                          "value. IndexName: gsib, IndexKey: b"):
        ddb.put_item(TableName=name, Item={"pk": S("a"), "sk": S("1"), "b": {"B": b""}})


def test_a_get_with_a_misshapen_key_cancels_at_that_action(ddb, hash_table):
    with error(CANCELED) as e:
        ddb.transact_get_items(TransactItems=[
            {"Get": {"TableName": hash_table, "Key": K("x")}},
            {"Get": {"TableName": hash_table, "Key": {}}},
        ])
    assert [r["Code"] for r in e.response["CancellationReasons"]] == ["None", "ValidationError"]


def test_an_update_giving_an_index_key_the_wrong_type_cancels_at_that_action(ddb, make_table):
    name = indexed_table(make_table)
    ddb.put_item(TableName=name, Item={"pk": S("a"), "sk": S("1")})
    with error(CANCELED) as e:
        ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": name, "Item": {"pk": S("a"), "sk": S("2")}}},
            {"Update": {"TableName": name, "Key": {"pk": S("a"), "sk": S("1")},
                        "UpdateExpression": "SET k = :v", "ExpressionAttributeValues": {":v": N(1)}}},
        ])
    reasons = e.response["CancellationReasons"]
    assert [r["Code"] for r in reasons] == ["None", "ValidationError"]
    assert reasons[1]["Message"].endswith("Type mismatch for Index Key k Expected: S Actual: N IndexName: gsi1")


def test_an_update_emptying_an_index_key_is_refused(ddb, make_table):
    name = indexed_table(make_table)
    ddb.put_item(TableName=name, Item={"pk": S("a"), "sk": S("1")})
    for attr, value, kind in (("k", S(""), "string"), ("b", {"B": b""}, "binary")):
        with validation(exact="One or more parameter values are not valid. The update expression attempted to update a "
                              "secondary index key to a value that is not supported. The AttributeValue for a key "
                              f"attribute cannot contain an empty {kind} value."):
            ddb.transact_write_items(TransactItems=[
                {"Update": {"TableName": name, "Key": {"pk": S("a"), "sk": S("1")},
                            "UpdateExpression": f"SET {attr} = :v", "ExpressionAttributeValues": {":v": value}}},
            ])


# --- checks in request order (paritysuite/dynamodb-conformance, validation-ordering, run
# against AWS in 2026): each action's item is checked, names before nesting, in request order,
# and the first fault wins; values nested far past 32 levels are read and refused, not
# unreadable.

NESTING = ("Nesting Levels have exceeded supported limits: Attributes in the item have nested levels "
           "beyond supported limit")


def _nested(levels):
    value = S("x")
    for _ in range(levels):
        value = {"M": {"a": value}}
    return value


def test_actions_are_checked_in_order_names_before_nesting(ddb, hash_table):
    empty_name = {"Put": {"TableName": hash_table, "Item": {"pk": S("a"), "": S("x")}}}
    deep_put = {"Put": {"TableName": hash_table, "Item": {"pk": S("b"), "d": _nested(100)}}}
    expect_error("ValidationException", "Empty attribute name", ddb.transact_write_items,
                 TransactItems=[empty_name, deep_put])
    for item in ({"pk": S("a"), "": S("x"), "d": _nested(100)}, {"pk": S("a"), "d": _nested(100), "": S("x")}):
        expect_error("ValidationException", "Empty attribute name", ddb.transact_write_items,
                     TransactItems=[{"Put": {"TableName": hash_table, "Item": item}}])
    deep_check = {"ConditionCheck": {"TableName": hash_table, "Key": {"pk": S("b")},
                                     "ConditionExpression": "d = :deep",
                                     "ExpressionAttributeValues": {":deep": _nested(100)}}}
    expect_error("ValidationException", "Empty attribute name", ddb.transact_write_items,
                 TransactItems=[empty_name, deep_check])
    deep40_put = {"Put": {"TableName": hash_table, "Item": {"pk": S("b"), "d": _nested(40)}}}
    expect_error("ValidationException", NESTING, ddb.transact_write_items, TransactItems=[deep40_put, empty_name])
    # An empty key inside a map is no attribute name: the nesting is reported.
    inner = {"pk": S("a"), "m": {"M": {"": S("x")}}, "d": _nested(40)}
    expect_error("ValidationException", NESTING, ddb.transact_write_items,
                 TransactItems=[{"Put": {"TableName": hash_table, "Item": inner}}])
    deep40_check = {"ConditionCheck": {"TableName": hash_table, "Key": {"pk": S("b")},
                                       "ConditionExpression": "d = :deep",
                                       "ExpressionAttributeValues": {":deep": _nested(40)}}}
    # The suite accepts this bare form or one wrapped in "ExpressionAttributeValues contains
    # invalid value: ... for key :deep"; ddb answers as UpdateItem's AWS captures do.
    expect_error("ValidationException", NESTING, ddb.transact_write_items,
                 TransactItems=[deep40_check, empty_name])
    assert "Item" not in ddb.get_item(TableName=hash_table, Key={"pk": S("a")})


def test_action_with_no_kind(ddb, hash_table):
    # paritysuite/dynamodb-conformance error-messages transactWriteItems (run against AWS in
    # 2026) accepts this text or a constraint form.
    expect_error("ValidationException",
                 "Invalid Request: TransactWriteRequest should contain Delete or Put or Update request",
                 ddb.transact_write_items, TransactItems=[{}])
