"""A `ddb serve` on a data directory that a test can kill (SIGKILL), stop and start again, for
the tests of what survives a crash or a restart (streams, triggers)."""

import os
import pathlib
import queue
import subprocess
import threading
import time

import boto3
from botocore.config import Config

from expect import CREDENTIALS

ROOT = pathlib.Path(__file__).resolve().parents[2]


class Server:
    """One `ddb serve` process on `data_dir`; start() may be called again after kill()/stop()."""

    def __init__(self, data_dir, log_path, *extra_args):
        self.data_dir = data_dir
        self.extra_args = extra_args
        self.log_path = log_path
        self.workdir = pathlib.Path(log_path).parent
        self.proc = None
        self.url = None
        self.children = []

    def start(self):
        binary = os.environ.get("DDB_BIN") or "target/debug/ddb"
        if not os.path.isabs(binary):
            binary = str(ROOT / binary)
        # Appending keeps the log of every run of the server, so a failure after a restart can be
        # traced back to what the first run did.
        log = open(self.log_path, "a")
        self.proc = subprocess.Popen(
            [binary, "serve", "--data-dir", str(self.data_dir), "--port", "0", "--sync", "interval", *self.extra_args],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            cwd=str(ROOT),
        )
        log.close()
        lines = queue.Queue()

        def drain(out):
            # Forwarding the ready line, then draining the rest, so a chatty server never blocks on
            # a full pipe.
            for line in out:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=drain, args=(self.proc.stdout,), daemon=True).start()
        deadline = time.monotonic() + 20
        while True:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                line = None
            if line and "http://" in line:
                self.url = line[line.index("http://"):].split()[0].rstrip(".,;/")
                return self.url
            if line is None:
                self.kill()
                tail = pathlib.Path(self.log_path).read_text(errors="replace")[-2000:]
                raise RuntimeError(f"{binary} serve printed no URL; its log:\n{tail}")

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
        if self.proc:
            self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def client(self, service="dynamodb"):
        # One attempt only: a retried write could be applied twice by the client itself, which
        # would hide (or fake) a duplicate made by the server.
        return boto3.client(
            service,
            endpoint_url=self.url,
            config=Config(retries={"max_attempts": 1}, connect_timeout=3, read_timeout=10),
            **CREDENTIALS,
        )
