"""PartiQL SELECT through ExecuteStatement: projections, FROM table and "table"."index", WHERE
(key lookups, IN, filters, the functions), Limit and NextToken, ConsistentRead, ConsumedCapacity,
and the parser's exact error messages. (Writes: test_partiql_writes.py; BatchExecuteStatement and
ExecuteTransaction: test_partiql_batch.py; the AWS CLI: test_partiql_cli.py.)

Facts and grades: /work/shared/research/partiql.md (copied to docs/research when merged). Each
test's docstring names its source:
- [AWS CONF] nubo-db/dynamodb-conformance, run against real DynamoDB (eu-west-2): tier2/partiql
  executeStatement, indexQualifier, comparison; tier3 error-messages and validation-ordering; the
  "PartiQL grammar - exact error messages" file.
- [AWS MOTO] moto tests marked aws_verified; [AWS LS] LocalStack snapshots validated on AWS;
  [AWS DYN] dynoxide's captures from eu-west-2.
- [DOC] Developer Guide ql-*.html pages and the botocore API model.
- "source: DynamoDB Local (unconfirmed on AWS)" marks a behaviour seen only on DynamoDB Local; such
  tests check only what is unambiguous.

Table names here always contain '-', so every statement double-quotes them (as the DG requires for
such names).
"""

import pytest

from expect import (
    NOT_FOUND,
    VALIDATION,
    N,
    S,
    drop_table,
    error_of,
    expect_error,
    expect_validation,
    table_spec,
    unique_name,
    wait_active,
)

NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed: "


def run(ddb, statement, params=None, **kw):
    if params is not None:
        kw["Parameters"] = params
    return ddb.execute_statement(Statement=statement, **kw)


def select_all(ddb, statement, params=None, max_pages=200, **kw):
    """Every item a SELECT returns, following NextToken to the end; also the pages."""
    items, pages, token = [], [], None
    for _ in range(max_pages):
        if token:
            kw["NextToken"] = token
        r = run(ddb, statement, params, **kw)
        pages.append(r["Items"])
        items += r["Items"]
        token = r.get("NextToken")
        if not token:
            return items, pages
    raise AssertionError(f"no end of NextToken paging after {max_pages} pages")


def keys_of(items):
    """(pk, sk) of each item, sorted."""
    return sorted((i["pk"]["S"], int(i["sk"]["N"])) for i in items)


def sks(items):
    return [int(i["sk"]["N"]) for i in items]


# pk 'a' holds sk 1..5 (written out of order); pk 'b' sk 1..3; pk 'c' sk 1 with only a note.
FRUIT = {1: "apple", 2: "apricot", 3: "banana", 4: "blueberry", 5: "cherry"}
TAGS = {1: ["red"], 2: ["red", "green"], 3: ["green"], 5: ["blue"]}


def a_item(sk):
    item = {
        "pk": S("a"),
        "sk": N(sk),
        "v": N(sk),
        "s": S(FRUIT[sk]),
        "l": {"L": [N(i) for i in range(sk)]},
        "m": {"M": {"x": N(sk), "y": {"M": {"z": S("deep")}}}},
        "flag": {"BOOL": sk % 2 == 0},
    }
    if sk in TAGS:
        item["tags"] = {"SS": TAGS[sk]}
    if sk in (1, 3):
        item["opt"] = S("x")
    if sk == 5:
        item["opt"] = {"NULL": True}
    return item


@pytest.fixture(scope="module")
def pq(new_client):
    """The SELECT data set (see a_item); a pk (S) / sk (N) table, shared by the module."""
    c = new_client()
    name = unique_name("pq")
    c.create_table(**table_spec(name, [("pk", "S", "HASH"), ("sk", "N", "RANGE")]))
    wait_active(c, name)
    for sk in (3, 1, 5, 2, 4):
        c.put_item(TableName=name, Item=a_item(sk))
    for sk in (2, 3, 1):
        c.put_item(TableName=name, Item={"pk": S("b"), "sk": N(sk), "v": N(10 + sk)})
    c.put_item(TableName=name, Item={"pk": S("c"), "sk": N(1), "note": S("only")})
    yield name
    drop_table(c, name)


# --- SELECT *, projections ---------------------------------------------------------------------


def test_select_star_by_full_key(ddb, pq):
    """[AWS CONF executeStatement] SELECT * by primary key returns the whole item in Items."""
    r = run(ddb, f'SELECT * FROM "{pq}" WHERE pk = \'a\' AND sk = 2')
    assert r["Items"] == [a_item(2)]
    assert "NextToken" not in r


def test_select_no_match_gives_empty_items(ddb, pq):
    """[AWS CONF executeStatement] A SELECT that matches nothing returns Items: []."""
    r = run(ddb, f'SELECT * FROM "{pq}" WHERE pk = \'nobody\'')
    assert r["Items"] == []


def test_select_with_parameters(ddb, pq):
    """[AWS CONF executeStatement, AWS MOTO] `?` takes positional, typed AttributeValues."""
    r = run(ddb, f'SELECT v FROM "{pq}" WHERE pk = ? AND sk = ?', [S("a"), N(3)])
    assert r["Items"] == [{"v": N(3)}]


def test_projection_of_named_attributes(ddb, pq):
    """[AWS CONF executeStatement] `SELECT pk, m` returns just those attributes."""
    r = run(ddb, f'SELECT pk, m FROM "{pq}" WHERE pk = \'a\' AND sk = 1')
    assert r["Items"] == [{"pk": S("a"), "m": a_item(1)["m"]}]


