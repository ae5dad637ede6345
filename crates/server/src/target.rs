//! `X-Amz-Target: DynamoDB_20120810.<Operation>`: which operation a request names.
//!
//! DynamoDB answers UnknownOperationException for a target that is not one of its operations
//! *before* it looks at authentication, but checks authentication before anything else for a
//! real operation. So the protocol layer knows DynamoDB's whole operation list, including
//! operations the engine does not implement yet.

/// The API version prefix of every current DynamoDB target.
const SERVICE: &str = "DynamoDB_20120810";

/// Every operation of DynamoDB's 2012-08-10 API, sorted (for binary search).
const OPERATIONS: [&str; 57] = [
    "BatchExecuteStatement",
    "BatchGetItem",
    "BatchWriteItem",
    "CreateBackup",
    "CreateGlobalTable",
    "CreateTable",
    "DeleteBackup",
    "DeleteItem",
    "DeleteResourcePolicy",
    "DeleteTable",
    "DescribeBackup",
    "DescribeContinuousBackups",
    "DescribeContributorInsights",
    "DescribeEndpoints",
    "DescribeExport",
    "DescribeGlobalTable",
    "DescribeGlobalTableSettings",
    "DescribeImport",
    "DescribeKinesisStreamingDestination",
    "DescribeLimits",
    "DescribeTable",
    "DescribeTableReplicaAutoScaling",
    "DescribeTimeToLive",
    "DisableKinesisStreamingDestination",
    "EnableKinesisStreamingDestination",
    "ExecuteStatement",
    "ExecuteTransaction",
    "ExportTableToPointInTime",
    "GetItem",
    "GetResourcePolicy",
    "ImportTable",
    "ListBackups",
    "ListContributorInsights",
    "ListExports",
    "ListGlobalTables",
    "ListImports",
    "ListTables",
    "ListTagsOfResource",
    "PutItem",
    "PutResourcePolicy",
    "Query",
    "RestoreTableFromBackup",
    "RestoreTableToPointInTime",
    "Scan",
    "TagResource",
    "TransactGetItems",
    "TransactWriteItems",
    "UntagResource",
    "UpdateContinuousBackups",
    "UpdateContributorInsights",
    "UpdateGlobalTable",
    "UpdateGlobalTableSettings",
    "UpdateItem",
    "UpdateKinesisStreamingDestination",
    "UpdateTable",
    "UpdateTableReplicaAutoScaling",
    "UpdateTimeToLive",
];

/// The operation a target header names, if it is a DynamoDB operation.
pub fn operation(target: Option<&[u8]>) -> Option<&str> {
    let target = std::str::from_utf8(target?).ok()?;
    let (service, operation) = target.split_once('.')?;
    if service != SERVICE {
        return None;
    }
    OPERATIONS
        .binary_search(&operation)
        .is_ok()
        .then_some(operation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_list_is_sorted() {
        assert!(OPERATIONS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn known_targets() {
        assert_eq!(
            operation(Some(b"DynamoDB_20120810.ListTables")),
            Some("ListTables")
        );
        assert_eq!(
            operation(Some(b"DynamoDB_20120810.TransactWriteItems")),
            Some("TransactWriteItems")
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
            b"Kinesis_20131202.ListStreams",
            b"\xff",
        ] {
            assert_eq!(operation(Some(t)), None, "{t:?}");
        }
        assert_eq!(operation(None), None);
    }
}
