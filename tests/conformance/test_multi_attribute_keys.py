"""Multi-attribute keys of global secondary indexes (DynamoDB, November 2025): up to four
partition-key and four sort-key attributes per GSI (issue 11 §1).

Sources (docs/research/multi-attribute-keys.md): [DG-MAK] the Developer Guide's multi-attribute
keys pattern; [BOTO] botocore's CreateGlobalSecondaryIndexAction.KeySchema ("up to 4 partition
and up to 4 sort keys"); [MOTO-T] moto's aws_verified tests of the feature; [SCY] Alternator's
test_gsi_composite_keys.py, run against DynamoDB; [CAP] a third-party capture of the schema
messages (2026-10-08). Query-rule messages are ddb's own (UNCONFIRMED): tests check the parts
the sources pin (the attribute's name, HASH/RANGE and "equality").
"""

import pytest

from expect import N, S, error_of, expect_validation, unique_name

INVALID = "One or more parameter values were invalid: "


def failure(call, **kwargs):
    """The call's error as {"Code": ..., "Message": ...}."""
    code, message, _ = error_of(call, **kwargs)
    return {"Code": code, "Message": message}


def gsi_table(make_table, hash_keys, range_keys, projection="ALL", base=(("p", "S", "HASH"),), name="idx"):
    attrs = [(n, t) for n, t in hash_keys + range_keys]
    key_schema = [{"AttributeName": n, "KeyType": "HASH"} for n, _ in hash_keys] + [
        {"AttributeName": n, "KeyType": "RANGE"} for n, _ in range_keys
    ]
    return make_table(
        list(base),
        extra_attrs=attrs,
        GlobalSecondaryIndexes=[{"IndexName": name, "KeySchema": key_schema,
                                 "Projection": {"ProjectionType": projection}}],
    )


def create_spec(key_schema, attrs=("a", "b", "c", "d", "e", "f", "g", "h", "i", "j")):
    return dict(
        TableName=unique_name("mak"),
        KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"}]
        + [{"AttributeName": a, "AttributeType": "S"} for a in attrs if any(e[0] == a for e in key_schema)],
        BillingMode="PAY_PER_REQUEST",
        GlobalSecondaryIndexes=[{"IndexName": "gsi", "Projection": {"ProjectionType": "ALL"},
                                 "KeySchema": [{"AttributeName": n, "KeyType": t} for n, t in key_schema]}],
    )


# -- CreateTable / DescribeTable ------------------------------------------------------------


def test_four_hash_and_four_range_attributes_are_described_in_order(ddb, make_table):
    """[SCY] test_gsi_composite_describe_4h4r; [CAP] DDB-TABLE-123 echoes the 8 elements in order."""
    hk = [("h1", "S"), ("h2", "S"), ("h3", "S"), ("h4", "S")]
    rk = [("r1", "N"), ("r2", "S"), ("r3", "B"), ("r4", "S")]
    name = gsi_table(make_table, hk, rk)
    gsi = ddb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"][0]
    assert gsi["KeySchema"] == [{"AttributeName": n, "KeyType": "HASH"} for n, _ in hk] + [
        {"AttributeName": n, "KeyType": "RANGE"} for n, _ in rk
    ]


@pytest.mark.parametrize(
    "schema, message",
    [
        ([(f"{c}", "HASH") for c in "abcde"],
         INVALID + "The KeySchema exceeds the maximum allowed number of HASH key attributes"),
        ([("a", "HASH")] + [(f"{c}", "RANGE") for c in "bcdef"],
         INVALID + "The KeySchema exceeds the maximum allowed number of RANGE key attributes"),
        ([("a", "HASH"), ("b", "RANGE"), ("c", "HASH")],
         INVALID + "All HASH key attributes must precede RANGE key attributes in the KeySchema"),
        ([("a", "RANGE"), ("b", "HASH")], "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
        ([("a", "HASH"), ("b", "HASH"), ("a", "RANGE")],
         "The KeySchema contains multiple key attributes with the same name"),
    ],
)
def test_key_schema_rules(ddb, schema, message):
    """[CAP] DDB-TABLE-123/124 for the exact texts; [SCY] test_gsi_composite_create_5h_rejected,
    _5r_rejected, _interleaved_rejected, _hash_after_range_rejected, _same_attr_hash_and_range."""
    expect_validation(message, ddb.create_table, **create_spec(schema))


def test_an_undefined_key_attribute_is_named(ddb):
    """[CAP] DDB-TABLE-127: the single-key message, for any of the attributes."""
    spec = create_spec([("a", "HASH"), ("b", "HASH")], attrs=("a",))
    err = failure(ddb.create_table, **spec)
    assert err["Code"] == "ValidationException"
    assert "Some index key attributes are not defined in AttributeDefinitions" in err["Message"]
    assert "Keys: [a, b]" in err["Message"]


def test_tables_and_local_indexes_stay_at_two_key_elements(ddb):
    """[SCY] test_gsi_composite_lsi_multiattr_rejected; [CAP]: a 3-element table or LSI key
    schema fails the length constraint."""
    spec = dict(
        TableName=unique_name("mak"),
        KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}, {"AttributeName": "c", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("p", "c", "l")],
        BillingMode="PAY_PER_REQUEST",
        LocalSecondaryIndexes=[{"IndexName": "lsi", "Projection": {"ProjectionType": "ALL"},
                                "KeySchema": [{"AttributeName": "p", "KeyType": "HASH"},
                                              {"AttributeName": "c", "KeyType": "RANGE"},
                                              {"AttributeName": "l", "KeyType": "RANGE"}]}],
    )
    err = failure(ddb.create_table, **spec)
    assert err["Code"] == "ValidationException"
    assert "Member must have length less than or equal to 2" in err["Message"]


