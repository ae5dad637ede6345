"""Global and local secondary indexes (issue 3 §4; messages: dynamodb-messages.md §4.2, §6.1)."""

import time

import pytest

from b3util import NOT_FOUND, error, validation, unique_name


def S(x):
    return {"S": x}


def N(x):
    return {"N": str(x)}


def gsi(name, hash_attr, range_attr=None, projection=None):
    ks = [{"AttributeName": hash_attr, "KeyType": "HASH"}]
    if range_attr:
        ks.append({"AttributeName": range_attr, "KeyType": "RANGE"})
    return {"IndexName": name, "KeySchema": ks, "Projection": projection or {"ProjectionType": "ALL"}}


def lsi(name, range_attr, projection=None, hash_attr="pk"):
    return gsi(name, hash_attr, range_attr, projection)


@pytest.fixture
def gsi_table(make_table, ddb):
    """pk/sk table with three GSIs on (g, gs): ALL, KEYS_ONLY, INCLUDE [x]."""
    name = make_table(
        range=("sk", "N"),
        attrs=[("g", "S"), ("gs", "N")],
        GlobalSecondaryIndexes=[
            gsi("all", "g", "gs"),
            gsi("keys", "g", "gs", {"ProjectionType": "KEYS_ONLY"}),
            gsi("incl", "g", "gs", {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]}),
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


def test_gsi_query_all_projection(ddb, gsi_table):
    r = gq(ddb, gsi_table, "all")
    # Sorted by the index sort key gs = 10 - i.
    assert [i["pk"]["S"] for i in r["Items"]] == ["p3", "p2", "p1", "p0"]
    assert r["Items"][0] == {"pk": S("p3"), "sk": N(3), "x": N(30), "y": N(300), "g": S("grp"), "gs": N(7)}


def test_gsi_keys_only_projection(ddb, gsi_table):
    r = gq(ddb, gsi_table, "keys")
    assert r["Items"][0] == {"pk": S("p3"), "sk": N(3), "g": S("grp"), "gs": N(7)}


def test_gsi_include_projection(ddb, gsi_table):
    r = gq(ddb, gsi_table, "incl")
    assert r["Items"][0] == {"pk": S("p3"), "sk": N(3), "g": S("grp"), "gs": N(7), "x": N(30)}


def test_gsi_sparse(ddb, gsi_table):
    r = ddb.scan(TableName=gsi_table, IndexName="all")
    assert sorted(i["pk"]["S"] for i in r["Items"]) == ["p0", "p1", "p2", "p3", "p4"]


def test_gsi_follows_updates(ddb, gsi_table):
    ddb.update_item(TableName=gsi_table, Key={"pk": S("p0"), "sk": N(0)}, UpdateExpression="SET g = :o", ExpressionAttributeValues={":o": S("other")})
    ddb.delete_item(TableName=gsi_table, Key={"pk": S("p1"), "sk": N(1)})
    ddb.update_item(TableName=gsi_table, Key={"pk": S("p2"), "sk": N(2)}, UpdateExpression="REMOVE gs")
    assert [i["pk"]["S"] for i in gq(ddb, gsi_table, "all")["Items"]] == ["p3"]
    assert sorted(i["pk"]["S"] for i in gq(ddb, gsi_table, "keys", "other")["Items"]) == ["p0", "p4"]


def test_gsi_duplicate_index_keys(ddb, make_table):
    t = make_table(attrs=[("g", "S")], GlobalSecondaryIndexes=[gsi("byg", "g")])
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


def test_gsi_consistent_read_rejected(ddb, gsi_table):
    with validation(contains="Consistent reads are not supported on global secondary indexes"):
        gq(ddb, gsi_table, "all", ConsistentRead=True)


def test_select_all_attributes_on_keys_only_gsi(ddb, gsi_table):
    with validation(contains="One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index keys because its projection type is not ALL"):
        gq(ddb, gsi_table, "keys", Select="ALL_ATTRIBUTES")


def test_select_all_projected(ddb, gsi_table):
    r = gq(ddb, gsi_table, "incl", Select="ALL_PROJECTED_ATTRIBUTES")
    assert set(r["Items"][0]) == {"pk", "sk", "g", "gs", "x"}


def test_gsi_index_key_type_mismatch(ddb, gsi_table):
    with validation(contains="Type mismatch for Index Key"):
        ddb.put_item(TableName=gsi_table, Item={"pk": S("z"), "sk": N(1), "g": N(1), "gs": N(1)})


def test_gsi_empty_string_key(ddb, gsi_table):
    with validation(contains="The AttributeValue for a key attribute cannot contain an empty string value"):
        ddb.put_item(TableName=gsi_table, Item={"pk": S("z"), "sk": N(1), "g": S(""), "gs": N(1)})


def test_gsi_scan(ddb, gsi_table):
    r = ddb.scan(TableName=gsi_table, IndexName="keys")
    assert r["Count"] == 5
    assert all(set(i) == {"pk", "sk", "g", "gs"} for i in r["Items"])


def test_gsi_on_provisioned_table(ddb, make_table):
    t = make_table(
        attrs=[("g", "S")],
        ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 2},
        GlobalSecondaryIndexes=[dict(gsi("byg", "g"), ProvisionedThroughput={"ReadCapacityUnits": 3, "WriteCapacityUnits": 4})],
    )
    idx = ddb.describe_table(TableName=t)["Table"]["GlobalSecondaryIndexes"][0]
    assert idx["ProvisionedThroughput"]["ReadCapacityUnits"] == 3
    assert idx["ProvisionedThroughput"]["WriteCapacityUnits"] == 4


