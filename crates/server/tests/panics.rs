//! A panic inside an operation is answered with DynamoDB's InternalServerError and the server
//! keeps serving, on the same connection and on new ones.

#![allow(clippy::unwrap_used)] // a test stops at the first failure

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;

use ddb_engine::{Engine, EngineConfig};
use ddb_model::{DynamoError, ErrorKind};
use ddb_server::{App, Server};
use ddb_wire::Operation;

fn explosive(_: &Engine, operation: Operation, _: &[u8]) -> Result<Vec<u8>, DynamoError> {
    match operation {
        Operation::GetItem => panic!("boom"),
        Operation::ListTables => Ok(b"{\"TableNames\":[]}".to_vec()),
        _ => Err(DynamoError::new(ErrorKind::UnknownOperation, "")),
    }
}

/// Sends one signed API call on `stream` and reads the answer: (status, body).
fn call(stream: &mut TcpStream, operation: &str) -> (u16, String) {
    let body = "{}";
    let request = format!(
        "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.0\r\n\
         X-Amz-Target: DynamoDB_20120810.{operation}\r\nX-Amz-Date: 20240101T000000Z\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential=a/20240101/us-east-1/dynamodb/aws4_request, \
         SignedHeaders=host;x-amz-date, Signature=0\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let status = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    let mut length = 0;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).unwrap();
        if header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap();
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    (status, String::from_utf8(body).unwrap())
}

#[test]
fn panics_become_internal_server_errors() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let engine = Arc::new(Engine::open(EngineConfig::in_memory()).unwrap());
    let (addr, stop) = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = Server::with_app(listener, App::with_dispatch(engine, explosive));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(server.run(async {
            let _ = stopped.await;
        }));
        (addr, stop)
    });

    let mut stream = TcpStream::connect(addr).unwrap();
    let (status, body) = call(&mut stream, "GetItem");
    assert_eq!(status, 500);
    assert_eq!(
        body,
        r#"{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"Internal server error"}"#
    );
    // The same connection still works, and so do new ones.
    assert_eq!(
        call(&mut stream, "ListTables"),
        (200, r#"{"TableNames":[]}"#.to_string())
    );
    let mut fresh = TcpStream::connect(addr).unwrap();
    assert_eq!(call(&mut fresh, "ListTables").0, 200);
    assert_eq!(call(&mut fresh, "GetItem").0, 500);
    // An operation DynamoDB has but the engine does not (yet) is an unknown operation.
    let (status, body) = call(&mut fresh, "TagResource");
    assert_eq!(status, 400);
    assert_eq!(
        body,
        r#"{"__type":"com.amazon.coral.service#UnknownOperationException"}"#
    );

    let _ = stop.send(());
    drop(runtime);
}
