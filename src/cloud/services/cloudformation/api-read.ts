/**
 * @module Read operations: DescribeStacks, DescribeStackEvents, DescribeStackResource(s), ListStackResources,
 * ListStacks, GetTemplate, GetTemplateSummary, ValidateTemplate, ListExports, ListImports.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html
 */
import { validationError } from '../../core/aws-error.js'
import { findChangeSet } from './api-change-sets.js'
import { loadTemplateBody, type TemplateSource } from './engine/prepare.js'
import { checkTransforms, declaredTransforms, processBody, processTemplate } from './engine/language-extensions.js'
import { checkParameterDeclarations, isTrue } from './engine/parameters.js'
import { parseTemplate, type Template } from './engine/template.js'
import { validateTemplate as validate, type TemplateSummary } from './engine/validate.js'
import { requireString, type CfnState } from './state.js'
import { resourceSummaryView, resourceView, stackSummaryView, stackView } from './views.js'

export function describeStacks(state: CfnState, input: { StackName?: string }, region: string) {
  if (input.StackName) return { Stacks: [stackView(state.getStack(region, input.StackName))] }
  const stacks = Object.values(state.data.stacks).filter((s) => s.region === region && s.status !== 'DELETE_COMPLETE')
  return { Stacks: stacks.reverse().map(stackView) }
}

export function describeStackEvents(state: CfnState, input: { StackName?: string }, region: string) {
  const stack = state.getStack(region, requireString(input.StackName, 'stackName'))
  return { StackEvents: [...stack.events].reverse() }
}

export function describeStackResource(state: CfnState, input: { StackName?: string; LogicalResourceId?: string }, region: string) {
  const stack = state.getStack(region, requireString(input.StackName, 'stackName'))
  const id = requireString(input.LogicalResourceId, 'logicalResourceId')
  const r = stack.resources[id]
  if (!r) throw validationError(`Resource ${id} does not exist for stack ${stack.stackName}`)
  const { Timestamp, ...rest } = resourceView(stack, r)
  return { StackResourceDetail: { ...rest, LastUpdatedTimestamp: Timestamp } }
}

export function describeStackResources(
  state: CfnState,
  input: { StackName?: string; LogicalResourceId?: string; PhysicalResourceId?: string },
  region: string,
) {
  let stack = input.StackName ? state.getStack(region, input.StackName) : undefined
  if (!stack) {
    if (!input.PhysicalResourceId) throw validationError('Either StackName or PhysicalResourceId must be specified.')
    stack = Object.values(state.data.stacks).find(
      (s) => s.region === region && s.status !== 'DELETE_COMPLETE' && Object.values(s.resources).some((r) => r.physicalId === input.PhysicalResourceId),
    )
    if (!stack) throw validationError(`Stack for ${input.PhysicalResourceId} does not exist`)
  }
  const s = stack
  const resources = Object.values(s.resources).filter((r) => !input.LogicalResourceId || r.logicalId === input.LogicalResourceId)
  return { StackResources: resources.map((r) => resourceView(s, r)) }
}

export function listStackResources(state: CfnState, input: { StackName?: string }, region: string) {
  const stack = state.getStack(region, requireString(input.StackName, 'stackName'))
  return { StackResourceSummaries: Object.values(stack.resources).map(resourceSummaryView) }
}

export function listStacks(state: CfnState, input: { StackStatusFilter?: string[] }, region: string) {
  const filter = input.StackStatusFilter ?? []
  const stacks = Object.values(state.data.stacks).filter((s) => s.region === region && (filter.length === 0 || filter.includes(s.status)))
  return { StackSummaries: stacks.reverse().map(stackSummaryView) }
}

/**
 * `TemplateStage: Processed` gives the template after its transforms ran (JSON), `Original` the one given.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_GetTemplate.html
 */
export function getTemplate(state: CfnState, input: { StackName?: string; ChangeSetName?: string; TemplateStage?: string }, region: string) {
  const stack = input.ChangeSetName ? undefined : state.getStack(region, requireString(input.StackName, 'stackName'))
  const cs = input.ChangeSetName ? findChangeSet(state, region, input.ChangeSetName, input.StackName) : undefined
  const deployment = cs?.deployment ?? stack!
  const body = deployment.templateBody
  if (input.TemplateStage !== 'Processed' || declaredTransforms(parseTemplate(body)).length === 0) return { TemplateBody: body, StagesAvailable: ['Original', 'Processed'] }
  const target = stack ?? state.data.stacks[cs!.stackId]
  const processed = processBody(body, {
    stackId: target.stackId, stackName: target.stackName, region: target.region, accountId: state.ctx.accountId,
    notificationARNs: deployment.notificationARNs, parameters: deployment.parameters, parameterTypes: deployment.parameterTypes,
  })
  return { TemplateBody: JSON.stringify(processed), StagesAvailable: ['Original', 'Processed'] }
}

