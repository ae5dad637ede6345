"""The rest of the bootcamp's week 5 as `ddb` commands, run as a user runs them against the
session's server (tests/conftest.py): the later schema-load (message-group-sk-index, a NEW_IMAGE
stream, the message counter table), starting conversations and sending messages with the
backend's item shapes and validation codes, listing them as lib/ddb.py, the stream Lambda as
`ddb update-message-groups` (a Lambda event on stdin; the table's stream with --once), and the
per-user message counter.

Every test makes its own tables, so they share the server with the other suites. What was written
is checked with boto3, not with the code under test."""

import datetime
import json
import os
import pathlib
import subprocess
import time
import uuid

import boto3
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
REMOTE = bool(os.environ.get("DDB_ENDPOINT"))

# The built-in user directory (crates/cruddur/src/users.rs): fixed uuids, so the GRP# keys of
# a user are known here.
JESS = {"uuid": "9c6e4a52-1d3b-4f0e-8a47-2b5d6c7e8f01", "display_name": "Jess B", "handle": "jess-bk"}
BAYKO = {"uuid": "3f1a8b7c-62d4-4e95-9c0b-7d2e5f6a1b23", "display_name": "Bayko", "handle": "bayko"}
MIRA = {"uuid": "a4d2c9e1-7b58-4c36-b1f0-5e8d3a2c6b45", "display_name": "Mira Kovac", "handle": "mira"}

GROUP_ATTRS = {"pk", "sk", "message_group_uuid", "message", "user_uuid", "user_display_name", "user_handle"}
MESSAGE_ATTRS = {"pk", "sk", "message_uuid", "message", "user_uuid", "user_display_name", "user_handle"}


def ddb_bin():
    binary = os.environ.get("DDB_BIN") or str(ROOT / "target" / "debug" / "ddb")
    return binary if os.path.isabs(binary) else str(ROOT / binary)


def environment(**extra):
    env = {k: v for k, v in os.environ.items()}
    for k in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "CONNECTION_URL", "AWS_PROFILE"):
        env.pop(k, None)
    env["AWS_EC2_METADATA_DISABLED"] = "true"
    if not REMOTE:
        env.update(AWS_ACCESS_KEY_ID="AKIDTOOLKIT", AWS_SECRET_ACCESS_KEY="secret", AWS_REGION="us-east-1")
    env.update(extra)
    return env


