"""UpdateExpression: SET (+, -, if_not_exists, list_append), REMOVE, ADD, DELETE, and errors.

Messages and semantics: docs/research/dynamodb-messages.md §5.4.
"""

import pytest

from b3util import validation


@pytest.fixture
def upd(ddb, table):
    """upd(expr, values=None, names=None, item=None) -> the item after the update."""
    state = {"first": True}

    def upd(expr, values=None, names=None, item=None):
        if item is not None:
            ddb.put_item(TableName=table, Item=dict(item, pk={"S": "u"}))
        kw = {"UpdateExpression": expr}
        if values:
            kw["ExpressionAttributeValues"] = values
        if names:
            kw["ExpressionAttributeNames"] = names
        ddb.update_item(TableName=table, Key={"pk": {"S": "u"}}, **kw)
        got = ddb.get_item(TableName=table, Key={"pk": {"S": "u"}}, ConsistentRead=True)["Item"]
        got.pop("pk")
        return got

    upd.table = table
    return upd


def N(x):
    return {"N": str(x)}


def S(x):
    return {"S": x}


def test_set_plus_minus(upd):
    assert upd("SET a = a + :d, b = b - :d", {":d": N(2)}, item={"a": N(1), "b": N(10)}) == {"a": N(3), "b": N(8)}


def test_set_arithmetic_exact(upd):
    got = upd("SET a = :x + :y", {":x": N("10000000000000000000000"), ":y": N(1)})
    assert got == {"a": N("10000000000000000000001")}
    got = upd("SET a = :x - :y", {":x": N("0.3"), ":y": N("0.1")})
    assert got == {"a": N("0.2")}


def test_set_parenthesised_arithmetic(upd):
    assert upd("SET c = (c - :v)", {":v": N(1)}, item={"c": N(5)}) == {"c": N(4)}


def test_set_if_not_exists(upd):
    assert upd("SET a = if_not_exists(a, :z)", {":z": N(0)}, item={}) == {"a": N(0)}
    assert upd("SET a = if_not_exists(a, :z)", {":z": N(9)}) == {"a": N(0)}


def test_set_if_not_exists_plus(upd):
    assert upd("SET c = if_not_exists(c, :z) + :one", {":z": N(0), ":one": N(1)}, item={}) == {"c": N(1)}


def test_list_append(upd):
    got = upd("SET l = list_append(l, :more)", {":more": {"L": [S("c")]}}, item={"l": {"L": [S("a"), S("b")]}})
    assert got == {"l": {"L": [S("a"), S("b"), S("c")]}}
    got = upd("SET l = list_append(:front, l)", {":front": {"L": [S("z")]}})
    assert got["l"]["L"][0] == S("z")


def test_rhs_uses_pre_update_values(upd):
    # [AWS via dynoxide] SET a = :v, b = a gives b the OLD a.
    assert upd("SET a = :v, b = a", {":v": N(2)}, item={"a": N(1)}) == {"a": N(2), "b": N(1)}


def test_set_nested_map_and_list(upd):
    item = {"m": {"M": {"x": N(1)}}, "l": {"L": [N(0), N(1)]}}
    got = upd("SET m.y = :v, l[1] = :v", {":v": S("new")}, item=item)
    assert got == {"m": {"M": {"x": N(1), "y": S("new")}}, "l": {"L": [N(0), S("new")]}}


def test_set_list_index_past_end_appends(upd):
    got = upd("SET l[10] = :v", {":v": S("end")}, item={"l": {"L": [S("a")]}})
    assert got == {"l": {"L": [S("a"), S("end")]}}


def test_remove(upd):
    assert upd("REMOVE a, b", item={"a": N(1), "b": N(2), "c": N(3)}) == {"c": N(3)}


def test_remove_list_elements_shift(upd):
    got = upd("REMOVE l[0], l[2]", item={"l": {"L": [S("a"), S("b"), S("c"), S("d")]}})
    assert got == {"l": {"L": [S("b"), S("d")]}}


def test_remove_missing_is_noop(upd):
    assert upd("REMOVE nothing", item={"a": N(1)}) == {"a": N(1)}


def test_remove_nested(upd):
    assert upd("REMOVE m.x", item={"m": {"M": {"x": N(1), "y": N(2)}}}) == {"m": {"M": {"y": N(2)}}}


def test_add_number(upd):
    assert upd("ADD a :d", {":d": N(5)}, item={"a": N(1)}) == {"a": N(6)}


def test_add_number_to_missing(upd):
    assert upd("ADD a :d", {":d": N(-3)}, item={}) == {"a": N(-3)}


def test_add_to_set(upd):
    got = upd("ADD s :v", {":v": {"SS": ["b", "c"]}}, item={"s": {"SS": ["a", "b"]}})
    assert sorted(got["s"]["SS"]) == ["a", "b", "c"]


def test_add_set_to_missing(upd):
    got = upd("ADD s :v", {":v": {"NS": ["1", "2"]}}, item={})
    assert sorted(got["s"]["NS"]) == ["1", "2"]


def test_delete_from_set(upd):
    got = upd("DELETE s :v", {":v": {"SS": ["a", "zz"]}}, item={"s": {"SS": ["a", "b"]}})
    assert got == {"s": {"SS": ["b"]}}


def test_delete_last_element_removes_attribute(upd):
    assert upd("DELETE s :v", {":v": {"SS": ["a"]}}, item={"s": {"SS": ["a"]}, "x": N(1)}) == {"x": N(1)}


