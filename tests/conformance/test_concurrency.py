"""Conditional writes under contention: 8 clients, optimistic increments and atomic ADDs lose
nothing, and a put-if-absent race has one winner."""

import threading

from expect import N, S, range_key


THREADS = 8


PER_THREAD = 50


def test_conditional_increments(ddb, new_client, hash_table):
    ddb.put_item(TableName=hash_table, Item={"pk": {"S": "ctr"}, "n": {"N": "0"}})
    errors = []
    retries = [0]

    def worker():
        client = new_client()
        done = 0
        try:
            while done < PER_THREAD:
                cur = client.get_item(TableName=hash_table, Key={"pk": {"S": "ctr"}}, ConsistentRead=True)["Item"]["n"]["N"]
                try:
                    client.update_item(
                        TableName=hash_table,
                        Key={"pk": {"S": "ctr"}},
                        UpdateExpression="SET n = :new",
                        ConditionExpression="n = :old",
                        ExpressionAttributeValues={":old": {"N": cur}, ":new": {"N": str(int(cur) + 1)}},
                    )
                    done += 1
                except client.exceptions.ConditionalCheckFailedException:
                    retries[0] += 1
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    final = ddb.get_item(TableName=hash_table, Key={"pk": {"S": "ctr"}}, ConsistentRead=True)["Item"]["n"]["N"]
    assert final == str(THREADS * PER_THREAD)


def test_concurrent_add_no_lost_updates(ddb, new_client, hash_table):
    def worker():
        c = new_client()
        for _ in range(25):
            c.update_item(TableName=hash_table, Key={"pk": {"S": "add"}}, UpdateExpression="ADD n :one", ExpressionAttributeValues={":one": {"N": "1"}})

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert ddb.get_item(TableName=hash_table, Key={"pk": {"S": "add"}}, ConsistentRead=True)["Item"]["n"]["N"] == str(THREADS * 25)


def test_eight_clients_increment_without_losing_updates(ddb, range_table):
    ddb.put_item(TableName=range_table, Item={**range_key("counter"), "n": {"N": "0"}})
    per_thread = 50

    def work():
        done = 0
        while done < per_thread:
            n = ddb.get_item(TableName=range_table, Key=range_key("counter"), ConsistentRead=True)["Item"]["n"]["N"]
            try:
                ddb.put_item(TableName=range_table, Item={**range_key("counter"), "n": {"N": str(int(n) + 1)}},
                             ConditionExpression="n = :seen", ExpressionAttributeValues={":seen": {"N": n}})
                done += 1
            except ddb.exceptions.ConditionalCheckFailedException:
                pass

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert ddb.get_item(TableName=range_table, Key=range_key("counter"), ConsistentRead=True)["Item"]["n"] == {"N": "400"}


def test_put_if_absent_has_one_winner(new_client, hash_table):
    wins = []

    def worker(i):
        client = new_client()
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
    item = new_client().get_item(TableName=hash_table, Key={"pk": S("race")}, ConsistentRead=True)["Item"]
    assert item["who"] == N(wins[0])
