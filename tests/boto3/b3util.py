"""Helpers shared by the boto3 conformance tests (imported by the test modules)."""

import contextlib
import json
import uuid

import pytest
from botocore.exceptions import ClientError

VALIDATION = "ValidationException"
NOT_FOUND = "ResourceNotFoundException"
IN_USE = "ResourceInUseException"
CCF = "ConditionalCheckFailedException"
CANCELED = "TransactionCanceledException"

ENVELOPE = "1 validation error detected: "


class _Caught:
    def __init__(self):
        self.code = None
        self.message = None
        self.response = None


@contextlib.contextmanager
def error(code, contains=None, exact=None, bare_or_enveloped=None, startswith=None):
    """Expect a ClientError with this error code.

    contains:          every given substring (str or list) must occur in the message.
    exact:             the message must equal this text.
    bare_or_enveloped: the message must be this text, optionally wrapped in
                       "1 validation error detected: " (AWS is rolling the envelope out region
                       by region, see dynamodb-messages.md).
    """
    caught = _Caught()
    with pytest.raises(ClientError) as info:
        yield caught
    err = info.value.response.get("Error", {})
    caught.code = err.get("Code")
    caught.message = err.get("Message", "")
    caught.response = info.value.response
    assert caught.code == code, f"expected {code}, got {caught.code}: {caught.message!r}"
    msg = caught.message
    if contains is not None:
        for part in [contains] if isinstance(contains, str) else contains:
            assert part in msg, f"expected {part!r} in message {msg!r}"
    if exact is not None:
        assert msg == exact, f"expected message {exact!r}, got {msg!r}"
    if bare_or_enveloped is not None:
        assert msg in (bare_or_enveloped, ENVELOPE + bare_or_enveloped), (
            f"expected message {bare_or_enveloped!r} (with or without the envelope), got {msg!r}"
        )
    if startswith is not None:
        assert msg.startswith(startswith), f"expected message starting {startswith!r}, got {msg!r}"


def validation(contains=None, **kw):
    return error(VALIDATION, contains=contains, **kw)


def S(v):
    return {"S": v}


def N(v):
    return {"N": str(v)}


def key(pk, sk=None, pk_name="pk", sk_name="sk"):
    k = {pk_name: {"S": pk}}
    if sk is not None:
        k[sk_name] = {"N": str(sk)}
    return k


def uid():
    return uuid.uuid4().hex[:10]


def raw_post(endpoint, target, body, headers=None, content_type="application/x-amz-json-1.0", auth=True):
    """POST a raw DynamoDB request with the requests library. body: dict, str or bytes."""
    import requests

    h = {"Content-Type": content_type}
    if target is not None:
        h["X-Amz-Target"] = target
    if auth:
        h["Authorization"] = (
            "AWS4-HMAC-SHA256 Credential=AKIAB3SUITEEXAMPLE/20240101/us-east-1/dynamodb/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0" * 64
        )
        h["X-Amz-Date"] = "20240101T000000Z"
    if headers:
        h.update(headers)
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
    return requests.post(endpoint + "/", data=body, headers=h, timeout=30)


def error_type(resp):
    """The exception name (after '#') from a raw error response."""
    t = resp.json().get("__type", "")
    return t.split("#")[-1]


def err_message(resp):
    body = resp.json()
    return body.get("message", body.get("Message"))


def unique_name(prefix="b3"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"
