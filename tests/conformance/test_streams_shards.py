"""Stream shards over time: rollover, splits under write load, lineage, and trimming, on servers
started with short intervals (`--stream-rollover-seconds`, `--stream-split-rate`,
`--stream-retention-seconds`) so that hours of DynamoDB's behaviour fit in seconds.

Sources:
- [dg-streams] Developer Guide, "Change data capture for DynamoDB Streams": shards are created
  and deleted automatically, a shard can split into several children, consumers process a parent
  before its children; "each stream record appears exactly once", in per-item order; records
  are removed after 24 hours, and closed shards stay readable until then.
- [model] botocore dynamodbstreams: TrimmedDataAccessException for a read below the trim
  horizon; ShardFilter CHILD_SHARDS.
- [reports] the TrimmedDataAccessException text quoted from AWS (docs/research/streams-api.md).

Against another endpoint (DDB_ENDPOINT) the module is skipped: the timings are ddb's flags.
"""

import os
import threading
import time

import boto3
import pytest
from botocore.config import Config

from expect import CREDENTIALS, S, N, unique_name, wait_active

pytestmark = pytest.mark.skipif(bool(os.environ.get("DDB_ENDPOINT")), reason="starts its own ddb with stream flags")


def clients(url):
    config = Config(retries={"max_attempts": 1}, parameter_validation=False, max_pool_connections=16)
    return (
        boto3.client("dynamodb", endpoint_url=url, config=config, **CREDENTIALS),
        boto3.client("dynamodbstreams", endpoint_url=url, config=config, **CREDENTIALS),
    )


def make_stream_table(ddb, **extra):
    name = unique_name()
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
        **extra,
    )
    wait_active(ddb, name)
    return name, ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]


def all_shards(streams, arn):
    shards, start = [], None
    while True:
        kw = {"StreamArn": arn, **({"ExclusiveStartShardId": start} if start else {})}
        d = streams.describe_stream(**kw)["StreamDescription"]
        shards += d["Shards"]
        start = d.get("LastEvaluatedShardId")
        if not start:
            return shards


def drain(streams, arn, shard_id):
    it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard_id, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    out = []
    while it:
        r = streams.get_records(ShardIterator=it)
        out += r["Records"]
        if not r["Records"] and "NextShardIterator" in r:
            return out, False
        it = r.get("NextShardIterator")
    return out, True


def walk(streams, arn):
    """Records in lineage order (parents before children), and the shard list."""
    shards = all_shards(streams, arn)
    ids = {s["ShardId"] for s in shards}
    done, records, pending = set(), [], list(shards)
    while pending:
        ready = [s for s in pending if s.get("ParentShardId") not in ids or s["ParentShardId"] in done]
        assert ready
        for s in ready:
            got, finished = drain(streams, arn, s["ShardId"])
            closed = "EndingSequenceNumber" in s["SequenceNumberRange"]
            assert finished == closed, f"shard {s['ShardId']}: read to its end only when closed"
            records += got
            done.add(s["ShardId"])
            pending.remove(s)
    return records, shards


@pytest.fixture(scope="module")
def busy_server(serve_with):
    return serve_with("--stream-rollover-seconds", "1", "--stream-split-rate", "10")


def test_lineage_walk_sees_every_change_once_in_order_through_rollovers_and_splits(busy_server):
    ddb, streams = clients(busy_server)
    table, arn = make_stream_table(ddb)
    acknowledged = {}
    stop = time.time() + 4

    def writer(w):
        mine = [f"w{w}-{i}" for i in range(8)]
        count = 0
        while time.time() < stop:
            key = mine[count % len(mine)]
            ddb.put_item(TableName=table, Item={"pk": S(key), "v": N(str(count))})
            acknowledged.setdefault(key, []).append(count)
            count += 1

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ddb.update_table(TableName=table, StreamSpecification={"StreamEnabled": False})

    records, shards = walk(streams, arn)
    seen = {}
    for r in records:
        key = r["dynamodb"]["Keys"]["pk"]["S"]
        seen.setdefault(key, []).append(int(r["dynamodb"]["NewImage"]["v"]["N"]))
    assert seen == acknowledged, "every acknowledged change once, each item's in the order made"
    assert len({r["eventID"] for r in records}) == len(records)

    by_id = {s["ShardId"]: s for s in shards}
    children = {}
    for s in shards:
        if s.get("ParentShardId") in by_id:
            children.setdefault(s["ParentShardId"], []).append(s["ShardId"])
    assert any(len(c) == 1 for c in children.values()), "rollover: a shard continued by one child"
    assert any(len(c) == 2 for c in children.values()), "split: a hot shard continued by two children"
    for parent, kids in children.items():
        # A child starts after its parent ends, and CHILD_SHARDS lists exactly its children.
        end = int(by_id[parent]["SequenceNumberRange"]["EndingSequenceNumber"])
        for k in kids:
            assert int(by_id[k]["SequenceNumberRange"]["StartingSequenceNumber"]) > end
        listed = streams.describe_stream(StreamArn=arn, ShardFilter={"Type": "CHILD_SHARDS", "ShardId": parent})
        assert sorted(s["ShardId"] for s in listed["StreamDescription"]["Shards"]) == sorted(kids)
    for s in shards:
        got, _ = drain(streams, arn, s["ShardId"])
        seqs = [int(r["dynamodb"]["SequenceNumber"]) for r in got]
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
        rng = s["SequenceNumberRange"]
        assert all(int(rng["StartingSequenceNumber"]) <= q <= int(rng["EndingSequenceNumber"]) for q in seqs)


