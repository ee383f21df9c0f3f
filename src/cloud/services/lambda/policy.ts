/**
 * @module A function's resource-based policy: AddPermission statements, and the check API Gateway (and other
 * services) make before invoking — principal, action and the SourceArn/SourceAccount conditions.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
 */
import { wildcardMatch } from '../../authz/policy-match.js'
import { AwsError } from '../../core/aws-error.js'
import { invalidParameter } from './names.js'

export interface Statement {
  Sid: string
  Effect: 'Allow'
  Principal: '*' | { Service: string } | { AWS: string }
  Action: string
  Resource: string
  Condition?: Record<string, Record<string, string>>
}

export interface AddPermissionInput {
  StatementId?: string
  Action?: string
  Principal?: string
  SourceArn?: string
  SourceAccount?: string
  PrincipalOrgID?: string
  EventSourceToken?: string
}

const SID = /^([a-zA-Z0-9-_.]+)$/
const ACTION = /^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/

/** @see https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html */
export function makeStatement(input: AddPermissionInput, resource: string, existing: Statement[]): Statement {
  const { StatementId: sid, Action: action, Principal: principal } = input
  for (const [member, value] of Object.entries({ statementId: sid, action, principal, sourceArn: input.SourceArn, sourceAccount: input.SourceAccount })) {
    if (value !== undefined && value !== null && typeof value !== 'string') throw new AwsError('SerializationException', 400, `Could not parse request body into json: the member ${member} must be a string`)
  }
  if (!sid || !SID.test(sid) || sid.length > 100) {
    throw new AwsError('ValidationException', 400, `1 validation error detected: Value '${sid ?? 'null'}' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_.]+)`)
  }
  if (!action || !ACTION.test(action)) {
    throw new AwsError('ValidationException', 400, `1 validation error detected: Value '${action ?? 'null'}' at 'action' failed to satisfy constraint: Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])`)
  }
  if (!principal) {
    throw new AwsError('ValidationException', 400, `1 validation error detected: Value null at 'principal' failed to satisfy constraint: Member must not be null`)
  }
  if (existing.some((s) => s.Sid === sid)) {
    throw new AwsError('ResourceConflictException', 409, 'The statement id (' + sid + ') provided already exists. Please choose a new statement id, or remove the existing statement.')
  }
  const statement: Statement = { Sid: sid, Effect: 'Allow', Principal: principalOf(principal), Action: action, Resource: resource }
  const condition: Record<string, Record<string, string>> = {}
  if (input.SourceAccount) (condition.StringEquals ??= {})['AWS:SourceAccount'] = input.SourceAccount
  if (input.PrincipalOrgID) (condition.StringEquals ??= {})['aws:PrincipalOrgID'] = input.PrincipalOrgID
  if (input.EventSourceToken) (condition.StringEquals ??= {})['lambda:EventSourceToken'] = input.EventSourceToken
  if (input.SourceArn) (condition.ArnLike ??= {})['AWS:SourceArn'] = input.SourceArn
  if (Object.keys(condition).length) statement.Condition = condition
  return statement
}

function principalOf(principal: string): Statement['Principal'] {
  if (principal === '*') return '*'
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` }
  if (principal.startsWith('arn:')) return { AWS: principal }
  if (/^[a-z0-9.-]+\.amazonaws\.com$/.test(principal)) return { Service: principal }
  throw invalidParameter(`The provided principal was invalid. Please check the principal and try again.`)
}

export function policyDocument(statements: Statement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements })
}

/** IAM's ArnLike: `*` matches any run of characters, `?` one character (linear time: no backtracking regex). */
export function arnLike(pattern: string, value: string): boolean {
  return wildcardMatch(pattern, value)
}

function actionAllows(action: string): boolean {
  return action === '*' || action === 'lambda:*' || action === 'lambda:InvokeFunction'
}

function principalAllows(statement: Statement, principal: string): boolean {
  const p = statement.Principal
  if (p === '*') return true
  if ('Service' in p) return p.Service === principal
  return p.AWS === principal || p.AWS === `arn:aws:iam::${principal}:root`
}

/**
 * Does any statement let `principal` invoke the function for a call coming from `sourceArn`? A statement whose
 * SourceArn condition does not match, or that names a SourceArn when the caller gave none, does not apply.
 */
export function allowsInvoke(statements: Statement[], principal: string, sourceArn?: string, sourceAccount?: string): boolean {
  return statements.some((s) => {
    if (!actionAllows(s.Action) || !principalAllows(s, principal)) return false
    const wantedArn = s.Condition?.ArnLike?.['AWS:SourceArn'] ?? s.Condition?.ArnEquals?.['AWS:SourceArn']
    if (wantedArn && (!sourceArn || !arnLike(wantedArn, sourceArn))) return false
    const wantedAccount = s.Condition?.StringEquals?.['AWS:SourceAccount']
    const account = sourceAccount ?? sourceArn?.split(':')[4]
    if (wantedAccount && wantedAccount !== account) return false
    return true
  })
}
