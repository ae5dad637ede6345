//! PartiQL values as DynamoDB's: literals, `?` parameters, `[…]` lists, `{…}` maps and `<<…>>`
//! sets become [`AttributeValue`]s, with DynamoDB's messages for numbers out of range, mixed
//! sets and duplicate map keys (each naming where in the value it sits: `root`, `root.x`,
//! `root[1]`).

use std::collections::BTreeMap;

use ddb_model::{AttributeValue, Number};
use ddb_partiql::{Expr, Literal, MapEntry};
use ddb_wire::error::SetType;

use super::fault::{Fault, FaultResult};

/// The statement's `Parameters`, for the `?` it holds (numbered from 0 in the text's order).
#[derive(Clone, Copy)]
pub struct Params<'a>(pub &'a [AttributeValue]);

impl Params<'_> {
    /// The value of `?` number `i`; the count was checked against the statement before.
    fn get(&self, i: usize) -> FaultResult<AttributeValue> {
        self.0.get(i).cloned().ok_or(Fault::ParameterCount)
    }
}

/// Whether `expr` is a value (a literal, a parameter or a collection of values), as opposed to
/// a path, a call or an operator.
pub fn is_value(expr: &Expr) -> bool {
    match expr {
        Expr::Literal(_) | Expr::Param(_) => true,
        Expr::List(items) | Expr::Set(items) => items.iter().all(is_value),
        Expr::Map(entries) => entries.iter().all(|e| is_value(&e.value)),
        _ => false,
    }
}

/// The value `expr` stands for, at place `at` (`root` for a whole value). `None` when `expr`
/// is not a value (see [`is_value`]).
pub fn value_of(expr: &Expr, params: Params<'_>, at: &str) -> FaultResult<Option<AttributeValue>> {
    Ok(Some(match expr {
        Expr::Literal(literal) => literal_value(literal, at)?,
        Expr::Param(i) => params.get(*i)?,
        Expr::List(items) => {
            let mut list = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match value_of(item, params, &format!("{at}[{i}]"))? {
                    Some(v) => list.push(v),
                    None => return Ok(None),
                }
            }
            AttributeValue::L(list)
        }
        Expr::Map(entries) => match map_value(entries, params, at)? {
            Some(map) => AttributeValue::M(map),
            None => return Ok(None),
        },
        Expr::Set(items) => set_value(items, at)?,
        Expr::Negate(inner) => match value_of(inner, params, at)? {
            Some(AttributeValue::N(n)) => AttributeValue::N(n.negate()),
            _ => return Ok(None),
        },
        _ => return Ok(None),
    }))
}

/// The item an INSERT's `{…}` stands for: each attribute's value is a `root` of its own in
/// DynamoDB's messages (`… under root`, `… under root.x`).
pub fn item_value(
    entries: &[MapEntry],
    params: Params<'_>,
) -> FaultResult<Option<BTreeMap<String, AttributeValue>>> {
    let mut item = BTreeMap::new();
    for entry in entries {
        if item.contains_key(&entry.key) {
            return Err(Fault::DuplicateMapKey {
                key: entry.key.clone(),
                at: "root".to_string(),
            });
        }
        // A function where an attribute's value goes: DynamoDB names it as a data type it
        // cannot store (paritysuite/dynamodb-conformance partiqlFunctions, AWS 2026).
        if let Expr::Call { name, at, .. } = &entry.value {
            return Err(Fault::UnsupportedDataType {
                name: name.to_ascii_lowercase(),
                at: "root".to_string(),
                span: *at,
            });
        }
        match value_of(&entry.value, params, "root")? {
            Some(v) => {
                item.insert(entry.key.clone(), v);
            }
            None => return Ok(None),
        }
    }
    Ok(Some(item))
}

/// The map a `{…}` literal stands for; `None` when an entry is not a value.
pub fn map_value(
    entries: &[MapEntry],
    params: Params<'_>,
    at: &str,
) -> FaultResult<Option<BTreeMap<String, AttributeValue>>> {
    let mut map = BTreeMap::new();
    for entry in entries {
        if map.contains_key(&entry.key) {
            return Err(Fault::DuplicateMapKey {
                key: entry.key.clone(),
                at: at.to_string(),
            });
        }
        match value_of(&entry.value, params, &format!("{at}.{}", entry.key))? {
            Some(v) => {
                map.insert(entry.key.clone(), v);
            }
            None => return Ok(None),
        }
    }
    Ok(Some(map))
}

