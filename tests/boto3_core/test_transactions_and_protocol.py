"""Transactions, concurrency, and the wire protocol seen through raw HTTP."""

import gzip
import json
import threading
import zlib

import botocore
import pytest
import requests

from helpers import assert_error


def key(pk):
    return {"pk": {"S": pk}, "sk": {"N": "1"}}


def test_transaction_commits_all(ddb, table):
    ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": table, "Item": {**key("a"), "v": {"N": "1"}}}},
        {"Put": {"TableName": table, "Item": {**key("b"), "v": {"N": "2"}}}},
    ])
    out = ddb.transact_get_items(TransactItems=[{"Get": {"TableName": table, "Key": key("a")}},
                                                {"Get": {"TableName": table, "Key": key("b")}}])
    assert [r["Item"]["v"]["N"] for r in out["Responses"]] == ["1", "2"]


def test_transaction_cancels_all(ddb, table):
    ddb.put_item(TableName=table, Item={**key("a"), "v": {"N": "1"}})
    try:
        ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": table, "Item": {**key("c"), "v": {"N": "3"}}}},
            {"ConditionCheck": {"TableName": table, "Key": key("a"), "ConditionExpression": "v = :two",
                                "ExpressionAttributeValues": {":two": {"N": "2"}}}},
        ])
        raise AssertionError("expected TransactionCanceledException")
    except ddb.exceptions.TransactionCanceledException as e:
        assert "[None, ConditionalCheckFailed]" in e.response["Error"]["Message"]
        assert [r["Code"] for r in e.response["CancellationReasons"]] == ["None", "ConditionalCheckFailed"]
    assert "Item" not in ddb.get_item(TableName=table, Key=key("c"))


def test_mistyped_put_key_cancels_with_a_validation_error(ddb, table):
    try:
        ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": table, "Item": {"pk": {"N": "7"}, "sk": {"N": "1"}}}},
            {"Put": {"TableName": table, "Item": key("fine")}},
        ])
        raise AssertionError("expected TransactionCanceledException")
    except ddb.exceptions.TransactionCanceledException as e:
        reasons = e.response["CancellationReasons"]
        assert [r["Code"] for r in reasons] == ["ValidationError", "None"]
        assert "Type mismatch for key pk" in reasons[0]["Message"]
    assert "Item" not in ddb.get_item(TableName=table, Key=key("fine"))


def test_transaction_one_item_twice(ddb, table):
    assert_error("ValidationException", "Transaction request cannot include multiple operations on one item",
                 ddb.transact_write_items, TransactItems=[
                     {"Put": {"TableName": table, "Item": key("a")}},
                     {"Delete": {"TableName": table, "Key": key("a")}}])


def test_transaction_over_4mb_is_refused_whole(ddb, table):
    # Eleven items of about 390 KB each pass the 400 KB item limit but not the 4 MB aggregate.
    big = "x" * (390 * 1024)
    items = [{"Put": {"TableName": table, "Item": {**key(f"big{i}"), "blob": {"S": big}}}} for i in range(11)]
    assert_error("ValidationException", "Transaction size cannot exceed 4 MB",
                 ddb.transact_write_items, TransactItems=items)
    assert "Item" not in ddb.get_item(TableName=table, Key=key("big0"))
    # Ten of them (about 3.8 MB) are within the limit.
    ddb.transact_write_items(TransactItems=items[:10])
    assert "Item" in ddb.get_item(TableName=table, Key=key("big9"))


def test_eight_clients_increment_without_losing_updates(ddb, table):
    ddb.put_item(TableName=table, Item={**key("counter"), "n": {"N": "0"}})
    per_thread = 50

    def work():
        done = 0
        while done < per_thread:
            n = ddb.get_item(TableName=table, Key=key("counter"), ConsistentRead=True)["Item"]["n"]["N"]
            try:
                ddb.put_item(TableName=table, Item={**key("counter"), "n": {"N": str(int(n) + 1)}},
                             ConditionExpression="n = :seen", ExpressionAttributeValues={":seen": {"N": n}})
                done += 1
            except ddb.exceptions.ConditionalCheckFailedException:
                pass

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert ddb.get_item(TableName=table, Key=key("counter"), ConsistentRead=True)["Item"]["n"] == {"N": "400"}


