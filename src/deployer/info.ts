/** @module A lab's stack as it stands: status and outputs (in local URL styles on a local cloud of this project). */
import { paginateDescribeStacks, type Stack } from '@aws-sdk/client-cloudformation'
import { LabError } from '../runner/errors.js'
import { t } from '../ui/i18n.js'
import { TargetClients } from './clients.js'
import { localizeOutputs } from './local-urls.js'
import { describeStack } from './stacks.js'
import { LAB_TAG } from './tags.js'
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

/** Statuses in which the stack's resources (and so its outputs) are live. */
const LIVE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE'])

/**
 * Stack outputs as an object (local URL styles on a local cloud of this project); undefined when the stack is not there.
 * A stack that exists but is not live (a first deploy rolled back, a deploy still running) is a LabError that
 * says so: its outputs are empty or stale, and checks against them would only fail confusingly.
 */
export async function getStackOutputs(target: Target, stackName: string): Promise<Record<string, string> | undefined> {
  const info = await describeLabStack(target, stackName)
  if (!info || LIVE.has(info.status)) return info?.outputs
  const where = { stack: stackName, status: info.status, target: target.describe }
  if (info.status.endsWith('_IN_PROGRESS')) throw new LabError(t('deploy.stackBusy', where))
  if (info.status === 'DELETE_FAILED') throw new LabError(t('deploy.stackDeleteFailed', where), [t('deploy.stackDeleteFailedHint')])
  throw new LabError(t('deploy.stackNotLive', where), [t('deploy.stackNotLiveHint')])
}

export function outputsOf(stack: Stack): Record<string, string> {
  return Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue ?? '']))
}

/** Local URL styles wherever a local cloud of this project serves them: `--target local`, or an `--endpoint` found to be one. */
export function translate(target: Target, outputs: Record<string, string>): Record<string, string> {
  return target.localPort ? localizeOutputs(outputs, target.localPort) : outputs
}

/**
 * Every stack on the target that carries a lab's tag (`apigw-labs:lab`), whatever progress.json says: `lab status`
 * shows a stack a Ctrl-C, another LAB_HOME or a lost progress file left behind.
 */
export async function labStacks(target: Target): Promise<(LabStackInfo & { lab: string })[]> {
  const clients = new TargetClients(target)
  try {
    const found: (LabStackInfo & { lab: string })[] = []
    for await (const page of paginateDescribeStacks({ client: await clients.cfn() }, {})) {
      for (const stack of page.Stacks ?? []) {
        const lab = stack.Tags?.find((tag) => tag.Key === LAB_TAG)?.Value
        if (!lab || stack.StackStatus === 'DELETE_COMPLETE') continue
        found.push({
          lab,
          stackName: stack.StackName!,
          stackId: stack.StackId!,
          status: stack.StackStatus!,
          outputs: translate(target, outputsOf(stack)),
          lastUpdated: stack.LastUpdatedTime ?? stack.CreationTime ?? new Date(0),
        })
      }
    }
    return found
  } finally {
    await clients.destroy()
  }
}
