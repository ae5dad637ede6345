//! TransactWriteItems: up to 100 condition checks, puts, updates and deletes, on distinct
//! items of any tables, all applied in one atomic batch or none at all.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::{json, Value};

use ddb_expr::{
    evaluate, parse_condition, parse_update, Condition, ExpressionContext, ExpressionKind,
    UpdateExpression,
};
use ddb_model::error::CancellationReason;
use ddb_model::{AttributeValue, DynamoError, DynamoResult, ErrorKind, Item};

use crate::capacity::{Consumption, ReturnCapacity, UnitKind};
use crate::conditional_write::{check_nesting, parse_return_on_failure};
use crate::constraints::{quoted, Violations};
use crate::expression_params::check_expression_maps;
use crate::invalid::Invalid;
use crate::item_write::{Decision, StagedWrites};
use crate::keys::{is_key_misfit, key_from_param, key_of_new_item, PrimaryKey};
use crate::layout::item_key;
use crate::schema::TableDef;
use crate::Engine;

/// Most actions in one transaction.
pub const MAX_ACTIONS: usize = 100;
/// The most item bytes one transaction may write (DynamoDB's 4 MB aggregate).
pub const MAX_TRANSACTION_BYTES: usize = 4 * 1024 * 1024;
/// TransactWriteItems from its JSON body, honouring ClientRequestToken: the body's bytes are
/// the fingerprint that says whether a retry carries the same parameters.
pub fn run_idempotent(engine: &Engine, body: &[u8]) -> DynamoResult<Vec<u8>> {
    let input: TransactWriteItemsInput = super::parse_request(body)?;
    let token = input.client_request_token.clone();
    let fingerprint = ddb_model::key_encoding::hash_bytes(body);
    if let Some(t) = &token {
        if let Some(previous) = engine.tokens.lookup(t, fingerprint)? {
            return Ok(previous);
        }
    }
    let output = transact_write_items(engine, input)?;
    let bytes = sonic_rs::to_vec(&output).map_err(|e| DynamoError::internal(e.to_string()))?;
    if let Some(t) = token {
        engine.tokens.record(t, fingerprint, bytes.clone());
    }
    Ok(bytes)
}

/// One action of TransactWriteItems: the members of `ConditionCheck`, `Put`, `Delete` and
/// `Update` together.
#[derive(Debug, Deserialize, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct TransactAction {
    /// `TableName`: the table's name (or, where DynamoDB allows it, its ARN).
    pub table_name: Option<String>,
    /// `Key`: the item's primary key (ConditionCheck, Delete, Update).
    pub key: Option<Item>,
    /// `Item`: the whole item to write (Put).
    pub item: Option<Item>,
    /// `UpdateExpression`: the actions to apply (Update).
    pub update_expression: Option<String>,
    /// `ConditionExpression`: what the existing item must satisfy for the write to happen.
    pub condition_expression: Option<String>,
    /// `ExpressionAttributeNames`: `#name` placeholders used in the expressions.
    pub expression_attribute_names: Option<HashMap<String, String>>,
    /// `ExpressionAttributeValues`: `:value` placeholders used in the expressions.
    #[serde(
        default,
        deserialize_with = "ddb_model::value::deserialize_expression_values"
    )]
    pub expression_attribute_values: Option<HashMap<String, AttributeValue>>,
    /// `ReturnValuesOnConditionCheckFailure`: whether a failed condition returns the item.
    pub return_values_on_condition_check_failure: Option<String>,
}

/// One element of TransactWriteItems' `TransactItems`: exactly one action.
#[derive(Debug, Deserialize, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct TransactWriteItem {
    /// `ConditionCheck`: a condition on an item that is not written.
    pub condition_check: Option<TransactAction>,
    /// `Put`: an item to write.
    pub put: Option<TransactAction>,
    /// `Delete`: an item to delete.
    pub delete: Option<TransactAction>,
    /// `Update`: an item to update.
    pub update: Option<TransactAction>,
}

