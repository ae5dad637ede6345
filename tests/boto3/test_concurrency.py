"""8 clients x 50 conditional increments of one item: no update is lost."""

import threading

THREADS = 8
PER_THREAD = 50


def test_conditional_increments(ddb, new_client, table):
    ddb.put_item(TableName=table, Item={"pk": {"S": "ctr"}, "n": {"N": "0"}})
    errors = []
    retries = [0]

    def worker():
        client = new_client()
        done = 0
        try:
            while done < PER_THREAD:
                cur = client.get_item(TableName=table, Key={"pk": {"S": "ctr"}}, ConsistentRead=True)["Item"]["n"]["N"]
                try:
                    client.update_item(
                        TableName=table,
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
    final = ddb.get_item(TableName=table, Key={"pk": {"S": "ctr"}}, ConsistentRead=True)["Item"]["n"]["N"]
    assert final == str(THREADS * PER_THREAD)


def test_concurrent_add_no_lost_updates(ddb, new_client, table):
    def worker():
        c = new_client()
        for _ in range(25):
            c.update_item(TableName=table, Key={"pk": {"S": "add"}}, UpdateExpression="ADD n :one", ExpressionAttributeValues={":one": {"N": "1"}})

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert ddb.get_item(TableName=table, Key={"pk": {"S": "add"}}, ConsistentRead=True)["Item"]["n"]["N"] == str(THREADS * 25)
