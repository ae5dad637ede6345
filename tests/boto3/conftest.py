"""Fixtures for the boto3 black-box conformance suite.

One `ddb serve --in-memory --port 0` per session (or the server named by DDB_ENDPOINT),
boto3 clients pointed at it, and factories for uniquely named tables that are deleted
after each test.

The expectations in this suite are real DynamoDB's (see docs/research/dynamodb-messages.md),
not whatever ddb happens to do.
"""

import importlib.util
import os
import pathlib
import subprocess
import sys
import threading
import time
import uuid

import boto3
import pytest
from botocore.config import Config

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]

# The helper module of this suite (b3util.py) is imported by the test modules by name.
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))


# --- Import this directory's test modules under unique names --------------------------------
#
# Other suites collected in the same pytest run (tests/boto3_core, ...) have modules with the
# same basenames (test_items.py). In pytest's default "prepend" import mode two rootless
# modules named test_items clash. A package __init__.py is no way out here: the package would be
# called `boto3` and shadow the real library. So this directory's modules are imported by file
# location under a private name.


class _SuiteModule(pytest.Module):
    def _getobj(self):
        name = "ddb_boto3_suite_" + self.path.stem
        if name in sys.modules:
            return sys.modules[name]
        # pytest's assertion-rewriting loader, when present, so that failing asserts show values.
        hook = next((h for h in sys.meta_path if type(h).__name__ == "AssertionRewritingHook"), None)
        spec = importlib.util.spec_from_file_location(name, str(self.path), loader=hook)
        if spec is None or hook is None:
            spec = importlib.util.spec_from_file_location(name, str(self.path))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return module


def pytest_pycollect_makemodule(module_path, parent):
    path = pathlib.Path(str(module_path))
    if path.parent == HERE and path.name.startswith("test_"):
        return _SuiteModule.from_parent(parent, path=path)
    return None


# --- The server -------------------------------------------------------------------------------


def _start_server():
    binary = os.environ.get("DDB_BIN") or str(ROOT / "target" / "debug" / "ddb")
    if not os.path.isabs(binary):
        binary = str(ROOT / binary)
    proc = subprocess.Popen(
        [binary, "serve", "--in-memory", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=str(ROOT),
    )
    url = None
    for line in proc.stdout:
        if "http://" in line:
            url = line[line.index("http://"):].split()[0].rstrip(".,")
            break
    if url is None:
        proc.kill()
        raise RuntimeError("ddb serve exited without printing its URL")
    # Keep draining stdout so that the server never blocks on a full pipe.
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    return proc, url


@pytest.fixture(scope="session")
def endpoint():
    if os.environ.get("DDB_ENDPOINT"):
        yield os.environ["DDB_ENDPOINT"].rstrip("/")
        return
    proc, url = _start_server()
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _client(endpoint, validate=False):
    return boto3.client(
        "dynamodb",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="AKIAB3SUITEEXAMPLE",
        aws_secret_access_key="b3-suite-secret-key",
        # Client-side validation off: the server must do the validating.
        config=Config(retries={"max_attempts": 1}, parameter_validation=validate),
    )


@pytest.fixture(scope="session")
def ddb(endpoint):
    """A low-level DynamoDB client without client-side parameter validation."""
    return _client(endpoint)


@pytest.fixture(scope="session")
def new_client(endpoint):
    """A factory for more clients (one per thread in the concurrency tests)."""
    return lambda: _client(endpoint)


# --- Tables -----------------------------------------------------------------------------------


def unique_name(prefix="b3"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def make_table(ddb):
    """make_table(hash=("pk","S"), range=None, **create_table_kwargs) -> name.

    Creates an on-demand table (unless BillingMode/ProvisionedThroughput are given), and
    deletes every table it made when the test ends. Extra AttributeDefinitions for index keys
    go in `attrs=[("name","S"), ...]`.
    """
    made = []

    def make(hash=("pk", "S"), range=None, attrs=(), name=None, **kwargs):
        name = name or unique_name()
        keys = [{"AttributeName": hash[0], "KeyType": "HASH"}]
        defs = {hash[0]: hash[1]}
        if range:
            keys.append({"AttributeName": range[0], "KeyType": "RANGE"})
            defs[range[0]] = range[1]
        for a, t in attrs:
            defs[a] = t
        if "ProvisionedThroughput" not in kwargs and "BillingMode" not in kwargs:
            kwargs["BillingMode"] = "PAY_PER_REQUEST"
        ddb.create_table(
            TableName=name,
            KeySchema=keys,
            AttributeDefinitions=[{"AttributeName": a, "AttributeType": t} for a, t in defs.items()],
            **kwargs,
        )
        made.append(name)
        # Real DynamoDB creates tables asynchronously (CREATING -> ACTIVE); wait, so that the
        # suite also runs against it. ddb answers ACTIVE at once.
        for _ in __import__("builtins").range(600):
            if ddb.describe_table(TableName=name)["Table"]["TableStatus"] == "ACTIVE":
                break
            time.sleep(0.5)
        return name

    yield make
    for name in made:
        try:
            ddb.update_table(TableName=name, DeletionProtectionEnabled=False)
        except Exception:
            pass
        try:
            ddb.delete_table(TableName=name)
        except Exception:
            pass


@pytest.fixture
def table(make_table):
    """A hash-only table: pk (S)."""
    return make_table()


@pytest.fixture
def table2(make_table):
    """A hash+range table: pk (S), sk (N)."""
    return make_table(range=("sk", "N"))


@pytest.fixture
def tables_to_delete(ddb):
    """A list to which a test appends names of tables it created itself."""
    names = []
    yield names
    for name in names:
        try:
            ddb.update_table(TableName=name, DeletionProtectionEnabled=False)
        except Exception:
            pass
        try:
            ddb.delete_table(TableName=name)
        except Exception:
            pass
