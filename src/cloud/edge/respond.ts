/** @module Writing the edge's answers: on a ServerResponse, or straight on a socket Node has not handed to one. */
import http from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import type { CloudRequest, CloudResponse, Protocol, ServiceDef } from '../core/types.js'

/** The error shape for a request: its service's protocol, the data plane's for execute-api, else by content type. */
export function protocolFor(req: CloudRequest, service: ServiceDef | undefined): Protocol {
  if (req.route.kind === 'execute-api') return 'execute-api'
  if (service) return service.protocol
  return (req.headers['content-type'] ?? '').includes('x-www-form-urlencoded') ? 'query' : 'rest-json'
}

/** `close`: the request's body was not (all) read, so the connection cannot carry another request. */
export function send(res: http.ServerResponse, response: CloudResponse, close = false): void {
  if (res.headersSent) return
  const body = response.body ?? ''
  const headers = response.headers ?? {}
  let hasLength = false
  for (const name in headers) if (name.toLowerCase() === 'content-length') hasLength = true
  if (hasLength && !close) {
    res.writeHead(response.status, headers)
  } else {
    const extra: Record<string, string> = {}
    if (!hasLength) extra['content-length'] = String(Buffer.byteLength(body))
    if (close) extra['connection'] = 'close'
    res.writeHead(response.status, { ...headers, ...extra })
  }
  if (close && res.socket) lingerBeforeClosing(res.socket as Socket)
  res.end(body)
}

/** How long a connection closed on an unread body keeps dropping what the client still sends. */
const LINGER_MS = 2_000

/**
 * Node destroys a `Connection: close` socket as soon as the answer is written; with the client's unread body
 * still arriving, the kernel then sends a reset, and a client busy sending may lose the answer it was sent (RFC
 * 9112 §9.6). Instead: half-close after the answer, drop what still arrives (nothing is kept: memory stays
 * flat), and destroy the socket when the client closes its side or after `LINGER_MS`.
 * @see https://www.rfc-editor.org/rfc/rfc9112#section-9.6
 */
function lingerBeforeClosing(socket: Socket): void {
  socket.destroySoon = function lingeringClose(this: Socket) {
    this.end()
    const timer = setTimeout(() => this.destroy(), LINGER_MS)
    this.once('close', () => clearTimeout(timer))
  }
}

/** An answer written on the socket itself (a request Node could not parse, a refused WebSocket upgrade), then closed. */
export function sendOnSocket(socket: Duplex, response: CloudResponse): void {
  const body = String(response.body ?? '')
  let head = `HTTP/1.1 ${response.status} ${http.STATUS_CODES[response.status]}\r\n`
  for (const [name, value] of Object.entries(response.headers ?? {})) head += `${name}: ${value}\r\n`
  socket.end(`${head}content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`)
}
