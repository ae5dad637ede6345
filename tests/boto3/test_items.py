"""PutItem / GetItem / UpdateItem / DeleteItem: ReturnValues, values, numbers, keys, limits.

Messages: docs/research/dynamodb-messages.md §3 (tags beside each test). Number limits and
allowed spellings: scylladb alternator test_number.py (run against DynamoDB).
"""

import base64

import pytest

from b3util import CCF, NOT_FOUND, error, validation, uid

ENUM_RV = (
    "1 validation error detected: Failed to satisfy constraint: Member must satisfy enum value set: "
    "[ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATE_NEW, NONE]"
)


def K(pk):
    return {"pk": {"S": pk}}


def get(ddb, table, pk):
    return ddb.get_item(TableName=table, Key=K(pk), ConsistentRead=True).get("Item")


# --- basic CRUD ----------------------------------------------------------------------------


def test_put_get(ddb, table):
    item = {"pk": {"S": "a"}, "v": {"S": "hello"}}
    resp = ddb.put_item(TableName=table, Item=item)
    assert "Attributes" not in resp
    assert get(ddb, table, "a") == item


def test_get_missing_item_has_no_item_key(ddb, table):
    resp = ddb.get_item(TableName=table, Key=K("nope"))
    assert "Item" not in resp


def test_put_replaces_whole_item(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "x": {"N": "1"}})
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "y": {"N": "2"}})
    assert get(ddb, table, "a") == {"pk": {"S": "a"}, "y": {"N": "2"}}


def test_delete(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}})
    resp = ddb.delete_item(TableName=table, Key=K("a"))
    assert "Attributes" not in resp
    assert get(ddb, table, "a") is None


def test_delete_missing_is_ok(ddb, table):
    resp = ddb.delete_item(TableName=table, Key=K("never"), ReturnValues="ALL_OLD")
    assert "Attributes" not in resp


def test_update_creates_item(ddb, table):
    ddb.update_item(TableName=table, Key=K("u"), UpdateExpression="SET v = :v", ExpressionAttributeValues={":v": {"N": "3"}})
    assert get(ddb, table, "u") == {"pk": {"S": "u"}, "v": {"N": "3"}}


def test_update_without_expression_creates_key_only_item(ddb, table):
    ddb.update_item(TableName=table, Key=K("bare"))
    assert get(ddb, table, "bare") == {"pk": {"S": "bare"}}


def test_hash_range_items_distinct(ddb, table2):
    for sk in (1, 2):
        ddb.put_item(TableName=table2, Item={"pk": {"S": "p"}, "sk": {"N": str(sk)}, "v": {"N": str(sk * 10)}})
    got = ddb.get_item(TableName=table2, Key={"pk": {"S": "p"}, "sk": {"N": "2"}})["Item"]
    assert got["v"] == {"N": "20"}


def test_number_sort_key_equal_values_same_item(ddb, table2):
    ddb.put_item(TableName=table2, Item={"pk": {"S": "p"}, "sk": {"N": "1.0"}, "v": {"S": "a"}})
    ddb.put_item(TableName=table2, Item={"pk": {"S": "p"}, "sk": {"N": "1"}, "v": {"S": "b"}})
    got = ddb.get_item(TableName=table2, Key={"pk": {"S": "p"}, "sk": {"N": "1.00"}})["Item"]
    assert got == {"pk": {"S": "p"}, "sk": {"N": "1"}, "v": {"S": "b"}}


def test_missing_table(ddb):
    with error(NOT_FOUND, exact="Requested resource not found"):
        ddb.put_item(TableName="nope-" + uid(), Item=K("a"))
    with error(NOT_FOUND, exact="Requested resource not found"):
        ddb.get_item(TableName="nope-" + uid(), Key=K("a"))


def test_projection_on_get(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "x": {"N": "1"}, "y": {"N": "2"}})
    got = ddb.get_item(TableName=table, Key=K("a"), ProjectionExpression="y")["Item"]
    assert got == {"y": {"N": "2"}}


# --- ReturnValues ---------------------------------------------------------------------------


def test_put_return_all_old(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "x": {"N": "1"}})
    resp = ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "x": {"N": "2"}}, ReturnValues="ALL_OLD")
    assert resp["Attributes"] == {"pk": {"S": "a"}, "x": {"N": "1"}}


def test_put_return_all_old_new_item(ddb, table):
    resp = ddb.put_item(TableName=table, Item={"pk": {"S": "fresh"}}, ReturnValues="ALL_OLD")
    assert "Attributes" not in resp


