/**
 * @module IAM input validation with IAM's own error codes and messages.
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html
 */
import { AwsError } from '../../core/aws-error.js'
import { parseJsonBody } from '../../protocols/json-body.js'

const NAME = /^[\w+=,.@-]+$/
const PATH = /^\/(?:[\u0021-\u007E]*\/)?$/

/** `1 validation error detected: Value 'x' at 'roleName' failed to satisfy constraint: …` as IAM words it. */
function constraint(value: unknown, member: string, rule: string): AwsError {
  return new AwsError('ValidationError', 400, `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${rule}`)
}

export function requireString(input: Record<string, unknown>, key: string): string {
  const value = input[key]
  if (typeof value !== 'string' || value === '') {
    const member = key[0].toLowerCase() + key.slice(1)
    throw constraint(value ?? 'null', member, 'Member must not be null')
  }
  return value
}

export function validName(value: string, member: string, max: number): string {
  if (value.length > max) throw constraint(value, member, `Member must have length less than or equal to ${max}`)
  if (!NAME.test(value)) throw constraint(value, member, 'Member must satisfy regular expression pattern: [\\w+=,.@-]+')
  return value
}

export function validPath(value: unknown): string {
  if (value === undefined || value === '') return '/'
  const path = String(value)
  if (path.length > 512 || !PATH.test(path)) {
    throw constraint(path, 'path', 'Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)')
  }
  return path
}

/**
 * A policy document must be JSON with a `Statement`; IAM answers `MalformedPolicyDocument` otherwise.
 * Not implemented: IAM's full grammar checks (actions, principals, condition operators).
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
export function validPolicyDocument(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  let doc: any
  doc = parseJsonBody(text, () => new AwsError('MalformedPolicyDocument', 400, 'This policy contains invalid Json'))
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new AwsError('MalformedPolicyDocument', 400, 'This policy contains invalid Json')
  if (doc.Statement === undefined) throw new AwsError('MalformedPolicyDocument', 400, 'Syntax errors in policy.')
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]
  for (const s of statements) {
    if (!s || typeof s !== 'object' || (s.Effect !== 'Allow' && s.Effect !== 'Deny')) {
      throw new AwsError('MalformedPolicyDocument', 400, 'Syntax errors in policy.')
    }
  }
  return text
}

export function validMaxSessionDuration(value: unknown): number {
  if (value === undefined || value === '') return 3600
  const n = Number(value)
  if (!Number.isInteger(n) || n < 3600 || n > 43200) {
    throw constraint(value, 'maxSessionDuration', 'Member must have value less than or equal to 43200')
  }
  return n
}

const POLICY_ARN = /^arn:aws[\w-]*:iam::(aws|\d{12}):policy\/[\u0021-\u007F]+$/

export function validPolicyArn(value: string): string {
  if (!POLICY_ARN.test(value)) throw new AwsError('InvalidInput', 400, `ARN ${value} is not valid.`)
  return value
}

export function validTags(value: unknown): { Key: string; Value: string }[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw constraint(value, 'tags', 'Member must be a list')
  if (value.length > 50) throw new AwsError('LimitExceeded', 409, 'Cannot exceed quota for TagsPerRole: 50.')
  return value.map((t) => ({ Key: String(t?.Key ?? ''), Value: String(t?.Value ?? '') }))
}
