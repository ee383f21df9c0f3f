/**
 * @module Static template validation, worded as AWS words it: sections, resource types, unresolved
 * references, circular dependencies and the IAM capabilities a template needs.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ValidateTemplate.html
 */
import { AwsError, validationError } from '../../../core/aws-error.js'
import { collectReferences, dependencyMap, dependsOnList, findCycle } from './graph.js'
import { checkParameterDeclarations } from './parameters.js'
import { IAM_TYPES, isKnownResourceType } from './resource-types.js'
import { checkRulesShape } from './rules.js'
import { checkTransforms } from './language-extensions.js'
import { intrinsicName } from './intrinsics.js'
import { splitGetAtt, type Template } from './template.js'

export const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId', 'AWS::Region', 'AWS::StackName', 'AWS::StackId', 'AWS::Partition', 'AWS::URLSuffix',
  'AWS::NoValue', 'AWS::NotificationARNs',
])

const SECTIONS = new Set([
  'AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Mappings', 'Conditions', 'Transform',
  'Resources', 'Outputs', 'Rules', 'Hooks',
])

const RESOURCE_KEYS = new Set([
  'Type', 'Properties', 'DependsOn', 'Condition', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata',
  'CreationPolicy', 'UpdatePolicy',
])

export interface TemplateSummary {
  capabilities: string[]
  capabilitiesReason?: string
  resourceTypes: string[]
}

export function validateTemplate(template: Template): TemplateSummary {
  const extra = Object.keys(template).filter((k) => !SECTIONS.has(k))
  if (extra.length > 0) throw validationError(`Template format error: Invalid template property or properties [${extra.join(', ')}]`)
  if (template.AWSTemplateFormatVersion !== undefined && String(template.AWSTemplateFormatVersion) !== '2010-09-09') {
    throw validationError(`Template format error: Unsupported template version: ${template.AWSTemplateFormatVersion}`)
  }
  // Transforms are expanded before validation (language-extensions.ts): only a refused one is left here.
  checkTransforms(template)
  const resources = template.Resources
  if (!resources || typeof resources !== 'object' || Object.keys(resources).length === 0) {
    throw validationError('Template format error: At least one Resources member must be defined.')
  }
  checkParameterDeclarations(template)
  const conditions = template.Conditions ?? {}
  for (const [id, def] of Object.entries(resources)) {
    if (!/^[A-Za-z0-9]+$/.test(id)) throw validationError(`Template format error: Resource name ${id} is non alphanumeric.`)
    if (!def || typeof def !== 'object' || typeof def.Type !== 'string') {
      throw validationError(`Template format error: [/Resources/${id}] Every Resources object must contain a Type member.`)
    }
    // `Version` is an attribute of custom resources only (AWS's samples write `Version: "1.0"`).
    const custom = def.Type === 'AWS::CloudFormation::CustomResource' || def.Type.startsWith('Custom::')
    const unknownKeys = Object.keys(def).filter((k) => !RESOURCE_KEYS.has(k) && !(custom && k === 'Version'))
    if (unknownKeys.length > 0) {
      throw validationError(`Template format error: Unrecognized resource attribute(s) [${unknownKeys.join(', ')}] in resource ${id}`)
    }
    if (def.Condition !== undefined && !(String(def.Condition) in conditions)) {
      throw validationError(`Template format error: Unresolved dependencies [${def.Condition}]. Cannot reference resources in the Conditions block of the template`)
    }
  }
  const unknownTypes = [...new Set(Object.values(resources).map((r) => r.Type))].filter((t) => !isKnownResourceType(t))
  if (unknownTypes.length > 0) throw validationError(`Template format error: Unrecognized resource types: [${unknownTypes.join(', ')}]`)

  for (const [key, out] of Object.entries(template.Outputs ?? {})) {
    if (!out || typeof out !== 'object' || out.Value === undefined) {
      throw validationError(`Template format error: Every Outputs member must contain a Value object, the element ${key} is missing the Value property`)
    }
  }
  checkConditionsBlock(template)
  checkRulesShape(template)
  checkIntrinsics(template.Resources, conditions)
  checkIntrinsics(template.Outputs, conditions)
  checkReferences(template, 'Resources')
  checkReferences(template, 'Outputs')
  const cycle = findCycle(dependencyMap(resources))
  if (cycle.length > 0) throw validationError(`Circular dependency between resources: [${cycle.join(', ')}]`)
  return { ...requiredCapabilities(template), resourceTypes: [...new Set(Object.values(resources).map((r) => r.Type))] }
}

