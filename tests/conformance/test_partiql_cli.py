"""The AWS CLI's PartiQL commands against the server: `aws dynamodb execute-statement` (INSERT,
SELECT with --parameters, an error), `batch-execute-statement` and `execute-transaction`.
(Shapes and messages: test_partiql_*.py; facts in /work/shared/research/partiql.md.)"""

import json
import os
import shutil
import subprocess
import sys

from expect import aws_cli_env


def aws_binary():
    # As test_aws_cli.py: the CLI installed beside this interpreter first, else on PATH.
    here = os.path.join(os.path.dirname(sys.executable), "aws")
    if os.path.exists(here):
        return here
    found = shutil.which("aws")
    assert found, "the AWS CLI is required (pip install awscli, see tests/requirements.txt)"
    return found


def aws(endpoint, *args):
    return subprocess.run(
        [aws_binary(), "dynamodb", *args, "--endpoint-url", endpoint, "--output", "json"],
        capture_output=True,
        text=True,
        env=aws_cli_env(),
        timeout=120,
    )


def test_execute_statement_insert_and_select(endpoint, ddb, range_table):
    """[DOC ql-reference.insert/select; AWS MOTO test_insert_data: a write answers Items []] The
    CLI round trip, with --parameters as typed AttributeValues."""
    out = aws(endpoint, "execute-statement", "--statement",
              f"INSERT INTO \"{range_table}\" VALUE {{'pk': 'cli', 'sk': 1, 'msg': 'hi'}}")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"Items": []}
    out = aws(endpoint, "execute-statement", "--statement",
              f"INSERT INTO \"{range_table}\" VALUE {{'pk': ?, 'sk': ?, 'msg': ?}}",
              "--parameters", json.dumps([{"S": "cli"}, {"N": "2"}, {"S": "there"}]))
    assert out.returncode == 0, out.stderr
    out = aws(endpoint, "execute-statement", "--statement", f'SELECT msg FROM "{range_table}" WHERE pk = ?',
              "--parameters", '[{"S": "cli"}]')
    assert out.returncode == 0, out.stderr
    assert sorted(i["msg"]["S"] for i in json.loads(out.stdout)["Items"]) == ["hi", "there"]
    assert ddb.get_item(TableName=range_table, Key={"pk": {"S": "cli"}, "sk": {"N": "2"}})["Item"]["msg"] == {
        "S": "there"}


def test_execute_statement_update_returning(endpoint, ddb, hash_table):
    """[DOC ql-reference.update; AWS CONF: RETURNING goes to Items]"""
    ddb.put_item(TableName=hash_table, Item={"pk": {"S": "u"}, "n": {"N": "1"}})
    out = aws(endpoint, "execute-statement", "--statement",
              f"UPDATE \"{hash_table}\" SET n = n + 1 WHERE pk = 'u' RETURNING MODIFIED NEW *")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["Items"] == [{"n": {"N": "2"}}]


def test_execute_statement_duplicate_insert_fails(endpoint, ddb, hash_table):
    """[DOC ql-reference.insert; AWS CONF] The CLI exits non-zero and names the error and message."""
    ddb.put_item(TableName=hash_table, Item={"pk": {"S": "dup"}})
    out = aws(endpoint, "execute-statement", "--statement", f"INSERT INTO \"{hash_table}\" VALUE {{'pk': 'dup'}}")
    assert out.returncode != 0
    assert "DuplicateItemException" in out.stderr
    assert "Duplicate primary key exists in table" in out.stderr


def test_execute_statement_syntax_error(endpoint, hash_table):
    """[AWS CONF batchExecuteStatement/grammar file] `SLECT`: Expected data manipulation."""
    out = aws(endpoint, "execute-statement", "--statement", f'SLECT * FROM "{hash_table}"')
    assert out.returncode != 0
    assert "ValidationException" in out.stderr
    assert "Statement wasn't well formed, can't be processed: Expected data manipulation" in out.stderr


def test_batch_execute_statement(endpoint, ddb, hash_table):
    """[AWS LS test_dynamodb_batch_execute_statement: a write member is {TableName}]"""
    statements = [{"Statement": f"INSERT INTO \"{hash_table}\" VALUE {{'pk': 'b{i}'}}"} for i in range(3)]
    out = aws(endpoint, "batch-execute-statement", "--statements", json.dumps(statements))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["Responses"] == [{"TableName": hash_table}] * 3
    assert ddb.scan(TableName=hash_table)["Count"] == 3


def test_execute_transaction(endpoint, ddb, hash_table):
    """[AWS LS test_dynamodb_execute_transaction: a write set answers Responses []]"""
    statements = [{"Statement": f"INSERT INTO \"{hash_table}\" VALUE {{'pk': ?}}", "Parameters": [{"S": f"t{i}"}]}
                  for i in range(2)]
    out = aws(endpoint, "execute-transaction", "--transact-statements", json.dumps(statements))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["Responses"] == []
    assert ddb.scan(TableName=hash_table)["Count"] == 2
