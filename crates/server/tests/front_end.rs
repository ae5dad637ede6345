//! The HTTP front end over a real socket: request codings (nothing runs when the body cannot be
//! read), response compression with x-amz-crc32 over the bytes sent, the 413 a client can read,
//! the header-size limit and the health check. Facts: docs/research/scan-order-and-http.md §B.

#![allow(clippy::unwrap_used)] // a test stops at the first failure

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use ddb_engine::{Engine, EngineConfig};
use ddb_model::DynamoError;
use ddb_server::{App, Server};
use ddb_wire::Operation;
use flate2::write::GzEncoder;
use flate2::Compression;

/// How many operations ran.
static RAN: AtomicUsize = AtomicUsize::new(0);

/// Counts every operation and answers with a body of `{"Pad":"x…"}` sized by the `n` in the
/// request, so tests can ask for small or large answers.
fn counting(_: &Engine, _: Operation, body: &[u8]) -> Result<Vec<u8>, DynamoError> {
    RAN.fetch_add(1, Ordering::SeqCst);
    let n: usize = std::str::from_utf8(body)
        .unwrap()
        .trim_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .unwrap_or(0);
    Ok(format!("{{\"Pad\":\"{}\"}}", "x".repeat(n)).into_bytes())
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn request(addr: SocketAddr, method: &str, extra: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut head = format!(
        "{method} / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.0\r\n\
         X-Amz-Target: DynamoDB_20120810.ListTables\r\nX-Amz-Date: 20240101T000000Z\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential=a/20240101/us-east-1/dynamodb/aws4_request, \
         SignedHeaders=host;x-amz-date, Signature=0\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let status = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).unwrap();
        if header.trim().is_empty() {
            break;
        }
        let (name, value) = header.split_once(':').unwrap();
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    let mut answer = Answer {
        status,
        headers,
        body: Vec::new(),
    };
    let length: usize = answer
        .header("content-length")
        .map_or(0, |v| v.parse().unwrap());
    answer.body = vec![0; length];
    reader.read_exact(&mut answer.body).unwrap();
    answer
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn front_end_follows_dynamodb() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let engine = Arc::new(Engine::open(EngineConfig::in_memory()).unwrap());
    let (addr, stop) = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = Server::with_app(listener, App::with_dispatch(engine, counting));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(server.run(async {
            let _ = stopped.await;
        }));
        (addr, stop)
    });

    // A coding DynamoDB does not decode: 500, and the operation never runs.
    let before = RAN.load(Ordering::SeqCst);
    for coding in ["garbage", "deflate", "x-gzip"] {
        let answer = request(addr, "POST", &[("Content-Encoding", coding)], b"{}");
        assert_eq!(answer.status, 500, "{coding}");
        assert!(String::from_utf8_lossy(&answer.body).contains("InternalServerError"));
    }
    // Nor a gzip body that is not gzip, is truncated, or is empty.
    let mut truncated = gzip(b"{}");
    truncated.pop();
    for body in [&b"{}"[..], &truncated, b""] {
        let answer = request(addr, "POST", &[("Content-Encoding", "gzip")], body);
        assert_eq!(answer.status, 500);
    }
    assert_eq!(RAN.load(Ordering::SeqCst), before);

    // gzip is decoded, two members included.
    let mut two = gzip(b"{\"n\":");
    two.extend(gzip(b"3}"));
    let answer = request(addr, "POST", &[("Content-Encoding", "gzip")], &two);
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body, b"{\"Pad\":\"xxx\"}");

    // Large answers are compressed when asked, with the CRC of the compressed bytes.
    let answer = request(
        addr,
        "POST",
        &[("Accept-Encoding", "gzip")],
        b"{\"n\":5000}",
    );
    assert_eq!(answer.header("content-encoding"), Some("gzip"));
    assert_eq!(&answer.body[..2], &[0x1f, 0x8b]);
    assert_eq!(
        answer.header("x-amz-crc32").unwrap(),
        crc32fast::hash(&answer.body).to_string()
    );
    let mut plain = Vec::new();
    flate2::read::GzDecoder::new(&answer.body[..])
        .read_to_end(&mut plain)
        .unwrap();
    assert_eq!(plain.len(), 5000 + 10);
    // Small ones never are.
    let answer = request(addr, "POST", &[("Accept-Encoding", "gzip")], b"{\"n\":100}");
    assert_eq!(answer.header("content-encoding"), None);

    // Over 16 MiB: 413, read by the client, and the operation does not run.
    let before = RAN.load(Ordering::SeqCst);
    let answer = request(addr, "POST", &[], &vec![b' '; 16 * 1024 * 1024 + 1]);
    assert_eq!(answer.status, 413);
    assert!(answer.body.is_empty());
    assert_eq!(RAN.load(Ordering::SeqCst), before);

    // Headers past our limit: 431, also read by the client.
    let big = "a".repeat(ddb_server::http::MAX_HEADER_BYTES);
    let answer = request(addr, "POST", &[("X-Big", &big)], b"{}");
    assert_eq!(answer.status, 431);

    // The health check, byte for byte; other paths are not it.
    let answer = request(addr, "GET", &[], b"");
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body, b"healthy: dynamodb.us-east-1.amazonaws.com ");
    assert_eq!(answer.header("x-amz-crc32"), Some("3128867991"));

    let _ = stop.send(());
    drop(runtime);
}
