"""Assertions on DynamoDB errors."""

import botocore
import pytest


def error_of(call, *args, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as info:
        call(*args, **kwargs)
    return info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]


def assert_error(code, message, call, *args, **kwargs):
    got_code, got_message = error_of(call, *args, **kwargs)
    assert got_code == code, got_message
    assert got_message == message


def assert_error_contains(code, fragment, call, *args, **kwargs):
    got_code, got_message = error_of(call, *args, **kwargs)
    assert got_code == code, got_message
    assert fragment in got_message, got_message
