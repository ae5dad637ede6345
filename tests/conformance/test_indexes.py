"""Global and local secondary indexes: defining them (CreateTable's checks), querying and
scanning them, projections, sparse indexes, keeping them up to date, and adding or deleting a
GSI with UpdateTable (issue 3 §4; messages: docs/research/dynamodb-messages.md §4.2, §6.1)."""

import time

import pytest

from expect import (
    N,
    NOT_FOUND,
    S,
    error,
    error_of,
    expect_enum_error,
    expect_error,
    expect_error_contains,
    expect_validation,
    expect_validation_contains,
    table_spec,
    uid,
    unique_name,
    validation,
    wait_active,
)

INVALID = "One or more parameter values were invalid: "
HR = [("pk", "S", "HASH"), ("sk", "N", "RANGE")]
KEYS = [("pk", "S", "HASH"), ("sk", "S", "RANGE")]
PK = [{"AttributeName": "pk", "AttributeType": "S"}]
HASH_KEY = [{"AttributeName": "pk", "KeyType": "HASH"}]


def tbl_name():
    return "tbl-" + uid()


def spec(keys=HR, **extra):
    return table_spec(unique_name("ct"), keys, **extra)


def gsi_on(name, hash_attr, range_attr=None, projection=None):
    ks = [{"AttributeName": hash_attr, "KeyType": "HASH"}]
    if range_attr:
        ks.append({"AttributeName": range_attr, "KeyType": "RANGE"})
    return {"IndexName": name, "KeySchema": ks, "Projection": projection or {"ProjectionType": "ALL"}}


def lsi_on(name, range_attr, projection=None, hash_attr="pk"):
    return gsi_on(name, hash_attr, range_attr, projection)


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


def lsi(name, sort="lsk", projection="ALL", non_key=None, hash_key="pk"):
    return gsi(name, [(hash_key, "HASH"), (sort, "RANGE")], projection, non_key)


@pytest.fixture
def gsi_table(make_table, ddb):
    """pk/sk table with three GSIs on (g, gs): ALL, KEYS_ONLY, INCLUDE [x]."""
    name = make_table(
        [("pk", "S", "HASH"), ("sk", "N", "RANGE")],
        extra_attrs=[("g", "S"), ("gs", "N")],
        GlobalSecondaryIndexes=[
            gsi_on("all", "g", "gs"),
            gsi_on("keys", "g", "gs", {"ProjectionType": "KEYS_ONLY"}),
            gsi_on("incl", "g", "gs", {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]}),
        ],
    )
    for i in range(6):
        item = {"pk": S(f"p{i}"), "sk": N(i), "x": N(i * 10), "y": N(i * 100)}
        if i != 5:  # item 5 has no index key: absent from every index (sparse)
            item.update(g=S("grp" if i < 4 else "other"), gs=N(10 - i))
        ddb.put_item(TableName=name, Item=item)
    return name


def gq(ddb, table, index, value="grp", **kw):
    return ddb.query(
        TableName=table, IndexName=index, KeyConditionExpression="g = :g",
        ExpressionAttributeValues={":g": S(value)}, **kw,
    )


@pytest.fixture
def indexed(ddb, make_table):
    name = make_table(
        KEYS,
        extra_attrs=[("g", "S"), ("gs", "N"), ("l", "N")],
        GlobalSecondaryIndexes=[
            gsi("all_g", [("g", "HASH"), ("gs", "RANGE")]),
            gsi("keys_g", [("g", "HASH")], "KEYS_ONLY"),
            gsi("incl_g", [("g", "HASH"), ("gs", "RANGE")], "INCLUDE", ["x"]),
        ],
        LocalSecondaryIndexes=[gsi("by_l", [("pk", "HASH"), ("l", "RANGE")], "KEYS_ONLY")],
    )
    items = [
        {"pk": S("p1"), "sk": S("a"), "g": S("red"), "gs": N(3), "l": N(30), "x": S("x1"), "y": S("y1")},
        {"pk": S("p1"), "sk": S("b"), "g": S("red"), "gs": N(1), "l": N(10), "x": S("x2"), "y": S("y2")},
        {"pk": S("p2"), "sk": S("a"), "g": S("blue"), "gs": N(2), "l": N(20)},
        {"pk": S("p3"), "sk": S("a"), "y": S("not in any index")},
    ]
    for it in items:
        ddb.put_item(TableName=name, Item=it)
    return name


