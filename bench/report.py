#!/usr/bin/env python3
"""Renders a bench/compare.sh results directory as docs/benchmarks.md (on stdout)."""

import glob
import json
import os
import sys

SERVER_INFO = {
    "ddb": "ddb, on-disk storage (default settings: `--sync interval`)",
    "ddb-mem": "ddb `--in-memory`",
    "ddb-auth": "ddb `--in-memory` with credentials (DDB_ACCESS_KEY_ID/DDB_SECRET_ACCESS_KEY): "
    "every request's SigV4 signature verified",
    "ddb-sync": "ddb on disk with `--sync always` (fsync before each write is acknowledged); "
    "write workloads only",
    "dynoxide": "Dynoxide (Rust + SQLite), in memory",
    "dynoxide-disk": "Dynoxide `--db-path`: SQLite file in WAL mode with SQLite's default "
    "synchronous=FULL, i.e. an fsync per committed write (checked with strace: 4,462 fsyncs "
    "for 4,413 PutItems)",
    "dynalite": "dynalite (Node.js + LevelDB), in memory",
    "dynalite-disk": "dynalite `--path` (LevelDB on disk)",
    "moto": "moto server (Python)",
    "bare": "ceiling: `ddb-bench serve-bare`, a minimal hyper server answering a fixed 200-byte JSON",
}
WORKLOAD_INFO = {
    "put": "PutItem, 1 KB items, unique keys",
    "get": "GetItem, uniform random over the preloaded items (1 KB)",
    "query": "Query get-conversation: `pk = :pk AND begins_with(sk, :year)`, newest 20 "
    "(ScanIndexForward false, Limit 20) of a 200-message group",
    "batch-write": "BatchWriteItem, 25 × 1 KB items per request (ops = requests)",
    "update": "UpdateItem `SET n = n + :one` with `attribute_exists(pk)`, 100 hot items",
    "scan": "Scan of the whole table, pages of 100 (ops = pages)",
    "mixed": "Cruddur: 45% get-conversation, 45% list-conversations, 10% new messages (PutItem)",
    "bare": "GetItem-shaped requests against the ceiling server",
    "partiql-get": "ExecuteStatement `SELECT * FROM \"<table>\" WHERE pk = ? AND sk = ?` "
    "(the whole key as Parameters: a GetItem), get's items and key choice",
    "partiql-query": "ExecuteStatement `SELECT * FROM \"<table>\" WHERE pk = ?`, Limit 20 (a "
    "Query: the oldest 20 of a 200-message group), query's data",
}
# Each PartiQL workload and the native workload it stands for.
PARTIQL = [("partiql-get", "get", "GetItem"), ("partiql-query", "query", "Query")]
ON_DISK = {"ddb", "ddb-sync", "dynoxide-disk", "dynalite-disk"}
PEERS = ["dynoxide", "dynoxide-disk", "dynalite", "dynalite-disk", "moto"]


def load(path):
    with open(path) as f:
        return json.load(f)


def fmt_rate(v):
    if v is None:
        return "–"
    if v >= 100:
        return f"{v:,.0f}"
    return f"{v:,.1f}"


def fmt_ms(v):
    if v is None:
        return "–"
    if v >= 100:
        return f"{v:,.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def fmt_ratio(a, b):
    if a is None or b is None or b == 0:
        return "–"
    r = a / b
    return f"{r:.2f}×" if r < 10 else f"{r:.0f}×"