def test_nested_path_is_keyed_by_its_last_component(ddb, pq):
    """[AWS CONF executeStatement] `SELECT mymap.nested` returns {"nested": ...}: a nested path's
    result is keyed by its last component, not nested inside its parents."""
    r = run(ddb, f'SELECT m.y.z, m.x FROM "{pq}" WHERE pk = \'a\' AND sk = 4')
    assert r["Items"] == [{"z": S("deep"), "x": N(4)}]


def test_list_index_path_keyed_with_its_index(ddb, pq):
    """source: DynamoDB Local (unconfirmed on AWS) [DBIMP; dynoxide the same]: `l[1]` is keyed
    `l[1]`."""
    r = run(ddb, f'SELECT l[1] FROM "{pq}" WHERE pk = \'a\' AND sk = 3')
    assert r["Items"] == [{"l[1]": N(1)}]


def test_item_lacking_every_projected_attribute_gives_empty_map(ddb, pq):
    """[AWS MOTO test_execute_statement_select_attr, aws_verified] An item that has none of the
    projected attributes still yields {} in Items; it is not dropped."""
    r = run(ddb, f'SELECT note FROM "{pq}" WHERE pk = \'a\' AND sk = 1')
    assert r["Items"] == [{}]
    items, _ = select_all(ddb, f'SELECT note FROM "{pq}" WHERE pk = \'a\'')
    assert items == [{}] * 5
    items, _ = select_all(ddb, f'SELECT note FROM "{pq}"')
    assert len(items) == 9
    assert sorted(items, key=len) == [{}] * 8 + [{"note": S("only")}]


# --- WHERE: key lookups, IN, scans ---------------------------------------------------------------


def test_partition_key_equality_returns_ascending_sort_key_order(ddb, pq):
    """[DOC ql-reference.select: pk = is a Query, not a scan]; ascending order: re:Post answer and
    dynoxide, unconfirmed by an AWS-run test. Items were written out of order (3, 1, 5, 2, 4)."""
    items, _ = select_all(ddb, f'SELECT * FROM "{pq}" WHERE pk = ?', [S("a")])
    assert sks(items) == [1, 2, 3, 4, 5]
    assert items == [a_item(i) for i in range(1, 6)]


def test_sort_key_conditions(ddb, pq):
    """[DOC ql-reference.select, ql-operators] Sort-key comparisons beside pk =."""
    for cond, want in [
        ("sk > 3", [4, 5]),
        ("sk <= 2", [1, 2]),
        ("sk BETWEEN 2 AND 4", [2, 3, 4]),
        ("sk = 5", [5]),
    ]:
        items, _ = select_all(ddb, f'SELECT * FROM "{pq}" WHERE pk = \'a\' AND {cond}')
        assert sorted(sks(items)) == want, cond


def test_partition_key_in_list(ddb, pq):
    """[DOC ql-operators IN; ql-reference.select: IN on the pk is not a full scan] IN results may
    come in pages (newer docs: at most 10 items a page), so NextToken is followed."""
    items, _ = select_all(ddb, f'SELECT * FROM "{pq}" WHERE pk IN [\'a\', \'c\']')
    assert keys_of(items) == [("a", 1), ("a", 2), ("a", 3), ("a", 4), ("a", 5), ("c", 1)]
    items, _ = select_all(ddb, f'SELECT pk, sk FROM "{pq}" WHERE pk IN [\'b\', \'c\', \'zz\'] AND sk = 1')
    assert keys_of(items) == [("b", 1), ("c", 1)]


def test_partition_key_or(ddb, pq):
    """[DOC ql-reference.select] `pk = a OR pk = b` reads both partitions."""
    items, _ = select_all(ddb, f'SELECT * FROM "{pq}" WHERE pk = \'b\' OR pk = \'c\'')
    assert keys_of(items) == [("b", 1), ("b", 2), ("b", 3), ("c", 1)]


def test_non_key_filter_scans_the_table(ddb, pq):
    """[DOC ql-reference.select] A WHERE on non-key attributes only is a full scan with a filter."""
    items, _ = select_all(ddb, f'SELECT * FROM "{pq}" WHERE v > 4')
    assert keys_of(items) == [("a", 5), ("b", 1), ("b", 2), ("b", 3)]


def test_no_where_returns_every_item(ddb, pq):
    """[DOC ql-reference.select] No WHERE: a full scan."""
    items, _ = select_all(ddb, f'SELECT * FROM "{pq}"')
    assert len(items) == 9
    assert keys_of(items) == keys_of(ddb.scan(TableName=pq)["Items"])