def test_a_provisioned_table_has_one_open_shard_per_partition(busy_server):
    # 3,000 reads or 1,000 writes a second per partition: 3,000 RCU and 3,000 WCU make 1 + 3.
    ddb, streams = clients(busy_server)
    name = unique_name()
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        ProvisionedThroughput={"ReadCapacityUnits": 3000, "WriteCapacityUnits": 3000},
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"},
    )
    arn = ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
    open_shards = [s for s in all_shards(streams, arn) if "EndingSequenceNumber" not in s["SequenceNumberRange"]]
    assert len(open_shards) == 4
    for i in range(40):
        ddb.put_item(TableName=name, Item={"pk": S(f"k{i}")})
    records, _ = walk(streams, arn)
    assert sorted(r["dynamodb"]["Keys"]["pk"]["S"] for r in records) == sorted(f"k{i}" for i in range(40))


@pytest.fixture(scope="module")
def trimming_server(serve_with):
    return serve_with("--stream-retention-seconds", "2", "--stream-rollover-seconds", "1")


def test_records_age_out_and_old_positions_are_trimmed(trimming_server):
    ddb, streams = clients(trimming_server)
    table, arn = make_stream_table(ddb)
    ddb.put_item(TableName=table, Item={"pk": S("old")})
    (first,) = all_shards(streams, arn)
    old_iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=first["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    old_seq = streams.get_records(ShardIterator=old_iterator)["Records"][0]["dynamodb"]["SequenceNumber"]
    deadline = time.time() + 10
    while time.time() < deadline and any(s["ShardId"] == first["ShardId"] for s in all_shards(streams, arn)):
        ddb.put_item(TableName=table, Item={"pk": S("new"), "at": N(str(time.time()))})
        time.sleep(0.3)
    assert all(s["ShardId"] != first["ShardId"] for s in all_shards(streams, arn)), "the closed shard aged out"
    try:
        streams.get_records(ShardIterator=old_iterator)
        raise AssertionError("a read of a trimmed shard must fail")
    except streams.exceptions.TrimmedDataAccessException as e:
        assert e.response["Error"]["Message"] == "The data you are trying to access has been trimmed"
    records, _ = walk(streams, arn)
    assert all(r["dynamodb"]["Keys"]["pk"]["S"] == "new" for r in records)
    assert all(int(r["dynamodb"]["SequenceNumber"]) > int(old_seq) for r in records)


def test_a_disabled_stream_leaves_list_streams_once_its_records_age_out(trimming_server):
    ddb, streams = clients(trimming_server)
    table, arn = make_stream_table(ddb)
    ddb.put_item(TableName=table, Item={"pk": S("a")})
    ddb.update_table(TableName=table, StreamSpecification={"StreamEnabled": False})
    assert arn in [s["StreamArn"] for s in streams.list_streams(TableName=table)["Streams"]]
    deadline = time.time() + 10
    while time.time() < deadline and streams.list_streams(TableName=table)["Streams"]:
        time.sleep(0.3)
    assert streams.list_streams(TableName=table)["Streams"] == []
    try:
        streams.describe_stream(StreamArn=arn)
        raise AssertionError("a trimmed-away stream is not found")
    except streams.exceptions.ResourceNotFoundException:
        pass
