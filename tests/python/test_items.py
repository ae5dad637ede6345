"""PutItem / GetItem / UpdateItem / DeleteItem: return values, capacity, types, numbers, limits."""

import base64

import pytest

from .util import N, S, expect_error, expect_validation, expect_validation_contains

INVALID = "One or more parameter values were invalid: "
NOT_SCHEMA = "The provided key element does not match the schema"


def key(pk, sk=None):
    k = {"pk": S(pk)}
    if sk is not None:
        k["sk"] = N(sk)
    return k


# --- basic round trips -----------------------------------------------------------------------


def test_put_then_get(ddb, range_table):
    item = {"pk": S("p"), "sk": N(1), "name": S("alpha")}
    assert ddb.put_item(TableName=range_table, Item=item).get("Attributes") is None
    assert ddb.get_item(TableName=range_table, Key=key("p", 1))["Item"] == item


def test_get_missing_item_has_no_item(ddb, range_table):
    resp = ddb.get_item(TableName=range_table, Key=key("nothing", 1))
    assert "Item" not in resp


def test_put_replaces_whole_item(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("a"), "x": N(1), "y": N(2)})
    ddb.put_item(TableName=hash_table, Item={"pk": S("a"), "z": N(3)})
    assert ddb.get_item(TableName=hash_table, Key=key("a"))["Item"] == {"pk": S("a"), "z": N(3)}


def test_delete_item(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("a")})
    ddb.delete_item(TableName=hash_table, Key=key("a"))
    assert "Item" not in ddb.get_item(TableName=hash_table, Key=key("a"))


def test_delete_missing_item_is_fine(ddb, hash_table):
    resp = ddb.delete_item(TableName=hash_table, Key=key("never"), ReturnValues="ALL_OLD")
    assert "Attributes" not in resp


def test_update_creates_item(ddb, hash_table):
    ddb.update_item(
        TableName=hash_table, Key=key("u"), UpdateExpression="SET v = :v", ExpressionAttributeValues={":v": N(5)}
    )
    assert ddb.get_item(TableName=hash_table, Key=key("u"))["Item"] == {"pk": S("u"), "v": N(5)}


def test_update_without_expression_creates_key_only_item(ddb, hash_table):
    ddb.update_item(TableName=hash_table, Key=key("bare"))
    assert ddb.get_item(TableName=hash_table, Key=key("bare"))["Item"] == {"pk": S("bare")}


def test_consistent_read(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("c"), "v": S("1")})
    for consistent in (True, False):
        assert ddb.get_item(TableName=hash_table, Key=key("c"), ConsistentRead=consistent)["Item"]["v"] == S("1")


def test_missing_table(ddb):
    expect_error(
        "ResourceNotFoundException", "Requested resource not found", ddb.get_item, TableName="no-such-tbl-items", Key=key("a")
    )
    expect_error(
        "ResourceNotFoundException", "Requested resource not found", ddb.put_item, TableName="no-such-tbl-items", Item=key("a")
    )


# --- ReturnValues ----------------------------------------------------------------------------


def test_put_return_all_old(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("r"), "v": N(1)})
    resp = ddb.put_item(TableName=hash_table, Item={"pk": S("r"), "v": N(2)}, ReturnValues="ALL_OLD")
    assert resp["Attributes"] == {"pk": S("r"), "v": N(1)}


def test_put_return_all_old_on_new_item(ddb, hash_table):
    resp = ddb.put_item(TableName=hash_table, Item={"pk": S("new")}, ReturnValues="ALL_OLD")
    assert "Attributes" not in resp


def test_put_return_none(ddb, hash_table):
    resp = ddb.put_item(TableName=hash_table, Item={"pk": S("n")}, ReturnValues="NONE")
    assert "Attributes" not in resp


@pytest.mark.parametrize("rv", ["ALL_NEW", "UPDATED_OLD", "UPDATED_NEW"])
def test_put_rejects_other_return_values(ddb, hash_table, rv):
    expect_validation("ReturnValues can only be ALL_OLD or NONE", ddb.put_item, TableName=hash_table, Item=key("x"), ReturnValues=rv)


