"""ListTables: sorted names, Limit 1..100, ExclusiveStartTableName, LastEvaluatedTableName."""

import uuid

import pytest

from expect import drop_table, expect_validation, table_spec, uid, validation, wait_active


@pytest.fixture(scope="module")
def five_tables(new_client):
    client = new_client()
    run = uuid.uuid4().hex[:8]
    names = [f"lt-{run}-{c}" for c in "edcba"]  # created out of order on purpose
    for n in names:
        client.create_table(**table_spec(n, [("pk", "S", "HASH")]))
    for n in names:
        wait_active(client, n)
    yield sorted(names)
    for n in names:
        drop_table(client, n)


def all_names(ddb, **kw):
    names, start = [], None
    while True:
        args = dict(kw)
        if start:
            args["ExclusiveStartTableName"] = start
        resp = ddb.list_tables(**args)
        names += resp["TableNames"]
        start = resp.get("LastEvaluatedTableName")
        if not start:
            return names


def test_lists_created_tables(ddb, make_table):
    a, b = make_table(), make_table()
    names = all_names(ddb)
    assert a in names and b in names


def test_names_sorted(ddb, five_tables):
    names = ddb.list_tables()["TableNames"]
    assert names == sorted(names)
    for n in five_tables:
        assert n in names


def test_limit_and_last_evaluated(ddb, five_tables):
    resp = ddb.list_tables(ExclusiveStartTableName=five_tables[0], Limit=2)
    assert resp["TableNames"] == five_tables[1:3]
    assert resp["LastEvaluatedTableName"] == five_tables[2]


def test_pagination_limit_one(ddb, make_table):
    prefix = "lt" + uid()
    made = sorted(make_table(name=f"{prefix}-{i}") for i in range(3))
    # Page from just before our prefix; names come back in sorted order.
    got, start = [], prefix
    for i in range(3):
        resp = ddb.list_tables(Limit=1, ExclusiveStartTableName=start)
        assert len(resp["TableNames"]) == 1
        got += resp["TableNames"]
        if i < 2:  # more tables follow, so the page must say where it stopped
            assert resp["LastEvaluatedTableName"] == resp["TableNames"][0]
        start = resp["TableNames"][0]
    assert got == made


def test_all_pages_complete_and_sorted(ddb, make_table):
    made = {make_table() for _ in range(4)}
    names = all_names(ddb, Limit=2)
    assert made <= set(names)
    assert names == sorted(names)
    assert len(names) == len(set(names))


def test_pages_cover_everything_once(ddb, five_tables):
    paged = all_names(ddb, Limit=1)
    assert paged == sorted(set(paged))
    assert paged == ddb.list_tables()["TableNames"] or len(paged) > 100
    for n in five_tables:
        assert n in paged


def test_exclusive_start_excluded(ddb, make_table):
    name = make_table()
    resp = ddb.list_tables(ExclusiveStartTableName=name, Limit=100)
    assert name not in resp["TableNames"]
    assert all(n > name for n in resp["TableNames"])


def test_exclusive_start_is_exclusive(ddb, five_tables):
    resp = ddb.list_tables(ExclusiveStartTableName=five_tables[2], Limit=100)
    assert resp["TableNames"][:2] == five_tables[3:5]


def test_exclusive_start_need_not_exist(ddb, make_table):
    name = make_table(name="zz" + uid())
    resp = ddb.list_tables(ExclusiveStartTableName=name[:-1])
    assert name in resp["TableNames"]


def test_start_name_need_not_exist(ddb, five_tables):
    # A name between b and c that is no table: listing starts after it.
    start = five_tables[1] + "0"
    resp = ddb.list_tables(ExclusiveStartTableName=start, Limit=1)
    assert resp["TableNames"] == [five_tables[2]]


def test_no_last_key_when_complete(ddb, make_table):
    name = make_table(name="zzzz" + uid())
    resp = ddb.list_tables(ExclusiveStartTableName=name[:5])
    if len(resp["TableNames"]) < 100:
        assert "LastEvaluatedTableName" not in resp


def test_no_last_evaluated_on_final_page(ddb, five_tables):
    resp = ddb.list_tables(ExclusiveStartTableName=five_tables[-1])
    assert five_tables[-1] not in resp["TableNames"]
    if len(resp["TableNames"]) < 100:
        assert "LastEvaluatedTableName" not in resp


def test_limit_exactly_reached(ddb, five_tables):
    # When exactly Limit names remain DynamoDB still returns LastEvaluatedTableName (it does not
    # look ahead); the next page is then empty. Only assert what both behaviours share.
    resp = ddb.list_tables(ExclusiveStartTableName=five_tables[2], Limit=2)
    assert resp["TableNames"][0] == five_tables[3]


def test_deleted_table_disappears(ddb, make_table):
    name = make_table([("pk", "S", "HASH")])
    assert name in all_names(ddb)
    drop_table(ddb, name)
    ddb.get_waiter("table_not_exists").wait(TableName=name, WaiterConfig={"Delay": 0.2, "MaxAttempts": 100})
    assert name not in all_names(ddb)


# --- validation ------------------------------------------------------------------------------


def test_limit_zero(ddb):
    expect_validation(
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1",
        ddb.list_tables,
        Limit=0,
        envelope=False,
    )


def test_limit_over_100(ddb):
    expect_validation(
        "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: "
        "Member must have value less than or equal to 100",
        ddb.list_tables,
        Limit=101,
        envelope=False,
    )


def test_limit_200(ddb):
    with validation(
        exact="1 validation error detected: Value '200' at 'limit' failed to satisfy constraint: "
        "Member must have value less than or equal to 100"
    ):
        ddb.list_tables(Limit=200)


def test_bad_start_name(ddb):
    expect_validation(
        "1 validation error detected: Value 'bad name!' at 'exclusiveStartTableName' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
        ddb.list_tables,
        ExclusiveStartTableName="bad name!",
        envelope=False,
    )


def test_bad_exclusive_start_name(ddb):
    with validation(
        contains="at 'exclusiveStartTableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
    ):
        ddb.list_tables(ExclusiveStartTableName="bad name;")


def test_two_errors_reported_together(ddb):
    expect_validation(
        "2 validation errors detected: Value '0' at 'limit' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1; Value 'ab' at 'exclusiveStartTableName' "
        "failed to satisfy constraint: Member must have length greater than or equal to 3",
        ddb.list_tables,
        Limit=0,
        ExclusiveStartTableName="ab",
        envelope=False,
    )


def test_multiple_errors_aggregated(ddb):
    # dynalite comment quoting AWS: pattern error before length error, all listed, joined by '; '.
    with validation(startswith="3 validation errors detected: ") as e:
        ddb.list_tables(Limit=2147483647, ExclusiveStartTableName="89hls;;f;d" + "x" * 250)
    assert "Member must have value less than or equal to 100" in e.message
