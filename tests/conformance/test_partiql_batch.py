"""BatchExecuteStatement and ExecuteTransaction: response shapes, per-member errors, whole-request
rejections, all-or-nothing with CancellationReasons, ClientRequestToken, EXISTS, ConsumedCapacity.
(Single statements: test_partiql_select.py, test_partiql_writes.py.)

Facts and grades: /work/shared/research/partiql.md §4, §6.1. Sources named in docstrings:
[AWS CONF] nubo-db/dynamodb-conformance run on real DynamoDB (tier2 batchExecuteStatement,
executeTransaction, the grammar exact-messages file); [AWS LS] LocalStack AWS-validated snapshots
(test_dynamodb_batch_execute_statement, test_dynamodb_execute_transaction); [AWS DYN] dynoxide's
eu-west-2 captures (batch_statement_member_fields.rs, compatibility summary); [DOC] the API model
and the Developer Guide's ql-reference.multiplestatements pages; "source: DynamoDB Local
(unconfirmed on AWS)" where only DynamoDB Local was observed.
"""

import uuid

import pytest

from expect import CANCELED, VALIDATION, N, S, error, error_of, expect_validation

NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed: "


def get(ddb, table, pk):
    return ddb.get_item(TableName=table, Key={"pk": S(pk)}, ConsistentRead=True).get("Item")


def stmt(statement, *params, **kw):
    """A BatchStatementRequest / ParameterizedStatement."""
    out = {"Statement": statement, **kw}
    if params:
        out["Parameters"] = list(params)
    return out


def batch(ddb, *statements, **kw):
    return ddb.batch_execute_statement(Statements=list(statements), **kw)


def tx(ddb, *statements, **kw):
    return ddb.execute_transaction(TransactStatements=list(statements), **kw)


@pytest.fixture
def t(ddb, hash_table):
    """hash_table holding 'a' (v 1) and 'b' (v 2)."""
    ddb.put_item(TableName=hash_table, Item={"pk": S("a"), "v": N(1)})
    ddb.put_item(TableName=hash_table, Item={"pk": S("b"), "v": N(2)})
    return hash_table


def sel(t, pk):
    return stmt(f'SELECT * FROM "{t}" WHERE pk = ?', S(pk))


# --- BatchExecuteStatement: shapes ----------------------------------------------------------------


def test_batch_selects_in_request_order(ddb, t):
    """[AWS CONF batchExecuteStatement; DOC API: Responses in request order, each {TableName, Item}]"""
    r = batch(ddb, sel(t, "b"), sel(t, "a"))
    assert r["Responses"] == [
        {"TableName": t, "Item": {"pk": S("b"), "v": N(2)}},
        {"TableName": t, "Item": {"pk": S("a"), "v": N(1)}},
    ]


def test_batch_select_of_missing_item(ddb, t):
    """source: DynamoDB Local / moto / dynoxide (unconfirmed on AWS): a read that finds nothing is
    a member without Item and without Error."""
    r = batch(ddb, sel(t, "ghost"), sel(t, "a"))
    assert "Item" not in r["Responses"][0] and "Error" not in r["Responses"][0]
    assert r["Responses"][1]["Item"] == {"pk": S("a"), "v": N(1)}


def test_batch_writes(ddb, t):
    """[AWS LS test_dynamodb_batch_execute_statement; AWS CONF] A successful write member is
    {"TableName": t}; all are applied."""
    r = batch(
        ddb,
        stmt(f"INSERT INTO \"{t}\" VALUE {{'pk': 'new', 'v': 9}}"),
        stmt(f'UPDATE "{t}" SET v = v + 10 WHERE pk = ?', S("a")),
        stmt(f"DELETE FROM \"{t}\" WHERE pk = 'b'"),
    )
    assert r["Responses"] == [{"TableName": t}] * 3
    assert get(ddb, t, "new") == {"pk": S("new"), "v": N(9)}
    assert get(ddb, t, "a")["v"] == N(11)
    assert get(ddb, t, "b") is None


