"""Query, Scan, BatchGetItem, BatchWriteItem, indexes and capacity through boto3
(docs/research/dynamodb-messages.md, sections 6 and 7)."""

import pytest

from helpers import assert_error, assert_error_contains


@pytest.fixture
def messages(ddb, make_table):
    name = make_table(
        [("pk", "S", "HASH"), ("sk", "S", "RANGE")],
        extra_definitions=[{"AttributeName": "user", "AttributeType": "S"}, {"AttributeName": "score", "AttributeType": "N"}],
        GlobalSecondaryIndexes=[{"IndexName": "by-user", "KeySchema": [{"AttributeName": "user", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["body"]}}],
        LocalSecondaryIndexes=[{"IndexName": "by-score", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                                      {"AttributeName": "score", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "KEYS_ONLY"}}],
    )
    requests = []
    for i in range(30):
        item = {"pk": {"S": "MSG#g1"}, "sk": {"S": f"2024-01-01T00:{i:02}:00"}, "score": {"N": str(i)},
                "body": {"S": f"message {i}"}, "extra": {"S": "x"}}
        if i % 2 == 0:
            item["user"] = {"S": "jess"}
        requests.append({"PutRequest": {"Item": item}})
    for start in range(0, 30, 25):
        out = ddb.batch_write_item(RequestItems={name: requests[start:start + 25]})
        assert out["UnprocessedItems"] == {}
    return name


def test_query_newest_twenty_with_begins_with(ddb, messages):
    out = ddb.query(TableName=messages, KeyConditionExpression="pk = :pk AND begins_with(sk, :y)",
                    ExpressionAttributeValues={":pk": {"S": "MSG#g1"}, ":y": {"S": "2024"}},
                    ScanIndexForward=False, Limit=20, ReturnConsumedCapacity="TOTAL")
    assert out["Count"] == 20
    assert out["Items"][0]["sk"]["S"] == "2024-01-01T00:29:00"
    assert "LastEvaluatedKey" in out
    assert out["ConsumedCapacity"]["TableName"] == messages


@pytest.mark.parametrize("cond,values,count", [
    ("sk = :a", {":a": {"S": "2024-01-01T00:05:00"}}, 1),
    ("sk < :a", {":a": {"S": "2024-01-01T00:05:00"}}, 5),
    ("sk <= :a", {":a": {"S": "2024-01-01T00:05:00"}}, 6),
    ("sk > :a", {":a": {"S": "2024-01-01T00:05:00"}}, 24),
    ("sk >= :a", {":a": {"S": "2024-01-01T00:05:00"}}, 25),
    ("sk BETWEEN :a AND :b", {":a": {"S": "2024-01-01T00:05:00"}, ":b": {"S": "2024-01-01T00:09:00"}}, 5),
])
def test_sort_key_operators(ddb, messages, cond, values, count):
    out = ddb.query(TableName=messages, KeyConditionExpression=f"pk = :pk AND {cond}",
                    ExpressionAttributeValues={":pk": {"S": "MSG#g1"}, **values})
    assert out["Count"] == count


def test_limit_counts_before_filter(ddb, messages):
    out = ddb.query(TableName=messages, KeyConditionExpression="pk = :pk", FilterExpression="score >= :s",
                    ExpressionAttributeValues={":pk": {"S": "MSG#g1"}, ":s": {"N": "8"}}, Limit=10)
    assert out["ScannedCount"] == 10 and out["Count"] == 2


def sort_keys_of_every_page(ddb, **query):
    """The sort keys a Query returns, page after page (following LastEvaluatedKey)."""
    seen, start = [], None
    while True:
        page = ddb.query(**query, **({"ExclusiveStartKey": start} if start else {}))
        seen += [i["sk"]["S"] for i in page["Items"]]
        start = page.get("LastEvaluatedKey")
        if not start:
            return seen


def test_pages_cover_everything_once(ddb, messages):
    seen = sort_keys_of_every_page(ddb, TableName=messages, KeyConditionExpression="pk = :pk",
                                   ExpressionAttributeValues={":pk": {"S": "MSG#g1"}}, Limit=7)
    assert seen == sorted(seen) and len(seen) == 30


def test_pages_under_a_sort_key_condition_resume_inside_it(ddb, messages):
    seen = sort_keys_of_every_page(
        ddb, TableName=messages, KeyConditionExpression="pk = :pk AND sk BETWEEN :a AND :b",
        ExpressionAttributeValues={":pk": {"S": "MSG#g1"}, ":a": {"S": "2024-01-01T00:03:00"},
                                   ":b": {"S": "2024-01-01T00:21:00"}},
        ScanIndexForward=False, Limit=4)
    assert len(seen) == 19 and seen == sorted(seen, reverse=True)


@pytest.mark.parametrize("cond,start,message", [
    # No sort-key condition: only the partition is checked.
    ("pk = :pk", {"pk": {"S": "MSG#other"}, "sk": {"S": "2024-01-01T00:01:00"}},
     "The provided starting key is outside query boundaries based on provided conditions"),
    # With one, the sort key is checked first...
    ("pk = :pk AND sk > :a", {"pk": {"S": "MSG#g1"}, "sk": {"S": "2024-01-01T00:01:00"}},
     "The provided starting key does not match the range key predicate"),
    ("pk = :pk AND sk > :a", {"pk": {"S": "MSG#other"}, "sk": {"S": "2024-01-01T00:01:00"}},
     "The provided starting key does not match the range key predicate"),
    # ...and a partition mismatch is worded differently.
    ("pk = :pk AND sk > :a", {"pk": {"S": "MSG#other"}, "sk": {"S": "2024-01-01T00:09:00"}},
     "The query can return at most one row and cannot be restarted"),
])
def test_starting_key_outside_the_key_condition(ddb, messages, cond, start, message):
    values = {":pk": {"S": "MSG#g1"}}
    if ":a" in cond:
        values[":a"] = {"S": "2024-01-01T00:05:00"}
    assert_error("ValidationException", message, ddb.query, TableName=messages, KeyConditionExpression=cond,
                 ExpressionAttributeValues=values, ExclusiveStartKey=start)


SCALARS = "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: "


@pytest.mark.parametrize("call,kwargs,which", [
    ("get_item", {"Key": {"pk": {"S": "MSG#g1"}, "sk": {"S": "x"}}, "ProjectionExpression": "pk.a"}, "Key: pk"),
    ("get_item", {"Key": {"pk": {"S": "MSG#g1"}, "sk": {"S": "x"}}, "ProjectionExpression": "body, #u[0]",
                  "ExpressionAttributeNames": {"#u": "user"}}, "IndexKey: user"),
    ("scan", {"FilterExpression": "score.x = :v", "ExpressionAttributeValues": {":v": {"N": "1"}}}, "IndexKey: score"),
    ("scan", {"ProjectionExpression": "sk[1]"}, "Key: sk"),
    ("query", {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "MSG#g1"}},
               "ProjectionExpression": "body, #u.x1", "ExpressionAttributeNames": {"#u": "user"}}, "IndexKey: user"),
    ("query", {"KeyConditionExpression": "pk = :p", "FilterExpression": "attribute_exists(score.x)",
               "ExpressionAttributeValues": {":p": {"S": "MSG#g1"}}}, "IndexKey: score"),
])
def test_paths_into_key_attributes_are_refused(ddb, messages, call, kwargs, which):
    assert_error("ValidationException", SCALARS + which, getattr(ddb, call), TableName=messages, **kwargs)


