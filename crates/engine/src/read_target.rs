//! What a Query or Scan reads: the table or one of its indexes, with the rules that depend on
//! which (Select modes, consistent reads, starting keys).

use std::sync::Arc;

use ddb_expr::Path;
use ddb_model::{DynamoError, DynamoResult, Item};

use crate::invalid::Invalid;
use crate::keys::{index_key_from_param, key_from_param, PrimaryKey};
use crate::layout::{index_entry_key, item_key, INDEX_TAG, ITEM_TAG};
use crate::schema::{IndexDef, IndexKind, KeySchema, Projection, TableDef};
use crate::Engine;

/// The table or index a read walks.
pub struct ReadTarget {
    /// The table.
    pub def: Arc<TableDef>,
    /// Where the index the read names is in `def.indexes` (found there by [`ReadTarget::resolve`]).
    index: Option<usize>,
}

/// The `Select` parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Select {
    /// `ALL_ATTRIBUTES`: every attribute of the item.
    AllAttributes,
    /// `ALL_PROJECTED_ATTRIBUTES`: every attribute the index projects.
    AllProjectedAttributes,
    /// `SPECIFIC_ATTRIBUTES`: the attributes a projection names.
    SpecificAttributes,
    /// `COUNT`: only the number of matching items.
    Count,
}

impl ReadTarget {
    /// The table, or its index named `index_name`; DynamoDB's error when there is no such index.
    pub fn resolve(def: Arc<TableDef>, index_name: Option<&str>) -> DynamoResult<ReadTarget> {
        let index = match index_name {
            None => None,
            Some(name) => Some(def.indexes.iter().position(|i| i.name == name).ok_or_else(
                || {
                    DynamoError::from(Invalid::NoSuchIndex {
                        index: name.to_string(),
                    })
                },
            )?),
        };
        Ok(ReadTarget { def, index })
    }

    /// The table `table_name`, or its index `index_name`, for a read that is strongly
    /// `consistent` or not: DynamoDB's errors for a missing table or index, then for a
    /// consistent read of a global secondary index.
    pub fn open(
        engine: &Engine,
        table_name: &str,
        index_name: Option<&str>,
        consistent: bool,
    ) -> DynamoResult<ReadTarget> {
        let target = ReadTarget::resolve(engine.table(table_name)?, index_name)?;
        target.check_consistent_read(consistent)?;
        // A global index UpdateTable added is unreadable while it backfills
        // (`--table-delays`; the lifecycle module has DynamoDB's source).
        if let Some(index) = target.index() {
            if engine.lifecycle.is_backfilling(target.def.id, &index.name) {
                return Err(Invalid::IndexBackfilling.into());
            }
        }
        Ok(target)
    }

    /// The index the read walks, when it names one (the table's definition never changes
    /// under an `Arc`, so the position found by `resolve` stays that index's).
    pub fn index(&self) -> Option<&IndexDef> {
        self.index.and_then(|i| self.def.indexes.get(i))
    }

    /// The key schema the read is ordered by.
    pub fn key(&self) -> &KeySchema {
        self.index().map_or(&self.def.key, |i| &i.key)
    }

    /// The key space the read walks: the tag and id of the table or index.
    pub fn space(&self) -> (u8, u32) {
        match self.index() {
            Some(i) => (INDEX_TAG, i.id),
            None => (ITEM_TAG, self.def.id),
        }
    }

    /// Key schemas whose attributes form LastEvaluatedKey.
    pub fn key_schemas(&self) -> Vec<&KeySchema> {
        let mut v = vec![&self.def.key];
        if let Some(i) = self.index() {
            v.push(&i.key);
        }
        v
    }

    /// Whether the read is on a global secondary index.
    pub fn is_global_index(&self) -> bool {
        self.index().is_some_and(|i| i.kind == IndexKind::Global)
    }

