/**
 * @module Bucket policies: validation on PutBucketPolicy (`MalformedPolicy`), whether a policy is "public"
 * (Block Public Access), and evaluation for anonymous requests (website endpoint, unsigned GETs): an explicit
 * Deny wins, else an Allow is needed.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import { wildcardMatch } from '../../authz/policy-match.js'
import { parseJsonBody } from '../../protocols/json-body.js'
import { malformedPolicy } from './errors.js'

interface Statement {
  Sid?: string
  Effect: 'Allow' | 'Deny'
  Principal?: unknown
  NotPrincipal?: unknown
  Action?: string | string[]
  NotAction?: string | string[]
  Resource?: string | string[]
  NotResource?: string | string[]
  Condition?: Record<string, Record<string, string | string[] | boolean>>
}

export interface PolicyDocument {
  Version?: string
  Id?: string
  Statement: Statement[]
}

const STATEMENT_FIELDS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'])
const ACTION = /^(\*|s3:[A-Za-z*?]+)$/i
const OBJECT_ACTION = /^s3:(GetObject|PutObject|DeleteObject|AbortMultipartUpload|ListMultipartUploadParts|RestoreObject|ReplicateObject)/i
const BUCKET_ACTION = /^s3:(ListBucket|GetBucket|PutBucket|DeleteBucket|CreateBucket|ListAllMyBuckets|GetLifecycle|PutLifecycle|GetReplication|PutReplication|GetEncryption|PutEncryption|GetAccelerate|PutAccelerate|GetAnalytics|PutAnalytics|GetInventory|PutInventory|GetMetrics|PutMetrics)/i
/** Condition keys that pin a policy to fixed callers, so it is not "public". */
const FIXED_KEYS = /^aws:(SourceIp|SourceVpc|SourceVpce|SourceAccount|SourceArn|SourceOwner|PrincipalAccount|PrincipalArn|PrincipalOrgID|PrincipalOrgPaths|userid)$/i

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value])

/**
 * Parse and check a bucket policy as S3 does on PutBucketPolicy. The messages follow S3's; S3 does not
 * document them all, so some are close paraphrases.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html
 */
export function parsePolicy(text: string, bucket: string): PolicyDocument {
  if (Buffer.byteLength(text) > 20 * 1024) throw malformedPolicy('Policy exceeds the maximum allowed document size.')
  let doc: any
  if (!text.trimStart().startsWith('{')) throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'")
  doc = parseJsonBody(text, () => malformedPolicy("Policies must be valid JSON and the first byte must be '{'"))
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'")
  for (const field of Object.keys(doc)) {
    if (!['Version', 'Id', 'Statement'].includes(field)) throw malformedPolicy(`Unknown field ${field}`)
  }
  if (doc.Version !== undefined && doc.Version !== '2012-10-17' && doc.Version !== '2008-10-17') {
    throw malformedPolicy('The policy must contain a valid version string')
  }
  if (doc.Statement === undefined) throw malformedPolicy('Missing required field Statement')
  const statements: any[] = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]
  if (statements.length === 0) throw malformedPolicy('Could not parse the policy: Statement is empty!')
  for (const statement of statements) checkStatement(statement, bucket)
  const sids = statements.map((s) => s.Sid).filter((sid) => sid !== undefined)
  if (new Set(sids).size !== sids.length) throw malformedPolicy('Statement IDs (SID) in a single policy must be unique.')
  return { ...doc, Statement: statements }
}

