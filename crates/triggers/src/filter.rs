//! Lambda event filtering (`FilterCriteria`) as applied to DynamoDB stream records.
//!
//! A record reaches the function when any pattern matches and is dropped otherwise. Patterns
//! see the record as the function receives it, so attributes are `dynamodb.NewImage.<attr>.<TYPE>`
//! (leaving out the type descriptor never matches); top-level `eventName` and `userIdentity`
//! filter too.
//!
//! Sources, paraphrased:
//! - Lambda Developer Guide, "Control which events Lambda sends to your function"
//!   (`lambda/latest/dg/invocation-eventfiltering.html`): filters are ORed, 5 per mapping by
//!   default, a `Pattern` is JSON of at most 4096 characters; the operator table (null, empty,
//!   equals, equals-ignore-case, and, or, `$or`, anything-but, numeric, exists, prefix, suffix);
//!   matching is exact, with no normalisation.
//! - Same guide, "Using event filtering with a DynamoDB event source"
//!   (`lambda/latest/dg/with-ddb-filtering.html`): `N` values are strings, so numeric operators
//!   never match them; `exists` works only on leaf nodes.
//! - EventBridge User Guide, "Content filtering" and "Comparison operators"
//!   (`eventbridge/latest/userguide/eb-create-pattern-operators.html`), the engine Lambda shares:
//!   prefix/suffix with equals-ignore-case, the forms of anything-but, and that an array in the
//!   event matches when any element does.
//! - `aws/event-ruler` (`JsonRuleCompiler.java`, `ByteMachine.java`, `Range.java`), that engine's
//!   source: which patterns are malformed, and that anything-but only excludes values of its own
//!   type (`{"anything-but": [101]}` lets the string `"101"` through).
//! - LocalStack's AWS-validated DynamoDB Streams tests (`stream-triggers.md` §2): on AWS
//!   `{"N": [{"numeric": [">", 100]}]}` missed `"101"`, `{"x": [{"exists": false}]}` matched a
//!   present map `x`, and top-level `eventName` filters worked.

use serde_json::{Map, Value};

/// Default per-mapping quota; AWS raises it to 10 only on request.
const MAX_FILTERS: usize = 5;
/// Length limit of one `Pattern` string in the Lambda API model.
const MAX_PATTERN_CHARS: usize = 4096;
const OR_KEY: &str = "$or";

type Parsed<T> = Result<T, FilterError>;

/// A parsed FilterCriteria: the record passes when any pattern matches (an empty list passes
/// everything).
#[derive(Debug, Clone, Default)]
pub struct Filters {
    patterns: Vec<Pattern>,
}

/// Why a `FilterCriteria` was refused when the mapping was created or updated.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum FilterError {
    /// A pattern is not valid JSON.
    #[error("Invalid filter pattern definition.")]
    NotJson,
    /// A pattern is valid JSON but not an object.
    #[error("Invalid filter pattern definition.")]
    NotObject,
    /// A pattern uses an operator this engine does not know (the name is kept for logs).
    #[error("Invalid filter pattern definition.")]
    UnknownOperator(String),
    /// A pattern's structure or an operator's operand is invalid (the reason is kept for logs).
    #[error("Invalid filter pattern definition.")]
    Malformed(String),
    /// More filters than the default quota allows.
    #[error("The number of filters ({0}) exceeds the limit of 5.")]
    TooManyFilters(usize),
    /// A pattern is longer than the API allows; `index` is 1-based as in AWS validation messages.
    #[error(
        "1 validation error detected: Value at 'filterCriteria.filters.{index}.member.pattern' \
         failed to satisfy constraint: Member must have length less than or equal to 4096"
    )]
    PatternTooLong {
        /// 1-based position of the pattern in `Filters`.
        index: usize,
        /// Its length in characters.
        len: usize,
    },
}

impl Filters {
    /// From the `Pattern` strings of `FilterCriteria.Filters` (each a JSON text).
    pub fn parse(patterns: &[String]) -> Result<Filters, FilterError> {
        if patterns.len() > MAX_FILTERS {
            return Err(FilterError::TooManyFilters(patterns.len()));
        }
        let mut parsed = Vec::with_capacity(patterns.len());
        for (i, text) in patterns.iter().enumerate() {
            let len = text.chars().count();
            if len > MAX_PATTERN_CHARS {
                return Err(FilterError::PatternTooLong { index: i + 1, len });
            }
            let json: Value = serde_json::from_str(text).map_err(|_| FilterError::NotJson)?;
            let Value::Object(obj) = json else {
                return Err(FilterError::NotObject);
            };
            let mut pattern = Pattern::default();
            parse_object(&obj, &[], &mut pattern)?;
            parsed.push(pattern);
        }
        Ok(Filters { patterns: parsed })
    }

