/**
 * @module One WebSocket connection as API Gateway keeps it: its id, the deployment it connected to, who opened
 * it (headers, source IP, user agent, the authorizer's context) and its clocks (connected, last active).
 * The open connections of a cloud live in a `ConnectionTable` (per service instance: two clouds in one process
 * share nothing).
 */
import { randomBytes } from 'node:crypto'
import type { WebSocket } from 'ws'
import type { DeployedWebSocketApi } from './snapshot.js'

/** AWS's ids for connections, requests and messages look like `BFaT_fALIAMCKug=`: 11 random bytes, base64url. */
export const awsShortId = (): string => `${randomBytes(11).toString('base64url')}=`

export interface Connection {
  id: string
  api: DeployedWebSocketApi
  stage: string
  /** Epoch ms. */
  connectedAt: number
  lastActiveAt: number
  sourceIp: string
  userAgent?: string
  /** `Host` as the client sent it (on AWS, `{apiId}.execute-api.{region}.amazonaws.com`). */
  host: string
  /** What a Lambda authorizer on `$connect` returned (`principalId` and its `context`), passed to every later event. */
  authorizer?: Record<string, unknown>
  /** IAM caller on `$connect`, for `requestContext.identity`. */
  caller?: { accessKey: string; userArn: string; user: string; accountId: string }
  socket?: WebSocket
  /** Messages being integrated right now. */
  inFlight: number
  /** Set once the socket closed: later management calls answer 410. */
  closed: boolean
  /** The idle clock, the maximum-duration clock, and the cut-off of a client that ignores a close frame. */
  timers: { idle?: NodeJS.Timeout; max?: NodeJS.Timeout; kill?: NodeJS.Timeout }
  /** The close code and reason the server chose (DELETE, timeouts), reported to `$disconnect`. */
  serverClose?: { code: number; reason: string }
  /** Its API or stage was deleted: no `$disconnect` (its integration may be gone too). */
  deleted?: boolean
}

export class ConnectionTable {
  private readonly open = new Map<string, Connection>()

  get size(): number {
    return this.open.size
  }

  add(connection: Connection): void {
    this.open.set(connection.id, connection)
  }

  get(id: string): Connection | undefined {
    return this.open.get(id)
  }

  remove(connection: Connection): void {
    if (this.open.get(connection.id) === connection) this.open.delete(connection.id)
  }

  all(): IterableIterator<Connection> {
    return this.open.values()
  }
}

/**
 * New connections per second, counted over the current second (AWS's account quota: 500 per second per Region).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html
 */
export class ConnectRate {
  private second = 0
  private count = 0

  constructor(private readonly perSecond: number) {}

  /** Whether one more connection may start now (and count it if so). */
  take(now = Date.now()): boolean {
    const second = Math.floor(now / 1000)
    if (second !== this.second) {
      this.second = second
      this.count = 0
    }
    if (this.count >= this.perSecond) return false
    this.count++
    return true
  }
}
