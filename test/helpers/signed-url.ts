/** SigV4 for raw HTTP in tests, with the test cloud's own credentials (as the SDK signs): presigned URLs and signed headers. */
import { createHash, createHmac } from 'node:crypto'
import { SignatureV4 } from '@smithy/signature-v4'
import type { TestCloud } from './cloud.js'

/** node:crypto as the signer's SHA-256 and HMAC. */
export class Sha256 {
  private readonly hash
  constructor(secret?: string | Uint8Array) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', secret)
  }
  update(data: string | Uint8Array): void {
    this.hash.update(data)
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest())
  }
}

function signer(cloud: TestCloud, service: string): SignatureV4 {
  return new SignatureV4({ service, region: cloud.sdk.region, credentials: cloud.sdk.credentials, sha256: Sha256, uriEscapePath: service !== 's3' })
}

function httpRequest(url: URL, method: string, headers: Record<string, string>, body?: string) {
  return {
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { host: url.host, ...headers },
    body,
  }
}

/** `url` presigned for `service` (what a link or an `<img>` could carry). */
export async function presignedUrl(cloud: TestCloud, service: string, url: string, method = 'GET'): Promise<string> {
  const target = new URL(url)
  // S3 presigns UNSIGNED-PAYLOAD (the body is not known yet), a value neither hoisted into the query nor signed.
  const payload: Record<string, string> = service === 's3' ? { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } : {}
  const kept = new Set(Object.keys(payload))
  const signed = await signer(cloud, service).presign(httpRequest(target, method, payload), { expiresIn: 900, unhoistableHeaders: kept, unsignableHeaders: kept })
  const out = new URL(target.pathname, target.origin)
  for (const [name, value] of Object.entries(signed.query ?? {})) out.searchParams.set(name, String(value))
  return out.toString()
}

/** The headers that sign this request for `service` (host included: send it as is). */
export async function signedHeaders(cloud: TestCloud, service: string, url: string, method: string, headers: Record<string, string>, body = ''): Promise<Record<string, string>> {
  const signed = await signer(cloud, service).sign(httpRequest(new URL(url), method, headers, body))
  return signed.headers as Record<string, string>
}
