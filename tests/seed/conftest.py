"""Clients for the seed-script tests. The server is tests/conftest.py's `endpoint`: a fresh
`ddb serve --in-memory`, or $DDB_ENDPOINT."""

import os

import boto3
import pytest


@pytest.fixture(scope="session", autouse=True)
def dummy_credentials():
    # The seed's scripts take credentials and region from the environment. Against a local ddb
    # any will do; against $DDB_ENDPOINT the caller's own environment is used unchanged.
    if not os.environ.get("DDB_ENDPOINT"):
        os.environ.setdefault("AWS_ACCESS_KEY_ID", "AKIDSEED")
        os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "seed-secret")
        os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")


@pytest.fixture
def client(endpoint):
    return boto3.client("dynamodb", endpoint_url=endpoint)


@pytest.fixture
def resource(endpoint):
    return boto3.resource("dynamodb", endpoint_url=endpoint)
