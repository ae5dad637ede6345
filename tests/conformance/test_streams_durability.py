"""DynamoDB Streams records survive a crash (kill -9) and a clean restart of an on-disk server:
every acknowledged change is in the stream exactly once, and no record exists without its change
nor a change without its record.

Sources:
- ddb issue on streams durability: "a record is written in the same storage batch as the change
  it records - never one without the other, through kill -9 and restart"; "kill -9 during writes
  then every acknowledged change present in the stream exactly once".
- Developer Guide, "Change data capture for DynamoDB Streams": "Each stream record appears
  exactly once in the stream", and for each modified item the records appear "in the same
  sequence as the actual modifications to the item".

These tests start and kill their own `ddb serve --data-dir DIR --sync interval` (with --sync
interval every acknowledged write must survive a kill of the process), so they are skipped when
$DDB_ENDPOINT names a server they cannot control.
"""

import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

import boto3
import pytest
from botocore.config import Config

from disk_server import Server
from expect import CREDENTIALS

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DDB_ENDPOINT")),
    reason="starts, kills and restarts its own ddb server on a data directory",
)

ROOT = pathlib.Path(__file__).resolve().parents[2]
TABLE = "durable_stream"
WRITERS = 4
ITEMS_PER_WRITER = 3
TRANSACTION_ITEMS = 10
# Bulk that costs the server (parsing, two images per record, storage) more than it costs the
# writers, so that more of each write's time is spent where the kill can cut it off.
PAD = "x" * 4000


@pytest.fixture
def server():
    data_dir = tempfile.mkdtemp(prefix="ddb-streams-durability-")
    srv = Server(pathlib.Path(data_dir) / "db", pathlib.Path(data_dir) / "serve.log")
    try:
        yield srv
    finally:
        for child in srv.children:
            if child.poll() is None:
                child.kill()
            child.wait()
            for pipe in (child.stdin, child.stdout):
                if pipe:
                    pipe.close()
        srv.kill()
        shutil.rmtree(data_dir, ignore_errors=True)


def create_stream_table(ddb):
    ddb.create_table(
        TableName=TABLE,
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    deadline = time.monotonic() + 10
    while ddb.describe_table(TableName=TABLE)["Table"]["TableStatus"] != "ACTIVE":
        assert time.monotonic() < deadline, "table never became ACTIVE"
        time.sleep(0.05)
    return ddb.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]


# --- reading the stream ---------------------------------------------------------------------------


def read_whole_stream(streams, arn):
    """[(shard_id, record)] for every record, parents' shards before their children's, as a
    consumer such as the KCL reads them (per-item order only holds in that order)."""
    shards, start = [], None
    while True:
        kw = {"StreamArn": arn, **({"ExclusiveStartShardId": start} if start else {})}
        desc = streams.describe_stream(**kw)["StreamDescription"]
        shards += desc["Shards"]
        start = desc.get("LastEvaluatedShardId")
        if not start:
            break
    known = {s["ShardId"] for s in shards}
    done, out, pending = set(), [], list(shards)
    while pending:
        ready = [s for s in pending if s.get("ParentShardId") not in known or s["ParentShardId"] in done]
        assert ready, f"shard lineage has a cycle: {pending}"
        for shard in ready:
            it = streams.get_shard_iterator(
                StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
            )["ShardIterator"]
            # A bound on pages, so that a reader stuck behind a sequence number that never
            # commits fails the test instead of hanging it.
            for _ in range(10_000):
                page = streams.get_records(ShardIterator=it)
                out += [(shard["ShardId"], r) for r in page["Records"]]
                it = page.get("NextShardIterator")
                if not page["Records"] or not it:
                    break
            else:
                pytest.fail(f"shard {shard['ShardId']} never reached its head")
            done.add(shard["ShardId"])
            pending.remove(shard)
    return out


def seq(record):
    return int(record["dynamodb"]["SequenceNumber"])


def assert_sequence_numbers_increase_per_shard(shard_records):
    last = {}
    for shard, r in shard_records:
        if shard in last:
            assert seq(r) > last[shard], f"sequence numbers out of order in shard {shard}: {last[shard]} then {seq(r)}"
        last[shard] = seq(r)


