//! Calling the engine the way the server does: operation name and JSON body in, JSON out.

#![allow(dead_code)]

use ddb_engine::{dispatch, Engine, EngineConfig};
use serde_json::Value;

pub fn engine() -> Engine {
    Engine::open(EngineConfig::in_memory()).expect("in-memory engine opens")
}

/// Runs an operation; panics on error.
pub fn call(engine: &Engine, op: &str, body: Value) -> Value {
    match try_call(engine, op, body) {
        Ok(v) => v,
        Err((kind, message)) => panic!("{op} failed: {kind}: {message}"),
    }
}

/// Runs an operation; the error as (wire type suffix, message).
pub fn try_call(engine: &Engine, op: &str, body: Value) -> Result<Value, (String, String)> {
    let bytes = serde_json::to_vec(&body).unwrap();
    match dispatch(engine, op, &bytes).expect("known operation") {
        // Some operations (TagResource, UntagResource) answer with an empty body.
        Ok(out) if out.is_empty() => Ok(Value::Null),
        Ok(out) => Ok(serde_json::from_slice(&out).unwrap()),
        Err(e) => {
            let ty = e.kind.wire_type();
            Err((ty.rsplit('#').next().unwrap().to_string(), e.message))
        }
    }
}

/// Runs a DynamoDB Streams operation (`"GetRecords"`); panics on error.
pub fn call_streams(engine: &Engine, op: &str, body: Value) -> Value {
    let operation = ddb_wire::Operation::named(ddb_wire::Service::DynamoDbStreams, op)
        .expect("a DynamoDB Streams operation");
    let bytes = serde_json::to_vec(&body).unwrap();
    match ddb_engine::dispatch_operation(engine, operation, &bytes) {
        Ok(out) => serde_json::from_slice(&out).unwrap(),
        Err(e) => panic!("{op} failed: {}", e.message),
    }
}

/// Every item of a Query or Scan, following LastEvaluatedKey.
pub fn all_pages(engine: &Engine, op: &str, mut body: Value) -> Vec<Value> {
    let mut items = Vec::new();
    loop {
        let out = call(engine, op, body.clone());
        items.extend(out["Items"].as_array().cloned().unwrap_or_default());
        match out.get("LastEvaluatedKey") {
            Some(k) => body["ExclusiveStartKey"] = k.clone(),
            None => return items,
        }
    }
}
