"""UpdateExpression: SET (+, -, if_not_exists, list_append), REMOVE, ADD, DELETE, nested
paths, and the errors.

Messages and semantics: docs/research/dynamodb-messages.md §5.4.
"""

import re

import pytest

from expect import N, S, error_of, expect_error, expect_validation, sample_key, validation


@pytest.fixture
def upd(ddb, hash_table):
    """upd(expr, values=None, names=None, item=None) -> the item after the update."""
    state = {"first": True}

    def upd(expr, values=None, names=None, item=None):
        if item is not None:
            ddb.put_item(TableName=hash_table, Item=dict(item, pk={"S": "u"}))
        kw = {"UpdateExpression": expr}
        if values:
            kw["ExpressionAttributeValues"] = values
        if names:
            kw["ExpressionAttributeNames"] = names
        ddb.update_item(TableName=hash_table, Key={"pk": {"S": "u"}}, **kw)
        got = ddb.get_item(TableName=hash_table, Key={"pk": {"S": "u"}}, ConsistentRead=True)["Item"]
        got.pop("pk")
        return got

    upd.table = hash_table
    return upd


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
def start_table(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item=START)
    return hash_table


def update_all_new(ddb, table, expr, values=None, names=None, key=KEY):
    args = dict(TableName=table, Key=key, UpdateExpression=expr, ReturnValues="ALL_NEW")
    if values:
        args["ExpressionAttributeValues"] = values
    if names:
        args["ExpressionAttributeNames"] = names
    return ddb.update_item(**args).get("Attributes", {})


def setof(v):
    (t, members), = v.items()
    return t, sorted(members)


# --- SET ----------------------------------------------------------------------------------


def test_set_plus_minus(upd):
    assert upd("SET a = a + :d, b = b - :d", {":d": N(2)}, item={"a": N(1), "b": N(10)}) == {"a": N(3), "b": N(8)}


def test_set_minus(ddb, start_table):
    assert update_all_new(ddb, start_table, "SET n = n - :d", {":d": N("0.5")})["n"] == N("9.5")


def test_set_value_minus_path(ddb, start_table):
    assert update_all_new(ddb, start_table, "SET n = :d - n", {":d": N(3)})["n"] == N(-7)


def test_set_arithmetic_exact(upd):
    got = upd("SET a = :x + :y", {":x": N("10000000000000000000000"), ":y": N(1)})
    assert got == {"a": N("10000000000000000000001")}
    got = upd("SET a = :x - :y", {":x": N("0.3"), ":y": N("0.1")})
    assert got == {"a": N("0.2")}


def test_set_arithmetic_precision(ddb, start_table):
    got = update_all_new(ddb, start_table, "SET n = :a + :b", {":a": N("0.1"), ":b": N("0.2")})["n"]
    assert got == N("0.3")


def test_set_parenthesised_arithmetic(upd):
    assert upd("SET c = (c - :v)", {":v": N(1)}, item={"c": N(5)}) == {"c": N(4)}


def test_set_copy_from_other_attribute(ddb, start_table):
    assert update_all_new(ddb, start_table, "SET dup = s")["dup"] == S("str")


def test_rhs_uses_pre_update_values(upd):
    # [AWS via dynoxide] SET a = :v, b = a gives b the OLD a.
    assert upd("SET a = :v, b = a", {":v": N(2)}, item={"a": N(1)}) == {"a": N(2), "b": N(1)}


def test_set_if_not_exists(upd):
    assert upd("SET a = if_not_exists(a, :z)", {":z": N(0)}, item={}) == {"a": N(0)}
    assert upd("SET a = if_not_exists(a, :z)", {":z": N(9)}) == {"a": N(0)}


def test_set_if_not_exists_plus(upd):
    assert upd("SET c = if_not_exists(c, :z) + :one", {":z": N(0), ":one": N(1)}, item={}) == {"c": N(1)}


def test_counter_with_if_not_exists(ddb, start_table):
    for _ in range(3):
        got = update_all_new(ddb, start_table, "SET hits = if_not_exists(hits, :z) + :one", {":z": N(0), ":one": N(1)})
    assert got["hits"] == N(3)


def test_list_append(upd):
    got = upd("SET l = list_append(l, :more)", {":more": {"L": [S("c")]}}, item={"l": {"L": [S("a"), S("b")]}})
    assert got == {"l": {"L": [S("a"), S("b"), S("c")]}}
    got = upd("SET l = list_append(:front, l)", {":front": {"L": [S("z")]}})
    assert got["l"]["L"][0] == S("z")


