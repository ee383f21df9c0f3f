/**
 * @module The `AWS::LanguageExtensions` transform, expanded by the engine as CloudFormation expands it before
 * anything else reads the template: `Fn::ForEach` loops in Resources (and resource properties), Outputs and
 * Conditions, with `${Id}` and `&{Id}` (non-alphanumeric characters dropped) forms and nested loops; intrinsic
 * functions in `DeletionPolicy` and `UpdateReplacePolicy`; and, only with the transform, `Fn::Length` and
 * `Fn::ToJsonString`. Its failures read `Transform AWS::LanguageExtensions failed with: …` as AWS's do.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/transform-aws-languageextensions.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-foreach.html
 */
import { validationError } from '../../../core/aws-error.js'
import { resolveValue, type Resolver } from './intrinsics.js'
import { stackResolver, type StackView } from './resolver.js'
import { parseTemplate, type ResourceDef, type Template } from './template.js'

export const LANGUAGE_EXTENSIONS = 'AWS::LanguageExtensions'
const FOR_EACH = 'Fn::ForEach::'

const failed = (message: string) => validationError(`Transform ${LANGUAGE_EXTENSIONS} failed with: ${message}`)

/** The functions CloudFormation knows without a transform (AWS lists them when it meets another). */
const BASE_FUNCTIONS = [
  'Fn::Base64', 'Fn::GetAtt', 'Fn::GetAZs', 'Fn::ImportValue', 'Fn::Join', 'Fn::Split', 'Fn::FindInMap', 'Fn::Select', 'Ref',
  'Fn::Equals', 'Fn::If', 'Fn::Not', 'Condition', 'Fn::And', 'Fn::Or', 'Fn::Contains', 'Fn::EachMemberEquals',
  'Fn::EachMemberIn', 'Fn::ValueOf', 'Fn::ValueOfAll', 'Fn::RefAll', 'Fn::Sub', 'Fn::Cidr',
]

/** The template's declared transforms, in order. */
export function declaredTransforms(template: Template): string[] {
  if (template.Transform === undefined) return []
  return ([] as unknown[]).concat(template.Transform).map((t) => (typeof t === 'string' ? t : JSON.stringify(t)))
}

/** Refuse transforms the local cloud does not run (it never deploys a template other than AWS would). */
export function checkTransforms(template: Template): void {
  // Not implemented: AWS::Serverless-2016-10-31 (SAM), AWS::Include, AWS::SecretsManager-* and macros.
  const other = declaredTransforms(template).filter((t) => t !== LANGUAGE_EXTENSIONS)
  if (other.length > 0) {
    throw validationError(`Template format error: Transform ${other.join(', ')} is not supported by the local cloud (it expands only ${LANGUAGE_EXTENSIONS})`)
  }
}

/**
 * The template as CloudFormation processes it. `resolver` resolves parameters, pseudo parameters, mappings and
 * conditions (never resources: the transform runs before any exists).
 */
export function expandTemplate(template: Template, resolverFor: (template: Template) => Resolver): Template {
  checkTransforms(template)
  if (!declaredTransforms(template).includes(LANGUAGE_EXTENSIONS)) {
    refuseExtensions(template)
    return template
  }
  const resolver = resolverFor(template)
  const out: Template = { ...template }
  delete out.Transform
  out.Resources = expandObject(template.Resources ?? {}, resolver, 'Resources') as Record<string, ResourceDef>
  if (template.Outputs) out.Outputs = expandObject(template.Outputs, resolver, 'Outputs') as Record<string, any>
  if (template.Conditions) out.Conditions = expandObject(template.Conditions, resolver, 'Conditions') as Record<string, unknown>
  // Policies can only be resolved once the (expanded) conditions are known.
  const withConditions = resolverFor(out)
  for (const [id, def] of Object.entries(out.Resources)) {
    if (!def || typeof def !== 'object') continue
    for (const key of ['DeletionPolicy', 'UpdateReplacePolicy'] as const) {
      if (def[key] === undefined || typeof def[key] === 'string') continue
      const value = resolveValue(def[key], withConditions)
      const allowed = key === 'DeletionPolicy' ? ['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot'] : ['Delete', 'Retain', 'Snapshot']
      if (typeof value !== 'string' || !allowed.includes(value)) throw failed(`${key} for resource ${id} must resolve to one of [${allowed.join(', ')}]`)
      out.Resources[id] = { ...out.Resources[id], [key]: value }
    }
  }
  return out
}

