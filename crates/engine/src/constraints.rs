//! DynamoDB's parameter-constraint errors: "N validation error(s) detected: Value 'x' at
//! 'field' failed to satisfy constraint: Member must ...", every violation of a request listed
//! in one ValidationException, joined by "; ".

use ddb_model::DynamoResult;

/// Violations found while checking one request.
#[derive(Debug, Default)]
pub struct Violations(Vec<String>);

/// How a value appears in a violation: quoted text, a bare number or list, or `null`.
pub fn quoted(value: &str) -> String {
    format!("'{value}'")
}

impl Violations {
    /// No violations yet.
    pub fn new() -> Violations {
        Violations::default()
    }

    /// Records that `field` (already shown as `shown`) breaks `constraint`.
    pub fn push(&mut self, shown: impl Into<String>, field: &str, constraint: &str) {
        self.0.push(format!(
            "Value {} at '{field}' failed to satisfy constraint: {constraint}",
            shown.into()
        ));
    }

    /// A required member that is absent.
    pub fn require<T>(&mut self, value: &Option<T>, field: &str) {
        if value.is_none() {
            self.push("null", field, "Member must not be null");
        }
    }

    /// A violation whose whole text is given (DynamoDB words a few without `Value ... at`).
    pub fn push_raw(&mut self, text: impl Into<String>) {
        self.0.push(text.into());
    }

    /// A table or index name: 3 to 255 characters of `[a-zA-Z0-9_.-]`.
    pub fn name(&mut self, value: Option<&str>, field: &str, max: usize) {
        let Some(v) = value else {
            self.push("null", field, "Member must not be null");
            return;
        };
        if v.is_empty() {
            // DynamoDB shows an empty name with no value and the member's own capitalised name.
            let mut member = field.to_string();
            if let Some(first) = member.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            self.push_raw(format!(
                "Value at '{member}' failed to satisfy constraint: Member must have length greater than or equal to 1"
            ));
            return;
        }
        if !v
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-')
        {
            self.push(
                quoted(v),
                field,
                "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
            );
        }
        self.length(v, field, 3, max);
    }

    /// A table named by its name or by its ARN (up to 1024 characters), as every operation but
    /// CreateTable accepts.
    pub fn table_name(&mut self, value: Option<&str>, field: &str) {
        match value {
            Some(arn) if arn.starts_with("arn:") => self.length(arn, field, 1, 1024),
            _ => self.name(value, field, 255),
        }
    }

    /// Length bounds in characters.
    pub fn length(&mut self, v: &str, field: &str, min: usize, max: usize) {
        let len = v.chars().count();
        if len < min {
            self.push(
                quoted(v),
                field,
                &format!("Member must have length greater than or equal to {min}"),
            );
        }
        if len > max {
            self.push(
                quoted(v),
                field,
                &format!("Member must have length less than or equal to {max}"),
            );
        }
    }

    /// A value from a fixed set.
    pub fn one_of(&mut self, v: Option<&str>, field: &str, allowed: &[&str]) {
        if let Some(v) = v {
            if !allowed.contains(&v) {
                self.push(
                    quoted(v),
                    field,
                    &format!(
                        "Member must satisfy enum value set: [{}]",
                        allowed.join(", ")
                    ),
                );
            }
        }
    }

    /// A number at least `min`.
    pub fn at_least(&mut self, v: Option<i64>, field: &str, min: i64) {
        if let Some(v) = v {
            if v < min {
                self.push(
                    quoted(&v.to_string()),
                    field,
                    &format!("Member must have value greater than or equal to {min}"),
                );
            }
        }
    }

    /// A number at most `max`.
    pub fn at_most(&mut self, v: Option<i64>, field: &str, max: i64) {
        if let Some(v) = v {
            if v > max {
                self.push(
                    quoted(&v.to_string()),
                    field,
                    &format!("Member must have value less than or equal to {max}"),
                );
            }
        }
    }

    /// A collection with at least `min` members.
    pub fn min_members(
        &mut self,
        len: Option<usize>,
        shown: impl FnOnce() -> String,
        field: &str,
        min: usize,
    ) {
        if let Some(len) = len {
            if len < min {
                self.push(
                    shown(),
                    field,
                    &format!("Member must have length greater than or equal to {min}"),
                );
            }
        }
    }

    /// A collection with at most `max` members.
    pub fn max_members(
        &mut self,
        len: Option<usize>,
        shown: impl FnOnce() -> String,
        field: &str,
        max: usize,
    ) {
        if let Some(len) = len {
            if len > max {
                self.push(
                    shown(),
                    field,
                    &format!("Member must have length less than or equal to {max}"),
                );
            }
        }
    }

    /// Whether no violation was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The ValidationException listing every violation, if any.
    pub fn into_result(self) -> DynamoResult<()> {
        if self.0.is_empty() {
            return Ok(());
        }
        Err(crate::invalid::Invalid::Constraints(self.0).into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_dynamodb() {
        let mut v = Violations::new();
        v.name(Some("a!"), "tableName", 255);
        let err = v.into_result().unwrap_err();
        assert_eq!(
            err.message,
            "2 validation errors detected: Value 'a!' at 'tableName' failed to satisfy constraint: \
             Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value 'a!' at 'tableName' \
             failed to satisfy constraint: Member must have length greater than or equal to 3"
        );
        let mut v = Violations::new();
        v.name(None, "tableName", 255);
        assert_eq!(
            v.into_result().unwrap_err().message,
            "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null"
        );
    }
}
