"""UpdateExpression: SET, REMOVE, ADD, DELETE, functions, nested paths, and the errors."""

import re

import pytest

from .util import N, S, expect_validation

KEY = {"pk": S("u")}
START = {
    "pk": S("u"),
    "n": N(10),
    "s": S("str"),
    "l": {"L": [N(0), N(1), N(2), N(3)]},
    "m": {"M": {"a": N(1), "child": {"M": {"b": S("x")}}}},
    "ss": {"SS": ["a", "b"]},
    "ns": {"NS": ["1", "2"]},
    "bs": {"BS": [b"\x01", b"\x02"]},
}


@pytest.fixture
def table(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item=START)
    return hash_table


def upd(ddb, table, expr, values=None, names=None, key=KEY):
    args = dict(TableName=table, Key=key, UpdateExpression=expr, ReturnValues="ALL_NEW")
    if values:
        args["ExpressionAttributeValues"] = values
    if names:
        args["ExpressionAttributeNames"] = names
    return ddb.update_item(**args).get("Attributes", {})


def setof(v):
    (t, members), = v.items()
    return t, sorted(members)


def test_set_plus(ddb, table):
    assert upd(ddb, table, "SET n = n + :d", {":d": N(5)})["n"] == N(15)


def test_set_minus(ddb, table):
    assert upd(ddb, table, "SET n = n - :d", {":d": N("0.5")})["n"] == N("9.5")


def test_set_value_minus_path(ddb, table):
    assert upd(ddb, table, "SET n = :d - n", {":d": N(3)})["n"] == N(-7)


def test_set_arithmetic_precision(ddb, table):
    got = upd(ddb, table, "SET n = :a + :b", {":a": N("0.1"), ":b": N("0.2")})["n"]
    assert got == N("0.3")


def test_set_copy_from_other_attribute(ddb, table):
    assert upd(ddb, table, "SET dup = s")["dup"] == S("str")


def test_set_uses_pre_update_values(ddb, table):
    got = upd(ddb, table, "SET n = :v, prev = n", {":v": N(1)})
    assert got["n"] == N(1) and got["prev"] == N(10)


def test_if_not_exists_absent(ddb, table):
    assert upd(ddb, table, "SET c = if_not_exists(c, :z)", {":z": N(0)})["c"] == N(0)


def test_if_not_exists_present(ddb, table):
    assert upd(ddb, table, "SET n = if_not_exists(n, :z)", {":z": N(0)})["n"] == N(10)


def test_counter_with_if_not_exists(ddb, table):
    for _ in range(3):
        got = upd(ddb, table, "SET hits = if_not_exists(hits, :z) + :one", {":z": N(0), ":one": N(1)})
    assert got["hits"] == N(3)


def test_list_append_end(ddb, table):
    got = upd(ddb, table, "SET l = list_append(l, :v)", {":v": {"L": [N(4)]}})
    assert got["l"] == {"L": [N(0), N(1), N(2), N(3), N(4)]}


def test_list_append_front(ddb, table):
    got = upd(ddb, table, "SET l = list_append(:v, l)", {":v": {"L": [S("first")]}})
    assert got["l"]["L"][0] == S("first") and len(got["l"]["L"]) == 5


def test_list_append_with_if_not_exists(ddb, table):
    got = upd(ddb, table, "SET nl = list_append(if_not_exists(nl, :e), :v)", {":e": {"L": []}, ":v": {"L": [N(1)]}})
    assert got["nl"] == {"L": [N(1)]}


def test_set_list_element(ddb, table):
    assert upd(ddb, table, "SET l[1] = :v", {":v": S("one")})["l"]["L"][1] == S("one")


def test_set_list_element_past_end_appends(ddb, table):
    got = upd(ddb, table, "SET l[10] = :v", {":v": S("end")})
    assert got["l"]["L"] == [N(0), N(1), N(2), N(3), S("end")]


def test_set_nested_map(ddb, table):
    got = upd(ddb, table, "SET m.child.c = :v, m.a = :w", {":v": S("y"), ":w": N(2)})
    assert got["m"] == {"M": {"a": N(2), "child": {"M": {"b": S("x"), "c": S("y")}}}}


