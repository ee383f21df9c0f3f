/**
 * @module The errors AWS answers a request whose signature it does not accept, in the words of each protocol
 * family: the query APIs (STS, IAM, CloudFormation), the JSON APIs (`…Exception` codes) and S3.
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html
 * @see https://docs.aws.amazon.com/lambda/latest/api/CommonErrors.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
 */
import { AwsError } from '../core/aws-error.js'
import type { Protocol } from '../core/types.js'

/** Which family's words to use: S3 (`rest-xml`), the query APIs, the JSON ones (`json` 1.0/1.1 and `rest-json`). */
export type AuthFamily = 's3' | 'query' | 'json' | 'rest-json'

export function authFamily(protocol: Protocol | undefined): AuthFamily {
  if (protocol === 'rest-xml') return 's3'
  if (protocol === 'query' || protocol === 'json') return protocol
  return 'rest-json'
}

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'
const INVALID_TOKEN = 'The security token included in the request is invalid.'
const SKEW_MS = 15 * 60 * 1000

/** `20240102T030405Z`, the form AWS prints dates in these messages. */
export const basicDate = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '')

/** Three codes per family: query, JSON 1.0/1.1, REST-JSON (usually the JSON one). */
function pick(family: AuthFamily, query: string, json: string): string {
  return family === 'query' ? query : json
}

/** No signature at all (S3 treats that as anonymous instead). */
export function missingAuthentication(family: AuthFamily): AwsError {
  if (family === 'query') return new AwsError('MissingAuthenticationToken', 403, 'Request is missing Authentication Token')
  if (family === 'json') return new AwsError('MissingAuthenticationTokenException', 400, 'Request is missing Authentication Token')
  return new AwsError('MissingAuthenticationTokenException', 403, 'Missing Authentication Token')
}

export function unknownAccessKey(family: AuthFamily, accessKeyId: string): AwsError {
  if (family === 's3') return new AwsError('InvalidAccessKeyId', 403, 'The AWS Access Key Id you provided does not exist in our records.', { AWSAccessKeyId: accessKeyId })
  return new AwsError(pick(family, 'InvalidClientTokenId', 'UnrecognizedClientException'), 403, INVALID_TOKEN)
}

/** What S3 shows of its own computation, so a client's author can compare (none of it is secret). */
export interface MismatchDetail {
  accessKeyId: string
  stringToSign: string
  signatureProvided: string
  canonicalRequest: string
}

