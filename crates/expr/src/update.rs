//! Update expressions: parsing the SET, REMOVE, ADD and DELETE clauses, and applying them to an
//! item. Every right-hand side is evaluated against the item as it was before the update.

use ddb_model::{AttributeValue, DynamoError, DynamoResult, Item};

use crate::ast::{Path, PathElement};
use crate::condition::resolve;
use crate::lexer::Tok;
use crate::names::ExpressionContext;
use crate::parser::Parser;
use crate::ExpressionKind;

pub const MSG_BAD_OPERAND_TYPE: &str =
    "An operand in the update expression has an incorrect data type";
pub const MSG_INVALID_PATH: &str =
    "The document path provided in the update expression is invalid for update";
pub const MSG_MISSING_ATTRIBUTE: &str =
    "The provided expression refers to an attribute that does not exist in the item";

/// The right-hand side of a SET action.
#[derive(Debug, Clone, PartialEq)]
pub enum SetValue {
    Path(Path),
    Value(AttributeValue),
    Plus(Box<SetValue>, Box<SetValue>),
    Minus(Box<SetValue>, Box<SetValue>),
    IfNotExists(Path, Box<SetValue>),
    ListAppend(Box<SetValue>, Box<SetValue>),
}

/// One action of an update.
#[derive(Debug, Clone, PartialEq)]
pub enum UpdateAction {
    Set(Path, SetValue),
    Remove(Path),
    Add(Path, AttributeValue),
    Delete(Path, AttributeValue),
}

/// A parsed update: its actions in clause order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UpdateExpression {
    pub actions: Vec<UpdateAction>,
}

fn invalid_update(detail: impl std::fmt::Display) -> DynamoError {
    DynamoError::validation(format!("Invalid UpdateExpression: {detail}"))
}

/// Parses an update expression.
pub fn parse_update(text: &str, ctx: &mut ExpressionContext) -> DynamoResult<UpdateExpression> {
    let mut p = Parser::new(text, ExpressionKind::Update, ctx)?;
    let mut seen: Vec<String> = Vec::new();
    let mut actions = Vec::new();
    if *p.peek() == Tok::Eof {
        return Err(p.syntax_error());
    }
    while *p.peek() != Tok::Eof {
        if *p.peek() != Tok::Ident {
            return Err(p.syntax_error());
        }
        let clause = p.current_text().to_ascii_uppercase();
        if !["SET", "REMOVE", "ADD", "DELETE"].contains(&clause.as_str()) {
            return Err(p.syntax_error());
        }
        if seen.contains(&clause) {
            return Err(p.invalid(format!(
                "The \"{clause}\" section can only be used once in an update expression;"
            )));
        }
        seen.push(clause.clone());
        p.advance();
        loop {
            actions.push(match clause.as_str() {
                "SET" => {
                    let path = p.path()?;
                    p.expect(Tok::Eq)?;
                    UpdateAction::Set(path, set_value(&mut p)?)
                }
                "REMOVE" => UpdateAction::Remove(p.path()?),
                other => {
                    let path = p.path()?;
                    if *p.peek() != Tok::Value {
                        return Err(p.syntax_error());
                    }
                    let v = p.value()?;
                    check_add_delete_operand(other, &v)?;
                    if other == "ADD" {
                        UpdateAction::Add(path, v)
                    } else {
                        UpdateAction::Delete(path, v)
                    }
                }
            });
            if *p.peek() == Tok::Comma {
                p.advance();
            } else {
                break;
            }
        }
    }
    let update = UpdateExpression { actions };
    check_paths(&update.paths())?;
    Ok(update)
}

fn type_word(v: &AttributeValue) -> &'static str {
    match v {
        AttributeValue::S(_) => "STRING",
        AttributeValue::N(_) => "NUMBER",
        AttributeValue::B(_) => "BINARY",
        AttributeValue::Null => "NULL",
        AttributeValue::Bool(_) => "BOOLEAN",
        AttributeValue::L(_) => "LIST",
        AttributeValue::M(_) => "MAP",
        AttributeValue::Ss(_) => "STRING_SET",
        AttributeValue::Ns(_) => "NUMBER_SET",
        AttributeValue::Bs(_) => "BINARY_SET",
    }
}

fn is_set(v: &AttributeValue) -> bool {
    matches!(
        v,
        AttributeValue::Ss(_) | AttributeValue::Ns(_) | AttributeValue::Bs(_)
    )
}

