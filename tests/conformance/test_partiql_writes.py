"""PartiQL INSERT, UPDATE and DELETE through ExecuteStatement: literals and parameters, the key
rule of the WHERE, conditions, RETURNING, errors, ConsumedCapacity against the native operations,
and the stream records they make. (SELECT: test_partiql_select.py.)

Facts and grades: /work/shared/research/partiql.md §1, §3, §5, §6. Sources named in docstrings:
[AWS CONF] nubo-db/dynamodb-conformance run on real DynamoDB (tier2 executeStatement, tier3, the
grammar exact-messages file); [AWS MOTO] moto aws_verified; [AWS LS] LocalStack AWS-validated
snapshots; [AWS DYN] dynoxide's eu-west-2 captures; [DOC] Developer Guide ql-reference.insert/
update/delete, ql-data-types, ql-functions; "source: DynamoDB Local (unconfirmed on AWS)" where
only DynamoDB Local was observed.
"""

import re

import boto3
import pytest
from botocore.config import Config

from expect import (
    CREDENTIALS,
    NOT_FOUND,
    VALIDATION,
    N,
    S,
    error_of,
    expect_condition_failed,
    expect_error,
    expect_validation,
)

NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed: "
LEFTOVER = NOT_WELL_FORMED + "Unexpected token after expression"
MANDATORY = "Where clause does not contain a mandatory equality on all key attributes"
ON_INDEX = "This operation is not supported on an index"
DUPLICATE = "Duplicate primary key exists in table"


def run(ddb, statement, params=None, **kw):
    if params is not None:
        kw["Parameters"] = params
    return ddb.execute_statement(Statement=statement, **kw)


def get(ddb, table, **key):
    key = {k: (S(v) if isinstance(v, str) else N(v)) for k, v in key.items()}
    return ddb.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")


# --- INSERT ------------------------------------------------------------------------------------


def test_insert_returns_empty_items_and_stores(ddb, hash_table):
    """[AWS MOTO test_insert_data; AWS CONF executeStatement] A write without RETURNING answers
    {"Items": []}; the item is stored."""
    r = run(ddb, f"INSERT INTO \"{hash_table}\" VALUE {{'pk': 'a', 'data': 'inserted'}}")
    assert r["Items"] == []
    assert "NextToken" not in r
    assert get(ddb, hash_table, pk="a") == {"pk": S("a"), "data": S("inserted")}


def test_insert_literals_of_every_kind(ddb, hash_table):
    """[DOC ql-data-types] Strings ('' for a quote), numbers, TRUE/FALSE/NULL (any case), lists,
    maps with quoted keys, <<'a'>> string sets and <<1>> number sets."""
    run(ddb, f"""INSERT INTO "{hash_table}" VALUE {{'pk': 'lit', 's': 'it''s', 'n': 1.50, 'neg': -7,
        'e': 1e3, 't': TRUE, 'f': false, 'z': null, 'l': [1, 'two', [3]], 'm': {{'k': {{'deep': 'v'}}}},
        'ss': <<'x', 'y'>>, 'ns': <<1, 2>>}}""")
    item = get(ddb, hash_table, pk="lit")
    assert item["s"] == S("it's")
    assert float(item["n"]["N"]) == 1.5 and item["neg"] == N(-7) and float(item["e"]["N"]) == 1000
    assert item["t"] == {"BOOL": True} and item["f"] == {"BOOL": False} and item["z"] == {"NULL": True}
    assert item["l"] == {"L": [N(1), S("two"), {"L": [N(3)]}]}
    assert item["m"] == {"M": {"k": {"M": {"deep": S("v")}}}}
    assert sorted(item["ss"]["SS"]) == ["x", "y"] and sorted(item["ns"]["NS"]) == ["1", "2"]


