"""Scan: everything once, filters, Limit, pagination, parallel segments, ScanFilter, errors."""

import pytest

from .conftest import drop_table, make_client, table_spec, unique_name, wait_active
from .util import N, S, expect_validation


@pytest.fixture(scope="module")
def sc(endpoint):
    c = make_client(endpoint)
    name = unique_name("scan")
    c.create_table(**table_spec(name, [("pk", "S", "HASH")]))
    wait_active(c, name)
    for i in range(60):
        c.put_item(TableName=name, Item={"pk": S(f"k{i:03d}"), "n": N(i), "odd": {"BOOL": i % 2 == 1}})
    yield name
    drop_table(c, name)


def keys(items):
    return sorted(i["pk"]["S"] for i in items)


ALL = sorted(f"k{i:03d}" for i in range(60))


def test_scan_all(ddb, sc):
    resp = ddb.scan(TableName=sc)
    assert keys(resp["Items"]) == ALL
    assert resp["Count"] == 60 and resp["ScannedCount"] == 60


def test_scan_pagination(ddb, sc):
    seen, start = [], None
    while True:
        kw = {"Limit": 7}
        if start:
            kw["ExclusiveStartKey"] = start
        resp = ddb.scan(TableName=sc, **kw)
        assert resp["ScannedCount"] <= 7
        seen += resp["Items"]
        start = resp.get("LastEvaluatedKey")
        if not start:
            break
    assert keys(seen) == ALL and len(seen) == 60


def test_scan_filter_expression(ddb, sc):
    resp = ddb.scan(TableName=sc, FilterExpression="n >= :a", ExpressionAttributeValues={":a": N(55)})
    assert keys(resp["Items"]) == [f"k{i:03d}" for i in range(55, 60)]
    assert resp["ScannedCount"] == 60


def test_scan_limit_counts_before_filter(ddb, sc):
    resp = ddb.scan(TableName=sc, Limit=10, FilterExpression="n = :never", ExpressionAttributeValues={":never": N(-1)})
    assert resp["Items"] == [] and resp["Count"] == 0 and resp["ScannedCount"] == 10
    assert "LastEvaluatedKey" in resp


def test_scan_filter_legacy(ddb, sc):
    resp = ddb.scan(TableName=sc, ScanFilter={"n": {"ComparisonOperator": "LT", "AttributeValueList": [N(3)]}})
    assert keys(resp["Items"]) == ["k000", "k001", "k002"]


# (dynalite ignores ConditionalOperator OR here; by the documented semantics both items match.)
def test_scan_filter_legacy_or(ddb, sc):
    resp = ddb.scan(
        TableName=sc,
        ScanFilter={
            "n": {"ComparisonOperator": "EQ", "AttributeValueList": [N(1)]},
            "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [S("k005")]},
        },
        ConditionalOperator="OR",
    )
    assert keys(resp["Items"]) == ["k001", "k005"]


def test_scan_select_count(ddb, sc):
    resp = ddb.scan(TableName=sc, Select="COUNT", FilterExpression="odd = :t", ExpressionAttributeValues={":t": {"BOOL": True}})
    assert resp["Count"] == 30 and "Items" not in resp


@pytest.mark.parametrize("total", [1, 2, 3, 7])
def test_parallel_scan_disjoint_and_complete(ddb, sc, total):
    seen = []
    for seg in range(total):
        start = None
        while True:
            kw = {"Segment": seg, "TotalSegments": total, "Limit": 9}
            if start:
                kw["ExclusiveStartKey"] = start
            resp = ddb.scan(TableName=sc, **kw)
            seen += keys(resp["Items"])
            start = resp.get("LastEvaluatedKey")
            if not start:
                break
    assert sorted(seen) == ALL
    assert len(seen) == len(set(seen))


def test_segment_without_total(ddb, sc):
    expect_validation(
        "The TotalSegments parameter is required but was not present in the request when Segment parameter is present",
        ddb.scan, TableName=sc, Segment=0,
    )


def test_total_without_segment(ddb, sc):
    expect_validation(
        "The Segment parameter is required but was not present in the request when parameter TotalSegments is present",
        ddb.scan, TableName=sc, TotalSegments=2,
    )


def test_segment_not_less_than_total(ddb, sc):
    expect_validation(
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 2 is not less than TotalSegments: 2",
        ddb.scan, TableName=sc, Segment=2, TotalSegments=2,
    )


def test_total_segments_too_large(ddb, sc):
    expect_validation(
        "1 validation error detected: Value '1000001' at 'totalSegments' failed to satisfy constraint: "
        "Member must have value less than or equal to 1000000",
        ddb.scan, TableName=sc, Segment=0, TotalSegments=1000001, envelope=False,
    )


def test_scan_select_specific_without_projection(ddb, sc):
    expect_validation(
        "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES",
        ddb.scan, TableName=sc, Select="SPECIFIC_ATTRIBUTES",
    )


def test_scan_missing_table(ddb):
    from .util import expect_error

    expect_error("ResourceNotFoundException", "Requested resource not found", ddb.scan, TableName="no-such-scan-table")
