"""DynamoDB Streams through boto3's `dynamodbstreams` client: records for every change and none
for a non-change, the four view types, the stream lifecycle on CreateTable/UpdateTable/
DeleteTable, and each operation's parameters and errors.

Sources (docs/research/streams-api.md has each text with its capture):
- [dg-streams] Developer Guide, "Change data capture for DynamoDB Streams": a record per change,
  exactly once, in per-item order; "If you perform a PutItem or UpdateItem operation that does not
  change any data in an item, DynamoDB Streams does not write a stream record."
- [model] botocore dynamodbstreams 2012-08-10: shapes, SequenceNumber 21-40 characters, ShardId
  28-65, iterator types.
- [scylla] scylladb test/alternator/test_streams.py, run against AWS: no record for an identical
  Put (also in BatchWriteItem), an update to the same value, REMOVE of a missing attribute, a
  delete of a missing item; images per view type; Limit bounds; closed shard read to its end has
  no NextShardIterator.
- [aws-2026] live AWS probe notes of 2026-10-09 (UpdateTable's stream texts, ListStreams/
  DescribeStream behaviour), [localstack] LocalStack's AWS-recorded snapshots (record shape,
  SizeBytes = item size of Keys + images, eventVersion "1.1"), [reports] user reports quoting AWS
  ("Shard does not exist", "has been trimmed").
"""

import re
import time

import boto3
import pytest
from botocore.config import Config

from expect import (
    CREDENTIALS,
    NOT_FOUND,
    VALIDATION,
    S,
    N,
    error_of,
    expect_error,
    expect_validation,
    unique_name,
)

INVALID = "One or more parameter values were invalid: "


@pytest.fixture(scope="module")
def streams(endpoint):
    return boto3.client(
        "dynamodbstreams",
        endpoint_url=endpoint,
        config=Config(retries={"max_attempts": 1}, parameter_validation=False),
        **CREDENTIALS,
    )


def stream_table(make_table, view="NEW_AND_OLD_IMAGES", keys=(("pk", "S", "HASH"),), **extra):
    return make_table(list(keys), StreamSpecification={"StreamEnabled": True, "StreamViewType": view}, **extra)


def stream_arn(ddb, table):
    return ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]


def shards_of(streams, arn):
    shards, start = [], None
    while True:
        kw = {"StreamArn": arn}
        if start:
            kw["ExclusiveStartShardId"] = start
        d = streams.describe_stream(**kw)["StreamDescription"]
        shards += d["Shards"]
        start = d.get("LastEvaluatedShardId")
        if not start:
            return shards


def read_shard(streams, arn, shard_id, iterator_type="TRIM_HORIZON", **kw):
    """Every record of one shard from `iterator_type` to the head (open) or end (closed)."""
    it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard_id, ShardIteratorType=iterator_type, **kw)[
        "ShardIterator"
    ]
    records = []
    while it:
        r = streams.get_records(ShardIterator=it)
        records += r["Records"]
        if not r["Records"]:
            return records, r.get("NextShardIterator")
        it = r.get("NextShardIterator")
    return records, None


def read_stream(streams, arn):
    """Every record of the stream, walking shards parents first (as the KCL does)."""
    shards = shards_of(streams, arn)
    ids = {s["ShardId"] for s in shards}
    done, records = set(), []
    pending = list(shards)
    while pending:
        ready = [s for s in pending if s.get("ParentShardId") not in ids or s["ParentShardId"] in done]
        assert ready, "shard lineage has a cycle"
        for s in ready:
            records += read_shard(streams, arn, s["ShardId"])[0]
            done.add(s["ShardId"])
            pending.remove(s)
    return records


def events(records):
    return [r["eventName"] for r in records]


# --- records ------------------------------------------------------------------------------------