def test_insert_with_parameters_of_every_type(ddb, hash_table):
    """[DOC ql-data-types: binary has no literal, only parameters; a set is bound whole as one
    parameter] [AWS CONF executeStatement parameterized INSERT]"""
    params = [
        S("p"),
        {"B": b"\x00\x01bin"},
        {"BS": [b"\x01", b"\x02"]},
        {"SS": ["a", "b"]},
        {"NS": ["1", "2.5"]},
        {"L": [S("x"), N(1)]},
        {"M": {"k": {"BOOL": True}}},
        {"NULL": True},
        N("42"),
    ]
    r = run(ddb, f"INSERT INTO \"{hash_table}\" VALUE {{'pk': ?, 'b': ?, 'bs': ?, 'ss': ?, 'ns': ?, 'l': ?, "
                 f"'m': ?, 'z': ?, 'n': ?}}", params)
    assert r["Items"] == []
    item = get(ddb, hash_table, pk="p")
    assert item["b"] == {"B": b"\x00\x01bin"}
    assert sorted(item["bs"]["BS"]) == [b"\x01", b"\x02"]
    assert sorted(item["ss"]["SS"]) == ["a", "b"] and sorted(item["ns"]["NS"]) == ["1", "2.5"]
    assert item["l"] == {"L": [S("x"), N(1)]} and item["m"] == {"M": {"k": {"BOOL": True}}}
    assert item["z"] == {"NULL": True} and item["n"] == N(42)


def test_binary_parameter_in_where(ddb, make_table):
    """[DOC ql-data-types] A binary key bound as a parameter in SELECT, UPDATE and DELETE."""
    t = make_table([("pk", "B", "HASH")])
    key = b"\xff\x00k"
    run(ddb, f"INSERT INTO \"{t}\" VALUE {{'pk': ?, 'v': 1}}", [{"B": key}])
    run(ddb, f'UPDATE "{t}" SET v = 2 WHERE pk = ?', [{"B": key}])
    assert run(ddb, f'SELECT * FROM "{t}" WHERE pk = ?', [{"B": key}])["Items"] == [{"pk": {"B": key}, "v": N(2)}]
    run(ddb, f'DELETE FROM "{t}" WHERE pk = ?', [{"B": key}])
    assert ddb.get_item(TableName=t, Key={"pk": {"B": key}}).get("Item") is None


def test_insert_duplicate_key(ddb, hash_table):
    """[DOC ql-reference.insert; AWS CONF executeStatement; message from CLI transcripts] INSERT
    never overwrites: DuplicateItemException, item unchanged."""
    run(ddb, f"INSERT INTO \"{hash_table}\" VALUE {{'pk': 'd', 'data': 'first'}}")
    expect_error("DuplicateItemException", DUPLICATE, run, ddb,
                 f"INSERT INTO \"{hash_table}\" VALUE {{'pk': 'd', 'data': 'second'}}")
    assert get(ddb, hash_table, pk="d")["data"] == S("first")


def test_insert_after_delete(ddb, hash_table):
    """[AWS CONF executeStatement] INSERT succeeds again once the item is deleted."""
    run(ddb, f"INSERT INTO \"{hash_table}\" VALUE {{'pk': 'r', 'data': 'original'}}")
    run(ddb, f"DELETE FROM \"{hash_table}\" WHERE pk = 'r'")
    run(ddb, f"INSERT INTO \"{hash_table}\" VALUE {{'pk': 'r', 'data': 'again'}}")
    assert get(ddb, hash_table, pk="r")["data"] == S("again")


def test_question_mark_in_quotes_is_a_string(ddb, hash_table):
    """source: DynamoDB Local (unconfirmed on AWS) [DBIMP]: `'?'` is the string "?", not a
    parameter."""
    run(ddb, f"INSERT INTO \"{hash_table}\" VALUE {{'pk': 'q', 'v': '?'}}")
    assert get(ddb, hash_table, pk="q")["v"] == S("?")


def test_insert_into_unknown_table(ddb):
    """[AWS MOTO, AWS CONF]"""
    expect_error(NOT_FOUND, "Requested resource not found", run, ddb,
                 "INSERT INTO \"no-such-table-pw\" VALUE {'pk': 'a'}")


def test_insert_into_index(ddb, messages):
    """[AWS DYN] An index on INSERT is refused by the parser, with a position (line:column:length)."""
    code, message, _ = error_of(run, ddb, f"INSERT INTO \"{messages}\".\"by-user\" VALUE {{'pk': 'a', 'sk': 'b'}}")
    assert code == VALIDATION
    assert re.fullmatch(r"FROM clause may only contain a single table name in data manipulation statements "
                        r"at \d+:\d+:\d+", message), message


