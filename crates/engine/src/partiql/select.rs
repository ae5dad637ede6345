//! SELECT, planned onto GetItem, Query or Scan. DynamoDB's order: the table, the index, a
//! consistent read of a global index, ORDER BY's rules; then the read itself. A WHERE that
//! pins the whole primary key of the table (and nothing else) reads one item, as GetItem; one
//! that pins the partition key runs one Query per value; anything else scans.

use std::collections::BTreeSet;

use ddb_model::key_encoding::encode_key_value;
use ddb_model::{AttributeValue, DynamoResult, Item};
use ddb_partiql::{Direction, Expr, Path, PathStep, Projection, Select};
use ddb_wire::{EnumValue, GetItemInput, QueryInput, ReturnConsumedCapacity, ScanInput, StartKey};

use super::capacity;
use super::fault::{Fault, FaultResult};
use super::key::{self, Access, QueryShape};
use super::native::Native;
use super::next_token::Resume;
use super::value::{value_of, Params};
use crate::ops::get_item::{get_item, FoundItem};
use crate::ops::{query::query, scan::scan};
use crate::page::PageItem;
use crate::schema::{IndexKind, KeySchema, TableDef};
use crate::Engine;

/// The request members a SELECT's reads take from ExecuteStatement.
pub struct ReadOptions {
    /// `ConsistentRead`.
    pub consistent: bool,
    /// `Limit`: the most items to evaluate.
    pub limit: Option<i32>,
    /// `NextToken`, already checked against the request.
    pub resume: Option<Resume>,
    /// `ReturnConsumedCapacity`.
    pub capacity: Option<EnumValue<ReturnConsumedCapacity>>,
    /// The request's fingerprint, for the NextToken it answers with.
    pub fingerprint: u64,
}

/// One page of a SELECT's answer.
pub struct SelectPage {
    /// The items, projected as the SELECT list says.
    pub items: Vec<PageItem>,
    /// Where the next page starts.
    pub next_token: Option<String>,
    /// What the reads consumed, when asked.
    pub consumed_capacity: Option<ddb_wire::ConsumedCapacity>,
}

/// A SELECT with every check made.
struct Plan {
    target: Target,
    read: Read,
    projection: Option<Projected>,
}

/// What every native request of a plan names: the table or index, and the placeholders.
struct Target {
    table: String,
    index: Option<String>,
    native: Native,
}

/// The SELECT list when it names paths: the roots to fetch, and the paths to answer with.
pub struct Projected {
    /// The ProjectionExpression fetching the paths' roots (placeholders in the `Native`).
    pub expression: String,
    /// The paths, each answered under its last member.
    pub paths: Vec<Path>,
}

/// How the items are read.
enum Read {
    /// One item by its whole primary key.
    Get(Item),
    /// One Query per partition-key value.
    Query(Queries),
    /// A Scan.
    Scan { filter: Option<String> },
}

/// One Query per partition-key value, each the same key condition with the value behind
/// `placeholder` replaced.
struct Queries {
    placeholder: String,
    hash_values: Vec<AttributeValue>,
    key_condition: String,
    filter: Option<String>,
    forward: bool,
}

/// Runs a SELECT: one page of its items.
pub fn select(
    engine: &Engine,
    statement: &Select,
    params: Params<'_>,
    options: ReadOptions,
) -> DynamoResult<SelectPage> {
    let plan = plan(engine, statement, params, options.consistent)?;
    execute(engine, plan, options)
}

fn plan(
    engine: &Engine,
    statement: &Select,
    params: Params<'_>,
    consistent: bool,
) -> DynamoResult<Plan> {
    let def = engine.table(&statement.from.table)?;
    let schema = read_schema(&def, statement.from.index.as_deref(), consistent)?;
    let mut native = Native::default();
    let projection = projected(&statement.projection, &mut native)?;
    if let Some(w) = &statement.where_clause {
        if key::overlapping_range_conditions(w, schema) {
            return Err(Fault::OverlappingRangeConditions.into());
        }
    }
    let access = key::access(statement.where_clause.as_ref(), schema);
    let order = order(statement, schema, &access)?;
    let read = match access {
        Access::Scan => Read::Scan {
            filter: match &statement.where_clause {
                Some(w) => Some(native.condition(w, params)?),
                None => None,
            },
        },
        Access::Query(shape) => {
            match whole_key(&shape, schema, statement.from.index.is_none(), params)? {
                Some(key) => Read::Get(key),
                None => query_read(&shape, schema, order, &mut native, params)?,
            }
        }
    };
    Ok(Plan {
        target: Target {
            table: statement.from.table.clone(),
            index: statement.from.index.clone(),
            native,
        },
        read,
        projection,
    })
}

