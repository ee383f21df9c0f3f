/**
 * @module Stack outputs and cross-stack exports: unique names per region, and no removing or changing an
 * export another stack imports.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-exports.html
 */
import type { CfnData, Output, StackState } from '../model.js'
import { resolveValue, TemplateError, type Resolver } from './intrinsics.js'
import type { Template } from './template.js'

function liveStacks(data: CfnData, region: string, except?: string): StackState[] {
  return Object.values(data.stacks).filter((s) => s.region === region && s.status !== 'DELETE_COMPLETE' && s.stackId !== except)
}

export function exportValue(data: CfnData, region: string, name: string): string | undefined {
  for (const stack of liveStacks(data, region)) {
    const out = stack.outputs.find((o) => o.ExportName === name)
    if (out) return out.OutputValue
  }
  return undefined
}

/** Names of the live stacks (other than `stack`) that import `name`. */
export function importersOf(data: CfnData, stack: StackState, name: string): string[] {
  return liveStacks(data, stack.region, stack.stackId)
    .filter((s) => s.imports?.includes(name))
    .map((s) => s.stackName)
}

/** `a`, `a and b`, `a, b and c` — as AWS lists importing stacks. */
export function joinNames(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

/** Why the stack's exports block its deletion (AWS leaves the stack as it was, with this reason), if they do. */
export function exportsInUse(data: CfnData, stack: StackState): string | undefined {
  for (const out of stack.outputs) {
    const users = out.ExportName ? importersOf(data, stack, out.ExportName) : []
    if (users.length > 0) return `Export ${out.ExportName} cannot be deleted as it is in use by ${joinNames(users)}`
  }
  return undefined
}

function asOutputString(value: unknown): string {
  if (Array.isArray(value)) return value.join(',')
  if (value !== null && typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** Resolve the Outputs section; throws a `TemplateError` worded as AWS's stack failure reason. */
export function computeOutputs(data: CfnData, stack: StackState, template: Template, r: Resolver, previous: Output[]): Output[] {
  const outputs: Output[] = []
  for (const [key, def] of Object.entries(template.Outputs ?? {})) {
    if (def?.Condition !== undefined && !r.condition(String(def.Condition))) continue
    const out: Output = { OutputKey: key, OutputValue: asOutputString(resolveValue(def?.Value, r)) }
    if (def?.Description !== undefined) out.Description = String(def.Description)
    if (def?.Export?.Name !== undefined) {
      out.ExportName = asOutputString(resolveValue(def.Export.Name, r))
      const owner = liveStacks(data, stack.region, stack.stackId).find((s) => s.outputs.some((o) => o.ExportName === out.ExportName))
      if (owner) throw new TemplateError(`Export with name ${out.ExportName} is already exported by stack ${owner.stackName}`)
    }
    outputs.push(out)
  }
  for (const old of previous) {
    if (!old.ExportName) continue
    const users = importersOf(data, stack, old.ExportName)
    if (users.length === 0) continue
    const now = outputs.find((o) => o.ExportName === old.ExportName)
    // AWS words a removed and a changed export alike.
    if (!now || now.OutputValue !== old.OutputValue) throw new TemplateError(`Export ${old.ExportName} cannot be updated as it is in use by ${joinNames(users)}`)
  }
  return outputs
}