def test_list_append_front(ddb, start_table):
    got = update_all_new(ddb, start_table, "SET l = list_append(:v, l)", {":v": {"L": [S("first")]}})
    assert got["l"]["L"][0] == S("first") and len(got["l"]["L"]) == 5


def test_list_append_with_if_not_exists(ddb, start_table):
    got = update_all_new(ddb, start_table, "SET nl = list_append(if_not_exists(nl, :e), :v)", {":e": {"L": []}, ":v": {"L": [N(1)]}})
    assert got["nl"] == {"L": [N(1)]}


def test_set_nested_map_and_list(upd):
    item = {"m": {"M": {"x": N(1)}}, "l": {"L": [N(0), N(1)]}}
    got = upd("SET m.y = :v, l[1] = :v", {":v": S("new")}, item=item)
    assert got == {"m": {"M": {"x": N(1), "y": S("new")}}, "l": {"L": [N(0), S("new")]}}


def test_set_list_element(ddb, start_table):
    assert update_all_new(ddb, start_table, "SET l[1] = :v", {":v": S("one")})["l"]["L"][1] == S("one")


def test_set_list_index_past_end_appends(upd):
    got = upd("SET l[10] = :v", {":v": S("end")}, item={"l": {"L": [S("a")]}})
    assert got == {"l": {"L": [S("a"), S("end")]}}


def test_set_nested_map(ddb, start_table):
    got = update_all_new(ddb, start_table, "SET m.child.c = :v, m.a = :w", {":v": S("y"), ":w": N(2)})
    assert got["m"] == {"M": {"a": N(2), "child": {"M": {"b": S("x"), "c": S("y")}}}}


def test_names_placeholders(upd):
    assert upd("SET #s = :v", {":v": S("x")}, {"#s": "status"}) == {"status": S("x")}


def test_set_with_names(ddb, start_table):
    got = update_all_new(ddb, start_table, "SET #m.#s.#b = :v", {":v": S("z")}, {"#m": "m", "#s": "child", "#b": "b"})
    assert got["m"]["M"]["child"]["M"]["b"] == S("z")


# --- REMOVE, ADD, DELETE ---------------------------------------------------------------------


def test_remove(upd):
    assert upd("REMOVE a, b", item={"a": N(1), "b": N(2), "c": N(3)}) == {"c": N(3)}


def test_remove_attributes(ddb, start_table):
    got = update_all_new(ddb, start_table, "REMOVE s, m.child, absentattr")
    assert "s" not in got and got["m"] == {"M": {"a": N(1)}}


def test_remove_list_elements_shift(upd):
    got = upd("REMOVE l[0], l[2]", item={"l": {"L": [S("a"), S("b"), S("c"), S("d")]}})
    assert got == {"l": {"L": [S("b"), S("d")]}}


def test_remove_list_element(ddb, sample_item):
    out = ddb.update_item(TableName=sample_item, Key=sample_key(), UpdateExpression="REMOVE l[0]", ReturnValues="ALL_NEW")
    assert out["Attributes"]["l"] == {"L": [{"N": "2"}]}


def test_remove_list_element_past_end(ddb, start_table):
    assert update_all_new(ddb, start_table, "REMOVE l[9]")["l"] == START["l"]


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


def test_add_to_number_set(ddb, start_table):
    assert setof(update_all_new(ddb, start_table, "ADD ns :v", {":v": {"NS": ["3"]}})["ns"]) == ("NS", ["1", "2", "3"])


def test_add_set_to_missing(upd):
    got = upd("ADD s :v", {":v": {"NS": ["1", "2"]}}, item={})
    assert sorted(got["s"]["NS"]) == ["1", "2"]


def test_add_set_to_absent(ddb, start_table):
    assert setof(update_all_new(ddb, start_table, "ADD newset :v", {":v": {"SS": ["q"]}})["newset"]) == ("SS", ["q"])


def test_delete_from_set(upd):
    got = upd("DELETE s :v", {":v": {"SS": ["a", "zz"]}}, item={"s": {"SS": ["a", "b"]}})
    assert got == {"s": {"SS": ["b"]}}


def test_delete_last_element_removes_attribute(upd):
    assert upd("DELETE s :v", {":v": {"SS": ["a"]}}, item={"s": {"SS": ["a"]}, "x": N(1)}) == {"x": N(1)}


def test_delete_last_members_removes_attribute(ddb, start_table):
    assert "bs" not in update_all_new(ddb, start_table, "DELETE bs :v", {":v": {"BS": [b"\x01", b"\x02"]}})