# (dynalite accepts, and ignores, these on DeleteItem; DynamoDB rejects them.)
@pytest.mark.parametrize("rv", ["ALL_NEW", "UPDATED_OLD", "UPDATED_NEW"])
def test_delete_rejects_other_return_values(ddb, hash_table, rv):
    expect_validation("ReturnValues can only be ALL_OLD or NONE", ddb.delete_item, TableName=hash_table, Key=key("x"), ReturnValues=rv)


def test_return_values_not_an_enum(ddb, hash_table):
    # DynamoDB's own slip: it prints UPDATE_NEW in this value set, and no "Value ... at" prefix.
    expect_validation(
        "1 validation error detected: Failed to satisfy constraint: Member must satisfy enum value set: "
        "[ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATE_NEW, NONE]",
        ddb.put_item,
        TableName=hash_table,
        Item=key("x"),
        ReturnValues="EVERYTHING",
        envelope=False,
    )


def test_delete_return_all_old(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("d"), "v": S("gone")})
    resp = ddb.delete_item(TableName=hash_table, Key=key("d"), ReturnValues="ALL_OLD")
    assert resp["Attributes"] == {"pk": S("d"), "v": S("gone")}


@pytest.fixture
def updatable(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("u"), "a": N(1), "b": S("keep"), "c": N(10)})
    return hash_table


def update_a(ddb, table, rv):
    return ddb.update_item(
        TableName=table,
        Key=key("u"),
        UpdateExpression="SET a = :a, d = :d REMOVE c",
        ExpressionAttributeValues={":a": N(2), ":d": S("new")},
        ReturnValues=rv,
    )


def test_update_return_none(ddb, updatable):
    assert "Attributes" not in update_a(ddb, updatable, "NONE")


def test_update_return_all_old(ddb, updatable):
    assert update_a(ddb, updatable, "ALL_OLD")["Attributes"] == {"pk": S("u"), "a": N(1), "b": S("keep"), "c": N(10)}


def test_update_return_all_new(ddb, updatable):
    assert update_a(ddb, updatable, "ALL_NEW")["Attributes"] == {"pk": S("u"), "a": N(2), "b": S("keep"), "d": S("new")}


def test_update_return_updated_old(ddb, updatable):
    # The old values of the attributes the update touched (d did not exist before).
    assert update_a(ddb, updatable, "UPDATED_OLD")["Attributes"] == {"a": N(1), "c": N(10)}


def test_update_return_updated_new(ddb, updatable):
    # The new values of the attributes the update touched (c is gone).
    assert update_a(ddb, updatable, "UPDATED_NEW")["Attributes"] == {"a": N(2), "d": S("new")}


def test_update_return_all_old_on_new_item(ddb, hash_table):
    resp = ddb.update_item(
        TableName=hash_table,
        Key=key("fresh"),
        UpdateExpression="SET a = :a",
        ExpressionAttributeValues={":a": N(1)},
        ReturnValues="ALL_OLD",
    )
    assert "Attributes" not in resp


# --- ReturnConsumedCapacity ------------------------------------------------------------------


def test_put_consumed_capacity_total(ddb, hash_table):
    resp = ddb.put_item(TableName=hash_table, Item={"pk": S("cc")}, ReturnConsumedCapacity="TOTAL")
    cc = resp["ConsumedCapacity"]
    assert cc["TableName"] == hash_table
    assert cc["CapacityUnits"] == 1.0


def test_get_consumed_capacity_total(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("cc")})
    eventual = ddb.get_item(TableName=hash_table, Key=key("cc"), ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]
    strong = ddb.get_item(TableName=hash_table, Key=key("cc"), ConsistentRead=True, ReturnConsumedCapacity="TOTAL")[
        "ConsumedCapacity"
    ]
    assert eventual["CapacityUnits"] == 0.5
    assert strong["CapacityUnits"] == 1.0


