/**
 * @module HTTP_PROXY: forward the request to the integration URI (`{param}` placeholders filled from path
 * parameters) and pass the response through as it is.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/setup-http-integrations.html
 */
import { logError } from '../logging.js'
import { internalError, type EndpointResponse, type Invocation } from '../context.js'
import { withTimeout } from './timeout.js'
import { withStageVariables } from '../stage-variables.js'

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host', 'content-length', 'content-encoding'])

export async function invokeHttpProxy(inv: Invocation): Promise<EndpointResponse> {
  const integration = inv.method!.methodIntegration!
  let target = (withStageVariables(inv, integration.uri) ?? '').replace(/\{([^}+]+)\+?\}/g, (_, name: string) => inv.pathParameters[name] ?? '')
  const query = new URLSearchParams()
  for (const [k, values] of Object.entries(inv.multiValueQuery)) for (const v of values) query.append(k, v)
  if ([...query].length) target += (target.includes('?') ? '&' : '?') + query.toString()
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(inv.req.headers)) if (!HOP_BY_HOP.has(k)) headers[k] = v
  const method = integration.httpMethod === 'ANY' ? inv.req.method : integration.httpMethod ?? inv.req.method
  const abort = new AbortController()
  const call = fetch(target, {
    method,
    headers,
    body: ['GET', 'HEAD'].includes(method) || !inv.req.body.length ? undefined : inv.req.body,
    redirect: 'manual',
    signal: abort.signal,
  }).then(async (res) => {
    const out: Record<string, string | string[]> = {}
    res.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name)) out[name] = value
    })
    const cookies = res.headers.getSetCookie()
    if (cookies.length) out['set-cookie'] = cookies
    return { status: res.status, headers: out, body: Buffer.from(await res.arrayBuffer()) }
  })
  try {
    return await withTimeout(integration.timeoutInMillis, call.catch((err) => {
      logError(inv, `HTTP_PROXY to ${target} failed: ${(err as Error).message}`)
      throw internalError()
    }))
  } finally {
    abort.abort()
  }
}
