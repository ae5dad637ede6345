"""TagResource, UntagResource, ListTagsOfResource, and tags given to CreateTable: DynamoDB's
validation of keys, values and counts. (Tags stored by CreateTable: test_create_table.py.)"""

import json

from expect import expect_error, expect_error_contains, raw_post, uid

PK = [{"AttributeName": "pk", "AttributeType": "S"}]
HASH_KEY = [{"AttributeName": "pk", "KeyType": "HASH"}]


def tbl_name():
    return "tbl-" + uid()


# Texts in this file not otherwise cited: ack-api-quirks' catalogue of DynamoDB's
# ValidationException texts (DDB-TABLE-442, mined from AWS responses, 2026-10).


def test_tags_are_validated_as_dynamodb_does(ddb, make_table):
    arn = ddb.describe_table(TableName=make_table([("pk", "S", "HASH")]))["Table"]["TableArn"]
    expect_error("ValidationException", "Atleast one Tag needs to be provided as Input.",
                 ddb.tag_resource, ResourceArn=arn, Tags=[])
    expect_error("ValidationException", "Atleast one Tag Key needs to be provided as Input.",
                 ddb.untag_resource, ResourceArn=arn, TagKeys=[])
    for key, value, message in [
        ("hi!", "ok", "The Tag Key provided is invalid, Key: hi!"),
        ("ok", "<>", "The Tag Value provided is invalid, Value: <>"),
        ("d%g", "v", "The Tag Key provided is invalid, Key: d%g"),
        ("aws:team", "v", "Tag Key cannot be prefixed with aws:, Key: aws:team"),
    ]:
        expect_error("ValidationException", message, ddb.tag_resource,
                     ResourceArn=arn, Tags=[{"Key": key, "Value": value}])
    expect_error("ValidationException", "Duplicate Tag Keys provided as input: Duplicate Tag Key found k",
                 ddb.tag_resource, ResourceArn=arn, Tags=[{"Key": "k", "Value": "1"}, {"Key": "k", "Value": "2"}])
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": f"k{i}", "Value": "v +-=._:/"} for i in range(40)])
    expect_error("ValidationException", "Number of Tags exceed the current limit for the provided ResourceArn",
                 ddb.tag_resource, ResourceArn=arn, Tags=[{"Key": f"more{i}", "Value": "v"} for i in range(20)])
    assert len(ddb.list_tags_of_resource(ResourceArn=arn)["Tags"]) == 40


def test_create_table_refuses_more_than_50_tags(ddb):
    table = tbl_name()
    expect_error("ValidationException", "Number of Tags exceed the current limit for the provided ResourceArn",
                 ddb.create_table, TableName=table,
                 AttributeDefinitions=PK, KeySchema=HASH_KEY, BillingMode="PAY_PER_REQUEST",
                 Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)])
    assert table not in ddb.list_tables()["TableNames"]


def test_tagging_arns_are_checked_in_dynamodbs_order(ddb, make_table):
    arn = ddb.describe_table(TableName=make_table([("pk", "S", "HASH")]))["Table"]["TableArn"]
    parts = arn.split(":")
    other_region = ":".join(parts[:3] + ["eu-north-9"] + parts[4:])
    frame = "One or more parameter values were invalid: "
    for resource, message in [
        ("my-table", frame + "ARNs must start with 'arn:': my-table"),
        ("arn:aws:s3:::bucket", frame + "Provided Arn is not a DynamoDB resource arn: arn:aws:s3:::bucket"),
        (arn + "/index/gsi", frame + "Invalid resource arn provided, only table or stream is accepted. "
                             f"Provided resource arn: {arn}/index/gsi"),
        (other_region, f"Invalid TableArn: Invalid ResourceArn provided as input {other_region}"),
    ]:
        expect_error("ValidationException", message, ddb.list_tags_of_resource, ResourceArn=resource)
        expect_error("ValidationException", message, ddb.tag_resource, ResourceArn=resource,
                     Tags=[{"Key": "k", "Value": "v"}])


def test_tagging_answers_with_an_empty_body(endpoint, make_table, ddb):
    arn = ddb.describe_table(TableName=make_table([("pk", "S", "HASH")]))["Table"]["TableArn"]
    for target, body in [("TagResource", {"ResourceArn": arn, "Tags": [{"Key": "k", "Value": "v"}]}),
                         ("UntagResource", {"ResourceArn": arn, "TagKeys": ["k"]})]:
        r = raw_post(endpoint, "DynamoDB_20120810." + target, json.dumps(body).encode())
        assert r.status_code == 200 and r.content == b"", r.text


def test_arn_of_another_account_is_access_denied(ddb, make_table):
    # Sources: ExtendDB PR 227 (verified against DynamoDB: another account's ARN is
    # AccessDeniedException, checked before the region; another region stays a
    # ValidationException); dynalite's tests (recorded against DynamoDB) for the wording
    # `User: arn:aws:iam::<account>:<principal> is not authorized to perform: dynamodb:<Op>
    # on resource: <arn>`.
    arn = ddb.describe_table(TableName=make_table([("pk", "S", "HASH")]))["Table"]["TableArn"]
    parts = arn.split(":")
    other = ":".join(parts[:4] + ["999999999999"] + parts[5:])
    other_both = ":".join(parts[:3] + ["eu-north-9", "999999999999"] + parts[5:])
    for op, call, kw in [
        ("TagResource", ddb.tag_resource, {"Tags": [{"Key": "k", "Value": "v"}]}),
        ("UntagResource", ddb.untag_resource, {"TagKeys": ["k"]}),
        ("ListTagsOfResource", ddb.list_tags_of_resource, {}),
    ]:
        for resource in (other, other_both):
            message = expect_error_contains(
                "AccessDeniedException",
                f"is not authorized to perform: dynamodb:{op} on resource: {resource}",
                call, ResourceArn=resource, **kw,
            )
            assert message.startswith("User: arn:aws:iam::"), message
    assert ddb.list_tags_of_resource(ResourceArn=arn)["Tags"] == []
