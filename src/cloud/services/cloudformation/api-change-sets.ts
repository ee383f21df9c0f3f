/**
 * @module Change sets: CreateChangeSet (CREATE creates the stack in REVIEW_IN_PROGRESS), DescribeChangeSet,
 * ExecuteChangeSet, DeleteChangeSet, ListChangeSets.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateChangeSet.html
 */
import { randomUUID } from 'node:crypto'
import { AwsError, validationError } from '../../core/aws-error.js'
import { checkStackName, newStack, prepareUpdate, snapshot, startCreate, startUpdate, type StackInput } from './api-stacks.js'
import { emit, now } from './engine/deps.js'
import { previewChanges } from './engine/change-set.js'
import { exportValue } from './engine/outputs.js'
import { loadTemplateBody, prepareDeployment } from './engine/prepare.js'
import { processBody } from './engine/language-extensions.js'
import { parseTemplate } from './engine/template.js'
import type { ChangeSetState, Deployment } from './model.js'
import { notFoundChangeSet, requireString, type CfnState } from './state.js'
import { actingFor, applyActing, type Requester } from './acting.js'
import { parametersView } from './views.js'

const NO_CHANGES = "The submitted information didn't contain changes. Submit different information to create a change set."

interface ChangeSetInput extends StackInput {
  ChangeSetName?: string
  ChangeSetType?: string
  Description?: string
}

export async function createChangeSet(state: CfnState, input: ChangeSetInput, region: string, requester?: Requester) {
  const stackName = requireString(input.StackName, 'stackName')
  const name = requireString(input.ChangeSetName, 'changeSetName')
  if (!/^[a-zA-Z][-a-zA-Z0-9]*$/.test(name) || name.length > 128) {
    throw validationError(`1 validation error detected: Value '${name}' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`)
  }
  const type = (input.ChangeSetType ?? 'UPDATE') as 'CREATE' | 'UPDATE'
  if (type !== 'CREATE' && type !== 'UPDATE') throw validationError(`ChangeSetType ${type} is not supported by the local cloud`)
  let stack = state.findStack(region, stackName)
  // The caller passes the role now (iam:PassRole, and CloudFormation must be able to assume it); whoever executes
  // the change set later acts as it.
  await actingFor(state.ctx, requester, input.RoleARN, stack?.roleARN)
  let deployment: Deployment
  let description: string | undefined
  let noChange = false
  if (type === 'CREATE') {
    checkStackName(stackName)
    if (stack && stack.status !== 'REVIEW_IN_PROGRESS') {
      throw validationError(`Stack [${stackName}] already exists and cannot be created again with the changeSet [${name}].`)
    }
    const body = await loadTemplateBody(input, state.ctx)
    const identity = { stackId: stack?.stackId ?? '', stackName, region, accountId: state.ctx.accountId }
    const prepared = prepareDeployment(body, input, identity, undefined, (n) => exportValue(state.data, region, n))
    deployment = prepared.deployment
    description = prepared.template.Description
    // Loading a TemplateURL awaited: another request may have made the stack meanwhile.
    stack = state.findStack(region, stackName)
    if (stack && stack.status !== 'REVIEW_IN_PROGRESS') {
      throw validationError(`Stack [${stackName}] already exists and cannot be created again with the changeSet [${name}].`)
    }
    if (!stack) {
      stack = newStack(state, region, stackName, { ...deployment }, description)
      emit(state.deps, stack, { status: 'REVIEW_IN_PROGRESS', reason: 'User Initiated' })
    }
  } else {
    if (!stack) throw validationError(`Stack [${stackName}] does not exist`)
    if (stack.status === 'REVIEW_IN_PROGRESS') throw validationError(`Stack [${stackName}] does not exist`)
    state.assertUpdatable(stack)
    const update = await prepareUpdate(state, stack, input)
    deployment = update.prepared.deployment
    description = update.prepared.template.Description
    noChange = update.noChange
  }
  if (Object.values(state.data.changeSets).some((c) => c.stackId === stack!.stackId && c.name === name)) {
    throw new AwsError('AlreadyExistsException', 400, `ChangeSet [${name}] already exists`)
  }
  const cs: ChangeSetState = {
    id: `arn:aws:cloudformation:${region}:${state.ctx.accountId}:changeSet/${name}/${randomUUID()}`,
    name,
    stackId: stack.stackId,
    stackName,
    region,
    type,
    description: input.Description,
    status: 'CREATE_PENDING',
    executionStatus: 'UNAVAILABLE',
    creationTime: now(),
    deployment,
    changes: [],
    roleARN: typeof input.RoleARN === 'string' && input.RoleARN !== '' ? input.RoleARN : undefined,
  }
  state.data.changeSets[cs.id] = cs
  state.saveNow()
  const target = stack
  state.enqueue(`${cs.id}`, async () => {
    cs.status = 'CREATE_IN_PROGRESS'
    try {
      const template = processBody(deployment.templateBody, {
        stackId: target.stackId, stackName, region, accountId: state.ctx.accountId,
        notificationARNs: deployment.notificationARNs, parameters: deployment.parameters, parameterTypes: deployment.parameterTypes,
      })
      cs.changes = previewChanges({
        template,
        stack: type === 'CREATE' ? undefined : target,
        provider: state.deps.provider,
        view: {
          stackId: target.stackId,
          stackName,
          region,
          accountId: state.ctx.accountId,
          notificationARNs: deployment.notificationARNs,
          parameters: deployment.parameters,
          parameterTypes: deployment.parameterTypes,
          exportValue: () => undefined,
        },
      })
      if (type === 'UPDATE' && noChange) Object.assign(cs, { status: 'FAILED', statusReason: NO_CHANGES })
      else Object.assign(cs, { status: 'CREATE_COMPLETE', executionStatus: 'AVAILABLE' })
    } catch (err) {
      Object.assign(cs, { status: 'FAILED', statusReason: (err as Error).message })
    }
    state.persist()
  })
  return { Id: cs.id, StackId: stack.stackId }
}

