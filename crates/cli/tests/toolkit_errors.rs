//! Black-box tests of the toolkit's error paths: the exact lines a user sees on stderr when
//! the server is not running, the endpoint URL is malformed, a table is missing, `prod` has no
//! region or credentials, or the flags are wrong. Each error is one line naming the cause and
//! the next step; `-v`/`--debug` adds the SDK's full error after it.

#![allow(clippy::unwrap_used)] // a test stops at the first failure

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const DDB: &str = env!("CARGO_BIN_EXE_ddb");

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    took: Duration,
}

/// Runs `ddb ARGS` with no endpoint, profile or credential settings from the developer's
/// environment, plus `env`.
fn ddb_with_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(DDB);
    cmd.args(args);
    for k in [
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_DYNAMODB",
        "CONNECTION_URL",
        "AWS_PROFILE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    ] {
        cmd.env_remove(k);
    }
    cmd.env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", "/nonexistent/ddb-test-config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/ddb-test-credentials",
        );
    for (k, v) in env {
        cmd.env(k, v);
    }
    let started = Instant::now();
    let out = cmd.output().expect("run ddb");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        took: started.elapsed(),
    }
}

fn ddb(args: &[&str]) -> Run {
    ddb_with_env(args, &[])
}

/// Asserts a failed run printed nothing on stdout and exactly `lines` on stderr.
fn fails_with(run: &Run, code: i32, lines: &[&str]) {
    let expected: String = lines.iter().map(|l| format!("{l}\n")).collect();
    assert_eq!(run.stderr, expected, "stdout:\n{}", run.stdout);
    assert_eq!(run.stdout, "", "stderr:\n{}", run.stderr);
    assert_eq!(run.code, code, "{}", run.stderr);
}