@pytest.mark.parametrize(
    "cond,want",
    [
        ("v = 3", [3]),
        ("v <> 3", [1, 2, 4, 5]),
        ("v != 3", [1, 2, 4, 5]),
        ("v < 3", [1, 2]),
        ("v <= 3", [1, 2, 3]),
        ("v > 3", [4, 5]),
        ("v >= 3", [3, 4, 5]),
        ("v BETWEEN 2 AND 4", [2, 3, 4]),
        ("s < 'b'", [1, 2]),
        ("v = 1 OR v = 5", [1, 5]),
        ("NOT (v = 1)", [2, 3, 4, 5]),
        ("(v < 2 OR v > 4) AND s = 'cherry'", [5]),
        ("m.x = 2", [2]),
        ("m.y.z = 'deep'", [1, 2, 3, 4, 5]),
        ("l[2] = 2", [3, 4, 5]),
        ("flag = true", [2, 4]),
        ("begins_with(s, 'ap')", [1, 2]),
        ("NOT begins_with(s, 'ap')", [3, 4, 5]),
        ("contains(s, 'an')", [3]),
        ("contains(tags, 'red')", [1, 2]),
        ("contains(l, 3)", [4, 5]),
        ("size(l) > 3", [4, 5]),
        ("size(s) = 6", [3, 5]),
        ("size(tags) = 2", [2]),
        ("attribute_type(opt, 'S')", [1, 3]),
        ("attribute_type(opt, 'NULL')", [5]),
        ("attribute_type(tags, 'SS')", [1, 2, 3, 5]),
        ("opt IS MISSING", [2, 4]),
        ("opt IS NOT MISSING", [1, 3, 5]),
        ("tags IS MISSING", [4]),
        ("v = 'three'", []),
        ("v > 'a'", []),
    ],
)
def test_where_operators_and_functions(ddb, pq, cond, want):
    """[DOC ql-operators, ql-functions (begins_with, contains, attribute_type, size, MISSING);
    AWS MOTO test_execute_statement_with_all_clauses; AWS LS test_dynamodb_partiql_missing;
    AWS CONF comparison: BETWEEN inclusive, S vs N is legal and simply false]"""
    items, _ = select_all(ddb, f'SELECT * FROM "{pq}" WHERE pk = \'a\' AND {cond}')
    assert sorted(sks(items)) == want


def test_where_with_parameter_operands(ddb, pq):
    """[DOC ql-operators; AWS MOTO] Parameters as operands of comparisons and functions."""
    items, _ = select_all(ddb, f'SELECT * FROM "{pq}" WHERE pk = ? AND v BETWEEN ? AND ? AND begins_with(s, ?)',
                          [S("a"), N(1), N(4), S("b")])
    assert sorted(sks(items)) == [3, 4]


def test_set_and_list_equality(ddb, pq):
    """[AWS CONF comparison] `=` on sets ignores order; on lists order matters."""
    items, _ = select_all(ddb, f'SELECT * FROM "{pq}" WHERE pk = \'a\' AND tags = ?', [{"SS": ["green", "red"]}])
    assert sks(items) == [2]
    items, _ = select_all(ddb, f'SELECT * FROM "{pq}" WHERE pk = \'a\' AND l = [0, 1]')
    assert sks(items) == [2]
    items, _ = select_all(ddb, f'SELECT * FROM "{pq}" WHERE pk = \'a\' AND l = [1, 0]')
    assert items == []


def test_ordering_operator_on_bool_operand(ddb, pq):
    """[AWS CONF comparison, tier3] `<` on a BOOL operand, checked before the table is resolved
    (so an unknown table gives the same error)."""
    msg = "Incorrect operand type for operator or function; operator or function: <, operand type: BOOL"
    expect_validation(msg, run, ddb, f'SELECT * FROM "{pq}" WHERE pk = \'a\' AND flag < true', envelope=False)
    expect_validation(msg, run, ddb, 'SELECT * FROM "no-such-table-pq" WHERE pk = \'a\' AND flag < true',
                      envelope=False)


def test_missing_compared_with_equals(ddb, pq):
    """[AWS LS test_dynamodb_partiql_missing] MISSING can only be tested with IS."""
    expect_validation("MISSING must be compared using IS operator", run, ddb,
                      f'SELECT * FROM "{pq}" WHERE pk = \'a\' AND opt = MISSING', envelope=False)


# --- Limit and NextToken ------------------------------------------------------------------------


def test_limit_counts_items_evaluated_not_matched(ddb, pq):
    """[DOC API ExecuteStatement Limit; AWS DYN] Limit counts the items evaluated: a filtered page
    can be empty and still carry a NextToken."""
    r = run(ddb, f'SELECT * FROM "{pq}" WHERE pk = \'a\' AND v > 100', Limit=2)
    assert r["Items"] == []
    assert r.get("NextToken")
    r = run(ddb, f'SELECT * FROM "{pq}" WHERE pk = \'a\' AND v > 3', Limit=3)
    assert len(r["Items"]) <= 2  # three of the five evaluated; only sk 4 and 5 could match
    assert r.get("NextToken")


def test_limit_pages_return_everything_once(ddb, pq):
    """[DOC API; AWS DYN] Following NextToken with a Limit returns every match exactly once,
    at most Limit per page."""
    items, pages = select_all(ddb, f'SELECT * FROM "{pq}" WHERE pk = \'a\' AND v > 2', Limit=2)
    assert sorted(sks(items)) == [3, 4, 5]
    assert all(len(p) <= 2 for p in pages) and len(pages) >= 3
    items, pages = select_all(ddb, f'SELECT * FROM "{pq}"', Limit=1)
    assert all(len(p) <= 1 for p in pages)
    assert keys_of(items) == keys_of(ddb.scan(TableName=pq)["Items"])
    assert len(items) == 9
    items, pages = select_all(ddb, f'SELECT pk, sk FROM "{pq}" WHERE pk = \'b\'', Limit=2)
    assert sorted(sks(items)) == [1, 2, 3] and all(len(p) <= 2 for p in pages)


def test_limit_zero(ddb, pq):
    """[AWS DYN] Limit 0 gets the Scan-style constraint message."""
    expect_validation(
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1",
        run, ddb, f'SELECT * FROM "{pq}"', Limit=0, envelope=False,
    )


