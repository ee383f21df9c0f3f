/**
 * @module Execution and access logs of WebSocket stages, written like the REST data plane's (its CloudWatch
 * writer): execution lines to `API-Gateway-Execution-Logs_{apiId}/{stage}` when the stage's
 * `DefaultRouteSettings.LoggingLevel` is `ERROR` or `INFO`, one access line per request in the stage's format.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-logging.html
 */
import { fillAccessFormat, putLogLines } from '../../apigateway/execute/logging.js'
import { formatRequestTime } from '../../apigateway/execute/vtl.js'
import type { Connection } from './connection.js'
import type { WsRequest } from './events.js'
import type { PlaneState } from './plane-state.js'

/** Errors also go to the cloud's own log, where a learner running `lab cloud start` sees them. */
export function logRequest(plane: PlaneState, c: Connection, r: WsRequest, status: number, error?: string): void {
  const ctx = plane.ctx
  if (!ctx) return
  if (error && status >= 500) ctx.log(`apigatewayv2 ${c.api.apiId}/${c.stage} ${r.routeKey} (${r.requestId}): ${error}`)
  const level = c.api.defaultRouteSettings?.loggingLevel ?? 'OFF'
  const writes: Promise<void>[] = []
  if (level === 'INFO' || (level === 'ERROR' && error && status >= 500)) {
    const lines = [`(${r.requestId}) Received ${r.eventType} for route ${r.routeKey} on connection ${c.id}`]
    if (error) lines.push(`(${r.requestId}) ${error}`)
    lines.push(`(${r.requestId}) ${r.eventType} completed with status: ${status}`)
    const at = Date.now()
    writes.push(putLogLines(ctx, plane.streams, `API-Gateway-Execution-Logs_${c.api.apiId}/${c.stage}`, lines.map((message) => ({ at, message })), true))
  }
  const access = c.api.accessLogSettings
  const group = /:log-group:([^:]+)/.exec(access?.destinationArn ?? '')?.[1]
  if (group && access?.format) writes.push(putLogLines(ctx, plane.streams, group, [{ at: Date.now(), message: accessLine(c, r, status, error, access.format) }], false))
  void Promise.all(writes).catch(() => {})
}

function accessLine(c: Connection, r: WsRequest, status: number, error: string | undefined, format: string): string {
  const values: Record<string, string | number | undefined> = {
    apiId: c.api.apiId,
    connectionId: c.id,
    connectedAt: c.connectedAt,
    domainName: `${c.api.apiId}.execute-api.${c.api.region}.amazonaws.com`,
    eventType: r.eventType,
    extendedRequestId: r.extendedRequestId,
    messageId: r.messageId,
    requestId: r.requestId,
    requestTime: formatRequestTime(r.requestTime),
    requestTimeEpoch: r.requestTime.getTime(),
    routeKey: r.routeKey,
    stage: c.stage,
    status,
    'identity.sourceIp': c.sourceIp,
    'identity.userAgent': c.userAgent,
    'error.message': error,
  }
  return fillAccessFormat(format, values)
}