def units(arms):
    return {name: arm["CapacityUnits"] for name, arm in arms.items()}


def qi(ddb, table, index, kce, values, **kw):
    return ddb.query(TableName=table, IndexName=index, KeyConditionExpression=kce, ExpressionAttributeValues=values, **kw)


# --- defining indexes: CreateTable's checks ---------------------------------------------------


def create_indexed(ddb, tables_to_delete, **kw):
    name = unique_name()
    tables_to_delete.append(name)
    ad = kw.pop("attrs", [("pk", "S"), ("sk", "N")])
    ks = kw.pop("keys", [("pk", "HASH"), ("sk", "RANGE")])
    kw.setdefault("BillingMode", "PAY_PER_REQUEST")
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": a, "KeyType": t} for a, t in ks],
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": t} for a, t in ad],
        **kw,
    )
    return name


def test_lsi_needs_range_key_on_table(ddb):
    expect_error(
        "ValidationException",
        "One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex",
        ddb.create_table, TableName=tbl_name(), AttributeDefinitions=PK + [{"AttributeName": "x", "AttributeType": "S"}],
        KeySchema=HASH_KEY, BillingMode="PAY_PER_REQUEST",
        LocalSecondaryIndexes=[{"IndexName": "lsi", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "x", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "ALL"}}],
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
    assert "LocalSecondaryIndexes" in msg and "limit of 5" in msg


def test_6_lsis_rejected(ddb, tables_to_delete):
    attrs = [("pk", "S"), ("sk", "N")] + [(f"l{i}", "S") for i in range(6)]
    # Live capture (ack-api-quirks, DDB-TABLE-129, 2026-10); dynalite had "LocalSecondaryIndex
    # count exceeds the per-table limit of 5".
    with validation(contains="Number of LocalSecondaryIndexes exceeds per-table limit of 5"):
        create_indexed(ddb, tables_to_delete, attrs=attrs, LocalSecondaryIndexes=[lsi_on(f"lsi{i}", f"l{i}") for i in range(6)])


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