def test_put_return_none(ddb, table):
    resp = ddb.put_item(TableName=table, Item={"pk": {"S": "a"}}, ReturnValues="NONE")
    assert "Attributes" not in resp


@pytest.mark.parametrize("rv", ["ALL_NEW", "UPDATED_OLD", "UPDATED_NEW"])
def test_put_rejects_other_return_values(ddb, table, rv):
    # PutItem supports only NONE and ALL_OLD (API reference, PutItem ReturnValues).
    with validation(contains="ReturnValues"):
        ddb.put_item(TableName=table, Item={"pk": {"S": "a"}}, ReturnValues=rv)


@pytest.mark.parametrize("rv", ["ALL_NEW", "UPDATED_OLD", "UPDATED_NEW"])
def test_delete_rejects_other_return_values(ddb, table, rv):
    with validation(contains="ReturnValues"):
        ddb.delete_item(TableName=table, Key=K("a"), ReturnValues=rv)


def test_bad_return_values_enum(ddb, table):
    # [AWS] no "Value ... at ..." prefix, and AWS's own UPDATE_NEW misspelling.
    with validation(exact=ENUM_RV):
        ddb.put_item(TableName=table, Item={"pk": {"S": "a"}}, ReturnValues="SOMETIMES")


def test_update_bad_return_values_enum(ddb, table):
    with validation(exact=ENUM_RV):
        ddb.update_item(TableName=table, Key=K("a"), ReturnValues="bogus")


def test_delete_return_all_old(ddb, table):
    item = {"pk": {"S": "d"}, "m": {"M": {"k": {"BOOL": True}}}}
    ddb.put_item(TableName=table, Item=item)
    assert ddb.delete_item(TableName=table, Key=K("d"), ReturnValues="ALL_OLD")["Attributes"] == item


