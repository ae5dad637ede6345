//! `generated/operations.rs`: the `Operation` enum of both services (names, service, lookup
//! by name), the decoded `Request` enum, `decode_request`, and the request's `violations`
//! and `validate`.

use std::fmt::Write as _;

use crate::model::Operation;
use crate::names::lit;
use crate::HEADER;

/// The text of `operations.rs`.
pub(crate) fn operations_file(operations: &[Operation<'_>]) -> String {
    let mut out = String::from(HEADER);
    out.push_str("//! The operations of both services: names, services, typed requests.\n\n");
    out.push_str("#![allow(clippy::all)]\n\n");
    out.push_str("use crate::de::decode;\nuse crate::generated::shapes::*;\nuse crate::generated::valid;\nuse crate::validate::{Validate, Violations};\nuse crate::{DecodeError, Service};\n\n");
    operation_enum(&mut out, operations);
    operation_impl(&mut out, operations);
    request_enum(&mut out, operations);
    request_impl(&mut out, operations);
    out
}

/// The `Service` variant of the operation's service.
fn service_of(op: &Operation<'_>) -> &'static str {
    if op.service.is_streams() {
        "Service::DynamoDbStreams"
    } else {
        "Service::DynamoDb"
    }
}

/// Appends one line per operation that has a request, made by `line`.
fn per_request(
    out: &mut String,
    operations: &[Operation<'_>],
    line: impl Fn(&str, &str) -> String,
) {
    for op in operations {
        if let Some(i) = op.input {
            out.push_str(&line(op.name, i));
            out.push('\n');
        }
    }
}

/// The `Operation` enum, counted per service in its doc.
fn operation_enum(out: &mut String, operations: &[Operation<'_>]) {
    let streams = operations.iter().filter(|o| o.service.is_streams()).count();
    let _ = writeln!(
        out,
        "/// Every operation of DynamoDB ({}) and DynamoDB Streams ({streams}).",
        operations.len() - streams
    );
    out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]\npub enum Operation {\n");
    for op in operations {
        let _ = writeln!(
            out,
            "    /// `{}.{}`.\n    {},",
            op.service.target_prefix, op.name, op.name
        );
    }
    out.push_str("}\n\n");
}

/// `impl Operation`: `ALL`, `name`, `service` and `named`.
fn operation_impl(out: &mut String, operations: &[Operation<'_>]) {
    out.push_str("impl Operation {\n");
    let _ = writeln!(
        out,
        "    /// All {} operations, DynamoDB's first.\n    pub const ALL: [Operation; {}] = [{}];\n",
        operations.len(),
        operations.len(),
        operations.iter().map(|o| format!("Operation::{}", o.name)).collect::<Vec<_>>().join(", ")
    );
    out.push_str("    /// The operation's name, as in `X-Amz-Target` after the service's prefix.\n    pub fn name(self) -> &'static str {\n        match self {\n");
    for op in operations {
        let _ = writeln!(
            out,
            "            Operation::{} => {},",
            op.name,
            lit(op.name)
        );
    }
    out.push_str("        }\n    }\n\n");
    out.push_str("    /// The service the operation belongs to.\n    pub fn service(self) -> Service {\n        match self {\n");
    for op in operations {
        let _ = writeln!(
            out,
            "            Operation::{} => {},",
            op.name,
            service_of(op)
        );
    }
    out.push_str("        }\n    }\n\n");
    out.push_str("    /// The operation of `service` named `name`.\n    pub fn named(service: Service, name: &str) -> Option<Operation> {\n        Some(match (service, name) {\n");
    for op in operations {
        let _ = writeln!(
            out,
            "            ({}, {}) => Operation::{},",
            service_of(op),
            lit(op.name),
            op.name
        );
    }
    out.push_str("            _ => return None,\n        })\n    }\n}\n\n");
}

/// The decoded `Request` enum and `decode_request`.
fn request_enum(out: &mut String, operations: &[Operation<'_>]) {
    out.push_str("/// A decoded request of any operation.\n#[derive(Debug, Clone, PartialEq)]\npub enum Request {\n");
    per_request(out, operations, |op, i| {
        format!("    /// `{op}`.\n    {op}({i}),")
    });
    out.push_str("}\n\n");
    out.push_str("/// Decodes `body` as `operation`'s request.\npub fn decode_request(operation: Operation, body: &[u8]) -> Result<Request, DecodeError> {\n    Ok(match operation {\n");
    per_request(out, operations, |op, i| {
        format!("        Operation::{op} => Request::{op}(decode::<{i}>(body)?),")
    });
    out.push_str("    })\n}\n\n");
}

/// `impl Request`: `operation`, `violations` and `validate`, each a match over the requests.
fn request_impl(out: &mut String, operations: &[Operation<'_>]) {
    out.push_str("impl Request {\n    /// The operation this is a request of.\n    pub fn operation(&self) -> Operation {\n        match self {\n");
    per_request(out, operations, |op, _| {
        format!("            Request::{op}(_) => Operation::{op},")
    });
    out.push_str("        }\n    }\n\n    /// Every constraint the request breaks, in DynamoDB's order.\n    pub fn violations(&self) -> Violations {\n        match self {\n");
    per_request(out, operations, |op, _| {
        format!("            Request::{op}(r) => r.violations(),")
    });
    out.push_str("        }\n    }\n\n");
    out.push_str("    /// Checks the request's constraints ([`Request::violations`]) and, when it breaks none,\n    /// moves it into its validated form.\n    pub fn validate(self) -> Result<valid::Request, Violations> {\n        Ok(match self {\n");
    per_request(out, operations, |op, _| {
        format!("            Request::{op}(r) => valid::Request::{op}(r.validate()?),")
    });
    out.push_str("        })\n    }\n}\n");
}
