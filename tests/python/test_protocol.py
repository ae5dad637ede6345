"""The wire protocol, with raw HTTP: routing, error shapes, auth, checksums, request ids, gzip."""

import gzip
import json
import zlib

import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

JSON10 = "application/x-amz-json-1.0"


def signed_headers(endpoint, target, body, content_type=JSON10, extra=None):
    """Headers of a properly SigV4-signed DynamoDB request."""
    headers = {"Content-Type": content_type, "X-Amz-Target": target}
    headers.update(extra or {})
    req = AWSRequest(method="POST", url=endpoint + "/", data=body, headers=headers)
    SigV4Auth(Credentials("AKIDTEST", "secret"), "dynamodb", "us-east-1").add_auth(req)
    return dict(req.headers.items())


def post(endpoint, target, body, content_type=JSON10, sign=True, extra=None):
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


def error_type(resp):
    return resp.json()["__type"]


def test_list_tables_over_raw_http(endpoint):
    resp = post(endpoint, "DynamoDB_20120810.ListTables", {})
    assert resp.status_code == 200
    assert "TableNames" in resp.json()
    assert resp.headers["Content-Type"].startswith(JSON10)


def test_unknown_operation(endpoint):
    resp = post(endpoint, "DynamoDB_20120810.MakeMeASandwich", {})
    assert resp.status_code == 400
    assert error_type(resp) == "com.amazon.coral.service#UnknownOperationException"


def test_unknown_service_prefix(endpoint):
    resp = post(endpoint, "Nonsense_20120810.ListTables", {})
    assert resp.status_code == 400
    assert error_type(resp) == "com.amazon.coral.service#UnknownOperationException"


def test_missing_target_header(endpoint):
    body = b"{}"
    headers = signed_headers(endpoint, "DynamoDB_20120810.ListTables", body)
    del headers["X-Amz-Target"]
    resp = requests.post(endpoint + "/", data=body, headers=headers, timeout=30)
    assert resp.status_code == 400
    assert error_type(resp) == "com.amazon.coral.service#UnknownOperationException"


def test_malformed_json(endpoint):
    resp = post(endpoint, "DynamoDB_20120810.ListTables", b'{"Limit": ')
    assert resp.status_code == 400
    assert error_type(resp) == "com.amazon.coral.service#SerializationException"


def test_json_of_wrong_shape(endpoint):
    # A string where an integer belongs is a SerializationException, not a ValidationException.
    resp = post(endpoint, "DynamoDB_20120810.ListTables", {"Limit": "ten"})
    assert resp.status_code == 400
    assert error_type(resp) == "com.amazon.coral.service#SerializationException"


def test_missing_authorization(endpoint):
    resp = post(endpoint, "DynamoDB_20120810.ListTables", {}, sign=False)
    assert resp.status_code == 400
    body = resp.json()
    assert body["__type"] == "com.amazon.coral.service#MissingAuthenticationTokenException"
    assert body["message"] == "Request is missing Authentication Token"


def test_wrong_content_type_is_not_an_operation(endpoint):
    # DynamoDB answers a body that is neither application/json nor application/x-amz-json-1.0
    # with 404 and an UnknownOperationException.
    resp = post(endpoint, "DynamoDB_20120810.ListTables", {}, content_type="text/plain")
    assert resp.status_code == 404
    assert "UnknownOperationException" in resp.text


def test_plain_json_content_type_accepted(endpoint):
    resp = post(endpoint, "DynamoDB_20120810.ListTables", {}, content_type="application/json")
    assert resp.status_code == 200
    assert "TableNames" in resp.json()


def test_crc32_header_matches_body(endpoint):
    resp = post(endpoint, "DynamoDB_20120810.ListTables", {})
    assert int(resp.headers["x-amz-crc32"]) == zlib.crc32(resp.content)


def test_crc32_header_on_errors(endpoint):
    resp = post(endpoint, "DynamoDB_20120810.DescribeTable", {"TableName": "no-such-table-crc"})
    assert resp.status_code == 400
    assert int(resp.headers["x-amz-crc32"]) == zlib.crc32(resp.content)


def test_request_id_present(endpoint):
    resp = post(endpoint, "DynamoDB_20120810.ListTables", {})
    assert resp.headers.get("x-amzn-RequestId")


def test_request_ids_differ(endpoint):
    a = post(endpoint, "DynamoDB_20120810.ListTables", {}).headers["x-amzn-RequestId"]
    b = post(endpoint, "DynamoDB_20120810.ListTables", {}).headers["x-amzn-RequestId"]
    assert a != b


def test_request_id_on_errors(endpoint):
    resp = post(endpoint, "DynamoDB_20120810.MakeMeASandwich", {})
    assert resp.headers.get("x-amzn-RequestId")


def test_resource_not_found_shape(endpoint):
    resp = post(endpoint, "DynamoDB_20120810.DescribeTable", {"TableName": "no-such-table-shape"})
    assert resp.status_code == 400
    body = resp.json()
    assert body["__type"] == "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"
    assert body["message"] == "Requested resource not found: Table: no-such-table-shape not found"


def test_validation_error_shape(endpoint):
    resp = post(endpoint, "DynamoDB_20120810.ListTables", {"Limit": 0})
    assert resp.status_code == 400
    body = resp.json()
    assert body["__type"] == "com.amazon.coral.validate#ValidationException"
    assert body["message"] == (
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1"
    )


def test_gzip_request_body(endpoint):
    # SDKs may send Content-Encoding: gzip request bodies; the server must inflate them.
    # (dynalite does not inflate them and answers SerializationException; ddb's design requires gzip.)
    raw = gzip.compress(json.dumps({"Limit": 5}).encode())
    resp = post(endpoint, "DynamoDB_20120810.ListTables", raw, extra={"Content-Encoding": "gzip"})
    assert resp.status_code == 200, resp.text
    assert "TableNames" in resp.json()
