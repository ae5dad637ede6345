//! `ddb-bench`: a load generator for DynamoDB-compatible endpoints.
//!
//! ```text
//! ddb-bench --endpoint http://127.0.0.1:8000 --workload get --connections 32 --duration 10s \
//!           --items 10000 --warmup 2s --json out.json
//! ddb-bench serve-bare --port 8009          # the ceiling: a minimal hyper server
//! ddb-bench cold-start --endpoint http://127.0.0.1:8011 -- ddb serve --port 8011
//! ddb-bench drop --endpoint http://127.0.0.1:8000 --table bench-get
//! ```
//!
//! Each workload creates its own table (`bench-<workload>`), preloads it with BatchWriteItem,
//! opens N keep-alive HTTP/1.1 connections that each send requests back to back, measures
//! after a warm-up, and deletes the table. Any answer other than HTTP 200 fails the run, with
//! the answer printed.

mod bare;
mod client;
mod coldstart;
mod report;
mod sigv4;
mod streams;
mod workloads;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand};
use hyper::StatusCode;
use serde_json::json;

use client::{Admin, Conn, Endpoint, Op};
use report::{ConnStats, RunInfo};
use sigv4::Signer;
use workloads::{ConnWork, Params, Plan};

#[derive(Parser)]
#[command(
    name = "ddb-bench",
    about = "Load generator for DynamoDB-compatible endpoints",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    cmd: Option<Cmd>,
    #[command(flatten)]
    run: RunArgs,
}

#[derive(Args)]
struct RunArgs {
    /// The DynamoDB endpoint (http only).
    #[arg(long, default_value = "http://127.0.0.1:8000")]
    endpoint: String,
    /// put | get | query | batch-write | update | scan | mixed | bare | partiql-get |
    /// partiql-query. A server that does not implement the workload's operation (an
    /// UnknownOperationException, say) ends the run with exit status 3 instead of 1.
    #[arg(long, default_value = "get")]
    workload: String,
    /// Keep-alive connections, each sending requests back to back.
    #[arg(long, default_value_t = 32)]
    connections: usize,
    /// How long to measure (after the warm-up), e.g. 10s, 500ms, 1m.
    #[arg(long, default_value = "10s", value_parser = parse_duration)]
    duration: Duration,
    /// Items preloaded (get, partiql-get, scan), or messages preloaded in groups of 200 (query,
    /// partiql-query, mixed).
    #[arg(long, default_value_t = 10_000)]
    items: usize,
    /// Load before measuring; not counted.
    #[arg(long, default_value = "2s", value_parser = parse_duration)]
    warmup: Duration,
    /// Write the report as JSON to this file.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Size in bytes of the plain items (put, get, batch-write, scan).
    #[arg(long, default_value_t = 1024)]
    item_size: usize,
    /// Scan page size (Limit).
    #[arg(long, default_value_t = 100)]
    scan_limit: usize,
    /// Generator threads (1 = a single-threaded runtime, the cheapest for the CPU it shares).
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Table name (default bench-<workload>).
    #[arg(long)]
    table: Option<String>,
    /// Create the table with a DynamoDB stream of this view type (NEW_AND_OLD_IMAGES, ...), to
    /// measure what recording changes costs.
    #[arg(long)]
    stream: Option<String>,
    /// Leave the table (and its data) in place after the run.
    #[arg(long)]
    keep_table: bool,
    /// The table exists and holds this workload's data already (from --keep-table): skip
    /// creating and preloading it.
    #[arg(long)]
    preloaded: bool,
    /// Also verify answers' content (items found, 20 newest messages in order, scans complete,
    /// counters equal to the updates acknowledged). Costs generator CPU; for smoke tests.
    #[arg(long)]
    check: bool,
    /// A name for the server under test, carried into the report.
    #[arg(long, default_value = "")]
    label: String,
    /// Seed for the random key choices.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The server's process id: report the CPU time it used during the measured window.
    #[arg(long)]
    server_pid: Option<u32>,
    /// Stop once this many requests have been answered in all (0 = run for --duration): to
    /// write a stream of a known length.
    #[arg(long, default_value_t = 0)]
    max_ops: u64,
    /// Create the table with this many provisioned read and write units (default: on demand),
    /// e.g. to measure `ddb serve --capacity enforce` on a table that never throttles.
    #[arg(long)]
    provisioned: Option<u32>,
    /// Pace the load to this many requests per second in total (0 = as fast as answers come).
    /// For comparing latency at a given throughput, e.g. at another server's top rate.
    #[arg(long, default_value_t = 0.0)]
    rate: f64,
}

