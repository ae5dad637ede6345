//! Constraint validation with DynamoDB's framing.
//!
//! Every generated request type implements [`Validate`]: it lists each constraint of the
//! service model that the request breaks (required, length, range, pattern, enum), member by
//! member in the order DynamoDB checks them. [`Violations::message`] frames the list as
//! DynamoDB does: `1 validation error detected: Value '…' at '…' failed to satisfy
//! constraint: Member must …`, or `N validation errors detected: …` joined with `; `, listing
//! at most [`MAX_LISTED`].

use std::fmt;

use crate::{EnumValue, WireEnum};

/// The most violations DynamoDB lists in one message; the count it states is the number
/// listed.
pub const MAX_LISTED: usize = 10;

/// Where a member sits in the request, as DynamoDB writes it in a violation:
/// `keySchema.1.member.attributeName`, `requestItems.<table>.member.keys`. Built on the stack
/// while validating and written out only for a violation.
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    /// The request itself.
    Root,
    /// A member (its name with the first letter in lower case).
    Field(&'a Path<'a>, &'static str),
    /// An element of a list (0-based here; written 1-based).
    Index(&'a Path<'a>, usize),
    /// A value of a map, by key.
    Key(&'a Path<'a>, &'a str),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Field(Path::Root, name) => f.write_str(name),
            Path::Field(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, i) => write!(f, "{parent}.{}.member", i + 1),
            Path::Key(parent, key) => write!(f, "{parent}.{key}.member"),
        }
    }
}

/// What a constraint asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Constraint {
    /// Required.
    NotNull,
    /// At least this many characters or members.
    MinLength(i64),
    /// At most this many characters or members.
    MaxLength(i64),
    /// At least this value.
    MinValue(i64),
    /// At most this value.
    MaxValue(i64),
    /// Matching this regular expression (the model's text).
    Pattern(&'static str),
    /// One of these values (in DynamoDB's order).
    Enum(&'static [&'static str]),
    /// Every key of a map meets these.
    MapKeys(Vec<Constraint>),
    /// Every value of a map meets these.
    MapValues(Vec<Constraint>),
}

impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Constraint::NotNull => f.write_str("Member must not be null"),
            Constraint::MinLength(n) => {
                write!(f, "Member must have length greater than or equal to {n}")
            }
            Constraint::MaxLength(n) => {
                write!(f, "Member must have length less than or equal to {n}")
            }
            Constraint::MinValue(n) => {
                write!(f, "Member must have value greater than or equal to {n}")
            }
            Constraint::MaxValue(n) => {
                write!(f, "Member must have value less than or equal to {n}")
            }
            Constraint::Pattern(p) => {
                write!(f, "Member must satisfy regular expression pattern: {p}")
            }
            Constraint::Enum(values) => {
                write!(
                    f,
                    "Member must satisfy enum value set: [{}]",
                    values.join(", ")
                )
            }
            Constraint::MapKeys(list) => {
                write!(f, "Map keys must satisfy constraint: [{}]", joined(list))
            }
            Constraint::MapValues(list) => {
                write!(f, "Map value must satisfy constraint: [{}]", joined(list))
            }
        }
    }
}

fn joined(list: &[Constraint]) -> String {
    list.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// How the offending value is shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    /// Absent: `Value null at 'x'`.
    Null,
    /// An empty name: DynamoDB shows no value and the path with a capital first letter
    /// (`Value at 'TableName'`).
    Empty,
    /// Anything else, quoted: `Value 'abc' at 'x'`.
    Text(String),
}

/// One broken constraint.
#[derive(Debug, Clone, PartialEq)]
pub enum Violation {
    /// `Value … at '<path>' failed to satisfy constraint: <constraint>`.
    At {
        /// The value.
        value: Shown,
        /// Where it is.
        path: String,
        /// What it breaks.
        constraint: Constraint,
    },
    /// DynamoDB words a bad `ReturnValues` without value and path, and misspells one value:
    /// `Failed to satisfy constraint: Member must satisfy enum value set: [...]`.
    ReturnValues,
}

