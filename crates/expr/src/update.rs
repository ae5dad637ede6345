//! Update expressions: the SET, REMOVE, ADD and DELETE clauses, parsed into actions. Applying
//! them to an item lives in `update_apply.rs`.
//!
//! Grammar, as DynamoDB accepts it: clauses in any order, each at most once; `SET path = v`,
//! `v` being an operand or `operand + operand` / `operand - operand` (exactly two), an operand
//! being a path, a `:value`, `if_not_exists(path, operand)` or `list_append(operand, operand)`,
//! optionally in one pair of parentheses; `REMOVE path`; `ADD path :value`; `DELETE path :value`.

use ddb_model::{AttributeValue, DynamoResult, ValueType};

use crate::ast::{first_clash, Path};
use crate::error::ExprError;
use crate::lexer::Tok;
use crate::names::ExpressionContext;
use crate::parser::{Parser, Stage, UPDATE_ORDER};
use crate::ExpressionKind;

/// The right-hand side of a SET action.
#[derive(Debug, Clone, PartialEq)]
pub enum SetValue {
    /// The value at a path of the item as it was before the update.
    Path(Path),
    /// A literal `:value`.
    Value(AttributeValue),
    /// `a + b`: the sum of two numbers.
    Plus(Box<SetValue>, Box<SetValue>),
    /// `a - b`: the difference of two numbers.
    Minus(Box<SetValue>, Box<SetValue>),
    /// `if_not_exists(path, v)`: the value at the path if there is one, else `v`.
    IfNotExists(Path, Box<SetValue>),
    /// `list_append(a, b)`: the elements of list `a` followed by those of list `b`.
    ListAppend(Box<SetValue>, Box<SetValue>),
}

/// One action of an update.
#[derive(Debug, Clone, PartialEq)]
pub enum UpdateAction {
    /// `SET path = value`: creates or replaces the value at the path.
    Set(Path, SetValue),
    /// `REMOVE path`: removes the attribute, map entry or list element (later elements move up).
    Remove(Path),
    /// `ADD path :v`: adds to a number or to a set's members (a missing attribute becomes `:v`).
    Add(Path, AttributeValue),
    /// `DELETE path :set`: removes the given members from a set, and the set once it is empty.
    Delete(Path, AttributeValue),
}

/// A parsed update: its actions in the order written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UpdateExpression {
    /// The actions in the order written; each reads the item as it was before the update.
    pub actions: Vec<UpdateAction>,
    /// Made from the legacy AttributeUpdates, whose ADD also appends to lists and whose type
    /// mismatches DynamoDB words differently.
    pub(crate) legacy: bool,
}