/// The key schema the read follows: the table's, or its index's.
fn read_schema<'a>(
    def: &'a TableDef,
    index: Option<&str>,
    consistent: bool,
) -> FaultResult<&'a KeySchema> {
    let Some(name) = index else {
        return Ok(&def.key);
    };
    let index = def.index(name).ok_or(Fault::NoSuchIndex)?;
    refuse_multi_attribute(&index.key)?;
    if consistent && index.kind == IndexKind::Global {
        return Err(Fault::StrongReadOnGlobalIndex);
    }
    Ok(&index.key)
}

/// DynamoDB runs no PartiQL read of an index keyed by several partition or sort key
/// attributes; it says so ahead of the statement's key types, WHERE and ORDER BY, and the
/// table's own key is read as usual (paritysuite/dynamodb-conformance tier3 error-messages
/// partiqlMultiAttributeIndex, AWS 2026).
pub fn refuse_multi_attribute(index_key: &KeySchema) -> FaultResult<()> {
    if index_key.is_multi_attribute() {
        return Err(Fault::MultiAttributeIndex);
    }
    Ok(())
}

/// The projection to fetch (the roots of the SELECT list's paths), and the paths.
pub fn projected(projection: &Projection, native: &mut Native) -> FaultResult<Option<Projected>> {
    let paths = match projection {
        Projection::All => return Ok(None),
        Projection::Call { at, .. } => return Err(Fault::UnexpectedPathComponent(*at)),
        Projection::Paths(paths) => paths,
    };
    let mut answered = BTreeSet::new();
    for p in paths {
        let name = answer_name(p);
        if !answered.insert(name.clone()) {
            return Err(Fault::DuplicateSelectIdentifier(name));
        }
    }
    let mut roots: Vec<&str> = Vec::new();
    for p in paths {
        if !roots.contains(&p.root.as_str()) {
            roots.push(&p.root);
        }
    }
    let expression = roots
        .iter()
        .map(|r| native.name(r))
        .collect::<Vec<_>>()
        .join(", ");
    Ok(Some(Projected {
        expression,
        paths: paths.clone(),
    }))
}

/// The name a projected path answers under: its last member (or root) with any list indexes
/// that follow it (`m.k[1]` answers as `k[1]`).
fn answer_name(path: &Path) -> String {
    let mut name = path.root.clone();
    for step in &path.steps {
        match step {
            PathStep::Member(m) => name = m.clone(),
            PathStep::Index(i) => name.push_str(&format!("[{i}]")),
        }
    }
    name
}

/// The item with only the SELECT list's paths, each under its answer name; an item without
/// any of them answers as `{}`.
pub fn answer(item: &Item, paths: &[Path]) -> Item {
    let mut out = Item::new();
    for path in paths {
        if let Some(v) = value_at(item, path) {
            out.insert(answer_name(path), v.clone());
        }
    }
    out
}

fn value_at<'a>(item: &'a Item, path: &Path) -> Option<&'a AttributeValue> {
    let mut at = item.get(&path.root)?;
    for step in &path.steps {
        at = match (step, at) {
            (PathStep::Member(m), AttributeValue::M(map)) => map.get(m)?,
            (PathStep::Index(i), AttributeValue::L(list)) => list.get(*i as usize)?,
            _ => return None,
        };
    }
    Some(at)
}

/// Which way the partition-key values and the sort key go, after ORDER BY's checks.
#[derive(Clone, Copy)]
struct Order {
    /// Sort the partition-key values (by `Direction`) rather than keep the written order.
    hash: Option<Direction>,
    /// The sort key's direction.
    range: Direction,
}