    /// Refuses a consistent read of a global secondary index, as DynamoDB does.
    pub fn check_consistent_read(&self, consistent: bool) -> DynamoResult<()> {
        if consistent && self.is_global_index() {
            return Err(Invalid::ConsistentReadOnGsi.into());
        }
        Ok(())
    }

    /// The storage key an `ExclusiveStartKey` names.
    pub fn start_key(&self, esk: &Item, for_query: bool) -> DynamoResult<Vec<u8>> {
        // DynamoDB words a Query's misshapen starting key tersely; a table Query's key of the
        // wrong type gets the plain schema message (recorded against DynamoDB by dynalite).
        let misshapen = || match for_query {
            true => DynamoError::from(Invalid::StartKeyInvalid),
            false => DynamoError::from(Invalid::StartKeyMismatch),
        };
        let bad = || DynamoError::from(Invalid::StartKeyMismatch);
        match self.index() {
            None => {
                if for_query && !self.def.key.covers_exactly(esk) {
                    return Err(misshapen());
                }
                let key = key_from_param(esk, &self.def.key).map_err(|e| match for_query {
                    true => e,
                    false => bad(),
                })?;
                Ok(item_key(self.def.id, &key.hash, key.range.as_ref()))
            }
            Some(index) => {
                let mut table_part = Item::new();
                let mut index_part = Item::new();
                for (name, value) in esk {
                    let in_table = self.def.key.contains(name);
                    let in_index = index.key.contains(name);
                    if !in_table && !in_index {
                        return Err(misshapen());
                    }
                    if in_table {
                        table_part.insert(name.clone(), value.clone());
                    }
                    if in_index {
                        index_part.insert(name.clone(), value.clone());
                    }
                }
                let complete = self.def.key.attributes().all(|a| esk.contains_key(&a.name))
                    && index.key.attributes().all(|a| esk.contains_key(&a.name));
                if for_query && !complete {
                    return Err(misshapen());
                }
                let table_key: PrimaryKey =
                    key_from_param(&table_part, &self.def.key).map_err(|_| bad())?;
                let index_key = index_key_from_param(&index_part, &index.key).map_err(|_| bad())?;
                Ok(index_entry_key(
                    index.id,
                    &index_key.hash,
                    &index_key.range,
                    &table_key.hash,
                    table_key.range.as_ref(),
                ))
            }
        }
    }

    /// Resolves `Select` against the projection asked for, with DynamoDB's rules: the choice
    /// (or its default), then whether it goes with the projection, then with the index.
    pub fn select(
        &self,
        select: Option<ddb_wire::Select>,
        projection: Option<&[Path]>,
        legacy_projection: bool,
    ) -> DynamoResult<Select> {
        let chosen = match select {
            None => self.default_select(projection.is_some()),
            Some(ddb_wire::Select::AllAttributes) => Select::AllAttributes,
            Some(ddb_wire::Select::AllProjectedAttributes) => Select::AllProjectedAttributes,
            Some(ddb_wire::Select::SpecificAttributes) => Select::SpecificAttributes,
            Some(ddb_wire::Select::Count) => Select::Count,
        };
        check_select_with_projection(chosen, projection.is_some(), legacy_projection)?;
        self.check_select_on_target(chosen)?;
        self.check_projected_by_gsi(projection)?;
        Ok(chosen)
    }

    /// What a read without `Select` returns: what its projection names, else everything the
    /// index projects, else the whole item.
    fn default_select(&self, has_projection: bool) -> Select {
        if has_projection {
            Select::SpecificAttributes
        } else if self.index.is_some() {
            Select::AllProjectedAttributes
        } else {
            Select::AllAttributes
        }
    }

    /// ALL_PROJECTED_ATTRIBUTES needs an index; ALL_ATTRIBUTES on a global index needs one
    /// that projects everything.
    fn check_select_on_target(&self, chosen: Select) -> DynamoResult<()> {
        if chosen == Select::AllProjectedAttributes && self.index.is_none() {
            return Err(Invalid::AllProjectedWithoutIndex.into());
        }
        if let (Select::AllAttributes, Some(index)) = (chosen, self.index()) {
            if index.kind == IndexKind::Global && index.projection != Projection::All {
                return Err(Invalid::AllAttributesOnGsi {
                    index: index.name.clone(),
                }
                .into());
            }
        }
        Ok(())
    }

