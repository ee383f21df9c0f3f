/**
 * @module Ship each invocation's log to the local CloudWatch Logs, as Lambda does: log group `/aws/lambda/{name}`,
 * one stream per execution environment, START/END/REPORT as their own events.
 * Not implemented: the execution role's logs permissions are not checked (AWS needs them to write anything).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
 */
import { AwsError } from '../../core/aws-error.js'
import type { CloudContext } from '../../core/types.js'

export class LogSink {
  /** Per stream, the previous write: events of one stream are put in order. */
  private readonly chains = new Map<string, Promise<void>>()
  private readonly known = new Set<string>()

  constructor(private readonly ctx: CloudContext) {}

  ship(group: string, stream: string, text: string): void {
    const lines = text.split('\n').filter((line) => line !== '')
    if (!lines.length) return
    const now = Date.now()
    const events = lines.map((message) => ({ timestamp: now, message }))
    const key = `${group}\u0000${stream}`
    const previous = this.chains.get(key) ?? Promise.resolve()
    const next = previous
      .then(() => this.ensure(group, stream))
      .then(() => this.ctx.call('logs', 'PutLogEvents', { logGroupName: group, logStreamName: stream, logEvents: events }))
      .then(() => undefined)
      .catch(() => undefined) // logging must never fail an invocation
    this.chains.set(key, next)
    void next.then(() => {
      if (this.chains.get(key) === next) this.chains.delete(key)
    })
  }

  private async ensure(group: string, stream: string): Promise<void> {
    const key = `${group}\u0000${stream}`
    if (this.known.has(key)) return
    for (const [op, input] of [
      ['CreateLogGroup', { logGroupName: group }],
      ['CreateLogStream', { logGroupName: group, logStreamName: stream }],
    ] as const) {
      try {
        await this.ctx.call('logs', op, input)
      } catch (err) {
        if (!(err instanceof AwsError && err.code === 'ResourceAlreadyExistsException')) throw err
      }
    }
    this.known.add(key)
  }

  /** Wait for pending writes (stop, tests). */
  async flush(): Promise<void> {
    await Promise.all(this.chains.values())
  }
}
