/**
 * @module A stack's view for intrinsic functions: parameters, pseudo parameters, resources' physical ids and
 * attributes, conditions, mappings and other stacks' exports.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
 */
import { evaluateCondition, TemplateError, type Resolver } from './intrinsics.js'
import { parameterRefValue } from './parameters.js'
import type { Template } from './template.js'

/** Stands for a value not known before deployment (change-set previews). */
export const UNKNOWN = '{{unknown-until-deployed}}'

export interface StackView {
  template: Template
  stackId: string
  stackName: string
  region: string
  accountId: string
  notificationARNs: string[]
  parameters: Record<string, string>
  parameterTypes: Record<string, string>
  /** Physical id of a deployed resource, or undefined. */
  physicalId(logicalId: string): string | undefined
  attributes(logicalId: string): Record<string, unknown> | undefined
  /** An export's value from any stack in the region. */
  exportValue(name: string): string | undefined
  /** Called for each `Fn::ImportValue` (so a stack remembers what it imports). */
  onImport?(name: string): void
}

export function partitionOf(region: string): { partition: string; urlSuffix: string } {
  if (region.startsWith('cn-')) return { partition: 'aws-cn', urlSuffix: 'amazonaws.com.cn' }
  if (region.startsWith('us-gov-')) return { partition: 'aws-us-gov', urlSuffix: 'amazonaws.com' }
  return { partition: 'aws', urlSuffix: 'amazonaws.com' }
}

export function stackResolver(view: StackView): Resolver {
  const conditions = new Map<string, boolean>()
  const evaluating = new Set<string>()
  const resolver: Resolver = {
    region: view.region,
    ref(name) {
      switch (name) {
        case 'AWS::AccountId':
          return view.accountId
        case 'AWS::Region':
          return view.region
        case 'AWS::StackName':
          return view.stackName
        case 'AWS::StackId':
          return view.stackId
        case 'AWS::Partition':
          return partitionOf(view.region).partition
        case 'AWS::URLSuffix':
          return partitionOf(view.region).urlSuffix
        case 'AWS::NotificationARNs':
          return view.notificationARNs
      }
      // Own names only: a parameter or resource named `constructor` is one, `toString` or `__proto__` is none.
      if (Object.hasOwn(view.parameters, name)) return parameterRefValue((Object.hasOwn(view.parameterTypes, name) && view.parameterTypes[name]) || 'String', view.parameters[name])
      if (Object.hasOwn(view.template.Resources, name)) {
        const id = view.physicalId(name)
        if (id === undefined) throw new TemplateError(`Template format error: Unresolved resource dependencies [${name}] in the Resources block of the template`)
        return id
      }
      throw new TemplateError(`Template format error: Unresolved resource dependencies [${name}] in the Resources block of the template`)
    },
    getAtt(logicalId, attribute) {
      if (!Object.hasOwn(view.template.Resources, logicalId)) throw new TemplateError(`Template error: instance of Fn::GetAtt references undefined resource ${logicalId}`)
      const attrs = view.attributes(logicalId)
      if (attrs === undefined) throw new TemplateError(`Template format error: Unresolved resource dependencies [${logicalId}] in the Resources block of the template`)
      if (attrs === UNKNOWN_ATTRIBUTES) return UNKNOWN
      if (!Object.hasOwn(attrs, attribute)) {
        throw new TemplateError(`Template error: resource ${logicalId} does not support attribute type ${attribute} in Fn::GetAtt`)
      }
      return attrs[attribute]
    },
    condition(name) {
      const known = conditions.get(name)
      if (known !== undefined) return known
      const conditionsBlock = view.template.Conditions
      const expr = conditionsBlock && Object.hasOwn(conditionsBlock, name) ? conditionsBlock[name] : undefined
      if (expr === undefined) throw new TemplateError(`Template format error: Unresolved dependencies [${name}]. Cannot reference resources in the Conditions block of the template`)
      if (evaluating.has(name)) throw new TemplateError(`Template error: circular condition dependency on ${name}`)
      evaluating.add(name)
      const value = evaluateCondition(expr, resolver)
      evaluating.delete(name)
      conditions.set(name, value)
      return value
    },
    findInMap(map, top, second) {
      // Own properties only: `!FindInMap [M, constructor, name]` must not read Object.prototype.
      const own = (o: unknown, key: string): any => (o !== null && typeof o === 'object' && Object.hasOwn(o, key) ? (o as any)[key] : undefined)
      const value = own(own(own(view.template.Mappings, map), top), second)
      if (value === undefined) throw new TemplateError(`Template error: Unable to get mapping for ${map}::${top}::${second}`)
      return value
    },
    importValue(name) {
      const value = view.exportValue(name)
      if (value === undefined) throw new TemplateError(`No export named ${name} found.`)
      view.onImport?.(name)
      return value
    },
  }
  return resolver
}

/** Returned by `attributes()` in previews for resources whose attributes are not known yet. */
export const UNKNOWN_ATTRIBUTES: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>

/** Whether the resource's `Condition` (if any) holds. */
export function resourceEnabled(template: Template, logicalId: string, resolver: Resolver): boolean {
  const cond = template.Resources[logicalId]?.Condition
  return cond === undefined || resolver.condition(String(cond))
}
