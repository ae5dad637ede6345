//! HTTP/1.1 keep-alive connections to a DynamoDB endpoint, and the few control-plane calls the
//! generator needs (create / describe / delete table, batch loads).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{HeaderValue, AUTHORIZATION, CONNECTION, CONTENT_TYPE, HOST};
use hyper::{Request, StatusCode, Version};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpStream;

use crate::sigv4::{Signer, CONTENT_TYPE as AMZ_JSON};

/// The DynamoDB operations the generator sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    ListTables,
    CreateTable,
    DescribeTable,
    DeleteTable,
    PutItem,
    GetItem,
    UpdateItem,
    Query,
    Scan,
    BatchWriteItem,
    ExecuteStatement,
    DescribeStream,
    GetShardIterator,
    GetRecords,
}

impl Op {
    pub fn target(self) -> &'static str {
        match self {
            Op::ListTables => "DynamoDB_20120810.ListTables",
            Op::CreateTable => "DynamoDB_20120810.CreateTable",
            Op::DescribeTable => "DynamoDB_20120810.DescribeTable",
            Op::DeleteTable => "DynamoDB_20120810.DeleteTable",
            Op::PutItem => "DynamoDB_20120810.PutItem",
            Op::GetItem => "DynamoDB_20120810.GetItem",
            Op::UpdateItem => "DynamoDB_20120810.UpdateItem",
            Op::Query => "DynamoDB_20120810.Query",
            Op::Scan => "DynamoDB_20120810.Scan",
            Op::BatchWriteItem => "DynamoDB_20120810.BatchWriteItem",
            Op::ExecuteStatement => "DynamoDB_20120810.ExecuteStatement",
            Op::DescribeStream => "DynamoDBStreams_20120810.DescribeStream",
            Op::GetShardIterator => "DynamoDBStreams_20120810.GetShardIterator",
            Op::GetRecords => "DynamoDBStreams_20120810.GetRecords",
        }
    }
}

/// Where to send requests.
#[derive(Clone)]
pub struct Endpoint {
    pub addr: SocketAddr,
    pub host: String,
    pub host_header: HeaderValue,
}

impl Endpoint {
    /// Parses `http://HOST:PORT[/]` and resolves it once.
    pub fn parse(url: &str) -> Result<Endpoint, String> {
        let rest = url
            .strip_prefix("http://")
            .ok_or_else(|| format!("endpoint must start with http:// (got {url})"))?;
        let host = rest.trim_end_matches('/').to_string();
        if host.is_empty() || host.contains('/') {
            return Err(format!("endpoint must be http://HOST:PORT (got {url})"));
        }
        let with_port = if host.contains(':') {
            host.clone()
        } else {
            format!("{host}:80")
        };
        let addr = std::net::ToSocketAddrs::to_socket_addrs(&with_port)
            .map_err(|e| format!("cannot resolve {with_port}: {e}"))?
            .next()
            .ok_or_else(|| format!("{with_port} resolves to nothing"))?;
        let host_header = HeaderValue::from_str(&host).map_err(|e| e.to_string())?;
        Ok(Endpoint {
            addr,
            host,
            host_header,
        })
    }
}

/// One keep-alive HTTP/1.1 connection.
pub struct Conn {
    sender: SendRequest<Full<Bytes>>,
    addr: SocketAddr,
    host: HeaderValue,
    date: HeaderValue,
    /// The server said it closes the connection after the last answer (HTTP/1.0 or
    /// `Connection: close`, as werkzeug-based moto does): open a new one before the next request.
    reconnect: bool,
    /// How many times that happened.
    pub reconnects: u64,
}

/// A response that was received (any status).
pub struct Reply {
    pub status: StatusCode,
    pub body: Bytes,
}

