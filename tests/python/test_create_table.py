"""CreateTable: every validation DynamoDB performs, and what a valid request creates."""

import pytest

from .conftest import drop_table, table_spec, unique_name, wait_active
from .util import (
    error_of,
    expect_error,
    expect_validation,
    expect_enum_error,
    expect_validation_contains,
)

INVALID = "One or more parameter values were invalid: "
HR = [("pk", "S", "HASH"), ("sk", "N", "RANGE")]


@pytest.fixture
def create(ddb):
    """ddb.create_table that deletes whatever it managed to create."""
    made = []

    def call(**spec):
        resp = ddb.create_table(**spec)
        made.append(spec["TableName"])
        return resp

    yield call
    for name in made:
        drop_table(ddb, name)


def spec(keys=HR, **extra):
    return table_spec(unique_name("ct"), keys, **extra)


def gsi(name, keys, projection="ALL", non_key=None, throughput=None):
    g = {
        "IndexName": name,
        "KeySchema": [{"AttributeName": n, "KeyType": k} for n, k in keys],
        "Projection": {"ProjectionType": projection},
    }
    if non_key is not None:
        g["Projection"]["NonKeyAttributes"] = non_key
    if throughput:
        g["ProvisionedThroughput"] = {"ReadCapacityUnits": throughput[0], "WriteCapacityUnits": throughput[1]}
    return g


# --- table names -------------------------------------------------------------------------------


# dynalite answers names outside 3..255 with its older custom text ("TableName must be at least 3
# characters long and at most 255 characters long") and a missing name with "The parameter
# 'TableName' is required but was not present in the request"; current DynamoDB answers CreateTable
# with the framework messages below (captured from AWS, see docs/research/dynamodb-messages.md).


def test_name_too_short(create):
    s = spec()
    s["TableName"] = "ab"
    expect_validation(
        "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: "
        "Member must have length greater than or equal to 3",
        create,
        envelope=False,
        **s,
    )


def test_name_too_long(create):
    s = spec()
    s["TableName"] = "x" * 256
    expect_validation(
        f"1 validation error detected: Value '{'x' * 256}' at 'tableName' failed to satisfy constraint: "
        "Member must have length less than or equal to 255",
        create,
        envelope=False,
        **s,
    )


def test_name_bad_characters(create):
    s = spec()
    s["TableName"] = "bad name!"
    expect_validation(
        "1 validation error detected: Value 'bad name!' at 'tableName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
        create,
        envelope=False,
        **s,
    )


@pytest.mark.parametrize("name", ["abc", "A_b.c-9", "x" * 255])
def test_name_edge_values_accepted(create, ddb, name):
    s = spec()
    s["TableName"] = name + ("" if len(name) == 255 else unique_name(""))[: 255 - len(name)]
    create(**s)
    assert wait_active(ddb, s["TableName"])["TableName"] == s["TableName"]


def test_name_missing(create):
    s = spec()
    del s["TableName"]
    expect_validation(
        "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: "
        "Member must not be null",
        create,
        envelope=False,
        **s,
    )


def test_table_already_exists(create, ddb):
    s = spec()
    create(**s)
    wait_active(ddb, s["TableName"])
    expect_error("ResourceInUseException", f"Table already exists: {s['TableName']}", ddb.create_table, **s)


# --- key schema and attribute definitions ----------------------------------------------------


def test_key_schema_missing(create):
    s = spec()
    del s["KeySchema"]
    expect_validation(
        "1 validation error detected: Value null at 'keySchema' failed to satisfy constraint: "
        "Member must not be null",
        create,
        envelope=False,
        **s,
    )


def test_attribute_definitions_missing(create):
    s = spec()
    del s["AttributeDefinitions"]
    expect_validation(
        "1 validation error detected: Value null at 'attributeDefinitions' failed to satisfy constraint: "
        "Member must not be null",
        create,
        envelope=False,
        **s,
    )


def test_attribute_name_missing(create):
    s = spec()
    del s["AttributeDefinitions"][0]["AttributeName"]
    expect_validation(
        "1 validation error detected: Value null at 'attributeDefinitions.1.member.attributeName' "
        "failed to satisfy constraint: Member must not be null",
        create,
        envelope=False,
        **s,
    )


def test_attribute_type_invalid(create):
    s = spec()
    s["AttributeDefinitions"][1]["AttributeType"] = "Q"
    expect_enum_error('Q', 'attributeDefinitions.2.member.attributeType', ['B', 'N', 'S'], create, **s)


def test_key_type_invalid(create):
    s = spec()
    s["KeySchema"][0]["KeyType"] = "PRIMARY"
    expect_enum_error('PRIMARY', 'keySchema.1.member.keyType', ['HASH', 'RANGE'], create, **s)


