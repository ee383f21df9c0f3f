/**
 * @module Authorization of a WebSocket API happens once, on `$connect`, for the whole connection: `AWS_IAM`
 * (a SigV4 signature for `execute-api`, in headers or a presigned URL, and `execute-api:Invoke` on
 * `…/{stage}/$connect`) or a `CUSTOM` REQUEST Lambda authorizer. A refusal is the handshake's status (401/403);
 * no socket opens.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-control-access-iam.html
 */
import type { IdentityReader } from '../../../authz/identity-sources.js'
import { parseIdentitySources, readIdentitySources } from '../../../authz/identity-sources.js'
import { tableA } from '../../../authz/api-access.js'
import { AuthzRefusal } from '../../../authz/authorizer-result.js'
import { runLambdaAuthorizer } from '../../../authz/lambda-authorizer.js'
import { evaluateIdentityPolicies, parsePolicy, PolicyParseError } from '../../../authz/policy-eval.js'
import { AwsError } from '../../../core/aws-error.js'
import { ownValue } from '../../../core/safe-names.js'
import { authorizerForIntegration } from '../../apigateway/execute/authorize/pass-on.js'
import { lambdaArnFromUri } from '../../apigateway/integration-uris.js'
import type { CloudContext, CloudRequest } from '../../../core/types.js'
import { verifySigV4, type CallerIdentity } from '../../../edge/sigv4.js'
import type { Connection } from './connection.js'
import { INVOKE, iamRefusal } from './iam.js'
import type { PlaneState } from './plane-state.js'
import type { WsRoute } from './snapshot.js'

export interface Denial {
  status: number
  message: string
}

/** The IAM caller as `requestContext.identity` shows it. */
export function callerOf(identity: CallerIdentity): NonNullable<Connection['caller']> {
  return { accessKey: identity.accessKeyId, userArn: identity.arn, user: identity.userId, accountId: identity.account }
}

/** Verify a request's SigV4 signature for `execute-api` (handshakes, `@connections` calls). */
export function verifyExecuteApiSignature(ctx: CloudContext, req: CloudRequest): CallerIdentity | AwsError {
  return verifySigV4(req, { service: 'execute-api', now: Date.now(), lookupSecret: (key) => ctx.credentials.lookup(key) })
}

/** The `$connect` request as identity sources read it: headers, query, stage variables, `$context` values. */
function identityReader(c: Connection, req: CloudRequest, context: Record<string, unknown>): IdentityReader {
  return {
    header: (name) => req.headers[name.toLowerCase()],
    querystring: (name) => req.query.get(name) ?? undefined,
    stageVariable: (name) => ownValue(c.api.stageVariables, name),
    context: (name) => {
      let node: unknown = context
      for (const part of name.split('.')) node = node && typeof node === 'object' ? ownValue(node as Record<string, unknown>, part) : undefined
      return typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean' ? String(node) : undefined
    },
  }
}

/**
 * A `CUSTOM` REQUEST authorizer through the data-plane-neutral Lambda authorizer (`src/cloud/authz/`): identity
 * sources missing → 401 without invoking it; its policy must allow `…/{stage}/$connect`; its `principalId` and
 * `context` reach every later event of the connection as `requestContext.authorizer`. AWS caches no authorizer
 * results for WebSocket APIs (`authorizerResultTtlInSeconds` is for HTTP APIs).
 */
async function runCustomAuthorizer(ctx: CloudContext, plane: PlaneState, c: Connection, req: CloudRequest, route: WsRoute, connectEvent: Record<string, unknown>): Promise<Denial | undefined> {
  const authorizer = route.authorizerId === undefined ? undefined : ownValue(c.api.authorizers, route.authorizerId)
  const functionArn = lambdaArnFromUri(authorizer?.authorizerUri)
  if (!authorizer || !functionArn) {
    ctx.log(`apigatewayv2 ${c.api.apiId}/${c.stage}: $connect names authorizer ${route.authorizerId}, which this deployment has no Lambda function for`)
    return { status: 500, message: 'Internal server error' }
  }
  const { sources } = parseIdentitySources(authorizer.identitySource.join(','))
  const context = (connectEvent.requestContext ?? {}) as Record<string, unknown>
  const reader = identityReader(c, req, context)
  if (sources.length && !readIdentitySources(sources, reader)) return { status: 401, message: 'Unauthorized' }
  const { isBase64Encoded: _encoded, ...event } = connectEvent
  const methodArn = `arn:aws:execute-api:${c.api.region}:${ctx.accountId}:${c.api.apiId}/${c.stage}/$connect`
  let result
  try {
    result = await runLambdaAuthorizer(
      {
        id: authorizer.authorizerId,
        type: 'REQUEST',
        functionArn,
        identitySource: sources.map((s) => s.expression).join(','),
        ttlSeconds: 0,
        permissionSourceArn: `arn:aws:execute-api:${c.api.region}:${ctx.accountId}:${c.api.apiId}/authorizers/${authorizer.authorizerId}`,
        cacheScope: `${c.api.apiId}/${c.stage}/${c.api.deploymentId}/${authorizer.authorizerId}`,
      },
      {
        ctx,
        methodArn,
        identity: reader,
        requestEvent: () => ({ ...event, stageVariables: { ...c.api.stageVariables } }),
        log: (message, level) => level === 'ERROR' && ctx.log(`apigatewayv2 ${c.api.apiId}/${c.stage} $connect authorizer: ${message}`),
      },
      plane.authorizerCache,
    )
    // The function's own policy must allow `…/{stage}/$connect` (AWS's table A, no resource policy on WebSocket APIs).
    const own = evaluateIdentityPolicies([parsePolicy(result.policyDocument)], { action: 'execute-api:Invoke', resource: methodArn, context: {} })
    if (tableA(own, 'implicit') !== 'Allow') return { status: 403, message: 'Forbidden' }
  } catch (err) {
    if (err instanceof AuthzRefusal) return { status: err.status, message: err.message || 'Internal server error' }
    if (err instanceof PolicyParseError) return { status: 500, message: 'Internal server error' }
    throw err
  }
  c.authorizer = authorizerForIntegration(result)
  return undefined
}

export async function authorizeConnect(ctx: CloudContext, plane: PlaneState, c: Connection, req: CloudRequest, route: WsRoute | undefined, connectEvent: Record<string, unknown>): Promise<Denial | undefined> {
  const type = route?.authorizationType ?? 'NONE'
  if (!route || type === 'NONE') return undefined
  if (type === 'CUSTOM') return runCustomAuthorizer(ctx, plane, c, req, route, connectEvent)
  if (type === 'AWS_IAM') {
    const identity = verifyExecuteApiSignature(ctx, req)
    if (identity instanceof AwsError) return { status: 403, message: identity.message }
    c.caller = callerOf(identity)
    const denied = await iamRefusal(ctx, identity, INVOKE, `arn:aws:execute-api:${c.api.region}:${c.api.accountId}:${c.api.apiId}/${c.stage}/$connect`, req.sourceIp)
    return denied ? { status: 403, message: denied.message } : undefined
  }
  return { status: 500, message: 'Internal server error' }
}