def test_put_update_delete_make_insert_modify_remove(ddb, streams, make_table):
    t = stream_table(make_table)
    ddb.put_item(TableName=t, Item={"pk": S("a"), "v": N("1")})
    ddb.update_item(TableName=t, Key={"pk": S("a")}, UpdateExpression="SET v = :v", ExpressionAttributeValues={":v": N("2")})
    ddb.delete_item(TableName=t, Key={"pk": S("a")})
    records = read_stream(streams, stream_arn(ddb, t))
    assert events(records) == ["INSERT", "MODIFY", "REMOVE"]
    ins, mod, rem = (r["dynamodb"] for r in records)
    assert ins["Keys"] == {"pk": S("a")} and ins["NewImage"] == {"pk": S("a"), "v": N("1")}
    assert "OldImage" not in ins
    assert mod["OldImage"] == {"pk": S("a"), "v": N("1")} and mod["NewImage"] == {"pk": S("a"), "v": N("2")}
    assert rem["OldImage"] == {"pk": S("a"), "v": N("2")} and "NewImage" not in rem


def test_record_shape(ddb, streams, make_table):
    # [model] [localstack]: eventID 32 hex, eventVersion 1.1, eventSource aws:dynamodb, region,
    # SequenceNumber of at least 21 digits, SizeBytes = item sizes of Keys and images.
    t = stream_table(make_table, keys=(("pk", "S", "HASH"), ("sk", "N", "RANGE")))
    before = time.time()
    ddb.put_item(TableName=t, Item={"pk": S("ab"), "sk": N("1"), "data": S("xyz")})
    (r,) = read_stream(streams, stream_arn(ddb, t))
    assert re.fullmatch(r"[0-9a-f]{32}", r["eventID"])
    assert r["eventVersion"] == "1.1"
    assert r["eventSource"] == "aws:dynamodb"
    assert r["awsRegion"] == ddb.meta.region_name
    assert "userIdentity" not in r
    d = r["dynamodb"]
    assert re.fullmatch(r"\d{21,40}", d["SequenceNumber"])
    assert d["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert d["Keys"] == {"pk": S("ab"), "sk": N("1")}
    # Keys: pk (2 + 2) + sk (2 + 2: a number takes a byte per two digits, plus one); the
    # NewImage holds those and data (4 + 3).
    assert d["SizeBytes"] == 8 + 15
    created = d["ApproximateCreationDateTime"].timestamp()
    assert int(before) - 1 <= created <= time.time() + 1


@pytest.mark.parametrize(
    "view,old,new",
    [("KEYS_ONLY", False, False), ("NEW_IMAGE", False, True), ("OLD_IMAGE", True, False), ("NEW_AND_OLD_IMAGES", True, True)],
)
def test_view_types_carry_their_images(ddb, streams, make_table, view, old, new):
    # [scylla] test_streams_*_images: which images each view type carries.
    t = stream_table(make_table, view=view)
    ddb.put_item(TableName=t, Item={"pk": S("k"), "v": N("1")})
    ddb.put_item(TableName=t, Item={"pk": S("k"), "v": N("2")})
    ddb.delete_item(TableName=t, Key={"pk": S("k")})
    ins, mod, rem = (r["dynamodb"] for r in read_stream(streams, stream_arn(ddb, t)))
    for d in (ins, mod, rem):
        assert d["StreamViewType"] == view
        assert d["Keys"] == {"pk": S("k")}
    assert ("NewImage" in ins, "OldImage" in ins) == (new, False)
    assert ("NewImage" in mod, "OldImage" in mod) == (new, old)
    assert ("NewImage" in rem, "OldImage" in rem) == (False, old)


def test_no_record_for_a_write_that_changes_nothing(ddb, streams, make_table):
    # [dg-streams] [scylla]: identical Put (also in a batch), update to the same values, a map
    # re-sent with its keys in another order, a set in another order, REMOVE of a missing
    # attribute, delete of a missing item, REMOVE on a missing item.
    t = stream_table(make_table)
    item = {"pk": S("k"), "m": {"M": {"a": N("1"), "b": N("2")}}, "s": {"SS": ["x", "y"]}}
    ddb.put_item(TableName=t, Item=item)
    ddb.put_item(TableName=t, Item=item)
    ddb.batch_write_item(RequestItems={t: [{"PutRequest": {"Item": item}}]})
    ddb.put_item(TableName=t, Item={"pk": S("k"), "s": {"SS": ["y", "x"]}, "m": {"M": {"b": N("2"), "a": N("1")}}})
    ddb.update_item(TableName=t, Key={"pk": S("k")}, UpdateExpression="SET m.a = :one", ExpressionAttributeValues={":one": N("1")})
    ddb.update_item(TableName=t, Key={"pk": S("k")}, UpdateExpression="REMOVE nothing_here")
    ddb.delete_item(TableName=t, Key={"pk": S("missing")})
    ddb.update_item(TableName=t, Key={"pk": S("other")}, UpdateExpression="REMOVE x")
    ddb.transact_write_items(TransactItems=[{"Put": {"TableName": t, "Item": item}}])
    assert events(read_stream(streams, stream_arn(ddb, t))) == ["INSERT"]


def test_every_write_path_records(ddb, streams, make_table):
    t = stream_table(make_table)
    ddb.batch_write_item(RequestItems={t: [{"PutRequest": {"Item": {"pk": S(k)}}} for k in "abc"]})
    ddb.batch_write_item(RequestItems={t: [{"DeleteRequest": {"Key": {"pk": S("a")}}}]})
    ddb.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": t, "Item": {"pk": S("d")}}},
            {"Update": {"TableName": t, "Key": {"pk": S("b")}, "UpdateExpression": "SET v = :v", "ExpressionAttributeValues": {":v": N("1")}}},
            {"Delete": {"TableName": t, "Key": {"pk": S("c")}}},
            {"ConditionCheck": {"TableName": t, "Key": {"pk": S("zz")}, "ConditionExpression": "attribute_not_exists(pk)"}},
        ]
    )
    records = read_stream(streams, stream_arn(ddb, t))
    seen = sorted((r["eventName"], r["dynamodb"]["Keys"]["pk"]["S"]) for r in records)
    assert seen == sorted(
        [("INSERT", "a"), ("INSERT", "b"), ("INSERT", "c"), ("REMOVE", "a"), ("INSERT", "d"), ("MODIFY", "b"), ("REMOVE", "c")]
    )


