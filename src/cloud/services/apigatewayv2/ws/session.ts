/**
 * @module An open connection's life: each message is routed (`RouteSelectionExpression`, exact key, else
 * `$default`, else the Forbidden frame), integrated, and answered only through a route response; the idle and
 * maximum-duration clocks; and `$disconnect`, best effort, once the socket has closed.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-routes.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-response.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html
 */
import type { WebSocket } from 'ws'
import type { Connection } from './connection.js'
import { disconnectEvent, disconnectReason, messageEvent, newRequest, type WsRequest } from './events.js'
import { FrameGuard } from './frame-guard.js'
import { integrate, IntegrationFailure } from './integrations.js'
import { logRequest } from './logs.js'
import type { PlaneState } from './plane-state.js'
import { selectRouteKey } from './route-selection.js'
import { hasRouteResponse, integrationOf, routeByKey, type WsRoute } from './snapshot.js'

/** Take over an upgraded socket: frame checks, messages, clocks, and `$disconnect` when it closes. */
export function attach(plane: PlaneState, c: Connection, socket: WebSocket): void {
  c.socket = socket
  plane.connections.add(c)
  const guard = new FrameGuard(plane.limits.frameBytes)
  const raw = (socket as unknown as { _socket: import('node:net').Socket })._socket
  // Before ws's own listener: a violating frame is refused before ws could assemble it into a message.
  raw.prependListener('data', (chunk: Buffer) => {
    const violation = guard.feed(chunk)
    if (violation) closeByServer(c, violation.code, violation.reason)
  })
  restartIdleClock(plane, c)
  c.timers.max = setTimeout(() => closeByServer(c, 1001, 'Going away'), plane.limits.maxDurationMs).unref()
  socket.on('message', (data, isBinary) => {
    if (c.closed || c.serverClose) return
    if (isBinary) return closeByServer(c, 1003, 'Binary frames are not supported')
    c.lastActiveAt = Date.now()
    restartIdleClock(plane, c)
    void onMessage(plane, c, (data as Buffer).toString('utf8'))
    holdWhileBufferFull(plane, c, raw)
  })
  socket.on('error', () => {}) // a protocol error closes the socket: 'close' follows
  socket.on('close', (code, reason) => {
    c.closed = true
    for (const timer of Object.values(c.timers)) clearTimeout(timer)
    plane.connections.remove(c)
    const closing = c.serverClose ?? { code, reason: reason.toString('utf8') }
    void onDisconnect(plane, c, closing.code, disconnectReason(closing.code, closing.reason))
  })
}

/** The idle clock restarts on every message either way (a client's, or a `@connections` POST). */
export function restartIdleClock(plane: PlaneState, c: Connection): void {
  // Not implemented: whether AWS's idle clock counts backend posts is not documented; here traffic either way counts.
  if (c.timers.idle) c.timers.idle.refresh()
  else c.timers.idle = setTimeout(() => closeByServer(c, 1001, 'Going away'), plane.limits.idleTimeoutMs).unref()
}

/** Close from API Gateway's side (DELETE, timeouts, quotas): the code and reason also go to `$disconnect`. */
export function closeByServer(c: Connection, code: number, reason: string): void {
  if (c.closed || c.serverClose || !c.socket) return
  c.serverClose = { code, reason }
  c.socket.close(code, reason)
  // A client that never answers the close frame is cut off (ws's own close timer is 30 s).
  c.timers.kill = setTimeout(() => c.socket?.terminate(), 5_000).unref()
}

/**
 * Whether what waits to reach this client has hit its bound (`clientBufferBytes`): a client that does not read
 * would otherwise make the cloud hold everything sent to it.
 * @see https://docs.aws.amazon.com/apigatewaymanagementapi/latest/reference/API_PostToConnection.html
 */
export function clientBufferFull(plane: PlaneState, c: Connection): boolean {
  return (c.socket?.bufferedAmount ?? 0) >= plane.limits.clientBufferBytes
}

/**
 * Stop reading a client whose buffer is full until it has read what it was sent: each of its messages can make
 * the cloud answer (a Forbidden frame of ~100 bytes for a 7-byte message), so reading on would let a client that
 * never reads grow the cloud's memory without bound. TCP then slows the client down, as any server's would.
 */
function holdWhileBufferFull(plane: PlaneState, c: Connection, raw: import('node:net').Socket): void {
  const socket = c.socket
  if (!socket || socket.isPaused || !clientBufferFull(plane, c)) return
  socket.pause()
  raw.once('drain', () => {
    if (!c.closed) socket.resume()
  })
}

/**
 * Send a frame to the client, split into frames of at most 32 KB as API Gateway does; `false` when it could not
 * be sent (the socket is gone, or the client's buffer is full and the data was dropped).
 */
