/**
 * @module The Lambda proxy events of a WebSocket API, as API Gateway sends them: CONNECT (with the handshake's
 * headers and query), MESSAGE (with the body) and DISCONNECT (with the close code and reason).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-mapping-template-reference.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
 */
import type { IncomingMessage } from 'node:http'
import { ownValue, setOwn } from '../../../core/safe-names.js'
import { formatRequestTime } from '../../apigateway/execute/vtl.js'
import { awsShortId, type Connection } from './connection.js'

export type EventType = 'CONNECT' | 'MESSAGE' | 'DISCONNECT'

/** One request of a connection (the handshake, a message, the close): its ids and time. */
export interface WsRequest {
  routeKey: string
  eventType: EventType
  requestId: string
  extendedRequestId: string
  requestTime: Date
  /** MESSAGE only. */
  messageId?: string
}

export function newRequest(routeKey: string, eventType: EventType): WsRequest {
  const id = awsShortId()
  return { routeKey, eventType, requestId: id, extendedRequestId: id, requestTime: new Date(), messageId: eventType === 'MESSAGE' ? awsShortId() : undefined }
}

/** What AWS puts in `domainName`: the API's own AWS host name (handlers build `@connections` URLs from it). */
export const awsDomainName = (c: Connection): string => `${c.api.apiId}.execute-api.${c.api.region}.amazonaws.com`

export function requestContext(c: Connection, r: WsRequest): Record<string, unknown> {
  const identity: Record<string, unknown> = { sourceIp: c.sourceIp }
  if (c.userAgent !== undefined) identity.userAgent = c.userAgent
  if (c.caller) Object.assign(identity, { accessKey: c.caller.accessKey, accountId: c.caller.accountId, caller: c.caller.user, user: c.caller.user, userArn: c.caller.userArn })
  const context: Record<string, unknown> = {
    routeKey: r.routeKey,
    ...(r.messageId ? { messageId: r.messageId } : {}),
    eventType: r.eventType,
    extendedRequestId: r.extendedRequestId,
    requestTime: formatRequestTime(r.requestTime),
    messageDirection: 'IN',
    stage: c.stage,
    connectedAt: c.connectedAt,
    requestTimeEpoch: r.requestTime.getTime(),
    identity,
    requestId: r.requestId,
    domainName: awsDomainName(c),
    connectionId: c.id,
    apiId: c.api.apiId,
  }
  if (c.authorizer) context.authorizer = c.authorizer
  return context
}

/** The handshake's headers in the client's own case, single- and multi-valued, plus what API Gateway adds. */
export function handshakeHeaders(raw: IncomingMessage, sourceIp: string, traceId: string): { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> } {
  const multiValueHeaders: Record<string, string[]> = Object.create(null)
  const add = (name: string, value: string) => {
    const existing = Object.keys(multiValueHeaders).find((k) => k.toLowerCase() === name.toLowerCase())
    if (existing) multiValueHeaders[existing].push(value)
    else multiValueHeaders[name] = [value]
  }
  for (let i = 0; i + 1 < raw.rawHeaders.length; i += 2) {
    const name = raw.rawHeaders[i]
    // The client's Upgrade and Connection headers end at API Gateway's front door.
    if (/^(connection|upgrade)$/i.test(name)) continue
    add(name, raw.rawHeaders[i + 1])
  }
  add('X-Amzn-Trace-Id', traceId)
  add('X-Forwarded-For', sourceIp)
  add('X-Forwarded-Port', String(raw.socket.localPort ?? 443))
  add('X-Forwarded-Proto', 'http')
  // Plain objects (the function gets JSON), written as own entries: a header named `__proto__` is a header too.
  const headers: Record<string, string> = {}
  const multi: Record<string, string[]> = {}
  for (const name of Object.keys(multiValueHeaders)) {
    setOwn(headers, name, multiValueHeaders[name].join(','))
    setOwn(multi, name, multiValueHeaders[name])
  }
  return { headers, multiValueHeaders: multi }
}

export function connectEvent(c: Connection, r: WsRequest, raw: IncomingMessage, query: URLSearchParams, traceId: string): Record<string, unknown> {
  const event: Record<string, unknown> = { ...handshakeHeaders(raw, c.sourceIp, traceId) }
  if ([...query.keys()].length) {
    // Any name a client puts in the URL (`?constructor=1`, `?__proto__=x`) is a parameter, never a member of Object.prototype.
    const single: Record<string, string> = {}
    const multi: Record<string, string[]> = {}
    for (const [name, value] of query) {
      setOwn(single, name, value)
      const values = ownValue(multi, name)
      if (values) values.push(value)
      else setOwn(multi, name, [value])
    }
    event.queryStringParameters = single
    event.multiValueQueryStringParameters = multi
  }
  event.requestContext = requestContext(c, r)
  event.isBase64Encoded = false
  return event
}

export function messageEvent(c: Connection, r: WsRequest, body: string): Record<string, unknown> {
  return { requestContext: requestContext(c, r), body, isBase64Encoded: false }
}

/**
 * AWS quirk: the DISCONNECT event carries a few fixed headers (`Host` and empty `x-api-key`, `X-Forwarded-For`,
 * `x-restapi`), not the handshake's.
 */
export function disconnectEvent(c: Connection, r: WsRequest, code: number, reason: string): Record<string, unknown> {
  // AWS quirk: DISCONNECT events carry fixed headers (Host, empty x-api-key, X-Forwarded-For, x-restapi), not the handshake's.
  const headers = { Host: awsDomainName(c), 'x-api-key': '', 'X-Forwarded-For': '', 'x-restapi': '' }
  const multiValueHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]))
  const context = requestContext(c, r)
  return {
    headers,
    multiValueHeaders,
    requestContext: { ...context, disconnectStatusCode: code, disconnectReason: reason },
    isBase64Encoded: false,
  }
}

/** The reason AWS reports for a close code when the client gave none. */
export function disconnectReason(code: number, reason: string): string {
  if (reason) return reason
  if (code === 1005) return 'Client-side close frame status not set'
  if (code === 1006) return 'Connection closed abnormally'
  if (code === 1001) return 'Going away'
  return ''
}
