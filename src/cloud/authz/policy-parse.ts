/**
 * @module Reading an IAM policy document (identity policy, resource policy, a Lambda authorizer's answer) into
 * the evaluator's checked shape. Untrusted input: read by own properties only, bounded, and refused with a
 * reason rather than half-understood — a statement the evaluator cannot read must never be skipped, since a
 * skipped Deny would allow.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { parseJsonBody } from '../protocols/json-body.js'
import { CONDITION_OPERATORS } from './policy-conditions.js'
import type { PolicyDocument, PolicyDocumentInput, PrincipalSpec, Statement } from './policy-types.js'

/** Why a document cannot be read, in words IAM's `MalformedPolicyDocument` would use. */
export class PolicyParseError extends Error {}

/** Statements and values per document: far above IAM's size quotas (6,144 characters for a user's policies). */
const MAX_STATEMENTS = 1000
const MAX_VALUES = 1000

const own = (o: Record<string, unknown>, key: string): unknown => (Object.hasOwn(o, key) ? o[key] : undefined)
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function parsePolicy(input: PolicyDocumentInput | unknown): PolicyDocument {
  const doc = typeof input === 'string' ? parseJsonBody(input, () => new PolicyParseError('This policy contains invalid Json')) : input
  if (!isObject(doc)) throw new PolicyParseError('This policy contains invalid Json')
  const raw = own(doc, 'Statement')
  if (raw === undefined) throw new PolicyParseError('Syntax errors in policy.')
  const list = Array.isArray(raw) ? raw : [raw]
  if (list.length > MAX_STATEMENTS) throw new PolicyParseError('Policy document has too many statements.')
  const version = own(doc, 'Version')
  return { statements: list.map((s) => parseStatement(s, version === '2012-10-17')) }
}

function strings(value: unknown, what: string): string[] {
  const list = Array.isArray(value) ? value : [value]
  if (list.length > MAX_VALUES) throw new PolicyParseError(`Too many values in ${what}.`)
  return list.map((v) => {
    if (typeof v === 'string') return v
    // IAM accepts numbers and booleans in conditions (`"aws:SecureTransport": false`) as their text.
    if (typeof v === 'number' || typeof v === 'boolean') return String(v)
    throw new PolicyParseError(`Syntax errors in policy: ${what} must be a string or a list of strings.`)
  })
}

function parseStatement(s: unknown, variables: boolean): Statement {
  if (!isObject(s)) throw new PolicyParseError('Syntax errors in policy.')
  const effect = own(s, 'Effect')
  if (effect !== 'Allow' && effect !== 'Deny') throw new PolicyParseError('Syntax errors in policy: Effect must be Allow or Deny.')
  const action = own(s, 'Action')
  const notAction = own(s, 'NotAction')
  if ((action === undefined) === (notAction === undefined)) throw new PolicyParseError('Syntax errors in policy: a statement needs Action or NotAction (one of them).')
  const resource = own(s, 'Resource')
  const notResource = own(s, 'NotResource')
  if (resource !== undefined && notResource !== undefined) throw new PolicyParseError('Syntax errors in policy: Resource and NotResource cannot both be present.')
  const sid = own(s, 'Sid')
  const statement: Statement = {
    sid: typeof sid === 'string' ? sid : undefined,
    effect,
    actions: strings(action ?? notAction, 'Action').map((a) => a.toLowerCase()),
    notAction: notAction !== undefined,
    // A statement without Resource (a trust policy's) applies to the resource it is attached to.
    resources: resource === undefined && notResource === undefined ? ['*'] : strings(resource ?? notResource, 'Resource'),
    notResource: notResource !== undefined,
    conditions: parseConditions(own(s, 'Condition')),
  }
  const principal = own(s, 'Principal')
  const notPrincipal = own(s, 'NotPrincipal')
  if (principal !== undefined) statement.principal = parsePrincipal(principal)
  if (notPrincipal !== undefined) statement.notPrincipal = parsePrincipal(notPrincipal)
  // Policy variables (`${aws:username}`) exist only in version 2012-10-17; before it they are literal text.
  if (!variables) statement.resources = statement.resources.map((r) => r.replace(/\$\{/g, '${$}{'))
  return statement
}

function parsePrincipal(value: unknown): PrincipalSpec {
  if (value === '*') return { any: true }
  if (!isObject(value)) throw new PolicyParseError('Invalid principal in policy.')
  const spec = { aws: [] as string[], service: [] as string[], federated: [] as string[] }
  for (const key of Object.keys(value)) {
    const values = strings(value[key], `Principal.${key}`)
    if (key === 'AWS') spec.aws = values
    else if (key === 'Service') spec.service = values
    else if (key === 'Federated') spec.federated = values
    // Not implemented: CanonicalUser principals (S3 only).
    else throw new PolicyParseError(`Invalid principal in policy: "${key}"`)
  }
  if (spec.aws.includes('*')) return { any: true }
  return spec
}

function parseConditions(value: unknown): Statement['conditions'] {
  if (value === undefined) return []
  if (!isObject(value)) throw new PolicyParseError('Syntax errors in policy: Condition must be an object.')
  const conditions: Statement['conditions'] = []
  for (const operator of Object.keys(value)) {
    const base = operator.replace(/IfExists$/, '')
    if (!CONDITION_OPERATORS.has(base)) {
      // Not implemented: ForAnyValue:/ForAllValues: set operators and the Date operators.
      throw new PolicyParseError(`Condition operator ${operator} is not emulated by the local cloud (it knows ${[...CONDITION_OPERATORS].join(', ')}, each with IfExists).`)
    }
    const block = value[operator]
    if (!isObject(block)) throw new PolicyParseError(`Syntax errors in policy: ${operator} must map condition keys to values.`)
    for (const key of Object.keys(block)) conditions.push({ operator, key: key.toLowerCase(), values: strings(block[key], `${operator}.${key}`) })
  }
  return conditions
}