def run(*args, stdin=None, env=None, check=True):
    done = subprocess.run(
        [ddb_bin(), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env or environment(),
        timeout=120,
    )
    if check:
        assert done.returncode == 0, f"ddb {' '.join(args)}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    return done


class Toolkit:
    """`ddb` subcommands against the session's server, on this test's own tables."""

    def __init__(self, endpoint):
        self.endpoint = endpoint
        self.table = f"msgs-{uuid.uuid4().hex[:10]}"
        self.counters = f"counters-{uuid.uuid4().hex[:10]}"

    def __call__(self, *args, check=True, stdin=None, env=None):
        return run(*args, "--endpoint-url", self.endpoint, check=check, stdin=stdin, env=env)

    def json(self, *args):
        return json.loads(self(*args, "--output", "json").stdout)

    def schema_load(self, *extra):
        return self("schema-load", "--table", self.table, "--counter-table", self.counters, *extra)

    def create_group(self, message, me="jess-bk", to="bayko"):
        out = self.json("message-groups", "create", message, "--me", me, "--to", to, "--table", self.table)
        return out["message_group_uuid"]

    def send(self, group, message, me="jess-bk"):
        return self.json("messages", "send", message, "--message-group", group, "--me", me, "--table", self.table)

    def groups_of(self, me):
        return self.json("message-groups", "list", "--me", me, "--table", self.table)

    def messages_of(self, group):
        return self.json("messages", "list", "--message-group", group, "--table", self.table)

    def update_once(self):
        return self.json(
            "update-message-groups", "--once", "--table", self.table, "--counter-table", self.counters
        )

    def counter(self, handle):
        return self.json("message-counter", "read", handle, "--counter-table", self.counters)


@pytest.fixture
def toolkit(endpoint):
    return Toolkit(endpoint)


@pytest.fixture
def client(endpoint):
    return boto3.client("dynamodb", endpoint_url=endpoint)


def scan(client, table):
    items, kw = [], {}
    while True:
        page = client.scan(TableName=table, ConsistentRead=True, **kw)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return items
        kw["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def strings(item):
    return {k: v["S"] for k, v in item.items()}


def groups_in(client, table, group):
    rows = [strings(i) for i in scan(client, table) if i["pk"]["S"].startswith("GRP#")]
    return sorted((r for r in rows if r["message_group_uuid"] == group), key=lambda r: r["pk"])


# --- schema-load -----------------------------------------------------------------------------


def test_schema_load_makes_the_index_the_stream_and_the_counter_table(toolkit, client):
    out = toolkit.schema_load()
    assert "message-group-sk-index" in out.stdout and "NEW_IMAGE" in out.stdout, out.stdout

    table = client.describe_table(TableName=toolkit.table)["Table"]
    assert [(k["AttributeName"], k["KeyType"]) for k in table["KeySchema"]] == [("pk", "HASH"), ("sk", "RANGE")]
    assert sorted((d["AttributeName"], d["AttributeType"]) for d in table["AttributeDefinitions"]) == [
        ("message_group_uuid", "S"),
        ("pk", "S"),
        ("sk", "S"),
    ]
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert table["ProvisionedThroughput"]["WriteCapacityUnits"] == 5
    [index] = table["GlobalSecondaryIndexes"]
    assert index["IndexName"] == "message-group-sk-index"
    assert [(k["AttributeName"], k["KeyType"]) for k in index["KeySchema"]] == [
        ("message_group_uuid", "HASH"),
        ("sk", "RANGE"),
    ]
    assert index["Projection"]["ProjectionType"] == "ALL"
    assert index["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert index["ProvisionedThroughput"]["WriteCapacityUnits"] == 5
    assert table["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
    assert table["LatestStreamArn"]

    counters = client.describe_table(TableName=toolkit.counters)["Table"]
    assert [(k["AttributeName"], k["KeyType"]) for k in counters["KeySchema"]] == [("pk", "HASH")]
    ttl = client.describe_time_to_live(TableName=toolkit.counters)["TimeToLiveDescription"]
    assert ttl["TimeToLiveStatus"] in ("ENABLED", "ENABLING")
    assert ttl["AttributeName"] == "expires_at"

    # A second messages table shares the counter table, which is kept as it is.
    second = Toolkit(toolkit.endpoint)
    second.counters = toolkit.counters
    out = second.schema_load("--output", "json")
    assert json.loads(out.stdout)["CounterTable"] == {
        "TableName": toolkit.counters,
        "Created": False,
        "TimeToLiveAttribute": "expires_at",
    }


def test_schema_load_plain_is_the_seeds_first_schema(toolkit, client):
    toolkit("schema-load", "--table", toolkit.table, "--plain")
    table = client.describe_table(TableName=toolkit.table)["Table"]
    assert "GlobalSecondaryIndexes" not in table
    assert not table.get("StreamSpecification", {}).get("StreamEnabled", False)
    assert [d["AttributeName"] for d in table["AttributeDefinitions"]] == ["pk", "sk"]
    # Sending works on it; the updater says what the table lacks.
    group = toolkit.create_group("hello")
    toolkit.send(group, "again")
    once = toolkit("update-message-groups", "--once", "--table", toolkit.table, check=False)
    assert once.returncode == 1
    assert f"table {toolkit.table} has no stream" in once.stderr, once.stderr


# --- sending and listing -----------------------------------------------------------------------


def test_a_new_group_is_three_items_in_the_backends_shapes(toolkit, client):
    toolkit.schema_load()
    group = toolkit.create_group("hello, bayko")
    uuid.UUID(group)
    items = [strings(i) for i in scan(client, toolkit.table)]
    assert len(items) == 3
    by_pk = {i["pk"]: i for i in items}
    mine, theirs, first = by_pk[f"GRP#{JESS['uuid']}"], by_pk[f"GRP#{BAYKO['uuid']}"], by_pk[f"MSG#{group}"]
    for row, other in ((mine, BAYKO), (theirs, JESS)):
        assert set(row) == GROUP_ATTRS
        assert row["message_group_uuid"] == group
        assert row["message"] == "hello, bayko"
        assert (row["user_uuid"], row["user_display_name"], row["user_handle"]) == (
            other["uuid"],
            other["display_name"],
            other["handle"],
        )
    assert set(first) == MESSAGE_ATTRS
    assert first["user_handle"] == "jess-bk"
    assert first["user_uuid"] == JESS["uuid"]
    uuid.UUID(first["message_uuid"])
    # One timestamp for the groups' last message and the message itself.
    assert mine["sk"] == theirs["sk"] == first["sk"]
    assert datetime.datetime.fromisoformat(first["sk"]).tzinfo is not None


def test_send_and_list_as_lib_ddb(toolkit, client):
    toolkit.schema_load()
    group = toolkit.create_group("first")
    texts = [f"message {i}" for i in range(24)]
    sent = [toolkit.send(group, t, me="bayko" if i % 2 else "jess-bk") for i, t in enumerate(texts)]
    assert set(sent[0]) == {"message_group_uuid", "uuid", "display_name", "handle", "message", "created_at"}
    assert sent[1]["handle"] == "bayko" and sent[1]["display_name"] == "Bayko"
    assert sent[0]["message_group_uuid"] == group

    # One PutItem of a MSG item: no message_group_uuid attribute, and the groups untouched.
    item = strings(client.get_item(TableName=toolkit.table, Key={"pk": {"S": f"MSG#{group}"}, "sk": {"S": sent[3]["created_at"]}})["Item"])
    assert set(item) == MESSAGE_ATTRS
    assert item["message_uuid"] == sent[3]["uuid"]
    assert item["message"] == "message 3" and item["user_handle"] == "bayko"
    assert [g["message"] for g in groups_in(client, toolkit.table, group)] == ["first", "first"]

    # The newest 20 of the 25, oldest first.
    listed = toolkit.messages_of(group)
    assert [m["message"] for m in listed] == texts[4:]
    assert listed[0] == {
        "uuid": sent[4]["uuid"],
        "display_name": "Jess B",
        "handle": "jess-bk",
        "message": "message 4",
        "created_at": sent[4]["created_at"],
    }

    # A user's groups, newest first, describing the other participant.
    other_group = toolkit.create_group("hi mira", me="bayko", to="mira")
    listed = toolkit.groups_of("bayko")
    assert [g["uuid"] for g in listed] == [other_group, group]
    assert listed[0] == {
        "uuid": other_group,
        "display_name": "Mira Kovac",
        "handle": "mira",
        "message": "hi mira",
        "created_at": listed[0]["created_at"],
    }
    assert listed[1]["handle"] == "jess-bk"
    assert [g["uuid"] for g in toolkit.groups_of("mira")] == [other_group]


def test_message_groups_list_reads_twenty(toolkit, client):
    toolkit.schema_load()
    now = datetime.datetime.now(datetime.timezone.utc).astimezone()
    with BatchPut(client, toolkit.table) as put:
        for i in range(23):
            put(
                {
                    "pk": f"GRP#{JESS['uuid']}",
                    "sk": (now + datetime.timedelta(seconds=i)).isoformat(),
                    "message_group_uuid": f"group-{i:02}",
                    "message": f"m{i}",
                    "user_uuid": BAYKO["uuid"],
                    "user_display_name": "Bayko",
                    "user_handle": "bayko",
                }
            )
    listed = toolkit.groups_of("jess-bk")
    assert [g["uuid"] for g in listed] == [f"group-{i:02}" for i in range(22, 2, -1)]


class BatchPut:
    """Items of string attributes, written with BatchWriteItem when the block ends."""

    def __init__(self, client, table):
        self.client, self.table, self.items = client, table, []

    def __enter__(self):
        return lambda item: self.items.append({k: {"S": v} for k, v in item.items()})

    def __exit__(self, *exc):
        for start in range(0, len(self.items), 25):
            chunk = [{"PutRequest": {"Item": i}} for i in self.items[start : start + 25]]
            self.client.batch_write_item(RequestItems={self.table: chunk})


def test_validation_codes_are_the_backends(toolkit, client):
    toolkit.schema_load()

    def refused(*args):
        out = toolkit(*args, "--table", toolkit.table, "--output", "json", check=False)
        assert out.returncode == 1, out.stderr
        return json.loads(out.stdout)["errors"]

    assert refused("messages", "send", "hi") == ["message_group_uuid_blank"]
    assert refused("messages", "send", "--message-group", "g") == ["message_blank"]
    assert refused("messages", "send", "", "--message-group", "g", "--me", "") == [
        "cognito_user_id_blank",
        "message_blank",
    ]
    assert refused("messages", "send", "x" * 1025, "--message-group", "g") == ["message_exceed_max_chars_1024"]
    assert refused("message-groups", "create", "hi") == ["user_reciever_handle_blank"]
    assert refused("message-groups", "create", "é" * 1025, "--to", "bayko") == ["message_exceed_max_chars_1024"]
    # Nothing was written by any of them; 1024 characters is allowed.
    assert scan(client, toolkit.table) == []
    group = toolkit.create_group("é" * 1024)
    assert toolkit.messages_of(group)[0]["message"] == "é" * 1024
    # Text mode: one line per code on stderr.
    out = toolkit("messages", "send", "--table", toolkit.table, check=False)
    assert out.returncode == 1
    assert out.stderr.splitlines() == [
        "error: message_group_uuid_blank: no message group given (--message-group)",
        "error: message_blank: the message is empty",
    ]
    # An unknown user is refused before anything is written.
    out = toolkit("message-groups", "create", "hi", "--to", "nobody", "--table", toolkit.table, check=False)
    assert out.returncode == 1 and "unknown user handle 'nobody'" in out.stderr


# --- the updater as a trigger command --------------------------------------------------------


def lambda_record(seq, event_name, keys, new_image=None, table=None):
    record = {
        "eventID": uuid.uuid4().hex,
        "eventName": event_name,
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": "us-east-1",
        "dynamodb": {
            "ApproximateCreationDateTime": time.time(),
            "Keys": {k: {"S": v} for k, v in keys.items()},
            "SequenceNumber": f"{seq:021}",
            "SizeBytes": 100,
            "StreamViewType": "NEW_IMAGE",
        },
    }
    if new_image is not None:
        record["dynamodb"]["NewImage"] = {k: {"S": v} for k, v in new_image.items()}
    if table:
        record["eventSourceARN"] = f"arn:aws:dynamodb:us-east-1:000000000000:table/{table}/stream/2025-01-01T00:00:00.000"
    return record


def message_record(seq, group, sk, text, sender, table):
    keys = {"pk": f"MSG#{group}", "sk": sk}
    image = {
        **keys,
        "message_uuid": str(uuid.uuid4()),
        "message": text,
        "user_uuid": sender["uuid"],
        "user_display_name": sender["display_name"],
        "user_handle": sender["handle"],
    }
    return lambda_record(seq, "INSERT", keys, image, table)


def later(sk, minutes):
    return (datetime.datetime.fromisoformat(sk) + datetime.timedelta(minutes=minutes)).isoformat(timespec="microseconds")


def test_the_updater_applies_every_record_of_a_lambda_event_and_redelivery_changes_nothing(toolkit, client):
    toolkit.schema_load()
    group = toolkit.create_group("opening line")
    start = groups_in(client, toolkit.table, group)[0]["sk"]
    records = [
        message_record(101, group, later(start, 1), "from bayko", BAYKO, toolkit.table),
        lambda_record(102, "REMOVE", {"pk": f"GRP#{JESS['uuid']}", "sk": start}, table=toolkit.table),
        lambda_record(103, "INSERT", {"pk": f"GRP#{JESS['uuid']}", "sk": "x"}, {"message": "not a message"}, toolkit.table),
        message_record(104, group, later(start, 2), "from jess", JESS, toolkit.table),
        message_record(105, group, later(start, 3), "bayko again", BAYKO, toolkit.table),
    ]
    event = json.dumps({"Records": records})
    # As `ddb serve --trigger` runs it: the endpoint from AWS_ENDPOINT_URL, the table from
    # each record's eventSourceARN.
    env = environment(AWS_ENDPOINT_URL=toolkit.endpoint)
    out = run("update-message-groups", "--counter-table", toolkit.counters, stdin=event, env=env)
    assert json.loads(out.stdout) == {"batchItemFailures": []}

    rows = groups_in(client, toolkit.table, group)
    assert [r["pk"] for r in rows] == sorted([f"GRP#{JESS['uuid']}", f"GRP#{BAYKO['uuid']}"])
    for r in rows:
        assert set(r) == GROUP_ATTRS
        assert (r["sk"], r["message"]) == (later(start, 3), "bayko again")
    by_owner = {r["pk"]: r for r in rows}
    assert by_owner[f"GRP#{JESS['uuid']}"]["user_handle"] == "bayko"
    assert by_owner[f"GRP#{BAYKO['uuid']}"]["user_handle"] == "jess-bk"
    # Each receiver counted what they received.
    assert toolkit.counter("jess-bk")["count"] == 2
    assert toolkit.counter("bayko")["count"] == 1

    # Redelivered, whole and then in reverse order: the same state.
    before = sorted(map(json.dumps, scan(client, toolkit.table)))
    for again in (records, list(reversed(records))):
        out = run("update-message-groups", "--counter-table", toolkit.counters, stdin=json.dumps({"Records": again}), env=env)
        assert json.loads(out.stdout) == {"batchItemFailures": []}
        assert sorted(map(json.dumps, scan(client, toolkit.table))) == before
    assert toolkit.counter("jess-bk")["count"] == 2
    assert toolkit.counter("bayko")["count"] == 1

    # An older message (replayed) never moves the groups back.
    old = json.dumps({"Records": [message_record(90, group, later(start, 1), "stale", BAYKO, toolkit.table)]})
    run("update-message-groups", "--counter-table", toolkit.counters, stdin=old, env=env)
    assert sorted(map(json.dumps, scan(client, toolkit.table))) == before


def test_a_failed_record_is_reported_with_the_records_after_it(toolkit, client):
    toolkit.schema_load()
    group = toolkit.create_group("opening line")
    start = groups_in(client, toolkit.table, group)[0]["sk"]
    keys_only = lambda_record(202, "INSERT", {"pk": f"MSG#{group}", "sk": later(start, 2)}, table=toolkit.table)
    records = [
        message_record(201, group, later(start, 1), "applied", BAYKO, toolkit.table),
        keys_only,
        message_record(203, group, later(start, 3), "not tried", BAYKO, toolkit.table),
    ]
    out = toolkit(
        "update-message-groups", "--counter-table", toolkit.counters, stdin=json.dumps({"Records": records}), check=False
    )
    assert out.returncode != 0
    assert json.loads(out.stdout) == {
        "batchItemFailures": [{"itemIdentifier": f"{202:021}"}, {"itemIdentifier": f"{203:021}"}]
    }
    assert "NEW_IMAGE" in out.stderr, out.stderr
    assert {r["message"] for r in groups_in(client, toolkit.table, group)} == {"applied"}

    # Not an event at all: a failure with nothing on stdout (Lambda then retries the batch).
    out = toolkit("update-message-groups", stdin='{"records": []}', check=False)
    assert out.returncode != 0 and out.stdout == ""


# --- the updater over the table's stream -----------------------------------------------------


def test_the_updater_once_over_the_stream_leaves_each_group_at_its_newest_message(toolkit, client):
    toolkit.schema_load()
    g1 = toolkit.create_group("hi bayko")
    g2 = toolkit.create_group("hi mira", to="mira")
    for i in range(3):
        toolkit.send(g1, f"g1 reply {i}", me="bayko")
    toolkit.send(g2, "g2 reply", me="mira")
    toolkit.send(g2, "g2 last word")

    # Before the updater, the groups still show the opening lines.
    assert {g["message"] for g in toolkit.groups_of("jess-bk")} == {"hi bayko", "hi mira"}

    report = toolkit.update_once()
    assert report["Interrupted"] is False
    assert report["Updated"] >= 4, report
    mine = toolkit.groups_of("jess-bk")
    assert [(g["uuid"], g["message"]) for g in mine] == [(g2, "g2 last word"), (g1, "g1 reply 2")]
    assert [(g["uuid"], g["handle"], g["message"]) for g in toolkit.groups_of("bayko")] == [
        (g1, "jess-bk", "g1 reply 2")
    ]
    assert [(g["uuid"], g["message"]) for g in toolkit.groups_of("mira")] == [(g2, "g2 last word")]
    # The newest message's time is the groups' sort key.
    assert mine[0]["created_at"] == toolkit.messages_of(g2)[-1]["created_at"]

    # Received: bayko the opening line; jess three replies from bayko and one from mira; mira
    # her opening line and jess's last word.
    counts = {h: toolkit.counter(h)["count"] for h in ("jess-bk", "bayko", "mira")}
    assert counts == {"jess-bk": 4, "bayko": 1, "mira": 2}

    # Reading the whole stream again changes nothing.
    before = sorted(map(json.dumps, scan(client, toolkit.table)))
    again = toolkit.update_once()
    assert again["Updated"] == 0 and again["MessageGroupsWritten"] == 0, again
    assert sorted(map(json.dumps, scan(client, toolkit.table))) == before
    assert {h: toolkit.counter(h)["count"] for h in counts} == counts


# --- the message counter ---------------------------------------------------------------------


def test_the_counter_reads_resets_and_treats_expired_entries_as_zero(toolkit, client):
    toolkit.schema_load()
    assert toolkit.counter("bayko") == {"key": "msgs/bayko", "count": 0, "expires_at": None, "expired": False}

    group = toolkit.create_group("one")
    toolkit.send(group, "two")
    toolkit.update_once()
    read = toolkit.counter("bayko")
    assert read["count"] == 2 and read["expired"] is False
    assert 590 <= read["expires_at"] - time.time() <= 610

    assert toolkit.json("message-counter", "reset", "bayko", "--counter-table", toolkit.counters) == {
        "key": "msgs/bayko",
        "count": 0,
    }
    assert toolkit.counter("bayko")["count"] == 0
    # Reset keeps what was counted: the stream read again counts nothing twice.
    toolkit.update_once()
    assert toolkit.counter("bayko")["count"] == 0

    # An entry past its expiry that TTL has not deleted (yet) reads as 0, and counting starts
    # again from 1. TTL ignores expiry times more than five years past, on DynamoDB and on ddb,
    # so this one stays stored, as one that TTL has not got round to.
    item = client.get_item(TableName=toolkit.counters, Key={"pk": {"S": "msgs/bayko"}}, ConsistentRead=True)["Item"]
    item["count"] = {"N": "7"}
    item["expires_at"] = {"N": "1000000000"}
    client.put_item(TableName=toolkit.counters, Item=item)
    read = toolkit.counter("bayko")
    assert (read["count"], read["expired"]) == (0, True)
    toolkit.send(group, "three")
    toolkit.update_once()
    assert toolkit.counter("bayko")["count"] == 1

    text = toolkit("message-counter", "read", "bayko", "--counter-table", toolkit.counters).stdout
    assert text.startswith("msgs/bayko: 1 (expires in ")


# --- the journey: ddb serve runs the updater as a stream trigger -------------------------------


@pytest.mark.skipif(REMOTE, reason="starts its own ddb serve with a trigger")
def test_the_updater_as_a_trigger_of_ddb_serve_keeps_groups_at_their_newest_message(serve_with):
    # The bootcamp's week 5 end state: the messages table's stream drives the message-group
    # updater (there an AWS Lambda with batch size 1, here `ddb serve --trigger`), so listing a
    # user's groups shows each group's newest message without anyone running the updater.
    names = Toolkit("http://placeholder")
    updater = f"{ddb_bin()} update-message-groups --counter-table {names.counters}"
    toolkit = Toolkit(serve_with("--trigger", f"{names.table}={updater}"))
    toolkit.table, toolkit.counters = names.table, names.counters
    toolkit.schema_load()
    g1 = toolkit.create_group("hi bayko")
    g2 = toolkit.create_group("hi mira", to="mira")
    toolkit.send(g1, "bayko here", me="bayko")
    toolkit.send(g2, "mira here", me="mira")
    toolkit.send(g1, "last to bayko")

    def settled():
        mine = [(g["uuid"], g["message"]) for g in toolkit.groups_of("jess-bk")]
        return mine == [(g1, "last to bayko"), (g2, "mira here")]

    deadline = time.time() + 60
    while time.time() < deadline and not settled():
        time.sleep(0.2)
    assert settled(), toolkit.groups_of("jess-bk")
    assert [(g["uuid"], g["message"]) for g in toolkit.groups_of("bayko")] == [(g1, "last to bayko")]
    assert [(g["uuid"], g["message"]) for g in toolkit.groups_of("mira")] == [(g2, "mira here")]
    counts = {h: toolkit.counter(h)["count"] for h in ("jess-bk", "bayko", "mira")}
    assert counts == {"jess-bk": 2, "bayko": 2, "mira": 1}
