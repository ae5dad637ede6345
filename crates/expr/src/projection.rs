//! Projection expressions: which document paths to return, and cutting an item down to them.
//! Nested maps keep their shape; several indexes of one list come back as a compacted list in
//! ascending index order, as DynamoDB returns them.

use std::collections::BTreeMap;

use ddb_model::{AttributeValue, DynamoResult, Item};

use crate::ast::{first_clash, Path, PathElement};
use crate::error::ExprError;
use crate::lexer::Tok;
use crate::names::ExpressionContext;
use crate::parser::{Parser, Stage, PROJECTION_ORDER};
use crate::ExpressionKind;

/// Parses a projection expression: comma-separated document paths, none overlapping.
pub fn parse_projection(text: &str, ctx: &mut ExpressionContext) -> DynamoResult<Vec<Path>> {
    let kind = ExpressionKind::Projection;
    let mut p = Parser::new(text, kind, ctx).map_err(|e| e.into_dynamo(kind))?;
    parse(&mut p).map_err(|e| e.into_dynamo(kind))
}

fn parse(p: &mut Parser) -> Result<Vec<Path>, ExprError> {
    let mut paths: Vec<Path> = Vec::new();
    loop {
        paths.push(p.path()?);
        match p.peek() {
            Tok::Comma => p.advance(),
            _ => break,
        }
    }
    if let Some(e) = first_clash(&paths) {
        p.deferred.record(Stage::Overlap, e);
    }
    p.finish(PROJECTION_ORDER)?;
    Ok(paths)
}

/// The requested shape: whole values at leaves, chosen members of maps and lists above.
#[derive(Default)]
struct Node {
    whole: bool,
    fields: BTreeMap<String, Node>,
    items: BTreeMap<usize, Node>,
}

impl Node {
    fn insert(&mut self, elements: &[PathElement]) {
        match elements.split_first() {
            None => self.whole = true,
            Some((PathElement::Attr(n), rest)) => {
                self.fields.entry(n.clone()).or_default().insert(rest)
            }
            Some((PathElement::Index(i), rest)) => self.items.entry(*i).or_default().insert(rest),
        }
    }

    fn extract(&self, value: &AttributeValue) -> Option<AttributeValue> {
        if self.whole {
            return Some(value.clone());
        }
        match value {
            AttributeValue::M(m) if !self.fields.is_empty() => {
                let out: Item = self
                    .fields
                    .iter()
                    .filter_map(|(k, node)| {
                        m.get(k)
                            .and_then(|v| node.extract(v))
                            .map(|v| (k.clone(), v))
                    })
                    .collect();
                (!out.is_empty()).then_some(AttributeValue::M(out))
            }
            AttributeValue::L(l) if !self.items.is_empty() => {
                let out: Vec<AttributeValue> = self
                    .items
                    .iter()
                    .filter_map(|(i, node)| l.get(*i).and_then(|v| node.extract(v)))
                    .collect();
                (!out.is_empty()).then_some(AttributeValue::L(out))
            }
            _ => None,
        }
    }
}

/// The parts of `item` the paths name.
pub fn project(item: &Item, paths: &[Path]) -> Item {
    let mut root = Node::default();
    for p in paths {
        root.insert(p.elements());
    }
    root.fields
        .iter()
        .filter_map(|(name, node)| {
            item.get(name)
                .and_then(|v| node.extract(v))
                .map(|v| (name.clone(), v))
        })
        .collect()
}
