"""The wire protocol, spoken with raw HTTP (requests), so nothing is validated client-side.

Facts (docs/research/dynamodb-messages.md §1): errors are HTTP 400 with
{"__type": "<prefix>#<Name>", "message"/"Message": ...}; unknown operation ->
UnknownOperationException; body that is not JSON -> SerializationException; no Authorization
header -> MissingAuthenticationTokenException "Request is missing Authentication Token";
responses carry x-amzn-RequestId and x-amz-crc32 (CRC32 of the body bytes).
Compressed requests (Content-Encoding: gzip) are accepted by DynamoDB; a body that is not valid
gzip gets HTTP 500 (scylladb alternator test_compressed_request.py, verified against DynamoDB).
"""

import gzip
import json
import zlib

from b3util import err_message, error_type, raw_post, uid

TARGET = "DynamoDB_20120810."


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


def test_crc32_matches_body_on_success(endpoint):
    r = raw_post(endpoint, TARGET + "ListTables", {})
    assert int(r.headers["x-amz-crc32"]) == zlib.crc32(r.content)


def test_crc32_matches_body_on_error(endpoint):
    r = raw_post(endpoint, TARGET + "DescribeTable", {"TableName": "no-such-" + uid()})
    assert r.status_code == 400
    assert int(r.headers["x-amz-crc32"]) == zlib.crc32(r.content)
    assert r.headers.get("x-amzn-RequestId")


def test_unknown_operation(endpoint):
    r = raw_post(endpoint, TARGET + "FrobnicateTable", {})
    assert r.status_code == 400
    assert error_type(r) == "UnknownOperationException"
    assert r.json()["__type"] == "com.amazon.coral.service#UnknownOperationException"


def test_unknown_api_version(endpoint):
    r = raw_post(endpoint, "DynamoDB_20990101.ListTables", {})
    assert r.status_code == 400
    assert error_type(r) == "UnknownOperationException"


def test_missing_target(endpoint):
    r = raw_post(endpoint, None, {})
    assert r.status_code == 400
    assert error_type(r) == "UnknownOperationException"


def test_malformed_json(endpoint):
    r = raw_post(endpoint, TARGET + "ListTables", '{"Limit": ')
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


def test_missing_authorization(endpoint):
    r = raw_post(endpoint, TARGET + "ListTables", {}, auth=False)
    # dynalite recorded 400; whether AWS sends 400 or 403 is unconfirmed.
    assert r.status_code in (400, 403)
    assert r.json()["__type"] == "com.amazon.coral.service#MissingAuthenticationTokenException"
    assert err_message(r) == "Request is missing Authentication Token"


def test_wrong_content_type(endpoint):
    # dynalite records 404 with an XML <UnknownOperationException/> body; assert the robust part.
    r = raw_post(endpoint, TARGET + "ListTables", "{}", content_type="text/plain")
    assert r.status_code in (400, 404)
    assert "UnknownOperationException" in r.text


def test_application_json_content_type_accepted(endpoint):
    r = raw_post(endpoint, TARGET + "ListTables", "{}", content_type="application/json")
    assert r.status_code == 200
    assert "TableNames" in r.json()


def test_validation_error_shape(endpoint):
    r = raw_post(endpoint, TARGET + "DescribeTable", {})
    assert r.status_code == 400
    body = r.json()
    assert body["__type"] == "com.amazon.coral.validate#ValidationException"
    assert body["message"] == (
        "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: "
        "Member must not be null"
    )


def test_not_found_error_shape(endpoint):
    name = "missing-" + uid()
    r = raw_post(endpoint, TARGET + "DescribeTable", {"TableName": name})
    assert r.status_code == 400
    body = r.json()
    assert body["__type"] == "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"
    assert body["message"] == f"Requested resource not found: Table: {name} not found"


def _put_payload(table, pk, extra=None):
    item = {"pk": {"S": pk}}
    item.update(extra or {})
    return json.dumps({"TableName": table, "Item": item}).encode()


def _get(endpoint, table, pk):
    r = raw_post(endpoint, TARGET + "GetItem", {"TableName": table, "Key": {"pk": {"S": pk}}, "ConsistentRead": True})
    assert r.status_code == 200
    return r.json().get("Item")


def test_gzip_request_body(endpoint, table):
    pk = uid()
    body = gzip.compress(_put_payload(table, pk, {"v": {"S": "zipped"}}))
    r = raw_post(endpoint, TARGET + "PutItem", body, headers={"Content-Encoding": "gzip"})
    assert r.status_code == 200, r.text
    assert _get(endpoint, table, pk) == {"pk": {"S": pk}, "v": {"S": "zipped"}}


def test_gzip_request_two_members(endpoint, table):
    pk = uid()
    payload = _put_payload(table, pk)
    body = gzip.compress(payload[:7]) + gzip.compress(payload[7:])
    r = raw_post(endpoint, TARGET + "PutItem", body, headers={"Content-Encoding": "gzip"})
    assert r.status_code == 200, r.text
    assert _get(endpoint, table, pk) == {"pk": {"S": pk}}


def test_gzip_header_with_plain_body_is_500(endpoint, table):
    pk = uid()
    r = raw_post(endpoint, TARGET + "PutItem", _put_payload(table, pk), headers={"Content-Encoding": "gzip"})
    assert r.status_code == 500
    assert _get(endpoint, table, pk) is None


def test_truncated_gzip_is_500(endpoint, table):
    pk = uid()
    body = gzip.compress(_put_payload(table, pk))[:-1]
    r = raw_post(endpoint, TARGET + "PutItem", body, headers={"Content-Encoding": "gzip"})
    assert r.status_code == 500
    assert _get(endpoint, table, pk) is None


def test_server_survives_garbage(endpoint):
    for junk in ["}}}", "{", "[1,2", "\x00\x01", '{"TableName": {"S": 1}}', "{" * 5000]:
        r = raw_post(endpoint, TARGET + "PutItem", junk)
        assert r.status_code in (400, 413, 500)
    assert raw_post(endpoint, TARGET + "ListTables", {}).status_code == 200


def test_boto3_sees_request_id(ddb):
    resp = ddb.list_tables()
    assert resp["ResponseMetadata"]["RequestId"]
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
