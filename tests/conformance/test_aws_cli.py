"""The AWS CLI against the server, as the seed's shell scripts use it: list-tables as a table,
create-table, put-item, scan, delete-table."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from expect import REMOTE, aws_cli_env, table_spec, unique_name, wait_active


def aws_binary():
    # CI installs awscli into the same venv as pytest: look beside this interpreter first.
    here = os.path.join(os.path.dirname(sys.executable), "aws")
    if os.path.exists(here):
        return here
    found = shutil.which("aws")
    assert found, "the AWS CLI is required (pip install awscli, see tests/requirements.txt)"
    return found


def aws(endpoint, *args):
    env = aws_cli_env()
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


def test_list_tables_as_table(endpoint, make_table):
    name = make_table()
    r = aws(endpoint, "list-tables", "--query", "TableNames", "--output", "table")
    assert r.returncode == 0, r.stderr
    assert "ListTables" in r.stdout
    assert name in r.stdout
    assert "|" in r.stdout


def test_list_tables_json(endpoint, make_table):
    name = make_table()
    r = aws(endpoint, "list-tables", "--output", "json")
    assert r.returncode == 0, r.stderr
    assert name in json.loads(r.stdout)["TableNames"]


def test_delete_table(endpoint, ddb, make_table):
    name = make_table()
    r = aws(endpoint, "delete-table", "--table-name", name, "--output", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["TableDescription"]["TableName"] == name
    assert name not in ddb.list_tables(Limit=100)["TableNames"]


def test_delete_missing_table_fails(endpoint):
    r = aws(endpoint, "delete-table", "--table-name", "no-such-table-b3")
    assert r.returncode != 0
    assert "ResourceNotFoundException" in r.stderr


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


@pytest.mark.skipif(REMOTE, reason="the ddb:capacity tag is ddb's own")
def test_a_throttled_put_item_reports_dynamodbs_error(endpoint, ddb, tables_to_delete):
    """A table tagged ddb:capacity=enforce (1 WCU, a burst of 300) in debt after three 110 KB
    writes: the CLI, retries off, reports DynamoDB's throttling error and exits non-zero."""
    name = unique_name("cli")
    spec = table_spec(name, [("pk", "S", "HASH")], billing=(1, 1))
    spec["Tags"] = [{"Key": "ddb:capacity", "Value": "enforce"}]
    ddb.create_table(**spec)
    tables_to_delete.append(name)
    wait_active(ddb, name)
    for i in range(3):
        ddb.put_item(TableName=name, Item={"pk": {"S": f"k{i}"}, "d": {"S": "x" * (110 * 1024 - 6)}})
    env = dict(aws_cli_env(), AWS_MAX_ATTEMPTS="1", AWS_RETRY_MODE="standard")
    r = subprocess.run(
        [aws_binary(), "dynamodb", "put-item", "--table-name", name,
         "--item", '{"pk": {"S": "late"}}', "--endpoint-url", endpoint],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert r.returncode != 0
    assert "(ProvisionedThroughputExceededException)" in r.stderr, r.stderr
    assert "The level of configured provisioned throughput for the table was exceeded" in r.stderr
