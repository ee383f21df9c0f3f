/**
 * Raw HTTP calls to the local cloud's AWS APIs, signed with SigV4 as an SDK would sign them (smithy's signer),
 * for tests that need to send what an SDK would not (odd bodies, headers, paths).
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'
import { SignatureV4 } from '@smithy/signature-v4'
import type { TestCloud } from './cloud.js'
import { localFetch } from './local-fetch.js'

/** The SHA-256 (and HMAC) the signer asks for, from node:crypto. */
class Sha256 {
  private readonly hash: Hash | Hmac
  constructor(secret?: string | Uint8Array) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', secret)
  }
  update(data: string | Uint8Array): void {
    this.hash.update(data)
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest()
  }
}

export interface SignedFetchInit {
  method?: string
  headers?: Record<string, string>
  body?: string | Uint8Array
  /** Signing name (`sts`, `cloudformation`, `s3`, …). */
  service: string
  region?: string
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  /** Sign at another time (skew tests). */
  signingDate?: Date
}

/** Sign `url` with SigV4 for `init.service`, then send it; S3 gets its `x-amz-content-sha256` header, as the SDK sends it. */
export async function signedFetch(cloud: Pick<TestCloud, 'sdk'>, url: string, init: SignedFetchInit) {
  const signed = await signRequest(cloud, url, init)
  return localFetch(url, { method: signed.method, headers: signed.headers, body: init.body as any })
}

export async function signRequest(cloud: Pick<TestCloud, 'sdk'>, url: string, init: SignedFetchInit) {
  const target = new URL(url)
  const query: Record<string, string | string[]> = {}
  for (const [k, v] of target.searchParams) {
    const current = query[k]
    query[k] = current === undefined ? v : Array.isArray(current) ? [...current, v] : [current, v]
  }
  const signer = new SignatureV4({
    service: init.service,
    region: init.region ?? cloud.sdk.region,
    credentials: init.credentials ?? cloud.sdk.credentials,
    sha256: Sha256,
    uriEscapePath: init.service !== 's3',
    applyChecksum: init.service === 's3',
  })
  return signer.sign(
    {
      method: init.method ?? 'GET',
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port ? Number(target.port) : undefined,
      path: target.pathname,
      query,
      headers: { host: target.host, ...(init.headers ?? {}) },
      body: init.body,
    },
    init.signingDate ? { signingDate: init.signingDate } : {},
  )
}
