//! `cold-start`: spawn a server, time how long it takes to answer its first ListTables, then
//! read its resident memory once idle (VmRSS from /proc/PID/status), and kill it.

use std::fs::File;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use hyper::StatusCode;
use serde_json::json;

use crate::client::{Admin, Endpoint, Op};

pub struct Opts {
    pub endpoint: String,
    pub idle_wait: Duration,
    pub runs: usize,
    pub json: Option<PathBuf>,
    pub label: String,
    pub log: Option<PathBuf>,
    pub command: Vec<String>,
}

/// VmRSS of a process in KiB.
pub fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|n| n.parse().ok())
}

async fn first_answer(
    ep: &Endpoint,
    child: &mut Child,
    started: Instant,
) -> Result<Duration, String> {
    let deadline = started + Duration::from_secs(120);
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return Err(format!("the server exited before answering: {status}"));
        }
        if let Ok(mut admin) = Admin::connect(ep).await {
            if let Ok((StatusCode::OK, _)) = admin.call(Op::ListTables, &json!({})).await {
                return Ok(started.elapsed());
            }
        }
        if Instant::now() > deadline {
            return Err("no answer to ListTables within 120 s".into());
        }
        tokio::time::sleep(Duration::from_micros(250)).await;
    }
}

pub fn run(o: &Opts) -> Result<(), String> {
    let ep = Endpoint::parse(&o.endpoint)?;
    if std::net::TcpStream::connect(ep.addr).is_ok() {
        return Err(format!("something already listens on {}", ep.addr));
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let mut times = Vec::new();
    let mut rss = Vec::new();
    for _ in 0..o.runs.max(1) {
        let (out, err) = match &o.log {
            Some(path) => {
                let f = File::options()
                    .create(true)
                    .append(true)
                    .open(path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                let g = f.try_clone().map_err(|e| e.to_string())?;
                (Stdio::from(f), Stdio::from(g))
            }
            None => (Stdio::null(), Stdio::null()),
        };
        let started = Instant::now();
        let mut child = Command::new(&o.command[0])
            .args(&o.command[1..])
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", o.command[0]))?;
        let answered = rt.block_on(first_answer(&ep, &mut child, started));
        let result = answered.map(|t| {
            std::thread::sleep(o.idle_wait);
            (t, rss_kib(child.id()))
        });
        let _ = child.kill();
        let _ = child.wait();
        let (t, r) = result?;
        times.push(t.as_secs_f64() * 1000.0);
        if let Some(r) = r {
            rss.push(r);
        }
        // Let the port be released before the next start.
        let free_by = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(ep.addr).is_ok() && Instant::now() < free_by {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    let min = sorted[0];
    let rss_median = {
        let mut r = rss.clone();
        r.sort();
        r.get(r.len() / 2).copied()
    };
    println!(
        "cold start{}: first ListTables answered after {median:.1} ms (median of {}; min {min:.1} ms); idle RSS {} after {:.1} s",
        if o.label.is_empty() { String::new() } else { format!(" [{}]", o.label) },
        times.len(),
        rss_median
            .map(|k| format!("{:.1} MiB", k as f64 / 1024.0))
            .unwrap_or_else(|| "unknown".into()),
        o.idle_wait.as_secs_f64()
    );
    if let Some(path) = &o.json {
        let v = json!({
            "label": o.label,
            "command": o.command,
            "cold_start_ms": times,
            "cold_start_ms_median": median,
            "cold_start_ms_min": min,
            "idle_rss_kib": rss,
            "idle_rss_kib_median": rss_median,
            "idle_wait_s": o.idle_wait.as_secs_f64(),
        });
        std::fs::write(
            path,
            serde_json::to_string_pretty(&v).map_err(|e| e.to_string())? + "\n",
        )
        .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}
