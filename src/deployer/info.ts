/** @module A lab's stack as it stands: status and outputs (in local URL styles on a local cloud of this project). */
import type { Stack } from '@aws-sdk/client-cloudformation'
import { TargetClients } from './clients.js'
import { localizeOutputs } from './local-urls.js'
import { describeStack } from './stacks.js'
import type { LabStackInfo, Target } from './types.js'

/** The lab's stack as it stands, or undefined when it is not deployed. */
export async function describeLabStack(target: Target, stackName: string): Promise<LabStackInfo | undefined> {
  const clients = new TargetClients(target)
  try {
    const stack = await describeStack(await clients.cfn(), stackName)
    if (!stack) return undefined
    return {
      stackName: stack.StackName!,
      stackId: stack.StackId!,
      status: stack.StackStatus!,
      ...(stack.StackStatusReason ? { statusReason: stack.StackStatusReason } : {}),
      outputs: translate(target, outputsOf(stack)),
      lastUpdated: stack.LastUpdatedTime ?? stack.CreationTime ?? new Date(0),
    }
  } finally {
    await clients.destroy()
  }
}

/** Stack outputs as an object (local URL styles on a local cloud of this project); undefined when the stack is not there. */
export async function getStackOutputs(target: Target, stackName: string): Promise<Record<string, string> | undefined> {
  return (await describeLabStack(target, stackName))?.outputs
}

export function outputsOf(stack: Stack): Record<string, string> {
  return Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue ?? '']))
}

/** Local URL styles wherever a local cloud of this project serves them: `--target local`, or an `--endpoint` found to be one. */
export function translate(target: Target, outputs: Record<string, string>): Record<string, string> {
  return target.localPort ? localizeOutputs(outputs, target.localPort) : outputs
}
