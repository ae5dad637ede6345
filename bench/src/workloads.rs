//! The workloads: what each connection sends, how its table is preloaded, and what a correct
//! answer looks like.
//!
//! Request bodies are built and signed before the measurement wherever the body can repeat
//! (GetItem, Query, UpdateItem, and the PartiQL SELECTs of [`partiql`]). Where every body must
//! differ (PutItem with unique keys, the mixed workload's new messages, Scan pages that carry the
//! previous page's key), the body is assembled from pre-built pieces and signed on the spot; for
//! PutItem the SHA-256 of the long 1 KB prefix is computed once, so a request costs one copy and
//! hashing of a short tail.

use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use hyper::header::HeaderValue;
use memchr::memmem;
use rand::distributions::{Alphanumeric, DistString};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::client::Op;
use crate::sigv4::{iso8601, Signer};

mod partiql;

/// Every workload's name, as given to `--workload`.
pub const NAMES: &[&str] = &[
    "put",
    "get",
    "query",
    "batch-write",
    "update",
    "scan",
    "mixed",
    "bare",
    "partiql-get",
    "partiql-query",
];

/// Above this many keys, GetItem bodies are signed on the spot instead of all up front.
const GET_POOL_MAX: usize = 200_000;
/// Distinct 1 KB payloads shared by the unique-key writers (PutItem, BatchWriteItem).
const PAYLOAD_POOL: usize = 4096;
/// Messages per conversation in the Cruddur workloads.
pub const GROUP_SIZE: usize = 200;
/// 2024-01-01T00:00:00Z.
const YEAR_START: u64 = 1_704_067_200;
const HOT_ITEMS: usize = 100;

/// One request ready to go.
pub struct Req {
    pub op: Op,
    /// Index into [`Plan::kinds`], for per-kind latency.
    pub kind: usize,
    pub body: Bytes,
    pub auth: HeaderValue,
}

#[derive(Clone)]
struct Signed {
    body: Bytes,
    auth: HeaderValue,
}

impl Signed {
    fn new(signer: &Signer, op: Op, body: String) -> Signed {
        let body = Bytes::from(body);
        let auth = signer.sign(op, &body);
        Signed { body, auth }
    }
}

/// The per-connection request source.
pub trait ConnWork: Send {
    fn next(&mut self) -> Req;
    /// Sees every 200 answer; returns how many items it carried (Scan pages, batches) or 0.
    /// With `check`, verifies the answer's content too.
    fn done(&mut self, kind: usize, body: &[u8], check: bool) -> Result<u64, String>;
}

type ItemFn = Arc<dyn Fn(usize) -> String + Send + Sync>;
type ConnFn = Arc<dyn Fn(usize, u64) -> Box<dyn ConnWork> + Send + Sync>;

/// Everything the runner needs to know about a workload.
pub struct Plan {
    pub workload: &'static str,
    pub table: String,
    /// False for `bare`: no table, no preload.
    pub setup: bool,
    pub preload_count: usize,
    pub preload_item: ItemFn,
    pub kinds: &'static [&'static str],
    /// What one operation is called in the report ("ops", or "pages" for scan).
    pub unit: &'static str,
    /// What the item count of [`ConnWork::done`] means, if anything ("items written"...).
    pub items_unit: Option<&'static str>,
    pub make_conn: ConnFn,
    /// Keys of the update workload's hot items, for the after-run check of the counters.
    pub hot_keys: Vec<String>,
}

pub struct Params {
    pub workload: String,
    pub table: String,
    pub items: usize,
    pub item_size: usize,
    pub scan_limit: usize,
    pub connections: usize,
    pub signer: Signer,
}

pub fn plan(p: &Params) -> Result<Plan, String> {
    let name = NAMES
        .iter()
        .find(|n| **n == p.workload)
        .copied()
        .ok_or_else(|| {
            format!(
                "unknown workload {:?}; one of {}",
                p.workload,
                NAMES.join(", ")
            )
        })?;
    let plan = match name {
        "put" => put_plan(p),
        "get" => get_plan(p, "get", true),
        "bare" => get_plan(p, "bare", false),
        "query" => query_plan(p),
        "batch-write" => batch_plan(p),
        "update" => update_plan(p),
        "scan" => scan_plan(p),
        "mixed" => mixed_plan(p),
        "partiql-get" => partiql::get_plan(p),
        "partiql-query" => partiql::query_plan(p),
        _ => unreachable!(),
    };
    Ok(plan)
}