export function sendToClient(plane: PlaneState, c: Connection, data: Buffer | string): boolean {
  const socket = c.socket
  if (!socket || c.closed) return false
  // Not implemented: what AWS does with its own frames (a route response, an error frame) for a client whose buffer is full is not documented; here they are dropped.
  if (clientBufferFull(plane, c)) return false
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
  const size = plane.limits.frameBytes
  if (bytes.length <= size) socket.send(bytes, { binary: false })
  else for (let at = 0; at < bytes.length; at += size) socket.send(bytes.subarray(at, at + size), { binary: false, fin: at + size >= bytes.length })
  return true
}

/**
 * AWS quirk: API Gateway's own error frames put a space after `"message":` only, e.g.
 * `{"message": "Forbidden", "connectionId":"XDmENcnwIE0CFEQ=", "requestId":"XDmGEE2RoE0FRdQ="}` (wscat transcripts).
 */
function errorFrame(c: Connection, r: WsRequest, message: string): string {
  return `{"message": ${JSON.stringify(message)}, "connectionId":${JSON.stringify(c.id)}, "requestId":${JSON.stringify(r.requestId)}}`
}

async function onMessage(plane: PlaneState, c: Connection, body: string): Promise<void> {
  const key = selectRouteKey(c.api.routeSelectionExpression, body)
  const route: WsRoute | undefined = (key !== undefined && !key.startsWith('$') ? routeByKey(c.api, key) : undefined) ?? routeByKey(c.api, '$default')
  const r = newRequest(route?.routeKey ?? key ?? '$default', 'MESSAGE')
  if (!route) {
    // No route and no $default: API Gateway answers on the socket and keeps it open.
    sendToClient(plane, c, errorFrame(c, r, 'Forbidden'))
    return logRequest(plane, c, r, 403, 'No route matched the message and there is no $default route')
  }
  if (c.inFlight >= plane.limits.maxInFlightPerConnection) {
    sendToClient(plane, c, errorFrame(c, r, 'Too Many Requests'))
    return logRequest(plane, c, r, 429, 'Too many messages of this connection in flight')
  }
  const bytes = Buffer.byteLength(body)
  if (plane.bytesInFlight + bytes > plane.limits.maxBytesInFlight) {
    sendToClient(plane, c, errorFrame(c, r, 'Too Many Requests'))
    return logRequest(plane, c, r, 429, 'Too many bytes of messages in flight, all connections together')
  }
  const integration = integrationOf(c.api, route)
  if (!integration) {
    sendToClient(plane, c, errorFrame(c, r, 'Internal server error'))
    return logRequest(plane, c, r, 500, `Route ${route.routeKey} has no integration`)
  }
  c.inFlight++
  plane.bytesInFlight += bytes
  // A function still running after the integration timeout still holds its event: the bytes count until it is done.
  let backend: Promise<unknown> | undefined
  try {
    const outcome = await integrate({ ctx: plane.ctx!, connection: c, route, integration, request: r, event: messageEvent(c, r, body), body, timeoutMs: plane.limits.integrationTimeoutMs, backendStarted: (settled) => (backend = settled) })
    // Without a route response the backend's answer never reaches the client.
    if (hasRouteResponse(route) && outcome.body !== undefined && outcome.body !== '') sendToClient(plane, c, outcome.body)
    logRequest(plane, c, r, outcome.status)
  } catch (err) {
    const failure = err instanceof IntegrationFailure ? err : new IntegrationFailure(500, String((err as Error)?.message ?? err))
    sendToClient(plane, c, errorFrame(c, r, failure.message))
    logRequest(plane, c, r, failure.status, failure.why)
  } finally {
    c.inFlight--
    const release = () => (plane.bytesInFlight -= bytes)
    if (backend) void backend.then(release, release)
    else release()
  }
}

/** Best effort, as on AWS: the client is gone, so nothing it returns goes anywhere. */
async function onDisconnect(plane: PlaneState, c: Connection, code: number, reason: string): Promise<void> {
  const route = routeByKey(c.api, '$disconnect')
  const r = newRequest('$disconnect', 'DISCONNECT')
  const integration = route && integrationOf(c.api, route)
  if (!route || !integration || !plane.ctx || plane.stopping || c.deleted) return
  try {
    const outcome = await integrate({ ctx: plane.ctx, connection: c, route, integration, request: r, event: disconnectEvent(c, r, code, reason), body: '', timeoutMs: plane.limits.integrationTimeoutMs })
    logRequest(plane, c, r, outcome.status)
  } catch (err) {
    logRequest(plane, c, r, err instanceof IntegrationFailure ? err.status : 500, (err as Error).message)
  }
}