def test_next_token_is_bound_to_the_statement(ddb, pq):
    """[AWS DYN; user report aws/aws-sdk-js-v3#4424] A NextToken used with another statement:
    `NextToken does not match request`."""
    r = run(ddb, f'SELECT * FROM "{pq}" WHERE pk = \'a\'', Limit=1)
    token = r["NextToken"]
    expect_validation("NextToken does not match request", run, ddb, f'SELECT * FROM "{pq}" WHERE pk = \'b\'',
                      Limit=1, NextToken=token, envelope=False)


def test_garbage_next_token(ddb, pq):
    """[AWS DYN] A token the server never issued: `Invalid NextToken`."""
    expect_validation("Invalid NextToken", run, ddb, f'SELECT * FROM "{pq}"', NextToken="bm90LWEtdG9rZW4=",
                      envelope=False)


# --- unknown tables and indexes ----------------------------------------------------------------


def test_unknown_table(ddb):
    """[AWS MOTO, AWS CONF] Unknown table, with or without an index qualifier."""
    expect_error(NOT_FOUND, "Requested resource not found", run, ddb, 'SELECT * FROM "no-such-table-pq"')
    expect_error(NOT_FOUND, "Requested resource not found", run, ddb,
                 'SELECT * FROM "no-such-table-pq" WHERE pk = \'a\'')
    expect_error(NOT_FOUND, "Requested resource not found", run, ddb,
                 'SELECT * FROM "no-such-table-pq"."some-index" WHERE pk = \'a\'')


def test_unknown_index(ddb, pq):
    """[AWS MOTO, AWS CONF] An unknown index on an existing table; no name suffix (unlike Query)."""
    expect_validation("The table does not have the specified index", run, ddb,
                      f'SELECT * FROM "{pq}"."no-such-index"', envelope=False)


def test_three_part_from_path(ddb, pq):
    """[AWS MOTO, AWS CONF]"""
    expect_validation("A path may contain at most 2 components in the FROM clause", run, ddb,
                      f'SELECT * FROM "{pq}"."a"."b"', envelope=False)


# --- reading through an index ------------------------------------------------------------------


def test_gsi_scan_is_sparse_and_projected(ddb, messages):
    """[AWS CONF indexQualifier; AWS MOTO test_execute_statement_on_gsi] Reading "t"."gsi" reads
    the index: items without the index key are absent, and SELECT * gives only the projected
    attributes (INCLUDE body: table keys, index key, body)."""
    items, _ = select_all(ddb, f'SELECT * FROM "{messages}"."by-user"')
    assert len(items) == 15
    for item in items:
        assert set(item) == {"pk", "sk", "user", "body"}
        assert item["user"] == S("jess")
    assert sorted(i["sk"]["S"] for i in items) == [f"2024-01-01T00:{i:02}:00" for i in range(0, 30, 2)]


def test_gsi_keyed_read(ddb, messages):
    """[AWS CONF indexQualifier] A WHERE on the GSI's partition key reads the index."""
    items, _ = select_all(ddb, f'SELECT * FROM "{messages}"."by-user" WHERE "user" = \'jess\'')
    assert len(items) == 15 and all(set(i) == {"pk", "sk", "user", "body"} for i in items)
    items, _ = select_all(ddb, f'SELECT * FROM "{messages}"."by-user" WHERE "user" = \'nobody\'')
    assert items == []


def test_lsi_keys_only_select_star(ddb, messages):
    """[AWS CONF indexQualifier] SELECT * through a KEYS_ONLY LSI returns only the keys; keyed by
    the LSI's sort key."""
    items, _ = select_all(ddb, f'SELECT * FROM "{messages}"."by-score" WHERE pk = \'MSG#g1\' AND score < 3')
    assert sorted(int(i["score"]["N"]) for i in items) == [0, 1, 2]
    assert all(set(i) == {"pk", "sk", "score"} for i in items)


def test_gsi_unprojected_attribute(ddb, messages):
    """[AWS CONF indexQualifier] A GSI will not fetch attributes it does not project."""
    expect_validation(
        "One or more parameter values were invalid: Global secondary index by-user does not project [extra]",
        run, ddb, f'SELECT extra FROM "{messages}"."by-user" WHERE "user" = \'jess\'', envelope=False,
    )


def test_consistent_read_on_gsi(ddb, messages):
    """[AWS CONF tier3] ConsistentRead with a GSI qualifier (worded unlike Query's message)."""
    expect_validation("Strongly consistent read is not supported on Global Secondary Indexes", run, ddb,
                      f'SELECT * FROM "{messages}"."by-user" WHERE "user" = \'jess\'', ConsistentRead=True,
                      envelope=False)


def test_consistent_read_on_table(ddb, pq):
    """[DOC API] ConsistentRead applies to a SELECT on the table."""
    r = run(ddb, f'SELECT v FROM "{pq}" WHERE pk = \'a\' AND sk = 1', ConsistentRead=True)
    assert r["Items"] == [{"v": N(1)}]


# --- ConsumedCapacity --------------------------------------------------------------------------


@pytest.fixture
def three_1500(ddb, make_table):
    """Three 1500-byte items in one partition (4500 bytes: 2 RCU strong, 1 eventual as a Query)."""
    t = make_table([("pk", "S", "HASH"), ("sk", "S", "RANGE")])
    for sk in "123":
        ddb.put_item(TableName=t, Item={"pk": S("q"), "sk": S(sk), "d": S("x" * 1493)})
    return t


