//! PartiQL workloads: the `get` and `query` workloads' reads as ExecuteStatement, on the same
//! tables, data and key choices, so that each can be set beside its native operation.
//!
//! - `partiql-get`: `SELECT * FROM "<table>" WHERE pk = ? AND sk = ?` with the key as
//!   Parameters: the whole primary key, which DynamoDB (and ddb) answers as a GetItem.
//! - `partiql-query`: `SELECT * FROM "<table>" WHERE pk = ?` with `Limit` 20 over the
//!   conversations of 200 messages: one partition-key value, answered as a Query (first page of
//!   20, oldest first: a SELECT has no ScanIndexForward, only ORDER BY).
//!
//! Every body repeats, so all are signed before the run (by key as GetItem's, [`KeyReads`]).

use std::sync::Arc;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

use super::{kv_item, ConnWork, Cruddur, KeyReads, Params, Plan, Req, Signed};
use crate::client::Op;

/// Items per `partiql-query` page: the `query` workload's Limit.
const QUERY_PAGE: usize = 20;

/// `SELECT * FROM "<table>" WHERE pk = ? AND sk = ?` for item `i` of the `get` layout.
fn get_body(table: &str, i: usize) -> String {
    json!({
        "Statement": format!(r#"SELECT * FROM "{table}" WHERE pk = ? AND sk = ?"#),
        "Parameters": [{"S": format!("item#{i}")}, {"S": "v"}],
    })
    .to_string()
}

/// `SELECT * FROM "<table>" WHERE pk = ?`, one page of [`QUERY_PAGE`], with the capacity
/// reported as the `query` workload asks for it.
fn query_body(table: &str, pk: &str) -> String {
    json!({
        "Statement": format!(r#"SELECT * FROM "{table}" WHERE pk = ?"#),
        "Parameters": [{"S": pk}],
        "Limit": QUERY_PAGE,
        "ReturnConsumedCapacity": "TOTAL",
    })
    .to_string()
}

fn items_of(body: &[u8], what: &str) -> Result<Vec<Value>, String> {
    let mut v: Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    match v.get_mut("Items").map(Value::take) {
        Some(Value::Array(items)) => Ok(items),
        _ => Err(format!(
            "{what} answered without Items: {}",
            String::from_utf8_lossy(&body[..body.len().min(600)])
        )),
    }
}

struct GetConn {
    rng: StdRng,
    reads: KeyReads,
    /// The item the last request asked for.
    asked: usize,
}

impl ConnWork for GetConn {
    fn next(&mut self) -> Req {
        let (i, req) = self.reads.next(&mut self.rng);
        self.asked = i;
        req
    }

    fn done(&mut self, _: usize, body: &[u8], check: bool) -> Result<u64, String> {
        if !check {
            return Ok(0);
        }
        let items = items_of(body, "SELECT by the whole key")?;
        let want = format!("item#{}", self.asked);
        let right = match items.as_slice() {
            [item] => {
                item["pk"]["S"] == want.as_str()
                    && item["sk"]["S"] == "v"
                    && item["payload"]["S"].is_string()
            }
            _ => false,
        };
        if !right {
            return Err(format!(
                "SELECT by the whole key ({want}, v) answered {} items, not that one item: {}",
                items.len(),
                String::from_utf8_lossy(&body[..body.len().min(600)])
            ));
        }
        Ok(0)
    }
}

pub(super) fn get_plan(p: &Params) -> Plan {
    let reads = KeyReads::new(p, Op::ExecuteStatement, get_body);
    let items = reads.items;
    let item_size = p.item_size;
    Plan {
        workload: "partiql-get",
        table: p.table.clone(),
        setup: true,
        preload_count: items,
        preload_item: Arc::new(move |i| kv_item(i, item_size)),
        kinds: &["ExecuteStatement SELECT by key"],
        unit: "ops",
        items_unit: None,
        make_conn: Arc::new(move |_, seed| {
            Box::new(GetConn {
                rng: StdRng::seed_from_u64(seed),
                reads: reads.clone(),
                asked: 0,
            })
        }),
        hot_keys: vec![],
    }
}

struct QueryConn {
    rng: StdRng,
    /// Per conversation: its partition key and its signed statement.
    pool: Arc<Vec<(String, Signed)>>,
    /// The conversation the last request asked for.
    asked: usize,
}

impl ConnWork for QueryConn {
    fn next(&mut self) -> Req {
        self.asked = self.rng.gen_range(0..self.pool.len());
        let s = self.pool[self.asked].1.clone();
        Req {
            op: Op::ExecuteStatement,
            kind: 0,
            body: s.body,
            auth: s.auth,
        }
    }

    fn done(&mut self, _: usize, body: &[u8], check: bool) -> Result<u64, String> {
        if check {
            check_page(body, &self.pool[self.asked].0)?;
        }
        Ok(0)
    }
}

/// A first page of a conversation: [`QUERY_PAGE`] messages of partition `pk`, oldest first,
/// with a NextToken (the conversation has more).
fn check_page(body: &[u8], pk: &str) -> Result<(), String> {
    let items = items_of(body, "SELECT by the partition key")?;
    let sks: Vec<&str> = items.iter().filter_map(|i| i["sk"]["S"].as_str()).collect();
    let problem = if items.len() != QUERY_PAGE {
        Some(format!("{} items, expected {QUERY_PAGE}", items.len()))
    } else if items.iter().any(|i| i["pk"]["S"] != pk) {
        Some(format!("items of another partition than {pk}"))
    } else if sks.len() != items.len() || sks.windows(2).any(|w| w[0] >= w[1]) {
        Some(format!("sort keys not ascending: {sks:?}"))
    } else if !sks.iter().all(|s| s.starts_with("2024-01-")) {
        Some(format!("not the oldest messages: {sks:?}"))
    } else if !serde_json::from_slice::<Value>(body).is_ok_and(|v| v["NextToken"].is_string()) {
        Some("no NextToken, but the conversation has more messages".into())
    } else {
        None
    };
    match problem {
        None => Ok(()),
        Some(p) => Err(format!(
            "SELECT by the partition key answered {p}: {}",
            String::from_utf8_lossy(&body[..body.len().min(600)])
        )),
    }
}

pub(super) fn query_plan(p: &Params) -> Plan {
    let c = Arc::new(Cruddur::new(&p.table, p.items));
    let pool: Arc<Vec<(String, Signed)>> = Arc::new(
        c.groups
            .iter()
            .map(|(g, _, _)| {
                let pk = format!("MSG#{g}");
                let s = Signed::new(&p.signer, Op::ExecuteStatement, query_body(&p.table, &pk));
                (pk, s)
            })
            .collect(),
    );
    let data = c.clone();
    Plan {
        workload: "partiql-query",
        table: p.table.clone(),
        setup: true,
        preload_count: c.message_count(),
        preload_item: Arc::new(move |i| data.message_item(i)),
        kinds: &["ExecuteStatement SELECT by partition"],
        unit: "ops",
        items_unit: None,
        make_conn: Arc::new(move |_, seed| {
            Box::new(QueryConn {
                rng: StdRng::seed_from_u64(seed),
                pool: pool.clone(),
                asked: 0,
            })
        }),
        hot_keys: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_name_the_table_and_bind_the_key() {
        let v: Value = serde_json::from_str(&get_body("bench-partiql-get", 7)).unwrap();
        assert_eq!(
            v["Statement"],
            r#"SELECT * FROM "bench-partiql-get" WHERE pk = ? AND sk = ?"#
        );
        assert_eq!(v["Parameters"], json!([{"S": "item#7"}, {"S": "v"}]));
        let v: Value = serde_json::from_str(&query_body("t", "MSG#x")).unwrap();
        assert_eq!(v["Statement"], r#"SELECT * FROM "t" WHERE pk = ?"#);
        assert_eq!(v["Parameters"], json!([{"S": "MSG#x"}]));
        assert_eq!(v["Limit"], 20);
    }

    #[test]
    fn get_check_wants_the_item_asked_for() {
        let p = super::super::tests::params("partiql-get", 10);
        let plan = get_plan(&p);
        let mut conn = (plan.make_conn)(0, 3);
        let req = conn.next();
        let v: Value = serde_json::from_slice(&req.body).unwrap();
        let pk = v["Parameters"][0]["S"].as_str().unwrap().to_string();
        let answer = |pk: &str| {
            format!(
                r#"{{"Items":[{{"pk":{{"S":"{pk}"}},"sk":{{"S":"v"}},"payload":{{"S":"x"}}}}]}}"#
            )
        };
        conn.done(0, answer(&pk).as_bytes(), true).unwrap();
        assert!(conn.done(0, answer("item#nope").as_bytes(), true).is_err());
        assert!(conn.done(0, br#"{"Items":[]}"#, true).is_err());
        // Without --check the answer is not looked at.
        conn.done(0, br#"{"Items":[]}"#, false).unwrap();
    }

    #[test]
    fn query_check_wants_a_full_ordered_first_page_of_the_partition() {
        let c = Cruddur::new("t", 1000);
        let pk = format!("MSG#{}", c.groups[0].0);
        let page = |n: usize, reverse: bool, token: bool| {
            let mut items: Vec<Value> = (0..n)
                .map(|j| serde_json::from_str(&c.message_item(j)).unwrap())
                .collect();
            if reverse {
                items.reverse();
            }
            let mut v = json!({ "Items": items });
            if token {
                v["NextToken"] = json!("t");
            }
            v.to_string()
        };
        check_page(page(20, false, true).as_bytes(), &pk).unwrap();
        assert!(check_page(page(19, false, true).as_bytes(), &pk).is_err());
        assert!(check_page(page(20, true, true).as_bytes(), &pk).is_err());
        assert!(check_page(page(20, false, false).as_bytes(), &pk).is_err());
        assert!(check_page(page(20, false, true).as_bytes(), "MSG#other").is_err());
    }
}
