//! Scan: the whole table or index in partition-hash order; a parallel-scan segment is a range
//! of that hash space, so segments are disjoint and together complete.

use std::collections::HashMap;
use std::ops::Bound;

use serde::Deserialize;

use ddb_expr::legacy::LegacyCondition;
use ddb_expr::ExpressionContext;
use ddb_model::{AttributeValue, DynamoResult};

use crate::capacity::ReturnCapacity;
use crate::constraints::{quoted, Violations};
use crate::expression_params::{given, parse_conditional_operator};
use crate::invalid::Invalid;
use crate::keys::check_scalar_key_paths;
use crate::layout::{hash_of_key, prefix_end, segment_bound, space_prefix};
use crate::page::{resume_after, PageOutput, PageSpec};
use crate::projection::read_projection;
use crate::read_params::{check_paged_read_params, read_filter, GivenParams};
use crate::read_target::{ReadTarget, Select, SELECT_VALUES};
use crate::Engine;

/// Scan's request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScanInput {
    /// `TableName`: the table's name (or, where DynamoDB allows it, its ARN).
    pub table_name: Option<String>,
    /// `IndexName`: the secondary index to read instead of the table.
    pub index_name: Option<String>,
    /// `AttributesToGet`: the legacy list of attributes to return.
    pub attributes_to_get: Option<Vec<String>>,
    /// `Limit`: the most items to evaluate in one page.
    pub limit: Option<i32>,
    /// `Select`: which attributes to return, or only the count.
    pub select: Option<String>,
    /// `ScanFilter`: the legacy form of the filter.
    pub scan_filter: Option<HashMap<String, LegacyCondition>>,
    /// `ConditionalOperator`: AND or OR, joining the legacy conditions.
    pub conditional_operator: Option<String>,
    /// `ExclusiveStartKey`: the `LastEvaluatedKey` of the previous page, to resume after.
    pub exclusive_start_key: Option<ddb_model::value::StartKeyParam>,
    /// `ReturnConsumedCapacity`: whether, and in what detail, the response reports capacity.
    pub return_consumed_capacity: Option<String>,
    /// `TotalSegments`: into how many segments a parallel scan is divided.
    pub total_segments: Option<i32>,
    /// `Segment`: which segment of a parallel scan to read.
    pub segment: Option<i32>,
    /// `ProjectionExpression`: which attributes to return.
    pub projection_expression: Option<String>,
    /// `FilterExpression`: which evaluated items the page returns.
    pub filter_expression: Option<String>,
    /// `ExpressionAttributeNames`: `#name` placeholders used in the expressions.
    pub expression_attribute_names: Option<HashMap<String, String>>,
    /// `ExpressionAttributeValues`: `:value` placeholders used in the expressions.
    #[serde(
        default,
        deserialize_with = "ddb_model::value::deserialize_expression_values"
    )]
    pub expression_attribute_values: Option<HashMap<String, AttributeValue>>,
    /// `ConsistentRead`: whether the read is strongly consistent.
    #[serde(default, deserialize_with = "ddb_model::value::lenient_bool")]
    pub consistent_read: Option<bool>,
}

fn check_constraints(input: &ScanInput) -> DynamoResult<()> {
    let mut v = Violations::new();
    v.table_name(input.table_name.as_deref(), "tableName");
    if let Some(i) = &input.index_name {
        v.name(Some(i), "indexName", 255);
    }
    v.at_least(input.limit.map(i64::from), "limit", 1);
    v.one_of(input.select.as_deref(), "select", &SELECT_VALUES);
    v.at_least(input.segment.map(i64::from), "segment", 0);
    v.at_most(input.segment.map(i64::from), "segment", 999_999);
    v.at_least(input.total_segments.map(i64::from), "totalSegments", 1);
    v.at_most(
        input.total_segments.map(i64::from),
        "totalSegments",
        1_000_000,
    );
    if let Some(a) = &input.attributes_to_get {
        v.min_members(Some(a.len()), || quoted("[]"), "attributesToGet", 1);
    }
    v.into_result()?;
    match (input.segment, input.total_segments) {
        (Some(_), None) => Err(Invalid::TotalSegmentsMissing.into()),
        (None, Some(_)) => Err(Invalid::SegmentMissing.into()),
        (Some(segment), Some(total)) if segment >= total => {
            Err(Invalid::SegmentOutOfRange { segment, total }.into())
        }
        _ => Ok(()),
    }
}

/// First hash of segment `i` of `n`: segments split the 64-bit hash space evenly.
fn segment_start(i: u64, n: u64) -> u128 {
    (u128::from(i) << 64).div_ceil(u128::from(n))
}

