/**
 * @module Parse a CloudFormation template body (JSON or YAML with short-form tags) into plain JSON.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html
 */
import { parseDocument } from 'yaml'
import { cloudFormationTags } from '../../../../common/cloudformation-yaml-tags.js'
import { validationError } from '../../../core/aws-error.js'
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
    // prettyErrors: the yaml library sets an error's line and column only with it.
    const doc = parseDocument(body, { customTags: cloudFormationTags(), uniqueKeys: true, prettyErrors: true })
    // An unknown tag (`!Bogus x`, a packaging tool's `!Rain::Embed file.py`) is a parse failure on AWS, never
    // the plain scalar the yaml library would keep.
    const problem = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED')
    if (problem) {
      const pos = problem.linePos?.[0]
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
