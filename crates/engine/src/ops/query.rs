//! Query: one partition of the table or an index, in sort-key order, as one range scan.

use std::collections::HashMap;
use std::ops::Bound;

use ddb_expr::legacy::{self, LegacyKeyConditions};
use ddb_expr::{
    parse_key_condition_tree, Condition, ExpressionContext, KeyCondition, KeyConditionParts,
    KeyConditionTree, Path, SortKeyCondition,
};
use ddb_model::key_encoding::{encode_bytes_prefix, encode_key_value};
use ddb_model::{AttributeValue, DynamoResult, Item};
use ddb_wire::valid;
use ddb_wire::validate::{Shown, Violation, Violations};

use crate::expression_params::{check_not_mixed, given};
use crate::invalid::Invalid;
use crate::keys::check_scalar_key_paths;
use crate::layout::{multi_partition_prefix, partition_prefix, prefix_end};
use crate::page::{resume_after, PageOutput, PagedRead};
use crate::projection::read_projection;
use crate::read_params::{check_paged_read_params, legacy_conditions, read_filter, GivenParams};
use crate::read_target::ReadTarget;
use crate::schema::KeySchema;
use crate::Engine;

pub use ddb_wire::QueryInput;

/// Query: one page of the items of one partition, in sort-key order.
pub fn query(engine: &Engine, input: QueryInput) -> DynamoResult<PageOutput> {
    let plan = plan(engine, input)?;
    engine.paged_read(plan)
}

/// Query's `Limit` below 1 is worded by DynamoDB's newer validation layer: the member
/// capitalised and no value (`Value at 'Limit' failed to satisfy constraint: ...`;
/// paritysuite/dynamodb-conformance tier3 validation-ordering query, AWS 2026, and the nubo
/// suite's Query pin, docs/research/message-framing-2026.md). Scan keeps the older form.
fn newer_limit_wording(mut v: Violations) -> ddb_model::DynamoError {
    for violation in &mut v.0 {
        if let Violation::At { value, path, .. } = violation {
            if path == "limit" {
                *value = Shown::Empty;
            }
        }
    }
    v.into()
}

/// DynamoDB's checks for Query, in its order: the request's constraints; legacy and
/// expression parameters, placeholder maps and the starting key's values; the expressions,
/// filter and projection (everything that needs no key schema); then the table or index, the
/// starting key against the key schema, the key condition, the filter, Select, the starting
/// key against the key condition, and projected and filtered key paths.
fn plan(engine: &Engine, input: QueryInput) -> DynamoResult<PagedRead> {
    if input
        .conditional_operator
        .as_ref()
        .is_some_and(|op| op.known().is_none())
    {
        return Err(Invalid::QueryOperatorOutsideEnum.into());
    }
    let mut input = input.validate().map_err(newer_limit_wording)?;
    let start_item = check_params(&mut input)?;
    let Expressions {
        key_condition,
        filter,
        projection,
    } = parse_expressions(&mut input)?;
    let consistent = input.consistent_read.unwrap_or(false);
    let index_name = input.index_name.as_deref();
    let target = ReadTarget::open(engine, &input.table_name, index_name, consistent)?;
    // The starting key is checked against the key schema before the key condition is.
    let start_key = match start_item {
        Some(esk) => Some((target.start_key(&esk, true)?, esk)),
        None => None,
    };
    let key = target.key();
    let key_condition = key_condition.resolve(key)?;
    if let Some(f) = &filter {
        check_filter_avoids_keys(f, key, filter_parameter(&input))?;
    }
    check_key_condition_types(&key_condition, key)?;
    let legacy_projection = input.attributes_to_get.is_some();
    let select = target.select(input.select, projection.as_deref(), legacy_projection)?;
    if let Some(f) = &filter {
        target.check_filter_projected_by_gsi(f.paths())?;
    }
    let start_key = match start_key {
        Some((start, esk)) => {
            check_start_within_condition(&esk, &key_condition, key)?;
            Some(start)
        }
        None => None,
    };
    if let Some(p) = &projection {
        check_scalar_key_paths(p, &target.def)?;
    }
    if let Some(f) = &filter {
        check_scalar_key_paths(f.paths(), &target.def)?;
    }
    let reverse = !input.scan_index_forward.unwrap_or(true);
    let range = condition_range(&target, &key_condition);
    // The partition key values, moved out of the condition once its range is built.
    let partition_key = std::iter::once(key_condition.partition_key)
        .chain(key_condition.more_partition)
        .map(|(_, v)| v)
        .collect();
    let (start, end) = resume_after(range, start_key, reverse);
    Ok(PagedRead {
        target,
        start,
        end,
        reverse,
        // Validation makes Limit at least 1.
        limit: input.limit.map(|l| l.unsigned_abs() as usize),
        filter,
        select,
        projection,
        consistent,
        capacity: input.return_consumed_capacity.into(),
        partition_key: Some(partition_key),
    })
}

