/**
 * @module The runner's side of `/_lab/health`. Anyone may learn that a lab cloud answers there, and its version;
 * its pid and data folder only a caller that signs the request with this install's credentials (the cloud's
 * own key, never a function's temporary one). That is how the runner tells its LAB_HOME's cloud from another's.
 */
import { createHash, createHmac } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import type { InstallCredentials } from '../common/install-credentials.js'

export const HEALTH_NAME = 'apigw-labs local cloud'
export const HEALTH_PATH = '/_lab/health'
/** The signing name of the health check: no AWS service has it, so the edge leaves the request to the cloud. */
export const HEALTH_SIGNING_NAME = 'lab'

/** A lab cloud's answer: `pid` and `dataDir` only when the request was signed with this install's key. */
export interface Health {
  version?: string
  pid?: number
  /** Its LAB_HOME/cloud. */
  dataDir?: string
}

/** SHA-256 in the shape @smithy/signature-v4 asks for (HMAC when given a secret). */
type SourceData = string | ArrayBuffer | ArrayBufferView
const bytes = (d: SourceData) => (typeof d === 'string' ? d : d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength))

class Sha256 {
  private readonly hash
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret))
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data))
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest()
  }
}

/** The headers of a health check signed with `credentials` (SigV4, region us-east-1, service `lab`). */
export async function signedHealthHeaders(host: string, credentials: InstallCredentials): Promise<Record<string, string>> {
  // Loaded on use: most commands never sign a health check.
  const { SignatureV4 } = await import('@smithy/signature-v4')
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: HEALTH_SIGNING_NAME, sha256: Sha256 })
  const signed = await signer.sign({ method: 'GET', protocol: 'http:', hostname: host, path: HEALTH_PATH, headers: { host }, query: {} })
  return signed.headers as Record<string, string>
}

/** A health answer read as a lab cloud's, or undefined when it is some other server's. */
export function readHealth(status: number | undefined, body: string): Health | undefined {
  try {
    const parsed = JSON.parse(body) as { name?: unknown; version?: unknown; pid?: unknown; dataDir?: unknown }
    if (status !== 200 || parsed.name !== HEALTH_NAME) return undefined
    return {
      version: typeof parsed.version === 'string' ? parsed.version : undefined,
      pid: typeof parsed.pid === 'number' ? parsed.pid : undefined,
      dataDir: typeof parsed.dataDir === 'string' ? parsed.dataDir : undefined,
    }
  } catch {
    return undefined
  }
}

export interface HealthRequest {
  url: URL
  credentials?: InstallCredentials
  /** Called with the request once sent (for the caller's own deadline). */
  onRequest?(req: http.ClientRequest): void
  timeoutMs?: number
}

/**
 * GET the health check (signed when credentials are given). Resolves the status and body, or undefined on a
 * connection error or an idle socket. Answers larger than 64 KiB are not a lab cloud's and are cut short.
 */
export async function fetchHealth(opts: HealthRequest): Promise<{ status?: number; body: string } | undefined> {
  const { url } = opts
  const host = url.host
  const headers = opts.credentials ? await signedHealthHeaders(host, opts.credentials) : {}
  const client = url.protocol === 'https:' ? https : http
  return new Promise((resolve) => {
    const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1')
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
    const req = client.get({ host: hostname, port, path: HEALTH_PATH, headers, agent: false, timeout: opts.timeoutMs }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
        if (body.length > 64 * 1024) {
          req.destroy()
          resolve({ status: res.statusCode, body: '' })
        }
      })
      res.on('error', () => resolve(undefined))
      res.on('end', () => resolve({ status: res.statusCode, body }))
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(undefined))
    opts.onRequest?.(req)
  })
}
