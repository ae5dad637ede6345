"""UpdateTable: throughput, billing mode, deletion protection, table class, and its
validations. (GSI changes: test_indexes.py.)"""

from expect import (
    error_of,
    expect_error,
    expect_validation,
    expect_validation_prefix,
    table_spec,
    unique_name,
    validation,
    wait_active,
)


def test_not_found(ddb):
    expect_error(
        "ResourceNotFoundException",
        "Requested resource not found: Table: no-such-table-upd not found",
        ddb.update_table,
        TableName="no-such-table-upd",
        BillingMode="PAY_PER_REQUEST",
    )


# Texts below not otherwise cited: ack-api-quirks' catalogue of DynamoDB's ValidationException
# texts (DDB-TABLE-442, mined from AWS responses and probed live in us-east-1 and us-west-2,
# 2026-10). Older regions listed fewer members in the first one.
NOTHING = ("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, {}"
           "SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, {}"
           "DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required")
INVALID = "One or more parameter values were invalid: "


def test_nothing_to_update(ddb, hash_table):
    full = NOTHING.format("GlobalSecondaryIndexUpdates, ", "MultiRegionConsistency, ")
    expect_error("ValidationException", full, ddb.update_table, TableName=hash_table)
    # Attribute definitions alone change nothing.
    expect_error("ValidationException", full, ddb.update_table,
                 TableName=hash_table, AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    # Validation comes before the table is looked up (ack-api-quirks DDB-TABLE-015).
    expect_error("ValidationException", full, ddb.update_table, TableName="no-such-table-upd")


def test_nothing_to_update_leaves_out_what_the_request_gave(ddb, hash_table):
    # ack-api-quirks DDB-TABLE-359 and -449 (live, 2026-10).
    expect_error("ValidationException", NOTHING.format("GlobalSecondaryIndexUpdates, ", ""), ddb.update_table,
                 TableName=hash_table, MultiRegionConsistency="EVENTUAL")
    expect_error("ValidationException", NOTHING.format("", "MultiRegionConsistency, "), ddb.update_table,
                 TableName=hash_table, GlobalSecondaryIndexUpdates=[])


def test_empty_index_update_list_beside_a_change(ddb, hash_table):
    # ack-api-quirks DDB-TABLE-359 and -160: refused, and the change beside it not applied.
    expect_error("ValidationException", INVALID + "List of GlobalSecondaryIndexUpdates is empty",
                 ddb.update_table, TableName=hash_table, GlobalSecondaryIndexUpdates=[],
                 TableClass="STANDARD_INFREQUENT_ACCESS")
    assert "TableClassSummary" not in ddb.describe_table(TableName=hash_table)["Table"]


def test_attribute_definitions_only_serve_new_indexes(ddb, hash_table):
    # ack-api-quirks DDB-TABLE-162 and -358 (live, 2026-10): extra, stale or retyped definitions
    # beside another change are accepted and ignored; the table's key keeps its type.
    ddb.update_table(TableName=hash_table, DeletionProtectionEnabled=False, AttributeDefinitions=[
        {"AttributeName": "pk", "AttributeType": "N"}, {"AttributeName": "extra", "AttributeType": "S"}])
    table = ddb.describe_table(TableName=hash_table)["Table"]
    assert table["AttributeDefinitions"] == [{"AttributeName": "pk", "AttributeType": "S"}]


def test_one_action_per_index_update(ddb, make_table):
    name = make_table(extra_attrs=[("g", "S")], GlobalSecondaryIndexes=[
        {"IndexName": "gsi", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
         "Projection": {"ProjectionType": "ALL"}}])
    expect_error("ValidationException",
                 INVALID + "Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object",
                 ddb.update_table, TableName=name,
                 GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "gsi"},
                                               "Update": {"IndexName": "gsi", "OnDemandThroughput": {}}}])
    assert len(ddb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"]) == 1


def test_changes_that_must_come_alone(ddb, make_table):
    name = make_table(billing=(5, 5))
    more = {"ProvisionedThroughput": {"ReadCapacityUnits": 6, "WriteCapacityUnits": 6}}
    for change, given in [
        ("Server-Side Encryption", {"SSESpecification": {"Enabled": True}, "DeletionProtectionEnabled": True}),
        ("TableClass", {"TableClass": "STANDARD_INFREQUENT_ACCESS", **more}),
        ("DeletionProtection", {"DeletionProtectionEnabled": True, **more}),
        ("DeletionProtection", {"DeletionProtectionEnabled": True, "BillingMode": "PAY_PER_REQUEST"}),
    ]:
        expect_error("ValidationException", INVALID + f"{change} modification must be the only operation in the request",
                     ddb.update_table, TableName=name, **given)
    table = ddb.describe_table(TableName=name)["Table"]
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert not table.get("DeletionProtectionEnabled")


def test_changes_that_conflict(ddb, make_table):
    name = make_table(billing=(5, 5), extra_attrs=[("g", "S")], GlobalSecondaryIndexes=[
        {"IndexName": "gsi", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
         "Projection": {"ProjectionType": "ALL"},
         "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}])
    throughput = {"ProvisionedThroughput": {"ReadCapacityUnits": 6, "WriteCapacityUnits": 6}}
    stream = {"StreamSpecification": {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}}
    drop = {"GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "gsi"}}]}
    for given, message in [
        ({**throughput, **stream}, "You cannot modify stream status while updating table IOPS"),
        ({"BillingMode": "PROVISIONED", **throughput, **stream},
         "You cannot modify stream status while updating table IOPS"),
        ({**throughput, **drop}, "You cannot create or delete index while updating table IOPS"),
        ({**stream, **drop}, "You cannot create or delete index while changing stream status"),
    ]:
        expect_error("ValidationException", INVALID + message, ddb.update_table, TableName=name, **given)
    # An index's own throughput may change beside the table's.
    ddb.update_table(TableName=name, **throughput, GlobalSecondaryIndexUpdates=[
        {"Update": {"IndexName": "gsi",
                    "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 2}}}])
    # A switch to PAY_PER_REQUEST goes with a stream change (DDB-TABLE-382).
    ddb.update_table(TableName=name, BillingMode="PAY_PER_REQUEST", **stream)
    assert ddb.describe_table(TableName=name)["Table"]["StreamSpecification"]["StreamEnabled"]


def test_local_index_is_not_deleted_or_updated(ddb, make_table):
    name = make_table([("pk", "S", "HASH"), ("sk", "S", "RANGE")], extra_attrs=[("l", "S")],
                      LocalSecondaryIndexes=[{"IndexName": "lsi", "KeySchema": [
                          {"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}],
                          "Projection": {"ProjectionType": "KEYS_ONLY"}}])
    expect_error("ValidationException", "Cannot delete an index that is not a GlobalSecondaryIndex: lsi",
                 ddb.update_table, TableName=name, GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "lsi"}}])
    expect_error("ValidationException", "Cannot update an index that is not a GlobalSecondaryIndex: lsi",
                 ddb.update_table, TableName=name, GlobalSecondaryIndexUpdates=[
                     {"Update": {"IndexName": "lsi", "OnDemandThroughput": {"MaxReadRequestUnits": 5}}}])


# --- throughput and billing mode -----------------------------------------------------------


def test_change_throughput(ddb, make_table):
    name = make_table([("pk", "S", "HASH")], billing=(5, 5))
    desc = ddb.update_table(
        TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 10, "WriteCapacityUnits": 7}
    )["TableDescription"]
    assert desc["TableName"] == name
    desc = wait_active(ddb, name)
    assert desc["ProvisionedThroughput"]["ReadCapacityUnits"] == 10
    assert desc["ProvisionedThroughput"]["WriteCapacityUnits"] == 7


def test_decrease_counted(ddb, make_table):
    name = make_table(billing=(5, 5))
    ddb.update_table(TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 5})
    pt = ddb.describe_table(TableName=name)["Table"]["ProvisionedThroughput"]
    assert pt["ReadCapacityUnits"] == 2
    assert pt["NumberOfDecreasesToday"] == 1
    assert "LastDecreaseDateTime" in pt


def test_decrease_counts(ddb, make_table):
    name = make_table([("pk", "S", "HASH")], billing=(5, 5))
    ddb.update_table(TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 2})
    desc = wait_active(ddb, name)
    pt = desc["ProvisionedThroughput"]
    assert (pt["ReadCapacityUnits"], pt["WriteCapacityUnits"]) == (2, 2)
    assert pt["NumberOfDecreasesToday"] == 1
    assert "LastDecreaseDateTime" in pt


def test_decreases_have_a_daily_budget(ddb, make_table):
    # Live probes (docs/research/aws-live-probes-2026.md B2: DDB-TABLE-184, -326, -157): four
    # decreases a UTC day, then one an hour; a refused decrease changes nothing; the table and
    # each global index have budgets of their own.
    import re

    name = make_table(billing=(50, 50), extra_attrs=[("g", "S")], GlobalSecondaryIndexes=[
        {"IndexName": "gsi", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
         "Projection": {"ProjectionType": "ALL"},
         "ProvisionedThroughput": {"ReadCapacityUnits": 50, "WriteCapacityUnits": 50}}])
    day_before = ddb.describe_table(TableName=name)["Table"]["ProvisionedThroughput"]
    assert day_before["NumberOfDecreasesToday"] == 0 and "LastDecreaseDateTime" not in day_before
    for units in (40, 30, 20, 10):
        ddb.update_table(TableName=name, ProvisionedThroughput={"ReadCapacityUnits": units, "WriteCapacityUnits": 50})
    code, message, _ = error_of(ddb.update_table, TableName=name,
                                ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 50})
    assert code == "LimitExceededException", (code, message)
    assert re.fullmatch(
        r"Subscriber limit exceeded: Provisioned throughput decreases are limited within a given UTC day\. "
        r"After the first 4 decreases, each subsequent decrease in the same UTC day can be performed at most "
        r"once every 3600 seconds\. Number of decreases today: 4\. "
        r"Last decrease at \w+day, \w+ \d{1,2}, \d{4} at \d{1,2}:\d\d:\d\d [AP]M Coordinated Universal Time\. "
        r"Next decrease can be made at \w+day, \w+ \d{1,2}, \d{4} at \d{1,2}:\d\d:\d\d [AP]M "
        r"Coordinated Universal Time\.", message), message
    table = ddb.describe_table(TableName=name)["Table"]
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 10
    assert table["ProvisionedThroughput"]["NumberOfDecreasesToday"] == 4
    # Increases are never refused; the index has its own four.
    ddb.update_table(TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 10, "WriteCapacityUnits": 60})
    for units in (40, 30, 20, 10):
        ddb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{"Update": {
            "IndexName": "gsi", "ProvisionedThroughput": {"ReadCapacityUnits": units, "WriteCapacityUnits": 50}}}])
    gsi = ddb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"]
    assert (gsi["ReadCapacityUnits"], gsi["NumberOfDecreasesToday"]) == (10, 4)
    expect_error_code = error_of(ddb.update_table, TableName=name, GlobalSecondaryIndexUpdates=[{"Update": {
        "IndexName": "gsi", "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 50}}}])[0]
    assert expect_error_code == "LimitExceededException"


def test_index_throughput_unchanged(ddb, make_table):
    name = make_table(billing=(5, 5), extra_attrs=[("g", "S")], GlobalSecondaryIndexes=[
        {"IndexName": "gsi", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
         "Projection": {"ProjectionType": "ALL"},
         "ProvisionedThroughput": {"ReadCapacityUnits": 3, "WriteCapacityUnits": 4}}])
    code, message, _ = error_of(ddb.update_table, TableName=name, GlobalSecondaryIndexUpdates=[{"Update": {
        "IndexName": "gsi", "ProvisionedThroughput": {"ReadCapacityUnits": 3, "WriteCapacityUnits": 4}}}])
    assert code == "ValidationException"
    # The start is the 2026 catalogue's (DDB-TABLE-442); the rest follows the table's text.
    assert message.startswith("The provisioned throughput for the index gsi will not change. "
                              "The requested value equals the current value."), message


def test_throughput_zero(ddb, make_table):
    name = make_table([("pk", "S", "HASH")], billing=(5, 5))
    expect_validation(
        "1 validation error detected: Value '0' at 'provisionedThroughput.readCapacityUnits' failed to "
        "satisfy constraint: Member must have value greater than or equal to 1",
        ddb.update_table,
        TableName=name,
        ProvisionedThroughput={"ReadCapacityUnits": 0, "WriteCapacityUnits": 5},
        envelope=False,
    )


def test_throughput_on_pay_per_request_table(ddb, hash_table):
    code, message, _ = error_of(
        ddb.update_table,
        TableName=hash_table,
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
    )
    assert code == "ValidationException", message


def test_pay_per_request_with_throughput_rejected(ddb, hash_table):
    with validation(contains="Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"):
        ddb.update_table(
            TableName=hash_table,
            BillingMode="PAY_PER_REQUEST",
            ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
        )


def test_switch_to_pay_per_request(ddb, make_table):
    name = make_table([("pk", "S", "HASH")], billing=(5, 5))
    ddb.update_table(TableName=name, BillingMode="PAY_PER_REQUEST")
    desc = wait_active(ddb, name)
    assert desc["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert desc["ProvisionedThroughput"]["ReadCapacityUnits"] == 0
    assert desc["ProvisionedThroughput"]["WriteCapacityUnits"] == 0


def test_switch_to_provisioned(ddb, hash_table):
    d = ddb.update_table(
        TableName=hash_table,
        BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 4, "WriteCapacityUnits": 2},
    )["TableDescription"]
    assert d["TableName"] == hash_table
    t = ddb.describe_table(TableName=hash_table)["Table"]
    assert t["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert t["ProvisionedThroughput"]["ReadCapacityUnits"] == 4
    assert t["ProvisionedThroughput"]["WriteCapacityUnits"] == 2


def test_switch_to_provisioned_without_throughput(ddb, hash_table):
    # The exact wording for UpdateTable is unconfirmed (dynalite: "ProvisionedThroughput must be
    # specified when BillingMode is PROVISIONED"); the clause naming PROVISIONED is common to both.
    msg = expect_validation_prefix(
        "One or more parameter values were invalid: ",
        ddb.update_table,
        TableName=hash_table,
        BillingMode="PROVISIONED",
    )
    assert msg.endswith("when BillingMode is PROVISIONED"), msg


# --- deletion protection, table class, items -----------------------------------------------


def test_deletion_protection_toggle(ddb, hash_table):
    d = ddb.update_table(TableName=hash_table, DeletionProtectionEnabled=True)["TableDescription"]
    assert d["DeletionProtectionEnabled"] is True
    assert ddb.describe_table(TableName=hash_table)["Table"]["DeletionProtectionEnabled"] is True
    ddb.update_table(TableName=hash_table, DeletionProtectionEnabled=False)
    assert ddb.describe_table(TableName=hash_table)["Table"]["DeletionProtectionEnabled"] is False


def test_update_table_class(ddb, hash_table):
    ddb.update_table(TableName=hash_table, TableClass="STANDARD_INFREQUENT_ACCESS")
    desc = wait_active(ddb, hash_table)
    assert desc["TableClassSummary"]["TableClass"] == "STANDARD_INFREQUENT_ACCESS"


def test_update_keeps_items(ddb, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": {"S": "keep"}})
    ddb.update_table(TableName=hash_table, DeletionProtectionEnabled=True)
    assert ddb.get_item(TableName=hash_table, Key={"pk": {"S": "keep"}})["Item"] == {"pk": {"S": "keep"}}


def test_items_survive_update(ddb, make_table):
    name = make_table([("pk", "S", "HASH")], billing=(5, 5))
    ddb.put_item(TableName=name, Item={"pk": {"S": "keep"}, "v": {"N": "1"}})
    ddb.update_table(TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 6, "WriteCapacityUnits": 6})
    wait_active(ddb, name)
    assert ddb.get_item(TableName=name, Key={"pk": {"S": "keep"}})["Item"]["v"] == {"N": "1"}


def test_gsi_create_without_attribute_definitions(ddb, hash_table):
    # Source: ack-api-quirks' catalogue of DynamoDB ValidationException texts (DDB-TABLE-442,
    # mined from AWS responses): `AttributeDefinitions is not specified for index: <idx>`. It
    # is a check of the request alone, made before the table is looked up.
    create = {"Create": {"IndexName": "by_g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                         "Projection": {"ProjectionType": "ALL"}}}
    message = "One or more parameter values were invalid: AttributeDefinitions is not specified for index: by_g"
    expect_validation(message, ddb.update_table, TableName=hash_table, GlobalSecondaryIndexUpdates=[create])
    expect_validation(message, ddb.update_table, TableName="no-such-table-upd",
                      GlobalSecondaryIndexUpdates=[create])


# --- OnDemandThroughput (live probes, docs/research/aws-live-probes-2026.md B4: DDB-TABLE-028,
# -038, -039, -051, -059, -153, -154, -178; texts from DDB-TABLE-442) --------------------------


def test_on_demand_maxima_set_merge_and_clear(ddb, make_table):
    name = make_table(OnDemandThroughput={"MaxReadRequestUnits": 100})
    table = ddb.describe_table(TableName=name)["Table"]
    assert table["OnDemandThroughput"] == {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": -1}
    # Members merge; the change is immediate.
    updated = ddb.update_table(TableName=name, OnDemandThroughput={"MaxWriteRequestUnits": 50})["TableDescription"]
    assert updated["OnDemandThroughput"] == {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 50}
    # -1 removes a maximum; with none left, the member is gone.
    ddb.update_table(TableName=name, OnDemandThroughput={"MaxReadRequestUnits": -1, "MaxWriteRequestUnits": -1})
    assert "OnDemandThroughput" not in ddb.describe_table(TableName=name)["Table"]
    # Absent unless set.
    assert "OnDemandThroughput" not in ddb.describe_table(TableName=make_table())["Table"]


def test_on_demand_maxima_are_checked(ddb, make_table):
    for bad in (0, -1, -2):
        expect_error("ValidationException",
                     INVALID + "Requested MaxReadRequestUnits for OnDemandThroughput for table is outside of valid range",
                     ddb.create_table, TableName="odt-bad-" + str(abs(bad)),
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST",
                     OnDemandThroughput={"MaxReadRequestUnits": bad})
    expect_error("ValidationException",
                 INVALID + "MaxWriteRequestUnits for OnDemandThroughput cannot be specified when table BillingMode is PROVISIONED.",
                 ddb.create_table, TableName="odt-provisioned",
                 AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                 KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                 ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
                 OnDemandThroughput={"MaxWriteRequestUnits": 5})
    provisioned = make_table(billing=(5, 5))
    expect_error("ValidationException",
                 INVALID + "MaxReadRequestUnits for OnDemandThroughput cannot be specified when the table BillingMode is PROVISIONED",
                 ddb.update_table, TableName=provisioned, OnDemandThroughput={"MaxReadRequestUnits": 5})
    on_demand = make_table()
    code, message, _ = error_of(ddb.update_table, TableName=on_demand,
                                OnDemandThroughput={"MaxReadRequestUnits": 40001})
    assert code == "LimitExceededException", (code, message)
    assert message.startswith("Subscriber limit exceeded: Requested MaxReadRequestUnits for OnDemandThroughput "
                              "for table exceeds TableMaxReadCapacityUnits of the account in region "), message
    expect_error("ValidationException",
                 INVALID + "OnDemandThroughput can only be combined with BillingMode in an UpdateTable request",
                 ddb.update_table, TableName=on_demand, OnDemandThroughput={"MaxReadRequestUnits": 5},
                 StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    # With BillingMode it goes: a provisioned table switches and takes its maxima.
    ddb.update_table(TableName=provisioned, BillingMode="PAY_PER_REQUEST",
                     OnDemandThroughput={"MaxReadRequestUnits": 7})
    assert ddb.describe_table(TableName=provisioned)["Table"]["OnDemandThroughput"]["MaxReadRequestUnits"] == 7
    # A switch back to PROVISIONED drops them.
    ddb.update_table(TableName=provisioned, BillingMode="PROVISIONED",
                     ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    assert "OnDemandThroughput" not in ddb.describe_table(TableName=provisioned)["Table"]


def test_on_demand_maxima_of_a_global_index(ddb, make_table):
    gsi = {"IndexName": "gsi", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
           "Projection": {"ProjectionType": "ALL"}, "OnDemandThroughput": {"MaxWriteRequestUnits": 9}}
    name = make_table(extra_attrs=[("g", "S")], GlobalSecondaryIndexes=[gsi])
    index = ddb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"][0]
    assert index["OnDemandThroughput"] == {"MaxReadRequestUnits": -1, "MaxWriteRequestUnits": 9}
    ddb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[
        {"Update": {"IndexName": "gsi", "OnDemandThroughput": {"MaxReadRequestUnits": 3}}}])
    index = ddb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"][0]
    assert index["OnDemandThroughput"] == {"MaxReadRequestUnits": 3, "MaxWriteRequestUnits": 9}
    expect_error("ValidationException",
                 INVALID + "Requested MaxReadRequestUnits for OnDemandThroughput for index : gsi is outside of valid range",
                 ddb.update_table, TableName=name, GlobalSecondaryIndexUpdates=[
                     {"Update": {"IndexName": "gsi", "OnDemandThroughput": {"MaxReadRequestUnits": 0}}}])


# Provisioned capacity above the per-table and per-index quota (DescribeLimits' 40,000):
# LimitExceededException (2026 live probes, ack-api-quirks DDB-TABLE-170, -393). The index
# text is on record up to "per index maximum"; its tail follows the table's.
QUOTA_TAIL = ("Refer to the Amazon DynamoDB Developer Guide for current limits and how to request "
              "higher limits.")


def test_capacity_above_the_per_table_quota_is_a_limit(ddb, create, hash_table):
    expect_error(
        "LimitExceededException",
        "The requested ReadCapacityUnits, 40001, is above the per table maximum for the account in "
        "us-east-1. Per table maximum: 40000. " + QUOTA_TAIL,
        ddb.create_table,
        **table_spec(unique_name("quota"), billing=(40001, 5)),
    )
    ddb.update_table(TableName=hash_table, BillingMode="PROVISIONED",
                     ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    expect_error(
        "LimitExceededException",
        "The requested WriteCapacityUnits, 40001, is above the per table maximum for the account in "
        "us-east-1. Per table maximum: 40000. " + QUOTA_TAIL,
        ddb.update_table,
        TableName=hash_table,
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 40001},
    )


def test_the_table_quota_does_not_count_its_indexes(ddb, tables_to_delete):
    gsi = {
        "IndexName": "by_g",
        "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "KEYS_ONLY"},
    }
    name = unique_name("quota")
    tables_to_delete.append(name)
    ddb.create_table(**table_spec(
        name, billing=(39900, 5), extra_attrs=[("g", "S")],
        GlobalSecondaryIndexes=[dict(gsi, ProvisionedThroughput={"ReadCapacityUnits": 200, "WriteCapacityUnits": 5})],
    ))
    wait_active(ddb, name)
    other = unique_name("quota")
    expect_error(
        "LimitExceededException",
        "The requested ReadCapacityUnits for index by_g, 40001, is above the per index maximum for the "
        "account in us-east-1. Per index maximum: 40000. " + QUOTA_TAIL,
        ddb.create_table,
        **table_spec(other, billing=(5, 5), extra_attrs=[("g", "S")],
                     GlobalSecondaryIndexes=[dict(gsi, ProvisionedThroughput={"ReadCapacityUnits": 40001, "WriteCapacityUnits": 5})]),
    )
