"""The bootcamp's bin/ddb scripts, call for call, against `ddb serve`: create_table with the
seed's arguments, put_item of both item shapes, resource Table.scan, the two access-pattern
queries, and the AWS CLI's list-tables and delete-table. The data is our own."""

import datetime
import json
import os
import pathlib
import shutil
import subprocess
import sys
import uuid

TABLE = "cruddur-messages"
GROUP = "5ae290ed-55d1-47a0-bc6d-fe2bc2700399"


def schema_load(client):
    return client.create_table(
        TableName=TABLE,
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
    )


def put_group(client, my_uuid, other, last_at):
    client.put_item(
        TableName=TABLE,
        Item={
            "pk": {"S": f"GRP#{my_uuid}"},
            "sk": {"S": last_at},
            "message_group_uuid": {"S": GROUP},
            "message": {"S": "see you at the trailhead"},
            "user_uuid": {"S": other["uuid"]},
            "user_display_name": {"S": other["display_name"]},
            "user_handle": {"S": other["handle"]},
        },
    )


def put_message(client, created_at, text, sender):
    client.put_item(
        TableName=TABLE,
        Item={
            "pk": {"S": f"MSG#{GROUP}"},
            "sk": {"S": created_at},
            "message_uuid": {"S": str(uuid.uuid4())},
            "message": {"S": text},
            "user_uuid": {"S": sender["uuid"]},
            "user_display_name": {"S": sender["display_name"]},
            "user_handle": {"S": sender["handle"]},
        },
    )


def aws_cli():
    beside = pathlib.Path(sys.executable).parent / "aws"
    if beside.exists():
        return str(beside)
    found = shutil.which("aws")
    assert found, "the AWS CLI must be installed (scripts/test installs it into .venv)"
    return found


def test_the_seed_scripts_run_against_ddb(client, resource, endpoint):
    created = schema_load(client)
    assert created["TableDescription"]["TableName"] == TABLE
    assert created["TableDescription"]["ProvisionedThroughput"]["ReadCapacityUnits"] == 5

    me = {"uuid": str(uuid.uuid4()), "display_name": "Jess B", "handle": "jess-bk"}
    other = {"uuid": str(uuid.uuid4()), "display_name": "Bayko", "handle": "bayko"}
    now = datetime.datetime.now(datetime.timezone.utc).astimezone()
    put_group(client, me["uuid"], other, now.isoformat())
    put_group(client, other["uuid"], me, now.isoformat())
    lines = [f"message number {i} about the ridge walk" for i in range(30)]
    for i, text in enumerate(lines):
        sender = me if i % 2 == 0 else other
        put_message(client, (now + datetime.timedelta(minutes=i)).isoformat(), text, sender)

    # bin/ddb/scan: the resource API, one page.
    items = resource.Table(TABLE).scan()["Items"]
    assert len(items) == 32

    # bin/ddb/patterns/get-conversation
    year = str(now.year)
    response = client.query(
        TableName=TABLE,
        ScanIndexForward=False,
        Limit=20,
        ReturnConsumedCapacity="TOTAL",
        KeyConditionExpression="pk = :pk AND begins_with(sk,:year)",
        ExpressionAttributeValues={":year": {"S": year}, ":pk": {"S": f"MSG#{GROUP}"}},
    )
    json.dumps(response, sort_keys=True, indent=2)
    assert response["ConsumedCapacity"]["TableName"] == TABLE
    assert response["ConsumedCapacity"]["CapacityUnits"] > 0
    got = [i["message"]["S"] for i in response["Items"]]
    assert got == list(reversed(lines))[:20]
    for item in reversed(response["Items"]):
        stamp = datetime.datetime.strptime(item["sk"]["S"], "%Y-%m-%dT%H:%M:%S.%f%z")
        assert stamp.strftime("%Y-%m-%d %I:%M %p")

    # bin/ddb/patterns/list-conversations
    response = client.query(
        TableName=TABLE,
        KeyConditionExpression="pk = :pk AND begins_with(sk,:year)",
        ScanIndexForward=False,
        ExpressionAttributeValues={":year": {"S": year}, ":pk": {"S": f"GRP#{me['uuid']}"}},
        ReturnConsumedCapacity="TOTAL",
    )
    assert [i["user_handle"]["S"] for i in response["Items"]] == ["bayko"]

    # bin/ddb/list-tables and bin/ddb/drop, through the AWS CLI.
    env = dict(os.environ)
    listed = subprocess.run(
        [aws_cli(), "dynamodb", "list-tables", f"--endpoint-url={endpoint}", "--query", "TableNames", "--output", "table"],
        capture_output=True, text=True, env=env, check=True,
    )
    assert TABLE in listed.stdout
    assert "ListTables" in listed.stdout
    subprocess.run(
        [aws_cli(), "dynamodb", "delete-table", f"--endpoint-url={endpoint}", "--table-name", TABLE],
        capture_output=True, text=True, env=env, check=True,
    )
    assert TABLE not in client.list_tables()["TableNames"]
