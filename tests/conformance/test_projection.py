"""ProjectionExpression: top-level and nested paths, list indexes, placeholders, and errors
(docs/research/dynamodb-messages.md §5.5)."""

import pytest

from expect import N, S, expect_error, expect_validation, range_key, sample_key, validation


PROJECTED = {
    "pk": {"S": "p"},
    "a": {"N": "1"},
    "b": {"S": "two"},
    "m": {"M": {"x": {"N": "1"}, "y": {"M": {"z": {"S": "deep"}}}, "w": {"S": "w"}}},
    "l": {"L": [{"S": "l0"}, {"M": {"k": {"S": "v"}, "j": {"N": "9"}}}, {"S": "l2"}, {"S": "l3"}]},
}


@pytest.fixture
def proj(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item=PROJECTED)

    def proj(expr, names=None):
        kw = {"ProjectionExpression": expr}
        if names:
            kw["ExpressionAttributeNames"] = names
        return ddb.get_item(TableName=hash_table, Key={"pk": {"S": "p"}}, **kw).get("Item")

    proj.table = hash_table
    return proj


ITEM = {
    "pk": S("p"),
    "a": N(1),
    "b": S("two"),
    "m": {"M": {"x": N(1), "y": {"M": {"z": S("deep")}}, "w": S("w")}},
    "l": {"L": [S("l0"), {"M": {"q": N(7), "r": N(8)}}, S("l2"), S("l3")]},
}


@pytest.fixture
def item_table(ddb, hash_table):
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
def test_projection(ddb, item_table, proj, expected):
    assert (get(ddb, item_table, proj) or {}) == expected


def test_list_index(proj):
    assert proj("l[2]") == {"l": {"L": [{"S": "l2"}]}}


def test_list_indexes_compacted_in_order(proj):
    # [AWS] several indexes of one list come back compacted in ascending index order.
    assert proj("l[3], l[0]") == {"l": {"L": [{"S": "l0"}, {"S": "l3"}]}}


def test_list_element_map_path(proj):
    assert proj("l[1].j") == {"l": {"L": [{"M": {"j": {"N": "9"}}}]}}


def test_missing_paths_omitted(proj):
    assert proj("nothing, m.nothing, l[9]") is None or proj("nothing, m.nothing, l[9]") == {}


def test_placeholders(proj):
    assert proj("#m.#x", {"#m": "m", "#x": "x"}) == {"m": {"M": {"x": {"N": "1"}}}}


def test_projection_with_names(ddb, item_table):
    assert get(ddb, item_table, "#m.#y.#z", {"#m": "m", "#y": "y", "#z": "z"}) == {"m": {"M": {"y": {"M": {"z": S("deep")}}}}}


def test_projection_of_reserved_word_through_name(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("r"), "name": S("n"), "other": S("o")})
    got = ddb.get_item(
        TableName=hash_table, Key={"pk": S("r")}, ProjectionExpression="#n", ExpressionAttributeNames={"#n": "name"}
    )["Item"]
    assert got == {"name": S("n")}


def test_projection_nested_and_indexes(ddb, sample_item):
    got = ddb.get_item(TableName=sample_item, Key=sample_key(), ProjectionExpression="m.x, l[1], #s",
                       ExpressionAttributeNames={"#s": "s"})["Item"]
    assert got == {"m": {"M": {"x": {"N": "1"}}}, "l": {"L": [{"N": "2"}]}, "s": {"S": "hello"}}


def test_projection_paths_nest_at_most_32_levels(ddb, range_table):
    ddb.put_item(TableName=range_table, Item=range_key())
    assert "Item" in ddb.get_item(TableName=range_table, Key=range_key(), ProjectionExpression="a" + ".b" * 31)
    expect_error("ValidationException", "Invalid ProjectionExpression: The document path has too many nesting "
                 "levels; nesting levels: 33", ddb.get_item, TableName=range_table, Key=range_key(),
                 ProjectionExpression="a" + ".b" * 32)


def test_projection_in_query(ddb, range_table):
    ddb.put_item(TableName=range_table, Item={"pk": S("q"), "sk": N(1), "m": {"M": {"x": N(1), "y": N(2)}}})
    items = ddb.query(
        TableName=range_table,
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": S("q")},
        ProjectionExpression="m.y",
    )["Items"]
    assert items == [{"m": {"M": {"y": N(2)}}}]


