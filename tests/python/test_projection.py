"""ProjectionExpression: top-level, nested paths, list indexes, names, and errors."""

import pytest

from .util import N, S, expect_validation

ITEM = {
    "pk": S("p"),
    "a": N(1),
    "b": S("two"),
    "m": {"M": {"x": N(1), "y": {"M": {"z": S("deep")}}, "w": S("w")}},
    "l": {"L": [S("l0"), {"M": {"q": N(7), "r": N(8)}}, S("l2"), S("l3")]},
}


@pytest.fixture
def table(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item=ITEM)
    return hash_table


def get(ddb, table, proj, names=None):
    args = dict(TableName=table, Key={"pk": S("p")}, ProjectionExpression=proj)
    if names:
        args["ExpressionAttributeNames"] = names
    return ddb.get_item(**args).get("Item")


@pytest.mark.parametrize(
    "proj,expected",
    [
        ("a", {"a": N(1)}),
        ("a, b", {"a": N(1), "b": S("two")}),
        ("pk", {"pk": S("p")}),
        ("absentattr", {}),
        ("m.x", {"m": {"M": {"x": N(1)}}}),
        ("m.y.z", {"m": {"M": {"y": {"M": {"z": S("deep")}}}}}),
        ("m.x, m.w", {"m": {"M": {"x": N(1), "w": S("w")}}}),
        ("l[0]", {"l": {"L": [S("l0")]}}),
        ("l[2], l[0]", {"l": {"L": [S("l0"), S("l2")]}}),
        ("l[1].q", {"l": {"L": [{"M": {"q": N(7)}}]}}),
        ("l[9]", {}),
        ("m.absentattr", {}),
        ("a, m.absentattr", {"a": N(1)}),
    ],
)
def test_projection(ddb, table, proj, expected):
    assert (get(ddb, table, proj) or {}) == expected


def test_projection_with_names(ddb, table):
    assert get(ddb, table, "#m.#y.#z", {"#m": "m", "#y": "y", "#z": "z"}) == {"m": {"M": {"y": {"M": {"z": S("deep")}}}}}


def test_projection_of_reserved_word_through_name(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("r"), "name": S("n"), "other": S("o")})
    got = ddb.get_item(
        TableName=hash_table, Key={"pk": S("r")}, ProjectionExpression="#n", ExpressionAttributeNames={"#n": "name"}
    )["Item"]
    assert got == {"name": S("n")}


def test_projection_in_query(ddb, range_table):
    ddb.put_item(TableName=range_table, Item={"pk": S("q"), "sk": N(1), "m": {"M": {"x": N(1), "y": N(2)}}})
    items = ddb.query(
        TableName=range_table,
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": S("q")},
        ProjectionExpression="m.y",
    )["Items"]
    assert items == [{"m": {"M": {"y": N(2)}}}]


BAD = "Invalid ProjectionExpression: "


@pytest.mark.parametrize(
    "proj,message",
    [
        ("a, a", BAD + "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"),
        ("m, m.x", BAD + "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m], path two: [m, x]"),
        ("m.x, m[0]", BAD + "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [m, x], path two: [m, [0]]"),
        ("name", BAD + "Attribute name is a reserved keyword; reserved keyword: name"),
        ("#nope", BAD + "An expression attribute name used in the document path is not defined; attribute name: #nope"),
        ("", BAD + "The expression can not be empty;"),
    ],
)
def test_projection_errors(ddb, table, proj, message):
    expect_validation(message, get, ddb, table, proj)


def test_projection_and_attributes_to_get(ddb, table):
    expect_validation(
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}",
        ddb.get_item,
        TableName=table,
        Key={"pk": S("p")},
        ProjectionExpression="a",
        AttributesToGet=["a"],
    )