def test_20_gsis_allowed(ddb, tables_to_delete):
    attrs = [("pk", "S"), ("sk", "N")] + [(f"g{i}", "S") for i in range(20)]
    name = create_indexed(ddb, tables_to_delete, attrs=attrs, GlobalSecondaryIndexes=[gsi_on(f"gsi{i}", f"g{i}") for i in range(20)])
    assert len(ddb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"]) == 20


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


def test_include_without_non_key_attributes(ddb, tables_to_delete):
    with validation(contains="ProjectionType is INCLUDE, but NonKeyAttributes is not specified"):
        create_indexed(ddb, tables_to_delete, attrs=[("pk", "S"), ("sk", "N"), ("g", "S")],
               GlobalSecondaryIndexes=[gsi_on("idx1", "g", projection={"ProjectionType": "INCLUDE"})])


def test_index_projection_names_an_attribute_once(ddb):
    expect_error_contains(
        "ValidationException", "Duplicate element in NonKeyAttributes: a",
        ddb.create_table, TableName=tbl_name(), AttributeDefinitions=PK, KeySchema=HASH_KEY, BillingMode="PAY_PER_REQUEST",
        GlobalSecondaryIndexes=[{"IndexName": "gsi", "KeySchema": HASH_KEY,
                                 "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["a", "b", "a"]}}],
    )


def test_more_than_20_non_key_attributes_in_one_index(ddb, tables_to_delete):
    # botocore model: NonKeyAttributeNameList has at most 20 members.
    proj = {"ProjectionType": "INCLUDE", "NonKeyAttributes": [f"a{i}" for i in range(21)]}
    with validation(contains="Member must have length less than or equal to 20"):
        create_indexed(ddb, tables_to_delete, attrs=[("pk", "S"), ("sk", "N"), ("g", "S")], GlobalSecondaryIndexes=[gsi_on("idx1", "g", projection=proj)])


def test_more_than_100_projected_attributes_total(ddb, tables_to_delete):
    # Service limit: 100 projected non-key attributes across all of a table's indexes.
    attrs = [("pk", "S"), ("sk", "N")] + [(f"g{i}", "S") for i in range(6)]
    idxs = [
        gsi_on(f"idx{i}", f"g{i}", projection={"ProjectionType": "INCLUDE", "NonKeyAttributes": [f"a{i}_{j}" for j in range(20)]})
        for i in range(6)
    ]
    with validation():
        create_indexed(ddb, tables_to_delete, attrs=attrs, GlobalSecondaryIndexes=idxs)


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


def test_unused_definition_with_indexes(ddb, tables_to_delete):
    # With indexes DynamoDB names the attributes (ack-api-quirks' catalogue of its
    # ValidationException texts, DDB-TABLE-442, 2026-10); without, it keeps its count message
    # (test_create_table.py).
    expect_validation(
        INVALID + "Some AttributeDefinitions are not used. AttributeDefinitions: [pk, sk, g, unused], "
        "keys used: [pk, sk, g]",
        create_indexed, ddb, tables_to_delete, attrs=[("pk", "S"), ("sk", "N"), ("g", "S"), ("unused", "S")],
        GlobalSecondaryIndexes=[gsi_on("idx1", "g")])


def test_gsi_throughput_missing_on_provisioned_table(create):
    # CreateTable and UpdateTable word this differently (ack-api-quirks' catalogue, DDB-TABLE-442).
    s = spec(extra_attrs=[("g", "S")], GlobalSecondaryIndexes=[gsi("idx", [("g", "HASH")])], billing=(1, 1))
    expect_validation(INVALID + "ProvisionedThroughput is not specified for index: idx", create, **s)


# --- what CreateTable and DescribeTable say of indexes -----------------------------------------


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


def test_gsi_described(ddb, gsi_table):
    t = ddb.describe_table(TableName=gsi_table)["Table"]
    by = {i["IndexName"]: i for i in t["GlobalSecondaryIndexes"]}
    assert set(by) == {"all", "keys", "incl"}
    assert by["all"]["IndexStatus"] == "ACTIVE"
    assert by["incl"]["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]}
    assert by["keys"]["KeySchema"] == [{"AttributeName": "g", "KeyType": "HASH"}, {"AttributeName": "gs", "KeyType": "RANGE"}]
    assert by["all"]["IndexArn"] == t["TableArn"] + "/index/all"
    for i in by.values():
        assert isinstance(i["ItemCount"], int) and i["ItemCount"] >= 0
        assert isinstance(i["IndexSizeBytes"], int) and i["IndexSizeBytes"] >= 0


def test_gsi_on_provisioned_table(ddb, make_table):
    t = make_table(
        extra_attrs=[("g", "S")],
        billing=(2, 2),
        GlobalSecondaryIndexes=[dict(gsi_on("byg", "g"), ProvisionedThroughput={"ReadCapacityUnits": 3, "WriteCapacityUnits": 4})],
    )
    idx = ddb.describe_table(TableName=t)["Table"]["GlobalSecondaryIndexes"][0]
    assert idx["ProvisionedThroughput"]["ReadCapacityUnits"] == 3
    assert idx["ProvisionedThroughput"]["WriteCapacityUnits"] == 4


def test_lsi_created(create, ddb):
    s = spec(extra_attrs=[("lsk", "S")], LocalSecondaryIndexes=[lsi("by_lsk", projection="KEYS_ONLY")])
    create(**s)
    desc = wait_active(ddb, s["TableName"])
    (index,) = desc["LocalSecondaryIndexes"]
    assert index["IndexName"] == "by_lsk"
    assert index["Projection"] == {"ProjectionType": "KEYS_ONLY"}
    assert index["IndexArn"] == desc["TableArn"] + "/index/by_lsk"


def test_index_counts_in_describe(ddb, messages):
    t = ddb.describe_table(TableName=messages)["Table"]
    assert t["ItemCount"] == 30
    gsi = t["GlobalSecondaryIndexes"][0]
    assert gsi["IndexName"] == "by-user" and gsi["ItemCount"] == 15 and gsi["IndexSizeBytes"] > 0
    assert t["LocalSecondaryIndexes"][0]["ItemCount"] == 30


# --- GSI queries and scans -----------------------------------------------------------------------


def test_gsi_query_all_projection(ddb, gsi_table):
    r = gq(ddb, gsi_table, "all")
    # Sorted by the index sort key gs = 10 - i.
    assert [i["pk"]["S"] for i in r["Items"]] == ["p3", "p2", "p1", "p0"]
    assert r["Items"][0] == {"pk": S("p3"), "sk": N(3), "x": N(30), "y": N(300), "g": S("grp"), "gs": N(7)}


def test_gsi_query_sorted_by_index_range(ddb, indexed):
    resp = qi(ddb, indexed, "all_g", "g = :g", {":g": S("red")})
    assert [i["gs"]["N"] for i in resp["Items"]] == ["1", "3"]
    assert resp["Items"][0]["y"] == S("y2")  # ALL projection carries every attribute


def test_gsi_keys_only_projection(ddb, gsi_table):
    r = gq(ddb, gsi_table, "keys")
    assert r["Items"][0] == {"pk": S("p3"), "sk": N(3), "g": S("grp"), "gs": N(7)}


def test_gsi_keys_only_projection_hash_only_index(ddb, indexed):
    resp = qi(ddb, indexed, "keys_g", "g = :g", {":g": S("blue")})
    assert resp["Items"] == [{"pk": S("p2"), "sk": S("a"), "g": S("blue")}]


def test_gsi_include_projection(ddb, gsi_table):
    r = gq(ddb, gsi_table, "incl")
    assert r["Items"][0] == {"pk": S("p3"), "sk": N(3), "g": S("grp"), "gs": N(7), "x": N(30)}


def test_gsi_include_projection_with_range_condition(ddb, indexed):
    resp = qi(ddb, indexed, "incl_g", "g = :g AND gs = :s", {":g": S("red"), ":s": N(3)})
    assert resp["Items"] == [{"pk": S("p1"), "sk": S("a"), "g": S("red"), "gs": N(3), "x": S("x1")}]


def test_gsi_sparse(ddb, gsi_table):
    r = ddb.scan(TableName=gsi_table, IndexName="all")
    assert sorted(i["pk"]["S"] for i in r["Items"]) == ["p0", "p1", "p2", "p3", "p4"]


def test_sparse_index(ddb, indexed):
    resp = ddb.scan(TableName=indexed, IndexName="all_g")
    assert sorted((i["pk"]["S"], i["sk"]["S"]) for i in resp["Items"]) == [("p1", "a"), ("p1", "b"), ("p2", "a")]


def test_gsi_is_sparse_and_projected(ddb, messages):
    out = ddb.query(TableName=messages, IndexName="by-user", KeyConditionExpression="#u = :u",
                    ExpressionAttributeNames={"#u": "user"}, ExpressionAttributeValues={":u": {"S": "jess"}})
    assert out["Count"] == 15
    assert set(out["Items"][0]) == {"pk", "sk", "user", "body"}


def test_gsi_scan(ddb, gsi_table):
    r = ddb.scan(TableName=gsi_table, IndexName="keys")
    assert r["Count"] == 5
    assert all(set(i) == {"pk", "sk", "g", "gs"} for i in r["Items"])


def test_gsi_duplicate_index_keys(ddb, make_table):
    t = make_table(extra_attrs=[("g", "S")], GlobalSecondaryIndexes=[gsi_on("byg", "g")])
    for i in range(5):
        ddb.put_item(TableName=t, Item={"pk": S(f"p{i}"), "g": S("same")})
    r = ddb.query(TableName=t, IndexName="byg", KeyConditionExpression="g = :g", ExpressionAttributeValues={":g": S("same")})
    assert sorted(i["pk"]["S"] for i in r["Items"]) == [f"p{i}" for i in range(5)]


def test_gsi_pagination_key_includes_table_key(ddb, gsi_table):
    r = gq(ddb, gsi_table, "all", Limit=2)
    lek = r["LastEvaluatedKey"]
    assert set(lek) == {"g", "gs", "pk", "sk"}
    r2 = gq(ddb, gsi_table, "all", ExclusiveStartKey=lek)
    assert [i["pk"]["S"] for i in r["Items"] + r2["Items"]] == ["p3", "p2", "p1", "p0"]


def test_gsi_pagination_key(ddb, indexed):
    resp = qi(ddb, indexed, "all_g", "g = :g", {":g": S("red")}, Limit=1)
    # An index's LastEvaluatedKey carries the index keys and the table keys.
    assert resp["LastEvaluatedKey"] == {"g": S("red"), "gs": N(1), "pk": S("p1"), "sk": S("b")}
    resp = qi(ddb, indexed, "all_g", "g = :g", {":g": S("red")}, ExclusiveStartKey=resp["LastEvaluatedKey"])
    assert [i["gs"]["N"] for i in resp["Items"]] == ["3"]


def test_gsi_refuses_consistent_reads(ddb, messages):
    expect_error("ValidationException", "Consistent reads are not supported on global secondary indexes",
                 ddb.query, TableName=messages, IndexName="by-user", KeyConditionExpression="#u = :u",
                 ExpressionAttributeNames={"#u": "user"}, ExpressionAttributeValues={":u": {"S": "jess"}},
                 ConsistentRead=True)


def test_gsi_select_all_attributes_on_keys_only(ddb, indexed):
    expect_validation(
        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global "
        "secondary index keys_g because its projection type is not ALL",
        qi, ddb, indexed, "keys_g", "g = :g", {":g": S("red")}, Select="ALL_ATTRIBUTES",
    )


def test_select_all_projected(ddb, gsi_table):
    r = gq(ddb, gsi_table, "incl", Select="ALL_PROJECTED_ATTRIBUTES")
    assert set(r["Items"][0]) == {"pk", "sk", "g", "gs", "x"}


def test_gsi_select_all_projected(ddb, indexed):
    resp = qi(ddb, indexed, "keys_g", "g = :g", {":g": S("blue")}, Select="ALL_PROJECTED_ATTRIBUTES")
    assert resp["Items"] == [{"pk": S("p2"), "sk": S("a"), "g": S("blue")}]


# --- keeping indexes up to date -------------------------------------------------------------------


def test_gsi_follows_updates(ddb, gsi_table):
    ddb.update_item(TableName=gsi_table, Key={"pk": S("p0"), "sk": N(0)}, UpdateExpression="SET g = :o", ExpressionAttributeValues={":o": S("other")})
    ddb.delete_item(TableName=gsi_table, Key={"pk": S("p1"), "sk": N(1)})
    ddb.update_item(TableName=gsi_table, Key={"pk": S("p2"), "sk": N(2)}, UpdateExpression="REMOVE gs")
    assert [i["pk"]["S"] for i in gq(ddb, gsi_table, "all")["Items"]] == ["p3"]
    assert sorted(i["pk"]["S"] for i in gq(ddb, gsi_table, "keys", "other")["Items"]) == ["p0", "p4"]


def test_index_follows_updates(ddb, indexed):
    ddb.update_item(
        TableName=indexed,
        Key={"pk": S("p2"), "sk": S("a")},
        UpdateExpression="SET g = :g",
        ExpressionAttributeValues={":g": S("red")},
    )
    assert len(qi(ddb, indexed, "all_g", "g = :g", {":g": S("red")})["Items"]) == 3
    assert qi(ddb, indexed, "all_g", "g = :g", {":g": S("blue")})["Items"] == []
    ddb.delete_item(TableName=indexed, Key={"pk": S("p1"), "sk": S("a")})
    assert len(qi(ddb, indexed, "all_g", "g = :g", {":g": S("red")})["Items"]) == 2


def test_index_key_type_mismatch_on_put(ddb, indexed):
    code, message, _ = error_of(
        ddb.put_item, TableName=indexed, Item={"pk": S("p9"), "sk": S("a"), "g": N(1)}
    )
    assert code == "ValidationException"
    assert "Type mismatch for Index Key g Expected: S Actual: N IndexName: " in message, message


def test_gsi_empty_string_key(ddb, gsi_table):
    with validation(contains="The AttributeValue for a key attribute cannot contain an empty string value"):
        ddb.put_item(TableName=gsi_table, Item={"pk": S("z"), "sk": N(1), "g": S(""), "gs": N(1)})


# --- UpdateTable: create and delete a GSI ---------------------------------------------------------


def wait_index(ddb, table, index, status="ACTIVE", timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        t = ddb.describe_table(TableName=table)["Table"]
        idx = [i for i in t.get("GlobalSecondaryIndexes", []) if i["IndexName"] == index]
        if status is None and not idx:
            return None
        if idx and idx[0]["IndexStatus"] == status:
            return idx[0]
        time.sleep(0.1)
    raise AssertionError(f"index {index} not {status} after {timeout}s")


def test_create_gsi_with_backfill(ddb, hash_table):
    for i in range(20):
        item = {"pk": S(f"p{i}"), "v": S("even" if i % 2 == 0 else "odd")}
        ddb.put_item(TableName=hash_table, Item=item)
    d = ddb.update_table(
        TableName=hash_table,
        AttributeDefinitions=[{"AttributeName": "v", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[{"Create": gsi_on("byv", "v")}],
    )["TableDescription"]
    created = [i for i in d["GlobalSecondaryIndexes"] if i["IndexName"] == "byv"][0]
    assert created["IndexStatus"] in ("CREATING", "ACTIVE")
    wait_index(ddb, hash_table, "byv")
    r = ddb.query(TableName=hash_table, IndexName="byv", KeyConditionExpression="v = :v", ExpressionAttributeValues={":v": S("even")})
    assert sorted(i["pk"]["S"] for i in r["Items"]) == sorted(f"p{i}" for i in range(0, 20, 2))


# On a PAY_PER_REQUEST table a new GSI takes no ProvisionedThroughput (dynalite still demands one).
def test_gsi_created_by_update_table_backfills(ddb, make_table):
    name = make_table(KEYS)
    for i in range(5):
        ddb.put_item(TableName=name, Item={"pk": S(f"p{i}"), "sk": S("a"), "color": S("red" if i % 2 else "blue")})
    ddb.update_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "color", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[{"Create": gsi("by_color", [("color", "HASH")])}],
    )
    desc = wait_active(ddb, name)
    assert [g["IndexName"] for g in desc["GlobalSecondaryIndexes"]] == ["by_color"]
    resp = qi(ddb, name, "by_color", "color = :c", {":c": S("red")})
    assert sorted(i["pk"]["S"] for i in resp["Items"]) == ["p1", "p3"]


def test_gsi_added_by_update_table(ddb, messages):
    ddb.update_table(TableName=messages, AttributeDefinitions=[{"AttributeName": "body", "AttributeType": "S"}],
                     GlobalSecondaryIndexUpdates=[{"Create": {"IndexName": "by-body", "KeySchema": [{"AttributeName": "body", "KeyType": "HASH"}],
                                                              "Projection": {"ProjectionType": "KEYS_ONLY"}}}])
    ddb.get_waiter("table_exists").wait(TableName=messages)
    out = ddb.query(TableName=messages, IndexName="by-body", KeyConditionExpression="body = :b",
                    ExpressionAttributeValues={":b": {"S": "message 7"}})
    assert out["Count"] == 1


def test_gsi_deleted_by_update_table(ddb, indexed):
    ddb.update_table(TableName=indexed, GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "keys_g"}}])
    for _ in range(300):
        desc = ddb.describe_table(TableName=indexed)["Table"]
        if "keys_g" not in [g["IndexName"] for g in desc.get("GlobalSecondaryIndexes", [])]:
            break
        import time

        time.sleep(0.1)
    else:
        raise AssertionError("index keys_g still listed")
    expect_validation(
        "The table does not have the specified index: keys_g", qi, ddb, indexed, "keys_g", "g = :g", {":g": S("red")}
    )


def test_delete_unknown_gsi(ddb, gsi_table):
    with error(NOT_FOUND):
        ddb.update_table(TableName=gsi_table, GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "nosuch"}}])


