"""PutItem / GetItem / UpdateItem / DeleteItem: round trips, ReturnValues, the ten types,
numbers, keys, sizes and nesting, and DynamoDB's messages for bad input.
(ConsumedCapacity: test_capacity.py; conditions: test_conditions.py.)

Messages: docs/research/dynamodb-messages.md §3 (tags beside each test). Number limits and
allowed spellings: scylladb alternator test_number.py (run against DynamoDB).
"""

import base64

import pytest

from expect import (
    N,
    NOT_FOUND,
    S,
    error,
    error_type,
    expect_error,
    expect_error_contains,
    expect_validation,
    expect_validation_contains,
    range_key,
    raw_post,
    uid,
    validation,
)

INVALID = "One or more parameter values were invalid: "
NOT_SCHEMA = "The provided key element does not match the schema"


def K(pk):
    return {"pk": {"S": pk}}


def get(ddb, table, pk):
    return ddb.get_item(TableName=table, Key=K(pk), ConsistentRead=True).get("Item")


def key(pk, sk=None):
    k = {"pk": S(pk)}
    if sk is not None:
        k["sk"] = N(sk)
    return k


ENUM_RV = (
    "1 validation error detected: Failed to satisfy constraint: Member must satisfy enum value set: "
    "[ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATE_NEW, NONE]"
)


# --- basic CRUD ----------------------------------------------------------------------------


def test_put_then_get(ddb, range_table):
    item = {"pk": S("p"), "sk": N(1), "name": S("alpha")}
    assert ddb.put_item(TableName=range_table, Item=item).get("Attributes") is None
    assert ddb.get_item(TableName=range_table, Key=key("p", 1))["Item"] == item


def test_get_missing_item_has_no_item_key(ddb, hash_table):
    resp = ddb.get_item(TableName=hash_table, Key=K("nope"))
    assert "Item" not in resp


def test_put_replaces_whole_item(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("a"), "x": N(1), "y": N(2)})
    ddb.put_item(TableName=hash_table, Item={"pk": S("a"), "z": N(3)})
    assert ddb.get_item(TableName=hash_table, Key=key("a"))["Item"] == {"pk": S("a"), "z": N(3)}


def test_delete(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": {"S": "a"}})
    resp = ddb.delete_item(TableName=hash_table, Key=K("a"))
    assert "Attributes" not in resp
    assert get(ddb, hash_table, "a") is None


def test_delete_missing_is_ok(ddb, hash_table):
    resp = ddb.delete_item(TableName=hash_table, Key=K("never"), ReturnValues="ALL_OLD")
    assert "Attributes" not in resp


def test_update_creates_item(ddb, hash_table):
    ddb.update_item(TableName=hash_table, Key=K("u"), UpdateExpression="SET v = :v", ExpressionAttributeValues={":v": {"N": "3"}})
    assert get(ddb, hash_table, "u") == {"pk": {"S": "u"}, "v": {"N": "3"}}


def test_update_without_expression_creates_key_only_item(ddb, hash_table):
    ddb.update_item(TableName=hash_table, Key=K("bare"))
    assert get(ddb, hash_table, "bare") == {"pk": {"S": "bare"}}


@pytest.mark.parametrize("update", [
    {"UpdateExpression": "REMOVE a"},
    {"UpdateExpression": "REMOVE x.y, z[0]"},
    {"AttributeUpdates": {"a": {"Action": "DELETE"}}},
    {"AttributeUpdates": {"a": {"Action": "DELETE", "Value": {"NS": ["4"]}}}},
])
def test_update_that_only_removes_creates_no_item(ddb, range_table, update):
    out = ddb.update_item(TableName=range_table, Key=range_key(pk="absent"), ReturnValues="ALL_NEW", **update)
    assert "Attributes" not in out
    assert "Item" not in ddb.get_item(TableName=range_table, Key=range_key(pk="absent"))


def test_hash_range_items_distinct(ddb, range_table):
    for sk in (1, 2):
        ddb.put_item(TableName=range_table, Item={"pk": {"S": "p"}, "sk": {"N": str(sk)}, "v": {"N": str(sk * 10)}})
    got = ddb.get_item(TableName=range_table, Key={"pk": {"S": "p"}, "sk": {"N": "2"}})["Item"]
    assert got["v"] == {"N": "20"}


def test_number_sort_key_equal_values_same_item(ddb, range_table):
    ddb.put_item(TableName=range_table, Item={"pk": {"S": "p"}, "sk": {"N": "1.0"}, "v": {"S": "a"}})
    ddb.put_item(TableName=range_table, Item={"pk": {"S": "p"}, "sk": {"N": "1"}, "v": {"S": "b"}})
    got = ddb.get_item(TableName=range_table, Key={"pk": {"S": "p"}, "sk": {"N": "1.00"}})["Item"]
    assert got == {"pk": {"S": "p"}, "sk": {"N": "1"}, "v": {"S": "b"}}


def test_consistent_read(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("c"), "v": S("1")})
    for consistent in (True, False):
        assert ddb.get_item(TableName=hash_table, Key=key("c"), ConsistentRead=consistent)["Item"]["v"] == S("1")


def test_missing_table(ddb):
    with error(NOT_FOUND, exact="Requested resource not found"):
        ddb.put_item(TableName="nope-" + uid(), Item=K("a"))
    with error(NOT_FOUND, exact="Requested resource not found"):
        ddb.get_item(TableName="nope-" + uid(), Key=K("a"))


# --- ReturnValues ---------------------------------------------------------------------------