/// Whether a storage key's partition hash falls in segment `i` of `n`.
fn in_segment(key: &[u8], i: u64, n: u64) -> bool {
    let hash = u128::from(hash_of_key(key));
    segment_start(i, n) <= hash && hash < segment_start(i + 1, n)
}

fn segment_range(
    tag: u8,
    id: u32,
    segment: Option<(u64, u64)>,
) -> (Bound<Vec<u8>>, Bound<Vec<u8>>) {
    let space = space_prefix(tag, id);
    let space_end = prefix_end(&space)
        .map(Bound::Excluded)
        .unwrap_or(Bound::Unbounded);
    let Some((i, n)) = segment else {
        return (Bound::Included(space), space_end);
    };
    let start = Bound::Included(segment_bound(tag, id, segment_start(i, n) as u64));
    let end = if i + 1 == n {
        space_end
    } else {
        Bound::Excluded(segment_bound(tag, id, segment_start(i + 1, n) as u64))
    };
    (start, end)
}

/// Scan: one page of the whole table or index (or of one segment), in partition-hash order.
pub fn scan(engine: &Engine, input: ScanInput) -> DynamoResult<PageOutput> {
    check_constraints(&input)?;
    let capacity = ReturnCapacity::parse(input.return_consumed_capacity.as_deref())?;
    let op = parse_conditional_operator(input.conditional_operator.as_deref())?;
    let legacy_given = given(&[
        (input.scan_filter.is_some(), "ScanFilter"),
        (input.attributes_to_get.is_some(), "AttributesToGet"),
        (input.conditional_operator.is_some(), "ConditionalOperator"),
    ]);
    let expressions_given = given(&[
        (input.filter_expression.is_some(), "FilterExpression"),
        (
            input.projection_expression.is_some(),
            "ProjectionExpression",
        ),
    ]);
    let names = input.expression_attribute_names.as_ref();
    let values = input.expression_attribute_values.as_ref();
    let start_item = check_paged_read_params(
        GivenParams {
            legacy: &legacy_given,
            expressions: &expressions_given,
        },
        names,
        values,
        input.attributes_to_get.as_deref(),
        input.exclusive_start_key.as_ref(),
    )?;
    // Expressions and placeholders are checked before the table is looked up, as DynamoDB does.
    let mut ctx = ExpressionContext::new(names, values);
    let filter = read_filter(
        input.filter_expression.as_deref(),
        input.scan_filter.as_ref(),
        op,
        &mut ctx,
    )?;
    let projection = read_projection(
        input.projection_expression.as_deref(),
        input.attributes_to_get.as_deref(),
        &mut ctx,
    )?;
    ctx.check_all_used()?;
    let table_name = input.table_name.clone().expect("checked");
    let def = engine.table(&table_name)?;
    let target = ReadTarget::resolve(&def, input.index_name.as_deref())?;
    let consistent = input.consistent_read.unwrap_or(false);
    target.check_consistent_read(consistent)?;
    let select = target.select(
        input.select.as_deref(),
        projection.as_deref(),
        input.attributes_to_get.is_some(),
        false,
    )?;
    let (tag, id) = target.space();
    let segment = input
        .segment
        .zip(input.total_segments)
        .map(|(s, t)| (s as u64, t as u64));
    let range = segment_range(tag, id, segment);
    let start_key = match &start_item {
        Some(esk) => Some(target.start_key(esk, false)?),
        None => None,
    };
    if let (Some(start), Some((i, n))) = (&start_key, segment) {
        if !in_segment(start, i, n) {
            return Err(Invalid::StartKeyWrongSegment {
                total: n,
                segment: i,
            }
            .into());
        }
    }
    if let Some(f) = &filter {
        check_scalar_key_paths(f.paths(), &def)?;
    }
    if let Some(p) = &projection {
        check_scalar_key_paths(p, &def)?;
    }
    let (start, end) = resume_after(range, start_key, false);
    let page = engine.read_page(PageSpec {
        start,
        end,
        reverse: false,
        limit: input.limit.map(|l| l as usize),
        filter: filter.as_ref(),
        key_schemas: target.key_schemas(),
        keep_items: select != Select::Count,
    })?;
    engine.page_response(
        &target,
        page,
        select,
        projection.as_deref(),
        consistent,
        capacity,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_tile_the_hash_space() {
        for n in [1u64, 2, 3, 7, 1000] {
            assert_eq!(segment_start(0, n), 0);
            assert_eq!(segment_start(n, n), 1u128 << 64);
            for i in 0..n {
                assert!(segment_start(i, n) < segment_start(i + 1, n));
            }
        }
    }
}