/// TransactWriteItems' request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransactWriteItemsInput {
    /// `TransactItems`: the actions, each on a distinct item.
    pub transact_items: Option<Vec<TransactWriteItem>>,
    /// `ReturnConsumedCapacity`: whether, and in what detail, the response reports capacity.
    pub return_consumed_capacity: Option<String>,
    /// `ReturnItemCollectionMetrics`: whether the response reports item collection sizes.
    pub return_item_collection_metrics: Option<String>,
    /// `ClientRequestToken`: makes a retry of the same request idempotent.
    pub client_request_token: Option<String>,
}

enum Kind {
    Check,
    Put(Item),
    Delete,
    Update(Option<UpdateExpression>, Item),
}

struct Planned {
    def: std::sync::Arc<TableDef>,
    key: PrimaryKey,
    storage_key: Vec<u8>,
    kind: Kind,
    condition: Option<Condition>,
    return_on_failure: bool,
}

fn plan(engine: &Engine, w: &TransactWriteItem) -> DynamoResult<Planned> {
    let chosen: Vec<(&TransactAction, &str)> = [
        w.condition_check.as_ref().map(|a| (a, "check")),
        w.put.as_ref().map(|a| (a, "put")),
        w.delete.as_ref().map(|a| (a, "delete")),
        w.update.as_ref().map(|a| (a, "update")),
    ]
    .into_iter()
    .flatten()
    .collect();
    let [(action, what)] = chosen.as_slice() else {
        return Err(Invalid::TransactOneAction.into());
    };
    let names = action.expression_attribute_names.as_ref();
    let values = action.expression_attribute_values.as_ref();
    let any_expression =
        action.condition_expression.is_some() || action.update_expression.is_some();
    check_expression_maps(names, values, any_expression)?;
    let mut ctx = ExpressionContext::new(names, values);
    let update = match &action.update_expression {
        Some(text) if *what == "update" => Some(parse_update(text, &mut ctx)?),
        _ => None,
    };
    let condition = match &action.condition_expression {
        Some(text) => Some(parse_condition(text, ExpressionKind::Condition, &mut ctx)?),
        None => None,
    };
    ctx.check_all_used()?;
    if *what == "check" && condition.is_none() {
        return Err(Invalid::MemberNull {
            at: "transactItems.1.member.conditionCheck.conditionExpression".into(),
        }
        .into());
    }
    let table_name = action.table_name.as_deref().unwrap_or_default();
    let def = engine.table(table_name)?;
    let (key, kind) = match *what {
        "put" => {
            let item = action.item.clone().ok_or_else(|| {
                DynamoError::from(Invalid::MemberNull {
                    at: "transactItems.1.member.put.item".into(),
                })
            })?;
            check_nesting(&item)?;
            (key_of_new_item(&item, &def.key)?, Kind::Put(item))
        }
        other => {
            let raw = action.key.clone().ok_or_else(|| {
                DynamoError::from(Invalid::MemberNull {
                    at: format!("transactItems.1.member.{other}.key"),
                })
            })?;
            let key = key_from_param(&raw, &def.key)?;
            let kind = match other {
                "check" => Kind::Check,
                "delete" => Kind::Delete,
                _ => Kind::Update(update, raw),
            };
            (key, kind)
        }
    };
    let storage_key = item_key(def.id, &key.hash, key.range.as_ref());
    Ok(Planned {
        def,
        key,
        storage_key,
        kind,
        condition,
        return_on_failure: parse_return_on_failure(
            action.return_values_on_condition_check_failure.as_deref(),
        )?,
    })
}