def test_put_return_all_old(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": {"S": "a"}, "x": {"N": "1"}})
    resp = ddb.put_item(TableName=hash_table, Item={"pk": {"S": "a"}, "x": {"N": "2"}}, ReturnValues="ALL_OLD")
    assert resp["Attributes"] == {"pk": {"S": "a"}, "x": {"N": "1"}}


def test_put_return_all_old_new_item(ddb, hash_table):
    resp = ddb.put_item(TableName=hash_table, Item={"pk": {"S": "fresh"}}, ReturnValues="ALL_OLD")
    assert "Attributes" not in resp


def test_put_return_none(ddb, hash_table):
    resp = ddb.put_item(TableName=hash_table, Item={"pk": {"S": "a"}}, ReturnValues="NONE")
    assert "Attributes" not in resp


@pytest.mark.parametrize("rv", ["UPDATED_OLD", "UPDATED_NEW"])
def test_put_rejects_other_return_values(ddb, hash_table, rv):
    expect_validation("ReturnValues can only be ALL_OLD or NONE", ddb.put_item, TableName=hash_table, Item=key("x"), ReturnValues=rv)


def test_put_refuses_all_new(ddb, range_table):
    expect_error("ValidationException", "ReturnValues can only be ALL_OLD or NONE",
                 ddb.put_item, TableName=range_table, Item=range_key(), ReturnValues="ALL_NEW")


# (dynalite accepts, and ignores, these on DeleteItem; DynamoDB rejects them.)
@pytest.mark.parametrize("rv", ["ALL_NEW", "UPDATED_OLD", "UPDATED_NEW"])
def test_delete_rejects_other_return_values(ddb, hash_table, rv):
    # Enveloped on DeleteItem (paritysuite/dynamodb-conformance error-messages deleteItem, run
    # against AWS in 2026); bare on PutItem (test_put_refuses_all_new).
    expect_validation("ReturnValues can only be ALL_OLD or NONE", ddb.delete_item, TableName=hash_table,
                      Key=key("x"), ReturnValues=rv, envelope=True)


def test_bad_return_values_enum(ddb, hash_table):
    # [AWS] no "Value ... at ..." prefix, and AWS's own UPDATE_NEW misspelling.
    with validation(exact=ENUM_RV):
        ddb.put_item(TableName=hash_table, Item={"pk": {"S": "a"}}, ReturnValues="SOMETIMES")


def test_update_bad_return_values_enum(ddb, hash_table):
    with validation(exact=ENUM_RV):
        ddb.update_item(TableName=hash_table, Key=K("a"), ReturnValues="bogus")


def test_delete_return_all_old(ddb, hash_table):
    item = {"pk": {"S": "d"}, "m": {"M": {"k": {"BOOL": True}}}}
    ddb.put_item(TableName=hash_table, Item=item)
    assert ddb.delete_item(TableName=hash_table, Key=K("d"), ReturnValues="ALL_OLD")["Attributes"] == item


def test_delete_returns_old_item(ddb, range_table):
    ddb.put_item(TableName=range_table, Item={**range_key(), "v": {"S": "bye"}})
    out = ddb.delete_item(TableName=range_table, Key=range_key(), ReturnValues="ALL_OLD")
    assert out["Attributes"]["v"] == {"S": "bye"}
    assert "Item" not in ddb.get_item(TableName=range_table, Key=range_key())


@pytest.fixture
def updated(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": {"S": "u"}, "a": {"N": "1"}, "b": {"S": "keep"}, "c": {"S": "gone"}})

    def run(rv):
        return ddb.update_item(
            TableName=hash_table,
            Key=K("u"),
            UpdateExpression="SET a = a + :one, n = :n REMOVE c",
            ExpressionAttributeValues={":one": {"N": "1"}, ":n": {"S": "new"}},
            ReturnValues=rv,
        ).get("Attributes")

    return run


def test_update_return_none(updated):
    assert updated("NONE") is None


def test_update_return_all_old(updated):
    assert updated("ALL_OLD") == {"pk": {"S": "u"}, "a": {"N": "1"}, "b": {"S": "keep"}, "c": {"S": "gone"}}


def test_update_return_updated_old(updated):
    # The old values of the attributes that were updated (n did not exist; c was removed).
    assert updated("UPDATED_OLD") == {"a": {"N": "1"}, "c": {"S": "gone"}}


def test_update_return_all_new(updated):
    assert updated("ALL_NEW") == {"pk": {"S": "u"}, "a": {"N": "2"}, "b": {"S": "keep"}, "n": {"S": "new"}}


def test_update_return_updated_new(updated):
    assert updated("UPDATED_NEW") == {"a": {"N": "2"}, "n": {"S": "new"}}


@pytest.mark.parametrize("mode,expected", [
    ("ALL_OLD", {"pk": {"S": "a"}, "sk": {"N": "1"}, "a": {"N": "1"}, "b": {"S": "x"}}),
    ("UPDATED_OLD", {"a": {"N": "1"}}),
    ("ALL_NEW", {"pk": {"S": "a"}, "sk": {"N": "1"}, "a": {"N": "2"}, "b": {"S": "x"}}),
    ("UPDATED_NEW", {"a": {"N": "2"}}),
])
def test_update_return_values(ddb, range_table, mode, expected):
    ddb.put_item(TableName=range_table, Item={**range_key(), "a": {"N": "1"}, "b": {"S": "x"}})
    out = ddb.update_item(TableName=range_table, Key=range_key(), UpdateExpression="SET a = a + :one",
                          ExpressionAttributeValues={":one": {"N": "1"}}, ReturnValues=mode)
    assert out["Attributes"] == expected


def test_update_return_all_old_new_item(ddb, hash_table):
    resp = ddb.update_item(
        TableName=hash_table, Key=K("nn"), UpdateExpression="SET a = :v", ExpressionAttributeValues={":v": {"N": "1"}}, ReturnValues="ALL_OLD"
    )
    assert "Attributes" not in resp


def test_update_updated_new_nested(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": {"S": "n"}, "m": {"M": {"x": {"N": "1"}, "y": {"N": "2"}}}})
    resp = ddb.update_item(
        TableName=hash_table, Key=K("n"), UpdateExpression="SET m.x = :v", ExpressionAttributeValues={":v": {"N": "5"}}, ReturnValues="UPDATED_NEW"
    )
    assert resp["Attributes"] == {"m": {"M": {"x": {"N": "5"}}}}


# --- the ten types ----------------------------------------------------------------------------


TEN = {
    "s": {"S": "text ünïcödé 🦀"},
    "n": {"N": "-12.5"},
    "b": {"B": b"\x00\x01\xffbinary"},
    "ss": {"SS": ["a", "b", "c"]},
    "ns": {"NS": ["1", "2.5", "-3"]},
    "bs": {"BS": [b"\x01", b"\x02\x03"]},
    "m": {"M": {"inner": {"S": "x"}, "deep": {"M": {"l": {"L": [{"N": "1"}]}}}}},
    "l": {"L": [{"S": "a"}, {"N": "1"}, {"NULL": True}, {"L": []}, {"M": {}}]},
    "null": {"NULL": True},
    "bool": {"BOOL": False},
}


@pytest.mark.parametrize("attr", sorted(TEN))
def test_type_round_trip(ddb, hash_table, attr):
    ddb.put_item(TableName=hash_table, Item={"pk": {"S": attr}, "v": TEN[attr]})
    got = get(ddb, hash_table, attr)["v"]
    want = TEN[attr]
    if list(want)[0] in ("SS", "NS", "BS"):
        t = list(want)[0]
        assert sorted(got[t]) == sorted(want[t])
    else:
        assert got == want


def test_all_types_in_one_item(ddb, hash_table):
    item = dict(TEN, pk={"S": "all"})
    ddb.put_item(TableName=hash_table, Item=item)
    got = get(ddb, hash_table, "all")
    assert set(got) == set(item)
    assert got["m"] == item["m"] and got["l"] == item["l"] and got["b"] == item["b"]


ALL_TYPES = {
    "s": {"S": "héllo ✓"},
    "n": {"N": "-12.5"},
    "b": {"B": b"\x00\x01\xfe\xff"},
    "ss": {"SS": ["a", "b", "c"]},
    "ns": {"NS": ["1", "2.5", "-3"]},
    "bs": {"BS": [b"\x01", b"\x02"]},
    "m": {"M": {"inner": {"S": "x"}, "deep": {"M": {"n": {"N": "1"}}}}},
    "l": {"L": [{"S": "x"}, {"N": "1"}, {"NULL": True}, {"L": []}]},
    "null": {"NULL": True},
    "bool": {"BOOL": False},
}


def canonical(v):
    if "SS" in v or "NS" in v or "BS" in v:
        (t, members), = v.items()
        return {t: sorted(members)}
    return v


@pytest.mark.parametrize("name", sorted(ALL_TYPES))
def test_type_round_trip_each_in_its_own_attribute(ddb, hash_table, name):
    ddb.put_item(TableName=hash_table, Item={"pk": S(name), name: ALL_TYPES[name]})
    got = ddb.get_item(TableName=hash_table, Key=key(name))["Item"][name]
    assert canonical(got) == canonical(ALL_TYPES[name])


def test_all_types_in_one_item_compared_whole(ddb, hash_table):
    item = dict(ALL_TYPES, pk=S("all"))
    ddb.put_item(TableName=hash_table, Item=item)
    got = ddb.get_item(TableName=hash_table, Key=key("all"))["Item"]
    assert {k: canonical(v) for k, v in got.items()} == {k: canonical(v) for k, v in item.items()}


def test_binary_key(ddb, make_table):
    table = make_table([("pk", "B", "HASH")])
    ddb.put_item(TableName=table, Item={"pk": {"B": b"\x00key"}, "v": S("bin")})
    assert ddb.get_item(TableName=table, Key={"pk": {"B": b"\x00key"}})["Item"]["v"] == S("bin")


def test_raw_binary_is_base64_on_the_wire(endpoint, hash_table):
    b64 = base64.b64encode(b"\xde\xad\xbe\xef").decode()
    r = raw_post(endpoint, "DynamoDB_20120810.PutItem", {"TableName": hash_table, "Item": {"pk": {"S": "raw"}, "b": {"B": b64}}})
    assert r.status_code == 200, r.text
    r = raw_post(endpoint, "DynamoDB_20120810.GetItem", {"TableName": hash_table, "Key": {"pk": {"S": "raw"}}})
    assert r.json()["Item"]["b"] == {"B": b64}


def test_empty_string_and_binary_outside_keys(ddb, hash_table):
    item = {"pk": {"S": "e"}, "s": {"S": ""}, "b": {"B": b""}, "l": {"L": [{"S": ""}]}, "m": {"M": {"k": {"S": ""}}}}
    ddb.put_item(TableName=hash_table, Item=item)
    assert get(ddb, hash_table, "e") == item


def test_empty_string_in_string_set_allowed(ddb, hash_table):
    # [AWS, 2026 via dynoxide] a set may hold an empty-string member.
    ddb.put_item(TableName=hash_table, Item={"pk": {"S": "es"}, "ss": {"SS": ["", "a"]}})
    assert sorted(get(ddb, hash_table, "es")["ss"]["SS"]) == ["", "a"]


def test_set_order_irrelevant_for_equality(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("set"), "v": {"SS": ["b", "a"]}})
    ddb.put_item(
        TableName=hash_table,
        Item={"pk": S("set"), "v": {"SS": ["c"]}},
        ConditionExpression="v = :s",
        ExpressionAttributeValues={":s": {"SS": ["a", "b"]}},
    )


# --- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given,returned",
    [("+3", "3"), ("0001.23", "1.23"), (".123", "0.123"), ("1e+5", "100000"), ("-17e5", "-1700000"), ("100", "100"), ("-0.0010", "-0.001")],
)
def test_number_normalised(ddb, hash_table, given, returned):
    ddb.put_item(TableName=hash_table, Item={"pk": {"S": "n"}, "v": {"N": given}})
    assert get(ddb, hash_table, "n")["v"] == {"N": returned}


@pytest.mark.parametrize(
    "given,stored",
    [
        ("1.0", "1"),
        ("-0", "0"),
        ("0.0", "0"),
        ("+5", "5"),  # accepted by DynamoDB; dynalite rejects a leading +
        ("007", "7"),
        ("1.50", "1.5"),
        ("1e2", "100"),
        ("1E+2", "100"),
        ("12.5e-1", "1.25"),
        ("-0.000", "0"),
        ("0.001", "0.001"),
    ],
)
def test_number_normalised_more_spellings(ddb, hash_table, given, stored):
    ddb.put_item(TableName=hash_table, Item={"pk": S("num"), "v": {"N": given}})
    assert ddb.get_item(TableName=hash_table, Key=key("num"))["Item"]["v"] == {"N": stored}


@pytest.mark.parametrize("given,returned", [("0001.500", "1.5")])
def test_numbers_come_back_normalized(ddb, range_table, given, returned):
    ddb.put_item(TableName=range_table, Item={**range_key(), "n": {"N": given}})
    assert ddb.get_item(TableName=range_table, Key=range_key())["Item"]["n"] == {"N": returned}


@pytest.mark.parametrize("num", ["1e125", "9.99999999e125", "-1e125", "1e-130", "-1e-130", "3.1415926535897932384626433832795028841", "31415926535897932384626433832795028841e30", "0e1000"])
def test_number_limits_allowed(ddb, hash_table, num):
    from decimal import Decimal

    ddb.put_item(TableName=hash_table, Item={"pk": {"S": "n"}, "v": {"N": num}})
    assert Decimal(get(ddb, hash_table, "n")["v"]["N"]) == Decimal(num)


def test_number_38_digits(ddb, hash_table):
    big = "9" * 38
    ddb.put_item(TableName=hash_table, Item={"pk": S("n38"), "v": {"N": big}, "w": {"N": "0." + "1" * 38}})
    item = ddb.get_item(TableName=hash_table, Key=key("n38"))["Item"]
    assert item["v"] == {"N": big}
    assert item["w"] == {"N": "0." + "1" * 38}


def test_number_38_digits_with_zeros_beyond(ddb, hash_table):
    # Trailing zeros are not significant digits.
    ddb.put_item(TableName=hash_table, Item={"pk": S("n38z"), "v": {"N": "1" * 38 + "000"}})
    assert ddb.get_item(TableName=hash_table, Key=key("n38z"))["Item"]["v"] == {"N": "1" * 38 + "000"}


def test_trailing_zeros_not_significant(ddb, hash_table):
    num = "1" + "0" * 50  # one significant digit
    ddb.put_item(TableName=hash_table, Item={"pk": {"S": "n"}, "v": {"N": num}})
    assert get(ddb, hash_table, "n")["v"] == {"N": num}


def test_number_39_digits(ddb, hash_table):
    expect_validation(
        "Attempting to store more than 38 significant digits in a Number",
        ddb.put_item,
        TableName=hash_table,
        Item={"pk": S("n39"), "v": {"N": "1" * 39}},
    )


@pytest.mark.parametrize("num", ["3.14159265358979323846264338327950288419", "314159265358979323846264338327950288419e30"])
def test_number_too_precise(ddb, hash_table, num):
    with validation(contains="Attempting to store more than 38 significant digits in a Number"):
        ddb.put_item(TableName=hash_table, Item={"pk": {"S": "n"}, "v": {"N": num}})


def test_number_overflow(ddb, hash_table):
    expect_validation(
        "Number overflow. Attempting to store a number with magnitude larger than supported range",
        ddb.put_item,
        TableName=hash_table,
        Item={"pk": S("big"), "v": {"N": "1E+126"}},
    )


@pytest.mark.parametrize("num", ["1e126", "11e125", "-1e126"])
def test_number_overflow_spellings(ddb, hash_table, num):
    with validation(contains="Number overflow. Attempting to store a number with magnitude larger than supported range"):
        ddb.put_item(TableName=hash_table, Item={"pk": {"S": "n"}, "v": {"N": num}})


def test_number_largest(ddb, hash_table):
    largest = "9.9999999999999999999999999999999999999E+125"
    ddb.put_item(TableName=hash_table, Item={"pk": S("max"), "v": {"N": largest}, "w": {"N": "-" + largest}})
    item = ddb.get_item(TableName=hash_table, Key=key("max"))["Item"]
    assert item["v"] == {"N": "9" * 38 + "0" * 88}


def test_number_underflow(ddb, hash_table):
    expect_validation(
        "Number underflow. Attempting to store a number with magnitude smaller than supported range",
        ddb.put_item,
        TableName=hash_table,
        Item={"pk": S("small"), "v": {"N": "1E-131"}},
    )


@pytest.mark.parametrize("num", ["1e-131", "0.9e-130", "-1e-131"])
def test_number_underflow_spellings(ddb, hash_table, num):
    with validation(contains="Number underflow. Attempting to store a number with magnitude smaller than supported range"):
        ddb.put_item(TableName=hash_table, Item={"pk": {"S": "n"}, "v": {"N": num}})


def test_number_smallest(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("min"), "v": {"N": "1E-130"}})
    assert ddb.get_item(TableName=hash_table, Key=key("min"))["Item"]["v"] == {"N": "0." + "0" * 129 + "1"}


