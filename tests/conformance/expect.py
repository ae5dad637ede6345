"""What the conformance tests expect of DynamoDB's answers, and the few builders they share.

Errors, in two equivalent forms (one implementation, `_caught`):
- a block:  `with validation(exact=...):` / `with error(CODE, contains=...) as e:` (e.code,
  e.message and e.response are set after the block);
- a call:   `expect_validation(message, ddb.put_item, TableName=..., ...)`,
  `expect_error(CODE, message, call, ...)`, ... which return what was caught.

DynamoDB is rolling out the "1 validation error detected: " envelope around some of its bespoke
messages region by region; `bare_or_enveloped=` and `expect_validation(..., envelope=None)`
accept either form, `exact=` and `envelope=True/False` demand one.

Builders: S/N attribute values, unique names, table specs, waiting for ACTIVE, raw HTTP posts.
"""

import contextlib
import json
import os
import time
import uuid

import botocore.exceptions
import pytest

VALIDATION = "ValidationException"
NOT_FOUND = "ResourceNotFoundException"
CCF = "ConditionalCheckFailedException"
CANCELED = "TransactionCanceledException"

ENVELOPE = "1 validation error detected: "

# Against a local ddb every client uses these dummy credentials and region. With $DDB_ENDPOINT
# (for instance real DynamoDB) region and credentials come from the normal AWS environment.
REMOTE = bool(os.environ.get("DDB_ENDPOINT"))
CREDENTIALS = (
    {}
    if REMOTE
    else dict(region_name="us-east-1", aws_access_key_id="AKIDTEST", aws_secret_access_key="secret")
)


def aws_cli_env():
    """The environment for an AWS CLI subprocess: dummy credentials unless $DDB_ENDPOINT is set."""
    env = dict(os.environ, AWS_PAGER="")
    if not REMOTE:
        env.update(AWS_ACCESS_KEY_ID="AKIDTEST", AWS_SECRET_ACCESS_KEY="secret", AWS_DEFAULT_REGION="us-east-1")
        env.pop("AWS_PROFILE", None)
        env.pop("AWS_SESSION_TOKEN", None)
    return env


# --- errors ---------------------------------------------------------------------------------


class _Caught:
    def __init__(self):
        self.code = None
        self.message = None
        self.response = None


@contextlib.contextmanager
def _caught():
    """The block must raise a ClientError; its code, message and response are recorded."""
    caught = _Caught()
    with pytest.raises(botocore.exceptions.ClientError) as info:
        yield caught
    err = info.value.response.get("Error", {})
    caught.code = err.get("Code")
    caught.message = err.get("Message", "")
    caught.response = info.value.response


@contextlib.contextmanager
def error(code, contains=None, exact=None, bare_or_enveloped=None, startswith=None):
    """Expect a ClientError with this error code.

    contains:          every given substring (str or list) must occur in the message.
    exact:             the message must equal this text.
    bare_or_enveloped: the message must be this text, with or without the envelope.
    startswith:        the message must start with this text.
    """
    with _caught() as caught:
        yield caught
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


def error_of(call, *args, **kwargs):
    """The call must fail with a ClientError: (code, message, response)."""
    with _caught() as caught:
        call(*args, **kwargs)
    return caught.code, caught.message, caught.response


def expect_error(code, message, call, *args, **kwargs):
    """The call fails with exactly this error code and exactly this message."""
    got_code, got_message, response = error_of(call, *args, **kwargs)
    assert got_code == code, (got_code, got_message)
    assert got_message == message, got_message
    return response


def expect_error_contains(code, fragment, call, *args, **kwargs):
    """The call fails with this error code and a message containing fragment."""
    got_code, got_message, response = error_of(call, *args, **kwargs)
    assert got_code == code, (got_code, got_message)
    assert fragment in got_message, got_message
    return got_message


def expect_validation(message, call, *args, envelope=None, **kwargs):
    """A ValidationException with DynamoDB's message.

    envelope=None accepts the message with or without "1 validation error detected: ";
    envelope=True/False demands the one form.
    """
    got_code, got_message, response = error_of(call, *args, **kwargs)
    assert got_code == VALIDATION, (got_code, got_message)
    if envelope is None:
        assert got_message in (message, ENVELOPE + message), got_message
    elif envelope:
        assert got_message == ENVELOPE + message, got_message
    else:
        assert got_message == message, got_message
    return response


def expect_validation_prefix(prefix, call, *args, **kwargs):
    """A ValidationException whose message (after the optional envelope) starts with prefix."""
    got_code, got_message, response = error_of(call, *args, **kwargs)
    assert got_code == VALIDATION, (got_code, got_message)
    body = got_message[len(ENVELOPE):] if got_message.startswith(ENVELOPE) else got_message
    assert body.startswith(prefix), got_message
    return got_message


