"""Starts one `ddb serve` for the seed-script tests (its own, separate from tests/python)."""

import os
import pathlib
import subprocess

import boto3
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def endpoint():
    binary = os.environ.get("DDB_BIN", str(ROOT / "target" / "debug" / "ddb"))
    proc = subprocess.Popen(
        [binary, "serve", "--in-memory", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    url = None
    for line in proc.stdout:
        if "http://" in line:
            url = line[line.index("http://"):].split()[0]
            break
    assert url, "ddb serve did not print its URL"
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session", autouse=True)
def dummy_credentials():
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "AKIDSEED")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "seed-secret")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")


@pytest.fixture
def client(endpoint):
    return boto3.client("dynamodb", endpoint_url=endpoint)


@pytest.fixture
def resource(endpoint):
    return boto3.resource("dynamodb", endpoint_url=endpoint)
