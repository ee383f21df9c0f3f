/**
 * @module A WebSocket client for API Gateway WebSocket APIs, shared by `lab ws`, the `websocket` check kind and
 * the chat bench: `*.localhost` resolved to loopback (Node does not), the handshake optionally signed with SigV4
 * (service `execute-api`, for an `AWS_IAM` `$connect` route), and a refused handshake turned into the HTTP
 * status and body API Gateway answered with.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-wscat.html
 */
import { createHash, createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import { SignatureV4 } from '@smithy/signature-v4'
import WebSocket from 'ws'
import { labLookup } from '../lab-fetch.js'

/** What signing needs: the SDK's credentials (or a provider of them) and the region. */
export interface SigningConfig {
  credentials: Credentials | (() => Promise<Credentials>)
  region: string
}

export interface Credentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

export interface OpenOptions {
  /** Extra handshake headers (`--header k:v`), e.g. an authorizer's token. */
  headers?: Record<string, string>
  /** Query string parameters added to the URL (`--query k=v`). */
  query?: Record<string, string>
  /** Sign the handshake with SigV4 (service `execute-api`). */
  sign?: SigningConfig
  /** Give up on a handshake that gets no answer (default 10 s; `$connect` may run a cold Lambda). */
  timeoutMs?: number
}

/** The handshake was refused: API Gateway answered the upgrade with an HTTP status (no socket opened). */
export class HandshakeRefused extends Error {
  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly body: string,
    readonly headers: Record<string, string>,
  ) {
    super(`Unexpected server response: ${status}`) // wscat's words for it
  }
}

/** A network failure before any answer (refused connection, unknown host, timeout). */
export class ConnectFailed extends Error {
  constructor(readonly url: string, readonly reason: string) {
    super(reason)
  }
}

const bytes = (data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array =>
  typeof data === 'string' ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data)

/** node:crypto as the signer's SHA-256 and HMAC. */
class Sha256 {
  private readonly hash
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret))
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data))
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest())
  }
}

/**
 * `ws://`/`wss://` for the URL a learner pastes: `http(s)://` becomes `ws(s)://` (the callback URL and the
 * WebSocket URL share a host and stage), query parameters from `--query` are added.
 */
export function socketUrl(raw: string, query: Record<string, string> = {}): URL {
  const url = new URL(raw)
  if (url.protocol === 'http:') url.protocol = 'ws:'
  else if (url.protocol === 'https:') url.protocol = 'wss:'
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new TypeError(`not a WebSocket URL: ${raw}`)
  for (const [name, value] of Object.entries(query)) url.searchParams.append(name, value)
  return url
}

/**
 * The handshake's SigV4 headers: the upgrade is an HTTP GET of the stage's path, signed as `https` for the
 * service `execute-api` (what API Gateway checks for an `AWS_IAM` `$connect` route).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-control-access-iam.html
 */
export async function signedHandshakeHeaders(url: URL, sign: SigningConfig, headers: Record<string, string> = {}, now?: Date): Promise<Record<string, string>> {
  const query: Record<string, string | string[]> = {}
  for (const [k, v] of url.searchParams) {
    const current = query[k]
    query[k] = current === undefined ? v : Array.isArray(current) ? [...current, v] : [current, v]
  }
  const signer = new SignatureV4({ service: 'execute-api', region: sign.region, credentials: sign.credentials, sha256: Sha256, uriEscapePath: true })
  const signed = await signer.sign(
    {
      method: 'GET',
      protocol: url.protocol === 'ws:' ? 'http:' : 'https:',
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query,
      headers: { ...headers, host: url.host },
    },
    now ? { signingDate: now } : {},
  )
  return signed.headers as Record<string, string>
}

/** The region of `{api}.execute-api.{region}.amazonaws.com`, if the host is one. */
export function regionOfHost(hostname: string): string | undefined {
  return /^[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(hostname)?.[1]
}

/**
 * The largest message a client takes. API Gateway sends at most 128 KB in a message; other servers (`lab ws` talks
 * to any) get some room, but a hostile one cannot make a client hold (or a terminal print) 100 MB, ws's default:
 * past it the client closes with 1009.
 */
export const MAX_MESSAGE_BYTES = 1024 * 1024

/** What is kept of a refused handshake's body (a server could send one without end). */
const MAX_REFUSAL_BODY_BYTES = 64 * 1024

let version: string | undefined
/**
 * `apigw-labs/<version> lab-ws`: API Gateway shows a connection's `User-Agent` (GET @connections `identity.userAgent`,
 * `$context.identity.userAgent`), and a browser or wscat sends one; ws sends none of its own.
 */
export function labUserAgent(): string {
  try {
    version ??= String((JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown }).version ?? '0.0.0')
  } catch {
    version = '0.0.0'
  }
  return `apigw-labs/${version} lab-ws`
}

/** Open a socket; resolves once the handshake completed, rejects with HandshakeRefused or ConnectFailed. */
export async function openSocket(target: URL | string, options: OpenOptions = {}): Promise<WebSocket> {
  const url = typeof target === 'string' ? socketUrl(target, options.query) : target
  let headers = { ...(options.headers ?? {}) }
  // A `--header User-Agent:…` of the learner's wins.
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'user-agent')) headers['user-agent'] = labUserAgent()
  if (options.sign) headers = await signedHandshakeHeaders(url, options.sign, headers)
  // The signer adds `host`; ws sends its own (the same value), and two Host headers would be refused.
  delete headers.host
  return await new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url, { headers, lookup: labLookup, handshakeTimeout: options.timeoutMs ?? 10_000, perMessageDeflate: false, maxPayload: MAX_MESSAGE_BYTES })
    let settled = false
    const fail = (error: Error) => {
      if (settled) return
      settled = true
      reject(error)
    }
    ws.once('open', () => {
      settled = true
      resolve(ws)
    })
    ws.once('unexpected-response', (_req, res: IncomingMessage) => {
      const chunks: Buffer[] = []
      let kept = 0
      const done = () => {
        const headerMap: Record<string, string> = {}
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headerMap[name] = String(value)
        fail(new HandshakeRefused(res.statusCode ?? 0, res.statusMessage ?? '', Buffer.concat(chunks).subarray(0, MAX_REFUSAL_BODY_BYTES).toString('utf8'), headerMap))
        ws.terminate()
      }
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk)
        kept += chunk.length
        // Enough to show: a body that never ends must not keep the client waiting for its end.
        if (kept >= MAX_REFUSAL_BODY_BYTES) done()
      })
      res.once('end', done)
      res.once('error', done)
      res.once('close', done)
    })
    ws.once('error', (error: Error & { code?: string }) => fail(new ConnectFailed(url.href, error.code ? `${error.code} (${error.message})` : error.message)))
  })
}

/** Text of a frame as the client got it (binary frames shown as a byte count). */
export function frameText(data: WebSocket.RawData, isBinary: boolean): string {
  const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
  return isBinary ? `<binary, ${buffer.length} bytes>` : buffer.toString('utf8')
}

/** Close a socket and wait for the closing handshake (or a short grace period). */
export function closeSocket(ws: WebSocket, code = 1000, reason = ''): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      ws.terminate()
      resolve()
    }, 2000)
    ws.once('close', () => {
      clearTimeout(timer)
      resolve()
    })
    if (ws.readyState === WebSocket.OPEN) ws.close(code, reason)
    else if (ws.readyState === WebSocket.CONNECTING) ws.terminate()
  })
}