def test_key_schema_empty(create):
    s = spec()
    s["KeySchema"] = []
    expect_validation(
        "1 validation error detected: Value '[]' at 'keySchema' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1",
        create,
        envelope=False,
        **s,
    )


def test_key_schema_three_elements(create):
    s = spec()
    s["AttributeDefinitions"].append({"AttributeName": "x", "AttributeType": "S"})
    s["KeySchema"].append({"AttributeName": "x", "KeyType": "RANGE"})
    msg = expect_validation_contains("at 'keySchema' failed to satisfy constraint: ", create, **s)
    assert msg.startswith("1 validation error detected: Value '[")
    assert msg.endswith("Member must have length less than or equal to 2")


def test_single_key_not_defined(create):
    s = table_spec(unique_name("ct"), [("pk", "S", "HASH")])
    s["AttributeDefinitions"] = [{"AttributeName": "other", "AttributeType": "S"}]
    expect_validation(
        INVALID + "Some index key attributes are not defined in AttributeDefinitions. "
        "Keys: [pk], AttributeDefinitions: [other]",
        create,
        **s,
    )


def test_two_keys_one_definition(create):
    s = spec()
    s["AttributeDefinitions"] = s["AttributeDefinitions"][:1]
    expect_validation("Invalid KeySchema: Some index key attribute have no definition", create, **s)


def test_hash_and_range_same_name(create):
    s = spec([("pk", "S", "HASH"), ("pk", "S", "RANGE")])
    s["AttributeDefinitions"] = [
        {"AttributeName": "pk", "AttributeType": "S"},
        {"AttributeName": "other", "AttributeType": "S"},
    ]
    expect_validation(
        "Both the Hash Key and the Range Key element in the KeySchema have the same name", create, **s
    )


def test_first_key_not_hash(create):
    s = spec([("pk", "S", "RANGE"), ("sk", "N", "HASH")])
    expect_validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type", create, **s)


def test_single_range_key(create):
    s = spec([("pk", "S", "RANGE")])
    expect_validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type", create, **s)


def test_second_key_not_range(create):
    s = spec([("pk", "S", "HASH"), ("sk", "N", "HASH")])
    expect_validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type", create, **s)


def test_unused_attribute_definition(create):
    s = spec(extra_attrs=[("unused", "S")])
    expect_validation(
        INVALID + "Number of attributes in KeySchema does not exactly match number of attributes "
        "defined in AttributeDefinitions",
        create,
        **s,
    )


def test_duplicate_attribute_definition(create):
    s = spec()
    s["AttributeDefinitions"].append({"AttributeName": "pk", "AttributeType": "S"})
    code, message, _ = error_of(create, **s)
    assert code == "ValidationException"


# --- billing mode and throughput -------------------------------------------------------------


def test_no_billing_mode_and_no_throughput(create):
    # DynamoDB: "No provisioned throughput specified for the table". dynalite instead reports the
    # PROVISIONED message below; real DynamoDB (and our docs/research) have this one.
    s = spec()
    del s["BillingMode"]
    expect_validation("No provisioned throughput specified for the table", create, **s)


def test_provisioned_without_throughput(create):
    s = spec()
    s["BillingMode"] = "PROVISIONED"
    expect_validation(
        INVALID + "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
        create,
        **s,
    )


def test_pay_per_request_with_throughput(create):
    s = spec()
    s["ProvisionedThroughput"] = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
    expect_validation(
        INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
        create,
        **s,
    )


def test_billing_mode_invalid(create):
    s = spec()
    s["BillingMode"] = "FREE"
    expect_enum_error('FREE', 'billingMode', ['PROVISIONED', 'PAY_PER_REQUEST'], create, **s)


def test_zero_read_capacity(create):
    s = spec(billing=(0, 1))
    expect_validation(
        "1 validation error detected: Value '0' at 'provisionedThroughput.readCapacityUnits' "
        "failed to satisfy constraint: Member must have value greater than or equal to 1",
        create,
        envelope=False,
        **s,
    )


def test_zero_write_capacity(create):
    s = spec(billing=(1, 0))
    expect_validation(
        "1 validation error detected: Value '0' at 'provisionedThroughput.writeCapacityUnits' "
        "failed to satisfy constraint: Member must have value greater than or equal to 1",
        create,
        envelope=False,
        **s,
    )


def test_read_capacity_out_of_bounds(create):
    s = spec(billing=(1000000000001, 1))
    expect_validation("Given value 1000000000001 for ReadCapacityUnits is out of bounds", create, **s)