def expect_validation_contains(fragment, call, *args, **kwargs):
    return expect_error_contains(VALIDATION, fragment, call, *args, **kwargs)


def expect_condition_failed(call, *args, **kwargs):
    return expect_error(CCF, "The conditional request failed", call, *args, **kwargs)


def expect_enum_error(value, path, members, call, *args, **kwargs):
    """The framework's enum error for one member. DynamoDB prints the value set in its own
    (server-side) order, which is not always the order of the published model, so the set is
    compared as a set."""
    got_code, got_message, response = error_of(call, *args, **kwargs)
    assert got_code == VALIDATION, (got_code, got_message)
    head = (
        f"1 validation error detected: Value '{value}' at '{path}' failed to satisfy constraint: "
        "Member must satisfy enum value set: ["
    )
    assert got_message.startswith(head) and got_message.endswith("]"), got_message
    assert sorted(got_message[len(head):-1].split(", ")) == sorted(members), got_message


# --- values and names -----------------------------------------------------------------------


def S(v):
    return {"S": v}


def N(v):
    return {"N": str(v)}


def range_key(pk="a", sk="1"):
    """A key of a pk (S) / sk (N) table."""
    return {"pk": {"S": pk}, "sk": {"N": sk}}


def sample_key():
    """The key of the item that the `sample_item` fixture stores."""
    return range_key("k", "1")


def uid():
    return uuid.uuid4().hex[:10]


def unique_name(prefix="t"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


# --- tables ---------------------------------------------------------------------------------

HASH = [("pk", "S", "HASH")]


def table_spec(name, keys=HASH, billing="PAY_PER_REQUEST", extra_attrs=(), **extra):
    """CreateTable arguments. keys: [(name, type, 'HASH'|'RANGE')]; extra_attrs: [(name, type)]
    for index keys; billing: "PAY_PER_REQUEST" or (read, write) provisioned throughput."""
    spec = dict(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": t} for n, t, _ in keys]
        + [{"AttributeName": n, "AttributeType": t} for n, t in extra_attrs],
        KeySchema=[{"AttributeName": n, "KeyType": k} for n, _, k in keys],
    )
    if billing == "PAY_PER_REQUEST":
        spec["BillingMode"] = "PAY_PER_REQUEST"
    else:
        spec["ProvisionedThroughput"] = {"ReadCapacityUnits": billing[0], "WriteCapacityUnits": billing[1]}
    spec.update(extra)
    return spec


def wait_active(ddb, name):
    """The table's description once it and all its GSIs are ACTIVE. DynamoDB creates tables
    asynchronously (CREATING for a while); ddb answers ACTIVE at once, and then this returns
    immediately."""
    ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 0.2, "MaxAttempts": 600})
    for _ in range(1200):
        desc = ddb.describe_table(TableName=name)["Table"]
        if desc["TableStatus"] == "ACTIVE" and all(
            g.get("IndexStatus", "ACTIVE") == "ACTIVE" for g in desc.get("GlobalSecondaryIndexes", [])
        ):
            return desc
        time.sleep(0.1)
    raise AssertionError(f"table {name} never became ACTIVE")


def drop_table(ddb, name):
    """Delete a table made by a test, whatever state the test left it in."""
    for _ in range(2):
        try:
            ddb.describe_table(TableName=name)  # never created, or gone already: nothing to do
            wait_active(ddb, name)
            ddb.delete_table(TableName=name)
            return
        except ddb.exceptions.ResourceNotFoundException:
            return
        except botocore.exceptions.ClientError as e:
            if e.response["Error"]["Code"] != VALIDATION:
                return
            # Deletion protection left on by a test.
            try:
                ddb.update_table(TableName=name, DeletionProtectionEnabled=False)
            except botocore.exceptions.ClientError:
                return
        except Exception:
            return


# --- raw HTTP -------------------------------------------------------------------------------


def raw_post(endpoint, target, body, headers=None, content_type="application/x-amz-json-1.0", auth=True):
    """POST a raw DynamoDB request with the requests library, with a well-formed but unverified
    Authorization header. body: dict, str or bytes."""
    import requests

    h = {"Content-Type": content_type}
    if target is not None:
        h["X-Amz-Target"] = target
    if auth:
        h["Authorization"] = (
            "AWS4-HMAC-SHA256 Credential=AKIDTEST/20240101/us-east-1/dynamodb/aws4_request, "
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
