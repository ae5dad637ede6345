//! TransactWriteItems: up to 100 condition checks, puts, updates and deletes, on distinct
//! items of any tables, all applied in one atomic batch or none at all.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use ddb_expr::{
    evaluate, parse_condition, parse_update, Condition, ExpressionContext, ExpressionKind,
    UpdateExpression,
};
use ddb_model::error::CancellationReason;
use ddb_model::{AttributeValue, DynamoError, DynamoResult, ErrorKind, Item};
use ddb_wire::{valid, TransactWriteItemsOutput};

use crate::capacity::{Consumption, ReturnCapacity, UnitKind};
use crate::conditional_write::{check_depth, check_nesting, returns_item_on_failure};
use crate::expression_params::check_expression_maps;
use crate::invalid::Invalid;
use crate::item_write::{Decision, StagedWrites};
use crate::keys::{index_key_of_item, is_key_misfit, key_from_param, key_of_new_item, PrimaryKey};
use crate::layout::item_key;
use crate::schema::TableDef;
use crate::throttling::{cancellation_code, Admission, Target as CapacityTarget};
use crate::token_log::{replay_capacity, Answer};
use crate::Engine;

pub use ddb_wire::TransactWriteItemsInput;

/// The most item bytes one transaction may write (DynamoDB's 4 MB aggregate).
pub const MAX_TRANSACTION_BYTES: usize = 4 * 1024 * 1024;

/// TransactWriteItems from its JSON body, honouring ClientRequestToken ([`TokenLog::once`]).
///
/// [`TokenLog::once`]: crate::token_log::TokenLog::once
pub fn run_idempotent(engine: &Engine, body: &[u8]) -> DynamoResult<Vec<u8>> {
    // Its attribute-value faults are worded by DynamoDB's older layer (`ValueLayer`).
    let input = ddb_wire::decode::<TransactWriteItemsInput>(body)
        .map_err(|e| e.into_dynamo(ddb_wire::ValueLayer::Older))?;
    let token = input.client_request_token.clone();
    let mut per_table: BTreeMap<String, usize> = BTreeMap::new();
    for item in input.transact_items.iter().flatten() {
        let table = [
            item.put.as_ref().and_then(|a| a.table_name.as_ref()),
            item.update.as_ref().and_then(|a| a.table_name.as_ref()),
            item.delete.as_ref().and_then(|a| a.table_name.as_ref()),
            item.condition_check
                .as_ref()
                .and_then(|a| a.table_name.as_ref()),
        ];
        if let Some(name) = table.into_iter().flatten().next() {
            *per_table.entry(name.clone()).or_default() += 1;
        }
    }
    engine.tokens.once(token, body, || {
        let output = transact_write_items(engine, input)?;
        let first = sonic_rs::to_vec(&output).map_err(DynamoError::internal)?;
        let replay = TransactWriteItemsOutput {
            consumed_capacity: replay_capacity(output.consumed_capacity, &per_table),
            ..output
        };
        let replay = sonic_rs::to_vec(&replay).map_err(DynamoError::internal)?;
        Ok(Answer { first, replay })
    })
}

/// TransactWriteItems: every action happens, or none does.
pub fn transact_write_items(
    engine: &Engine,
    input: TransactWriteItemsInput,
) -> DynamoResult<TransactWriteItemsOutput> {
    let plan = plan(engine, input)?;
    execute(engine, plan)
}

/// A TransactWriteItems with every check made.
struct Plan {
    actions: Vec<Action>,
    capacity: ReturnCapacity,
}

/// One action, checked: its table, its item's key, what it does and on what condition.
struct Action {
    def: Arc<TableDef>,
    key: PrimaryKey,
    storage_key: Vec<u8>,
    kind: Kind,
    condition: Option<Condition>,
    return_on_failure: bool,
}

/// What an action does to its item.
enum Kind {
    Check,
    Put(Item),
    Delete,
    /// The update, and the key the item starts from when there is none.
    Update(UpdateExpression, Item),
}

/// One action as requested: the members of `ConditionCheck`, `Put`, `Delete` and `Update`
/// that they share, and what only one of them has.
struct Requested {
    table_name: String,
    target: Target<String>,
    condition_expression: Option<String>,
    names: Option<HashMap<String, String>>,
    values: Option<HashMap<String, AttributeValue>>,
    on_failure: Option<valid::ReturnValuesOnConditionCheckFailure>,
}

/// The item an action names, by key or (Put) whole, and the update of an Update: its text
/// (`U` = `String`), then parsed.
enum Target<U> {
    Check(Item),
    Put(Item),
    Delete(Item),
    Update(Item, U),
}

