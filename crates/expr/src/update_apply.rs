//! Applying an update to an item.
//!
//! DynamoDB evaluates every action against the item as it was before the update, so the new
//! values are all computed first from the untouched item, and only then written. List indexes
//! likewise refer to the list as it was: writes go first (appends past the end in index order,
//! as DynamoDB sorts them), then removals from the highest index down so that one removal does
//! not shift the next.

use std::cmp::Ordering;

use ddb_model::{AttributeValue, DynamoResult, Item};

use crate::ast::{Path, PathElement};
use crate::condition::resolve;
use crate::error::{
    ExprError, MSG_BAD_OPERAND_TYPE, MSG_INVALID_PATH, MSG_LEGACY_TYPE_MISMATCH,
    MSG_MISSING_ATTRIBUTE,
};
use crate::update::{SetValue, UpdateAction, UpdateExpression};
use crate::ExpressionKind;

/// One change to make, computed from the item before the update.
enum Write<'a> {
    Put(&'a Path, AttributeValue),
    Remove(&'a Path),
}

impl UpdateExpression {
    /// Applies the update to `item` in place (an empty item stands for one that does not exist
    /// yet). On error the item may be partly updated: callers work on a copy and drop it.
    pub fn apply(&self, item: &mut Item) -> DynamoResult<()> {
        self.apply_typed(item)
            .map_err(|e| e.into_dynamo(ExpressionKind::Update))
    }

    fn apply_typed(&self, item: &mut Item) -> Result<(), ExprError> {
        // DynamoDB lets REMOVE name paths into an item that does not exist at all.
        let missing_item = item.is_empty();
        let mut puts = Vec::new();
        let mut removes = Vec::new();
        for action in &self.actions {
            match self.write_of(action, item)? {
                Some(Write::Put(p, v)) => puts.push((p, v)),
                Some(Write::Remove(p)) => removes.push(p),
                None => {}
            }
        }
        puts.sort_by(|a, b| index_order(a.0, b.0));
        for (path, value) in puts {
            put_at(item, path, value)?;
        }
        removes.sort_by(|a, b| index_order(b, a));
        for path in removes {
            remove_at(item, path, missing_item)?;
        }
        Ok(())
    }

    fn write_of<'a>(
        &self,
        action: &'a UpdateAction,
        item: &Item,
    ) -> Result<Option<Write<'a>>, ExprError> {
        Ok(Some(match action {
            UpdateAction::Set(path, v) => Write::Put(path, evaluate_set(v, item)?),
            UpdateAction::Remove(path) => Write::Remove(path),
            UpdateAction::Add(path, v) => Write::Put(path, self.added(resolve(item, path), v)?),
            UpdateAction::Delete(path, v) => match resolve(item, path) {
                None => {
                    check_parent_holds(item, path)?;
                    return Ok(None);
                }
                Some(existing) => match self.deleted(existing, v)? {
                    Some(left) => Write::Put(path, left),
                    None => Write::Remove(path),
                },
            },
        }))
    }

    fn mismatch(&self) -> ExprError {
        ExprError::Apply(if self.legacy {
            MSG_LEGACY_TYPE_MISMATCH
        } else {
            MSG_BAD_OPERAND_TYPE
        })
    }

    /// The value ADD leaves: a sum, a union, or the operand itself when nothing was there.
    fn added(
        &self,
        existing: Option<&AttributeValue>,
        v: &AttributeValue,
    ) -> Result<AttributeValue, ExprError> {
        use AttributeValue::*;
        Ok(match (existing, v) {
            (None, v) => v.clone(),
            (Some(N(x)), N(y)) => N(x.add(y).map_err(ExprError::Number)?),
            (Some(Ss(x)), Ss(y)) => Ss(union(x, y)),
            (Some(Ns(x)), Ns(y)) => Ns(union(x, y)),
            (Some(Bs(x)), Bs(y)) => Bs(union(x, y)),
            // Only the legacy AttributeUpdates ADD appends to lists.
            (Some(L(x)), L(y)) if self.legacy => L(x.iter().chain(y).cloned().collect()),
            _ => return Err(self.mismatch()),
        })
    }

    /// The set DELETE leaves; `None` when no member is left (DynamoDB then removes it).
    fn deleted(
        &self,
        existing: &AttributeValue,
        v: &AttributeValue,
    ) -> Result<Option<AttributeValue>, ExprError> {
        use AttributeValue::*;
        fn minus<T: PartialEq + Clone>(a: &[T], b: &[T]) -> Vec<T> {
            a.iter().filter(|m| !b.contains(m)).cloned().collect()
        }
        let left = match (existing, v) {
            (Ss(x), Ss(y)) => Ss(minus(x, y)),
            (Ns(x), Ns(y)) => Ns(minus(x, y)),
            (Bs(x), Bs(y)) => Bs(minus(x, y)),
            _ => return Err(self.mismatch()),
        };
        let empty = match &left {
            Ss(x) => x.is_empty(),
            Ns(x) => x.is_empty(),
            Bs(x) => x.is_empty(),
            _ => false,
        };
        Ok((!empty).then_some(left))
    }
}