def test_batch_get_refuses_paths_into_keys(ddb, messages):
    assert_error("ValidationException", SCALARS + "Key: pk", ddb.batch_get_item, RequestItems={
        messages: {"Keys": [{"pk": {"S": "MSG#g1"}, "sk": {"S": "x"}}], "ProjectionExpression": "pk.a.b"}})


def test_key_conditions_go_with_filter_and_projection_expressions(ddb, messages):
    out = ddb.query(TableName=messages, KeyConditions={"pk": {"ComparisonOperator": "EQ",
                                                              "AttributeValueList": [{"S": "MSG#g1"}]}},
                    FilterExpression="score < :s", ProjectionExpression="body",
                    ExpressionAttributeValues={":s": {"N": "3"}})
    assert out["Items"] == [{"body": {"S": f"message {i}"}} for i in range(3)]


def test_batch_write_with_a_mistyped_index_key_writes_nothing(ddb, messages):
    puts = [{"PutRequest": {"Item": {"pk": {"S": "bw"}, "sk": {"S": str(i)}, "user": user}}}
            for i, user in enumerate([{"S": "ok"}, {"N": "3"}, {"S": "ok"}])]
    assert_error_contains("ValidationException", "Type mismatch for Index Key user", ddb.batch_write_item,
                          RequestItems={messages: puts})
    out = ddb.query(TableName=messages, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "bw"}})
    assert out["Count"] == 0


