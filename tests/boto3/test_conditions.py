"""ConditionExpression: comparators, functions, precedence, names/values, and errors.

Messages: docs/research/dynamodb-messages.md §5.1–§5.3.
"""

import pytest

from b3util import CCF, error, validation

ITEM = {
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
def check(ddb, table):
    """check(expr, values=None, names=None) -> True if the condition holds on ITEM."""
    ddb.put_item(TableName=table, Item=ITEM)

    def check(expr, values=None, names=None):
        kw = {"ConditionExpression": expr}
        if values:
            kw["ExpressionAttributeValues"] = values
        if names:
            kw["ExpressionAttributeNames"] = names
        try:
            ddb.update_item(TableName=table, Key={"pk": {"S": "c"}}, **kw)
            return True
        except ddb.exceptions.ConditionalCheckFailedException:
            return False

    check.table = table
    return check


def V(n):
    return {"N": str(n)}


@pytest.mark.parametrize(
    "expr,vals,want",
    [
        ("n = :v", {":v": V(5)}, True),
        ("n <> :v", {":v": V(5)}, False),
        ("n < :v", {":v": V(6)}, True),
        ("n <= :v", {":v": V(5)}, True),
        ("n > :v", {":v": V(5)}, False),
        ("n >= :v", {":v": V(5)}, True),
        ("n = :v", {":v": {"S": "5"}}, False),
        ("s < :v", {":v": {"S": "i"}}, True),
        ("b < :v", {":v": {"B": b"\x01\x03"}}, True),
        ("n BETWEEN :a AND :b", {":a": V(1), ":b": V(5)}, True),
        ("n BETWEEN :a AND :b", {":a": V(6), ":b": V(9)}, False),
        ("n IN (:a, :b)", {":a": V(1), ":b": V(5)}, True),
        ("n IN (:a)", {":a": V(1)}, False),
        ("m = :m", {":m": {"M": {"z": V(0), "k": {"S": "v"}}}}, True),
        ("l = :l", {":l": {"L": [{"S": "a"}, V(2)]}}, True),
        ("ss = :s", {":s": {"SS": ["y", "x"]}}, True),
        ("m.k = :v", {":v": {"S": "v"}}, True),
        ("l[1] = :v", {":v": V(2)}, True),
        ("l[5] = :v", {":v": V(2)}, False),
        ("t = :v", {":v": {"BOOL": True}}, True),
        ("nul = :v", {":v": {"NULL": True}}, True),
    ],
)
def test_comparisons(check, expr, vals, want):
    assert check(expr, vals) is want


def test_not_equal_missing_attribute_is_true(check):
    # [AWS via dynoxide] <> against a missing attribute is true; other comparisons false.
    assert check("zzq <> :v", {":v": V(1)}) is True
    assert check("zzq = :v", {":v": V(1)}) is False
    assert check("zzq < :v", {":v": V(1)}) is False


def test_comparison_different_types_is_false(check):
    assert check("n < :v", {":v": {"S": "9"}}) is False


@pytest.mark.parametrize(
    "expr,vals,want",
    [
        ("attribute_exists(n)", None, True),
        ("attribute_exists(nothing)", None, False),
        ("attribute_not_exists(nothing)", None, True),
        ("attribute_exists(m.k)", None, True),
        ("attribute_exists(m.q)", None, False),
        ("attribute_exists(l[0])", None, True),
        ("attribute_type(n, :t)", {":t": {"S": "N"}}, True),
        ("attribute_type(ss, :t)", {":t": {"S": "SS"}}, True),
        ("attribute_type(m, :t)", {":t": {"S": "L"}}, False),
        ("begins_with(s, :p)", {":p": {"S": "hell"}}, True),
        ("begins_with(s, :p)", {":p": {"S": "world"}}, False),
        ("begins_with(b, :p)", {":p": {"B": b"\x01"}}, True),
        ("contains(s, :p)", {":p": {"S": "o w"}}, True),
        ("contains(ss, :p)", {":p": {"S": "x"}}, True),
        ("contains(ss, :p)", {":p": {"S": "q"}}, False),
        ("contains(ns, :p)", {":p": V(2)}, True),
        ("contains(l, :p)", {":p": {"S": "a"}}, True),
        ("size(s) = :v", {":v": V(11)}, True),
        ("size(ss) = :v", {":v": V(2)}, True),
        ("size(l) = :v", {":v": V(2)}, True),
        ("size(m) = :v", {":v": V(2)}, True),
        ("size(b) = :v", {":v": V(2)}, True),
        ("size(nothing) = :v", {":v": V(0)}, False),
    ],
)
def test_functions(check, expr, vals, want):
    assert check(expr, vals) is want


def test_precedence_not_and_or(check):
    # NOT binds tighter than AND, AND tighter than OR.
    vals = {":five": V(5), ":one": V(1)}
    assert check("n = :one AND n = :one OR n = :five", vals) is True
    assert check("n = :five OR n = :one AND n = :one", vals) is True
    assert check("NOT n = :one AND n = :five", vals) is True
    assert check("NOT (n = :five OR n = :one)", vals) is False
    assert check("(n = :five OR n = :one) AND n = :one", vals) is False


def test_keywords_case_insensitive(check):
    assert check("n between :a and :b AND NOT n in (:a)", {":a": V(1), ":b": V(9)}) is True


def test_attribute_names(check):
    assert check("#n = :v AND #m.#k = :s", {":v": V(5), ":s": {"S": "v"}}, {"#n": "n", "#m": "m", "#k": "k"}) is True


def test_name_with_dot_via_placeholder(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": {"S": "d"}, "a.b": {"N": "1"}})
    ddb.delete_item(TableName=table, Key={"pk": {"S": "d"}}, ConditionExpression="attribute_exists(#ab)", ExpressionAttributeNames={"#ab": "a.b"})


def test_put_if_not_exists(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": {"S": "once"}}, ConditionExpression="attribute_not_exists(pk)")
    with error(CCF, exact="The conditional request failed"):
        ddb.put_item(TableName=table, Item={"pk": {"S": "once"}}, ConditionExpression="attribute_not_exists(pk)")


def test_condition_on_missing_item(ddb, table):
    with error(CCF):
        ddb.delete_item(TableName=table, Key={"pk": {"S": "ghost"}}, ConditionExpression="attribute_exists(pk)")


def test_failed_condition_changes_nothing(ddb, check):
    with error(CCF):
        ddb.update_item(
            TableName=check.table, Key={"pk": {"S": "c"}}, UpdateExpression="SET n = :z",
            ConditionExpression="n = :z", ExpressionAttributeValues={":z": V(0)},
        )
    assert ddb.get_item(TableName=check.table, Key={"pk": {"S": "c"}})["Item"]["n"] == V(5)


# --- errors ------------------------------------------------------------------------------


def cond_error(ddb, table, expr, values=None, names=None):
    kw = {"ConditionExpression": expr}
    if values is not None:
        kw["ExpressionAttributeValues"] = values
    if names is not None:
        kw["ExpressionAttributeNames"] = names
    ddb.put_item(TableName=table, Item={"pk": {"S": "e"}}, **kw)


def test_syntax_error(ddb, table):
    with validation(contains='Invalid ConditionExpression: Syntax error; token: "<EOF>"'):
        cond_error(ddb, table, "a =")


def test_empty_expression(ddb, table):
    with validation(bare_or_enveloped="Invalid ConditionExpression: The expression can not be empty;"):
        cond_error(ddb, table, "")


def test_reserved_word(ddb, table):
    with validation(contains="Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: size"):
        cond_error(ddb, table, "size = :v", {":v": V(1)})


def test_reserved_word_as_written(ddb, table):
    with validation(contains="Attribute name is a reserved keyword; reserved keyword: Status"):
        cond_error(ddb, table, "Status = :v", {":v": V(1)})


def test_undefined_name(ddb, table):
    with validation(contains="Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #x"):
        cond_error(ddb, table, "#x = :v", {":v": V(1)})


def test_undefined_value(ddb, table):
    with validation(contains="Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :nope"):
        cond_error(ddb, table, "a = :nope")


def test_unused_name(ddb, table):
    with validation(contains="Value provided in ExpressionAttributeNames unused in expressions: keys: {#u}"):
        cond_error(ddb, table, "a = :v", {":v": V(1)}, {"#u": "u"})


def test_unused_value(ddb, table):
    with validation(contains="Value provided in ExpressionAttributeValues unused in expressions: keys: {:u}"):
        cond_error(ddb, table, "a = :v", {":v": V(1), ":u": V(2)})


def test_empty_names_map(ddb, table):
    with validation(contains="ExpressionAttributeNames must not be empty"):
        cond_error(ddb, table, "a = :v", {":v": V(1)}, {})


def test_empty_values_map(ddb, table):
    with validation(contains="ExpressionAttributeValues must not be empty"):
        cond_error(ddb, table, "attribute_exists(a)", {})


def test_bad_name_key(ddb, table):
    with validation(contains='ExpressionAttributeNames contains invalid key: Syntax error; key: "x"'):
        cond_error(ddb, table, "a = :v", {":v": V(1)}, {"x": "a"})


def test_bad_value_key(ddb, table):
    with validation(contains='ExpressionAttributeValues contains invalid key: Syntax error; key: "v"'):
        cond_error(ddb, table, "a = :v", {"v": V(1)})


def test_values_without_expression(ddb, table):
    with validation(contains="ExpressionAttributeValues can only be specified when using expressions"):
        ddb.put_item(TableName=table, Item={"pk": {"S": "e"}}, ExpressionAttributeValues={":v": V(1)})


def test_names_without_expression(ddb, table):
    with validation(contains="ExpressionAttributeNames can only be specified when using expressions"):
        ddb.put_item(TableName=table, Item={"pk": {"S": "e"}}, ExpressionAttributeNames={"#a": "a"})


def test_unknown_function(ddb, table):
    with validation(contains="Invalid ConditionExpression: Invalid function name; function: frob"):
        cond_error(ddb, table, "frob(a)")


def test_function_wrong_arity(ddb, table):
    with validation(contains="Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2"):
        cond_error(ddb, table, "attribute_exists(a, b)")


def test_function_needs_path(ddb, table):
    with validation(contains="Operator or function requires a document path; operator or function: attribute_exists"):
        cond_error(ddb, table, "attribute_exists(:v)", {":v": V(1)})


def test_begins_with_number_operand(ddb, table):
    with validation(contains="Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"):
        cond_error(ddb, table, "begins_with(a, :v)", {":v": V(1)})


def test_attribute_type_bad_type_name(ddb, table):
    with validation(contains="Invalid attribute type name found; type: X, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"):
        cond_error(ddb, table, "attribute_type(a, :t)", {":t": {"S": "X"}})


def test_function_not_allowed_as_value(ddb, table):
    with validation(contains="The function is not allowed to be used this way in an expression; function: attribute_exists"):
        cond_error(ddb, table, "attribute_exists(a) = :v", {":v": {"BOOL": True}})


def test_size_as_condition_not_allowed(ddb, table):
    with validation(contains="The function is not allowed to be used this way in an expression; function: size"):
        cond_error(ddb, table, "size(a)")


def test_same_operand_twice(ddb, table):
    with validation(contains="The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]"):
        cond_error(ddb, table, "a = a")


def test_between_different_types(ddb, table):
    with validation(contains="The BETWEEN operator requires same data type for lower and upper bounds"):
        cond_error(ddb, table, "a BETWEEN :x AND :y", {":x": V(1), ":y": {"S": "a"}})


def test_between_reversed_bounds(ddb, table):
    with validation(contains="The BETWEEN operator requires upper bound to be greater than or equal to lower bound"):
        cond_error(ddb, table, "a BETWEEN :x AND :y", {":x": V(5), ":y": V(1)})


def test_redundant_parentheses(ddb, table):
    with validation(bare_or_enveloped="Invalid ConditionExpression: The expression has redundant parentheses;"):
        cond_error(ddb, table, "((a = :v))", {":v": V(1)})


def test_legacy_and_expression_together(ddb, table):
    with validation(
        contains="Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}"
    ):
        ddb.put_item(
            TableName=table, Item={"pk": {"S": "e"}}, ConditionExpression="attribute_exists(a)",
            Expected={"a": {"Exists": False}},
        )