# -- Writes: sparse, typed -----------------------------------------------------------------


@pytest.fixture
def orders(ddb, make_table):
    """GSI idx: HASH (region S, shop N), RANGE (dt S, seq N); 24 items over two partitions."""
    name = gsi_table(make_table, [("region", "S"), ("shop", "N")], [("dt", "S"), ("seq", "N")])
    for i in range(24):
        ddb.put_item(TableName=name, Item={
            "p": S(f"o{i}"), "region": S("eu" if i % 2 else "us"), "shop": N("7"),
            "dt": S(f"2026-01-0{1 + i % 3}"), "seq": N(str(i)), "body": S(f"order {i}")})
    return name


def query(ddb, name, expr, values, **kw):
    out = ddb.query(TableName=name, IndexName="idx", KeyConditionExpression=expr,
                    ExpressionAttributeValues=values, **kw)
    return out


def test_items_missing_any_key_attribute_are_not_indexed(ddb, orders):
    """[MOTO-T] test_items_missing_range_key_excluded; [SCY] test_gsi_composite_sparse_*."""
    ddb.put_item(TableName=orders, Item={"p": S("x1"), "region": S("eu"), "shop": N("7"), "dt": S("2026-01-01")})
    ddb.put_item(TableName=orders, Item={"p": S("x2"), "region": S("eu"), "dt": S("2026-01-01"), "seq": N("1")})
    out = query(ddb, orders, "#r = :r AND shop = :s", {":r": S("eu"), ":s": N("7")},
                ExpressionAttributeNames={"#r": "region"})
    assert out["Count"] == 12
    # Adding the missing attribute puts the item in the index.
    ddb.update_item(TableName=orders, Key={"p": S("x1")}, UpdateExpression="SET seq = :q",
                    ExpressionAttributeValues={":q": N("100")})
    out = query(ddb, orders, "#r = :r AND shop = :s", {":r": S("eu"), ":s": N("7")},
                ExpressionAttributeNames={"#r": "region"})
    assert out["Count"] == 13


def test_a_mistyped_key_attribute_fails_the_write(ddb, orders):
    """[SCY] (ValidationException mentioning the type); the single-key GSI message per attribute."""
    err = failure(ddb.put_item, TableName=orders,
                   Item={"p": S("bad"), "region": S("eu"), "shop": S("seven"), "dt": S("d"), "seq": N("1")})
    assert err["Code"] == "ValidationException"
    assert err["Message"] == (INVALID + "Type mismatch for Index Key shop Expected: N Actual: S IndexName: idx")


def test_an_index_key_attribute_over_the_size_limit_fails_the_write(ddb, orders):
    """Partition-key values over 2048 bytes and sort-key values over 1024 bytes (per attribute,
    docs/research/multi-attribute-keys.md §5) are refused on every write."""
    item = {"p": S("big"), "region": S("e" * 2049), "shop": N("7"), "dt": S("d"), "seq": N("1")}
    err = failure(ddb.put_item, TableName=orders, Item=item)
    assert err["Code"] == "ValidationException"
    assert "2048 bytes" in err["Message"]
    item = {"p": S("big"), "region": S("eu"), "shop": N("7"), "dt": S("d" * 1025), "seq": N("1")}
    assert "1024 bytes" in failure(ddb.put_item, TableName=orders, Item=item)["Message"]
    assert "Item" not in ddb.get_item(TableName=orders, Key={"p": S("big")})


# -- Query -----------------------------------------------------------------------------------


