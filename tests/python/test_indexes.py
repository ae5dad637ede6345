"""Secondary indexes: GSI and LSI queries, projections, sparse indexes, backfill via UpdateTable."""

import pytest

from .conftest import wait_active
from .util import N, S, error_of, expect_validation

KEYS = [("pk", "S", "HASH"), ("sk", "S", "RANGE")]


def gsi(name, keys, projection="ALL", non_key=None):
    g = {
        "IndexName": name,
        "KeySchema": [{"AttributeName": n, "KeyType": k} for n, k in keys],
        "Projection": {"ProjectionType": projection},
    }
    if non_key:
        g["Projection"]["NonKeyAttributes"] = non_key
    return g


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


def test_gsi_query_sorted_by_index_range(ddb, indexed):
    resp = qi(ddb, indexed, "all_g", "g = :g", {":g": S("red")})
    assert [i["gs"]["N"] for i in resp["Items"]] == ["1", "3"]
    assert resp["Items"][0]["y"] == S("y2")  # ALL projection carries every attribute


def test_gsi_keys_only_projection(ddb, indexed):
    resp = qi(ddb, indexed, "keys_g", "g = :g", {":g": S("blue")})
    assert resp["Items"] == [{"pk": S("p2"), "sk": S("a"), "g": S("blue")}]


def test_gsi_include_projection(ddb, indexed):
    resp = qi(ddb, indexed, "incl_g", "g = :g AND gs = :s", {":g": S("red"), ":s": N(3)})
    assert resp["Items"] == [{"pk": S("p1"), "sk": S("a"), "g": S("red"), "gs": N(3), "x": S("x1")}]


def test_sparse_index(ddb, indexed):
    resp = ddb.scan(TableName=indexed, IndexName="all_g")
    assert sorted((i["pk"]["S"], i["sk"]["S"]) for i in resp["Items"]) == [("p1", "a"), ("p1", "b"), ("p2", "a")]


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


def test_lsi_query(ddb, indexed):
    resp = qi(ddb, indexed, "by_l", "pk = :p AND l > :v", {":p": S("p1"), ":v": N(5)})
    assert [i["sk"]["S"] for i in resp["Items"]] == ["b", "a"]
    assert set(resp["Items"][0]) == {"pk", "sk", "l"}


def test_lsi_consistent_read_allowed(ddb, indexed):
    resp = qi(ddb, indexed, "by_l", "pk = :p", {":p": S("p1")}, ConsistentRead=True)
    assert len(resp["Items"]) == 2


def test_gsi_consistent_read_rejected(ddb, indexed):
    expect_validation(
        "Consistent reads are not supported on global secondary indexes",
        qi, ddb, indexed, "all_g", "g = :g", {":g": S("red")}, ConsistentRead=True,
    )


def test_gsi_select_all_attributes_on_keys_only(ddb, indexed):
    expect_validation(
        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global "
        "secondary index keys_g because its projection type is not ALL",
        qi, ddb, indexed, "keys_g", "g = :g", {":g": S("red")}, Select="ALL_ATTRIBUTES",
    )


def test_gsi_select_all_projected(ddb, indexed):
    resp = qi(ddb, indexed, "keys_g", "g = :g", {":g": S("blue")}, Select="ALL_PROJECTED_ATTRIBUTES")
    assert resp["Items"] == [{"pk": S("p2"), "sk": S("a"), "g": S("blue")}]


def test_gsi_pagination_key(ddb, indexed):
    resp = qi(ddb, indexed, "all_g", "g = :g", {":g": S("red")}, Limit=1)
    # An index's LastEvaluatedKey carries the index keys and the table keys.
    assert resp["LastEvaluatedKey"] == {"g": S("red"), "gs": N(1), "pk": S("p1"), "sk": S("b")}
    resp = qi(ddb, indexed, "all_g", "g = :g", {":g": S("red")}, ExclusiveStartKey=resp["LastEvaluatedKey"])
    assert [i["gs"]["N"] for i in resp["Items"]] == ["3"]


def test_index_key_type_mismatch_on_put(ddb, indexed):
    code, message, _ = error_of(
        ddb.put_item, TableName=indexed, Item={"pk": S("p9"), "sk": S("a"), "g": N(1)}
    )
    assert code == "ValidationException"
    assert "Type mismatch for Index Key g Expected: S Actual: N IndexName: " in message, message


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