@pytest.mark.parametrize(
    "template,message",
    [
        ("INSERT INTO {t} t VALUE {'pk': 'x'}", LEFTOVER),
        ("INSERT INTO {t} VALUE {'pk': 'x'} foo", LEFTOVER),
        ("INSERT INTO {t} VALUE {'pk': 'x', 'n': 1e126}",
         "Number overflow. Attempting to store a number with magnitude larger than supported range under root"),
        ("INSERT INTO {t} VALUE {'pk': 'x', 'm': {'x': 1e126}}",
         "Number overflow. Attempting to store a number with magnitude larger than supported range under root.x"),
        ("INSERT INTO {t} VALUE {'pk': 'x', 'l': [1, 1e126]}",
         "Number overflow. Attempting to store a number with magnitude larger than supported range under root[1]"),
    ],
)
def test_insert_exact_errors(ddb, hash_table, template, message):
    """[AWS CONF grammar exact-messages file] An alias on INSERT is a leftover token; a number out
    of range names its path inside the value."""
    expect_validation(message, run, ddb, template.replace("{t}", f'"{hash_table}"'), envelope=False)
    assert get(ddb, hash_table, pk="x") is None


# --- UPDATE ------------------------------------------------------------------------------------


@pytest.fixture
def row(ddb, hash_table):
    """hash_table with item 'r': n 5, s 'x', l [1, 2], tags {a, b}, nums {1, 2}, m {p: 1, q: 2}."""
    ddb.put_item(TableName=hash_table, Item={
        "pk": S("r"), "n": N(5), "s": S("x"), "l": {"L": [N(1), N(2)]}, "tags": {"SS": ["a", "b"]},
        "nums": {"NS": ["1", "2"]}, "m": {"M": {"p": N(1), "q": N(2)}},
    })
    return hash_table


def test_update_set_and_remove(ddb, row):
    """[DOC ql-reference.update; AWS CONF executeStatement] SET and REMOVE; both repeated SET
    keywords and comma lists; Items == []."""
    r = run(ddb, f"UPDATE \"{row}\" SET s = 'y' SET a = 1, b = 'two' REMOVE l WHERE pk = 'r'")
    assert r["Items"] == []
    item = get(ddb, row, pk="r")
    assert item["s"] == S("y") and item["a"] == N(1) and item["b"] == S("two")
    assert "l" not in item and item["n"] == N(5)


def test_update_arithmetic(ddb, row):
    """[DOC ql-operators; AWS CONF executeTransaction `SET n = n + 1`]"""
    run(ddb, f"UPDATE \"{row}\" SET n = n + 1 WHERE pk = 'r'")
    assert get(ddb, row, pk="r")["n"] == N(6)
    run(ddb, f"UPDATE \"{row}\" SET n = n - ? WHERE pk = ?", [N(10), S("r")])
    assert get(ddb, row, pk="r")["n"] == N(-4)


def test_update_list_append(ddb, row):
    """[DOC ql-reference.update list_append]"""
    run(ddb, f"UPDATE \"{row}\" SET l = list_append(l, [3, 'four']) WHERE pk = 'r'")
    assert get(ddb, row, pk="r")["l"] == {"L": [N(1), N(2), N(3), S("four")]}


def test_update_set_add_and_set_delete(ddb, row):
    """[DOC ql-reference.update set_add, set_delete on SS and NS]"""
    run(ddb, f"UPDATE \"{row}\" SET tags = set_add(tags, <<'c'>>) WHERE pk = 'r'")
    assert sorted(get(ddb, row, pk="r")["tags"]["SS"]) == ["a", "b", "c"]
    run(ddb, f"UPDATE \"{row}\" SET tags = set_delete(tags, <<'a', 'b'>>) WHERE pk = 'r'")
    assert get(ddb, row, pk="r")["tags"] == {"SS": ["c"]}
    run(ddb, f"UPDATE \"{row}\" SET nums = set_add(nums, ?) WHERE pk = 'r'", [{"NS": ["3"]}])
    assert sorted(get(ddb, row, pk="r")["nums"]["NS"]) == ["1", "2", "3"]


def test_update_nested_paths(ddb, row):
    """[DOC ql-reference.update: document paths]"""
    run(ddb, f"UPDATE \"{row}\" SET m.p = 10 SET l[0] = 'first' REMOVE m.q WHERE pk = 'r'")
    item = get(ddb, row, pk="r")
    assert item["m"] == {"M": {"p": N(10)}}
    assert item["l"] == {"L": [S("first"), N(2)]}


