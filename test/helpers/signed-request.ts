/**
 * Raw HTTP requests to the test cloud, signed with SigV4 (`@smithy/signature-v4`) and the cloud's own SDK
 * credentials after any mutation, so a fuzzer's requests reach the service and not just the signature check.
 */
import crypto from 'node:crypto'
import http from 'node:http'
import { SignatureV4 } from '@smithy/signature-v4'
import type { TestCloud } from './cloud.js'

/** The Hash interface SignatureV4 expects, on node:crypto (no extra dependency). */
class Sha256 {
  private hash: crypto.Hash | crypto.Hmac
  constructor(secret?: string | Uint8Array) {
    this.hash = secret === undefined ? crypto.createHash('sha256') : crypto.createHmac('sha256', secret)
  }
  update(data: string | Uint8Array): void {
    this.hash.update(typeof data === 'string' ? Buffer.from(data, 'utf8') : data)
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest())
  }
}

export interface RawRequest {
  method: string
  /** Path and query string, exactly as sent (may be malformed on purpose). */
  path: string
  headers?: Record<string, string>
  body?: string | Buffer
  /** Host header; `localhost:{port}` when absent. */
  host?: string
}

export interface RawReply {
  status: number
  headers: http.IncomingHttpHeaders
  text: string
}

/** Sign `request` for `service` (SigV4, header form) with the cloud's credentials. */
export async function signRequest(cloud: TestCloud, service: string, request: RawRequest): Promise<RawRequest> {
  const host = request.host ?? `localhost:${cloud.port}`
  const q = request.path.indexOf('?')
  const pathname = q === -1 ? request.path : request.path.slice(0, q)
  const query: Record<string, string | string[]> = {}
  if (q !== -1) {
    for (const part of request.path.slice(q + 1).split('&')) {
      if (!part) continue
      const eq = part.indexOf('=')
      const key = safeDecode(eq === -1 ? part : part.slice(0, eq))
      const value = eq === -1 ? '' : safeDecode(part.slice(eq + 1))
      const existing = query[key]
      query[key] = existing === undefined ? value : ([] as string[]).concat(existing, value)
    }
  }
  const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, 'utf8')
  const signer = new SignatureV4({ service, region: cloud.sdk.region, credentials: cloud.sdk.credentials, sha256: Sha256 as never, uriEscapePath: service !== 's3' })
  const signed = await signer.sign({
    method: request.method,
    protocol: 'http:',
    hostname: host.replace(/:\d+$/, ''),
    port: cloud.port,
    path: pathname,
    query,
    headers: { ...request.headers, host },
    body,
  })
  return { ...request, headers: signed.headers as Record<string, string>, host }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}

/** Send a raw request (no normalisation by fetch) and read the whole answer, or fail after `timeoutMs`. */
export function rawRequest(cloud: TestCloud, request: RawRequest, timeoutMs = 10_000): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: request.host ?? `localhost:${cloud.port}`, ...request.headers }
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body))
    const req = http.request({ host: '127.0.0.1', port: cloud.port, method: request.method, path: request.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        clearTimeout(timer)
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') })
      })
      res.on('error', reject)
    })
    const timer = setTimeout(() => {
      req.destroy()
      reject(new Error(`no answer within ${timeoutMs} ms: ${request.method} ${request.path}`))
    }, timeoutMs)
    req.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    req.end(request.body)
  })
}

/** Sign, then send. */
export async function signedRequest(cloud: TestCloud, service: string, request: RawRequest, timeoutMs?: number): Promise<RawReply> {
  return rawRequest(cloud, await signRequest(cloud, service, request), timeoutMs)
}