def test_all_four_sections(upd):
    item = {"a": N(1), "r": N(1), "n": N(1), "s": {"SS": ["x", "y"]}}
    got = upd("SET a = :v REMOVE r ADD n :one DELETE s :x", {":v": N(7), ":one": N(1), ":x": {"SS": ["x"]}}, item=item)
    assert got == {"a": N(7), "n": N(2), "s": {"SS": ["y"]}}


def test_keywords_case_insensitive(upd):
    assert upd("set a = :v remove b", {":v": N(1)}, item={"b": N(1)}) == {"a": N(1)}


def test_names_placeholders(upd):
    assert upd("SET #s = :v", {":v": S("x")}, {"#s": "status"}) == {"status": S("x")}


# --- errors ---------------------------------------------------------------------------------


def uerr(ddb, table, expr, values=None, names=None):
    kw = {"UpdateExpression": expr}
    if values is not None:
        kw["ExpressionAttributeValues"] = values
    if names is not None:
        kw["ExpressionAttributeNames"] = names
    ddb.update_item(TableName=table, Key={"pk": {"S": "e"}}, **kw)


def test_syntax_error(ddb, table):
    # [AWS]
    with validation(bare_or_enveloped='Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "SET"'):
        uerr(ddb, table, "SET")


def test_syntax_error_token(ddb, table):
    with validation(contains='Invalid UpdateExpression: Syntax error; token: "INVALID"'):
        uerr(ddb, table, "INVALID SYNTAX")


def test_empty_update_expression(ddb, table):
    with validation(contains="Invalid UpdateExpression: The expression can not be empty;"):
        uerr(ddb, table, "")


def test_section_twice(ddb, table):
    with validation(contains='Invalid UpdateExpression: The "SET" section can only be used once in an update expression;'):
        uerr(ddb, table, "SET a = :v SET b = :v", {":v": N(1)})


def test_paths_overlap(ddb, table):
    with validation(
        contains="Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]"
    ):
        uerr(ddb, table, "SET a = :v, a.b = :v", {":v": N(1)})


def test_same_path_twice(ddb, table):
    with validation(contains="Two document paths overlap with each other"):
        uerr(ddb, table, "SET a = :v REMOVE a", {":v": N(1)})


def test_paths_conflict(ddb, table):
    with validation(
        contains="Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [0]]"
    ):
        uerr(ddb, table, "SET a.b = :v, a[0] = :v", {":v": N(1)})


def test_unknown_function(ddb, table):
    with validation(contains="Invalid UpdateExpression: Invalid function name; function: frob"):
        uerr(ddb, table, "SET a = frob(a)")


def test_if_not_exists_needs_path(ddb, table):
    with validation(contains="Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists"):
        uerr(ddb, table, "SET a = if_not_exists(:v, :v)", {":v": N(1)})


def test_plus_on_string_literal(ddb, table):
    with validation(contains="Incorrect operand type for operator or function; operator or function: +, operand type: S"):
        uerr(ddb, table, "SET a = :s + :n", {":s": S("x"), ":n": N(1)})


def test_list_append_non_list_literal(ddb, table):
    with validation(contains="Incorrect operand type for operator or function; operator or function: list_append, operand type: S"):
        uerr(ddb, table, "SET a = list_append(a, :s)", {":s": S("x")})


def test_add_string_literal(ddb, table):
    with validation(contains="Incorrect operand type for operator or function; operator: ADD, operand type: STRING"):
        uerr(ddb, table, "ADD a :s", {":s": S("x")})


def test_delete_number_literal(ddb, table):
    with validation(contains="Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER"):
        uerr(ddb, table, "DELETE a :n", {":n": N(1)})


def test_update_key_attribute(ddb, table):
    # [AWS] bare
    with validation(exact="One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"):
        uerr(ddb, table, "SET pk = :v", {":v": S("x")})


def test_remove_sort_key(ddb, table2):
    with validation(contains="Cannot update attribute sk. This attribute is part of the key"):
        ddb.update_item(TableName=table2, Key={"pk": {"S": "a"}, "sk": {"N": "1"}}, UpdateExpression="REMOVE sk")


def test_runtime_type_error_plus(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": {"S": "e"}, "a": S("text")})
    with validation(contains="An operand in the update expression has an incorrect data type"):
        uerr(ddb, table, "SET a = a + :n", {":n": N(1)})


def test_runtime_add_type_mismatch(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": {"S": "e"}, "s": {"SS": ["a"]}})
    with validation(contains="An operand in the update expression has an incorrect data type"):
        uerr(ddb, table, "ADD s :n", {":n": {"NS": ["1"]}})


def test_path_through_missing_parent(ddb, table):
    with validation(contains="The document path provided in the update expression is invalid for update"):
        uerr(ddb, table, "SET m.x = :v", {":v": N(1)})


def test_rhs_refers_to_missing_attribute(ddb, table):
    with validation(contains="The provided expression refers to an attribute that does not exist in the item"):
        uerr(ddb, table, "SET a = nothing + :v", {":v": N(1)})


def test_unused_value_in_update(ddb, table):
    with validation(contains="Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}"):
        uerr(ddb, table, "SET a = :v", {":v": N(1), ":x": N(2)})


def test_reserved_word_in_update(ddb, table):
    with validation(contains="Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name"):
        uerr(ddb, table, "SET name = :v", {":v": N(1)})


def test_legacy_and_expression_update(ddb, table):
    with validation(contains="Can not use both expression and non-expression parameters in the same request"):
        ddb.update_item(
            TableName=table, Key={"pk": {"S": "e"}}, UpdateExpression="SET a = :v",
            ExpressionAttributeValues={":v": N(1)}, AttributeUpdates={"b": {"Value": N(1), "Action": "PUT"}},
        )
