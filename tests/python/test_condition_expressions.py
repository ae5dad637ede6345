"""ConditionExpression: comparators, BETWEEN, IN, boolean precedence, functions, failures."""

import re

import pytest

from .util import N, S, error_of, expect_condition_failed, expect_validation

ITEM = {
    "pk": S("c"),
    "n": N(5),
    "s": S("hello"),
    "b": {"B": b"\x01\x02"},
    "ss": {"SS": ["x", "y"]},
    "ns": {"NS": ["1", "2"]},
    "l": {"L": [S("a"), N(1)]},
    "m": {"M": {"k": S("v"), "nest": {"M": {"z": N(0)}}}},
    "t": {"BOOL": True},
    "nul": {"NULL": True},
}


@pytest.fixture(scope="module")
def cond_table(shared_range_table):
    return shared_range_table


@pytest.fixture
def table(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item=ITEM)
    return hash_table


def holds(ddb, table, expr, values=None, names=None):
    """Whether the condition holds on ITEM: a conditional no-op update succeeds or fails."""
    args = dict(TableName=table, Key={"pk": S("c")}, UpdateExpression="SET touched = :one", ConditionExpression=expr)
    vals = {":one": N(1)}
    # Only the values the expression uses: unused ones are an error.
    vals.update({k: v for k, v in (values or {}).items() if re.search(re.escape(k) + r"\b", expr)})
    args["ExpressionAttributeValues"] = vals
    if names:
        args["ExpressionAttributeNames"] = names
    try:
        ddb.update_item(**args)
        return True
    except ddb.exceptions.ConditionalCheckFailedException:
        return False


@pytest.mark.parametrize(
    "expr,values,expected",
    [
        ("n = :v", {":v": N(5)}, True),
        ("n = :v", {":v": N("5.0")}, True),
        ("n = :v", {":v": S("5")}, False),
        ("n <> :v", {":v": N(4)}, True),
        ("n < :v", {":v": N(6)}, True),
        ("n <= :v", {":v": N(5)}, True),
        ("n > :v", {":v": N(5)}, False),
        ("n >= :v", {":v": N(5)}, True),
        ("s < :v", {":v": S("help")}, True),
        ("s > :v", {":v": S("Hello")}, True),
        ("b < :v", {":v": {"B": b"\x01\x03"}}, True),
        ("n < :v", {":v": S("zzz")}, False),
        ("absent = :v", {":v": N(1)}, False),
        ("absent <> :v", {":v": N(1)}, True),
        ("absent < :v", {":v": N(1)}, False),
        # Lists and maps compare by value (dynalite cannot compare them; DynamoDB can).
        ("l = :v", {":v": {"L": [S("a"), N(1)]}}, True),
        ("m = :v", {":v": {"M": {"k": S("v"), "nest": {"M": {"z": N(0)}}}}}, True),
        ("ss = :v", {":v": {"SS": ["y", "x"]}}, True),
        ("t = :v", {":v": {"BOOL": True}}, True),
        ("nul = :v", {":v": {"NULL": True}}, True),
        ("m.k = :v", {":v": S("v")}, True),
        ("m.nest.z = :v", {":v": N(0)}, True),
        ("l[0] = :v", {":v": S("a")}, True),
        ("l[1] = :v", {":v": N(1)}, True),
        ("l[5] = :v", {":v": N(1)}, False),
        ("n BETWEEN :a AND :b", {":a": N(1), ":b": N(5)}, True),
        ("n BETWEEN :a AND :b", {":a": N(6), ":b": N(9)}, False),
        ("s BETWEEN :a AND :b", {":a": S("a"), ":b": S("i")}, True),
        ("n IN (:a, :b)", {":a": N(4), ":b": N(5)}, True),
        ("n IN (:a)", {":a": N(4)}, False),
        ("s IN (:a, :b, :c)", {":a": N(1), ":b": S("x"), ":c": S("hello")}, True),
        (":a = :a2", {":a": N(1), ":a2": N(1)}, True),
    ],
)
def test_comparisons(ddb, table, expr, values, expected):
    assert holds(ddb, table, expr, values) is expected


@pytest.mark.parametrize(
    "expr,expected",
    [
        # AND binds tighter than OR: true OR (false AND false) = true.
        ("n = :five OR n = :six AND n = :seven", True),
        ("(n = :five OR n = :six) AND n = :seven", False),
        # NOT binds tighter than AND: (NOT false) AND true.
        ("NOT n = :six AND n = :five", True),
        ("NOT (n = :five AND n = :six)", True),
        ("NOT n = :five", False),
        ("n = :six OR NOT n = :seven", True),
        ("n = :five AND (n = :six OR n = :five)", True),
    ],
)
def test_precedence(ddb, table, expr, expected):
    assert holds(ddb, table, expr, {":five": N(5), ":six": N(6), ":seven": N(7)}) is expected


