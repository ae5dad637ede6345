//! ExpressionAttributeNames and ExpressionAttributeValues of one request: substitution of
//! `#name` and `:value` placeholders, and DynamoDB's errors for undefined and unused ones.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use ddb_model::{AttributeValue, DynamoError, DynamoResult};

/// The placeholder maps of one request, and which entries its expressions used.
pub struct ExpressionContext<'a> {
    names: Option<&'a HashMap<String, String>>,
    values: Option<&'a HashMap<String, AttributeValue>>,
    used_names: RefCell<BTreeSet<String>>,
    used_values: RefCell<BTreeSet<String>>,
}

impl<'a> ExpressionContext<'a> {
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
    pub(crate) fn name(&self, placeholder: &str) -> Result<&'a str, String> {
        match self.names.and_then(|m| m.get(placeholder)) {
            Some(n) => {
                self.used_names.borrow_mut().insert(placeholder.to_string());
                Ok(n)
            }
            None => Err(format!(
                "An expression attribute name used in the document path is not defined; attribute name: {placeholder}"
            )),
        }
    }

    /// The value `:placeholder` stands for.
    pub(crate) fn value(&self, placeholder: &str) -> Result<&'a AttributeValue, String> {
        match self.values.and_then(|m| m.get(placeholder)) {
            Some(v) => {
                self.used_values.borrow_mut().insert(placeholder.to_string());
                Ok(v)
            }
            None => Err(format!(
                "An expression attribute value used in expression is not defined; attribute value: {placeholder}"
            )),
        }
    }

    /// After every expression of the request is parsed: DynamoDB's errors for entries no
    /// expression used.
    pub fn check_all_used(&self) -> DynamoResult<()> {
        if let Some(names) = self.names {
            let used = self.used_names.borrow();
            let unused: BTreeSet<&str> = names
                .keys()
                .map(String::as_str)
                .filter(|k| !used.contains(*k))
                .collect();
            if !unused.is_empty() {
                return Err(DynamoError::validation(format!(
                    "Value provided in ExpressionAttributeNames unused in expressions: keys: {{{}}}",
                    unused.into_iter().collect::<Vec<_>>().join(", ")
                )));
            }
        }
        if let Some(values) = self.values {
            let used = self.used_values.borrow();
            let unused: BTreeSet<&str> = values
                .keys()
                .map(String::as_str)
                .filter(|k| !used.contains(*k))
                .collect();
            if !unused.is_empty() {
                return Err(DynamoError::validation(format!(
                    "Value provided in ExpressionAttributeValues unused in expressions: keys: {{{}}}",
                    unused.into_iter().collect::<Vec<_>>().join(", ")
                )));
            }
        }
        Ok(())
    }
}