    /// Whether the event record (the Lambda-event JSON form of one stream record) passes.
    pub fn matches(&self, record: &Value) -> bool {
        self.patterns.is_empty() || self.patterns.iter().any(|p| p.matches(record))
    }

    /// Whether there are no patterns (everything passes).
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }
}

/// One pattern, flattened: nested objects become paths, so matching is a walk per leaf rather
/// than a parallel walk of two trees. `$or` stays a tree because expanding it into branches grows
/// exponentially with nesting.
#[derive(Debug, Clone, Default)]
struct Pattern {
    leaves: Vec<Leaf>,
    /// Each group needs one branch to match; branches carry absolute paths.
    ors: Vec<Vec<Pattern>>,
}

#[derive(Debug, Clone)]
struct Leaf {
    path: Vec<String>,
    /// ORed: the field matches when any rule does.
    rules: Vec<Rule>,
}

#[derive(Debug, Clone)]
enum Rule {
    /// A literal string, number, boolean or null, compared by type and exact form.
    Exact(Value),
    /// Stored lowercased.
    EqualsIgnoreCase(String),
    Prefix(Affix),
    Suffix(Affix),
    /// Passes values that none of these (exact, numeric =, prefix, suffix, equals-ignore-case)
    /// match, so a value of another type is never excluded.
    AnythingBut(Vec<Rule>),
    /// One comparison, or a lower bound followed by an upper bound.
    Numeric(Vec<(Cmp, f64)>),
    Exists(bool),
}

/// Operand of prefix/suffix; `text` is stored lowercased when `ignore_case`.
#[derive(Debug, Clone)]
struct Affix {
    text: String,
    ignore_case: bool,
}