fn check_add_delete_operand(op: &str, v: &AttributeValue) -> DynamoResult<()> {
    let ok = is_set(v) || (op == "ADD" && matches!(v, AttributeValue::N(_)));
    if ok {
        Ok(())
    } else {
        Err(invalid_update(format!(
            "Incorrect operand type for operator or function; operator: {op}, operand type: {}",
            type_word(v)
        )))
    }
}

fn set_value(p: &mut Parser) -> DynamoResult<SetValue> {
    let left = set_operand(p)?;
    match p.peek() {
        Tok::Plus | Tok::Minus => {
            let plus = *p.peek() == Tok::Plus;
            p.advance();
            let right = set_operand(p)?;
            let symbol = if plus { "+" } else { "-" };
            for side in [&left, &right] {
                if let SetValue::Value(v) = side {
                    if !matches!(v, AttributeValue::N(_)) {
                        return Err(invalid_update(format!(
                            "Incorrect operand type for operator or function; operator or function: {symbol}, operand type: {}",
                            v.value_type()
                        )));
                    }
                }
            }
            Ok(if plus {
                SetValue::Plus(Box::new(left), Box::new(right))
            } else {
                SetValue::Minus(Box::new(left), Box::new(right))
            })
        }
        _ => Ok(left),
    }
}

fn set_operand(p: &mut Parser) -> DynamoResult<SetValue> {
    p.descend()?;
    let operand = set_operand_inner(p);
    p.depth -= 1;
    operand
}

fn set_operand_inner(p: &mut Parser) -> DynamoResult<SetValue> {
    match p.peek() {
        Tok::Value => Ok(SetValue::Value(p.value()?)),
        Tok::LParen => {
            p.advance();
            let inner = set_value(p)?;
            p.expect(Tok::RParen)?;
            Ok(inner)
        }
        Tok::Ident if *p.peek_at(1) == Tok::LParen => {
            let name = p.current_text().to_string();
            p.advance();
            p.advance();
            let result = match name.as_str() {
                "if_not_exists" => {
                    if !matches!(p.peek(), Tok::Ident | Tok::Name) {
                        return Err(invalid_update(
                            "Operator or function requires a document path; operator or function: if_not_exists",
                        ));
                    }
                    let path = p.path()?;
                    p.expect(Tok::Comma)?;
                    let fallback = set_value(p)?;
                    SetValue::IfNotExists(path, Box::new(fallback))
                }
                "list_append" => {
                    let a = set_value(p)?;
                    p.expect(Tok::Comma)?;
                    let b = set_value(p)?;
                    for side in [&a, &b] {
                        if let SetValue::Value(v) = side {
                            if !matches!(v, AttributeValue::L(_)) {
                                return Err(invalid_update(format!(
                                    "Incorrect operand type for operator or function; operator or function: list_append, operand type: {}",
                                    v.value_type()
                                )));
                            }
                        }
                    }
                    SetValue::ListAppend(Box::new(a), Box::new(b))
                }
                other => {
                    return Err(invalid_update(format!(
                        "Invalid function name; function: {other}"
                    )))
                }
            };
            p.expect(Tok::RParen)?;
            Ok(result)
        }
        Tok::Ident | Tok::Name => Ok(SetValue::Path(p.path()?)),
        _ => Err(p.syntax_error()),
    }
}

/// Overlapping or conflicting target paths, which DynamoDB refuses.
pub(crate) fn check_paths(paths: &[&Path]) -> DynamoResult<()> {
    for (i, a) in paths.iter().enumerate() {
        for b in &paths[..i] {
            let shared =
                a.0.iter()
                    .zip(b.0.iter())
                    .take_while(|(x, y)| x == y)
                    .count();
            if shared == a.0.len().min(b.0.len()) {
                return Err(invalid_update(format!(
                    "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: {b}, path two: {a}"
                )));
            }
            let (x, y) = (&a.0[shared], &b.0[shared]);
            if matches!(
                (x, y),
                (PathElement::Attr(_), PathElement::Index(_))
                    | (PathElement::Index(_), PathElement::Attr(_))
            ) {
                return Err(invalid_update(format!(
                    "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: {b}, path two: {a}"
                )));
            }
        }
    }
    Ok(())
}

fn bad_type() -> DynamoError {
    DynamoError::validation(MSG_BAD_OPERAND_TYPE)
}

fn number_error(e: ddb_model::NumberError) -> DynamoError {
    DynamoError::validation(e.to_string())
}

