/**
 * @module A route's integration: `AWS_PROXY` (the Lambda proxy event, through the REST data plane's Lambda call)
 * or `MOCK` (the request template's `statusCode`, then the integration response's template). The outcome's body
 * reaches the client only if the route has a route response (the caller decides).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-routes-integrations.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-integration-responses.html
 */
import type { CloudContext } from '../../../core/types.js'
import { GatewayError } from '../../apigateway/execute/context.js'
import { invokeFunction, invokePermission } from '../../../core/function-invoke.js'
import { withTimeout } from '../../apigateway/execute/integrations/timeout.js'
import type { Connection } from './connection.js'
import type { WsRequest } from './events.js'
import type { WsIntegration, WsRoute } from './snapshot.js'
import { pickTemplate, renderWsTemplate } from './templates.js'

/** What the integration answered: a status (decides `$connect`) and a body (sent back with a route response). */
export interface Outcome {
  status: number
  body?: string
  /** `$connect` only: the subprotocol the integration chose (`Sec-WebSocket-Protocol`). */
  protocol?: string
}

/** API Gateway's own failure of an integration: `Internal server error` for the client, `why` for the log. */
export class IntegrationFailure extends Error {
  constructor(
    readonly status: number,
    readonly why: string,
  ) {
    super(status === 504 ? 'Endpoint request timed out' : 'Internal server error')
  }
}

export interface IntegrationCall {
  ctx: CloudContext
  connection: Connection
  route: WsRoute
  integration: WsIntegration
  request: WsRequest
  /** The Lambda proxy event. */
  event: Record<string, unknown>
  /** The message (MESSAGE), or '' (CONNECT, DISCONNECT). */
  body: string
  timeoutMs: number
  /**
   * Told of the backend call once it starts: it may outlive the integration timeout (the function runs on, as on
   * AWS, where it keeps its concurrency), and what it holds is held until it settles.
   */
  backendStarted?: (settled: Promise<unknown>) => void
}

export async function integrate(call: IntegrationCall): Promise<Outcome> {
  switch (call.integration.integrationType) {
    case 'AWS_PROXY':
      return lambdaProxy(call)
    case 'MOCK':
      return mock(call)
    default:
      // Not implemented: AWS, HTTP and HTTP_PROXY integrations of WebSocket routes.
      throw new IntegrationFailure(500, `the local cloud does not emulate ${call.integration.integrationType} integrations of WebSocket routes yet`)
  }
}

async function lambdaProxy(call: IntegrationCall): Promise<Outcome> {
  const { ctx, connection: c } = call
  const functionArn = call.integration.lambdaFunctionArn
  if (!functionArn) throw new IntegrationFailure(500, `Execution failed due to configuration error: Invalid integration URI ${call.integration.integrationUri}`)
  const sourceArn = `arn:aws:execute-api:${c.api.region}:${ctx.accountId}:${c.api.apiId}/${c.stage}/${call.route.routeKey}`
  const permission = await invokePermission(ctx, functionArn, sourceArn)
  if (permission !== 'allowed') throw new IntegrationFailure(500, 'Execution failed due to configuration error: Invalid permissions on Lambda function')
  const timeout = Math.min(call.integration.timeoutInMillis ?? call.timeoutMs, call.timeoutMs)
  let result
  try {
    const invocation = invokeFunction(ctx, functionArn, JSON.stringify(call.event))
    call.backendStarted?.(invocation)
    result = await withTimeout(timeout, invocation)
  } catch (err) {
    if (err instanceof GatewayError) throw new IntegrationFailure(504, 'Execution failed due to a timeout error')
    throw new IntegrationFailure(500, `Lambda invocation failed: ${(err as Error).message}`)
  }
  if (result.functionError) throw new IntegrationFailure(502, 'Lambda execution failed with status 200 due to customer function error')
  return proxyOutcome(result.payload)
}

/**
 * A proxy function answers `{statusCode, body, headers}`. AWS quirk: a function that returns no `statusCode`
 * (an async handler that returns nothing) is a success; its output, if it is not the proxy shape, is the body.
 */
export function proxyOutcome(payload: string): Outcome {
  // AWS quirk: a WebSocket proxy function that returns no statusCode is a success (REST would answer 502).
  let parsed: unknown
  try {
    parsed = JSON.parse(payload)
  } catch {
    return { status: 200, body: payload }
  }
  if (parsed === null || parsed === undefined) return { status: 200 }
  if (typeof parsed !== 'object' || Array.isArray(parsed)) return { status: 200, body: typeof parsed === 'string' ? parsed : payload }
  const shape = parsed as Record<string, unknown>
  if (!('statusCode' in shape) && !('body' in shape)) return { status: 200, body: payload }
  const code = typeof shape.statusCode === 'string' ? Number(shape.statusCode) : shape.statusCode
  const status = Number.isInteger(code) && (code as number) >= 100 && (code as number) <= 599 ? (code as number) : 200
  let body = typeof shape.body === 'string' ? shape.body : shape.body === undefined || shape.body === null ? undefined : JSON.stringify(shape.body)
  if (body !== undefined && shape.isBase64Encoded === true) body = Buffer.from(body, 'base64').toString('utf8')
  const headers = shape.headers && typeof shape.headers === 'object' ? (shape.headers as Record<string, unknown>) : {}
  const protocolHeader = Object.keys(headers).find((k) => k.toLowerCase() === 'sec-websocket-protocol')
  return { status, body, protocol: protocolHeader ? String(headers[protocolHeader]) : undefined }
}

/** AWS quirk: as for REST, a MOCK whose request template yields no integer `statusCode` fails every call. */
function mock(call: IntegrationCall): Outcome {
  // AWS quirk: a MOCK whose request template yields no integer statusCode fails every call.
  const { ctx, connection: c, request: r, integration } = call
  const template = pickTemplate(integration.requestTemplates, integration.templateSelectionExpression, call.body)
  const output = template === undefined ? call.body : renderWsTemplate(ctx, c, r, template, call.body)
  let status: unknown
  try {
    status = JSON.parse(output.trim())?.statusCode
  } catch {
    status = undefined
  }
  const code = typeof status === 'string' && /^\d+$/.test(status) ? Number(status) : status
  if (!Number.isInteger(code)) {
    throw new IntegrationFailure(500, 'Execution failed due to configuration error: Unable to parse statusCode. It should be an integer that is defined in the request template.')
  }
  return { status: code as number, body: integrationResponseBody(call, code as number) }
}

/**
 * The integration response whose key matches the status (`/2\d\d/`, or an exact code), else `$default`: MOCK
 * integrations select on `${integration.response.statuscode}`.
 */
function integrationResponseBody(call: IntegrationCall, status: number): string | undefined {
  const responses = Object.values(call.integration.integrationResponses ?? {})
  const matching =
    responses.find((x) => {
      const pattern = /^\/(.*)\/$/.exec(x.integrationResponseKey)?.[1]
      if (pattern === undefined) return x.integrationResponseKey === String(status)
      try {
        return new RegExp(`^(?:${pattern})$`).test(String(status))
      } catch {
        return false
      }
    }) ?? responses.find((x) => x.integrationResponseKey === '$default')
  if (!matching) return undefined
  const template = pickTemplate(matching.responseTemplates, matching.templateSelectionExpression, '')
  // The mock backend has no body: without a response template, the client gets nothing.
  return template === undefined ? undefined : renderWsTemplate(call.ctx, call.connection, call.request, template, '')
}
