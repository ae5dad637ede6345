"""One `ddb serve --in-memory` for this suite, and boto3 clients pointed at it."""

import os
import pathlib
import subprocess
import uuid

import boto3
import pytest
from botocore.config import Config

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def endpoint():
    if os.environ.get("DDB_ENDPOINT"):
        yield os.environ["DDB_ENDPOINT"]
        return
    binary = os.environ.get("DDB_BIN", str(ROOT / "target" / "debug" / "ddb"))
    proc = subprocess.Popen([binary, "serve", "--in-memory", "--port", "0"], stdout=subprocess.PIPE, text=True)
    url = None
    for line in proc.stdout:
        if "http://" in line:
            url = line[line.index("http://"):].split()[0]
            break
    assert url, "ddb serve did not print its URL"
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def ddb(endpoint):
    return boto3.client(
        "dynamodb",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="AKIDCORE",
        aws_secret_access_key="core-secret",
        config=Config(retries={"max_attempts": 1}, parameter_validation=False),
    )


def _create(ddb, name, keys, **extra):
    """keys: [(name, type, 'HASH'|'RANGE')]"""
    ddb.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": t} for n, t, _ in keys]
        + extra.pop("extra_definitions", []),
        KeySchema=[{"AttributeName": n, "KeyType": k} for n, _, k in keys],
        BillingMode="PAY_PER_REQUEST",
        **extra,
    )
    return name


@pytest.fixture
def table(ddb):
    """A pk (S) / sk (N) table, deleted afterwards."""
    name = "core-" + uuid.uuid4().hex[:10]
    _create(ddb, name, [("pk", "S", "HASH"), ("sk", "N", "RANGE")])
    yield name
    ddb.delete_table(TableName=name)


@pytest.fixture
def make_table(ddb):
    made = []

    def make(keys, **extra):
        name = "core-" + uuid.uuid4().hex[:10]
        made.append(_create(ddb, name, keys, **extra))
        return name

    yield make
    for name in made:
        ddb.delete_table(TableName=name)