def test_create_existing_gsi(ddb, gsi_table):
    # ack-api-quirks' catalogue of DynamoDB's ValidationException texts (DDB-TABLE-442, 2026-10).
    expect_error("ValidationException", "Attempting to create an index which already exists", ddb.update_table,
                 TableName=gsi_table, AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
                 GlobalSecondaryIndexUpdates=[{"Create": gsi_on("all", "g")}])


def test_gsi_throughput_rules_of_update_table(ddb, gsi_table, make_table):
    # ack-api-quirks' catalogue of DynamoDB's ValidationException texts (DDB-TABLE-442, 2026-10).
    g = [{"AttributeName": "g", "AttributeType": "S"}]
    one = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
    expect_validation(
        INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: new_idx "
        "when BillingMode is PAY_PER_REQUEST",
        ddb.update_table, TableName=gsi_table, AttributeDefinitions=g,
        GlobalSecondaryIndexUpdates=[{"Create": {**gsi_on("new_idx", "g"), "ProvisionedThroughput": one}}])
    expect_validation(
        INVALID + "The only Updates for index: all when TableThroughputMode is PAY_PER_REQUEST can be to "
        "OnDemandThroughput, WarmThroughput",
        ddb.update_table, TableName=gsi_table,
        GlobalSecondaryIndexUpdates=[{"Update": {"IndexName": "all", "ProvisionedThroughput": one}}])
    provisioned = make_table(billing=(1, 1))
    expect_validation(
        INVALID + "ProvisionedThroughput must be specified for index: new_idx",
        ddb.update_table, TableName=provisioned, AttributeDefinitions=g,
        GlobalSecondaryIndexUpdates=[{"Create": gsi_on("new_idx", "g")}])


