/**
 * @module What the stack's last operation did, in order, and what a resource waits for in the template: enough to
 * tell whether CloudFormation could have made a resource in parallel with another. CloudFormation starts every
 * resource whose dependencies are done at once, so only `DependsOn` and references (Ref, Fn::GetAtt, Fn::Sub) order
 * them. Stack events through the AWS API only, so it judges the same on AWS and locally.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackEvents.html
 */
import { DescribeStackEventsCommand, type CloudFormationClient, type StackEvent } from '@aws-sdk/client-cloudformation'

export type TemplateResources = Record<string, { Type?: string; DependsOn?: unknown; Properties?: Record<string, unknown> }>

/** A resource event of the last operation; `order` grows with time (0 = the operation's first event). */
export interface OperationEvent {
  logicalId: string
  status: string
  order: number
}

/** How far back to page: a lab stack's operation has a few hundred events at most. */
const MAX_PAGES = 10

/**
 * The resource events of the stack's latest create or update, oldest first: DescribeStackEvents answers newest first,
 * back to the stack's own `CREATE_IN_PROGRESS`/`UPDATE_IN_PROGRESS` ("User Initiated") that began it.
 */
export async function lastOperationEvents(cfn: CloudFormationClient, stackName: string): Promise<OperationEvent[]> {
  const newestFirst: StackEvent[] = []
  let token: string | undefined
  let begun = false
  for (let page = 0; page < MAX_PAGES && !begun; page++) {
    const answer = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName, NextToken: token }))
    for (const event of answer.StackEvents ?? []) {
      if (event.ResourceType === 'AWS::CloudFormation::Stack' && event.PhysicalResourceId === event.StackId) {
        if (event.ResourceStatus === 'CREATE_IN_PROGRESS' || event.ResourceStatus === 'UPDATE_IN_PROGRESS') {
          begun = true
          break
        }
        continue
      }
      newestFirst.push(event)
    }
    token = answer.NextToken
    if (!token) break
  }
  if (!begun) return [] // an operation older than we page back through: judge nothing rather than guess
  return newestFirst.reverse().map((e, order) => ({ logicalId: e.LogicalResourceId ?? '', status: e.ResourceStatus ?? '', order }))
}

/** Every resource `logicalId` waits for, directly or through others: DependsOn and references in its properties. */
export function dependencyClosure(resources: TemplateResources, logicalId: string): Set<string> {
  const found = new Set<string>()
  const pending = [logicalId]
  while (pending.length) {
    const id = pending.pop()!
    const resource = Object.hasOwn(resources, id) ? resources[id] : undefined
    if (!resource) continue
    for (const next of [...dependsOnOf(resource.DependsOn), ...referencesIn(resource.Properties)]) {
      if (next === logicalId || found.has(next) || !Object.hasOwn(resources, next)) continue
      found.add(next)
      pending.push(next)
    }
  }
  return found
}

function dependsOnOf(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/** Logical ids named by Ref, Fn::GetAtt and `${Name}`/`${Name.Attr}` in Fn::Sub strings, anywhere in `value`. */
function referencesIn(value: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 64 || value === null || typeof value !== 'object') return out
  if (Array.isArray(value)) {
    for (const item of value) referencesIn(item, out, depth + 1)
    return out
  }
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'Ref' && typeof inner === 'string') out.push(inner)
    else if (key === 'Fn::GetAtt') out.push(...(Array.isArray(inner) ? [String(inner[0])] : typeof inner === 'string' ? [inner.split('.')[0]] : []))
    else if (key === 'Fn::Sub') {
      const text = Array.isArray(inner) ? inner[0] : inner
      if (typeof text === 'string') for (const m of text.matchAll(/\$\{([^!}][^}.]*)(?:\.[^}]*)?\}/g)) out.push(m[1].trim())
    }
    referencesIn(inner, out, depth + 1)
  }
  return out
}