def test_write_capacity_out_of_bounds(create):
    s = spec(billing=(1, 1000000000001))
    expect_validation("Given value 1000000000001 for WriteCapacityUnits is out of bounds", create, **s)


def test_provisioned_table_created(create, ddb):
    s = spec(billing=(7, 3))
    create(**s)
    desc = wait_active(ddb, s["TableName"])
    assert desc["ProvisionedThroughput"]["ReadCapacityUnits"] == 7
    assert desc["ProvisionedThroughput"]["WriteCapacityUnits"] == 3


# --- local secondary indexes -----------------------------------------------------------------


def lsi(name, sort="lsk", projection="ALL", non_key=None, hash_key="pk"):
    return gsi(name, [(hash_key, "HASH"), (sort, "RANGE")], projection, non_key)


def test_lsi_on_hash_only_table(create):
    s = spec([("pk", "S", "HASH")], extra_attrs=[("lsk", "S")], LocalSecondaryIndexes=[lsi("idx")])
    expect_validation(
        INVALID + "Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex",
        create,
        **s,
    )


def test_lsi_without_range_key(create):
    index = gsi("idx", [("pk", "HASH")])
    s = spec(LocalSecondaryIndexes=[index])
    expect_validation(INVALID + "Index KeySchema does not have a range key for index: idx", create, **s)


def test_lsi_with_other_hash_key(create):
    s = spec(extra_attrs=[("other", "S"), ("lsk", "S")], LocalSecondaryIndexes=[lsi("idx", hash_key="other")])
    expect_validation(
        INVALID + "Index KeySchema does not have the same leading hash key as table KeySchema for index: idx. "
        "index hash key: other, table hash key: pk",
        create,
        **s,
    )


def test_lsi_key_not_defined(create):
    s = spec(LocalSecondaryIndexes=[lsi("idx")])
    expect_validation(
        INVALID + "Some index key attributes are not defined in AttributeDefinitions. "
        "Keys: [pk, lsk], AttributeDefinitions: [pk, sk]",
        create,
        **s,
    )


def test_lsi_empty_list(create):
    s = spec(LocalSecondaryIndexes=[])
    expect_validation(INVALID + "List of LocalSecondaryIndexes is empty", create, **s)


def test_lsi_more_than_five(create):
    attrs = [(f"l{i}", "S") for i in range(6)]
    s = spec(extra_attrs=attrs, LocalSecondaryIndexes=[lsi(f"idx{i}", f"l{i}") for i in range(6)])
    msg = expect_validation_contains(INVALID, create, **s)
    assert "LocalSecondaryIndex" in msg and "limit of 5" in msg


def test_lsi_created(create, ddb):
    s = spec(extra_attrs=[("lsk", "S")], LocalSecondaryIndexes=[lsi("by_lsk", projection="KEYS_ONLY")])
    create(**s)
    desc = wait_active(ddb, s["TableName"])
    (index,) = desc["LocalSecondaryIndexes"]
    assert index["IndexName"] == "by_lsk"
    assert index["Projection"] == {"ProjectionType": "KEYS_ONLY"}
    assert index["IndexArn"] == desc["TableArn"] + "/index/by_lsk"


# --- global secondary indexes ----------------------------------------------------------------


def test_gsi_empty_list(create):
    s = spec(GlobalSecondaryIndexes=[])
    expect_validation(INVALID + "List of GlobalSecondaryIndexes is empty", create, **s)


def test_gsi_key_not_defined(create):
    s = spec(GlobalSecondaryIndexes=[gsi("idx", [("g", "HASH")])])
    expect_validation(
        INVALID + "Some index key attributes are not defined in AttributeDefinitions. "
        "Keys: [g], AttributeDefinitions: [pk, sk]",
        create,
        **s,
    )


def test_gsi_first_key_not_hash(create):
    s = spec(extra_attrs=[("g", "S")], GlobalSecondaryIndexes=[gsi("idx", [("g", "RANGE")])])
    expect_validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type", create, **s)


def test_gsi_same_hash_and_range(create):
    s = spec(extra_attrs=[("g", "S")], GlobalSecondaryIndexes=[gsi("idx", [("g", "HASH"), ("g", "RANGE")])])
    expect_validation(
        "Both the Hash Key and the Range Key element in the KeySchema have the same name", create, **s
    )


def test_gsi_more_than_twenty(create):
    attrs = [(f"g{i}", "S") for i in range(21)]
    s = spec(extra_attrs=attrs, GlobalSecondaryIndexes=[gsi(f"idx{i}", [(f"g{i}", "HASH")]) for i in range(21)])
    expect_validation(INVALID + "GlobalSecondaryIndex count exceeds the per-table limit of 20", create, **s)