# --- errors -----------------------------------------------------------------------------------


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
def test_projection_errors(ddb, item_table, proj, message):
    expect_validation(message, get, ddb, item_table, proj)


def test_overlap_via_alias(proj):
    with validation(contains="Two document paths overlap with each other"):
        proj("#a, a", {"#a": "a"})


def test_syntax_error_index(proj):
    with validation(contains='Invalid ProjectionExpression: Syntax error; token: "a", near: "[a]"'):
        proj("l[a]")


def test_reserved_word(proj):
    with validation(contains="Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: data"):
        proj("data")


def test_unused_name(proj):
    with validation(contains="Value provided in ExpressionAttributeNames unused in expressions: keys: {#q}"):
        proj("a", {"#q": "q"})


def test_error_even_when_item_missing(ddb, hash_table):
    # [AWS] projection errors are raised before any item is read.
    with validation(contains="Two document paths overlap"):
        ddb.get_item(TableName=hash_table, Key={"pk": {"S": "absent"}}, ProjectionExpression="a, a")


def test_projection_and_attributes_to_get(ddb, item_table):
    expect_validation(
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}",
        ddb.get_item,
        TableName=item_table,
        Key={"pk": S("p")},
        ProjectionExpression="a",
        AttributesToGet=["a"],
    )


# --- paths into key attributes (projections and filters) ------------------------------------


SCALARS = "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: "


@pytest.mark.parametrize("call,kwargs,which", [
    ("get_item", {"Key": {"pk": {"S": "MSG#g1"}, "sk": {"S": "x"}}, "ProjectionExpression": "pk.a"}, "Key: pk"),
    ("get_item", {"Key": {"pk": {"S": "MSG#g1"}, "sk": {"S": "x"}}, "ProjectionExpression": "body, #u[0]",
                  "ExpressionAttributeNames": {"#u": "user"}}, "IndexKey: user"),
    ("scan", {"FilterExpression": "score.x = :v", "ExpressionAttributeValues": {":v": {"N": "1"}}}, "IndexKey: score"),
    ("scan", {"ProjectionExpression": "sk[1]"}, "Key: sk"),
    ("query", {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "MSG#g1"}},
               "ProjectionExpression": "body, #u.x1", "ExpressionAttributeNames": {"#u": "user"}}, "IndexKey: user"),
    ("query", {"KeyConditionExpression": "pk = :p", "FilterExpression": "attribute_exists(score.x)",
               "ExpressionAttributeValues": {":p": {"S": "MSG#g1"}}}, "IndexKey: score"),
])
def test_paths_into_key_attributes_are_refused(ddb, messages, call, kwargs, which):
    expect_error("ValidationException", SCALARS + which, getattr(ddb, call), TableName=messages, **kwargs)


def test_batch_get_refuses_paths_into_keys(ddb, messages):
    expect_error("ValidationException", SCALARS + "Key: pk", ddb.batch_get_item, RequestItems={
        messages: {"Keys": [{"pk": {"S": "MSG#g1"}, "sk": {"S": "x"}}], "ProjectionExpression": "pk.a.b"}})


def test_placeholder_naming_the_empty_string_is_refused(ddb, hash_table):
    # Source: AWS capture in ExtendDB's placeholder-map tests (us-east-1), and client code
    # matching the same text from DynamoDB: an ExpressionAttributeNames value may not be "".
    expect_validation(
        "ExpressionAttributeNames contains invalid value: Empty attribute name for key #a",
        ddb.get_item, TableName=hash_table, Key=sample_key(), ProjectionExpression="#a",
        ExpressionAttributeNames={"#a": ""},
    )


def test_list_index_beyond_dynamodb_range_is_refused(ddb, hash_table):
    # Source: scylladb issue 25947 / PR 25951 (a test run against DynamoDB): an index that does
    # not fit DynamoDB's integer is a ValidationException, not a missing element.
    expect_validation(
        "Invalid ProjectionExpression: List index is not within the allowable range; index: [99999999999]",
        ddb.get_item, TableName=hash_table, Key=sample_key(), ProjectionExpression="a[99999999999]",
    )
    expect_validation(
        "Invalid UpdateExpression: List index is not within the allowable range; index: [99999999999]",
        ddb.update_item, TableName=hash_table, Key=sample_key(), UpdateExpression="SET a[99999999999] = :v",
        ExpressionAttributeValues={":v": {"S": "x"}},
    )
