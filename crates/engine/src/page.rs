//! One page of a Query or Scan: walk a key range, count what is read toward Limit and the 1 MB
//! page size (both before the filter, as DynamoDB does), filter, and remember where to resume.

use std::ops::Bound;

use serde::{Serialize, Serializer};

use ddb_expr::{evaluate, project, Condition, Path};
use ddb_model::capacity::{read_units, ReadKind};
use ddb_model::codec::{decode_item, stored_item_size, CodecError, StoredItem};
use ddb_model::size::item_size;
use ddb_model::{AttributeValue, DynamoError, DynamoResult, Item};

use crate::capacity::{ConsumedCapacity, Consumption, ReturnCapacity, UnitKind};
use crate::catalog::storage_error;
use crate::keys::key_of_new_item;
use crate::read_target::{ReadTarget, Select};
use crate::schema::KeySchema;
use crate::throttling::Target;
use crate::Engine;

/// Most bytes one Query or Scan page reads.
pub const MAX_PAGE_BYTES: usize = 1024 * 1024;

/// A Query or Scan with every check made: what to walk and how to answer.
pub struct PagedRead {
    /// The table or index walked.
    pub target: ReadTarget,
    /// Where the walk starts in the key space (after the starting key, if any).
    pub start: Bound<Vec<u8>>,
    /// Where the walk ends in the key space.
    pub end: Bound<Vec<u8>>,
    /// Whether to walk backwards, from `end` to `start`.
    pub reverse: bool,
    /// `Limit`: the most items to evaluate.
    pub limit: Option<usize>,
    /// The filter an evaluated item must satisfy to be returned.
    pub filter: Option<Condition>,
    /// What the page returns.
    pub select: Select,
    /// The attributes to return, when a projection names them.
    pub projection: Option<Vec<Path>>,
    /// Whether the read is strongly consistent.
    pub consistent: bool,
    /// Whether, and in what detail, the response reports capacity.
    pub capacity: ReturnCapacity,
    /// The partition key a Query reads (a Scan reads every partition).
    pub partition_key: Option<Vec<AttributeValue>>,
}

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
    pub items: Vec<PageItem>,
    /// How many items matched the filter.
    pub count: usize,
    /// How many items were evaluated, before the filter.
    pub scanned: usize,
    /// How many bytes were read.
    pub bytes: usize,
    /// The key to resume after, when the walk stopped before the end.
    pub last_evaluated_key: Option<Item>,
}

/// An item a page returns: as stored while nothing needs its attributes (serialized from its
/// bytes, never decoded), decoded once a filter, a projection or a table fetch needed them.
#[derive(Debug)]
pub enum PageItem {
    /// The item as stored.
    Stored(StoredItem),
    /// The decoded item.
    Decoded(Item),
}

impl PageItem {
    /// The decoded item.
    pub(crate) fn into_item(self) -> DynamoResult<Item> {
        match self {
            PageItem::Stored(stored) => stored.decode().map_err(corrupt),
            PageItem::Decoded(item) => Ok(item),
        }
    }
}

impl Serialize for PageItem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            PageItem::Stored(stored) => stored.serialize(serializer),
            PageItem::Decoded(item) => item.serialize(serializer),
        }
    }
}