def test_duplicate_index_name_between_gsis(create):
    s = spec(
        extra_attrs=[("g", "S"), ("h", "S")],
        GlobalSecondaryIndexes=[gsi("idx", [("g", "HASH")]), gsi("idx", [("h", "HASH")])],
    )
    expect_validation(INVALID + "Duplicate index name: idx", create, **s)


def test_duplicate_index_name_between_lsi_and_gsi(create):
    s = spec(
        extra_attrs=[("lsk", "S"), ("g", "S")],
        LocalSecondaryIndexes=[lsi("idx")],
        GlobalSecondaryIndexes=[gsi("idx", [("g", "HASH")])],
    )
    expect_validation(INVALID + "Duplicate index name: idx", create, **s)


def test_keys_only_with_non_key_attributes(create):
    s = spec(extra_attrs=[("g", "S")], GlobalSecondaryIndexes=[gsi("idx", [("g", "HASH")], "KEYS_ONLY", ["a"])])
    expect_validation(INVALID + "ProjectionType is KEYS_ONLY, but NonKeyAttributes is specified", create, **s)


def test_all_with_non_key_attributes(create):
    s = spec(extra_attrs=[("g", "S")], GlobalSecondaryIndexes=[gsi("idx", [("g", "HASH")], "ALL", ["a"])])
    expect_validation(INVALID + "ProjectionType is ALL, but NonKeyAttributes is specified", create, **s)


def test_projection_type_missing(create):
    index = gsi("idx", [("g", "HASH")])
    index["Projection"] = {}
    s = spec(extra_attrs=[("g", "S")], GlobalSecondaryIndexes=[index])
    expect_validation(INVALID + "Unknown ProjectionType: null", create, **s)


def test_projection_type_invalid(create):
    s = spec(extra_attrs=[("g", "S")], GlobalSecondaryIndexes=[gsi("idx", [("g", "HASH")], "SOME")])
    expect_enum_error('SOME', 'globalSecondaryIndexes.1.member.projection.projectionType', ['ALL', 'INCLUDE', 'KEYS_ONLY'], create, **s)


def test_index_name_too_short(create):
    s = spec(extra_attrs=[("g", "S")], GlobalSecondaryIndexes=[gsi("ix", [("g", "HASH")])])
    expect_validation(
        "1 validation error detected: Value 'ix' at 'globalSecondaryIndexes.1.member.indexName' "
        "failed to satisfy constraint: Member must have length greater than or equal to 3",
        create,
        envelope=False,
        **s,
    )


def test_gsi_throughput_with_pay_per_request(create):
    s = spec(extra_attrs=[("g", "S")], GlobalSecondaryIndexes=[gsi("idx", [("g", "HASH")], throughput=(1, 1))])
    expect_validation(
        INVALID + "ProvisionedThroughput should not be specified for index: idx when BillingMode is PAY_PER_REQUEST",
        create,
        **s,
    )


def test_gsi_created_with_every_projection(create, ddb):
    s = spec(
        extra_attrs=[("g", "S"), ("h", "N")],
        GlobalSecondaryIndexes=[
            gsi("all_idx", [("g", "HASH")]),
            gsi("keys_idx", [("h", "HASH"), ("g", "RANGE")], "KEYS_ONLY"),
            gsi("incl_idx", [("g", "HASH"), ("sk", "RANGE")], "INCLUDE", ["x", "y"]),
        ],
    )
    create(**s)
    desc = wait_active(ddb, s["TableName"])
    by_name = {g["IndexName"]: g for g in desc["GlobalSecondaryIndexes"]}
    assert set(by_name) == {"all_idx", "keys_idx", "incl_idx"}
    assert by_name["all_idx"]["Projection"] == {"ProjectionType": "ALL"}
    assert by_name["keys_idx"]["Projection"] == {"ProjectionType": "KEYS_ONLY"}
    assert by_name["incl_idx"]["Projection"]["ProjectionType"] == "INCLUDE"
    assert sorted(by_name["incl_idx"]["Projection"]["NonKeyAttributes"]) == ["x", "y"]
    assert by_name["keys_idx"]["KeySchema"] == [
        {"AttributeName": "h", "KeyType": "HASH"},
        {"AttributeName": "g", "KeyType": "RANGE"},
    ]
    for g in by_name.values():
        assert g["IndexStatus"] == "ACTIVE"
        assert g["IndexArn"] == desc["TableArn"] + "/index/" + g["IndexName"]