fn reason(code: &str, message: Option<&str>, item: Option<Item>) -> CancellationReason {
    CancellationReason {
        code: code.to_string(),
        message: message.map(str::to_string),
        item,
    }
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

/// TransactWriteItems: every action happens, or none does.
pub fn transact_write_items(
    engine: &Engine,
    input: TransactWriteItemsInput,
) -> DynamoResult<Value> {
    let mut v = Violations::new();
    match &input.transact_items {
        None => v.push("null", "transactItems", "Member must not be null"),
        Some(items) => {
            v.min_members(Some(items.len()), || quoted("[]"), "transactItems", 1);
            v.max_members(
                Some(items.len()),
                || format!("[{} actions]", items.len()),
                "transactItems",
                MAX_ACTIONS,
            );
        }
    }
    if let Some(t) = &input.client_request_token {
        v.length(t, "clientRequestToken", 1, 36);
    }
    v.into_result()?;
    let capacity = ReturnCapacity::parse(input.return_consumed_capacity.as_deref())?;
    let actions = input.transact_items.as_deref().unwrap_or_default();
    let mut planned: Vec<Planned> = Vec::with_capacity(actions.len());
    for (i, w) in actions.iter().enumerate() {
        match plan(engine, w) {
            Ok(p) => planned.push(p),
            // A key that does not fit the table's schema (a Key, or a Put item's key attributes)
            // cancels the transaction with a ValidationError reason at that action, where other
            // faults fail the whole call.
            Err(e) if is_key_misfit(&e) => {
                let mut reasons: Vec<CancellationReason> = (0..actions.len())
                    .map(|_| reason("None", None, None))
                    .collect();
                reasons[i] = reason("ValidationError", Some(&e.message), None);
                return Err(cancelled(reasons));
            }
            Err(e) => return Err(e),
        }
    }
    for (i, p) in planned.iter().enumerate() {
        if planned[..i].iter().any(|q| q.storage_key == p.storage_key) {
            return Err(Invalid::OneItemTwice.into());
        }
    }
    let _guards = engine
        .locks
        .lock_many(planned.iter().map(|p| p.storage_key.as_slice()));
    let mut olds = Vec::with_capacity(planned.len());
    let mut reasons = Vec::with_capacity(planned.len());
    let mut failed = false;
    for p in &planned {
        let old = engine.read_at(&p.storage_key)?;
        let ok = match &p.condition {
            Some(c) => evaluate(c, old.as_ref())?,
            None => true,
        };
        if ok {
            reasons.push(reason("None", None, None));
        } else {
            failed = true;
            let item = if p.return_on_failure {
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
    let mut staged = StagedWrites::default();
    let mut per_table: BTreeMap<String, Consumption> = BTreeMap::new();
    let mut written_bytes = 0usize;
    for (i, (p, old)) in planned.iter().zip(olds).enumerate() {
        let decision = match &p.kind {
            Kind::Check => Decision::Keep,
            Kind::Put(item) => Decision::Put(item.clone()),
            Kind::Delete => {
                if old.is_some() {
                    Decision::Delete
                } else {
                    Decision::Keep
                }
            }
            Kind::Update(update, key_item) => {
                let mut item = old.clone().unwrap_or_else(|| key_item.clone());
                if let Some(u) = update {
                    if let Err(e) = u.apply(&mut item) {
                        let mut reasons: Vec<CancellationReason> = (0..planned.len())
                            .map(|_| reason("None", None, None))
                            .collect();
                        reasons[i] = reason("ValidationError", Some(&e.message), None);
                        return Err(cancelled(reasons));
                    }
                }
                Decision::Put(item)
            }
        };
        if let Decision::Put(item) = &decision {
            written_bytes += ddb_model::size::item_size(item);
            if written_bytes > MAX_TRANSACTION_BYTES {
                return Err(Invalid::TransactionTooLarge.into());
            }
        }
        let outcome = staged.stage(&p.def, &p.key, old, decision, true)?;
        per_table
            .entry(p.def.name.clone())
            .or_insert_with(|| Consumption::new(&p.def.name, UnitKind::Write))
            .merge(&outcome.consumption);
    }
    staged.commit(engine)?;
    let mut out = json!({});
    if capacity != ReturnCapacity::None {
        let reports: Vec<_> = per_table
            .values()
            .filter_map(|c| c.report(capacity))
            .collect();
        out["ConsumedCapacity"] = json!(reports);
    }
    Ok(out)
}
