/**
 * @module TestInvokeAuthorizer (the console's authorizer "Test" button): runs the LIVE authorizer once, never from
 * the cache, against a `GET` of the `ESTestInvoke-stage`, and reports what the function said. AWS quirk: a Deny
 * is a clientStatus 200 here (the policy is shown, not enforced); only a deployed stage answers 403.
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_TestInvokeAuthorizer.html
 */
import { AuthorizerCache } from '../../../authz/authorizer-cache.js'
import type { AuthorizerOutput } from '../../../authz/authorizer-output.js'
import { AuthzRefusal, type LambdaAuthorizerResult } from '../../../authz/authorizer-result.js'
import { runLambdaAuthorizer } from '../../../authz/lambda-authorizer.js'
import { nullMap } from '../../../core/safe-names.js'
import type { CloudContext, CloudRequest } from '../../../core/types.js'
import { badRequest, nowSeconds, type ApigwModel } from '../model.js'
import { lambdaSpec, restIdentityReader, restRequestEvent } from './authorize/authorizer.js'
import { parseRequest } from './parse.js'

const STAGE = 'ESTestInvoke-stage'

export async function testInvokeAuthorizer(input: any, ctx: CloudContext, model: ApigwModel) {
  const api = model.api(input.restApiId)
  const authorizer = model.authorizer(api, input.authorizerId)
  // Not implemented: testing COGNITO_USER_POOLS authorizers.
  if (authorizer.type === 'COGNITO_USER_POOLS') throw badRequest('TestInvokeAuthorizer for COGNITO_USER_POOLS authorizers (not supported by the local cloud yet)')
  const started = Date.now()
  const target = String(input.pathWithQueryString || '/')
  const q = target.indexOf('?')
  const path = q === -1 ? target : target.slice(0, q)
  const headers: Record<string, string> = nullMap()
  for (const [k, v] of Object.entries<string>(input.headers ?? {})) headers[k.toLowerCase()] = String(v)
  const req = {
    method: 'GET',
    rawPath: path,
    path,
    query: new URLSearchParams(q === -1 ? '' : target.slice(q + 1)),
    headers,
    body: Buffer.from(input.body ?? ''),
    host: `${api.id}.execute-api.localhost`,
    region: api.region,
    requestId: crypto.randomUUID(),
    sourceIp: 'test-invoke-source-ip',
    route: { kind: 'execute-api', apiId: api.id, path: `/${STAGE}${path}` },
    raw: undefined,
  } as unknown as CloudRequest
  const inv = parseRequest(req, ctx)
  inv.api = api
  const now = nowSeconds()
  inv.stage = { stageName: STAGE, deploymentId: '', variables: input.stageVariables, tags: {}, tracingEnabled: false, cacheClusterEnabled: false, createdDate: now, lastUpdatedDate: now }
  inv.resource = api.resources[api.rootResourceId]
  const log: string[] = [`Execution log for request ${inv.requestId}`]
  // AWS quirk: the console's test shows a Deny policy with clientStatus 200; only a deployed stage answers 403.
  let clientStatus = 200
  let result: LambdaAuthorizerResult | undefined
  try {
    result = await runLambdaAuthorizer(
      { ...lambdaSpec(inv, authorizer, 'test-invoke'), ttlSeconds: 0 },
      {
        ctx,
        methodArn: `arn:aws:execute-api:${api.region}:${ctx.accountId}:${api.id}/${STAGE}/GET/`,
        identity: restIdentityReader(inv),
        requestEvent: () => restRequestEvent(inv),
        log: (message) => log.push(`${new Date().toUTCString()} : ${message}`),
      },
      new AuthorizerCache<AuthorizerOutput>(),
    )
  } catch (err) {
    if (!(err instanceof AuthzRefusal)) throw err
    clientStatus = err.status
  }
  return {
    clientStatus,
    log: log.join('\n'),
    latency: Date.now() - started,
    principalId: result?.principalId,
    policy: result ? JSON.stringify(result.policyDocument) : undefined,
  }
}
