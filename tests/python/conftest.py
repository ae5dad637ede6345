"""Fixtures for the black-box conformance suite.

The server under test is either the one at $DDB_ENDPOINT, or a fresh `ddb serve --in-memory
--port 0` started from $DDB_BIN (default target/debug/ddb) for the session.
"""

import os
import pathlib
import subprocess
import threading
import time
import uuid

import boto3
import pytest
from botocore.config import Config

ROOT = pathlib.Path(__file__).resolve().parents[2]

CREDENTIALS = dict(
    region_name="us-east-1",
    aws_access_key_id="AKIDTEST",
    aws_secret_access_key="secret",
)


def _start_server():
    binary = os.environ.get("DDB_BIN", str(ROOT / "target" / "debug" / "ddb"))
    if not os.path.isabs(binary):
        binary = str(ROOT / binary)
    proc = subprocess.Popen(
        [binary, "serve", "--in-memory", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=None,
        text=True,
    )
    url = None
    for line in proc.stdout:
        if "http://" in line:
            url = line[line.index("http://"):].split()[0].rstrip(",;")
            break
    if url is None:
        proc.kill()
        raise RuntimeError("ddb serve exited without printing its URL")
    # Keep draining stdout so the server never blocks on a full pipe.
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    return proc, url


@pytest.fixture(scope="session")
def endpoint():
    if os.environ.get("DDB_ENDPOINT"):
        yield os.environ["DDB_ENDPOINT"].rstrip("/")
        return
    proc, url = _start_server()
    try:
        yield url.rstrip("/")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def make_client(endpoint, validate=False, **config):
    # Client-side parameter validation is off so that the server's own validation is what we test.
    return boto3.client(
        "dynamodb",
        endpoint_url=endpoint,
        config=Config(retries={"max_attempts": 1}, parameter_validation=validate, **config),
        **CREDENTIALS,
    )


@pytest.fixture(scope="session")
def ddb(endpoint):
    return make_client(endpoint)


@pytest.fixture(scope="session")
def resource(endpoint):
    return boto3.resource(
        "dynamodb",
        endpoint_url=endpoint,
        config=Config(retries={"max_attempts": 1}),
        **CREDENTIALS,
    )


def unique_name(prefix="t"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def table_spec(name, keys, billing="PAY_PER_REQUEST", extra_attrs=(), **extra):
    """keys: [(name, type, 'HASH'|'RANGE')]; extra_attrs: [(name, type)] for index keys."""
    spec = dict(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": t} for n, t, _ in keys]
        + [{"AttributeName": n, "AttributeType": t} for n, t in extra_attrs],
        KeySchema=[{"AttributeName": n, "KeyType": k} for n, _, k in keys],
    )
    if billing == "PAY_PER_REQUEST":
        spec["BillingMode"] = "PAY_PER_REQUEST"
    else:
        spec["ProvisionedThroughput"] = {"ReadCapacityUnits": billing[0], "WriteCapacityUnits": billing[1]}
    spec.update(extra)
    return spec


def wait_active(ddb, name):
    # dynalite (our stand-in peer) creates tables in CREATING state for a moment; DynamoDB takes
    # longer. ddb is expected to be ACTIVE at once, and then this returns immediately.
    ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 0.2, "MaxAttempts": 200})
    for _ in range(200):
        desc = ddb.describe_table(TableName=name)["Table"]
        if desc["TableStatus"] == "ACTIVE" and all(
            g.get("IndexStatus", "ACTIVE") == "ACTIVE" for g in desc.get("GlobalSecondaryIndexes", [])
        ):
            return desc
        time.sleep(0.1)
    raise AssertionError(f"table {name} never became ACTIVE")


def drop_table(ddb, name):
    """Delete a table made by a test, whatever state the test left it in."""
    import botocore.exceptions

    for _ in range(2):
        try:
            wait_active(ddb, name)
            ddb.delete_table(TableName=name)
            return
        except ddb.exceptions.ResourceNotFoundException:
            return
        except botocore.exceptions.ClientError as e:
            if e.response["Error"]["Code"] != "ValidationException":
                return
            # Deletion protection left on by a test.
            try:
                ddb.update_table(TableName=name, DeletionProtectionEnabled=False)
            except botocore.exceptions.ClientError:
                return
        except Exception:
            return


@pytest.fixture
def make_table(ddb):
    """Create tables by spec; every table made is deleted afterwards."""
    made = []

    def make(keys, billing="PAY_PER_REQUEST", extra_attrs=(), name=None, **extra):
        name = name or unique_name()
        ddb.create_table(**table_spec(name, keys, billing, extra_attrs, **extra))
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


@pytest.fixture(scope="module")
def shared_range_table(endpoint):
    """A pk (S) / sk (N) table shared by a whole module, for read-only tests; deleted afterwards."""
    client = make_client(endpoint)
    name = unique_name("shared")
    client.create_table(**table_spec(name, [("pk", "S", "HASH"), ("sk", "N", "RANGE")]))
    wait_active(client, name)
    yield name
    drop_table(client, name)
