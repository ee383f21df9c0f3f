/**
 * @module The execute-api data plane for REST APIs, as a chain of small steps over the stage's frozen
 * deployment: parse → route → authorize → method request → integration (request, call, response) → method response,
 * with gateway responses for API Gateway's own errors.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-call-api.html
 */
import { AwsError } from '../../../core/aws-error.js'
import { ownValue } from '../../../core/safe-names.js'
import type { CloudContext, CloudRequest, CloudResponse } from '../../../core/types.js'
import type { ApigwModel } from '../model.js'
import { GatewayError, internalError, type EndpointResponse, type Invocation } from './context.js'
import { renderGatewayResponse } from './gateway-response.js'
import { mapIntegrationResponse } from './integration-response.js'
import { invokeAws } from './integrations/aws.js'
import { invokeLambdaProxy } from './integrations/aws-proxy.js'
import { invokeHttp } from './integrations/http.js'
import { invokeHttpProxy } from './integrations/http-proxy.js'
import { invokeMock } from './integrations/mock.js'
import { settingsFor } from '../api/stage-settings.js'
import { authorize } from './authorize/index.js'
import { execLog, flushLogs, writesLogs } from './logging.js'
import { methodRequest } from './method-request.js'
import { parseRequest } from './parse.js'
import { routeRequest } from './router.js'
import { standardHeaders } from './standard-headers.js'

/** REST API payload quota: 10 MB. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024

export async function executeApi(req: CloudRequest, ctx: CloudContext, model: ApigwModel): Promise<CloudResponse> {
  const inv = parseRequest(req, ctx)
  inv.api = ownValue(model.apis, inv.apiId)
  if (!inv.api) {
    // An id REST does not know may be an API Gateway v2 API (WebSocket stages and their @connections).
    const v2 = await ctx.call<CloudResponse | undefined>('apigatewayv2', '_executeApi', { request: req }).catch((err) => {
      if (err instanceof AwsError && err.code === 'InvalidAction') return undefined
      throw err
    })
    if (v2) return v2
    // Local deviation: on AWS an unknown API id has no DNS name at all; here the host resolves, so say why.
    return {
      status: 404,
      headers: { 'Content-Type': 'application/json', 'x-amzn-RequestId': inv.requestId, 'x-amzn-ErrorType': 'NotFoundException' },
      body: JSON.stringify({ message: `The API id '${inv.apiId}' does not correspond to a deployed API Gateway API` }),
      errorCode: 'NotFoundException',
    }
  }
  inv.streams = model.usage.streams
  inv.authorizerCache = model.authorizerCache
  const response = await run(inv, model)
  if (writesLogs(inv)) await flushLogs(inv, response).catch(() => {})
  return response
}

async function run(inv: Invocation, model: ApigwModel): Promise<CloudResponse> {
  const { req, ctx } = inv
  try {
    if (!inv.api) throw internalError()
    // With the default endpoint disabled, only custom domains reach the API.
    // @see https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-disable-default-endpoint.html
    if (inv.api.disableExecuteApiEndpoint) throw new GatewayError('ACCESS_DENIED', 'Forbidden')
    routeRequest(inv)
    inv.logLevel = settingsFor(inv.stage!, inv.resource!.path, req.method).loggingLevel
    if (inv.logLevel === 'INFO') {
      execLog(inv, `Extended Request Id: ${inv.extendedRequestId}`)
      execLog(inv, `HTTP Method: ${req.method}, Resource Path: ${inv.path}`)
      execLog(inv, `Method request path: ${JSON.stringify(inv.pathParameters)}`)
      execLog(inv, `Method request query string: ${JSON.stringify(inv.query)}`)
    }
    // @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html
    if (req.body.length > MAX_PAYLOAD_BYTES) throw new GatewayError('REQUEST_TOO_LARGE', `HTTP content length exceeded ${MAX_PAYLOAD_BYTES} bytes.`)
    await authorize(inv)
    methodRequest(inv, model)
    const response = methodResponse(inv, await integrate(inv))
    execLog(inv, `Method completed with status: ${response.status}`)
    return response
  } catch (err) {
    if (!(err instanceof GatewayError)) ctx.log(`apigateway ${inv.apiId}: unexpected failure: ${(err as Error)?.stack ?? err}`)
    const error = err instanceof GatewayError ? err : internalError()
    inv.errorMessage = error.message
    inv.errorType = error.responseType
    const response = renderGatewayResponse(inv, error)
    execLog(inv, `Gateway response type: ${error.responseType} with status code: ${response.status}`, response.status >= 500 ? 'ERROR' : 'INFO')
    return response
  }
}

export async function integrate(inv: Invocation): Promise<EndpointResponse> {
  const integration = inv.method!.methodIntegration!
  switch (integration.type) {
    case 'AWS_PROXY':
      return invokeLambdaProxy(inv)
    case 'HTTP_PROXY':
      return invokeHttpProxy(inv)
    case 'MOCK':
      return mapIntegrationResponse(inv, invokeMock(inv))
    case 'AWS':
      return invokeAws(inv)
    case 'HTTP':
      return invokeHttp(inv)
    default:
      throw internalError()
  }
}

/** Step — method response: standard headers, default content type; proxy headers are passed as they are. */
export function methodResponse(inv: Invocation, response: EndpointResponse): CloudResponse {
  const headers: Record<string, string | string[]> = { ...response.headers }
  const present = new Set<string>()
  for (const name in headers) present.add(name.toLowerCase())
  if (!present.has('content-type')) headers['Content-Type'] = 'application/json'
  const standard = standardHeaders(inv)
  for (const name in standard) if (!present.has(name.toLowerCase())) headers[name] = standard[name]
  return { status: response.status, headers, body: inv.req.method === 'HEAD' ? '' : response.body }
}
