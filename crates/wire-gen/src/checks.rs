//! The constraint checks of `generated/shapes.rs`: `impl Validate` for each structure
//! reachable from a request, which lists every violated constraint of the model (and of
//! [`crate::overrides`]) in the order and words DynamoDB uses, recursing into lists, maps
//! and nested structures.

use std::fmt::Write as _;

use crate::model::Shapes;
use crate::names::{field_name, lit, path_name};
use crate::overrides::{
    check_order, extra_bound, member_type, name_rule, pattern_check, NameRule, BARE_ENUMS,
    EXTRA_MAX, EXTRA_MIN, TABLE_KEYED_MAPS, UNCHECKED_MAP_VALUES,
};

/// `impl Validate` for structure `name`: its members' checks in DynamoDB's order.
pub(crate) fn validate_impl(
    out: &mut String,
    shapes: &Shapes<'_>,
    name: &str,
) -> Result<(), String> {
    let _ = writeln!(out, "impl Validate for {name} {{");
    let required = shapes.required(name);
    let mut checks = String::new();
    for (wire, shape) in check_order(shapes, name) {
        member_checks(
            &mut checks,
            shapes,
            name,
            wire,
            shape,
            required.contains(wire),
        )?;
    }
    if checks.is_empty() {
        out.push_str("    fn validate_at(&self, _path: &Path<'_>, _v: &mut Violations) {}\n}\n\n");
    } else {
        let _ = writeln!(out, "    fn validate_at(&self, path: &Path<'_>, v: &mut Violations) {{\n{checks}    }}\n}}\n");
    }
    Ok(())
}

/// The block checking member `wire` (target `shape`) of `structure`: absent when required,
/// else its value's constraints; nothing when the member is optional and unconstrained.
fn member_checks(
    out: &mut String,
    shapes: &Shapes<'_>,
    structure: &str,
    wire: &str,
    shape: &str,
    required: bool,
) -> Result<(), String> {
    let body = value_checks(shapes, structure, wire, shape)?;
    if !required && body.is_empty() {
        return Ok(());
    }
    let field = field_name(wire);
    let p = format!("Path::Field(path, {})", lit(&path_name(wire)));
    if required || body.contains("&p") {
        let _ = writeln!(out, "        {{\n            let p = {p};");
    } else {
        out.push_str("        {\n");
    }
    match (required, body.is_empty()) {
        (true, true) => {
            let _ = writeln!(
                out,
                "            if self.{field}.is_none() {{ v.null(&p); }}"
            );
        }
        (true, false) => {
            let _ = writeln!(
                out,
                "            match &self.{field} {{\n                None => v.null(&p),\n                Some(x) => {{\n{body}                }}\n            }}"
            );
        }
        (false, _) => {
            let _ = writeln!(
                out,
                "            if let Some(x) = &self.{field} {{\n{body}            }}"
            );
        }
    }
    out.push_str("        }\n");
    Ok(())
}

/// The checks on a present member's value `x` at `&p`: the sizes of
/// [`EXTRA_MIN`]/[`EXTRA_MAX`], then the shape's own constraints (none for a `StartKey`,
/// which DynamoDB checks after the rest of the request).
fn value_checks(
    shapes: &Shapes<'_>,
    structure: &str,
    wire: &str,
    shape: &str,
) -> Result<String, String> {
    let mut body = String::new();
    if let Some(min) = extra_bound(EXTRA_MIN, structure, wire) {
        let _ = writeln!(
            body,
            "v.size(x.len(), &p, Some({min}), None, || crate::show::shown(x));"
        );
    }
    if let Some(max) = extra_bound(EXTRA_MAX, structure, wire) {
        let _ = writeln!(
            body,
            "v.size(x.len(), &p, None, Some({max}), || crate::show::shown(x));"
        );
    }
    let is_start_key = member_type(shapes, structure, wire, shape).0 == "StartKey";
    if !is_start_key {
        let rule = name_rule(structure, wire, shape);
        check(&mut body, shapes, shape, "x", "&p", rule, 0)?;
    }
    Ok(body)
}

