"""The server under test, for every Python suite under tests/ (conformance and seed).

`endpoint` is the base URL of the server: the one named by $DDB_ENDPOINT when that is set (ddb
or any DynamoDB-compatible endpoint, real DynamoDB included; nothing is started then), otherwise
a fresh `ddb serve --in-memory --port 0` started from $DDB_BIN (default target/debug/ddb) for the
whole session, read from the URL it prints, and stopped at the end.

tests/pytest.ini makes tests/ the rootdir, so this file is loaded whichever suite is run and from
wherever pytest is started.
"""

import os
import pathlib
import subprocess
import tempfile
import threading

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _start_server(*extra_args):
    binary = os.environ.get("DDB_BIN") or str(ROOT / "target" / "debug" / "ddb")
    if not os.path.isabs(binary):
        binary = str(ROOT / binary)
    # The server's log goes to a file, so that a server that fails to start can be explained and
    # a busy one never blocks on a pipe.
    log = tempfile.NamedTemporaryFile(prefix="ddb-serve-", suffix=".log", delete=False)
    proc = subprocess.Popen(
        [binary, "serve", "--in-memory", "--port", "0", *extra_args],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        cwd=str(ROOT),
    )
    url = None
    for line in proc.stdout:
        if "http://" in line:
            url = line[line.index("http://"):].split()[0].rstrip(".,;")
            break
    if url is None:
        proc.kill()
        proc.wait()
        log.close()
        tail = pathlib.Path(log.name).read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{binary} serve exited without printing its URL; its log:\n{tail}")
    # Keep draining stdout so that the server never blocks on a full pipe.
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    return proc, url.rstrip("/"), log


def _stop_server(proc, log):
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log.close()
    os.unlink(log.name)


@pytest.fixture(scope="session")
def endpoint():
    if os.environ.get("DDB_ENDPOINT"):
        yield os.environ["DDB_ENDPOINT"].rstrip("/")
        return
    proc, url, log = _start_server()
    try:
        yield url
    finally:
        _stop_server(proc, log)


@pytest.fixture(scope="module")
def serve_with():
    """serve_with(*flags) -> URL of a private `ddb serve --in-memory --port 0 FLAGS` from
    $DDB_BIN, for a module that needs a server started with other flags (stopped with the
    module)."""
    started = []

    def start(*flags):
        proc, url, log = _start_server(*flags)
        started.append((proc, log))
        return url.rstrip("/")

    yield start
    for proc, log in started:
        _stop_server(proc, log)