/// DynamoDB's value set for a bad `ReturnValues` (`UPDATE_NEW` is its spelling).
pub const RETURN_VALUES_SET: &str = "[ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATE_NEW, NONE]";

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::At {
                value: Shown::Null,
                path,
                constraint,
            } => write!(
                f,
                "Value null at '{path}' failed to satisfy constraint: {constraint}"
            ),
            Violation::At {
                value: Shown::Empty,
                path,
                constraint,
            } => {
                let mut chars = path.chars();
                let first = chars.next().map(|c| c.to_ascii_uppercase());
                write!(
                    f,
                    "Value at '{}{}' failed to satisfy constraint: {constraint}",
                    first.map(String::from).unwrap_or_default(),
                    chars.as_str()
                )
            }
            Violation::At {
                value: Shown::Text(text),
                path,
                constraint,
            } => write!(
                f,
                "Value '{text}' at '{path}' failed to satisfy constraint: {constraint}"
            ),
            Violation::ReturnValues => write!(
                f,
                "Failed to satisfy constraint: Member must satisfy enum value set: {RETURN_VALUES_SET}"
            ),
        }
    }
}

/// The constraints a request breaks, in the order found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Violations(pub Vec<Violation>);

impl From<Violations> for ddb_model::DynamoError {
    /// A ValidationException listing the violations as DynamoDB does.
    fn from(v: Violations) -> Self {
        ddb_model::DynamoError::validation(v.message().unwrap_or_default())
    }
}

/// A pattern check: the model's pattern text and the function that matches it.
pub type Pattern = (&'static str, fn(&str) -> bool);

impl Violations {
    /// Whether nothing is broken.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// DynamoDB's ValidationException message for these violations, if any.
    pub fn message(&self) -> Option<String> {
        if self.0.is_empty() {
            return None;
        }
        let listed = &self.0[..self.0.len().min(MAX_LISTED)];
        let n = listed.len();
        let noun = if n == 1 { "error" } else { "errors" };
        let texts: Vec<String> = listed.iter().map(ToString::to_string).collect();
        Some(format!(
            "{n} validation {noun} detected: {}",
            texts.join("; ")
        ))
    }

    fn push(&mut self, value: Shown, path: &Path<'_>, constraint: Constraint) {
        self.0.push(Violation::At {
            value,
            path: path.to_string(),
            constraint,
        });
    }

    /// A required member is absent.
    pub fn null(&mut self, path: &Path<'_>) {
        self.push(Shown::Null, path, Constraint::NotNull);
    }

    /// A string's pattern, then its length in characters.
    pub fn string(
        &mut self,
        value: &str,
        path: &Path<'_>,
        min: Option<i64>,
        max: Option<i64>,
        pattern: Option<Pattern>,
    ) {
        if let Some((text, matches)) = pattern {
            if !matches(value) {
                self.push(
                    Shown::Text(value.to_string()),
                    path,
                    Constraint::Pattern(text),
                );
            }
        }
        self.length(value.chars().count(), path, min, max, || value.to_string());
    }

    fn length(
        &mut self,
        len: usize,
        path: &Path<'_>,
        min: Option<i64>,
        max: Option<i64>,
        shown: impl FnOnce() -> String,
    ) {
        let len = len as i64;
        let mut shown = Some(shown);
        let mut text = || shown.take().map(|f| f()).unwrap_or_default();
        if let Some(min) = min.filter(|&m| len < m) {
            self.push(Shown::Text(text()), path, Constraint::MinLength(min));
        } else if let Some(max) = max.filter(|&m| len > m) {
            self.push(Shown::Text(text()), path, Constraint::MaxLength(max));
        }
    }

    /// A table or index name: 3 to `max` characters of `[a-zA-Z0-9_.-]`. An empty name is
    /// reported alone, as DynamoDB shows it.
    pub fn name(&mut self, value: &str, path: &Path<'_>, max: i64) {
        if value.is_empty() {
            self.push(Shown::Empty, path, Constraint::MinLength(1));
            return;
        }
        self.string(
            value,
            path,
            Some(3),
            Some(max),
            Some((NAME_PATTERN, patterns::name_chars)),
        );
    }

    /// A table named by its name or its ARN (1 to 1024 characters).
    pub fn table_name(&mut self, value: &str, path: &Path<'_>) {
        if value.starts_with("arn:") {
            self.string(value, path, Some(1), Some(1024), None);
        } else {
            self.name(value, path, 255);
        }
    }

    /// A number's range.
    pub fn range(&mut self, value: i64, path: &Path<'_>, min: Option<i64>, max: Option<i64>) {
        if let Some(min) = min.filter(|&m| value < m) {
            self.push(
                Shown::Text(value.to_string()),
                path,
                Constraint::MinValue(min),
            );
        } else if let Some(max) = max.filter(|&m| value > m) {
            self.push(
                Shown::Text(value.to_string()),
                path,
                Constraint::MaxValue(max),
            );
        }
    }

    /// A list's or map's number of members.
    pub fn size(
        &mut self,
        len: usize,
        path: &Path<'_>,
        min: Option<i64>,
        max: Option<i64>,
        shown: impl FnOnce() -> String,
    ) {
        self.length(len, path, min, max, shown);
    }

    /// An enum member holding a value outside the enum.
    pub fn enum_value<E: WireEnum>(&mut self, value: &EnumValue<E>, path: &Path<'_>) {
        if let EnumValue::Unknown(text) = value {
            self.push(Shown::Text(text.clone()), path, Constraint::Enum(E::SHOWN));
        }
    }

    /// `ReturnValues` outside its enum, worded as DynamoDB words it.
    pub fn bare_enum<E: WireEnum>(&mut self, value: &EnumValue<E>) {
        if matches!(value, EnumValue::Unknown(_)) {
            self.0.push(Violation::ReturnValues);
        }
    }

    /// The keys of a map keyed by table: each a name or an ARN. One violation for the map,
    /// listing the key constraints.
    pub fn table_keys<'k>(
        &mut self,
        keys: impl Iterator<Item = &'k str>,
        path: &Path<'_>,
        shown: impl FnOnce() -> String,
    ) {
        let mut bad_name = false;
        let mut bad_arn = false;
        for key in keys {
            let mut v = Violations::default();
            v.table_name(key, &Path::Root);
            if !v.is_empty() {
                if key.starts_with("arn:") {
                    bad_arn = true;
                } else {
                    bad_name = true;
                }
            }
        }
        if bad_name {
            self.push(
                Shown::Text(shown()),
                path,
                Constraint::MapKeys(vec![
                    Constraint::MaxLength(255),
                    Constraint::MinLength(3),
                    Constraint::Pattern(NAME_PATTERN),
                ]),
            );
        } else if bad_arn {
            self.push(
                Shown::Text(shown()),
                path,
                Constraint::MapKeys(vec![Constraint::MaxLength(1024), Constraint::MinLength(1)]),
            );
        }
    }

    /// The keys of a map, by length: one violation for the map, listing the key constraints.
    pub fn map_keys<'k>(
        &mut self,
        mut keys: impl Iterator<Item = &'k str>,
        path: &Path<'_>,
        min: Option<i64>,
        max: Option<i64>,
        shown: impl FnOnce() -> String,
    ) {
        if keys.any(|k| out_of(k.chars().count(), min, max)) {
            self.push(
                Shown::Text(shown()),
                path,
                Constraint::MapKeys(bounds(min, max)),
            );
        }
    }

    /// The values of a map, by length: one violation for the map, listing the constraints.
    pub fn map_values(
        &mut self,
        mut lens: impl Iterator<Item = usize>,
        path: &Path<'_>,
        min: Option<i64>,
        max: Option<i64>,
        shown: impl FnOnce() -> String,
    ) {
        if lens.any(|n| out_of(n, min, max)) {
            self.push(
                Shown::Text(shown()),
                path,
                Constraint::MapValues(bounds(min, max)),
            );
        }
    }
}