def test_one_items_changes_in_order_with_increasing_sequence_numbers(ddb, streams, make_table):
    t = stream_table(make_table)
    for i in range(30):
        ddb.put_item(TableName=t, Item={"pk": S("k"), "v": N(str(i))})
    records = read_stream(streams, stream_arn(ddb, t))
    assert [int(r["dynamodb"]["NewImage"]["v"]["N"]) for r in records] == list(range(30))
    seqs = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
    assert seqs == sorted(seqs) and len(set(seqs)) == 30
    assert len({r["eventID"] for r in records}) == 30


def test_time_to_live_deletion_is_a_service_remove(ddb, streams, make_table):
    # [model] Identity {PrincipalId, Type}: TTL deletions carry dynamodb.amazonaws.com / Service.
    t = stream_table(make_table)
    ddb.update_time_to_live(TableName=t, TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"})
    ddb.put_item(TableName=t, Item={"pk": S("old"), "exp": N(str(int(time.time()) - 60))})
    deadline = time.time() + 10
    while time.time() < deadline and "Item" in ddb.get_item(TableName=t, Key={"pk": S("old")}):
        time.sleep(0.2)
    records = read_stream(streams, stream_arn(ddb, t))
    assert events(records) == ["INSERT", "REMOVE"]
    assert records[1]["userIdentity"] == {"PrincipalId": "dynamodb.amazonaws.com", "Type": "Service"}
    assert "userIdentity" not in records[0]


# --- lifecycle ----------------------------------------------------------------------------------


def test_describe_table_shows_the_stream_and_describe_stream_matches(ddb, streams, make_table):
    t = stream_table(make_table, view="KEYS_ONLY", keys=(("pk", "S", "HASH"), ("sk", "S", "RANGE")))
    table = ddb.describe_table(TableName=t)["Table"]
    arn = table["LatestStreamArn"]
    assert arn == f"{table['TableArn']}/stream/{table['LatestStreamLabel']}"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}", table["LatestStreamLabel"])
    d = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert d["StreamArn"] == arn and d["StreamLabel"] == table["LatestStreamLabel"]
    assert d["StreamStatus"] == "ENABLED" and d["StreamViewType"] == "KEYS_ONLY"
    assert d["TableName"] == t
    assert d["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]
    assert d["Shards"], "an enabled stream has an open shard"
    for s in d["Shards"]:
        assert 28 <= len(s["ShardId"]) <= 65
        assert "EndingSequenceNumber" not in s["SequenceNumberRange"]


def test_update_table_enables_disables_and_reenables_with_a_new_arn(ddb, streams, make_table):
    # [dg-streams]: disabling closes the shards, the stream stays readable (DISABLED); enabling
    # again makes a new stream (new label and ARN).
    t = make_table()
    ddb.update_table(TableName=t, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    first = stream_arn(ddb, t)
    ddb.put_item(TableName=t, Item={"pk": S("a")})
    ddb.update_table(TableName=t, StreamSpecification={"StreamEnabled": False})
    ddb.put_item(TableName=t, Item={"pk": S("b")})
    d = streams.describe_stream(StreamArn=first)["StreamDescription"]
    assert d["StreamStatus"] == "DISABLED"
    assert all("EndingSequenceNumber" in s["SequenceNumberRange"] for s in d["Shards"])
    assert [r["dynamodb"]["Keys"] for r in read_stream(streams, first)] == [{"pk": S("a")}]
    time.sleep(0.005)
    ddb.update_table(TableName=t, StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    second = stream_arn(ddb, t)
    assert second != first
    ddb.put_item(TableName=t, Item={"pk": S("c")})
    assert [r["dynamodb"]["Keys"] for r in read_stream(streams, second)] == [{"pk": S("c")}]
    listed = [s["StreamArn"] for s in streams.list_streams(TableName=t)["Streams"]]
    assert listed == [first, second]


def test_closed_shard_read_to_its_end_has_no_next_iterator(ddb, streams, make_table):
    # [scylla] test_streams_closed_read: NextShardIterator is omitted at the end of a closed shard.
    t = stream_table(make_table)
    arn = stream_arn(ddb, t)
    ddb.put_item(TableName=t, Item={"pk": S("a")})
    ddb.update_table(TableName=t, StreamSpecification={"StreamEnabled": False})
    (shard,) = shards_of(streams, arn)
    it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    r = streams.get_records(ShardIterator=it)
    assert len(r["Records"]) == 1
    assert "NextShardIterator" not in r


def test_open_shard_without_new_records_gives_an_empty_page_and_an_iterator(ddb, streams, make_table):
    t = stream_table(make_table)
    arn = stream_arn(ddb, t)
    (shard,) = shards_of(streams, arn)
    it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="LATEST")["ShardIterator"]
    r = streams.get_records(ShardIterator=it)
    assert r["Records"] == [] and r["NextShardIterator"]
    ddb.put_item(TableName=t, Item={"pk": S("later")})
    r = streams.get_records(ShardIterator=r["NextShardIterator"])
    assert [x["dynamodb"]["Keys"] for x in r["Records"]] == [{"pk": S("later")}]


def test_deleted_tables_stream_stays_listed_and_readable(ddb, streams, make_table):
    # [aws-2026]: DISABLED streams of deleted tables stay in ListStreams.
    name = unique_name()
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
    )
    arn = stream_arn(ddb, name)
    ddb.put_item(TableName=name, Item={"pk": S("a")})
    ddb.delete_table(TableName=name)
    assert arn in [s["StreamArn"] for s in streams.list_streams()["Streams"]]
    assert streams.describe_stream(StreamArn=arn)["StreamDescription"]["StreamStatus"] == "DISABLED"
    assert events(read_stream(streams, arn)) == ["INSERT"]


def test_update_table_stream_errors(ddb, make_table):
    # [aws-2026] captures of 2026-10-09.
    t = stream_table(make_table, view="NEW_IMAGE")
    expect_validation(
        f"Table already has an enabled stream: TableName: {t}",
        ddb.update_table, TableName=t, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
    )
    expect_validation(
        f"Table already has an enabled stream: TableName: {t}",
        ddb.update_table, TableName=t, StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"},
    )
    expect_validation(
        INVALID + "If stream is being enabled then UpdateViewType is required",
        ddb.update_table, TableName=t, StreamSpecification={"StreamEnabled": True},
    )
    expect_validation(
        INVALID + "If stream is being disabled, then UpdateViewType must not be specified",
        ddb.update_table, TableName=t, StreamSpecification={"StreamEnabled": False, "StreamViewType": "NEW_IMAGE"},
    )
    plain = make_table()
    expect_validation(
        f"Table has no stream to disable: TableName: {plain}",
        ddb.update_table, TableName=plain, StreamSpecification={"StreamEnabled": False},
    )


def test_create_table_stream_enabled_without_view_type(ddb):
    expect_validation(
        INVALID + "Table is being created with a stream enabled, UpdateViewType is required",
        ddb.create_table,
        TableName=unique_name(),
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True},
    )