impl UpdateExpression {
    /// Whether the update only takes things away (REMOVE, DELETE): on a missing item it has
    /// nothing to do, and DynamoDB then creates no item.
    pub fn only_removes(&self) -> bool {
        !self.actions.is_empty()
            && self
                .actions
                .iter()
                .all(|a| matches!(a, UpdateAction::Remove(_) | UpdateAction::Delete(..)))
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

const CLAUSES: [&str; 4] = ["SET", "REMOVE", "ADD", "DELETE"];

/// Parses an update expression.
pub fn parse_update(text: &str, ctx: &mut ExpressionContext) -> DynamoResult<UpdateExpression> {
    let kind = ExpressionKind::Update;
    let mut p = Parser::new(text, kind, ctx).map_err(|e| e.into_dynamo(kind))?;
    let update = parse(&mut p).map_err(|e| e.into_dynamo(kind))?;
    Ok(update)
}

fn parse(p: &mut Parser) -> Result<UpdateExpression, ExprError> {
    let mut seen: Vec<&'static str> = Vec::new();
    let mut actions = Vec::new();
    loop {
        let Some(clause) = CLAUSES.into_iter().find(|c| p.at_keyword(c)) else {
            return Err(p.syntax_error());
        };
        if seen.contains(&clause) {
            p.deferred
                .record(Stage::Section, ExprError::SectionTwice(clause));
        }
        seen.push(clause);
        p.advance();
        loop {
            actions.push(action(p, clause)?);
            if *p.peek() != Tok::Comma {
                break;
            }
            p.advance();
        }
        if *p.peek() == Tok::Eof {
            break;
        }
    }
    let update = UpdateExpression {
        actions,
        legacy: false,
    };
    if let Some(e) = first_clash(update.paths()) {
        p.deferred.record(Stage::Overlap, e);
    }
    p.finish(UPDATE_ORDER)?;
    Ok(update)
}

fn action(p: &mut Parser, clause: &'static str) -> Result<UpdateAction, ExprError> {
    let path = p.path()?;
    Ok(match clause {
        "SET" => {
            p.expect(Tok::Eq)?;
            UpdateAction::Set(path, set_value(p)?)
        }
        "REMOVE" => UpdateAction::Remove(path),
        _ => {
            if *p.peek() != Tok::Value {
                return Err(p.syntax_error());
            }
            let v = p.value().unwrap_or(AttributeValue::Null);
            check_action_operand(p, clause, &v);
            if clause == "ADD" {
                UpdateAction::Add(path, v)
            } else {
                UpdateAction::Delete(path, v)
            }
        }
    })
}

/// How DynamoDB spells a type in ADD/DELETE operand errors; sets are never refused there.
fn spelled(ty: ValueType) -> Option<&'static str> {
    Some(match ty {
        ValueType::S => "STRING",
        ValueType::N => "NUMBER",
        ValueType::B => "BINARY",
        ValueType::Null => "NULL",
        ValueType::Bool => "BOOLEAN",
        ValueType::L => "LIST",
        ValueType::M => "MAP",
        _ => return None,
    })
}

/// ADD takes numbers and sets, DELETE only sets.
fn check_action_operand(p: &mut Parser, action: &'static str, v: &AttributeValue) {
    let ty = v.value_type();
    if action == "ADD" && ty == ValueType::N {
        return;
    }
    if let Some(spelled) = spelled(ty) {
        // An undefined value stands in as NULL; its own fault outranks this one.
        let e = ExprError::ActionOperandType {
            action,
            ty: spelled,
        };
        p.deferred.record(Stage::Operand, e);
    }
}

/// `( sum )` or `sum`, where a sum is `operand [(+|-) operand]`.
fn set_value(p: &mut Parser) -> Result<SetValue, ExprError> {
    if *p.peek() != Tok::LParen {
        return sum(p);
    }
    p.advance();
    p.descend()?;
    let inner = sum(p)?;
    p.ascend();
    p.expect(Tok::RParen)?;
    // `(a) + :v`: the parentheses held only the left operand.
    if matches!(p.peek(), Tok::Plus | Tok::Minus)
        && !matches!(inner, SetValue::Plus(..) | SetValue::Minus(..))
    {
        return arithmetic(p, inner);
    }
    Ok(inner)
}

fn sum(p: &mut Parser) -> Result<SetValue, ExprError> {
    let left = operand(p)?;
    if matches!(p.peek(), Tok::Plus | Tok::Minus) {
        return arithmetic(p, left);
    }
    Ok(left)
}

fn arithmetic(p: &mut Parser, left: SetValue) -> Result<SetValue, ExprError> {
    let plus = *p.peek() == Tok::Plus;
    p.count_operator()?;
    p.advance();
    let right = operand(p)?;
    let symbol = if plus { "+" } else { "-" };
    check_literals(p, symbol, ValueType::N, [&left, &right]);
    Ok(if plus {
        SetValue::Plus(Box::new(left), Box::new(right))
    } else {
        SetValue::Minus(Box::new(left), Box::new(right))
    })
}

/// Literal operands of `function` must be of type `want`.
fn check_literals(p: &mut Parser, function: &str, want: ValueType, operands: [&SetValue; 2]) {
    for o in operands {
        if let SetValue::Value(v) = o {
            if v.value_type() != want {
                let e = ExprError::OperandType {
                    function: function.to_string(),
                    ty: v.value_type().to_string(),
                };
                p.deferred.record(Stage::Function, e);
                return;
            }
        }
    }
}

/// An operand, optionally in one pair of parentheses.
fn operand(p: &mut Parser) -> Result<SetValue, ExprError> {
    if *p.peek() == Tok::LParen {
        p.advance();
        p.descend()?;
        let inner = bare_operand(p)?;
        p.ascend();
        p.expect(Tok::RParen)?;
        return Ok(inner);
    }
    bare_operand(p)
}

fn bare_operand(p: &mut Parser) -> Result<SetValue, ExprError> {
    match p.peek() {
        Tok::Value => Ok(SetValue::Value(p.value().unwrap_or(AttributeValue::Null))),
        Tok::Ident if p.at_call() => call(p),
        _ if p.at_path() => Ok(SetValue::Path(p.path()?)),
        _ => Err(p.syntax_error()),
    }
}

/// `name(operand, ...)`: any name and any number of operands parse; the checks come after.
fn call(p: &mut Parser) -> Result<SetValue, ExprError> {
    p.count_operator()?;
    let name = p.current_text().to_string();
    p.advance();
    p.advance(); // (
    p.descend()?;
    let mut args = Vec::new();
    loop {
        args.push(operand(p)?);
        match p.peek() {
            Tok::Comma => p.advance(),
            Tok::RParen => break,
            _ => return Err(p.syntax_error()),
        }
    }
    p.advance();
    p.ascend();
    if name != "if_not_exists" && name != "list_append" {
        p.deferred
            .record(Stage::UnknownFunction, ExprError::InvalidFunction(name));
        return Ok(SetValue::Value(AttributeValue::Null));
    }
    if args.len() != 2 {
        let e = ExprError::OperandCount {
            function: name,
            count: args.len(),
        };
        p.deferred.record(Stage::Function, e);
        return Ok(SetValue::Value(AttributeValue::Null));
    }
    let (Some(second), Some(first)) = (args.pop(), args.pop()) else {
        return Err(p.syntax_error());
    };
    if name == "if_not_exists" {
        return Ok(match first {
            SetValue::Path(path) => SetValue::IfNotExists(path, Box::new(second)),
            _ => {
                p.deferred
                    .record(Stage::Function, ExprError::NeedsPath(name));
                SetValue::Value(AttributeValue::Null)
            }
        });
    }
    // DynamoDB refuses list_append inside list_append, though it parses.
    if [&first, &second]
        .iter()
        .any(|a| matches!(a, SetValue::ListAppend(..)))
    {
        p.deferred
            .record(Stage::Function, ExprError::MisusedFunction(name));
    }
    check_literals(p, "list_append", ValueType::L, [&first, &second]);
    Ok(SetValue::ListAppend(Box::new(first), Box::new(second)))
}

#[cfg(test)]
#[path = "update_tests.rs"]
mod tests;
