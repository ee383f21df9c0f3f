/**
 * @module CreateStack, UpdateStack, DeleteStack: checked synchronously, then run off the request path.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html
 */
import { AwsError, validationError } from '../../core/aws-error.js'
import { emit, now } from './engine/deps.js'
import { isTrue } from './engine/parameters.js'
import { loadTemplateBody, prepareDeployment, type DeploymentInput } from './engine/prepare.js'
import { previewChanges } from './engine/change-set.js'
import { exportsInUse, exportValue } from './engine/outputs.js'
import { parseTemplate } from './engine/template.js'
import type { Deployment, StackState } from './model.js'
import { requireString, type CfnState } from './state.js'
import { actingFor, applyActing, type Requester } from './acting.js'

export const STACK_NAME = /^[a-zA-Z][-a-zA-Z0-9]*$/

// Not implemented: TimeoutInMinutes, RollbackConfiguration, StackPolicyBody/URL.
export interface StackInput extends DeploymentInput {
  StackName?: string
  EnableTerminationProtection?: boolean | string
  DisableRollback?: boolean | string
  OnFailure?: string
  /** The service role CloudFormation assumes for this and later operations on the stack (`acting.ts`). */
  RoleARN?: string
}

export function checkStackName(name: string): void {
  if (!STACK_NAME.test(name) || name.length > 128) {
    throw validationError(`1 validation error detected: Value '${name}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`)
  }
}

export function newStack(state: CfnState, region: string, name: string, deployment: Deployment, description?: string): StackState {
  const stackId = state.newStackId(region, name)
  const stack: StackState = {
    ...deployment,
    stackId,
    stackName: name,
    region,
    description,
    status: 'REVIEW_IN_PROGRESS',
    creationTime: now(),
    disableRollback: false,
    resources: {},
    events: [],
  }
  state.data.stacks[stackId] = stack
  return stack
}

export async function createStack(state: CfnState, input: StackInput, region: string, requester?: Requester) {
  const name = requireString(input.StackName, 'stackName')
  checkStackName(name)
  if (state.findStack(region, name)) throw new AwsError('AlreadyExistsException', 400, `Stack [${name}] already exists`)
  const body = await loadTemplateBody(input, state.ctx)
  const identity = { stackId: '', stackName: name, region, accountId: state.ctx.accountId }
  const prepared = prepareDeployment(body, { ...input, _direct: true }, identity, undefined, (n) => exportValue(state.data, region, n))
  const acting = await actingFor(state.ctx, requester, input.RoleARN)
  if (state.findStack(region, name)) throw new AwsError('AlreadyExistsException', 400, `Stack [${name}] already exists`)
  const stack = newStack(state, region, name, prepared.deployment, prepared.template.Description)
  if (input.OnFailure !== undefined && input.DisableRollback !== undefined) {
    throw validationError('You cannot specify both DisableRollback and OnFailure.')
  }
  stack.disableRollback = isTrue(input.DisableRollback) || input.OnFailure === 'DO_NOTHING'
  stack.deleteOnFailure = input.OnFailure === 'DELETE'
  stack.terminationProtection = isTrue(input.EnableTerminationProtection)
  applyActing(stack, acting)
  startCreate(state, stack)
  return { StackId: stack.stackId }
}

export function startCreate(state: CfnState, stack: StackState): void {
  emit(state.deps, stack, { status: 'CREATE_IN_PROGRESS', reason: 'User Initiated' })
  state.saveNow()
  state.enqueue(stack.stackId, () => state.executor.create(stack))
}

/** The deployment an update would apply, or `No updates are to be performed.` */
export async function prepareUpdate(state: CfnState, stack: StackState, input: StackInput) {
  const body = await loadTemplateBody(input, state.ctx, stack.templateBody)
  const previous: Deployment = snapshot(stack)
  const identity = { stackId: stack.stackId, stackName: stack.stackName, region: stack.region, accountId: state.ctx.accountId }
  const prepared = prepareDeployment(body, input, identity, previous, (n) => exportValue(state.data, stack.region, n))
  const changes = previewChanges({
    template: prepared.template,
    stack,
    provider: state.deps.provider,
    view: {
      ...identity,
      notificationARNs: prepared.deployment.notificationARNs,
      parameters: prepared.deployment.parameters,
      parameterTypes: prepared.deployment.parameterTypes,
      exportValue: (n) => exportValue(state.data, stack.region, n),
    },
  })
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
  // Any template difference (Metadata, DeletionPolicy, Outputs…) is an update even without resource changes.
  const noChange =
    changes.length === 0 &&
    same(parseTemplate(stack.templateBody), prepared.template) &&
    same(previous.parameters, prepared.deployment.parameters) &&
    same(previous.tags, prepared.deployment.tags)
  return { prepared, previous, changes, noChange }
}

