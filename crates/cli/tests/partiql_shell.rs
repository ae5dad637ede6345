//! Black-box tests of `ddb partiql`: each test starts the real binary as `ddb serve --in-memory
//! --port 0`, makes its table through the SDK (CreateTable has no PartiQL form), and runs
//! `ddb partiql` as a user would: `-e`, stdin, and the interactive shell under a pseudo-terminal
//! (util-linux `script`; that test is skipped where `script` is missing).

#![allow(clippy::unwrap_used)] // a test stops at the first failure

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType,
};
use ddb_cruddur::endpoint::{self, Source, Target};
use serde_json::{json, Value};

const DDB: &str = env!("CARGO_BIN_EXE_ddb");

/// A `ddb serve --in-memory` of one test, stopped when dropped.
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

/// Starts a server with a table `Music` (Artist HASH, SongTitle RANGE).
fn server() -> Server {
    let mut child = Command::new(DDB)
        .args(["serve", "--in-memory", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start ddb serve");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = loop {
        let Some(Ok(line)) = lines.next() else {
            let _ = child.kill();
            panic!("ddb serve exited before printing its URL");
        };
        if let Some(at) = line.find("http://") {
            break line[at..].split_whitespace().next().unwrap().to_string();
        }
    };
    // Keep reading so the server never blocks on a full stdout pipe.
    std::thread::spawn(move || lines.for_each(drop));
    let server = Server { url, child };
    create_music(&server.url);
    server
}

fn create_music(url: &str) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let target = Target::Local {
            url: url.to_string(),
            source: Source::Flag,
        };
        let client = endpoint::client(&target).await.unwrap();
        let attr = |name: &str| {
            AttributeDefinition::builder()
                .attribute_name(name)
                .attribute_type(ScalarAttributeType::S)
                .build()
                .unwrap()
        };
        let key = |name: &str, kind| {
            KeySchemaElement::builder()
                .attribute_name(name)
                .key_type(kind)
                .build()
                .unwrap()
        };
        client
            .create_table()
            .table_name("Music")
            .attribute_definitions(attr("Artist"))
            .attribute_definitions(attr("SongTitle"))
            .key_schema(key("Artist", KeyType::Hash))
            .key_schema(key("SongTitle", KeyType::Range))
            .billing_mode(BillingMode::PayPerRequest)
            .send()
            .await
            .unwrap();
    });
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// A `ddb` command with the endpoint and history settings of a developer's shell removed, so
/// they cannot change what a test sees.
fn command(server: &Server, args: &[&str]) -> Command {
    let mut cmd = Command::new(DDB);
    cmd.arg("partiql")
        .args(["--endpoint-url", &server.url])
        .args(args);
    for k in [
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_DYNAMODB",
        "AWS_PROFILE",
    ] {
        cmd.env_remove(k);
    }
    cmd.env("AWS_EC2_METADATA_DISABLED", "true")
        .env("DDB_PARTIQL_HISTORY", "");
    cmd
}