fn order(statement: &Select, schema: &KeySchema, access: &Access<'_>) -> FaultResult<Order> {
    let mut order = Order {
        hash: None,
        range: Direction::Asc,
    };
    if statement.order_by.is_empty() {
        return Ok(order);
    }
    if statement.where_clause.is_none() {
        return Err(Fault::OrderByWithoutWhere);
    }
    let Access::Query(shape) = access else {
        return Err(Fault::OrderByWithoutHashCondition);
    };
    for key in &statement.order_by {
        let name = answer_name(&key.path);
        let plain = key.path.steps.is_empty();
        if plain && key.path.root == schema.hash.name {
            order.hash = Some(key.direction);
        } else if plain
            && schema
                .range
                .as_ref()
                .is_some_and(|r| r.name == key.path.root)
        {
            order.range = key.direction;
        } else {
            return Err(Fault::OrderByNonKey(name));
        }
    }
    if shape.hash_values.len() > 1 && order.hash.is_none() {
        return Err(Fault::OrderByNeedsHashKey);
    }
    Ok(order)
}

/// The primary key, when the WHERE of a table read is exactly an equality on each key
/// attribute: then the SELECT reads one item.
fn whole_key(
    shape: &QueryShape<'_>,
    schema: &KeySchema,
    on_table: bool,
    params: Params<'_>,
) -> FaultResult<Option<Item>> {
    let [hash] = shape.hash_values.as_slice() else {
        return Ok(None);
    };
    if !on_table || !shape.filter.is_empty() {
        return Ok(None);
    }
    let mut key = Item::new();
    key.insert(schema.hash.name.clone(), bound(hash, params)?);
    if let Some(range) = &schema.range {
        let Some(v) = shape.range.and_then(|t| key::equality(t, &range.name)) else {
            return Ok(None);
        };
        key.insert(range.name.clone(), bound(v, params)?);
    } else if shape.range.is_some() {
        return Ok(None);
    }
    Ok(Some(key))
}

fn bound(expr: &Expr, params: Params<'_>) -> FaultResult<AttributeValue> {
    value_of(expr, params, "root")?.ok_or(Fault::UnsupportedOperation("Expression"))
}

fn query_read(
    shape: &QueryShape<'_>,
    schema: &KeySchema,
    order: Order,
    native: &mut Native,
    params: Params<'_>,
) -> FaultResult<Read> {
    let mut hash_values: Vec<AttributeValue> = Vec::new();
    for v in &shape.hash_values {
        let v = bound(v, params)?;
        if !hash_values.contains(&v) {
            hash_values.push(v);
        }
    }
    if let Some(direction) = order.hash {
        hash_values.sort_by_cached_key(|v| {
            let mut bytes = Vec::new();
            encode_key_value(v, &mut bytes);
            bytes
        });
        if direction == Direction::Desc {
            hash_values.reverse();
        }
    }
    let hash_name = native.name(&schema.hash.name);
    let placeholder = native.value(hash_values[0].clone());
    let mut key_condition = format!("{hash_name} = {placeholder}");
    if let Some(range) = shape.range {
        key_condition.push_str(" AND ");
        key_condition.push_str(&native.condition(range, params)?);
    }
    let filter = native.conjunction(&shape.filter, params)?;
    Ok(Read::Query(Queries {
        placeholder,
        hash_values,
        key_condition,
        filter,
        forward: order.range == Direction::Asc,
    }))
}

fn execute(engine: &Engine, plan: Plan, options: ReadOptions) -> DynamoResult<SelectPage> {
    let Plan {
        target,
        read,
        projection: projected,
    } = plan;
    let projection = projected.as_ref().map(|p| p.expression.clone());
    let mut page = match read {
        Read::Get(key) => {
            let names = target.native.placeholders().names;
            let output = get_item(
                engine,
                GetItemInput {
                    table_name: Some(target.table),
                    key: Some(key),
                    consistent_read: Some(options.consistent),
                    return_consumed_capacity: options.capacity.clone(),
                    projection_expression: projection,
                    expression_attribute_names: names,
                    ..Default::default()
                },
            )?;
            SelectPage {
                items: output.item.into_iter().map(found).collect(),
                next_token: None,
                consumed_capacity: output.consumed_capacity.map(Into::into),
            }
        }
        Read::Scan { filter } => scan_page(engine, &target, filter, projection, &options)?,
        Read::Query(queries) => query_pages(engine, &target, &queries, projection, &options)?,
    };
    if let Some(projected) = &projected {
        let mut answered = Vec::with_capacity(page.items.len());
        for item in page.items {
            answered.push(PageItem::Decoded(answer(
                &item.into_item()?,
                &projected.paths,
            )));
        }
        page.items = answered;
    }
    Ok(page)
}

