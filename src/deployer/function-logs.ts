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

/**
 * What each of the stack's functions logged in its latest invocation since `sinceMs` (that is where the error of a
 * 502 is), under the function's logical id; empty when there is nothing or the logs cannot be read (this only
 * adds to a report, it never fails it).
 */
export async function recentFunctionLog(target: Target, stackName: string, sinceMs: number): Promise<string[]> {
  const clients = new TargetClients(target)
  try {
    const functions = await stackFunctions(clients, stackName)
    const logs = await clients.logs()
    const sections = await Promise.all(
      functions.map(async ({ logicalId, name }) => {
        const page = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${name}`, startTime: sinceMs, limit: 500 })).catch(() => undefined)
        const lines = lastInvocation((page?.events ?? []).map((e) => (e.message ?? '').replace(/\s+$/, '')))
        return lines.length ? [`${logicalId}:`, ...lines.map((l) => `  ${l}`)] : []
      }),
    )
    return sections.flat()
  } catch {
    return []
  } finally {
    await clients.destroy()
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
