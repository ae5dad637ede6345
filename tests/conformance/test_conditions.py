"""ConditionExpression: comparators, BETWEEN, IN, functions, precedence, names and values,
failures (and ReturnValuesOnConditionCheckFailure), and the errors.

Messages: docs/research/dynamodb-messages.md §5.1–§5.3.
"""

import re

import pytest

from expect import (
    CCF,
    N,
    S,
    error,
    error_of,
    expect_condition_failed,
    expect_error,
    expect_error_contains,
    expect_validation,
    range_key,
    sample_key,
    validation,
)


def K(pk):
    return {"pk": {"S": pk}}


CHECKED_ITEM = {
    "pk": {"S": "c"},
    "n": {"N": "5"},
    "s": {"S": "hello world"},
    "b": {"B": b"\x01\x02"},
    "ss": {"SS": ["x", "y"]},
    "ns": {"NS": ["1", "2"]},
    "l": {"L": [{"S": "a"}, {"N": "2"}]},
    "m": {"M": {"k": {"S": "v"}, "z": {"N": "0"}}},
    "t": {"BOOL": True},
    "nul": {"NULL": True},
}


@pytest.fixture
def check(ddb, hash_table):
    """check(expr, values=None, names=None) -> True if the condition holds on CHECKED_ITEM."""
    ddb.put_item(TableName=hash_table, Item=CHECKED_ITEM)

    def check(expr, values=None, names=None):
        kw = {"ConditionExpression": expr}
        if values:
            kw["ExpressionAttributeValues"] = values
        if names:
            kw["ExpressionAttributeNames"] = names
        try:
            ddb.update_item(TableName=hash_table, Key={"pk": {"S": "c"}}, **kw)
            return True
        except ddb.exceptions.ConditionalCheckFailedException:
            return False

    check.table = hash_table
    return check


def V(n):
    return {"N": str(n)}


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


@pytest.fixture
def item_table(ddb, hash_table):
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


# --- comparisons ----------------------------------------------------------------------------


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
def test_comparisons(ddb, item_table, expr, values, expected):
    assert holds(ddb, item_table, expr, values) is expected


@pytest.mark.parametrize(
    "expr,vals,want",
    [
        ("n <> :v", {":v": V(5)}, False),
        ("s < :v", {":v": {"S": "i"}}, True),
        ("n IN (:a, :b)", {":a": V(1), ":b": V(5)}, True),
        ("n IN (:a)", {":a": V(1)}, False),
        ("m = :m", {":m": {"M": {"z": V(0), "k": {"S": "v"}}}}, True),
        ("l = :l", {":l": {"L": [{"S": "a"}, V(2)]}}, True),
        ("l[1] = :v", {":v": V(2)}, True),
        ("l[5] = :v", {":v": V(2)}, False),
    ],
)
def test_comparisons_more(check, expr, vals, want):
    assert check(expr, vals) is want


def test_conditions_refuse_unorderable_literals(ddb, range_table):
    ddb.put_item(TableName=range_table, Item={**range_key(), "a": {"N": "1"}})
    for cond, values in [("a < :v", {":v": {"L": [{"N": "1"}]}}), (":v >= a", {":v": {"M": {}}}),
                         ("a BETWEEN :v AND :w", {":v": {"L": []}, ":w": {"L": []}})]:
        expect_error_contains("ValidationException", "Incorrect operand type for operator or function",
                              ddb.update_item, TableName=range_table, Key=range_key(), UpdateExpression="SET z = :z",
                              ConditionExpression=cond, ExpressionAttributeValues={**values, ":z": {"N": "2"}})


# --- functions ------------------------------------------------------------------------------


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
def test_functions(ddb, item_table, expr, values, expected):
    assert holds(ddb, item_table, expr, values) is expected


