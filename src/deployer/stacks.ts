/**
 * @module Create, update and delete a stack like `aws cloudformation deploy` / `delete-stack --wait`, showing
 * events live and turning a failure into a LabError that names the resource and CloudFormation's reason.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-direct.html
 */
import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
  type CloudFormationClient,
  type Stack,
} from '@aws-sdk/client-cloudformation'
import { LabError } from '../runner/errors.js'
import { t } from '../ui/i18n.js'
import { EventWatcher, rootCauses } from './events.js'
import type { StackEventView } from './types.js'

export interface StackDeployInput {
  stackName: string
  /** Exactly one of body / url. */
  templateBody?: string
  templateUrl?: string
  tags: { Key: string; Value: string }[]
  onEvent?: (event: StackEventView) => void
  pollMs: number
}

export interface StackDeployOutcome {
  stack: Stack
  unchanged: boolean
}

const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'] as const
/** Stacks that cannot be updated and must be deleted first (AWS: "delete it and create it again"). */
const RECREATE = new Set(['ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'REVIEW_IN_PROGRESS', 'DELETE_FAILED'])

/** The stack, or undefined when CloudFormation says it does not exist. */
export async function describeStack(cfn: CloudFormationClient, stack: string): Promise<Stack | undefined> {
  try {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stack }))
    const found = Stacks?.[0]
    return found && found.StackStatus !== 'DELETE_COMPLETE' ? found : undefined
  } catch (err) {
    if (isMissingStack(err)) return undefined
    throw err
  }
}

export function isMissingStack(err: unknown): boolean {
  return /does not exist/.test((err as Error)?.message ?? '') && (err as Error).name === 'ValidationError'
}

export async function deployStack(cfn: CloudFormationClient, input: StackDeployInput): Promise<StackDeployOutcome> {
  let existing = await describeStack(cfn, input.stackName)
  if (existing && /_IN_PROGRESS$/.test(existing.StackStatus!) && existing.StackStatus !== 'REVIEW_IN_PROGRESS') {
    throw new LabError(t('deploy.busy', { stack: input.stackName, status: existing.StackStatus! }))
  }
  if (existing && RECREATE.has(existing.StackStatus!)) {
    await deleteStack(cfn, existing.StackId!, input.onEvent, input.pollMs)
    existing = undefined
  }
  const watcher = new EventWatcher(cfn, existing?.StackId ?? input.stackName, input.onEvent)
  if (existing) await watcher.prime()
  const template = input.templateBody !== undefined ? { TemplateBody: input.templateBody } : { TemplateURL: input.templateUrl }
  const common = { StackName: input.stackName, ...template, Capabilities: [...CAPABILITIES], Tags: input.tags }

  let stackId: string
  try {
    if (existing) {
      stackId = (await cfn.send(new UpdateStackCommand(common))).StackId ?? existing.StackId!
    } else {
      stackId = (await cfn.send(new CreateStackCommand(common))).StackId!
    }
  } catch (err) {
    if (existing && /No updates are to be performed/.test((err as Error).message)) return { stack: existing, unchanged: true }
    throw rejected(err)
  }
  watcher.stack = stackId
  const stack = await waitForStack(cfn, stackId, watcher, input.pollMs)
  const status = stack.StackStatus!
  if (status === 'CREATE_COMPLETE' || status === 'UPDATE_COMPLETE') return { stack, unchanged: false }
  throw failure(t('deploy.failed', { stack: input.stackName, status }), stack, watcher.events)
}

/** Delete a stack (by name or id) and wait until it is gone; DELETE_FAILED names what could not be deleted. */
export async function deleteStack(
  cfn: CloudFormationClient,
  stack: string,
  onEvent: ((event: StackEventView) => void) | undefined,
  pollMs: number,
): Promise<boolean> {
  const existing = await describeStack(cfn, stack)
  if (!existing) return false
  const watcher = new EventWatcher(cfn, existing.StackId!, onEvent)
  await watcher.prime()
  await cfn.send(new DeleteStackCommand({ StackName: existing.StackId! }))
  const final = await waitForStack(cfn, existing.StackId!, watcher, pollMs)
  if (final.StackStatus !== 'DELETE_COMPLETE') {
    throw failure(t('deploy.deleteFailed', { stack: existing.StackName!, status: final.StackStatus! }), final, watcher.events)
  }
  return true
}

/** Poll events and status until the stack leaves every *_IN_PROGRESS state. */
async function waitForStack(cfn: CloudFormationClient, stackId: string, watcher: EventWatcher, pollMs: number): Promise<Stack> {
  for (;;) {
    await watcher.poll()
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackId }))
    const stack = Stacks?.[0]
    if (!stack) throw new Error(`CloudFormation lost track of ${stackId}`)
    if (!/_IN_PROGRESS$/.test(stack.StackStatus!)) {
      await watcher.poll() // the last events (e.g. the stack's own COMPLETE) may land with the final status
      return stack
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs))
  }
}

function failure(headline: string, stack: Stack, events: StackEventView[]): LabError {
  const causes = rootCauses(events).map((e) => t('deploy.failedResource', { resource: e.logicalId, type: e.resourceType, reason: e.reason! }))
  if (causes.length === 0 && stack.StackStatusReason) causes.push(stack.StackStatusReason)
  return new LabError(headline, causes)
}

/** CloudFormation refused the request itself (template or parameter validation): its message is the lesson. */
function rejected(err: unknown): Error {
  const e = err as Error & { $metadata?: unknown }
  if (e.name === 'ValidationError' || e.name === 'InsufficientCapabilitiesException' || e.name === 'AlreadyExistsException') {
    return new LabError(t('deploy.rejected', { message: e.message }))
  }
  return e
}