function parameterDeclarations(template: Template) {
  return Object.entries(template.Parameters ?? {}).map(([key, d]) => ({
    ParameterKey: key,
    DefaultValue: d.Default === undefined ? undefined : Array.isArray(d.Default) ? d.Default.join(',') : String(d.Default),
    ParameterType: String(d.Type),
    NoEcho: isTrue(d.NoEcho),
    Description: d.Description,
    ParameterConstraints: Array.isArray(d.AllowedValues) ? { AllowedValues: d.AllowedValues.map(String) } : {},
  }))
}

/**
 * A template's summary for ValidateTemplate and GetTemplateSummary, which take no parameter values: transforms
 * are expanded with the parameters' defaults, and a template they cannot expand without values is checked as far
 * as it can be (AWS checks such templates when a stack operation gives the values).
 */
function summarize(state: CfnState, body: string, region: string) {
  const raw = parseTemplate(body)
  const transforms = declaredTransforms(raw)
  if (transforms.length === 0) return { template: raw, summary: validate(raw), transforms }
  checkTransforms(raw)
  checkParameterDeclarations(raw)
  const parameters: Record<string, string> = {}
  const parameterTypes: Record<string, string> = {}
  for (const [name, decl] of Object.entries(raw.Parameters ?? {})) {
    parameterTypes[name] = String(decl.Type)
    if (decl.Default !== undefined) parameters[name] = Array.isArray(decl.Default) ? decl.Default.join(',') : String(decl.Default)
  }
  const view = { stackId: '', stackName: 'template', region, accountId: state.ctx.accountId, notificationARNs: [], parameters, parameterTypes }
  let template: Template
  try {
    template = processTemplate(raw, view)
  } catch (err) {
    if (Object.keys(parameters).length === Object.keys(parameterTypes).length) throw err
    return { template: raw, summary: { capabilities: [], resourceTypes: [] } as TemplateSummary, transforms }
  }
  return { template: raw, summary: validate(template), transforms }
}

export async function validateTemplate(state: CfnState, input: TemplateSource) {
  const { template, summary, transforms } = summarize(state, await loadTemplateBody(input, state.ctx), state.ctx.defaultRegion)
  return {
    Parameters: parameterDeclarations(template).map(({ ParameterKey, DefaultValue, NoEcho, Description }) => ({ ParameterKey, DefaultValue, NoEcho, Description })),
    Description: template.Description,
    Capabilities: summary.capabilities,
    CapabilitiesReason: summary.capabilitiesReason,
    DeclaredTransforms: transforms,
  }
}

export async function getTemplateSummary(state: CfnState, input: TemplateSource & { StackName?: string }, region: string) {
  const body = input.StackName ? state.getStack(region, input.StackName).templateBody : await loadTemplateBody(input, state.ctx)
  const { template, summary, transforms } = summarize(state, body, region)
  return {
    Parameters: parameterDeclarations(template),
    Description: template.Description,
    Capabilities: summary.capabilities,
    CapabilitiesReason: summary.capabilitiesReason,
    ResourceTypes: summary.resourceTypes,
    Version: template.AWSTemplateFormatVersion ?? '2010-09-09',
    Metadata: template.Metadata === undefined ? undefined : JSON.stringify(template.Metadata),
    DeclaredTransforms: transforms,
  }
}

export function listExports(state: CfnState, region: string) {
  const Exports = Object.values(state.data.stacks)
    .filter((s) => s.region === region && s.status !== 'DELETE_COMPLETE')
    .flatMap((s) => s.outputs.filter((o) => o.ExportName).map((o) => ({ ExportingStackId: s.stackId, Name: o.ExportName, Value: o.OutputValue })))
  return { Exports }
}

export function listImports(state: CfnState, input: { ExportName?: string }, region: string) {
  const name = requireString(input.ExportName, 'exportName')
  const Imports = Object.values(state.data.stacks)
    .filter((s) => s.region === region && s.status !== 'DELETE_COMPLETE' && s.imports?.includes(name))
    .map((s) => s.stackName)
  if (!listExports(state, region).Exports.some((e) => e.Name === name)) throw validationError(`Export '${name}' does not exist.`)
  return { Imports }
}
