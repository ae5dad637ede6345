//! `ddb serve`: opens the engine and serves DynamoDB's API on it until SIGINT or SIGTERM.
//!
//! Contract with scripts and tests: exactly one line on stdout once the socket accepts
//! connections (`ddb listening on http://HOST:PORT (...)`, with the real port when `--port 0`),
//! logs on stderr, exit 0 after a clean shutdown (in-flight requests finished, storage flushed),
//! exit 1 with a one-line message when the data directory is held by another server or the
//! address cannot be bound.

use std::io::Write;
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, ValueEnum};
use ddb_engine::{
    CapacityMode, Engine, EngineConfig, OpenError, StreamsConfig, SyncPolicy, TableDelays,
};
use ddb_model::error::Causes;
use ddb_server::credentials::Credentials;
use ddb_server::App;
use ddb_server::Server;
use ddb_storage::StorageError;
use tokio::net::TcpListener;

#[derive(Debug, Args)]
pub struct Serve {
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0 picks a free one and prints it)
    #[arg(long, default_value_t = 8000)]
    port: u16,
    /// Directory holding the database (created if missing)
    #[arg(long, default_value = "./ddb-data", conflicts_with = "in_memory")]
    data_dir: PathBuf,
    /// Keep everything in memory; nothing survives the process
    #[arg(long)]
    in_memory: bool,
    /// The region this server is (ARNs, health answer)
    #[arg(long, default_value = "us-east-1")]
    region: String,
    /// The account id in ARNs
    #[arg(long, default_value = "000000000000")]
    account_id: String,
    /// When writes reach the disk: always = fsync before acknowledging each write;
    /// interval = every write survives a crash of the process (kill -9), and reaches the disk
    /// within --sync-interval-ms (a power loss can lose that window); never = the OS decides
    #[arg(long, value_enum, default_value_t = SyncMode::Interval)]
    sync: SyncMode,
    /// fsync period for --sync interval, in milliseconds
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..))]
    sync_interval_ms: u64,
    /// Log filter (tracing EnvFilter syntax, e.g. `debug` or `ddb_server=debug`); replaces the
    /// default, which is info for ddb's own crates and warn for the libraries under them
    #[arg(long, env = "RUST_LOG", default_value = DEFAULT_LOG_FILTER)]
    log_level: String,
    /// Worker threads (0 = one per CPU core)
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Make table changes take time, as in DynamoDB, so programs can test their waiters:
    /// tables stay CREATING, UPDATING, DELETING and new global indexes CREATING (backfilling)
    /// for a while. Alone: create=2000,update=2000,delete=2000,index=3000 (ms); or per state,
    /// e.g. `--table-delays create=500,index=1000` (states not named stay instant).
    /// Without this flag every change is ACTIVE at once
    #[arg(
        long,
        value_name = "STATE=MS,...",
        num_args = 0..=1,
        require_equals = false,
        default_missing_value = "realistic",
        value_parser = parse_table_delays
    )]
    table_delays: Option<TableDelays>,
    /// Stream shards close and continue in a child shard at this age, in seconds (DynamoDB:
    /// about 4 hours)
    #[arg(long, default_value_t = 4 * 3600, value_parser = clap::value_parser!(u64).range(1..))]
    stream_rollover_seconds: u64,
    /// Stream records are trimmed at this age, in seconds (DynamoDB: 24 hours)
    #[arg(long, default_value_t = 24 * 3600, value_parser = clap::value_parser!(u64).range(1..))]
    stream_retention_seconds: u64,
    /// A stream shard that takes more records a second than this (over 10 s) splits in two
    /// (DynamoDB's per-partition write limit)
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..))]
    stream_split_rate: u64,
    /// Run COMMAND (or call a Lambda Invoke URL) on the stream records of TABLE, as a Lambda
    /// event source mapping does: the event on stdin, exit 0 for success, Lambda's defaults
    /// (batches of 100, retries until success) from the oldest record. Repeatable
    #[arg(long, value_name = "TABLE=COMMAND", value_parser = parse_trigger)]
    trigger: Vec<ddb_triggers::Trigger>,
    /// Capacity: report = count the units each request consumes, never refuse (what other local
    /// DynamoDBs do); enforce = throttle provisioned and on-demand tables as DynamoDB does
    /// (ProvisionedThroughputExceededException, ThrottlingException, UnprocessedItems). A table
    /// tagged `ddb:capacity=enforce` (or `=report`) overrides this for itself
    #[arg(long, default_value = "report", value_parser = parse_capacity)]
    capacity: CapacityMode,
    /// Run capacity time this many times faster than the wall clock (burst, refill, on-demand
    /// peaks, the daily decrease budget, the TTL change cooldown), so a test can spend five
    /// minutes of burst in seconds
    #[arg(long, default_value_t = 1.0, value_parser = parse_time_scale)]
    time_scale: f64,
    /// A triggers file: JSON `{"Triggers": [...]}` with CreateEventSourceMapping's settings
    /// (TableName, Command or Url, BatchSize, StartingPosition, FilterCriteria, ...)
    #[arg(long, value_name = "FILE")]
    triggers: Option<PathBuf>,
    /// A credentials file: JSON `{"Credentials": [{"AccessKeyId", "SecretAccessKey",
    /// "SessionToken"?, "PrincipalArn"?, "Account"?}]}`. With credentials (this file, or
    /// DDB_ACCESS_KEY_ID and DDB_SECRET_ACCESS_KEY in the environment) every request's SigV4
    /// signature is verified; without, any well-formed signature is accepted
    #[arg(long, value_name = "FILE")]
    credentials: Option<PathBuf>,
    /// Listen on an address other machines can reach without credentials, accepting any
    /// signature there (without this flag such a server refuses to start)
    #[arg(long)]
    allow_unauthenticated: bool,
}

