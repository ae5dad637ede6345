"""Fixtures of the conformance suite: boto3 clients pointed at the server under test
(`endpoint`, from tests/conftest.py) and tables that are deleted after each test.

The expectations in this suite are real DynamoDB's (docs/research/dynamodb-messages.md), not
whatever ddb happens to do.
"""

import boto3
import pytest
from botocore.config import Config

from expect import CREDENTIALS, drop_table, sample_key, table_spec, unique_name, wait_active


def _client(endpoint):
    # Client-side parameter validation is off: the server's own validation is what is tested.
    return boto3.client(
        "dynamodb",
        endpoint_url=endpoint,
        config=Config(retries={"max_attempts": 1}, parameter_validation=False),
        **CREDENTIALS,
    )


@pytest.fixture(scope="session")
def ddb(endpoint):
    """A low-level DynamoDB client without client-side parameter validation."""
    return _client(endpoint)


@pytest.fixture(scope="session")
def new_client(endpoint):
    """A factory for more clients (one per thread in the concurrency tests, and for the tables
    that module-scoped fixtures share)."""
    return lambda: _client(endpoint)


@pytest.fixture
def make_table(ddb):
    """make_table(keys=[("pk", "S", "HASH")], billing="PAY_PER_REQUEST", extra_attrs=(),
    name=None, **create_table_kwargs) -> name.

    keys: [(name, type, 'HASH'|'RANGE')]; extra_attrs: [(name, type)] for index keys; billing:
    "PAY_PER_REQUEST" or (read, write). Waits until the table and its GSIs are ACTIVE, and
    deletes every table it made when the test ends.
    """
    made = []

    def make(keys=(("pk", "S", "HASH"),), billing="PAY_PER_REQUEST", extra_attrs=(), name=None, **extra):
        name = name or unique_name()
        ddb.create_table(**table_spec(name, list(keys), billing, extra_attrs, **extra))
        made.append(name)
        wait_active(ddb, name)
        return name

    yield make
    for name in made:
        drop_table(ddb, name)


@pytest.fixture
def hash_table(make_table):
    """A table keyed by pk (S) alone."""
    return make_table([("pk", "S", "HASH")])


@pytest.fixture
def range_table(make_table):
    """A table keyed by pk (S) and sk (N)."""
    return make_table([("pk", "S", "HASH"), ("sk", "N", "RANGE")])


@pytest.fixture
def sample_item(ddb, range_table):
    """A pk (S) / sk (N) table holding one item at sample_key(): n 5, s "hello", l [1, 2],
    tags {a, b}, m {x: 1}."""
    ddb.put_item(TableName=range_table, Item={**sample_key(), "n": {"N": "5"}, "s": {"S": "hello"},
                                              "l": {"L": [{"N": "1"}, {"N": "2"}]}, "tags": {"SS": ["a", "b"]},
                                              "m": {"M": {"x": {"N": "1"}}}})
    return range_table


@pytest.fixture
def messages(ddb, make_table):
    """The Cruddur messages table: pk/sk (S), a GSI by-user (INCLUDE body) and an LSI by-score
    (KEYS_ONLY); 30 messages in MSG#g1 (sk 2024-01-01T00:00:00 .. 00:29:00, score 0..29), the
    even ones with a user (jess)."""
    name = make_table(
        [("pk", "S", "HASH"), ("sk", "S", "RANGE")],
        extra_attrs=[("user", "S"), ("score", "N")],
        GlobalSecondaryIndexes=[{"IndexName": "by-user", "KeySchema": [{"AttributeName": "user", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["body"]}}],
        LocalSecondaryIndexes=[{"IndexName": "by-score", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                                      {"AttributeName": "score", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "KEYS_ONLY"}}],
    )
    requests = []
    for i in range(30):
        item = {"pk": {"S": "MSG#g1"}, "sk": {"S": f"2024-01-01T00:{i:02}:00"}, "score": {"N": str(i)},
                "body": {"S": f"message {i}"}, "extra": {"S": "x"}}
        if i % 2 == 0:
            item["user"] = {"S": "jess"}
        requests.append({"PutRequest": {"Item": item}})
    for start in range(0, 30, 25):
        out = ddb.batch_write_item(RequestItems={name: requests[start:start + 25]})
        assert out["UnprocessedItems"] == {}
    return name


@pytest.fixture
def create(ddb):
    """ddb.create_table(**spec) that deletes whatever it managed to create."""
    made = []

    def call(**spec):
        resp = ddb.create_table(**spec)
        made.append(spec["TableName"])
        return resp

    yield call
    for name in made:
        drop_table(ddb, name)


@pytest.fixture
def tables_to_delete(ddb):
    """A list to which a test appends the names of tables it created itself."""
    names = []
    yield names
    for name in names:
        if name:
            drop_table(ddb, name)