impl Conn {
    pub async fn connect(ep: &Endpoint, signer: &Signer) -> Result<Conn, String> {
        Ok(Conn {
            sender: open(ep.addr).await?,
            addr: ep.addr,
            host: ep.host_header.clone(),
            date: signer.amz_date_header().clone(),
            reconnect: false,
            reconnects: 0,
        })
    }

    /// Sends one request with a precomputed `Authorization` header.
    pub async fn send(&mut self, op: Op, body: Bytes, auth: HeaderValue) -> Result<Reply, String> {
        let req = Request::post("/")
            .header(HOST, self.host.clone())
            .header(CONTENT_TYPE, HeaderValue::from_static(AMZ_JSON))
            .header("x-amz-target", HeaderValue::from_static(op.target()))
            .header("x-amz-date", self.date.clone())
            .header(AUTHORIZATION, auth)
            .body(Full::new(body))
            .map_err(|e| e.to_string())?;
        if self.reconnect {
            self.sender = open(self.addr).await?;
            self.reconnect = false;
            self.reconnects += 1;
        }
        self.sender
            .ready()
            .await
            .map_err(|e| format!("connection lost: {e}"))?;
        let resp = self
            .sender
            .send_request(req)
            .await
            .map_err(|e| format!("{}: {e}", op.target()))?;
        let status = resp.status();
        self.reconnect = resp.version() == Version::HTTP_10
            || resp
                .headers()
                .get(CONNECTION)
                .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"close"));
        let body = resp
            .into_body()
            .collect()
            .await
            .map_err(|e| format!("reading response body: {e}"))?
            .to_bytes();
        Ok(Reply { status, body })
    }
}

async fn open(addr: SocketAddr) -> Result<SendRequest<Full<Bytes>>, String> {
    let stream = TcpStream::connect(addr)
        .await
        .map_err(|e| format!("connect {addr}: {e}"))?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    let (sender, conn) = http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("handshake: {e}"))?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(sender)
}

/// A connection that signs as it goes, for set-up and tear-down calls.
pub struct Admin {
    pub conn: Conn,
    pub signer: Signer,
}

impl Admin {
    pub async fn connect(ep: &Endpoint) -> Result<Admin, String> {
        let signer = Signer::new(&ep.host);
        let conn = Conn::connect(ep, &signer).await?;
        Ok(Admin { conn, signer })
    }