def test_update_list_indices(ddb, row):
    """[AWS CONF] SET past the end appends; REMOVE of an element shifts the tail; SET of an index of
    an absent attribute is an invalid document path."""
    run(ddb, f"UPDATE \"{row}\" SET l[5] = 9 WHERE pk = 'r'")
    assert get(ddb, row, pk="r")["l"] == {"L": [N(1), N(2), N(9)]}
    run(ddb, f"UPDATE \"{row}\" REMOVE l[1] WHERE pk = 'r'")
    assert get(ddb, row, pk="r")["l"] == {"L": [N(1), N(9)]}
    expect_validation("The document path provided in the update expression is invalid for update", run, ddb,
                      f"UPDATE \"{row}\" SET newlist[0] = 1 WHERE pk = 'r'", envelope=False)


def test_update_missing_item_fails_and_creates_nothing(ddb, hash_table):
    """[AWS CONF; DOC ql-reference.update] UPDATE does not upsert: a missing item is a failed
    condition, and nothing is written."""
    expect_condition_failed(run, ddb, f"UPDATE \"{hash_table}\" SET a = 1 WHERE pk = 'ghost'")
    assert get(ddb, hash_table, pk="ghost") is None


def test_update_extra_predicate_is_a_condition(ddb, row):
    """[DOC; AWS CONF] Predicates beyond the key become the write's condition: false fails with
    ConditionalCheckFailedException and leaves the item alone; true applies."""
    expect_condition_failed(run, ddb, f"UPDATE \"{row}\" SET s = 'changed' WHERE pk = 'r' AND n = 99")
    assert get(ddb, row, pk="r")["s"] == S("x")
    expect_condition_failed(run, ddb, f"UPDATE \"{row}\" SET s = 'changed' WHERE pk = 'r' AND nothing IS NOT MISSING")
    run(ddb, f"UPDATE \"{row}\" SET s = 'changed' WHERE pk = 'r' AND n = 5 AND begins_with(s, 'x')")
    assert get(ddb, row, pk="r")["s"] == S("changed")


OLD = {"pk": S("r"), "a": N(1), "b": S("x"), "m": {"M": {"p": N(1), "q": N(2)}}}
NEW = {"pk": S("r"), "a": N(2), "b": S("x"), "m": {"M": {"p": N(5), "q": N(2)}}}


@pytest.mark.parametrize(
    "returning,items",
    [
        ("ALL OLD *", [OLD]),
        ("ALL NEW *", [NEW]),
        ("MODIFIED OLD *", [{"a": N(1), "m": {"M": {"p": N(1)}}}]),
        ("MODIFIED NEW *", [{"a": N(2), "m": {"M": {"p": N(5)}}}]),
    ],
)
def test_update_returning_shapes(ddb, hash_table, returning, items):
    """[DOC ql-reference.update; AWS CONF] RETURNING goes to Items (a list), not Attributes. ALL
    includes the key; MODIFIED holds only the changed paths (no key, no untouched siblings; a
    nested SET returns only its leaf inside its map)."""
    ddb.put_item(TableName=hash_table, Item=OLD)
    r = run(ddb, f"UPDATE \"{hash_table}\" SET a = 2, m.p = 5 WHERE pk = 'r' RETURNING {returning}")
    assert r["Items"] == items
    assert "Attributes" not in r
    assert get(ddb, hash_table, pk="r") == NEW


@pytest.mark.parametrize(
    "update,returning",
    [
        ("REMOVE b", "MODIFIED NEW *"),
        ("SET brand_new = 1", "MODIFIED OLD *"),
    ],
)
def test_update_returning_empty_projection(ddb, hash_table, update, returning):
    """[AWS CONF] A MODIFIED projection with nothing in it gives Items: [] (REMOVE + MODIFIED NEW;
    a new attribute + MODIFIED OLD)."""
    ddb.put_item(TableName=hash_table, Item=OLD)
    r = run(ddb, f"UPDATE \"{hash_table}\" {update} WHERE pk = 'r' RETURNING {returning}")
    assert r["Items"] == []


def test_update_returning_modified_list_elements_packed(ddb, hash_table):
    """[AWS CONF] MODIFIED on list indices packs the changed elements densely in index order."""
    ddb.put_item(TableName=hash_table, Item={"pk": S("r"), "a": {"L": [S("0"), S("1"), S("2"), S("3")]}})
    r = run(ddb, f"UPDATE \"{hash_table}\" SET a[2] = 'y', a[0] = 'x' WHERE pk = 'r' RETURNING MODIFIED NEW *")
    assert r["Items"] == [{"a": {"L": [S("x"), S("y")]}}]