def test_gsi_on_provisioned_table_reports_its_throughput(create, ddb):
    s = spec(
        billing=(5, 5),
        extra_attrs=[("g", "S")],
        GlobalSecondaryIndexes=[gsi("idx", [("g", "HASH")], throughput=(3, 2))],
    )
    create(**s)
    desc = wait_active(ddb, s["TableName"])
    pt = desc["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"]
    assert (pt["ReadCapacityUnits"], pt["WriteCapacityUnits"]) == (3, 2)


# --- streams, SSE, tags, table class, deletion protection -----------------------------------


def test_stream_disabled_with_view_type(create):
    s = spec(StreamSpecification={"StreamEnabled": False, "StreamViewType": "NEW_IMAGE"})
    expect_validation(
        INVALID + "Table is being created with a stream disabled, UpdateViewType should not be specified",
        create,
        **s,
    )


def test_stream_view_type_invalid(create):
    s = spec(StreamSpecification={"StreamEnabled": True, "StreamViewType": "EVERYTHING"})
    expect_enum_error('EVERYTHING', 'streamSpecification.streamViewType', ['NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES', 'KEYS_ONLY'], create, **s)


def test_stream_enabled(create, ddb):
    s = spec(StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    resp = create(**s)
    desc = resp["TableDescription"]
    assert desc["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert desc["LatestStreamArn"].startswith(desc["TableArn"] + "/stream/")
    assert desc["LatestStreamLabel"]


def test_sse_enabled(create, ddb):
    s = spec(SSESpecification={"Enabled": True})
    create(**s)
    desc = wait_active(ddb, s["TableName"])
    assert desc["SSEDescription"]["Status"] == "ENABLED"
    assert desc["SSEDescription"]["SSEType"] == "KMS"


def test_sse_type_invalid(create):
    s = spec(SSESpecification={"Enabled": True, "SSEType": "ROT13"})
    expect_enum_error('ROT13', 'sSESpecification.sSEType', ['AES256', 'KMS'], create, **s)


def test_tags_on_create(create, ddb):
    s = spec(Tags=[{"Key": "team", "Value": "messaging"}, {"Key": "env", "Value": "test"}])
    resp = create(**s)
    arn = resp["TableDescription"]["TableArn"]
    wait_active(ddb, s["TableName"])
    tags = ddb.list_tags_of_resource(ResourceArn=arn)["Tags"]
    assert sorted((t["Key"], t["Value"]) for t in tags) == [("env", "test"), ("team", "messaging")]


def test_table_class(create, ddb):
    s = spec(TableClass="STANDARD_INFREQUENT_ACCESS")
    create(**s)
    desc = wait_active(ddb, s["TableName"])
    assert desc["TableClassSummary"]["TableClass"] == "STANDARD_INFREQUENT_ACCESS"


def test_table_class_invalid(create):
    s = spec(TableClass="GLACIER")
    expect_enum_error('GLACIER', 'tableClass', ['STANDARD', 'STANDARD_INFREQUENT_ACCESS'], create, **s)


def test_deletion_protection_on_create(create, ddb):
    s = spec(DeletionProtectionEnabled=True)
    create(**s)
    desc = wait_active(ddb, s["TableName"])
    assert desc["DeletionProtectionEnabled"] is True
    ddb.update_table(TableName=s["TableName"], DeletionProtectionEnabled=False)


def test_deletion_protection_defaults_off(create, ddb):
    s = spec()
    create(**s)
    desc = wait_active(ddb, s["TableName"])
    assert desc["DeletionProtectionEnabled"] is False


# --- what a valid CreateTable returns --------------------------------------------------------


def test_create_response_description(create):
    s = spec()
    desc = create(**s)["TableDescription"]
    assert desc["TableName"] == s["TableName"]
    assert desc["TableStatus"] in ("CREATING", "ACTIVE")
    assert desc["KeySchema"] == s["KeySchema"]
    assert sorted(desc["AttributeDefinitions"], key=lambda a: a["AttributeName"]) == sorted(
        s["AttributeDefinitions"], key=lambda a: a["AttributeName"]
    )
    assert desc["ItemCount"] == 0
    assert desc["TableSizeBytes"] == 0
    assert desc["TableArn"] == f"arn:aws:dynamodb:us-east-1:000000000000:table/{s['TableName']}"


@pytest.mark.parametrize("key_type", ["S", "N", "B"])
def test_each_key_type(create, ddb, key_type):
    s = spec([("pk", key_type, "HASH"), ("sk", key_type, "RANGE")])
    create(**s)
    desc = wait_active(ddb, s["TableName"])
    assert {a["AttributeType"] for a in desc["AttributeDefinitions"]} == {key_type}
