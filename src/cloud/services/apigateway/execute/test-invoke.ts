/**
 * @module TestInvokeMethod (the console's "Test" button): runs one method of the LIVE, undeployed API
 * in the `test-invoke-stage`, skipping API keys — which is why a test can pass while the deployed stage
 * still serves the old snapshot.
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_TestInvokeMethod.html
 */
import type { CloudContext, CloudRequest } from '../../../core/types.js'
import { clone, nowSeconds, type ApigwModel } from '../model.js'
import { GatewayError, internalError } from './context.js'
import { renderGatewayResponse } from './gateway-response.js'
import { integrate, methodResponse } from './index.js'
import { parseRequest } from './parse.js'
import { matchResources } from './router.js'

const STAGE = 'test-invoke-stage'

export async function testInvokeMethod(input: any, ctx: CloudContext, model: ApigwModel) {
  const api = model.api(input.restApiId)
  const resource = model.resource(api, input.resourceId)
  const method = model.method(api, resource.id, String(input.httpMethod).toUpperCase())
  const started = Date.now()
  const target = String(input.pathWithQueryString || resource.path)
  const q = target.indexOf('?')
  const path = q === -1 ? target : target.slice(0, q)
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries<string>(input.headers ?? {})) headers[k.toLowerCase()] = v
  const req = {
    method: method.httpMethod === 'ANY' ? 'GET' : method.httpMethod,
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
  inv.snapshot = { resources: clone(api.resources), gatewayResponses: clone(api.gatewayResponses), binaryMediaTypes: [...api.binaryMediaTypes] }
  const now = nowSeconds()
  inv.stage = { stageName: STAGE, deploymentId: '', variables: input.stageVariables, tags: {}, tracingEnabled: false, cacheClusterEnabled: false, createdDate: now, lastUpdatedDate: now }
  inv.resource = resource
  inv.method = method
  inv.pathParameters = matchResources(inv.snapshot, path).find((m) => m.resource.id === resource.id)?.params ?? {}
  const log = [`Execution log for request ${inv.requestId}`, `${new Date().toUTCString()} : Starting execution for request: ${inv.requestId}`]
  log.push(`${new Date().toUTCString()} : HTTP Method: ${req.method}, Resource Path: ${path}`)
  let response
  try {
    if (!method.methodIntegration) throw internalError()
    response = methodResponse(inv, await integrate(inv))
  } catch (err) {
    response = renderGatewayResponse(inv, err instanceof GatewayError ? err : internalError())
  }
  // The execution log's own lines (configuration errors, …), as the console's test shows them.
  for (const line of inv.logLines) log.push(`${new Date(line.at).toUTCString()} : ${line.message}`)
  log.push(`${new Date().toUTCString()} : Method completed with status: ${response.status}`)
  const single: Record<string, string> = {}
  const multi: Record<string, string[]> = {}
  for (const [k, v] of Object.entries(response.headers ?? {})) {
    multi[k] = Array.isArray(v) ? v : [v]
    single[k] = Array.isArray(v) ? v[v.length - 1] : v
  }
  const body = response.body === undefined ? '' : Buffer.isBuffer(response.body) ? response.body.toString('utf8') : response.body
  return { status: response.status, body, headers: single, multiValueHeaders: multi, log: log.join('\n'), latency: Date.now() - started }
}