/// DynamoDB's checks for TransactWriteItems, in its order: the request's constraints, then
/// each action's own checks in request order (one kind per action, its item's names and
/// nesting, its expressions), then each action against its table (table, key, index keys),
/// then that no item is named twice. Every table is looked up only once every action passed
/// its own checks (paritysuite/dynamodb-conformance validation-ordering, run against AWS in
/// 2026). A key that does not fit its table's schema cancels the transaction with a
/// ValidationError reason at that action, where other faults fail the whole call.
fn plan(engine: &Engine, input: TransactWriteItemsInput) -> DynamoResult<Plan> {
    let input = input.validate()?;
    let count = input.transact_items.len();
    let checked = input
        .transact_items
        .into_iter()
        .map(check_action)
        .collect::<DynamoResult<Vec<Checked>>>()?;
    let mut actions: Vec<Action> = Vec::with_capacity(count);
    for (i, c) in checked.into_iter().enumerate() {
        match resolve_action(engine, c) {
            Ok(action) => actions.push(action),
            Err(e) if is_key_misfit(&e) => return Err(cancelled_at(count, i, &e.message)),
            Err(e) => return Err(e),
        }
    }
    for (i, a) in actions.iter().enumerate() {
        if actions[..i].iter().any(|b| b.storage_key == a.storage_key) {
            return Err(Invalid::OneItemTwice.into());
        }
    }
    Ok(Plan {
        actions,
        capacity: input.return_consumed_capacity.into(),
    })
}

/// One action with the checks it needs no table for made.
struct Checked {
    table_name: String,
    target: Target<UpdateExpression>,
    condition: Option<Condition>,
    on_failure: Option<valid::ReturnValuesOnConditionCheckFailure>,
}

/// The one action of a `TransactItems` element: exactly one of its four members is given.
fn requested(item: valid::TransactWriteItem) -> DynamoResult<Requested> {
    Ok(
        match (item.condition_check, item.put, item.delete, item.update) {
            (Some(c), None, None, None) => Requested {
                table_name: c.table_name,
                target: Target::Check(c.key),
                condition_expression: Some(c.condition_expression),
                names: c.expression_attribute_names,
                values: c.expression_attribute_values,
                on_failure: c.return_values_on_condition_check_failure,
            },
            (None, Some(p), None, None) => Requested {
                table_name: p.table_name,
                target: Target::Put(p.item),
                condition_expression: p.condition_expression,
                names: p.expression_attribute_names,
                values: p.expression_attribute_values,
                on_failure: p.return_values_on_condition_check_failure,
            },
            (None, None, Some(d), None) => Requested {
                table_name: d.table_name,
                target: Target::Delete(d.key),
                condition_expression: d.condition_expression,
                names: d.expression_attribute_names,
                values: d.expression_attribute_values,
                on_failure: d.return_values_on_condition_check_failure,
            },
            (None, None, None, Some(u)) => Requested {
                table_name: u.table_name,
                target: Target::Update(u.key, u.update_expression),
                condition_expression: u.condition_expression,
                names: u.expression_attribute_names,
                values: u.expression_attribute_values,
                on_failure: u.return_values_on_condition_check_failure,
            },
            (None, None, None, None) => return Err(Invalid::TransactNoAction.into()),
            _ => return Err(Invalid::TransactOneAction.into()),
        },
    )
}

/// One action's own checks, in DynamoDB's order: one kind, the expression maps, the update and
/// the condition, every value used, then its item's names and nesting (a key's nesting).
fn check_action(item: valid::TransactWriteItem) -> DynamoResult<Checked> {
    let r = requested(item)?;
    let names = r.names.as_ref();
    let values = r.values.as_ref();
    let is_update = matches!(r.target, Target::Update(..));
    check_expression_maps(names, values, r.condition_expression.is_some() || is_update)?;
    let mut ctx = ExpressionContext::new(names, values);
    let target = match r.target {
        Target::Update(key, text) => Target::Update(key, parse_update(&text, &mut ctx)?),
        Target::Check(key) => Target::Check(key),
        Target::Put(item) => Target::Put(item),
        Target::Delete(key) => Target::Delete(key),
    };
    let condition = r
        .condition_expression
        .as_deref()
        .map(|text| parse_condition(text, ExpressionKind::Condition, &mut ctx))
        .transpose()?;
    ctx.check_all_used()?;
    match &target {
        Target::Put(item) => check_nesting(item)?,
        Target::Check(key) | Target::Delete(key) | Target::Update(key, _) => check_depth(key)?,
    }
    Ok(Checked {
        table_name: r.table_name,
        target,
        condition,
        on_failure: r.on_failure,
    })
}

