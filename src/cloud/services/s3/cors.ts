/**
 * @module Bucket CORS: the configuration (PutBucketCors XML and CloudFormation's CorsConfiguration), preflight
 * `OPTIONS` answers, and the `Access-Control-*` headers S3 adds to actual requests whose Origin a rule allows.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/RESTOPTIONSobject.html
 */
import { AwsError } from '../../core/aws-error.js'
import type { CloudRequest, CloudResponse } from '../../core/types.js'
import { invalidRequest, malformedXml } from './errors.js'
import type { StoredBucket } from './model.js'

export interface CorsRule {
  ID?: string
  AllowedHeaders?: string[]
  AllowedMethods: string[]
  AllowedOrigins: string[]
  ExposeHeaders?: string[]
  MaxAgeSeconds?: number
}

const METHODS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'HEAD'])

export function checkCors(rules: CorsRule[]): void {
  if (rules.length === 0 || rules.length > 100) throw malformedXml()
  for (const rule of rules) {
    if (!rule.AllowedMethods?.length || !rule.AllowedOrigins?.length) throw malformedXml()
    for (const method of rule.AllowedMethods) {
      if (!METHODS.has(method)) throw invalidRequest(`Found unsupported HTTP method in CORS config. Unsupported method is ${method}`)
    }
    for (const origin of rule.AllowedOrigins) {
      if ((origin.match(/\*/g) ?? []).length > 1) throw invalidRequest(`AllowedOrigin "${origin}" can not have more than one wildcard.`)
    }
  }
}

const pattern = (value: string) => new RegExp(`^${value.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i')

/** The first rule allowing this origin, method and (for a preflight) every requested header. */
function matchRule(rules: CorsRule[], origin: string, method: string, headers: string[]): CorsRule | undefined {
  return rules.find(
    (r) =>
      r.AllowedOrigins.some((o) => pattern(o).test(origin)) &&
      r.AllowedMethods.includes(method) &&
      headers.every((h) => (r.AllowedHeaders ?? []).some((a) => pattern(a).test(h))),
  )
}

function allowHeaders(rule: CorsRule, origin: string): Record<string, string> {
  const wildcard = rule.AllowedOrigins.includes('*')
  const headers: Record<string, string> = {
    'access-control-allow-origin': wildcard ? '*' : origin,
    'access-control-allow-methods': rule.AllowedMethods.join(', '),
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  }
  if (!wildcard) headers['access-control-allow-credentials'] = 'true'
  if (rule.ExposeHeaders?.length) headers['access-control-expose-headers'] = rule.ExposeHeaders.join(', ')
  if (rule.MaxAgeSeconds !== undefined) headers['access-control-max-age'] = String(rule.MaxAgeSeconds)
  return headers
}

const corsForbidden = () =>
  new AwsError(
    'AccessForbidden',
    403,
    'CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource\'s CORS spec.',
  )

/** Answer a preflight `OPTIONS` for this bucket. */
export function preflight(req: CloudRequest, bucket: StoredBucket): CloudResponse {
  const origin = req.headers['origin']
  const method = req.headers['access-control-request-method']
  if (!origin) throw new AwsError('BadRequest', 400, 'Insufficient information. Origin request header needed.')
  if (!method) throw new AwsError('BadRequest', 400, 'Invalid Access-Control-Request-Method: null')
  const requested = (req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean)
  const rule = bucket.Cors && matchRule(bucket.Cors, origin, method, requested)
  if (!rule) throw corsForbidden()
  const headers = allowHeaders(rule, origin)
  if (requested.length) headers['access-control-allow-headers'] = requested.join(', ')
  return { status: 200, headers, body: '' }
}

/** The CORS headers for an actual request carrying an Origin, if a rule allows it. */
export function corsHeaders(req: CloudRequest, bucket: StoredBucket | undefined): Record<string, string> {
  const origin = req.headers['origin']
  if (!origin || !bucket?.Cors) return {}
  const rule = matchRule(bucket.Cors, origin, req.method, [])
  return rule ? allowHeaders(rule, origin) : {}
}