// ---------------------------------------------------------------------------------------------
// Plain 1 KB items: put, get, batch-write, scan.

fn payload_len(item_size: usize) -> usize {
    // pk "item#NNNNNNN" (~12), sk "v", names "pk", "sk", "payload": about 30 bytes of overhead.
    item_size.saturating_sub(30).max(1)
}

fn kv_item(i: usize, item_size: usize) -> String {
    let mut rng = StdRng::seed_from_u64(i as u64 ^ 0x5eed_0001);
    let payload = Alphanumeric.sample_string(&mut rng, payload_len(item_size));
    format!(r#"{{"pk":{{"S":"item#{i}"}},"sk":{{"S":"v"}},"payload":{{"S":"{payload}"}}}}"#)
}

fn no_items() -> ItemFn {
    Arc::new(|_| String::new())
}

fn payload_pool(item_size: usize) -> Arc<Vec<String>> {
    let mut rng = StdRng::seed_from_u64(0x9a71_0ad5);
    Arc::new(
        (0..PAYLOAD_POOL)
            .map(|_| Alphanumeric.sample_string(&mut rng, payload_len(item_size)))
            .collect(),
    )
}

/// PutItem bodies `{"TableName":..,"Item":{"payload":..,"pk":..,"sk":..}}` whose long prefix
/// (table and payload) is hashed once; the unique key is the tail.
struct PutPrefix {
    bytes: Bytes,
    hash: Sha256,
}

struct PutConn {
    signer: Signer,
    prefixes: Arc<Vec<PutPrefix>>,
    conn: usize,
    seq: u64,
}

impl ConnWork for PutConn {
    fn next(&mut self) -> Req {
        self.seq += 1;
        let prefix = &self.prefixes[(self.seq as usize + self.conn * 7) % self.prefixes.len()];
        let tail = format!(
            r#""pk":{{"S":"put#{}#{}"}},"sk":{{"S":"v"}}}}}}"#,
            self.conn, self.seq
        );
        let mut body = BytesMut::with_capacity(prefix.bytes.len() + tail.len());
        body.extend_from_slice(&prefix.bytes);
        body.extend_from_slice(tail.as_bytes());
        let mut hash = prefix.hash.clone();
        hash.update(tail.as_bytes());
        let auth = self
            .signer
            .sign_hashed(Op::PutItem, &hash.finalize().into());
        Req {
            op: Op::PutItem,
            kind: 0,
            body: body.freeze(),
            auth,
        }
    }

    fn done(&mut self, _: usize, _: &[u8], _: bool) -> Result<u64, String> {
        Ok(1)
    }
}

fn put_plan(p: &Params) -> Plan {
    let prefixes: Arc<Vec<PutPrefix>> = Arc::new(
        payload_pool(p.item_size)
            .iter()
            .map(|payload| {
                let text = format!(
                    r#"{{"TableName":"{}","Item":{{"payload":{{"S":"{payload}"}},"#,
                    p.table
                );
                let hash = Sha256::new_with_prefix(text.as_bytes());
                PutPrefix {
                    bytes: Bytes::from(text),
                    hash,
                }
            })
            .collect(),
    );
    let signer = p.signer.clone();
    Plan {
        workload: "put",
        table: p.table.clone(),
        setup: true,
        preload_count: 0,
        preload_item: no_items(),
        kinds: &["PutItem"],
        unit: "ops",
        items_unit: None,
        make_conn: Arc::new(move |conn, _| {
            Box::new(PutConn {
                signer: signer.clone(),
                prefixes: prefixes.clone(),
                conn,
                seq: 0,
            })
        }),
        hot_keys: vec![],
    }
}

fn get_body(table: &str, i: usize) -> String {
    format!(r#"{{"TableName":"{table}","Key":{{"pk":{{"S":"item#{i}"}},"sk":{{"S":"v"}}}}}}"#)
}

/// Reads of one item by key, chosen uniformly among `items`: the bodies of the first
/// [`GET_POOL_MAX`] keys signed before the run, the rest signed on the spot. Shared by every
/// workload that reads the `get` layout by key (GetItem, PartiQL's SELECT by key).
#[derive(Clone)]
struct KeyReads {
    op: Op,
    body: fn(&str, usize) -> String,
    items: usize,
    pool: Arc<Vec<Signed>>,
    signer: Signer,
    table: String,
}

impl KeyReads {
    fn new(p: &Params, op: Op, body: fn(&str, usize) -> String) -> KeyReads {
        let items = p.items.max(1);
        let pool = (0..items.min(GET_POOL_MAX))
            .map(|i| Signed::new(&p.signer, op, body(&p.table, i)))
            .collect();
        KeyReads {
            op,
            body,
            items,
            pool: Arc::new(pool),
            signer: p.signer.clone(),
            table: p.table.clone(),
        }
    }

    /// The next request, and the item it asks for.
    fn next(&self, rng: &mut StdRng) -> (usize, Req) {
        let i = rng.gen_range(0..self.items);
        let s = match self.pool.get(i) {
            Some(s) => s.clone(),
            None => Signed::new(&self.signer, self.op, (self.body)(&self.table, i)),
        };
        let req = Req {
            op: self.op,
            kind: 0,
            body: s.body,
            auth: s.auth,
        };
        (i, req)
    }
}

struct GetConn {
    rng: StdRng,
    reads: KeyReads,
}

impl ConnWork for GetConn {
    fn next(&mut self) -> Req {
        self.reads.next(&mut self.rng).1
    }

    fn done(&mut self, _: usize, body: &[u8], check: bool) -> Result<u64, String> {
        if check && memmem::find(body, b"\"Item\"").is_none() {
            return Err(format!(
                "GetItem answered without the item: {}",
                String::from_utf8_lossy(body)
            ));
        }
        Ok(0)
    }
}

fn get_plan(p: &Params, workload: &'static str, setup: bool) -> Plan {
    let reads = KeyReads::new(p, Op::GetItem, get_body);
    let items = reads.items;
    let item_size = p.item_size;
    Plan {
        workload,
        table: p.table.clone(),
        setup,
        preload_count: if setup { items } else { 0 },
        preload_item: Arc::new(move |i| kv_item(i, item_size)),
        kinds: &["GetItem"],
        unit: "ops",
        items_unit: None,
        make_conn: Arc::new(move |_, seed| {
            Box::new(GetConn {
                rng: StdRng::seed_from_u64(seed),
                reads: reads.clone(),
            })
        }),
        hot_keys: vec![],
    }
}

struct BatchConn {
    signer: Signer,
    table: String,
    payloads: Arc<Vec<String>>,
    conn: usize,
    seq: u64,
}

impl ConnWork for BatchConn {
    fn next(&mut self) -> Req {
        let mut body = String::with_capacity(26 * 1100);
        body.push_str("{\"RequestItems\":{\"");
        body.push_str(&self.table);
        body.push_str("\":[");
        for j in 0..25 {
            self.seq += 1;
            if j > 0 {
                body.push(',');
            }
            let payload =
                &self.payloads[(self.seq as usize + self.conn * 13) % self.payloads.len()];
            body.push_str(&format!(
                r#"{{"PutRequest":{{"Item":{{"pk":{{"S":"bw#{}#{}"}},"sk":{{"S":"v"}},"payload":{{"S":"{payload}"}}}}}}}}"#,
                self.conn, self.seq
            ));
        }
        body.push_str("]}}");
        let s = Signed::new(&self.signer, Op::BatchWriteItem, body);
        Req {
            op: Op::BatchWriteItem,
            kind: 0,
            body: s.body,
            auth: s.auth,
        }
    }

    fn done(&mut self, _: usize, body: &[u8], _: bool) -> Result<u64, String> {
        // Items left unprocessed (throttling) are not errors in DynamoDB's terms, but they were
        // not written: count only what was.
        let unprocessed = match memmem::find(body, b"\"UnprocessedItems\"") {
            None => 0,
            Some(_) => {
                let v: Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
                v["UnprocessedItems"]
                    .as_object()
                    .map(|m| {
                        m.values()
                            .map(|l| l.as_array().map(|a| a.len()).unwrap_or(0))
                            .sum::<usize>()
                    })
                    .unwrap_or(0)
            }
        };
        Ok(25u64.saturating_sub(unprocessed as u64))
    }
}

fn batch_plan(p: &Params) -> Plan {
    let payloads = payload_pool(p.item_size);
    let signer = p.signer.clone();
    let table = p.table.clone();
    Plan {
        workload: "batch-write",
        table: p.table.clone(),
        setup: true,
        preload_count: 0,
        preload_item: no_items(),
        kinds: &["BatchWriteItem"],
        unit: "ops",
        items_unit: Some("items written"),
        make_conn: Arc::new(move |conn, _| {
            Box::new(BatchConn {
                signer: signer.clone(),
                table: table.clone(),
                payloads: payloads.clone(),
                conn,
                seq: 0,
            })
        }),
        hot_keys: vec![],
    }
}

struct UpdateConn {
    rng: StdRng,
    pool: Arc<Vec<Signed>>,
}

impl ConnWork for UpdateConn {
    fn next(&mut self) -> Req {
        let s = self.pool[self.rng.gen_range(0..self.pool.len())].clone();
        Req {
            op: Op::UpdateItem,
            kind: 0,
            body: s.body,
            auth: s.auth,
        }
    }

    fn done(&mut self, _: usize, _: &[u8], _: bool) -> Result<u64, String> {
        Ok(0)
    }
}

fn update_plan(p: &Params) -> Plan {
    let hot_keys: Vec<String> = (0..HOT_ITEMS).map(|i| format!("hot#{i}")).collect();
    let pool: Arc<Vec<Signed>> = Arc::new(
        hot_keys
            .iter()
            .map(|k| {
                Signed::new(
                    &p.signer,
                    Op::UpdateItem,
                    format!(
                        r#"{{"TableName":"{}","Key":{{"pk":{{"S":"{k}"}},"sk":{{"S":"v"}}}},"UpdateExpression":"SET n = n + :one","ConditionExpression":"attribute_exists(pk)","ExpressionAttributeValues":{{":one":{{"N":"1"}}}}}}"#,
                        p.table
                    ),
                )
            })
            .collect(),
    );
    Plan {
        workload: "update",
        table: p.table.clone(),
        setup: true,
        preload_count: HOT_ITEMS,
        preload_item: Arc::new(|i| {
            format!(r#"{{"pk":{{"S":"hot#{i}"}},"sk":{{"S":"v"}},"n":{{"N":"0"}}}}"#)
        }),
        kinds: &["UpdateItem"],
        unit: "ops",
        items_unit: None,
        make_conn: Arc::new(move |_, seed| {
            Box::new(UpdateConn {
                rng: StdRng::seed_from_u64(seed),
                pool: pool.clone(),
            })
        }),
        hot_keys,
    }
}

/// Each connection scans the whole table over and over, one page (Limit) per request.
struct ScanConn {
    signer: Signer,
    table: String,
    limit: usize,
    first: Signed,
    start_key: Option<String>,
    items_this_scan: u64,
    expect_items: u64,
}

impl ConnWork for ScanConn {
    fn next(&mut self) -> Req {
        let s = match &self.start_key {
            None => self.first.clone(),
            Some(key) => Signed::new(
                &self.signer,
                Op::Scan,
                format!(
                    r#"{{"TableName":"{}","Limit":{},"ExclusiveStartKey":{key}}}"#,
                    self.table, self.limit
                ),
            ),
        };
        Req {
            op: Op::Scan,
            kind: 0,
            body: s.body,
            auth: s.auth,
        }
    }

    fn done(&mut self, _: usize, body: &[u8], check: bool) -> Result<u64, String> {
        let (count, last_key) = if check {
            let v: Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
            let items = v["Items"].as_array().map(|a| a.len()).unwrap_or(0) as u64;
            if v["Count"].as_u64() != Some(items) {
                return Err(format!("Scan Count {} but {items} Items", v["Count"]));
            }
            let key = v.get("LastEvaluatedKey").map(|k| k.to_string());
            (items, key)
        } else {
            (
                json_u64_field(body, b"\"Count\":")?,
                json_field(body, b"\"LastEvaluatedKey\":")?,
            )
        };
        self.items_this_scan += count;
        self.start_key = last_key;
        if self.start_key.is_none() {
            if check && self.items_this_scan != self.expect_items {
                return Err(format!(
                    "a full Scan returned {} items, expected {}",
                    self.items_this_scan, self.expect_items
                ));
            }
            self.items_this_scan = 0;
        }
        Ok(count)
    }
}

/// The JSON value following `name` in `body` (searched as bytes: item payloads in these
/// workloads are alphanumeric, so the marker cannot occur inside them).
fn json_field(body: &[u8], name: &[u8]) -> Result<Option<String>, String> {
    let Some(at) = memmem::find(body, name) else {
        return Ok(None);
    };
    let mut values =
        serde_json::Deserializer::from_slice(&body[at + name.len()..]).into_iter::<Value>();
    match values.next() {
        Some(Ok(v)) => Ok(Some(v.to_string())),
        _ => Err(format!(
            "cannot read {} in answer: {}",
            String::from_utf8_lossy(name),
            String::from_utf8_lossy(body)
        )),
    }
}

fn json_u64_field(body: &[u8], name: &[u8]) -> Result<u64, String> {
    let at = memmem::find(body, name).ok_or_else(|| {
        format!(
            "answer has no {}: {}",
            String::from_utf8_lossy(name),
            String::from_utf8_lossy(body)
        )
    })?;
    let digits: String = body[at + name.len()..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| b as char)
        .collect();
    digits
        .parse()
        .map_err(|_| "bad Count in answer".to_string())
}

fn scan_plan(p: &Params) -> Plan {
    let items = p.items.max(1);
    let item_size = p.item_size;
    let first = Signed::new(
        &p.signer,
        Op::Scan,
        format!(r#"{{"TableName":"{}","Limit":{}}}"#, p.table, p.scan_limit),
    );
    let signer = p.signer.clone();
    let table = p.table.clone();
    let limit = p.scan_limit;
    Plan {
        workload: "scan",
        table: p.table.clone(),
        setup: true,
        preload_count: items,
        preload_item: Arc::new(move |i| kv_item(i, item_size)),
        kinds: &["Scan page"],
        unit: "pages",
        items_unit: Some("items read"),
        make_conn: Arc::new(move |_, _| {
            Box::new(ScanConn {
                signer: signer.clone(),
                table: table.clone(),
                limit,
                first: first.clone(),
                start_key: None,
                items_this_scan: 0,
                expect_items: items as u64,
            })
        }),
        hot_keys: vec![],
    }
}

// ---------------------------------------------------------------------------------------------
// Cruddur messaging: get-conversation, list-conversations, new messages.

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn fake_uuid(space: u64, i: usize) -> String {
    let a = splitmix(space.wrapping_mul(1_000_003) ^ i as u64);
    let b = splitmix(a);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | (b >> 48) & 0x3fff,
        b & 0xffff_ffff_ffff
    )
}

const FIRST_NAMES: &[&str] = &[
    "Ada", "Bruno", "Chioma", "Dmitri", "Elif", "Farah", "Goran", "Hana", "Ines", "Jun",
];
const LAST_NAMES: &[&str] = &[
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Silva",
    "Novak",
    "Haddad",
    "Kowalski",
];
const LINES: &[&str] = &[
    "Did the table migration finish last night?",
    "Almost, the backfill is at ninety percent.",
    "Great, ping me when the dashboards look normal again.",
    "Will do. Also, lunch on Thursday?",
    "Thursday works, the usual place at noon.",
    "I pushed the fix for the pagination bug.",
    "Nice, the newest messages now come back first.",
    "Can you review my pull request before the standup?",
];

struct User {
    uuid: String,
    name: String,
    handle: String,
}

/// The conversations: `groups` message groups of [`GROUP_SIZE`] messages between two users.
struct Cruddur {
    table: String,
    users: Vec<User>,
    /// (group uuid, user a, user b)
    groups: Vec<(String, usize, usize)>,
}

impl Cruddur {
    fn new(table: &str, messages: usize) -> Cruddur {
        let g = (messages / GROUP_SIZE).max(1);
        let u = (g / 5).max(2);
        let users = (0..u)
            .map(|i| {
                let first = FIRST_NAMES[i % FIRST_NAMES.len()];
                let last = LAST_NAMES[(i / FIRST_NAMES.len()) % LAST_NAMES.len()];
                User {
                    uuid: fake_uuid(1, i),
                    name: format!("{first} {last}"),
                    handle: format!("{}{}{i}", first.to_lowercase(), last.to_lowercase()),
                }
            })
            .collect();
        let groups = (0..g)
            .map(|i| {
                let a = i % u;
                let mut b = (i * 7 + 1) % u;
                if b == a {
                    b = (a + 1) % u;
                }
                (fake_uuid(2, i), a, b)
            })
            .collect();
        Cruddur {
            table: table.to_string(),
            users,
            groups,
        }
    }

    fn message_count(&self) -> usize {
        self.groups.len() * GROUP_SIZE
    }

    /// Message `j` of group `g`: one a day from 2024-01-01, at a per-group second.
    fn message_time(g: usize, j: usize) -> String {
        iso8601(
            YEAR_START + j as u64 * 86_400 + (g % 86_400) as u64,
            (g / 86_400) as u32,
        )
    }

    fn message_item(&self, i: usize) -> String {
        let (g, j) = (i / GROUP_SIZE, i % GROUP_SIZE);
        let (group, a, b) = &self.groups[g];
        let sender = &self.users[if j % 2 == 0 { *a } else { *b }];
        format!(
            r#"{{"pk":{{"S":"MSG#{group}"}},"sk":{{"S":"{}"}},"message_uuid":{{"S":"{}"}},"message":{{"S":"{}"}},"user_uuid":{{"S":"{}"}},"user_display_name":{{"S":"{}"}},"user_handle":{{"S":"{}"}}}}"#,
            Self::message_time(g, j),
            fake_uuid(3, i),
            LINES[i % LINES.len()],
            sender.uuid,
            sender.name,
            sender.handle
        )
    }

    /// Message-group item `k`: group k/2, as seen by its first (even k) or second user.
    fn group_item(&self, k: usize) -> String {
        let (g, side) = (k / 2, k % 2);
        let (group, a, b) = &self.groups[g];
        let (me, other) = if side == 0 { (*a, *b) } else { (*b, *a) };
        let other = &self.users[other];
        format!(
            r#"{{"pk":{{"S":"GRP#{}"}},"sk":{{"S":"{}"}},"message_group_uuid":{{"S":"{group}"}},"message":{{"S":"{}"}},"user_uuid":{{"S":"{}"}},"user_display_name":{{"S":"{}"}},"user_handle":{{"S":"{}"}}}}"#,
            self.users[me].uuid,
            Self::message_time(g, GROUP_SIZE - 1),
            LINES[(g * GROUP_SIZE + GROUP_SIZE - 1) % LINES.len()],
            other.uuid,
            other.name,
            other.handle
        )
    }

    /// `pk = :pk AND begins_with(sk, :year)`, newest first, 20 at a time.
    fn query_body(&self, pk: &str) -> String {
        format!(
            r#"{{"TableName":"{}","KeyConditionExpression":"pk = :pk AND begins_with(sk, :year)","ExpressionAttributeValues":{{":pk":{{"S":"{pk}"}},":year":{{"S":"2024"}}}},"ScanIndexForward":false,"Limit":20,"ReturnConsumedCapacity":"TOTAL"}}"#,
            self.table
        )
    }
}

fn check_query(body: &[u8], want: Option<u64>) -> Result<(), String> {
    let v: Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    let items = v["Items"].as_array().map(|a| a.len()).unwrap_or(0) as u64;
    let ok = match want {
        Some(n) => items == n && v["Count"].as_u64() == Some(n),
        None => items >= 1,
    };
    if !ok {
        return Err(format!(
            "Query returned {items} items (Count {}), expected {}: {}",
            v["Count"],
            want.map(|n| n.to_string()).unwrap_or("at least one".into()),
            String::from_utf8_lossy(&body[..body.len().min(600)])
        ));
    }
    // Newest first.
    let sks: Vec<&str> = v["Items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["sk"]["S"].as_str())
        .collect();
    if sks.windows(2).any(|w| w[0] < w[1]) {
        return Err(format!(
            "Query with ScanIndexForward false not newest first: {sks:?}"
        ));
    }
    Ok(())
}

struct QueryConn {
    rng: StdRng,
    pool: Arc<Vec<Signed>>,
}

impl ConnWork for QueryConn {
    fn next(&mut self) -> Req {
        let s = self.pool[self.rng.gen_range(0..self.pool.len())].clone();
        Req {
            op: Op::Query,
            kind: 0,
            body: s.body,
            auth: s.auth,
        }
    }

    fn done(&mut self, _: usize, body: &[u8], check: bool) -> Result<u64, String> {
        if check {
            check_query(body, Some(20))?;
        }
        Ok(0)
    }
}

fn query_plan(p: &Params) -> Plan {
    let c = Arc::new(Cruddur::new(&p.table, p.items));
    let pool: Arc<Vec<Signed>> = Arc::new(
        c.groups
            .iter()
            .map(|(g, _, _)| Signed::new(&p.signer, Op::Query, c.query_body(&format!("MSG#{g}"))))
            .collect(),
    );
    let data = c.clone();
    Plan {
        workload: "query",
        table: p.table.clone(),
        setup: true,
        preload_count: c.message_count(),
        preload_item: Arc::new(move |i| data.message_item(i)),
        kinds: &["Query get-conversation"],
        unit: "ops",
        items_unit: None,
        make_conn: Arc::new(move |_, seed| {
            Box::new(QueryConn {
                rng: StdRng::seed_from_u64(seed),
                pool: pool.clone(),
            })
        }),
        hot_keys: vec![],
    }
}

/// 45% get-conversation, 45% list-conversations, 10% new messages (PutItem).
struct MixedConn {
    rng: StdRng,
    data: Arc<Cruddur>,
    conversations: Arc<Vec<Signed>>,
    lists: Arc<Vec<Signed>>,
    signer: Signer,
    conn: usize,
    connections: usize,
    seq: u64,
}

impl ConnWork for MixedConn {
    fn next(&mut self) -> Req {
        let r: f64 = self.rng.gen();
        let (op, kind, s) = if r < 0.45 {
            let s = &self.conversations[self.rng.gen_range(0..self.conversations.len())];
            (Op::Query, 0, s.clone())
        } else if r < 0.90 {
            let s = &self.lists[self.rng.gen_range(0..self.lists.len())];
            (Op::Query, 1, s.clone())
        } else {
            self.seq += 1;
            let g = self.rng.gen_range(0..self.data.groups.len());
            let (group, a, b) = &self.data.groups[g];
            let sender = &self.data.users[if self.seq & 1 == 0 { *a } else { *b }];
            // Unique across connections: microseconds after 2024-07-20 (after the preloaded
            // messages), numbered seq * connections + conn.
            let u = self.seq * self.connections as u64 + self.conn as u64;
            let created = iso8601(
                YEAR_START + 201 * 86_400 + u / 1_000_000,
                (u % 1_000_000) as u32,
            );
            let body = format!(
                r#"{{"TableName":"{}","Item":{{"pk":{{"S":"MSG#{group}"}},"sk":{{"S":"{created}"}},"message_uuid":{{"S":"{}"}},"message":{{"S":"{}"}},"user_uuid":{{"S":"{}"}},"user_display_name":{{"S":"{}"}},"user_handle":{{"S":"{}"}}}}}}"#,
                self.data.table,
                fake_uuid(4 + self.conn as u64, self.seq as usize),
                LINES[self.seq as usize % LINES.len()],
                sender.uuid,
                sender.name,
                sender.handle
            );
            (Op::PutItem, 2, Signed::new(&self.signer, Op::PutItem, body))
        };
        Req {
            op,
            kind,
            body: s.body,
            auth: s.auth,
        }
    }

    fn done(&mut self, kind: usize, body: &[u8], check: bool) -> Result<u64, String> {
        if check {
            match kind {
                0 => check_query(body, Some(20))?,
                1 => check_query(body, None)?,
                _ => {}
            }
        }
        Ok(0)
    }
}

fn mixed_plan(p: &Params) -> Plan {
    let c = Arc::new(Cruddur::new(&p.table, p.items));
    let conversations: Arc<Vec<Signed>> = Arc::new(
        c.groups
            .iter()
            .map(|(g, _, _)| Signed::new(&p.signer, Op::Query, c.query_body(&format!("MSG#{g}"))))
            .collect(),
    );
    let lists: Arc<Vec<Signed>> = Arc::new(
        c.users
            .iter()
            .map(|u| {
                Signed::new(
                    &p.signer,
                    Op::Query,
                    c.query_body(&format!("GRP#{}", u.uuid)),
                )
            })
            .collect(),
    );
    let data = c.clone();
    let messages = c.message_count();
    let signer = p.signer.clone();
    let connections = p.connections;
    Plan {
        workload: "mixed",
        table: p.table.clone(),
        setup: true,
        preload_count: messages + 2 * c.groups.len(),
        preload_item: Arc::new(move |i| {
            if i < messages {
                data.message_item(i)
            } else {
                data.group_item(i - messages)
            }
        }),
        kinds: &[
            "Query get-conversation",
            "Query list-conversations",
            "PutItem new message",
        ],
        unit: "ops",
        items_unit: None,
        make_conn: Arc::new(move |conn, seed| {
            Box::new(MixedConn {
                rng: StdRng::seed_from_u64(seed),
                data: c.clone(),
                conversations: conversations.clone(),
                lists: lists.clone(),
                signer: signer.clone(),
                conn,
                connections,
                seq: 0,
            })
        }),
        hot_keys: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn params(workload: &str, items: usize) -> Params {
        Params {
            workload: workload.into(),
            table: format!("bench-{workload}"),
            items,
            item_size: 1024,
            scan_limit: 100,
            connections: 4,
            signer: Signer::at("localhost:8000", 1_700_000_000),
        }
    }

    #[test]
    fn every_body_is_json_and_signed_over_its_bytes() {
        for name in NAMES {
            let p = params(name, 1000);
            let plan = plan(&p).unwrap();
            for i in 0..plan.preload_count.min(500) {
                let item: Value = serde_json::from_str(&(plan.preload_item)(i)).unwrap();
                assert!(item["pk"]["S"].is_string() && item["sk"]["S"].is_string());
            }
            let mut conn = (plan.make_conn)(1, 42);
            for _ in 0..50 {
                let req = conn.next();
                let _: Value = serde_json::from_slice(&req.body)
                    .unwrap_or_else(|e| panic!("{name}: {e}: {:?}", req.body));
                assert_eq!(req.auth, p.signer.sign(req.op, &req.body), "{name}");
            }
        }
    }

    #[test]
    fn put_items_are_about_one_kilobyte_with_unique_keys() {
        let plan = plan(&params("put", 0)).unwrap();
        let mut conn = (plan.make_conn)(3, 1);
        let mut keys = std::collections::HashSet::new();
        for _ in 0..100 {
            let v: Value = serde_json::from_slice(&conn.next().body).unwrap();
            let item = v["Item"].to_string();
            assert!((1000..1100).contains(&item.len()), "{}", item.len());
            assert!(keys.insert(v["Item"]["pk"]["S"].as_str().unwrap().to_string()));
        }
    }

    #[test]
    fn conversations_have_200_messages_in_2024_and_distinct_sort_keys() {
        let c = Cruddur::new("t", 1000);
        assert_eq!(c.message_count(), 1000);
        let mut sks = std::collections::HashSet::new();
        for i in 0..GROUP_SIZE {
            let v: Value = serde_json::from_str(&c.message_item(i)).unwrap();
            let sk = v["sk"]["S"].as_str().unwrap().to_string();
            assert!(sk.starts_with("2024-"), "{sk}");
            assert!(sks.insert(sk));
        }
        for k in 0..2 * c.groups.len() {
            let _: Value = serde_json::from_str(&c.group_item(k)).unwrap();
        }
    }

    #[test]
    fn scan_pages_follow_last_evaluated_key() {
        let plan = plan(&params("scan", 3)).unwrap();
        let mut conn = (plan.make_conn)(0, 0);
        let first = conn.next();
        assert!(!String::from_utf8_lossy(&first.body).contains("ExclusiveStartKey"));
        let n = conn
            .done(0, br#"{"Count":2,"Items":[{},{}],"LastEvaluatedKey":{"pk":{"S":"item#7"},"sk":{"S":"v"}},"ScannedCount":2}"#, false)
            .unwrap();
        assert_eq!(n, 2);
        let second = conn.next();
        assert!(String::from_utf8_lossy(&second.body)
            .contains(r#""ExclusiveStartKey":{"pk":{"S":"item#7"},"sk":{"S":"v"}}"#));
        conn.done(0, br#"{"Count":1,"Items":[{}],"ScannedCount":1}"#, true)
            .unwrap();
        assert!(!String::from_utf8_lossy(&conn.next().body).contains("ExclusiveStartKey"));
    }
}