function checkStatement(s: any, bucket: string): void {
  if (!s || typeof s !== 'object' || Array.isArray(s)) throw malformedPolicy('Statement is not an object')
  for (const field of Object.keys(s)) if (!STATEMENT_FIELDS.has(field)) throw malformedPolicy(`Unknown field ${field}`)
  if (s.Effect === undefined) throw malformedPolicy('Missing required field Effect')
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw malformedPolicy(`Invalid effect: ${s.Effect}`)
  if (s.Principal === undefined && s.NotPrincipal === undefined) throw malformedPolicy('Missing required field Principal')
  checkPrincipal(s.Principal ?? s.NotPrincipal)
  const actions = s.Action ?? s.NotAction
  if (actions === undefined) throw malformedPolicy('Missing required field Action')
  if (!isStrings(actions) || list(actions).some((a) => !ACTION.test(a))) throw malformedPolicy('Policy has invalid action')
  const resources = s.Resource ?? s.NotResource
  if (resources === undefined) throw malformedPolicy('Missing required field Resource')
  if (!isStrings(resources)) throw malformedPolicy('Policy has invalid resource')
  for (const resource of list(resources)) {
    if (resource === '*') continue
    const m = /^arn:aws:s3:::([^/]+)(\/.*)?$/.exec(resource)
    if (!m || !wildcard(m[1]).test(bucket)) throw malformedPolicy('Policy has invalid resource')
  }
  if (s.Action !== undefined && s.Resource !== undefined) checkActionsApply(list(s.Action), list(s.Resource))
  if (s.Condition !== undefined && (typeof s.Condition !== 'object' || Array.isArray(s.Condition))) {
    throw malformedPolicy('Invalid Condition')
  }
}

function checkPrincipal(p: unknown): void {
  if (p === '*') return
  if (!p || typeof p !== 'object' || Array.isArray(p)) throw malformedPolicy('Invalid principal in policy')
  for (const [type, value] of Object.entries(p)) {
    if (!['AWS', 'Service', 'CanonicalUser', 'Federated'].includes(type) || !isStrings(value)) {
      throw malformedPolicy('Invalid principal in policy')
    }
    if (type === 'AWS') {
      for (const v of list(value as string | string[])) {
        if (v !== '*' && !/^\d{12}$/.test(v) && !/^arn:aws:(iam|sts)::\d{12}:.+$/.test(v)) throw malformedPolicy('Invalid principal in policy')
      }
    }
  }
}

/**
 * AWS quirk: `s3:GetObject` on `arn:aws:s3:::bucket` (no `/*`) is rejected: object actions need an object
 * resource, bucket actions a bucket resource.
 */
function checkActionsApply(actions: string[], resources: string[]): void {
  const anyObject = resources.some((r) => r === '*' || r.includes('/') || /^arn:aws:s3:::[^/]*\*$/.test(r))
  const anyBucket = resources.some((r) => r === '*' || !r.includes('/'))
  for (const action of actions) {
    if (action.includes('*') || action.includes('?')) continue
    if ((OBJECT_ACTION.test(action) && !anyObject) || (BUCKET_ACTION.test(action) && !anyBucket)) {
      throw malformedPolicy('Action does not apply to any resource(s) in statement')
    }
  }
}