@pytest.fixture
def updated(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": {"S": "u"}, "a": {"N": "1"}, "b": {"S": "keep"}, "c": {"S": "gone"}})

    def run(rv):
        return ddb.update_item(
            TableName=table,
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


def test_update_return_all_old_new_item(ddb, table):
    resp = ddb.update_item(
        TableName=table, Key=K("nn"), UpdateExpression="SET a = :v", ExpressionAttributeValues={":v": {"N": "1"}}, ReturnValues="ALL_OLD"
    )
    assert "Attributes" not in resp


def test_update_updated_new_nested(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": {"S": "n"}, "m": {"M": {"x": {"N": "1"}, "y": {"N": "2"}}}})
    resp = ddb.update_item(
        TableName=table, Key=K("n"), UpdateExpression="SET m.x = :v", ExpressionAttributeValues={":v": {"N": "5"}}, ReturnValues="UPDATED_NEW"
    )
    assert resp["Attributes"] == {"m": {"M": {"x": {"N": "5"}}}}


def test_return_values_on_condition_check_failure(ddb, table):
    item = {"pk": {"S": "c"}, "v": {"N": "1"}}
    ddb.put_item(TableName=table, Item=item)
    with error(CCF, exact="The conditional request failed") as e:
        ddb.put_item(
            TableName=table,
            Item={"pk": {"S": "c"}},
            ConditionExpression="attribute_not_exists(pk)",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    assert e.response["Item"] == item


def test_condition_failure_without_return_has_no_item(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": {"S": "c"}})
    with error(CCF) as e:
        ddb.delete_item(TableName=table, Key=K("c"), ConditionExpression="attribute_exists(nothing)")
    assert "Item" not in e.response


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
def test_type_round_trip(ddb, table, attr):
    ddb.put_item(TableName=table, Item={"pk": {"S": attr}, "v": TEN[attr]})
    got = get(ddb, table, attr)["v"]
    want = TEN[attr]
    if list(want)[0] in ("SS", "NS", "BS"):
        t = list(want)[0]
        assert sorted(got[t]) == sorted(want[t])
    else:
        assert got == want


def test_all_types_in_one_item(ddb, table):
    item = dict(TEN, pk={"S": "all"})
    ddb.put_item(TableName=table, Item=item)
    got = get(ddb, table, "all")
    assert set(got) == set(item)
    assert got["m"] == item["m"] and got["l"] == item["l"] and got["b"] == item["b"]


def test_raw_binary_is_base64_on_the_wire(endpoint, table):
    from b3util import raw_post

    b64 = base64.b64encode(b"\xde\xad\xbe\xef").decode()
    r = raw_post(endpoint, "DynamoDB_20120810.PutItem", {"TableName": table, "Item": {"pk": {"S": "raw"}, "b": {"B": b64}}})
    assert r.status_code == 200, r.text
    r = raw_post(endpoint, "DynamoDB_20120810.GetItem", {"TableName": table, "Key": {"pk": {"S": "raw"}}})
    assert r.json()["Item"]["b"] == {"B": b64}


def test_empty_string_and_binary_outside_keys(ddb, table):
    item = {"pk": {"S": "e"}, "s": {"S": ""}, "b": {"B": b""}, "l": {"L": [{"S": ""}]}, "m": {"M": {"k": {"S": ""}}}}
    ddb.put_item(TableName=table, Item=item)
    assert get(ddb, table, "e") == item


def test_empty_string_in_string_set_allowed(ddb, table):
    # [AWS, 2026 via dynoxide] a set may hold an empty-string member.
    ddb.put_item(TableName=table, Item={"pk": {"S": "es"}, "ss": {"SS": ["", "a"]}})
    assert sorted(get(ddb, table, "es")["ss"]["SS"]) == ["", "a"]


# --- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given,returned",
    [("+3", "3"), ("1.50", "1.5"), ("0001.23", "1.23"), (".123", "0.123"), ("1e+5", "100000"), ("-17e5", "-1700000"), ("100", "100"), ("-0.0010", "-0.001")],
)
def test_number_normalised(ddb, table, given, returned):
    ddb.put_item(TableName=table, Item={"pk": {"S": "n"}, "v": {"N": given}})
    assert get(ddb, table, "n")["v"] == {"N": returned}


@pytest.mark.parametrize("num", ["1e125", "9.99999999e125", "-1e125", "1e-130", "-1e-130", "3.1415926535897932384626433832795028841", "31415926535897932384626433832795028841e30", "0e1000"])
def test_number_limits_allowed(ddb, table, num):
    from decimal import Decimal

    ddb.put_item(TableName=table, Item={"pk": {"S": "n"}, "v": {"N": num}})
    assert Decimal(get(ddb, table, "n")["v"]["N"]) == Decimal(num)


@pytest.mark.parametrize("num", ["1e126", "11e125", "-1e126"])
def test_number_overflow(ddb, table, num):
    with validation(contains="Number overflow. Attempting to store a number with magnitude larger than supported range"):
        ddb.put_item(TableName=table, Item={"pk": {"S": "n"}, "v": {"N": num}})


@pytest.mark.parametrize("num", ["1e-131", "0.9e-130", "-1e-131"])
def test_number_underflow(ddb, table, num):
    with validation(contains="Number underflow. Attempting to store a number with magnitude smaller than supported range"):
        ddb.put_item(TableName=table, Item={"pk": {"S": "n"}, "v": {"N": num}})


@pytest.mark.parametrize("num", ["3.14159265358979323846264338327950288419", "314159265358979323846264338327950288419e30"])
def test_number_too_precise(ddb, table, num):
    with validation(contains="Attempting to store more than 38 significant digits in a Number"):
        ddb.put_item(TableName=table, Item={"pk": {"S": "n"}, "v": {"N": num}})


def test_trailing_zeros_not_significant(ddb, table):
    num = "1" + "0" * 50  # one significant digit
    ddb.put_item(TableName=table, Item={"pk": {"S": "n"}, "v": {"N": num}})
    assert get(ddb, table, "n")["v"] == {"N": num}


@pytest.mark.parametrize("num", ["NaN", "Infinity", "-Infinity", "dog", " 1", "1 ", "1.2.3", "1+2", "", "e5"])
def test_number_not_numeric(ddb, table, num):
    with validation(contains="The parameter cannot be converted to a numeric value"):
        ddb.put_item(TableName=table, Item={"pk": {"S": "n"}, "v": {"N": num}})


def test_number_as_json_number_is_serialization_error(endpoint, table):
    from b3util import error_type, raw_post

    r = raw_post(endpoint, "DynamoDB_20120810.PutItem", {"TableName": table, "Item": {"pk": {"S": "j"}, "v": {"N": 5}}})
    assert r.status_code == 400
    assert error_type(r) == "SerializationException"


# --- attribute value structure ------------------------------------------------------------------


def test_empty_attribute_value(ddb, table):
    with validation(contains="Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"):
        ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {}})


def test_two_types_in_attribute_value(ddb, table):
    with validation(contains="Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"):
        ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"S": "a", "N": "1"}})


def test_null_false_rejected(ddb, table):
    with validation(contains="One or more parameter values were invalid: Null attribute value types must have the value of true"):
        ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"NULL": False}})