/** Without the transform, AWS does not know the extension functions. */
function refuseExtensions(value: unknown): void {
  if (Array.isArray(value)) return value.forEach(refuseExtensions)
  if (value === null || typeof value !== 'object') return
  for (const [key, v] of Object.entries(value)) {
    const name = key.startsWith(FOR_EACH) ? 'Fn::ForEach' : key
    // Local deviation: AWS's wording for a DefaultValue without the transform is not documented; this names the fix.
    if (name === 'Fn::FindInMap' && Array.isArray(v) && v.length === 4) {
      throw validationError('Template error: Fn::FindInMap takes a fourth argument (DefaultValue) only with the AWS::LanguageExtensions transform')
    }
    if (name === 'Fn::ForEach' || name === 'Fn::Length' || name === 'Fn::ToJsonString') {
      throw validationError(`Template format error: Encountered unsupported function: ${name} Supported functions are: [${BASE_FUNCTIONS.join(', ')}]`)
    }
    refuseExtensions(v)
  }
}

/** Expand every `Fn::ForEach::Name` key of `obj` (and of the objects inside it) into the keys it generates. */
function expandObject(obj: Record<string, unknown>, resolver: Resolver, where: string): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const put = (key: string, value: unknown) => {
    if (Object.hasOwn(out, key)) throw failed(`Duplicate key ${key} in ${where} after expanding Fn::ForEach`)
    out[key] = value
  }
  for (const [key, value] of Object.entries(obj)) {
    if (!key.startsWith(FOR_EACH)) {
      put(key, expandValue(value, resolver, where))
      continue
    }
    for (const [k, v] of Object.entries(loop(key, value, resolver, where))) put(k, v)
  }
  return out
}

function expandValue(value: unknown, resolver: Resolver, where: string): unknown {
  if (Array.isArray(value)) return value.map((v) => expandValue(v, resolver, where))
  if (value === null || typeof value !== 'object') return value
  const findInMap = findInMapWithDefault(value as Record<string, unknown>, resolver, where)
  if (findInMap.expanded) return findInMap.value
  return expandObject(value as Record<string, unknown>, resolver, where)
}

/**
 * `Fn::FindInMap` with a fourth `{DefaultValue: …}` argument: the transform resolves it (its keys may be intrinsics
 * that resolve during the transform) to the mapped value, or to the default when the map has no such keys.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-findinmap-enhancements.html
 */
function findInMapWithDefault(value: Record<string, unknown>, resolver: Resolver, where: string): { expanded: boolean; value?: unknown } {
  const keys = Object.keys(value)
  const args = value['Fn::FindInMap']
  if (keys.length !== 1 || keys[0] !== 'Fn::FindInMap' || !Array.isArray(args) || args.length !== 4) return { expanded: false }
  const fallback = args[3]
  if (fallback === null || typeof fallback !== 'object' || Array.isArray(fallback) || !Object.hasOwn(fallback, 'DefaultValue') || Object.keys(fallback).length !== 1) {
    throw failed(`Fn::FindInMap in ${where}: the fourth argument must be {DefaultValue: value}`)
  }
  let names: unknown[]
  try {
    names = args.slice(0, 3).map((arg) => resolveValue(expandValue(arg, resolver, where), resolver))
  } catch (err) {
    throw failed(`Fn::FindInMap in ${where} could not be resolved: ${(err as Error).message}`)
  }
  if (!names.every((n) => typeof n === 'string' || typeof n === 'number')) throw failed(`Fn::FindInMap in ${where}: the map name and keys must resolve to strings`)
  try {
    return { expanded: true, value: resolver.findInMap(String(names[0]), String(names[1]), String(names[2])) }
  } catch {
    return { expanded: true, value: expandValue((fallback as Record<string, unknown>).DefaultValue, resolver, where) }
  }
}

