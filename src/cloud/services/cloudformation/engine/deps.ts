/** @module What the engine needs from the cloud: providers, cross-service calls, persistence, the clock. */
import { randomUUID } from 'node:crypto'
import type { CloudContext, ResourceContext, ResourceProvider } from '../../../core/types.js'
import type { CfnData, ResourceState, StackState } from '../model.js'

export interface EngineDeps {
  accountId: string
  endpoint: string
  data: CfnData
  provider(type: string): ResourceProvider | undefined
  /** In-process calls with the account's rights (the engine's own plumbing). */
  call: CloudContext['call']
  /** The calls a stack's resources are made with: judged as whoever its current operation acts as. */
  callFor(stack: StackState): CloudContext['call']
  /** Save state soon (coalesced). */
  persist(): void
  /** Save state now (what a crash must not lose: a create about to start, a physical id). */
  saveNow(): void
  log(message: string): void
}

const MAX_EVENTS = 2000

export const now = (): string => new Date().toISOString()

/** Record an event (stack or resource) and move the resource's (or stack's) status with it. */
export function emit(
  deps: EngineDeps,
  stack: StackState,
  e: { logicalId?: string; physicalId?: string; type?: string; status: string; reason?: string; properties?: unknown },
): void {
  const isStack = e.logicalId === undefined
  const timestamp = now()
  const resource = isStack ? undefined : stack.resources[e.logicalId!]
  stack.events.push({
    EventId: randomUUID(),
    StackId: stack.stackId,
    StackName: stack.stackName,
    LogicalResourceId: e.logicalId ?? stack.stackName,
    PhysicalResourceId: isStack ? stack.stackId : e.physicalId ?? resource?.physicalId ?? '',
    ResourceType: isStack ? 'AWS::CloudFormation::Stack' : e.type ?? resource?.type ?? '',
    Timestamp: timestamp,
    ResourceStatus: e.status,
    ResourceStatusReason: e.reason,
    ResourceProperties: e.properties === undefined ? undefined : masked(stack, JSON.stringify(e.properties)),
  })
  // Local limit: the oldest events go once a stack has many (AWS keeps them 90 days).
  if (stack.events.length > MAX_EVENTS) stack.events.splice(0, stack.events.length - MAX_EVENTS)
  if (isStack) {
    stack.status = e.status
    stack.statusReason = e.reason
  } else if (resource) {
    resource.status = e.status
    resource.statusReason = e.reason
    resource.timestamp = timestamp
  }
  deps.persist()
}

/** NoEcho parameter values never show in events. */
function masked(stack: StackState, text: string): string {
  for (const name of stack.noEcho) {
    const value = stack.parameters[name]
    if (value) text = text.split(JSON.stringify(value).slice(1, -1)).join('****')
  }
  return text
}

export function resourceContext(deps: EngineDeps, stack: StackState, r: ResourceState): ResourceContext {
  return {
    logicalId: r.logicalId,
    stackName: stack.stackName,
    stackId: stack.stackId,
    region: stack.region,
    accountId: deps.accountId,
    tags: [
      ...stack.tags,
      { Key: 'aws:cloudformation:stack-name', Value: stack.stackName },
      { Key: 'aws:cloudformation:stack-id', Value: stack.stackId },
      { Key: 'aws:cloudformation:logical-id', Value: r.logicalId },
    ],
    call: deps.callFor(stack),
    internal: deps.call,
    endpoint: deps.endpoint,
  }
}

/** A failure reason as CloudFormation reports a handler's error. */
export function failureReason(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && 'status' in err && (err as any).code !== 'ValidationError') {
    const e = err as { code: string; status: number; message: string }
    return `Resource handler returned message: "${e.message}" (Status Code: ${e.status}, Error Code: ${e.code})`
  }
  return err instanceof Error ? err.message : String(err)
}
