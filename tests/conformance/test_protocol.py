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


# --- the HTTP front end (docs/research/scan-order-and-http.md §B) -------------------------------
# Request codings: scylladb alternator test/alternator/test_compressed_request.py (run against
# DynamoDB). Response compression: alternator test_compressed_response.py and test_crc.py.
# Body size and health check: architect/dynalite test/connection.js (run against DynamoDB).


@pytest.mark.parametrize("coding", ["garbage", "deflate", "x-gzip", "br"])
def test_unknown_content_encoding_is_500_and_nothing_runs(endpoint, hash_table, coding):
    # "gzip is the only Content-Encoding supported by DynamoDB": anything else is 500, and the
    # write must not happen even though the body is plain, readable JSON.
    pk = uid()
    r = raw_post(endpoint, TARGET + "PutItem", _put_payload(hash_table, pk), headers={"Content-Encoding": coding})
    assert r.status_code == 500
    assert type_of(r).endswith("#InternalServerError")
    assert _get(endpoint, hash_table, pk) is None


def test_empty_gzip_body_is_500(endpoint):
    r = raw_post(endpoint, TARGET + "ListTables", b"", headers={"Content-Encoding": "gzip"})
    assert r.status_code == 500


def test_gzip_followed_by_junk_is_accepted(endpoint, hash_table):
    # DynamoDB accepts it (alternator marks the test dynamodb_bug).
    pk = uid()
    body = gzip.compress(_put_payload(hash_table, pk)) + b"junk"
    r = raw_post(endpoint, TARGET + "PutItem", body, headers={"Content-Encoding": "gzip"})
    assert r.status_code == 200, r.text
    assert _get(endpoint, hash_table, pk) == {"pk": {"S": pk}}


def test_gzip_decoded_body_may_exceed_16_mib(endpoint):
    # DynamoDB applies the 16 MiB limit to the body as sent, not after decompression.
    payload = json.dumps({"Limit": 5, "ExclusiveStartTableName": "a" * 255}).encode()
    payload = payload[:-1] + b" " * (16 * 1024 * 1024 + 10) + b"}"
    r = raw_post(endpoint, TARGET + "ListTables", gzip.compress(payload), headers={"Content-Encoding": "gzip"})
    assert r.status_code == 200, r.text


@pytest.mark.skipif(REMOTE, reason="our own cap (DynamoDB accepts about 1 GB decoded)")
def test_gzip_bomb_is_413(endpoint):
    payload = b"{" + b" " * (64 * 1024 * 1024 + 1) + b"}"
    r = raw_post(endpoint, TARGET + "ListTables", gzip.compress(payload, 1), headers={"Content-Encoding": "gzip"})
    assert r.status_code == 413


def _fill(endpoint, table, n=40):
    for i in range(n):
        r = raw_post(endpoint, TARGET + "PutItem", {"TableName": table, "Item": {"pk": {"S": f"k{i}"}, "v": {"S": "x" * 300}}})
        assert r.status_code == 200, r.text


def _raw_scan(endpoint, table, accept):
    # stream=True and decode_content=False: the bytes exactly as the server sent them.
    headers = {
        "Content-Type": JSON10,
        "X-Amz-Target": TARGET + "Scan",
        "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDTEST/20240101/us-east-1/dynamodb/aws4_request, "
        "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0" * 64,
        "X-Amz-Date": "20240101T000000Z",
    }
    if accept is not None:
        headers["Accept-Encoding"] = accept
    r = requests.post(endpoint + "/", data=json.dumps({"TableName": table}), headers=headers, timeout=30, stream=True)
    return r, r.raw.read(decode_content=False)


