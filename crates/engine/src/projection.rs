//! What a read returns of each item: the projection from `ProjectionExpression` or the legacy
//! `AttributesToGet`, shared by every read operation.

use ddb_expr::{legacy, parse_projection, ExpressionContext, Path};
use ddb_model::DynamoResult;

use crate::expression_params::check_not_mixed;
use crate::invalid::Invalid;

/// AttributesToGet may not name an attribute twice.
pub fn check_unique_attributes(names: &[String]) -> DynamoResult<()> {
    for (i, n) in names.iter().enumerate() {
        if names[..i].contains(n) {
            return Err(Invalid::DuplicateProjectedName { name: n.clone() }.into());
        }
    }
    Ok(())
}

/// The projection from `ProjectionExpression` or the legacy `AttributesToGet`, as GetItem,
/// BatchGetItem, Query and Scan read it: one of the two, each checked as DynamoDB checks it.
pub fn read_projection(
    expression: Option<&str>,
    attributes_to_get: Option<&[String]>,
    ctx: &mut ExpressionContext,
) -> DynamoResult<Option<Vec<Path>>> {
    check_not_mixed(
        &attributes_to_get
            .map(|_| vec!["AttributesToGet"])
            .unwrap_or_default(),
        &expression
            .map(|_| vec!["ProjectionExpression"])
            .unwrap_or_default(),
    )?;
    if let Some(text) = expression {
        return Ok(Some(parse_projection(text, ctx)?));
    }
    if let Some(names) = attributes_to_get {
        for n in names {
            ddb_model::size::check_attribute_name(n)?;
        }
        check_unique_attributes(names)?;
        return Ok(Some(legacy::attributes_to_get_to_projection(names)));
    }
    Ok(None)
}