function isStrings(value: unknown): value is string | string[] {
  return typeof value === 'string' || (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string'))
}

/**
 * `*` and `?` wildcards, matched in linear time: a regular expression of `.*` runs backtracks polynomially, and an
 * anonymous caller chooses the key (and the Referer) it is matched against: a policy resource with four wildcards
 * (`bucket/…/…/…/….html`) held the cloud for over a minute on one 1.6 KB key.
 */
function wildcard(pattern: string, flags = ''): { test(value: string): boolean } {
  const fold = flags.includes('i') ? (v: string) => v.toLowerCase() : (v: string) => v
  return { test: (value) => wildcardMatch(fold(pattern), fold(value)) }
}

/** Every `{"AWS": …}` principal the policy names (Principal and NotPrincipal). */
export function awsPrincipals(doc: PolicyDocument): string[] {
  return doc.Statement.flatMap((s) =>
    [s.Principal, s.NotPrincipal].flatMap((p) => (p && typeof p === 'object' ? list((p as any).AWS) : [])),
  )
}

const anonymousPrincipal = (p: unknown): boolean =>
  p === '*' || (!!p && typeof p === 'object' && list((p as any).AWS).includes('*'))

/**
 * A policy is public when an Allow statement grants a wildcard principal without a condition that pins the
 * caller (source IP, VPC, account, ARN, organization).
 */
export function isPublicPolicy(doc: PolicyDocument): boolean {
  return doc.Statement.some((s) => {
    if (s.Effect !== 'Allow' || !anonymousPrincipal(s.Principal)) return false
    const keys = Object.values(s.Condition ?? {}).flatMap((c) => Object.keys(c ?? {}))
    return !keys.some((k) => FIXED_KEYS.test(k))
  })
}

/** What an anonymous request brings to condition evaluation. */
export interface RequestContext {
  sourceIp: string
  secureTransport: boolean
  referer?: string
  userAgent?: string
}

/** `allow`, `deny` (explicit) or `implicit-deny` for an anonymous caller. */
export function evaluateAnonymous(doc: PolicyDocument | undefined, action: string, resource: string, rc: RequestContext): 'allow' | 'deny' | 'implicit-deny' {
  if (!doc) return 'implicit-deny'
  let allowed = false
  for (const s of doc.Statement) {
    const principal = s.Principal !== undefined ? anonymousPrincipal(s.Principal) : !anonymousPrincipal(s.NotPrincipal)
    if (!principal) continue
    const actionHit = s.Action !== undefined ? list(s.Action).some((a) => wildcard(a, 'i').test(action)) : !list(s.NotAction).some((a) => wildcard(a, 'i').test(action))
    if (!actionHit) continue
    const resourceHit = s.Resource !== undefined ? list(s.Resource).some((r) => wildcard(r).test(resource)) : !list(s.NotResource).some((r) => wildcard(r).test(resource))
    if (!resourceHit || !conditionsHold(s.Condition, rc)) continue
    if (s.Effect === 'Deny') return 'deny'
    allowed = true
  }
  return allowed ? 'allow' : 'implicit-deny'
}

/**
 * The few condition operators and keys an anonymous local request can satisfy; a key the request lacks makes
 * the condition false, as in IAM.
 * Not implemented: ...IfExists, Null, numeric and date operators, multi-valued ForAnyValue/ForAllValues.
 */
function conditionsHold(condition: Statement['Condition'], rc: RequestContext): boolean {
  for (const [operator, entries] of Object.entries(condition ?? {})) {
    for (const [key, expected] of Object.entries(entries ?? {})) {
      const values = (Array.isArray(expected) ? expected : [expected]).map(String)
      const actual = contextValue(key, rc)
      if (actual === undefined) return false
      if (!applyOperator(operator, actual, values)) return false
    }
  }
  return true
}

function contextValue(key: string, rc: RequestContext): string | undefined {
  switch (key.toLowerCase()) {
    case 'aws:sourceip':
      return rc.sourceIp
    case 'aws:securetransport':
      return String(rc.secureTransport)
    case 'aws:referer':
      return rc.referer
    case 'aws:useragent':
      return rc.userAgent
    default:
      return undefined
  }
}

function applyOperator(operator: string, actual: string, values: string[]): boolean {
  switch (operator) {
    case 'StringEquals':
      return values.includes(actual)
    case 'StringNotEquals':
      return !values.includes(actual)
    case 'StringEqualsIgnoreCase':
      return values.some((v) => v.toLowerCase() === actual.toLowerCase())
    case 'StringLike':
      return values.some((v) => wildcard(v).test(actual))
    case 'StringNotLike':
      return !values.some((v) => wildcard(v).test(actual))
    case 'Bool':
      return values.some((v) => v.toLowerCase() === actual.toLowerCase())
    case 'IpAddress':
      return values.some((v) => inCidr(actual, v))
    case 'NotIpAddress':
      return !values.some((v) => inCidr(actual, v))
    default:
      return false
  }
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/')
  const toInt = (v: string) => v.split('.').reduce((n, part) => n * 256 + Number(part), 0)
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip) || !/^\d+\.\d+\.\d+\.\d+$/.test(base)) return ip === base
  const bits = bitsText === undefined ? 32 : Number(bitsText)
  if (bits === 0) return true
  const mask = 2 ** 32 - 2 ** (32 - bits)
  return (toInt(ip) & mask) >>> 0 === (toInt(base) & mask) >>> 0
}
