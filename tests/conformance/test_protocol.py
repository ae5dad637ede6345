"""The wire protocol, spoken with raw HTTP (requests), so nothing is validated client-side:
routing, error shapes, authentication, checksums, request ids, compressed bodies.

Facts (docs/research/dynamodb-messages.md §1): errors are HTTP 400 with
{"__type": "<prefix>#<Name>", "message"/"Message": ...}; unknown operation ->
UnknownOperationException; body that is not JSON -> SerializationException; no Authorization
header -> MissingAuthenticationTokenException "Request is missing Authentication Token";
responses carry x-amzn-RequestId and x-amz-crc32 (CRC32 of the body bytes).
Compressed requests (Content-Encoding: gzip) are accepted by DynamoDB; a body that is not valid
gzip gets HTTP 500 (scylladb alternator test_compressed_request.py, verified against DynamoDB).

Two ways to post: `raw_post` (expect.py: a well-formed, unverified Authorization header) and
`signed_post` (a real SigV4 signature).
"""

import gzip
import json
import zlib

import boto3
import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from expect import REMOTE, error_type, raw_post, uid

TARGET = "DynamoDB_20120810."
JSON10 = "application/x-amz-json-1.0"


def signed_headers(endpoint, target, body, content_type=JSON10, extra=None):
    """Headers of a properly SigV4-signed DynamoDB request."""
    headers = {"Content-Type": content_type, "X-Amz-Target": target}
    headers.update(extra or {})
    req = AWSRequest(method="POST", url=endpoint + "/", data=body, headers=headers)
    if REMOTE:  # sign as the caller, for real DynamoDB
        session = boto3.Session()
        SigV4Auth(session.get_credentials(), "dynamodb", session.region_name).add_auth(req)
    else:
        SigV4Auth(Credentials("AKIDTEST", "secret"), "dynamodb", "us-east-1").add_auth(req)
    return dict(req.headers.items())


def signed_post(endpoint, target, body, content_type=JSON10, sign=True, extra=None):
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
    if isinstance(body, str):
        body = body.encode()
    if sign:
        headers = signed_headers(endpoint, target, body, content_type, extra)
    else:
        headers = {"Content-Type": content_type, "X-Amz-Target": target}
        headers.update(extra or {})
    return requests.post(endpoint + "/", data=body, headers=headers, timeout=30)


def type_of(resp):
    return resp.json()["__type"]


# --- routing and responses --------------------------------------------------------------------


def test_list_tables_raw_ok(endpoint):
    r = raw_post(endpoint, TARGET + "ListTables", {})
    assert r.status_code == 200
    assert "TableNames" in r.json()
    assert r.headers["Content-Type"].startswith("application/x-amz-json-1.0")


def test_request_id_header_present_and_unique(endpoint):
    a = raw_post(endpoint, TARGET + "ListTables", {})
    b = raw_post(endpoint, TARGET + "ListTables", {})
    assert a.headers.get("x-amzn-RequestId")
    assert b.headers.get("x-amzn-RequestId")
    assert a.headers["x-amzn-RequestId"] != b.headers["x-amzn-RequestId"]


def test_crc32_and_request_id(endpoint):
    r = raw_post(endpoint, "DynamoDB_20120810.ListTables", b"{}")
    assert r.status_code == 200
    assert int(r.headers["x-amz-crc32"]) == zlib.crc32(r.content)
    assert r.headers["x-amzn-RequestId"]


def test_crc32_matches_body_on_error(endpoint):
    r = raw_post(endpoint, TARGET + "DescribeTable", {"TableName": "no-such-" + uid()})
    assert r.status_code == 400
    assert int(r.headers["x-amz-crc32"]) == zlib.crc32(r.content)
    assert r.headers.get("x-amzn-RequestId")


def test_request_id_on_errors(endpoint):
    resp = signed_post(endpoint, "DynamoDB_20120810.MakeMeASandwich", {})
    assert resp.headers.get("x-amzn-RequestId")


def test_boto3_sees_request_id(ddb):
    resp = ddb.list_tables()
    assert resp["ResponseMetadata"]["RequestId"]
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_unknown_operation(endpoint):
    r = raw_post(endpoint, TARGET + "FrobnicateTable", {})
    assert r.status_code == 400
    assert error_type(r) == "UnknownOperationException"
    assert r.json()["__type"] == "com.amazon.coral.service#UnknownOperationException"