/// A local URL where nothing listens: a port that was free a moment ago.
fn dead_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// `ddb serve --in-memory --port 0`, killed on drop.
struct Server {
    url: String,
    child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn server() -> Server {
    let mut child = Command::new(DDB)
        .args(["serve", "--in-memory", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start ddb serve");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = loop {
        match lines.next() {
            Some(Ok(line)) => {
                if let Some(at) = line.find("http://") {
                    let rest = &line[at..];
                    break rest.split_whitespace().next().unwrap_or(rest).to_string();
                }
            }
            _ => {
                let _ = child.kill();
                panic!("ddb serve exited before printing its URL");
            }
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    Server { url, child }
}

/// Every toolkit command that talks to DynamoDB, with the table it names (via `--table`).
fn every_command(table: &str) -> Vec<Vec<String>> {
    let t = table.to_string();
    let cmds: [&[&str]; 7] = [
        &["schema-load", "--table"],
        &["list-tables"],
        &["drop", "--table"],
        &["seed", "--table"],
        &["scan", "--table"],
        &["patterns", "get-conversation", "--table"],
        &["patterns", "list-conversations", "--table"],
    ];
    cmds.iter()
        .map(|c| {
            let mut v: Vec<String> = c.iter().map(|s| s.to_string()).collect();
            if v.last().map(String::as_str) == Some("--table") {
                v.push(t.clone());
            }
            v
        })
        .collect()
}

#[test]
fn no_server_says_which_url_and_to_start_ddb_serve_quickly() {
    let url = dead_url();
    let line = format!("error: cannot reach {url}: connection refused; is `ddb serve` running?");
    for command in every_command("cruddur-messages") {
        let mut args: Vec<&str> = command.iter().map(String::as_str).collect();
        args.extend(["--endpoint-url", &url]);
        let run = ddb(&args);
        fails_with(&run, 1, &[&line]);
        // No 2.5 s of retries against a local endpoint.
        assert!(
            run.took < Duration::from_secs(2),
            "{args:?} took {:?}",
            run.took
        );
    }

    // The URL from the environment is named as such.
    for var in ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB"] {
        let run = ddb_with_env(&["list-tables"], &[(var, &url)]);
        fails_with(
            &run,
            1,
            &[&format!(
                "error: cannot reach {url} (from ${var}): connection refused; is `ddb serve` running?"
            )],
        );
    }

    // A host that does not resolve is a different mistake.
    let run = ddb(&["scan", "--endpoint-url", "http://no-such-host.invalid:8000"]);
    fails_with(
        &run,
        1,
        &["error: cannot reach http://no-such-host.invalid:8000: the host name does not resolve; \
           check the host in the URL"],
    );
}

#[test]
fn debug_adds_the_sdk_error_after_the_line() {
    let url = dead_url();
    let first = format!("error: cannot reach {url}: connection refused; is `ddb serve` running?");
    for flag in ["-v", "--debug"] {
        for args in [
            vec![flag, "list-tables", "--endpoint-url", &url],
            vec!["list-tables", "--endpoint-url", &url, flag],
        ] {
            let run = ddb(&args);
            assert_eq!(run.code, 1);
            let mut lines = run.stderr.lines();
            assert_eq!(lines.next(), Some(first.as_str()), "{}", run.stderr);
            assert_eq!(
                lines.next(),
                Some("detail: DispatchFailure("),
                "{}",
                run.stderr
            );
            assert!(run.stderr.contains("ConnectionRefused"), "{}", run.stderr);
        }
    }
    // Errors that are complete in one line have no detail to add.
    let run = ddb(&["-v", "list-tables", "--endpoint-url", "localhost:8000"]);
    fails_with(
        &run,
        1,
        &["error: endpoint URL `localhost:8000` (from --endpoint-url) has no scheme; did you mean `http://localhost:8000`?"],
    );
    // `ddb serve` has its own log level.
    fails_with(
        &ddb(&["serve", "-v"]),
        2,
        &["error: -v/--debug is for the toolkit commands; `ddb serve` takes --log-level debug"],
    );
}

#[test]
fn endpoint_url_is_checked_before_any_call() {
    let cases = [
        (
            "localhost:8000",
            "has no scheme; did you mean `http://localhost:8000`?",
        ),
        (
            "ftp://localhost:8000",
            "has scheme `ftp`; use http:// or https://",
        ),
        ("http://", "has no host; e.g. http://localhost:8000"),
        ("http://bad host:8000", "has an invalid host `bad host`"),
        ("http://bad_host", "has an invalid host `bad_host`"),
        (
            "http://localhost:99999",
            "has an invalid port `99999` (1 to 65535)",
        ),
        (
            "http://localhost:port",
            "has an invalid port `port` (1 to 65535)",
        ),
        ("http://[::1", "has an invalid IPv6 host `[::1`"),
    ];
    for (url, problem) in cases {
        let line = format!("error: endpoint URL `{url}` (from --endpoint-url) {problem}");
        for command in every_command("cruddur-messages") {
            let mut args: Vec<&str> = command.iter().map(String::as_str).collect();
            args.extend(["--endpoint-url", url]);
            fails_with(&ddb(&args), 1, &[&line]);
        }
    }
    let run = ddb_with_env(&["list-tables"], &[("AWS_ENDPOINT_URL", "localhost:8000")]);
    fails_with(
        &run,
        1,
        &["error: endpoint URL `localhost:8000` (from $AWS_ENDPOINT_URL) has no scheme; did you mean `http://localhost:8000`?"],
    );
}

#[test]
fn missing_table_says_what_to_run() {
    let server = server();
    let url = server.url.as_str();
    let at = |table: &str| format!("error: table {table} does not exist at {url}; ");
    let schema_load = format!("run `ddb schema-load --endpoint-url {url}` first");
    let list = format!("`ddb list-tables --endpoint-url {url}` shows the tables there");

    for args in [
        &["seed"][..],
        &["scan"],
        &["scan", "cruddur-messages"],
        &["patterns", "get-conversation"],
        &["patterns", "list-conversations"],
    ] {
        let mut args = args.to_vec();
        args.extend(["--endpoint-url", url]);
        fails_with(
            &ddb(&args),
            1,
            &[&format!("{}{schema_load}", at("cruddur-messages"))],
        );
    }
    // Another table name goes into the suggested command.
    fails_with(
        &ddb(&["seed", "--table", "mine", "--endpoint-url", url]),
        1,
        &[&format!(
            "{}run `ddb schema-load --table mine --endpoint-url {url}` first",
            at("mine")
        )],
    );
    // scan of some other table: the list of tables is the next step.
    for args in [&["scan", "NoSuch"][..], &["scan", "--table", "NoSuch"]] {
        let mut args = args.to_vec();
        args.extend(["--endpoint-url", url]);
        fails_with(&ddb(&args), 1, &[&format!("{}{list}", at("NoSuch"))]);
    }
    // drop: nothing printed before the error.
    for args in [&["drop", "NoSuch"][..], &["drop", "--table", "NoSuch"]] {
        let mut args = args.to_vec();
        args.extend(["--endpoint-url", url]);
        fails_with(
            &ddb(&args),
            1,
            &[&format!("{}nothing to delete ({list})", at("NoSuch"))],
        );
    }
    // With the URL from the environment the suggestion needs no flag.
    fails_with(
        &ddb_with_env(&["seed"], &[("AWS_ENDPOINT_URL", url)]),
        1,
        &[&format!(
            "error: table cruddur-messages does not exist at {url}; run `ddb schema-load` first"
        )],
    );

    // A table that exists: schema-load refuses to make it twice, and says how to start over.
    let run = ddb(&["schema-load", "--endpoint-url", url]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    fails_with(
        &ddb(&["schema-load", "--endpoint-url", url]),
        1,
        &[&format!(
            "error: table cruddur-messages already exists at {url}; \
             `ddb drop cruddur-messages --endpoint-url {url}` first to create it again"
        )],
    );
    // Both spellings of the table work for scan and drop.
    let run = ddb(&["scan", "--table", "cruddur-messages", "--endpoint-url", url]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "0 items in cruddur-messages (1 scan page)\n");
    let run = ddb(&["drop", "--table", "cruddur-messages", "--endpoint-url", url]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "deleting table: cruddur-messages\n");
}

#[test]
fn prod_without_region_or_credentials_says_which() {
    fails_with(
        &ddb(&["list-tables", "prod"]),
        1,
        &["error: `prod` needs an AWS region: set AWS_REGION or a region in your AWS profile"],
    );
    let run = ddb_with_env(&["scan", "--prod"], &[("AWS_REGION", "eu-west-1")]);
    fails_with(
        &run,
        1,
        &["error: `prod` found no AWS credentials; set AWS_PROFILE or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or run `aws configure`)"],
    );
    fails_with(
        &ddb(&["list-tables", "prod", "--endpoint-url", "http://localhost:8000"]),
        1,
        &["error: `prod` means real AWS with no endpoint override; use one or the other (--endpoint-url http://localhost:8000)"],
    );
}

#[test]
fn wrong_flags() {
    fails_with(
        &ddb(&["drop"]),
        1,
        &["error: no table given: ddb drop TABLE [prod], or ddb drop --table TABLE (e.g. ddb drop cruddur-messages)"],
    );
    fails_with(
        &ddb(&["scan", "a", "--table", "b"]),
        2,
        &[
            "error: the argument '[TABLE]' cannot be used with '--table <TABLE>'",
            "",
            "Usage: ddb scan <TABLE> [prod]",
            "",
            "For more information, try '--help'.",
        ],
    );
    fails_with(
        &ddb(&["list-tables", "--table", "x"]),
        2,
        &[
            "error: unexpected argument '--table' found",
            "",
            "  tip: to pass '--table' as a value, use '-- --table'",
            "",
            "Usage: ddb list-tables [OPTIONS] [prod]",
            "",
            "For more information, try '--help'.",
        ],
    );
    fails_with(
        &ddb(&["seed", "--tabel", "x"]),
        2,
        &[
            "error: unexpected argument '--tabel' found",
            "",
            "  tip: a similar argument exists: '--table'",
            "",
            "Usage: ddb seed --table <TABLE> [prod]",
            "",
            "For more information, try '--help'.",
        ],
    );
}

#[test]
fn help_shows_the_table_the_same_way_everywhere() {
    for command in [
        &["schema-load"][..],
        &["seed"],
        &["scan"],
        &["drop"],
        &["patterns", "get-conversation"],
        &["patterns", "list-conversations"],
    ] {
        let mut args = command.to_vec();
        args.push("--help");
        let run = ddb(&args);
        assert_eq!(run.code, 0);
        assert!(
            run.stdout.contains("      --table <TABLE>\n"),
            "{command:?}:\n{}",
            run.stdout
        );
    }
    for command in ["scan", "drop"] {
        let run = ddb(&[command, "--help"]);
        assert!(
            run.stdout
                .contains(&format!("Usage: ddb {command} [OPTIONS] [TABLE] [prod]\n")),
            "{}",
            run.stdout
        );
        assert!(
            run.stdout
                .contains("  [TABLE]\n          The same as --table TABLE (the seed's form)\n"),
            "{}",
            run.stdout
        );
    }
}

/// A web server that is not DynamoDB: every request gets `404 Not Found` and an HTML page.
fn not_dynamodb() -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let body = "<html><body>Not Found</body></html>";
            let _ = write!(
                stream,
                "HTTP/1.1 404 Not Found\r\ncontent-type: text/html\r\ncontent-length: {}\r\n\
                 connection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    url
}

#[test]
fn an_endpoint_that_is_not_dynamodb_says_so() {
    let url = not_dynamodb();
    fails_with(
        &ddb(&["list-tables", "--endpoint-url", &url]),
        1,
        &[&format!(
            "error: ListTables failed: {url} answered HTTP 404, not as DynamoDB does; \
             is that URL `ddb serve` (or another DynamoDB endpoint)?"
        )],
    );
    fails_with(
        &ddb(&["scan", "--endpoint-url", &url]),
        1,
        &[&format!(
            "error: Scan failed: {url} answered HTTP 404, not as DynamoDB does; \
             is that URL `ddb serve` (or another DynamoDB endpoint)?"
        )],
    );
}
