"""Capacity enforcement: tables and indexes throttle as DynamoDB's do
(docs/research/capacity-enforcement.md; ../shared/research/capacity.md §1-3).

Two servers: a private `ddb serve --capacity enforce --time-scale 100`, where capacity time runs
100 times faster than the wall clock so a test spends and earns minutes of capacity in a
fraction of a second; and the suite's shared server (capacity reported, never enforced), where a
table tagged `ddb:capacity=enforce` throttles on its own at wall-clock speed.

The numbers are worked by hand in each test: a request is let in while its table has capacity
left, and pays afterwards; a provisioned table starts with, and keeps at most, 300 seconds of
its capacity (its burst).
"""

import os
import time

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from expect import CREDENTIALS, REMOTE, S, drop_table, table_spec, unique_name, wait_active

SCALE = 100
BURST_SECONDS = 300
PTEE = "ProvisionedThroughputExceededException"
TABLE_TEXT = (
    "The level of configured provisioned throughput for the table was exceeded. "
    "Consider increasing your provisioning level with the UpdateTable API."
)
INDEX_TEXT = (
    "The level of configured provisioned throughput for one or more global secondary indexes "
    "of the table was exceeded. Consider increasing your provisioning level for the "
    "under-provisioned global secondary indexes with the UpdateTable API."
)
MAX_ON_DEMAND_TEXT = "Throughput exceeds the maximum OnDemandThroughput configured on table or index"


def client(url, attempts=1):
    """A client making `attempts` attempts per call in botocore's standard retry mode (one: no
    retries, so every throttle is seen)."""
    return boto3.client(
        "dynamodb",
        endpoint_url=url,
        config=Config(retries={"total_max_attempts": attempts, "mode": "standard"}),
        **CREDENTIALS,
    )


@pytest.fixture(scope="module")
def fast_url(serve_with):
    if os.environ.get("DDB_ENDPOINT"):
        pytest.skip("needs its own `ddb serve --capacity enforce --time-scale`")
    return serve_with("--capacity", "enforce", "--time-scale", str(SCALE))


@pytest.fixture(scope="module")
def fast(fast_url):
    return client(fast_url)


@pytest.fixture(scope="module")
def shared(endpoint):
    """A client of the suite's shared server (capacity reported unless a table says otherwise)."""
    if REMOTE:
        pytest.skip("the ddb:capacity tag is ddb's own")
    return client(endpoint)


@pytest.fixture
def tables():
    made = []
    yield made
    for ddb, name in made:
        drop_table(ddb, name)


def make(ddb, tables, billing, tag=None, **extra):
    name = unique_name("thr")
    spec = table_spec(name, billing=billing, **extra)
    if tag:
        spec["Tags"] = [{"Key": "ddb:capacity", "Value": tag}]
    ddb.create_table(**spec)
    tables.append((ddb, name))
    wait_active(ddb, name)
    return name


def sized(pk, total):
    """An item of exactly `total` bytes: "pk" + its value + "d" + the padding."""
    overhead = len("pk") + len(pk.encode()) + len("d")
    return {"pk": S(pk), "d": S("x" * (total - overhead))}


def until_throttled(call, limit=100_000):
    """Calls call(i) until it is throttled; returns (successes, the ClientError)."""
    for i in range(limit):
        try:
            call(i)
        except ClientError as e:
            if e.response["Error"]["Code"] in (PTEE, "ThrottlingException"):
                return i, e
            raise
    raise AssertionError(f"never throttled in {limit} calls")


def exhaust(ddb, name):
    """Writes 50 KB items (50 WCU) until the table throttles: the last write let in leaves it up
    to 49 units in debt, which a 1 WCU table at the sped-up clock repays in about half a
    second of wall clock."""
    return until_throttled(lambda i: ddb.put_item(TableName=name, Item=sized(f"x{i}", 50 * 1024)))[1]


def arn_of(ddb, name):
    return ddb.describe_table(TableName=name)["Table"]["TableArn"]