# --- ListStreams --------------------------------------------------------------------------------


def test_list_streams_by_table_and_in_pages(ddb, streams, make_table):
    a, b = stream_table(make_table), stream_table(make_table)
    plain = make_table()
    assert streams.list_streams(TableName=plain)["Streams"] == []
    arns = {stream_arn(ddb, a), stream_arn(ddb, b)}
    (only,) = streams.list_streams(TableName=a)["Streams"]
    assert only == {"StreamArn": stream_arn(ddb, a), "TableName": a, "StreamLabel": only["StreamLabel"]}
    seen, start = [], None
    while True:
        kw = {"Limit": 1}
        if start:
            kw["ExclusiveStartStreamArn"] = start
        page = streams.list_streams(**kw)
        assert len(page["Streams"]) <= 1
        seen += [s["StreamArn"] for s in page["Streams"]]
        start = page.get("LastEvaluatedStreamArn")
        if not start:
            break
    assert arns <= set(seen) and len(seen) == len(set(seen))


@pytest.mark.parametrize("limit", [0, 101])
def test_list_streams_limit_bounds(streams, limit):
    # [scylla] test_list_streams_paged: 0 and 101 are refused.
    assert error_of(streams.list_streams, Limit=limit)[0] == VALIDATION


# --- DescribeStream -----------------------------------------------------------------------------