/** One loop: `[Identifier, Collection, {OutputKey: OutputValue, …}]`. */
function loop(key: string, layout: unknown, resolver: Resolver, where: string): Record<string, unknown> {
  const name = key.slice(FOR_EACH.length)
  if (!Array.isArray(layout) || layout.length !== 3 || typeof layout[0] !== 'string' || layout[2] === null || typeof layout[2] !== 'object' || Array.isArray(layout[2])) {
    throw failed(`Fn::ForEach layout is incorrect in ${where} loop ${name}`)
  }
  const [identifier, collectionExpr, fragment] = layout as [string, unknown, Record<string, unknown>]
  if (!/^[A-Za-z0-9]+$/.test(identifier)) throw failed(`Fn::ForEach identifier ${identifier} in loop ${name} must be alphanumeric`)
  for (const outputKey of Object.keys(fragment)) {
    if (!outputKey.startsWith(FOR_EACH) && !outputKey.includes(`\${${identifier}}`) && !outputKey.includes(`&{${identifier}}`)) {
      throw failed(`Fn::ForEach OutputKey ${outputKey} in loop ${name} must contain \${${identifier}} or &{${identifier}}`)
    }
  }
  const collection = resolveCollection(collectionExpr, resolver, name)
  const out: Record<string, unknown> = {}
  for (const item of collection) {
    const replaced = substitute(fragment, identifier, item) as Record<string, unknown>
    for (const [k, v] of Object.entries(expandObject(replaced, resolver, where))) {
      if (Object.hasOwn(out, k)) throw failed(`Duplicate key ${k} in ${where} after expanding Fn::ForEach loop ${name}`)
      out[k] = v
    }
  }
  return out
}

function resolveCollection(expr: unknown, resolver: Resolver, name: string): string[] {
  let value: unknown
  try {
    value = resolveValue(expr, resolver)
  } catch (err) {
    throw failed(`Fn::ForEach collection of loop ${name} could not be resolved: ${(err as Error).message}`)
  }
  if (!Array.isArray(value)) throw failed(`Fn::ForEach collection of loop ${name} must be a list`)
  return value.map((item) => {
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') return String(item)
    throw failed(`Fn::ForEach collection of loop ${name} must contain only strings`)
  })
}

/** Replace the identifier in keys and values: `${Id}`, `&{Id}` (alphanumeric characters only) and `Ref: Id`. */
function substitute(value: unknown, identifier: string, item: string): unknown {
  const text = (s: string) => s.split(`\${${identifier}}`).join(item).split(`&{${identifier}}`).join(item.replace(/[^A-Za-z0-9]/g, ''))
  if (typeof value === 'string') return text(value)
  if (Array.isArray(value)) return value.map((v) => substitute(v, identifier, item))
  if (value === null || typeof value !== 'object') return value
  const entries = Object.entries(value)
  if (entries.length === 1 && entries[0][0] === 'Ref' && entries[0][1] === identifier) return item
  return Object.fromEntries(entries.map(([k, v]) => [text(k), substitute(v, identifier, item)]))
}

/** What the transform may read: parameters and pseudo parameters (resources do not exist yet). */
export type TransformView = Omit<StackView, 'template' | 'physicalId' | 'attributes' | 'exportValue'>

/** `raw` as CloudFormation processes it for a stack operation with these parameter values. */
export function processTemplate(raw: Template, view: TransformView): Template {
  return expandTemplate(raw, (template) =>
    stackResolver({ ...view, template, physicalId: () => undefined, attributes: () => undefined, exportValue: () => undefined }))
}

/** A stored template body as processed for the stack operation (parameters from `view`). */
export function processBody(body: string, view: TransformView): Template {
  return processTemplate(parseTemplate(body), view)
}