#[derive(Debug, Clone, Copy)]
enum Cmp {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

fn malformed(reason: &str) -> FilterError {
    FilterError::Malformed(reason.to_string())
}

fn parse_object(obj: &Map<String, Value>, prefix: &[String], out: &mut Pattern) -> Parsed<()> {
    if obj.is_empty() {
        return Err(malformed("empty object"));
    }
    for (key, value) in obj {
        if key == OR_KEY {
            out.ors.push(parse_or(value, prefix)?);
            continue;
        }
        let mut path = prefix.to_vec();
        path.push(key.clone());
        match value {
            Value::Object(inner) => parse_object(inner, &path, out)?,
            Value::Array(items) => {
                let rules = parse_rules(items)?;
                out.leaves.push(Leaf { path, rules });
            }
            _ => return Err(malformed("field value is neither object nor array")),
        }
    }
    Ok(())
}

fn parse_or(value: &Value, prefix: &[String]) -> Parsed<Vec<Pattern>> {
    let Value::Array(items) = value else {
        return Err(malformed("$or must be an array"));
    };
    // A one-branch $or is meaningless and the engine rejects it.
    if items.len() < 2 {
        return Err(malformed("$or needs at least two objects"));
    }
    items
        .iter()
        .map(|item| {
            let Value::Object(obj) = item else {
                return Err(malformed("$or members must be objects"));
            };
            let mut branch = Pattern::default();
            parse_object(obj, prefix, &mut branch)?;
            Ok(branch)
        })
        .collect()
}

fn parse_rules(items: &[Value]) -> Parsed<Vec<Rule>> {
    if items.is_empty() {
        return Err(malformed("empty array"));
    }
    items
        .iter()
        .map(|item| match item {
            Value::Object(op) => parse_operator(op),
            Value::Array(_) => Err(malformed("nested array")),
            scalar => Ok(Rule::Exact(scalar.clone())),
        })
        .collect()
}

fn parse_operator(op: &Map<String, Value>) -> Parsed<Rule> {
    let mut entries = op.iter();
    let (Some((name, arg)), None) = (entries.next(), entries.next()) else {
        return Err(malformed("match expression needs exactly one key"));
    };
    match name.as_str() {
        "prefix" => parse_affix(arg).map(Rule::Prefix),
        "suffix" => parse_affix(arg).map(Rule::Suffix),
        "equals-ignore-case" => match arg {
            Value::String(s) => Ok(Rule::EqualsIgnoreCase(s.to_lowercase())),
            _ => Err(malformed("equals-ignore-case takes a string")),
        },
        "anything-but" => parse_anything_but(arg).map(Rule::AnythingBut),
        "numeric" => parse_numeric(arg).map(Rule::Numeric),
        "exists" => match arg {
            Value::Bool(b) => Ok(Rule::Exists(*b)),
            _ => Err(malformed("exists takes true or false")),
        },
        // wildcard and cidr exist in EventBridge but Lambda documents neither.
        other => Err(FilterError::UnknownOperator(other.to_string())),
    }
}

/// Operand of prefix/suffix: a string, or `{"equals-ignore-case": string}`.
fn parse_affix(arg: &Value) -> Parsed<Affix> {
    let (text, ignore_case) = match arg {
        Value::String(s) => (s.clone(), false),
        Value::Object(inner) if inner.len() == 1 => match inner.get("equals-ignore-case") {
            Some(Value::String(s)) => (s.to_lowercase(), true),
            _ => return Err(malformed("bad prefix/suffix object")),
        },
        _ => return Err(malformed("prefix/suffix takes a string")),
    };
    Ok(Affix { text, ignore_case })
}

fn parse_anything_but(arg: &Value) -> Parsed<Vec<Rule>> {
    match arg {
        Value::String(_) | Value::Number(_) => parse_exclusion_list(std::slice::from_ref(arg)),
        Value::Array(items) => parse_exclusion_list(items),
        Value::Object(inner) => {
            let mut entries = inner.iter();
            let (Some((name, value)), None) = (entries.next(), entries.next()) else {
                return Err(malformed("anything-but object needs exactly one key"));
            };
            let affix = |s: &str| Affix {
                text: s.to_string(),
                ignore_case: false,
            };
            match (name.as_str(), value.as_str()) {
                // An empty affix would exclude every string, which the engine refuses.
                ("prefix", Some(s)) if !s.is_empty() => Ok(vec![Rule::Prefix(affix(s))]),
                ("suffix", Some(s)) if !s.is_empty() => Ok(vec![Rule::Suffix(affix(s))]),
                ("prefix" | "suffix", _) => Err(malformed("empty or non-string affix")),
                ("equals-ignore-case", _) => parse_ignore_case_list(value),
                (other, _) => Err(FilterError::UnknownOperator(format!(
                    "anything-but/{other}"
                ))),
            }
        }
        _ => Err(malformed("bad anything-but operand")),
    }
}

/// The engine refuses mixed lists, so a list is all strings or all numbers. Numbers are
/// excluded by value (300 also excludes 300.0), unlike exact matching.
fn parse_exclusion_list(items: &[Value]) -> Parsed<Vec<Rule>> {
    let strings = items.iter().all(Value::is_string);
    if items.is_empty() || !(strings || items.iter().all(Value::is_number)) {
        return Err(malformed("anything-but list is empty or mixes types"));
    }
    let exclude = |v: &Value| match v.as_number() {
        Some(n) => Ok(Rule::Numeric(vec![(Cmp::Eq, number(n)?)])),
        None => Ok(Rule::Exact(v.clone())),
    };
    items.iter().map(exclude).collect()
}

fn parse_ignore_case_list(value: &Value) -> Parsed<Vec<Rule>> {
    let items = match value {
        Value::String(_) => std::slice::from_ref(value),
        Value::Array(items) if !items.is_empty() => items.as_slice(),
        _ => return Err(malformed("bad anything-but equals-ignore-case operand")),
    };
    let rule = |v: &Value| match v.as_str() {
        Some(s) => Ok(Rule::EqualsIgnoreCase(s.to_lowercase())),
        None => Err(malformed("not a string")),
    };
    items.iter().map(rule).collect()
}

fn number(n: &serde_json::Number) -> Parsed<f64> {
    n.as_f64().ok_or_else(|| malformed("number out of range"))
}

fn parse_numeric(arg: &Value) -> Parsed<Vec<(Cmp, f64)>> {
    let Value::Array(items) = arg else {
        return Err(malformed("numeric takes an array"));
    };
    let term = |i: usize| -> Parsed<(Cmp, f64)> {
        let op = match items.get(i).and_then(Value::as_str) {
            Some("=") => Cmp::Eq,
            Some("<") => Cmp::Lt,
            Some("<=") => Cmp::Le,
            Some(">") => Cmp::Gt,
            Some(">=") => Cmp::Ge,
            _ => return Err(malformed("bad numeric operator")),
        };
        match items.get(i + 1) {
            Some(Value::Number(n)) => Ok((op, number(n)?)),
            _ => Err(malformed("numeric operand must be a number")),
        }
    };
    match items.len() {
        2 => Ok(vec![term(0)?]),
        4 => {
            let (low, high) = (term(0)?, term(2)?);
            // The engine takes only "> or >=" then "< or <=", with the bottom below the top.
            let lower = matches!(low.0, Cmp::Gt | Cmp::Ge);
            if !lower || !matches!(high.0, Cmp::Lt | Cmp::Le) || low.1 >= high.1 {
                return Err(malformed(
                    "numeric range is not a lower then a higher bound",
                ));
            }
            Ok(vec![low, high])
        }
        _ => Err(malformed("numeric takes one or two comparisons")),
    }
}

impl Pattern {
    fn matches(&self, record: &Value) -> bool {
        let branch_matches = |group: &Vec<Pattern>| group.iter().any(|b| b.matches(record));
        self.leaves.iter().all(|leaf| leaf.matches(record)) && self.ors.iter().all(branch_matches)
    }
}

impl Leaf {
    fn matches(&self, record: &Value) -> bool {
        let mut values = Vec::new();
        collect_leaves(record, &self.path, &mut values);
        self.rules.iter().any(|rule| rule.matches(&values))
    }
}

/// The scalar values at `path`. Arrays fan out at every level, as the engine flattens events;
/// objects and missing fields contribute nothing, which is why `exists` only sees leaf nodes.
fn collect_leaves<'a>(value: &'a Value, path: &[String], out: &mut Vec<&'a Value>) {
    if let Value::Array(items) = value {
        for item in items {
            collect_leaves(item, path, out);
        }
        return;
    }
    match path.split_first() {
        None if !value.is_object() => out.push(value),
        None => {}
        Some((head, rest)) => {
            if let Some(child) = value.get(head.as_str()) {
                collect_leaves(child, rest, out);
            }
        }
    }
}