def test_describe_stream_malformed_and_unknown_arns(ddb, streams, make_table):
    t = stream_table(make_table)
    arn = stream_arn(ddb, t)
    expect_error(VALIDATION, "Invalid StreamArn", streams.describe_stream, StreamArn="x" * 40)
    missing = arn[: arn.rindex("/") + 1] + "2000-01-01T00:00:00.000"
    expect_error(NOT_FOUND, f"Requested resource not found: Stream: {missing} not found", streams.describe_stream, StreamArn=missing)


def test_describe_stream_unknown_start_shard_gives_no_shards(ddb, streams, make_table):
    # [aws-2026]: an unknown ExclusiveStartShardId is no error.
    t = stream_table(make_table)
    d = streams.describe_stream(StreamArn=stream_arn(ddb, t), ExclusiveStartShardId="shardId-99999999999999999999-ffffffff")
    assert d["StreamDescription"]["Shards"] == []


def test_describe_stream_child_shards_filter(ddb, streams, make_table):
    t = stream_table(make_table)
    arn = stream_arn(ddb, t)
    (shard,) = shards_of(streams, arn)
    d = streams.describe_stream(StreamArn=arn, ShardFilter={"Type": "CHILD_SHARDS", "ShardId": shard["ShardId"]})
    assert d["StreamDescription"]["Shards"] == []


# --- GetShardIterator ---------------------------------------------------------------------------