def test_all_four_sections(upd):
    item = {"a": N(1), "r": N(1), "n": N(1), "s": {"SS": ["x", "y"]}}
    got = upd("SET a = :v REMOVE r ADD n :one DELETE s :x", {":v": N(7), ":one": N(1), ":x": {"SS": ["x"]}}, item=item)
    assert got == {"a": N(7), "n": N(2), "s": {"SS": ["y"]}}


def test_all_four_clauses(ddb, start_table):
    got = update_all_new(
        ddb,
        start_table,
        "SET s = :s REMOVE m ADD n :one DELETE ns :two",
        {":s": S("new"), ":one": N(1), ":two": {"NS": ["2"]}},
    )
    assert got["s"] == S("new") and "m" not in got and got["n"] == N(11) and got["ns"] == {"NS": ["1"]}


def test_update_clauses(ddb, sample_item):
    out = ddb.update_item(
        TableName=sample_item, Key=sample_key(),
        UpdateExpression="SET n = n - :one, l = list_append(l, :more), f = if_not_exists(f, :one) REMOVE m.x ADD c :one, more_tags :c DELETE tags :a",
        ExpressionAttributeValues={":one": {"N": "1"}, ":more": {"L": [{"N": "3"}]}, ":c": {"SS": ["c"]}, ":a": {"SS": ["a"]}},
        ReturnValues="ALL_NEW",
    )["Attributes"]
    assert out["n"] == {"N": "4"}
    assert out["l"] == {"L": [{"N": "1"}, {"N": "2"}, {"N": "3"}]}
    assert out["f"] == {"N": "1"} and out["c"] == {"N": "1"}
    assert out["m"] == {"M": {}}
    assert out["tags"] == {"SS": ["b"]}
    assert out["more_tags"] == {"SS": ["c"]}


def test_keywords_case_insensitive(upd):
    assert upd("set a = :v remove b", {":v": N(1)}, item={"b": N(1)}) == {"a": N(1)}


def test_keywords_case_insensitive_three_clauses(ddb, start_table):
    got = update_all_new(ddb, start_table, "set s = :s remove l add n :one", {":s": S("lc"), ":one": N(1)})
    assert got["s"] == S("lc") and "l" not in got and got["n"] == N(11)


# --- errors found while applying the update --------------------------------------------------


def test_wrong_operand_type_at_runtime(ddb, sample_item):
    expect_error("ValidationException", "An operand in the update expression has an incorrect data type",
                 ddb.update_item, TableName=sample_item, Key=sample_key(), UpdateExpression="SET s = s + :one",
                 ExpressionAttributeValues={":one": {"N": "1"}})