def test_one_online_index_change_at_a_time(ddb, gsi_table):
    # Live probes (docs/research/aws-live-probes-2026.md A5: DDB-TABLE-159, -174).
    g = [{"AttributeName": "g", "AttributeType": "S"}]
    expect_error(
        "LimitExceededException",
        "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table",
        ddb.update_table, TableName=gsi_table, AttributeDefinitions=g,
        GlobalSecondaryIndexUpdates=[{"Create": gsi_on("new_idx", "g")}, {"Delete": {"IndexName": "all"}}])
    assert len(ddb.describe_table(TableName=gsi_table)["Table"]["GlobalSecondaryIndexes"]) == 3


def test_two_updates_same_index(ddb, gsi_table):
    with validation(contains="Only one global secondary index update per index is allowed simultaneously. Index: all"):
        ddb.update_table(
            TableName=gsi_table,
            GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "all"}}, {"Delete": {"IndexName": "all"}}],
        )


# --- LSIs -----------------------------------------------------------------------------------------


@pytest.fixture
def lsi_table(make_table, ddb):
    name = make_table(
        [("pk", "S", "HASH"), ("sk", "N", "RANGE")],
        extra_attrs=[("l", "N")],
        LocalSecondaryIndexes=[lsi_on("byl", "l"), lsi_on("byl_keys", "l", {"ProjectionType": "KEYS_ONLY"})],
    )
    for i in range(5):
        ddb.put_item(TableName=name, Item={"pk": S("h"), "sk": N(i), "l": N(100 - i), "x": N(i)})
    ddb.put_item(TableName=name, Item={"pk": S("h"), "sk": N(99)})  # no l: not in the LSIs
    return name