/// A bound as a Rust `Option<i64>` literal.
fn opt(n: Option<i64>) -> String {
    n.map_or("None".to_string(), |n| format!("Some({n})"))
}

/// The checks on a present value `x` of `shape` at path expression `p`, appended to `out`
/// (nothing when the shape has no constraints). `depth` numbers the loop variables of
/// nested lists and maps.
fn check(
    out: &mut String,
    shapes: &Shapes<'_>,
    shape: &str,
    x: &str,
    p: &str,
    rule: Option<NameRule>,
    depth: usize,
) -> Result<(), String> {
    let (min, max) = (shapes.num(shape, "min"), shapes.num(shape, "max"));
    match shapes.kind(shape) {
        "string" if shapes.is_enum(shape) => {
            if BARE_ENUMS.contains(&shape) {
                let _ = writeln!(out, "v.bare_enum({x});");
            } else {
                let _ = writeln!(out, "v.enum_value({x}, {p});");
            }
        }
        "string" => check_string(out, shapes, shape, x, p, rule)?,
        "integer" | "long" if min.is_some() || max.is_some() => {
            let _ = writeln!(
                out,
                "v.range(i64::from(*{x}), {p}, {}, {});",
                opt(min),
                opt(max)
            );
        }
        "list" => check_list(out, shapes, shape, x, p, depth)?,
        // Attribute values are checked while decoding.
        "map" if shapes.is_value_map(shape) || shape == "ExpressionAttributeValueMap" => {}
        "map" => check_map(out, shapes, shape, x, p, depth)?,
        "structure" if shape != "AttributeValue" => {
            let _ = writeln!(out, "{x}.validate_at({p}, v);");
        }
        _ => {}
    }
    Ok(())
}

/// The checks on a string: a table or index name by its [`NameRule`], else its length and
/// pattern.
fn check_string(
    out: &mut String,
    shapes: &Shapes<'_>,
    shape: &str,
    x: &str,
    p: &str,
    rule: Option<NameRule>,
) -> Result<(), String> {
    let (min, max) = (shapes.num(shape, "min"), shapes.num(shape, "max"));
    match rule {
        Some(NameRule::Name) => {
            // A table name given where the model allows an ARN is still a name.
            let max = if shape == "TableArn" {
                255
            } else {
                max.unwrap_or(255)
            };
            let _ = writeln!(out, "v.name({x}, {p}, {max});");
        }
        Some(NameRule::NameOrArn) => {
            let _ = writeln!(out, "v.table_name({x}, {p});");
        }
        None => {
            let pattern = shapes.pattern(shape);
            if min.is_none() && max.is_none() && pattern.is_none() {
                return Ok(());
            }
            let pattern = match pattern {
                None => "None".to_string(),
                Some(pat) => {
                    let f = pattern_check(pat).ok_or_else(|| format!("shape {shape}: no check for pattern {pat:?}: add one to PATTERNS and validate::patterns"))?;
                    format!("Some(({}, patterns::{f}))", lit(pat))
                }
            };
            let _ = writeln!(
                out,
                "v.string({x}, {p}, {}, {}, {pattern});",
                opt(min),
                opt(max)
            );
        }
    }
    Ok(())
}

/// The size check of a list or map `x` of `shape`, when the shape bounds it.
fn check_size(out: &mut String, shapes: &Shapes<'_>, shape: &str, x: &str, p: &str) {
    let (min, max) = (shapes.num(shape, "min"), shapes.num(shape, "max"));
    if min.is_some() || max.is_some() {
        let _ = writeln!(
            out,
            "v.size({x}.len(), {p}, {}, {}, || crate::show::shown({x}));",
            opt(min),
            opt(max)
        );
    }
}