fn parse_trigger(value: &str) -> Result<ddb_triggers::Trigger, String> {
    ddb_triggers::parse_shorthand(value).map_err(|e| e.to_string())
}

fn parse_table_delays(value: &str) -> Result<TableDelays, String> {
    value
        .parse()
        .map_err(|e: ddb_engine::lifecycle::DelaysError| e.to_string())
}

/// ddb's own crates (`ddb`, and every `ddb_*` crate: a target directive matches by prefix) log
/// at info; the libraries under them (fjall, lsm_tree, hyper, ...) only at warn, so the ready
/// line is the first thing a user sees and a restart does not print the storage engine's recovery
/// steps. `--log-level` / `RUST_LOG` replace this whole filter.
const DEFAULT_LOG_FILTER: &str = "warn,ddb=info";

fn parse_capacity(value: &str) -> Result<CapacityMode, String> {
    value.parse()
}

fn parse_time_scale(value: &str) -> Result<f64, String> {
    match value.parse::<f64>() {
        Ok(scale) if scale.is_finite() && (1.0..=1_000_000.0).contains(&scale) => Ok(scale),
        _ => Err(format!("{value:?} is not a time scale from 1 to 1000000")),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SyncMode {
    Always,
    Interval,
    Never,
}

impl Serve {
    fn engine_config(&self) -> EngineConfig {
        EngineConfig {
            data_dir: (!self.in_memory).then(|| self.data_dir.clone()),
            sync: match self.sync {
                SyncMode::Always => SyncPolicy::Always,
                SyncMode::Interval => SyncPolicy::Interval(self.sync_interval_ms),
                SyncMode::Never => SyncPolicy::Never,
            },
            region: self.region.clone(),
            account_id: self.account_id.clone(),
            table_delays: self.table_delays.unwrap_or_default(),
            streams: StreamsConfig {
                rollover: Duration::from_secs(self.stream_rollover_seconds),
                retention: Duration::from_secs(self.stream_retention_seconds),
                split_rate: self.stream_split_rate,
            },
            capacity: self.capacity,
            time_scale: self.time_scale,
        }
    }

    /// Every trigger asked for, checked (`--trigger` and `--triggers`).
    fn all_triggers(&self) -> Result<Vec<ddb_triggers::Trigger>, String> {
        let mut all = self.trigger.clone();
        if let Some(path) = &self.triggers {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read --triggers {}: {e}", path.display()))?;
            all.extend(
                ddb_triggers::parse_file(&text)
                    .map_err(|e| format!("--triggers {}: {e}", path.display()))?,
            );
        }
        ddb_triggers::config::check_names(&all).map_err(|e| e.to_string())?;
        Ok(all)
    }

    /// The keys to verify signatures with: the file's and the environment's, if any.
    fn all_credentials(&self) -> Result<Option<Credentials>, String> {
        let mut all = match &self.credentials {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("cannot read --credentials {}: {e}", path.display()))?;
                Some(
                    Credentials::from_json(&text, &self.account_id)
                        .map_err(|e| format!("--credentials {}: {e}", path.display()))?,
                )
            }
            None => None,
        };
        let from_env = Credentials::from_env(|name| std::env::var(name).ok(), &self.account_id)?;
        if let Some(env) = from_env {
            all.get_or_insert_with(Credentials::default).merge(env);
        }
        Ok(all)
    }

    /// Refuses to serve every table to whoever reaches the port: a server without credentials
    /// listens only on loopback unless told otherwise.
    fn check_exposure(&self, has_credentials: bool) -> Result<(), String> {
        if has_credentials || self.allow_unauthenticated {
            return Ok(());
        }
        let addrs: Vec<SocketAddr> = (self.host.as_str(), self.port)
            .to_socket_addrs()
            .map_err(|e| format!("cannot resolve --host {}: {e}", self.host))?
            .collect();
        if !addrs.is_empty() && addrs.iter().all(|a| a.ip().is_loopback()) {
            return Ok(());
        }
        Err(format!(
            "refusing to listen on {} without credentials: anyone who can reach it could read              and change every table. Give --credentials FILE (or DDB_ACCESS_KEY_ID and              DDB_SECRET_ACCESS_KEY) so that signatures are verified, listen on 127.0.0.1, or              pass --allow-unauthenticated to accept any signature on this address anyway",
            self.host
        ))
    }

    /// What the ready line says about where data lives.
    fn data_label(&self) -> String {
        if self.in_memory {
            "in-memory".to_string()
        } else {
            format!("data: {}", self.data_dir.display())
        }
    }
}