@pytest.mark.parametrize(
    "expr,vals,want",
    [
        ("attribute_exists(m.k)", None, True),
        ("attribute_exists(m.q)", None, False),
        ("attribute_exists(l[0])", None, True),
        ("attribute_type(m, :t)", {":t": {"S": "L"}}, False),
        ("begins_with(s, :p)", {":p": {"S": "hell"}}, True),
        ("begins_with(s, :p)", {":p": {"S": "world"}}, False),
        ("contains(s, :p)", {":p": {"S": "o w"}}, True),
        ("contains(ss, :p)", {":p": {"S": "q"}}, False),
        ("size(s) = :v", {":v": V(11)}, True),
    ],
)
def test_functions_more(check, expr, vals, want):
    assert check(expr, vals) is want


@pytest.mark.parametrize("expr", [
    "n = :five", "n BETWEEN :four AND :six", "n IN (:four, :five)", "begins_with(s, :he)", "contains(tags, :a)",
    "size(l) = :two", "attribute_exists(m.x) AND attribute_not_exists(m.y)", "NOT n < :four", "n > :six OR s = :hello",
    "attribute_type(s, :S)", "attribute_type(:five, :N)",
])
def test_conditions_that_hold(ddb, sample_item, expr):
    values = {":five": {"N": "5"}, ":four": {"N": "4"}, ":six": {"N": "6"}, ":he": {"S": "he"}, ":a": {"S": "a"},
              ":two": {"N": "2"}, ":hello": {"S": "hello"}, ":S": {"S": "S"}, ":N": {"S": "N"}}
    words = set(expr.replace("(", " ").replace(")", " ").replace(",", " ").split())
    used = {k: v for k, v in values.items() if k in words}
    ddb.update_item(TableName=sample_item, Key=sample_key(), UpdateExpression="SET touched = :t", ConditionExpression=expr,
                    ExpressionAttributeValues={**used, ":t": {"BOOL": True}})


# --- precedence, names ----------------------------------------------------------------------


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
def test_precedence(ddb, item_table, expr, expected):
    assert holds(ddb, item_table, expr, {":five": N(5), ":six": N(6), ":seven": N(7)}) is expected


def test_precedence_not_and_or(check):
    # NOT binds tighter than AND, AND tighter than OR.
    vals = {":five": V(5), ":one": V(1)}
    assert check("n = :one AND n = :one OR n = :five", vals) is True
    assert check("n = :five OR n = :one AND n = :one", vals) is True
    assert check("NOT n = :one AND n = :five", vals) is True
    assert check("NOT (n = :five OR n = :one)", vals) is False
    assert check("(n = :five OR n = :one) AND n = :one", vals) is False


def test_conditions_nest_as_deep_as_the_operator_limit_allows(ddb, range_table):
    ddb.put_item(TableName=range_table, Item={**range_key(), "a": {"N": "1"}, "b": {"N": "2"}})
    deep = "a<b " + "or (a<b " * 149 + ")" * 149
    ddb.update_item(TableName=range_table, Key=range_key(), UpdateExpression="SET z = :one", ConditionExpression=deep,
                    ExpressionAttributeValues={":one": {"N": "1"}})
    assert ddb.get_item(TableName=range_table, Key=range_key())["Item"]["z"] == {"N": "1"}


def test_keywords_case_insensitive(check):
    assert check("n between :a and :b AND NOT n in (:a)", {":a": V(1), ":b": V(9)}) is True


def test_attribute_names(check):
    assert check("#n = :v AND #m.#k = :s", {":v": V(5), ":s": {"S": "v"}}, {"#n": "n", "#m": "m", "#k": "k"}) is True


def test_names_substitution(ddb, item_table):
    assert holds(ddb, item_table, "#status = :v AND #m.#k = :k", {":v": N(5), ":k": S("v")}, {"#status": "n", "#m": "m", "#k": "k"})


