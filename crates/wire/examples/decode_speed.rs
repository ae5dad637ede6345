//! Decode speed of a 1 KB PutItem body: `ddb_wire::decode` against serde_json straight into a
//! plain derived struct with `ddb_model`'s own attribute-value deserializer (the path the
//! engine takes today).
//!
//! `cargo run --release -p ddb-wire --example decode_speed`

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Instant;

use ddb_model::{AttributeValue, Item};
use serde::Deserialize;

/// PutItem's request as the engine declares it today.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct PlainPutItem {
    table_name: Option<String>,
    item: Option<Item>,
    condition_expression: Option<String>,
    expression_attribute_names: Option<HashMap<String, String>>,
    expression_attribute_values: Option<HashMap<String, AttributeValue>>,
    return_values: Option<String>,
    return_consumed_capacity: Option<String>,
}

fn body() -> Vec<u8> {
    let mut attrs = vec![
        r#""pk":{"S":"user#0001234567"}"#.to_string(),
        r#""sk":{"S":"message#2024-05-01T12:00:00.000Z#abcdef"}"#.to_string(),
    ];
    for i in 0..8 {
        attrs.push(format!(
            r#""s{i}":{{"S":"some text value number {i} for the item"}}"#
        ));
        attrs.push(format!(r#""n{i}":{{"N":"{}.25"}}"#, 1000 + i * 37));
    }
    attrs.push(r#""flag":{"BOOL":true}"#.into());
    attrs.push(r#""tags":{"SS":["red","green","blue"]}"#.into());
    attrs.push(r#""nested":{"M":{"a":{"N":"1"},"b":{"L":[{"S":"x"},{"S":"y"}]}}}"#.into());
    let body = format!(
        r#"{{"TableName":"Messages","Item":{{{}}},"ConditionExpression":"attribute_not_exists(pk)","ReturnConsumedCapacity":"TOTAL"}}"#,
        attrs.join(",")
    );
    body.into_bytes()
}

/// Nanoseconds per call of each function: the best of many short runs, interleaved so that
/// other load on the machine hits every function alike.
fn race(rounds: u32, runs: usize, fs: &mut [&mut dyn FnMut()]) -> Vec<f64> {
    let mut best = vec![f64::MAX; fs.len()];
    for _ in 0..runs {
        for (i, f) in fs.iter_mut().enumerate() {
            let start = Instant::now();
            for _ in 0..rounds {
                f();
            }
            let ns = start.elapsed().as_nanos() as f64 / f64::from(rounds);
            best[i] = best[i].min(ns);
        }
    }
    best
}

fn main() {
    let body = body();
    println!("body: {} bytes", body.len());
    let typed: ddb_wire::PutItemInput = ddb_wire::decode(&body).expect("decodes");
    let plain: PlainPutItem = serde_json::from_slice(&body).expect("decodes");
    assert_eq!(typed.item, plain.item);
    // `DECODE_ONLY=wire|valid|serde` (and `DECODE_ROUNDS`, a million by default): one decoder
    // only, for a profiler, or for `valgrind --tool=callgrind`, whose instruction counts a
    // loaded machine does not disturb.
    if let Ok(only) = std::env::var("DECODE_ONLY") {
        let rounds: u32 = std::env::var("DECODE_ROUNDS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(1_000_000);
        for _ in 0..rounds {
            match only.as_str() {
                "serde" => {
                    let v: PlainPutItem =
                        serde_json::from_slice(black_box(&body)).expect("decodes");
                    black_box(v);
                }
                "valid" => {
                    let v: ddb_wire::PutItemInput =
                        ddb_wire::decode(black_box(&body)).expect("decodes");
                    black_box(v.validate().expect("valid"));
                }
                _ => {
                    let v: ddb_wire::PutItemInput =
                        ddb_wire::decode(black_box(&body)).expect("decodes");
                    black_box(v);
                }
            }
        }
        return;
    }
    let (rounds, runs) = (5_000, 40);
    let best = race(
        rounds,
        runs,
        &mut [
            &mut || {
                let v: PlainPutItem = serde_json::from_slice(black_box(&body)).expect("decodes");
                black_box(v);
            },
            &mut || {
                let v: ddb_wire::PutItemInput =
                    ddb_wire::decode(black_box(&body)).expect("decodes");
                black_box(v);
            },
            &mut || {
                let v: ddb_wire::PutItemInput =
                    ddb_wire::decode(black_box(&body)).expect("decodes");
                black_box(v.validate().expect("valid"));
            },
        ],
    );
    for (label, ns) in [
        "serde_json into a derived struct",
        "ddb_wire::decode::<PutItemInput>",
        "ddb_wire decode + validate",
    ]
    .iter()
    .zip(&best)
    {
        println!("{label:<34} {ns:>7.0} ns/decode (best of {runs} runs of {rounds})");
    }
    println!(
        "ddb_wire / serde_json: {:.2}; validation adds {:.0} ns",
        best[1] / best[0],
        best[2] - best[1]
    );
}