def test_get_missing_item_still_consumes(ddb, hash_table):
    cc = ddb.get_item(TableName=hash_table, Key=key("none"), ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]
    assert cc["CapacityUnits"] == 0.5


def test_consumed_capacity_indexes(ddb, hash_table):
    resp = ddb.put_item(TableName=hash_table, Item={"pk": S("ix")}, ReturnConsumedCapacity="INDEXES")
    cc = resp["ConsumedCapacity"]
    assert cc["CapacityUnits"] == 1.0
    assert cc["Table"]["CapacityUnits"] == 1.0


def test_consumed_capacity_none(ddb, hash_table):
    resp = ddb.put_item(TableName=hash_table, Item={"pk": S("no")}, ReturnConsumedCapacity="NONE")
    assert "ConsumedCapacity" not in resp
    assert "ConsumedCapacity" not in ddb.put_item(TableName=hash_table, Item={"pk": S("no")})


def test_consumed_capacity_bad_enum(ddb, hash_table):
    expect_validation(
        "1 validation error detected: Value 'ALL' at 'returnConsumedCapacity' failed to satisfy constraint: "
        "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]",
        ddb.get_item,
        TableName=hash_table,
        Key=key("a"),
        ReturnConsumedCapacity="ALL",
        envelope=False,
    )


def test_delete_consumed_capacity(ddb, hash_table):
    # 2 KB item: deleting it costs ceil(2 KB / 1 KB) = 2 WCU.
    ddb.put_item(TableName=hash_table, Item={"pk": S("big"), "v": S("x" * 2000)})
    cc = ddb.delete_item(TableName=hash_table, Key=key("big"), ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]
    assert cc["CapacityUnits"] == 2.0


# --- the ten attribute types -----------------------------------------------------------------

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
def test_type_round_trip(ddb, hash_table, name):
    ddb.put_item(TableName=hash_table, Item={"pk": S(name), name: ALL_TYPES[name]})
    got = ddb.get_item(TableName=hash_table, Key=key(name))["Item"][name]
    assert canonical(got) == canonical(ALL_TYPES[name])


def test_all_types_in_one_item(ddb, hash_table):
    item = dict(ALL_TYPES, pk=S("all"))
    ddb.put_item(TableName=hash_table, Item=item)
    got = ddb.get_item(TableName=hash_table, Key=key("all"))["Item"]
    assert {k: canonical(v) for k, v in got.items()} == {k: canonical(v) for k, v in item.items()}


def test_binary_key(ddb, make_table):
    table = make_table([("pk", "B", "HASH")])
    ddb.put_item(TableName=table, Item={"pk": {"B": b"\x00key"}, "v": S("bin")})
    assert ddb.get_item(TableName=table, Key={"pk": {"B": b"\x00key"}})["Item"]["v"] == S("bin")


# --- numbers ---------------------------------------------------------------------------------


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
def test_number_normalised(ddb, hash_table, given, stored):
    ddb.put_item(TableName=hash_table, Item={"pk": S("num"), "v": {"N": given}})
    assert ddb.get_item(TableName=hash_table, Key=key("num"))["Item"]["v"] == {"N": stored}


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


def test_number_39_digits(ddb, hash_table):
    expect_validation(
        "Attempting to store more than 38 significant digits in a Number",
        ddb.put_item,
        TableName=hash_table,
        Item={"pk": S("n39"), "v": {"N": "1" * 39}},
    )


def test_number_overflow(ddb, hash_table):
    expect_validation(
        "Number overflow. Attempting to store a number with magnitude larger than supported range",
        ddb.put_item,
        TableName=hash_table,
        Item={"pk": S("big"), "v": {"N": "1E+126"}},
    )


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


def test_number_smallest(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("min"), "v": {"N": "1E-130"}})
    assert ddb.get_item(TableName=hash_table, Key=key("min"))["Item"]["v"] == {"N": "0." + "0" * 129 + "1"}


