//! `generated/shapes.rs`: the decoded form of every enum and structure shape, and for the
//! structures reachable from a request their decoder (`DecodeStruct`), their display in
//! violations (`Show`) and their constraint checks (`Validate`, from [`crate::checks`]).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::checks::validate_impl;
use crate::model::{Operation, Shapes};
use crate::names::{field_name, lit, path_name, variant_name};
use crate::overrides::{enum_order, member_type};
use crate::HEADER;

/// The text of `shapes.rs`; `inputs` are the shapes reachable from a request.
pub(crate) fn shapes_file(
    shapes: &Shapes<'_>,
    operations: &[Operation<'_>],
    inputs: &BTreeSet<&str>,
) -> Result<String, String> {
    let roles = roles(operations);
    let mut out = String::from(HEADER);
    out.push_str("//! Every enum and structure shape of the two service models.\n\n");
    out.push_str("#![allow(clippy::all)]\n\n");
    out.push_str("use std::collections::{BTreeMap, HashMap};\n\n");
    out.push_str("use ddb_model::{AttributeValue, Item};\n");
    out.push_str("use serde::de::MapAccess;\nuse serde::Serialize;\n\n");
    let imports_at = out.len();
    for (name, (shape, _)) in &shapes.by_name {
        if shape.get("enum").is_some() {
            enum_type(&mut out, shapes, name);
        }
    }
    for (name, (shape, _)) in &shapes.by_name {
        let name: &str = name;
        if shape["type"] == "structure" && name != "AttributeValue" {
            let doc = roles.get(name).cloned().unwrap_or_else(|| {
                if shape.get("exception").is_some() {
                    format!("The `{name}` error's body.")
                } else {
                    format!("The `{name}` structure.")
                }
            });
            structure(&mut out, shapes, name, &doc, inputs.contains(name))?;
        }
    }
    let imports = imports(&out[imports_at..]);
    out.insert_str(imports_at, &imports);
    Ok(out)
}

/// The doc line of each operation's request and response structure.
fn roles<'m>(operations: &[Operation<'m>]) -> BTreeMap<&'m str, String> {
    let mut roles = BTreeMap::new();
    for op in operations {
        if let Some(i) = op.input {
            roles.insert(i, format!("`{}`'s request.", op.name));
        }
        if let Some(o) = op.output {
            roles.insert(o, format!("`{}`'s response.", op.name));
        }
    }
    roles
}

/// The `crate::` imports `body` needs: only what the generated code uses, so the file
/// compiles without unused-import warnings whatever the models hold.
fn imports(body: &str) -> String {
    let used = |names: &[&str]| -> String {
        names
            .iter()
            .filter(|n| {
                body.contains(&format!("{n}<"))
                    || body.contains(&format!("{n},"))
                    || body.contains(&format!("{n})"))
                    || body.contains(&format!("{n}>"))
                    || body.contains(&format!("{n}::"))
                    || body.contains(&format!("{n} "))
            })
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut imports = String::from("use crate::de::*;\nuse crate::show::Show;\nuse crate::validate::{patterns, Path, Validate, Violations};\n");
    let _ = writeln!(
        imports,
        "use crate::value::{{{}}};",
        used(&["AvC", "ExpressionValuesC", "ItemC", "StartKeyC"])
    );
    let _ = writeln!(
        imports,
        "use crate::{{{}}};\n",
        used(&["Blob", "EnumValue", "StartKey", "WireEnum"])
    );
    imports
}

/// An enum shape: the Rust enum, its `WireEnum` impl, and `as_str`, `FromStr`, `Display`.
fn enum_type(out: &mut String, shapes: &Shapes<'_>, name: &str) {
    let values = shapes.enum_values(name);
    let variants: Vec<String> = values.iter().map(|v| variant_name(v)).collect();
    let unique: BTreeSet<&String> = variants.iter().collect();
    assert_eq!(
        unique.len(),
        variants.len(),
        "enum {name}: variant names clash"
    );
    let _ = writeln!(out, "/// The `{name}` enum: {} values.", values.len());
    out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]\n");
    let _ = writeln!(out, "pub enum {name} {{");
    for (v, var) in values.iter().zip(&variants) {
        let _ = writeln!(out, "    /// `{v}`.\n    {var},");
    }
    out.push_str("}\n\n");
    wire_enum_impl(out, name, &values, &variants);
    enum_std_impls(out, name);
}