@pytest.mark.parametrize("num", ["-Infinity", "dog", "1 ", "1+2", "", "e5"])
def test_number_not_numeric_more(ddb, hash_table, num):
    with validation(contains="The parameter cannot be converted to a numeric value"):
        ddb.put_item(TableName=hash_table, Item={"pk": {"S": "n"}, "v": {"N": num}})


@pytest.mark.parametrize("bad", ["abc", "1.2.3", "1e", "--1", " 1", "0x10", "Infinity", "NaN"])
def test_number_not_numeric(ddb, hash_table, bad):
    msg = expect_validation_contains(
        "The parameter cannot be converted to a numeric value",
        ddb.put_item,
        TableName=hash_table,
        Item={"pk": S("bad"), "v": {"N": bad}},
    )
    assert msg.endswith("numeric value") or msg.endswith("numeric value: " + bad), msg


def test_number_as_json_number_is_serialization_error(endpoint, hash_table):
    r = raw_post(endpoint, "DynamoDB_20120810.PutItem", {"TableName": hash_table, "Item": {"pk": {"S": "j"}, "v": {"N": 5}}})
    assert r.status_code == 400
    assert error_type(r) == "SerializationException"


# --- attribute value structure and sets -------------------------------------------------------


def test_empty_attribute_value(ddb, hash_table):
    expect_validation(
        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
        ddb.put_item,
        TableName=hash_table,
        Item={"pk": S("s"), "v": {}},
    )