# --- UpdateTable: create and delete a GSI ------------------------------------------------


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


def test_create_gsi_with_backfill(ddb, table):
    for i in range(20):
        item = {"pk": S(f"p{i}"), "v": S("even" if i % 2 == 0 else "odd")}
        ddb.put_item(TableName=table, Item=item)
    d = ddb.update_table(
        TableName=table,
        AttributeDefinitions=[{"AttributeName": "v", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[{"Create": gsi("byv", "v")}],
    )["TableDescription"]
    created = [i for i in d["GlobalSecondaryIndexes"] if i["IndexName"] == "byv"][0]
    assert created["IndexStatus"] in ("CREATING", "ACTIVE")
    wait_index(ddb, table, "byv")
    r = ddb.query(TableName=table, IndexName="byv", KeyConditionExpression="v = :v", ExpressionAttributeValues={":v": S("even")})
    assert sorted(i["pk"]["S"] for i in r["Items"]) == sorted(f"p{i}" for i in range(0, 20, 2))


def test_delete_gsi(ddb, gsi_table):
    ddb.update_table(TableName=gsi_table, GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "incl"}}])
    wait_index(ddb, gsi_table, "incl", status=None)
    with validation(contains="The table does not have the specified index: incl"):
        gq(ddb, gsi_table, "incl")


def test_delete_unknown_gsi(ddb, gsi_table):
    with error(NOT_FOUND):
        ddb.update_table(TableName=gsi_table, GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "nosuch"}}])


def test_two_updates_same_index(ddb, gsi_table):
    with validation(contains="Only one global secondary index update per index is allowed simultaneously. Index: all"):
        ddb.update_table(
            TableName=gsi_table,
            GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "all"}}, {"Delete": {"IndexName": "all"}}],
        )


# --- LSIs --------------------------------------------------------------------------------


