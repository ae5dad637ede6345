//! The faults of PartiQL `Parameters` as DynamoDB words them, which is not how it words the
//! same values elsewhere (paritysuite/dynamodb-conformance
//! tests/tier3/error-messages/partiqlParameterNumbers.test.ts, AWS 2026):
//! - a number is read as Java's BigDecimal reads a string, so an exponent or a scale that does
//!   not fit 32 bits cannot be converted at all (`... numeric value: 1e99999999999`), an empty
//!   text has nothing after the message, and the magnitude check, precision minus scale in
//!   32-bit arithmetic, wraps past `i32::MAX` into an underflow (`1e2147483647`);
//! - a value nested too deeply and a number that cannot be read are reported in document
//!   order, whichever comes first;
//! - in BatchExecuteStatement the fault fails only its own statement; ExecuteStatement and
//!   ExecuteTransaction answer it bare.
//!
//! The request decoder has already read every number by DynamoDB's item rules and kept only
//! the first fault, without its place. These faults are rare, so on that path the body is read
//! again as JSON (keys in the order sent) and walked here.

use ddb_model::{Number, NumberError};
use serde::Deserialize;
use serde_json::Value;

use super::fault::Fault;
use crate::conditional_write::MAX_NESTING;

/// The first fault of an ExecuteStatement body's `Parameters`.
pub fn statement_fault(body: &[u8]) -> Option<Fault> {
    first_in_list(read(body)?.get("Parameters")?)
}

/// The first fault of each member's `Parameters` in a body whose statements are listed under
/// `member` (`Statements`, `TransactStatements`), in the members' order.
pub fn member_faults(body: &[u8], member: &str) -> Vec<Option<Fault>> {
    let Some(Value::Array(members)) =
        read(body).and_then(|mut b| b.get_mut(member).map(Value::take))
    else {
        return Vec::new();
    };
    members
        .iter()
        .map(|m| m.get("Parameters").and_then(first_in_list))
        .collect()
}

/// The body as JSON. The decoder read it before and bounded its depth
/// (`ddb_wire::MAX_JSON_DEPTH`), so serde_json's own limit (128) is lifted: a parameter nested
/// 100 levels is legal JSON DynamoDB answers with its nesting message.
fn read(body: &[u8]) -> Option<Value> {
    let mut de = serde_json::Deserializer::from_slice(body);
    de.disable_recursion_limit();
    Value::deserialize(&mut de).ok()
}

fn first_in_list(params: &Value) -> Option<Fault> {
    let Value::Array(params) = params else {
        return None;
    };
    params.iter().find_map(|p| first_in_value(p, 1))
}

/// The first fault in an attribute value at nesting `level` (a parameter is level 1). A list
/// or map is too deep when `1 + depth > MAX_NESTING` of the whole parameter, the rule of
/// `conditional_write::check_depth`: it is found on entering the container, before anything
/// inside it.
fn first_in_value(value: &Value, level: usize) -> Option<Fault> {
    let Value::Object(typed) = value else {
        return None;
    };
    typed
        .iter()
        .find_map(|(tag, inner)| match (tag.as_str(), inner) {
            ("N", Value::String(text)) => number_fault(text),
            ("NS", Value::Array(members)) => members.iter().find_map(|m| match m {
                Value::String(text) => number_fault(text),
                _ => None,
            }),
            ("L" | "M", _) if level >= MAX_NESTING => Some(Fault::ParameterNesting),
            ("L", Value::Array(items)) => items.iter().find_map(|v| first_in_value(v, level + 1)),
            ("M", Value::Object(entries)) => {
                entries.values().find_map(|v| first_in_value(v, level + 1))
            }
            _ => None,
        })
}

/// What DynamoDB says of a parameter's number text, if anything.
fn number_fault(text: &str) -> Option<Fault> {
    let fault = |error| {
        Some(Fault::ParameterNumber {
            error,
            text: text.to_string(),
        })
    };
    let Some(read) = BigDecimal::read(text) else {
        return fault(NumberError::NotANumber);
    };
    match Number::parse(text) {
        Ok(_) => None,
        Err(NumberError::Overflow) if read.magnitude_wraps() => fault(NumberError::Underflow),
        Err(error) => fault(error),
    }
}

/// The two figures of Java's BigDecimal that DynamoDB's checks use.
struct BigDecimal {
    /// Digits of the unscaled value (leading zeros not counted; 1 for zero).
    precision: i64,
    /// Digits after the point less the exponent; fits 32 bits, or the text is not read.
    scale: i64,
}

