"""Stream triggers: `ddb serve --trigger TABLE=COMMAND` and `--triggers FILE` run a handler on a
table's stream records the way an AWS Lambda event source mapping does.

Sources (research: stream-triggers.md, with each fact's capture):
- [event] Lambda's DynamoDB event as AWS delivers it (LocalStack's AWS-validated snapshots):
  `{"Records": [...]}`, each record with eventSourceARN, eventVersion "1.1", DynamoDB JSON images.
- [params] Lambda's ESM parameters: BatchSize, MaximumBatchingWindowInSeconds, StartingPosition,
  MaximumRetryAttempts, BisectBatchOnFunctionError, FunctionResponseTypes, FilterCriteria,
  DestinationConfig.OnFailure; in-order delivery per shard, a failing batch blocks its shard
  until it succeeds or is given up (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html).
- [rbif] ReportBatchItemFailures: the lowest failed sequence number becomes the checkpoint;
  records before it are not sent again (services-ddb-batchfailurereporting.html, and AWS runs).
- [failure] the on-failure record: requestContext.condition RetryAttemptsExhausted,
  approximateInvokeCount = MaximumRetryAttempts + 1, DDBStreamBatchInfo.
- [invoke] the Lambda Invoke API as the runtime interface emulator speaks it: POST
  /2015-03-31/functions/function/invocations, a function error answered 200 with an error object.
The command form (event on stdin, exit 0 = success) is ddb's own convention.

Against another endpoint (DDB_ENDPOINT) the module is skipped: it starts its own servers.
"""

import json
import os
import pathlib
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
import pytest
from botocore.config import Config

from disk_server import Server
from expect import CREDENTIALS, S, unique_name

pytestmark = pytest.mark.skipif(bool(os.environ.get("DDB_ENDPOINT")), reason="starts its own ddb with triggers")

# A handler in the style of a Lambda function: it logs every invocation (the records' keys and
# sequence numbers) and fails as its mode says.
HANDLER = r'''
import json, os, sys
log, mode = sys.argv[1], sys.argv[2]
event = json.load(sys.stdin)
records = event["Records"]
keys = [r["dynamodb"]["Keys"]["pk"]["S"] for r in records]
with open(log, "a") as f:
    f.write(json.dumps({"keys": keys, "seqs": [r["dynamodb"]["SequenceNumber"] for r in records],
                        "first": records[0], "endpoint": os.environ.get("AWS_ENDPOINT_URL")}) + "\n")
poison = [r for r in records if r["dynamodb"]["Keys"]["pk"]["S"].startswith("poison")]
if mode == "fail-on-poison" and poison:
    sys.exit(1)
if mode == "report-poison-once" and poison:
    marker = log + ".reported"
    if not os.path.exists(marker):
        open(marker, "w").close()
        print(json.dumps({"batchItemFailures": [{"itemIdentifier": poison[0]["dynamodb"]["SequenceNumber"]}]}))
'''


@pytest.fixture
def workdir():
    with tempfile.TemporaryDirectory(prefix="ddb-triggers-") as d:
        path = pathlib.Path(d)
        (path / "handler.py").write_text(HANDLER)
        yield path


def handler(workdir, mode="ok"):
    return [sys.executable, str(workdir / "handler.py"), str(workdir / "calls.jsonl"), mode]


def calls(workdir):
    path = workdir / "calls.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def wait_for(condition, timeout=20, what="the trigger"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def clients(url):
    config = Config(retries={"max_attempts": 1}, parameter_validation=False)
    return boto3.client("dynamodb", endpoint_url=url, config=config, **CREDENTIALS)


def create(ddb, name, view="NEW_AND_OLD_IMAGES"):
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": view},
    )


def triggers_file(workdir, **settings):
    path = workdir / "triggers.json"
    path.write_text(json.dumps({"Triggers": [settings]}))
    return str(path)


def delivered_keys(workdir):
    return [k for c in calls(workdir) for k in c["keys"]]


