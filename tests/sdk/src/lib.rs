//! Harness for black-box tests: starts the real `ddb` binary on a free port and hands out SDK
//! clients pointed at it. The binary is `$DDB_BIN`, else `target/debug/ddb` of this workspace
//! (`scripts/test` builds it before running the tests).

pub mod build;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_dynamodb::Client;

/// A running `ddb serve`, killed on drop.
pub struct Server {
    child: Child,
    /// The base URL the server printed when ready, `http://HOST:PORT` with the port it took.
    pub url: String,
}

/// The `ddb` binary under test.
pub fn ddb_binary() -> PathBuf {
    if let Ok(p) = std::env::var("DDB_BIN") {
        return PathBuf::from(p);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/debug/ddb")
}

impl Server {
    /// Starts an in-memory server.
    pub fn start_in_memory() -> Server {
        Server::start(&["--in-memory"])
    }

    /// Starts a server with extra `serve` arguments, on a free port.
    pub fn start(args: &[&str]) -> Server {
        let mut child = Command::new(ddb_binary())
            .arg("serve")
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start ddb serve (build it first: cargo build -p ddb-cli)");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            let line = lines
                .next()
                .expect("ddb serve exited before it was ready")
                .expect("read stdout");
            if let Some(at) = line.find("http://") {
                let rest = &line[at..];
                break rest.split_whitespace().next().unwrap_or(rest).to_string();
            }
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, url }
    }

    /// A client with dummy credentials pointed at this server.
    pub fn client(&self) -> Client {
        client_for(&self.url)
    }

    /// A DynamoDB Streams client with dummy credentials pointed at this server (the same port
    /// serves both APIs).
    pub fn streams_client(&self) -> aws_sdk_dynamodbstreams::Client {
        let config = aws_sdk_dynamodbstreams::Config::builder()
            .behavior_version(aws_sdk_dynamodbstreams::config::BehaviorVersion::latest())
            .region(aws_sdk_dynamodbstreams::config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_dynamodbstreams::config::Credentials::new(
                "AKIDTEST", "secret", None, None, "tests",
            ))
            .endpoint_url(&self.url)
            .retry_config(aws_sdk_dynamodbstreams::config::retry::RetryConfig::disabled())
            .build();
        aws_sdk_dynamodbstreams::Client::from_conf(config)
    }

    /// The server's process id, for a test that signals it by other means than these methods.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Kills the server with SIGKILL and waits for it.
    pub fn kill9(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Sends SIGTERM and waits for a clean exit; returns the exit status code.
    pub fn terminate(mut self) -> Option<i32> {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        self.child.wait().ok().and_then(|s| s.code())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh directory in the temp folder (`ddb-test-TAG-PID`), removed with everything in it when
/// dropped. Declare it before the servers that use it, so that they stop first.
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    /// Creates `ddb-test-TAG-PID` in the temp folder, empty.
    pub fn new(tag: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("ddb-test-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap_or_else(|e| panic!("create {}: {e}", path.display()));
        TempDir { path }
    }

    /// The path, as a `--data-dir` argument.
    pub fn arg(&self) -> &str {
        self.path.to_str().expect("temp folder path is UTF-8")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// An SDK client for an endpoint, with dummy credentials and no retries.
pub fn client_for(url: &str) -> Client {
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKIDTEST", "secret", None, None, "tests"))
        .endpoint_url(url)
        .retry_config(aws_sdk_dynamodb::config::retry::RetryConfig::disabled())
        .build();
    Client::from_conf(config)
}