# --- sets -------------------------------------------------------------------------------------


def test_empty_string_set(ddb, table):
    with validation(contains="One or more parameter values were invalid: An string set  may not be empty"):
        ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"SS": []}})


def test_empty_number_set(ddb, table):
    with validation(contains="One or more parameter values were invalid: An number set  may not be empty"):
        ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"NS": []}})


def test_empty_binary_set(ddb, table):
    with validation(contains="One or more parameter values were invalid: Binary sets should not be empty"):
        ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"BS": []}})


def test_duplicate_in_string_set(ddb, table):
    with validation(contains=["One or more parameter values were invalid: Input collection", "contains duplicates"]):
        ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"SS": ["a", "a"]}})


def test_duplicate_in_number_set(ddb, table):
    with validation(contains="contains duplicates"):
        ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"NS": ["1", "1"]}})


def test_numerically_equal_in_number_set(ddb, table):
    # [dynoxide] NS duplicates are judged by numeric value.
    with validation(contains="contains duplicates"):
        ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"NS": ["1", "1.0"]}})


def test_duplicate_in_binary_set(ddb, table):
    with validation(contains=["Input collection", "contains duplicates"]):
        ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"BS": [b"x", b"x"]}})


def test_bad_number_in_number_set(ddb, table):
    with validation(contains="The parameter cannot be converted to a numeric value"):
        ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"NS": ["1", "x"]}})


# --- keys ------------------------------------------------------------------------------------


def test_put_missing_key(ddb, table):
    with validation(contains="One or more parameter values were invalid: Missing the key pk in the item"):
        ddb.put_item(TableName=table, Item={"other": {"S": "a"}})


def test_put_missing_sort_key(ddb, table2):
    with validation(contains="One or more parameter values were invalid: Missing the key sk in the item"):
        ddb.put_item(TableName=table2, Item={"pk": {"S": "a"}})


def test_put_key_type_mismatch(ddb, table):
    with validation(contains="One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N"):
        ddb.put_item(TableName=table, Item={"pk": {"N": "1"}})


def test_put_sort_key_type_mismatch(ddb, table2):
    with validation(contains="Type mismatch for key sk expected: N actual: S"):
        ddb.put_item(TableName=table2, Item={"pk": {"S": "a"}, "sk": {"S": "1"}})


def test_get_key_type_mismatch(ddb, table):
    with validation(exact="The provided key element does not match the schema"):
        ddb.get_item(TableName=table, Key={"pk": {"N": "1"}})


def test_get_extra_key_attribute(ddb, table):
    with validation(exact="The provided key element does not match the schema"):
        ddb.get_item(TableName=table, Key={"pk": {"S": "a"}, "x": {"S": "b"}})


def test_get_missing_sort_key(ddb, table2):
    with validation(exact="The provided key element does not match the schema"):
        ddb.get_item(TableName=table2, Key={"pk": {"S": "a"}})


def test_get_wrong_key_name(ddb, table):
    with validation(exact="The provided key element does not match the schema"):
        ddb.get_item(TableName=table, Key={"id": {"S": "a"}})


def test_delete_key_mismatch(ddb, table):
    with validation(exact="The provided key element does not match the schema"):
        ddb.delete_item(TableName=table, Key={"pk": {"B": b"a"}})


def test_update_key_mismatch(ddb, table2):
    with validation(exact="The provided key element does not match the schema"):
        ddb.update_item(TableName=table2, Key={"pk": {"S": "a"}, "sk": {"S": "x"}})


def test_non_scalar_key(ddb, table):
    with validation(exact="The provided key element does not match the schema"):
        ddb.get_item(TableName=table, Key={"pk": {"SS": ["a"]}})


def test_empty_string_key_put(ddb, table):
    # [AWS] "are not valid." and no envelope.
    with validation(
        exact="One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"
    ):
        ddb.put_item(TableName=table, Item={"pk": {"S": ""}})


def test_empty_string_key_get(ddb, table):
    with validation(
        exact="One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"
    ):
        ddb.get_item(TableName=table, Key={"pk": {"S": ""}})


def test_empty_string_sort_key(ddb, make_table):
    name = make_table(range=("sk", "S"))
    with validation(contains="The AttributeValue for a key attribute cannot contain an empty string value. Key: sk"):
        ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "sk": {"S": ""}})


def test_empty_binary_key(ddb, make_table):
    name = make_table(hash=("pk", "B"))
    with validation(
        exact="One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: pk"
    ):
        ddb.put_item(TableName=name, Item={"pk": {"B": b""}})


