/**
 * @module Ship each invocation's log to the local CloudWatch Logs, as Lambda does: log group `/aws/lambda/{name}`,
 * one stream per execution environment, START/END/REPORT as their own events. Writes to one stream are ordered,
 * and invocations that finish while a write is under way share the next PutLogEvents.
 * Not implemented: the execution role's logs permissions are not checked (AWS needs them to write anything).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
 */
import { AwsError } from '../../core/aws-error.js'
import type { CloudContext } from '../../core/types.js'

const MAX_EVENTS = 10_000
/** How long events wait to share one write: CloudWatch Logs itself shows events after a delay. */
const BATCH_MS = 100

interface StreamBuffer {
  group: string
  stream: string
  events: { timestamp: number; message: string }[]
  created: boolean
  /** The write in progress (and any queued after it). */
  chain: Promise<void>
  queued: boolean
  /** The pending batch window. */
  timer?: NodeJS.Timeout
}

export class LogSink {
  private readonly streams = new Map<string, StreamBuffer>()
  /** Streams known to exist, so a warm invocation does not ask CloudWatch Logs to create them again. */
  private readonly created = new Set<string>()

  constructor(private readonly ctx: CloudContext) {}

  /** `lines`: one log event each, all stamped now. */
  ship(group: string, stream: string, lines: string[]): void {
    if (!lines.length) return
    const timestamp = Date.now()
    const key = `${group}\u0000${stream}`
    let buffer = this.streams.get(key)
    if (!buffer) this.streams.set(key, (buffer = { group, stream, events: [], created: this.created.has(key), chain: Promise.resolve(), queued: false }))
    for (const message of lines) buffer.events.push({ timestamp, message })
    if (buffer.queued) return
    buffer.queued = true
    // One PutLogEvents per stream per window, off the request path: under load many invocations share a write.
    const b = buffer
    b.timer = setTimeout(() => this.write(key, b), BATCH_MS)
    b.timer.unref()
  }

  private write(key: string, b: StreamBuffer): void {
    b.timer = undefined
    b.chain = b.chain.then(async () => {
      b.queued = false
      const batch = b.events.splice(0)
      try {
        await this.ensure(b)
        // PutLogEvents takes at most 10,000 events per call.
        for (let i = 0; i < batch.length; i += MAX_EVENTS) {
          await this.ctx.call('logs', 'PutLogEvents', { logGroupName: b.group, logStreamName: b.stream, logEvents: batch.slice(i, i + MAX_EVENTS) })
        }
      } catch {
        // Logging must never fail an invocation. The group or stream may have been deleted: check again next time.
        this.created.delete(key)
      }
      // Forget idle streams (sandboxes come and go); a later write re-checks that the stream exists.
      if (!b.queued && !b.events.length) this.streams.delete(key)
    })
  }

  private async ensure(b: StreamBuffer): Promise<void> {
    if (b.created) return
    for (const [op, input] of [
      ['CreateLogGroup', { logGroupName: b.group }],
      ['CreateLogStream', { logGroupName: b.group, logStreamName: b.stream }],
    ] as const) {
      try {
        await this.ctx.call('logs', op, input)
      } catch (err) {
        if (!(err instanceof AwsError && err.code === 'ResourceAlreadyExistsException')) throw err
      }
    }
    b.created = true
    this.created.add(`${b.group}\u0000${b.stream}`)
  }

  /** Write what is pending now and wait for it (stop, tests). */
  async flush(): Promise<void> {
    for (const [key, b] of this.streams) {
      if (!b.timer) continue
      clearTimeout(b.timer)
      this.write(key, b)
    }
    await Promise.all([...this.streams.values()].map((b) => b.chain))
  }
}