def test_a_5_wcu_table_under_20_writes_a_second_throttles_only_after_its_burst(fast, tables):
    """The worked example: 5 WCU, 1 KB items (1 WCU each), 20 writes a capacity second (sent as
    batches of 25, paced to the sped-up clock). The burst holds 5 x 300 = 1,500 units and each
    second adds 5 while 20 go out: the balance falls by 15 a second, so the first write left
    unprocessed comes after about 1,500 / 15 = 100 seconds and 2,000 writes, and never before
    the 1,500 of the burst."""
    name = make(fast, tables, (5, 5))
    batch = 25
    per_capacity_second = 20
    started = time.monotonic()
    written = 0
    for k in range(1000):
        due = started + k * batch / per_capacity_second / SCALE
        time.sleep(max(0.0, due - time.monotonic()))
        items = [{"PutRequest": {"Item": sized(f"k{k}-{j}", 1024)}} for j in range(batch)]
        try:
            out = fast.batch_write_item(RequestItems={name: items})
        except ClientError as e:
            assert e.response["Error"]["Code"] == PTEE
            break
        left = len(out["UnprocessedItems"].get(name, []))
        written += batch - left
        if left:
            break
    capacity_seconds = (time.monotonic() - started) * SCALE
    assert written >= 5 * BURST_SECONDS, "throttled before the burst was spent"
    assert written <= 5 * BURST_SECONDS + 5 * capacity_seconds + batch
    # Paced at 20 a second the burst lasts 100 s; a client that fell behind the pace only
    # makes it last longer.
    assert capacity_seconds >= 90


def test_a_throttled_write_names_the_table(fast, tables):
    name = make(fast, tables, (1, 1))
    error = exhaust(fast, name)
    assert error.response["Error"] == {"Code": PTEE, "Message": TABLE_TEXT}
    assert error.response["ThrottlingReasons"] == [
        {"reason": "TableWriteProvisionedThroughputExceeded", "resource": arn_of(fast, name)}
    ]
    # Reads have their own budget: the table still serves them.
    fast.get_item(TableName=name, Key={"pk": S("x0")})


def test_capacity_comes_back_at_the_provisioned_rate(fast, tables):
    """1 WCU: once throttled, 0.3 s of wall clock is 30 capacity seconds, 30 writes of 1 KB."""
    name = make(fast, tables, (1, 1))
    until_throttled(lambda i: fast.put_item(TableName=name, Item=sized(f"a{i}", 1024)))
    time.sleep(0.3)
    started = time.monotonic()
    written, _ = until_throttled(lambda i: fast.put_item(TableName=name, Item=sized(f"b{i}", 1024)))
    elapsed = (time.monotonic() - started) * SCALE
    # 30 earned while asleep (the debt of the refused write's predecessor is at most 1).
    assert 29 <= written <= 30 + elapsed + 2


def test_eventually_consistent_reads_cost_half(fast, tables):
    """1 RCU: a missing item costs 0.5 (eventually consistent) or 1 (strongly), so the burst
    of 300 units serves about 600 reads, or about 300."""
    name = make(fast, tables, (1, 1))
    started = time.monotonic()
    reads, error = until_throttled(lambda i: fast.get_item(TableName=name, Key={"pk": S("none")}))
    earned = (time.monotonic() - started) * SCALE
    assert 600 <= reads <= 600 + 2 * earned + 2
    assert error.response["ThrottlingReasons"][0]["reason"] == "TableReadProvisionedThroughputExceeded"


def test_a_global_index_without_write_capacity_holds_back_the_tables_writes(fast, tables):
    """Table 1,000 WCU, index 1 WCU (burst 300): items carrying the index key cost the index 1
    each, so after about 300 the table's own writes throttle, naming the index; items outside
    the index still go in."""
    name = make(
        fast,
        tables,
        (1000, 1000),
        extra_attrs=[("g", "S")],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by_g",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
                "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
            }
        ],
    )
    started = time.monotonic()
    written, error = until_throttled(
        lambda i: fast.put_item(TableName=name, Item={"pk": S(f"k{i}"), "g": S("v")})
    )
    earned = (time.monotonic() - started) * SCALE
    assert 300 <= written <= 300 + earned + 1
    assert error.response["Error"] == {"Code": PTEE, "Message": INDEX_TEXT}
    assert error.response["ThrottlingReasons"] == [
        {"reason": "IndexWriteProvisionedThroughputExceeded", "resource": arn_of(fast, name) + "/index/by_g"}
    ]
    assert "Item" not in fast.get_item(TableName=name, Key={"pk": S(f"k{written}")}, ConsistentRead=True)
    fast.put_item(TableName=name, Item={"pk": S("outside")})