def test_consumed_capacity_shape(ddb, pq):
    """[AWS CONF executeStatement; DOC API] TOTAL gives one ConsumedCapacity object, CapacityUnits > 0."""
    r = run(ddb, f'SELECT * FROM "{pq}" WHERE pk = \'a\' AND sk = 1', ReturnConsumedCapacity="TOTAL")
    cc = r["ConsumedCapacity"]
    assert cc["TableName"] == pq and cc["CapacityUnits"] > 0
    assert "ConsumedCapacity" not in run(ddb, f'SELECT * FROM "{pq}" WHERE pk = \'a\' AND sk = 1')


@pytest.mark.parametrize("consistent", [False, True])
def test_keyed_select_charges_like_query(ddb, three_1500, consistent):
    """[AWS DYN, AWS CONF indexQualifier] A keyed SELECT charges like Query over the rows walked:
    the total rounded to 4 KB, halved when eventually consistent; the WHERE filter and the
    projection do not reduce it."""
    q = ddb.query(TableName=three_1500, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": S("q")},
                  ConsistentRead=consistent, ReturnConsumedCapacity="TOTAL")
    want = q["ConsumedCapacity"]["CapacityUnits"]
    assert want == (2.0 if consistent else 1.0)
    for stmt in [
        f'SELECT * FROM "{three_1500}" WHERE pk = \'q\'',
        f'SELECT sk FROM "{three_1500}" WHERE pk = \'q\'',
        f'SELECT * FROM "{three_1500}" WHERE pk = \'q\' AND d = \'nothing\'',
    ]:
        r = run(ddb, stmt, ConsistentRead=consistent, ReturnConsumedCapacity="TOTAL")
        assert r["ConsumedCapacity"]["CapacityUnits"] == want, stmt


def test_single_item_select_charges_like_get_item(ddb, three_1500):
    """[AWS DYN] A full-key SELECT of one 1500-byte item: 1 RCU strong, 0.5 eventual, as GetItem."""
    for consistent in (True, False):
        g = ddb.get_item(TableName=three_1500, Key={"pk": S("q"), "sk": S("2")}, ConsistentRead=consistent,
                         ReturnConsumedCapacity="TOTAL")
        r = run(ddb, f'SELECT * FROM "{three_1500}" WHERE pk = \'q\' AND sk = \'2\'', ConsistentRead=consistent,
                ReturnConsumedCapacity="TOTAL")
        assert r["ConsumedCapacity"]["CapacityUnits"] == g["ConsumedCapacity"]["CapacityUnits"]


# --- grammar: exact error messages -------------------------------------------------------------


def _stmt(template, table):
    return template.replace("{t}", f'"{table}"')


@pytest.mark.parametrize(
    "template,message",
    [
        ("SLECT * FROM {t}", NOT_WELL_FORMED + "Expected data manipulation"),
        ("SELECT * FROM {t} WHERE pk = 'a' foo", NOT_WELL_FORMED + "Unexpected token after expression"),
        ("SELECT * FROM {t} WHERE pk = 'a')", NOT_WELL_FORMED + "Unexpected token after expression"),
        ("SELECT * FROM {t} ORDER BY pk WHERE pk = 'a'", NOT_WELL_FORMED + "Unexpected token after expression"),
        ("SELECT * FROM {t} WHERE", NOT_WELL_FORMED + "Unexpected term"),
        ("SELECT * FROM {t} WHERE NOT", NOT_WELL_FORMED + "Unexpected term"),
        ("SELECT * FROM", NOT_WELL_FORMED + "Unexpected term"),
        ("SELECT * FROM {t} WHERE pk = 'a' AND", NOT_WELL_FORMED + "Missing right-hand side expression of infix operator"),
        ("SELECT * FROM {t} WHERE pk = 'a' OR", NOT_WELL_FORMED + "Missing right-hand side expression of infix operator"),
        ("SELECT * FROM {t} WHERE ORDER BY pk", NOT_WELL_FORMED + "Unexpected keyword"),
        ("SELECT * FROM {t} WHERE IS NULL", NOT_WELL_FORMED + "Unexpected operator"),
        ("SELECT * FROM {t} WHERE pk = LIKE", NOT_WELL_FORMED + "Unexpected operator"),
        ("SELECT * FROM {t} WHERE pk = 'a' AND x IS FOO", NOT_WELL_FORMED + "Expected type name"),
        ("DELETE FROM", NOT_WELL_FORMED + "Expected identifier for simple path"),
        ("DELETE FROM WHERE pk = 'a'", NOT_WELL_FORMED + "Expected identifier for simple path"),
        ("SELECT * FROM {t} WHERE pk = 1e99999999999", NOT_WELL_FORMED),
        ("SELECT * FROM {t} WHERE pk = 'a' # note", NOT_WELL_FORMED),
        ("SELECT * FROM {t} WHERE pk = 'a' /* note", NOT_WELL_FORMED),
        ("SELECT * FROM {t} t WHERE pk = 'a'", "Aliasing is not supported"),
        ("SELECT * FROM {t} AS t WHERE pk = 'a'", "Aliasing is not supported"),
        ("SELECT COUNT(*) FROM {t}", "Unexpected path component at 1:8:5"),
    ],
)
def test_syntax_errors_exact(ddb, pq, template, message):
    """[AWS CONF "PartiQL grammar - exact error messages", tier3 error-messages; AWS DYN for
    COUNT(*)] No position is given in the not-well-formed messages; an unreadable literal or a
    `#` comment leaves nothing after the colon."""
    expect_validation(message, run, ddb, _stmt(template, pq), envelope=False)


