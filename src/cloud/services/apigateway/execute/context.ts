/** @module The state one execute-api invocation carries through the chain of steps. */
import type { AuthorizerCache } from '../../../authz/authorizer-cache.js'
import type { AuthorizerOutput } from '../../../authz/authorizer-output.js'
import type { AuthorizerResult } from '../../../authz/authorizer-result.js'
import type { CloudContext, CloudRequest } from '../../../core/types.js'
import type { CallerIdentity } from '../../../edge/sigv4.js'
import type { MethodRecord, ResourceRecord, RestApiRecord, Snapshot, StageRecord } from '../model.js'

export interface Invocation {
  req: CloudRequest
  ctx: CloudContext
  api?: RestApiRecord
  apiId: string
  requestId: string
  /** `x-amz-apigw-id` / extendedRequestId. */
  extendedRequestId: string
  traceId: string
  requestTime: Date
  stageName?: string
  stage?: StageRecord
  snapshot?: Snapshot
  /** The path after the stage, e.g. `/pets/1` (decoded). */
  path: string
  /** Header names in the client's own case; repeated headers kept apart in `multiValueHeaders`. */
  headers: Record<string, string>
  multiValueHeaders: Record<string, string[]>
  query: Record<string, string>
  multiValueQuery: Record<string, string[]>
  resource?: ResourceRecord
  method?: MethodRecord
  pathParameters: Record<string, string>
  /** Who signed the request, on an `AWS_IAM` method (`$context.identity.*`, the proxy event's `identity`). */
  caller?: CallerIdentity
  /** What the method's authorizer (CUSTOM, COGNITO_USER_POOLS) answered, once it allowed the call. */
  authorizer?: AuthorizerResult
  /** The service's Lambda authorizer result cache (per cloud run, scoped per authorizer and deployment). */
  authorizerCache?: AuthorizerCache<AuthorizerOutput>
  /** The API key that passed the method request step, if the method requires one. */
  apiKey?: { id: string; value: string }
  /** The method's execution logging level, once routed (before that, every line is kept). */
  logLevel?: 'OFF' | 'ERROR' | 'INFO'
  /** Execution log lines, written to CloudWatch Logs when the stage logs this method. */
  logLines: { level: 'INFO' | 'ERROR'; message: string; at: number }[]
  /** Log stream names per log group (kept by the service for the cloud's lifetime). */
  streams: Map<string, string>
  /** Set when a gateway response answers (for `$context.error.*` in access logs). */
  errorMessage?: string
  errorType?: string
}

/** What an integration (or its response mapping) hands to the method response step. */
export interface EndpointResponse {
  status: number
  headers: Record<string, string | string[]>
  body: string | Buffer
}

/**
 * A request API Gateway rejects itself: rendered through the API's gateway responses. An answer, not a bug:
 * no stack trace is captured (a 403 for a mistyped path is as common as a success, and as cheap).
 */
export class GatewayError extends Error {
  /** Gateway response type, e.g. `MISSING_AUTHENTICATION_TOKEN`, `DEFAULT_5XX`. */
  readonly responseType: string
  /** Status when the type has none of its own (DEFAULT_4XX/5XX). */
  readonly status?: number
  /** `x-amzn-ErrorType` when not the type's usual one; the default body's member name (`Message` for IAM denials). */
  readonly errorType?: string
  readonly messageKey?: 'message' | 'Message'

  constructor(responseType: string, message: string, status?: number, extra: { errorType?: string; messageKey?: 'message' | 'Message' } = {}) {
    const limit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    super(message)
    Error.stackTraceLimit = limit
    this.responseType = responseType
    this.status = status
    this.errorType = extra.errorType
    this.messageKey = extra.messageKey
  }
}

export const missingToken = () => new GatewayError('MISSING_AUTHENTICATION_TOKEN', 'Missing Authentication Token')
export const internalError = (status = 500) => new GatewayError(status === 500 ? 'API_CONFIGURATION_ERROR' : 'DEFAULT_5XX', 'Internal server error', status)

/** Case-insensitive header lookup on the client's headers. */
export function header(inv: Invocation, name: string): string | undefined {
  return inv.req.headers[name.toLowerCase()]
}