impl Rule {
    fn matches(&self, values: &[&Value]) -> bool {
        match self {
            Rule::Exists(wanted) => values.is_empty() != *wanted,
            _ => values.iter().any(|value| self.matches_value(value)),
        }
    }

    fn matches_value(&self, value: &Value) -> bool {
        let text = value.as_str();
        match self {
            // Value equality is type-aware and keeps 300 apart from 300.0, as AWS does.
            Rule::Exact(want) => value == want,
            Rule::EqualsIgnoreCase(want) => text.is_some_and(|s| s.to_lowercase() == *want),
            Rule::Prefix(affix) => text.is_some_and(|s| affix.fold(s).starts_with(&affix.text)),
            Rule::Suffix(affix) => text.is_some_and(|s| affix.fold(s).ends_with(&affix.text)),
            Rule::AnythingBut(excluded) => !excluded.iter().any(|rule| rule.matches_value(value)),
            // Only JSON numbers compare: N attribute values are strings and never match.
            Rule::Numeric(bounds) => {
                let within = |n: f64| bounds.iter().all(|&(op, bound)| compare(n, op, bound));
                value.as_f64().is_some_and(within)
            }
            Rule::Exists(_) => false,
        }
    }
}

impl Affix {
    fn fold<'a>(&self, s: &'a str) -> std::borrow::Cow<'a, str> {
        if self.ignore_case {
            s.to_lowercase().into()
        } else {
            s.into()
        }
    }
}

