/**
 * @module HTTP (non-proxy) integration: the mapped request (parameters, body template) goes to the backend;
 * its status code selects the integration response.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/setup-http-integrations.html#api-gateway-set-up-http-custom-integrations
 */
import { logError } from '../logging.js'
import { internalError, type EndpointResponse, type Invocation } from '../context.js'
import { mapIntegrationResponse } from '../integration-response.js'
import { withStageVariables } from '../stage-variables.js'
import { mapRequestParameters } from './request-parameters.js'
import { integrationRequestBody } from './request-template.js'
import { withTimeout } from './timeout.js'

export async function invokeHttp(inv: Invocation): Promise<EndpointResponse> {
  const integration = inv.method!.methodIntegration!
  const mapped = mapRequestParameters(inv, integration)
  const body = integrationRequestBody(inv, integration)
  const url = new URL(
    (withStageVariables(inv, integration.uri) ?? '').replace(/\{([^}+]+)\+?\}/g, (_, name: string) => encodeURIComponent(mapped.path[name] ?? '')),
  )
  for (const [k, v] of Object.entries(mapped.query)) url.searchParams.set(k, v)
  const method = integration.httpMethod === 'ANY' ? inv.req.method : integration.httpMethod ?? inv.req.method
  const abort = new AbortController()
  const call = fetch(url, {
    method,
    headers: { 'Content-Type': inv.req.headers['content-type'] ?? 'application/json', ...mapped.headers },
    body: ['GET', 'HEAD'].includes(method) || !body ? undefined : body,
    redirect: 'manual',
    signal: abort.signal,
  }).then(async (res) => {
    const headers: Record<string, string> = {}
    res.headers.forEach((value, name) => (headers[name] = value))
    return { status: res.status, headers, body: await res.text() }
  })
  try {
    const endpoint = await withTimeout(
      integration.timeoutInMillis,
      call.catch((err) => {
        logError(inv, `HTTP integration to ${url} failed: ${(err as Error).message}`)
        throw internalError()
      }),
    )
    return mapIntegrationResponse(inv, endpoint)
  } finally {
    abort.abort()
  }
}