def test_bad_value_is_reported_after_the_parameter_checks(ddb, hash_table):
    # DynamoDB checks the request's constraints, then mixed expression and legacy parameters,
    # and only then the attribute values (dynalite's validation order, recorded against
    # DynamoDB: constraints, validateExpressionParams, validateAttributeValue).
    expect_validation(
        "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: "
        "Member must have length greater than or equal to 3",
        ddb.put_item, TableName="ab", Item={"pk": S("s"), "v": {}},
    )
    mixed = ("Can not use both expression and non-expression parameters in the same request: "
             "Non-expression parameters: {%s} Expression parameters: {%s}")
    expect_validation(
        mixed % ("Expected", "ConditionExpression"),
        ddb.put_item, TableName=hash_table, Item={"pk": S("s"), "v": {"SS": []}},
        Expected={"a": {"Exists": False}}, ConditionExpression="attribute_exists(b)",
    )
    expect_validation(
        mixed % ("AttributeUpdates", "UpdateExpression"),
        ddb.update_item, TableName=hash_table, Key={"pk": S("s")},
        AttributeUpdates={"a": {"Value": {}}}, UpdateExpression="SET b = :v",
        ExpressionAttributeValues={":v": S("x")},
    )
    expect_validation(
        mixed % ("AttributesToGet", "KeyConditionExpression"),
        ddb.query, TableName=hash_table, KeyConditionExpression="pk = :v",
        ExpressionAttributeValues={":v": {}}, AttributesToGet=["a"],
    )
    expect_validation(
        mixed % ("ScanFilter", "FilterExpression"),
        ddb.scan, TableName=hash_table, FilterExpression="a = b",
        ScanFilter={"a": {"ComparisonOperator": "EQ", "AttributeValueList": [{}]}},
    )
    assert get(ddb, hash_table, "s") is None