def test_a_command_trigger_gets_lambdas_event_on_stdin(serve_with, workdir):
    table = unique_name()
    command = " ".join(handler(workdir))
    url = serve_with("--trigger", f"{table}={command}")
    ddb = clients(url)
    create(ddb, table)
    for k in ("a", "b", "c"):
        ddb.put_item(TableName=table, Item={"pk": S(k), "v": S("1")})
    ddb.delete_item(TableName=table, Key={"pk": S("a")})
    wait_for(lambda: len(delivered_keys(workdir)) == 4)
    assert delivered_keys(workdir) == ["a", "b", "c", "a"]
    first = calls(workdir)[0]["first"]
    arn = ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    assert first["eventSourceARN"] == arn
    assert first["eventName"] == "INSERT" and first["eventVersion"] == "1.1" and first["eventSource"] == "aws:dynamodb"
    assert first["dynamodb"]["NewImage"] == {"pk": {"S": "a"}, "v": {"S": "1"}}
    assert isinstance(first["dynamodb"]["ApproximateCreationDateTime"], (int, float))
    # The handler can write back: it is told where the server is.
    assert calls(workdir)[0]["endpoint"] == url


def test_batches_follow_batch_size_and_the_window(serve_with, workdir):
    table = unique_name()
    path = triggers_file(workdir, TableName=table, Command=handler(workdir), BatchSize=5, MaximumBatchingWindowInSeconds=1)
    ddb = clients(serve_with("--triggers", path))
    create(ddb, table)
    for i in range(7):
        ddb.put_item(TableName=table, Item={"pk": S(f"k{i}")})
    wait_for(lambda: len(delivered_keys(workdir)) == 7)
    assert [len(c["keys"]) for c in calls(workdir)] == [5, 2]


def test_a_failing_batch_is_retried_then_given_up_to_the_on_failure_file(serve_with, workdir):
    table = unique_name()
    failures = workdir / "failures.jsonl"
    path = triggers_file(
        workdir, TableName=table, Command=handler(workdir, "fail-on-poison"), BatchSize=1,
        MaximumRetryAttempts=2, DestinationConfig={"OnFailure": {"Destination": str(failures)}},
    )
    ddb = clients(serve_with("--triggers", path))
    create(ddb, table)
    for k in ("before", "poison", "after"):
        ddb.put_item(TableName=table, Item={"pk": S(k)})
    wait_for(lambda: "after" in delivered_keys(workdir))
    # In order: the shard is blocked while the poison record is retried (1 + 2 retries).
    assert delivered_keys(workdir) == ["before", "poison", "poison", "poison", "after"]
    (report,) = [json.loads(line) for line in failures.read_text().splitlines()]
    assert report["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert report["requestContext"]["approximateInvokeCount"] == 3
    assert report["responseContext"]["functionError"] == "Unhandled"
    info = report["DDBStreamBatchInfo"]
    assert info["batchSize"] == 1 and info["startSequenceNumber"] == info["endSequenceNumber"]
    assert info["streamArn"] == ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]


def test_bisect_isolates_the_bad_record(serve_with, workdir):
    table = unique_name()
    path = triggers_file(
        workdir, TableName=table, Command=handler(workdir, "fail-on-poison"), BatchSize=4,
        MaximumBatchingWindowInSeconds=2, BisectBatchOnFunctionError=True, MaximumRetryAttempts=0,
    )
    ddb = clients(serve_with("--triggers", path))
    create(ddb, table)
    for k in ("k1", "k2", "poison", "k4"):
        ddb.put_item(TableName=table, Item={"pk": S(k)})
    wait_for(lambda: "k4" in delivered_keys(workdir) and calls(workdir)[-1]["keys"] == ["k4"])
    batches = [c["keys"] for c in calls(workdir)]
    assert batches == [["k1", "k2", "poison", "k4"], ["k1", "k2"], ["poison", "k4"], ["poison"], ["k4"]]


def test_reported_item_failures_resend_from_the_failed_record_only(serve_with, workdir):
    table = unique_name()
    path = triggers_file(
        workdir, TableName=table, Command=handler(workdir, "report-poison-once"), BatchSize=10,
        MaximumBatchingWindowInSeconds=1, FunctionResponseTypes=["ReportBatchItemFailures"],
    )
    ddb = clients(serve_with("--triggers", path))
    create(ddb, table)
    for k in ("k1", "k2", "poison", "k4"):
        ddb.put_item(TableName=table, Item={"pk": S(k)})
    wait_for(lambda: len(calls(workdir)) >= 2)
    assert [c["keys"] for c in calls(workdir)] == [["k1", "k2", "poison", "k4"], ["poison", "k4"]]


