/**
 * @module Who is calling: the edge's authentication, in two steps so it can run before the body is read.
 * `authenticateHeaders` decides on the request line and headers (unsigned where AWS allows it, else a SigV4
 * signature from a key of this cloud, in time; S3's signature is checked here in full, its payload hash being
 * a header); `authenticatePayload` checks what depends on the body (the payload hash of the other APIs, S3's
 * `x-amz-content-sha256` and signed chunks). Unsigned requests pass only where AWS takes them: execute-api
 * stages, S3 website endpoints, and S3 requests, which S3 then judges as anonymous by the bucket policy
 * (CORS preflights included), and Cognito user pools' public operations and key documents (`isCognitoPublic`:
 * their body carries what authorizes them); `/_lab/health` is no AWS API and reveals only that a cloud runs.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html
 */
import { AwsError } from '../core/aws-error.js'
import type { CloudRequest, ServiceDef } from '../core/types.js'
import { carriesSignature, checkSignature, checkSignedHeaders, sha256Hex, type CallerIdentity, type PendingSignature, type SigningSecret } from './sigv4.js'
import { checkSignedChunks } from './sigv4-chunks.js'
import { authFamily, contentSha256Mismatch, missingAuthentication } from './sigv4-errors.js'
import { isCognitoPublic } from './foreign-callers.js'

export interface EdgeAuth {
  lookupSecret(accessKeyId: string): SigningSecret | undefined
  /** Set when `LAB_CLOUD_ANY_CREDENTIALS=1`: the identity every well-formed signature gets, unverified. */
  anyCredentials?: CallerIdentity
  now?: () => number
  /** The account whose resources this cloud holds; signers from another (the second local account) reach STS only. */
  homeAccount?: string
}

/** Signatures whose check waits for the body, by request (only signed requests get an entry). */
const awaitingBody = new WeakMap<CloudRequest, PendingSignature>()

/** Step 1, before the body is read. Sets `req.identity` for a signed request it accepts. */
export function authenticateHeaders(req: CloudRequest, auth: EdgeAuth, service: ServiceDef | undefined): AwsError | undefined {
  const kind = req.route.kind
  // The data planes that stand for public endpoints: nothing to do, nothing allocated.
  if (kind === 'execute-api' || kind === 's3-website' || service === undefined) return undefined
  const family = authFamily(service.protocol)
  // A browser's CORS preflight never carries credentials, even to a presigned URL's address.
  if (family === 's3' && req.method === 'OPTIONS' && req.headers['authorization'] === undefined) return undefined
  if (!carriesSignature(req)) return family === 's3' || isCognitoPublic(req.route) ? undefined : missingAuthentication(family)
  const pending = checkSignedHeaders(req, {
    service: service.signingNames,
    family,
    now: auth.now?.() ?? Date.now(),
    lookupSecret: auth.lookupSecret,
    anyCredentials: auth.anyCredentials,
  })
  if (pending instanceof AwsError) return pending
  if (auth.homeAccount && pending.identity.account !== auth.homeAccount && service.name !== 'sts') return foreignAccount(family, pending.identity.account)
  if (family === 's3') {
    // S3's payload hash is a signed header: the signature is checked before a byte of the body is read.
    const failure = checkSignature(req, pending, pending.contentSha256!)
    if (failure) return failure
    if (pending.contentSha256 !== 'UNSIGNED-PAYLOAD' && pending.contentSha256 !== 'STREAMING-UNSIGNED-PAYLOAD-TRAILER') awaitingBody.set(req, pending)
  } else {
    awaitingBody.set(req, pending)
  }
  req.identity = pending.identity
  return undefined
}

/**
 * Local deviation: the second local account owns nothing in this cloud, so its key may call STS only (and
 * execute-api, which authenticates itself). AWS would answer with that account's own, empty, resources.
 */
function foreignAccount(family: string, account: string): AwsError {
  const message = `Local deviation: account ${account} is the local cloud's second account, for cross-account calls to execute-api and STS only; it has no resources in this service.`
  return new AwsError(family === 's3' ? 'AccessDenied' : family === 'query' ? 'AccessDenied' : 'AccessDeniedException', 403, message)
}

/** Step 2, once the body is read: the payload the signature covers is the one that arrived. */
export function authenticatePayload(req: CloudRequest): AwsError | undefined {
  const pending = awaitingBody.get(req)
  if (!pending) return undefined
  awaitingBody.delete(req)
  if (pending.family !== 's3') return checkSignature(req, pending, sha256Hex(req.body))
  const declared = pending.contentSha256!
  if (declared.startsWith('STREAMING-')) return checkSignedChunks(req.body, pending)
  const computed = sha256Hex(req.body)
  return computed === declared ? undefined : contentSha256Mismatch(declared, computed)
}
