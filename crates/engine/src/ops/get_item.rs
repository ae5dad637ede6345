//! GetItem.

use std::collections::HashMap;

use serde::{Deserialize, Serialize, Serializer};

use ddb_expr::{project, ExpressionContext};
use ddb_model::capacity::{read_units, ReadKind};
use ddb_model::codec::{CodecError, StoredItem};
use ddb_model::{DynamoError, DynamoResult, Item};

use crate::capacity::{ConsumedCapacity, Consumption, ReturnCapacity, UnitKind};
use crate::constraints::{quoted, Violations};
use crate::expression_params::check_expression_maps;
use crate::keys::{check_scalar_key_paths, key_from_param};
use crate::projection::read_projection;
use crate::Engine;

/// GetItem's request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetItemInput {
    /// `TableName`: the table's name (or, where DynamoDB allows it, its ARN).
    pub table_name: Option<String>,
    /// `Key`: the item's primary key attributes.
    pub key: Option<Item>,
    /// `AttributesToGet`: the legacy list of attributes to return.
    pub attributes_to_get: Option<Vec<String>>,
    /// `ProjectionExpression`: which attributes to return.
    pub projection_expression: Option<String>,
    /// `ExpressionAttributeNames`: `#name` placeholders used in the expressions.
    pub expression_attribute_names: Option<HashMap<String, String>>,
    /// `ConsistentRead`: whether the read is strongly consistent.
    #[serde(default, deserialize_with = "ddb_model::value::lenient_bool")]
    pub consistent_read: Option<bool>,
    /// `ReturnConsumedCapacity`: whether, and in what detail, the response reports capacity.
    pub return_consumed_capacity: Option<String>,
}

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
    let mut v = Violations::new();
    v.table_name(input.table_name.as_deref(), "tableName");
    v.require(&input.key, "key");
    if let Some(a) = &input.attributes_to_get {
        v.min_members(Some(a.len()), || quoted("[]"), "attributesToGet", 1);
    }
    v.into_result()?;
    let capacity = ReturnCapacity::parse(input.return_consumed_capacity.as_deref())?;
    let names = input.expression_attribute_names.as_ref();
    check_expression_maps(names, None, input.projection_expression.is_some())?;
    let mut ctx = ExpressionContext::new(names, None);
    let projection = read_projection(
        input.projection_expression.as_deref(),
        input.attributes_to_get.as_deref(),
        &mut ctx,
    )?;
    ctx.check_all_used()?;
    let table_name = input.table_name.expect("checked");
    let def = engine.table(&table_name)?;
    let key = key_from_param(input.key.as_ref().expect("checked"), &def.key)?;
    if let Some(p) = &projection {
        check_scalar_key_paths(p, &def)?;
    }
    let stored = engine.read_stored_item(&def, &key)?;
    let kind = ReadKind::from_consistent(input.consistent_read.unwrap_or(false));
    let size = stored
        .as_ref()
        .map_or(Ok(0), StoredItem::size)
        .map_err(corrupt)?;
    let item = match (stored, &projection) {
        (Some(stored), Some(paths)) => Some(FoundItem::Projected(project(
            &stored.decode().map_err(corrupt)?,
            paths,
        ))),
        (Some(stored), None) => Some(FoundItem::Whole(stored)),
        (None, _) => None,
    };
    let mut consumption = Consumption::new(&table_name, UnitKind::Read);
    consumption.table = read_units(size, kind);
    Ok(GetItemOutput {
        item,
        consumed_capacity: consumption.report(capacity),
    })
}