export function snapshot(stack: StackState): Deployment {
  const { templateBody, parameters, noEcho, parameterTypes, tags, capabilities, notificationARNs, outputs } = stack
  return structuredClone({ templateBody, parameters, noEcho, parameterTypes, tags, capabilities, notificationARNs, outputs })
}

export async function updateStack(state: CfnState, input: StackInput, region: string, requester?: Requester) {
  const stack = state.getStack(region, requireString(input.StackName, 'stackName'))
  state.assertUpdatable(stack)
  const { prepared, previous, noChange } = await prepareUpdate(state, stack, { ...input, _direct: true })
  if (noChange) throw validationError('No updates are to be performed.')
  const acting = await actingFor(state.ctx, requester, input.RoleARN, stack.roleARN)
  state.assertUpdatable(stack)
  applyActing(stack, acting)
  startUpdate(state, stack, prepared.deployment, previous, prepared.template.Description)
  // A change set computed against the stack as it was can no longer be executed.
  for (const cs of Object.values(state.data.changeSets)) {
    if (cs.stackId === stack.stackId && cs.executionStatus === 'AVAILABLE') cs.executionStatus = 'OBSOLETE'
  }
  return { StackId: stack.stackId }
}

export function startUpdate(state: CfnState, stack: StackState, next: Deployment, previous: Deployment, description?: string, after?: (ok: boolean) => void): void {
  Object.assign(stack, next, { lastUpdatedTime: now(), description })
  emit(state.deps, stack, { status: 'UPDATE_IN_PROGRESS', reason: 'User Initiated' })
  state.saveNow()
  state.enqueue(stack.stackId, async () => {
    await state.executor.update(stack, previous)
    after?.(stack.status === 'UPDATE_COMPLETE')
  })
}

export async function deleteStack(state: CfnState, input: { StackName?: string; RetainResources?: string[]; RoleARN?: string }, region: string, requester?: Requester) {
  // AWS quirk: deleting a stack that does not exist succeeds.
  const stack = state.findStack(region, requireString(input.StackName, 'stackName'))
  if (!stack || stack.status === 'DELETE_COMPLETE' || stack.status === 'DELETE_IN_PROGRESS') return {}
  if (stack.terminationProtection) {
    throw validationError(`Stack [${stack.stackName}] cannot be deleted while TerminationProtection is enabled`)
  }
  const retain = input.RetainResources ?? []
  if (retain.length > 0 && stack.status !== 'DELETE_FAILED') {
    throw validationError('Invalid operation on stack: RetainResources can only be specified when the stack is in the DELETE_FAILED state')
  }
  /**
   * AWS quirk: a stack whose exports are imported is not deleted, yet DeleteStack succeeds; the stack keeps its
   * status and gains an event and a status reason saying why.
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-exports.html
   */
  const refused = () => {
    const reason = exportsInUse(state.data, stack)
    if (reason) emit(state.deps, stack, { status: stack.status, reason })
    return reason !== undefined
  }
  const acting = await actingFor(state.ctx, requester, input.RoleARN, stack.roleARN)
  // Judging a role awaited: another delete may have started meanwhile.
  if (stack.status === 'DELETE_COMPLETE' || stack.status === 'DELETE_IN_PROGRESS') return {}
  const run = async () => {
    applyActing(stack, acting)
    await state.executor.delete(stack, retain)
    if (stack.status !== 'DELETE_COMPLETE') return
    state.pruneDeleted()
    for (const cs of Object.values(state.data.changeSets)) if (cs.stackId === stack.stackId) delete state.data.changeSets[cs.id]
  }
  if (!stack.status.endsWith('_IN_PROGRESS') || stack.status === 'REVIEW_IN_PROGRESS') {
    if (refused()) return {}
    emit(state.deps, stack, { status: 'DELETE_IN_PROGRESS', reason: 'User Initiated' })
    state.saveNow()
    state.enqueue(stack.stackId, run)
  } else {
    // AWS accepts a delete while another operation runs; it starts once that one ends.
    state.enqueue(stack.stackId, async () => {
      if (stack.status === 'DELETE_COMPLETE' || stack.status === 'DELETE_IN_PROGRESS' || refused()) return
      emit(state.deps, stack, { status: 'DELETE_IN_PROGRESS', reason: 'User Initiated' })
      await run()
    })
  }
  return {}
}

/**
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_UpdateTerminationProtection.html
 */
export function updateTerminationProtection(state: CfnState, input: { StackName?: string; EnableTerminationProtection?: boolean | string }, region: string) {
  const stack = state.getStack(region, requireString(input.StackName, 'stackName'))
  if (stack.status === 'DELETE_COMPLETE') throw validationError(`Stack with id ${input.StackName} does not exist`)
  stack.terminationProtection = isTrue(input.EnableTerminationProtection)
  state.saveNow()
  return { StackId: stack.stackId }
}