/// The pattern of table and index names.
pub const NAME_PATTERN: &str = "[a-zA-Z0-9_.-]+";

fn out_of(len: usize, min: Option<i64>, max: Option<i64>) -> bool {
    let len = len as i64;
    min.is_some_and(|m| len < m) || max.is_some_and(|m| len > m)
}

/// Length bounds as DynamoDB lists them for map keys and values: the maximum first.
fn bounds(min: Option<i64>, max: Option<i64>) -> Vec<Constraint> {
    let mut list = Vec::new();
    if let Some(max) = max {
        list.push(Constraint::MaxLength(max));
    }
    if let Some(min) = min {
        list.push(Constraint::MinLength(min));
    }
    list
}

/// A request (or part of one) whose constraints can be checked.
pub trait Validate {
    /// Appends the violations of this value, which sits at `path`, to `v`.
    fn validate_at(&self, path: &Path<'_>, v: &mut Violations);

    /// Every violation of this request, in DynamoDB's order.
    fn violations(&self) -> Violations {
        let mut v = Violations::default();
        self.validate_at(&Path::Root, &mut v);
        v
    }
}

/// A decoded structure with a validated form in [`crate::valid`] (implemented by every
/// structure reachable from a request).
pub trait IntoValid: Validate + Sized {
    /// The validated form: required members without `Option`, enums as Rust enums.
    type Valid;