def test_legacy_key_conditions_and_query_filter(ddb, messages):
    out = ddb.query(TableName=messages,
                    KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "MSG#g1"}]},
                                   "sk": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "2024-01-01T00:1"}]}},
                    QueryFilter={"score": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "14"}]}})
    assert out["Count"] == 5 and out["ScannedCount"] == 10


def test_select_count(ddb, messages):
    out = ddb.query(TableName=messages, KeyConditionExpression="pk = :pk",
                    ExpressionAttributeValues={":pk": {"S": "MSG#g1"}}, Select="COUNT")
    assert out["Count"] == 30 and "Items" not in out


def test_select_with_projection_is_refused(ddb, messages):
    assert_error("ValidationException", "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES",
                 ddb.query, TableName=messages, KeyConditionExpression="pk = :pk",
                 ExpressionAttributeValues={":pk": {"S": "MSG#g1"}}, Select="ALL_ATTRIBUTES", ProjectionExpression="body")


def test_missing_partition_key_condition(ddb, messages):
    assert_error_contains("ValidationException", "Query condition missed key schema element: pk",
                          ddb.query, TableName=messages, KeyConditionExpression="sk = :s",
                          ExpressionAttributeValues={":s": {"S": "x"}})


def test_gsi_is_sparse_and_projected(ddb, messages):
    out = ddb.query(TableName=messages, IndexName="by-user", KeyConditionExpression="#u = :u",
                    ExpressionAttributeNames={"#u": "user"}, ExpressionAttributeValues={":u": {"S": "jess"}})
    assert out["Count"] == 15
    assert set(out["Items"][0]) == {"pk", "sk", "user", "body"}


def test_gsi_refuses_consistent_reads(ddb, messages):
    assert_error("ValidationException", "Consistent reads are not supported on global secondary indexes",
                 ddb.query, TableName=messages, IndexName="by-user", KeyConditionExpression="#u = :u",
                 ExpressionAttributeNames={"#u": "user"}, ExpressionAttributeValues={":u": {"S": "jess"}},
                 ConsistentRead=True)


def test_lsi_query_fetches_unprojected_attributes(ddb, messages):
    out = ddb.query(TableName=messages, IndexName="by-score", KeyConditionExpression="pk = :pk AND score < :s",
                    ExpressionAttributeValues={":pk": {"S": "MSG#g1"}, ":s": {"N": "3"}}, Select="ALL_ATTRIBUTES",
                    ConsistentRead=True)
    assert [i["score"]["N"] for i in out["Items"]] == ["0", "1", "2"]
    assert out["Items"][0]["extra"] == {"S": "x"}


def test_unknown_index(ddb, messages):
    assert_error("ValidationException", "The table does not have the specified index: nope",
                 ddb.query, TableName=messages, IndexName="nope", KeyConditionExpression="pk = :pk",
                 ExpressionAttributeValues={":pk": {"S": "MSG#g1"}})


def test_parallel_scan(ddb, messages):
    seen = []
    for segment in range(4):
        start = None
        while True:
            kwargs = dict(TableName=messages, Segment=segment, TotalSegments=4, Limit=5)
            if start:
                kwargs["ExclusiveStartKey"] = start
            page = ddb.scan(**kwargs)
            seen += [i["sk"]["S"] for i in page["Items"]]
            start = page.get("LastEvaluatedKey")
            if not start:
                break
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 30


def test_scan_starting_key_must_lie_in_its_segment(ddb, messages):
    # Every item of the fixture shares one partition, so its segment is the one that yields them.
    pages = [ddb.scan(TableName=messages, Segment=s, TotalSegments=4, Limit=1) for s in range(4)]
    home = next(s for s, page in enumerate(pages) if page["Items"])
    start = pages[home]["LastEvaluatedKey"]
    assert ddb.scan(TableName=messages, Segment=home, TotalSegments=4, ExclusiveStartKey=start)["Count"] == 29
    other = (home + 1) % 4
    assert_error("ValidationException",
                 "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with "
                 f"correct Segment. TotalSegments: 4 Segment: {other}",
                 ddb.scan, TableName=messages, Segment=other, TotalSegments=4, ExclusiveStartKey=start)


