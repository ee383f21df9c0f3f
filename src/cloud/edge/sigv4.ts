/**
 * @module Signature Version 4 verification, in two steps so the edge can refuse before it reads a body:
 * `checkSignedHeaders` reads the Authorization header or the presigned query (form, key, session token, dates,
 * signed headers); `checkSignature` recomputes the signature once the payload hash is known (at once for S3,
 * which sends it in `x-amz-content-sha256`; from the body for the other APIs). `verifySigV4` does both, for
 * data planes that hold the whole request (execute-api `AWS_IAM` methods, WebSocket `@connections`).
 * The canonical request is smithy's own (the SDK's signer), so client and cloud canonicalise alike.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { SignatureV4Base } from '@smithy/signature-v4'
import type { HttpRequest, QueryParameterBag } from '@smithy/types'
import { AwsError } from '../core/aws-error.js'
import * as errors from './sigv4-errors.js'
import type { AuthFamily } from './sigv4-errors.js'

/** What the verifier reads of a request: raw (still percent-encoded) path, query, lower-cased headers. */
export interface SignedRequestLike {
  method: string
  rawPath: string
  query: URLSearchParams
  headers: Record<string, string>
}

/** Who signed: the install's own key (the account's root user) or a role's temporary credentials. */
export interface CallerIdentity {
  accessKeyId: string
  arn: string
  userId: string
  account: string
  /** A role session's role, path included (`arn:aws:iam::A:role/service-role/R`): its `aws:PrincipalArn`. */
  roleArn?: string
}

/** What an access key id stands for: its secret, identity and, for temporary keys, token and expiry. */
export interface SigningSecret {
  secretAccessKey: string
  identity: CallerIdentity
  sessionToken?: string
  /** Epoch ms. */
  expiresAt?: number
}

export interface VerifyOptions {
  /** Signing names this endpoint answers to (`['s3']`); any service in the scope when absent. */
  service?: string | readonly string[]
  /** Which protocol family's errors to answer with (default from the service: `s3` for S3, else `rest-json`). */
  family?: AuthFamily
  /** Epoch ms. */
  now: number
  lookupSecret(accessKeyId: string): SigningSecret | undefined
  /** `LAB_CLOUD_ANY_CREDENTIALS=1`: any well-formed signature by any key, unverified, acts as the account. */
  anyCredentials?: CallerIdentity
}

/** A request whose signature is well formed, from a known key, in time: the signature itself is still to check. */
export interface PendingSignature {
  identity: CallerIdentity
  family: AuthFamily
  presigned: boolean
  accessKeyId: string
  longDate: string
  scope: string
  region: string
  service: string
  signedHeaders: string[]
  signature: string
  /** Undefined in any-credentials mode: nothing to verify against. */
  secretAccessKey?: string
  /** S3: the `x-amz-content-sha256` value the signature covers (`UNSIGNED-PAYLOAD` for presigned URLs). */
  contentSha256?: string
}

