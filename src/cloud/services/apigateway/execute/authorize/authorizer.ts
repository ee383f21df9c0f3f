/**
 * @module REST glue for a method's authorizer (CUSTOM: Lambda TOKEN/REQUEST; COGNITO_USER_POOLS): the request view
 * and the REQUEST event for the data-plane-neutral authorizers in `src/cloud/authz/`. `runAuthorizer` answers the
 * authorize step (`./index.ts`) with an `AuthorizerResult` or throws an `AuthzRefusal` (401 `Unauthorized`,
 * 500 `{"message": null}` AuthorizerConfigurationException); the step judges a Lambda authorizer's policy.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
 */
import { AuthorizerCache } from '../../../../authz/authorizer-cache.js'
import type { AuthorizerOutput } from '../../../../authz/authorizer-output.js'
import { AuthzRefusal, type AuthorizerResult } from '../../../../authz/authorizer-result.js'
import type { IdentityReader } from '../../../../authz/identity-sources.js'
import { authorizerConfigurationError, runLambdaAuthorizer, type LambdaAuthorizerSpec } from '../../../../authz/lambda-authorizer.js'
import { ownValue } from '../../../../core/safe-names.js'
import { lambdaArnFromUri } from '../../integration-uris.js'
import type { AuthorizerRecord } from '../../model.js'
import type { Invocation } from '../context.js'
import { lambdaProxyEvent } from '../integrations/lambda-event.js'
import { execLog } from '../logging.js'
import { withStageVariables } from '../stage-variables.js'
import { contextVariables } from '../vtl.js'
import { runCognitoAuthorizer } from './cognito.js'

/** "For an authorization-enabled method ARN … the maximum length is 1600 bytes" (else 414). */
const MAX_METHOD_ARN_BYTES = 1600

/** `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}`, the path as requested. */
export const requestMethodArn = (inv: Invocation) =>
  `arn:aws:execute-api:${inv.api!.region}:${inv.ctx.accountId}:${inv.apiId}/${inv.stageName}/${inv.req.method.toUpperCase()}${inv.path}`

/** Identity sources read from this request: headers case-insensitively, `context.a.b` from `$context`. */
export function restIdentityReader(inv: Invocation): IdentityReader {
  return {
    header: (name) => inv.req.headers[name.toLowerCase()],
    querystring: (name) => ownValue(inv.query, name),
    stageVariable: (name) => ownValue(inv.stage?.variables, name),
    context: (name) => {
      let node: unknown = contextVariables(inv)
      for (const part of name.split('.')) node = node && typeof node === 'object' ? ownValue(node as Record<string, unknown>, part) : undefined
      return typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean' ? String(node) : undefined
    },
  }
}

/** The REQUEST authorizer event after `type` and `methodArn`: the proxy event's request fields, without the body. */
export function restRequestEvent(inv: Invocation): Record<string, unknown> {
  const { body: _body, isBase64Encoded: _encoded, ...event } = lambdaProxyEvent(inv)
  return event
}

/** The Lambda authorizer as `runLambdaAuthorizer` takes it; `methodArnOf` the request's ARN. */
export function lambdaSpec(inv: Invocation, authorizer: AuthorizerRecord, cacheScope: string): LambdaAuthorizerSpec {
  const functionArn = lambdaArnFromUri(withStageVariables(inv, authorizer.authorizerUri))
  if (!functionArn) {
    execLog(inv, 'Execution failed due to configuration error: Invalid authorizer URI', 'ERROR')
    throw authorizerConfigurationError()
  }
  return {
    id: authorizer.id,
    type: authorizer.type as 'TOKEN' | 'REQUEST',
    functionArn,
    identitySource: authorizer.identitySource,
    identityValidationExpression: authorizer.identityValidationExpression,
    ttlSeconds: authorizer.authorizerResultTtlInSeconds,
    permissionSourceArn: authorizer.authorizerCredentials ? undefined : `arn:aws:execute-api:${inv.api!.region}:${inv.ctx.accountId}:${inv.apiId}/authorizers/${authorizer.id}`,
    cacheScope,
  }
}

/** The authorizer of the routed method as its deployment froze it. */
function deployedAuthorizer(inv: Invocation): AuthorizerRecord {
  const authorizer = ownValue(inv.snapshot?.authorizers, inv.method!.authorizerId)
  if (!authorizer) {
    execLog(inv, `Execution failed due to configuration error: authorizer ${inv.method!.authorizerId} is not in this deployment`, 'ERROR')
    throw authorizerConfigurationError()
  }
  return authorizer
}

/** Run the routed method's authorizer (CUSTOM or COGNITO_USER_POOLS): its answer, or an `AuthzRefusal`. */
export async function runAuthorizer(inv: Invocation): Promise<AuthorizerResult> {
  const authorizer = deployedAuthorizer(inv)
  const methodArn = requestMethodArn(inv)
  if (Buffer.byteLength(methodArn) > MAX_METHOD_ARN_BYTES) throw new AuthzRefusal('DEFAULT_4XX', 'Request-URI Too Long', 414)
  if (authorizer.type === 'COGNITO_USER_POOLS') return runCognitoAuthorizer(inv, authorizer, restIdentityReader(inv))
  inv.authorizerCache ??= new AuthorizerCache<AuthorizerOutput>()
  return runLambdaAuthorizer(
    lambdaSpec(inv, authorizer, `${inv.apiId}/${inv.stageName}/${inv.stage!.deploymentId}/${authorizer.id}`),
    { ctx: inv.ctx, methodArn, identity: restIdentityReader(inv), requestEvent: () => restRequestEvent(inv), log: (message, level) => execLog(inv, message, level) },
    inv.authorizerCache,
  )
}
