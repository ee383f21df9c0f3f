/**
 * @module The log groups a lab's stack leaves behind: Lambda creates `/aws/lambda/<function>` on a function's first
 * run, and API Gateway `API-Gateway-Execution-Logs_{apiId}/{stage}` when a stage logs; neither belongs to the stack,
 * so deleting the stack leaves them (on AWS they keep their events, and their storage costs). Teardown records the
 * stack's function names and API ids before it deletes the stack, then deletes and looks for these groups.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
 */
import { ListStackResourcesCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation'
import { DeleteLogGroupCommand, paginateDescribeLogGroups, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'

/** What owns log groups outside the stack: its functions' names and its REST APIs' ids. */
export interface LogGroupOwners {
  functions: string[]
  apis: string[]
  /** Stack names: `/aws/lambda/<stack>-…` finds the groups of its unnamed functions once the stack is gone. */
  stacks: string[]
}

export const noOwners = (): LogGroupOwners => ({ functions: [], apis: [], stacks: [] })

/** The stack's functions and REST APIs (read before the stack is deleted: afterwards nothing names them). */
export async function logGroupOwners(cfn: CloudFormationClient, stackId: string, stackName: string): Promise<LogGroupOwners> {
  const owners: LogGroupOwners = { functions: [], apis: [], stacks: [stackName] }
  let NextToken: string | undefined
  do {
    const page = await cfn.send(new ListStackResourcesCommand({ StackName: stackId, NextToken }))
    for (const r of page.StackResourceSummaries ?? []) {
      if (!r.PhysicalResourceId) continue
      if (r.ResourceType === 'AWS::Lambda::Function') owners.functions.push(r.PhysicalResourceId)
      if (r.ResourceType === 'AWS::ApiGateway::RestApi') owners.apis.push(r.PhysicalResourceId)
    }
    NextToken = page.NextToken
  } while (NextToken)
  return owners
}

export function mergeOwners(into: LogGroupOwners, more: LogGroupOwners): LogGroupOwners {
  into.functions.push(...more.functions)
  into.apis.push(...more.apis)
  into.stacks.push(...more.stacks)
  return into
}

/** The log groups of these owners that exist now, as `{name, arn}`. */
export async function findLogGroups(logs: CloudWatchLogsClient, owners: LogGroupOwners): Promise<{ name: string; arn: string }[]> {
  const prefixes = new Set([
    ...owners.functions.map((fn) => `/aws/lambda/${fn}`),
    // A trailing '-': stack `apigw-lab-350` must not match the functions of a stack `apigw-lab-3501`.
    ...owners.stacks.map((stack) => `/aws/lambda/${stack}-`),
    ...owners.apis.map((api) => `API-Gateway-Execution-Logs_${api}/`),
  ])
  const exact = new Set(owners.functions.map((fn) => `/aws/lambda/${fn}`))
  const found = new Map<string, string>()
  for (const prefix of prefixes) {
    for await (const page of paginateDescribeLogGroups({ client: logs }, { logGroupNamePrefix: prefix })) {
      for (const group of page.logGroups ?? []) {
        const name = group.logGroupName!
        // `/aws/lambda/fn` as a prefix also matches `/aws/lambda/fn2`: a function's group is matched exactly.
        if (exact.has(prefix) && name !== prefix) continue
        found.set(name, group.arn ?? name)
      }
    }
  }
  return [...found].map(([name, arn]) => ({ name, arn }))
}

/** Delete the owners' log groups; returns the names deleted. A group already gone is not an error. */
export async function deleteLogGroups(logs: CloudWatchLogsClient, owners: LogGroupOwners): Promise<string[]> {
  const deleted: string[] = []
  for (const { name } of await findLogGroups(logs, owners)) {
    try {
      await logs.send(new DeleteLogGroupCommand({ logGroupName: name }))
      deleted.push(name)
    } catch (err) {
      if ((err as Error).name !== 'ResourceNotFoundException') throw err
    }
  }
  return deleted
}