/// One action against its table: the table, the key (a Put item's index keys too).
fn resolve_action(engine: &Engine, c: Checked) -> DynamoResult<Action> {
    let def = engine.table(&c.table_name)?;
    let (key, kind) = match c.target {
        Target::Put(item) => {
            let key = key_of_new_item(&item, &def.key)?;
            // An index key of the wrong type cancels the transaction at this action.
            for index in def.indexes_by_name() {
                index_key_of_item(&item, &index.key, &index.name)?;
            }
            (key, Kind::Put(item))
        }
        Target::Check(raw) => (key_from_param(&raw, &def.key)?, Kind::Check),
        Target::Delete(raw) => (key_from_param(&raw, &def.key)?, Kind::Delete),
        Target::Update(raw, update) => (key_from_param(&raw, &def.key)?, Kind::Update(update, raw)),
    };
    let storage_key = item_key(def.id, &key.hash, key.range.as_ref());
    Ok(Action {
        def,
        key,
        storage_key,
        kind,
        condition: c.condition,
        return_on_failure: returns_item_on_failure(c.on_failure),
    })
}

/// Locks every item, checks every condition, then writes everything in one batch.
fn execute(engine: &Engine, plan: Plan) -> DynamoResult<TransactWriteItemsOutput> {
    let actions = plan.actions;
    let _guards = engine
        .locks
        .lock_many(actions.iter().map(|a| a.storage_key.as_slice()));
    let (olds, admissions) = check_conditions(engine, &actions)?;
    let (staged, spent) = stage_actions(engine, &actions, olds, &admissions)?;
    staged.commit(engine)?;
    let mut per_table: BTreeMap<String, Consumption> = BTreeMap::new();
    for ((a, consumption), admission) in actions.iter().zip(&spent).zip(admissions) {
        engine.charge(&a.def, CapacityTarget::Table, consumption, admission);
        per_table
            .entry(a.def.name.clone())
            .or_insert_with(|| Consumption::new(&a.def.name, UnitKind::Write))
            .merge(consumption);
    }
    let consumed: Vec<ddb_wire::ConsumedCapacity> = per_table
        .values()
        .filter_map(|c| c.report(plan.capacity))
        .map(Into::into)
        .collect();
    Ok(TransactWriteItemsOutput {
        consumed_capacity: (plan.capacity != ReturnCapacity::None).then_some(consumed),
        item_collection_metrics: None,
    })
}

/// Reads every item and checks every condition; when any fails, the transaction is cancelled
/// with a reason for each action. Returns the items as they are, and each action's admission.
fn check_conditions(
    engine: &Engine,
    actions: &[Action],
) -> DynamoResult<(Vec<Option<Item>>, Vec<Admission>)> {
    let mut olds = Vec::with_capacity(actions.len());
    let mut admissions = Vec::with_capacity(actions.len());
    let mut reasons = Vec::with_capacity(actions.len());
    let mut failed = false;
    for a in actions {
        let partition_key = std::slice::from_ref(&a.key.hash);
        let admitted = engine.admit(
            &a.def,
            CapacityTarget::Table,
            UnitKind::Write,
            Some(partition_key),
        );
        match admitted {
            Ok(admission) => admissions.push(admission),
            Err(refused) => {
                failed = true;
                reasons.push(throttled_reason(refused)?);
                olds.push(None);
                continue;
            }
        }
        let old = engine.read_at(&a.storage_key)?;
        let ok = match &a.condition {
            Some(c) => evaluate(c, old.as_ref())?,
            None => true,
        };
        if ok {
            reasons.push(reason("None", None, None));
        } else {
            failed = true;
            let item = if a.return_on_failure {
                old.clone()
            } else {
                None
            };
            reasons.push(reason(
                "ConditionalCheckFailed",
                Some("The conditional request failed"),
                item,
            ));
        }
        olds.push(old);
    }
    if failed {
        return Err(cancelled(reasons));
    }
    Ok((olds, admissions))
}