def test_name_with_dot_via_placeholder(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": {"S": "d"}, "a.b": {"N": "1"}})
    ddb.delete_item(TableName=hash_table, Key={"pk": {"S": "d"}}, ConditionExpression="attribute_exists(#ab)", ExpressionAttributeNames={"#ab": "a.b"})


def test_name_with_dot_needs_placeholder(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": S("dot"), "a.b": N(1)})
    ddb.delete_item(
        TableName=hash_table,
        Key={"pk": S("dot")},
        ConditionExpression="#ab = :one",
        ExpressionAttributeNames={"#ab": "a.b"},
        ExpressionAttributeValues={":one": N(1)},
    )


# --- failed conditions ----------------------------------------------------------------------


def test_put_if_not_exists(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": {"S": "once"}}, ConditionExpression="attribute_not_exists(pk)")
    with error(CCF, exact="The conditional request failed"):
        ddb.put_item(TableName=hash_table, Item={"pk": {"S": "once"}}, ConditionExpression="attribute_not_exists(pk)")


def test_condition_on_missing_item(ddb, hash_table):
    with error(CCF):
        ddb.delete_item(TableName=hash_table, Key={"pk": {"S": "ghost"}}, ConditionExpression="attribute_exists(pk)")


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


def test_failed_condition_changes_nothing(ddb, check):
    with error(CCF):
        ddb.update_item(
            TableName=check.table, Key={"pk": {"S": "c"}}, UpdateExpression="SET n = :z",
            ConditionExpression="n = :z", ExpressionAttributeValues={":z": V(0)},
        )
    assert ddb.get_item(TableName=check.table, Key={"pk": {"S": "c"}})["Item"]["n"] == V(5)


def test_delete_condition_failed_leaves_item(ddb, item_table):
    expect_condition_failed(
        ddb.delete_item,
        TableName=item_table,
        Key={"pk": S("c")},
        ConditionExpression="n = :v",
        ExpressionAttributeValues={":v": N(6)},
    )
    assert "Item" in ddb.get_item(TableName=item_table, Key={"pk": S("c")})


def test_failed_condition_consumes_capacity(ddb, item_table):
    # Only the error is returned; the item is not changed.
    expect_condition_failed(
        ddb.put_item, TableName=item_table, Item={"pk": S("c"), "n": N(0)}, ConditionExpression="attribute_not_exists(pk)"
    )
    assert ddb.get_item(TableName=item_table, Key={"pk": S("c")})["Item"]["n"] == N(5)


# ReturnValuesOnConditionCheckFailure is newer than dynalite, which ignores it.


def test_return_values_on_condition_check_failure(ddb, hash_table):
    item = {"pk": {"S": "c"}, "v": {"N": "1"}}
    ddb.put_item(TableName=hash_table, Item=item)
    with error(CCF, exact="The conditional request failed") as e:
        ddb.put_item(
            TableName=hash_table,
            Item={"pk": {"S": "c"}},
            ConditionExpression="attribute_not_exists(pk)",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    assert e.response["Item"] == item


def test_return_values_on_condition_check_failure_update(ddb, item_table):
    resp = expect_condition_failed(
        ddb.update_item,
        TableName=item_table,
        Key={"pk": S("c")},
        UpdateExpression="SET n = :v",
        ConditionExpression="n > :v",
        ExpressionAttributeValues={":v": N(100)},
        ReturnValuesOnConditionCheckFailure="ALL_OLD",
    )
    assert resp["Item"]["n"] == N(5)


def test_return_values_on_condition_check_failure_none(ddb, item_table):
    resp = expect_condition_failed(
        ddb.delete_item,
        TableName=item_table,
        Key={"pk": S("c")},
        ConditionExpression="attribute_not_exists(pk)",
        ReturnValuesOnConditionCheckFailure="NONE",
    )
    assert "Item" not in resp


def test_condition_failure_without_return_has_no_item(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": {"S": "c"}})
    with error(CCF) as e:
        ddb.delete_item(TableName=hash_table, Key=K("c"), ConditionExpression="attribute_exists(nothing)")
    assert "Item" not in e.response


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


def cond_error(ddb, table, expr, values=None, names=None):
    kw = {"ConditionExpression": expr}
    if values is not None:
        kw["ExpressionAttributeValues"] = values
    if names is not None:
        kw["ExpressionAttributeNames"] = names
    ddb.put_item(TableName=table, Item={"pk": {"S": "e"}}, **kw)


def test_syntax_error_at_end(ddb, hash_table):
    with validation(contains='Invalid ConditionExpression: Syntax error; token: "<EOF>"'):
        cond_error(ddb, hash_table, "a =")


def test_undefined_value(ddb, sample_item):
    # Enveloped on the item writes since 2026 (UpdateItem's pin of 2026-10-09; DeleteItem
    # inferred, docs/research/message-framing-2026.md).
    expect_validation("Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :nope",
                      ddb.delete_item, TableName=sample_item, Key=sample_key(), ConditionExpression="n = :nope", envelope=True)


def test_unused_name(ddb, sample_item):
    # Enveloped on the item writes since 2026 (UpdateItem captured 2026-08-12; DeleteItem inferred).
    expect_validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}",
                      ddb.delete_item, TableName=sample_item, Key=sample_key(), ConditionExpression="attribute_exists(n)",
                      ExpressionAttributeNames={"#unused": "x"}, envelope=True)


def test_empty_values_map(ddb, hash_table):
    with validation(contains="ExpressionAttributeValues must not be empty"):
        cond_error(ddb, hash_table, "attribute_exists(a)", {})


def test_bad_name_key(ddb, hash_table):
    with validation(contains='ExpressionAttributeNames contains invalid key: Syntax error; key: "x"'):
        cond_error(ddb, hash_table, "a = :v", {":v": V(1)}, {"x": "a"})


def test_bad_value_key(ddb, hash_table):
    with validation(contains='ExpressionAttributeValues contains invalid key: Syntax error; key: "v"'):
        cond_error(ddb, hash_table, "a = :v", {"v": V(1)})


def test_values_without_expression(ddb, hash_table):
    with validation(contains="ExpressionAttributeValues can only be specified when using expressions"):
        ddb.put_item(TableName=hash_table, Item={"pk": {"S": "e"}}, ExpressionAttributeValues={":v": V(1)})


def test_names_without_expression(ddb, hash_table):
    with validation(contains="ExpressionAttributeNames can only be specified when using expressions"):
        ddb.put_item(TableName=hash_table, Item={"pk": {"S": "e"}}, ExpressionAttributeNames={"#a": "a"})


def test_function_not_allowed_as_value(ddb, hash_table):
    with validation(contains="The function is not allowed to be used this way in an expression; function: attribute_exists"):
        cond_error(ddb, hash_table, "attribute_exists(a) = :v", {":v": {"BOOL": True}})


@pytest.mark.parametrize("function", ["if_not_exists(a, a) = :v", "list_append(a, a) = :v"])
def test_update_functions_are_misplaced_in_conditions(ddb, range_table, function):
    # PutItem envelopes its ConditionExpression errors since 2026 (captures of 2026-08-12).
    expect_validation("Invalid ConditionExpression: The function is not allowed to be used this way "
                      f"in an expression; function: {function.split('(')[0]}", ddb.put_item, TableName=range_table,
                      Item=range_key(), ConditionExpression=function, ExpressionAttributeValues={":v": {"N": "5"}},
                      envelope=True)


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


def test_legacy_and_expression_together(ddb, sample_item):
    # Enveloped as PutItem's is (captured 2026-08-12); DeleteItem inferred.
    expect_validation(
        "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}",
        ddb.delete_item, TableName=sample_item, Key=sample_key(), Expected={"n": {"Exists": True, "Value": {"N": "5"}}},
        ConditionExpression="attribute_exists(n)", envelope=True,
    )
