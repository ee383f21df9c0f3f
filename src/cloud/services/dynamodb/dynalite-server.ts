/**
 * @module Run dynalite (a DynamoDB implementation on LevelDB) inside the cloud's own process: its request
 * handler is called directly with an in-memory request and response, so nothing listens on a second port
 * (a page in the learner's browser cannot find or reach it) and no socket can be cut off mid-request (dynalite
 * throws, uncaught, when a request it is reading is aborted).
 * @see https://github.com/architect/dynalite
 */
import { EventEmitter } from 'node:events'
import fs from 'node:fs'
import type http from 'node:http'
import { createRequire } from 'node:module'
import { AwsError } from '../../core/aws-error.js'
import type { CloudResponse } from '../../core/types.js'

const require = createRequire(import.meta.url)

type RequestHandler = (req: unknown, res: unknown) => void
interface DynaliteStore {
  lifecycleManager?: { gracefulClose(cb: (err?: Error | null) => void): void }
  db: { close(cb: (err?: Error | null) => void): void }
}
type DynaliteFactory = (options: Record<string, unknown>) => http.Server
interface DbModule {
  create(options: Record<string, unknown>): DynaliteStore
}

/** DynamoDB rejects request bodies over 16 MB; dynalite answers those with an empty 413, so we answer first. */
const MAX_REQUEST_BYTES = 16 * 1024 * 1024
/** A signature-shaped Authorization for in-process calls: dynalite checks the shape, never the signature. */
const INTERNAL_AUTH = 'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0'
/** dynalite's own CORS answer never reaches a caller: the cloud's edge decides what a browser may do. */
const DROPPED_ANSWER_HEADER = /^access-control-/

export interface WireRequest {
  method: string
  /** Path and query, as received. */
  url: string
  headers: Record<string, string>
  body: Buffer
}

export class Dynalite {
  private handler?: RequestHandler
  private store?: DynaliteStore
  private inflight = 0
  private drained?: () => void

  constructor(
    private readonly dir: string,
    private readonly accountId: string,
    private readonly region: string,
  ) {}

