//! GetItem.

use std::sync::Arc;

use serde::{Serialize, Serializer};

use ddb_expr::{project, ExpressionContext, Path};
use ddb_model::capacity::{read_units, ReadKind};
use ddb_model::codec::{CodecError, StoredItem};
use ddb_model::{DynamoError, DynamoResult, Item};

use crate::capacity::{ConsumedCapacity, Consumption, ReturnCapacity, UnitKind};
use crate::expression_params::check_expression_maps;
use crate::keys::{check_scalar_key_paths, key_from_param, PrimaryKey};
use crate::projection::read_projection;
use crate::schema::TableDef;
use crate::throttling::Target;
use crate::Engine;

pub use ddb_wire::GetItemInput;

/// GetItem's response.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetItemOutput {
    /// `Item`: the item found, absent when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<FoundItem>,
    /// `ConsumedCapacity`: what the read consumed, when asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consumed_capacity: Option<ConsumedCapacity>,
}

/// The item GetItem answers with: as stored when it goes out whole (serialized from its bytes,
/// never decoded), decoded when a projection picks parts of it.
#[derive(Debug)]
pub enum FoundItem {
    /// The stored item, serialized straight from its bytes.
    Whole(StoredItem),
    /// The attributes a projection picked.
    Projected(Item),
}

impl Serialize for FoundItem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            FoundItem::Whole(stored) => stored.serialize(serializer),
            FoundItem::Projected(item) => item.serialize(serializer),
        }
    }
}

fn corrupt(e: CodecError) -> DynamoError {
    DynamoError::internal(e.to_string())
}

/// GetItem: the item with `Key`, whole or projected.
pub fn get_item(engine: &Engine, input: GetItemInput) -> DynamoResult<GetItemOutput> {
    let plan = plan(engine, input)?;
    execute(engine, plan)
}

/// A GetItem with every check made.
struct Plan {
    table: Arc<TableDef>,
    key: PrimaryKey,
    projection: Option<Vec<Path>>,
    read: ReadKind,
    capacity: ReturnCapacity,
}

/// DynamoDB's checks for GetItem, in its order: the request's constraints, the expression
/// maps and projection, then the table, the key and the projection against the key.
fn plan(engine: &Engine, input: GetItemInput) -> DynamoResult<Plan> {
    let input = input.validate()?;
    let names = input.expression_attribute_names.as_ref();
    check_expression_maps(names, None, input.projection_expression.is_some())?;
    let mut ctx = ExpressionContext::new(names, None);
    let projection = read_projection(
        input.projection_expression.as_deref(),
        input.attributes_to_get.as_deref(),
        &mut ctx,
    )?;
    ctx.check_all_used()?;
    let table = engine.table(&input.table_name)?;
    let key = key_from_param(&input.key, &table.key)?;
    if let Some(p) = &projection {
        check_scalar_key_paths(p, &table)?;
    }
    Ok(Plan {
        table,
        key,
        projection,
        read: ReadKind::from_consistent(input.consistent_read.unwrap_or(false)),
        capacity: input.return_consumed_capacity.into(),
    })
}

/// Reads the item, as stored when it goes out whole.
fn execute(engine: &Engine, plan: Plan) -> DynamoResult<GetItemOutput> {
    let partition_key = std::slice::from_ref(&plan.key.hash);
    let admission = engine.admit(
        &plan.table,
        Target::Table,
        UnitKind::Read,
        Some(partition_key),
    )?;
    let stored = engine.read_stored_item(&plan.table, &plan.key)?;
    let size = stored
        .as_ref()
        .map_or(Ok(0), StoredItem::size)
        .map_err(corrupt)?;
    let item = match (stored, &plan.projection) {
        (Some(stored), Some(paths)) => Some(FoundItem::Projected(project(
            &stored.decode().map_err(corrupt)?,
            paths,
        ))),
        (Some(stored), None) => Some(FoundItem::Whole(stored)),
        (None, _) => None,
    };
    let mut consumption = Consumption::new(&plan.table.name, UnitKind::Read);
    consumption.table = read_units(size, plan.read);
    engine.charge(&plan.table, Target::Table, &consumption, admission);
    Ok(GetItemOutput {
        item,
        consumed_capacity: consumption.report(plan.capacity),
    })
}
