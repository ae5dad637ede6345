//! Naming: the Rust names of the model's shapes, members and enum values, the member names
//! of DynamoDB's violation paths, and the names the generated code must not collide with.

/// Rust's keywords: a member whose snake-case name is one becomes a raw identifier.
pub const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match",
    "mod", "move", "mut", "pub", "ref", "return", "self", "static", "struct", "super", "trait",
    "true", "try", "type", "unsafe", "use", "where", "while", "yield",
];

/// Type names the generated code uses itself: a shape with one of these names would clash.
pub const TAKEN_NAMES: &[&str] = &[
    "Item",
    "Blob",
    "StartKey",
    "EnumValue",
    "Operation",
    "Request",
    "Service",
    "Path",
    "Violations",
    "Option",
    "Vec",
    "Box",
    "Result",
];

/// `TableName` → `table_name`, `SSESpecification` → `sse_specification`.
pub fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// The member name in DynamoDB's violation paths: the wire name with its first letter in
/// lower case (`SSESpecification` → `sSESpecification`).
pub fn path_name(name: &str) -> String {
    let mut out = String::new();
    let mut chars = name.chars();
    if let Some(first) = chars.next() {
        out.push(first.to_ascii_lowercase());
    }
    out.extend(chars);
    out
}

/// An enum value as a Rust variant: `PAY_PER_REQUEST` → `PayPerRequest`; values already in
/// camel case stay.
pub fn variant_name(value: &str) -> String {
    let camel = value.chars().any(|c| c.is_ascii_lowercase()) && !value.contains('_');
    let mut out = String::new();
    if camel {
        out.push_str(value);
    } else {
        for part in value.split(|c: char| !c.is_ascii_alphanumeric()) {
            let mut chars = part.chars();
            if let Some(first) = chars.next() {
                out.push(first.to_ascii_uppercase());
                out.extend(chars.map(|c| c.to_ascii_lowercase()));
            }
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

/// A member's Rust field name: its snake case, raw when that is a keyword.
pub fn field_name(member: &str) -> String {
    let s = snake_case(member);
    if RUST_KEYWORDS.contains(&s.as_str()) {
        format!("r#{s}")
    } else {
        s
    }
}

/// A Rust string literal.
pub fn lit(s: &str) -> String {
    format!("{s:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(snake_case("TableName"), "table_name");
        assert_eq!(snake_case("SSESpecification"), "sse_specification");
        assert_eq!(snake_case("KMSMasterKeyId"), "kms_master_key_id");
        assert_eq!(snake_case("S3BucketOwner"), "s3_bucket_owner");
        assert_eq!(snake_case("IndexARN"), "index_arn");
        assert_eq!(path_name("SSESpecification"), "sSESpecification");
        assert_eq!(variant_name("PAY_PER_REQUEST"), "PayPerRequest");
        assert_eq!(variant_name("AES256"), "Aes256");
        assert_eq!(
            variant_name("ConditionalCheckFailed"),
            "ConditionalCheckFailed"
        );
        assert_eq!(field_name("Type"), "r#type");
    }
}
