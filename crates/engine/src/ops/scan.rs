//! Scan: the whole table or index in partition-hash order; a parallel-scan segment is a range
//! of that hash space, so segments are disjoint and together complete.

use std::ops::Bound;

use ddb_expr::{Condition, ExpressionContext, Path};
use ddb_model::{DynamoResult, Item};
use ddb_wire::valid;

use crate::expression_params::{check_not_mixed, given};
use crate::invalid::Invalid;
use crate::keys::check_scalar_key_paths;
use crate::layout::{hash_of_key, prefix_end, segment_bound, space_prefix};
use crate::page::{resume_after, PageOutput, PagedRead};
use crate::projection::read_projection;
use crate::read_params::{check_paged_read_params, read_filter, GivenParams};
use crate::read_target::ReadTarget;
use crate::Engine;

pub use ddb_wire::ScanInput;

/// Scan: one page of the whole table or index (or of one segment), in partition-hash order.
pub fn scan(engine: &Engine, input: ScanInput) -> DynamoResult<PageOutput> {
    let plan = plan(engine, input)?;
    engine.paged_read(plan)
}

/// DynamoDB's checks for Scan, in its order: the request's constraints and its segment;
/// legacy and expression parameters, placeholder maps and the starting key's values; the
/// filter and projection; then the table or index, Select, the starting key against the key
/// schema and the segment, and filtered and projected key paths.
fn plan(engine: &Engine, input: ScanInput) -> DynamoResult<PagedRead> {
    let mut input = input.validate()?;
    let segment = segment_of(input.segment, input.total_segments)?;
    let start_item = check_params(&mut input)?;
    let (filter, projection) = parse_expressions(&mut input)?;
    let consistent = input.consistent_read.unwrap_or(false);
    let index_name = input.index_name.as_deref();
    let target = ReadTarget::open(engine, &input.table_name, index_name, consistent)?;
    let legacy_projection = input.attributes_to_get.is_some();
    let select = target.select(input.select, projection.as_deref(), legacy_projection)?;
    if let Some(f) = &filter {
        target.check_filter_projected_by_gsi(f.paths())?;
    }
    let start_key = match &start_item {
        Some(esk) => Some(start_in_segment(&target, esk, segment)?),
        None => None,
    };
    if let Some(f) = &filter {
        check_scalar_key_paths(f.paths(), &target.def)?;
    }
    if let Some(p) = &projection {
        check_scalar_key_paths(p, &target.def)?;
    }
    let (tag, id) = target.space();
    let (start, end) = resume_after(segment_range(tag, id, segment), start_key, false);
    Ok(PagedRead {
        target,
        start,
        end,
        reverse: false,
        // Validation makes Limit at least 1.
        limit: input.limit.map(|l| l.unsigned_abs() as usize),
        filter,
        select,
        projection,
        consistent,
        capacity: input.return_consumed_capacity.into(),
        partition_key: None,
    })
}