    /// Sends `body` and returns the status and parsed JSON (or Null for an empty body).
    pub async fn call(&mut self, op: Op, body: &Value) -> Result<(StatusCode, Value), String> {
        let bytes = Bytes::from(serde_json::to_vec(body).map_err(|e| e.to_string())?);
        let auth = self.signer.sign(op, &bytes);
        let reply = self.conn.send(op, bytes, auth).await?;
        let value = if reply.body.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&reply.body).map_err(|_| {
                format!(
                    "{}: HTTP {} with a body that is not JSON: {}",
                    op.target(),
                    reply.status,
                    String::from_utf8_lossy(&reply.body)
                )
            })?
        };
        Ok((reply.status, value))
    }

    /// Like [`Admin::call`] but any non-200 answer is an error carrying the body.
    pub async fn ok(&mut self, op: Op, body: &Value) -> Result<Value, String> {
        let (status, value) = self.call(op, body).await?;
        if status != StatusCode::OK {
            return Err(format!("{} failed: HTTP {status}: {value}", op.target()));
        }
        Ok(value)
    }

    /// Deletes `table` if it exists, then creates it (pk S HASH, sk S RANGE, on demand or with
    /// `provisioned` read and write units, with a stream of view type `stream` when given) and
    /// waits until it is ACTIVE.
    pub async fn recreate_table(
        &mut self,
        table: &str,
        stream: Option<&str>,
        provisioned: Option<u32>,
    ) -> Result<(), String> {
        self.drop_table(table).await?;
        let mut create = json!({
            "TableName": table,
            "AttributeDefinitions": [
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "S"}
            ],
            "KeySchema": [
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"}
            ],
            "BillingMode": "PAY_PER_REQUEST"
        });
        if let Some(units) = provisioned {
            create["BillingMode"] = json!("PROVISIONED");
            create["ProvisionedThroughput"] =
                json!({"ReadCapacityUnits": units, "WriteCapacityUnits": units});
        }
        if let Some(view) = stream {
            create["StreamSpecification"] = json!({"StreamEnabled": true, "StreamViewType": view});
        }
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let (status, value) = self.call(Op::CreateTable, &create).await?;
            if status == StatusCode::OK {
                break;
            }
            // A table still being deleted by an earlier run: wait and retry.
            let kind = value["__type"].as_str().unwrap_or("");
            if kind.ends_with("ResourceInUseException") && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
            return Err(format!(
                "CreateTable {table} failed: HTTP {status}: {value}"
            ));
        }
        self.wait_active(table).await
    }

    pub async fn wait_active(&mut self, table: &str) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let v = self
                .ok(Op::DescribeTable, &json!({ "TableName": table }))
                .await?;
            if v["Table"]["TableStatus"] == "ACTIVE" {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("table {table} not ACTIVE after 60 s: {v}"));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Deletes `table` and waits until it is gone; a missing table is fine.
    pub async fn drop_table(&mut self, table: &str) -> Result<(), String> {
        let (status, value) = self
            .call(Op::DeleteTable, &json!({ "TableName": table }))
            .await?;
        if status != StatusCode::OK {
            let kind = value["__type"].as_str().unwrap_or("");
            if kind.ends_with("ResourceNotFoundException") {
                return Ok(());
            }
            return Err(format!(
                "DeleteTable {table} failed: HTTP {status}: {value}"
            ));
        }
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let (status, value) = self
                .call(Op::DescribeTable, &json!({ "TableName": table }))
                .await?;
            if status != StatusCode::OK {
                if value["__type"]
                    .as_str()
                    .unwrap_or("")
                    .ends_with("ResourceNotFoundException")
                {
                    return Ok(());
                }
                return Err(format!("DescribeTable {table}: HTTP {status}: {value}"));
            }
            if Instant::now() > deadline {
                return Err(format!("table {table} still there 60 s after DeleteTable"));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Writes up to 25 items (each a JSON object text) with BatchWriteItem, retrying
    /// unprocessed items with a short back-off.
    pub async fn batch_put(&mut self, table: &str, items: &[String]) -> Result<(), String> {
        let mut body = String::with_capacity(items.iter().map(|i| i.len() + 30).sum::<usize>());
        body.push_str("{\"RequestItems\":{\"");
        body.push_str(table);
        body.push_str("\":[");
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            body.push_str("{\"PutRequest\":{\"Item\":");
            body.push_str(item);
            body.push_str("}}");
        }
        body.push_str("]}}");
        let mut bytes = Bytes::from(body);
        let mut backoff = Duration::from_millis(5);
        for _ in 0..50 {
            let auth = self.signer.sign(Op::BatchWriteItem, &bytes);
            let reply = self.conn.send(Op::BatchWriteItem, bytes, auth).await?;
            if reply.status != StatusCode::OK {
                return Err(format!(
                    "BatchWriteItem (preload) failed: HTTP {}: {}",
                    reply.status,
                    String::from_utf8_lossy(&reply.body)
                ));
            }
            let v: Value = serde_json::from_slice(&reply.body).map_err(|e| e.to_string())?;
            let unprocessed = &v["UnprocessedItems"];
            let empty = unprocessed
                .as_object()
                .map(|m| m.is_empty())
                .unwrap_or(true);
            if empty {
                return Ok(());
            }
            bytes = Bytes::from(
                serde_json::to_vec(&json!({ "RequestItems": unprocessed }))
                    .map_err(|e| e.to_string())?,
            );
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 2).min(Duration::from_millis(500));
        }
        Err("BatchWriteItem (preload): items still unprocessed after 50 attempts".into())
    }
}
