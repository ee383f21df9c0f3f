/**
 * @module The seam between the authorize step (`execute/authorize/index.ts`, and the WebSocket `$connect`) and the
 * authorizers (`CUSTOM` Lambda TOKEN/REQUEST, `COGNITO_USER_POOLS`). An authorizer either returns an
 * `AuthorizerResult` (the caller is authenticated; for a Lambda authorizer its policy is still to evaluate) or throws
 * an `AuthzRefusal` (401 `Unauthorized`, 500 `AuthorizerConfigurationException`, …). The orchestrator evaluates a
 * Lambda authorizer's policy against the request's method ARN and combines it with the API's resource policy
 * (AWS's table A); a Cognito result needs no policy of its own (the resource policy, if any, needs an explicit Allow).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html
 */
import type { PolicyDocumentInput } from './policy-types.js'

/** Scalar values a Lambda authorizer's `context` may carry (objects and arrays are refused by AWS; null passes as null). */
export type AuthorizerContextValue = string | number | boolean | null

export interface LambdaAuthorizerResult {
  kind: 'lambda'
  principalId: string
  /** The `policyDocument` the function returned, as returned (the orchestrator evaluates it, prototype-safely). */
  policyDocument: PolicyDocumentInput
  context: Record<string, AuthorizerContextValue>
  /** `usageIdentifierKey`: the API key when the API's `apiKeySource` is `AUTHORIZER`. */
  usageIdentifierKey?: string
  /** True when this result came from the authorizer cache (execution logs say so). */
  cached?: boolean
  /** How long the function took, in ms (0 from the cache): `requestContext.authorizer.integrationLatency`. */
  integrationLatency?: number
}

export interface CognitoAuthorizerResult {
  kind: 'cognito'
  /** The verified token's claims, for `requestContext.authorizer.claims` and `$context.authorizer.claims.x`. */
  claims: Record<string, unknown>
}

export type AuthorizerResult = LambdaAuthorizerResult | CognitoAuthorizerResult

/**
 * A refusal of the authorize step (an authorizer's, SigV4's, a policy's), in the data plane's neutral terms: the
 * gateway response type (`UNAUTHORIZED`, `ACCESS_DENIED`, `MISSING_AUTHENTICATION_TOKEN`, `INVALID_SIGNATURE`,
 * `EXPIRED_TOKEN`, `AUTHORIZER_CONFIGURATION_ERROR`, …), its message and status. The REST glue
 * turns it into a `GatewayError`; the WebSocket `$connect` into a refused upgrade.
 */
export class AuthzRefusal extends Error {
  constructor(
    readonly responseType: string,
    message: string,
    readonly status: number,
    /** `x-amzn-ErrorType` when it is not the response type's usual one. */
    readonly errorType?: string,
    /** The default body's member name: `message`, or `Message` for IAM's denials (AWS quirk). */
    readonly messageKey: 'message' | 'Message' = 'message',
  ) {
    const limit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    super(message)
    Error.stackTraceLimit = limit
  }
}

/** `{"message":"Unauthorized"}` 401: missing identity source, `Unauthorized` thrown by the function, bad Cognito token. */
export const unauthorized = () => new AuthzRefusal('UNAUTHORIZED', 'Unauthorized', 401)
