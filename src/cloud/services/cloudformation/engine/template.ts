/**
 * @module Parse a CloudFormation template body (JSON or YAML with short-form tags) into plain JSON.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html
 */
import { parseDocument } from 'yaml'
import { cloudFormationTags } from '../../../../common/cloudformation-yaml-tags.js'
import { validationError } from '../../../core/aws-error.js'
import { jsonDepth, yamlDepth } from '../../../core/nesting.js'
import { jsonErrorOffset } from './json-position.js'

// Re-exported so the engine (graph.ts, intrinsics.ts) splits `Fn::GetAtt` strings as the YAML tag does.
export { splitGetAtt } from '../../../../common/cloudformation-yaml-tags.js'

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

/**
 * Limits on a template, checked on its text before it is parsed: CloudFormation's 1 MB template size (the
 * S3 form; a TemplateBody is capped at 51,200 bytes before this), a nesting depth no real template comes
 * near (the engine walks templates recursively), and YAML aliases (a "billion laughs" expands exponentially).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
 */
export const MAX_TEMPLATE_BYTES = 1_000_000
export const MAX_TEMPLATE_DEPTH = 100
export const MAX_YAML_ALIASES = 100

/** Parse a template body; malformed input is a `Template format error` worded as AWS words it. */
export function parseTemplate(body: string): Template {
  if (Buffer.byteLength(body) > MAX_TEMPLATE_BYTES) throw validationError(`Template may not exceed ${MAX_TEMPLATE_BYTES} bytes in size.`)
  const trimmed = body.trimStart()
  const tooDeep = () => validationError(`Template format error: the template nests deeper than ${MAX_TEMPLATE_DEPTH} levels.`)
  let parsed: unknown
  if (trimmed.startsWith('{')) {
    if (jsonDepth(body, MAX_TEMPLATE_DEPTH) > MAX_TEMPLATE_DEPTH) throw tooDeep()
    try {
      parsed = JSON.parse(body)
    } catch {
      throw validationError(`Template format error: JSON not well-formed. ${jsonPosition(body)}`.trim())
    }
  } else {
    if (yamlDepth(body, MAX_TEMPLATE_DEPTH) > MAX_TEMPLATE_DEPTH) throw tooDeep()
    parsed = parseYamlTemplate(body)
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw validationError('Template format error: unsupported structure.')
  }
  if ((body.includes('__proto__') || body.includes('\\')) && hasPrototypeKey(parsed, 0)) {
    throw validationError('Template format error: "__proto__" cannot be used as a name in a template.')
  }
  return parsed as Template
}

function parseYamlTemplate(body: string): unknown {
  let doc: ReturnType<typeof parseDocument>
  try {
    // prettyErrors: the yaml library sets an error's line and column only with it.
    doc = parseDocument(body, { customTags: cloudFormationTags(), uniqueKeys: true, prettyErrors: true })
  } catch {
    // A short-form tag (`!Sub`…) resolves its node while the document is composed: an alias bomb inside one throws here.
    throw aliasBomb()
  }
  // An unknown tag (`!Bogus x`, a packaging tool's `!Rain::Embed file.py`) is a parse failure on AWS, never
  // the plain scalar the yaml library would keep.
  const problem = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED')
  if (problem) {
    const pos = problem.linePos?.[0]
    throw validationError(`Template format error: YAML not well-formed. (line ${pos?.line ?? 1}, column ${pos?.col ?? 1})`)
  }
  try {
    return doc.toJS({ json: true, maxAliasCount: MAX_YAML_ALIASES })
  } catch {
    // The yaml library refuses an alias count that "indicates a resource exhaustion attack".
    throw aliasBomb()
  }
}

const aliasBomb = () => validationError(`Template format error: YAML not well-formed. (more than ${MAX_YAML_ALIASES} alias expansions)`)

/** A `__proto__` member anywhere (copied by assignment, it would set an object's prototype in the engine). */
function hasPrototypeKey(node: unknown, depth: number): boolean {
  if (node === null || typeof node !== 'object' || depth > MAX_TEMPLATE_DEPTH * 2) return false
  if (!Array.isArray(node) && Object.hasOwn(node, '__proto__')) return true
  return Object.values(node).some((child) => hasPrototypeKey(child, depth + 1))
}

/** `(line N, column M)` from a JSON.parse error, which reports a character position. */
function jsonPosition(body: string): string {
  const offset = Math.max(0, jsonErrorOffset(body))
  const before = body.slice(0, offset).split('\n')
  return `(line ${before.length}, column ${before[before.length - 1].length + 1})`
}
