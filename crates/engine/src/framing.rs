//! DynamoDB's 2026 envelope: some operations now answer their own validation messages as
//! `1 validation error detected: <message>`, the prefix that used to mark only the request's
//! constraint violations. Whether a message gets it depends on the operation and on the
//! family of the check that raised it ([`MessageFamily`], set where the message is made:
//! `Invalid::family`, `ddb_wire::ValueError::family`, `ddb_expr::ExprError::into_dynamo`).
//! This module is the one place that decides; `ops::dispatch_operation` applies it to every
//! error an operation answers. Sources and the per-family evidence:
//! docs/research/message-framing-2026.md.

use ddb_model::{DynamoError, ErrorKind, MessageFamily};
use ddb_wire::Operation;

/// The envelope's text.
pub const ENVELOPE: &str = "1 validation error detected: ";

/// Whether `operation` envelopes the messages of `family`.
///
/// - PutItem, UpdateItem (AWS captures, 2026-06 to 2026-10) and DeleteItem (same code path,
///   inferred) envelope their expression and attribute-value checks.
/// - Query envelopes only SPECIFIC_ATTRIBUTES without a projection; its expression messages
///   stay bare, as do GetItem's and Scan's (exact-string pins against AWS).
/// - Batch operations, transactions and the control plane keep every own message bare, and
///   key errors (no family) are bare everywhere.
pub fn envelops(operation: Operation, family: MessageFamily) -> bool {
    match family {
        MessageFamily::Expression | MessageFamily::AttributeValue => matches!(
            operation,
            Operation::PutItem | Operation::UpdateItem | Operation::DeleteItem
        ),
        MessageFamily::Select => operation == Operation::Query,
        // DeleteItem envelopes it (paritysuite/dynamodb-conformance error-messages deleteItem,
        // run against AWS in 2026); PutItem's stays bare (message-framing-2026.md).
        MessageFamily::ReturnValues => operation == Operation::DeleteItem,
    }
}

/// `error` as `operation` answers it: with the envelope when its family calls for one.
pub fn frame(operation: Operation, mut error: DynamoError) -> DynamoError {
    if error.kind == ErrorKind::Validation
        && error
            .family
            .is_some_and(|family| envelops(operation, family))
    {
        error.message.insert_str(0, ENVELOPE);
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_envelope_expression_and_value_checks() {
        for op in [
            Operation::PutItem,
            Operation::UpdateItem,
            Operation::DeleteItem,
        ] {
            let e = DynamoError::validation(
                "Invalid UpdateExpression: The expression can not be empty;",
            )
            .in_family(MessageFamily::Expression);
            assert_eq!(
                frame(op, e).message,
                "1 validation error detected: Invalid UpdateExpression: The expression can not be empty;"
            );
        }
    }

    #[test]
    fn reads_batches_and_transactions_stay_bare() {
        for op in [
            Operation::GetItem,
            Operation::Query,
            Operation::Scan,
            Operation::BatchGetItem,
            Operation::BatchWriteItem,
            Operation::TransactWriteItems,
            Operation::TransactGetItems,
        ] {
            for family in [MessageFamily::Expression, MessageFamily::AttributeValue] {
                assert!(!envelops(op, family), "{op:?} {family:?}");
            }
        }
    }

    #[test]
    fn only_query_envelopes_the_select_message() {
        assert!(envelops(Operation::Query, MessageFamily::Select));
        assert!(!envelops(Operation::Scan, MessageFamily::Select));
    }

    #[test]
    fn messages_without_a_family_stay_bare() {
        let e = DynamoError::validation("The provided key element does not match the schema");
        assert_eq!(frame(Operation::PutItem, e.clone()), e);
    }
}