def test_update_from_first_form(ddb, row):
    """[AWS CONF grammar file] `FROM "t" WHERE ... SET ...` also parses as an UPDATE."""
    run(ddb, f"FROM \"{row}\" WHERE pk = 'r' SET s = 'ff'")
    assert get(ddb, row, pk="r")["s"] == S("ff")


# --- DELETE ------------------------------------------------------------------------------------


def test_delete_present_item(ddb, row):
    """[DOC ql-reference.delete; AWS CONF executeStatement] Items == []; the item is gone."""
    assert run(ddb, f"DELETE FROM \"{row}\" WHERE pk = 'r'")["Items"] == []
    assert get(ddb, row, pk="r") is None


def test_delete_missing_item_with_predicate_succeeds(ddb, hash_table):
    """[DOC ql-reference.delete; AWS CONF] A missing item: success with no items, even with extra
    predicates (they are not evaluated; unlike DeleteItem with a ConditionExpression)."""
    r = run(ddb, f"DELETE FROM \"{hash_table}\" WHERE pk = 'ghost' AND n = 1")
    assert r["Items"] == []
    assert get(ddb, hash_table, pk="ghost") is None


def test_delete_present_item_false_predicate(ddb, row):
    """[DOC; AWS CONF] A present item whose extra predicate is false: ConditionalCheckFailed."""
    expect_condition_failed(run, ddb, f"DELETE FROM \"{row}\" WHERE pk = 'r' AND n = 99")
    assert get(ddb, row, pk="r") is not None
    run(ddb, f"DELETE FROM \"{row}\" WHERE pk = 'r' AND n = 5")
    assert get(ddb, row, pk="r") is None


def test_delete_returning_all_old(ddb, hash_table):
    """[DOC ql-reference.delete; AWS CONF] RETURNING ALL OLD * gives the deleted item in Items; a
    missing item gives Items: []."""
    ddb.put_item(TableName=hash_table, Item=OLD)
    r = run(ddb, f"DELETE FROM \"{hash_table}\" WHERE pk = 'r' RETURNING ALL OLD *")
    assert r["Items"] == [OLD]
    r = run(ddb, f"DELETE FROM \"{hash_table}\" WHERE pk = 'r' RETURNING ALL OLD *")
    assert r["Items"] == []


@pytest.mark.parametrize("variant", ["MODIFIED OLD *", "ALL NEW *", "MODIFIED NEW *"])
def test_delete_other_returning_variants(ddb, row, variant):
    """[AWS CONF tier3 error-messages] Only ALL OLD * on DELETE; the variant is echoed; nothing is
    deleted."""
    expect_validation(
        f"Invalid returning clause: RETURNING {variant}. Only RETURNING ALL OLD * is allowed in DELETE statements.",
        run, ddb, f"DELETE FROM \"{row}\" WHERE pk = 'r' RETURNING {variant}", envelope=False,
    )
    assert get(ddb, row, pk="r") is not None


# --- the WHERE of a write, indexes, aliases -----------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE {t} SET a = 1",
        "UPDATE {t} SET a = 1 WHERE pk = 'a'",
        "UPDATE {t} SET a = 1 WHERE pk = 'a' OR sk = 1",
        "UPDATE {t} SET a = 1 WHERE pk = 'a' AND sk > 1",
        "UPDATE {t} SET a = 1 WHERE a = 1",
        "DELETE FROM {t}",
        "DELETE FROM {t} WHERE pk = 'a'",
        "DELETE FROM {t} WHERE pk > 'a' AND sk = 1",
        "FROM {t} SET c = 1",
        "FROM {t} WHERE a = 1 SET c = 1",
    ],
)
def test_write_without_full_key(ddb, range_table, statement):
    """[AWS CONF, AWS DYN] A write must pin every key attribute with = in top-level AND
    conjuncts: no WHERE, only the pk of a pk+sk table, OR over keys, a non-= on a key."""
    ddb.put_item(TableName=range_table, Item={"pk": S("a"), "sk": N(1), "a": N(1)})
    expect_validation(MANDATORY, run, ddb, statement.replace("{t}", f'"{range_table}"'), envelope=False)
    assert ddb.get_item(TableName=range_table, Key={"pk": S("a"), "sk": N(1)})["Item"]["a"] == N(1)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE {i} SET body = 'x' WHERE pk = 'MSG#g1' AND sk = '2024-01-01T00:00:00'",
        "DELETE FROM {i} WHERE pk = 'MSG#g1' AND sk = '2024-01-01T00:00:00'",
    ],
)
def test_write_on_index(ddb, messages, statement):
    """[AWS DYN] UPDATE/DELETE naming an index, refused before the table lookup (so an unknown
    table gets the same answer)."""
    expect_validation(ON_INDEX, run, ddb, statement.replace("{i}", f'"{messages}"."by-user"'), envelope=False)
    expect_validation(ON_INDEX, run, ddb, statement.replace("{i}", '"no-such-table-pw"."by-user"'), envelope=False)
    assert ddb.get_item(TableName=messages, Key={"pk": S("MSG#g1"), "sk": S("2024-01-01T00:00:00")})["Item"][
        "body"] == S("message 0")