/// The legacy and the expression parameters the request gave, by name.
fn given_params(input: &valid::ScanInput) -> (Vec<&'static str>, Vec<&'static str>) {
    let legacy = given(&[
        (input.scan_filter.is_some(), "ScanFilter"),
        (input.attributes_to_get.is_some(), "AttributesToGet"),
        (input.conditional_operator.is_some(), "ConditionalOperator"),
    ]);
    let expressions = given(&[
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
pub fn check_before_values(input: &valid::ScanInput) -> DynamoResult<()> {
    let (legacy, expressions) = given_params(input);
    check_not_mixed(&legacy, &expressions)
}

/// Scan's parameters before any expression is parsed: legacy and expression parameters not
/// mixed, placeholder maps, AttributesToGet, the starting key's values. Returns the starting
/// key.
fn check_params(input: &mut valid::ScanInput) -> DynamoResult<Option<Item>> {
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

/// The filter and the projection, and that every placeholder is used: checked before the
/// table is looked up, as DynamoDB does.
fn parse_expressions(
    input: &mut valid::ScanInput,
) -> DynamoResult<(Option<Condition>, Option<Vec<Path>>)> {
    let names = input.expression_attribute_names.as_ref();
    let values = input.expression_attribute_values.as_ref();
    let mut ctx = ExpressionContext::new(names, values);
    let filter = read_filter(
        input.filter_expression.as_deref(),
        input.scan_filter.take(),
        input.conditional_operator,
        &mut ctx,
    )?;
    let projection = read_projection(
        input.projection_expression.as_deref(),
        input.attributes_to_get.as_deref(),
        &mut ctx,
    )?;
    ctx.check_all_used()?;
    Ok((filter, projection))
}

/// The storage key an `ExclusiveStartKey` names, checked against the key schema, then against
/// the segment scanned.
fn start_in_segment(
    target: &ReadTarget,
    esk: &Item,
    segment: Option<(u64, u64)>,
) -> DynamoResult<Vec<u8>> {
    let start = target.start_key(esk, false)?;
    if let Some((i, n)) = segment {
        if !in_segment(&start, i, n) {
            return Err(Invalid::StartKeyWrongSegment {
                total: n,
                segment: i,
            }
            .into());
        }
    }
    Ok(start)
}

/// A parallel scan's segment, `(Segment, TotalSegments)`: both or neither, and the segment
/// below the total (the constraints' ranges make both non-negative).
fn segment_of(segment: Option<i32>, total: Option<i32>) -> DynamoResult<Option<(u64, u64)>> {
    match (segment, total) {
        (Some(_), None) => Err(Invalid::TotalSegmentsMissing.into()),
        (None, Some(_)) => Err(Invalid::SegmentMissing.into()),
        (Some(segment), Some(total)) if segment >= total => {
            Err(Invalid::SegmentOutOfRange { segment, total }.into())
        }
        (Some(segment), Some(total)) => Ok(Some((
            u64::from(segment.unsigned_abs()),
            u64::from(total.unsigned_abs()),
        ))),
        (None, None) => Ok(None),
    }
}

/// Buckets of the hash space that segments are made of: DynamoDB's parallel scan (as dynalite
/// reproduces it) gives segment `i` of `n` the buckets `ceil(4096 i / n) .. ceil(4096 (i+1) / n)`
/// of the top 12 bits of the partition hash. With more than 4096 segments some are empty.
const SEGMENT_BUCKETS: u128 = 4096;

/// First hash of segment `i` of `n`.
fn segment_start(i: u64, n: u64) -> u128 {
    (SEGMENT_BUCKETS * u128::from(i)).div_ceil(u128::from(n)) << 52
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_tile_the_hash_space() {
        for n in [1u64, 2, 3, 7, 1000, 4096, 5000] {
            assert_eq!(segment_start(0, n), 0);
            assert_eq!(segment_start(n, n), 1u128 << 64);
            for i in 0..n {
                assert!(segment_start(i, n) <= segment_start(i + 1, n));
                if n <= 4096 {
                    assert!(segment_start(i, n) < segment_start(i + 1, n));
                }
            }
        }
    }

    /// dynalite's segments of 4 for hash-only keys item0..item9: {4, 3} {5} {8, 7, 1, 6} {0, 2, 9}.
    #[test]
    fn segments_hold_the_partitions_dynalite_puts_there() {
        use ddb_model::key_encoding::partition_hash;
        use ddb_model::AttributeValue;
        let segment_of = |k: &str| {
            let h = u128::from(partition_hash(&AttributeValue::S(k.into())));
            (0..4).find(|&i| segment_start(i, 4) <= h && h < segment_start(i + 1, 4))
        };
        let expected = [
            (4, 0),
            (3, 0),
            (5, 1),
            (8, 2),
            (7, 2),
            (1, 2),
            (6, 2),
            (0, 3),
            (2, 3),
            (9, 3),
        ];
        for (item, segment) in expected {
            assert_eq!(
                segment_of(&format!("item{item}")),
                Some(segment),
                "item{item}"
            );
        }
    }
}
