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

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn parse(text: &str) -> Result<Vec<Path>, String> {
        let names: HashMap<String, String> = [("#s", "status"), ("#a", "a")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut ctx = ExpressionContext::new(Some(&names), None);
        parse_projection(text, &mut ctx).map_err(|e| e.message)
    }

    fn projected(text: &str, item: &str) -> Item {
        let item: Item = serde_json::from_str(item).unwrap();
        project(&item, &parse(text).unwrap())
    }

    fn item(text: &str) -> Item {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn parses_paths() {
        let paths = parse("a, #s, b.c[2].d").unwrap();
        assert_eq!(
            paths.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["[a]", "[status]", "[b, c, [2], d]"]
        );
        assert!(parse("a.b, a.c, l[0].x, l[0].y, l[1]").is_ok());
    }

    #[test]
    fn messages() {
        let e = |m: &str| format!("Invalid ProjectionExpression: {m}");
        assert_eq!(
            parse("a, #a").unwrap_err(),
            e("Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]")
        );
        assert_eq!(
            parse("a.b, a").unwrap_err(),
            e("Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]")
        );
        assert_eq!(
            parse("a.b, a[0]").unwrap_err(),
            e("Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [0]]")
        );
        assert_eq!(
            parse("a, status").unwrap_err(),
            e("Attribute name is a reserved keyword; reserved keyword: status")
        );
        assert_eq!(
            parse("#zz, a").unwrap_err(),
            e("An expression attribute name used in the document path is not defined; attribute name: #zz")
        );
        assert_eq!(
            parse("l[a]").unwrap_err(),
            e("Syntax error; token: \"a\", near: \"[a]\"")
        );
        assert_eq!(
            parse("a,").unwrap_err(),
            e("Syntax error; token: \"<EOF>\", near: \",\"")
        );
        assert_eq!(
            parse("").unwrap_err(),
            e("The expression can not be empty;")
        );
        // Reserved words outrank undefined names, which outrank overlaps.
        assert_eq!(
            parse("a, a, #zz, size").unwrap_err(),
            e("Attribute name is a reserved keyword; reserved keyword: size")
        );
        // Bare function calls are not paths.
        assert!(parse("size(a)").unwrap_err().contains("Syntax error"));
    }

    #[test]
    fn keeps_the_shape_of_maps() {
        let it = r#"{"a":{"M":{"b":{"N":"1"},"c":{"N":"2"},"d":{"N":"3"}}},"x":{"S":"y"}}"#;
        assert_eq!(
            projected("a.b, a.d, x", it),
            item(r#"{"a":{"M":{"b":{"N":"1"},"d":{"N":"3"}}},"x":{"S":"y"}}"#)
        );
        assert_eq!(
            projected("a", it),
            item(r#"{"a":{"M":{"b":{"N":"1"},"c":{"N":"2"},"d":{"N":"3"}}}}"#)
        );
        // Paths that name nothing leave nothing behind, not empty containers.
        assert_eq!(projected("a.zz, nope, x.y", it), item("{}"));
    }

    #[test]
    fn compacts_list_elements_in_index_order() {
        let it =
            r#"{"l":{"L":[{"S":"a"},{"M":{"x":{"N":"1"},"y":{"N":"2"}}},{"S":"c"},{"S":"d"}]}}"#;
        assert_eq!(
            projected("l[3], l[0], l[9]", it),
            item(r#"{"l":{"L":[{"S":"a"},{"S":"d"}]}}"#)
        );
        assert_eq!(
            projected("l[1].y", it),
            item(r#"{"l":{"L":[{"M":{"y":{"N":"2"}}}]}}"#)
        );
        assert_eq!(projected("l[9]", it), item("{}"));
        assert_eq!(projected("l.x", it), item("{}"));
    }
}