def test_partition_key_2048_bytes_ok(ddb, table):
    pk = "é" * 1024  # 2048 UTF-8 bytes
    ddb.put_item(TableName=table, Item={"pk": {"S": pk}})
    assert get(ddb, table, pk) == {"pk": {"S": pk}}


def test_partition_key_over_2048_bytes(ddb, table):
    with validation(contains="Size of hashkey has exceeded the maximum size limit of2048 bytes"):
        ddb.put_item(TableName=table, Item={"pk": {"S": "x" * 2049}})


def test_sort_key_1024_bytes_ok(ddb, make_table):
    name = make_table(range=("sk", "S"))
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "sk": {"S": "s" * 1024}})


def test_sort_key_over_1024_bytes(ddb, make_table):
    name = make_table(range=("sk", "S"))
    with validation(contains="Aggregated size of all range keys has exceeded the size limit of 1024 bytes"):
        ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "sk": {"S": "s" * 1025}})


def test_get_with_oversized_key(ddb, table):
    with validation(contains="2048"):
        ddb.get_item(TableName=table, Key={"pk": {"S": "x" * 2049}})


# --- item size --------------------------------------------------------------------------------

# Item size = for each attribute, UTF-8 bytes of its name + size of its value (S: UTF-8 bytes).
# {"pk": "a", "x": <n chars>}: 2 + 1 + 1 + n bytes. 409600 bytes (400 KB) is allowed.


def test_item_exactly_400kb(ddb, table):
    n = 409600 - (2 + 1 + 1)
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "x": {"S": "v" * n}})
    assert len(get(ddb, table, "a")["x"]["S"]) == n


def test_item_one_byte_over_400kb(ddb, table):
    n = 409600 - (2 + 1 + 1) + 1
    with validation(contains="Item size has exceeded the maximum allowed size"):
        ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "x": {"S": "v" * n}})
    assert get(ddb, table, "a") is None


def test_update_growing_item_over_400kb(ddb, table):
    half = 205000
    ddb.put_item(TableName=table, Item={"pk": {"S": "g"}, "x": {"S": "v" * half}})
    with validation(contains="Item size to update has exceeded the maximum allowed size"):
        ddb.update_item(TableName=table, Key=K("g"), UpdateExpression="SET y = :v", ExpressionAttributeValues={":v": {"S": "w" * half}})


# --- nesting depth ----------------------------------------------------------------------------


def nested(levels):
    """A map value nested `levels` deep: levels=1 is {"M": {}}."""
    v = {"M": {}}
    for _ in range(levels - 1):
        v = {"M": {"a": v}}
    return v


def test_nesting_32_levels_allowed(ddb, table):
    # alternator (against AWS): 30 added levels + the top-level map + the item itself == 32.
    ddb.put_item(TableName=table, Item={"pk": {"S": "deep"}, "n": nested(31)})
    assert get(ddb, table, "deep")["n"] == nested(31)


def test_nesting_too_deep(ddb, table):
    with validation(contains="Nesting Levels have exceeded supported limits"):
        ddb.put_item(TableName=table, Item={"pk": {"S": "deep"}, "n": nested(33)})


def test_nesting_too_deep_lists(ddb, table):
    v = {"L": []}
    for _ in range(40):
        v = {"L": [v]}
    with validation(contains="Nesting Levels have exceeded supported limits"):
        ddb.put_item(TableName=table, Item={"pk": {"S": "deep"}, "n": v})


# --- request validation -------------------------------------------------------------------------


def test_put_missing_item(ddb, table):
    with validation(contains="Value null at 'item' failed to satisfy constraint: Member must not be null"):
        ddb.put_item(TableName=table)


def test_get_missing_key(ddb, table):
    with validation(contains="Value null at 'key' failed to satisfy constraint: Member must not be null"):
        ddb.get_item(TableName=table)


def test_bad_return_consumed_capacity(ddb, table):
    with validation(
        contains="Value 'ALL' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]"
    ):
        ddb.get_item(TableName=table, Key=K("a"), ReturnConsumedCapacity="ALL")


def test_put_three_bad_enums_aggregated(ddb, table):
    # [AWS] exact
    with validation(
        exact="3 validation errors detected: Value 'INVALID' at 'returnConsumedCapacity' failed to satisfy constraint: "
        "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; Failed to satisfy constraint: Member must satisfy "
        "enum value set: [ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATE_NEW, NONE]; Value 'INVALID' at 'returnItemCollectionMetrics' "
        "failed to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]"
    ):
        ddb.put_item(
            TableName=table,
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
