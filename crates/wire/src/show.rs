//! Values as DynamoDB's Java service prints them in a constraint violation
//! (`Value '[KeySchemaElement(attributeName=pk, keyType=HASH)]' at ...`): structures as
//! `Name(member=value, ...)`, lists as `[a, b]`, maps as `{k=v}`, absent members as `null`.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use ddb_model::AttributeValue;

use crate::{Blob, EnumValue, StartKey, WireEnum};

/// Printing as Java's `toString` does for DynamoDB's request classes.
pub trait Show {
    /// Appends the value's text to `out`.
    fn show(&self, out: &mut String);
}

/// The text of `value`.
pub fn shown<T: Show + ?Sized>(value: &T) -> String {
    let mut out = String::new();
    value.show(&mut out);
    out
}

impl Show for String {
    fn show(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Show for str {
    fn show(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Show for i32 {
    fn show(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

impl Show for i64 {
    fn show(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

impl Show for bool {
    fn show(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

impl Show for f64 {
    /// As Java's `Double.toString` for ordinary magnitudes (`1.0`, `0.5`).
    fn show(&self, out: &mut String) {
        if self.fract() == 0.0 && self.abs() < 1e7 {
            let _ = write!(out, "{self:.1}");
        } else {
            let _ = write!(out, "{self}");
        }
    }
}

impl Show for Blob {
    /// As Java prints a heap `ByteBuffer`.
    fn show(&self, out: &mut String) {
        let n = self.0.len();
        let _ = write!(out, "java.nio.HeapByteBuffer[pos=0 lim={n} cap={n}]");
    }
}

impl<E: WireEnum> Show for EnumValue<E> {
    fn show(&self, out: &mut String) {
        out.push_str(self.as_str());
    }
}

impl<T: Show> Show for Option<T> {
    fn show(&self, out: &mut String) {
        match self {
            Some(v) => v.show(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: Show> Show for Vec<T> {
    fn show(&self, out: &mut String) {
        out.push('[');
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            v.show(out);
        }
        out.push(']');
    }
}

fn show_entries<'a, T: Show + 'a>(
    entries: impl Iterator<Item = (&'a String, &'a T)>,
    out: &mut String,
) {
    out.push('{');
    for (i, (k, v)) in entries.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(k);
        out.push('=');
        v.show(out);
    }
    out.push('}');
}

impl<T: Show> Show for BTreeMap<String, T> {
    fn show(&self, out: &mut String) {
        show_entries(self.iter(), out);
    }
}

impl<T: Show> Show for HashMap<String, T> {
    fn show(&self, out: &mut String) {
        show_entries(self.iter(), out);
    }
}

impl Show for AttributeValue {
    fn show(&self, out: &mut String) {
        let mut members: [Option<String>; 10] = Default::default();
        let slot = match self {
            AttributeValue::S(s) => (0, s.clone()),
            AttributeValue::N(n) => (1, n.to_string()),
            AttributeValue::B(b) => (2, shown(&Blob(b.clone()))),
            AttributeValue::Ss(v) => (3, shown(v)),
            AttributeValue::Ns(v) => (
                4,
                shown(&v.iter().map(|n| n.to_string()).collect::<Vec<_>>()),
            ),
            AttributeValue::Bs(v) => (
                5,
                shown(&v.iter().map(|b| Blob(b.clone())).collect::<Vec<_>>()),
            ),
            AttributeValue::M(m) => (6, shown(m)),
            AttributeValue::L(l) => (7, shown(l)),
            AttributeValue::Null => (8, "true".to_string()),
            AttributeValue::Bool(b) => (9, b.to_string()),
        };
        members[slot.0] = Some(slot.1);
        out.push_str("AttributeValue(");
        for (i, (name, value)) in ["s", "n", "b", "sS", "nS", "bS", "m", "l", "nULL", "bOOL"]
            .iter()
            .zip(members)
            .enumerate()
        {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(name);
            out.push('=');
            out.push_str(value.as_deref().unwrap_or("null"));
        }
        out.push(')');
    }
}

impl Show for StartKey {
    fn show(&self, out: &mut String) {
        match &self.0 {
            Ok(item) => item.show(out),
            Err(_) => out.push_str("{}"),
        }
    }
}