fn evaluate_set(v: &SetValue, old: &Item) -> DynamoResult<AttributeValue> {
    Ok(match v {
        SetValue::Value(v) => v.clone(),
        SetValue::Path(p) => resolve(old, p)
            .cloned()
            .ok_or_else(|| DynamoError::validation(MSG_MISSING_ATTRIBUTE))?,
        SetValue::IfNotExists(p, fallback) => match resolve(old, p) {
            Some(v) => v.clone(),
            None => evaluate_set(fallback, old)?,
        },
        SetValue::Plus(a, b) | SetValue::Minus(a, b) => {
            let (x, y) = (evaluate_set(a, old)?, evaluate_set(b, old)?);
            let (AttributeValue::N(x), AttributeValue::N(y)) = (&x, &y) else {
                return Err(bad_type());
            };
            let result = if matches!(v, SetValue::Plus(..)) {
                x.add(y)
            } else {
                x.sub(y)
            };
            AttributeValue::N(result.map_err(number_error)?)
        }
        SetValue::ListAppend(a, b) => {
            let (x, y) = (evaluate_set(a, old)?, evaluate_set(b, old)?);
            let (AttributeValue::L(mut x), AttributeValue::L(y)) = (x, y) else {
                return Err(bad_type());
            };
            x.extend(y);
            AttributeValue::L(x)
        }
    })
}