fn corrupt(e: CodecError) -> DynamoError {
    DynamoError::internal(e.to_string())
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

/// The last item a walk evaluated, kept for its key until the walk knows whether it stopped
/// early.
enum Last {
    /// Its key, taken from the decoded item.
    Key(Item),
    /// Its stored bytes (an item not kept: Select COUNT).
    Stored(Vec<u8>),
    /// The last of the page's items.
    InItems,
}

impl Engine {
    /// Reads one page of the key range. Without a filter, items stay in their stored form:
    /// sizes come from their headers and only the last one is decoded, for its key, when the
    /// page stops early.
    pub(crate) fn read_page(&self, spec: PageSpec<'_>) -> DynamoResult<Page> {
        let mut page = Page::default();
        let mut iter = self.storage.range(spec.start, spec.end, spec.reverse);
        let mut last: Option<Last> = None;
        // Checked before the next item is pulled: a full page reads nothing past its end.
        while !page.is_full(spec.limit) {
            let Some(kv) = iter.next() else { break };
            let (_, value) = kv.map_err(storage_error)?;
            last = Some(page.add(value, spec.filter, spec.keep_items, &spec.key_schemas)?);
        }
        // DynamoDB does not look ahead: a page that stopped at Limit or 1 MB reports where it
        // stopped even when nothing follows.
        if page.is_full(spec.limit) {
            page.last_evaluated_key = resume_key(last, &page.items, &spec.key_schemas)?;
        }
        Ok(page)
    }
}

impl Page {
    /// Whether the page has evaluated `Limit` items or read 1 MB.
    fn is_full(&self, limit: Option<usize>) -> bool {
        limit.is_some_and(|l| self.scanned >= l) || self.bytes >= MAX_PAGE_BYTES
    }

    /// Evaluates one stored item: counts it and its bytes, and keeps it when it passes the
    /// filter. Returns where its key can be found.
    fn add(
        &mut self,
        value: Vec<u8>,
        filter: Option<&Condition>,
        keep_items: bool,
        key_schemas: &[&KeySchema],
    ) -> DynamoResult<Last> {
        self.scanned += 1;
        let Some(f) = filter else {
            self.bytes += stored_item_size(&value).map_err(corrupt)?;
            self.count += 1;
            if !keep_items {
                return Ok(Last::Stored(value));
            }
            self.items.push(PageItem::Stored(StoredItem::new(value)));
            return Ok(Last::InItems);
        };
        let item = decode_item(&value).map_err(corrupt)?;
        self.bytes += item_size(&item);
        let key = key_of(&item, key_schemas);
        if evaluate(f, Some(&item))? {
            self.count += 1;
            if keep_items {
                self.items.push(PageItem::Decoded(item));
            }
        }
        Ok(Last::Key(key))
    }
}

/// The key of the last item a page evaluated, from wherever the walk kept it.
fn resume_key(
    last: Option<Last>,
    items: &[PageItem],
    key_schemas: &[&KeySchema],
) -> DynamoResult<Option<Item>> {
    Ok(match last {
        None => None,
        Some(Last::Key(key)) => Some(key),
        Some(Last::Stored(bytes)) => {
            Some(key_of(&decode_item(&bytes).map_err(corrupt)?, key_schemas))
        }
        Some(Last::InItems) => match items.last() {
            Some(PageItem::Stored(stored)) => {
                Some(key_of(&stored.decode().map_err(corrupt)?, key_schemas))
            }
            Some(PageItem::Decoded(item)) => Some(key_of(item, key_schemas)),
            None => None,
        },
    })
}

/// The response of Query and Scan.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PageOutput {
    /// `Items`: the items returned (absent for Select COUNT).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<PageItem>>,
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
    /// Runs a planned Query or Scan: reads its page and answers with it.
    pub(crate) fn paged_read(&self, read: PagedRead) -> DynamoResult<PageOutput> {
        let def = &read.target.def;
        let target = Target::of_read(read.target.index());
        let partition_key = read.partition_key.as_deref();
        let admission = self.admit(def, target, UnitKind::Read, partition_key)?;
        let page = self.read_page(PageSpec {
            start: read.start,
            end: read.end,
            reverse: read.reverse,
            limit: read.limit,
            filter: read.filter.as_ref(),
            key_schemas: read.target.key_schemas(),
            keep_items: read.select != Select::Count,
        })?;
        let (output, consumption) = self.page_response(
            &read.target,
            page,
            read.select,
            read.projection.as_deref(),
            read.consistent,
        )?;
        self.charge(def, target, &consumption, admission);
        Ok(PageOutput {
            consumed_capacity: consumption.report(read.capacity),
            ..output
        })
    }

    /// The Query or Scan response for a page: items completed from the table where a local
    /// index lacks attributes, projected, counted, and the capacity the reads cost.
    fn page_response(
        &self,
        target: &ReadTarget,
        page: Page,
        select: Select,
        projection: Option<&[Path]>,
        consistent: bool,
    ) -> DynamoResult<(PageOutput, Consumption)> {
        let def = &target.def;
        let kind = ReadKind::from_consistent(consistent);
        let mut consumption = Consumption::new(&def.name, UnitKind::Read);
        let units = read_units(page.bytes, kind);
        match target.index() {
            Some(index) => consumption.add_index(&index.name, index.kind, units),
            None => consumption.table = units,
        }
        let fetch = target.needs_table_fetch(select, projection);
        let mut items = Vec::with_capacity(page.items.len());
        for item in page.items {
            if !fetch && projection.is_none() {
                items.push(item);
                continue;
            }
            let item = item.into_item()?;
            let full = if fetch {
                let table_key = key_of_new_item(&item, &def.key)?;
                let base = self.read_item(def, &table_key)?.unwrap_or(item);
                consumption.table += read_units(item_size(&base), kind);
                base
            } else {
                item
            };
            items.push(PageItem::Decoded(match projection {
                Some(paths) => project(&full, paths),
                None => full,
            }));
        }
        let output = PageOutput {
            items: (select != Select::Count).then_some(items),
            count: page.count,
            scanned_count: page.scanned,
            last_evaluated_key: page.last_evaluated_key,
            consumed_capacity: None,
        };
        Ok((output, consumption))
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