@pytest.mark.parametrize(
    "accept,coding",
    [("gzip", "gzip"), ("deflate", "deflate"), ("br, identity, deflate, gzip", "deflate"), ("*", "gzip"),
     ("identity", None), ("*;q=0", None), ("gzip;q=0", None)],
)
def test_large_response_compressed_per_accept_encoding(endpoint, hash_table, accept, coding):
    _fill(endpoint, hash_table)
    r, sent = _raw_scan(endpoint, hash_table, accept)
    assert r.status_code == 200
    assert r.headers.get("Content-Encoding") == coding
    # x-amz-crc32 covers the bytes as sent (compressed ones when compressed).
    assert int(r.headers["x-amz-crc32"]) == zlib.crc32(sent)
    if coding == "gzip":
        assert sent[:2] == b"\x1f\x8b"
        plain = gzip.decompress(sent)
    elif coding == "deflate":
        plain = zlib.decompress(sent)
    else:
        plain = sent
    assert len(plain) > 4096
    assert json.loads(plain)["Count"] == 40


def test_small_response_never_compressed(endpoint, hash_table):
    r, sent = _raw_scan(endpoint, hash_table, "gzip")
    assert r.status_code == 200 and len(sent) <= 4096
    assert "Content-Encoding" not in r.headers
    assert int(r.headers["x-amz-crc32"]) == zlib.crc32(sent)


def test_boto3_reads_a_gzip_response(endpoint, hash_table, new_client):
    # botocore asks for identity and does not inflate bodies itself (against DynamoDB too), so
    # the hook below inflates before parsing; botocore's own x-amz-crc32 check (retryhandler
    # CRC32Checker, over the raw bytes) must still pass, which it does only when the CRC covers
    # the compressed bytes, as DynamoDB's does (alternator test_crc.py).
    _fill(endpoint, hash_table)
    client = new_client()
    seen = {}

    def ask_gzip(request, **_):
        request.headers["Accept-Encoding"] = "gzip"

    def inflate(response_dict, **_):
        seen["encoding"] = response_dict["headers"].get("Content-Encoding")
        if seen["encoding"] == "gzip":
            response_dict["body"] = gzip.decompress(response_dict["body"])

    client.meta.events.register("before-send.dynamodb.Scan", ask_gzip)
    client.meta.events.register("before-parse.dynamodb.Scan", inflate)
    out = client.scan(TableName=hash_table)
    assert out["Count"] == 40
    assert seen["encoding"] == "gzip"
    assert out["ResponseMetadata"]["RetryAttempts"] == 0


def test_body_over_16_mib_is_413(endpoint):
    # dynalite connection.js (against DynamoDB): 16 MiB + 1 bytes -> 413, empty and sent
    # chunked; the client gets the answer (not a reset connection).
    r = raw_post(endpoint, TARGET + "ListTables", b" " * (16 * 1024 * 1024 + 1))
    assert r.status_code == 413
    assert r.content == b""
    assert r.headers.get("Transfer-Encoding") == "chunked"
    assert "Content-Length" not in r.headers


def test_body_of_exactly_16_mib_is_not_413(endpoint):
    r = raw_post(endpoint, TARGET + "ListTables", b"{" + b" " * (16 * 1024 * 1024 - 2) + b"}")
    assert r.status_code == 200, r.text[:200]


@pytest.mark.skipif(REMOTE, reason="our own limit: DynamoDB's header-size limit is not on record")
def test_oversize_headers_get_431(endpoint):
    r = raw_post(endpoint, TARGET + "ListTables", {}, headers={"X-Big": "a" * 40000})
    assert r.status_code == 431
    r = raw_post(endpoint, TARGET + "ListTables", {}, headers={"X-Big": "a" * 8000})
    assert r.status_code == 200


def test_health_check_exact_body(endpoint):
    r = requests.get(endpoint + "/", timeout=10)
    assert r.status_code == 200
    assert r.content == b"healthy: dynamodb.us-east-1.amazonaws.com "
    assert r.headers["Content-Length"] == "42"
    assert r.headers["x-amz-crc32"] == "3128867991"
    assert "x-amzn-RequestId" in r.headers


def test_get_on_another_path_is_404(endpoint):
    # alternator test_health.py: GET on another path gives a status from 400 to 404.
    r = requests.get(endpoint + "/health", timeout=10)
    assert 400 <= r.status_code <= 404
