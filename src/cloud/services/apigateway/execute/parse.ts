/**
 * @module Step 1 — parse: stage name, path after the stage, headers and query string as API Gateway
 * sees them (client header case kept; repeated values kept for the `multiValue*` maps).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-call-api.html
 */
import { randomHex, randomString } from '../../../core/ids.js'
import { nullMap } from '../../../core/safe-names.js'
import type { CloudContext, CloudRequest } from '../../../core/types.js'
import type { Invocation } from './context.js'

export function parseRequest(req: CloudRequest, ctx: CloudContext): Invocation {
  const route = req.route.kind === 'execute-api' ? req.route : { apiId: '', path: req.rawPath }
  const segments = route.path.split('/').filter(Boolean)
  const stageName = segments.length ? safeDecode(segments[0]) : undefined
  const rest = segments.slice(1).map(safeDecode)
  const { headers, multiValueHeaders } = readHeaders(req)
  // Maps without a prototype: `?toString=x`, `?__proto__=x` or a header named `constructor` are plain entries.
  const query = nullMap<string>()
  const multiValueQuery = nullMap<string[]>()
  for (const [key, value] of req.query) {
    // AWS quirk: the single-value map keeps the last value of a repeated parameter.
    query[key] = value
    ;(multiValueQuery[key] ??= []).push(value)
  }
  const now = new Date()
  const traceId = `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomHex(24)}`
  addForwardingHeaders(req, headers, multiValueHeaders, traceId)
  return {
    req,
    ctx,
    apiId: route.apiId,
    requestId: req.requestId,
    // Like AWS's: 16 characters of base64 ending in '=' (e.g. `FHf9LGBwIAMF4kA=`), also sent as x-amz-apigw-id.
    extendedRequestId: `${randomString(15, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}=`,
    traceId,
    requestTime: now,
    stageName,
    path: '/' + rest.join('/'),
    headers,
    multiValueHeaders,
    query,
    multiValueQuery,
    pathParameters: nullMap<string>(),
    logLines: [],
    streams: new Map(),
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/**
 * Hop-by-hop headers end at API Gateway's front door (RFC 9110 §7.6.1): the integration never sees them.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-7.6.1
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection'])

function readHeaders(req: CloudRequest): { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> } {
  const headers = nullMap<string>()
  const multiValueHeaders = nullMap<string[]>()
  const raw = req.raw?.rawHeaders
  if (raw && raw.length) {
    // The first spelling of a header name is the one the integration sees.
    const spelling = new Map<string, string>()
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const lower = raw[i].toLowerCase()
      if (HOP_BY_HOP.has(lower)) continue
      let name = spelling.get(lower)
      if (name === undefined) spelling.set(lower, (name = raw[i]))
      ;(multiValueHeaders[name] ??= []).push(raw[i + 1])
      headers[name] = raw[i + 1]
    }
  } else {
    for (const name in req.headers) {
      if (HOP_BY_HOP.has(name)) continue
      headers[name] = req.headers[name]
      multiValueHeaders[name] = [req.headers[name]]
    }
  }
  return { headers, multiValueHeaders }
}

/**
 * The headers API Gateway adds before the integration sees the request: the trace id and the
 * X-Forwarded-* trio (the client's IP appended to any X-Forwarded-For it sent).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
 */
function addForwardingHeaders(req: CloudRequest, headers: Record<string, string>, multi: Record<string, string[]>, traceId: string): void {
  const set = (name: string, value: string) => {
    // A client's own spelling of the header (e.g. x-forwarded-for) gives way to API Gateway's.
    const lower = name.toLowerCase()
    if (req.headers[lower] !== undefined) {
      for (const existing in headers) {
        if (existing !== name && existing.toLowerCase() === lower) {
          delete headers[existing]
          delete multi[existing]
        }
      }
    }
    headers[name] = value
    multi[name] = [value]
  }
  const forwardedFor = req.headers['x-forwarded-for']
  set('X-Forwarded-For', forwardedFor ? `${forwardedFor}, ${req.sourceIp}` : req.sourceIp)
  set('X-Forwarded-Port', String(req.raw?.socket?.localPort ?? ''))
  set('X-Forwarded-Proto', 'http')
  if (!req.headers['x-amzn-trace-id']) set('X-Amzn-Trace-Id', traceId)
}