@pytest.mark.parametrize(
    "template,message",
    [
        ("UPDATE {t} t SET a = 3 WHERE pk = 'x'", "Aliasing is not supported"),
        ("DELETE FROM {t} t WHERE pk = 'x'", "Aliasing is not supported"),
        ("UPDATE {t} SET a = 9 WHERE pk = 'x' foo", LEFTOVER),
        ("DELETE FROM {t} WHERE pk = 'x' foo", LEFTOVER),
        ("DELETE FROM {t} WHERE pk = 'x' ORDER BY pk", LEFTOVER),
        ("FROM {t} SET c = 1 WHERE pk = 'x'", LEFTOVER),
        ("UPDATE {t} SET a = 1 WHERE", NOT_WELL_FORMED + "Unexpected term"),
        ("DELETE FROM {t} WHERE", NOT_WELL_FORMED + "Unexpected term"),
        ("UPDATE {t} SET a = 1e-131 WHERE pk = 'x'",
         "Number underflow. Attempting to store a number with magnitude smaller than supported range under root"),
    ],
)
def test_write_exact_errors(ddb, hash_table, template, message):
    """[AWS CONF grammar exact-messages file]"""
    ddb.put_item(TableName=hash_table, Item={"pk": S("x")})
    expect_validation(message, run, ddb, template.replace("{t}", f'"{hash_table}"'), envelope=False)
    assert get(ddb, hash_table, pk="x") == {"pk": S("x")}


def test_write_unknown_table(ddb):
    """[AWS MOTO, AWS CONF grammar file]"""
    for stmt in ["UPDATE \"no-such-table-pw\" SET a = 1 WHERE pk = 'x'",
                 "DELETE FROM \"no-such-table-pw\" WHERE pk = 'x'",
                 "FROM \"no-such-table-pw\" WHERE pk = 'x' SET c = 1"]:
        expect_error(NOT_FOUND, "Requested resource not found", run, ddb, stmt)


# --- ConsumedCapacity: as the native operations ------------------------------------------------


def cu(resp):
    return resp["ConsumedCapacity"]["CapacityUnits"]


def test_insert_charges_like_put_item(ddb, hash_table):
    """[AWS DYN] INSERT charges what PutItem charges (no transactional factor): 2000 bytes -> 2."""
    big = "x" * 2000
    put = ddb.put_item(TableName=hash_table, Item={"pk": S("p1"), "d": S(big)}, ReturnConsumedCapacity="TOTAL")
    ins = run(ddb, f"INSERT INTO \"{hash_table}\" VALUE {{'pk': 'p2', 'd': ?}}", [S(big)],
              ReturnConsumedCapacity="TOTAL")
    assert cu(ins) == cu(put) == 2.0
    assert ins["ConsumedCapacity"]["TableName"] == hash_table


def test_update_and_delete_charge_like_native(ddb, hash_table):
    """[AWS DYN] UPDATE charges as UpdateItem (the larger of before and after), DELETE as
    DeleteItem, on identical items."""
    for pk in ("n1", "p1"):
        ddb.put_item(TableName=hash_table, Item={"pk": S(pk), "d": S("x" * 1500)})
    native = ddb.update_item(TableName=hash_table, Key={"pk": S("n1")}, UpdateExpression="SET e = :v",
                             ExpressionAttributeValues={":v": S("y" * 1000)}, ReturnConsumedCapacity="TOTAL")
    stmt = run(ddb, f"UPDATE \"{hash_table}\" SET e = ? WHERE pk = 'p1'", [S("y" * 1000)],
               ReturnConsumedCapacity="TOTAL")
    assert cu(stmt) == cu(native) == 3.0
    native = ddb.delete_item(TableName=hash_table, Key={"pk": S("n1")}, ReturnConsumedCapacity="TOTAL")
    stmt = run(ddb, f"DELETE FROM \"{hash_table}\" WHERE pk = 'p1'", ReturnConsumedCapacity="TOTAL")
    assert cu(stmt) == cu(native) == 3.0


