//! SerializationException messages in DynamoDB's words.
//!
//! DynamoDB's JSON layer (Coral, in Java) reports a field of the wrong JSON type with messages
//! such as `class java.lang.Boolean can not be converted to an String` or `Start of list found
//! where not expected`; SDK users see them verbatim. The engine deserializes requests with
//! serde, whose type errors read `invalid type: boolean `true`, expected a string`; this module
//! rewrites those into DynamoDB's text. Anything it does not recognise passes through unchanged.

/// The JSON type a request field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found<'a> {
    Number,
    Boolean,
    /// The string's text, as serde shows it (without quotes).
    Str(&'a str),
    List,
    Map,
}

/// The type a request field should have, in Coral's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wanted {
    Scalar(&'static str),
    Boolean,
    List,
    Map,
    Structure,
}

/// DynamoDB's message for a serde error message, when it is a type error serde describes.
pub fn dynamodb_message(serde_message: &str) -> Option<String> {
    // serde reads a structure from a JSON array too, and then complains about its length.
    if serde_message.starts_with("invalid length") && serde_message.contains("expected struct") {
        return Some("Start of list found where not expected".into());
    }
    let rest = serde_message.strip_prefix("invalid type: ")?;
    let (found, wanted) = rest.rsplit_once(", expected ")?;
    Some(message(found_of(found)?, wanted_of(wanted)?))
}

fn found_of(text: &str) -> Option<Found<'_>> {
    if text.starts_with("integer") || text.starts_with("floating point") {
        Some(Found::Number)
    } else if text.starts_with("boolean") {
        Some(Found::Boolean)
    } else if let Some(s) = text.strip_prefix("string ") {
        Some(Found::Str(
            s.strip_prefix('"')
                .and_then(|s| s.strip_suffix('"'))
                .unwrap_or(s),
        ))
    } else if text == "sequence" {
        Some(Found::List)
    } else if text == "map" {
        Some(Found::Map)
    } else {
        None
    }
}

fn wanted_of(text: &str) -> Option<Wanted> {
    Some(match text {
        "a string" | "a borrowed string" | "a character" => Wanted::Scalar("String"),
        "i8" | "i16" | "i32" | "u8" | "u16" | "u32" => Wanted::Scalar("Integer"),
        "i64" | "u64" | "isize" | "usize" | "i128" | "u128" => Wanted::Scalar("Long"),
        "f32" | "f64" => Wanted::Scalar("Double"),
        "a boolean" => Wanted::Boolean,
        "a sequence" => Wanted::List,
        "a map" => Wanted::Map,
        _ if text.starts_with("struct ") => Wanted::Structure,
        "an AttributeValue object" => Wanted::Structure,
        _ => return None,
    })
}

fn message(found: Found<'_>, wanted: Wanted) -> String {
    const LIST: &str = "Start of list found where not expected";
    const MAP: &str = "Start of structure or map found where not expected.";
    match (wanted, found) {
        (_, Found::List) if wanted != Wanted::List => LIST.into(),
        (_, Found::Map) if !matches!(wanted, Wanted::Map | Wanted::Structure) => MAP.into(),
        (Wanted::List, _) => "Expected list or null".into(),
        (Wanted::Map, _) => "Expected map or null".into(),
        (Wanted::Structure, _) => "Expected null".into(),
        (Wanted::Boolean, Found::Str(s)) => {
            format!("'{}' can not be converted to an Boolean", s.to_uppercase())
        }
        (Wanted::Boolean, found) => format!("{} can not be converted to an Boolean", class(found)),
        (Wanted::Scalar(name), found) => {
            format!("{} can not be converted to an {name}", class(found))
        }
    }
}

/// The Java class Coral names for a JSON value.
fn class(found: Found<'_>) -> &'static str {
    match found {
        Found::Number => "class com.amazon.coral.value.json.numbers.TruncatingBigNumber",
        Found::Boolean => "class java.lang.Boolean",
        _ => "class java.lang.String",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(serde: &str) -> Option<String> {
        dynamodb_message(serde)
    }

    #[test]
    fn scalars() {
        assert_eq!(
            m("invalid type: integer `5`, expected a string").unwrap(),
            "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String"
        );
        assert_eq!(
            m("invalid type: boolean `true`, expected a string").unwrap(),
            "class java.lang.Boolean can not be converted to an String"
        );
        assert_eq!(
            m("invalid type: string \"5\", expected i32").unwrap(),
            "class java.lang.String can not be converted to an Integer"
        );
        assert_eq!(
            m("invalid type: boolean `false`, expected i64").unwrap(),
            "class java.lang.Boolean can not be converted to an Long"
        );
    }

    #[test]
    fn booleans() {
        assert_eq!(
            m("invalid type: string \"hellowtf\", expected a boolean").unwrap(),
            "'HELLOWTF' can not be converted to an Boolean"
        );
        assert_eq!(
            m("invalid type: floating point `1.5`, expected a boolean").unwrap(),
            "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an Boolean"
        );
    }

    #[test]
    fn containers() {
        assert_eq!(
            m("invalid type: sequence, expected a string").unwrap(),
            "Start of list found where not expected"
        );
        assert_eq!(
            m("invalid type: map, expected a string").unwrap(),
            "Start of structure or map found where not expected."
        );
        assert_eq!(
            m("invalid type: string \"a\", expected a sequence").unwrap(),
            "Expected list or null"
        );
        assert_eq!(
            m("invalid type: map, expected a sequence").unwrap(),
            "Start of structure or map found where not expected."
        );
        assert_eq!(
            m("invalid type: integer `1`, expected a map").unwrap(),
            "Expected map or null"
        );
        assert_eq!(
            m("invalid type: sequence, expected a map").unwrap(),
            "Start of list found where not expected"
        );
        assert_eq!(
            m("invalid type: boolean `true`, expected struct KeySchemaElement").unwrap(),
            "Expected null"
        );
        assert_eq!(
            m("invalid type: sequence, expected struct ListTablesInput").unwrap(),
            "Start of list found where not expected"
        );
    }

    #[test]
    fn other_messages_pass() {
        assert_eq!(m("missing field `TableName`"), None);
        assert_eq!(m("invalid type: null, expected a string"), None);
        assert_eq!(
            m("invalid type: integer `1`, expected something custom"),
            None
        );
    }
}
