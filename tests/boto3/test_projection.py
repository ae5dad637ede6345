"""ProjectionExpression: nested paths, list indexes, placeholders, and errors (§5.5)."""

import pytest

from b3util import validation

ITEM = {
    "pk": {"S": "p"},
    "a": {"N": "1"},
    "b": {"S": "two"},
    "m": {"M": {"x": {"N": "1"}, "y": {"M": {"z": {"S": "deep"}}}, "w": {"S": "w"}}},
    "l": {"L": [{"S": "l0"}, {"M": {"k": {"S": "v"}, "j": {"N": "9"}}}, {"S": "l2"}, {"S": "l3"}]},
}


@pytest.fixture
def proj(ddb, table):
    ddb.put_item(TableName=table, Item=ITEM)

    def proj(expr, names=None):
        kw = {"ProjectionExpression": expr}
        if names:
            kw["ExpressionAttributeNames"] = names
        return ddb.get_item(TableName=table, Key={"pk": {"S": "p"}}, **kw).get("Item")

    proj.table = table
    return proj


def test_top_level(proj):
    assert proj("a, b") == {"a": ITEM["a"], "b": ITEM["b"]}


def test_key_not_included_unless_asked(proj):
    assert "pk" not in proj("a")
    assert proj("pk") == {"pk": ITEM["pk"]}


def test_nested_map(proj):
    assert proj("m.y.z") == {"m": {"M": {"y": {"M": {"z": {"S": "deep"}}}}}}


def test_sibling_map_paths(proj):
    assert proj("m.x, m.w") == {"m": {"M": {"x": {"N": "1"}, "w": {"S": "w"}}}}


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


def test_overlap_same_path(proj):
    with validation(
        contains="Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"
    ):
        proj("a, a")


def test_overlap_parent_child(proj):
    with validation(contains="path one: [m], path two: [m, x]"):
        proj("m, m.x")


def test_overlap_via_alias(proj):
    with validation(contains="Two document paths overlap with each other"):
        proj("#a, a", {"#a": "a"})


def test_syntax_error_index(proj):
    with validation(contains='Invalid ProjectionExpression: Syntax error; token: "a", near: "[a]"'):
        proj("l[a]")


def test_reserved_word(proj):
    with validation(contains="Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: data"):
        proj("data")


def test_undefined_name(proj):
    with validation(contains="An expression attribute name used in the document path is not defined; attribute name: #q"):
        proj("#q")


def test_unused_name(proj):
    with validation(contains="Value provided in ExpressionAttributeNames unused in expressions: keys: {#q}"):
        proj("a", {"#q": "q"})


def test_error_even_when_item_missing(ddb, table):
    # [AWS] projection errors are raised before any item is read.
    with validation(contains="Two document paths overlap"):
        ddb.get_item(TableName=table, Key={"pk": {"S": "absent"}}, ProjectionExpression="a, a")


def test_attributes_to_get_and_projection_conflict(proj, ddb):
    with validation(contains="Can not use both expression and non-expression parameters in the same request"):
        ddb.get_item(TableName=proj.table, Key={"pk": {"S": "p"}}, ProjectionExpression="a", AttributesToGet=["a"])