def test_empty_attribute_name_is_refused(ddb, hash_table):
    # Attribute names are at least one character (Developer Guide, naming rules); the words are
    # asserted by paritysuite/dynamodb-conformance (run against AWS) for TransactWriteItems:
    # docs/research/limits-and-check-order.md.
    message = "Empty attribute name"
    expect_error("ValidationException", message, ddb.put_item, TableName=hash_table,
                 Item={"pk": S("e"), "": S("x")})
    expect_error("ValidationException", message, ddb.update_item, TableName=hash_table,
                 Key={"pk": S("e")}, AttributeUpdates={"": {"Value": S("x")}})
    expect_error("ValidationException", message, ddb.get_item, TableName=hash_table,
                 Key={"pk": S("e")}, AttributesToGet=[""])
    expect_error("ValidationException", message, ddb.batch_write_item,
                 RequestItems={hash_table: [{"PutRequest": {"Item": {"pk": S("e"), "": S("x")}}}]})
    assert get(ddb, hash_table, "e") is None


def test_two_types_in_one_value(ddb, hash_table):
    expect_validation(
        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
        ddb.put_item,
        TableName=hash_table,
        Item={"pk": S("s"), "v": {"S": "a", "N": "1"}},
    )


def test_null_false(ddb, hash_table):
    expect_validation(
        INVALID + "Null attribute value types must have the value of true",
        ddb.put_item,
        TableName=hash_table,
        Item={"pk": S("s"), "v": {"NULL": False}},
    )


def test_empty_string_set(ddb, hash_table):
    expect_validation(
        INVALID + "An string set  may not be empty", ddb.put_item, TableName=hash_table, Item={"pk": S("s"), "v": {"SS": []}}
    )


def test_empty_number_set(ddb, hash_table):
    expect_validation(
        INVALID + "An number set  may not be empty", ddb.put_item, TableName=hash_table, Item={"pk": S("s"), "v": {"NS": []}}
    )


def test_empty_binary_set(ddb, hash_table):
    expect_validation(
        INVALID + "Binary sets should not be empty", ddb.put_item, TableName=hash_table, Item={"pk": S("s"), "v": {"BS": []}}
    )


def test_duplicate_in_string_set(ddb, hash_table):
    with validation(contains=["One or more parameter values were invalid: Input collection", "contains duplicates"]):
        ddb.put_item(TableName=hash_table, Item={"pk": {"S": "a"}, "v": {"SS": ["a", "a"]}})


def test_duplicate_in_string_set_of_three(ddb, hash_table):
    msg = expect_validation_contains(
        "contains duplicates", ddb.put_item, TableName=hash_table, Item={"pk": S("s"), "v": {"SS": ["a", "b", "a"]}}
    )
    assert INVALID + "Input collection" in msg


def test_duplicate_in_number_set(ddb, hash_table):
    with validation(contains="contains duplicates"):
        ddb.put_item(TableName=hash_table, Item={"pk": {"S": "a"}, "v": {"NS": ["1", "1"]}})