def fmt_bytes(n):
    if n is None:
        return "–"
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} B"


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def main():
    run = sys.argv[1]
    meta = load(os.path.join(run, "meta.json"))
    servers = meta["servers"].split()
    workloads = meta["workloads"].split()
    results, failed, unsupported, paced, cold, big = {}, {}, {}, {}, {}, {}
    for p in glob.glob(os.path.join(run, "run-*.json")):
        r = load(p)
        results[(r["label"], r["workload"])] = r
    for p in glob.glob(os.path.join(run, "run-*.failed")):
        name = os.path.basename(p)[4:-7]
        for s in sorted(servers, key=len, reverse=True):
            if name.startswith(s + "-"):
                with open(p) as f:
                    lines = [l.strip() for l in f if l.strip()]
                failed[(s, name[len(s) + 1:])] = lines[-1] if lines else "failed"
                break
    for p in glob.glob(os.path.join(run, "run-*.unsupported")):
        name = os.path.basename(p)[4:-12]
        for s in sorted(servers, key=len, reverse=True):
            if name.startswith(s + "-"):
                with open(p) as f:
                    lines = [l.strip() for l in f if "answered HTTP" in l]
                unsupported[(s, name[len(s) + 1:])] = (
                    lines[0].removeprefix("ddb-bench: unsupported: ") if lines else "unsupported"
                )
                break
    for p in glob.glob(os.path.join(run, "paced-*.json")):
        r = load(p)
        paced[(r["label"], r["workload"])] = r
    for p in glob.glob(os.path.join(run, "cold-*.json")):
        r = load(p)
        cold[r["label"]] = r
    for p in glob.glob(os.path.join(run, "big-*.json")):
        base = os.path.basename(p)[4:-5]
        for kind in ("get", "query", "size"):
            if base.endswith("-" + kind):
                big[(base[: -len(kind) - 1], kind)] = load(p)

    def rate(s, w):
        r = results.get((s, w))
        return r["ops_per_sec"] if r else None

    def lat(s, w, q="p99"):
        r = results.get((s, w))
        return r["latency_ms"][q] if r else None

    def cell(s, w, f):
        if (s, w) in failed:
            return "failed¹"
        if (s, w) in unsupported:
            return "unsupported³"
        return f(s, w)

    def cpu(s, w):
        r = results.get((s, w))
        return r.get("server_cpu_us_per_op") if r else None

    cols = [s for s in servers if s != "bare"]
    mem_gib = int(meta["mem_kib"]) / (1 << 20)
    out = []
    out.append("# Benchmarks: ddb and the other local DynamoDB servers\n")
    out.append(
        "Generated by `bench/compare.sh` (numbers below are from one run; rerun it to refresh "
        "this file). Every server ran alone on loopback, one after the other, driven by the same "
        "generator (`bench/`, `ddb-bench`) with the same data and settings.\n"
    )
    out.append(f"- **Date:** {meta['date']}")
    out.append(
        f"- **Machine:** {meta['nproc']} cores ({meta['cpu']}), {mem_gib:.1f} GiB memory, "
        f"Linux {meta['kernel']}; generator and server share the cores (and other work on the "
        "machine may have added noise)."
    )
    out.append(f"- **Command:** `{meta['command']}`")
    if meta.get("carried_from"):
        out.append(
            f"- **Carried over** from the run of {meta['carried_from']} (not measured again): "
            + ", ".join(f"`{c}`" for c in meta["carried"].split())
            + " (`big` = the 1M-item section)."
        )
    out.append(
        f"- **Generator:** {meta['connections']} keep-alive HTTP/1.1 connections, each sending its "
        f"next request as soon as the answer arrives; {meta['warmup']} warm-up, then "
        f"{meta['duration']} measured; {int(meta['items']):,} preloaded items (get, scan) or "
        "messages in groups of 200 (query, mixed); one generator thread; every request signed "
        "with SigV4 (signatures computed before the run where bodies repeat). Any answer other "
        "than HTTP 200 fails a run."
    )
    v = meta.get("versions", {})
    vs = ", ".join(f"{k} {val}" for k, val in v.items() if val)
    out.append(f"- **Versions:** {vs}\n")

    out.append("## Servers\n")
    out.append(table(["name", "what"], [[f"`{s}`", SERVER_INFO.get(s, s)] for s in servers]))
    out.append("")

    out.append("## Throughput (operations per second; higher is better)\n")
    rows = []
    for w in workloads:
        rows.append([f"**{w}**"] + [cell(s, w, lambda s, w: fmt_rate(rate(s, w))) for s in cols])
    out.append(table(["workload"] + [f"`{s}`" for s in cols], rows))
    if "bare" in servers:
        br = rate("bare", "bare")
        out.append(
            f"\nCeiling (`bare`: the same generator against a server that does no work): "
            f"**{fmt_rate(br)}** requests/s, p99 {fmt_ms(lat('bare', 'bare'))} ms."
        )
    extra = []
    for s in cols:
        for w, unit in (("scan", "items read"), ("batch-write", "items written")):
            r = results.get((s, w))
            if r and r.get("items_per_sec"):
                extra.append(f"`{s}` {w}: {fmt_rate(r['items_per_sec'])} {unit}/s")
    if extra:
        out.append("\nItems per second: " + "; ".join(extra) + ".")
    out.append("")

    out.append("## p99 latency (milliseconds; lower is better)\n")
    rows = []
    for w in workloads:
        rows.append([f"**{w}**"] + [cell(s, w, lambda s, w: fmt_ms(lat(s, w))) for s in cols])
    out.append(table(["workload"] + [f"`{s}`" for s in cols], rows))
    out.append("")

    if any(r.get("server_cpu_us_per_op") for r in results.values()):
        out.append("## Server CPU per operation (microseconds; lower is better)\n")
        out.append(
            "CPU time (user + system) the server process used during the measured window, "
            "divided by the operations answered: the cost of an operation independent of how the "
            "two cores were shared with the generator. In brackets: cores the server kept busy.\n"
        )
        rows = []
        for w in workloads:
            row = [f"**{w}**"]
            for s in cols:
                r = results.get((s, w))
                if r and r.get("server_cpu_us_per_op") is not None:
                    row.append(
                        f"{fmt_ms(r['server_cpu_us_per_op'])} ({r['server_cpu_s'] / r['duration_s']:.2f})"
                    )
                else:
                    row.append(cell(s, w, lambda s, w: "–"))
            rows.append(row)
        out.append(table(["workload"] + [f"`{s}`" for s in cols], rows))
        br = results.get(("bare", "bare"))
        if br and br.get("server_cpu_us_per_op") is not None:
            out.append(
                f"\nThe ceiling server spends {fmt_ms(br['server_cpu_us_per_op'])} µs per request "
                f"({br['server_cpu_s'] / br['duration_s']:.2f} cores); the generator used "
                f"{br['generator_cpu_s'] / br['duration_s']:.2f} cores to drive it."
            )
        out.append("")

    for mine in ("ddb", "ddb-mem", "ddb-sync"):
        if mine not in servers:
            continue
        others = [p for p in PEERS if p in servers] + (["bare"] if "bare" in servers else [])
        if not others:
            continue
        out.append(f"## `{mine}` relative to each peer (ratio of operations per second)\n")
        rows = []
        for w in workloads:
            row = [f"**{w}**"]
            for p in others:
                pw = "bare" if p == "bare" else w
                row.append(fmt_ratio(rate(mine, w), rate(p, pw)))
            rows.append(row)
        out.append(table(["workload"] + [f"{mine} / `{p}`" for p in others], rows))
        out.append("")

    pairs = [(p, n, op) for p, n, op in PARTIQL if p in workloads and n in workloads]
    if pairs:
        out.append("## PartiQL against the native operations\n")
        out.append(
            "Each PartiQL workload beside the native one it stands for, on the same data and key "
            "choices (`partiql-query` reads the oldest 20 messages, `query` the newest 20 with "
            "`begins_with`). Server CPU per operation in µs; the ratio is PartiQL's over the "
            "native operation's (issue 13's target: at most 1.2×).\n"
        )
        rows = []
        for s in cols:
            for p, n, op in pairs:
                if (s, p) in unsupported:
                    rows.append([f"`{s}`", f"{p} / {n}", "unsupported³", "", "", "", "", ""])
                    continue
                if not results.get((s, p)) and not results.get((s, n)):
                    continue
                rows.append(
                    [
                        f"`{s}`",
                        f"{p} / {n}",
                        f"{cell(s, p, lambda s, w: fmt_rate(rate(s, w)))} / {fmt_rate(rate(s, n))}",
                        f"{cell(s, p, lambda s, w: fmt_ms(lat(s, w, 'p50')))} / {fmt_ms(lat(s, n, 'p50'))}",
                        f"{cell(s, p, lambda s, w: fmt_ms(lat(s, w)))} / {fmt_ms(lat(s, n))}",
                        f"{fmt_ms(cpu(s, p))} / {fmt_ms(cpu(s, n))}",
                        fmt_ratio(cpu(s, p), cpu(s, n)),
                        fmt_ratio(rate(s, p), rate(s, n)),
                    ]
                )
        out.append(
            table(
                [
                    "server",
                    "workloads",
                    "ops/s",
                    "p50 ms",
                    "p99 ms",
                    "CPU µs/op",
                    "CPU ratio",
                    "ops/s ratio",
                ],
                rows,
            )
        )
        out.append("")

    if paced:
        out.append("## Latency at Dynoxide's own top throughput\n")
        out.append(
            "ddb paced (`--rate`) at the rate Dynoxide reached in its unpaced run of the same "
            "workload, same connections: at equal load, whose tail is lower?\n"
        )
        rows = []
        for (s, w), r in sorted(paced.items()):
            peer = "dynoxide-disk" if s == "ddb" else "dynoxide"
            rows.append(
                [
                    f"**{w}**",
                    f"`{s}` vs `{peer}`",
                    fmt_rate(r["target_rate"]),
                    fmt_rate(r["ops_per_sec"]),
                    fmt_ms(r["latency_ms"]["p99"]),
                    fmt_ms(lat(peer, w)),
                    fmt_ms(r["latency_ms"]["p50"]),
                    fmt_ms(lat(peer, w, "p50")),
                ]
            )
        out.append(
            table(
                [
                    "workload",
                    "servers",
                    "target ops/s",
                    "ddb achieved",
                    "ddb p99 ms",
                    "Dynoxide p99 ms",
                    "ddb p50 ms",
                    "Dynoxide p50 ms",
                ],
                rows,
            )
        )
        out.append("")

    if cold:
        out.append("## Cold start and idle memory\n")
        out.append(
            f"Time from spawning the process to the first successful ListTables (polled every "
            f"0.25 ms; median and best of {meta['cold_runs']} starts), then resident memory "
            "(VmRSS) after 1 s idle. On-disk servers start on an empty data directory.\n"
        )
        rows = []
        for s in servers:
            c = cold.get(s)
            if not c:
                continue
            rss = c.get("idle_rss_kib_median")
            rows.append(
                [
                    f"`{s}`",
                    fmt_ms(c["cold_start_ms_median"]),
                    fmt_ms(c["cold_start_ms_min"]),
                    fmt_bytes(rss * 1024) if rss else "–",
                ]
            )
        out.append(table(["server", "cold start ms (median)", "best ms", "idle RSS"], rows))
        out.append("")

    if big:
        n = int(meta["big_items"])
        out.append(f"## At {n:,} items\n")
        out.append(
            f"The server is loaded with {n:,} 1 KB items (BatchWriteItem, 16 connections); RSS and "
            f"the data directory's size are read after the GetItem run on them; the Query run "
            f"uses {n // 200:,} groups of 200 messages in a fresh table.\n"
        )
        rows = []
        big_servers = sorted({k[0] for k in big}, key=lambda s: servers.index(s) if s in servers else 99)
        for s in big_servers:
            size = big.get((s, "size"), {})
            g = big.get((s, "get"))
            q = big.get((s, "query"))
            rows.append(
                [
                    f"`{s}`",
                    fmt_rate(g["preload_items"] / g["preload_s"]) if g and g.get("preload_s") else "–",
                    fmt_bytes(size.get("rss_kib", 0) * 1024) if size else "–",
                    fmt_bytes(size.get("disk_bytes")) if size and s in ON_DISK else "–",
                    fmt_ms(lat(s, "get")),
                    fmt_ms(g["latency_ms"]["p99"]) if g else "–",
                    fmt_ms(lat(s, "query")),
                    fmt_ms(q["latency_ms"]["p99"]) if q else "–",
                    fmt_rate(g["ops_per_sec"]) if g else "–",
                ]
            )
        out.append(
            table(
                [
                    "server",
                    "load items/s",
                    "RSS",
                    "on disk",
                    f"GetItem p99 @{int(meta['items']):,}",
                    f"GetItem p99 @{n:,}",
                    f"Query p99 @{int(meta['items']):,}",
                    f"Query p99 @{n:,}",
                    f"GetItem ops/s @{n:,}",
                ],
                rows,
            )
        )
        out.append("")

    # The targets of issue 5.
    out.append("## Targets\n")
    rows = []

    def target(name, value, ok):
        rows.append([name, value, "–" if ok is None else ("yes" if ok else "**no**")])

    def ratio_target(name, a, b, want):
        if a is None or b is None:
            target(name, "not measured", None)
        else:
            target(name, f"{a / b:.2f}×", a / b >= want)

    ratio_target("PutItem, ddb on disk ≥ 4× Dynoxide `--db-path`", rate("ddb", "put"), rate("dynoxide-disk", "put"), 4)
    if rate("ddb-sync", "put") is not None:
        ratio_target(
            "(same, both fsync'ing each write: `ddb --sync always` / Dynoxide `--db-path`)",
            rate("ddb-sync", "put"),
            rate("dynoxide-disk", "put"),
            4,
        )
    for w, label in (("get", "GetItem"), ("query", "Query")):
        for peer in ("dynoxide", "dynoxide-disk"):
            ratio_target(f"{label}, ddb on disk ≥ 2× `{peer}`", rate("ddb", w), rate(peer, w), 2)
    for (s, w), r in sorted(paced.items()):
        if s != "ddb":
            continue
        mine, theirs = r["latency_ms"]["p99"], lat("dynoxide-disk", w)
        if theirs is not None:
            target(
                f"{w}: ddb p99 ≤ Dynoxide `--db-path` p99 at Dynoxide's top rate",
                f"{fmt_ms(mine)} vs {fmt_ms(theirs)} ms",
                mine <= theirs,
            )
    ratio_target("GetItem, ddb on disk ≥ 60% of the bare-HTTP ceiling", rate("ddb", "get"), rate("bare", "bare"), 0.6)
    # Issue 13's: PartiQL's server CPU within 1.2× of the native operation's, and ahead of
    # Dynoxide's PartiQL.
    for p, n, op in pairs:
        for mine in ("ddb", "ddb-mem"):
            a, b = cpu(mine, p), cpu(mine, n)
            if mine in servers:
                target(
                    f"{p}: `{mine}` server CPU per op ≤ 1.2× {op}'s",
                    "not measured" if a is None or b is None else f"{a / b:.2f}×",
                    None if a is None or b is None else a / b <= 1.2,
                )
        for mine, peer in (("ddb", "dynoxide-disk"), ("ddb-mem", "dynoxide"), ("ddb", "dynoxide")):
            if mine in servers and peer in servers:
                ratio_target(f"{p}: `{mine}` ahead of `{peer}` (ops/s)", rate(mine, p), rate(peer, p), 1)
    c = cold.get("ddb")
    if c:
        target("cold start < 20 ms", f"{fmt_ms(c['cold_start_ms_median'])} ms", c["cold_start_ms_median"] < 20)
        rss = c.get("idle_rss_kib_median")
        if rss:
            target("idle RSS < 15 MB", fmt_bytes(rss * 1024), rss * 1024 < 15e6)
    out.append(table(["target", "measured", "met"], rows))
    out.append("")

    out.append("## Latency detail (ms)\n")
    for w in workloads:
        rows = []
        for s in cols:
            r = results.get((s, w))
            if not r:
                continue
            l = r["latency_ms"]
            other = r.get("other_cpu_cores")
            rows.append(
                [f"`{s}`", fmt_rate(r["ops_per_sec"])]
                + [fmt_ms(l[q]) for q in ("p50", "p90", "p99", "p99_9", "max")]
                + ["–" if other is None else f"{other:.2f}"]
            )
            for kind, k in (r.get("by_kind") or {}).items():
                kl = k["latency_ms"]
                rows.append(
                    [f"`{s}` · {kind}", fmt_rate(k["ops_per_sec"])]
                    + [fmt_ms(kl[q]) for q in ("p50", "p90", "p99", "p99_9", "max")]
                    + [""]
                )
        if rows:
            out.append(f"**{w}** — {WORKLOAD_INFO.get(w, w)}\n")
            out.append(
                table(["server", "ops/s", "p50", "p90", "p99", "p99.9", "max", "other load²"], rows)
            )
            out.append("")

    notes = []
    others = [r.get("other_cpu_cores") for r in results.values() if r.get("other_cpu_cores") is not None]
    if others:
        noisy = sorted(
            (f"`{r['label']}` {r['workload']} ({r['other_cpu_cores']:.2f})")
            for r in results.values()
            if (r.get("other_cpu_cores") or 0) > 0.25
        )
        notes.append(
            "² Other load: cores kept busy by processes other than the server and the generator "
            "during the measured window (the machine is shared). "
            + (
                "Runs with more than 0.25 cores of other load, whose numbers are likely low: "
                + ", ".join(noisy)
                + "."
                if noisy
                else f"It stayed under 0.25 cores in every run (max {max(others):.2f})."
            )
        )
    if failed:
        notes.append("¹ Failed runs (the generator stops at the first error answer):")
        for (s, w), msg in sorted(failed.items()):
            notes.append(f"- `{s}` {w}: {msg[:300]}")
    if unsupported:
        notes.append("³ Not run: the server does not implement the operation the workload needs:")
        for (s, w), msg in sorted(unsupported.items()):
            notes.append(f"- `{s}` {w}: {msg[:300]}")
    reconnecting = sorted({s for (s, w), r in results.items() if r.get("reconnects")})
    if reconnecting:
        notes.append(
            "- "
            + ", ".join(f"`{s}`" for s in reconnecting)
            + " closed the connection after each answer (no HTTP keep-alive); the generator "
            "reconnects, and that time is part of the measured latency."
        )
    if notes:
        out.append("## Notes\n")
        out.extend(notes)
        out.append("")

    notes_file = os.path.join(os.path.dirname(os.path.abspath(__file__)), "profile-notes.md")
    if os.path.exists(notes_file):
        with open(notes_file) as f:
            out.append(f.read().rstrip() + "\n")

    out.append("## How to reproduce\n")
    out.append(
        "```sh\nbench/compare.sh            # about 30 minutes\nbench/compare.sh --quick    "
        "# 2 s runs\nbench/compare.sh --big      # adds the 1M-item measurements (about 15 minutes more)\n```\n\n"
        "It installs what is missing under `bench/.tools` (git-ignored), builds ddb and the "
        "generator in release mode, and keeps raw JSON results under `bench/results/`. One "
        "workload by hand: `target/release/ddb-bench --endpoint http://127.0.0.1:8000 "
        "--workload get --connections 32 --duration 10s --items 10000`."
    )
    print("\n".join(out))


if __name__ == "__main__":
    main()