def test_scan_segment_out_of_range(ddb, messages):
    assert_error(
        "ValidationException",
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 4 is not less than TotalSegments: 4",
        ddb.scan, TableName=messages, Segment=4, TotalSegments=4)


def test_scan_filter_legacy(ddb, messages):
    out = ddb.scan(TableName=messages, ScanFilter={"score": {"ComparisonOperator": "LT", "AttributeValueList": [{"N": "3"}]}})
    assert out["Count"] == 3 and out["ScannedCount"] == 30


def test_batch_get(ddb, messages):
    keys = [{"pk": {"S": "MSG#g1"}, "sk": {"S": f"2024-01-01T00:{i:02}:00"}} for i in range(5)]
    out = ddb.batch_get_item(RequestItems={messages: {"Keys": keys + [{"pk": {"S": "none"}, "sk": {"S": "x"}}],
                                                      "ProjectionExpression": "score"}})
    assert len(out["Responses"][messages]) == 5 and out["UnprocessedKeys"] == {}


def test_batch_get_duplicates(ddb, messages):
    k = {"pk": {"S": "MSG#g1"}, "sk": {"S": "x"}}
    assert_error("ValidationException", "Provided list of item keys contains duplicates",
                 ddb.batch_get_item, RequestItems={messages: {"Keys": [k, k]}})


def test_batch_get_too_many(ddb, messages):
    keys = [{"pk": {"S": "MSG#g1"}, "sk": {"S": str(i)}} for i in range(101)]
    assert_error_contains("ValidationException", "Member must have length less than or equal to 100",
                          ddb.batch_get_item, RequestItems={messages: {"Keys": keys}})


def test_batch_write_too_many(ddb, messages):
    reqs = [{"PutRequest": {"Item": {"pk": {"S": "b"}, "sk": {"S": str(i)}}}} for i in range(26)]
    assert_error_contains("ValidationException", "Member must have length less than or equal to 25",
                          ddb.batch_write_item, RequestItems={messages: reqs})


def test_batch_write_validates_before_writing(ddb, messages):
    reqs = [{"PutRequest": {"Item": {"pk": {"S": "v"}, "sk": {"S": "1"}}}},
            {"PutRequest": {"Item": {"pk": {"S": "v"}}}}]
    assert_error("ValidationException", "The provided key element does not match the schema",
                 ddb.batch_write_item, RequestItems={messages: reqs})
    assert "Item" not in ddb.get_item(TableName=messages, Key={"pk": {"S": "v"}, "sk": {"S": "1"}})


def test_index_counts_in_describe(ddb, messages):
    t = ddb.describe_table(TableName=messages)["Table"]
    assert t["ItemCount"] == 30
    gsi = t["GlobalSecondaryIndexes"][0]
    assert gsi["IndexName"] == "by-user" and gsi["ItemCount"] == 15 and gsi["IndexSizeBytes"] > 0
    assert t["LocalSecondaryIndexes"][0]["ItemCount"] == 30


def test_write_capacity_with_indexes(ddb, messages):
    # A new message with a user: table 1 WCU, by-user gets one new entry (1), by-score one (1).
    out = ddb.put_item(TableName=messages, Item={"pk": {"S": "MSG#g2"}, "sk": {"S": "a"}, "user": {"S": "bo"}, "score": {"N": "1"}},
                       ReturnConsumedCapacity="INDEXES")
    cc = out["ConsumedCapacity"]
    assert cc["CapacityUnits"] == 3.0
    assert cc["Table"]["CapacityUnits"] == 1.0
    assert cc["GlobalSecondaryIndexes"]["by-user"]["CapacityUnits"] == 1.0
    assert cc["LocalSecondaryIndexes"]["by-score"]["CapacityUnits"] == 1.0


def test_gsi_added_by_update_table(ddb, messages):
    ddb.update_table(TableName=messages, AttributeDefinitions=[{"AttributeName": "body", "AttributeType": "S"}],
                     GlobalSecondaryIndexUpdates=[{"Create": {"IndexName": "by-body", "KeySchema": [{"AttributeName": "body", "KeyType": "HASH"}],
                                                              "Projection": {"ProjectionType": "KEYS_ONLY"}}}])
    ddb.get_waiter("table_exists").wait(TableName=messages)
    out = ddb.query(TableName=messages, IndexName="by-body", KeyConditionExpression="body = :b",
                    ExpressionAttributeValues={":b": {"S": "message 7"}})
    assert out["Count"] == 1