def assert_unique_event_ids(records):
    ids = [r["eventID"] for r in records]
    dup = {i for i in ids if ids.count(i) > 1} if len(set(ids)) != len(ids) else set()
    assert not dup, f"duplicate eventIDs: {sorted(dup)[:10]}"


# --- writers and what they expect to find -------------------------------------------------------


def N(n):
    return {"N": str(n)}


def S(s):
    return {"S": s}


def identity(record):
    """What names the write a record comes from: every value of v is written once, so the key and
    the v the change wrote (or, for a delete, the v it removed) name exactly one write."""
    d = record["dynamodb"]
    key = d["Keys"]["pk"]["S"]
    if record["eventName"] == "REMOVE":
        return (key, "REMOVE", d["OldImage"]["v"]["N"])
    return (key, "SET", d["NewImage"]["v"]["N"])


def item_writes(w):
    """Writer w's endless writes: (call(ddb), {identity: (eventName, old, new)}) cycling through its
    own items with puts, updates and deletes. The images are exact because the writer stops at its
    first failure: every write before the current one is known to have happened."""
    keys = [f"w{w}-item{i}" for i in range(ITEMS_PER_WRITER)]
    state = {k: None for k in keys}
    order = 0
    while True:
        order += 1
        # Values are unique per writer and grow, so they also give each item's write order.
        value = w * 1_000_000 + order
        key = keys[order % len(keys)]
        old = state[key]
        step = order // len(keys)
        if old is None or step % 3 == 0:
            new = {"pk": S(key), "v": N(value), "writer": N(w), "pad": S(PAD)}
            call = lambda ddb, new=new: ddb.put_item(TableName=TABLE, Item=new)
        elif step % 5 == 4:
            new = None
            call = lambda ddb, key=key: ddb.delete_item(TableName=TABLE, Key={"pk": S(key)})
        else:
            new = {**old, "v": N(value), "updates": N(int(old.get("updates", N(0))["N"]) + 1)}
            call = lambda ddb, key=key, value=value: ddb.update_item(
                TableName=TABLE,
                Key={"pk": S(key)},
                UpdateExpression="SET v = :v ADD updates :one",
                ExpressionAttributeValues={":v": N(value), ":one": N(1)},
            )
        if new is None:
            expected = {(key, "REMOVE", old["v"]["N"]): ("REMOVE", old, None)}
        else:
            expected = {(key, "SET", str(value)): ("INSERT" if old is None else "MODIFY", old, new)}
        yield call, expected
        state[key] = new


def transaction_writes(w):
    """Writer w's endless TransactWriteItems, each putting its two items: both records of one
    transaction survive or neither does."""
    keys = [f"w{w}-tx{i}" for i in range(TRANSACTION_ITEMS)]
    state = {k: None for k in keys}
    order = 0
    while True:
        order += 1
        value = w * 1_000_000 + order
        news = {k: {"pk": S(k), "v": N(value), "writer": N(w)} for k in keys}
        items = [{"Put": {"TableName": TABLE, "Item": news[k]}} for k in keys]
        expected = {
            (k, "SET", str(value)): ("INSERT" if state[k] is None else "MODIFY", state[k], news[k]) for k in keys
        }
        yield (lambda ddb, items=items: ddb.transact_write_items(TransactItems=items)), expected
        state.update(news)


def writer_main(url, w, kind, out_path):
    """A writer process: says "ready", waits for "go" on stdin, then writes until its first failure,
    logging each attempt before sending it and its acknowledgement after, one JSON line each."""
    ddb = boto3.client(
        "dynamodb",
        endpoint_url=url,
        config=Config(retries={"max_attempts": 1}, connect_timeout=3, read_timeout=10),
        **CREDENTIALS,
    )
    writes = item_writes(w) if kind == "items" else transaction_writes(w)
    deadline = time.monotonic() + 30
    with open(out_path, "w", buffering=1) as out:
        print("ready", flush=True)
        sys.stdin.readline()
        for order, (call, expected) in enumerate(writes, 1):
            out.write(json.dumps({"try": order, "expected": [[list(i), *v] for i, v in expected.items()]}) + "\n")
            try:
                call(ddb)
            except Exception as e:  # noqa: BLE001 - whatever the kill causes ends this writer
                out.write(json.dumps({"error": repr(e)}) + "\n")
                return
            out.write(json.dumps({"ack": order}) + "\n")
            if time.monotonic() > deadline:
                out.write(json.dumps({"error": "the server was never killed"}) + "\n")
                return