    /// A global index cannot be completed from the table: a projection (ProjectionExpression
    /// or AttributesToGet) naming an attribute it does not project is refused with
    /// `One or more parameter values were invalid: Global secondary index <index> does not
    /// project [<names>]` (localstack issue 478, the answer of AWS to a ProjectionExpression).
    fn check_projected_by_gsi(&self, projection: Option<&[Path]>) -> DynamoResult<()> {
        let paths = projection.unwrap_or_default().iter();
        match self.not_projected_by_gsi(paths) {
            Some((index, names)) => Err(Invalid::NotProjectedByGsi { index, names }.into()),
            None => Ok(()),
        }
    }

    /// The same for a filter (FilterExpression, QueryFilter, ScanFilter):
    /// `One or more parameter values were invalid: Secondary index <index> does not project
    /// one or more filter attributes: [<names>]` (AWS's answer quoted in dynamodb-onetable
    /// issue 377). A local index is completed from the table, so only a global one refuses.
    pub fn check_filter_projected_by_gsi<'p>(
        &self,
        paths: impl IntoIterator<Item = &'p Path>,
    ) -> DynamoResult<()> {
        match self.not_projected_by_gsi(paths) {
            Some((index, names)) => Err(Invalid::FilterNotProjectedByGsi { index, names }.into()),
            None => Ok(()),
        }
    }

    /// The global index read and the top-level names of `paths` it does not project (each
    /// once, in the order given), if there are any.
    fn not_projected_by_gsi<'p>(
        &self,
        paths: impl IntoIterator<Item = &'p Path>,
    ) -> Option<(String, Vec<String>)> {
        let index = self.index()?;
        if index.kind != IndexKind::Global || index.projection == Projection::All {
            return None;
        }
        let mut names: Vec<String> = Vec::new();
        for name in paths.into_iter().filter_map(Path::first_name) {
            if !index.projects(&self.def.key, name) && !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
        (!names.is_empty()).then(|| (index.name.clone(), names))
    }

    /// Whether results must be completed from the table (a local index that does not store
    /// everything the caller asked for).
    pub fn needs_table_fetch(&self, select: Select, projection: Option<&[Path]>) -> bool {
        let Some(index) = self.index() else {
            return false;
        };
        if index.kind != IndexKind::Local || index.projection == Projection::All {
            return false;
        }
        match select {
            Select::AllAttributes => true,
            Select::SpecificAttributes => {
                projection
                    .unwrap_or_default()
                    .iter()
                    .any(|p| match p.first_name() {
                        Some(name) => !index.projects(&self.def.key, name),
                        None => false,
                    })
            }
            _ => false,
        }
    }
}

/// Only SPECIFIC_ATTRIBUTES goes with a projection (`AttributesToGet` when
/// `legacy_projection`, else `ProjectionExpression`), and it needs one.
fn check_select_with_projection(
    chosen: Select,
    has_projection: bool,
    legacy_projection: bool,
) -> DynamoResult<()> {
    let parameter = if legacy_projection {
        "AttributesToGet"
    } else {
        "ProjectionExpression"
    };
    let refused = |select| Err(Invalid::ProjectionWithSelect { parameter, select }.into());
    match (chosen, has_projection) {
        (Select::AllAttributes, true) => refused("ALL_ATTRIBUTES"),
        (Select::AllProjectedAttributes, true) => refused("ALL_PROJECTED_ATTRIBUTES"),
        (Select::Count, true) => refused("only the Count"),
        // Query wraps this one in the framework envelope, Scan does not (crate::framing).
        (Select::SpecificAttributes, false) => {
            Err(Invalid::SpecificAttributesWithoutProjection.into())
        }
        _ => Ok(()),
    }
}