def test_set_with_names(ddb, table):
    got = upd(ddb, table, "SET #m.#s.#b = :v", {":v": S("z")}, {"#m": "m", "#s": "child", "#b": "b"})
    assert got["m"]["M"]["child"]["M"]["b"] == S("z")


def test_remove_attributes(ddb, table):
    got = upd(ddb, table, "REMOVE s, m.child, absentattr")
    assert "s" not in got and got["m"] == {"M": {"a": N(1)}}


# The indexes name elements of the list as it was: removing [0] and [2] of [0,1,2,3] leaves
# [1,3]. (dynalite removes one after the other and leaves [1,2].)
def test_remove_list_elements(ddb, table):
    got = upd(ddb, table, "REMOVE l[0], l[2]")
    assert got["l"] == {"L": [N(1), N(3)]}


def test_remove_list_element_past_end(ddb, table):
    assert upd(ddb, table, "REMOVE l[9]")["l"] == START["l"]


def test_add_number(ddb, table):
    assert upd(ddb, table, "ADD n :d", {":d": N(-3)})["n"] == N(7)


def test_add_number_to_absent(ddb, table):
    assert upd(ddb, table, "ADD fresh :d", {":d": N(4)})["fresh"] == N(4)


def test_add_to_string_set(ddb, table):
    assert setof(upd(ddb, table, "ADD ss :v", {":v": {"SS": ["b", "c"]}})["ss"]) == ("SS", ["a", "b", "c"])


def test_add_to_number_set(ddb, table):
    assert setof(upd(ddb, table, "ADD ns :v", {":v": {"NS": ["3"]}})["ns"]) == ("NS", ["1", "2", "3"])


def test_add_set_to_absent(ddb, table):
    assert setof(upd(ddb, table, "ADD newset :v", {":v": {"SS": ["q"]}})["newset"]) == ("SS", ["q"])


def test_delete_from_set(ddb, table):
    assert setof(upd(ddb, table, "DELETE ss :v", {":v": {"SS": ["a", "zz"]}})["ss"]) == ("SS", ["b"])


def test_delete_last_members_removes_attribute(ddb, table):
    assert "bs" not in upd(ddb, table, "DELETE bs :v", {":v": {"BS": [b"\x01", b"\x02"]}})


def test_all_four_clauses(ddb, table):
    got = upd(
        ddb,
        table,
        "SET s = :s REMOVE m ADD n :one DELETE ns :two",
        {":s": S("new"), ":one": N(1), ":two": {"NS": ["2"]}},
    )
    assert got["s"] == S("new") and "m" not in got and got["n"] == N(11) and got["ns"] == {"NS": ["1"]}


def test_keywords_case_insensitive(ddb, table):
    got = upd(ddb, table, "set s = :s remove l add n :one", {":s": S("lc"), ":one": N(1)})
    assert got["s"] == S("lc") and "l" not in got and got["n"] == N(11)


# --- runtime errors --------------------------------------------------------------------------


def test_plus_on_string(ddb, table):
    expect_validation(
        "An operand in the update expression has an incorrect data type", upd, ddb, table, "SET s = s + :d", {":d": N(1)}
    )


def test_add_number_to_set(ddb, table):
    expect_validation(
        "An operand in the update expression has an incorrect data type", upd, ddb, table, "ADD ss :d", {":d": N(1)}
    )


def test_list_append_on_non_list(ddb, table):
    expect_validation(
        "An operand in the update expression has an incorrect data type",
        upd, ddb, table, "SET s = list_append(s, :v)", {":v": {"L": []}},
    )


def test_path_through_missing_parent(ddb, table):
    expect_validation(
        "The document path provided in the update expression is invalid for update",
        upd, ddb, table, "SET nothere.x = :v", {":v": N(1)},
    )


def test_index_into_non_list(ddb, table):
    expect_validation(
        "The document path provided in the update expression is invalid for update",
        upd, ddb, table, "SET s[0] = :v", {":v": N(1)},
    )


def test_rhs_path_missing(ddb, table):
    expect_validation(
        "The provided expression refers to an attribute that does not exist in the item",
        upd, ddb, table, "SET n = nothere + :v", {":v": N(1)},
    )