@pytest.mark.parametrize(
    "expr,values,expected",
    [
        ("attribute_exists(n)", {}, True),
        ("attribute_exists(absent)", {}, False),
        ("attribute_exists(m.nest.z)", {}, True),
        ("attribute_exists(l[1])", {}, True),
        ("attribute_exists(l[2])", {}, False),
        ("attribute_not_exists(absent)", {}, True),
        ("attribute_not_exists(s)", {}, False),
        ("attribute_type(n, :t)", {":t": S("N")}, True),
        ("attribute_type(n, :t)", {":t": S("S")}, False),
        ("attribute_type(ss, :t)", {":t": S("SS")}, True),
        ("attribute_type(m, :t)", {":t": S("M")}, True),
        ("attribute_type(l, :t)", {":t": S("L")}, True),
        ("attribute_type(nul, :t)", {":t": S("NULL")}, True),
        ("attribute_type(t, :t)", {":t": S("BOOL")}, True),
        ("attribute_type(b, :t)", {":t": S("B")}, True),
        ("begins_with(s, :p)", {":p": S("hel")}, True),
        ("begins_with(s, :p)", {":p": S("lo")}, False),
        ("begins_with(b, :p)", {":p": {"B": b"\x01"}}, True),
        ("begins_with(n, :p)", {":p": S("5")}, False),
        ("contains(s, :p)", {":p": S("ell")}, True),
        ("contains(ss, :p)", {":p": S("x")}, True),
        ("contains(ss, :p)", {":p": S("z")}, False),
        ("contains(ns, :p)", {":p": N(2)}, True),
        ("contains(l, :p)", {":p": S("a")}, True),
        ("contains(l, :p)", {":p": N(1)}, True),
        ("contains(absent, :p)", {":p": S("a")}, False),
        ("size(s) = :v", {":v": N(5)}, True),
        ("size(b) = :v", {":v": N(2)}, True),
        ("size(ss) = :v", {":v": N(2)}, True),
        ("size(l) = :v", {":v": N(2)}, True),
        ("size(m) = :v", {":v": N(2)}, True),
        ("size(m.nest) < :v", {":v": N(2)}, True),
        ("size(absent) = :v", {":v": N(0)}, False),
        ("size(n) = :v", {":v": N(1)}, False),
        ("size(s) > size(l)", {}, True),
    ],
)
def test_functions(ddb, table, expr, values, expected):
    assert holds(ddb, table, expr, values) is expected


def test_names_substitution(ddb, table):
    assert holds(ddb, table, "#status = :v AND #m.#k = :k", {":v": N(5), ":k": S("v")}, {"#status": "n", "#m": "m", "#k": "k"})


def test_name_with_dot_needs_placeholder(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("dot"), "a.b": N(1)})
    ddb.delete_item(
        TableName=hash_table,
        Key={"pk": S("dot")},
        ConditionExpression="#ab = :one",
        ExpressionAttributeNames={"#ab": "a.b"},
        ExpressionAttributeValues={":one": N(1)},
    )


def test_put_if_not_exists(ddb, hash_table):
    args = dict(TableName=hash_table, Item={"pk": S("once")}, ConditionExpression="attribute_not_exists(pk)")
    ddb.put_item(**args)
    expect_condition_failed(ddb.put_item, **args)


def test_delete_condition_failed_leaves_item(ddb, table):
    expect_condition_failed(
        ddb.delete_item,
        TableName=table,
        Key={"pk": S("c")},
        ConditionExpression="n = :v",
        ExpressionAttributeValues={":v": N(6)},
    )
    assert "Item" in ddb.get_item(TableName=table, Key={"pk": S("c")})


def test_condition_on_absent_item(ddb, hash_table):
    expect_condition_failed(
        ddb.update_item,
        TableName=hash_table,
        Key={"pk": S("ghost")},
        UpdateExpression="SET a = :v",
        ConditionExpression="attribute_exists(pk)",
        ExpressionAttributeValues={":v": N(1)},
    )
    assert "Item" not in ddb.get_item(TableName=hash_table, Key={"pk": S("ghost")})


# ReturnValuesOnConditionCheckFailure is newer than dynalite, which ignores it.
def test_return_values_on_condition_check_failure(ddb, table):
    resp = expect_condition_failed(
        ddb.put_item,
        TableName=table,
        Item={"pk": S("c")},
        ConditionExpression="attribute_not_exists(pk)",
        ReturnValuesOnConditionCheckFailure="ALL_OLD",
    )
    assert resp["Item"] == ITEM


def test_return_values_on_condition_check_failure_update(ddb, table):
    resp = expect_condition_failed(
        ddb.update_item,
        TableName=table,
        Key={"pk": S("c")},
        UpdateExpression="SET n = :v",
        ConditionExpression="n > :v",
        ExpressionAttributeValues={":v": N(100)},
        ReturnValuesOnConditionCheckFailure="ALL_OLD",
    )
    assert resp["Item"]["n"] == N(5)


