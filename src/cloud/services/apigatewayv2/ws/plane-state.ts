/** @module What one cloud's WebSocket data plane holds: its open connections, limits and the `ws` server. */
import { WebSocketServer } from 'ws'
import { AuthorizerCache } from '../../../authz/authorizer-cache.js'
import type { AuthorizerOutput } from '../../../authz/authorizer-output.js'
import type { CloudContext } from '../../../core/types.js'
import { ConnectRate, ConnectionTable } from './connection.js'
import type { WsLimits } from './limits.js'

export interface PlaneState {
  ctx?: CloudContext
  limits: WsLimits
  connections: ConnectionTable
  rate: ConnectRate
  /** `noServer`: the cloud's one HTTP server hands upgrades over; this only speaks the protocol. */
  wss: WebSocketServer
  /** Handshakes between the upgrade request and the 101 (their `$connect` is running). */
  pending: number
  /** Bytes of the messages of all connections being integrated right now (bounded by `maxBytesInFlight`). */
  bytesInFlight: number
  /** Lambda authorizer results (AWS caches none for WebSocket APIs, so this stays empty: the seam wants one). */
  authorizerCache: AuthorizerCache<AuthorizerOutput>
  /** Set when the cloud stops: sockets it closes then run no `$disconnect` (the functions are stopping too). */
  stopping: boolean
  /** Log stream names per log group. */
  streams: Map<string, string>
}

export function planeState(limits: WsLimits): PlaneState {
  const wss = new WebSocketServer({
    noServer: true,
    // A message over 128 KB, in however many frames, closes the connection with 1009 (ws's own check).
    maxPayload: limits.messageBytes,
    // AWS quirk: API Gateway negotiates no extensions (no permessage-deflate).
    perMessageDeflate: false,
    clientTracking: false,
  })
  return { limits, connections: new ConnectionTable(), rate: new ConnectRate(limits.connectsPerSecond), wss, pending: 0, bytesInFlight: 0, stopping: false, authorizerCache: new AuthorizerCache(), streams: new Map() }
}