def test_filter_criteria_send_only_matching_records(serve_with, workdir):
    table = unique_name()
    pattern = {"eventName": ["INSERT"], "dynamodb": {"Keys": {"pk": {"S": [{"prefix": "MSG#"}]}}}}
    path = triggers_file(
        workdir, TableName=table, Command=handler(workdir), BatchSize=1,
        FilterCriteria={"Filters": [{"Pattern": json.dumps(pattern)}]},
    )
    ddb = clients(serve_with("--triggers", path))
    create(ddb, table)
    ddb.put_item(TableName=table, Item={"pk": S("GRP#1")})
    ddb.put_item(TableName=table, Item={"pk": S("MSG#1")})
    ddb.put_item(TableName=table, Item={"pk": S("MSG#1"), "v": S("changed")})
    ddb.put_item(TableName=table, Item={"pk": S("MSG#2")})
    wait_for(lambda: "MSG#2" in delivered_keys(workdir))
    time.sleep(0.3)
    assert delivered_keys(workdir) == ["MSG#1", "MSG#2"]


def test_a_bad_triggers_file_is_refused_at_start(workdir):
    path = triggers_file(workdir, TableName="t", Command=["x"], BatchSize=0)
    binary = os.environ.get("DDB_BIN") or "target/debug/ddb"
    import subprocess

    root = pathlib.Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [str(root / binary) if not os.path.isabs(binary) else binary, "serve", "--in-memory", "--port", "0", "--triggers", path],
        capture_output=True, text=True, timeout=20,
    )
    assert done.returncode != 0
    assert "BatchSize must be between 1 and 10000, not 0" in done.stderr


class _Lambda(BaseHTTPRequestHandler):
    """A Lambda Invoke endpoint as the runtime interface emulator answers: 200 always, a
    function error as an error object in the body."""

    received = []
    fail_first = 0

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Lambda.received.append((self.path, body))
        if _Lambda.fail_first > 0:
            _Lambda.fail_first -= 1
            answer = {"errorMessage": "boom", "errorType": "Exception", "stackTrace": []}
        else:
            answer = None
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def test_a_url_trigger_speaks_the_lambda_invoke_api(serve_with):
    _Lambda.received = []
    _Lambda.fail_first = 1
    lam = ThreadingHTTPServer(("127.0.0.1", 0), _Lambda)
    threading.Thread(target=lam.serve_forever, daemon=True).start()
    try:
        table = unique_name()
        invoke = f"http://127.0.0.1:{lam.server_port}/2015-03-31/functions/function/invocations"
        ddb = clients(serve_with("--trigger", f"{table}={invoke}"))
        create(ddb, table)
        ddb.put_item(TableName=table, Item={"pk": S("x")})
        wait_for(lambda: len(_Lambda.received) >= 2)
        # The error object counted as a function error: the same batch came again.
        (p1, e1), (p2, e2) = _Lambda.received[:2]
        assert p1 == "/2015-03-31/functions/function/invocations"
        assert e1 == e2 and e1["Records"][0]["dynamodb"]["Keys"] == {"pk": {"S": "x"}}
        time.sleep(0.5)
        assert len(_Lambda.received) == 2
    finally:
        lam.shutdown()


def test_a_restart_resumes_after_the_checkpoint(workdir):
    table = "resumed"
    server = Server(workdir / "db", workdir / "server.log", "--trigger", f"{table}={' '.join(handler(workdir))}")
    try:
        ddb = clients(server.start())
        create(ddb, table)
        for k in ("a", "b"):
            ddb.put_item(TableName=table, Item={"pk": S(k)})
        wait_for(lambda: delivered_keys(workdir) == ["a", "b"])
        assert server.stop() == 0
        ddb = clients(server.start())
        ddb.put_item(TableName=table, Item={"pk": S("c")})
        wait_for(lambda: "c" in delivered_keys(workdir))
        time.sleep(0.5)
        # Nothing delivered before the restart is sent again; nothing after it is missed.
        assert delivered_keys(workdir) == ["a", "b", "c"]
        server.kill()
        ddb = clients(server.start())
        ddb.put_item(TableName=table, Item={"pk": S("d")})
        wait_for(lambda: "d" in delivered_keys(workdir))
        assert delivered_keys(workdir)[:3] == ["a", "b", "c"]
    finally:
        server.kill()