def test_query_orders_by_the_sort_attributes_as_a_tuple(ddb, orders):
    """[MOTO-T] test_sorting_by_composite_key; [SCY] test_gsi_composite_sort_order*."""
    out = query(ddb, orders, "#r = :r AND shop = :s", {":r": S("us"), ":s": N("7")},
                ExpressionAttributeNames={"#r": "region"})
    keys = [(i["dt"]["S"], int(i["seq"]["N"])) for i in out["Items"]]
    assert keys == sorted(keys) and len(keys) == 12
    back = query(ddb, orders, "#r = :r AND shop = :s", {":r": S("us"), ":s": N("7")},
                 ExpressionAttributeNames={"#r": "region"}, ScanIndexForward=False)
    assert [(i["dt"]["S"], int(i["seq"]["N"])) for i in back["Items"]] == keys[::-1]


def test_query_with_a_sort_prefix_and_a_range_on_the_last(ddb, orders):
    """[SCY] range tests: equality on r1, a range on r2; clauses in any order."""
    out = query(ddb, orders, "seq BETWEEN :lo AND :hi AND shop = :s AND dt = :d AND #r = :r",
                {":r": S("us"), ":s": N("7"), ":d": S("2026-01-01"), ":lo": N("5"), ":hi": N("20")},
                ExpressionAttributeNames={"#r": "region"})
    assert [int(i["seq"]["N"]) for i in out["Items"]] == [6, 12, 18]
    # A range on the first sort attribute alone.
    out = query(ddb, orders, "#r = :r AND shop = :s AND dt > :d",
                {":r": S("eu"), ":s": N("7"), ":d": S("2026-01-02")}, ExpressionAttributeNames={"#r": "region"})
    assert {i["dt"]["S"] for i in out["Items"]} == {"2026-01-03"}
    out = query(ddb, orders, "#r = :r AND shop = :s AND begins_with(dt, :d)",
                {":r": S("eu"), ":s": N("7"), ":d": S("2026-01-0")}, ExpressionAttributeNames={"#r": "region"})
    assert out["Count"] == 12


def test_every_partition_attribute_needs_an_equality(ddb, orders):
    """[SCY] regex HASH.*equality; moto: the missing attribute is named."""
    err = failure(ddb.query, TableName=orders, IndexName="idx", KeyConditionExpression="#r = :r",
                   ExpressionAttributeNames={"#r": "region"}, ExpressionAttributeValues={":r": S("eu")})
    assert err["Code"] == "ValidationException"
    assert "shop" in err["Message"] and "HASH" in err["Message"] and "equality" in err["Message"]
    err = failure(ddb.query, TableName=orders, IndexName="idx", KeyConditionExpression="#r = :r AND shop > :s",
                   ExpressionAttributeNames={"#r": "region"}, ExpressionAttributeValues={":r": S("eu"), ":s": N("1")})
    assert "HASH" in err["Message"] and "equality" in err["Message"]


def test_sort_attributes_go_left_to_right_with_a_range_only_last(ddb, orders):
    """[MOTO-T] test_query_error_skip_range_key (the skipped attribute is named),
    test_query_error_range_on_non_last_in_query; [SCY] RANGE.*equality."""
    names = {"#r": "region"}
    err = failure(ddb.query, TableName=orders, IndexName="idx",
                   KeyConditionExpression="#r = :r AND shop = :s AND seq = :q", ExpressionAttributeNames=names,
                   ExpressionAttributeValues={":r": S("eu"), ":s": N("7"), ":q": N("1")})
    assert err["Code"] == "ValidationException" and "dt" in err["Message"] and "RANGE" in err["Message"]
    err = failure(ddb.query, TableName=orders, IndexName="idx",
                   KeyConditionExpression="#r = :r AND shop = :s AND dt > :d AND seq = :q",
                   ExpressionAttributeNames=names,
                   ExpressionAttributeValues={":r": S("eu"), ":s": N("7"), ":d": S("a"), ":q": N("1")})
    assert "RANGE" in err["Message"] and "equality" in err["Message"] and "dt" in err["Message"]


def test_a_filter_may_not_name_any_index_key_attribute(ddb, orders):
    """[SCY] regex [fF]ilter.*[kK]ey: the single-key rule for every attribute of the key."""
    err = failure(ddb.query, TableName=orders, IndexName="idx", KeyConditionExpression="#r = :r AND shop = :s",
                   FilterExpression="seq > :q", ExpressionAttributeNames={"#r": "region"},
                   ExpressionAttributeValues={":r": S("eu"), ":s": N("7"), ":q": N("1")})
    assert err["Message"] == "Filter Expression can only contain non-primary key attributes: Primary key attribute: seq"