def test_runtime_add_type_mismatch(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": {"S": "e"}, "s": {"SS": ["a"]}})
    with validation(contains="An operand in the update expression has an incorrect data type"):
        uerr(ddb, hash_table, "ADD s :n", {":n": {"NS": ["1"]}})


def test_add_number_to_set(ddb, start_table):
    expect_validation(
        "An operand in the update expression has an incorrect data type", update_all_new, ddb, start_table, "ADD ss :d", {":d": N(1)}
    )


def test_list_append_on_non_list(ddb, start_table):
    expect_validation(
        "An operand in the update expression has an incorrect data type",
        update_all_new, ddb, start_table, "SET s = list_append(s, :v)", {":v": {"L": []}},
    )


def test_path_through_missing_parent(ddb, start_table):
    expect_validation(
        "The document path provided in the update expression is invalid for update",
        update_all_new, ddb, start_table, "SET nothere.x = :v", {":v": N(1)},
    )


def test_index_into_non_list(ddb, start_table):
    expect_validation(
        "The document path provided in the update expression is invalid for update",
        update_all_new, ddb, start_table, "SET s[0] = :v", {":v": N(1)},
    )


def test_rhs_path_missing(ddb, start_table):
    expect_validation(
        "The provided expression refers to an attribute that does not exist in the item",
        update_all_new, ddb, start_table, "SET n = nothere + :v", {":v": N(1)},
    )


@pytest.mark.parametrize("op", ["+", "-"])
def test_arithmetic_beyond_38_digits_is_an_overflow(ddb, sample_item, op):
    # DynamoDB's own (odd) words for a result that needs more digits than it keeps.
    expect_error("ValidationException", "Number overflow. Attempting to store a number with magnitude larger than "
                 "supported range", ddb.update_item, TableName=sample_item, Key=sample_key(), UpdateExpression=f"SET b = :big {op} :one",
                 ExpressionAttributeValues={":big": {"N": "1e50"}, ":one": {"N": "1"}})


# --- errors in the expression ----------------------------------------------------------------


def uerr(ddb, table, expr, values=None, names=None):
    kw = {"UpdateExpression": expr}
    if values is not None:
        kw["ExpressionAttributeValues"] = values
    if names is not None:
        kw["ExpressionAttributeNames"] = names
    ddb.update_item(TableName=table, Key={"pk": {"S": "e"}}, **kw)


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
def test_static_errors(ddb, start_table, expr, values, names, message):
    expect_validation(message, update_all_new, ddb, start_table, expr, values, names)


def test_syntax_error(ddb, hash_table):
    # [AWS]
    with validation(bare_or_enveloped='Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "SET"'):
        uerr(ddb, hash_table, "SET")


def test_syntax_error_token(ddb, hash_table):
    with validation(contains='Invalid UpdateExpression: Syntax error; token: "INVALID"'):
        uerr(ddb, hash_table, "INVALID SYNTAX")


# (dynalite words its syntax errors the way its PEG parser does.)
def test_syntax_error_missing_operator(ddb, start_table):
    code, message, _ = error_of(update_all_new, ddb, start_table, "SET a :v", {":v": N(1)})
    assert code == "ValidationException"
    assert re.search(r'Invalid UpdateExpression: Syntax error; token: ".*", near: ".*"', message), message


def test_paths_overlap(ddb, hash_table):
    with validation(
        contains="Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]"
    ):
        uerr(ddb, hash_table, "SET a = :v, a.b = :v", {":v": N(1)})


def test_same_path_twice(ddb, hash_table):
    with validation(contains="Two document paths overlap with each other"):
        uerr(ddb, hash_table, "SET a = :v REMOVE a", {":v": N(1)})


def test_if_not_exists_needs_path(ddb, hash_table):
    with validation(contains="Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists"):
        uerr(ddb, hash_table, "SET a = if_not_exists(:v, :v)", {":v": N(1)})


def test_plus_on_string_literal(ddb, hash_table):
    with validation(contains="Incorrect operand type for operator or function; operator or function: +, operand type: S"):
        uerr(ddb, hash_table, "SET a = :s + :n", {":s": S("x"), ":n": N(1)})


def test_list_append_non_list_literal(ddb, hash_table):
    with validation(contains="Incorrect operand type for operator or function; operator or function: list_append, operand type: S"):
        uerr(ddb, hash_table, "SET a = list_append(a, :s)", {":s": S("x")})


def test_reserved_word_in_update(ddb, hash_table):
    with validation(contains="Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name"):
        uerr(ddb, hash_table, "SET name = :v", {":v": N(1)})


def test_reserved_word_status(ddb, sample_item):
    # UpdateItem envelopes its UpdateExpression errors since 2026 (captures of 2026-08-12).
    expect_validation("Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status",
                      ddb.update_item, TableName=sample_item, Key=sample_key(), UpdateExpression="SET status = :v",
                      ExpressionAttributeValues={":v": {"S": "x"}}, envelope=True)


def test_update_key_attribute(ddb, hash_table):
    # [AWS] bare
    with validation(exact="One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"):
        uerr(ddb, hash_table, "SET pk = :v", {":v": S("x")})


@pytest.mark.parametrize("expr", ["REMOVE pk", "ADD pk :n"])
def test_remove_or_add_key_attribute(ddb, start_table, expr):
    values = {":v": {":v": S("other")}, ":n": {":n": N(1)}}.get(expr[-2:])
    expect_validation(
        "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key",
        update_all_new, ddb, start_table, expr, values,
    )


def test_remove_sort_key(ddb, range_table):
    with validation(contains="Cannot update attribute sk. This attribute is part of the key"):
        ddb.update_item(TableName=range_table, Key={"pk": {"S": "a"}, "sk": {"N": "1"}}, UpdateExpression="REMOVE sk")


def test_update_range_key_attribute(ddb, range_table):
    expect_validation(
        "One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key",
        update_all_new, ddb, range_table, "SET sk = :v", {":v": N(2)}, key={"pk": S("a"), "sk": N(1)},
    )


def test_update_expression_and_attribute_updates_together(ddb, start_table):
    expect_validation(
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}",
        ddb.update_item,
        TableName=start_table,
        Key=KEY,
        UpdateExpression="SET a = :v",
        ExpressionAttributeValues={":v": N(1)},
        AttributeUpdates={"b": {"Action": "PUT", "Value": N(1)}},
    )
