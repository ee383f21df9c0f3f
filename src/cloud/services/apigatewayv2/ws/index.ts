/**
 * @module The WebSocket data plane of API Gateway v2: upgrades for execute-api hosts and paths (the cloud's one
 * port; the edge has run its checks on the headers), the connections they open, and the `@connections`
 * management API. The `apigatewayv2` service plugs it in: `upgrade`, `stop`, and its HTTP requests through
 * `handleHttp` (which answers `undefined` for an API that is no WebSocket API).
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { CloudContext, CloudRequest, CloudResponse } from '../../../core/types.js'
import { handleUpgrade } from './handshake.js'
import { wsLimitsFromEnv, type WsLimits } from './limits.js'
import { handleHttp } from './management.js'
import { planeState } from './plane-state.js'
import { closeByServer } from './session.js'

export interface WebSocketDataPlane {
  upgrade(raw: IncomingMessage, socket: Duplex, head: Buffer, ctx: CloudContext): boolean
  handleHttp(req: CloudRequest, ctx: CloudContext): Promise<CloudResponse | undefined>
  /** Open connections (for tests and `lab connections`). */
  connectionCount(): number
  /** Close every connection as the cloud stops (1001 Going away; `$disconnect` is not awaited). */
  stop(): Promise<void>
  /** Close the connections of a deleted API (or of one deleted stage of it), without `$disconnect`. */
  closeDeleted(apiId: string, stage?: string): void
}

export function webSocketDataPlane(limits: WsLimits = wsLimitsFromEnv()): WebSocketDataPlane {
  const plane = planeState(limits)
  return {
    upgrade: (raw, socket, head, ctx) => handleUpgrade(plane, raw, socket, head, ctx),
    handleHttp: (req, ctx) => handleHttp(plane, req, ctx),
    connectionCount: () => plane.connections.size,
    async stop() {
      plane.stopping = true
      for (const c of [...plane.connections.all()]) {
        closeByServer(c, 1001, 'Going away')
        c.socket?.terminate()
      }
      plane.wss.close()
    },
    closeDeleted(apiId, stage) {
      // Not implemented: AWS documents neither the close code nor whether `$disconnect` runs when a WebSocket API or
      // stage is deleted under open connections; here they close with 1001 Going away (the server is going away) and
      // run no `$disconnect`, whose integration and function a stack teardown deletes next.
      for (const c of [...plane.connections.all()]) {
        if (c.api.apiId !== apiId || (stage !== undefined && c.stage !== stage)) continue
        c.deleted = true
        closeByServer(c, 1001, 'Going away')
      }
    },
  }
}