def test_return_values_on_condition_check_failure_none(ddb, table):
    resp = expect_condition_failed(
        ddb.delete_item,
        TableName=table,
        Key={"pk": S("c")},
        ConditionExpression="attribute_not_exists(pk)",
        ReturnValuesOnConditionCheckFailure="NONE",
    )
    assert "Item" not in resp


def test_failed_condition_consumes_capacity(ddb, table):
    # Only the error is returned; the item is not changed.
    expect_condition_failed(
        ddb.put_item, TableName=table, Item={"pk": S("c"), "n": N(0)}, ConditionExpression="attribute_not_exists(pk)"
    )
    assert ddb.get_item(TableName=table, Key={"pk": S("c")})["Item"]["n"] == N(5)


# --- errors ----------------------------------------------------------------------------------

BAD = "Invalid ConditionExpression: "


def put_with(ddb, table, expr, values=None, names=None):
    args = dict(TableName=table, Item={"pk": S("e")}, ConditionExpression=expr)
    if values is not None:
        args["ExpressionAttributeValues"] = values
    if names is not None:
        args["ExpressionAttributeNames"] = names
    return ddb.put_item(**args)


@pytest.mark.parametrize(
    "expr,values,names,message",
    [
        ("", None, None, BAD + "The expression can not be empty;"),
        ("a = :v", None, None, BAD + "An expression attribute value used in expression is not defined; attribute value: :v"),
        ("#a = :v", {":v": N(1)}, None, BAD + "An expression attribute name used in the document path is not defined; attribute name: #a"),
        ("size = :v", {":v": N(1)}, None, BAD + "Attribute name is a reserved keyword; reserved keyword: size"),
        ("Status = :v", {":v": N(1)}, None, BAD + "Attribute name is a reserved keyword; reserved keyword: Status"),
        ("foo(a)", None, None, BAD + "Invalid function name; function: foo"),
        ("attribute_exists(a, b)", None, None,
         BAD + "Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2"),
        ("attribute_exists(:v)", {":v": N(1)}, None,
         BAD + "Operator or function requires a document path; operator or function: attribute_exists"),
        ("begins_with(a, :v)", {":v": N(1)}, None,
         BAD + "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"),
        ("attribute_type(a, :v)", {":v": S("X")}, None,
         BAD + "Invalid attribute type name found; type: X, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"),
        ("size(a)", None, None, BAD + "The function is not allowed to be used this way in an expression; function: size"),
        ("a = a", None, None,
         BAD + "The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]"),
        ("a BETWEEN :hi AND :lo", {":hi": N(5), ":lo": N(1)}, None,
         BAD + "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
         "lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}"),
        ("a BETWEEN :x AND :y", {":x": N(1), ":y": S("a")}, None,
         BAD + "The BETWEEN operator requires same data type for lower and upper bounds; "
         "lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}"),
        ("a = :v", {":v": N(1), ":w": N(2)}, None, "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}"),
        ("a = :v", {":v": N(1)}, {"#x": "x"}, "Value provided in ExpressionAttributeNames unused in expressions: keys: {#x}"),
        ("a = :v", {}, None, "ExpressionAttributeValues must not be empty"),
        ("a = :v", {":v": N(1)}, {}, "ExpressionAttributeNames must not be empty"),
        ("((a = :v))", {":v": N(1)}, None, BAD + "The expression has redundant parentheses;"),
    ],
)
def test_condition_errors(ddb, hash_table, expr, values, names, message):
    expect_validation(message, put_with, ddb, hash_table, expr, values, names)


# (dynalite words its syntax errors the way its PEG parser does.)
def test_syntax_error(ddb, hash_table):
    code, message, _ = error_of(put_with, ddb, hash_table, "a = = :v", {":v": N(1)})
    assert code == "ValidationException"
    assert "Invalid ConditionExpression: Syntax error; token: " in message, message


def test_values_without_expression(ddb, hash_table):
    code, message, _ = error_of(
        ddb.put_item, TableName=hash_table, Item={"pk": S("e")}, ExpressionAttributeValues={":v": N(1)}
    )
    assert code == "ValidationException"
    assert "ExpressionAttributeValues can only be specified when using expressions" in message, message


def test_names_without_expression(ddb, hash_table):
    code, message, _ = error_of(
        ddb.put_item, TableName=hash_table, Item={"pk": S("e")}, ExpressionAttributeNames={"#v": "v"}
    )
    assert code == "ValidationException"
    assert "ExpressionAttributeNames can only be specified when using expressions" in message, message


def test_expression_and_expected_together(ddb, hash_table):
    expect_validation(
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}",
        ddb.put_item,
        TableName=hash_table,
        Item={"pk": S("e")},
        ConditionExpression="attribute_exists(pk)",
        Expected={"pk": {"Exists": False}},
    )