impl BigDecimal {
    /// `text` as `new BigDecimal(text)` reads it: sign, digits with at most one point, an
    /// exponent of at most ten significant digits fitting 32 bits, and a scale fitting 32
    /// bits; `None` where Java throws NumberFormatException.
    fn read(text: &str) -> Option<BigDecimal> {
        let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
        let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
            Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
            None => (unsigned, None),
        };
        let (integer, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if integer.len() + fraction.len() == 0 || !all_digits(integer) || !all_digits(fraction) {
            return None;
        }
        let exponent = match exponent {
            Some(e) => i64::from(exponent_value(e)?),
            None => 0,
        };
        let scale = i64::try_from(fraction.len()).ok()? - exponent;
        i32::try_from(scale).ok()?;
        let significant = format!("{integer}{fraction}");
        let precision = significant.trim_start_matches('0').len().max(1);
        Some(BigDecimal {
            precision: i64::try_from(precision).ok()?,
            scale,
        })
    }

    /// Whether precision minus scale passes `i32::MAX`: DynamoDB computes it in 32 bits, so it
    /// wraps to a large negative magnitude and the number reads as an underflow.
    fn magnitude_wraps(&self) -> bool {
        self.precision - self.scale > i64::from(i32::MAX)
    }
}

/// An exponent's value as Java reads it: optional sign, at least one digit, at most ten once
/// leading zeros are dropped, and the value fitting 32 bits.
fn exponent_value(text: &str) -> Option<i32> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let significant = digits.trim_start_matches('0');
    if significant.len() > 10 {
        return None;
    }
    let magnitude: i64 = significant.parse().ok()?;
    i32::try_from(if negative { -magnitude } else { magnitude }).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> Option<String> {
        number_fault(text).map(|f| f.to_string())
    }

    const UNCONVERTIBLE: &str = "The parameter cannot be converted to a numeric value";

    #[test]
    fn exponents_and_scales_past_32_bits_cannot_be_converted() {
        for text in [
            "1e99999999999",
            "-1e99999999999",
            "1e-99999999999",
            "1e2147483648",
            "1e-2147483648",
            "1.5e-2147483647",
            "abc",
            "1e",
            "1.2.3",
        ] {
            assert_eq!(
                message(text),
                Some(format!("{UNCONVERTIBLE}: {text}")),
                "{text}"
            );
        }
        assert_eq!(message(""), Some(UNCONVERTIBLE.to_string()));
    }

    #[test]
    fn a_magnitude_past_32_bits_wraps_into_an_underflow() {
        assert_eq!(
            message("1e2147483647"),
            Some(
                "Number underflow. Attempting to store a number with magnitude smaller than \
                 supported range"
                    .into()
            )
        );
        assert_eq!(
            message("1e126"),
            Some(
                "Number overflow. Attempting to store a number with magnitude larger than \
                 supported range"
                    .into()
            )
        );
        assert_eq!(message("1e125"), None);
        assert_eq!(message("0e2147483647"), None);
    }

    #[test]
    fn the_first_fault_in_document_order_wins() {
        let deep = |leaf: &str| {
            let mut v = leaf.to_string();
            for _ in 0..40 {
                v = format!(r#"{{"M":{{"n":{v}}}}}"#);
            }
            v
        };
        let body = |params: String| format!(r#"{{"Statement":"x","Parameters":[{params}]}}"#);
        let nested = Some(Fault::ParameterNesting);
        let bad = r#"{"N":"abc"}"#;
        assert_eq!(
            statement_fault(body(format!("{},{bad}", deep(r#"{"S":"a"}"#))).as_bytes()),
            nested
        );
        assert_eq!(
            statement_fault(body(deep(bad)).as_bytes()),
            nested,
            "found on entering the level"
        );
        let fault =
            statement_fault(body(format!(r#"{{"M":{{"b":{bad},"d":{}}}}}"#, deep(bad))).as_bytes());
        assert_eq!(
            fault.map(|f| f.to_string()),
            Some(format!("{UNCONVERTIBLE}: abc"))
        );
    }

    #[test]
    fn each_member_has_its_own_fault() {
        let body = r#"{"Statements":[{"Statement":"a","Parameters":[{"N":"1e99999999999"}]},
            {"Statement":"b"},{"Statement":"c","Parameters":[{"NS":["1","x"]}]}]}"#;
        let faults: Vec<Option<String>> = member_faults(body.as_bytes(), "Statements")
            .into_iter()
            .map(|f| f.map(|f| f.to_string()))
            .collect();
        assert_eq!(
            faults,
            vec![
                Some(format!("{UNCONVERTIBLE}: 1e99999999999")),
                None,
                Some(format!("{UNCONVERTIBLE}: x")),
            ]
        );
    }
}