/// The legacy and the expression parameters the request gave, by name.
fn given_params(input: &valid::QueryInput) -> (Vec<&'static str>, Vec<&'static str>) {
    // KeyConditions goes with FilterExpression and ProjectionExpression (DynamoDB accepts the
    // mix, as Alternator's suite checks against it); only KeyConditionExpression excludes it.
    let key_conditions_clash =
        input.key_conditions.is_some() && input.key_condition_expression.is_some();
    let legacy = given(&[
        (key_conditions_clash, "KeyConditions"),
        (input.query_filter.is_some(), "QueryFilter"),
        (input.attributes_to_get.is_some(), "AttributesToGet"),
        (input.conditional_operator.is_some(), "ConditionalOperator"),
    ]);
    let expressions = given(&[
        (
            input.key_condition_expression.is_some(),
            "KeyConditionExpression",
        ),
        (input.filter_expression.is_some(), "FilterExpression"),
        (
            input.projection_expression.is_some(),
            "ProjectionExpression",
        ),
    ]);
    (legacy, expressions)
}

/// The checks made before the request's attribute values are looked at (see
/// `ops::run_checked`): the legacy and expression parameters are not mixed.
pub fn check_before_values(input: &valid::QueryInput) -> DynamoResult<()> {
    let (legacy, expressions) = given_params(input);
    check_not_mixed(&legacy, &expressions)
}

/// Query's parameters before any expression is parsed: legacy and expression parameters not
/// mixed, placeholder maps, AttributesToGet, the starting key's values. Returns the starting
/// key.
fn check_params(input: &mut valid::QueryInput) -> DynamoResult<Option<Item>> {
    let (legacy_given, expressions_given) = given_params(input);
    check_paged_read_params(
        GivenParams {
            legacy: &legacy_given,
            expressions: &expressions_given,
        },
        input.expression_attribute_names.as_ref(),
        input.expression_attribute_values.as_ref(),
        input.attributes_to_get.as_deref(),
        input.exclusive_start_key.take(),
    )
}

/// Query's expressions, checked as far as they can be without a key schema.
struct Expressions {
    key_condition: UnresolvedKeyCondition,
    filter: Option<Condition>,
    projection: Option<Vec<Path>>,
}

/// Everything that needs no key schema is checked before the table is looked up, as DynamoDB
/// does: the key condition's syntax, the filter, the projection, then the key condition's
/// shape, then that every placeholder is used.
fn parse_expressions(input: &mut valid::QueryInput) -> DynamoResult<Expressions> {
    let names = input.expression_attribute_names.as_ref();
    let values = input.expression_attribute_values.as_ref();
    let mut ctx = ExpressionContext::new(names, values);
    let key_tree = match &input.key_condition_expression {
        Some(text) => Some(parse_key_condition_tree(text, &mut ctx)?),
        None => None,
    };
    let filter = read_filter(
        input.filter_expression.as_deref(),
        input.query_filter.take(),
        input.conditional_operator,
        &mut ctx,
    )?;
    let projection = read_projection(
        input.projection_expression.as_deref(),
        input.attributes_to_get.as_deref(),
        &mut ctx,
    )?;
    let key_condition = UnresolvedKeyCondition::check(key_tree, input.key_conditions.take())?;
    ctx.check_all_used()?;
    Ok(Expressions {
        key_condition,
        filter,
        projection,
    })
}