const ALGORITHM = 'AWS4-HMAC-SHA256'
const SKEW_MS = 15 * 60 * 1000
const MAX_PRESIGN_SECONDS = 7 * 24 * 60 * 60
const LONG_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/
const HEX_SIGNATURE = /^[0-9a-f]{64}$/
const SHA256_HEX = /^[0-9a-f]{64}$/
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
const S3_PAYLOAD_FORMS = new Set(['UNSIGNED-PAYLOAD', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER'])

/** Whether the request carries any form of signature (SigV4 header or query, SigV2, SigV4a). */
export function carriesSignature(req: SignedRequestLike): boolean {
  if (req.headers['authorization'] !== undefined) return true
  const q = req.query
  return q.has('X-Amz-Credential') || q.has('X-Amz-Signature') || q.has('X-Amz-Algorithm') || q.has('AWSAccessKeyId')
}

/** Step 1, on the headers: the request is SigV4 from a key this cloud knows, in time, with host signed. */
export function checkSignedHeaders(req: SignedRequestLike, opts: VerifyOptions): PendingSignature | AwsError {
  const services = opts.service === undefined ? undefined : typeof opts.service === 'string' ? [opts.service] : opts.service
  const family = opts.family ?? (services?.includes('s3') ? 's3' : 'rest-json')
  const presigned = req.headers['authorization'] === undefined
  const parts = presigned ? fromQuery(req, family) : fromHeader(req.headers['authorization'], family)
  if (parts instanceof AwsError) return parts

  const scope = parts.credential.split('/')
  if (scope.length !== 5 || scope[4] !== 'aws4_request' || !/^\d{8}$/.test(scope[1]) || !scope[0] || !scope[2] || !scope[3]) {
    return errors.incompleteSignature(
      family,
      family === 's3'
        ? 'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".'
        : `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${parts.credential}'`,
      presigned,
    )
  }
  const [accessKeyId, shortDate, region, service] = scope
  if (services && !services.includes(service)) return errors.wrongService(family, service, services[0])
  if (!parts.signedHeaders.includes('host')) return errors.hostNotSigned(family)
  // S3 refuses x-amz-* headers left out of the signature: otherwise anyone holding a presigned PUT (or a captured
  // signed request) could add `x-amz-copy-source` and copy any object the signer may read.
  // @see https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
  if (family === 's3') {
    // x-amz-content-sha256 is checked against the body anyway, and a presigned request's date is in its query.
    const harmless = (name: string) => name === 'x-amz-content-sha256' || (presigned && name === 'x-amz-date')
    const unsigned = Object.keys(req.headers).filter((name) => name.startsWith('x-amz-') && !harmless(name) && !parts.signedHeaders.includes(name))
    if (unsigned.length > 0) return errors.headersNotSigned(unsigned)
  }

  const longDate = presigned ? (req.query.get('X-Amz-Date') ?? '') : (req.headers['x-amz-date'] ?? httpDateToLong(req.headers['date']))
  const dateMs = parseLongDate(longDate)
  if (dateMs === undefined) {
    return family === 's3'
      ? new AwsError('AccessDenied', 403, 'AWS authentication requires a valid Date or x-amz-date header')
      : errors.incompleteSignature(family, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.", presigned)
  }
  if (shortDate !== longDate.slice(0, 8)) return errors.scopeDateMismatch(family, shortDate, longDate)

  if (presigned) {
    const expires = parts.expires
    if (expires !== undefined) {
      if (dateMs > opts.now + SKEW_MS) return errors.presignNotYetValid(family)
      if (opts.now > dateMs + expires * 1000) return errors.presignExpired(family, expires, dateMs + expires * 1000, opts.now)
    } else if (Math.abs(opts.now - dateMs) > SKEW_MS) {
      return errors.requestTimeSkewed(family, dateMs, opts.now, longDate)
    }
  } else if (Math.abs(opts.now - dateMs) > SKEW_MS) {
    return errors.requestTimeSkewed(family, dateMs, opts.now, req.headers['x-amz-date'] ?? req.headers['date'] ?? '')
  }

  let contentSha256: string | undefined
  if (family === 's3') {
    const declared = req.headers['x-amz-content-sha256']
    if (declared === undefined && !presigned) return errors.missingContentSha256()
    contentSha256 = declared ?? 'UNSIGNED-PAYLOAD'
    if (!S3_PAYLOAD_FORMS.has(contentSha256) && !SHA256_HEX.test(contentSha256)) {
      return contentSha256.startsWith('STREAMING-AWS4-ECDSA') ? errors.unsupportedAlgorithm(family, 'AWS4-ECDSA-P256-SHA256') : errors.invalidContentSha256()
    }
  }

  const base = { family, presigned, accessKeyId, longDate, scope: scope.slice(1).join('/'), region, service, signedHeaders: parts.signedHeaders, signature: parts.signature, contentSha256 }
  if (opts.anyCredentials) return { ...base, identity: { ...opts.anyCredentials, accessKeyId } }

  const known = opts.lookupSecret(accessKeyId)
  const tokenSent = presigned ? req.query.get('X-Amz-Security-Token') : req.headers['x-amz-security-token']
  if (!known) return errors.unknownAccessKey(family, accessKeyId)
  if (known.sessionToken === undefined) {
    // A long-term key sent with a session token: AWS treats the pair as an unknown temporary key.
    if (tokenSent) return errors.invalidSessionToken(family, accessKeyId, true)
  } else {
    if (!tokenSent || !sameText(tokenSent, known.sessionToken)) return errors.invalidSessionToken(family, accessKeyId, Boolean(tokenSent))
    if (known.expiresAt !== undefined && opts.now >= known.expiresAt) return errors.expiredSessionToken(family)
  }
  return { ...base, identity: known.identity, secretAccessKey: known.secretAccessKey }
}

/**
 * Step 2: recompute the signature over `payloadHash` (S3: the `x-amz-content-sha256` value; other APIs: the
 * hex SHA-256 of the body as received) and compare it, in constant time, with the one sent.
 */
export function checkSignature(req: SignedRequestLike, pending: PendingSignature, payloadHash: string): AwsError | undefined {
  if (pending.secretAccessKey === undefined) return undefined
  const canonicalRequest = canonicalRequestOf(req, pending, payloadHash)
  const stringToSign = `${ALGORITHM}\n${pending.longDate}\n${pending.scope}\n${sha256Hex(canonicalRequest)}`
  const expected = hmacHex(signingKey(pending.secretAccessKey, pending), stringToSign)
  if (HEX_SIGNATURE.test(pending.signature) && timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(pending.signature, 'hex'))) return undefined
  return errors.signatureMismatch(pending.family, { accessKeyId: pending.accessKeyId, stringToSign, signatureProvided: pending.signature, canonicalRequest })
}

/** Both steps over a request whose body is at hand: the identity that signed it, or the error AWS would answer. */
export function verifySigV4(req: SignedRequestLike & { body?: Uint8Array }, opts: VerifyOptions): CallerIdentity | AwsError {
  if (!carriesSignature(req)) return errors.missingAuthentication(opts.family ?? 'rest-json')
  const pending = checkSignedHeaders(req, opts)
  if (pending instanceof AwsError) return pending
  const bodyHash = sha256Hex(req.body ?? new Uint8Array())
  if (pending.contentSha256 !== undefined && SHA256_HEX.test(pending.contentSha256) && pending.contentSha256 !== bodyHash) {
    return errors.contentSha256Mismatch(pending.contentSha256, bodyHash)
  }
  const failure = checkSignature(req, pending, pending.contentSha256 ?? bodyHash)
  return failure ?? pending.identity
}

interface SignatureParts {
  credential: string
  signedHeaders: string[]
  signature: string
  /** Presigned URLs: X-Amz-Expires in seconds. */
  expires?: number
}

function fromHeader(header: string, family: AuthFamily): SignatureParts | AwsError {
  const space = header.indexOf(' ')
  const algorithm = space === -1 ? header : header.slice(0, space)
  if (algorithm !== ALGORITHM) return errors.unsupportedAlgorithm(family, algorithm)
  const fields = new Map<string, string>()
  for (const item of header.slice(space + 1).split(',')) {
    const eq = item.indexOf('=')
    if (eq > 0) fields.set(item.slice(0, eq).trim(), item.slice(eq + 1).trim())
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((name) => !fields.get(name))
  if (missing.length) {
    const message = missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' ')
    return errors.incompleteSignature(family, family === 's3' ? `${message.replace(/\.$/, '')}.` : `${message} Authorization=${header}`)
  }
  return { credential: fields.get('Credential')!, signedHeaders: fields.get('SignedHeaders')!.split(';'), signature: fields.get('Signature')! }
}

function fromQuery(req: SignedRequestLike, family: AuthFamily): SignatureParts | AwsError {
  const q = req.query
  const algorithm = q.get('X-Amz-Algorithm')
  if (q.has('AWSAccessKeyId') && algorithm === null) return errors.unsupportedAlgorithm(family, 'AWS (Signature Version 2)')
  if (algorithm !== null && algorithm !== ALGORITHM) return errors.unsupportedAlgorithm(family, algorithm)
  const required = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders', ...(family === 's3' ? ['X-Amz-Expires'] : [])]
  if (required.some((name) => !q.get(name))) {
    return errors.incompleteSignature(
      family,
      family === 's3'
        ? 'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.'
        : `AWS query-string parameters must include ${required.map((n) => `'${n}'`).join(', ')}. Re-examine the query-string parameters.`,
      true,
    )
  }
  const rawExpires = q.get('X-Amz-Expires')
  let expires: number | undefined
  if (rawExpires !== null) {
    expires = /^\d+$/.test(rawExpires) ? Number(rawExpires) : NaN
    if (!Number.isFinite(expires)) return errors.incompleteSignature(family, 'X-Amz-Expires should be a number', true)
    if (expires > MAX_PRESIGN_SECONDS) return errors.incompleteSignature(family, 'X-Amz-Expires must be less than a week (in seconds) that is 604800', true)
  }
  return { credential: q.get('X-Amz-Credential')!, signedHeaders: q.get('X-Amz-SignedHeaders')!.split(';'), signature: q.get('X-Amz-Signature')!, expires }
}

/** `20240102T030405Z` as epoch ms, or undefined when it is not that form or not a real date. */
function parseLongDate(value: string): number | undefined {
  const m = LONG_DATE.exec(value)
  if (!m) return undefined
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])
  return basicDateOf(ms) === value ? ms : undefined
}