def test_syntax_error_before_table_lookup(ddb):
    """[AWS CONF grammar file, validation-ordering] Parse errors come before the table lookup."""
    expect_validation(NOT_WELL_FORMED + "Unexpected term", run, ddb, 'SELECT * FROM "no-such-table-pq" WHERE',
                      envelope=False)


@pytest.mark.parametrize(
    "template,message",
    [
        ("SELECT * FROM {t} WHERE pk = 'a' AND sk = 1e126", "Number overflow. Attempting to store a number with magnitude "
                                            "larger than supported range under root"),
        ("SELECT * FROM {t} WHERE pk = 'a' AND sk = 1e-131", "Number underflow. Attempting to store a number with magnitude "
                                             "smaller than supported range under root"),
        ("SELECT * FROM {t} WHERE pk = 'a' AND sk = 123456789012345678901234567890123456789",
         "Attempting to store more than 38 significant digits in a Number under root"),
    ],
)
def test_number_literal_errors(ddb, pq, template, message):
    """[AWS CONF grammar file] A number literal outside DynamoDB's range: the number message with
    the path inside the value appended, no not-well-formed prefix."""
    expect_validation(message, run, ddb, _stmt(template, pq), envelope=False)


def test_comments_and_trailing_semicolon_accepted(ddb, pq):
    """source: DynamoDB Local (unconfirmed on AWS) [DDBL, DBIMP]: `--` and `/* */` comments and a
    trailing `;` are allowed (the AWS grammar file only pins that `#` and an unterminated `/*` are
    not)."""
    r = run(ddb, f'SELECT v FROM "{pq}" /* c */ WHERE pk = \'a\' AND sk = 1; -- the end')
    assert r["Items"] == [{"v": N(1)}]


def test_keywords_case_insensitive(ddb, pq):
    """[DOC ql-reference] Keywords are case-insensitive."""
    r = run(ddb, f'select v from "{pq}" where pk = \'a\' and sk between 1 and 1')
    assert r["Items"] == [{"v": N(1)}]


def test_empty_parameters_list(ddb, pq):
    """[AWS LS test_dynamodb_execute_statement_empy_parameter] Parameters: [] is rejected by the
    framework's length constraint."""
    expect_validation(
        "1 validation error detected: Value '[]' at 'parameters' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1",
        run, ddb, f'SELECT * FROM "{pq}" WHERE pk = \'a\'', [], envelope=False,
    )


def test_too_few_parameters(ddb, pq):
    """source: DynamoDB Local (unconfirmed on AWS): a ValidationException; DDB Local's text is
    `Number of parameters in request and statement don't match.` (not asserted)."""
    code, message, _ = error_of(run, ddb, f'SELECT * FROM "{pq}" WHERE pk = ? AND sk = ?', [S("a")])
    assert code == VALIDATION, (code, message)


def test_star_with_other_attributes(ddb, pq):
    """source: DynamoDB Local (unconfirmed on AWS) [DDBL-src]: `*` beside other attributes is a
    ValidationException (DDB Local: `Other attributes should not be present in the projection when
    '*' is used.`; not asserted)."""
    code, message, _ = error_of(run, ddb, f'SELECT *, v FROM "{pq}" WHERE pk = \'a\'')
    assert code == VALIDATION, (code, message)


# --- Parameters' numbers and nesting (paritysuite/dynamodb-conformance
# tests/tier3/error-messages/partiqlParameterNumbers.test.ts, run against AWS in 2026) ----------

UNCONVERTIBLE = "The parameter cannot be converted to a numeric value"
NESTED = ("Nesting Levels have exceeded supported limits: Attributes in the item have nested levels "
          "beyond supported limit")


def deep(depth, leaf=None):
    """`depth` map levels around a leaf."""
    v = leaf or S("leaf")
    for _ in range(depth):
        v = {"M": {"n": v}}
    return v


@pytest.mark.parametrize("text", ["1e99999999999", "-1e99999999999", "1e-99999999999",
                                  "1e2147483648", "1e-2147483648"])
@pytest.mark.parametrize("where", ["filter", "key"])
def test_parameter_number_read_as_big_decimal(ddb, pq, text, where):
    """paritysuite/dynamodb-conformance partiqlParameterNumbers.test.ts (AWS 2026): a parameter is
    read as Java's BigDecimal reads a string, so an exponent or scale past 32 bits cannot be
    converted at all, and the text is echoed (not the overflow or underflow of PutItem)."""
    statement = {"filter": f"SELECT * FROM \"{pq}\" WHERE pk = 'a' AND v = ?",
                 "key": f'SELECT * FROM "{pq}" WHERE pk = \'a\' AND sk = ?'}[where]
    expect_validation(f"{UNCONVERTIBLE}: {text}", run, ddb, statement, [{"N": text}], envelope=False)