def test_a_query_on_a_global_index_spends_the_indexs_reads(fast, tables):
    """Index 1 RCU: each query of an empty partition costs 0.5 (index reads are eventually
    consistent), about 600 queries; the table's own reads are untouched."""
    name = make(
        fast,
        tables,
        (5, 5),
        extra_attrs=[("g", "S")],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by_g",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
                "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 5},
            }
        ],
    )
    query = dict(
        TableName=name,
        IndexName="by_g",
        KeyConditionExpression="g = :g",
        ExpressionAttributeValues={":g": S("v")},
    )
    started = time.monotonic()
    queries, error = until_throttled(lambda i: fast.query(**query))
    earned = (time.monotonic() - started) * SCALE
    assert 600 <= queries <= 600 + 2 * earned + 2
    assert error.response["Error"] == {"Code": PTEE, "Message": INDEX_TEXT}
    assert error.response["ThrottlingReasons"][0] == {
        "reason": "IndexReadProvisionedThroughputExceeded",
        "resource": arn_of(fast, name) + "/index/by_g",
    }
    fast.get_item(TableName=name, Key={"pk": S("a")})


def test_batch_writes_leave_throttled_items_unprocessed_and_fail_only_when_none_went_in(fast, tables):
    """1 WCU (burst 300) and 20 KB items (20 WCU each): of 25, the first 15 spend the burst
    (one more may get in on what the clock earned meanwhile), the rest come back in
    UnprocessedItems exactly as sent; the next batch finds the table in debt and fails whole."""
    name = make(fast, tables, (1, 1))
    items = [sized(f"b{i:02}", 20 * 1024) for i in range(25)]
    started = time.monotonic()
    out = fast.batch_write_item(RequestItems={name: [{"PutRequest": {"Item": it}} for it in items]})
    earned = (time.monotonic() - started) * SCALE
    left = out["UnprocessedItems"][name]
    processed = 25 - len(left)
    assert 15 <= processed <= 16 + earned / 20
    assert left == [{"PutRequest": {"Item": it}} for it in items[processed:]]
    deletes = [{"DeleteRequest": {"Key": {"pk": S("b00")}}}]
    with pytest.raises(ClientError) as caught:
        fast.batch_write_item(RequestItems={name: deletes})
    assert caught.value.response["Error"]["Code"] == PTEE


def test_batch_reads_leave_throttled_keys_unprocessed(fast, tables):
    """1 RCU (burst 300), items of 350 KB: a strongly consistent read of one costs 88 RCU, so
    4 of 6 keys are read (300 -> 212 -> 124 -> 36 -> -52) and 2 come back in UnprocessedKeys."""
    name = make(fast, tables, (1, 1000))
    for i in range(6):
        fast.put_item(TableName=name, Item=sized(f"r{i}", 350 * 1024))
    keys = [{"pk": S(f"r{i}")} for i in range(6)]
    started = time.monotonic()
    out = fast.batch_get_item(RequestItems={name: {"Keys": keys, "ConsistentRead": True}})
    earned = (time.monotonic() - started) * SCALE
    got = len(out["Responses"][name])
    assert 4 <= got <= 4 + (earned + 52) // 88
    assert len(out["UnprocessedKeys"][name]["Keys"]) == 6 - got
    assert out["UnprocessedKeys"][name]["ConsistentRead"] is True


def test_a_throttled_transaction_is_cancelled_with_the_throttling_code(fast, tables):
    name = make(fast, tables, (1, 1))
    exhaust(fast, name)
    with pytest.raises(ClientError) as caught:
        fast.transact_write_items(
            TransactItems=[{"Put": {"TableName": name, "Item": {"pk": S("tx")}}}]
        )
    response = caught.value.response
    assert response["Error"]["Code"] == "TransactionCanceledException"
    assert response["Error"]["Message"] == (
        "Transaction cancelled, please refer cancellation reasons for specific reasons "
        "[ProvisionedThroughputExceeded]"
    )
    assert response["CancellationReasons"] == [
        {"Code": "ProvisionedThroughputExceeded", "Message": TABLE_TEXT}
    ]


