//! Projection expressions: which document paths to return, and cutting an item down to them.
//! Nested maps keep their shape; several indexes of one list come back as a compacted list in
//! ascending index order, as DynamoDB returns them.

use std::collections::BTreeMap;

use ddb_model::{AttributeValue, DynamoError, DynamoResult, Item};

use crate::ast::{Path, PathElement};
use crate::lexer::Tok;
use crate::names::ExpressionContext;
use crate::parser::Parser;
use crate::ExpressionKind;

/// Parses a projection expression: comma-separated document paths, none overlapping.
pub fn parse_projection(text: &str, ctx: &mut ExpressionContext) -> DynamoResult<Vec<Path>> {
    let mut p = Parser::new(text, ExpressionKind::Projection, ctx)?;
    let mut paths: Vec<Path> = Vec::new();
    loop {
        let path = p.path()?;
        for earlier in &paths {
            let shared = earlier
                .0
                .iter()
                .zip(path.0.iter())
                .take_while(|(a, b)| a == b)
                .count();
            if shared == earlier.0.len().min(path.0.len()) {
                return Err(DynamoError::validation(format!(
                    "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: {earlier}, path two: {path}"
                )));
            }
            let conflict = matches!(
                (&earlier.0[shared], &path.0[shared]),
                (PathElement::Attr(_), PathElement::Index(_))
                    | (PathElement::Index(_), PathElement::Attr(_))
            );
            if conflict {
                return Err(DynamoError::validation(format!(
                    "Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: {earlier}, path two: {path}"
                )));
            }
        }
        paths.push(path);
        match p.peek() {
            Tok::Comma => p.advance(),
            Tok::Eof => return Ok(paths),
            _ => return Err(p.syntax_error()),
        }
    }
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