fn found(item: FoundItem) -> PageItem {
    match item {
        FoundItem::Whole(stored) => PageItem::Stored(stored),
        FoundItem::Projected(item) => PageItem::Decoded(item),
    }
}

fn scan_page(
    engine: &Engine,
    plan: &Target,
    filter: Option<String>,
    projection: Option<String>,
    options: &ReadOptions,
) -> DynamoResult<SelectPage> {
    let placeholders = plan.native.placeholders();
    let output = scan(
        engine,
        ScanInput {
            table_name: Some(plan.table.clone()),
            index_name: plan.index.clone(),
            limit: options.limit,
            exclusive_start_key: options
                .resume
                .as_ref()
                .and_then(|r| r.after.clone())
                .map(|k| StartKey(Ok(k))),
            return_consumed_capacity: options.capacity.clone(),
            projection_expression: projection,
            filter_expression: filter,
            expression_attribute_names: placeholders.names,
            expression_attribute_values: placeholders.values,
            consistent_read: Some(options.consistent),
            ..Default::default()
        },
    )?;
    Ok(SelectPage {
        items: output.items.unwrap_or_default(),
        next_token: output
            .last_evaluated_key
            .map(|k| Resume::new(options.fingerprint, 0, Some(k)).encode()),
        consumed_capacity: output.consumed_capacity.map(Into::into),
    })
}

/// Queries the partition-key values in turn, from where the token says, until `Limit` items
/// were evaluated or a Query stops early.
fn query_pages(
    engine: &Engine,
    plan: &Target,
    queries: &Queries,
    projection: Option<String>,
    options: &ReadOptions,
) -> DynamoResult<SelectPage> {
    let Queries {
        placeholder,
        hash_values,
        key_condition,
        filter,
        forward,
    } = queries;
    let mut native = plan.native.clone();
    let start = options.resume.as_ref().map_or(0, |r| r.hash_index);
    let mut after = options.resume.as_ref().and_then(|r| r.after.clone());
    let mut remaining = options.limit;
    let mut page = SelectPage {
        items: Vec::new(),
        next_token: None,
        consumed_capacity: None,
    };
    for (i, value) in hash_values.iter().enumerate().skip(start) {
        if remaining == Some(0) {
            page.next_token = Some(Resume::new(options.fingerprint, i, None).encode());
            break;
        }
        native.set_value(placeholder, value.clone());
        let placeholders = native.placeholders();
        let output = query(
            engine,
            QueryInput {
                table_name: Some(plan.table.clone()),
                index_name: plan.index.clone(),
                limit: remaining,
                consistent_read: Some(options.consistent),
                scan_index_forward: Some(*forward),
                exclusive_start_key: after.take().map(|k| StartKey(Ok(k))),
                return_consumed_capacity: options.capacity.clone(),
                projection_expression: projection.clone(),
                filter_expression: filter.clone(),
                key_condition_expression: Some(key_condition.clone()),
                expression_attribute_names: placeholders.names,
                expression_attribute_values: placeholders.values,
                ..Default::default()
            },
        )?;
        capacity::add(
            &mut page.consumed_capacity,
            output.consumed_capacity.map(Into::into),
        );
        page.items.extend(output.items.unwrap_or_default());
        remaining = remaining.map(|r| r.saturating_sub(output.scanned_count as i32));
        if let Some(k) = output.last_evaluated_key {
            page.next_token = Some(Resume::new(options.fingerprint, i, Some(k)).encode());
            break;
        }
    }
    Ok(page)
}