class Attempt:
    def __init__(self, writer, order, expected):
        self.writer = writer
        self.order = order
        self.expected = expected
        self.acked = False


def read_writer_log(w, path):
    attempts, error = [], None
    for line in pathlib.Path(path).read_text().splitlines():
        entry = json.loads(line)
        if "try" in entry:
            expected = {tuple(i): (event, old, new) for i, event, old, new in entry["expected"]}
            attempts.append(Attempt(w, entry["try"], expected))
        elif "ack" in entry:
            assert attempts[-1].order == entry["ack"]
            attempts[-1].acked = True
        else:
            error = entry["error"]
    return attempts, error


# --- the tests ------------------------------------------------------------------------------------


def test_kill_during_writes_keeps_every_acknowledged_change_exactly_once(server):
    server.start()
    arn = create_stream_table(server.client())

    # Writers are processes, not threads: with one interpreter lock the client, not the server,
    # would be the bottleneck, and at the kill the writers would mostly hold answers already read
    # rather than requests the server is still applying.
    writers, logs = [], []
    for w in range(WRITERS + 1):
        kind = "items" if w < WRITERS else "transactions"
        logs.append(server.workdir / f"writer{w}.jsonl")
        writers.append(
            subprocess.Popen(
                [sys.executable, __file__, "--writer", server.url, str(w), kind, str(logs[-1])],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                cwd=str(ROOT),
            )
        )
    server.children += writers
    for p in writers:
        assert p.stdout.readline().strip() == "ready", "a writer process failed to start"
    for p in writers:
        p.stdin.write("go\n")
        p.stdin.flush()
    time.sleep(2)
    # SIGKILL while the writers are mid-request: no shutdown path runs, so only what each write's
    # storage batch made durable can be found again.
    server.kill()
    for p in writers:
        assert p.wait(timeout=20) == 0, "a writer process crashed"

    attempts, errors = [], []
    for w, path in enumerate(logs):
        mine, error = read_writer_log(w, path)
        attempts += mine
        errors.append(error)
    # Every writer must have been cut off by the kill, or the kill did not land during writes. (A
    # request whose connection the kill resets is re-sent once by botocore's HTTP layer and then
    # refused, so a write cut off mid-request reads as a connection error like a later one.)
    assert all(e and "never killed" not in e for e in errors), f"writers' last errors: {errors}"

    acked = [a for a in attempts if a.acked]
    unacked = [a for a in attempts if not a.acked]
    assert len(acked) >= 50, f"only {len(acked)} writes acknowledged in 2 s; the test proves little"
    assert len(unacked) == WRITERS + 1

    server.start()
    ddb = server.client()
    streams = server.client("dynamodbstreams")
    assert ddb.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"] == arn
    shard_records = read_whole_stream(streams, arn)
    records = [r for _, r in shard_records]

    assert_unique_event_ids(records)
    assert_sequence_numbers_increase_per_shard(shard_records)

    expected = {}
    for a in attempts:
        for ident, want in a.expected.items():
            expected[ident] = (a, want)
    found = {}
    for r in records:
        ident = identity(r)
        assert ident in expected, f"a record of no write ever attempted: {r}"
        found.setdefault(ident, []).append(r)
    dups = {i: [seq(r) for r in rs] for i, rs in found.items() if len(rs) > 1}
    assert not dups, f"changes recorded more than once (identity -> sequence numbers): {dups}"

    for ident, (a, (event, old, new)) in expected.items():
        if ident not in found:
            continue
        r = found[ident][0]
        assert r["eventName"] == event, (ident, r)
        assert r["dynamodb"].get("OldImage") == old, (ident, r)
        assert r["dynamodb"].get("NewImage") == new, (ident, r)

    missing = [(a.writer, a.order, ident) for a in acked for ident in a.expected if ident not in found]
    assert not missing, f"{len(missing)} acknowledged changes missing from the stream, e.g. {missing[:10]}"

    # The write in flight at the kill may or may not have happened, but all of it or none of it
    # (every item of a transaction together).
    for a in unacked:
        present = [ident in found for ident in a.expected]
        assert all(present) or not any(present), f"writer {a.writer}'s last write half in the stream: {a.expected}"

    # Never a change without its record, nor a record without its change: each item holds exactly
    # what its last record says.
    by_item = {}
    for r in records:
        by_item.setdefault(r["dynamodb"]["Keys"]["pk"]["S"], []).append(r)
    all_keys = {ident[0] for ident in expected}
    for key in sorted(all_keys):
        stored = ddb.get_item(TableName=TABLE, Key={"pk": S(key)}, ConsistentRead=True).get("Item")
        item_records = by_item.get(key, [])
        last = item_records[-1]["dynamodb"].get("NewImage") if item_records else None
        assert stored == last, f"{key}: the table holds {stored} but its last stream record says {last}"
        orders = [expected[identity(r)][0].order for r in item_records]
        assert orders == sorted(orders) and len(set(orders)) == len(orders), f"{key}: records out of write order {orders}"
        seqs = [seq(r) for r in item_records]
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs), f"{key}: sequence numbers {seqs}"
        # Each record's OldImage is the previous record's NewImage: no change between them went
        # unrecorded.
        prev = None
        for r in item_records:
            assert r["dynamodb"].get("OldImage") == prev, f"{key}: a change before {r['eventID']} left no record"
            prev = r["dynamodb"].get("NewImage")

    server.stop()