export function signatureMismatch(family: AuthFamily, detail?: MismatchDetail): AwsError {
  if (family === 's3') {
    const extra: Record<string, string> = detail
      ? {
          AWSAccessKeyId: detail.accessKeyId,
          StringToSign: detail.stringToSign,
          SignatureProvided: detail.signatureProvided,
          CanonicalRequest: detail.canonicalRequest,
        }
      : {}
    return new AwsError('SignatureDoesNotMatch', 403, 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', extra)
  }
  return new AwsError(pick(family, 'SignatureDoesNotMatch', 'InvalidSignatureException'), 403, MISMATCH)
}

/** A malformed Authorization header or presigned query. */
export function incompleteSignature(family: AuthFamily, message: string, presigned = false): AwsError {
  if (family === 's3') {
    return presigned
      ? new AwsError('AuthorizationQueryParametersError', 400, message)
      : new AwsError('AuthorizationHeaderMalformed', 400, `The authorization header is malformed; ${message}`)
  }
  return new AwsError(pick(family, 'IncompleteSignature', 'IncompleteSignatureException'), family === 'query' ? 400 : 403, message)
}

/** Signature Version 2 and SigV4a: the local cloud, like S3's regional endpoints for new buckets, takes SigV4 only. */
export function unsupportedAlgorithm(family: AuthFamily, algorithm: string): AwsError {
  if (family === 's3') return new AwsError('InvalidRequest', 400, 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.')
  return incompleteSignature(family, `Unsupported AWS 'algorithm': '${algorithm}'. The local cloud accepts Signature Version 4 (AWS4-HMAC-SHA256) only.`)
}

/** The request's date is more than 15 minutes from the server's clock. */
export function requestTimeSkewed(family: AuthFamily, requestMs: number, nowMs: number, rawDate: string): AwsError {
  if (family === 's3') {
    return new AwsError('RequestTimeTooSkewed', 403, 'The difference between the request time and the current time is too large.', {
      RequestTime: rawDate,
      ServerTime: new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      MaxAllowedSkewMilliseconds: String(SKEW_MS),
    })
  }
  const message =
    requestMs < nowMs
      ? `Signature expired: ${basicDate(requestMs)} is now earlier than ${basicDate(nowMs - SKEW_MS)} (${basicDate(nowMs)} - 15 min.)`
      : `Signature not yet current: ${basicDate(requestMs)} is still later than ${basicDate(nowMs + SKEW_MS)} (${basicDate(nowMs)} + 15 min.)`
  return new AwsError(pick(family, 'SignatureDoesNotMatch', 'InvalidSignatureException'), family === 'json' ? 400 : 403, message)
}

/** A presigned URL used after `X-Amz-Date + X-Amz-Expires`. */
export function presignExpired(family: AuthFamily, expiresSeconds: number, expiresMs: number, nowMs: number): AwsError {
  if (family === 's3') {
    return new AwsError('AccessDenied', 403, 'Request has expired', {
      'X-Amz-Expires': String(expiresSeconds),
      Expires: new Date(expiresMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ServerTime: new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    })
  }
  return new AwsError(pick(family, 'SignatureDoesNotMatch', 'InvalidSignatureException'), 403, `Signature expired: ${basicDate(expiresMs)} is now earlier than ${basicDate(nowMs)}`)
}

/** A presigned URL dated in the future. */
export function presignNotYetValid(family: AuthFamily): AwsError {
  if (family === 's3') return new AwsError('AccessDenied', 403, 'Request is not yet valid')
  return new AwsError(pick(family, 'SignatureDoesNotMatch', 'InvalidSignatureException'), 403, 'Signature not yet current')
}

/** A temporary (ASIA) key without its session token, or with another one. */
export function invalidSessionToken(family: AuthFamily, accessKeyId: string, tokenSent: boolean): AwsError {
  if (family === 's3') {
    return tokenSent
      ? new AwsError('InvalidToken', 400, 'The provided token is malformed or otherwise invalid.')
      : new AwsError('InvalidAccessKeyId', 403, 'The AWS Access Key Id you provided does not exist in our records.', { AWSAccessKeyId: accessKeyId })
  }
  return new AwsError(pick(family, 'InvalidClientTokenId', 'UnrecognizedClientException'), 403, INVALID_TOKEN)
}

export function expiredSessionToken(family: AuthFamily): AwsError {
  if (family === 's3') return new AwsError('ExpiredToken', 400, 'The provided token has expired.')
  return new AwsError(pick(family, 'ExpiredToken', 'ExpiredTokenException'), 403, 'The security token included in the request is expired')
}

export function hostNotSigned(family: AuthFamily): AwsError {
  if (family === 's3') return new AwsError('AccessDenied', 403, 'There were headers present in the request which were not signed', { HeadersNotSigned: 'host' })
  return new AwsError(pick(family, 'SignatureDoesNotMatch', 'InvalidSignatureException'), 403, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
}

/** S3: `x-amz-*` headers that the signature does not cover. */
export function headersNotSigned(names: string[]): AwsError {
  return new AwsError('AccessDenied', 403, 'There were headers present in the request which were not signed', { HeadersNotSigned: names.join(', ') })
}

/** Signed for another service than the one the request reached. */
export function wrongService(family: AuthFamily, signed: string, expected: string): AwsError {
  if (family === 's3') return incompleteSignature(family, `incorrect service "${signed}". This endpoint belongs to "${expected}".`)
  return new AwsError(pick(family, 'SignatureDoesNotMatch', 'InvalidSignatureException'), 403, `Credential should be scoped to correct service: '${expected}'. `)
}

/** The credential scope's date is not the day of the request's date. */
export function scopeDateMismatch(family: AuthFamily, scopeDate: string, longDate: string): AwsError {
  if (family === 's3') return incompleteSignature(family, 'Invalid credential date. Date is not the same as X-Amz-Date.')
  return new AwsError(
    pick(family, 'SignatureDoesNotMatch', 'InvalidSignatureException'),
    403,
    `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${longDate.slice(0, 8)}', from '${longDate}'.`,
  )
}

/** S3: `x-amz-content-sha256` names a hash the body does not have. */
export function contentSha256Mismatch(claimed: string, computed: string): AwsError {
  return new AwsError('XAmzContentSHA256Mismatch', 400, "The provided 'x-amz-content-sha256' header does not match what was computed.", {
    ClientComputedContentSHA256: claimed,
    S3ComputedContentSHA256: computed,
  })
}

export function missingContentSha256(): AwsError {
  return new AwsError('InvalidRequest', 400, 'Missing required header for this request: x-amz-content-sha256')
}

export function invalidContentSha256(): AwsError {
  return new AwsError(
    'InvalidArgument',
    400,
    'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
    { ArgumentName: 'x-amz-content-sha256' },
  )
}