def test_unknown_api_version(endpoint):
    r = raw_post(endpoint, "DynamoDB_20990101.ListTables", {})
    assert r.status_code == 400
    assert error_type(r) == "UnknownOperationException"


def test_unknown_service_prefix(endpoint):
    resp = signed_post(endpoint, "Nonsense_20120810.ListTables", {})
    assert resp.status_code == 400
    assert type_of(resp) == "com.amazon.coral.service#UnknownOperationException"


def test_missing_target_header(endpoint):
    body = b"{}"
    headers = signed_headers(endpoint, "DynamoDB_20120810.ListTables", body)
    del headers["X-Amz-Target"]
    resp = requests.post(endpoint + "/", data=body, headers=headers, timeout=30)
    assert resp.status_code == 400
    assert type_of(resp) == "com.amazon.coral.service#UnknownOperationException"


def test_wrong_content_type_is_not_an_operation(endpoint):
    # DynamoDB answers a body that is neither application/json nor application/x-amz-json-1.0
    # with 404 and an UnknownOperationException.
    resp = signed_post(endpoint, "DynamoDB_20120810.ListTables", {}, content_type="text/plain")
    assert resp.status_code == 404
    assert "UnknownOperationException" in resp.text


def test_application_json_content_type_accepted(endpoint):
    r = raw_post(endpoint, TARGET + "ListTables", "{}", content_type="application/json")
    assert r.status_code == 200
    assert "TableNames" in r.json()