export function findChangeSet(state: CfnState, region: string, name: string | undefined, stackName?: string): ChangeSetState {
  const key = requireString(name, 'changeSetName')
  if (key.startsWith('arn:')) {
    const cs = state.data.changeSets[key]
    if (!cs) throw notFoundChangeSet(key)
    return cs
  }
  if (!stackName) throw validationError('StackName must be specified if ChangeSetName is not specified as an ARN.')
  const stack = state.findStack(region, stackName)
  const cs = stack && Object.values(state.data.changeSets).find((c) => c.stackId === stack.stackId && c.name === key)
  if (!cs) throw notFoundChangeSet(key)
  return cs
}

export function describeChangeSet(state: CfnState, input: { ChangeSetName?: string; StackName?: string }, region: string) {
  const cs = findChangeSet(state, region, input.ChangeSetName, input.StackName)
  return {
    ChangeSetName: cs.name,
    ChangeSetId: cs.id,
    StackId: cs.stackId,
    StackName: cs.stackName,
    Description: cs.description,
    Parameters: parametersView(cs.deployment),
    CreationTime: cs.creationTime,
    ExecutionStatus: cs.executionStatus,
    Status: cs.status,
    StatusReason: cs.statusReason,
    NotificationARNs: cs.deployment.notificationARNs,
    Capabilities: cs.deployment.capabilities,
    Tags: cs.deployment.tags,
    Changes: cs.changes.map((c) => ({ Type: 'Resource', ResourceChange: { ...c, Details: [] } })),
    IncludeNestedStacks: false,
  }
}

export async function executeChangeSet(
  state: CfnState,
  input: { ChangeSetName?: string; StackName?: string; DisableRollback?: string | boolean },
  region: string,
  requester?: Requester,
) {
  const cs = findChangeSet(state, region, input.ChangeSetName, input.StackName)
  const executable = () => {
    if (cs.executionStatus !== 'AVAILABLE') {
      throw new AwsError('InvalidChangeSetStatus', 400, `ChangeSet [${cs.id}] cannot be executed in its current execution status of [${cs.executionStatus}]`)
    }
  }
  executable()
  const stack = state.getStack(region, cs.stackId)
  const acting = await actingFor(state.ctx, requester, undefined, cs.roleARN ?? stack.roleARN)
  // Judging the role awaited: the change set may have been executed or deleted meanwhile.
  executable()
  if (!state.data.changeSets[cs.id]) throw notFoundChangeSet(input.ChangeSetName ?? '')
  applyActing(stack, acting)
  const finish = (ok: boolean) => {
    cs.executionStatus = ok ? 'EXECUTE_COMPLETE' : 'EXECUTE_FAILED'
    state.persist()
  }
  if (cs.type === 'CREATE') {
    if (stack.status !== 'REVIEW_IN_PROGRESS') throw validationError(`Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`)
    Object.assign(stack, structuredClone(cs.deployment), { changeSetId: cs.id, disableRollback: input.DisableRollback === true || input.DisableRollback === 'true' })
    cs.executionStatus = 'EXECUTE_IN_PROGRESS'
    startCreate(state, stack)
    state.enqueue(stack.stackId, async () => finish(stack.status === 'CREATE_COMPLETE'))
  } else {
    state.assertUpdatable(stack)
    cs.executionStatus = 'EXECUTE_IN_PROGRESS'
    stack.changeSetId = cs.id
    const description = parseTemplate(cs.deployment.templateBody).Description
    startUpdate(state, stack, structuredClone(cs.deployment), snapshot(stack), description, finish)
  }
  // AWS removes a stack's other change sets once one is executed.
  for (const other of Object.values(state.data.changeSets)) if (other.stackId === cs.stackId && other.id !== cs.id) delete state.data.changeSets[other.id]
  state.saveNow()
  return {}
}

export function deleteChangeSet(state: CfnState, input: { ChangeSetName?: string; StackName?: string }, region: string) {
  const cs = findChangeSet(state, region, input.ChangeSetName, input.StackName)
  if (cs.executionStatus === 'EXECUTE_IN_PROGRESS') {
    throw new AwsError('InvalidChangeSetStatus', 400, `ChangeSet [${cs.id}] cannot be deleted in its current execution status of [EXECUTE_IN_PROGRESS]`)
  }
  delete state.data.changeSets[cs.id]
  state.saveNow()
  return {}
}

export function listChangeSets(state: CfnState, input: { StackName?: string }, region: string) {
  const stack = state.getStack(region, requireString(input.StackName, 'stackName'))
  const Summaries = Object.values(state.data.changeSets)
    .filter((c) => c.stackId === stack.stackId)
    .map((c) => ({
      StackId: c.stackId,
      StackName: c.stackName,
      ChangeSetId: c.id,
      ChangeSetName: c.name,
      ExecutionStatus: c.executionStatus,
      Status: c.status,
      StatusReason: c.statusReason,
      CreationTime: c.creationTime,
      Description: c.description,
      IncludeNestedStacks: false,
    }))
  return { Summaries }
}