def test_parameter_number_magnitude_wraps_to_underflow(ddb, pq):
    """paritysuite/dynamodb-conformance partiqlParameterNumbers.test.ts (AWS 2026): precision minus
    scale is computed in 32 bits, so 1e2147483647 comes out as an underflow; an empty text has
    nothing after the message; a number inside a list, map or number set is read the same way."""
    statement = f"SELECT * FROM \"{pq}\" WHERE pk = 'a' AND v = ?"
    expect_validation("Number underflow. Attempting to store a number with magnitude smaller than "
                      "supported range", run, ddb, statement, [{"N": "1e2147483647"}], envelope=False)
    expect_validation(UNCONVERTIBLE, run, ddb, statement, [{"N": ""}], envelope=False)
    for value in ({"L": [N(1), {"N": "1e99999999999"}]}, {"M": {"x": {"N": "1e99999999999"}}},
                  {"NS": ["1", "1e99999999999"]}):
        expect_validation(f"{UNCONVERTIBLE}: 1e99999999999", run, ddb, statement, [value], envelope=False)


@pytest.mark.parametrize("depth", [40, 100])
def test_parameter_nesting_and_numbers_in_document_order(ddb, pq, depth):
    """paritysuite/dynamodb-conformance partiqlParameterNumbers.test.ts (AWS 2026): a parameter
    nested too deeply and a number that cannot be read are reported in document order, whichever
    comes first; the nesting is found before a number at the bottom of the deep value."""
    pair = f"SELECT * FROM \"{pq}\" WHERE pk = 'a' AND x = ? AND y = ?"
    single = f"SELECT * FROM \"{pq}\" WHERE pk = 'a' AND x = ?"
    bad = {"N": "abc"}
    expect_validation(NESTED, run, ddb, pair, [deep(depth), bad], envelope=False)
    expect_validation(f"{UNCONVERTIBLE}: abc", run, ddb, pair, [bad, deep(depth)], envelope=False)
    expect_validation(NESTED, run, ddb, single, [{"M": {"d": deep(depth), "bad": bad}}], envelope=False)
    expect_validation(f"{UNCONVERTIBLE}: abc", run, ddb, single, [{"M": {"bad": bad, "d": deep(depth)}}],
                      envelope=False)
    expect_validation(NESTED, run, ddb, single, [deep(depth, bad)], envelope=False)
    expect_validation(NESTED, run, ddb, pair, [deep(depth), {"N": "1e126"}], envelope=False)


# --- Functions in a WHERE and the SELECT list: exact messages with positions
# (paritysuite/dynamodb-conformance tests/tier3/error-messages/partiqlFunctions.test.ts, AWS 2026).


def at(statement, token, length=None):
    i = statement.index(token)
    return f"1:{i + 1}:{len(token) if length is None else length}"


@pytest.mark.parametrize("condition,message", [
    ("attribute_exists('v')", "Operator or function requires a document path; operator or function: "
                              "attribute_exists"),
    ("attribute_exists()", "Incorrect number of operands for operator or function; operator or function: "
                           "attribute_exists, number of operands: 0"),
    ("attribute_exists(v, w)", "Incorrect number of operands for operator or function; operator or function: "
                               "attribute_exists, number of operands: 2"),
])
def test_condition_function_arguments(ddb, pq, condition, message):
    """paritysuite/dynamodb-conformance partiqlFunctions.test.ts, AWS 2026: PartiQL's own words,
    without the `Invalid FilterExpression: ` of the native expression the WHERE runs as."""
    expect_validation(message, run, ddb, f"SELECT * FROM \"{pq}\" WHERE pk = 'a' AND {condition}", envelope=False)


@pytest.mark.parametrize("condition,name", [("EXISTS(v)", "exists"), ("set_add(v, <<'x'>>) = v", "set_add")])
def test_unrecognized_function_quotes_its_position(ddb, pq, condition, name):
    """paritysuite/dynamodb-conformance partiqlFunctions.test.ts, AWS 2026: EXISTS takes only a
    SELECT, and set_add only goes in an UPDATE's SET; the name is given in lower case with where
    it is."""
    statement = f"SELECT * FROM \"{pq}\" WHERE pk = 'a' AND {condition}"
    token = condition.split("(")[0]
    expect_validation(f"Unrecognized function: {name} at {at(statement, token)}", run, ddb, statement,
                      envelope=False)


def test_function_in_the_select_list_quotes_its_name_length(ddb, pq):
    """paritysuite/dynamodb-conformance partiqlFunctions.test.ts, AWS 2026: the length is the
    function name's (16 for attribute_exists; 5 for COUNT)."""
    statement = f"SELECT attribute_exists(v) FROM \"{pq}\" WHERE pk = 'a'"
    expect_validation("Unexpected path component at 1:8:16", run, ddb, statement, envelope=False)


# --- Multi-attribute index keys (paritysuite/dynamodb-conformance
# tests/tier3/error-messages/partiqlMultiAttributeIndex.test.ts, AWS 2026) ----------------------

MULTI_REFUSED = ("PartiQL statements cannot be executed on tables with multi-attribute HASH keys or "
                 "multi-attribute RANGE keys.")


@pytest.fixture
def multi(ddb, make_table):
    """A table keyed by id, with index gsi keyed by h1, h2 (HASH) and r1 (RANGE)."""
    t = make_table([("id", "S", "HASH")], extra_attrs=[("h1", "S"), ("h2", "S"), ("r1", "S")],
                   GlobalSecondaryIndexes=[{
                       "IndexName": "gsi",
                       "KeySchema": [{"AttributeName": "h1", "KeyType": "HASH"},
                                     {"AttributeName": "h2", "KeyType": "HASH"},
                                     {"AttributeName": "r1", "KeyType": "RANGE"}],
                       "Projection": {"ProjectionType": "ALL"}}])
    ddb.put_item(TableName=t, Item={"id": S("i1"), "h1": S("a"), "h2": S("x"), "r1": S("m")})
    return t