/// Runs `ddb partiql --endpoint-url URL ARGS` with `stdin` as its input.
fn partiql(server: &Server, args: &[&str], stdin: &str) -> Run {
    let mut child = command(server, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run ddb partiql");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

const SEED: &str = "\
INSERT INTO \"Music\" VALUE {'Artist': 'Acme Band', 'SongTitle': 'Happy Day', 'Year': 2020};
INSERT INTO Music VALUE {'Artist': 'Acme Band', 'SongTitle': 'PartiQL; Rocks', 'Tags': <<'pop'>>}
";

#[test]
fn statements_from_e_print_an_aligned_table() {
    let server = server();
    let seeded = partiql(&server, &[], SEED).ok();
    assert_eq!(seeded.stdout, "");
    assert_eq!(seeded.stderr, "OK\nOK\n");
    let run = partiql(
        &server,
        &["-e", "SELECT * FROM Music WHERE Artist = 'Acme Band'"],
        "",
    )
    .ok();
    assert_eq!(
        run.stdout,
        "Artist    | SongTitle      | Tags      | Year\n\
         ----------+----------------+-----------+-----\n\
         Acme Band | Happy Day      |           | 2020\n\
         Acme Band | PartiQL; Rocks | <<'pop'>> |\n"
    );
    assert_eq!(run.stderr, "2 items\n");
}

#[test]
fn json_output_parameters_and_capacity() {
    let server = server();
    partiql(&server, &[], SEED).ok();
    let run = partiql(
        &server,
        &[
            "--output",
            "json",
            "--return-consumed-capacity",
            "total",
            "--parameters",
            r#"[{"S":"Acme Band"},{"S":"Happy Day"}]"#,
            "-e",
            "SELECT Year FROM Music WHERE Artist = ? AND SongTitle = ?",
        ],
        "",
    )
    .ok();
    assert_eq!(
        run.json(),
        json!({
            "Items": [{"Year": {"N": "2020"}}],
            "Count": 1,
            "ConsumedCapacity": {"CapacityUnits": 0.5},
        })
    );
}

#[test]
fn a_failing_statement_stops_the_script_with_its_exception() {
    let server = server();
    partiql(&server, &[], SEED).ok();
    let script = "INSERT INTO Music VALUE {'Artist': 'Acme Band', 'SongTitle': 'Happy Day'};\n\
                  INSERT INTO Music VALUE {'Artist': 'Never', 'SongTitle': 'Written'};\n";
    let run = partiql(&server, &[], script);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: DuplicateItemException: Duplicate primary key exists in table\n"
    );
    let after = partiql(
        &server,
        &["-e", "SELECT * FROM Music WHERE Artist = 'Never'"],
        "",
    );
    assert_eq!(after.ok().stderr, "0 items\n");

    let syntax = partiql(&server, &["-e", "SELEC * FROM Music"], "");
    assert_eq!(syntax.code, 1);
    assert!(
        syntax.stderr.starts_with("error: ValidationException: "),
        "{}",
        syntax.stderr
    );
    let bad_parameters = partiql(&server, &["--parameters", "[1]", "-e", "SELECT 1"], "");
    assert_eq!(bad_parameters.code, 2);
}

#[test]
fn pages_are_followed_or_resumed_from_a_token() {
    let server = server();
    let inserts: String = (1..=5)
        .map(|i| format!("INSERT INTO Music VALUE {{'Artist': 'A', 'SongTitle': 's{i}'}};\n"))
        .collect();
    partiql(&server, &[], &inserts).ok();
    let all = partiql(&server, &["--limit", "2", "-e", "SELECT * FROM Music"], "").ok();
    assert_eq!(all.stderr, "5 items\n");

    let first = partiql(
        &server,
        &[
            "--limit",
            "2",
            "--no-paginate",
            "--output",
            "json",
            "SELECT * FROM Music",
        ],
        "",
    )
    .ok()
    .json();
    assert_eq!(first["Count"], 2);
    let token = first["NextToken"].as_str().unwrap();
    let rest = partiql(
        &server,
        &["--starting-token", token, "-e", "SELECT * FROM Music"],
        "",
    )
    .ok();
    assert_eq!(rest.stderr, "3 items\n");
    assert_eq!(rest.stdout.lines().nth(2).unwrap(), "A      | s3");
}

#[test]
fn an_unreachable_endpoint_is_one_line_and_status_1() {
    let run = Command::new(DDB)
        .args([
            "partiql",
            "--endpoint",
            "http://127.0.0.1:9",
            "-e",
            "SELECT * FROM Music",
        ])
        .env("DDB_PARTIQL_HISTORY", "")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "error: cannot reach http://127.0.0.1:9: connection refused; is `ddb serve` running?\n"
    );
}

/// A shell under a pseudo-terminal: what it printed (escape sequences removed) and its input.
struct Terminal {
    child: Child,
    input: ChildStdin,
    output: Arc<Mutex<Vec<u8>>>,
    /// How much of `output` earlier waits consumed.
    seen: usize,
}

