/** @module Render an AwsError in the error shape of each AWS protocol. */
import type { CloudResponse, Protocol } from '../core/types.js'
import { AwsError } from '../core/aws-error.js'
import { s3HostId } from '../core/ids.js'
import { escapeXml, XML_DECLARATION } from './xml.js'

/**
 * DynamoDB's `__type` namespaces, as DynamoDB answers them (and dynalite, which the local cloud forwards to,
 * reproduces): the request layer's errors (authentication, authorization, serialization, unknown operations, internal
 * failures) are `com.amazon.coral.service#`, validation `com.amazon.coral.validate#`, throttling
 * `com.amazon.coral.availability#`; DynamoDB's own (ResourceNotFoundException, ConditionalCheckFailedException, …)
 * `com.amazonaws.dynamodb.v20120810#`. SDKs read the part after `#`.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
 */
const DYNAMODB_CORAL_SERVICE = new Set([
  'AccessDeniedException', 'UnrecognizedClientException', 'InvalidSignatureException', 'IncompleteSignatureException',
  'MissingAuthenticationTokenException', 'ExpiredTokenException', 'SerializationException', 'UnknownOperationException', 'InternalFailure',
])

function jsonErrorType(service: string, code: string): string {
  if (service !== 'dynamodb') return code
  if (DYNAMODB_CORAL_SERVICE.has(code)) return `com.amazon.coral.service#${code}`
  if (code === 'ValidationException') return `com.amazon.coral.validate#${code}`
  if (code === 'ThrottlingException') return `com.amazon.coral.availability#${code}`
  return `com.amazonaws.dynamodb.v20120810#${code}`
}

/** Services on AWS JSON 1.1 (the rest of the `json` services are 1.0); their `__type` has no namespace. */
const JSON_1_1 = new Set(['logs', 'tagging', 'cognito-idp'])

/**
 * An unexpected failure says only what AWS says (its generic internal-error body, with the request id): the
 * detail (message, stack) goes to the cloud's log, never into an answer.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
 */
export const INTERNAL_MESSAGE = 'We encountered an internal error. Please try again.'

/** The errors `asAwsError` made from unexpected exceptions: only these are answered with the generic body. */
const unexpected = new WeakSet<AwsError>()

function generic(err: AwsError, protocol: Protocol, service: string): AwsError {
  // An AwsError a service threw on purpose says what it means (e.g. a deployment package changed on disk).
  if (!unexpected.has(err)) return err
  if (protocol === 'rest-xml' || service === 's3') return new AwsError('InternalError', 500, INTERNAL_MESSAGE)
  if (protocol === 'execute-api') return new AwsError('InternalServerErrorException', 500, 'Internal server error')
  return new AwsError('InternalFailure', 500, INTERNAL_MESSAGE)
}

export function renderError(original: AwsError, protocol: Protocol, requestId: string, service = ''): CloudResponse {
  const err = generic(original, protocol, service)
  const headers: Record<string, string> = { 'x-amzn-requestid': requestId }
  switch (protocol) {
    case 'query': {
      headers['content-type'] = 'text/xml'
      const body =
        `${XML_DECLARATION}<ErrorResponse><Error><Type>${err.fault}</Type><Code>${escapeXml(err.code)}</Code>` +
        `<Message>${escapeXml(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
      return { status: err.status, headers, body, errorCode: err.code }
    }
    case 'rest-xml': {
      // S3's own pair of ids (x-amz-request-id, x-amz-id-2 = HostId) instead of x-amzn-requestid.
      // @see https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
      const hostId = s3HostId(requestId)
      const s3Headers = { 'content-type': 'application/xml', 'x-amz-request-id': requestId, 'x-amz-id-2': hostId }
      const extra = Object.entries(err.extra)
        .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
        .join('')
      const body =
        `${XML_DECLARATION}<Error><Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message>` +
        `${extra}<RequestId>${requestId}</RequestId><HostId>${hostId}</HostId></Error>`
      return { status: err.status, headers: s3Headers, body, errorCode: err.code }
    }
    case 'json': {
      headers['content-type'] = JSON_1_1.has(service) ? 'application/x-amz-json-1.1' : 'application/x-amz-json-1.0'
      return { status: err.status, headers, body: JSON.stringify({ __type: jsonErrorType(service, err.code), message: err.message }), errorCode: err.code }
    }
    case 'rest-json': {
      headers['content-type'] = 'application/json'
      headers['x-amzn-errortype'] = err.code
      return { status: err.status, headers, body: JSON.stringify({ Type: err.fault === 'Sender' ? 'User' : 'Service', message: err.message, ...err.extra }), errorCode: err.code }
    }
    case 'execute-api': {
      headers['content-type'] = 'application/json'
      headers['x-amzn-errortype'] = err.code
      return { status: err.status, headers, body: JSON.stringify({ message: err.message }), errorCode: err.code }
    }
  }
}

/**
 * Any thrown value as an AwsError: unexpected exceptions become a 500 `InternalFailure`, whose detail
 * (`cause`) is for the cloud's log only; `renderError` answers it with AWS's generic body.
 */
export function asAwsError(err: unknown): AwsError {
  if (err instanceof AwsError) return err
  const failure = Object.assign(new AwsError('InternalFailure', 500, INTERNAL_MESSAGE), { cause: err })
  unexpected.add(failure)
  return failure
}

/** What the cloud's log keeps about a 5xx: the stack of an unexpected exception, or an AwsError's own message. */
export function failureDetail(err: unknown): string {
  if (err instanceof AwsError) return `${err.code}: ${err.message}`
  return String((err as Error)?.stack ?? err)
}
