//! `X-Amz-Target: <Service>.<Operation>`: which operation a request names.
//!
//! DynamoDB answers UnknownOperationException for a target that is not one of its operations
//! *before* it looks at authentication, but checks authentication before anything else for a
//! real operation. So the protocol layer knows every operation of DynamoDB and DynamoDB
//! Streams (from the service models, through [`ddb_wire::Operation`]), including operations
//! the engine does not implement yet.

use ddb_wire::Operation;

/// The operation a target header names, if it is one of DynamoDB's or DynamoDB Streams'.
pub fn operation(target: Option<&[u8]>) -> Option<Operation> {
    Operation::from_target(std::str::from_utf8(target?).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_targets() {
        assert_eq!(
            operation(Some(b"DynamoDB_20120810.ListTables")),
            Some(Operation::ListTables)
        );
        assert_eq!(
            operation(Some(b"DynamoDB_20120810.TransactWriteItems")),
            Some(Operation::TransactWriteItems)
        );
        assert_eq!(
            operation(Some(b"DynamoDBStreams_20120810.GetRecords")),
            Some(Operation::GetRecords)
        );
    }

    #[test]
    fn unknown_targets() {
        for t in [
            &b""[..],
            b"whatever",
            b"DynamoDB_20120810.ListTable",
            b"DynamoDB_20120810.listTables",
            b"DynamoDB_20111205.ListTables",
            b"DynamoDB_20120810.ListTables.Extra",
            b"DynamoDB_20120810.GetRecords",
            b"DynamoDBStreams_20120810.ListTables",
            b"Kinesis_20131202.ListStreams",
            b"\xff",
        ] {
            assert_eq!(operation(Some(t)), None, "{t:?}");
        }
        assert_eq!(operation(None), None);
    }
}
