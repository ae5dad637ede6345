//! Black-box tests of the Cruddur toolkit subcommands: each test starts the real `ddb` binary as
//! `ddb serve --in-memory --port 0`, runs toolkit subcommands against it as a user would, and
//! checks both what they printed and what they wrote (through the AWS SDK).
//!
//! `DDB_TOOLKIT_TEST_ENDPOINT=http://host:port` runs the same tests against another
//! DynamoDB-compatible server instead (tables get unique names, so a shared one is fine).
//! `DDB_TEST_PG_URL` enables the PostgreSQL user-lookup test (tests/pg/start-postgres.sh
//! prints one).

#![allow(clippy::unwrap_used)] // a test stops at the first failure

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use aws_sdk_dynamodb::types::{AttributeValue, PutRequest, WriteRequest};
use aws_sdk_dynamodb::Client;
use ddb_cruddur::endpoint::{self, Source, Target};
use ddb_cruddur::users::builtin;
use ddb_cruddur::{Item, DEFAULT_MESSAGE_GROUP_UUID};
use serde_json::Value;

const DDB: &str = env!("CARGO_BIN_EXE_ddb");

/// The endpoint under test; owns the server process when it started one.
struct Endpoint {
    url: String,
    server: Option<Child>,
}

impl Drop for Endpoint {
    fn drop(&mut self) {
        if let Some(child) = &mut self.server {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn endpoint() -> Endpoint {
    if let Ok(url) = std::env::var("DDB_TOOLKIT_TEST_ENDPOINT") {
        return Endpoint { url, server: None };
    }
    let mut child = Command::new(DDB)
        .args(["serve", "--in-memory", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start ddb serve");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let line = match lines.next() {
            Some(Ok(line)) => line,
            _ => {
                let _ = child.kill();
                panic!("ddb serve exited before printing its URL");
            }
        };
        if let Some(at) = line.find("http://") {
            let rest = &line[at..];
            break rest.split_whitespace().next().unwrap_or(rest).to_string();
        }
    };
    // Keep reading so the server never blocks on a full stdout pipe.
    std::thread::spawn(move || lines.for_each(drop));
    Endpoint {
        url,
        server: Some(child),
    }
}

/// A table name no other test (or earlier run on a shared endpoint) uses.
fn unique_table(prefix: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!(
        "{prefix}-{}-{}-{nanos}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Runs `ddb ARGS` with a clean environment for endpoint/user settings, so a developer's own
/// AWS_ENDPOINT_URL or CONNECTION_URL cannot change what the test checks.
fn ddb_with_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(DDB);
    cmd.args(args);
    for k in [
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_DYNAMODB",
        "CONNECTION_URL",
        "AWS_PROFILE",
    ] {
        cmd.env_remove(k);
    }
    cmd.env("AWS_EC2_METADATA_DISABLED", "true");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run ddb");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn ddb(args: &[&str]) -> Run {
    ddb_with_env(args, &[])
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn client(url: &str) -> Client {
    rt().block_on(endpoint::client(&Target::Local {
        url: url.to_string(),
        source: Source::Flag,
    }))
    .unwrap()
}

/// Every item of a table, read with the SDK directly (not with the code under test).
fn all_items(url: &str, table: &str) -> Vec<Item> {
    let client = client(url);
    rt().block_on(async {
        let mut items = Vec::new();
        let mut start = None;
        loop {
            let out = client
                .scan()
                .table_name(table)
                .set_exclusive_start_key(start)
                .send()
                .await
                .unwrap();
            items.extend(out.items.unwrap_or_default());
            match out.last_evaluated_key {
                Some(k) if !k.is_empty() => start = Some(k),
                _ => return items,
            }
        }
    })
}

fn s<'a>(item: &'a Item, name: &str) -> &'a str {
    item.get(name)
        .and_then(|v| v.as_s().ok())
        .unwrap_or_else(|| panic!("{name} is not a string attribute of {item:?}"))
}

fn create(url: &str, table: &str) {
    ddb(&["schema-load", "--endpoint-url", url, "--table", table]).ok();
}

fn seed(url: &str, table: &str, extra: &[&str]) -> Run {
    let mut args = vec!["seed", "--endpoint-url", url, "--table", table];
    args.extend_from_slice(extra);
    ddb(&args)
}

#[test]
fn schema_load_list_tables_and_drop() {
    let ep = endpoint();
    let url = ep.url.as_str();
    let table = unique_table("schema");

    let run = ddb(&["schema-load", "--endpoint-url", url, "--table", &table]).ok();
    assert!(
        run.stdout.contains(&format!("created table {table}")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("ACTIVE"), "{}", run.stdout);

    // The table is exactly the seed's.
    let described = rt()
        .block_on(client(url).describe_table().table_name(&table).send())
        .unwrap()
        .table
        .unwrap();
    let keys: Vec<(String, String)> = described
        .key_schema()
        .iter()
        .map(|k| {
            (
                k.attribute_name().to_string(),
                k.key_type().as_str().to_string(),
            )
        })
        .collect();
    assert_eq!(
        keys,
        vec![("pk".into(), "HASH".into()), ("sk".into(), "RANGE".into())]
    );
    for def in described.attribute_definitions() {
        assert_eq!(def.attribute_type().as_str(), "S");
    }
    let throughput = described.provisioned_throughput().unwrap();
    assert_eq!(throughput.read_capacity_units(), Some(5));
    assert_eq!(throughput.write_capacity_units(), Some(5));

    // A second schema-load says so and fails.
    let again = ddb(&["schema-load", "--endpoint-url", url, "--table", &table]);
    assert_ne!(again.code, 0);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);

    // list-tables: the AWS CLI-style table, and JSON.
    let listed = ddb(&["list-tables", "--endpoint-url", url]).ok();
    let title = listed.stdout.lines().nth(1).unwrap_or("");
    assert_eq!(
        title.trim_matches('|').trim(),
        "ListTables",
        "{}",
        listed.stdout
    );
    assert!(
        listed.stdout.contains(&format!("|  {table}")),
        "{}",
        listed.stdout
    );
    let names = ddb(&["list-tables", "--endpoint-url", url, "--output", "json"])
        .ok()
        .json();
    assert!(names["TableNames"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n == table.as_str()));

    // drop: usage without a name, a clear error for a missing table, and the real thing.
    let usage = ddb(&["drop"]);
    assert_eq!(usage.code, 1);
    assert!(
        usage
            .stderr
            .contains("ddb drop TABLE [prod], or ddb drop --table TABLE"),
        "{}",
        usage.stderr
    );
    let missing = ddb(&["drop", "no-such-table-here", "--endpoint-url", url]);
    assert_eq!(missing.code, 1);
    assert!(
        missing.stderr.contains("does not exist"),
        "{}",
        missing.stderr
    );
    let dropped = ddb(&["drop", &table, "--endpoint-url", url]).ok();
    assert!(dropped.stdout.contains(&format!("deleting table: {table}")));
    // Deletion may be asynchronous; wait for the name to disappear.
    let gone = (0..100).any(|_| {
        let names = ddb(&["list-tables", "--endpoint-url", url, "--output", "json"])
            .ok()
            .json();
        let present = names["TableNames"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n == table.as_str());
        if present {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        !present
    });
    assert!(gone, "{table} still listed after drop");
}

#[test]
fn seed_writes_the_seeds_item_shapes() {
    let ep = endpoint();
    let url = ep.url.as_str();
    let table = unique_table("seed");
    create(url, &table);

    let report = seed(url, &table, &["--output", "json"]).ok().json();
    let conversation = ddb_cruddur::conversation::parse(ddb_cruddur::conversation::SAMPLE).unwrap();
    let n = conversation.len();
    assert_eq!(report["ItemsWritten"], n + 2);
    assert_eq!(report["Messages"], n);
    assert_eq!(report["Requests"], (n + 2).div_ceil(25));

    let users = builtin();
    let me = users.iter().find(|u| u.handle == "jess-bk").unwrap();
    let other = users.iter().find(|u| u.handle == "bayko").unwrap();

    let items = all_items(url, &table);
    assert_eq!(items.len(), n + 2);
    let groups: Vec<&Item> = items
        .iter()
        .filter(|i| s(i, "pk").starts_with("GRP#"))
        .collect();
    let mut messages: Vec<&Item> = items
        .iter()
        .filter(|i| s(i, "pk").starts_with("MSG#"))
        .collect();
    assert_eq!(groups.len(), 2);
    assert_eq!(messages.len(), n);

    // Each participant's group lives in their partition and describes the other one.
    for (owner, peer) in [(me, other), (other, me)] {
        let g = groups
            .iter()
            .find(|g| s(g, "pk") == format!("GRP#{}", owner.uuid))
            .unwrap_or_else(|| panic!("no group for {}", owner.handle));
        let mut names: Vec<&str> = g.keys().map(String::as_str).collect();
        names.sort();
        assert_eq!(
            names,
            [
                "message",
                "message_group_uuid",
                "pk",
                "sk",
                "user_display_name",
                "user_handle",
                "user_uuid"
            ]
        );
        assert_eq!(s(g, "message_group_uuid"), DEFAULT_MESSAGE_GROUP_UUID);
        assert_eq!(s(g, "user_uuid"), peer.uuid);
        assert_eq!(s(g, "user_handle"), peer.handle);
        assert_eq!(s(g, "user_display_name"), peer.display_name);
        assert!(chrono_like(s(g, "sk")), "{}", s(g, "sk"));
    }

    // Messages: the sender's identity, in conversation order, one minute apart.
    messages.sort_by(|a, b| s(a, "sk").cmp(s(b, "sk")));
    let mut uuids = std::collections::HashSet::new();
    for (i, (m, line)) in messages.iter().zip(&conversation).enumerate() {
        let mut names: Vec<&str> = m.keys().map(String::as_str).collect();
        names.sort();
        assert_eq!(
            names,
            [
                "message",
                "message_uuid",
                "pk",
                "sk",
                "user_display_name",
                "user_handle",
                "user_uuid"
            ]
        );
        assert_eq!(s(m, "pk"), format!("MSG#{DEFAULT_MESSAGE_GROUP_UUID}"));
        assert_eq!(s(m, "message"), line.text, "message {i}");
        let sender = match line.speaker {
            ddb_cruddur::conversation::Speaker::Me => me,
            ddb_cruddur::conversation::Speaker::Other => other,
        };
        assert_eq!(s(m, "user_handle"), sender.handle);
        assert_eq!(s(m, "user_uuid"), sender.uuid);
        assert_eq!(s(m, "user_display_name"), sender.display_name);
        assert!(uuids.insert(s(m, "message_uuid").to_string()));
        assert!(chrono_like(s(m, "sk")), "{}", s(m, "sk"));
    }
    let first = minutes(s(messages[0], "sk"));
    let second = minutes(s(messages[1], "sk"));
    assert_eq!(second - first, 1);
    // The groups carry the last message.
    assert_eq!(s(groups[0], "sk"), s(messages[n - 1], "sk"));

    // The human report names the users and the counts.
    let table2 = unique_table("seed-text");
    create(url, &table2);
    let text = seed(url, &table2, &[]).ok();
    assert!(
        text.stdout.contains("built-in user directory"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains(&format!("wrote {} items", n + 2)),
        "{}",
        text.stdout
    );
}

/// `YYYY-MM-DDThh:mm:ss.ffffff±hh:mm`, the seed's `isoformat()`.
fn chrono_like(sk: &str) -> bool {
    let b = sk.as_bytes();
    sk.len() == 32
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'.'
        && (b[26] == b'+' || b[26] == b'-')
        && b[29] == b':'
}

/// Minutes since midnight plus days, enough to compare neighbouring timestamps.
fn minutes(sk: &str) -> i64 {
    let day: i64 = sk[8..10].parse().unwrap();
    let h: i64 = sk[11..13].parse().unwrap();
    let m: i64 = sk[14..16].parse().unwrap();
    day * 24 * 60 + h * 60 + m
}

#[test]
fn seed_checks_its_input_before_writing_anything() {
    let ep = endpoint();
    let url = ep.url.as_str();
    let table = unique_table("seed-bad");
    create(url, &table);

    let dir = std::env::temp_dir().join(unique_table("conv"));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, "Person 1: hello\nPerson 2: hi\nPerson 3: who am I\n").unwrap();
    let run = seed(url, &table, &["--conversation", bad.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("line 3"), "{}", run.stderr);
    assert!(all_items(url, &table).is_empty());

    let run = seed(url, &table, &["--other", "nobody-by-that-name"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("nobody-by-that-name"), "{}", run.stderr);
    assert!(all_items(url, &table).is_empty());

    let run = seed(url, &table, &["--me", "bayko", "--other", "bayko"]);
    assert_eq!(run.code, 1);
    assert!(all_items(url, &table).is_empty());

    // A good file with other users, long enough for two BatchWriteItem requests.
    let good = dir.join("good.txt");
    let text: String = (0..30)
        .map(|i| format!("Person {}: line number {i}\n", 1 + i % 2))
        .collect();
    std::fs::write(&good, text).unwrap();
    let report = seed(
        url,
        &table,
        &[
            "--conversation",
            good.to_str().unwrap(),
            "--me",
            "mira",
            "--other",
            "tomas",
            "--message-group",
            "11111111-2222-4333-8444-555555555555",
            "--output",
            "json",
        ],
    )
    .ok()
    .json();
    assert_eq!(report["ItemsWritten"], 32);
    assert_eq!(report["Requests"], 2);
    let items = all_items(url, &table);
    assert_eq!(items.len(), 32);
    assert!(items
        .iter()
        .any(|i| s(i, "pk") == "MSG#11111111-2222-4333-8444-555555555555"
            && s(i, "message") == "line number 29"
            && s(i, "user_handle") == "tomas"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn scan_prints_every_item_across_pages() {
    let ep = endpoint();
    let url = ep.url.as_str();
    let table = unique_table("scan");
    create(url, &table);

    // 30 items of ~100 KB: over 1 MB, so a Scan needs several pages.
    let client = client(url);
    let filler = "x".repeat(100 * 1024);
    rt().block_on(async {
        for chunk in (0..30).collect::<Vec<_>>().chunks(3) {
            let requests = chunk
                .iter()
                .map(|i| {
                    let item = HashMap::from([
                        ("pk".to_string(), AttributeValue::S(format!("BIG#{i}"))),
                        ("sk".to_string(), AttributeValue::S("0".into())),
                        ("blob".to_string(), AttributeValue::S(filler.clone())),
                    ]);
                    WriteRequest::builder()
                        .put_request(PutRequest::builder().set_item(Some(item)).build().unwrap())
                        .build()
                })
                .collect();
            client
                .batch_write_item()
                .request_items(&table, requests)
                .send()
                .await
                .unwrap();
        }
    });

    let json = ddb(&["scan", &table, "--endpoint-url", url, "--output", "json"])
        .ok()
        .json();
    assert_eq!(json["Count"], 30);
    assert!(json["Pages"].as_u64().unwrap() >= 3, "{}", json["Pages"]);
    assert_eq!(json["Items"].as_array().unwrap().len(), 30);
    assert_eq!(json["Items"][0]["sk"]["S"], "0");

    let text = ddb(&["scan", &table, "--endpoint-url", url]).ok();
    let lines: Vec<&str> = text.stdout.lines().collect();
    assert_eq!(lines.len(), 30);
    let first: Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(first["sk"], "0");
    assert!(text.stderr.contains("30 items"), "{}", text.stderr);
}

#[test]
fn get_conversation_prints_the_newest_twenty_oldest_first() {
    let ep = endpoint();
    let url = ep.url.as_str();
    let table = unique_table("getconv");
    create(url, &table);
    seed(url, &table, &[]).ok();

    let mut messages: Vec<Item> = all_items(url, &table)
        .into_iter()
        .filter(|i| s(i, "pk").starts_with("MSG#"))
        .collect();
    messages.sort_by(|a, b| s(a, "sk").cmp(s(b, "sk")));
    let newest20 = &messages[messages.len() - 20..];
    // The year of the seeded messages (normally the current one; explicit so the test holds on
    // New Year's Eve too).
    let year = &s(&newest20[0], "sk")[..4];

    let json = ddb(&[
        "patterns",
        "get-conversation",
        "--endpoint-url",
        url,
        "--table",
        &table,
        "--year",
        year,
        "--output",
        "json",
    ])
    .ok()
    .json();
    assert_eq!(json["Count"], 20);
    let items = json["Items"].as_array().unwrap();
    // Newest first in the response.
    assert_eq!(items[0]["sk"]["S"], s(&newest20[19], "sk"));
    assert_eq!(items[19]["sk"]["S"], s(&newest20[0], "sk"));
    assert_eq!(json["ConsumedCapacity"]["TableName"], table.as_str());
    assert!(json["ConsumedCapacity"]["CapacityUnits"].as_f64().unwrap() > 0.0);

    let text = ddb(&[
        "patterns",
        "get-conversation",
        "--endpoint-url",
        url,
        "--table",
        &table,
        "--year",
        year,
    ])
    .ok();
    let lines: Vec<&str> = text.stdout.lines().collect();
    let view = &lines[lines.len() - 20..];
    for (line, item) in view.iter().zip(newest20) {
        let expected = format!(
            "{:<12}{:<22}{}...",
            s(item, "user_handle"),
            ddb_cruddur::time::display(s(item, "sk")),
            s(item, "message").chars().take(40).collect::<String>()
        );
        assert_eq!(*line, expected);
        // Fixed columns: handle 12 wide, "YYYY-MM-DD hh:mm AM" 22 wide.
        let time_col = &line[12..34];
        assert_eq!(time_col.len(), 22);
        assert!(time_col.ends_with("M   "), "{line:?}");
        assert_eq!(&time_col[4..5], "-");
        assert_eq!(&time_col[10..11], " ");
        assert!(line.ends_with("..."));
    }
    // Before the conversation: the JSON response and then the consumed capacity.
    assert!(text.stdout.starts_with('{'));
    assert!(text.stdout.contains("\"ConsumedCapacity\""));
    assert!(text.stdout.contains("\"CapacityUnits\""));

    // Another year has no messages.
    let empty = ddb(&[
        "patterns",
        "get-conversation",
        "--endpoint-url",
        url,
        "--table",
        &table,
        "--year",
        "1999",
        "--output",
        "json",
    ])
    .ok()
    .json();
    assert_eq!(empty["Count"], 0);
}

#[test]
fn list_conversations_shows_each_users_groups() {
    let ep = endpoint();
    let url = ep.url.as_str();
    let table = unique_table("listconv");
    create(url, &table);
    seed(url, &table, &[]).ok();
    let groups: Vec<Item> = all_items(url, &table)
        .into_iter()
        .filter(|i| s(i, "pk").starts_with("GRP#"))
        .collect();
    let year = s(&groups[0], "sk")[..4].to_string();

    let users = builtin();
    let me = users.iter().find(|u| u.handle == "jess-bk").unwrap();
    let text = ddb(&[
        "patterns",
        "list-conversations",
        "--endpoint-url",
        url,
        "--table",
        &table,
        "--year",
        &year,
    ])
    .ok();
    assert!(
        text.stdout.starts_with(&format!("my-uuid: {}\n", me.uuid)),
        "{}",
        text.stdout
    );
    let last = text.stdout.lines().last().unwrap();
    assert!(last.starts_with("bayko"), "{last}");
    assert!(last.contains(DEFAULT_MESSAGE_GROUP_UUID), "{last}");

    let json = ddb(&[
        "patterns",
        "list-conversations",
        "--endpoint-url",
        url,
        "--table",
        &table,
        "--handle",
        "bayko",
        "--year",
        &year,
        "--output",
        "json",
    ])
    .ok()
    .json();
    assert_eq!(json["Count"], 1);
    assert_eq!(json["Items"][0]["user_handle"]["S"], "jess-bk");
    assert_eq!(json["ConsumedCapacity"]["TableName"], table.as_str());

    let unknown = ddb(&[
        "patterns",
        "list-conversations",
        "--endpoint-url",
        url,
        "--table",
        &table,
        "--handle",
        "nobody-by-that-name",
    ]);
    assert_eq!(unknown.code, 1);
    assert!(unknown.stderr.contains("nobody-by-that-name"));
}

#[test]
fn endpoint_comes_from_the_environment_and_prod_refuses_an_override() {
    let ep = endpoint();
    // AWS_ENDPOINT_URL_DYNAMODB, then AWS_ENDPOINT_URL, are honoured without --endpoint-url.
    let run = ddb_with_env(
        &["list-tables", "--output", "json"],
        &[("AWS_ENDPOINT_URL_DYNAMODB", &ep.url)],
    )
    .ok();
    assert!(run.json()["TableNames"].is_array());
    ddb_with_env(
        &["list-tables", "--output", "json"],
        &[("AWS_ENDPOINT_URL", &ep.url)],
    )
    .ok();

    // prod with an explicit endpoint is contradictory; refused before any request is made.
    for args in [
        &[
            "list-tables",
            "prod",
            "--endpoint-url",
            "http://127.0.0.1:9",
        ][..],
        &[
            "list-tables",
            "--prod",
            "--endpoint-url",
            "http://127.0.0.1:9",
        ][..],
    ] {
        let run = ddb(args);
        assert_eq!(run.code, 1);
        assert!(run.stderr.contains("prod"), "{}", run.stderr);
    }
    // Only the word `prod` is accepted positionally.
    assert_ne!(ddb(&["list-tables", "production"]).code, 0);
}

#[test]
fn users_come_from_postgresql_when_configured() {
    let Ok(pg_url) = std::env::var("DDB_TEST_PG_URL") else {
        // Rust's test harness has no runtime skip, and it swallows `eprintln!` of a passing
        // test: written to the stderr handle itself, the reason shows in `cargo test`'s output
        // next to the `ok`.
        let _ = writeln!(
            std::io::stderr(),
            "users_come_from_postgresql_when_configured: skipped: DDB_TEST_PG_URL not set \
             (tests/pg/start-postgres.sh prints one)"
        );
        return;
    };
    // The Cruddur schema's users table, with handles unique to this run.
    let suffix = unique_table("pg").replace('-', "_");
    let (me_handle, other_handle) = (format!("me_{suffix}"), format!("other_{suffix}"));
    let (me_uuid, other_uuid): (String, String) = rt().block_on(async {
        let (client, conn) = tokio_postgres::connect(&pg_url, tokio_postgres::NoTls)
            .await
            .expect("connect to DDB_TEST_PG_URL");
        tokio::spawn(conn);
        client
            .batch_execute(
                "CREATE TABLE IF NOT EXISTS users (
                   uuid UUID DEFAULT gen_random_uuid() PRIMARY KEY,
                   display_name text NOT NULL,
                   handle text NOT NULL,
                   email text,
                   cognito_user_id text,
                   created_at TIMESTAMP default current_timestamp NOT NULL)",
            )
            .await
            .unwrap();
        let mut uuids = Vec::new();
        for (name, handle) in [("PG Me", &me_handle), ("PG Other", &other_handle)] {
            let row = client
                .query_one(
                    "INSERT INTO users (display_name, handle) VALUES ($1, $2) RETURNING uuid::text",
                    &[&name, handle],
                )
                .await
                .unwrap();
            uuids.push(row.get::<_, String>(0));
        }
        (uuids[0].clone(), uuids[1].clone())
    });

    let ep = endpoint();
    let url = ep.url.as_str();
    let table = unique_table("pgseed");
    create(url, &table);

    // --users-db
    let report = seed(
        url,
        &table,
        &[
            "--users-db",
            &pg_url,
            "--me",
            &me_handle,
            "--other",
            &other_handle,
            "--output",
            "json",
        ],
    )
    .ok()
    .json();
    assert_eq!(report["Users"]["me"]["uuid"], me_uuid.as_str());
    assert_eq!(report["Users"]["other"]["display_name"], "PG Other");
    let items = all_items(url, &table);
    let mine = items
        .iter()
        .find(|i| s(i, "pk") == format!("GRP#{me_uuid}"))
        .expect("a group in my partition");
    assert_eq!(s(mine, "user_uuid"), other_uuid);
    assert_eq!(s(mine, "user_handle"), other_handle);

    // CONNECTION_URL, as the Cruddur backend names it.
    let year = s(mine, "sk")[..4].to_string();
    let listed = ddb_with_env(
        &[
            "patterns",
            "list-conversations",
            "--endpoint-url",
            url,
            "--table",
            &table,
            "--handle",
            &other_handle,
            "--year",
            &year,
        ],
        &[("CONNECTION_URL", &pg_url)],
    )
    .ok();
    assert!(
        listed
            .stdout
            .starts_with(&format!("my-uuid: {other_uuid}\n")),
        "{}",
        listed.stdout
    );

    // A handle PostgreSQL does not know: a clear error, nothing written.
    let table2 = unique_table("pgseed-bad");
    create(url, &table2);
    let run = seed(
        url,
        &table2,
        &[
            "--users-db",
            &pg_url,
            "--me",
            &me_handle,
            "--other",
            "jess-bk-not-in-pg",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("jess-bk-not-in-pg") && run.stderr.contains("PostgreSQL"),
        "{}",
        run.stderr
    );
    assert!(all_items(url, &table2).is_empty());
}