impl Terminal {
    /// Runs `ddb ARGS` on a new pty (`script` relays our pipes to it), with `history` as the
    /// history file.
    fn start(args: &[&str], history: &std::path::Path) -> Option<Terminal> {
        // Single quotes make each argument one word for `script`'s shell; none here has one.
        let line: Vec<String> = std::iter::once(DDB)
            .chain(args.iter().copied())
            .map(|a| format!("'{a}'"))
            .collect();
        let mut child = Command::new("script")
            .args(["-qec", &line.join(" "), "/dev/null"])
            .env_remove("AWS_ENDPOINT_URL")
            .env_remove("AWS_ENDPOINT_URL_DYNAMODB")
            .env_remove("AWS_PROFILE")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("DDB_PARTIQL_HISTORY", history)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let output = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&output);
        let mut stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let input = child.stdin.take().unwrap();
        Some(Terminal {
            child,
            input,
            output,
            seen: 0,
        })
    }

    /// Waits until `text` appears after what earlier waits returned; returns the output up to
    /// and including it.
    fn wait_for(&mut self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let all = plain(&self.output.lock().unwrap());
            if let Some(at) = all[self.seen..].find(text) {
                let end = self.seen + at + text.len();
                let chunk = all[self.seen..end].to_string();
                self.seen = end;
                return chunk;
            }
            assert!(
                Instant::now() < deadline,
                "no {text:?} in the shell's output:\n{}",
                &all[self.seen..]
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Types a line at the prompt that was waited for.
    fn type_line(&mut self, line: &str) {
        self.input
            .write_all(format!("{line}\r").as_bytes())
            .unwrap();
        self.input.flush().unwrap();
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Terminal output as text: escape sequences and carriage returns removed.
fn plain(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => {
                if chars.next_if_eq(&'[').is_some() {
                    // A control sequence ends at its first byte in @..~.
                    while chars.next().is_some_and(|c| !('@'..='~').contains(&c)) {}
                } else {
                    chars.next();
                }
            }
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

#[test]
fn interactive_shell_under_a_pseudo_terminal() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let server = server();
    partiql(&server, &[], SEED).ok();
    let history = std::env::temp_dir().join(format!("ddb-partiql-history-{}", std::process::id()));
    let _ = std::fs::remove_file(&history);
    let args = ["partiql", "--endpoint-url", &server.url];
    let mut term = Terminal::start(&args, &history).expect("start script");
    term.wait_for("partiql> ");

    // A statement over three lines, with a `;` inside a string that does not end it.
    term.type_line("SELECT Artist, SongTitle");
    term.wait_for("..> ");
    term.type_line("FROM Music WHERE Artist = 'Acme Band'");
    term.wait_for("..> ");
    term.type_line("AND SongTitle = 'PartiQL; Rocks';");
    let answer = term.wait_for("partiql> ");
    assert!(
        answer.contains("Acme Band | PartiQL; Rocks\n1 item\n"),
        "{answer}"
    );

    // An error is shown and the shell goes on.
    term.type_line("SELEC 1;");
    let answer = term.wait_for("partiql> ");
    assert!(answer.contains("error: ValidationException: "), "{answer}");

    // One row a screen: the second row waits for Enter; `q` stops.
    term.type_line(".pager 1");
    term.wait_for("partiql> ");
    term.type_line("SELECT SongTitle FROM Music;");
    let first = term.wait_for("-- more -- (1 so far; Enter: more, q: stop) ");
    assert!(first.contains("Happy Day"), "{first}");
    assert!(!first.contains("PartiQL; Rocks\n"), "{first}");
    term.type_line("");
    let second = term.wait_for("partiql> ");
    assert!(second.contains("PartiQL; Rocks\n2 items\n"), "{second}");

    // JSON output with the capacity and a `?` parameter, set by shell commands.
    for line in [
        ".output json",
        ".capacity total",
        r#".parameters [{"S":"Happy Day"}]"#,
    ] {
        term.type_line(line);
        term.wait_for("partiql> ");
    }
    term.type_line("SELECT Year FROM Music WHERE Artist = 'Acme Band' AND SongTitle = ?;");
    let answer = term.wait_for("partiql> ");
    let doc = &answer[answer.find('{').unwrap()..answer.rfind('}').unwrap() + 1];
    let doc: Value = serde_json::from_str(doc).unwrap();
    assert_eq!(doc["Items"], json!([{"Year": {"N": "2020"}}]));
    assert_eq!(doc["ConsumedCapacity"], json!({"CapacityUnits": 0.5}));

    // The parameters went with that statement only.
    term.type_line(".show");
    let settings = term.wait_for("partiql> ");
    assert!(settings.contains("\nparameters  none\n"), "{settings}");

    term.type_line(".quit");
    let status = term.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let saved = std::fs::read_to_string(&history).unwrap();
    let _ = std::fs::remove_file(&history);
    assert!(
        saved.contains("SELECT Artist, SongTitle\\nFROM Music WHERE Artist = 'Acme Band'"),
        "{saved}"
    );
    assert!(saved.contains(".pager 1\n"), "{saved}");
}