fn compare(n: f64, op: Cmp, bound: f64) -> bool {
    match op {
        Cmp::Eq => n == bound,
        Cmp::Lt => n < bound,
        Cmp::Le => n <= bound,
        Cmp::Gt => n > bound,
        Cmp::Ge => n >= bound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A record in the Lambda event shape, and the patterns to try on it.
    struct Rec(Value);

    impl Rec {
        fn new() -> Rec {
            Rec(json!({
                "eventID": "1", "eventName": "INSERT", "eventSource": "aws:dynamodb",
                "dynamodb": {
                    "ApproximateCreationDateTime": 1700000000, "SizeBytes": 300,
                    "Keys": {"pk": {"S": "MSG#1"}},
                    "NewImage": {
                        "pk": {"S": "MSG#1"}, "n": {"N": "101"}, "flag": {"BOOL": true},
                        "title": {"S": "Hello World"}, "gone": {"NULL": true}, "e": {"S": ""},
                        "tags": {"SS": ["red", "blue"]}, "list": {"L": [{"S": "a"}, {"N": "1"}]},
                        "meta": {"M": {"kind": {"S": "note"}}}
                    }
                }
            }))
        }

        /// Whether `pattern`, the only filter, passes the record.
        fn hit(&self, pattern: &str) -> bool {
            let filters = Filters::parse(&[pattern.to_string()]).unwrap();
            filters.matches(&self.0)
        }

        /// As `hit`, with `pattern` placed under `dynamodb.NewImage`.
        fn img(&self, pattern: &str) -> bool {
            self.hit(&format!(r#"{{"dynamodb": {{"NewImage": {pattern}}}}}"#))
        }

        /// As `hit`, with `rules` on `dynamodb.SizeBytes` (the JSON number 300).
        fn size(&self, rules: &str) -> bool {
            self.hit(&format!(r#"{{"dynamodb": {{"SizeBytes": {rules}}}}}"#))
        }
    }

    fn parse_err(pattern: &str) -> FilterError {
        Filters::parse(&[pattern.to_string()]).unwrap_err()
    }

    #[test]
    fn empty_criteria_passes_everything() {
        let f = Filters::parse(&[]).unwrap();
        assert!(f.is_empty());
        assert!(f.matches(&Rec::new().0) && f.matches(&json!({})));
        let one = Filters::parse(&[r#"{"eventName": ["INSERT"]}"#.to_string()]).unwrap();
        assert!(!one.is_empty());
    }

    #[test]
    fn exact_string_needs_the_type_descriptor() {
        let r = Rec::new();
        assert!(r.hit(r#"{"dynamodb": {"Keys": {"pk": {"S": ["MSG#1"]}}}}"#));
        assert!(!r.hit(r#"{"dynamodb": {"Keys": {"pk": {"S": ["MSG#2"]}}}}"#));
        assert!(!r.hit(r#"{"dynamodb": {"Keys": {"pk": ["MSG#1"]}}}"#));
        assert!(!r.img(r#"{"pk": {"N": ["MSG#1"]}}"#));
    }

    #[test]
    fn fields_are_anded() {
        let r = Rec::new();
        assert!(r.img(r#"{"flag": {"BOOL": [true]}, "pk": {"S": ["MSG#1"]}}"#));
        assert!(!r.img(r#"{"flag": {"BOOL": [false]}, "pk": {"S": ["MSG#1"]}}"#));
        let p = r#"{"eventName": ["MODIFY"], "dynamodb": {"Keys": {"pk": {"S": ["MSG#1"]}}}}"#;
        assert!(!r.hit(p));
    }

    #[test]
    fn values_in_a_list_are_ored() {
        let r = Rec::new();
        assert!(r.img(r#"{"pk": {"S": ["MSG#9", "MSG#1"]}}"#));
        assert!(!r.img(r#"{"pk": {"S": ["MSG#9", "MSG#8"]}}"#));
    }

    #[test]
    fn filters_are_ored() {
        let r = Rec::new();
        let remove = r#"{"eventName": ["REMOVE"]}"#.to_string();
        let key = r#"{"dynamodb": {"Keys": {"pk": {"S": ["MSG#1"]}}}}"#.to_string();
        let modify = r#"{"eventName": ["MODIFY"]}"#.to_string();
        let either = Filters::parse(&[remove.clone(), key]).unwrap();
        assert!(either.matches(&r.0));
        let neither = Filters::parse(&[remove, modify]).unwrap();
        assert!(!neither.matches(&r.0));
    }

    #[test]
    fn dollar_or_across_fields() {
        let r = Rec::new();
        assert!(r.img(r#"{"$or": [{"pk": {"S": ["nope"]}}, {"flag": {"BOOL": [true]}}]}"#));
        assert!(!r.img(r#"{"$or": [{"pk": {"S": ["nope"]}}, {"flag": {"BOOL": [false]}}]}"#));
        let p = r#"{"$or": [{"eventName": ["REMOVE"]}, {"dynamodb": {"SizeBytes": [300]}}]}"#;
        assert!(r.hit(p));
    }

    #[test]
    fn missing_fields_never_match_value_rules() {
        let r = Rec::new();
        assert!(!r.img(r#"{"absent": {"S": ["x"]}}"#));
        assert!(!r.img(r#"{"absent": {"S": [{"prefix": ""}]}}"#));
        assert!(!r.img(r#"{"absent": {"S": [{"anything-but": "x"}]}}"#));
        assert!(!r.hit(r#"{"dynamodb": {"OldImage": {"pk": {"S": [{"anything-but": "x"}]}}}}"#));
    }

    #[test]
    fn prefix_on_partition_key() {
        let r = Rec::new();
        assert!(r.hit(r#"{"dynamodb": {"Keys": {"pk": {"S": [{"prefix": "MSG#"}]}}}}"#));
        assert!(!r.hit(r#"{"dynamodb": {"Keys": {"pk": {"S": [{"prefix": "msg#"}]}}}}"#));
        assert!(r.img(r#"{"pk": {"S": [{"prefix": {"equals-ignore-case": "msg#"}}]}}"#));
        // A string operator: BOOL true is not the text "true".
        assert!(!r.img(r#"{"flag": {"BOOL": [{"prefix": "t"}]}}"#));
    }

    #[test]
    fn suffix_and_equals_ignore_case() {
        let r = Rec::new();
        assert!(r.img(r#"{"title": {"S": [{"suffix": "World"}]}}"#));
        assert!(!r.img(r#"{"title": {"S": [{"suffix": "WORLD"}]}}"#));
        assert!(r.img(r#"{"title": {"S": [{"suffix": {"equals-ignore-case": "WORLD"}}]}}"#));
        assert!(r.img(r#"{"title": {"S": [{"equals-ignore-case": "hello world"}]}}"#));
        assert!(!r.img(r#"{"title": {"S": [{"equals-ignore-case": "hello"}]}}"#));
    }

    #[test]
    fn anything_but_single_list_and_ignoring_case() {
        let r = Rec::new();
        assert!(r.img(r#"{"pk": {"S": [{"anything-but": "MSG#2"}]}}"#));
        assert!(!r.img(r#"{"pk": {"S": [{"anything-but": "MSG#1"}]}}"#));
        assert!(!r.img(r#"{"pk": {"S": [{"anything-but": ["MSG#2", "MSG#1"]}]}}"#));
        assert!(!r.img(r#"{"pk": {"S": [{"anything-but": {"equals-ignore-case": "msg#1"}}]}}"#));
        assert!(r.hit(r#"{"eventName": [{"anything-but": ["REMOVE", "MODIFY"]}]}"#));
    }

    #[test]
    fn anything_but_prefix_and_suffix() {
        let r = Rec::new();
        assert!(!r.img(r#"{"pk": {"S": [{"anything-but": {"prefix": "MSG#"}}]}}"#));
        assert!(r.img(r#"{"pk": {"S": [{"anything-but": {"prefix": "USER#"}}]}}"#));
        assert!(!r.img(r#"{"title": {"S": [{"anything-but": {"suffix": "World"}}]}}"#));
        assert!(r.img(r#"{"title": {"S": [{"anything-but": {"suffix": "world"}}]}}"#));
    }

    #[test]
    fn numeric_operators_never_match_n_strings() {
        let r = Rec::new();
        assert!(!r.img(r#"{"n": {"N": [{"numeric": [">", 100]}]}}"#));
        assert!(!r.img(r#"{"n": {"N": [{"numeric": ["=", 101]}]}}"#));
        assert!(!r.img(r#"{"n": {"N": [101]}}"#));
        assert!(r.img(r#"{"n": {"N": ["101"]}}"#));
        // A numeric exclusion cannot exclude the string "101" either.
        assert!(r.img(r#"{"n": {"N": [{"anything-but": [101]}]}}"#));
        assert!(!r.img(r#"{"n": {"N": [{"anything-but": ["101"]}]}}"#));
    }

    #[test]
    fn numeric_comparisons_on_json_numbers() {
        let r = Rec::new();
        assert!(r.size(r#"[{"numeric": ["=", 300]}]"#));
        assert!(r.size(r#"[{"numeric": [">", 10, "<=", 300]}]"#));
        assert!(!r.size(r#"[{"numeric": [">", 10, "<", 300]}]"#));
        assert!(r.size(r#"[{"numeric": [">=", 300]}]"#));
        assert!(!r.size(r#"[{"numeric": ["<", 300]}]"#));
        assert!(r.size(r#"[{"numeric": ["<=", 3e2]}]"#));
        assert!(!r.size(r#"[{"anything-but": [300.0]}]"#));
    }

    #[test]
    fn exact_numbers_are_not_normalised() {
        let r = Rec::new();
        assert!(r.size("[300]"));
        assert!(!r.size("[300.0]"));
        assert!(!r.size(r#"["300"]"#));
    }

    #[test]
    fn exists_at_leaves() {
        let r = Rec::new();
        assert!(r.img(r#"{"pk": {"S": [{"exists": true}]}}"#));
        assert!(!r.img(r#"{"pk": {"S": [{"exists": false}]}}"#));
        assert!(r.img(r#"{"absent": {"S": [{"exists": false}]}}"#));
        assert!(!r.img(r#"{"absent": {"S": [{"exists": true}]}}"#));
        // ORed with a value: absent, or "x".
        assert!(r.img(r#"{"absent": {"S": ["x", {"exists": false}]}}"#));
    }

    #[test]
    fn exists_on_non_leaves_sees_nothing() {
        let r = Rec::new();
        assert!(!r.img(r#"{"pk": [{"exists": true}]}"#));
        assert!(r.img(r#"{"pk": [{"exists": false}]}"#));
        assert!(r.hit(r#"{"dynamodb": {"NewImage": [{"exists": false}]}}"#));
    }

    #[test]
    fn null_empty_string_and_booleans() {
        let r = Rec(json!({"eventName": "INSERT", "userIdentity": null}));
        assert!(r.hit(r#"{"userIdentity": [null]}"#));
        assert!(!r.hit(r#"{"eventName": [null]}"#));
        assert!(!r.hit(r#"{"absent": [null]}"#));
        let r = Rec::new();
        assert!(r.img(r#"{"e": {"S": [""]}}"#));
        assert!(!r.img(r#"{"e": {"S": [null]}}"#));
        assert!(r.img(r#"{"gone": {"NULL": [true]}}"#));
        assert!(!r.img(r#"{"flag": {"BOOL": ["true"]}}"#));
    }

    #[test]
    fn arrays_in_the_event_match_when_any_element_does() {
        let r = Rec::new();
        assert!(r.img(r#"{"tags": {"SS": ["blue"]}}"#));
        assert!(!r.img(r#"{"tags": {"SS": ["green"]}}"#));
        assert!(r.img(r#"{"list": {"L": {"S": ["a"]}}}"#));
        assert!(r.img(r#"{"meta": {"M": {"kind": {"S": ["note"]}}}}"#));
    }

    #[test]
    fn event_name_filters() {
        let mut r = Rec::new();
        assert!(r.hit(r#"{"eventName": ["INSERT", "MODIFY"]}"#));
        r.0["eventName"] = json!("REMOVE");
        assert!(!r.hit(r#"{"eventName": ["INSERT", "MODIFY"]}"#));
    }

    #[test]
    fn ttl_deletes_by_user_identity() {
        let ttl = r#"{"eventName": ["REMOVE"],
            "userIdentity": {"type": ["Service"], "principalId": ["dynamodb.amazonaws.com"]}}"#;
        let mut r = Rec::new();
        r.0["eventName"] = json!("REMOVE");
        assert!(!r.hit(ttl), "a user's delete has no userIdentity");
        r.0["userIdentity"] = json!({"type": "Service", "principalId": "dynamodb.amazonaws.com"});
        assert!(r.hit(ttl));
        assert!(!r.hit(r#"{"userIdentity": {"type": [{"exists": false}]}}"#));
    }

    #[test]
    fn non_json_and_non_object_patterns_are_refused() {
        use FilterError::{NotJson, NotObject};
        assert_eq!(parse_err(r#"{"eventName": ["INSERT""#), NotJson);
        assert_eq!(parse_err(""), NotJson);
        assert_eq!(parse_err(r#"["INSERT"]"#), NotObject);
        assert_eq!(parse_err(r#""INSERT""#), NotObject);
    }

    #[test]
    fn unknown_operators_are_refused() {
        for (pattern, op) in [
            (r#"{"a": [{"wildcard": "x*"}]}"#, "wildcard"),
            (r#"{"a": [{"cidr": "10.0.0.0/8"}]}"#, "cidr"),
            (r#"{"a": [{"contains": "x"}]}"#, "contains"),
            (
                r#"{"a": [{"anything-but": {"wildcard": "x*"}}]}"#,
                "anything-but/wildcard",
            ),
        ] {
            let want = FilterError::UnknownOperator(op.into());
            assert_eq!(parse_err(pattern), want, "{pattern}");
        }
    }

    #[test]
    fn malformed_patterns_are_refused() {
        for pattern in [
            r#"{}"#,
            r#"{"a": {}}"#,
            r#"{"a": []}"#,
            r#"{"a": "INSERT"}"#,
            r#"{"a": [["x"]]}"#,
            r#"{"a": [{"prefix": "x", "suffix": "y"}]}"#,
            r#"{"a": [{}]}"#,
            r#"{"a": [{"prefix": 1}]}"#,
            r#"{"a": [{"suffix": {"equals-ignore-case": 1}}]}"#,
            r#"{"a": [{"equals-ignore-case": ["x"]}]}"#,
            r#"{"a": [{"exists": "true"}]}"#,
            r#"{"a": [{"anything-but": []}]}"#,
            r#"{"a": [{"anything-but": ["x", 1]}]}"#,
            r#"{"a": [{"anything-but": null}]}"#,
            r#"{"a": [{"anything-but": {"prefix": ""}}]}"#,
            r#"{"a": [{"anything-but": {"equals-ignore-case": [1]}}]}"#,
            r#"{"a": [{"numeric": [">", "1"]}]}"#,
            r#"{"a": [{"numeric": ["!=", 1]}]}"#,
            r#"{"a": [{"numeric": [">", 1, ">", 2]}]}"#,
            r#"{"a": [{"numeric": ["<", 5, ">", 1]}]}"#,
            r#"{"a": [{"numeric": [">", 5, "<", 5]}]}"#,
            r#"{"a": [{"numeric": [">", 1, "<", 5, "<", 6]}]}"#,
            r#"{"$or": [{"a": ["x"]}]}"#,
            r#"{"$or": {"a": ["x"]}}"#,
            r#"{"$or": [{"a": ["x"]}, "b"]}"#,
        ] {
            let err = parse_err(pattern);
            assert!(
                matches!(err, FilterError::Malformed(_)),
                "{pattern}: {err:?}"
            );
        }
    }

    #[test]
    fn quota_and_length_limits() {
        let one = r#"{"eventName": ["INSERT"]}"#.to_string();
        assert!(Filters::parse(&vec![one.clone(); 5]).is_ok());
        let six = Filters::parse(&vec![one.clone(); 6]).unwrap_err();
        assert_eq!(six, FilterError::TooManyFilters(6));
        let long = format!(r#"{{"eventName": ["{}"]}}"#, "x".repeat(4096));
        let err = Filters::parse(&[one, long.clone()]).unwrap_err();
        let len = long.chars().count();
        assert_eq!(err, FilterError::PatternTooLong { index: 2, len });
        let want = "1 validation error detected: \
            Value at 'filterCriteria.filters.2.member.pattern' failed to satisfy constraint: \
            Member must have length less than or equal to 4096";
        assert_eq!(err.to_string(), want);
        // The limit counts characters, not bytes.
        let at_limit = format!(r#"{{"a": ["{}"]}}"#, "é".repeat(4096 - 11));
        assert_eq!(at_limit.chars().count(), 4096);
        assert!(Filters::parse(&[at_limit]).is_ok());
    }

    #[test]
    fn malformed_variants_show_the_aws_message() {
        for err in [
            FilterError::NotJson,
            FilterError::NotObject,
            FilterError::UnknownOperator("x".into()),
            FilterError::Malformed("y".into()),
        ] {
            assert_eq!(err.to_string(), "Invalid filter pattern definition.");
        }
    }
}
