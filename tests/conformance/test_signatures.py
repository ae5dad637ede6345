"""SigV4 verified, on a server started with credentials (`ddb serve --credentials FILE`).

The exceptions and texts are DynamoDB's (docs/research/sigv4-verification.md has each source:
dynalite's test/connection.js and index.js, recorded against DynamoDB; Alternator's
test_authorization.py, which runs against AWS; GitHub issues quoting AWS answers). Requests that
need a chosen time or scope are signed here by hand (`sign`), so the server's verification is
checked against a second implementation besides botocore's.
"""

import datetime
import gzip
import hashlib
import hmac
import json
import os

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError

SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TARGET = "DynamoDB_20120810."


@pytest.fixture(scope="module")
def url(serve_with, tmp_path_factory):
    if os.environ.get("DDB_ENDPOINT"):
        pytest.skip("needs its own `ddb serve --credentials FILE`")
    path = tmp_path_factory.mktemp("creds") / "credentials.json"
    path.write_text(json.dumps({"Credentials": [
        {"AccessKeyId": "AKIDPERMANENT", "SecretAccessKey": SECRET},
        {"AccessKeyId": "ASIATEMPORARY", "SecretAccessKey": SECRET, "SessionToken": "the-token",
         "PrincipalArn": "arn:aws:iam::111122223333:role/tester"},
        {"AccessKeyId": "ASIAEXPIRED", "SecretAccessKey": SECRET, "SessionToken": "old-token",
         "Expiration": "2020-01-01T00:00:00Z"},
    ]}))
    return serve_with("--credentials", str(path))


def client(url, key="AKIDPERMANENT", secret=SECRET, token=None, region="us-east-1"):
    return boto3.client(
        "dynamodb", endpoint_url=url, region_name=region, aws_access_key_id=key,
        aws_secret_access_key=secret, aws_session_token=token,
        config=Config(retries={"total_max_attempts": 1, "mode": "standard"}),
    )


def error_of(call):
    with pytest.raises(ClientError) as info:
        call()
    return info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]


def sign(url, body, when, key="AKIDPERMANENT", secret=SECRET, scope_region="us-east-1",
         encoding=None):
    """A ListTables request signed by hand (SigV4 as the AWS guide gives it) at time `when`."""
    host = url.split("://", 1)[1].rstrip("/")
    stamp = when.strftime("%Y%m%dT%H%M%SZ")
    day = stamp[:8]
    headers = {"content-type": "application/x-amz-json-1.0", "host": host,
               "x-amz-date": stamp, "x-amz-target": TARGET + "ListTables"}
    if encoding:
        headers["content-encoding"] = encoding
    names = sorted(headers)
    canonical = "\n".join([
        "POST", "/", "",
        "".join(f"{n}:{headers[n]}\n" for n in names),
        ";".join(names),
        hashlib.sha256(body).hexdigest(),
    ])
    scope = f"{day}/{scope_region}/dynamodb/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", stamp, scope,
                         hashlib.sha256(canonical.encode()).hexdigest()])
    k = ("AWS4" + secret).encode()
    for part in (day, scope_region, "dynamodb", "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = (f"AWS4-HMAC-SHA256 Credential={key}/{scope}, "
                                f"SignedHeaders={';'.join(names)}, Signature={signature}")
    del headers["host"]
    return requests.post(url + "/", data=body, headers=headers, timeout=10)


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def test_the_right_key_is_served(url):
    ddb = client(url)
    assert "TableNames" in ddb.list_tables()


def test_a_temporary_key_with_its_token_is_served(url):
    ddb = client(url, key="ASIATEMPORARY", token="the-token")
    assert "TableNames" in ddb.list_tables()


def test_another_secret_is_an_invalid_signature(url):
    # dynalite index.js; boto/boto#1552 quotes AWS's answer.
    code, message = error_of(lambda: client(url, secret="not-the-secret").list_tables())
    assert code == "InvalidSignatureException"
    assert message.startswith(
        "The request signature we calculated does not match the signature you provided. "
        "Check your AWS Secret Access Key and signing method. Consult the service "
        "documentation for details.")


def test_an_unknown_key_is_unrecognized(url):
    # dynalite index.js; Alternator test_wrong_key_access (run against AWS).
    code, message = error_of(lambda: client(url, key="AKIDUNKNOWN").list_tables())
    assert (code, message) == (
        "UnrecognizedClientException", "The security token included in the request is invalid.")


def test_a_wrong_or_missing_session_token_is_unrecognized(url):
    # dynalite index.js: an invalid X-Amz-Security-Token, with no final full stop.
    for token in ("another-token", None):
        code, message = error_of(
            lambda: client(url, key="ASIATEMPORARY", token=token).list_tables())
        assert (code, message) == (
            "UnrecognizedClientException", "The security token included in the request is invalid")


def test_a_hand_signed_request_is_served(url):
    r = sign(url, b"{}", now())
    assert r.status_code == 200, r.text
    assert "TableNames" in r.json()


def test_a_signature_older_than_15_minutes_has_expired(url):
    # praetorian-inc/chariot-ui#453 quotes AWS: "Signature expired: <t> is now earlier than
    # <now - 15 min> (<now> - 15 min.)".
    r = sign(url, b"{}", now() - datetime.timedelta(minutes=20))
    assert r.status_code == 400
    body = r.json()
    assert body["__type"] == "com.amazon.coral.service#InvalidSignatureException"
    assert body["message"].startswith("Signature expired: ")
    assert " is now earlier than " in body["message"]
    assert body["message"].endswith(" - 15 min.)")


def test_a_signature_from_the_future_is_not_yet_current(url):
    # Alternator test_signature_too_futuristic (run against AWS).
    r = sign(url, b"{}", now() + datetime.timedelta(minutes=20))
    assert r.status_code == 400
    message = r.json()["message"]
    assert message.startswith("Signature not yet current: ")
    assert " is still later than " in message and message.endswith(" + 15 min.)")


def test_another_region_is_out_of_scope(url):
    # aws/aws-sdk-js#4002 quotes AWS: "Credential should be scoped to a valid region, not '<r>'."
    code, message = error_of(lambda: client(url, region="eu-west-1").list_tables())
    assert code == "InvalidSignatureException"
    assert message.startswith("Credential should be scoped to a valid region, not 'eu-west-1'.")


def test_a_compressed_body_is_signed_as_sent(url):
    body = gzip.compress(b"{}")
    r = sign(url, body, now(), encoding="gzip")
    assert r.status_code == 200, r.text


def test_an_expired_session_is_an_expired_token(url):
    # guregu/dynamo#68 quotes DynamoDB's answer for an expired session token.
    code, message = error_of(
        lambda: client(url, key="ASIAEXPIRED", token="old-token").list_tables())
    assert (code, message) == (
        "ExpiredTokenException", "The security token included in the request is expired")