#[derive(Subcommand)]
enum Cmd {
    /// A minimal hyper HTTP/1.1 server answering every request with a fixed 200-byte JSON body:
    /// the ceiling a DynamoDB server on this machine could reach with this generator.
    ServeBare {
        #[arg(long, default_value_t = 8009)]
        port: u16,
        /// Worker threads (0 = one per core).
        #[arg(long, default_value_t = 0)]
        threads: usize,
    },
    /// Spawns a server, measures the time to its first successful ListTables and its resident
    /// memory once idle, then kills it.
    ColdStart {
        /// Where the spawned server will listen.
        #[arg(long)]
        endpoint: String,
        /// How long to leave the server idle before reading its RSS.
        #[arg(long, default_value = "1s", value_parser = parse_duration)]
        idle_wait: Duration,
        /// Repeat the start this many times (reports min and median).
        #[arg(long, default_value_t = 3)]
        runs: usize,
        #[arg(long)]
        json: Option<PathBuf>,
        #[arg(long, default_value = "")]
        label: String,
        /// The server's output goes here (default: discarded).
        #[arg(long)]
        log: Option<PathBuf>,
        /// The server command line, after `--`.
        #[arg(trailing_var_arg = true, required = true, num_args = 1..)]
        command: Vec<String>,
    },
    /// Waits until the endpoint answers ListTables with HTTP 200.
    WaitReady {
        #[arg(long, default_value = "http://127.0.0.1:8000")]
        endpoint: String,
        #[arg(long, default_value = "60s", value_parser = parse_duration)]
        timeout: Duration,
    },
    /// Reads the whole stream of a table (from a `--stream … --keep-table` run) with
    /// GetRecords and reports records/s.
    StreamDrain {
        #[arg(long, default_value = "http://127.0.0.1:8000")]
        endpoint: String,
        #[arg(long)]
        table: String,
    },
    /// Serves a Lambda Invoke endpoint on --listen, creates --table with a stream, writes
    /// --count items --interval apart and reports how long each took to reach the endpoint (run
    /// the server with `--trigger TABLE=http://LISTEN/2015-03-31/functions/function/invocations`).
    TriggerLag {
        #[arg(long, default_value = "http://127.0.0.1:8000")]
        endpoint: String,
        #[arg(long, default_value = "bench-lag")]
        table: String,
        #[arg(long, default_value = "127.0.0.1:9009")]
        listen: std::net::SocketAddr,
        #[arg(long, default_value_t = 500)]
        count: usize,
        #[arg(long, default_value = "10ms", value_parser = parse_duration)]
        interval: Duration,
    },
    /// Deletes a table (for cleaning up after --keep-table).
    Drop {
        #[arg(long, default_value = "http://127.0.0.1:8000")]
        endpoint: String,
        #[arg(long)]
        table: String,
    },
}

fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (num, scale) = if let Some(n) = s.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 60.0)
    } else {
        (s, 1.0)
    };
    let v: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("bad duration {s:?} (e.g. 10s, 500ms, 1m)"))?;
    if !(v >= 0.0 && v.is_finite()) {
        return Err(format!("bad duration {s:?}"));
    }
    Ok(Duration::from_secs_f64(v * scale))
}