def test_a_throttled_transactional_read_is_cancelled_too(fast, tables):
    """1 RCU: a transactional read of a 350 KB item costs 2 x 88 = 176, so the burst of 300
    serves two and the third transaction is cancelled at its throttled read."""
    name = make(fast, tables, (1, 1000))
    fast.put_item(TableName=name, Item=sized("big", 350 * 1024))
    get = {"Get": {"TableName": name, "Key": {"pk": S("big")}}}
    fast.transact_get_items(TransactItems=[get])
    fast.transact_get_items(TransactItems=[get])
    with pytest.raises(ClientError) as caught:
        fast.transact_get_items(TransactItems=[get])
    assert caught.value.response["CancellationReasons"] == [
        {"Code": "ProvisionedThroughputExceeded", "Message": TABLE_TEXT}
    ]


def test_botocores_standard_retries_recover_from_throttling(fast_url, fast, tables):
    """After a throttle, botocore's standard mode backs off (up to 1 s, randomly) and retries;
    each wall-clock second earns the 1 WCU table 100 writes, so a retry gets in."""
    name = make(fast, tables, (1, 1))
    exhaust(fast, name)
    retrying = client(fast_url, attempts=10)
    for _ in range(20):
        out = retrying.put_item(TableName=name, Item=sized("after", 1024))
        if out["ResponseMetadata"]["RetryAttempts"] > 0:
            return
    raise AssertionError("no write needed a retry")


def test_a_tagged_table_throttles_on_a_reporting_server(shared, tables):
    """The shared server only reports capacity; `ddb:capacity=enforce` on one table makes it
    throttle (at wall-clock speed: 1 WCU, burst 300, items of 110 KB cost 110 each: 300 -> 190
    -> 80 -> -30, so the fourth write is refused), while an untagged twin never throttles."""
    enforced = make(shared, tables, (1, 1), tag="enforce")
    reported = make(shared, tables, (1, 1))
    written, error = until_throttled(
        lambda i: shared.put_item(TableName=enforced, Item=sized(f"k{i}", 110 * 1024)), limit=10
    )
    assert written == 3
    assert error.response["Error"]["Code"] == PTEE
    for i in range(10):
        shared.put_item(TableName=reported, Item=sized(f"k{i}", 110 * 1024))


def test_a_hot_partition_throttles_under_the_tables_capacity(shared, tables):
    """3,000 WCU makes 3 partitions of 1,000 WCU each. Writes of 10 KB (10 WCU) to one key
    reach 1,000 WCU in about 100 writes, well inside a second, while the table has 900,000
    units of burst: the key's partition throttles, not the table."""
    name = make(shared, tables, (5, 3000), tag="enforce")
    written, error = until_throttled(
        lambda i: shared.put_item(TableName=name, Item=sized("hot", 10 * 1024)), limit=2000
    )
    assert written >= 100
    assert error.response["Error"] == {"Code": PTEE, "Message": TABLE_TEXT}
    assert error.response["ThrottlingReasons"][0]["reason"] == "TableWriteKeyRangeThroughputExceeded"
    # Keys in the other partitions still go in (of eight keys, some hash elsewhere).
    landed = 0
    for i in range(8):
        try:
            shared.put_item(TableName=name, Item=sized(f"cold{i}", 10 * 1024))
            landed += 1
        except ClientError as e:
            assert e.response["Error"]["Code"] == PTEE
    assert landed > 0


def test_an_on_demand_maximum_throttles_with_throttling_exception(shared, tables):
    """MaxWriteRequestUnits 5 on an on-demand table: 5 writes of 1 KB a second. The error is
    ThrottlingException, whose reasons member is spelled `throttlingReasons`."""
    name = make(
        shared,
        tables,
        "PAY_PER_REQUEST",
        tag="enforce",
        OnDemandThroughput={"MaxWriteRequestUnits": 5},
    )
    written, error = until_throttled(
        lambda i: shared.put_item(TableName=name, Item=sized(f"k{i}", 1024)), limit=1000
    )
    assert written >= 5
    response = error.response
    assert response["Error"] == {"Code": "ThrottlingException", "Message": MAX_ON_DEMAND_TEXT}
    assert response["throttlingReasons"] == [
        {"reason": "TableWriteMaxOnDemandThroughputExceeded", "resource": arn_of(shared, name)}
    ]