@pytest.mark.parametrize("bad", ["abc", "1.2.3", "1e", "--1", " 1", "0x10", "Infinity", "NaN"])
def test_number_not_numeric(ddb, hash_table, bad):
    msg = expect_validation_contains(
        "The parameter cannot be converted to a numeric value",
        ddb.put_item,
        TableName=hash_table,
        Item={"pk": S("bad"), "v": {"N": bad}},
    )
    assert msg.endswith("numeric value") or msg.endswith("numeric value: " + bad), msg


def test_number_empty_string(ddb, hash_table):
    expect_validation_contains(
        "The parameter cannot be converted to a numeric value",
        ddb.put_item,
        TableName=hash_table,
        Item={"pk": S("bad"), "v": {"N": ""}},
    )


def test_number_set_normalised_and_deduplicated_by_value(ddb, hash_table):
    # "1" and "1.0" are the same number: a duplicate in a number set.
    expect_validation_contains(
        "contains duplicates",
        ddb.put_item,
        TableName=hash_table,
        Item={"pk": S("ns"), "v": {"NS": ["1", "1.0"]}},
    )


# --- empty strings and binaries --------------------------------------------------------------
# (dynalite predates 2020's empty-value support and rejects these; DynamoDB accepts them.)


def test_empty_string_non_key(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("e"), "v": S(""), "m": {"M": {"x": S("")}}, "l": {"L": [S("")]}})
    item = ddb.get_item(TableName=hash_table, Key=key("e"))["Item"]
    assert item["v"] == S("") and item["m"] == {"M": {"x": S("")}} and item["l"] == {"L": [S("")]}


def test_empty_binary_non_key(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("eb"), "v": {"B": b""}})
    assert ddb.get_item(TableName=hash_table, Key=key("eb"))["Item"]["v"] == {"B": b""}


def test_empty_string_hash_key_put(ddb, hash_table):
    expect_validation(
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain "
        "an empty string value. Key: pk",
        ddb.put_item,
        TableName=hash_table,
        Item={"pk": S("")},
        envelope=False,
    )


def test_empty_string_key_get(ddb, hash_table):
    expect_validation(
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain "
        "an empty string value. Key: pk",
        ddb.get_item,
        TableName=hash_table,
        Key={"pk": S("")},
        envelope=False,
    )


def test_empty_binary_key(ddb, make_table):
    table = make_table([("pk", "B", "HASH")])
    expect_validation(
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain "
        "an empty binary value. Key: pk",
        ddb.put_item,
        TableName=table,
        Item={"pk": {"B": b""}},
        envelope=False,
    )


# --- key validation --------------------------------------------------------------------------


def test_put_missing_hash_key(ddb, range_table):
    expect_validation(
        INVALID + "Missing the key pk in the item", ddb.put_item, TableName=range_table, Item={"sk": N(1)}
    )


def test_put_missing_range_key(ddb, range_table):
    expect_validation(
        INVALID + "Missing the key sk in the item", ddb.put_item, TableName=range_table, Item={"pk": S("a")}
    )


def test_put_key_type_mismatch(ddb, range_table):
    expect_validation(
        INVALID + "Type mismatch for key sk expected: N actual: S",
        ddb.put_item,
        TableName=range_table,
        Item={"pk": S("a"), "sk": S("one")},
    )


def test_get_key_type_mismatch(ddb, range_table):
    expect_validation(NOT_SCHEMA, ddb.get_item, TableName=range_table, Key={"pk": S("a"), "sk": S("1")})


def test_get_missing_key_attribute(ddb, range_table):
    expect_validation(NOT_SCHEMA, ddb.get_item, TableName=range_table, Key={"pk": S("a")})


def test_get_extra_key_attribute(ddb, range_table):
    expect_validation(NOT_SCHEMA, ddb.get_item, TableName=range_table, Key={"pk": S("a"), "sk": N(1), "x": S("no")})


def test_get_wrong_key_name(ddb, hash_table):
    expect_validation(NOT_SCHEMA, ddb.get_item, TableName=hash_table, Key={"id": S("a")})


def test_delete_key_mismatch(ddb, range_table):
    expect_validation(NOT_SCHEMA, ddb.delete_item, TableName=range_table, Key={"pk": S("a")})