# --- static errors ---------------------------------------------------------------------------

BAD = "Invalid UpdateExpression: "


@pytest.mark.parametrize(
    "expr,values,names,message",
    [
        ("SET a = :v, a = :w", {":v": N(1), ":w": N(2)}, None,
         BAD + "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"),
        ("SET m = :v REMOVE m.a", {":v": N(1)}, None,
         BAD + "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m], path two: [m, a]"),
        ("SET m.a = :v, m[0] = :w", {":v": N(1), ":w": N(2)}, None,
         BAD + "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [m, a], path two: [m, [0]]"),
        ("SET a = :v SET b = :v", {":v": N(1)}, None, BAD + 'The "SET" section can only be used once in an update expression;'),
        ("REMOVE a REMOVE b", None, None, BAD + 'The "REMOVE" section can only be used once in an update expression;'),
        ("SET a = :v", None, None, BAD + "An expression attribute value used in expression is not defined; attribute value: :v"),
        ("SET #a = :v", {":v": N(1)}, None, BAD + "An expression attribute name used in the document path is not defined; attribute name: #a"),
        ("SET a = :v", {":v": N(1), ":unused": N(2)}, None, "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}"),
        ("SET a = :v", {":v": N(1)}, {"#unused": "x"}, "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}"),
        ("SET #value = :v", {":v": N(1)}, {"#value": "value", "#extra1": "e", "#extra2": "f"},
         "Value provided in ExpressionAttributeNames unused in expressions: keys: {#extra1, #extra2}"),
        ("SET value = :v", {":v": N(1)}, None, BAD + "Attribute name is a reserved keyword; reserved keyword: value"),
        ("REMOVE Data", None, None, BAD + "Attribute name is a reserved keyword; reserved keyword: Data"),
        ("SET a = concat(a, :v)", {":v": N(1)}, None, BAD + "Invalid function name; function: concat"),
        ("SET a = if_not_exists(:v, a)", {":v": N(1)}, None,
         BAD + "Operator or function requires a document path; operator or function: if_not_exists"),
        ("SET a = list_append(:v, a)", {":v": S("x")}, None,
         BAD + "Incorrect operand type for operator or function; operator or function: list_append, operand type: S"),
        ("SET a = :v + a", {":v": S("x")}, None,
         BAD + "Incorrect operand type for operator or function; operator or function: +, operand type: S"),
        ("ADD a :v", {":v": S("x")}, None,
         BAD + "Incorrect operand type for operator or function; operator: ADD, operand type: STRING"),
        ("DELETE a :v", {":v": N(1)}, None,
         BAD + "Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER"),
        ("", None, None, BAD + "The expression can not be empty;"),
    ],
)
def test_static_errors(ddb, table, expr, values, names, message):
    expect_validation(message, upd, ddb, table, expr, values, names)


# (dynalite words its syntax errors the way its PEG parser does.)
def test_syntax_error(ddb, table):
    from .util import error_of

    code, message, _ = error_of(upd, ddb, table, "SET a :v", {":v": N(1)})
    assert code == "ValidationException"
    assert re.search(r'Invalid UpdateExpression: Syntax error; token: ".*", near: ".*"', message), message


@pytest.mark.parametrize("expr", ["SET pk = :v", "REMOVE pk", "ADD pk :n"])
def test_update_key_attribute(ddb, table, expr):
    values = {":v": {":v": S("other")}, ":n": {":n": N(1)}}.get(expr[-2:])
    expect_validation(
        "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key",
        upd, ddb, table, expr, values,
    )


def test_update_range_key_attribute(ddb, range_table):
    expect_validation(
        "One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key",
        upd, ddb, range_table, "SET sk = :v", {":v": N(2)}, key={"pk": S("a"), "sk": N(1)},
    )


def test_update_expression_and_attribute_updates_together(ddb, table):
    expect_validation(
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}",
        ddb.update_item,
        TableName=table,
        Key=KEY,
        UpdateExpression="SET a = :v",
        ExpressionAttributeValues={":v": N(1)},
        AttributeUpdates={"b": {"Action": "PUT", "Value": N(1)}},
    )