fn runtime(threads: usize) -> tokio::runtime::Runtime {
    let mut b = if threads <= 1 {
        tokio::runtime::Builder::new_current_thread()
    } else {
        let mut b = tokio::runtime::Builder::new_multi_thread();
        b.worker_threads(threads);
        b
    };
    b.enable_all().build().expect("tokio runtime")
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.cmd {
        Some(Cmd::ServeBare { port, threads }) => bare::serve(port, threads),
        Some(Cmd::ColdStart {
            endpoint,
            idle_wait,
            runs,
            json,
            label,
            log,
            command,
        }) => coldstart::run(&coldstart::Opts {
            endpoint,
            idle_wait,
            runs,
            json,
            label,
            log,
            command,
        }),
        Some(Cmd::WaitReady { endpoint, timeout }) => runtime(1).block_on(async {
            let ep = Endpoint::parse(&endpoint)?;
            let deadline = Instant::now() + timeout;
            loop {
                if let Ok(mut admin) = Admin::connect(&ep).await {
                    if let Ok((StatusCode::OK, _)) = admin.call(Op::ListTables, &json!({})).await {
                        return Ok(());
                    }
                }
                if Instant::now() > deadline {
                    return Err(format!(
                        "{endpoint} did not answer ListTables within {timeout:?}"
                    ));
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }),
        Some(Cmd::StreamDrain { endpoint, table }) => {
            runtime(1).block_on(streams::drain(&endpoint, &table))
        }
        Some(Cmd::TriggerLag {
            endpoint,
            table,
            listen,
            count,
            interval,
        }) => runtime(2).block_on(streams::trigger_lag(
            &endpoint, &table, listen, count, interval,
        )),
        Some(Cmd::Drop { endpoint, table }) => runtime(1).block_on(async {
            let ep = Endpoint::parse(&endpoint)?;
            Admin::connect(&ep).await?.drop_table(&table).await
        }),
        None => {
            let args = cli.run;
            runtime(args.threads).block_on(run(&args))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.starts_with(UNSUPPORTED) => {
            eprintln!("ddb-bench: {e}");
            ExitCode::from(UNSUPPORTED_EXIT)
        }
        Err(e) => {
            eprintln!("ddb-bench: FAILED: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: &RunArgs) -> Result<(), String> {
    if args.connections == 0 {
        return Err("--connections must be at least 1".into());
    }
    let ep = Endpoint::parse(&args.endpoint)?;
    let signer = Signer::new(&ep.host);
    let table = args
        .table
        .clone()
        .unwrap_or_else(|| format!("bench-{}", args.workload));
    let plan = workloads::plan(&Params {
        workload: args.workload.clone(),
        table: table.clone(),
        items: args.items,
        item_size: args.item_size,
        scan_limit: args.scan_limit.max(1),
        connections: args.connections,
        signer: signer.clone(),
    })?;

    let mut preload_s = 0.0;
    if plan.setup && !args.preloaded {
        let mut admin = Admin::connect(&ep).await?;
        admin
            .recreate_table(&table, args.stream.as_deref(), args.provisioned)
            .await?;
        let t = Instant::now();
        preload(&ep, &plan, args.connections.min(16)).await?;
        preload_s = t.elapsed().as_secs_f64();
    }

    let measured = measure(&ep, &signer, &plan, args).await;
    let verified = match &measured {
        Ok(stats) if args.check && !plan.hot_keys.is_empty() => {
            check_counters(&ep, &plan, stats.all_ok).await.map(Some)
        }
        _ => Ok(None),
    };
    if plan.setup && !args.keep_table {
        // A fresh connection: the measuring ones may have failed mid-request.
        let dropped = match Admin::connect(&ep).await {
            Ok(mut admin) => admin.drop_table(&table).await,
            Err(e) => Err(e),
        };
        if let Err(e) = dropped {
            eprintln!("ddb-bench: warning: could not delete {table}: {e}");
        }
    }
    let stats = measured?;
    let checked = verified?;

    let info = RunInfo {
        label: &args.label,
        endpoint: &args.endpoint,
        workload: plan.workload,
        connections: args.connections,
        threads: args.threads,
        rate: args.rate,
        duration_s: args.duration.as_secs_f64(),
        warmup_s: args.warmup.as_secs_f64(),
        items: match plan.workload {
            "put" | "batch-write" => 0,
            "update" => plan.hot_keys.len(),
            _ => args.items,
        },
        preload_items: if args.preloaded {
            0
        } else {
            plan.preload_count
        },
        preload_s,
        unit: plan.unit,
        items_unit: plan.items_unit,
        kinds: plan.kinds,
    };
    let report = report::report(&info, &stats);
    if let Some(line) = checked {
        println!("  {line}");
    }
    if let Some(path) = &args.json {
        let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        std::fs::write(path, text + "\n").map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// Loads `plan.preload_count` items with BatchWriteItem over `parallel` connections.
async fn preload(ep: &Endpoint, plan: &Plan, parallel: usize) -> Result<(), String> {
    let total = plan.preload_count;
    if total == 0 {
        return Ok(());
    }
    let batches = total.div_ceil(25);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..parallel.max(1) {
        let next = next.clone();
        let item = plan.preload_item.clone();
        let table = plan.table.clone();
        let ep = ep.clone();
        tasks.push(tokio::spawn(async move {
            let mut admin = Admin::connect(&ep).await?;
            let report_every = (batches / 20).max(1);
            loop {
                let b = next.fetch_add(1, Ordering::Relaxed);
                if b >= batches {
                    return Ok::<(), String>(());
                }
                let items: Vec<String> = (b * 25..((b + 1) * 25).min(total))
                    .map(|i| item(i))
                    .collect();
                admin.batch_put(&table, &items).await?;
                if total >= 100_000 && b > 0 && b.checked_rem(report_every) == Some(0) {
                    let done = b * 25;
                    eprintln!(
                        "  preload {table}: {done}/{total} items ({:.0} items/s)",
                        done as f64 / started.elapsed().as_secs_f64()
                    );
                }
            }
        }));
    }
    for t in tasks {
        t.await.map_err(|e| e.to_string())??;
    }
    Ok(())
}

/// Runs the workload on `args.connections` connections: warm-up, then the measured window.
async fn measure(
    ep: &Endpoint,
    signer: &Signer,
    plan: &Plan,
    args: &RunArgs,
) -> Result<ConnStats, String> {
    let mut conns = Vec::with_capacity(args.connections);
    for _ in 0..args.connections {
        conns.push(Conn::connect(ep, signer).await?);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let begin = Instant::now();
    // With --rate, each connection sends every `interval`, the connections staggered.
    let interval =
        (args.rate > 0.0).then(|| Duration::from_secs_f64(args.connections as f64 / args.rate));
    let measure_start = begin + args.warmup;
    let end = measure_start + args.duration;
    let budget =
        (args.max_ops > 0).then(|| Arc::new(std::sync::atomic::AtomicU64::new(args.max_ops)));
    let mut tasks = Vec::with_capacity(conns.len());
    for (i, conn) in conns.into_iter().enumerate() {
        let work = (plan.make_conn)(i, args.seed.wrapping_mul(1_000_003).wrapping_add(i as u64));
        let driver = Driver {
            conn,
            work,
            kinds: plan.kinds.len(),
            measure_start,
            end,
            stop: stop.clone(),
            check: args.check,
            pace: interval.map(|iv| (iv, begin + iv.mul_f64(i as f64 / args.connections as f64))),
            budget: budget.clone(),
        };
        tasks.push(tokio::spawn(driver.drive()));
    }
    let server_pid = args.server_pid;
    let cpu = tokio::spawn(async move {
        tokio::time::sleep_until(measure_start.into()).await;
        let before = (
            cpu_seconds(server_pid),
            cpu_seconds(None),
            machine_busy_seconds(),
        );
        tokio::time::sleep_until(end.into()).await;
        let after = (
            cpu_seconds(server_pid),
            cpu_seconds(None),
            machine_busy_seconds(),
        );
        let diff = |a: Option<f64>, b: Option<f64>| Some(b? - a?);
        (
            diff(before.0, after.0),
            diff(before.1, after.1),
            diff(before.2, after.2),
        )
    });
    let mut total = ConnStats::new(plan.kinds.len());
    let mut first_error = None;
    for t in tasks {
        match t.await {
            Ok(Ok(stats)) => total.merge(&stats),
            Ok(Err(e)) => {
                first_error.get_or_insert(e);
            }
            Err(e) => {
                first_error.get_or_insert(e.to_string());
            }
        }
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    // A run cut short by --max-ops has no full measured window to take the CPU of.
    if budget.is_some() {
        cpu.abort();
    }
    let (server_cpu, generator_cpu, machine) = cpu.await.unwrap_or((None, None, None));
    total.server_cpu_s = server_cpu;
    total.generator_cpu_s = generator_cpu;
    total.machine_busy_s = machine;
    Ok(total)
}

/// Busy (non-idle, non-iowait) CPU seconds of the whole machine, from /proc/stat.
fn machine_busy_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let line = stat.lines().find(|l| l.starts_with("cpu "))?;
    let v: Vec<f64> = line
        .split_whitespace()
        .skip(1)
        .filter_map(|x| x.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal ...
    let busy = v.iter().take(8).sum::<f64>() - v.get(3)? - v.get(4)?;
    Some(busy / 100.0)
}

/// User + system CPU seconds of a process (this one for None), from /proc/PID/stat.
fn cpu_seconds(pid: Option<u32>) -> Option<f64> {
    let path = match pid {
        Some(p) => format!("/proc/{p}/stat"),
        None => "/proc/self/stat".to_string(),
    };
    let stat = std::fs::read_to_string(path).ok()?;
    // Fields after the parenthesized command name; utime and stime are fields 14 and 15.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    // USER_HZ is 100 on Linux.
    Some((utime + stime) / 100.0)
}

struct Driver {
    conn: Conn,
    work: Box<dyn ConnWork>,
    kinds: usize,
    measure_start: Instant,
    end: Instant,
    stop: Arc<AtomicBool>,
    check: bool,
    /// (interval, next due time) when the load is paced.
    pace: Option<(Duration, Instant)>,
    /// Requests still to send in all, with --max-ops.
    budget: Option<Arc<std::sync::atomic::AtomicU64>>,
}

impl Driver {
    async fn drive(mut self) -> Result<ConnStats, String> {
        let result = self.drive_inner().await;
        if result.is_err() {
            self.stop.store(true, Ordering::Relaxed);
        }
        result
    }

    async fn drive_inner(&mut self) -> Result<ConnStats, String> {
        let mut stats = ConnStats::new(self.kinds);
        while !self.stop.load(Ordering::Relaxed) {
            if let Some((interval, due)) = &mut self.pace {
                let now = Instant::now();
                if *due > now {
                    tokio::time::sleep_until((*due).into()).await;
                } else if now - *due > *interval * 4 {
                    // Far behind (the server is slower than the rate): don't send a burst.
                    *due = now;
                }
                *due += *interval;
            }
            if let Some(budget) = &self.budget {
                let spent =
                    budget.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |b| b.checked_sub(1));
                if spent.is_err() {
                    break;
                }
            }
            let req = self.work.next();
            let t0 = Instant::now();
            if t0 >= self.end {
                break;
            }
            let (op, kind) = (req.op, req.kind);
            let request_body = req.body.clone();
            let reply = self.conn.send(op, req.body, req.auth).await?;
            let t1 = Instant::now();
            if reply.status != StatusCode::OK {
                let unsupported = if unknown_operation(reply.status, &reply.body) {
                    UNSUPPORTED
                } else {
                    ""
                };
                return Err(format!(
                    "{unsupported}{} answered HTTP {}: {}\n  request: {}",
                    op.target(),
                    reply.status,
                    String::from_utf8_lossy(&reply.body),
                    truncate(&request_body, 400)
                ));
            }
            let items = self.work.done(kind, &reply.body, self.check).map_err(|e| {
                format!(
                    "{}: {e}\n  request: {}",
                    op.target(),
                    truncate(&request_body, 400)
                )
            })?;
            stats.all_ok += 1;
            stats.reconnects = self.conn.reconnects;
            if t0 >= self.measure_start {
                let us = (t1 - t0).as_micros().max(1) as u64;
                stats.latency[kind].saturating_record(us);
                stats.items += items;
            }
        }
        Ok(stats)
    }
}

/// Starts the error of a run whose server does not implement the workload's operation (say
/// ExecuteStatement); such a run exits with [`UNSUPPORTED_EXIT`] instead of 1, so that
/// `bench/compare.sh` can report the server as not supporting the workload rather than failing.
const UNSUPPORTED: &str = "unsupported: ";
const UNSUPPORTED_EXIT: u8 = 3;

/// Whether an error answer says the operation is not implemented: HTTP 501, or an
/// `UnknownOperationException` / `NotImplemented` error, as dynalite and DynamoDB's own front
/// end answer targets they do not know.
fn unknown_operation(status: StatusCode, body: &[u8]) -> bool {
    let lower = body.to_ascii_lowercase();
    status == StatusCode::NOT_IMPLEMENTED
        || ["unknownoperation", "notimplemented", "not implemented"]
            .iter()
            .any(|needle| memchr::memmem::find(&lower, needle.as_bytes()).is_some())
}

fn truncate(body: &[u8], n: usize) -> String {
    let s = String::from_utf8_lossy(&body[..body.len().min(n)]).to_string();
    if body.len() > n {
        format!("{s}... ({} bytes)", body.len())
    } else {
        s
    }
}

/// After the update workload with --check: each hot counter's value must add up to the number
/// of increments the server acknowledged.
async fn check_counters(ep: &Endpoint, plan: &Plan, acknowledged: u64) -> Result<String, String> {
    let mut admin = Admin::connect(ep).await?;
    let mut sum = 0u64;
    for key in &plan.hot_keys {
        let v = admin
            .ok(
                Op::GetItem,
                &json!({
                    "TableName": plan.table,
                    "Key": {"pk": {"S": key}, "sk": {"S": "v"}},
                    "ConsistentRead": true
                }),
            )
            .await?;
        let n = v["Item"]["n"]["N"]
            .as_str()
            .and_then(|s| s.parse::<u64>().ok())
            .ok_or_else(|| format!("hot item {key} has no number n: {v}"))?;
        sum += n;
    }
    if sum != acknowledged {
        return Err(format!(
            "the hot counters add up to {sum} but {acknowledged} increments were acknowledged"
        ));
    }
    Ok(format!(
        "check: {acknowledged} acknowledged increments, the counters add up to {sum}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_cpu_time_is_readable() {
        assert!(cpu_seconds(None).is_some());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("10s").unwrap(), Duration::from_secs(10));
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("1m").unwrap(), Duration::from_secs(60));
        assert_eq!(parse_duration("2").unwrap(), Duration::from_secs(2));
        assert!(parse_duration("x").is_err());
    }

    #[test]
    fn unknown_operations_are_told_from_other_errors() {
        let dynalite = br#"{"__type":"com.amazon.coral.service#UnknownOperationException"}"#;
        assert!(unknown_operation(StatusCode::BAD_REQUEST, dynalite));
        assert!(unknown_operation(StatusCode::NOT_IMPLEMENTED, b""));
        let validation = br#"{"__type":"com.amazonaws.dynamodb.v20120810#ValidationException","message":"Statement wasn't well formed"}"#;
        assert!(!unknown_operation(StatusCode::BAD_REQUEST, validation));
    }
}
