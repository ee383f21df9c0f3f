/**
 * @module How much the edge takes, and for how long: the per-request body limits of each service (AWS's where
 * it documents one), the bytes of bodies held across all requests, and the time a client has to send its
 * headers and its body. A request over a limit is answered in its service's own error shape; one that declares
 * too much in `Content-Length` is answered before a byte of its body is read.
 */
import { AwsError } from '../core/aws-error.js'
import type { CloudRequest } from '../core/types.js'

const MiB = 1024 * 1024

export interface EdgeLimits {
  /** The request line and headers must arrive within this (slowloris): 408, then the connection is closed. */
  headersTimeoutMs: number
  /** A body that stops arriving for this long (a Content-Length longer than the body) is answered 408 and closed. */
  bodyIdleTimeoutMs: number
  /** The whole request, body included, must arrive within this. */
  requestTimeoutMs: number
  /** Bytes of request bodies the cloud holds at once, across all requests; beyond it new bodies get a 503. */
  maxBytesInFlight: number
  /** Open connections at once; further ones are closed on arrival. */
  maxConnections: number
}

export const DEFAULT_EDGE_LIMITS: EdgeLimits = {
  headersTimeoutMs: 5_000,
  bodyIdleTimeoutMs: 10_000,
  requestTimeoutMs: 300_000,
  maxBytesInFlight: 256 * MiB,
  maxConnections: 1024,
}

/** The most a request for this route may carry, and the error its service answers beyond that. */
export interface BodyLimit {
  bytes: number
  /** `size`: what the request declared or sent so far. */
  error(size: number): AwsError
}

/**
 * S3 takes 5 GB in one PUT; the local cloud holds a body in memory while it stores it, so it takes less.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html
 */
export const S3_MAX_BYTES = 128 * MiB
const s3Limit: BodyLimit = {
  bytes: S3_MAX_BYTES,
  error: (size) =>
    new AwsError(
      'EntityTooLarge',
      400,
      'Your proposed upload exceeds the maximum allowed size. ' +
        `(The local cloud takes up to ${S3_MAX_BYTES / MiB} MB in one request, where S3 takes 5 GB: upload larger files in parts, with a multipart upload.)`,
      { ProposedSize: String(size), MaxSizeAllowed: String(S3_MAX_BYTES) },
    ),
}

/**
 * API Gateway's payload limit; its REQUEST_TOO_LARGE answer cannot be customised, so the edge can give it.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html
 */
const EXECUTE_API_MAX_BYTES = 10 * MiB
const executeApiLimit: BodyLimit = {
  bytes: EXECUTE_API_MAX_BYTES,
  error: () => new AwsError('RequestTooLargeException', 413, `HTTP content length exceeded ${EXECUTE_API_MAX_BYTES} bytes.`),
}

/**
 * Lambda: 6 MB for a synchronous invocation's payload, 50 MB of zipped code uploaded directly (69905067 bytes once
 * base64-encoded in JSON), in AWS's words.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
function lambdaLimit(req: CloudRequest): BodyLimit {
  const invoke = /^\/2015-03-31\/functions\/[^/]+\/invocations$/.test(req.rawPath)
  const bytes = invoke ? 6 * MiB : 69_905_067
  const operation = invoke ? 'InvokeFunction' : /\/code$/.test(req.rawPath) ? 'UpdateFunctionCode' : req.method === 'POST' && /\/functions\/?$/.test(req.rawPath) ? 'CreateFunction' : undefined
  return {
    bytes,
    error: () => new AwsError('RequestEntityTooLargeException', 413, `Request must be smaller than ${bytes} bytes${operation ? ` for the ${operation} operation` : ''}`),
  }
}

/**
 * The other AWS APIs: 16 MB, DynamoDB's request limit (BatchWriteItem); none of the others takes as much (a
 * template body is 51,200 bytes, a PutLogEvents batch 1 MB).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
 */
const API_MAX_BYTES = 16 * MiB
const apiLimit: BodyLimit = {
  bytes: API_MAX_BYTES,
  // Not implemented: DynamoDB's own answer to a request over 16 MB is not documented; a 413 in each API's shape.
  error: () => new AwsError('RequestEntityTooLarge', 413, `Request body is larger than ${API_MAX_BYTES / MiB} MB, the most the local cloud takes for this AWS API.`),
}

/**
 * Cognito user pools: their public operations (SignUp, InitiateAuth …) take any web page's unsigned calls, so they
 * take what the largest real request needs (a pool's settings with its message templates), not 16 MB.
 */
const COGNITO_MAX_BYTES = MiB
const cognitoLimit: BodyLimit = {
  bytes: COGNITO_MAX_BYTES,
  // Not implemented: Cognito's own answer to an oversized request is not documented; a 413 in its error shape.
  error: () => new AwsError('RequestEntityTooLarge', 413, `Request body is larger than ${COGNITO_MAX_BYTES / MiB} MB, the most the local cloud takes for Amazon Cognito.`),
}

/** A request the edge could not route is answered without its body; a small one is read all the same. */
const unroutedLimit: BodyLimit = {
  bytes: MiB,
  error: () => new AwsError('RequestEntityTooLarge', 413, 'Request body is too large for the local cloud'),
}

export function bodyLimit(req: CloudRequest): BodyLimit {
  const { route } = req
  switch (route.kind) {
    case 'execute-api':
      return executeApiLimit
    case 's3-website':
    case 's3-virtual-host':
      return s3Limit
    case 'signed':
      return route.signingName === 's3' ? s3Limit : route.signingName === 'lambda' ? lambdaLimit(req) : apiLimit
    case 'target':
      return route.target.startsWith('AWSCognitoIdentityProviderService.') ? cognitoLimit : apiLimit
    default:
      return unroutedLimit
  }
}

/** `Content-Length` as a number, or `undefined` when the body is chunked (Node has already refused a malformed one). */
export function declaredLength(req: CloudRequest): number | undefined {
  const length = req.headers['content-length']
  return length === undefined ? undefined : Number(length)
}

/** The answer when the bodies in flight would exceed `maxBytesInFlight`: a retryable 503 (S3's SlowDown). */
export function overloaded(req: CloudRequest, maxBytesInFlight: number): AwsError {
  const detail = `The local cloud is already holding ${Math.round(maxBytesInFlight / MiB)} MB of request bodies (its limit for all requests at once); try again in a moment.`
  const s3 = req.route.kind === 's3-virtual-host' || req.route.kind === 's3-website' || (req.route.kind === 'signed' && req.route.signingName === 's3')
  if (s3) return new AwsError('SlowDown', 503, `Please reduce your request rate. (${detail})`)
  return new AwsError('ServiceUnavailable', 503, detail)
}

/** The answer when a body stops arriving: S3's RequestTimeout (400, in its words), else a 408. */
export function bodyTimedOut(req: CloudRequest, idleMs: number, received: number): AwsError {
  const s3 = req.route.kind === 's3-virtual-host' || (req.route.kind === 'signed' && req.route.signingName === 's3')
  // @see https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
  if (s3) return new AwsError('RequestTimeout', 400, 'Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed.')
  const declared = declaredLength(req)
  return new AwsError(
    'RequestTimeout',
    408,
    `No part of the request body arrived for ${idleMs / 1000} s (${received} bytes${declared === undefined ? '' : ` of the ${declared} that Content-Length announced`}); the local cloud closed the connection.`,
  )
}