def test_missing_authorization(endpoint):
    h = {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.ListTables"}
    r = requests.post(endpoint, data=b"{}", headers=h)
    assert r.status_code == 400
    assert r.json() == {"__type": "com.amazon.coral.service#MissingAuthenticationTokenException",
                        "message": "Request is missing Authentication Token"}


# --- bodies that are not what the operation expects ------------------------------------------


def test_malformed_json(endpoint):
    r = raw_post(endpoint, TARGET + "ListTables", '{"Limit": ')
    assert r.status_code == 400
    assert r.json()["__type"] == "com.amazon.coral.service#SerializationException"


def test_malformed_json_bare_word(endpoint):
    r = raw_post(endpoint, "DynamoDB_20120810.ListTables", b"{not json")
    assert r.status_code == 400
    assert r.json()["__type"] == "com.amazon.coral.service#SerializationException"


def test_json_not_an_object(endpoint):
    r = raw_post(endpoint, TARGET + "ListTables", "habababa")
    assert r.status_code == 400
    assert error_type(r) == "SerializationException"


def test_wrong_json_type_for_string_member(endpoint):
    # TableName given as a number: a SerializationException, not a ValidationException.
    r = raw_post(endpoint, TARGET + "DescribeTable", {"TableName": 5})
    assert r.status_code == 400
    assert error_type(r) == "SerializationException"


def test_wrong_json_type_for_list_member(endpoint):
    r = raw_post(endpoint, TARGET + "CreateTable", {"TableName": "abc", "KeySchema": "pk"})
    assert r.status_code == 400
    assert error_type(r) == "SerializationException"


def test_json_of_wrong_shape(endpoint):
    # A string where an integer belongs is a SerializationException, not a ValidationException.
    resp = signed_post(endpoint, "DynamoDB_20120810.ListTables", {"Limit": "ten"})
    assert resp.status_code == 400
    assert type_of(resp) == "com.amazon.coral.service#SerializationException"


@pytest.mark.parametrize("value,status,message", [
    # DynamoDB's JSON layer reads these strings as booleans in any boolean field...
    ("true", 200, None), ("No", 200, None), ("1", 200, None),
    # ...and refuses other strings and numbers, in the wording it has answered since about 2018
    # (docs/research/serialization-messages.md, from dynalite's suite run against DynamoDB).
    ("23", 400, "Unexpected token received from parser"),
    (1, 400, "NUMBER_VALUE cannot be converted to Boolean"),
])
def test_boolean_request_fields_are_read_leniently(endpoint, make_table, value, status, message):
    table = make_table([("pk", "S", "HASH")])
    body = {"TableName": table, "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "a"}},
            "ScanIndexForward": value, "ConsistentRead": value}
    r = raw_post(endpoint, "DynamoDB_20120810.Query", json.dumps(body).encode())
    assert r.status_code == status, r.text
    if message:
        assert r.json() == {"__type": "com.amazon.coral.service#SerializationException", "Message": message}


def test_server_survives_garbage(endpoint):
    for junk in ["}}}", "{", "[1,2", "\x00\x01", '{"TableName": {"S": 1}}', "{" * 5000]:
        r = raw_post(endpoint, TARGET + "PutItem", junk)
        assert r.status_code in (400, 413, 500)
    assert raw_post(endpoint, TARGET + "ListTables", {}).status_code == 200


def test_server_survives_garbage_items(endpoint, ddb):
    for body in [b"\xff\xfe", b"[]", b'{"TableName": 5}', b'{"Item": {"a": {"N": []}}}']:
        r = raw_post(endpoint, "DynamoDB_20120810.PutItem", body)
        assert r.status_code == 400
    assert "TableNames" in ddb.list_tables()


# --- error shapes ---------------------------------------------------------------------------------


def test_validation_error_shape(endpoint):
    r = raw_post(endpoint, TARGET + "DescribeTable", {})
    assert r.status_code == 400
    body = r.json()
    assert body["__type"] == "com.amazon.coral.validate#ValidationException"
    assert body["message"] == (
        "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: "
        "Member must not be null"
    )


def test_validation_error_shape_limit(endpoint):
    resp = signed_post(endpoint, "DynamoDB_20120810.ListTables", {"Limit": 0})
    assert resp.status_code == 400
    body = resp.json()
    assert body["__type"] == "com.amazon.coral.validate#ValidationException"
    assert body["message"] == (
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1"
    )


def test_validation_error_shape_short_name(endpoint):
    r = raw_post(endpoint, "DynamoDB_20120810.DescribeTable", json.dumps({"TableName": "x"}).encode())
    assert r.status_code == 400
    assert r.json()["__type"] == "com.amazon.coral.validate#ValidationException"


def test_not_found_error_shape(endpoint):
    name = "missing-" + uid()
    r = raw_post(endpoint, TARGET + "DescribeTable", {"TableName": name})
    assert r.status_code == 400
    body = r.json()
    assert body["__type"] == "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"
    assert body["message"] == f"Requested resource not found: Table: {name} not found"


# --- compressed requests ------------------------------------------------------------------------


def _put_payload(table, pk, extra=None):
    item = {"pk": {"S": pk}}
    item.update(extra or {})
    return json.dumps({"TableName": table, "Item": item}).encode()


def _get(endpoint, table, pk):
    r = raw_post(endpoint, TARGET + "GetItem", {"TableName": table, "Key": {"pk": {"S": pk}}, "ConsistentRead": True})
    assert r.status_code == 200
    return r.json().get("Item")


def test_gzip_put_item(endpoint, hash_table):
    pk = uid()
    body = gzip.compress(_put_payload(hash_table, pk, {"v": {"S": "zipped"}}))
    r = raw_post(endpoint, TARGET + "PutItem", body, headers={"Content-Encoding": "gzip"})
    assert r.status_code == 200, r.text
    assert _get(endpoint, hash_table, pk) == {"pk": {"S": pk}, "v": {"S": "zipped"}}


def test_gzip_request_body(endpoint):
    # SDKs may send Content-Encoding: gzip request bodies; the server must inflate them.
    # (dynalite does not inflate them and answers SerializationException; ddb's design requires gzip.)
    raw = gzip.compress(json.dumps({"Limit": 5}).encode())
    resp = signed_post(endpoint, "DynamoDB_20120810.ListTables", raw, extra={"Content-Encoding": "gzip"})
    assert resp.status_code == 200, resp.text
    assert "TableNames" in resp.json()


def test_gzip_request_two_members(endpoint, hash_table):
    pk = uid()
    payload = _put_payload(hash_table, pk)
    body = gzip.compress(payload[:7]) + gzip.compress(payload[7:])
    r = raw_post(endpoint, TARGET + "PutItem", body, headers={"Content-Encoding": "gzip"})
    assert r.status_code == 200, r.text
    assert _get(endpoint, hash_table, pk) == {"pk": {"S": pk}}


def test_gzip_header_with_plain_body_is_500(endpoint, hash_table):
    pk = uid()
    r = raw_post(endpoint, TARGET + "PutItem", _put_payload(hash_table, pk), headers={"Content-Encoding": "gzip"})
    assert r.status_code == 500
    assert _get(endpoint, hash_table, pk) is None


def test_truncated_gzip_is_500(endpoint, hash_table):
    pk = uid()
    body = gzip.compress(_put_payload(hash_table, pk))[:-1]
    r = raw_post(endpoint, TARGET + "PutItem", body, headers={"Content-Encoding": "gzip"})
    assert r.status_code == 500
    assert _get(endpoint, hash_table, pk) is None
