"""The AWS CLI against the server, as the seed's shell scripts use it."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from .conftest import table_spec, unique_name, wait_active


def aws_binary():
    # CI installs awscli into the same venv as pytest: look beside this interpreter first.
    here = os.path.join(os.path.dirname(sys.executable), "aws")
    if os.path.exists(here):
        return here
    found = shutil.which("aws")
    assert found, "the AWS CLI is required (pip install awscli, see tests/python/requirements.txt)"
    return found


def aws(endpoint, *args):
    env = dict(
        os.environ,
        AWS_ACCESS_KEY_ID="AKIDTEST",
        AWS_SECRET_ACCESS_KEY="secret",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_PAGER="",
    )
    env.pop("AWS_PROFILE", None)
    return subprocess.run(
        [aws_binary(), "dynamodb", *args, "--endpoint-url", endpoint],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture
def cli_table(ddb):
    name = unique_name("cli")
    ddb.create_table(**table_spec(name, [("pk", "S", "HASH"), ("sk", "S", "RANGE")], billing=(5, 5)))
    wait_active(ddb, name)
    yield name
    try:
        ddb.delete_table(TableName=name)
    except ddb.exceptions.ResourceNotFoundException:
        pass


def test_list_tables_as_table(endpoint, cli_table):
    out = aws(endpoint, "list-tables", "--query", "TableNames", "--output", "table")
    assert out.returncode == 0, out.stderr
    assert cli_table in out.stdout
    assert "ListTables" in out.stdout


def test_list_tables_json(endpoint, cli_table):
    out = aws(endpoint, "list-tables", "--output", "json")
    assert out.returncode == 0, out.stderr
    assert cli_table in json.loads(out.stdout)["TableNames"]


def test_delete_table(endpoint, ddb, cli_table):
    out = aws(endpoint, "delete-table", "--table-name", cli_table)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["TableDescription"]["TableName"] == cli_table
    ddb.get_waiter("table_not_exists").wait(TableName=cli_table, WaiterConfig={"Delay": 0.2, "MaxAttempts": 100})


def test_delete_missing_table_fails(endpoint):
    out = aws(endpoint, "delete-table", "--table-name", "no-such-cli-table")
    assert out.returncode != 0
    assert "ResourceNotFoundException" in out.stderr


def test_put_and_scan(endpoint, cli_table):
    item = json.dumps({"pk": {"S": "GRP#1"}, "sk": {"S": "2024-01-01T00:00:00Z"}, "message": {"S": "hi"}})
    out = aws(endpoint, "put-item", "--table-name", cli_table, "--item", item)
    assert out.returncode == 0, out.stderr
    out = aws(endpoint, "scan", "--table-name", cli_table, "--output", "json")
    assert out.returncode == 0, out.stderr
    body = json.loads(out.stdout)
    assert body["Count"] == 1 and body["Items"][0]["message"] == {"S": "hi"}


def test_create_table_from_cli(endpoint, ddb):
    name = unique_name("cli")
    out = aws(
        endpoint,
        "create-table",
        "--table-name", name,
        "--attribute-definitions", "AttributeName=pk,AttributeType=S", "AttributeName=sk,AttributeType=S",
        "--key-schema", "AttributeName=pk,KeyType=HASH", "AttributeName=sk,KeyType=RANGE",
        "--provisioned-throughput", "ReadCapacityUnits=5,WriteCapacityUnits=5",
        "--table-class", "STANDARD",
    )
    try:
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout)["TableDescription"]["TableName"] == name
    finally:
        wait_active(ddb, name)
        ddb.delete_table(TableName=name)
