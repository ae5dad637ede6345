#!/usr/bin/env python3
"""A 5/5 provisioned table under a write ramp: consumed vs provisioned vs throttled, on
`ddb serve --capacity enforce` beside another local DynamoDB (which never throttles).

The load is paced on capacity time: with `--time-scale S`, one capacity second of ddb lasts
1/S of a wall-clock second, and the peer gets the same requests at the same wall-clock pace.
Writes are 1 KB items (1 WCU each), one request at a time, no SDK retries. The ramp goes from 0
to --peak writes a capacity second over --ramp seconds, then holds --peak for --hold seconds.
Prints a Markdown table per --window capacity seconds and a chart, for docs/benchmarks.md.

    bench/capacity_ramp.py [--ddb target/release/ddb] [--peer moto|dynalite|none]
                           [--time-scale 10] [--peak 20] [--ramp 120] [--hold 120]
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

THROTTLES = ("ProvisionedThroughputExceededException", "ThrottlingException")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url, proc):
    for _ in range(200):
        if proc.poll() is not None:
            sys.exit(f"server at {url} exited")
        try:
            urllib.request.urlopen(url, timeout=0.5)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"server at {url} never answered")


def start(kind, args):
    port = free_port()
    if kind == "ddb":
        cmd = [args.ddb, "serve", "--in-memory", "--port", str(port), "--capacity", "enforce",
               "--time-scale", str(args.time_scale)]
    elif kind == "moto":
        cmd = [shutil.which("moto_server") or "moto_server", "-H", "127.0.0.1", "-p", str(port)]
    elif kind == "dynalite":
        cmd = ["npx", "dynalite", "--port", str(port)]
    else:
        raise ValueError(kind)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_up(url, proc)
    return proc, url


def client(url):
    return boto3.client(
        "dynamodb",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="bench",
        aws_secret_access_key="bench",
        config=Config(retries={"total_max_attempts": 1, "mode": "standard"}),
    )


def run(url, args):
    """Returns, per window of capacity seconds: (attempted, written, throttled)."""
    ddb = client(url)
    table = "ramp"
    ddb.create_table(
        TableName=table,
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
    )
    ddb.get_waiter("table_exists").wait(TableName=table, WaiterConfig={"Delay": 0.2})
    padding = "x" * (1024 - len("pk") - 8 - len("d"))
    total = args.ramp + args.hold
    windows = [[0, 0, 0] for _ in range(total // args.window)]
    started = time.monotonic()
    due = 0.0  # capacity seconds at which the next write is due
    n = 0
    while True:
        now = (time.monotonic() - started) * args.time_scale
        if now >= total:
            break
        # Writes a capacity second at capacity time t: the ramp, then the hold.
        rate = args.peak * min(1.0, due / args.ramp) if args.ramp else args.peak
        if due > now:
            time.sleep((due - now) / args.time_scale)
        w = windows[min(int(due) // args.window, len(windows) - 1)]
        w[0] += 1
        try:
            ddb.put_item(TableName=table, Item={"pk": {"S": f"{n:08}"}, "d": {"S": padding}})
            w[1] += 1
        except ClientError as e:
            if e.response["Error"]["Code"] not in THROTTLES:
                raise
            w[2] += 1
        n += 1
        due += 1.0 / max(rate, 0.5)
    return windows


def chart(rows, width=40, top=None):
    top = top or max(max(r) for r in rows) or 1
    lines = []
    for label, written, throttled, provisioned in rows:
        bar = ["#"] * round(written / top * width) + ["x"] * round(throttled / top * width)
        mark = round(provisioned / top * width)
        line = "".join(bar).ljust(width)
        line = line[:mark] + "|" + line[mark + 1:] if mark < width else line
        lines.append(f"{label:>9} {line}")
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ddb", default=os.environ.get("DDB_BIN", "target/release/ddb"))
    p.add_argument("--peer", default="moto")
    p.add_argument("--time-scale", type=float, default=10.0)
    p.add_argument("--peak", type=float, default=20.0)
    p.add_argument("--ramp", type=int, default=120)
    p.add_argument("--hold", type=int, default=120)
    p.add_argument("--window", type=int, default=20)
    args = p.parse_args()
    results = {}
    for kind in ["ddb"] + ([args.peer] if args.peer != "none" else []):
        proc, url = start(kind, args)
        try:
            results[kind] = run(url, args)
        finally:
            proc.terminate()
            proc.wait()
    print(f"5/5 table, 1 KB writes ramping 0 -> {args.peak:g}/s over {args.ramp} s, then "
          f"{args.peak:g}/s for {args.hold} s (capacity seconds; ddb --time-scale {args.time_scale:g})\n")
    header = "| seconds | " + " | ".join(f"{k} written/s | {k} throttled/s" for k in results) + " | provisioned WCU |"
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for i in range(len(results["ddb"])):
        cells = []
        for k in results:
            _, written, throttled = results[k][i]
            cells += [f"{written / args.window:.1f}", f"{throttled / args.window:.1f}"]
        lo = i * args.window
        print(f"| {lo}-{lo + args.window} | " + " | ".join(cells) + " | 5 |")
    for k in results:
        rows = [(f"{i * args.window}s", w / args.window, t / args.window, 5)
                for i, (_, w, t) in enumerate(results[k])]
        print(f"\n{k}: # written/s, x throttled/s, | provisioned (5 WCU)\n```\n{chart(rows, top=args.peak)}\n```")
    print("\n" + json.dumps(results))


if __name__ == "__main__":
    main()
