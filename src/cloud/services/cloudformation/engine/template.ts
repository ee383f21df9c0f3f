/**
 * @module Parse a CloudFormation template body (JSON or YAML with short-form tags) into plain JSON.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html
 */
import { parseDocument, type ScalarTag, type CollectionTag } from 'yaml'
import { validationError } from '../../../core/aws-error.js'
import { jsonErrorOffset } from './json-position.js'

export interface Template {
  AWSTemplateFormatVersion?: string
  Description?: string
  Metadata?: Record<string, unknown>
  Parameters?: Record<string, any>
  Mappings?: Record<string, Record<string, Record<string, unknown>>>
  Conditions?: Record<string, unknown>
  Transform?: unknown
  Resources: Record<string, ResourceDef>
  Outputs?: Record<string, any>
  Rules?: Record<string, unknown>
}

export interface ResourceDef {
  Type: string
  Properties?: Record<string, unknown>
  DependsOn?: string | string[]
  Condition?: string
  DeletionPolicy?: string
  UpdateReplacePolicy?: string
  Metadata?: unknown
}

/** Short-form function tags and the long form each one stands for. */
const FUNCTION_TAGS = [
  'Base64', 'Cidr', 'FindInMap', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform',
  'If', 'Equals', 'Not', 'And', 'Or', 'Length', 'ToJsonString',
]

function tagsFor(name: string, wrap: (value: unknown) => unknown): (ScalarTag | CollectionTag)[] {
  const tag = `!${name}`
  return [
    { tag, resolve: (value: unknown) => wrap(value) } as ScalarTag,
    { tag, collection: 'seq', resolve: (seq: any) => wrap(seq.toJSON()) } as CollectionTag,
    { tag, collection: 'map', resolve: (map: any) => wrap(map.toJSON()) } as CollectionTag,
  ]
}

function customTags(): (ScalarTag | CollectionTag)[] {
  const tags: (ScalarTag | CollectionTag)[] = []
  for (const name of FUNCTION_TAGS) tags.push(...tagsFor(name, (v) => ({ [`Fn::${name}`]: v })))
  tags.push(...tagsFor('Ref', (v) => ({ Ref: v })))
  tags.push(...tagsFor('Condition', (v) => ({ Condition: v })))
  // `!GetAtt Resource.Attribute` is the string form of `Fn::GetAtt: [Resource, Attribute]`.
  tags.push(...tagsFor('GetAtt', (v) => ({ 'Fn::GetAtt': typeof v === 'string' ? splitGetAtt(v) : v })))
  return tags
}

export function splitGetAtt(value: string): string[] {
  const dot = value.indexOf('.')
  return dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)]
}

/** Parse a template body; malformed input is a `Template format error` worded as AWS words it. */
export function parseTemplate(body: string): Template {
  const trimmed = body.trimStart()
  let parsed: unknown
  if (trimmed.startsWith('{')) {
    try {
      parsed = JSON.parse(body)
    } catch {
      throw validationError(`Template format error: JSON not well-formed. ${jsonPosition(body)}`.trim())
    }
  } else {
    const doc = parseDocument(body, { customTags: customTags(), uniqueKeys: true, prettyErrors: false })
    if (doc.errors.length > 0) {
      const pos = doc.errors[0].linePos?.[0]
      throw validationError(`Template format error: YAML not well-formed. (line ${pos?.line ?? 1}, column ${pos?.col ?? 1})`)
    }
    parsed = doc.toJSON()
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw validationError('Template format error: unsupported structure.')
  }
  return parsed as Template
}

/** `(line N, column M)` from a JSON.parse error, which reports a character position. */
function jsonPosition(body: string): string {
  const offset = Math.max(0, jsonErrorOffset(body))
  const before = body.slice(0, offset).split('\n')
  return `(line ${before.length}, column ${before[before.length - 1].length + 1})`
}
