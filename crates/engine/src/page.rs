//! One page of a Query or Scan: walk a key range, count what is read toward Limit and the 1 MB
//! page size (both before the filter, as DynamoDB does), filter, and remember where to resume.

use std::ops::Bound;

use serde::Serialize;

use ddb_expr::{evaluate, project, Condition, Path};
use ddb_model::capacity::{read_units, ReadKind};
use ddb_model::codec::decode_item;
use ddb_model::size::item_size;
use ddb_model::{DynamoError, DynamoResult, Item};

use crate::capacity::{ConsumedCapacity, Consumption, ReturnCapacity, UnitKind};
use crate::catalog::storage_error;
use crate::keys::key_of_new_item;
use crate::read_target::{ReadTarget, Select};
use crate::schema::KeySchema;
use crate::Engine;

/// Most bytes one Query or Scan page reads.
pub const MAX_PAGE_BYTES: usize = 1024 * 1024;

/// What a page walk needs to know.
pub struct PageSpec<'a> {
    /// Where the walk starts in the key space.
    pub start: Bound<Vec<u8>>,
    /// Where the walk ends in the key space.
    pub end: Bound<Vec<u8>>,
    /// Whether to walk backwards, from `end` to `start`.
    pub reverse: bool,
    /// `Limit`: the most items to evaluate.
    pub limit: Option<usize>,
    /// The filter an evaluated item must satisfy to be returned.
    pub filter: Option<&'a Condition>,
    /// Key schemas whose attributes make up LastEvaluatedKey (table, then index).
    pub key_schemas: Vec<&'a KeySchema>,
    /// Keep matching items (false for Select COUNT).
    pub keep_items: bool,
}

/// What one page found.
#[derive(Default)]
pub struct Page {
    /// The items returned (after the filter).
    pub items: Vec<Item>,
    /// How many items matched the filter.
    pub count: usize,
    /// How many items were evaluated, before the filter.
    pub scanned: usize,
    /// How many bytes were read.
    pub bytes: usize,
    /// The key to resume after, when the walk stopped before the end.
    pub last_evaluated_key: Option<Item>,
}

fn key_of(item: &Item, schemas: &[&KeySchema]) -> Item {
    let mut key = Item::new();
    for schema in schemas {
        for attr in schema.attributes() {
            if let Some(v) = item.get(&attr.name) {
                key.insert(attr.name.clone(), v.clone());
            }
        }
    }
    key
}

impl Engine {
    /// Reads one page of the key range.
    pub(crate) fn read_page(&self, spec: PageSpec<'_>) -> DynamoResult<Page> {
        let mut page = Page::default();
        let iter = self.storage.range(spec.start, spec.end, spec.reverse);
        let mut last: Option<Item> = None;
        let mut hit_limit = false;
        for kv in iter {
            if spec.limit.is_some_and(|l| page.scanned >= l) || page.bytes >= MAX_PAGE_BYTES {
                hit_limit = true;
                break;
            }
            let (_, value) = kv.map_err(storage_error)?;
            let item = decode_item(&value).map_err(|e| DynamoError::internal(e.to_string()))?;
            page.scanned += 1;
            page.bytes += item_size(&item);
            let matches = match spec.filter {
                Some(f) => evaluate(f, Some(&item))?,
                None => true,
            };
            last = Some(key_of(&item, &spec.key_schemas));
            if matches {
                page.count += 1;
                if spec.keep_items {
                    page.items.push(item);
                }
            }
        }
        // DynamoDB does not look ahead: a page that stopped at Limit or 1 MB reports where it
        // stopped even when nothing follows.
        let stopped_early = hit_limit
            || spec.limit.is_some_and(|l| page.scanned >= l)
            || page.bytes >= MAX_PAGE_BYTES;
        if stopped_early {
            page.last_evaluated_key = last;
        }
        Ok(page)
    }
}

/// The response of Query and Scan.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PageOutput {
    /// `Items`: the items returned (absent for Select COUNT).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<Item>>,
    /// `Count`: how many items matched the filter.
    pub count: usize,
    /// `ScannedCount`: how many items were evaluated, before the filter.
    pub scanned_count: usize,
    /// `LastEvaluatedKey`: where the next page starts, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_evaluated_key: Option<Item>,
    /// `ConsumedCapacity`: what the read consumed, when asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consumed_capacity: Option<ConsumedCapacity>,
}

impl Engine {
    /// The Query or Scan response for a page: items completed from the table where a local
    /// index lacks attributes, projected, counted, and the capacity the reads cost.
    pub(crate) fn page_response(
        &self,
        target: &ReadTarget<'_>,
        page: Page,
        select: Select,
        projection: Option<&[Path]>,
        consistent: bool,
        capacity: ReturnCapacity,
    ) -> DynamoResult<PageOutput> {
        let def = target.def;
        let kind = ReadKind::from_consistent(consistent);
        let mut consumption = Consumption::new(&def.name, UnitKind::Read);
        let units = read_units(page.bytes, kind);
        match target.index {
            Some(index) => consumption.add_index(&index.name, index.kind, units),
            None => consumption.table = units,
        }
        let fetch = target.needs_table_fetch(select, projection);
        let mut items = Vec::with_capacity(page.items.len());
        for item in page.items {
            let full = if fetch {
                let table_key = key_of_new_item(&item, &def.key)?;
                let base = self.read_item(def, &table_key)?.unwrap_or(item);
                consumption.table += read_units(item_size(&base), kind);
                base
            } else {
                item
            };
            items.push(match projection {
                Some(paths) => project(&full, paths),
                None => full,
            });
        }
        Ok(PageOutput {
            items: (select != Select::Count).then_some(items),
            count: page.count,
            scanned_count: page.scanned,
            last_evaluated_key: page.last_evaluated_key,
            consumed_capacity: consumption.report(capacity),
        })
    }
}

/// Narrows a range to what lies after an exclusive start key in the walk's direction.
pub fn resume_after(
    range: (Bound<Vec<u8>>, Bound<Vec<u8>>),
    start_key: Option<Vec<u8>>,
    reverse: bool,
) -> (Bound<Vec<u8>>, Bound<Vec<u8>>) {
    let Some(k) = start_key else { return range };
    let (start, end) = range;
    if reverse {
        let tighter = match &end {
            Bound::Excluded(e) | Bound::Included(e) if e <= &k => end,
            _ => Bound::Excluded(k),
        };
        (start, tighter)
    } else {
        let tighter = match &start {
            Bound::Included(s) | Bound::Excluded(s) if s > &k => start,
            _ => Bound::Excluded(k),
        };
        (tighter, end)
    }
}