def test_lsi_described(ddb, lsi_table):
    t = ddb.describe_table(TableName=lsi_table)["Table"]
    by = {i["IndexName"]: i for i in t["LocalSecondaryIndexes"]}
    assert set(by) == {"byl", "byl_keys"}
    assert by["byl"]["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}]
    assert by["byl"]["IndexArn"] == t["TableArn"] + "/index/byl"


def test_lsi_query_order(ddb, lsi_table):
    r = ddb.query(TableName=lsi_table, IndexName="byl", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": S("h")})
    assert [int(i["sk"]["N"]) for i in r["Items"]] == [4, 3, 2, 1, 0]


def test_lsi_query(ddb, indexed):
    resp = qi(ddb, indexed, "by_l", "pk = :p AND l > :v", {":p": S("p1"), ":v": N(5)})
    assert [i["sk"]["S"] for i in resp["Items"]] == ["b", "a"]
    assert set(resp["Items"][0]) == {"pk", "sk", "l"}


def test_lsi_range_condition_and_consistent_read(ddb, lsi_table):
    r = ddb.query(
        TableName=lsi_table, IndexName="byl", ConsistentRead=True,
        KeyConditionExpression="pk = :p AND l >= :l", ExpressionAttributeValues={":p": S("h"), ":l": N(98)},
    )
    assert [int(i["sk"]["N"]) for i in r["Items"]] == [2, 1, 0]


def test_lsi_consistent_read_allowed(ddb, indexed):
    resp = qi(ddb, indexed, "by_l", "pk = :p", {":p": S("p1")}, ConsistentRead=True)
    assert len(resp["Items"]) == 2


def test_lsi_keys_only(ddb, lsi_table):
    r = ddb.query(TableName=lsi_table, IndexName="byl_keys", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": S("h")}, Limit=1)
    assert r["Items"] == [{"pk": S("h"), "sk": N(4), "l": N(96)}]


def test_lsi_fetches_unprojected_attributes(ddb, lsi_table):
    # An LSI query may ask for attributes outside its projection; DynamoDB fetches them from the table.
    r = ddb.query(
        TableName=lsi_table, IndexName="byl_keys", KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": S("h")}, Select="ALL_ATTRIBUTES", Limit=1,
    )
    assert r["Items"] == [{"pk": S("h"), "sk": N(4), "l": N(96), "x": N(4)}]


def test_lsi_query_fetches_unprojected_attributes(ddb, messages):
    out = ddb.query(TableName=messages, IndexName="by-score", KeyConditionExpression="pk = :pk AND score < :s",
                    ExpressionAttributeValues={":pk": {"S": "MSG#g1"}, ":s": {"N": "3"}}, Select="ALL_ATTRIBUTES",
                    ConsistentRead=True)
    assert [i["score"]["N"] for i in out["Items"]] == ["0", "1", "2"]
    assert out["Items"][0]["extra"] == {"S": "x"}


# --- ConsumedCapacity of index reads and writes --------------------------------------------------


# (dynalite reports only the total, not the per-index arms.)
def test_gsi_capacity_indexes(ddb, indexed):
    # INDEXES: a put that lands in three GSIs and the LSI reports each arm. The item is small:
    # 1 WCU for the table and 1 per index it appears in.
    resp = ddb.put_item(
        TableName=indexed,
        Item={"pk": S("p7"), "sk": S("z"), "g": S("green"), "gs": N(1), "l": N(1)},
        ReturnConsumedCapacity="INDEXES",
    )
    cc = resp["ConsumedCapacity"]
    # Each arm may also carry Read/WriteCapacityUnits, as newer DynamoDB responses do; the
    # CapacityUnits figures are what is compared.
    assert cc["Table"]["CapacityUnits"] == 1.0
    assert units(cc["GlobalSecondaryIndexes"]) == {"all_g": 1.0, "keys_g": 1.0, "incl_g": 1.0}
    assert units(cc["LocalSecondaryIndexes"]) == {"by_l": 1.0}
    assert cc["CapacityUnits"] == 5.0


def test_gsi_query_capacity_charged_to_index(ddb, indexed):
    resp = qi(ddb, indexed, "all_g", "g = :g", {":g": S("red")}, ReturnConsumedCapacity="INDEXES")
    cc = resp["ConsumedCapacity"]
    assert cc["CapacityUnits"] == 0.5
    assert units(cc["GlobalSecondaryIndexes"]) == {"all_g": 0.5}


def test_projection_naming_what_a_gsi_does_not_project_is_refused(ddb, gsi_table):
    # Source: localstack issue 478 (AWS's answer to a ProjectionExpression naming an attribute
    # a GSI does not project); AttributesToGet gets the same check here.
    def refused(names, call, *args, **kw):
        code, message, _ = error_of(call, *args, **kw)
        assert code == "ValidationException", (code, message)
        assert message.endswith(
            f"One or more parameter values were invalid: Global secondary index {names[0]} does not project [{names[1]}]"
        ), message

    refused(("keys", "x, y"), ddb.query, TableName=gsi_table, IndexName="keys",
            KeyConditions={"g": {"AttributeValueList": [S("grp")], "ComparisonOperator": "EQ"}},
            Select="SPECIFIC_ATTRIBUTES", AttributesToGet=["x", "pk", "y"])
    refused(("incl", "y"), ddb.scan, TableName=gsi_table, IndexName="incl", AttributesToGet=["x", "y", "gs"])
    refused(("keys", "x"), gq, ddb, gsi_table, "keys", ProjectionExpression="x.z, pk, sk, g")
    got = ddb.scan(TableName=gsi_table, IndexName="incl", AttributesToGet=["x", "pk", "gs"])["Items"]
    assert sorted(int(i["x"]["N"]) for i in got) == [0, 10, 20, 30, 40]


def test_filter_naming_what_a_gsi_does_not_project_is_refused(ddb, gsi_table):
    # Source: dynamodb-onetable issue 377, which quotes AWS's answer to a Query of a KEYS_ONLY
    # GSI filtering on an attribute the index does not project.
    def refused(index, names, call, *args, **kw):
        code, message, _ = error_of(call, *args, **kw)
        assert code == "ValidationException", (code, message)
        assert message.endswith(
            f"One or more parameter values were invalid: Secondary index {index} does not project one or more filter attributes: [{names}]"
        ), message

    refused("keys", "x, y", gq, ddb, gsi_table, "keys", FilterExpression="x > :g OR y.z = :g OR pk = :g")
    refused("incl", "y", ddb.scan, TableName=gsi_table, IndexName="incl",
            ScanFilter={"y": {"ComparisonOperator": "NOT_NULL"}})
    got = ddb.query(TableName=gsi_table, IndexName="incl", KeyConditionExpression="g = :g",
                    FilterExpression="x >= :x", ExpressionAttributeValues={":g": S("grp"), ":x": N(20)})
    assert sorted(int(i["x"]["N"]) for i in got["Items"]) == [20, 30]
