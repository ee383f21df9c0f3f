/**
 * @module The request as the edge first sees it: request line and headers, no body yet. Every check that can
 * decide on these (Host, the page behind it, the declared size, a header signature) runs before a byte of the
 * body is read; the body is added afterwards (`req.body`).
 */
import type { IncomingMessage } from 'node:http'
import { DEFAULT_REGION } from '../core/arn.js'
import { requestId as newRequestId } from '../core/ids.js'
import type { CloudRequest } from '../core/types.js'
import { credentialScope, identify } from './identify.js'

export const EMPTY_BODY = Buffer.alloc(0)

export function requestFromHead(raw: IncomingMessage): CloudRequest {
  const url = raw.url ?? '/'
  const q = url.indexOf('?')
  const rawPath = q === -1 ? url : url.slice(0, q)
  // Node joins repeated headers with ", " already; only set-cookie stays an array.
  const headers: Record<string, string> = {}
  const incoming = raw.headers
  for (const name in incoming) {
    const value = incoming[name]
    if (value !== undefined) headers[name] = typeof value === 'string' ? value : value.join(', ')
  }
  const req: CloudRequest = {
    method: raw.method ?? 'GET',
    rawPath,
    path: rawPath.includes('%') ? safeDecode(rawPath) : rawPath,
    query: new URLSearchParams(q === -1 ? '' : url.slice(q + 1)),
    headers,
    body: EMPTY_BODY,
    host: hostName(headers['host']),
    requestId: newRequestId(),
    sourceIp: raw.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
    raw,
    region: DEFAULT_REGION,
    route: { kind: 'unknown' },
  }
  const scope = credentialScope(req)
  if (scope) req.region = scope.region
  req.route = identify(req)
  return req
}

/** The Host header without its port, lower-cased (`[::1]:4599` → `[::1]`). */
function hostName(host: string | undefined): string {
  if (!host) return 'localhost'
  return (host.includes(':') ? host.replace(/:\d+$/, '') : host).toLowerCase()
}

function safeDecode(rawPath: string): string {
  try {
    return decodeURIComponent(rawPath)
  } catch {
    return rawPath // keep the raw form: a malformed escape is the service's to reject
  }
}

/** Whether a body follows the headers (RFC 9112 §6.3): without Content-Length or Transfer-Encoding there is none. */
export function declaresBody(raw: IncomingMessage): boolean {
  const length = raw.headers['content-length']
  return (length !== undefined && length !== '0') || raw.headers['transfer-encoding'] !== undefined
}