/// A DELETE of a missing attribute does nothing, but only where the attribute could be: a
/// nested path whose parent is missing or is not a map (for `.name`) or a list (for `[i]`) is
/// an invalid path, as for the other actions.
fn check_parent_holds(item: &Item, path: &Path) -> Result<(), ExprError> {
    let elements = path.elements();
    let Some((last, parents)) = elements.split_last() else {
        return Ok(());
    };
    if parents.is_empty() {
        return Ok(());
    }
    let parent = resolve(item, &Path(parents.to_vec()));
    match (parent, last) {
        (Some(AttributeValue::M(_)), PathElement::Attr(_)) => Ok(()),
        (Some(AttributeValue::L(_)), PathElement::Index(_)) => Ok(()),
        _ => Err(ExprError::Apply(MSG_INVALID_PATH)),
    }
}

fn union<T: PartialEq + Clone>(a: &[T], b: &[T]) -> Vec<T> {
    let mut out = a.to_vec();
    for m in b {
        if !out.contains(m) {
            out.push(m.clone());
        }
    }
    out
}

/// The value of a SET right-hand side, read from the item before the update.
fn evaluate_set(v: &SetValue, item: &Item) -> Result<AttributeValue, ExprError> {
    let bad_type = || ExprError::Apply(MSG_BAD_OPERAND_TYPE);
    Ok(match v {
        SetValue::Value(v) => v.clone(),
        SetValue::Path(p) => resolve(item, p)
            .cloned()
            .ok_or(ExprError::Apply(MSG_MISSING_ATTRIBUTE))?,
        SetValue::IfNotExists(p, fallback) => match resolve(item, p) {
            Some(v) => v.clone(),
            None => evaluate_set(fallback, item)?,
        },
        SetValue::Plus(a, b) | SetValue::Minus(a, b) => {
            let (x, y) = (evaluate_set(a, item)?, evaluate_set(b, item)?);
            let (AttributeValue::N(x), AttributeValue::N(y)) = (&x, &y) else {
                return Err(bad_type());
            };
            let result = if matches!(v, SetValue::Plus(..)) {
                x.add(y)
            } else {
                x.sub(y)
            };
            AttributeValue::N(result.map_err(ExprError::Number)?)
        }
        SetValue::ListAppend(a, b) => {
            let (x, y) = (evaluate_set(a, item)?, evaluate_set(b, item)?);
            let (AttributeValue::L(mut x), AttributeValue::L(y)) = (x, y) else {
                return Err(bad_type());
            };
            x.extend(y);
            AttributeValue::L(x)
        }
    })
}

/// Where the last element of a path lives.
enum Parent<'a> {
    Item(&'a mut Item),
    Value(&'a mut AttributeValue),
}

/// The container of `path`'s last element; `None` when a step on the way is missing or is
/// not a container of the right kind.
fn parent_mut<'a>(item: &'a mut Item, path: &Path) -> Option<Parent<'a>> {
    let (_, parents) = path.elements().split_last()?;
    let Some((first, rest)) = parents.split_first() else {
        return Some(Parent::Item(item));
    };
    let PathElement::Attr(first) = first else {
        return None;
    };
    let mut current = item.get_mut(first)?;
    for e in rest {
        current = match (e, current) {
            (PathElement::Attr(n), AttributeValue::M(m)) => m.get_mut(n)?,
            (PathElement::Index(i), AttributeValue::L(l)) => l.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(Parent::Value(current))
}

fn put_at(item: &mut Item, path: &Path, value: AttributeValue) -> Result<(), ExprError> {
    let invalid = || ExprError::Apply(MSG_INVALID_PATH);
    let last = path.elements().last().ok_or_else(invalid)?;
    match (parent_mut(item, path), last) {
        (Some(Parent::Item(item)), PathElement::Attr(name)) => {
            item.insert(name.clone(), value);
        }
        (Some(Parent::Value(AttributeValue::M(m))), PathElement::Attr(name)) => {
            m.insert(name.clone(), value);
        }
        // Past the end of a list, SET appends.
        (Some(Parent::Value(AttributeValue::L(l))), PathElement::Index(i)) => match l.get_mut(*i) {
            Some(slot) => *slot = value,
            None => l.push(value),
        },
        _ => return Err(invalid()),
    }
    Ok(())
}

fn remove_at(item: &mut Item, path: &Path, missing_item: bool) -> Result<(), ExprError> {
    let invalid = || ExprError::Apply(MSG_INVALID_PATH);
    let last = path.elements().last().ok_or_else(invalid)?;
    match (parent_mut(item, path), last) {
        (Some(Parent::Item(item)), PathElement::Attr(name)) => {
            item.remove(name);
        }
        (Some(Parent::Value(AttributeValue::M(m))), PathElement::Attr(name)) => {
            m.remove(name);
        }
        // A missing element of an existing list is no error.
        (Some(Parent::Value(AttributeValue::L(l))), PathElement::Index(i)) => {
            if *i < l.len() {
                l.remove(*i);
            }
        }
        (None, _) if missing_item => {}
        _ => return Err(invalid()),
    }
    Ok(())
}

/// Order of paths that puts list indexes in ascending order within one list.
fn index_order(a: &Path, b: &Path) -> Ordering {
    for (x, y) in a.elements().iter().zip(b.elements()) {
        let ord = match (x, y) {
            (PathElement::Index(x), PathElement::Index(y)) => x.cmp(y),
            (PathElement::Attr(x), PathElement::Attr(y)) => x.cmp(y),
            (PathElement::Attr(_), PathElement::Index(_)) => Ordering::Less,
            (PathElement::Index(_), PathElement::Attr(_)) => Ordering::Greater,
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    a.elements().len().cmp(&b.elements().len())
}

#[cfg(test)]
#[path = "update_apply_tests.rs"]
mod tests;