HEADERS = {
    "Content-Type": "application/x-amz-json-1.0",
    "Authorization": "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=00",
    "X-Amz-Date": "20240101T000000Z",
}


def post(endpoint, target, body, headers=None):
    h = dict(HEADERS, **(headers or {}))
    if target:
        h["X-Amz-Target"] = target
    return requests.post(endpoint, data=body, headers=h)


def test_crc32_and_request_id(endpoint):
    r = post(endpoint, "DynamoDB_20120810.ListTables", b"{}")
    assert r.status_code == 200
    assert int(r.headers["x-amz-crc32"]) == zlib.crc32(r.content)
    assert r.headers["x-amzn-RequestId"]


def test_unknown_operation(endpoint):
    r = post(endpoint, "DynamoDB_20120810.MakeCoffee", b"{}")
    assert r.status_code == 400
    assert r.json()["__type"] == "com.amazon.coral.service#UnknownOperationException"


def test_malformed_json(endpoint):
    r = post(endpoint, "DynamoDB_20120810.ListTables", b"{not json")
    assert r.status_code == 400
    assert r.json()["__type"] == "com.amazon.coral.service#SerializationException"


def test_missing_authorization(endpoint):
    h = {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.ListTables"}
    r = requests.post(endpoint, data=b"{}", headers=h)
    assert r.status_code == 400
    assert r.json() == {"__type": "com.amazon.coral.service#MissingAuthenticationTokenException",
                        "message": "Request is missing Authentication Token"}


def test_validation_error_shape(endpoint):
    r = post(endpoint, "DynamoDB_20120810.DescribeTable", json.dumps({"TableName": "x"}).encode())
    assert r.status_code == 400
    assert r.json()["__type"] == "com.amazon.coral.validate#ValidationException"


@pytest.mark.parametrize("value,status,message", [
    # DynamoDB's JSON layer reads these strings as booleans in any boolean field...
    ("true", 200, None), ("No", 200, None), ("1", 200, None),
    # ...and refuses other strings and numbers.
    ("23", 400, "'23' can not be converted to an Boolean"),
    (1, 400, "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an Boolean"),
])
def test_boolean_request_fields_are_read_leniently(endpoint, make_table, value, status, message):
    table = make_table([("pk", "S", "HASH")])
    body = {"TableName": table, "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "a"}},
            "ScanIndexForward": value, "ConsistentRead": value}
    r = post(endpoint, "DynamoDB_20120810.Query", json.dumps(body).encode())
    assert r.status_code == status, r.text
    if message:
        assert r.json() == {"__type": "com.amazon.coral.service#SerializationException", "Message": message}


def test_tagging_answers_with_an_empty_body(endpoint, make_table, ddb):
    arn = ddb.describe_table(TableName=make_table([("pk", "S", "HASH")]))["Table"]["TableArn"]
    for target, body in [("TagResource", {"ResourceArn": arn, "Tags": [{"Key": "k", "Value": "v"}]}),
                         ("UntagResource", {"ResourceArn": arn, "TagKeys": ["k"]})]:
        r = post(endpoint, "DynamoDB_20120810." + target, json.dumps(body).encode())
        assert r.status_code == 200 and r.content == b"", r.text


def test_gzip_request_body(endpoint):
    r = post(endpoint, "DynamoDB_20120810.ListTables", gzip.compress(b'{"Limit": 1}'), {"Content-Encoding": "gzip"})
    assert r.status_code == 200 and "TableNames" in r.json()


def test_server_survives_garbage(endpoint, ddb):
    for body in [b"\xff\xfe", b"[]", b'{"TableName": 5}', b'{"Item": {"a": {"N": []}}}']:
        r = post(endpoint, "DynamoDB_20120810.PutItem", body)
        assert r.status_code == 400
    assert "TableNames" in ddb.list_tables()
