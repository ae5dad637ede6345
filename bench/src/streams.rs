//! DynamoDB Streams measurements: how fast a consumer drains a table's stream through
//! GetRecords, and how long a change takes to reach a stream trigger's handler.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpListener;

use crate::client::{Admin, Endpoint, Op};

/// Reads every record of `table`'s latest stream, shard after shard from TRIM_HORIZON, with
/// GetRecords pages of 1000, and prints records/s.
pub async fn drain(endpoint: &str, table: &str) -> Result<(), String> {
    let ep = Endpoint::parse(endpoint)?;
    let mut admin = Admin::connect(&ep).await?;
    let described = admin
        .ok(Op::DescribeTable, &json!({"TableName": table}))
        .await?;
    let arn = described["Table"]["LatestStreamArn"]
        .as_str()
        .ok_or_else(|| format!("{table} has no stream"))?
        .to_string();
    let mut shards = Vec::new();
    let mut start: Option<String> = None;
    loop {
        let mut body = json!({"StreamArn": arn});
        if let Some(s) = &start {
            body["ExclusiveStartShardId"] = json!(s);
        }
        let d = admin.ok(Op::DescribeStream, &body).await?;
        for s in d["StreamDescription"]["Shards"]
            .as_array()
            .into_iter()
            .flatten()
        {
            shards.push(s["ShardId"].as_str().unwrap_or_default().to_string());
        }
        match d["StreamDescription"]["LastEvaluatedShardId"].as_str() {
            Some(s) => start = Some(s.to_string()),
            None => break,
        }
    }
    let started = Instant::now();
    let (mut records, mut calls) = (0u64, 0u64);
    for shard in &shards {
        let body = json!({"StreamArn": arn, "ShardId": shard, "ShardIteratorType": "TRIM_HORIZON"});
        let mut iterator = admin.ok(Op::GetShardIterator, &body).await?["ShardIterator"].clone();
        while iterator.is_string() {
            let page = admin
                .ok(
                    Op::GetRecords,
                    &json!({"ShardIterator": iterator, "Limit": 1000}),
                )
                .await?;
            calls += 1;
            let got = page["Records"].as_array().map_or(0, Vec::len);
            records += got as u64;
            if got == 0 {
                break;
            }
            iterator = page["NextShardIterator"].clone();
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "stream-drain: {records} records from {} shards in {calls} GetRecords calls, {seconds:.2} s: {:.0} records/s",
        shards.len(),
        records as f64 / seconds
    );
    Ok(())
}

/// Nanoseconds since the epoch, the clock both ends of a lag measurement read.
fn now_ns() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// Receives Lambda Invoke requests and keeps, per record, the time from its PutItem to here.
async fn lambda(listener: TcpListener, lags: Arc<Mutex<Vec<f64>>>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            return;
        };
        let lags = lags.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                let lags = lags.clone();
                async move {
                    let body = req
                        .into_body()
                        .collect()
                        .await
                        .map(|b| b.to_bytes())
                        .unwrap_or_default();
                    let arrived = now_ns();
                    if let Ok(event) = serde_json::from_slice::<Value>(&body) {
                        let mut lags = lags.lock().unwrap_or_else(|e| e.into_inner());
                        for r in event["Records"].as_array().into_iter().flatten() {
                            let sent = r["dynamodb"]["NewImage"]["t"]["N"]
                                .as_str()
                                .and_then(|t| t.parse::<u128>().ok());
                            if let Some(sent) = sent {
                                lags.push(arrived.saturating_sub(sent) as f64 / 1e6);
                            }
                        }
                    }
                    Ok::<_, Infallible>(Response::new(Full::new(Bytes::from_static(b"null"))))
                }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Serves a Lambda Invoke endpoint on `listen` (the server under test runs a trigger on
/// `table` pointing at it), creates `table` with a stream, writes `count` items `interval`
/// apart each carrying its send time, and prints the delivery lag's percentiles.
pub async fn trigger_lag(
    endpoint: &str,
    table: &str,
    listen: SocketAddr,
    count: usize,
    interval: Duration,
) -> Result<(), String> {
    let listener = TcpListener::bind(listen)
        .await
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    let lags = Arc::new(Mutex::new(Vec::new()));
    tokio::spawn(lambda(listener, lags.clone()));
    let ep = Endpoint::parse(endpoint)?;
    let mut admin = Admin::connect(&ep).await?;
    admin.recreate_table(table, Some("NEW_IMAGE"), None).await?;
    for i in 0..count {
        let item = json!({"pk": {"S": format!("lag#{i}")}, "sk": {"S": "v"}, "t": {"N": now_ns().to_string()}});
        admin
            .ok(Op::PutItem, &json!({"TableName": table, "Item": item}))
            .await?;
        tokio::time::sleep(interval).await;
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut got = loop {
        let seen = lags.lock().unwrap_or_else(|e| e.into_inner()).clone();
        if seen.len() >= count || Instant::now() > deadline {
            break seen;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    if got.len() < count {
        return Err(format!(
            "only {} of {count} records reached the handler",
            got.len()
        ));
    }
    got.sort_by(f64::total_cmp);
    let at = |q: f64| got[((got.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "trigger-lag: {count} records, put to handler: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        at(0.5),
        at(0.99),
        at(1.0)
    );
    Ok(())
}