/// The checks on a list: its size, then each element's at its index.
fn check_list(
    out: &mut String,
    shapes: &Shapes<'_>,
    shape: &str,
    x: &str,
    p: &str,
    depth: usize,
) -> Result<(), String> {
    let elem = shapes.target(shape, "member");
    let e = format!("e{depth}");
    let ep = format!("p{}", depth + 1);
    let mut inner = String::new();
    check(
        &mut inner,
        shapes,
        elem,
        &e,
        &format!("&{ep}"),
        None,
        depth + 1,
    )?;
    check_size(out, shapes, shape, x, p);
    if !inner.is_empty() {
        let _ = writeln!(
            out,
            "for (i, {e}) in {x}.iter().enumerate() {{\nlet {ep} = Path::Index({p}, i);\n{inner}}}"
        );
    }
    Ok(())
}

/// The checks on a map (not of attribute values): its size, its keys, then its values.
fn check_map(
    out: &mut String,
    shapes: &Shapes<'_>,
    shape: &str,
    x: &str,
    p: &str,
    depth: usize,
) -> Result<(), String> {
    check_size(out, shapes, shape, x, p);
    let key = shapes.target(shape, "key");
    if TABLE_KEYED_MAPS.contains(&shape) {
        let _ = writeln!(
            out,
            "v.table_keys({x}.keys().map(String::as_str), {p}, || crate::show::shown({x}));"
        );
    } else {
        let (kmin, kmax) = (shapes.num(key, "min"), shapes.num(key, "max"));
        if kmin.is_some() || kmax.is_some() {
            let _ = writeln!(out, "v.map_keys({x}.keys().map(String::as_str), {p}, {}, {}, || crate::show::shown({x}));", opt(kmin), opt(kmax));
        }
    }
    let value = shapes.target(shape, "value");
    match shapes.kind(value) {
        "structure" => {
            let (e, k, ep) = (
                format!("e{depth}"),
                format!("k{depth}"),
                format!("p{}", depth + 1),
            );
            let mut inner = String::new();
            check(
                &mut inner,
                shapes,
                value,
                &e,
                &format!("&{ep}"),
                None,
                depth + 1,
            )?;
            if !inner.is_empty() {
                let _ = writeln!(
                    out,
                    "for ({k}, {e}) in {x} {{\nlet {ep} = Path::Key({p}, {k});\n{inner}}}"
                );
            }
        }
        "list" | "string" => check_map_values(out, shapes, shape, value, x, p, depth)?,
        _ => {}
    }
    Ok(())
}

/// The checks on the list or string values of map `x` of `shape`: their lengths (unless
/// [`UNCHECKED_MAP_VALUES`]), then each list value's elements.
fn check_map_values(
    out: &mut String,
    shapes: &Shapes<'_>,
    shape: &str,
    value: &str,
    x: &str,
    p: &str,
    depth: usize,
) -> Result<(), String> {
    let (vmin, vmax) = (shapes.num(value, "min"), shapes.num(value, "max"));
    let is_list = shapes.kind(value) == "list";
    if (vmin.is_some() || vmax.is_some()) && !UNCHECKED_MAP_VALUES.contains(&shape) {
        let len = if is_list { "len()" } else { "chars().count()" };
        let _ = writeln!(
            out,
            "v.map_values({x}.values().map(|m| m.{len}), {p}, {}, {}, || crate::show::shown({x}));",
            opt(vmin),
            opt(vmax)
        );
    }
    if !is_list {
        return Ok(());
    }
    let (e, k, ep) = (
        format!("e{depth}"),
        format!("k{depth}"),
        format!("p{}", depth + 1),
    );
    let (e2, ep2) = (format!("e{}", depth + 1), format!("p{}", depth + 2));
    let mut inner = String::new();
    let elem = shapes.target(value, "member");
    check(
        &mut inner,
        shapes,
        elem,
        &e2,
        &format!("&{ep2}"),
        None,
        depth + 2,
    )?;
    if !inner.is_empty() {
        let _ = writeln!(
            out,
            "for ({k}, {e}) in {x} {{\nlet {ep} = Path::Key({p}, {k});\nfor (i, {e2}) in {e}.iter().enumerate() {{\nlet {ep2} = Path::Index(&{ep}, i);\n{inner}}}\n}}"
        );
    }
    Ok(())
}
