"""TagResource, UntagResource, ListTagsOfResource, and tags given to CreateTable: DynamoDB's
validation of keys, values and counts. (Tags stored by CreateTable: test_create_table.py.)"""

import json

from expect import expect_error_contains, raw_post, uid

PK = [{"AttributeName": "pk", "AttributeType": "S"}]
HASH_KEY = [{"AttributeName": "pk", "KeyType": "HASH"}]


def tbl_name():
    return "tbl-" + uid()


def test_tags_are_validated_as_dynamodb_does(ddb, make_table):
    arn = ddb.describe_table(TableName=make_table([("pk", "S", "HASH")]))["Table"]["TableArn"]
    expect_error_contains("ValidationException", "Member must have length greater than or equal to 1",
                          ddb.tag_resource, ResourceArn=arn, Tags=[])
    for key, value in [("hi!", "ok"), ("ok", "<>"), ("d%g", "v")]:
        expect_error_contains("ValidationException", "Tag keys and values may contain only", ddb.tag_resource,
                              ResourceArn=arn, Tags=[{"Key": key, "Value": value}])
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": f"k{i}", "Value": "v +-=._:/"} for i in range(40)])
    expect_error_contains("ValidationException", "Too many tags", ddb.tag_resource, ResourceArn=arn,
                          Tags=[{"Key": f"more{i}", "Value": "v"} for i in range(20)])
    assert len(ddb.list_tags_of_resource(ResourceArn=arn)["Tags"]) == 40


def test_create_table_refuses_more_than_50_tags(ddb):
    table = tbl_name()
    expect_error_contains("ValidationException", "Too many tags", ddb.create_table, TableName=table,
                          AttributeDefinitions=PK, KeySchema=HASH_KEY, BillingMode="PAY_PER_REQUEST",
                          Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)])
    assert table not in ddb.list_tables()["TableNames"]


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
