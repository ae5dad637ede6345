//! INSERT, UPDATE, DELETE and EXISTS, planned onto PutItem, UpdateItem, DeleteItem and (in a
//! transaction) ConditionCheck. PartiQL's write rules become native conditions:
//! - INSERT never overwrites: `attribute_not_exists(<partition key>)`, and a failure is
//!   DuplicateItemException;
//! - UPDATE never creates: `attribute_exists(<partition key>) AND <the other terms>`;
//! - DELETE of a missing item succeeds whatever the other terms say:
//!   `attribute_not_exists(<partition key>) OR (<the other terms>)`;
//! - EXISTS holds when the item exists and the other terms hold of it.

use ddb_model::{DynamoError, DynamoResult, ErrorKind, Item};
use ddb_partiql::{Delete, Insert, ReturnImage, ReturnScope, Returning, Select, Update};
use ddb_wire::{
    ConditionCheck, ConsumedCapacity, DeleteItemInput, EnumValue, PutItemInput,
    ReturnConsumedCapacity, ReturnValue, ReturnValuesOnConditionCheckFailure, TransactWriteItem,
    UpdateItemInput,
};

use super::fault::{Fault, FaultResult};
use super::key::write_where;
use super::native::{group, Native};
use super::value::{item_value, value_of, Params};
use crate::ops::{delete_item::delete_item, put_item::put_item, update_item::update_item};
use crate::schema::TableDef;
use crate::Engine;

/// A write statement as one native write.
pub struct NativeWrite {
    /// The table written.
    pub table: String,
    /// What is done to which item.
    pub action: Action,
    /// The condition the item must meet.
    pub condition: Option<String>,
    /// The placeholders of the condition and update expressions.
    native: Native,
    /// The RETURNING clause.
    pub returning: Option<Returning>,
}

/// The native write a statement becomes.
pub enum Action {
    /// INSERT: PutItem of the item.
    Put(Item),
    /// UPDATE: UpdateItem of the item with this key, by this update expression.
    Update(Item, String),
    /// DELETE: DeleteItem of the item with this key.
    Delete(Item),
    /// EXISTS: a transaction's ConditionCheck of the item with this key.
    Check(Item),
}

impl NativeWrite {
    /// The key of the item written (`table` tells which table's key it is).
    pub fn key(&self, def: &TableDef) -> Item {
        match &self.action {
            Action::Put(item) => def
                .key
                .attributes()
                .filter_map(|a| item.get(&a.name).map(|v| (a.name.clone(), v.clone())))
                .collect(),
            Action::Update(key, _) | Action::Delete(key) | Action::Check(key) => key.clone(),
        }
    }
}