def test_clean_restart_continues_the_same_stream(server):
    server.start()
    ddb = server.client()
    arn = create_stream_table(ddb)
    keys = [f"item{i}" for i in range(5)]

    def write_round(start):
        for n in range(start, start + 30):
            key = keys[n % len(keys)]
            if n % 2:
                ddb.put_item(TableName=TABLE, Item={"pk": S(key), "v": N(n)})
            else:
                ddb.update_item(
                    TableName=TABLE,
                    Key={"pk": S(key)},
                    UpdateExpression="SET v = :v",
                    ExpressionAttributeValues={":v": N(n)},
                )
        return list(range(start, start + 30))

    first = write_round(0)
    before = read_whole_stream(server.client("dynamodbstreams"), arn)
    assert [int(r["dynamodb"]["NewImage"]["v"]["N"]) for r in sorted((r for _, r in before), key=seq)] == first

    assert server.stop() == 0, "the server did not exit cleanly on SIGTERM"
    server.start()
    ddb = server.client()
    streams = server.client("dynamodbstreams")
    assert ddb.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"] == arn

    second = write_round(100)
    after = read_whole_stream(streams, arn)
    # Sequence numbers are given out in commit order over the whole stream, so in that order the
    # records must replay the writes of this single client, across the restart.
    records = sorted((r for _, r in after), key=seq)
    assert_unique_event_ids(records)
    assert_sequence_numbers_increase_per_shard(after)
    assert [int(r["dynamodb"]["NewImage"]["v"]["N"]) for r in records] == first + second

    # What was read before the restart is read again unchanged, and everything written after it
    # is numbered after it.
    old = sorted((r for _, r in before), key=seq)
    assert [(r["eventID"], seq(r)) for r in records[: len(old)]] == [(r["eventID"], seq(r)) for r in old]
    assert min(seq(r) for r in records[len(old):]) > max(seq(r) for r in old)

    for key in keys:
        stored = ddb.get_item(TableName=TABLE, Key={"pk": S(key)}, ConsistentRead=True)["Item"]
        last = [r for r in records if r["dynamodb"]["Keys"]["pk"]["S"] == key][-1]
        assert stored == last["dynamodb"]["NewImage"]

    assert server.stop() == 0


if __name__ == "__main__":
    # The writer processes of test_kill_during_writes_keeps_every_acknowledged_change_exactly_once.
    if sys.argv[1:2] == ["--writer"]:
        writer_main(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
