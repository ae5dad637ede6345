"""Scan: pagination, filters, Select, parallel scan segments (§6.1)."""

import pytest

from b3util import NOT_FOUND, error, validation, uid


def N(x):
    return {"N": str(x)}


def S(x):
    return {"S": x}


@pytest.fixture
def filled(ddb, table):
    for i in range(60):
        ddb.put_item(TableName=table, Item={"pk": S(f"k{i}"), "n": N(i)})
    return table


def scan_all(ddb, table, **kw):
    items, start = [], None
    while True:
        args = dict(kw)
        if start:
            args["ExclusiveStartKey"] = start
        r = ddb.scan(TableName=table, **args)
        items += r["Items"]
        start = r.get("LastEvaluatedKey")
        if not start:
            return items


def keys(items):
    return sorted(i["pk"]["S"] for i in items)


ALL = sorted(f"k{i}" for i in range(60))


def test_scan_all(ddb, filled):
    r = ddb.scan(TableName=filled)
    assert keys(r["Items"]) == ALL
    assert r["Count"] == 60 and r["ScannedCount"] == 60


def test_scan_pages(ddb, filled):
    items = scan_all(ddb, filled, Limit=7)
    assert keys(items) == ALL
    assert len(items) == 60


def test_scan_filter(ddb, filled):
    r = ddb.scan(TableName=filled, FilterExpression="n < :x", ExpressionAttributeValues={":x": N(5)})
    assert keys(r["Items"]) == sorted(f"k{i}" for i in range(5))
    assert r["ScannedCount"] == 60 and r["Count"] == 5


def test_scan_limit_before_filter(ddb, filled):
    r = ddb.scan(TableName=filled, Limit=10, FilterExpression="n < :x", ExpressionAttributeValues={":x": N(0)})
    assert r["ScannedCount"] == 10 and r["Count"] == 0
    assert "LastEvaluatedKey" in r


def test_scan_count(ddb, filled):
    r = ddb.scan(TableName=filled, Select="COUNT")
    assert r["Count"] == 60 and "Items" not in r


def test_scan_projection(ddb, filled):
    r = ddb.scan(TableName=filled, ProjectionExpression="n", Limit=3)
    assert all(set(i) == {"n"} for i in r["Items"])


def test_scan_order_stable(ddb, filled):
    a = [i["pk"]["S"] for i in scan_all(ddb, filled)]
    b = [i["pk"]["S"] for i in scan_all(ddb, filled, Limit=11)]
    assert a == b


def test_scan_not_in_key_order(ddb, filled):
    # Items come in partition-hash order, not sorted by key.
    got = [i["pk"]["S"] for i in ddb.scan(TableName=filled)["Items"]]
    assert got != sorted(got)


@pytest.mark.parametrize("total", [1, 2, 3, 7])
def test_parallel_scan_disjoint_and_complete(ddb, filled, total):
    seen = []
    for seg in range(total):
        seen += [i["pk"]["S"] for i in scan_all(ddb, filled, Segment=seg, TotalSegments=total, Limit=5)]
    assert sorted(seen) == ALL  # complete, and no item twice


def test_parallel_scan_many_segments(ddb, filled):
    seen = []
    for seg in range(100):
        seen += [i["pk"]["S"] for i in scan_all(ddb, filled, Segment=seg, TotalSegments=100)]
    assert sorted(seen) == ALL


def test_segment_without_total(ddb, filled):
    with validation(contains="The TotalSegments parameter is required but was not present in the request when Segment parameter is present"):
        ddb.scan(TableName=filled, Segment=0)


def test_total_without_segment(ddb, filled):
    with validation(contains="The Segment parameter is required but was not present in the request when parameter TotalSegments is present"):
        ddb.scan(TableName=filled, TotalSegments=2)


def test_segment_not_less_than_total(ddb, filled):
    with validation(contains="The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 2 is not less than TotalSegments: 2"):
        ddb.scan(TableName=filled, Segment=2, TotalSegments=2)


def test_negative_segment(ddb, filled):
    with validation(contains="at 'segment' failed to satisfy constraint: Member must have value greater than or equal to 0"):
        ddb.scan(TableName=filled, Segment=-1, TotalSegments=2)


def test_total_segments_too_large(ddb, filled):
    with validation(contains="at 'totalSegments' failed to satisfy constraint: Member must have value less than or equal to 1000000"):
        ddb.scan(TableName=filled, Segment=0, TotalSegments=1000001)


def test_scan_limit_zero(ddb, filled):
    with validation(contains="Member must have value greater than or equal to 1"):
        ddb.scan(TableName=filled, Limit=0)


def test_scan_missing_table(ddb):
    with error(NOT_FOUND, exact="Requested resource not found"):
        ddb.scan(TableName="nope-" + uid())


def test_scan_specific_without_projection(ddb, filled):
    # [AWS, dynoxide] Scan returns this one bare (Query wraps it).
    with validation(exact="Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES"):
        ddb.scan(TableName=filled, Select="SPECIFIC_ATTRIBUTES")


def test_scan_bad_start_key(ddb, filled):
    with validation(contains="The provided starting key is invalid: The provided key element does not match the schema"):
        ddb.scan(TableName=filled, ExclusiveStartKey={"pk": N(1)})


def test_scan_filter_on_key_allowed(ddb, filled):
    r = ddb.scan(TableName=filled, FilterExpression="pk = :k", ExpressionAttributeValues={":k": S("k3")})
    assert keys(r["Items"]) == ["k3"]


def test_scan_one_megabyte_page(ddb, table):
    big = "y" * 200_000
    for i in range(8):
        ddb.put_item(TableName=table, Item={"pk": S(f"b{i}"), "d": S(big)})
    r = ddb.scan(TableName=table)
    assert 0 < r["Count"] < 8 and "LastEvaluatedKey" in r
    assert len(scan_all(ddb, table)) == 8
