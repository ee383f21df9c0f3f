/**
 * @module Lambda authorizers (TOKEN and REQUEST), data-plane neutral: the REST execute pipeline and the WebSocket
 * `$connect` both call `runLambdaAuthorizer` with their own request view and event. Order as on AWS: identity
 * sources (missing → 401, the function is not invoked), the validation expression (TOKEN; mismatch → 401), the
 * result cache, the invoke permission, the invocation, the answer's shape. The caller then judges the (possibly
 * cached) policy against its request's method ARN — which is why a cached policy naming one method refuses the next.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
 * @see https://repost.aws/knowledge-center/api-gateway-403-error-lambda-authorizer
 */
import { AwsError } from '../core/aws-error.js'
import { invokeFunction, invokePermission } from '../core/function-invoke.js'
import type { CloudContext } from '../core/types.js'
import { AuthorizerCache } from './authorizer-cache.js'
import { isUnauthorizedError, MalformedAuthorizerOutput, parseAuthorizerOutput, type AuthorizerOutput } from './authorizer-output.js'
import { AuthzRefusal, unauthorized, type LambdaAuthorizerResult } from './authorizer-result.js'
import { parseIdentitySources, readIdentitySources, type IdentityReader } from './identity-sources.js'

export interface LambdaAuthorizerSpec {
  id: string
  type: 'TOKEN' | 'REQUEST'
  functionArn: string
  identitySource?: string
  identityValidationExpression?: string
  ttlSeconds: number
  /**
   * The ARN the function's resource policy must grant API Gateway (`arn:aws:execute-api:…:{apiId}/authorizers/{id}`);
   * undefined when the authorizer invokes with its own role (`authorizerCredentials`).
   */
  permissionSourceArn?: string
  /** Cache entries are shared only within this scope: one authorizer of one stage's deployment. */
  cacheScope: string
}

export interface AuthorizationRequest {
  ctx: CloudContext
  methodArn: string
  identity: IdentityReader
  /** A REQUEST authorizer's event after `type` and `methodArn`, in the data plane's own shape. */
  requestEvent(): Record<string, unknown>
  /** An execution log line. */
  log(message: string, level?: 'INFO' | 'ERROR'): void
}

/** 500 `{"message": null}` AuthorizerConfigurationException: no permission, a crash, a timeout or a malformed answer. */
export const authorizerConfigurationError = () => new AuthzRefusal('AUTHORIZER_CONFIGURATION_ERROR', '', 500)

/** `identityValidationExpression` must match the whole token (Java's `matches`), never a part of it. */
function validToken(expression: string | undefined, token: string): boolean {
  if (expression === undefined) return true
  try {
    return new RegExp(`^(?:${expression})$`, 's').test(token)
  } catch {
    return false
  }
}

/** The authorizer's answer for this request (from the cache or the function), or an `AuthzRefusal`. */
export async function runLambdaAuthorizer(spec: LambdaAuthorizerSpec, request: AuthorizationRequest, cache: AuthorizerCache<AuthorizerOutput>): Promise<LambdaAuthorizerResult> {
  const { sources } = parseIdentitySources(spec.identitySource)
  const caching = spec.ttlSeconds > 0
  const values = readIdentitySources(sources, request.identity)
  // A TOKEN authorizer always needs its token; a REQUEST one needs every identity source when they are the cache key.
  if (!values && (spec.type === 'TOKEN' || caching)) {
    request.log('The identity source was missing, null or empty: unauthorized, the authorizer was not invoked')
    throw unauthorized()
  }
  const token = spec.type === 'TOKEN' ? values![0] : undefined
  if (token !== undefined && !validToken(spec.identityValidationExpression, token)) {
    request.log('The token did not match the identity validation expression: unauthorized, the authorizer was not invoked')
    throw unauthorized()
  }
  // AWS quirk: the cache keeps the function's answer for these identity values, whatever method asked; its policy is
  // judged again for each request, so a policy naming only the first method refuses the next one within the TTL.
  // @see https://repost.aws/knowledge-center/api-gateway-lambda-authorization-errors
  const key = caching ? AuthorizerCache.key(spec.cacheScope, values!) : undefined
  const cached = key ? cache.get(key) : undefined
  if (cached) {
    request.log(`Using cached authorizer result for authorizer ${spec.id}`)
    return result(cached, true, 0)
  }
  const started = Date.now()
  const output = await invoke(spec, request, token)
  if (key) cache.set(key, output, spec.ttlSeconds)
  return result(output, false, Date.now() - started)
}

function result(output: AuthorizerOutput, cached: boolean, integrationLatency: number): LambdaAuthorizerResult {
  const { principalId, policyDocument, context, usageIdentifierKey } = output
  return { kind: 'lambda', principalId, policyDocument, context: { ...context }, usageIdentifierKey, cached, integrationLatency }
}

async function invoke(spec: LambdaAuthorizerSpec, request: AuthorizationRequest, token: string | undefined): Promise<AuthorizerOutput> {
  const configurationError = (detail: string) => {
    request.log(`Execution failed due to configuration error: ${detail}`, 'ERROR')
    request.log('Execution failed due to configuration error: Authorizer error', 'ERROR')
    return authorizerConfigurationError()
  }
  if (spec.permissionSourceArn) {
    const permission = await invokePermission(request.ctx, spec.functionArn, spec.permissionSourceArn)
    if (permission === 'denied') throw configurationError('Invalid permissions on Lambda function')
    if (permission === 'missing') throw configurationError(`Function not found: ${spec.functionArn}`)
  }
  // Not implemented: authorizerCredentials (the role API Gateway would assume) is not checked.
  const event =
    spec.type === 'TOKEN'
      ? { type: 'TOKEN', methodArn: request.methodArn, authorizationToken: token }
      : { type: 'REQUEST', methodArn: request.methodArn, ...request.requestEvent() }
  request.log(`Starting authorizer: ${spec.id}`)
  let answer
  try {
    answer = await invokeFunction(request.ctx, spec.functionArn, JSON.stringify(event))
  } catch (err) {
    if (!(err instanceof AwsError)) throw err
    throw configurationError(`Lambda invocation failed: ${err.message}`)
  }
  if (answer.functionError) {
    if (isUnauthorizedError(answer.payload)) {
      request.log('The authorizer answered Unauthorized')
      throw unauthorized()
    }
    throw configurationError('Lambda function failed (function error)')
  }
  try {
    return parseAuthorizerOutput(answer.payload)
  } catch (err) {
    if (!(err instanceof MalformedAuthorizerOutput)) throw err
    throw configurationError(`Invalid authorizer response: ${err.message}`)
  }
}
