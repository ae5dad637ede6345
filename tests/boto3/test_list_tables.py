"""ListTables and its pagination (Limit 1..100, ExclusiveStartTableName, LastEvaluatedTableName)."""

from b3util import validation, uid


def _all_names(ddb, **kw):
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
    names = _all_names(ddb)
    assert a in names and b in names


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
    names = _all_names(ddb, Limit=2)
    assert made <= set(names)
    assert names == sorted(names)
    assert len(names) == len(set(names))


def test_exclusive_start_excluded(ddb, make_table):
    name = make_table()
    resp = ddb.list_tables(ExclusiveStartTableName=name, Limit=100)
    assert name not in resp["TableNames"]
    assert all(n > name for n in resp["TableNames"])


def test_exclusive_start_need_not_exist(ddb, make_table):
    name = make_table(name="zz" + uid())
    resp = ddb.list_tables(ExclusiveStartTableName=name[:-1])
    assert name in resp["TableNames"]


def test_deleted_table_not_listed(ddb, make_table):
    name = make_table()
    ddb.delete_table(TableName=name)
    assert name not in _all_names(ddb)


def test_limit_zero(ddb):
    # [AWS] framework message
    with validation(
        exact="1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1"
    ):
        ddb.list_tables(Limit=0)


def test_limit_over_100(ddb):
    with validation(
        exact="1 validation error detected: Value '200' at 'limit' failed to satisfy constraint: "
        "Member must have value less than or equal to 100"
    ):
        ddb.list_tables(Limit=200)


def test_bad_exclusive_start_name(ddb):
    with validation(
        contains="at 'exclusiveStartTableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
    ):
        ddb.list_tables(ExclusiveStartTableName="bad name;")


def test_multiple_errors_aggregated(ddb):
    # dynalite comment quoting AWS: pattern error before length error, all listed, joined by '; '.
    with validation(startswith="3 validation errors detected: ") as e:
        ddb.list_tables(Limit=2147483647, ExclusiveStartTableName="89hls;;f;d" + "x" * 250)
    assert "Member must have value less than or equal to 100" in e.message


def test_no_last_key_when_complete(ddb, make_table):
    name = make_table(name="zzzz" + uid())
    resp = ddb.list_tables(ExclusiveStartTableName=name[:5])
    if len(resp["TableNames"]) < 100:
        assert "LastEvaluatedTableName" not in resp