  async start(): Promise<void> {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 })
    await this.probe()
    const dynalite = require('dynalite') as DynaliteFactory
    const dbModule = createRequire(require.resolve('dynalite'))('./db') as DbModule
    // dynalite reads the account and region for its ARNs from the environment while it creates its store
    // (synchronously): set ours for that moment only, so ARNs match the rest of the local cloud. Its store is
    // kept too (through its own factory, for that moment only): closing it is how LevelDB's LOCK is released,
    // since the server dynalite returns is never listened on and its close() would not reach the store.
    const saved = { AWS_ACCOUNT_ID: process.env.AWS_ACCOUNT_ID, AWS_REGION: process.env.AWS_REGION }
    const create = dbModule.create
    process.env.AWS_ACCOUNT_ID = this.accountId
    process.env.AWS_REGION = this.region
    dbModule.create = (options) => (this.store = create(options))
    let server: http.Server
    try {
      server = dynalite({ path: this.dir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
    } finally {
      dbModule.create = create
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
      }
    }
    this.handler = server.listeners('request')[0] as RequestHandler
    if (!this.handler || !this.store) throw new Error('The local DynamoDB (dynalite) could not be started in-process')
    // LevelDB opens lazily: touch it now so a store that cannot open fails the start with a clear reason.
    try {
      await this.call('ListTables', { Limit: 1 })
    } catch (err) {
      await this.stop()
      throw new Error(`The local DynamoDB could not open its data in ${this.dir}: ${(err as Error).message}`)
    }
  }

  /**
   * Open and close the LevelDB store once before dynalite does. dynalite opens it lazily and turns an open
   * failure (e.g. the LOCK held by another running cloud on the same LAB_HOME) into an unhandled stream
   * error that would take the whole process down; here it becomes a clear start failure instead.
   * A LOCK file left by a killed process is not held by anyone: LevelDB opens it again.
   */
  private async probe(): Promise<void> {
    const { Level } = createRequire(require.resolve('dynalite'))('level') as { Level: new (dir: string) => { open(): Promise<void>; close(): Promise<void> } }
    const db = new Level(this.dir)
    try {
      await db.open()
    } catch (err: any) {
      const cause = err?.cause?.message ?? err?.message ?? String(err)
      const inUse = err?.cause?.code === 'LEVEL_LOCKED' || /lock/i.test(cause)
      throw new Error(
        inUse
          ? `The local DynamoDB data in ${this.dir} is in use by another running local cloud (stop it first: lab cloud stop). ${cause}`
          : `The local DynamoDB could not open its data in ${this.dir}: ${cause}`,
      )
    }
    await db.close()
  }

  /** Refuse new requests, let those in flight finish, then close LevelDB (releasing its LOCK). */
  async stop(): Promise<void> {
    const store = this.store
    this.handler = undefined
    this.store = undefined
    if (!store) return
    if (this.inflight > 0) await new Promise<void>((resolve) => (this.drained = resolve))
    await new Promise<void>((resolve) => {
      const done = () => resolve()
      if (store.lifecycleManager) store.lifecycleManager.gracefulClose(done)
      else store.db.close(done)
    })
  }

  /** Serve one wire request; dynalite's status, headers and body come back unchanged (an error's code noted). */
  async forward(req: WireRequest): Promise<CloudResponse> {
    if (req.body.length > MAX_REQUEST_BYTES) {
      throw new AwsError('RequestEntityTooLarge', 413, 'Request entity too large: the maximum request size is 16 MB')
    }
    const res = await this.send(req.method, req.url, req.headers, req.body)
    if (res.status >= 300) {
      const text = String(res.body ?? '')
      res.errorCode = errorCodeOf(parseAnswer(text), text)
    }
    return res
  }

  /** Call one DynamoDB operation with AWS's own input and output shapes; errors become `AwsError`. */
  async call(operation: string, input: unknown = {}): Promise<any> {
    const body = Buffer.from(JSON.stringify(input ?? {}))
    const res = await this.send('POST', '/', {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${operation}`,
      'x-amz-date': '20200101T000000Z',
      authorization: INTERNAL_AUTH,
    }, body)
    const text = String(res.body ?? '')
    const parsed = parseAnswer(text)
    if (res.status >= 300) {
      const code = errorCodeOf(parsed, text)
      throw new AwsError(code, res.status, String(parsed.message ?? parsed.Message ?? code))
    }
    return parsed
  }

  /**
   * Hand dynalite a request whose body is already complete, and collect its answer. The request is an emitter
   * of exactly one `data` and one `end`: it can never fail or be aborted, so dynalite's `throw err` on a
   * request error cannot be reached.
   */
  private send(method: string, url: string, headers: Record<string, string>, body: Buffer): Promise<CloudResponse> {
    const handler = this.handler
    if (!handler) return Promise.reject(new AwsError('ServiceUnavailable', 503, 'The local DynamoDB is not running'))
    this.inflight++
    return new Promise<CloudResponse>((resolve, reject) => {
      const req = Object.assign(new EventEmitter(), { method, url, headers: { ...headers, 'content-length': String(body.length) } })
      const out: Record<string, string> = {}
      const res = {
        statusCode: 200,
        contentType: undefined as string | undefined,
        setHeader(name: string, value: unknown) {
          const key = name.toLowerCase()
          if (!DROPPED_ANSWER_HEADER.test(key) && key !== 'transfer-encoding') out[key] = String(value)
        },
        end(payload?: string | Buffer) {
          const bytes = payload === undefined ? Buffer.alloc(0) : Buffer.from(payload)
          out['content-length'] = String(bytes.length)
          resolve({ status: res.statusCode, headers: out, body: bytes })
        },
      }
      try {
        handler(req, res)
        if (body.length > 0) req.emit('data', body)
        req.emit('end')
      } catch (err) {
        // dynalite rethrows what is not a DynamoDB error (a validation bug): an internal failure of this request only.
        reject(new AwsError('InternalFailure', 500, `The local DynamoDB failed: ${(err as Error)?.message ?? err}`))
      }
    }).finally(() => {
      if (--this.inflight === 0) this.drained?.()
    })
  }
}

/** dynalite's answer as JSON (a non-JSON answer, such as its 404 page, becomes its message). */
function parseAnswer(text: string): any {
  try {
    return text ? JSON.parse(text) : {}
  } catch {
    return { message: text }
  }
}

/** The code in an error answer's `__type` (`com.amazonaws.dynamodb.v20120810#ResourceNotFoundException`). */
function errorCodeOf(parsed: any, text: string): string {
  const type = String(parsed.__type ?? (text.includes('UnknownOperation') ? 'UnknownOperationException' : 'InternalFailure'))
  return type.slice(type.lastIndexOf('#') + 1)
}
