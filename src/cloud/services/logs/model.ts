/** @module CloudWatch Logs state: log groups and their streams (events live in events.ts files). */

export interface StoredStream {
  logStreamName: string
  creationTime: number
  firstEventTimestamp?: number
  lastEventTimestamp?: number
  lastIngestionTime?: number
  /** Incremented per PutLogEvents; only for the returned (now ignored by AWS) sequence token. */
  sequence: number
}

export interface StoredGroup {
  logGroupName: string
  creationTime: number
  retentionInDays?: number
  tags: Record<string, string>
  streams: Record<string, StoredStream>
}

export interface LogsState {
  groups: Record<string, StoredGroup>
}

/**
 * Retention values CloudWatch Logs accepts.
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]