def test_numerically_equal_in_number_set(ddb, hash_table):
    # [dynoxide] NS duplicates are judged by numeric value.
    with validation(contains="contains duplicates"):
        ddb.put_item(TableName=hash_table, Item={"pk": {"S": "a"}, "v": {"NS": ["1", "1.0"]}})


def test_duplicate_in_binary_set(ddb, hash_table):
    with validation(contains=["Input collection", "contains duplicates"]):
        ddb.put_item(TableName=hash_table, Item={"pk": {"S": "a"}, "v": {"BS": [b"x", b"x"]}})


def test_bad_number_in_number_set(ddb, hash_table):
    with validation(contains="The parameter cannot be converted to a numeric value"):
        ddb.put_item(TableName=hash_table, Item={"pk": {"S": "a"}, "v": {"NS": ["1", "x"]}})


# --- keys ------------------------------------------------------------------------------------


def test_put_missing_key(ddb, hash_table):
    with validation(contains="One or more parameter values were invalid: Missing the key pk in the item"):
        ddb.put_item(TableName=hash_table, Item={"other": {"S": "a"}})


def test_put_missing_hash_key(ddb, range_table):
    expect_validation(
        INVALID + "Missing the key pk in the item", ddb.put_item, TableName=range_table, Item={"sk": N(1)}
    )


def test_missing_key_attribute(ddb, range_table):
    expect_error("ValidationException", "One or more parameter values were invalid: Missing the key sk in the item",
                 ddb.put_item, TableName=range_table, Item={"pk": {"S": "a"}})


def test_put_key_type_mismatch(ddb, hash_table):
    with validation(contains="One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N"):
        ddb.put_item(TableName=hash_table, Item={"pk": {"N": "1"}})


def test_key_type_mismatch(ddb, range_table):
    expect_error(
        "ValidationException",
        "One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S",
        ddb.put_item, TableName=range_table, Item={"pk": {"S": "a"}, "sk": {"S": "1"}},
    )


def test_get_key_type_mismatch(ddb, hash_table):
    with validation(exact="The provided key element does not match the schema"):
        ddb.get_item(TableName=hash_table, Key={"pk": {"N": "1"}})


def test_get_sort_key_type_mismatch(ddb, range_table):
    expect_validation(NOT_SCHEMA, ddb.get_item, TableName=range_table, Key={"pk": S("a"), "sk": S("1")})


def test_get_extra_key_attribute(ddb, hash_table):
    with validation(exact="The provided key element does not match the schema"):
        ddb.get_item(TableName=hash_table, Key={"pk": {"S": "a"}, "x": {"S": "b"}})


def test_get_with_extra_key_attribute(ddb, range_table):
    expect_error("ValidationException", "The provided key element does not match the schema",
                 ddb.get_item, TableName=range_table, Key={**range_key(), "x": {"S": "y"}})


def test_get_missing_sort_key(ddb, range_table):
    with validation(exact="The provided key element does not match the schema"):
        ddb.get_item(TableName=range_table, Key={"pk": {"S": "a"}})


def test_get_wrong_key_name(ddb, hash_table):
    with validation(exact="The provided key element does not match the schema"):
        ddb.get_item(TableName=hash_table, Key={"id": {"S": "a"}})


def test_delete_key_mismatch(ddb, hash_table):
    with validation(exact="The provided key element does not match the schema"):
        ddb.delete_item(TableName=hash_table, Key={"pk": {"B": b"a"}})


def test_delete_missing_sort_key(ddb, range_table):
    expect_validation(NOT_SCHEMA, ddb.delete_item, TableName=range_table, Key={"pk": S("a")})


def test_update_key_mismatch(ddb, range_table):
    with validation(exact="The provided key element does not match the schema"):
        ddb.update_item(TableName=range_table, Key={"pk": {"S": "a"}, "sk": {"S": "x"}})


def test_update_key_mismatch_with_expression(ddb, range_table):
    expect_validation(
        NOT_SCHEMA,
        ddb.update_item,
        TableName=range_table,
        Key={"pk": N(1), "sk": N(1)},
        UpdateExpression="SET a = :a",
        ExpressionAttributeValues={":a": N(1)},
    )


def test_non_scalar_key(ddb, hash_table):
    with validation(exact="The provided key element does not match the schema"):
        ddb.get_item(TableName=hash_table, Key={"pk": {"SS": ["a"]}})


def test_empty_string_key_put(ddb, hash_table):
    # [AWS] "are not valid." and no envelope.
    with validation(
        exact="One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"
    ):
        ddb.put_item(TableName=hash_table, Item={"pk": {"S": ""}})


def test_empty_string_key_get(ddb, hash_table):
    with validation(
        exact="One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"
    ):
        ddb.get_item(TableName=hash_table, Key={"pk": {"S": ""}})


def test_empty_string_sort_key(ddb, make_table):
    name = make_table([("pk", "S", "HASH"), ("sk", "S", "RANGE")])
    with validation(contains="The AttributeValue for a key attribute cannot contain an empty string value. Key: sk"):
        ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "sk": {"S": ""}})


def test_empty_binary_key(ddb, make_table):
    name = make_table([("pk", "B", "HASH")])
    with validation(
        exact="One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: pk"
    ):
        ddb.put_item(TableName=name, Item={"pk": {"B": b""}})


def test_partition_key_2048_bytes_ok(ddb, hash_table):
    pk = "é" * 1024  # 2048 UTF-8 bytes
    ddb.put_item(TableName=hash_table, Item={"pk": {"S": pk}})
    assert get(ddb, hash_table, pk) == {"pk": {"S": pk}}


def test_hash_key_at_limit(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("k" * 2048)})
    assert "Item" in ddb.get_item(TableName=hash_table, Key={"pk": S("k" * 2048)})


