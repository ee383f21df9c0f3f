/**
 * @module The opening handshake: the upgrade stays pending while API Gateway authorizes the caller and runs the
 * `$connect` route; only a 2xx from its integration completes it (101), anything else refuses it with that status
 * and no socket ever opens. No `$connect` route: the connection is accepted.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-connect-route-subprotocol.html
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { randomHex } from '../../../core/ids.js'
import type { CloudContext, CloudRequest } from '../../../core/types.js'
import { requestFromHead } from '../../../edge/head.js'
import { sendOnSocket } from '../../../edge/respond.js'
import { authorizeConnect } from './authorize.js'
import { awsShortId, type Connection } from './connection.js'
import { connectEvent, newRequest } from './events.js'
import { integrate, IntegrationFailure } from './integrations.js'
import { logRequest } from './logs.js'
import type { PlaneState } from './plane-state.js'
import { attach } from './session.js'
import { deployedStage, integrationOf, routeByKey } from './snapshot.js'
import { parseTarget } from './target.js'

/** @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html */
const MAX_URL_CHARS = 4096

/** An answer on the socket instead of the 101, with API Gateway's JSON body. */
export function refuse(socket: Duplex, status: number, message: string, extraHeaders: Record<string, string> = {}): void {
  if (socket.destroyed) return
  sendOnSocket(socket, {
    status,
    headers: { 'Content-Type': 'application/json', 'x-amzn-RequestId': awsShortId(), ...extraHeaders },
    body: JSON.stringify({ message }),
  })
}

/** Claims every upgrade for an execute-api host or path (REST APIs take no WebSocket); the work goes on async. */
export function handleUpgrade(plane: PlaneState, raw: IncomingMessage, socket: Duplex, head: Buffer, ctx: CloudContext): boolean {
  const req = requestFromHead(raw)
  if (req.route.kind !== 'execute-api') return false
  plane.ctx ??= ctx
  void openConnection(plane, req, socket, head, ctx).catch((err) => {
    ctx.log(`apigatewayv2: WebSocket handshake failed: ${(err as Error)?.stack ?? err}`)
    refuse(socket, 500, 'Internal server error')
  })
  return true
}

/** The same checks ws would make, before any route runs: a request that is no WebSocket handshake is a 400. */
function isWebSocketHandshake(raw: IncomingMessage): boolean {
  const key = raw.headers['sec-websocket-key']
  return (
    raw.method === 'GET' &&
    (raw.headers['upgrade'] ?? '').toLowerCase() === 'websocket' &&
    raw.headers['sec-websocket-version'] === '13' &&
    typeof key === 'string' &&
    /^[+/0-9A-Za-z]{22}==$/.test(key)
  )
}

async function openConnection(plane: PlaneState, req: CloudRequest, socket: Duplex, head: Buffer, ctx: CloudContext): Promise<void> {
  const raw = req.raw
  if (!isWebSocketHandshake(raw)) return refuse(socket, 400, 'Bad Request')
  // The quota on a WebSocket URL's length (4096 characters).
  if ((raw.url ?? '').length > MAX_URL_CHARS) return refuse(socket, 414, 'Request-URI Too Long')
  const target = parseTarget(req)
  if (!target || target.rest !== '') return refuse(socket, 403, 'Forbidden')
  // Quotas before any work: the local cap on open connections, and AWS's new-connection rate.
  if (plane.connections.size + plane.pending >= plane.limits.maxConnections || !plane.rate.take()) {
    return refuse(socket, 429, 'Too Many Requests', { 'x-amzn-ErrorType': 'LimitExceededException' })
  }
  plane.pending++
  try {
    const api = await deployedStage(ctx, target.apiId, target.stage)
    if (!api) return refuse(socket, 403, 'Forbidden')
    if (api.disableExecuteApiEndpoint) return refuse(socket, 403, 'Forbidden')
    const now = Date.now()
    const c: Connection = {
      id: awsShortId(),
      api,
      stage: target.stage,
      connectedAt: now,
      lastActiveAt: now,
      sourceIp: req.sourceIp,
      userAgent: req.headers['user-agent'],
      host: req.host,
      closed: false,
      inFlight: 0,
      timers: {},
    }
    const r = newRequest('$connect', 'CONNECT')
    const route = routeByKey(api, '$connect')
    const traceId = `Root=1-${Math.floor(now / 1000).toString(16)}-${randomHex(24)}`
    const denied = await authorizeConnect(ctx, plane, c, req, route, connectEvent(c, r, raw, req.query, traceId))
    if (denied) {
      logRequest(plane, c, r, denied.status, denied.message)
      return refuse(socket, denied.status, denied.message)
    }
    let protocol: string | undefined
    const integration = route && integrationOf(api, route)
    if (route && integration) {
      try {
        // Built again: the authorizer's answer is part of it now.
        const event = connectEvent(c, r, raw, req.query, traceId)
        const outcome = await integrate({ ctx, connection: c, route, integration, request: r, event, body: '', timeoutMs: plane.limits.integrationTimeoutMs })
        logRequest(plane, c, r, outcome.status)
        if (outcome.status < 200 || outcome.status > 299) return refuse(socket, outcome.status, STATUS_CODES[outcome.status] ?? 'Error')
        protocol = outcome.protocol
      } catch (err) {
        const failure = err instanceof IntegrationFailure ? err : new IntegrationFailure(500, String((err as Error)?.message ?? err))
        logRequest(plane, c, r, failure.status, failure.why)
        return refuse(socket, failure.status, failure.message)
      }
    }
    // The client may have given up while $connect ran: then there is nothing to open (and nothing to disconnect).
    if (socket.destroyed || !socket.writable) return
    complete(plane, c, raw, socket, head, protocol)
  } finally {
    plane.pending--
  }
}

function complete(plane: PlaneState, c: Connection, raw: IncomingMessage, socket: Duplex, head: Buffer, protocol: string | undefined): void {
  // The subprotocol is the one `$connect` returned, if the client offered it (ws checks the offer).
  const offered = raw.headers['sec-websocket-protocol']
  const wss = plane.wss
  const previous = wss.options.handleProtocols
  wss.options.handleProtocols = protocol && offered ? (set: Set<string>) => (set.has(protocol) ? protocol : false) : () => false
  try {
    wss.handleUpgrade(raw, socket, head, (ws) => attach(plane, c, ws))
  } finally {
    wss.options.handleProtocols = previous
  }
}