/// The container that holds the last element of `path`, if the parents exist.
fn parent_mut<'a>(item: &'a mut Item, path: &Path) -> Option<ParentMut<'a>> {
    let elements = path.elements();
    if elements.len() == 1 {
        return Some(ParentMut::Item(item));
    }
    let parents = &elements[..elements.len() - 1];
    let PathElement::Attr(first) = &parents[0] else {
        return None;
    };
    let mut current = item.get_mut(first)?;
    for e in &parents[1..] {
        current = match (e, current) {
            (PathElement::Attr(n), AttributeValue::M(m)) => m.get_mut(n)?,
            (PathElement::Index(i), AttributeValue::L(l)) => l.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(ParentMut::Value(current))
}

enum ParentMut<'a> {
    Item(&'a mut Item),
    Value(&'a mut AttributeValue),
}

fn set_at(item: &mut Item, path: &Path, value: AttributeValue) -> DynamoResult<()> {
    let last = path.elements().last().expect("paths are never empty");
    match (parent_mut(item, path), last) {
        (Some(ParentMut::Item(item)), PathElement::Attr(name)) => {
            item.insert(name.clone(), value);
        }
        (Some(ParentMut::Value(AttributeValue::M(m))), PathElement::Attr(name)) => {
            m.insert(name.clone(), value);
        }
        (Some(ParentMut::Value(AttributeValue::L(l))), PathElement::Index(i)) => {
            if *i < l.len() {
                l[*i] = value;
            } else {
                l.push(value);
            }
        }
        _ => return Err(DynamoError::validation(MSG_INVALID_PATH)),
    }
    Ok(())
}

fn remove_at(item: &mut Item, path: &Path) -> DynamoResult<()> {
    let last = path.elements().last().expect("paths are never empty");
    match (parent_mut(item, path), last) {
        (Some(ParentMut::Item(item)), PathElement::Attr(name)) => {
            item.remove(name);
        }
        (Some(ParentMut::Value(AttributeValue::M(m))), PathElement::Attr(name)) => {
            m.remove(name);
        }
        (Some(ParentMut::Value(AttributeValue::L(l))), PathElement::Index(i)) => {
            if *i < l.len() {
                l.remove(*i);
            }
        }
        (None, _) => {}
        _ => return Err(DynamoError::validation(MSG_INVALID_PATH)),
    }
    Ok(())
}

fn union<T: PartialEq + Clone>(mut a: Vec<T>, b: &[T]) -> Vec<T> {
    for m in b {
        if !a.contains(m) {
            a.push(m.clone());
        }
    }
    a
}

fn added(existing: Option<&AttributeValue>, v: &AttributeValue) -> DynamoResult<AttributeValue> {
    Ok(match (existing, v) {
        (None, v) => v.clone(),
        (Some(AttributeValue::N(x)), AttributeValue::N(y)) => {
            AttributeValue::N(x.add(y).map_err(number_error)?)
        }
        (Some(AttributeValue::Ss(x)), AttributeValue::Ss(y)) => {
            AttributeValue::Ss(union(x.clone(), y))
        }
        (Some(AttributeValue::Ns(x)), AttributeValue::Ns(y)) => {
            AttributeValue::Ns(union(x.clone(), y))
        }
        (Some(AttributeValue::Bs(x)), AttributeValue::Bs(y)) => {
            AttributeValue::Bs(union(x.clone(), y))
        }
        // The legacy ADD appends to lists.
        (Some(AttributeValue::L(x)), AttributeValue::L(y)) => {
            let mut x = x.clone();
            x.extend(y.iter().cloned());
            AttributeValue::L(x)
        }
        _ => return Err(bad_type()),
    })
}

/// The set left after removing `v`'s members; `None` when nothing is left.
fn deleted(existing: &AttributeValue, v: &AttributeValue) -> DynamoResult<Option<AttributeValue>> {
    fn minus<T: PartialEq + Clone>(a: &[T], b: &[T]) -> Vec<T> {
        a.iter().filter(|m| !b.contains(m)).cloned().collect()
    }
    let left = match (existing, v) {
        (AttributeValue::Ss(x), AttributeValue::Ss(y)) => AttributeValue::Ss(minus(x, y)),
        (AttributeValue::Ns(x), AttributeValue::Ns(y)) => AttributeValue::Ns(minus(x, y)),
        (AttributeValue::Bs(x), AttributeValue::Bs(y)) => AttributeValue::Bs(minus(x, y)),
        _ => return Err(bad_type()),
    };
    let empty = matches!(&left, AttributeValue::Ss(x) if x.is_empty())
        || matches!(&left, AttributeValue::Ns(x) if x.is_empty())
        || matches!(&left, AttributeValue::Bs(x) if x.is_empty());
    Ok((!empty).then_some(left))
}

impl UpdateExpression {
    /// Applies the update to `item` in place.
    pub fn apply(&self, item: &mut Item) -> DynamoResult<()> {
        let old = item.clone();
        // Right-hand sides see the item as it was.
        let mut sets = Vec::new();
        for a in &self.actions {
            if let UpdateAction::Set(path, v) = a {
                sets.push((path, evaluate_set(v, &old)?));
            }
        }
        for (path, v) in sets {
            set_at(item, path, v)?;
        }
        // List elements go highest index first, so earlier removals don't shift later ones.
        let mut removes: Vec<&Path> = self
            .actions
            .iter()
            .filter_map(|a| match a {
                UpdateAction::Remove(p) => Some(p),
                _ => None,
            })
            .collect();
        removes.sort_by(|a, b| b.0.cmp_indexes(&a.0));
        for path in removes {
            remove_at(item, path)?;
        }
        for a in &self.actions {
            match a {
                UpdateAction::Add(path, v) => {
                    let next = added(resolve(item, path), v)?;
                    set_at(item, path, next)?;
                }
                UpdateAction::Delete(path, v) => match resolve(item, path) {
                    None => {}
                    Some(existing) => match deleted(existing, v)? {
                        Some(left) => set_at(item, path, left)?,
                        None => remove_at(item, path)?,
                    },
                },
                _ => {}
            }
        }
        Ok(())
    }

    /// Every document path the update writes or removes.
    pub fn paths(&self) -> Vec<&Path> {
        self.actions
            .iter()
            .map(|a| match a {
                UpdateAction::Set(p, _)
                | UpdateAction::Remove(p)
                | UpdateAction::Add(p, _)
                | UpdateAction::Delete(p, _) => p,
            })
            .collect()
    }
}

/// Ordering of paths by their list indexes, so REMOVE can go from the highest index down.
trait IndexOrder {
    fn cmp_indexes(&self, other: &Self) -> std::cmp::Ordering;
}

impl IndexOrder for Vec<PathElement> {
    fn cmp_indexes(&self, other: &Self) -> std::cmp::Ordering {
        for (a, b) in self.iter().zip(other) {
            let ord = match (a, b) {
                (PathElement::Index(x), PathElement::Index(y)) => x.cmp(y),
                (PathElement::Attr(x), PathElement::Attr(y)) => x.cmp(y),
                (PathElement::Attr(_), PathElement::Index(_)) => std::cmp::Ordering::Less,
                (PathElement::Index(_), PathElement::Attr(_)) => std::cmp::Ordering::Greater,
            };
            if ord != std::cmp::Ordering::Equal {
                return ord;
            }
        }
        self.len().cmp(&other.len())
    }
}