def test_hash_key_too_long(ddb, hash_table):
    expect_validation(
        INVALID + "Size of hashkey has exceeded the maximum size limit of2048 bytes",
        ddb.put_item,
        TableName=hash_table,
        Item={"pk": S("k" * 2049)},
    )


def test_get_with_oversized_key(ddb, hash_table):
    with validation(contains="2048"):
        ddb.get_item(TableName=hash_table, Key={"pk": {"S": "x" * 2049}})


def test_sort_key_1024_bytes_ok(ddb, make_table):
    name = make_table([("pk", "S", "HASH"), ("sk", "S", "RANGE")])
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "sk": {"S": "s" * 1024}})


def test_range_key_too_long(ddb, make_table):
    table = make_table([("pk", "S", "HASH"), ("sk", "S", "RANGE")])
    expect_validation(
        INVALID + "Aggregated size of all range keys has exceeded the size limit of 1024 bytes",
        ddb.put_item,
        TableName=table,
        Item={"pk": S("a"), "sk": S("r" * 1025)},
    )


def test_attribute_names_are_at_most_65535_bytes(ddb, range_table):
    ddb.put_item(TableName=range_table, Item={**range_key(), "n" * 65535: {"S": "x"}})
    long = "n" * 65536
    message = "Attribute name is too large, must be less than 65536 bytes"
    expect_error("ValidationException", message, ddb.put_item, TableName=range_table, Item={**range_key(), long: {"S": "x"}})
    expect_error_contains("ValidationException", message, ddb.get_item, TableName=range_table, Key=range_key(),
                          ProjectionExpression="#n", ExpressionAttributeNames={"#n": long})
    expect_error("ValidationException", message, ddb.update_item, TableName=range_table, Key=range_key(),
                 AttributeUpdates={long: {"Value": {"S": "x"}, "Action": "PUT"}})


# --- item size --------------------------------------------------------------------------------

# Item size = for each attribute, UTF-8 bytes of its name + size of its value (S: UTF-8 bytes).
# {"pk": "a", "x": <n chars>}: 2 + 1 + 1 + n bytes. 409600 bytes (400 KB) is allowed.


def test_item_exactly_400kb(ddb, hash_table):
    n = 409600 - (2 + 1 + 1)
    ddb.put_item(TableName=hash_table, Item={"pk": {"S": "a"}, "x": {"S": "v" * n}})
    assert len(get(ddb, hash_table, "a")["x"]["S"]) == n


def test_item_one_byte_over_400kb(ddb, hash_table):
    n = 409600 - (2 + 1 + 1) + 1
    with validation(contains="Item size has exceeded the maximum allowed size"):
        ddb.put_item(TableName=hash_table, Item={"pk": {"S": "a"}, "x": {"S": "v" * n}})
    assert get(ddb, hash_table, "a") is None


def test_item_size_limit(ddb, range_table):
    # pk (2 + 1) + sk (2 + 2) + "d" (1) = 8 bytes of names and keys; 409,600 is the limit.
    ddb.put_item(TableName=range_table, Item={**range_key(), "d": {"S": "x" * (409600 - 8)}})
    expect_error("ValidationException", "Item size has exceeded the maximum allowed size",
                 ddb.put_item, TableName=range_table, Item={**range_key(), "d": {"S": "x" * (409600 - 7)}})


# (dynalite counts UTF-16 code units for S; DynamoDB counts UTF-8 bytes, per its docs.)
def test_item_size_counts_multibyte_utf8(ddb, hash_table):
    # "é" is 2 bytes in UTF-8: 204,797 of them are 409,594 bytes, plus 7 = 409,601.
    expect_validation(
        "Item size has exceeded the maximum allowed size",
        ddb.put_item,
        TableName=hash_table,
        Item={"pk": S("a"), "data": S("é" * 204797)},
    )


def test_update_past_400kb(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("a"), "d1": S("x" * 300000)})
    expect_validation(
        "Item size to update has exceeded the maximum allowed size",
        ddb.update_item,
        TableName=hash_table,
        Key=key("a"),
        UpdateExpression="SET d2 = :v",
        ExpressionAttributeValues={":v": S("y" * 200000)},
    )


# --- nesting depth ----------------------------------------------------------------------------


def nested(levels):
    """A map value nested `levels` deep: levels=1 is {"M": {}}."""
    v = {"M": {}}
    for _ in range(levels - 1):
        v = {"M": {"a": v}}
    return v


def test_nesting_32_levels_allowed(ddb, hash_table):
    # alternator (against AWS): 30 added levels + the top-level map + the item itself == 32.
    ddb.put_item(TableName=hash_table, Item={"pk": {"S": "deep"}, "n": nested(31)})
    assert get(ddb, hash_table, "deep")["n"] == nested(31)


def test_nesting_too_deep(ddb, hash_table):
    with validation(contains="Nesting Levels have exceeded supported limits"):
        ddb.put_item(TableName=hash_table, Item={"pk": {"S": "deep"}, "n": nested(33)})


def test_nesting_too_deep_lists(ddb, hash_table):
    v = {"L": []}
    for _ in range(40):
        v = {"L": [v]}
    with validation(contains="Nesting Levels have exceeded supported limits"):
        ddb.put_item(TableName=hash_table, Item={"pk": {"S": "deep"}, "n": v})


def nested_maps(depth):
    v = {"S": "leaf"}
    for _ in range(depth):
        v = {"M": {"a": v}}
    return v


# (dynalite does not enforce the nesting limit at all.)
def test_nesting_31_maps_accepted(ddb, hash_table):
    # The item itself + 31 levels of maps = 32 levels, DynamoDB's maximum.
    ddb.put_item(TableName=hash_table, Item={"pk": S("deep"), "v": nested_maps(31)})
    assert ddb.get_item(TableName=hash_table, Key=key("deep"))["Item"]["v"] == nested_maps(31)