/// The key condition, from KeyConditionExpression or the legacy KeyConditions, checked as far
/// as it can be before the key schema is known.
enum UnresolvedKeyCondition {
    Expression(KeyConditionParts),
    Legacy(LegacyKeyConditions),
    Missing,
}

impl UnresolvedKeyCondition {
    /// The expression's shape, or the legacy conditions on their own; KeyConditions is
    /// ignored when KeyConditionExpression is given.
    fn check(
        tree: Option<KeyConditionTree>,
        key_conditions: Option<HashMap<String, valid::Condition>>,
    ) -> DynamoResult<UnresolvedKeyCondition> {
        if let Some(tree) = tree {
            return Ok(UnresolvedKeyCondition::Expression(tree.parts()?));
        }
        Ok(match legacy_conditions(key_conditions) {
            Some(kc) => UnresolvedKeyCondition::Legacy(legacy::check_key_conditions(&kc)?),
            None => UnresolvedKeyCondition::Missing,
        })
    }

    /// The key condition matched to the key schema of the table or index queried.
    fn resolve(self, key: &KeySchema) -> DynamoResult<KeyCondition> {
        if key.is_multi_attribute() {
            let hash: Vec<&str> = key.hash_attributes().map(|a| a.name.as_str()).collect();
            let range: Vec<&str> = key.range_attributes().map(|a| a.name.as_str()).collect();
            return match self {
                UnresolvedKeyCondition::Expression(parts) => parts.resolve_multi(&hash, &range),
                UnresolvedKeyCondition::Legacy(kc) => kc.resolve_multi(&hash, &range),
                UnresolvedKeyCondition::Missing => Err(Invalid::NoKeyCondition.into()),
            };
        }
        let range_name = key.range.as_ref().map(|r| r.name.as_str());
        match self {
            UnresolvedKeyCondition::Expression(parts) => parts.resolve(&key.hash.name, range_name),
            UnresolvedKeyCondition::Legacy(kc) => kc.resolve(&key.hash.name, range_name),
            UnresolvedKeyCondition::Missing => Err(Invalid::NoKeyCondition.into()),
        }
    }
}

/// The name a filter on a key attribute is reported under.
fn filter_parameter(input: &valid::QueryInput) -> &'static str {
    if input.filter_expression.is_some() {
        "Filter Expression"
    } else {
        "QueryFilter"
    }
}

/// A starting key must be one the key condition could have produced. With a sort-key condition,
/// DynamoDB checks the sort key first, and words a partition mismatch differently (as recorded
/// against DynamoDB by dynalite's tests).
fn check_start_within_condition(
    esk: &ddb_model::Item,
    kc: &KeyCondition,
    key: &KeySchema,
) -> DynamoResult<()> {
    let equal = |(name, v): &(String, AttributeValue)| esk.get(name) == Some(v);
    let same_partition = equal(&kc.partition_key) && kc.more_partition.iter().all(equal);
    let message = match &kc.sort_key {
        Some((name, condition)) if key.range.is_some() => {
            let within = kc.sort_prefix.iter().all(equal)
                && esk.get(name).is_some_and(|v| condition.matches(v));
            if !within {
                Some(Invalid::StartKeyNotInRange)
            } else if !same_partition {
                Some(Invalid::StartKeyOneRow)
            } else {
                None
            }
        }
        _ => (!same_partition).then_some(Invalid::StartKeyOutsideQuery),
    };
    message.map_or(Ok(()), |m| Err(m.into()))
}