/// Stages every action's write in order, holding the transaction to its size limit, and
/// gathers the capacity each action consumes. A global index without the write capacity an
/// action needs cancels the transaction at that action.
fn stage_actions(
    engine: &Engine,
    actions: &[Action],
    olds: Vec<Option<Item>>,
    admissions: &[Admission],
) -> DynamoResult<(StagedWrites, Vec<Consumption>)> {
    let mut staged = StagedWrites::default();
    let mut spent = Vec::with_capacity(actions.len());
    let mut written_bytes = 0usize;
    for (i, ((a, old), admission)) in actions.iter().zip(olds).zip(admissions).enumerate() {
        let decision = decide(a, old.as_ref(), actions.len(), i)?;
        if let Decision::Put(item) = &decision {
            written_bytes += ddb_model::size::item_size(item);
            if written_bytes > MAX_TRANSACTION_BYTES {
                return Err(Invalid::TransactionTooLarge.into());
            }
        }
        let outcome = staged.stage(&a.def, &a.key, old, decision, true)?;
        let admitted = engine.admit_index_writes(&a.def, &outcome.consumption, *admission);
        if let Err(refused) = admitted {
            let mut reasons: Vec<_> = (0..actions.len())
                .map(|_| reason("None", None, None))
                .collect();
            reasons[i] = throttled_reason(refused)?;
            return Err(cancelled(reasons));
        }
        spent.push(outcome.consumption);
    }
    Ok((staged, spent))
}

/// The cancellation reason of an action that `refused` throttled (any other error stands).
fn throttled_reason(refused: DynamoError) -> DynamoResult<CancellationReason> {
    match cancellation_code(&refused) {
        Some(code) => Ok(reason(code, Some(&refused.message), None)),
        None => Err(refused),
    }
}

/// What action `at` of `count` does to its item (`old`, as it is): an update that cannot
/// apply cancels the transaction at that action.
fn decide(a: &Action, old: Option<&Item>, count: usize, at: usize) -> DynamoResult<Decision> {
    Ok(match &a.kind {
        Kind::Check => Decision::Keep,
        Kind::Put(item) => Decision::Put(item.clone()),
        Kind::Delete if old.is_some() => Decision::Delete,
        Kind::Delete => Decision::Keep,
        Kind::Update(update, key_item) => {
            let mut item = old.cloned().unwrap_or_else(|| key_item.clone());
            if let Err(e) = update.apply(&mut item) {
                return Err(cancelled_at(count, at, &e.message));
            }
            check_updated_index_keys(a, &item, count, at)?;
            Decision::Put(item)
        }
    })
}

/// An update's result against the table's indexes, in name order (nubo-db dynamodb-conformance
/// tier 3, checked against AWS): an index key of the wrong type cancels the transaction at the
/// action; an emptied one is refused with DynamoDB's update-specific message.
fn check_updated_index_keys(a: &Action, item: &Item, count: usize, at: usize) -> DynamoResult<()> {
    for index in a.def.indexes_by_name() {
        let emptied = index.key.attributes().find_map(|attr| {
            let value = item.get(&attr.name).filter(|v| attr.ty.matches(v))?;
            match value {
                AttributeValue::S(v) if v.is_empty() => Some(false),
                AttributeValue::B(v) if v.is_empty() => Some(true),
                _ => None,
            }
        });
        match index_key_of_item(item, &index.key, &index.name) {
            Err(e) if is_key_misfit(&e) => return Err(cancelled_at(count, at, &e.message)),
            Err(_) if emptied.is_some() => {
                let binary = emptied.unwrap_or_default();
                return Err(Invalid::UpdatedIndexKeyEmpty { binary }.into());
            }
            Err(e) => return Err(e),
            Ok(_) => {}
        }
    }
    Ok(())
}

/// One action's cancellation reason.
pub(crate) fn reason(code: &str, message: Option<&str>, item: Option<Item>) -> CancellationReason {
    CancellationReason {
        code: code.to_string(),
        message: message.map(str::to_string),
        item,
    }
}

/// TransactionCanceledException with a ValidationError reason at action `at` of `count` and
/// None at the others.
pub(crate) fn cancelled_at(count: usize, at: usize, message: &str) -> DynamoError {
    let reasons = (0..count)
        .map(|i| {
            if i == at {
                reason("ValidationError", Some(message), None)
            } else {
                reason("None", None, None)
            }
        })
        .collect();
    cancelled(reasons)
}

/// TransactionCanceledException listing one reason per action.
pub fn cancelled(reasons: Vec<CancellationReason>) -> DynamoError {
    let codes: Vec<&str> = reasons.iter().map(|r| r.code.as_str()).collect();
    let mut e = DynamoError::new(
        ErrorKind::TransactionCanceled,
        format!(
            "Transaction cancelled, please refer cancellation reasons for specific reasons [{}]",
            codes.join(", ")
        ),
    );
    e.cancellation_reasons = Some(reasons);
    e
}