/// `impl WireEnum`: every variant, the values as DynamoDB lists them in messages
/// ([`crate::overrides::ENUM_ORDER`]), and the conversions from and to the wire text.
fn wire_enum_impl(out: &mut String, name: &str, values: &[&str], variants: &[String]) {
    let shown = enum_order(name, values);
    let _ = writeln!(out, "impl WireEnum for {name} {{");
    let _ = writeln!(
        out,
        "    const ALL: &'static [{name}] = &[{}];",
        variants
            .iter()
            .map(|v| format!("{name}::{v}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        out,
        "    const SHOWN: &'static [&'static str] = &[{}];",
        shown.iter().map(|v| lit(v)).collect::<Vec<_>>().join(", ")
    );
    out.push_str("    fn as_str(self) -> &'static str {\n        match self {\n");
    for (v, var) in values.iter().zip(variants) {
        let _ = writeln!(out, "            {name}::{var} => {},", lit(v));
    }
    out.push_str("        }\n    }\n");
    out.push_str("    fn from_wire(text: &str) -> Option<Self> {\n        Some(match text {\n");
    for (v, var) in values.iter().zip(variants) {
        let _ = writeln!(out, "            {} => {name}::{var},", lit(v));
    }
    out.push_str("            _ => return None,\n        })\n    }\n}\n\n");
}

/// The inherent `as_str`, `FromStr` and `Display` of an enum, over its `WireEnum` impl.
fn enum_std_impls(out: &mut String, name: &str) {
    let _ = writeln!(
        out,
        "impl {name} {{\n    /// The value as it is on the wire.\n    pub fn as_str(self) -> &'static str {{\n        WireEnum::as_str(self)\n    }}\n}}\n"
    );
    let _ = writeln!(
        out,
        "impl std::str::FromStr for {name} {{\n    type Err = crate::UnknownEnumValue;\n    fn from_str(text: &str) -> Result<Self, Self::Err> {{\n        <{name} as WireEnum>::from_wire(text).ok_or_else(|| crate::UnknownEnumValue(text.to_string()))\n    }}\n}}\n"
    );
    let _ = writeln!(
        out,
        "impl std::fmt::Display for {name} {{\n    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{\n        f.write_str(self.as_str())\n    }}\n}}\n"
    );
}

/// A member's facts for its doc line: required, lengths, range, pattern.
pub(crate) fn member_doc(shapes: &Shapes<'_>, wire: &str, shape: &str, required: bool) -> String {
    let mut facts = Vec::new();
    if required {
        facts.push("required".to_string());
    }
    let (min, max) = (shapes.num(shape, "min"), shapes.num(shape, "max"));
    let unit = match shapes.kind(shape) {
        "string" => Some("characters"),
        "list" | "map" => Some("members"),
        _ => None,
    };
    match (unit, min, max) {
        (Some(u), Some(a), Some(b)) => facts.push(format!("{a} to {b} {u}")),
        (Some(u), Some(a), None) => facts.push(format!("at least {a} {u}")),
        (Some(u), None, Some(b)) => facts.push(format!("at most {b} {u}")),
        (None, Some(a), Some(b)) => facts.push(format!("{a} to {b}")),
        (None, Some(a), None) => facts.push(format!("at least {a}")),
        (None, None, Some(b)) => facts.push(format!("at most {b}")),
        _ => {}
    }
    if shapes.pattern(shape).is_some() {
        facts.push("pattern-checked".to_string());
    }
    if facts.is_empty() {
        format!("`{wire}`.")
    } else {
        format!("`{wire}`: {}.", facts.join(", "))
    }
}

/// A structure shape: its decoded form and, when reachable from a request (`is_input`),
/// its decoder, display and checks.
fn structure(
    out: &mut String,
    shapes: &Shapes<'_>,
    name: &str,
    doc: &str,
    is_input: bool,
) -> Result<(), String> {
    struct_decl(out, shapes, name, doc);
    if !is_input {
        return Ok(());
    }
    decode_impl(out, shapes, name);
    show_impl(out, shapes, name);
    validate_impl(out, shapes, name)
}

/// The decoded struct: every member an `Option`, serialized under its wire name.
fn struct_decl(out: &mut String, shapes: &Shapes<'_>, name: &str, doc: &str) {
    let required = shapes.required(name);
    let _ = writeln!(out, "/// {doc}");
    out.push_str("#[derive(Debug, Clone, Default, PartialEq, Serialize)]\n");
    let _ = writeln!(out, "pub struct {name} {{");
    for (wire, shape) in shapes.members(name) {
        let (ty, _) = member_type(shapes, name, wire, shape);
        let _ = writeln!(
            out,
            "    /// {}",
            member_doc(shapes, wire, shape, required.contains(wire))
        );
        let _ = writeln!(
            out,
            "    #[serde(rename = {}, skip_serializing_if = \"Option::is_none\")]",
            lit(wire)
        );
        let _ = writeln!(out, "    pub {}: Option<{ty}>,", field_name(wire));
    }
    out.push_str("}\n\n");
}

/// `impl DecodeStruct`: each member decoded by its codec, unknown members skipped.
fn decode_impl(out: &mut String, shapes: &Shapes<'_>, name: &str) {
    let members = shapes.members(name);
    let _ = writeln!(out, "impl DecodeStruct for {name} {{");
    let _ = writeln!(
        out,
        "    const JAVA: &'static str = {};",
        lit(&shapes.java(name))
    );
    if members.is_empty() {
        out.push_str("    fn member<'de, A: MapAccess<'de>>(&mut self, _name: &str, map: &mut A, _cx: &Cx) -> Result<(), A::Error> {\n        skip(map)\n    }\n}\n\n");
        return;
    }
    out.push_str("    fn member<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A, cx: &Cx) -> Result<(), A::Error> {\n        match name {\n");
    for (wire, shape) in &members {
        let (_, codec) = member_type(shapes, name, wire, shape);
        let _ = writeln!(
            out,
            "            {} => self.{} = member::<{codec}, A>(map, cx)?,",
            lit(wire),
            field_name(wire)
        );
    }
    out.push_str("            _ => skip(map)?,\n        }\n        Ok(())\n    }\n}\n\n");
}

/// `impl Show`: the structure as DynamoDB's Java service prints it in a violation.
fn show_impl(out: &mut String, shapes: &Shapes<'_>, name: &str) {
    let _ = writeln!(out, "impl Show for {name} {{");
    out.push_str("    fn show(&self, out: &mut String) {\n");
    let _ = writeln!(out, "        out.push_str({});", lit(&format!("{name}(")));
    for (i, (wire, _)) in shapes.members(name).iter().enumerate() {
        let sep = if i == 0 { "" } else { ", " };
        let _ = writeln!(
            out,
            "        out.push_str({});\n        self.{}.show(out);",
            lit(&format!("{sep}{}=", path_name(wire))),
            field_name(wire)
        );
    }
    out.push_str("        out.push(')');\n    }\n}\n\n");
}