const basicDateOf = (ms: number) => (Number.isFinite(ms) ? errors.basicDate(ms) : '')

/** An RFC 1123 `Date` header in the basic ISO form (SigV4 allows it instead of X-Amz-Date). */
function httpDateToLong(date: string | undefined): string {
  if (date === undefined) return ''
  const ms = Date.parse(date)
  return Number.isNaN(ms) ? '' : errors.basicDate(ms)
}

/** smithy's canonicalisation (path escaping, query ordering) through its signer's own methods. */
class Canonicaliser extends SignatureV4Base {
  constructor(uriEscapePath: boolean) {
    super({ service: 'verify', region: 'verify', credentials: { accessKeyId: '', secretAccessKey: '' }, sha256: class {} as never, uriEscapePath })
  }
  canonical(request: HttpRequest, headers: Record<string, string>, payloadHash: string): string {
    return this.createCanonicalRequest(request, headers, payloadHash)
  }
}
// S3 signs the path as sent; every other service escapes it once more.
const ESCAPING = new Canonicaliser(true)
const S3_PATHS = new Canonicaliser(false)

export function canonicalRequestOf(req: SignedRequestLike, pending: Pick<PendingSignature, 'service' | 'signedHeaders'>, payloadHash: string): string {
  const headers: Record<string, string> = Object.create(null)
  for (const name of pending.signedHeaders) headers[name] = (req.headers[name] ?? '').trim().replace(/\s+/g, ' ')
  const query: QueryParameterBag = Object.create(null)
  for (const [key, value] of req.query) {
    const current = query[key]
    query[key] = current === undefined || current === null ? value : Array.isArray(current) ? [...current, value] : [current, value]
  }
  const request = { method: req.method, path: req.rawPath, query, headers, protocol: 'http:', hostname: '' } as unknown as HttpRequest
  return (pending.service === 's3' ? S3_PATHS : ESCAPING).canonical(request, headers, payloadHash)
}

// Deriving a signing key is four HMACs; a client signs many requests a day with one: keep the last few.
const signingKeys = new Map<string, Buffer>()
const MAX_SIGNING_KEYS = 64

export function signingKey(secret: string, scope: Pick<PendingSignature, 'longDate' | 'region' | 'service'>): Buffer {
  const id = `${scope.longDate.slice(0, 8)}\0${scope.region}\0${scope.service}\0${secret}`
  let key = signingKeys.get(id)
  if (key) return key
  key = hmac(`AWS4${secret}`, scope.longDate.slice(0, 8))
  for (const part of [scope.region, scope.service, 'aws4_request']) key = hmac(key, part)
  if (signingKeys.size >= MAX_SIGNING_KEYS) signingKeys.clear()
  signingKeys.set(id, key)
  return key
}

const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest()
export const hmacHex = (key: Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest('hex')
export const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex')

/** Constant-time comparison of two strings (session tokens). */
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