def test_update_key_mismatch(ddb, range_table):
    expect_validation(
        NOT_SCHEMA,
        ddb.update_item,
        TableName=range_table,
        Key={"pk": N(1), "sk": N(1)},
        UpdateExpression="SET a = :a",
        ExpressionAttributeValues={":a": N(1)},
    )


def test_hash_key_too_long(ddb, hash_table):
    expect_validation(
        INVALID + "Size of hashkey has exceeded the maximum size limit of2048 bytes",
        ddb.put_item,
        TableName=hash_table,
        Item={"pk": S("k" * 2049)},
    )


def test_hash_key_at_limit(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("k" * 2048)})
    assert "Item" in ddb.get_item(TableName=hash_table, Key={"pk": S("k" * 2048)})


def test_range_key_too_long(ddb, make_table):
    table = make_table([("pk", "S", "HASH"), ("sk", "S", "RANGE")])
    expect_validation(
        INVALID + "Aggregated size of all range keys has exceeded the size limit of 1024 bytes",
        ddb.put_item,
        TableName=table,
        Item={"pk": S("a"), "sk": S("r" * 1025)},
    )


def test_range_key_at_limit(ddb, make_table):
    table = make_table([("pk", "S", "HASH"), ("sk", "S", "RANGE")])
    ddb.put_item(TableName=table, Item={"pk": S("a"), "sk": S("r" * 1024)})


# --- item size -------------------------------------------------------------------------------
# Item size = sum of UTF-8 attribute-name lengths + value sizes; the limit is 400 KB = 409,600
# bytes. Here: "pk"(2) + "a"(1) + "data"(4) + len(data).


def test_item_exactly_400kb(ddb, hash_table):
    data = "x" * (409600 - 2 - 1 - 4)
    ddb.put_item(TableName=hash_table, Item={"pk": S("a"), "data": S(data)})
    assert len(ddb.get_item(TableName=hash_table, Key=key("a"))["Item"]["data"]["S"]) == len(data)


def test_item_one_byte_over_400kb(ddb, hash_table):
    data = "x" * (409600 - 2 - 1 - 4 + 1)
    expect_validation(
        "Item size has exceeded the maximum allowed size",
        ddb.put_item,
        TableName=hash_table,
        Item={"pk": S("a"), "data": S(data)},
    )


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


# --- nesting ---------------------------------------------------------------------------------


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


def test_nesting_in_lists_rejected(ddb, hash_table):
    v = {"S": "leaf"}
    for _ in range(40):
        v = {"L": [v]}
    expect_validation_contains(
        "Nesting Levels have exceeded supported limits", ddb.put_item, TableName=hash_table, Item={"pk": S("d"), "v": v}
    )


# --- sets and malformed values ---------------------------------------------------------------


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
    msg = expect_validation_contains(
        "contains duplicates", ddb.put_item, TableName=hash_table, Item={"pk": S("s"), "v": {"SS": ["a", "b", "a"]}}
    )
    assert INVALID + "Input collection" in msg


def test_duplicate_in_number_set(ddb, hash_table):
    expect_validation_contains(
        "contains duplicates", ddb.put_item, TableName=hash_table, Item={"pk": S("s"), "v": {"NS": ["2", "2"]}}
    )


def test_duplicate_in_binary_set(ddb, hash_table):
    expect_validation_contains(
        "contains duplicates", ddb.put_item, TableName=hash_table, Item={"pk": S("s"), "v": {"BS": [b"a", b"a"]}}
    )


def test_empty_attribute_value(ddb, hash_table):
    expect_validation(
        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
        ddb.put_item,
        TableName=hash_table,
        Item={"pk": S("s"), "v": {}},
    )


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


def test_set_order_irrelevant_for_equality(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("set"), "v": {"SS": ["b", "a"]}})
    ddb.put_item(
        TableName=hash_table,
        Item={"pk": S("set"), "v": {"SS": ["c"]}},
        ConditionExpression="v = :s",
        ExpressionAttributeValues={":s": {"SS": ["a", "b"]}},
    )
