/**
 * @module What the lab's Lambda functions wrote to CloudWatch Logs lately: when API Gateway answers 502, the
 * reason (a syntax error, an exception, a timeout) is in the function's log, not in the response. Read through
 * the same SDK calls on AWS and on the local cloud.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
 */
import { ListStackResourcesCommand } from '@aws-sdk/client-cloudformation'
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { TargetClients } from './clients.js'
import type { Target } from './types.js'

/** The platform's own lines around each invocation: they say nothing about what went wrong. */
const PLATFORM_LINE = /^(START|END|REPORT|INIT_START|INIT_REPORT) /
/** Enough for an error and the top of its stack trace. */
const MAX_LINES = 10
/** Per function and read: a runaway loop's log must not fill the terminal (or memory) in one go. */
const MAX_EVENTS = 10_000

/**
 * What each of the stack's functions logged in its latest invocation since `sinceMs` (that is where the error of a
 * 502 is), under the function's logical id; empty when there is nothing or the logs cannot be read (this only
 * adds to a report, it never fails it).
 */
export async function recentFunctionLog(target: Target, stackName: string, sinceMs: number): Promise<string[]> {
  const reader = new FunctionLogReader(target, stackName)
  try {
    const events = await reader.since(sinceMs)
    return (await reader.functions()).flatMap(({ logicalId }) => {
      const lines = lastInvocation(events.filter((e) => e.logicalId === logicalId).map((e) => e.message))
      return lines.length ? [`${logicalId}:`, ...lines.map((l) => `  ${l}`)] : []
    })
  } catch {
    return []
  } finally {
    await reader.destroy()
  }
}

/** One line a function wrote (its log group is `/aws/lambda/{name}`). */
export interface FunctionLogEvent {
  logicalId: string
  /** Epoch ms. */
  timestamp: number
  message: string
  eventId: string
}

/** Reads the stack's functions' CloudWatch Logs (`lab logs`, and the 502 report above); one client for many reads. */
export class FunctionLogReader {
  private readonly clients: TargetClients
  private list?: Promise<{ logicalId: string; name: string }[]>

  constructor(target: Target, private readonly stackName: string) {
    this.clients = new TargetClients(target)
  }

  /** The stack's AWS::Lambda::Function resources (logical id and function name), asked once. */
  functions(): Promise<{ logicalId: string; name: string }[]> {
    this.list ??= stackFunctions(this.clients, this.stackName)
    return this.list
  }

  /**
   * Every event since `sinceMs` (of the functions `only` names, else all), oldest first. A function that has not
   * run yet has no log group: nothing to read, not an error.
   */
  async since(sinceMs: number, only?: string): Promise<FunctionLogEvent[]> {
    const logs = await this.clients.logs()
    const functions = (await this.functions()).filter((f) => only === undefined || f.logicalId === only)
    const perFunction = await Promise.all(
      functions.map(async ({ logicalId, name }) => {
        const events: FunctionLogEvent[] = []
        let nextToken: string | undefined
        do {
          const page = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${name}`, startTime: sinceMs, limit: 500, nextToken })).catch((err) => {
            if ((err as { name?: string }).name === 'ResourceNotFoundException') return undefined
            throw err
          })
          for (const e of page?.events ?? []) {
            events.push({ logicalId, timestamp: e.timestamp ?? 0, message: (e.message ?? '').replace(/\s+$/, ''), eventId: e.eventId ?? `${e.logStreamName}/${e.timestamp}/${e.message}` })
          }
          nextToken = page?.nextToken
        } while (nextToken && events.length < MAX_EVENTS)
        return events
      }),
    )
    return perFunction.flat().sort((a, b) => a.timestamp - b.timestamp)
  }

  async destroy(): Promise<void> {
    await this.clients.destroy()
  }
}

/** The lines of the last invocation that wrote any (invocations end with an `END RequestId:` line). */
function lastInvocation(messages: string[]): string[] {
  let current: string[] = []
  let last: string[] = []
  for (const text of messages) {
    if (text.startsWith('END ')) {
      if (current.length) last = current
      current = []
    } else if (text && !PLATFORM_LINE.test(text)) current.push(text)
  }
  const chosen = current.length ? current : last
  return chosen.length > MAX_LINES ? [...chosen.slice(0, MAX_LINES), '…'] : chosen
}

async function stackFunctions(clients: TargetClients, stackName: string): Promise<{ logicalId: string; name: string }[]> {
  const cfn = await clients.cfn()
  const found: { logicalId: string; name: string }[] = []
  let NextToken: string | undefined
  do {
    const page = await cfn.send(new ListStackResourcesCommand({ StackName: stackName, NextToken }))
    for (const r of page.StackResourceSummaries ?? []) {
      if (r.ResourceType === 'AWS::Lambda::Function' && r.PhysicalResourceId) found.push({ logicalId: r.LogicalResourceId ?? r.PhysicalResourceId, name: r.PhysicalResourceId })
    }
    NextToken = page.NextToken
  } while (NextToken)
  return found
}
