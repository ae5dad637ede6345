"""CreateTable: the description it returns and DynamoDB's validation of every parameter.

Messages: docs/research/dynamodb-messages.md §2.4 and §4.2 (tags noted beside each test).
"""

import pytest

from b3util import IN_USE, validation, error, uid
from b3util import unique_name

KS = [{"AttributeName": "pk", "KeyType": "HASH"}]
AD = [{"AttributeName": "pk", "AttributeType": "S"}]


@pytest.fixture
def create(ddb, tables_to_delete):
    """create(**kwargs): CreateTable with defaults filled in; the table is deleted afterwards."""

    def create(**kw):
        kw.setdefault("TableName", unique_name())
        kw.setdefault("KeySchema", KS)
        kw.setdefault("AttributeDefinitions", AD)
        if "ProvisionedThroughput" not in kw and "BillingMode" not in kw:
            kw["BillingMode"] = "PAY_PER_REQUEST"
        kw = {k: v for k, v in kw.items() if v is not None}
        tables_to_delete.append(kw.get("TableName"))
        return ddb.create_table(**kw)["TableDescription"]

    return create


def test_create_returns_description(create):
    name = unique_name()
    d = create(TableName=name)
    assert d["TableName"] == name
    assert d["TableStatus"] in ("CREATING", "ACTIVE")
    assert d["KeySchema"] == KS
    assert d["AttributeDefinitions"] == AD
    assert d["TableArn"].startswith("arn:aws:dynamodb:us-east-1:")
    assert d["TableArn"].endswith(":table/" + name)
    assert d["ItemCount"] == 0
    assert d["TableSizeBytes"] == 0
    assert "CreationDateTime" in d
    assert d["TableId"]


def test_pay_per_request_summary(create):
    d = create()
    assert d["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    pt = d["ProvisionedThroughput"]
    assert pt["ReadCapacityUnits"] == 0 and pt["WriteCapacityUnits"] == 0
    assert pt["NumberOfDecreasesToday"] == 0


def test_provisioned_throughput_echoed(create):
    d = create(ProvisionedThroughput={"ReadCapacityUnits": 7, "WriteCapacityUnits": 3})
    pt = d["ProvisionedThroughput"]
    assert (pt["ReadCapacityUnits"], pt["WriteCapacityUnits"], pt["NumberOfDecreasesToday"]) == (7, 3, 0)


def test_hash_and_range(create):
    ks = KS + [{"AttributeName": "sk", "KeyType": "RANGE"}]
    ad = AD + [{"AttributeName": "sk", "AttributeType": "N"}]
    d = create(KeySchema=ks, AttributeDefinitions=ad)
    assert d["KeySchema"] == ks
    assert sorted(a["AttributeName"] for a in d["AttributeDefinitions"]) == ["pk", "sk"]


def test_binary_key(create):
    d = create(AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "B"}])
    assert d["AttributeDefinitions"][0]["AttributeType"] == "B"


@pytest.mark.parametrize("name", ["abc", "A.b-c_9", "x" * 255, ".starts.with.dot"])
def test_valid_names(create, name):
    if len(name) < 200 and name != "abc":
        name = name + uid()
    elif name == "abc":
        name = "a" + uid()[:2]
    assert create(TableName=name)["TableName"] == name


def test_name_too_short(create):
    # [AWS] exact
    with validation(
        exact="1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: "
        "Member must have length greater than or equal to 3"
    ):
        create(TableName="ab")


def test_name_too_long(create):
    # [AWS]
    with validation(contains=["at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255"]):
        create(TableName="n" * 256)


def test_name_bad_characters(create):
    # [AWS] exact
    with validation(
        exact="1 validation error detected: Value 'bad table!@#' at 'tableName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
    ):
        create(TableName="bad table!@#")


def test_name_missing(ddb):
    with validation(
        exact="1 validation error detected: Value null at 'tableName' failed to satisfy constraint: "
        "Member must not be null"
    ):
        ddb.create_table(KeySchema=KS, AttributeDefinitions=AD, BillingMode="PAY_PER_REQUEST")


def test_already_exists(create, make_table):
    name = make_table()
    # Message: client code matching AWS; alternator regex 'ResourceInUseException.*Table.*already exists'.
    with error(IN_USE, exact=f"Table already exists: {name}"):
        create(TableName=name)


def test_missing_attribute_definitions(ddb):
    with validation(contains="Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null"):
        ddb.create_table(TableName=unique_name(), KeySchema=KS, BillingMode="PAY_PER_REQUEST")


def test_missing_key_schema(ddb):
    with validation(contains="Value null at 'keySchema' failed to satisfy constraint: Member must not be null"):
        ddb.create_table(TableName=unique_name(), AttributeDefinitions=AD, BillingMode="PAY_PER_REQUEST")


def test_attribute_definition_missing_name(create):
    # alternator quotes the AWS text.
    with validation(
        contains="Value null at 'attributeDefinitions.1.member.attributeName' failed to satisfy constraint: Member must not be null"
    ):
        create(AttributeDefinitions=[{"AttributeType": "S"}])


def test_bad_attribute_type(create):
    with validation(
        contains="Value 'Q' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: "
        "Member must satisfy enum value set: [B, N, S]"
    ):
        create(AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "Q"}])


def test_bad_key_type(create):
    with validation(contains=["at 'keySchema.1.member.keyType' failed to satisfy constraint", "[HASH, RANGE]"]):
        create(KeySchema=[{"AttributeName": "pk", "KeyType": "PRIMARY"}])