/// A statement that writes (EXISTS: a transaction's condition check).
#[derive(Clone, Copy)]
pub enum WriteStatement<'a> {
    /// `INSERT INTO t VALUE {…}`.
    Insert(&'a Insert),
    /// `UPDATE t SET … WHERE …`.
    Update(&'a Update),
    /// `DELETE FROM t WHERE …`.
    Delete(&'a Delete),
    /// `EXISTS(SELECT … WHERE …)`.
    Exists(&'a Select),
}

impl WriteStatement<'_> {
    /// The RETURNING clause, when the statement has one.
    pub fn returning(&self) -> Option<Returning> {
        match self {
            WriteStatement::Update(u) => u.returning,
            WriteStatement::Delete(d) => d.returning,
            WriteStatement::Insert(_) | WriteStatement::Exists(_) => None,
        }
    }
}

/// Plans a write statement onto its native write.
pub fn plan_write(
    engine: &Engine,
    statement: WriteStatement<'_>,
    params: Params<'_>,
) -> DynamoResult<NativeWrite> {
    match statement {
        WriteStatement::Insert(insert) => plan_insert(engine, insert, params),
        WriteStatement::Update(update) => plan_update(engine, update, params),
        WriteStatement::Delete(delete) => plan_delete(engine, delete, params),
        WriteStatement::Exists(select) => plan_exists(engine, select, params),
    }
}

fn plan_insert(engine: &Engine, insert: &Insert, params: Params<'_>) -> DynamoResult<NativeWrite> {
    let item =
        item_value(&insert.item, params)?.ok_or(Fault::UnsupportedOperation("Expression"))?;
    let def = engine.table(&insert.table)?;
    let mut native = Native::default();
    let hash = native.name(&def.key.hash.name);
    Ok(NativeWrite {
        table: insert.table.clone(),
        action: Action::Put(item),
        condition: Some(format!("attribute_not_exists({hash})")),
        native,
        returning: None,
    })
}

/// The table of an UPDATE or DELETE, refusing an index before the table is looked up.
fn write_table(
    engine: &Engine,
    table: &ddb_partiql::TableRef,
) -> DynamoResult<std::sync::Arc<TableDef>> {
    if table.index.is_some() {
        return Err(Fault::WriteOnIndex.into());
    }
    engine.table(&table.table)
}

/// The key a write's WHERE pins, and its other terms as one condition (placeholders in
/// `native`).
fn keyed(
    def: &TableDef,
    where_clause: Option<&ddb_partiql::Expr>,
    native: &mut Native,
    params: Params<'_>,
) -> FaultResult<(Item, Option<String>)> {
    let split = write_where(where_clause, &def.key)?;
    let mut key = Item::new();
    for (name, v) in split.key {
        let v = value_of(v, params, "root")?.ok_or(Fault::MandatoryKeyEquality)?;
        key.insert(name, v);
    }
    Ok((key, native.conjunction(&split.rest, params)?))
}

fn plan_update(engine: &Engine, update: &Update, params: Params<'_>) -> DynamoResult<NativeWrite> {
    let def = write_table(engine, &update.table)?;
    let mut native = Native::default();
    let (key, rest) = keyed(&def, update.where_clause.as_ref(), &mut native, params)?;
    let hash = native.name(&def.key.hash.name);
    let exists = format!("attribute_exists({hash})");
    let condition = match rest {
        Some(rest) => format!("{exists} AND {}", group(&rest)),
        None => exists,
    };
    let expression = native.update(&update.actions, params)?;
    Ok(NativeWrite {
        table: update.table.table.clone(),
        action: Action::Update(key, expression),
        condition: Some(condition),
        native,
        returning: update.returning,
    })
}

fn plan_delete(engine: &Engine, delete: &Delete, params: Params<'_>) -> DynamoResult<NativeWrite> {
    let def = write_table(engine, &delete.table)?;
    let mut native = Native::default();
    let (key, rest) = keyed(&def, delete.where_clause.as_ref(), &mut native, params)?;
    let condition = match rest {
        Some(rest) => {
            let hash = native.name(&def.key.hash.name);
            Some(format!("attribute_not_exists({hash}) OR {}", group(&rest)))
        }
        None => None,
    };
    Ok(NativeWrite {
        table: delete.table.table.clone(),
        action: Action::Delete(key),
        condition,
        native,
        returning: delete.returning,
    })
}

fn plan_exists(engine: &Engine, select: &Select, params: Params<'_>) -> DynamoResult<NativeWrite> {
    if select.from.index.is_some() {
        return Err(Fault::TransactionIndexRead.into());
    }
    // What EXISTS selects is never read, but a function there is refused as in any SELECT.
    if let ddb_partiql::Projection::Call { at, .. } = &select.projection {
        return Err(Fault::UnexpectedPathComponent(*at).into());
    }
    let def = engine.table(&select.from.table)?;
    let mut native = Native::default();
    let (key, rest) = keyed(&def, select.where_clause.as_ref(), &mut native, params)?;
    let Some(rest) = rest else {
        return Err(Fault::ExistsNeedsCondition.into());
    };
    let hash = native.name(&def.key.hash.name);
    Ok(NativeWrite {
        table: select.from.table.clone(),
        action: Action::Check(key),
        condition: Some(format!("attribute_exists({hash}) AND {}", group(&rest))),
        native,
        returning: None,
    })
}

/// ReturnValues for a RETURNING clause.
fn return_values(returning: Option<Returning>) -> Option<EnumValue<ReturnValue>> {
    let r = returning?;
    Some(EnumValue::Known(match (r.scope, r.image) {
        (ReturnScope::All, ReturnImage::Old) => ReturnValue::AllOld,
        (ReturnScope::All, ReturnImage::New) => ReturnValue::AllNew,
        (ReturnScope::Modified, ReturnImage::Old) => ReturnValue::UpdatedOld,
        (ReturnScope::Modified, ReturnImage::New) => ReturnValue::UpdatedNew,
    }))
}

/// The request members a write takes from its request.
#[derive(Clone, Default)]
pub struct WriteOptions {
    /// `ReturnConsumedCapacity`.
    pub capacity: Option<EnumValue<ReturnConsumedCapacity>>,
    /// `ReturnValuesOnConditionCheckFailure`.
    pub on_failure: Option<EnumValue<ReturnValuesOnConditionCheckFailure>>,
}

/// What a write answers: the RETURNING items (none, or one) and the capacity it consumed.
pub struct WriteOutcome {
    /// `Items`: the RETURNING image when there is one and it is not empty.
    pub items: Vec<Item>,
    /// What the write consumed, when asked.
    pub consumed_capacity: Option<ConsumedCapacity>,
}

/// Runs a write statement alone (ExecuteStatement, or one member of BatchExecuteStatement).
pub fn run_write(
    engine: &Engine,
    write: NativeWrite,
    options: WriteOptions,
) -> DynamoResult<WriteOutcome> {
    let placeholders = write.native.placeholders();
    let return_values = return_values(write.returning);
    let (attributes, consumed_capacity) = match write.action {
        Action::Put(item) => {
            let output = put_item(
                engine,
                PutItemInput {
                    table_name: Some(write.table),
                    item: Some(item),
                    condition_expression: write.condition,
                    expression_attribute_names: placeholders.names,
                    expression_attribute_values: placeholders.values,
                    return_consumed_capacity: options.capacity,
                    ..Default::default()
                },
            )
            .map_err(duplicate_item)?;
            (output.attributes, output.consumed_capacity)
        }
        Action::Update(key, expression) => {
            let output = update_item(
                engine,
                UpdateItemInput {
                    table_name: Some(write.table),
                    key: Some(key),
                    return_values,
                    return_consumed_capacity: options.capacity,
                    update_expression: Some(expression),
                    condition_expression: write.condition,
                    expression_attribute_names: placeholders.names,
                    expression_attribute_values: placeholders.values,
                    return_values_on_condition_check_failure: options.on_failure,
                    ..Default::default()
                },
            )?;
            (output.attributes, output.consumed_capacity)
        }
        // A condition check writes nothing: it exists only inside a transaction.
        Action::Check(_) => return Err(Fault::ExistsOutsideTransaction.into()),
        Action::Delete(key) => {
            let output = delete_item(
                engine,
                DeleteItemInput {
                    table_name: Some(write.table),
                    key: Some(key),
                    return_values,
                    return_consumed_capacity: options.capacity,
                    condition_expression: write.condition,
                    expression_attribute_names: placeholders.names,
                    expression_attribute_values: placeholders.values,
                    return_values_on_condition_check_failure: options.on_failure,
                    ..Default::default()
                },
            )?;
            (output.attributes, output.consumed_capacity)
        }
    };
    Ok(WriteOutcome {
        items: attributes.filter(|a| !a.is_empty()).into_iter().collect(),
        consumed_capacity,
    })
}

/// An INSERT's failed existence condition is DynamoDB's DuplicateItemException.
fn duplicate_item(e: DynamoError) -> DynamoError {
    if e.kind == ErrorKind::ConditionalCheckFailed {
        Fault::DuplicateItem.into()
    } else {
        e
    }
}

/// The write as one action of TransactWriteItems.
pub fn transact_item(
    write: NativeWrite,
    on_failure: Option<EnumValue<ReturnValuesOnConditionCheckFailure>>,
) -> TransactWriteItem {
    let placeholders = write.native.placeholders();
    let (names, values) = (placeholders.names, placeholders.values);
    let table_name = Some(write.table);
    let condition_expression = write.condition;
    match write.action {
        Action::Put(item) => TransactWriteItem {
            put: Some(ddb_wire::Put {
                item: Some(item),
                table_name,
                condition_expression,
                expression_attribute_names: names,
                expression_attribute_values: values,
                return_values_on_condition_check_failure: on_failure,
            }),
            ..Default::default()
        },
        Action::Update(key, expression) => TransactWriteItem {
            update: Some(ddb_wire::Update {
                key: Some(key),
                update_expression: Some(expression),
                table_name,
                condition_expression,
                expression_attribute_names: names,
                expression_attribute_values: values,
                return_values_on_condition_check_failure: on_failure,
            }),
            ..Default::default()
        },
        Action::Delete(key) => TransactWriteItem {
            delete: Some(ddb_wire::Delete {
                key: Some(key),
                table_name,
                condition_expression,
                expression_attribute_names: names,
                expression_attribute_values: values,
                return_values_on_condition_check_failure: on_failure,
            }),
            ..Default::default()
        },
        Action::Check(key) => TransactWriteItem {
            condition_check: Some(ConditionCheck {
                key: Some(key),
                table_name,
                condition_expression,
                expression_attribute_names: names,
                expression_attribute_values: values,
                return_values_on_condition_check_failure: on_failure,
            }),
            ..Default::default()
        },
    }
}