def test_insert_with_indexes_charges_each_index(ddb, messages):
    """[AWS DYN partiql_index_consumed_capacity] INSERT into a table with two indexes: total 3, table
    1 and 1 per index, as PutItem with INDEXES."""
    put = ddb.put_item(TableName=messages, Item={"pk": S("g2"), "sk": S("1"), "user": S("u"), "score": N(1)},
                       ReturnConsumedCapacity="INDEXES")
    ins = run(ddb, f"INSERT INTO \"{messages}\" VALUE {{'pk': 'g2', 'sk': '2', 'user': 'u', 'score': 1}}",
              ReturnConsumedCapacity="INDEXES")
    cc = ins["ConsumedCapacity"]
    assert cc["CapacityUnits"] == 3.0
    assert cc["Table"]["CapacityUnits"] == 1.0
    assert cc["GlobalSecondaryIndexes"]["by-user"]["CapacityUnits"] == 1.0
    assert cc["LocalSecondaryIndexes"]["by-score"]["CapacityUnits"] == 1.0
    assert cc == put["ConsumedCapacity"]


# --- Streams -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def streams(endpoint):
    return boto3.client(
        "dynamodbstreams",
        endpoint_url=endpoint,
        config=Config(retries={"max_attempts": 1}, parameter_validation=False),
        **CREDENTIALS,
    )