/// Runs the server to completion.
pub fn run(args: Serve) -> ExitCode {
    if let Err(message) = init_logging(&args.log_level) {
        eprintln!("error: {message}");
        return ExitCode::FAILURE;
    }
    match serve(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(filter: &str) -> Result<(), String> {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .map_err(|e| format!("invalid --log-level {filter:?}: {e}"))?;
    // stdout carries only the ready line; logs go to stderr.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .init();
    Ok(())
}

fn serve(args: Serve) -> Result<(), String> {
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    // Operations run on the workers, and expressions may nest as deep as DynamoDB allows.
    runtime.thread_stack_size(ddb_engine::REQUEST_THREAD_STACK);
    if args.threads > 0 {
        runtime.worker_threads(args.threads);
    }
    let runtime = runtime
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;

    let triggers = args.all_triggers()?;
    let credentials = args.all_credentials()?;
    args.check_exposure(credentials.is_some())?;
    // Open the database before binding, so a refused data directory never holds the port.
    let config = args.engine_config();
    if let Some(dir) = &config.data_dir {
        if dir.exists() && !dir.is_dir() {
            return Err(format!(
                "--data-dir {} is not a directory (it names a file); give a directory path, \
                 or a path that does not exist yet",
                dir.display()
            ));
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create data directory {}: {e}", dir.display()))?;
    }
    let engine = Arc::new(Engine::open(config).map_err(|e| match e {
        OpenError::Storage(StorageError::Locked(_)) => e.to_string(),
        other => format!("cannot open the database: {}", Causes(&other)),
    })?);

    let result = runtime.block_on(async {
        // Listen for signals before announcing readiness, so that a signal sent right after the
        // ready line is never missed.
        let shutdown =
            shutdown_signal().map_err(|e| format!("cannot install signal handlers: {e}"))?;
        let listener = TcpListener::bind((args.host.as_str(), args.port))
            .await
            .map_err(|e| format!("cannot listen on {}:{}: {e}", args.host, args.port))?;
        let mut app = App::new(engine.clone());
        if let Some(credentials) = credentials {
            tracing::info!(keys = credentials.len(), "verifying request signatures");
            app = app.with_credentials(credentials);
        }
        let server = Server::with_app(listener, app);
        let addr = server.local_addr().map_err(|e| e.to_string())?;
        spawn_ttl_sweeper(engine.clone());
        let running = (!triggers.is_empty()).then(|| {
            ddb_triggers::Triggers::start(
                engine.clone(),
                triggers,
                &format!("http://{addr}"),
                &args.region,
            )
        });
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(
            stdout,
            "ddb listening on http://{addr} ({})",
            args.data_label()
        );
        let _ = stdout.flush();
        drop(stdout);
        server.run(shutdown).await.map_err(|e| e.to_string())?;
        tracing::info!("shutting down");
        if let Some(running) = running {
            // Each trigger finishes the invocation it is in; its checkpoint is already stored.
            let _ = tokio::task::spawn_blocking(move || running.stop()).await;
        }
        Ok::<(), String>(())
    });
    // Connections that outlived the grace period are dropped with the runtime.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    result?;
    engine
        .flush()
        .map_err(|e| format!("flushing the database failed: {}", Causes(&e)))?;
    Ok(())
}

/// Deletes expired items of tables with TTL enabled and trims aged stream records, once a
/// second, off the request workers.
fn spawn_ttl_sweeper(engine: Arc<Engine>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
        loop {
            tick.tick().await;
            let sweeper = engine.clone();
            match tokio::task::spawn_blocking(move || sweeper.expire_items()).await {
                Ok(Ok(0)) => {}
                Ok(Ok(1)) => tracing::debug!("TTL: deleted 1 expired item"),
                Ok(Ok(n)) => tracing::debug!("TTL: deleted {n} expired items"),
                Ok(Err(e)) => tracing::warn!("TTL sweep failed: {}", e.message),
                Err(e) => tracing::warn!("TTL sweep panicked: {e}"),
            }
            let trimmer = engine.clone();
            match tokio::task::spawn_blocking(move || trimmer.trim_streams()).await {
                Ok(Ok(0)) => {}
                Ok(Ok(n)) => tracing::debug!("streams: trimmed {n} records"),
                Ok(Err(e)) => tracing::warn!("stream trimming failed: {}", e.message),
                Err(e) => tracing::warn!("stream trimming panicked: {e}"),
            }
        }
    });
}

/// Completes on the first SIGINT or SIGTERM. The handlers are installed by this call.
#[cfg(unix)]
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

#[cfg(not(unix))]
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
