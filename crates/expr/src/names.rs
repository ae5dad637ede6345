//! ExpressionAttributeNames and ExpressionAttributeValues of one request: substitution of
//! `#name` and `:value` placeholders, and DynamoDB's errors for undefined and unused ones.
//!
//! One context serves every expression of a request (an UpdateItem's update and condition
//! expressions share the maps), so "unused" can only be judged once all were parsed.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use ddb_model::{AttributeValue, DynamoError, DynamoResult};

use crate::error::ExprError;
use crate::ExpressionKind;

/// The placeholder maps of one request, and which entries its expressions used.
pub struct ExpressionContext<'a> {
    names: Option<&'a HashMap<String, String>>,
    values: Option<&'a HashMap<String, AttributeValue>>,
    // Interior mutability because parsers hold the context by shared reference while they
    // record uses; a request is parsed on one thread.
    used_names: RefCell<BTreeSet<String>>,
    used_values: RefCell<BTreeSet<String>>,
}

impl<'a> ExpressionContext<'a> {
    /// A context over a request's ExpressionAttributeNames and ExpressionAttributeValues (either
    /// may be absent), with nothing used yet.
    pub fn new(
        names: Option<&'a HashMap<String, String>>,
        values: Option<&'a HashMap<String, AttributeValue>>,
    ) -> ExpressionContext<'a> {
        ExpressionContext {
            names,
            values,
            used_names: RefCell::default(),
            used_values: RefCell::default(),
        }
    }

    /// The attribute name `#placeholder` stands for.
    pub(crate) fn name(&self, placeholder: &str) -> Result<&'a str, ExprError> {
        match self.names.and_then(|m| m.get(placeholder)) {
            Some(n) => {
                self.used_names.borrow_mut().insert(placeholder.to_string());
                Ok(n)
            }
            None => Err(ExprError::UndefinedName(placeholder.to_string())),
        }
    }

    /// The value `:placeholder` stands for.
    pub(crate) fn value(&self, placeholder: &str) -> Result<&'a AttributeValue, ExprError> {
        match self.values.and_then(|m| m.get(placeholder)) {
            Some(v) => {
                self.used_values
                    .borrow_mut()
                    .insert(placeholder.to_string());
                Ok(v)
            }
            None => Err(ExprError::UndefinedValue(placeholder.to_string())),
        }
    }

    /// After every expression of the request is parsed: DynamoDB's errors for entries no
    /// expression used (names are checked first, as DynamoDB does).
    pub fn check_all_used(&self) -> DynamoResult<()> {
        fn unused<V>(map: Option<&HashMap<String, V>>, used: &BTreeSet<String>) -> Vec<String> {
            let mut keys: Vec<String> = map
                .into_iter()
                .flat_map(|m| m.keys())
                .filter(|k| !used.contains(*k))
                .cloned()
                .collect();
            keys.sort();
            keys
        }
        let names = unused(self.names, &self.used_names.borrow());
        if !names.is_empty() {
            return Err(to_dynamo(ExprError::UnusedNames(names)));
        }
        let values = unused(self.values, &self.used_values.borrow());
        if !values.is_empty() {
            return Err(to_dynamo(ExprError::UnusedValues(values)));
        }
        Ok(())
    }
}

fn to_dynamo(e: ExprError) -> DynamoError {
    // Unused-placeholder errors are not framed, so the kind is irrelevant.
    e.into_dynamo(ExpressionKind::Condition)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_uses_and_reports_the_unused() {
        let names: HashMap<String, String> = [("#a", "x"), ("#b", "y"), ("#c", "z")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let values: HashMap<String, AttributeValue> =
            [(":v".to_string(), AttributeValue::Bool(true))].into();
        let ctx = ExpressionContext::new(Some(&names), Some(&values));
        assert_eq!(ctx.name("#a").unwrap(), "x");
        assert_eq!(
            ctx.check_all_used().unwrap_err().message,
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b, #c}"
        );
        ctx.name("#b").unwrap();
        ctx.name("#c").unwrap();
        assert_eq!(
            ctx.check_all_used().unwrap_err().message,
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}"
        );
        ctx.value(":v").unwrap();
        ctx.check_all_used().unwrap();
    }

    #[test]
    fn undefined_placeholders_are_typed_errors() {
        let ctx = ExpressionContext::new(None, None);
        assert_eq!(
            ctx.name("#x").unwrap_err(),
            ExprError::UndefinedName("#x".into())
        );
        assert_eq!(
            ctx.value(":x").unwrap_err(),
            ExprError::UndefinedValue(":x".into())
        );
        ctx.check_all_used().unwrap();
    }
}
