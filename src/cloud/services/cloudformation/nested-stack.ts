/**
 * @module `AWS::CloudFormation::Stack`: a nested stack is a stack of its own, created, updated and deleted
 * through the same operations, its outputs readable as `Outputs.<Name>`.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudformation-stack.html
 */
import { AwsError } from '../../core/aws-error.js'
import { physicalName } from '../../core/ids.js'
import type { ResourceContext, ResourceProvider } from '../../core/types.js'
import { createStack, deleteStack, updateStack } from './api-stacks.js'
import type { StackState } from './model.js'
import type { CfnState } from './state.js'
import type { Requester } from './acting.js'

interface NestedProps {
  TemplateURL: string
  Parameters?: Record<string, unknown>
  Tags?: { Key: string; Value: string }[]
  NotificationARNs?: string[]
  TimeoutInMinutes?: number
}

// Nested stacks may hold IAM resources and macros: the parent's acknowledgement covers them.
const ALL_CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND']

function input(props: NestedProps) {
  return {
    TemplateURL: props.TemplateURL,
    Parameters: Object.entries(props.Parameters ?? {}).map(([ParameterKey, v]) => ({
      ParameterKey,
      ParameterValue: Array.isArray(v) ? v.join(',') : String(v),
    })),
    Tags: props.Tags,
    NotificationARNs: props.NotificationARNs,
    Capabilities: ALL_CAPABILITIES,
  }
}

function attributes(stack: StackState) {
  return Object.fromEntries(stack.outputs.map((o) => [`Outputs.${o.OutputKey}`, o.OutputValue]))
}

/**
 * Why a nested stack's creation failed: the reason its first failure event gave (`The following resource(s)
 * failed to create: [X]. `), without the `Rollback requested by user.` that follows it.
 */
function creationFailure(stack: StackState): string {
  const event = stack.events.find((e) => e.LogicalResourceId === stack.stackName && e.PhysicalResourceId === stack.stackId &&
    ['ROLLBACK_IN_PROGRESS', 'CREATE_FAILED', 'DELETE_IN_PROGRESS'].includes(e.ResourceStatus) && e.ResourceStatusReason !== 'User Initiated')
  const reason = event?.ResourceStatusReason?.replace(/(Rollback|Delete) requested by user\.$/, '').trim()
  return reason || stack.statusReason || stack.status
}

export function nestedStackProvider(state: CfnState): ResourceProvider<NestedProps> {
  const settle = async (stackId: string) => {
    await state.settled(stackId)
    return state.data.stacks[stackId]
  }
  const parentOf = (stack: StackState, rc: ResourceContext) => {
    const parent = state.data.stacks[rc.stackId]
    stack.parentId = rc.stackId
    stack.rootId = parent?.rootId ?? rc.stackId
  }
  // A nested stack acts as its parent does (the parent's service role, or its caller's session), as on AWS.
  const parentRequester = (rc: ResourceContext): Requester => {
    const parent = state.data.stacks[rc.stackId]
    return parent ? { parent } : undefined
  }
  return {
    properties: ['TemplateURL', 'Parameters', 'Tags', 'NotificationARNs', 'TimeoutInMinutes'],
    required: ['TemplateURL'],
    async create(props, rc) {
      const name = physicalName(rc.stackName, rc.logicalId, 128).replace(/[^-a-zA-Z0-9]/g, '')
      const { StackId } = await createStack(state, { StackName: name, ...input(props) }, rc.region, parentRequester(rc))
      parentOf(state.data.stacks[StackId], rc)
      const stack = await settle(StackId)
      if (stack.status !== 'CREATE_COMPLETE') {
        const reason = creationFailure(stack)
        // The parent's rollback would not find this stack (the resource has no physical id yet): delete it now,
        // as AWS's rollback of the parent does, so nothing is left behind.
        await deleteStack(state, { StackName: StackId }, rc.region, parentRequester(rc))
        await settle(StackId)
        throw new AwsError('ValidationError', 400, `Embedded stack ${StackId} was not successfully created: ${reason}`)
      }
      return { physicalId: StackId, attributes: attributes(stack) }
    },
    async update(physicalId, props, _previous, rc) {
      try {
        await updateStack(state, { StackName: physicalId, ...input(props) }, rc.region, parentRequester(rc))
      } catch (err) {
        if ((err as Error).message !== 'No updates are to be performed.') throw err
      }
      const stack = await settle(physicalId)
      if (stack.status !== 'UPDATE_COMPLETE' && stack.status !== 'CREATE_COMPLETE') {
        throw new AwsError('ValidationError', 400, `Embedded stack ${physicalId} was not successfully updated. Currently in ${stack.status}.`)
      }
      return { physicalId, attributes: attributes(stack) }
    },
    async delete(physicalId, _props, rc) {
      await deleteStack(state, { StackName: physicalId }, rc.region, parentRequester(rc))
      const stack = await settle(physicalId)
      if (stack && stack.status !== 'DELETE_COMPLETE') {
        throw new AwsError('ValidationError', 400, `Embedded stack ${physicalId} was not successfully deleted: ${stack.statusReason ?? stack.status}`)
      }
    },
  }
}