def test_batch_member_failures_do_not_stop_siblings(ddb, t):
    """[DOC API: HTTP 200 even when members fail; Error {Code, Message}] [AWS DYN: TableName echoed
    on ConditionalCheckFailed and DuplicateItem errors] [AWS CONF: a failed member leaves the
    rest running]"""
    r = batch(
        ddb,
        stmt(f"INSERT INTO \"{t}\" VALUE {{'pk': 'a', 'v': 100}}"),
        stmt(f"UPDATE \"{t}\" SET v = 50 WHERE pk = 'b' AND v = 99"),
        stmt(f"INSERT INTO \"{t}\" VALUE {{'pk': 'c', 'v': 3}}"),
    )
    dup, ccf, ok = r["Responses"]
    assert dup == {"Error": {"Code": "DuplicateItem", "Message": "Duplicate primary key exists in table"},
                   "TableName": t}
    assert ccf == {"Error": {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"},
                   "TableName": t}
    assert ok == {"TableName": t}
    assert get(ddb, t, "a")["v"] == N(1) and get(ddb, t, "b")["v"] == N(2) and get(ddb, t, "c")["v"] == N(3)


def test_batch_update_of_missing_item_is_ccf(ddb, t):
    """[AWS CONF: UPDATE of a missing item fails its implicit condition] in a batch member."""
    r = batch(ddb, stmt(f"UPDATE \"{t}\" SET v = 5 WHERE pk = 'ghost'"))
    assert r["Responses"][0]["Error"]["Code"] == "ConditionalCheckFailed"
    assert get(ddb, t, "ghost") is None


def test_batch_parse_error_member(ddb, t):
    """[AWS CONF batchExecuteStatement, grammar file] A member that fails to parse is a
    ValidationError member (not a thrown ValidationException); [AWS DYN] no TableName on a
    ValidationError; the sibling still runs."""
    r = batch(ddb, stmt(f"SLECT * FROM \"{t}\" WHERE pk = 'a'"), sel(t, "a"), stmt(f'SELECT * FROM "{t}" WHERE'))
    assert r["Responses"][0] == {"Error": {"Code": "ValidationError",
                                           "Message": NOT_WELL_FORMED + "Expected data manipulation"}}
    assert r["Responses"][1] == {"TableName": t, "Item": {"pk": S("a"), "v": N(1)}}
    assert r["Responses"][2] == {"Error": {"Code": "ValidationError", "Message": NOT_WELL_FORMED + "Unexpected term"}}


def test_batch_unknown_table_member(ddb, t):
    """[AWS CONF batchExecuteStatement] A member on an unknown table: ResourceNotFound,
    `Requested resource not found` (whether TableName is echoed is unconfirmed: not asserted)."""
    r = batch(ddb, sel(t, "a"), stmt("SELECT * FROM \"no-such-table-pb\" WHERE pk = 'x'"))
    assert r["Responses"][0]["Item"] == {"pk": S("a"), "v": N(1)}
    assert r["Responses"][1]["Error"] == {"Code": "ResourceNotFound", "Message": "Requested resource not found"}


@pytest.mark.parametrize(
    "where",
    ["v = 1", "pk > 'a'", "pk = 'a' OR pk = 'b'", "pk IN ['a', 'b']"],
)
def test_batch_select_without_full_key(ddb, t, where):
    """[AWS DYN; AWS CONF batchExecuteStatement] A batch SELECT must give the full key with =."""
    r = batch(ddb, stmt(f'SELECT * FROM "{t}" WHERE {where}'), sel(t, "b"))
    assert r["Responses"][0] == {"Error": {
        "Code": "ValidationError",
        "Message": "Select statements within BatchExecuteStatement must specify the primary key in the where clause."}}
    assert r["Responses"][1]["Item"] == {"pk": S("b"), "v": N(2)}


def test_batch_select_on_range_table_needs_sort_key(ddb, range_table):
    """[AWS DYN] Only the pk of a pk+sk table is not the full key."""
    r = batch(ddb, stmt(f"SELECT * FROM \"{range_table}\" WHERE pk = 'a'"))
    assert r["Responses"][0]["Error"]["Code"] == "ValidationError"
    assert r["Responses"][0]["Error"]["Message"] == (
        "Select statements within BatchExecuteStatement must specify the primary key in the where clause.")


def test_batch_select_on_index(ddb, messages):
    """[AWS CONF batchExecuteStatement] An index-qualified member, even one naming the table key."""
    for where in ["\"user\" = 'jess'", "pk = 'MSG#g1' AND sk = '2024-01-01T00:00:00' AND \"user\" = 'jess'"]:
        r = batch(ddb, stmt(f'SELECT * FROM "{messages}"."by-user" WHERE {where}'))
        assert r["Responses"][0]["Error"]["Code"] == "ValidationError"
        assert "must specify the primary key in the where clause" in r["Responses"][0]["Error"]["Message"]


def test_batch_mixed_reads_and_writes(ddb, t):
    """[AWS DYN] Reads and writes in one batch: the whole request is refused, nothing runs."""
    expect_validation("Read and write requests together in the same batch is not supported.", batch, ddb,
                      sel(t, "a"), stmt(f"INSERT INTO \"{t}\" VALUE {{'pk': 'mixed'}}"), envelope=False)
    assert get(ddb, t, "mixed") is None


def test_batch_duplicate_items(ddb, t):
    """[AWS DYN] Two members on one item: the whole request is refused, nothing runs."""
    expect_validation("Provided list of item keys contains duplicates", batch, ddb,
                      stmt(f"UPDATE \"{t}\" SET v = 7 WHERE pk = 'a'"),
                      stmt(f"INSERT INTO \"{t}\" VALUE {{'pk': 'fresh'}}"),
                      stmt(f"DELETE FROM \"{t}\" WHERE pk = 'a'"), envelope=False)
    assert get(ddb, t, "a")["v"] == N(1) and get(ddb, t, "fresh") is None


def test_batch_duplicate_reads(ddb, t):
    """[AWS DYN] (two members on one item, here two SELECTs)"""
    expect_validation("Provided list of item keys contains duplicates", batch, ddb, sel(t, "a"), sel(t, "a"),
                      envelope=False)


def test_batch_empty(ddb):
    """[AWS CONF (code); AWS DYN text] An empty Statements list."""
    expect_validation(
        "1 validation error detected: Value '[]' at 'statements' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1",
        ddb.batch_execute_statement, Statements=[], envelope=False,
    )


def test_batch_returning_honoured(ddb, t):
    """[AWS CONF batchExecuteStatement] RETURNING on a member goes to Responses[i].Item; an empty
    MODIFIED projection omits Item but keeps TableName."""
    r = batch(ddb, stmt(f"DELETE FROM \"{t}\" WHERE pk = 'a' RETURNING ALL OLD *"),
              stmt(f"UPDATE \"{t}\" SET w = 'new' WHERE pk = 'b' RETURNING MODIFIED NEW *"))
    assert r["Responses"] == [{"TableName": t, "Item": {"pk": S("a"), "v": N(1)}},
                              {"TableName": t, "Item": {"w": S("new")}}]
    r = batch(ddb, stmt(f"UPDATE \"{t}\" REMOVE w WHERE pk = 'b' RETURNING MODIFIED NEW *"))
    assert r["Responses"] == [{"TableName": t}]
    assert get(ddb, t, "b") == {"pk": S("b"), "v": N(2)}


def test_batch_invalid_delete_returning_member(ddb, t):
    """[AWS CONF batchExecuteStatement] The DELETE RETURNING error as a ValidationError member."""
    r = batch(ddb, stmt(f"DELETE FROM \"{t}\" WHERE pk = 'a' RETURNING MODIFIED OLD *"))
    assert r["Responses"][0]["Error"] == {
        "Code": "ValidationError",
        "Message": "Invalid returning clause: RETURNING MODIFIED OLD *. Only RETURNING ALL OLD * is allowed in "
                   "DELETE statements.",
    }
    assert get(ddb, t, "a") is not None


def test_batch_return_values_on_condition_check_failure_is_inert(ddb, t):
    """[AWS DYN batch_statement_member_fields.rs] ALL_OLD on a member gives no Item on its error."""
    r = batch(ddb, stmt(f"UPDATE \"{t}\" SET v = 0 WHERE pk = 'a' AND v = 99",
                        ReturnValuesOnConditionCheckFailure="ALL_OLD"))
    assert r["Responses"][0] == {"Error": {"Code": "ConditionalCheckFailed",
                                           "Message": "The conditional request failed"}, "TableName": t}


def capacity(resp):
    return sum(c["CapacityUnits"] for c in resp.get("ConsumedCapacity", []))


def test_batch_consistent_read_per_member(ddb, t):
    """[AWS CONF batchExecuteStatement] ConsistentRead is per member: 0.5 eventual, 1 consistent,
    and a mixed batch is the sum; ConsumedCapacity is a list of per-table entries."""
    eventual = batch(ddb, sel(t, "a"), ReturnConsumedCapacity="TOTAL")
    assert len(eventual["ConsumedCapacity"]) == 1 and eventual["ConsumedCapacity"][0]["TableName"] == t
    assert capacity(eventual) == 0.5
    consistent = batch(ddb, {**sel(t, "a"), "ConsistentRead": True}, ReturnConsumedCapacity="TOTAL")
    assert capacity(consistent) == 1.0
    explicit = batch(ddb, {**sel(t, "a"), "ConsistentRead": False}, ReturnConsumedCapacity="TOTAL")
    assert capacity(explicit) == 0.5
    mixed = batch(ddb, {**sel(t, "a"), "ConsistentRead": True}, sel(t, "b"), ReturnConsumedCapacity="TOTAL")
    assert capacity(mixed) == 1.5
    assert len(mixed["ConsumedCapacity"]) == 1


def test_batch_write_capacity_no_transactional_factor(ddb, t):
    """[AWS DYN] Writes aggregated per table, no transactional factor: two small INSERTs cost 2."""
    r = batch(ddb, stmt(f"INSERT INTO \"{t}\" VALUE {{'pk': 'c1'}}"), stmt(f"INSERT INTO \"{t}\" VALUE {{'pk': 'c2'}}"),
              ReturnConsumedCapacity="TOTAL")
    assert len(r["ConsumedCapacity"]) == 1
    assert r["ConsumedCapacity"][0]["TableName"] == t and r["ConsumedCapacity"][0]["CapacityUnits"] == 2.0


def test_batch_all_failed_has_no_capacity(ddb, t):
    """[AWS DYN] If every member failed, no ConsumedCapacity appears at all."""
    r = batch(ddb, stmt(f"INSERT INTO \"{t}\" VALUE {{'pk': 'a'}}"), ReturnConsumedCapacity="TOTAL")
    assert r["Responses"][0]["Error"]["Code"] == "DuplicateItem"
    assert "ConsumedCapacity" not in r


# --- ExecuteTransaction: writes ------------------------------------------------------------------


def test_transaction_write_set(ddb, t):
    """[AWS CONF executeTransaction; AWS LS test_dynamodb_execute_transaction snapshot] A write set
    applies every statement and answers "Responses": []."""
    r = tx(
        ddb,
        stmt(f"INSERT INTO \"{t}\" VALUE {{'pk': 'n', 'v': 0}}"),
        stmt(f"UPDATE \"{t}\" SET v = v + 1 WHERE pk = ?", S("a")),
        stmt(f"DELETE FROM \"{t}\" WHERE pk = 'b'"),
    )
    assert r["Responses"] == []
    assert get(ddb, t, "n") == {"pk": S("n"), "v": N(0)}
    assert get(ddb, t, "a")["v"] == N(2)
    assert get(ddb, t, "b") is None


def test_transaction_duplicate_insert_rolls_back(ddb, t):
    """[AWS CONF executeTransaction] A duplicate INSERT cancels the transaction; the other INSERT
    is not applied. [DOC API] one reason per statement, Code None for the innocent one (the
    duplicate's own Code is unconfirmed: DuplicateItem or ValidationError)."""
    with error(CANCELED) as e:
        tx(ddb, stmt(f"INSERT INTO \"{t}\" VALUE {{'pk': 'a', 'v': 100}}"),
           stmt(f"INSERT INTO \"{t}\" VALUE {{'pk': 'fresh'}}"))
    reasons = e.response["CancellationReasons"]
    assert len(reasons) == 2
    assert reasons[0]["Code"] != "None"
    assert reasons[1]["Code"] == "None"
    assert get(ddb, t, "fresh") is None and get(ddb, t, "a")["v"] == N(1)


def test_transaction_condition_failure_reasons(ddb, t):
    """[DOC ExecuteTransaction, API CancellationReason; AWS CONF for the UPDATE semantics] A false
    extra predicate and an UPDATE of a missing item are ConditionalCheckFailed reasons; innocents
    get Code None; nothing is applied."""
    with error(CANCELED) as e:
        tx(
            ddb,
            stmt(f"INSERT INTO \"{t}\" VALUE {{'pk': 'fresh'}}"),
            stmt(f"UPDATE \"{t}\" SET v = 10 WHERE pk = 'a' AND v = 99"),
            stmt(f"DELETE FROM \"{t}\" WHERE pk = 'b'"),
            stmt(f"UPDATE \"{t}\" SET v = 10 WHERE pk = 'ghost'"),
        )
    reasons = e.response["CancellationReasons"]
    assert [r["Code"] for r in reasons] == ["None", "ConditionalCheckFailed", "None", "ConditionalCheckFailed"]
    assert reasons[1]["Message"] == "The conditional request failed"
    assert get(ddb, t, "fresh") is None and get(ddb, t, "a")["v"] == N(1) and get(ddb, t, "b") is not None
    assert get(ddb, t, "ghost") is None


def test_transaction_exists_condition_check(ddb, t):
    """[DOC ql-functions.exists, ql-reference.multiplestatements.transactions] EXISTS(SELECT ...)
    is a condition check in a write set: true lets the writes through, false cancels them with a
    ConditionalCheckFailed reason."""
    r = tx(ddb, stmt(f"EXISTS(SELECT * FROM \"{t}\" WHERE pk = 'a' AND v = 1)"),
           stmt(f"INSERT INTO \"{t}\" VALUE {{'pk': 'ok'}}"))
    assert r["Responses"] == []
    assert get(ddb, t, "ok") is not None
    with error(CANCELED) as e:
        tx(ddb, stmt(f"EXISTS(SELECT * FROM \"{t}\" WHERE pk = 'a' AND v = 2)"),
           stmt(f"INSERT INTO \"{t}\" VALUE {{'pk': 'no'}}"))
    assert [r["Code"] for r in e.response["CancellationReasons"]] == ["ConditionalCheckFailed", "None"]
    assert get(ddb, t, "no") is None
    # The condition of a missing item is false too.
    with error(CANCELED):
        tx(ddb, stmt(f"EXISTS(SELECT * FROM \"{t}\" WHERE pk = 'ghost' AND v = 1)"),
           stmt(f"INSERT INTO \"{t}\" VALUE {{'pk': 'no'}}"))
    assert get(ddb, t, "no") is None


def test_transaction_returning_rejected(ddb, t):
    """[AWS CONF executeTransaction] RETURNING is refused up front (a ValidationException, not a
    cancellation); nothing applies."""
    expect_validation(
        "Validation failed in TransactStatements[0]: RETURNING clause is not supported in ExecuteTransaction.",
        tx, ddb, stmt(f"UPDATE \"{t}\" SET v = 5 WHERE pk = 'a' RETURNING ALL NEW *"), envelope=False,
    )
    expect_validation(
        "Validation failed in TransactStatements[1]: RETURNING clause is not supported in ExecuteTransaction.",
        tx, ddb, stmt(f"INSERT INTO \"{t}\" VALUE {{'pk': 'fresh'}}"),
        stmt(f"DELETE FROM \"{t}\" WHERE pk = 'b' RETURNING ALL OLD *"), envelope=False,
    )
    assert get(ddb, t, "a")["v"] == N(1) and get(ddb, t, "fresh") is None and get(ddb, t, "b") is not None


def test_transaction_mixed_reads_and_writes(ddb, t):
    """[AWS DYN compatibility summary; DDBL DBIMP]"""
    expect_validation("ExecuteTransaction API does not support both read and write operations in the same request.",
                      tx, ddb, sel(t, "a"), stmt(f"INSERT INTO \"{t}\" VALUE {{'pk': 'fresh'}}"), envelope=False)
    assert get(ddb, t, "fresh") is None


def test_transaction_two_statements_on_one_item(ddb, t):
    """[AWS DYN compatibility summary] Refused before anything runs."""
    expect_validation("Transaction request cannot include multiple operations on one item", tx, ddb,
                      stmt(f"UPDATE \"{t}\" SET v = 5 WHERE pk = 'a'"), stmt(f"DELETE FROM \"{t}\" WHERE pk = 'a'"),
                      envelope=False)
    assert get(ddb, t, "a")["v"] == N(1)


def test_transaction_parse_error_member(ddb, t):
    """[AWS CONF grammar file] A member's parse error is wrapped with its index."""
    expect_validation(f"Validation failed in TransactStatements[1]: {NOT_WELL_FORMED}Unexpected term", tx, ddb,
                      stmt(f"INSERT INTO \"{t}\" VALUE {{'pk': 'fresh'}}"), stmt(f'SELECT * FROM "{t}" WHERE'),
                      envelope=False)
    expect_validation(f"Validation failed in TransactStatements[0]: {NOT_WELL_FORMED}Unexpected term", tx, ddb,
                      stmt(f'SELECT * FROM "{t}" WHERE'), envelope=False)
    assert get(ddb, t, "fresh") is None


def test_transaction_index_read(ddb, messages):
    """[AWS CONF executeTransaction] An index-qualified SELECT is refused outright."""
    expect_validation("Validation failed in TransactStatements[0]: Reads on indices are not supported within "
                      "transactions.", tx, ddb, stmt(f"SELECT * FROM \"{messages}\".\"by-user\" WHERE \"user\" = 'x'"),
                      envelope=False)


def test_transaction_empty(ddb):
    """[AWS CONF executeTransaction: a ValidationException; the text is unconfirmed]"""
    code, message, _ = error_of(ddb.execute_transaction, TransactStatements=[])
    assert code == VALIDATION, (code, message)


# --- ExecuteTransaction: reads -------------------------------------------------------------------


def test_transaction_read_set(ddb, t):
    """[AWS CONF executeTransaction: one response per statement] source for the shapes: DynamoDB
    Local (unconfirmed on AWS) [DBIMP]: {Item} per found item, {} when missing."""
    r = tx(ddb, sel(t, "b"), sel(t, "ghost"), sel(t, "a"))
    assert r["Responses"] == [{"Item": {"pk": S("b"), "v": N(2)}}, {}, {"Item": {"pk": S("a"), "v": N(1)}}]


def test_transaction_select_without_full_key(ddb, t):
    """source: DynamoDB Local (unconfirmed on AWS) [DDBL-src]: a transaction SELECT needs the full
    key (DDB Local: `Select statements within ExecuteTransaction must specify the primary key in the
    where clause.`; only the exception is asserted)."""
    code, message, _ = error_of(tx, ddb, stmt(f'SELECT * FROM "{t}" WHERE v = 1'))
    assert code == VALIDATION, (code, message)


# --- ExecuteTransaction: ClientRequestToken and capacity ------------------------------------------


def test_transaction_token_replay_applies_once(ddb, t):
    """[AWS CONF executeTransaction, eu-west-2] The same token and statements replay the stored
    result: the increment applies once; the first call reports 2 WCU (no read), the replay 2 RCU (no
    write)."""
    token = "tok-" + uuid.uuid4().hex
    statements = [stmt(f"UPDATE \"{t}\" SET v = v + 1 WHERE pk = 'a'")]
    first = ddb.execute_transaction(TransactStatements=statements, ClientRequestToken=token,
                                    ReturnConsumedCapacity="INDEXES")
    replay = ddb.execute_transaction(TransactStatements=statements, ClientRequestToken=token,
                                     ReturnConsumedCapacity="INDEXES")
    assert get(ddb, t, "a")["v"] == N(2)
    f, p = first["ConsumedCapacity"][0], replay["ConsumedCapacity"][0]
    assert f["TableName"] == t and p["TableName"] == t
    assert f.get("WriteCapacityUnits") == 2.0 and "ReadCapacityUnits" not in f
    assert p.get("ReadCapacityUnits") == 2.0 and "WriteCapacityUnits" not in p


def test_transaction_token_with_other_statements(ddb, t):
    """[AWS CONF; AWS DYN] The same token with different statements:
    IdempotentParameterMismatchException; the second set is not applied."""
    token = "tok-" + uuid.uuid4().hex
    tx(ddb, stmt(f"UPDATE \"{t}\" SET v = 5 WHERE pk = 'a'"), ClientRequestToken=token)
    code, message, _ = error_of(tx, ddb, stmt(f"UPDATE \"{t}\" SET v = 6 WHERE pk = 'a'"), ClientRequestToken=token)
    assert code == "IdempotentParameterMismatchException", (code, message)
    assert get(ddb, t, "a")["v"] == N(5)


def test_transaction_write_capacity_doubles(ddb, t):
    """[AWS CONF, AWS DYN] A write set costs 2 WCU per statement on the table."""
    r = tx(ddb, stmt(f"INSERT INTO \"{t}\" VALUE {{'pk': 'c1'}}"), stmt(f"UPDATE \"{t}\" SET v = 3 WHERE pk = 'a'"),
           ReturnConsumedCapacity="TOTAL")
    assert len(r["ConsumedCapacity"]) == 1
    assert r["ConsumedCapacity"][0]["TableName"] == t and r["ConsumedCapacity"][0]["CapacityUnits"] == 4.0


def test_transaction_read_capacity_doubles(ddb, t):
    """[AWS CONF, AWS DYN] A read set costs 2 RCU per statement."""
    r = tx(ddb, sel(t, "a"), sel(t, "b"), ReturnConsumedCapacity="TOTAL")
    assert len(r["ConsumedCapacity"]) == 1
    assert r["ConsumedCapacity"][0]["TableName"] == t and r["ConsumedCapacity"][0]["CapacityUnits"] == 4.0


# --- Parameters' numbers (paritysuite/dynamodb-conformance
# tests/tier3/error-messages/partiqlParameterNumbers.test.ts, run against AWS in 2026) ----------

UNCONVERTIBLE = "The parameter cannot be converted to a numeric value"


def test_batch_parameter_number_fails_its_member_alone(ddb, t):
    """paritysuite/dynamodb-conformance partiqlParameterNumbers.test.ts (AWS 2026): a parameter
    number that cannot be converted fails only its own statement (ValidationError, the text
    echoed); the other members run."""
    r = batch(ddb, stmt(f'SELECT * FROM "{t}" WHERE pk = ?', {"N": "1e99999999999"}), sel(t, "a"))
    bad, good = r["Responses"]
    assert bad["Error"] == {"Code": "ValidationError", "Message": f"{UNCONVERTIBLE}: 1e99999999999"}
    assert good["Item"]["pk"] == S("a")


def test_transaction_parameter_faults_are_bare(ddb, t):
    """paritysuite/dynamodb-conformance partiqlParameterNumbers.test.ts (AWS 2026): in
    ExecuteTransaction a parameter's number fault, and a nesting fault ahead of it, are answered
    bare, without `Validation failed in TransactStatements[i]`."""
    update = f"UPDATE \"{t}\" SET x = ? WHERE pk = 'a'"
    expect_validation(f"{UNCONVERTIBLE}: 1e99999999999", tx, ddb, stmt(update, {"N": "1e99999999999"}),
                      envelope=False)
    deep = S("leaf")
    for _ in range(40):
        deep = {"M": {"n": deep}}
    two = f"UPDATE \"{t}\" SET x = ? SET y = ? WHERE pk = 'a'"
    expect_validation("Nesting Levels have exceeded supported limits: Attributes in the item have "
                      "nested levels beyond supported limit", tx, ddb, stmt(two, deep, {"N": "abc"}),
                      envelope=False)