def test_pages_carry_every_key_attribute(ddb, orders):
    """[MOTO-T] test_pagination_with_composite_key; [SCY] test_gsi_composite_query_pagination."""
    args = dict(TableName=orders, IndexName="idx", KeyConditionExpression="#r = :r AND shop = :s",
                ExpressionAttributeNames={"#r": "region"}, ExpressionAttributeValues={":r": S("us"), ":s": N("7")},
                Limit=5)
    seen, pages = [], 0
    while True:
        out = ddb.query(**args)
        seen += [i["p"]["S"] for i in out["Items"]]
        pages += 1
        if "LastEvaluatedKey" not in out:
            break
        assert set(out["LastEvaluatedKey"]) == {"p", "region", "shop", "dt", "seq"}
        args["ExclusiveStartKey"] = out["LastEvaluatedKey"]
    assert len(seen) == 12 and len(set(seen)) == 12 and pages == 3
    # A starting key without one of the index's attributes is refused.
    bad = dict(args, ExclusiveStartKey={"p": S("o0"), "region": S("us"), "dt": S("d"), "seq": N("0")})
    assert failure(ddb.query, **bad)["Code"] == "ValidationException"


def test_legacy_key_conditions_follow_the_same_rules(ddb, orders):
    """[MOTO-T] test_key_conditions_*: KeyConditions work on a multi-attribute index."""
    out = ddb.query(TableName=orders, IndexName="idx", KeyConditions={
        "region": {"ComparisonOperator": "EQ", "AttributeValueList": [S("eu")]},
        "shop": {"ComparisonOperator": "EQ", "AttributeValueList": [N("7")]},
        "dt": {"ComparisonOperator": "EQ", "AttributeValueList": [S("2026-01-02")]},
    })
    assert out["Count"] == 4
    err = failure(ddb.query, TableName=orders, IndexName="idx", KeyConditions={
        "region": {"ComparisonOperator": "EQ", "AttributeValueList": [S("eu")]},
        "shop": {"ComparisonOperator": "EQ", "AttributeValueList": [N("7")]},
        "seq": {"ComparisonOperator": "EQ", "AttributeValueList": [N("1")]},
    })
    assert "dt" in err["Message"]


def test_scan_returns_only_indexed_items(ddb, orders):
    """[SCY] test_gsi_composite_scan_*."""
    ddb.put_item(TableName=orders, Item={"p": S("lonely"), "region": S("eu")})
    out = ddb.scan(TableName=orders, IndexName="idx")
    assert out["Count"] == 24


# -- UpdateTable: a new multi-attribute index is filled -------------------------------------


def test_update_table_creates_and_backfills_a_multi_attribute_index(ddb, make_table):
    """[SCY] test_gsi_composite_updatetable_create_2h2r / _backfill."""
    name = make_table([("p", "S", "HASH")])
    for i in range(10):
        item = {"p": S(f"k{i}"), "a": S("x"), "b": N(str(i % 2)), "c": N(str(i))}
        if i == 9:
            del item["c"]
        ddb.put_item(TableName=name, Item=item)
    ddb.update_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "a", "AttributeType": "S"},
                              {"AttributeName": "b", "AttributeType": "N"},
                              {"AttributeName": "c", "AttributeType": "N"}],
        GlobalSecondaryIndexUpdates=[{"Create": {
            "IndexName": "late", "Projection": {"ProjectionType": "KEYS_ONLY"},
            "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}, {"AttributeName": "b", "KeyType": "HASH"},
                          {"AttributeName": "c", "KeyType": "RANGE"}]}}],
    )
    for _ in range(100):
        gsi = ddb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"][0]
        if gsi["IndexStatus"] == "ACTIVE":
            break
    out = ddb.query(TableName=name, IndexName="late", KeyConditionExpression="a = :a AND b = :b",
                    ExpressionAttributeValues={":a": S("x"), ":b": N("1")})
    assert [int(i["c"]["N"]) for i in out["Items"]] == [1, 3, 5, 7]
    assert len(gsi["KeySchema"]) == 3


def test_backfill_leaves_out_items_whose_index_key_is_too_large(ddb, make_table):
    """An item that could not be written with an over-size index key (here: stored before the
    index existed) is left out of the new index, as DynamoDB's backfill leaves out index key
    violations (Developer Guide, "Detecting and correcting index key violations"); it used to
    stop the backfill with an internal error."""
    name = make_table([("p", "S", "HASH")])
    ddb.put_item(TableName=name, Item={"p": S("huge"), "g": S("x" * 65_000)})
    ddb.put_item(TableName=name, Item={"p": S("fine"), "g": S("ok")})
    ddb.update_table(
        TableName=name, AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[{"Create": {"IndexName": "byg", "Projection": {"ProjectionType": "ALL"},
                                                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}]}}],
    )
    for _ in range(100):
        gsi = ddb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"][0]
        if gsi["IndexStatus"] == "ACTIVE":
            break
    assert [i["p"]["S"] for i in ddb.scan(TableName=name, IndexName="byg")["Items"]] == ["fine"]
