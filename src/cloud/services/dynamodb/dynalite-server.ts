/**
 * @module Run dynalite (a DynamoDB implementation on LevelDB) on an ephemeral loopback port and forward
 * DynamoDB wire requests to it unchanged.
 * @see https://github.com/architect/dynalite
 */
import fs from 'node:fs'
import http from 'node:http'
import { createRequire } from 'node:module'
import { AwsError } from '../../core/aws-error.js'
import type { CloudResponse } from '../../core/types.js'

const require = createRequire(import.meta.url)

interface DynaliteServer extends http.Server {
  close(cb?: (err?: Error) => void): this
}
type DynaliteFactory = (options: Record<string, unknown>) => DynaliteServer

/** DynamoDB rejects request bodies over 16 MB; dynalite answers those with an empty 413, so we answer first. */
const MAX_REQUEST_BYTES = 16 * 1024 * 1024
/** Headers that describe one hop of the connection, not the message. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer'])
/** A signature-shaped Authorization for in-process calls: dynalite checks the shape, never the signature. */
const INTERNAL_AUTH = 'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0'

export interface WireRequest {
  method: string
  /** Path and query, as received. */
  url: string
  headers: Record<string, string>
  body: Buffer
}

export class Dynalite {
  private server?: DynaliteServer
  private agent = new http.Agent({ keepAlive: true })
  private port = 0

  constructor(
    private readonly dir: string,
    private readonly accountId: string,
    private readonly region: string,
  ) {}

  async start(): Promise<void> {
    fs.mkdirSync(this.dir, { recursive: true })
    await this.probe()
    const dynalite = require('dynalite') as DynaliteFactory
    // dynalite reads the account and region for its ARNs from the environment while it creates its store
    // (synchronously): set ours for that moment only, so ARNs match the rest of the local cloud.
    const saved = { AWS_ACCOUNT_ID: process.env.AWS_ACCOUNT_ID, AWS_REGION: process.env.AWS_REGION }
    process.env.AWS_ACCOUNT_ID = this.accountId
    process.env.AWS_REGION = this.region
    try {
      this.server = dynalite({ path: this.dir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
      }
    }
    const server = this.server
    this.port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port))
    })
    // LevelDB opens lazily: touch it now so a store that cannot open (e.g. held by another running
    // cloud) fails the start with a clear reason instead of failing requests later.
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

  async stop(): Promise<void> {
    const server = this.server
    this.server = undefined
    if (server) {
      await new Promise<void>((resolve) => {
        // dynalite's close waits for in-flight operations, then closes LevelDB (releasing its LOCK).
        // Keep-alive connections close as soon as they are idle; a request still running finishes first,
        // because dynalite throws (uncaught) if a request it is reading is cut off.
        const sweep = setInterval(() => server.closeIdleConnections(), 20)
        const force = setTimeout(() => server.closeAllConnections(), 5_000)
        server.close(() => {
          clearInterval(sweep)
          clearTimeout(force)
          resolve()
        })
        server.closeIdleConnections()
      })
    }
    this.agent.destroy()
  }

  /** Forward one wire request; dynalite's status, headers and body come back unchanged (an error's code noted). */
  async forward(req: WireRequest): Promise<CloudResponse> {
    if (req.body.length > MAX_REQUEST_BYTES) {
      throw new AwsError('RequestEntityTooLarge', 413, 'Request entity too large: the maximum request size is 16 MB')
    }
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value
    headers['content-length'] = String(req.body.length)
    const res = await this.send(req.method, req.url, headers, req.body)
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
      'content-length': String(body.length),
    }, body)
    const text = String(res.body ?? '')
    const parsed = parseAnswer(text)
    if (res.status >= 300) {
      const code = errorCodeOf(parsed, text)
      throw new AwsError(code, res.status, String(parsed.message ?? parsed.Message ?? code))
    }
    return parsed
  }

  private send(method: string, url: string, headers: Record<string, string>, body: Buffer): Promise<CloudResponse> {
    if (!this.server) return Promise.reject(new AwsError('ServiceUnavailable', 503, 'The local DynamoDB is not running'))
    return new Promise((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port: this.port, method, path: url, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('error', reject)
        res.on('end', () => {
          const out: Record<string, string | string[]> = {}
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value
          }
          const payload = Buffer.concat(chunks)
          out['content-length'] = String(payload.length)
          resolve({ status: res.statusCode ?? 500, headers: out, body: payload })
        })
      })
      request.on('error', (err) => reject(new AwsError('ServiceUnavailable', 503, `The local DynamoDB did not answer: ${err.message}`)))
      request.end(body)
    })
  }
}

/** dynalite's answer as JSON (a non-JSON answer, such as a proxy's error page, becomes its message). */
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
