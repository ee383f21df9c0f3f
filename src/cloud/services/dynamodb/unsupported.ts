/**
 * @module DynamoDB operations that exist on AWS but not in dynalite. They answer 501 NotImplemented naming
 * the operation, instead of the UnknownOperationException dynalite would give (which reads as a typo).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB.html
 */
import { AwsError } from '../../core/aws-error.js'

// Not implemented: transactions, PartiQL, TTL changes, backups, global tables, exports/imports, Kinesis
// destinations, contributor insights, resource policies, replica auto scaling (dynalite has none of them).
const NOT_IN_DYNALITE = new Set([
  'TransactWriteItems', 'TransactGetItems', 'ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction',
  'UpdateTimeToLive', 'CreateBackup', 'DeleteBackup',
  'DescribeBackup', 'ListBackups', 'RestoreTableFromBackup', 'RestoreTableToPointInTime', 'CreateGlobalTable',
  'DescribeGlobalTable', 'ListGlobalTables', 'UpdateGlobalTable', 'DescribeGlobalTableSettings',
  'UpdateGlobalTableSettings', 'DescribeLimits', 'DescribeEndpoints', 'DescribeKinesisStreamingDestination',
  'EnableKinesisStreamingDestination', 'DisableKinesisStreamingDestination', 'UpdateKinesisStreamingDestination',
  'ExportTableToPointInTime', 'ImportTable', 'ListExports', 'ListImports', 'DescribeExport', 'DescribeImport',
  'DescribeContributorInsights', 'UpdateContributorInsights', 'ListContributorInsights', 'PutResourcePolicy',
  'GetResourcePolicy', 'DeleteResourcePolicy', 'UpdateTableReplicaAutoScaling', 'DescribeTableReplicaAutoScaling',
])

/** Throws for a real DynamoDB operation the local cloud cannot serve. */
export function assertSupported(operation: string): void {
  if (NOT_IN_DYNALITE.has(operation)) {
    throw new AwsError('NotImplemented', 501, `The local cloud's DynamoDB (dynalite) does not implement ${operation}`)
  }
}