@pytest.fixture
def lsi_table(make_table, ddb):
    name = make_table(
        range=("sk", "N"),
        attrs=[("l", "N")],
        LocalSecondaryIndexes=[lsi("byl", "l"), lsi("byl_keys", "l", {"ProjectionType": "KEYS_ONLY"})],
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


def test_lsi_range_condition_and_consistent_read(ddb, lsi_table):
    r = ddb.query(
        TableName=lsi_table, IndexName="byl", ConsistentRead=True,
        KeyConditionExpression="pk = :p AND l >= :l", ExpressionAttributeValues={":p": S("h"), ":l": N(98)},
    )
    assert [int(i["sk"]["N"]) for i in r["Items"]] == [2, 1, 0]


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


# --- index validation at CreateTable ----------------------------------------------------------


def create(ddb, tables_to_delete, **kw):
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


def test_21_gsis_rejected(ddb, tables_to_delete):
    attrs = [("pk", "S"), ("sk", "N")] + [(f"g{i}", "S") for i in range(21)]
    with validation(contains="GlobalSecondaryIndex count exceeds the per-table limit of 20"):
        create(ddb, tables_to_delete, attrs=attrs, GlobalSecondaryIndexes=[gsi(f"gsi{i}", f"g{i}") for i in range(21)])


def test_20_gsis_allowed(ddb, tables_to_delete):
    attrs = [("pk", "S"), ("sk", "N")] + [(f"g{i}", "S") for i in range(20)]
    name = create(ddb, tables_to_delete, attrs=attrs, GlobalSecondaryIndexes=[gsi(f"gsi{i}", f"g{i}") for i in range(20)])
    assert len(ddb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"]) == 20


def test_6_lsis_rejected(ddb, tables_to_delete):
    attrs = [("pk", "S"), ("sk", "N")] + [(f"l{i}", "S") for i in range(6)]
    with validation(contains="LocalSecondaryIndex count exceeds the per-table limit of 5"):
        create(ddb, tables_to_delete, attrs=attrs, LocalSecondaryIndexes=[lsi(f"lsi{i}", f"l{i}") for i in range(6)])


def test_lsi_on_hash_only_table(ddb, tables_to_delete):
    with validation(contains="Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex"):
        create(ddb, tables_to_delete, attrs=[("pk", "S"), ("l", "S")], keys=[("pk", "HASH")], LocalSecondaryIndexes=[lsi("x1x", "l")])


def test_lsi_different_hash_key(ddb, tables_to_delete):
    with validation(contains="Index KeySchema does not have the same leading hash key as table KeySchema for index: bad"):
        create(ddb, tables_to_delete, attrs=[("pk", "S"), ("sk", "N"), ("o", "S"), ("l", "S")], LocalSecondaryIndexes=[lsi("bad", "l", hash_attr="o")])


def test_lsi_without_range_key(ddb, tables_to_delete):
    idx = {"IndexName": "bad", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}
    with validation(contains="Index KeySchema does not have a range key for index: bad"):
        create(ddb, tables_to_delete, LocalSecondaryIndexes=[idx])


def test_duplicate_index_name(ddb, tables_to_delete):
    with validation(contains="Duplicate index name: dup"):
        create(ddb, tables_to_delete, attrs=[("pk", "S"), ("sk", "N"), ("g", "S")], GlobalSecondaryIndexes=[gsi("dup", "g"), gsi("dup", "g")])


def test_duplicate_name_across_lsi_and_gsi(ddb, tables_to_delete):
    with validation(contains="Duplicate index name: dup"):
        create(
            ddb, tables_to_delete, attrs=[("pk", "S"), ("sk", "N"), ("g", "S")],
            GlobalSecondaryIndexes=[gsi("dup", "g")], LocalSecondaryIndexes=[lsi("dup", "g")],
        )


def test_keys_only_with_non_key_attributes(ddb, tables_to_delete):
    with validation(contains="ProjectionType is KEYS_ONLY, but NonKeyAttributes is specified"):
        create(ddb, tables_to_delete, attrs=[("pk", "S"), ("sk", "N"), ("g", "S")],
               GlobalSecondaryIndexes=[gsi("idx1", "g", projection={"ProjectionType": "KEYS_ONLY", "NonKeyAttributes": ["x"]})])


def test_include_without_non_key_attributes(ddb, tables_to_delete):
    with validation(contains="ProjectionType is INCLUDE, but NonKeyAttributes is not specified"):
        create(ddb, tables_to_delete, attrs=[("pk", "S"), ("sk", "N"), ("g", "S")],
               GlobalSecondaryIndexes=[gsi("idx1", "g", projection={"ProjectionType": "INCLUDE"})])


def test_gsi_throughput_on_pay_per_request(ddb, tables_to_delete):
    idx = dict(gsi("idx1", "g"), ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    with validation(contains="ProvisionedThroughput should not be specified for index: idx1 when BillingMode is PAY_PER_REQUEST"):
        create(ddb, tables_to_delete, attrs=[("pk", "S"), ("sk", "N"), ("g", "S")], GlobalSecondaryIndexes=[idx])


def test_gsi_key_not_defined(ddb, tables_to_delete):
    with validation():
        create(ddb, tables_to_delete, GlobalSecondaryIndexes=[gsi("idx1", "undefined")])


def test_empty_gsi_list(ddb, tables_to_delete):
    with validation(contains="List of GlobalSecondaryIndexes is empty"):
        create(ddb, tables_to_delete, GlobalSecondaryIndexes=[])


def test_more_than_20_non_key_attributes_in_one_index(ddb, tables_to_delete):
    # botocore model: NonKeyAttributeNameList has at most 20 members.
    proj = {"ProjectionType": "INCLUDE", "NonKeyAttributes": [f"a{i}" for i in range(21)]}
    with validation(contains="Member must have length less than or equal to 20"):
        create(ddb, tables_to_delete, attrs=[("pk", "S"), ("sk", "N"), ("g", "S")], GlobalSecondaryIndexes=[gsi("idx1", "g", projection=proj)])


def test_more_than_100_projected_attributes_total(ddb, tables_to_delete):
    # Service limit: 100 projected non-key attributes across all of a table's indexes.
    attrs = [("pk", "S"), ("sk", "N")] + [(f"g{i}", "S") for i in range(6)]
    idxs = [
        gsi(f"idx{i}", f"g{i}", projection={"ProjectionType": "INCLUDE", "NonKeyAttributes": [f"a{i}_{j}" for j in range(20)]})
        for i in range(6)
    ]
    with validation():
        create(ddb, tables_to_delete, attrs=attrs, GlobalSecondaryIndexes=idxs)


def test_unused_definition_with_indexes(ddb, tables_to_delete):
    # AWS words this "Some AttributeDefinitions are not used ..." when indexes exist (exact text
    # UNCONFIRMED), so only the robust part is asserted.
    with validation(contains="AttributeDefinitions"):
        create(ddb, tables_to_delete, attrs=[("pk", "S"), ("sk", "N"), ("g", "S"), ("unused", "S")], GlobalSecondaryIndexes=[gsi("idx1", "g")])
