"""Scan: everything once, pagination, filters, Limit, Select, parallel scan segments, and
the errors (docs/research/dynamodb-messages.md §6.1). (ScanFilter: test_legacy.py.)"""

import pytest

from expect import (
    N,
    NOT_FOUND,
    S,
    drop_table,
    error,
    expect_error,
    expect_validation,
    table_spec,
    uid,
    unique_name,
    validation,
    wait_active,
)


@pytest.fixture
def filled(ddb, hash_table):
    for i in range(60):
        ddb.put_item(TableName=hash_table, Item={"pk": S(f"k{i}"), "n": N(i)})
    return hash_table


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


@pytest.fixture(scope="module")
def sc(new_client):
    c = new_client()
    name = unique_name("scan")
    c.create_table(**table_spec(name, [("pk", "S", "HASH")]))
    wait_active(c, name)
    for i in range(60):
        c.put_item(TableName=name, Item={"pk": S(f"k{i:03d}"), "n": N(i), "odd": {"BOOL": i % 2 == 1}})
    yield name
    drop_table(c, name)


ALL_PADDED = sorted(f"k{i:03d}" for i in range(60))


def test_scan_all(ddb, filled):
    r = ddb.scan(TableName=filled)
    assert keys(r["Items"]) == ALL
    assert r["Count"] == 60 and r["ScannedCount"] == 60


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
    assert keys(seen) == ALL_PADDED and len(seen) == 60


def test_scan_order_stable(ddb, filled):
    a = [i["pk"]["S"] for i in scan_all(ddb, filled)]
    b = [i["pk"]["S"] for i in scan_all(ddb, filled, Limit=11)]
    assert a == b


def test_scan_not_in_key_order(ddb, filled):
    # Items come in partition-hash order, not sorted by key.
    got = [i["pk"]["S"] for i in ddb.scan(TableName=filled)["Items"]]
    assert got != sorted(got)


def test_scan_filter(ddb, filled):
    r = ddb.scan(TableName=filled, FilterExpression="n < :x", ExpressionAttributeValues={":x": N(5)})
    assert keys(r["Items"]) == sorted(f"k{i}" for i in range(5))
    assert r["ScannedCount"] == 60 and r["Count"] == 5


def test_scan_filter_expression(ddb, sc):
    resp = ddb.scan(TableName=sc, FilterExpression="n >= :a", ExpressionAttributeValues={":a": N(55)})
    assert keys(resp["Items"]) == [f"k{i:03d}" for i in range(55, 60)]
    assert resp["ScannedCount"] == 60


def test_scan_filter_on_key_allowed(ddb, filled):
    r = ddb.scan(TableName=filled, FilterExpression="pk = :k", ExpressionAttributeValues={":k": S("k3")})
    assert keys(r["Items"]) == ["k3"]


def test_scan_limit_counts_before_filter(ddb, sc):
    resp = ddb.scan(TableName=sc, Limit=10, FilterExpression="n = :never", ExpressionAttributeValues={":never": N(-1)})
    assert resp["Items"] == [] and resp["Count"] == 0 and resp["ScannedCount"] == 10
    assert "LastEvaluatedKey" in resp


def test_scan_count(ddb, filled):
    r = ddb.scan(TableName=filled, Select="COUNT")
    assert r["Count"] == 60 and "Items" not in r


def test_scan_select_count(ddb, sc):
    resp = ddb.scan(TableName=sc, Select="COUNT", FilterExpression="odd = :t", ExpressionAttributeValues={":t": {"BOOL": True}})
    assert resp["Count"] == 30 and "Items" not in resp


def test_scan_projection(ddb, filled):
    r = ddb.scan(TableName=filled, ProjectionExpression="n", Limit=3)
    assert all(set(i) == {"n"} for i in r["Items"])


def test_scan_one_megabyte_page(ddb, hash_table):
    big = "y" * 200_000
    for i in range(8):
        ddb.put_item(TableName=hash_table, Item={"pk": S(f"b{i}"), "d": S(big)})
    r = ddb.scan(TableName=hash_table)
    assert 0 < r["Count"] < 8 and "LastEvaluatedKey" in r
    assert len(scan_all(ddb, hash_table)) == 8


# --- parallel scan ----------------------------------------------------------------------------


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
    assert sorted(seen) == ALL_PADDED
    assert len(seen) == len(set(seen))


def test_parallel_scan_many_segments(ddb, filled):
    seen = []
    for seg in range(100):
        seen += [i["pk"]["S"] for i in scan_all(ddb, filled, Segment=seg, TotalSegments=100)]
    assert sorted(seen) == ALL


def test_parallel_scan(ddb, messages):
    seen = []
    for segment in range(4):
        start = None
        while True:
            kwargs = dict(TableName=messages, Segment=segment, TotalSegments=4, Limit=5)
            if start:
                kwargs["ExclusiveStartKey"] = start
            page = ddb.scan(**kwargs)
            seen += [i["sk"]["S"] for i in page["Items"]]
            start = page.get("LastEvaluatedKey")
            if not start:
                break
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 30