def test_nesting_32_maps_rejected(ddb, hash_table):
    expect_validation_contains(
        "Nesting Levels have exceeded supported limits",
        ddb.put_item,
        TableName=hash_table,
        Item={"pk": S("deep"), "v": nested_maps(32)},
    )


# --- request validation -------------------------------------------------------------------------


def test_put_missing_item(ddb, hash_table):
    with validation(contains="Value null at 'item' failed to satisfy constraint: Member must not be null"):
        ddb.put_item(TableName=hash_table)


def test_get_missing_key(ddb, hash_table):
    with validation(contains="Value null at 'key' failed to satisfy constraint: Member must not be null"):
        ddb.get_item(TableName=hash_table)


NO_KEY = "Value null at 'key' failed to satisfy constraint: Member must not be null"


def test_update_without_key_joins_every_member_fault(ddb):
    """paritysuite/dynamodb-conformance tests/tier3/validation-ordering/updateItem, AWS eu-west-2
    and us-east-1 2026-10-09: without a Key, UpdateItem lists its member faults with the missing
    key in the older per-value form (with a Key it reports its first bad enum only)."""
    update = {"UpdateExpression": "SET a = :a", "ExpressionAttributeValues": {":a": S("x")}}
    empty_name = ("Value '' at 'tableName' failed to satisfy constraint: "
                  "Member must have length greater than or equal to 1")
    expect_error("ValidationException", f"2 validation errors detected: {empty_name}; {NO_KEY}",
                 ddb.update_item, TableName="", **update)
    expect_error(
        "ValidationException",
        "4 validation errors detected: Value 'INVALID' at 'returnConsumedCapacity' failed to satisfy constraint: "
        f"Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; {empty_name}; Value 'INVALID' at "
        "'returnValues' failed to satisfy constraint: Member must satisfy enum value set: "
        f"[ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]; {NO_KEY}",
        ddb.update_item, TableName="", ReturnConsumedCapacity="INVALID", ReturnValues="INVALID", **update,
    )
    expect_error(
        "ValidationException",
        "2 validation errors detected: Value 'XOR' at 'conditionalOperator' failed to satisfy constraint: "
        f"Member must satisfy enum value set: [OR, AND]; {NO_KEY}",
        ddb.update_item, TableName="no-such-update-table",
        AttributeUpdates={"x": {"Action": "PUT", "Value": S("1")}},
        Expected={"a": {"Exists": False}, "b": {"Exists": False}}, ConditionalOperator="XOR",
    )


def test_put_three_bad_enums_aggregated(ddb, hash_table):
    # [AWS] exact
    with validation(
        exact="3 validation errors detected: Value 'INVALID' at 'returnConsumedCapacity' failed to satisfy constraint: "
        "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; Failed to satisfy constraint: Member must satisfy "
        "enum value set: [ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATE_NEW, NONE]; Value 'INVALID' at 'returnItemCollectionMetrics' "
        "failed to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]"
    ):
        ddb.put_item(
            TableName=hash_table,
            Item=K("a"),
            ReturnConsumedCapacity="INVALID",
            ReturnValues="INVALID",
            ReturnItemCollectionMetrics="INVALID",
        )


def test_empty_table_name_on_get(ddb):
    # [AWS 2026] empty string: no value, capitalised member name.
    with validation(
        exact="1 validation error detected: Value at 'TableName' failed to satisfy constraint: Member must have length greater than or equal to 1"
    ):
        ddb.get_item(TableName="", Key=K("a"))


def test_value_faults_in_dynamodbs_two_wordings(ddb, hash_table):
    # paritysuite/dynamodb-conformance error-messages valueLayers (run against AWS in 2026): the
    # 2026 layer (PutItem, GetItem, Query, ...) lists a set's duplicates sorted up to the first
    # repeat and never wraps a placeholder's value; BatchWriteItem and the transactions list
    # them as sent, unquoted, and word an empty number and a wrapped exponent their own way.
    sorted_ss = INVALID + 'Input collection ["a", "b", "b"] contains duplicates.'
    expect_validation(sorted_ss, ddb.put_item, TableName=hash_table,
                      Item={"pk": S("v"), "s": {"SS": ["b", "a", "b"]}}, envelope=True)
    expect_validation(sorted_ss, ddb.query, TableName=hash_table, KeyConditionExpression="pk = :p",
                      FilterExpression="s = :t", ExpressionAttributeValues={":p": S("v"), ":t": {"SS": ["b", "a", "b"]}},
                      envelope=False)
    expect_validation(INVALID + "Input collection contains duplicates.", ddb.get_item, TableName=hash_table,
                      Key={"pk": {"NS": ["2", "1", "2"]}}, envelope=False)
    expect_validation(INVALID + "Input collection [b, a, b] contains duplicates.", ddb.batch_write_item,
                      RequestItems={hash_table: [{"PutRequest": {"Item": {"pk": S("v"), "s": {"SS": ["b", "a", "b"]}}}}]},
                      envelope=False)
    expect_validation("The parameter cannot be converted to a numeric value", ddb.batch_write_item,
                      RequestItems={hash_table: [{"PutRequest": {"Item": {"pk": S("v"), "n": {"N": ""}}}}]},
                      envelope=False)
    expect_validation("Number underflow. Attempting to store a number with magnitude smaller than supported range",
                      ddb.transact_write_items,
                      TransactItems=[{"Put": {"TableName": hash_table, "Item": {"pk": S("v"), "n": {"N": "1e2147483647"}}}}],
                      envelope=False)
    expect_validation("ExpressionAttributeValues contains invalid value: The parameter cannot be converted to a "
                      "numeric value for key :v", ddb.transact_write_items,
                      TransactItems=[{"Update": {"TableName": hash_table, "Key": {"pk": S("v")},
                                                 "UpdateExpression": "SET n = :v",
                                                 "ExpressionAttributeValues": {":v": {"N": ""}}}}],
                      envelope=False)
    assert get(ddb, hash_table, "v") is None