fn literal_value(literal: &Literal, at: &str) -> FaultResult<AttributeValue> {
    Ok(match literal {
        Literal::String(s) => AttributeValue::S(s.clone()),
        Literal::Number(text) => AttributeValue::N(number(text, at)?),
        Literal::Bool(b) => AttributeValue::Bool(*b),
        Literal::Null => AttributeValue::Null,
    })
}

fn number(text: &str, at: &str) -> FaultResult<Number> {
    Number::parse(text).map_err(|error| Fault::Number {
        error,
        at: at.to_string(),
    })
}

/// A `<<…>>` literal: all strings (SS) or all numbers (NS); DynamoDB has no binary literal and
/// refuses `?` inside a bag (bind the whole set as one parameter instead). A member written
/// twice is DynamoDB's duplicate-set message, listing the members as written
/// (paritysuite/dynamodb-conformance tier3 error-messages partiqlFunctions, AWS 2026).
fn set_value(items: &[Expr], at: &str) -> FaultResult<AttributeValue> {
    let mut strings: Vec<String> = Vec::new();
    let mut numbers: Vec<Number> = Vec::new();
    let mut written: Vec<&str> = Vec::new();
    let mut repeated = false;
    for item in items {
        match item {
            Expr::Literal(Literal::String(s)) if numbers.is_empty() => {
                repeated |= strings.contains(s);
                strings.push(s.clone());
                written.push(s);
            }
            Expr::Literal(Literal::Number(text)) if strings.is_empty() => {
                let n = number(text, at)?;
                repeated |= numbers.contains(&n);
                numbers.push(n);
                written.push(text);
            }
            _ => return Err(Fault::BagType),
        }
    }
    if repeated {
        return Err(Fault::BagDuplicates {
            set: if strings.is_empty() {
                SetType::Number
            } else {
                SetType::String
            },
            members: written.into_iter().map(str::to_string).collect(),
        });
    }
    Ok(if strings.is_empty() {
        AttributeValue::Ns(numbers)
    } else {
        AttributeValue::Ss(strings)
    })
}

/// The number of `?` in a statement: they are numbered 0, 1, … in order, so the count is one
/// past the highest.
pub fn parameter_count(statement: &ddb_partiql::Statement) -> usize {
    let mut highest: Option<usize> = None;
    super::walk::each_expr(statement, &mut |e| {
        if let Expr::Param(i) = e {
            highest = Some(highest.map_or(*i, |h| h.max(*i)));
        }
    });
    highest.map_or(0, |h| h + 1)
}

/// DynamoDB's type descriptor of a value, as its operand-type message names it.
pub fn descriptor(value: &AttributeValue) -> &'static str {
    value.value_type().descriptor()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_value(text: &str) -> FaultResult<Option<AttributeValue>> {
        let statement =
            ddb_partiql::parse(&format!("INSERT INTO t VALUE {{'v': {text}}}")).unwrap();
        let ddb_partiql::Statement::Insert(insert) = statement else {
            panic!("not an insert")
        };
        value_of(&insert.item[0].value, Params(&[]), "root")
    }

    #[test]
    fn literals_become_their_types() {
        assert_eq!(
            parse_value("'a'").unwrap(),
            Some(AttributeValue::S("a".into()))
        );
        assert_eq!(
            parse_value("TRUE").unwrap(),
            Some(AttributeValue::Bool(true))
        );
        assert_eq!(parse_value("null").unwrap(), Some(AttributeValue::Null));
        assert!(
            matches!(parse_value("<<1, 2>>").unwrap(), Some(AttributeValue::Ns(n)) if n.len() == 2)
        );
        assert!(matches!(
            parse_value("<<'x'>>").unwrap(),
            Some(AttributeValue::Ss(_))
        ));
    }

    #[test]
    fn faults_name_their_place() {
        assert_eq!(
            parse_value("[1, 1e999]").unwrap_err().to_string(),
            "Number overflow. Attempting to store a number with magnitude larger than supported \
             range under root[1]"
        );
        assert_eq!(
            parse_value("{'a': 1, 'a': 2}").unwrap_err().to_string(),
            "Duplicate keys in tuple. Key: a under root"
        );
        assert_eq!(parse_value("<<1, 'a'>>").unwrap_err(), Fault::BagType);
    }
}
