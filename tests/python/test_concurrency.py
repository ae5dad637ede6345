"""Conditional writes under contention: optimistic increments from 8 threads lose nothing."""

import threading

from .conftest import make_client
from .util import N, S

THREADS = 8
INCREMENTS = 50


def test_conditional_increments_are_exact(endpoint, hash_table):
    setup = make_client(endpoint)
    setup.put_item(TableName=hash_table, Item={"pk": S("counter"), "n": N(0)})
    errors = []
    retries = [0] * THREADS

    def worker(index):
        client = make_client(endpoint)
        try:
            done = 0
            while done < INCREMENTS:
                current = client.get_item(TableName=hash_table, Key={"pk": S("counter")}, ConsistentRead=True)["Item"]["n"]["N"]
                try:
                    client.update_item(
                        TableName=hash_table,
                        Key={"pk": S("counter")},
                        UpdateExpression="SET n = :new",
                        ConditionExpression="n = :old",
                        ExpressionAttributeValues={":old": N(current), ":new": N(int(current) + 1)},
                    )
                    done += 1
                except client.exceptions.ConditionalCheckFailedException:
                    retries[index] += 1
        except Exception as e:  # surfaced below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    final = setup.get_item(TableName=hash_table, Key={"pk": S("counter")}, ConsistentRead=True)["Item"]["n"]
    assert final == N(THREADS * INCREMENTS)


def test_atomic_add_from_threads(endpoint, hash_table):
    setup = make_client(endpoint)

    def worker():
        client = make_client(endpoint)
        for _ in range(25):
            client.update_item(
                TableName=hash_table, Key={"pk": S("adder")}, UpdateExpression="ADD n :one", ExpressionAttributeValues={":one": N(1)}
            )

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    final = setup.get_item(TableName=hash_table, Key={"pk": S("adder")}, ConsistentRead=True)["Item"]["n"]
    assert final == N(THREADS * 25)


def test_put_if_absent_has_one_winner(endpoint, hash_table):
    wins = []

    def worker(i):
        client = make_client(endpoint)
        try:
            client.put_item(
                TableName=hash_table, Item={"pk": S("race"), "who": N(i)}, ConditionExpression="attribute_not_exists(pk)"
            )
            wins.append(i)
        except client.exceptions.ConditionalCheckFailedException:
            pass

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert len(wins) == 1
    item = make_client(endpoint).get_item(TableName=hash_table, Key={"pk": S("race")}, ConsistentRead=True)["Item"]
    assert item["who"] == N(wins[0])