    /// Moves the members into the validated form. Meant to run once
    /// [`Validate::validate_at`] found nothing: a required member still absent or an enum
    /// value still unknown (which the checks would have reported) is recorded in `v` and
    /// gives `None`.
    fn into_valid_at(self, path: &Path<'_>, v: &mut Violations) -> Option<Self::Valid>;
}

/// Checks `value` ([`Validate::violations`]) and, when it breaks nothing, moves it into its
/// validated form.
pub fn into_valid<T: IntoValid>(value: T) -> Result<T::Valid, Violations> {
    let violations = value.violations();
    if !violations.is_empty() {
        return Err(violations);
    }
    let mut v = Violations::default();
    match value.into_valid_at(&Path::Root, &mut v) {
        Some(valid) if v.is_empty() => Ok(valid),
        _ => Err(v),
    }
}

/// A required member's value, or a `null` violation at `path`.
pub fn present<T>(value: Option<T>, path: &Path<'_>, v: &mut Violations) -> Option<T> {
    if value.is_none() {
        v.null(path);
    }
    value
}

/// An enum member's value, or its enum violation at `path`.
pub fn known<E: WireEnum>(value: EnumValue<E>, path: &Path<'_>, v: &mut Violations) -> Option<E> {
    let known = value.known();
    if known.is_none() {
        v.enum_value(&value, path);
    }
    known
}

/// An enum member's value, or its violation in DynamoDB's bare wording (`ReturnValues`).
pub fn known_bare<E: WireEnum>(value: EnumValue<E>, v: &mut Violations) -> Option<E> {
    let known = value.known();
    if known.is_none() {
        v.bare_enum(&value);
    }
    known
}

/// Whole-string matchers for the patterns of the service models, one per pattern (the
/// generator refuses a pattern with no matcher here). Each says whether Java's
/// `String.matches` would accept the text.
pub mod patterns {
    fn all(s: &str, f: impl Fn(char) -> bool) -> bool {
        s.chars().all(f)
    }

    /// `[a-zA-Z0-9_.-]+`
    pub fn name_chars(s: &str) -> bool {
        !s.is_empty() && all(s, |c| c.is_ascii_alphanumeric() || "_.-".contains(c))
    }

    /// `\p{Print}+` (Java's `Print` is ASCII `0x20` to `0x7E`).
    pub fn printable(s: &str) -> bool {
        !s.is_empty() && all(s, |c| (' '..='~').contains(&c))
    }

    /// `[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\r\n\t]*`: the characters XML
    /// allows.
    pub fn xml_chars(s: &str) -> bool {
        all(s, |c| {
            matches!(c, '\r' | '\n' | '\t')
                || ('\u{20}'..='\u{D7FF}').contains(&c)
                || ('\u{E000}'..='\u{FFFD}').contains(&c)
                || c >= '\u{10000}'
        })
    }

    /// `([0-9a-f]{16})+`
    pub fn hex16_blocks(s: &str) -> bool {
        !s.is_empty()
            && s.len().is_multiple_of(16)
            && all(s, |c| c.is_ascii_digit() || ('a'..='f').contains(&c))
    }

    /// `^[^\$]+$`
    pub fn no_dollar(s: &str) -> bool {
        !s.is_empty() && !s.contains('$')
    }

    /// `[A-Za-z0-9][A-Za-z0-9\-\_\.]{0,126}[A-Za-z0-9]`
    pub fn contributor_insights_rule(s: &str) -> bool {
        let chars: Vec<char> = s.chars().collect();
        let n = chars.len();
        (2..=128).contains(&n)
            && chars[0].is_ascii_alphanumeric()
            && chars[n - 1].is_ascii_alphanumeric()
            && chars
                .iter()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c))
    }

    /// `[,;:|\t ]`
    pub fn csv_delimiter(s: &str) -> bool {
        let mut chars = s.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if ",;:|\t ".contains(c))
    }

    /// `[\x20-\x21\x23-\x2B\x2D-\x7E]*`: printable ASCII but `"` and `,`.
    pub fn csv_header(s: &str) -> bool {
        all(s, |c| (' '..='~').contains(&c) && c != '"' && c != ',')
    }

    /// `^[a-z0-9A-Z]+[\.\-\w]*[a-z0-9A-Z]+$`
    pub fn s3_bucket(s: &str) -> bool {
        let chars: Vec<char> = s.chars().collect();
        let n = chars.len();
        n >= 2
            && chars[0].is_ascii_alphanumeric()
            && chars[n - 1].is_ascii_alphanumeric()
            && chars
                .iter()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(*c))
    }

    /// `[0-9]{12}`
    pub fn twelve_digits(s: &str) -> bool {
        s.len() == 12 && all(s, |c| c.is_ascii_digit())
    }

    /// `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`
    pub fn uuid(s: &str) -> bool {
        let groups: Vec<&str> = s.split('-').collect();
        groups.len() == 5
            && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| {
                g.len() == n && all(g, |c| c.is_ascii_digit() || ('a'..='f').contains(&c))
            })
    }
}
