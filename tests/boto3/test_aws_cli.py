"""The AWS CLI against ddb: list-tables as a table, and delete-table."""

import json
import os
import shutil
import subprocess
import sys

import pytest


def aws_binary():
    beside = os.path.join(os.path.dirname(sys.executable), "aws")
    if os.path.exists(beside):
        return beside
    return shutil.which("aws")


def run_aws(endpoint, *args):
    binary = aws_binary()
    if not binary:
        pytest.skip("aws CLI not installed (pip install awscli)")
    env = dict(os.environ, AWS_ACCESS_KEY_ID="AKIAB3SUITEEXAMPLE", AWS_SECRET_ACCESS_KEY="b3-suite-secret-key", AWS_DEFAULT_REGION="us-east-1")
    env.pop("AWS_PROFILE", None)
    return subprocess.run([binary, "dynamodb", *args, "--endpoint-url", endpoint], env=env, capture_output=True, text=True, timeout=120)


def test_list_tables_as_table(endpoint, make_table):
    name = make_table()
    r = run_aws(endpoint, "list-tables", "--query", "TableNames", "--output", "table")
    assert r.returncode == 0, r.stderr
    assert "ListTables" in r.stdout
    assert name in r.stdout
    assert "|" in r.stdout


def test_list_tables_json(endpoint, make_table):
    name = make_table()
    r = run_aws(endpoint, "list-tables", "--output", "json")
    assert r.returncode == 0, r.stderr
    assert name in json.loads(r.stdout)["TableNames"]


def test_delete_table(endpoint, ddb, make_table):
    name = make_table()
    r = run_aws(endpoint, "delete-table", "--table-name", name, "--output", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["TableDescription"]["TableName"] == name
    assert name not in ddb.list_tables(Limit=100)["TableNames"]


def test_delete_missing_table_fails(endpoint):
    r = run_aws(endpoint, "delete-table", "--table-name", "no-such-table-b3")
    assert r.returncode != 0
    assert "ResourceNotFoundException" in r.stderr
