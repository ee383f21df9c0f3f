/**
 * @module REST glue for a method's authorizer (CUSTOM: Lambda TOKEN/REQUEST; COGNITO_USER_POOLS): build the
 * request view and the REQUEST event, run the data-plane-neutral authorizer from `src/cloud/authz/`, and turn
 * its outcome into AWS's answers — 401 `Unauthorized`, 403 `User is not authorized to access this resource`
 * (`… with an explicit deny`), 500 `{"message": null}` AuthorizerConfigurationException — or, when allowed,
 * into what the integration sees (`requestContext.authorizer`, `$context.authorizer.*`).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
 * @see https://repost.aws/knowledge-center/api-gateway-403-error-lambda-authorizer
 */
import type { IdentityReader } from '../../../../authz/identity-sources.js'
import { runLambdaAuthorizer, type LambdaAuthorizerSpec } from '../../../../authz/lambda-authorizer.js'
import { ownValue } from '../../../../core/safe-names.js'
import { lambdaArnFromUri } from '../../integration-uris.js'
import type { ApigwModel, AuthorizerRecord } from '../../model.js'
import { GatewayError, type Invocation } from '../context.js'
import { lambdaProxyEvent } from '../integrations/lambda-event.js'
import { execLog } from '../logging.js'
import { withStageVariables } from '../stage-variables.js'
import { contextVariables } from '../vtl.js'
import { accessDenied, authorizerConfigurationError, unauthorized } from './authorizer-errors.js'
import { authorizeWithCognito } from './cognito.js'

/** "For an authorization-enabled method ARN … the maximum length is 1600 bytes" (else 414). */
const MAX_METHOD_ARN_BYTES = 1600

/** `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}`, the path as requested. */
export const methodArn = (inv: Invocation) => `arn:aws:execute-api:${inv.api!.region}:${inv.ctx.accountId}:${inv.apiId}/${inv.stageName}/${inv.req.method}${inv.path}`

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

/** The REQUEST authorizer event after `type` and `methodArn`: the proxy event's request fields, no body. */
function requestEvent(inv: Invocation): Record<string, unknown> {
  const { body: _body, isBase64Encoded: _encoded, ...event } = lambdaProxyEvent(inv)
  return event
}

/** The authorizer of the routed method as its deployment froze it, or undefined for methods without one. */
function deployedAuthorizer(inv: Invocation): AuthorizerRecord | undefined {
  const method = inv.method!
  if (method.authorizationType !== 'CUSTOM' && method.authorizationType !== 'COGNITO_USER_POOLS') return undefined
  const authorizer = ownValue(inv.snapshot?.authorizers, method.authorizerId)
  if (!authorizer) {
    execLog(inv, `Execution failed due to configuration error: authorizer ${method.authorizerId} is not in this deployment`, 'ERROR')
    throw authorizerConfigurationError()
  }
  return authorizer
}

/**
 * Run the routed method's authorizer; throws the gateway error that answers the client, or records what the
 * integration will see. Methods without a CUSTOM or COGNITO_USER_POOLS authorizer pass untouched.
 */
export async function authorizeWithAuthorizer(inv: Invocation, model: ApigwModel): Promise<void> {
  const authorizer = deployedAuthorizer(inv)
  if (!authorizer) return
  const arn = methodArn(inv)
  if (Buffer.byteLength(arn) > MAX_METHOD_ARN_BYTES) throw new GatewayError('DEFAULT_4XX', 'Request-URI Too Long', 414)
  if (authorizer.type === 'COGNITO_USER_POOLS') return authorizeWithCognito(inv, authorizer)
  const functionArn = lambdaArnFromUri(withStageVariables(inv, authorizer.authorizerUri))
  if (!functionArn) {
    execLog(inv, 'Execution failed due to configuration error: Invalid authorizer URI', 'ERROR')
    throw authorizerConfigurationError()
  }
  const spec: LambdaAuthorizerSpec = {
    id: authorizer.id,
    type: authorizer.type as 'TOKEN' | 'REQUEST',
    functionArn,
    identitySource: authorizer.identitySource,
    identityValidationExpression: authorizer.identityValidationExpression,
    ttlSeconds: authorizer.authorizerResultTtlInSeconds,
    permissionSourceArn: authorizer.authorizerCredentials ? undefined : `arn:aws:execute-api:${inv.api!.region}:${inv.ctx.accountId}:${inv.apiId}/authorizers/${authorizer.id}`,
    cacheScope: `${inv.apiId}/${inv.stageName}/${inv.stage!.deploymentId}/${authorizer.id}`,
  }
  const result = await runLambdaAuthorizer(
    spec,
    { ctx: inv.ctx, methodArn: arn, identity: restIdentityReader(inv), requestEvent: () => requestEvent(inv), log: (message, level) => execLog(inv, message, level) },
    model.authorizerCache,
  )
  if (result.outcome === 'unauthorized') throw unauthorized()
  if (result.outcome === 'error') throw authorizerConfigurationError()
  if (result.outcome === 'deny') throw accessDenied(result.explicit)
  const { principalId, context, usageIdentifierKey } = result.output
  // AWS puts the context keys beside principalId and integrationLatency (a context key cannot replace either).
  inv.authorizer = { ...context, principalId, integrationLatency: result.latencyMs }
  inv.usageIdentifierKey = usageIdentifierKey
}