@pytest.mark.parametrize("tail", ["WHERE h1 = 'a'", "WHERE h1 = 5", "WHERE id = 'i1'", "",
                                  "WHERE h1 = 'a' AND h2 = 'x' ORDER BY r1 DESC"])
def test_multi_attribute_index_read_refused(ddb, multi, tail):
    """paritysuite/dynamodb-conformance partiqlMultiAttributeIndex.test.ts, AWS 2026: no PartiQL
    read of such an index runs; the refusal comes ahead of key types, the WHERE and ORDER BY."""
    expect_validation(MULTI_REFUSED, run, ddb, f'SELECT * FROM "{multi}"."gsi" {tail}', envelope=False)


def test_multi_attribute_index_refusal_comes_after_syntax_and_parameters(ddb, multi):
    """paritysuite/dynamodb-conformance partiqlMultiAttributeIndex.test.ts, AWS 2026: a statement
    that does not parse, and a parameter that is not a number, are reported first; the table's own
    key is read as usual."""
    expect_validation(NOT_WELL_FORMED + "Unexpected term", run, ddb, f'SELECT * FROM "{multi}"."gsi" WHERE',
                      envelope=False)
    expect_validation("The parameter cannot be converted to a numeric value: 1e99999999999", run, ddb,
                      f'SELECT * FROM "{multi}"."gsi" WHERE h1 = ?', [{"N": "1e99999999999"}], envelope=False)
    assert run(ddb, f"SELECT * FROM \"{multi}\" WHERE id = 'i1'")["Items"][0]["id"] == S("i1")


def test_multi_attribute_index_in_a_batch(ddb, multi):
    """paritysuite/dynamodb-conformance partiqlMultiAttributeIndex.test.ts, AWS 2026: in
    BatchExecuteStatement the refusal fails only its own statement, ahead of the rule that a batch
    SELECT names the table's primary key."""
    r = ddb.batch_execute_statement(Statements=[
        {"Statement": f"SELECT * FROM \"{multi}\".\"gsi\" WHERE h1 = 'a' AND h2 = 'x' AND r1 = 'm'"},
        {"Statement": f"SELECT * FROM \"{multi}\" WHERE id = 'i1'"},
    ])["Responses"]
    assert r[0]["Error"] == {"Code": "ValidationError", "Message": MULTI_REFUSED}
    assert r[1]["Item"]["id"] == S("i1")


@pytest.mark.parametrize("type_name", ["INT4", "INT8", "DOUBLE PRECISION", "CHARACTER VARYING"])
def test_type_test_statement_is_parsed_and_refused(ddb, type_name):
    """paritysuite/dynamodb-conformance partiqlGrammar.test.ts, AWS 2026: a statement that is a bare
    `IS <type>` expression parses (so the type name was read) and is refused by its node's name."""
    expect_validation("Unsupported operation: IsType", run, ddb, f"x IS {type_name}", envelope=False)


@pytest.mark.parametrize("condition", ["x = '1'", "x <> '1'"])
def test_or_branches_overlapping_on_the_sort_key(ddb, make_table, condition):
    """paritysuite/dynamodb-conformance partiqlGrammar.test.ts, AWS 2026: OR branches that read one
    partition whole (a non-key filter) and part of it (a sort-key condition) are refused; branches
    on different sort-key values are not."""
    t = make_table([("pk", "S", "HASH"), ("sk", "S", "RANGE")])
    ddb.put_item(TableName=t, Item={"pk": S("a"), "sk": S("1"), "x": S("1")})
    expect_validation("Overlapping conditions with range keys are not supported in where clause", run, ddb,
                      f"SELECT * FROM \"{t}\" WHERE pk = 'a' AND {condition} OR pk = 'a' AND sk = '2'",
                      envelope=False)
    r = run(ddb, f"SELECT * FROM \"{t}\" WHERE pk = 'a' AND sk = '1' OR pk = 'a' AND sk = '2'")
    assert [i["sk"] for i in r["Items"]] == [S("1")]


@pytest.mark.parametrize("statement", [
    "SELECT * FROM {t} WHERE pk = 'a' AND attribute_exists(m.inner)",
    "UPDATE {t} SET m.inner = set_add(m.inner, <<'y'>>) WHERE pk = 'a' AND sk = 1",
])
def test_keyword_after_a_dot(ddb, pq, statement):
    """paritysuite/dynamodb-conformance partiqlFunctions.test.ts, AWS 2026: a PartiQL keyword
    (`inner`) cannot follow a path's dot; quoted (`m."inner"`) it is a name."""
    expect_validation(NOT_WELL_FORMED + "Invalid path dot component", run, ddb, _stmt(statement, pq),
                      envelope=False)
    assert run(ddb, f"SELECT * FROM \"{pq}\" WHERE pk = 'a' AND attribute_exists(m.\"inner\")")["Items"] == []


def test_multi_attribute_index_refused_ahead_of_count(ddb, multi):
    """paritysuite/dynamodb-conformance partiqlMultiAttributeIndex.test.ts, AWS 2026: COUNT(*) in
    the SELECT list is refused only after the multi-attribute index is."""
    expect_validation(MULTI_REFUSED, run, ddb, f'SELECT COUNT(*) FROM "{multi}"."gsi"', envelope=False)