def test_iterators_at_and_after_a_sequence_number(ddb, streams, make_table):
    t = stream_table(make_table)
    arn = stream_arn(ddb, t)
    for k in "abc":
        ddb.put_item(TableName=t, Item={"pk": S("k"), "v": S(k)})
    (shard,) = shards_of(streams, arn)
    records, _ = read_shard(streams, arn, shard["ShardId"])
    second = records[1]["dynamodb"]["SequenceNumber"]
    at, _ = read_shard(streams, arn, shard["ShardId"], "AT_SEQUENCE_NUMBER", SequenceNumber=second)
    after, _ = read_shard(streams, arn, shard["ShardId"], "AFTER_SEQUENCE_NUMBER", SequenceNumber=second)
    assert [r["dynamodb"]["NewImage"]["v"]["S"] for r in at] == ["b", "c"]
    assert [r["dynamodb"]["NewImage"]["v"]["S"] for r in after] == ["c"]
    latest, _ = read_shard(streams, arn, shard["ShardId"], "LATEST")
    assert latest == []


def test_iterator_at_timestamp(ddb, streams, make_table):
    t = stream_table(make_table)
    arn = stream_arn(ddb, t)
    ddb.put_item(TableName=t, Item={"pk": S("early")})
    time.sleep(1.1)
    cut = time.time()
    ddb.put_item(TableName=t, Item={"pk": S("late")})
    (shard,) = shards_of(streams, arn)
    got, _ = read_shard(streams, arn, shard["ShardId"], "AT_TIMESTAMP", Timestamp=int(cut))
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in got] == ["late"]
    assert error_of(
        streams.get_shard_iterator, StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="AT_TIMESTAMP", Timestamp=time.time() + 3600
    )[0] == VALIDATION


def test_get_shard_iterator_errors(ddb, streams, make_table):
    t = stream_table(make_table)
    arn = stream_arn(ddb, t)
    (shard,) = shards_of(streams, arn)
    sid = shard["ShardId"]
    expect_error(
        NOT_FOUND, "Requested resource not found: Shard does not exist",
        streams.get_shard_iterator, StreamArn=arn, ShardId="shardId-00000000000000000000-00000000", ShardIteratorType="LATEST",
    )
    for kind in ("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"):
        assert error_of(streams.get_shard_iterator, StreamArn=arn, ShardId=sid, ShardIteratorType=kind)[0] == VALIDATION
    seq = "0" * 21
    for kind in ("TRIM_HORIZON", "LATEST"):
        assert error_of(
            streams.get_shard_iterator, StreamArn=arn, ShardId=sid, ShardIteratorType=kind, SequenceNumber=seq
        )[0] == VALIDATION
    assert error_of(
        streams.get_shard_iterator, StreamArn=arn, ShardId=sid, ShardIteratorType="AT_SEQUENCE_NUMBER", SequenceNumber="x" * 21
    )[0] == VALIDATION
    assert error_of(
        streams.get_shard_iterator, StreamArn=arn, ShardId=sid, ShardIteratorType="SOMEWHERE"
    )[0] == VALIDATION


# --- GetRecords ---------------------------------------------------------------------------------


@pytest.mark.parametrize("limit", [0, -1, 1001])
def test_get_records_limit_bounds(ddb, streams, make_table, limit):
    # [scylla] test_get_records_limit: 0, -1 and 1001 are refused, mentioning the limit.
    t = stream_table(make_table)
    arn = stream_arn(ddb, t)
    (shard,) = shards_of(streams, arn)
    it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="LATEST")["ShardIterator"]
    code, message, _ = error_of(streams.get_records, ShardIterator=it, Limit=limit)
    assert code == VALIDATION and "limit" in message.lower()


def test_get_records_limit_pages(ddb, streams, make_table):
    t = stream_table(make_table)
    arn = stream_arn(ddb, t)
    for i in range(5):
        ddb.put_item(TableName=t, Item={"pk": S(f"k{i}")})
    (shard,) = shards_of(streams, arn)
    it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    sizes = []
    while True:
        r = streams.get_records(ShardIterator=it, Limit=2)
        if not r["Records"]:
            break
        sizes.append(len(r["Records"]))
        it = r["NextShardIterator"]
    assert sizes == [2, 2, 1]


def test_get_records_garbage_iterator(streams):
    assert error_of(streams.get_records, ShardIterator="not-an-iterator")[0] == VALIDATION
