//! `generated/valid.rs`: the validated form of every structure reachable from a request
//! (required members plain, enums as Rust enums), its conversion from the decoded form
//! (`IntoValid`), the inherent `validate` of each decoded structure, and the validated
//! request enum.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::model::{Operation, Shapes, HASH_MAPS};
use crate::names::{field_name, lit, path_name};
use crate::overrides::{member_type_override, BARE_ENUMS};
use crate::shapes_file::member_doc;
use crate::HEADER;

/// The text of `valid.rs`; `inputs` are the shapes reachable from a request.
pub(crate) fn valid_file(
    shapes: &Shapes<'_>,
    operations: &[Operation<'_>],
    inputs: &BTreeSet<&str>,
) -> String {
    let mut out = String::from(HEADER);
    preamble(&mut out, shapes, inputs);
    let mut roles: BTreeMap<&str, &str> = BTreeMap::new();
    for op in operations {
        if let Some(i) = op.input {
            roles.insert(i, op.name);
        }
    }
    for name in inputs {
        let name: &str = name;
        if shapes.kind(name) != "structure" || name == "AttributeValue" {
            continue;
        }
        match roles.get(name) {
            Some(op) => {
                let _ = writeln!(out, "/// `{op}`'s request, validated.");
            }
            None => {
                let _ = writeln!(out, "/// The `{name}` structure, validated.");
            }
        }
        valid_struct(&mut out, shapes, name);
        into_valid_impl(&mut out, shapes, name);
        let _ = writeln!(
            out,
            "impl wire::{name} {{\n    /// Checks the constraints ([`crate::Validate::violations`]) and, when none is broken, moves the\n    /// members into the validated form.\n    pub fn validate(self) -> Result<{name}, Violations> {{\n        into_valid(self)\n    }}\n}}\n"
        );
    }
    request_enum(&mut out, operations);
    out
}

/// The module doc and imports, re-exporting the enums the validated forms use.
fn preamble(out: &mut String, shapes: &Shapes<'_>, inputs: &BTreeSet<&str>) {
    out.push_str(
        "//! The validated form of every structure reachable from a request: the same names as\n\
         //! the decoded forms in [`crate::generated::shapes`], with required members as plain\n\
         //! values, enum members as Rust enums, and lists and maps of structures holding\n\
         //! validated structures. Made by `validate(self)` on a decoded request.\n\n",
    );
    out.push_str("#![allow(clippy::all, unused_variables)]\n\n");
    out.push_str("use std::collections::{BTreeMap, HashMap};\n\n");
    out.push_str("use crate::generated::shapes as wire;\n");
    out.push_str("use crate::validate::{into_valid, known, known_bare, present, IntoValid, Path, Violations};\n");
    out.push_str("use crate::Operation;\n\n");
    out.push_str("pub use crate::{Blob, StartKey};\npub use ddb_model::{AttributeValue, Item};\n");
    let enums: Vec<&str> = inputs
        .iter()
        .copied()
        .filter(|n| shapes.kind(n) == "string" && shapes.is_enum(n))
        .collect();
    let _ = writeln!(
        out,
        "pub use crate::generated::shapes::{{{}}};\n",
        enums.join(", ")
    );
}

/// The validated struct: required members plain, optional ones `Option`s.
fn valid_struct(out: &mut String, shapes: &Shapes<'_>, name: &str) {
    let required = shapes.required(name);
    out.push_str("#[derive(Debug, Clone, PartialEq)]\n");
    let _ = writeln!(out, "pub struct {name} {{");
    for (wire, shape) in shapes.members(name) {
        let is_required = required.contains(wire);
        let ty = member_type_override(name, wire)
            .map(|(t, _)| t.to_string())
            .unwrap_or_else(|| valid_rust(shapes, shape));
        let _ = writeln!(
            out,
            "    /// {}",
            member_doc(shapes, wire, shape, is_required)
        );
        if is_required {
            let _ = writeln!(out, "    pub {}: {ty},", field_name(wire));
        } else {
            let _ = writeln!(out, "    pub {}: Option<{ty}>,", field_name(wire));
        }
    }
    out.push_str("}\n\n");
}

/// `impl IntoValid`: each member converted (or moved) into a local, then the struct built
/// from them, so every member's violations are recorded before any `?` gives up.
fn into_valid_impl(out: &mut String, shapes: &Shapes<'_>, name: &str) {
    let required = shapes.required(name);
    let _ = writeln!(
        out,
        "impl IntoValid for wire::{name} {{\n    type Valid = {name};"
    );
    out.push_str(
        "    fn into_valid_at(self, path: &Path<'_>, v: &mut Violations) -> Option<Self::Valid> {\n",
    );
    let mut fields = Vec::new();
    for (wire, shape) in shapes.members(name) {
        let field = field_name(wire);
        let is_required = required.contains(wire);
        let convert = member_type_override(name, wire).is_none() && needs_conversion(shapes, shape);
        if !is_required && !convert {
            fields.push(format!("{field}: self.{field}"));
            continue;
        }
        let local = format!("m_{}", field.trim_start_matches("r#"));
        let p = format!("Path::Field(path, {})", lit(&path_name(wire)));
        let value = member_conversion(shapes, shape, &field, &p, is_required, convert);
        let _ = writeln!(out, "        let {local} = {value};");
        fields.push(format!("{field}: {local}?"));
    }
    let _ = writeln!(
        out,
        "        Some({name} {{ {} }})\n    }}\n}}\n",
        fields.join(", ")
    );
}

/// The `Option<…>` expression converting member `field` (target `shape`, path expression
/// `p`): a required member must be present, and is converted when `convert`.
fn member_conversion(
    shapes: &Shapes<'_>,
    shape: &str,
    field: &str,
    p: &str,
    required: bool,
    convert: bool,
) -> String {
    let c = || conversion(shapes, shape, "x", "&p", 0);
    if !convert {
        format!("present(self.{field}, &{p}, v)")
    } else if required {
        format!(
            "{{ let p = {p}; match present(self.{field}, &p, v) {{ None => None, Some(x) => {} }} }}",
            c()
        )
    } else {
        format!(
            "match self.{field} {{ None => Some(None), Some(x) => {{ let p = {p}; ({}).map(Some) }} }}",
            c()
        )
    }
}

/// The type of a shape in its validated form (`crate::valid`): enums as Rust enums,
/// structures as their validated forms, the rest as decoded.
fn valid_rust(shapes: &Shapes<'_>, name: &str) -> String {
    match shapes.kind(name) {
        "string" if shapes.is_enum(name) => name.to_string(),
        "list" => format!("Vec<{}>", valid_rust(shapes, shapes.target(name, "member"))),
        "map" if name == "ExpressionAttributeValueMap" || shapes.is_value_map(name) => {
            shapes.rust(name).0
        }
        "map" => {
            let t = valid_rust(shapes, shapes.target(name, "value"));
            if HASH_MAPS.contains(&name) {
                format!("HashMap<String, {t}>")
            } else {
                format!("BTreeMap<String, {t}>")
            }
        }
        "structure" if name == "AttributeValue" => "AttributeValue".into(),
        "structure" => name.to_string(),
        _ => shapes.rust(name).0,
    }
}

/// Whether a shape's validated form differs from its decoded one.
fn needs_conversion(shapes: &Shapes<'_>, name: &str) -> bool {
    match shapes.kind(name) {
        "string" => shapes.is_enum(name),
        "list" => needs_conversion(shapes, shapes.target(name, "member")),
        "map" if name == "ExpressionAttributeValueMap" || shapes.is_value_map(name) => false,
        "map" => needs_conversion(shapes, shapes.target(name, "value")),
        "structure" => name != "AttributeValue",
        _ => false,
    }
}

/// An expression of type `Option<valid form>` converting the owned value `x` of `shape`
/// (which [`needs_conversion`]) sitting at path expression `p` (a `&Path`).
fn conversion(shapes: &Shapes<'_>, shape: &str, x: &str, p: &str, depth: usize) -> String {
    let e = format!("e{depth}");
    let ep = format!("p{}", depth + 1);
    match shapes.kind(shape) {
        "string" if BARE_ENUMS.contains(&shape) => format!("known_bare({x}, v)"),
        "string" => format!("known({x}, {p}, v)"),
        "list" => {
            let inner = conversion(
                shapes,
                shapes.target(shape, "member"),
                &e,
                &format!("&{ep}"),
                depth + 1,
            );
            format!(
                "{x}.into_iter().enumerate().map(|(i, {e})| {{ let {ep} = Path::Index({p}, i); {inner} }}).collect::<Option<Vec<_>>>()"
            )
        }
        "map" => {
            let k = format!("k{depth}");
            let inner = conversion(
                shapes,
                shapes.target(shape, "value"),
                &e,
                &format!("&{ep}"),
                depth + 1,
            );
            format!(
                "{x}.into_iter().map(|({k}, {e})| {{ let value = {{ let {ep} = Path::Key({p}, &{k}); {inner} }}?; Some(({k}, value)) }}).collect::<Option<_>>()"
            )
        }
        _ => format!("{x}.into_valid_at({p}, v)"),
    }
}

/// The validated request enum and its `operation`.
fn request_enum(out: &mut String, operations: &[Operation<'_>]) {
    out.push_str("/// A validated request of any operation.\n#[derive(Debug, Clone, PartialEq)]\npub enum Request {\n");
    for op in operations {
        if let Some(i) = op.input {
            let _ = writeln!(out, "    /// `{}`.\n    {}({}),", op.name, op.name, i);
        }
    }
    out.push_str("}\n\n");
    out.push_str("impl Request {\n    /// The operation this is a request of.\n    pub fn operation(&self) -> Operation {\n        match self {\n");
    for op in operations {
        if op.input.is_some() {
            let _ = writeln!(
                out,
                "            Request::{}(_) => Operation::{},",
                op.name, op.name
            );
        }
    }
    out.push_str("        }\n    }\n}\n");
}
