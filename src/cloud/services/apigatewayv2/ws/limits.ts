/**
 * @module The WebSocket quotas API Gateway enforces, and the knobs tests use to make the clocks short.
 * Environment (read when the cloud starts): `LAB_WS_IDLE_TIMEOUT_MS`, `LAB_WS_MAX_DURATION_MS`,
 * `LAB_WS_MAX_CONNECTIONS`, `LAB_WS_CONNECTS_PER_SECOND`, `LAB_WS_MAX_IN_FLIGHT`, `LAB_WS_MAX_BYTES_IN_FLIGHT`,
 * `LAB_WS_CLIENT_BUFFER_BYTES`.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html
 */

export interface WsLimits {
  /** 32 KB: a bigger frame closes the connection with 1009. */
  frameBytes: number
  /** 128 KB: a bigger message (all its frames) closes with 1009; a bigger `@connections` POST is a 413. */
  messageBytes: number
  /** 10 minutes without a message. */
  idleTimeoutMs: number
  /** 2 hours, whatever the traffic. */
  maxDurationMs: number
  /**
   * Local cap on open connections (AWS has none of its own; its rate quota and the 2-hour limit bound them).
   * Past it a handshake gets 429, like a client over the rate quota: one machine cannot hold AWS's millions. It
   * stays under the edge's limit on open TCP connections (`EdgeLimits.maxConnections`, 1024), so that sockets
   * never crowd out the API calls (`@connections`, the CLI) that share the port.
   */
  maxConnections: number
  /** 500 new connections per second per account and Region. */
  connectsPerSecond: number
  /**
   * Messages of one connection being integrated at once; past it a message is answered with the
   * `Too Many Requests` frame (AWS throttles by rate; a local bound on what one client can make the cloud run).
   */
  maxInFlightPerConnection: number
  /**
   * Bytes of messages being integrated at once, all connections together; past it a message is answered with the
   * `Too Many Requests` frame. Each waits for a function (which runs a few at a time here) with its event built
   * around it: without this bound, clients could make the cloud hold 800 connections × 100 messages × 128 KB.
   */
  maxBytesInFlight: number
  /** The integration timeout: 29 seconds at most for WebSocket APIs. */
  integrationTimeoutMs: number
  /**
   * Bytes waiting to reach one client (it reads slower than it is sent to, or not at all). At this bound its buffer
   * is full: `@connections` POSTs answer 429 LimitExceededException, API Gateway's own frames are dropped, and
   * the client's messages are not read until it has read what it was sent. AWS documents the 429 but not the
   * size of its buffer; eight of the largest messages here.
   */
  clientBufferBytes: number
}

export const DEFAULT_WS_LIMITS: WsLimits = {
  frameBytes: 32 * 1024,
  messageBytes: 128 * 1024,
  idleTimeoutMs: 10 * 60 * 1000,
  maxDurationMs: 2 * 60 * 60 * 1000,
  maxConnections: 800,
  connectsPerSecond: 500,
  maxInFlightPerConnection: 100,
  maxBytesInFlight: 64 * 1024 * 1024,
  integrationTimeoutMs: 29_000,
  clientBufferBytes: 1024 * 1024,
}

function positive(name: string): number | undefined {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return undefined
  const value = Number(raw)
  return Number.isInteger(value) && value > 0 ? value : undefined
}

/** The defaults, with what the environment shortens (or, for the local cap, changes). */
export function wsLimitsFromEnv(): WsLimits {
  return {
    ...DEFAULT_WS_LIMITS,
    idleTimeoutMs: positive('LAB_WS_IDLE_TIMEOUT_MS') ?? DEFAULT_WS_LIMITS.idleTimeoutMs,
    maxDurationMs: positive('LAB_WS_MAX_DURATION_MS') ?? DEFAULT_WS_LIMITS.maxDurationMs,
    maxConnections: positive('LAB_WS_MAX_CONNECTIONS') ?? DEFAULT_WS_LIMITS.maxConnections,
    connectsPerSecond: positive('LAB_WS_CONNECTS_PER_SECOND') ?? DEFAULT_WS_LIMITS.connectsPerSecond,
    maxInFlightPerConnection: positive('LAB_WS_MAX_IN_FLIGHT') ?? DEFAULT_WS_LIMITS.maxInFlightPerConnection,
    maxBytesInFlight: positive('LAB_WS_MAX_BYTES_IN_FLIGHT') ?? DEFAULT_WS_LIMITS.maxBytesInFlight,
    clientBufferBytes: positive('LAB_WS_CLIENT_BUFFER_BYTES') ?? DEFAULT_WS_LIMITS.clientBufferBytes,
  }
}
