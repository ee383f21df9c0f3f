/**
 * @module CloudWatch Logs operations (log groups, streams, events, tags) in AWS's own shapes.
 * Not implemented: metric filters, subscriptions, Insights queries, KMS keys, log group classes.
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_Operations.html
 */
import { AwsError } from '../../core/aws-error.js'
import type { JsonStore } from '../../core/store.js'
import type { ApiOperation, CloudContext } from '../../core/types.js'
import type { EventFiles, StoredEvent } from './events.js'
import { matchesFilter } from './filter-pattern.js'
import type { LogsState, StoredGroup, StoredStream } from './model.js'
import { constraint, DAY, groupName, invalid, limit, offsetOf, retention, streamName, tagMap, token } from './validate.js'

export function logsApi(store: () => JsonStore<LogsState>, events: () => EventFiles): Record<string, ApiOperation> {
  const groups = () => store().data.groups
  const save = () => store().save()
  const arnOf = (ctx: CloudContext, group: string) => `arn:aws:logs:${ctx.defaultRegion}:${ctx.accountId}:log-group:${group}`
  const findGroup = (group: string): StoredGroup => {
    const found = groups()[group]
    if (!found) throw new AwsError('ResourceNotFoundException', 400, 'The specified log group does not exist.')
    return found
  }
  const findStream = (group: StoredGroup, stream: string): StoredStream => {
    const found = group.streams[stream]
    if (!found) throw new AwsError('ResourceNotFoundException', 400, 'The specified log stream does not exist.')
    return found
  }
  const groupFromArn = (ctx: CloudContext, arn: unknown): StoredGroup => {
    const m = /^arn:aws[\w-]*:logs:[^:]*:\d*:log-group:([^:]+)(?::\*)?$/.exec(String(arn ?? ''))
    if (!m) throw invalid(`Invalid resource arn: ${arn}`)
    return findGroup(m[1])
  }
  /** Events still inside the group's retention period. */
  const live = (group: StoredGroup, stream: string): StoredEvent[] => {
    const all = events().read(group.logGroupName, stream)
    if (!group.retentionInDays) return all
    const oldest = Date.now() - group.retentionInDays * DAY
    return all.filter((e) => e.timestamp >= oldest)
  }

  return {
    async CreateLogGroup(input) {
      const group = groupName(input)
      if (input.kmsKeyId) throw invalid('kmsKeyId is not supported by the local cloud') // Not implemented: KMS keys
      if (groups()[group]) throw new AwsError('ResourceAlreadyExistsException', 400, 'The specified log group already exists')
      groups()[group] = { logGroupName: group, creationTime: Date.now(), tags: tagMap(input.tags), streams: {} }
      save()
      return {}
    },

    async DeleteLogGroup(input) {
      const group = findGroup(groupName(input))
      delete groups()[group.logGroupName]
      save()
      events().removeGroup(group.logGroupName)
      return {}
    },

    async DescribeLogGroups(input, ctx) {
      const prefix = input.logGroupNamePrefix === undefined ? '' : String(input.logGroupNamePrefix)
      const pattern = input.logGroupNamePattern === undefined ? '' : String(input.logGroupNamePattern)
      if (prefix && pattern) throw invalid('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.')
      const all = Object.values(groups())
        .filter((g) => g.logGroupName.startsWith(prefix) && g.logGroupName.toLowerCase().includes(pattern.toLowerCase()))
        .sort((a, b) => (a.logGroupName < b.logGroupName ? -1 : 1))
      const start = offsetOf(input.nextToken)
      const size = limit(input.limit, 50)
      const page = all.slice(start, start + size)
      return {
        logGroups: page.map((g) => ({
          logGroupName: g.logGroupName,
          creationTime: g.creationTime,
          retentionInDays: g.retentionInDays,
          metricFilterCount: 0,
          arn: `${arnOf(ctx, g.logGroupName)}:*`,
          storedBytes: 0,
          logGroupClass: 'STANDARD',
          logGroupArn: arnOf(ctx, g.logGroupName),
        })),
        nextToken: start + size < all.length ? token(start + size) : undefined,
      }
    },

    async PutRetentionPolicy(input) {
      const group = findGroup(groupName(input))
      group.retentionInDays = retention(input.retentionInDays)
      save()
      return {}
    },

    async DeleteRetentionPolicy(input) {
      delete findGroup(groupName(input)).retentionInDays
      save()
      return {}
    },

    async CreateLogStream(input) {
      const group = findGroup(groupName(input))
      const stream = streamName(input)
      if (group.streams[stream]) throw new AwsError('ResourceAlreadyExistsException', 400, 'The specified log stream already exists')
      group.streams[stream] = { logStreamName: stream, creationTime: Date.now(), sequence: 0 }
      save()
      return {}
    },

    async DeleteLogStream(input) {
      const group = findGroup(groupName(input))
      const stream = findStream(group, streamName(input))
      delete group.streams[stream.logStreamName]
      save()
      events().removeStream(group.logGroupName, stream.logStreamName)
      return {}
    },

    async DescribeLogStreams(input, ctx) {
      const group = findGroup(groupName(input))
      const prefix = String(input.logStreamNamePrefix ?? '')
      const byTime = input.orderBy === 'LastEventTime'
      if (byTime && prefix) throw invalid('Cannot order by LastEventTime with a logStreamNamePrefix.')
      const all = Object.values(group.streams)
        .filter((s) => s.logStreamName.startsWith(prefix))
        .sort((a, b) => (byTime ? (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0) : a.logStreamName < b.logStreamName ? -1 : 1))
      if (input.descending === true) all.reverse()
      const start = offsetOf(input.nextToken)
      const size = limit(input.limit, 50)
      return {
        logStreams: all.slice(start, start + size).map(({ sequence, ...s }) => ({
          ...s,
          uploadSequenceToken: String(sequence),
          arn: `${arnOf(ctx, group.logGroupName)}:log-stream:${s.logStreamName}`,
          storedBytes: 0,
        })),
        nextToken: start + size < all.length ? token(start + size) : undefined,
      }
    },

    /**
     * AWS quirk: sequence tokens are accepted and ignored (since January 2023); events too old or too new
     * are not an error but reported in `rejectedLogEventsInfo`.
     * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
     */
    async PutLogEvents(input) {
      const group = findGroup(groupName(input))
      const stream = findStream(group, streamName(input))
      const batch: { timestamp: number; message: string }[] = Array.isArray(input.logEvents) ? input.logEvents : []
      if (batch.length < 1 || batch.length > 10_000) throw constraint(JSON.stringify(batch.length), 'logEvents', 'Member must have length between 1 and 10000')
      for (const [i, e] of batch.entries()) {
        if (!e || !Number.isFinite(Number(e.timestamp)) || typeof e.message !== 'string') {
          throw constraint('null', `logEvents.${i + 1}.member`, 'Member must have a timestamp and a message')
        }
        if (i > 0 && Number(e.timestamp) < Number(batch[i - 1].timestamp)) {
          throw invalid('Log events in a single PutLogEvents request must be in chronological order.')
        }
      }
      if (Number(batch[batch.length - 1].timestamp) - Number(batch[0].timestamp) > DAY) {
        throw invalid('The batch of log events in a single PutLogEvents request cannot span more than 24 hours.')
      }
      const now = Date.now()
      const tooOld = now - 14 * DAY
      const expired = group.retentionInDays ? now - group.retentionInDays * DAY : -Infinity
      const tooNew = now + 2 * 3_600_000
      const rejected: Record<string, number> = {}
      const accepted: StoredEvent[] = []
      batch.forEach((e, i) => {
        const timestamp = Number(e.timestamp)
        if (timestamp < tooOld) rejected.tooOldLogEventEndIndex = i + 1
        else if (timestamp < expired) rejected.expiredLogEventEndIndex = i + 1
        else if (timestamp > tooNew) rejected.tooNewLogEventStartIndex ??= i
        else accepted.push({ timestamp, message: e.message, ingestionTime: now })
      })
      if (accepted.length) {
        events().append(group.logGroupName, stream.logStreamName, accepted)
        stream.firstEventTimestamp = Math.min(stream.firstEventTimestamp ?? Infinity, accepted[0].timestamp)
        stream.lastEventTimestamp = Math.max(stream.lastEventTimestamp ?? 0, accepted[accepted.length - 1].timestamp)
        stream.lastIngestionTime = now
      }
      stream.sequence++
      // The events are already appended durably; the stream's counters are cheap to lose on a crash,
      // and Lambda writes here on every invocation.
      store().saveSoon()
      return {
        nextSequenceToken: String(stream.sequence).padStart(56, '0'),
        rejectedLogEventsInfo: Object.keys(rejected).length ? rejected : undefined,
      }
    },

    async GetLogEvents(input) {
      const group = findGroup(groupName(input))
      const stream = findStream(group, streamName(input))
      const size = limit(input.limit, 10_000)
      const all = live(group, stream.logStreamName).filter(
        (e) => (input.startTime === undefined || e.timestamp >= Number(input.startTime)) && (input.endTime === undefined || e.timestamp < Number(input.endTime)),
      )
      const m = input.nextToken === undefined ? undefined : /^([fb])\/(\d+)$/.exec(String(input.nextToken))
      if (input.nextToken !== undefined && !m) throw invalid('The specified nextToken is invalid.')
      let from: number
      let to: number
      if (m?.[1] === 'b') {
        to = Math.min(Number(m[2]), all.length)
        from = Math.max(0, to - size)
      } else if (m?.[1] === 'f' || input.startFromHead === true) {
        from = Math.min(m ? Number(m[2]) : 0, all.length)
        to = Math.min(all.length, from + size)
      } else {
        to = all.length
        from = Math.max(0, to - size)
      }
      return {
        events: all.slice(from, to).map(({ timestamp, message, ingestionTime }) => ({ timestamp, message, ingestionTime })),
        // AWS quirk: at the end of the stream the same token comes back, which is how callers know to stop.
        nextForwardToken: `f/${to}`,
        nextBackwardToken: `b/${from}`,
      }
    },

    async FilterLogEvents(input) {
      const group = findGroup(groupName(input))
      const names: string[] | undefined = Array.isArray(input.logStreamNames) ? input.logStreamNames.map(String) : undefined
      if (names && input.logStreamNamePrefix) throw invalid('logStreamNames and logStreamNamePrefix are mutually exclusive')
      const streams = Object.keys(group.streams).filter((s) => (names ? names.includes(s) : s.startsWith(String(input.logStreamNamePrefix ?? ''))))
      const pattern = String(input.filterPattern ?? '')
      const matched = streams
        .flatMap((s) => live(group, s).map((e, i) => ({ ...e, logStreamName: s, eventId: `${e.timestamp}${String(i).padStart(8, '0')}` })))
        .filter((e) => (input.startTime === undefined || e.timestamp >= Number(input.startTime)) && (input.endTime === undefined || e.timestamp <= Number(input.endTime)))
        .filter((e) => matchesFilter(pattern, e.message))
        .sort((a, b) => a.timestamp - b.timestamp)
      const start = offsetOf(input.nextToken)
      const size = limit(input.limit, 10_000)
      return {
        events: matched.slice(start, start + size),
        searchedLogStreams: streams.map((s) => ({ logStreamName: s, searchedCompletely: true })),
        nextToken: start + size < matched.length ? token(start + size) : undefined,
      }
    },

    async TagResource(input, ctx) {
      const group = groupFromArn(ctx, input.resourceArn)
      group.tags = { ...group.tags, ...tagMap(input.tags) }
      save()
      return {}
    },
    async UntagResource(input, ctx) {
      const group = groupFromArn(ctx, input.resourceArn)
      for (const key of Array.isArray(input.tagKeys) ? input.tagKeys : []) delete group.tags[String(key)]
      save()
      return {}
    },
    async ListTagsForResource(input, ctx) {
      return { tags: groupFromArn(ctx, input.resourceArn).tags }
    },
    /** The older, log-group-name based tag operations (still used by some tools). */
    async TagLogGroup(input) {
      const group = findGroup(groupName(input))
      group.tags = { ...group.tags, ...tagMap(input.tags) }
      save()
      return {}
    },
    async ListTagsLogGroup(input) {
      return { tags: findGroup(groupName(input)).tags }
    },

    async _listTaggedResources(_input, ctx) {
      return Object.values(groups()).map((g) => ({
        ResourceARN: arnOf(ctx, g.logGroupName),
        Tags: Object.entries(g.tags).map(([Key, Value]) => ({ Key, Value })),
      }))
    },
  }
}