def test_three_key_elements(create):
    ks = [{"AttributeName": a, "KeyType": t} for a, t in (("pk", "HASH"), ("sk", "RANGE"), ("x", "RANGE"))]
    ad = [{"AttributeName": a, "AttributeType": "S"} for a in ("pk", "sk", "x")]
    with validation(contains="at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2"):
        create(KeySchema=ks, AttributeDefinitions=ad)


def test_empty_key_schema(create):
    with validation(contains="at 'keySchema' failed to satisfy constraint: Member must have length greater than or equal to 1"):
        create(KeySchema=[])


def test_key_not_defined_single(create):
    # [dynalite]
    with validation(contains="Some index key attributes are not defined in AttributeDefinitions"):
        create(KeySchema=[{"AttributeName": "other", "KeyType": "HASH"}])


def test_key_not_defined_two_keys(create):
    # [dynalite]
    with validation(contains="Invalid KeySchema: Some index key attribute have no definition"):
        create(KeySchema=KS + [{"AttributeName": "sk", "KeyType": "RANGE"}])


def test_hash_and_range_same_name(create):
    with validation(contains="Both the Hash Key and the Range Key element in the KeySchema have the same name"):
        create(KeySchema=KS + [{"AttributeName": "pk", "KeyType": "RANGE"}])


def test_first_key_not_hash(create):
    with validation(contains="Invalid KeySchema: The first KeySchemaElement is not a HASH key type"):
        create(KeySchema=[{"AttributeName": "pk", "KeyType": "RANGE"}])


def test_second_key_not_range(create):
    ad = AD + [{"AttributeName": "sk", "AttributeType": "S"}]
    with validation(contains="Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"):
        create(KeySchema=KS + [{"AttributeName": "sk", "KeyType": "HASH"}], AttributeDefinitions=ad)


def test_unused_attribute_definition(create):
    ad = AD + [{"AttributeName": "extra", "AttributeType": "S"}]
    with validation(
        contains="Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions"
    ):
        create(AttributeDefinitions=ad)


def test_duplicate_attribute_definition(create):
    # alternator (against AWS): ValidationException.*uplicate.*<name>
    ad = [{"AttributeName": "xyz", "AttributeType": "S"}, {"AttributeName": "xyz", "AttributeType": "N"}]
    with validation(contains=["uplicate", "xyz"]):
        create(KeySchema=[{"AttributeName": "xyz", "KeyType": "HASH"}], AttributeDefinitions=ad)


def test_no_billing_mode_no_throughput(create):
    # [AWS]
    with validation(contains="No provisioned throughput specified for the table"):
        create(BillingMode=None)


def test_provisioned_without_throughput(create):
    with validation(
        contains="One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be "
        "specified when BillingMode is PROVISIONED"
    ):
        create(BillingMode="PROVISIONED")


def test_pay_per_request_with_throughput(create):
    with validation(
        contains="One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be "
        "specified when BillingMode is PAY_PER_REQUEST"
    ):
        create(BillingMode="PAY_PER_REQUEST", ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})


def test_bad_billing_mode(create):
    with validation(contains=["at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set"]):
        create(BillingMode="pay_per_request")


def test_zero_read_capacity(create):
    with validation(
        contains="Value '0' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1"
    ):
        create(ProvisionedThroughput={"ReadCapacityUnits": 0, "WriteCapacityUnits": 1})


def test_zero_write_capacity(create):
    with validation(
        contains="Value '0' at 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1"
    ):
        create(ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 0})


def test_stream_disabled_with_view_type(create):
    # [AWS via dynoxide]
    with validation(
        contains="Table is being created with a stream disabled, UpdateViewType should not be specified"
    ):
        create(StreamSpecification={"StreamEnabled": False, "StreamViewType": "NEW_IMAGE"})


def test_stream_disabled_accepted(create):
    d = create(StreamSpecification={"StreamEnabled": False})
    assert d["TableName"]


def test_stream_enabled_described(create):
    d = create(StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    assert d["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert d["LatestStreamArn"].startswith(d["TableArn"] + "/stream/")
    assert d["LatestStreamLabel"]


def test_deletion_protection_described(create):
    d = create(DeletionProtectionEnabled=True)
    assert d["DeletionProtectionEnabled"] is True


def test_table_class_described(ddb, create):
    name = unique_name()
    create(TableName=name, TableClass="STANDARD_INFREQUENT_ACCESS")
    t = ddb.describe_table(TableName=name)["Table"]
    assert t["TableClassSummary"]["TableClass"] == "STANDARD_INFREQUENT_ACCESS"


def test_bad_table_class(create):
    with validation(contains=["at 'tableClass' failed to satisfy constraint: Member must satisfy enum value set"]):
        create(TableClass="COLD")


def test_tags_stored(ddb, create):
    d = create(Tags=[{"Key": "team", "Value": "cruddur"}])
    tags = ddb.list_tags_of_resource(ResourceArn=d["TableArn"])["Tags"]
    assert tags == [{"Key": "team", "Value": "cruddur"}]


def test_sse_enabled_described(create):
    d = create(SSESpecification={"Enabled": True, "SSEType": "KMS"})
    assert d["SSEDescription"]["Status"] in ("ENABLED", "ENABLING")
    assert d["SSEDescription"]["SSEType"] == "KMS"


def test_failed_create_leaves_no_table(ddb, create):
    name = unique_name()
    with validation():
        create(TableName=name, KeySchema=[{"AttributeName": "other", "KeyType": "HASH"}])
    assert name not in ddb.list_tables(Limit=100)["TableNames"]
    with error("ResourceNotFoundException"):
        ddb.describe_table(TableName=name)


def test_recreate_after_delete_is_empty(ddb, make_table):
    name = make_table()
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}})
    ddb.delete_table(TableName=name)
    make_table(name=name)
    assert ddb.scan(TableName=name)["Items"] == []