/// Every value of the key condition has its attribute's type.
fn check_key_condition_types(kc: &KeyCondition, key: &KeySchema) -> DynamoResult<()> {
    let type_of = |name: &str| key.attributes().find(|a| a.name == name).map(|a| a.ty);
    let fits = |name: &str, v: &AttributeValue| type_of(name).is_some_and(|t| t.matches(v));
    let equalities = std::iter::once(&kc.partition_key)
        .chain(&kc.more_partition)
        .chain(&kc.sort_prefix);
    let sort_values = kc.sort_key.iter().flat_map(|(name, cond)| {
        let values: Vec<&AttributeValue> = match cond {
            SortKeyCondition::Between(a, b) => vec![a, b],
            SortKeyCondition::Eq(v)
            | SortKeyCondition::Lt(v)
            | SortKeyCondition::Le(v)
            | SortKeyCondition::Gt(v)
            | SortKeyCondition::Ge(v)
            | SortKeyCondition::BeginsWith(v) => vec![v],
        };
        values.into_iter().map(move |v| (name, v))
    });
    let all_fit = equalities
        .map(|(n, v)| (n, v))
        .chain(sort_values)
        .all(|(n, v)| fits(n, v));
    if all_fit {
        Ok(())
    } else {
        Err(Invalid::ConditionTypeMismatch.into())
    }
}

fn check_filter_avoids_keys(
    filter: &Condition,
    key: &KeySchema,
    parameter: &'static str,
) -> DynamoResult<()> {
    for path in filter.paths() {
        if let Some(name) = path.first_name().filter(|n| key.contains(n)) {
            return Err(Invalid::FilterOnKey {
                parameter,
                name: name.to_string(),
            }
            .into());
        }
    }
    Ok(())
}

/// The key range of the target's entries that satisfy the key condition.
fn condition_range(
    target: &ReadTarget,
    condition: &KeyCondition,
) -> (Bound<Vec<u8>>, Bound<Vec<u8>>) {
    let (tag, id) = target.space();
    let mut prefix = if condition.more_partition.is_empty() {
        partition_prefix(tag, id, &condition.partition_key.1)
    } else {
        let values: Vec<AttributeValue> = std::iter::once(&condition.partition_key)
            .chain(&condition.more_partition)
            .map(|(_, v)| v.clone())
            .collect();
        multi_partition_prefix(tag, id, &values)
    };
    for (_, v) in &condition.sort_prefix {
        encode_key_value(v, &mut prefix);
    }
    key_range(prefix, condition.sort_key.as_ref().map(|(_, c)| c))
}

/// The key range holding exactly the entries of the partition that satisfy the sort condition.
fn key_range(prefix: Vec<u8>, sort: Option<&SortKeyCondition>) -> (Bound<Vec<u8>>, Bound<Vec<u8>>) {
    match sort {
        None => {
            let end = after_all(&prefix);
            (Bound::Included(prefix), end)
        }
        Some(SortKeyCondition::Eq(v)) => {
            let p = with_value(&prefix, v);
            let end = after_all(&p);
            (Bound::Included(p), end)
        }
        Some(SortKeyCondition::Lt(v)) => (
            Bound::Included(prefix.clone()),
            Bound::Excluded(with_value(&prefix, v)),
        ),
        Some(SortKeyCondition::Le(v)) => (
            Bound::Included(prefix.clone()),
            after_all(&with_value(&prefix, v)),
        ),
        Some(SortKeyCondition::Gt(v)) => {
            let start = after_all(&with_value(&prefix, v));
            let start = match start {
                Bound::Excluded(k) => Bound::Included(k),
                other => other,
            };
            (start, after_all(&prefix))
        }
        Some(SortKeyCondition::Ge(v)) => {
            (Bound::Included(with_value(&prefix, v)), after_all(&prefix))
        }
        Some(SortKeyCondition::Between(a, b)) => (
            Bound::Included(with_value(&prefix, a)),
            after_all(&with_value(&prefix, b)),
        ),
        Some(SortKeyCondition::BeginsWith(v)) => {
            let mut p = prefix.clone();
            match v {
                AttributeValue::S(s) => encode_bytes_prefix(s.as_bytes(), &mut p),
                AttributeValue::B(b) => encode_bytes_prefix(b, &mut p),
                other => encode_key_value(other, &mut p),
            }
            let end = after_all(&p);
            (Bound::Included(p), end)
        }
    }
}

fn with_value(prefix: &[u8], v: &AttributeValue) -> Vec<u8> {
    let mut k = prefix.to_vec();
    encode_key_value(v, &mut k);
    k
}

fn after_all(prefix: &[u8]) -> Bound<Vec<u8>> {
    prefix_end(prefix)
        .map(Bound::Excluded)
        .unwrap_or(Bound::Unbounded)
}
