//! Latency histograms and the run's report (text on stdout, JSON on request).

use hdrhistogram::Histogram;
use serde_json::{json, Value};

/// Latency in microseconds, up to an hour, 3 significant digits.
pub fn new_histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 3_600_000_000, 3).expect("valid histogram bounds")
}

/// What one connection measured.
pub struct ConnStats {
    /// Per kind of request.
    pub latency: Vec<Histogram<u64>>,
    /// Items carried by the measured requests (scan pages, batches).
    pub items: u64,
    /// Every successful request, warm-up included (for the update counter check).
    pub all_ok: u64,
    /// New connections opened because the server closed the previous one.
    pub reconnects: u64,
    /// CPU seconds used in the measured window by the server (with --server-pid) and by the
    /// generator.
    pub server_cpu_s: Option<f64>,
    pub generator_cpu_s: Option<f64>,
    /// CPU seconds the whole machine was busy in the window (to see other load).
    pub machine_busy_s: Option<f64>,
}

impl ConnStats {
    pub fn new(kinds: usize) -> ConnStats {
        ConnStats {
            latency: (0..kinds).map(|_| new_histogram()).collect(),
            items: 0,
            all_ok: 0,
            reconnects: 0,
            server_cpu_s: None,
            generator_cpu_s: None,
            machine_busy_s: None,
        }
    }

    pub fn merge(&mut self, other: &ConnStats) {
        for (a, b) in self.latency.iter_mut().zip(&other.latency) {
            a.add(b).expect("same bounds");
        }
        self.items += other.items;
        self.all_ok += other.all_ok;
        self.reconnects += other.reconnects;
    }
}

fn ms(us: u64) -> f64 {
    (us as f64) / 1000.0
}

fn latency_json(h: &Histogram<u64>) -> Value {
    json!({
        "mean": h.mean().round() / 1000.0,
        "p50": ms(h.value_at_quantile(0.50)),
        "p90": ms(h.value_at_quantile(0.90)),
        "p99": ms(h.value_at_quantile(0.99)),
        "p99_9": ms(h.value_at_quantile(0.999)),
        "max": ms(h.max()),
    })
}

pub struct RunInfo<'a> {
    pub label: &'a str,
    pub endpoint: &'a str,
    pub workload: &'a str,
    pub connections: usize,
    pub threads: usize,
    /// Target rate with --rate, 0 when unpaced.
    pub rate: f64,
    pub duration_s: f64,
    pub warmup_s: f64,
    pub items: usize,
    pub preload_items: usize,
    pub preload_s: f64,
    pub unit: &'a str,
    pub items_unit: Option<&'a str>,
    pub kinds: &'a [&'a str],
}

/// Cores kept busy by processes other than the server and the generator during the window.
fn other_cores(info: &RunInfo, stats: &ConnStats) -> Option<f64> {
    let other = stats.machine_busy_s?
        - stats.server_cpu_s.unwrap_or(0.0)
        - stats.generator_cpu_s.unwrap_or(0.0);
    Some((other / info.duration_s).max(0.0))
}

/// Builds the JSON report and prints the human one.
pub fn report(info: &RunInfo, stats: &ConnStats) -> Value {
    let mut all = new_histogram();
    for h in &stats.latency {
        all.add(h).expect("same bounds");
    }
    let ops = all.len();
    let rate = ops as f64 / info.duration_s;
    let mut by_kind = serde_json::Map::new();
    if info.kinds.len() > 1 {
        for (name, h) in info.kinds.iter().zip(&stats.latency) {
            by_kind.insert(
                name.to_string(),
                json!({
                    "ops": h.len(),
                    "ops_per_sec": h.len() as f64 / info.duration_s,
                    "latency_ms": latency_json(h),
                }),
            );
        }
    }
    let report = json!({
        "label": info.label,
        "endpoint": info.endpoint,
        "workload": info.workload,
        "connections": info.connections,
        "generator_threads": info.threads,
        "target_rate": info.rate,
        "duration_s": info.duration_s,
        "warmup_s": info.warmup_s,
        "items": info.items,
        "preload_items": info.preload_items,
        "preload_s": info.preload_s,
        "unit": info.unit,
        "ops": ops,
        "ops_per_sec": rate,
        "items_unit": info.items_unit,
        "items_moved": stats.items,
        "items_per_sec": info.items_unit.map(|_| stats.items as f64 / info.duration_s),
        "errors": 0,
        "reconnects": stats.reconnects,
        "server_cpu_s": stats.server_cpu_s,
        "generator_cpu_s": stats.generator_cpu_s,
        "machine_busy_s": stats.machine_busy_s,
        "other_cpu_cores": other_cores(info, stats),
        "server_cpu_us_per_op": stats.server_cpu_s.filter(|_| ops > 0).map(|c| c * 1e6 / ops as f64),
        "latency_ms": latency_json(&all),
        "by_kind": by_kind,
    });

    let label = if info.label.is_empty() {
        String::new()
    } else {
        format!(" [{}]", info.label)
    };
    let paced = if info.rate > 0.0 {
        format!(", paced at {:.0}/s", info.rate)
    } else {
        String::new()
    };
    println!(
        "{}{label}: {} connections{paced}, {:.1} s measured after {:.1} s warm-up, {} items",
        info.workload, info.connections, info.duration_s, info.warmup_s, info.items
    );
    if info.preload_items > 0 {
        println!(
            "  preload: {} items in {:.2} s ({:.0} items/s)",
            info.preload_items,
            info.preload_s,
            info.preload_items as f64 / info.preload_s.max(1e-9)
        );
    }
    println!("  {:>12.1} {}/s ({ops} {})", rate, info.unit, info.unit);
    if let Some(unit) = info.items_unit {
        println!(
            "  {:>12.1} {unit}/s ({} {unit})",
            stats.items as f64 / info.duration_s,
            stats.items
        );
    }
    let line = |name: &str, h: &Histogram<u64>| {
        println!(
            "  {name:<34} p50 {:>8.3} ms  p90 {:>8.3}  p99 {:>8.3}  p99.9 {:>8.3}  max {:>8.3}",
            ms(h.value_at_quantile(0.5)),
            ms(h.value_at_quantile(0.9)),
            ms(h.value_at_quantile(0.99)),
            ms(h.value_at_quantile(0.999)),
            ms(h.max())
        )
    };
    line("latency", &all);
    if info.kinds.len() > 1 {
        for (name, h) in info.kinds.iter().zip(&stats.latency) {
            line(&format!("{name} ({})", h.len()), h);
        }
    }
    let cores = |c: f64| c / info.duration_s;
    match (stats.server_cpu_s, stats.generator_cpu_s) {
        (Some(server), Some(generator)) => println!(
            "  cpu: server {:.2} cores ({:.1} us/op), generator {:.2} cores",
            cores(server),
            server * 1e6 / (ops.max(1) as f64),
            cores(generator)
        ),
        (None, Some(generator)) => println!("  cpu: generator {:.2} cores", cores(generator)),
        _ => {}
    }
    if let Some(other) = other_cores(info, stats) {
        println!("  cpu: everything else on the machine {other:.2} cores");
    }
    if stats.reconnects > 0 {
        println!(
            "  reconnects: {} (the server closed connections after answering)",
            stats.reconnects
        );
    }
    println!("  errors: 0");
    report
}