def read_stream(ddb, streams, table):
    """Every record of the table's stream (all shards, parents first as in test_streams.py)."""
    arn = ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    shards, start = [], None
    while True:
        kw = {"StreamArn": arn, **({"ExclusiveStartShardId": start} if start else {})}
        d = streams.describe_stream(**kw)["StreamDescription"]
        shards += d["Shards"]
        start = d.get("LastEvaluatedShardId")
        if not start:
            break
    ids = {s["ShardId"] for s in shards}
    done, records, pending = set(), [], list(shards)
    while pending:
        ready = [s for s in pending if s.get("ParentShardId") not in ids or s["ParentShardId"] in done]
        for s in ready:
            it = streams.get_shard_iterator(StreamArn=arn, ShardId=s["ShardId"],
                                            ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            while it:
                r = streams.get_records(ShardIterator=it)
                records += r["Records"]
                if not r["Records"]:
                    break
                it = r.get("NextShardIterator")
            done.add(s["ShardId"])
            pending.remove(s)
    return records


def test_partiql_writes_make_stream_records(ddb, streams, make_table):
    """[AWS LS test_dynamodb_stream_stream_view_type snapshot] PartiQL INSERT, UPDATE and DELETE
    make INSERT, MODIFY and REMOVE records shaped like PutItem/UpdateItem/DeleteItem's."""
    t = make_table(StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    run(ddb, f"INSERT INTO \"{t}\" VALUE {{'pk': 'a', 'v': 1}}")
    run(ddb, f"UPDATE \"{t}\" SET v = 2 WHERE pk = 'a'")
    run(ddb, f"DELETE FROM \"{t}\" WHERE pk = 'a'")
    records = read_stream(ddb, streams, t)
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE"]
    for r in records:
        assert r["eventSource"] == "aws:dynamodb" and r["eventVersion"] == "1.1"
        assert r["dynamodb"]["Keys"] == {"pk": S("a")}
        assert r["dynamodb"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    ins, mod, rem = (r["dynamodb"] for r in records)
    assert ins["NewImage"] == {"pk": S("a"), "v": N(1)} and "OldImage" not in ins
    assert mod["OldImage"] == {"pk": S("a"), "v": N(1)} and mod["NewImage"] == {"pk": S("a"), "v": N(2)}
    assert rem["OldImage"] == {"pk": S("a"), "v": N(2)} and "NewImage" not in rem


def test_failed_partiql_writes_make_no_records(ddb, streams, make_table):
    """Implied by §6.2 (UNCONFIRMED on AWS; dynoxide for the missing-item DELETE): a duplicate
    INSERT, a failed condition, an UPDATE of a missing item and a DELETE of a missing item write
    nothing, so they make no record."""
    t = make_table(StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    run(ddb, f"INSERT INTO \"{t}\" VALUE {{'pk': 'a', 'v': 1}}")
    error_of(run, ddb, f"INSERT INTO \"{t}\" VALUE {{'pk': 'a', 'v': 2}}")
    error_of(run, ddb, f"UPDATE \"{t}\" SET v = 3 WHERE pk = 'a' AND v = 99")
    error_of(run, ddb, f"UPDATE \"{t}\" SET v = 3 WHERE pk = 'ghost'")
    run(ddb, f"DELETE FROM \"{t}\" WHERE pk = 'ghost'")
    assert [r["eventName"] for r in read_stream(ddb, streams, t)] == ["INSERT"]


# --- set_add, set_delete and functions in values: exact messages with positions
# (paritysuite/dynamodb-conformance tests/tier3/error-messages/partiqlFunctions.test.ts, AWS 2026).
# A position is `<line>:<column>:<length>`, counted in characters from 1.


def at(statement, token, length=None, start=0):
    i = statement.index(token, start)
    return f"1:{i + 1}:{len(token) if length is None else length}"


@pytest.mark.parametrize("op,assignment", [
    ("SET_ADD", "t = set_add(tags, <<'x'>>)"),
    ("SET_ADD", "tags = set_add(<<'a'>>, <<'b'>>)"),
    ("SET_DELETE", "t = set_delete(tags, <<'a'>>)"),
])
def test_set_function_target_quotes_the_function(ddb, row, op, assignment):
    """paritysuite/dynamodb-conformance partiqlFunctions.test.ts, AWS 2026: the first argument
    must be the assigned path; the message quotes where the function's name is."""
    statement = f"UPDATE \"{row}\" SET {assignment} WHERE pk = 'r'"
    expect_validation(f"The first argument to {op} must equal the assignment value at "
                      f"{at(statement, op.lower())}", run, ddb, statement, envelope=False)


@pytest.mark.parametrize("op,call", [
    ("SET_ADD", "set_add(tags, 'x')"),
    ("SET_ADD", "set_add(tags, ['x'])"),
    ("SET_DELETE", "set_delete(tags, 'a')"),
])
def test_set_function_value_quotes_the_first_argument(ddb, row, op, call):
    """paritysuite/dynamodb-conformance partiqlFunctions.test.ts, AWS 2026: a second argument that
    is not a set; the position is the first argument's, not the second's."""
    statement = f"UPDATE \"{row}\" SET tags = {call} WHERE pk = 'r'"
    position = at(statement, "tags", start=statement.index(op.lower() + "("))
    expect_validation(f"The second argument to {op} must be a value with type SET at {position}",
                      run, ddb, statement, envelope=False)


@pytest.mark.parametrize("call", ["set_add(tags)", "set_add(tags, <<'x'>>, <<'y'>>)"])
def test_set_function_arity_quotes_the_function(ddb, row, call):
    """paritysuite/dynamodb-conformance partiqlFunctions.test.ts, AWS 2026."""
    statement = f"UPDATE \"{row}\" SET tags = {call} WHERE pk = 'r'"
    expect_validation(f"SET_ADD must have exactly two arguments at {at(statement, 'set_add')}", run, ddb,
                      statement, envelope=False)


def test_set_literal_with_a_repeated_member(ddb, row):
    """paritysuite/dynamodb-conformance partiqlFunctions.test.ts, AWS 2026: a `<<…>>` literal naming
    a member twice is DynamoDB's duplicate-set message with the members as written, not a set with
    the repeat dropped; nothing is written."""
    expect_validation("One or more parameter values were invalid: Input collection [x, x] contains duplicates.",
                      run, ddb, f"UPDATE \"{row}\" SET tags = set_add(tags, <<'x', 'x'>>) WHERE pk = 'r'",
                      envelope=False)
    assert get(ddb, row, pk="r")["tags"] == {"SS": ["a", "b"]}


def test_function_in_an_insert_value(ddb, hash_table):
    """paritysuite/dynamodb-conformance partiqlFunctions.test.ts, AWS 2026: a function where an
    attribute's value goes is a data type DynamoDB cannot store, with its place and position."""
    statement = f"INSERT INTO \"{hash_table}\" VALUE {{'pk': 'i', 'ss': set_add(<<'a'>>, <<'b'>>)}}"
    expect_validation(f"Unsupported data type: set_add under key root at {at(statement, 'set_add')}", run, ddb,
                      statement, envelope=False)
