"""UpdateTimeToLive and DescribeTimeToLive: DynamoDB's checks in order, and the cooldown
between two changes. Sources: ack-api-quirks' live probes of 2026 (DDB-TABLE-143 to -147;
docs/research/aws-live-probes-2026.md A9)."""

from expect import expect_error


def ttl(enabled, attribute="expires"):
    return {"Enabled": enabled, "AttributeName": attribute}


def test_content_checks_come_before_the_cooldown(ddb, hash_table):
    ddb.update_time_to_live(TableName=hash_table, TimeToLiveSpecification=ttl(True))
    described = ddb.describe_time_to_live(TableName=hash_table)["TimeToLiveDescription"]
    assert described == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}
    expect_error("ValidationException", "TimeToLive is already enabled",
                 ddb.update_time_to_live, TableName=hash_table, TimeToLiveSpecification=ttl(True))
    expect_error("ValidationException",
                 "TimeToLive is active on a different AttributeName: current AttributeName is expires",
                 ddb.update_time_to_live, TableName=hash_table,
                 TimeToLiveSpecification=ttl(True, "other"))


def test_a_second_change_within_about_31_minutes_is_refused(ddb, hash_table):
    ddb.update_time_to_live(TableName=hash_table, TimeToLiveSpecification=ttl(True))
    expect_error("ValidationException",
                 "Time to live has been modified multiple times within a fixed interval",
                 ddb.update_time_to_live, TableName=hash_table, TimeToLiveSpecification=ttl(False))
    # The refused change left the setting as it was.
    described = ddb.describe_time_to_live(TableName=hash_table)["TimeToLiveDescription"]
    assert described["TimeToLiveStatus"] == "ENABLED"


def test_disabling_a_table_without_ttl_is_refused(ddb, hash_table):
    expect_error("ValidationException", "TimeToLive is already disabled",
                 ddb.update_time_to_live, TableName=hash_table, TimeToLiveSpecification=ttl(False))