/** Every `Ref`/`Fn::GetAtt`/`Fn::Sub` name must be a parameter, pseudo parameter or resource. */
function checkReferences(template: Template, block: 'Resources' | 'Outputs'): void {
  const resources = template.Resources
  const params = template.Parameters ?? {}
  const unresolved = new Set<string>()
  for (const [id, def] of Object.entries(template[block] ?? {})) {
    const body = block === 'Resources' ? { p: def.Properties, m: def.Metadata } : def
    const refs = collectReferences(body)
    for (const name of refs.refs) if (!Object.hasOwn(resources, name) && !Object.hasOwn(params, name) && !PSEUDO_PARAMETERS.has(name)) unresolved.add(name)
    for (const name of refs.getAtts) {
      if (!Object.hasOwn(resources, name)) throw validationError(`Template error: instance of Fn::GetAtt references undefined resource ${name}`)
    }
    if (block === 'Resources') for (const name of dependsOnList(def)) {
      if (!Object.hasOwn(resources, name)) throw validationError(`Template format error: Unresolved resource dependencies [${name}] in the Resources block of the template`)
    }
    void id
  }
  if (unresolved.size > 0) {
    throw validationError(`Template format error: Unresolved resource dependencies [${[...unresolved].join(', ')}] in the ${block} block of the template`)
  }
}

/**
 * Conditions may use parameters, pseudo parameters, mappings and other conditions, never resources.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html
 */
function checkConditionsBlock(template: Template): void {
  const params = template.Parameters ?? {}
  for (const def of Object.values(template.Conditions ?? {})) {
    const bad = [...collectReferences(def).refs].filter((name) => !Object.hasOwn(params, name) && !PSEUDO_PARAMETERS.has(name))
    if (bad.length) throw validationError(`Template format error: Unresolved dependencies [${bad.join(', ')}]. Cannot reference resources in the Conditions block of the template`)
  }
}

/**
 * What CloudFormation checks of intrinsic functions before it creates anything: `Fn::If` names a declared
 * condition, `Fn::GetAtt` has a resource and an attribute.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-conditions.html
 */
function checkIntrinsics(value: unknown, conditions: Record<string, unknown>): void {
  if (Array.isArray(value)) return value.forEach((v) => checkIntrinsics(v, conditions))
  if (value === null || typeof value !== 'object') return
  const fn = intrinsicName(value)
  const arg = fn ? (value as Record<string, unknown>)[fn] : undefined
  if (fn === 'Fn::If' && Array.isArray(arg) && typeof arg[0] === 'string' && !(arg[0] in conditions)) {
    throw validationError(`Template error: unresolved condition dependency ${arg[0]} in Fn::If`)
  }
  if (fn === 'Fn::GetAtt') {
    const parts = typeof arg === 'string' ? splitGetAtt(arg) : Array.isArray(arg) ? arg : []
    if (parts.length !== 2 || parts.some((p) => p === '' || p === undefined || p === null)) {
      throw validationError('Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute')
    }
  }
  for (const v of Object.values(value)) checkIntrinsics(v, conditions)
}

/**
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/control-access-with-iam.html#using-iam-capabilities
 */
export function requiredCapabilities(template: Template): { capabilities: string[]; capabilitiesReason?: string } {
  const iam = Object.values(template.Resources).filter((r) => r.Type in IAM_TYPES)
  if (iam.length === 0) return { capabilities: [] }
  const named = iam.some((r) => {
    const prop = IAM_TYPES[r.Type]
    return prop !== undefined && r.Properties?.[prop] !== undefined
  })
  const types = [...new Set(iam.map((r) => r.Type))]
  return {
    capabilities: [named ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM'],
    capabilitiesReason: `The following resource(s) require capabilities: [${types.join(', ')}]`,
  }
}

/** `InsufficientCapabilitiesException` unless the caller acknowledged what the template needs. */
export function checkCapabilities(needed: string[], given: string[]): void {
  if (needed.length === 0) return
  const ok = needed[0] === 'CAPABILITY_IAM' ? given.includes('CAPABILITY_IAM') || given.includes('CAPABILITY_NAMED_IAM') : given.includes(needed[0])
  if (!ok) throw new AwsError('InsufficientCapabilitiesException', 400, `Requires capabilities : [${needed[0]}]`)
}
