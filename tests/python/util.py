"""Assertions on DynamoDB errors, and small item helpers."""

import botocore.exceptions
import pytest

ENVELOPE = "1 validation error detected: "


def error_of(call, *args, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as info:
        call(*args, **kwargs)
    err = info.value.response["Error"]
    return err.get("Code"), err.get("Message"), info.value.response


def expect_error(code, message, call, *args, **kwargs):
    """The call fails with exactly this error code and exactly this message."""
    got_code, got_message, response = error_of(call, *args, **kwargs)
    assert got_code == code, (got_code, got_message)
    assert got_message == message, got_message
    return response


def expect_validation(message, call, *args, envelope=None, **kwargs):
    """A ValidationException with DynamoDB's message.

    envelope=None: DynamoDB is rolling out the "1 validation error detected: " wrapper for some of
    its bespoke messages region by region, so either form is accepted. envelope=True/False demands
    the one form.
    """
    got_code, got_message, response = error_of(call, *args, **kwargs)
    assert got_code == "ValidationException", (got_code, got_message)
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
    assert got_code == "ValidationException", (got_code, got_message)
    body = got_message[len(ENVELOPE):] if got_message.startswith(ENVELOPE) else got_message
    assert body.startswith(prefix), got_message
    return got_message


def expect_not_found(call, *args, **kwargs):
    got_code, got_message, response = error_of(call, *args, **kwargs)
    assert got_code == "ResourceNotFoundException", (got_code, got_message)
    return got_message


def expect_condition_failed(call, *args, **kwargs):
    return expect_error("ConditionalCheckFailedException", "The conditional request failed", call, *args, **kwargs)


def S(v):
    return {"S": v}


def N(v):
    return {"N": str(v)}


def expect_validation_contains(fragment, call, *args, **kwargs):
    got_code, got_message, response = error_of(call, *args, **kwargs)
    assert got_code == "ValidationException", (got_code, got_message)
    assert fragment in got_message, got_message
    return got_message


def expect_enum_error(value, path, members, call, *args, **kwargs):
    """The framework's enum error for one member. DynamoDB prints the value set in its own
    (server-side) order, which is not always the order of the published model, so the set is
    compared as a set."""
    got_code, got_message, response = error_of(call, *args, **kwargs)
    assert got_code == "ValidationException", (got_code, got_message)
    head = (
        f"1 validation error detected: Value '{value}' at '{path}' failed to satisfy constraint: "
        "Member must satisfy enum value set: ["
    )
    assert got_message.startswith(head) and got_message.endswith("]"), got_message
    assert sorted(got_message[len(head):-1].split(", ")) == sorted(members), got_message