def test_scan_starting_key_must_lie_in_its_segment(ddb, messages):
    # Every item of the fixture shares one partition, so its segment is the one that yields them.
    pages = [ddb.scan(TableName=messages, Segment=s, TotalSegments=4, Limit=1) for s in range(4)]
    home = next(s for s, page in enumerate(pages) if page["Items"])
    start = pages[home]["LastEvaluatedKey"]
    assert ddb.scan(TableName=messages, Segment=home, TotalSegments=4, ExclusiveStartKey=start)["Count"] == 29
    other = (home + 1) % 4
    expect_error("ValidationException",
                 "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with "
                 f"correct Segment. TotalSegments: 4 Segment: {other}",
                 ddb.scan, TableName=messages, Segment=other, TotalSegments=4, ExclusiveStartKey=start)


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


def test_scan_segment_out_of_range(ddb, messages):
    expect_error(
        "ValidationException",
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 4 is not less than TotalSegments: 4",
        ddb.scan, TableName=messages, Segment=4, TotalSegments=4)


def test_negative_segment(ddb, filled):
    with validation(contains="at 'segment' failed to satisfy constraint: Member must have value greater than or equal to 0"):
        ddb.scan(TableName=filled, Segment=-1, TotalSegments=2)


def test_total_segments_too_large(ddb, sc):
    expect_validation(
        "1 validation error detected: Value '1000001' at 'totalSegments' failed to satisfy constraint: "
        "Member must have value less than or equal to 1000000",
        ddb.scan, TableName=sc, Segment=0, TotalSegments=1000001, envelope=False,
    )


# --- errors ---------------------------------------------------------------------------------


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


# --- the legacy ScanFilter on this table (more legacy parameters: test_legacy.py) -----------


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


# -- DynamoDB's order (issue 11 §3) -----------------------------------------------------------
# Source: dynalite 4.0.0 (whose authors matched AWS's order), run locally; the recipe and these
# vectors are in docs/research/scan-order-and-http.md §A.4-A.7. Partitions come in the order of
# MD5("Outliers" + the partition key's bytes); within a partition, in sort-key order.


def test_scan_follows_dynamodbs_hash_order_for_strings(ddb, hash_table):
    for i in range(10):
        ddb.put_item(TableName=hash_table, Item={"pk": S(f"item{i}")})
    order = [i["pk"]["S"][4:] for i in ddb.scan(TableName=hash_table)["Items"]]
    assert "".join(order) == "4358716029"


def test_scan_follows_dynamodbs_hash_order_for_numbers(ddb, make_table):
    name = make_table([("pk", "N", "HASH")])
    for i in range(10):
        ddb.put_item(TableName=name, Item={"pk": N(str(i))})
    order = [i["pk"]["N"] for i in ddb.scan(TableName=name)["Items"]]
    assert order == ["7", "8", "3", "2", "9", "4", "6", "1", "0", "5"]


def test_parallel_scan_segments_hold_dynamodbs_partitions(ddb, hash_table):
    for i in range(10):
        ddb.put_item(TableName=hash_table, Item={"pk": S(f"item{i}")})
    segments = [
        [i["pk"]["S"][4:] for i in ddb.scan(TableName=hash_table, Segment=s, TotalSegments=4)["Items"]]
        for s in range(4)
    ]
    assert segments == [["4", "3"], ["5"], ["8", "7", "1", "6"], ["0", "2", "9"]]


def test_scan_keeps_sort_key_order_within_a_partition(ddb, range_table):
    """Observed in dynalite on (pk S, sk N): b's items, then c's, then a's, each by sort key."""
    for pk in "abc":
        for sk in (10, -1, 3, 2, 1):
            ddb.put_item(TableName=range_table, Item={"pk": S(pk), "sk": N(str(sk))})
    got = [(i["pk"]["S"], int(i["sk"]["N"])) for i in ddb.scan(TableName=range_table)["Items"]]
    assert got == [(pk, sk) for pk in "bca" for sk in (-1, 1, 2, 3, 10)]


def test_index_scan_follows_the_hash_order_of_the_index_key(ddb, make_table):
    name = make_table([("pk", "S", "HASH")], extra_attrs=[("g", "S")],
                      GlobalSecondaryIndexes=[{"IndexName": "byg", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                               "Projection": {"ProjectionType": "ALL"}}])
    for i in range(10):
        ddb.put_item(TableName=name, Item={"pk": S(f"t{i}"), "g": S(f"item{i}")})
    order = [i["g"]["S"][4:] for i in ddb.scan(TableName=name, IndexName="byg")["Items"]]
    assert "".join(order) == "4358716029"
