/**
 * Raw HTTP calls to the local cloud's AWS APIs, signed with SigV4 as an SDK would sign them (smithy's signer),
 * for tests that need to send what an SDK would not (odd bodies, headers, paths).
 */
import { SignatureV4 } from '@smithy/signature-v4'
import { Sha256 } from './signed-url.js'
import type { TestCloud } from './cloud.js'
import { localFetch } from './local-fetch.js'

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

/**
 * The headers to send for a request signed for `service`: `init.headers` plus host, x-amz-date, authorization
 * (and S3's x-amz-content-sha256). For raw `http.request` callers, `url` names the host as it will be sent.
 */
export async function signHeaders(cloud: Pick<TestCloud, 'sdk'>, url: string, init: SignedFetchInit): Promise<Record<string, string>> {
  return (await signRequest(cloud, url, init)).headers
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

/** Marker headers for `markedFetch`: sign this request for `service` (and `region`) before sending it. */
export const SIGN_FOR = 'x-test-sign-for'
const SIGN_REGION = 'x-test-sign-region'
export const signAs = (service: string, region?: string): Record<string, string> => ({ [SIGN_FOR]: service, ...(region ? { [SIGN_REGION]: region } : {}) })

type FetchInit = { method?: string; headers?: Record<string, string>; body?: any; redirect?: any }

/** `fetch`, signing requests whose headers carry `signAs(…)` markers; others go out as they are. */
export async function markedFetch(cloud: Pick<TestCloud, 'sdk'>, url: string, init: FetchInit = {}) {
  const { [SIGN_FOR]: service, [SIGN_REGION]: region, ...headers } = init.headers ?? {}
  if (!service) return localFetch(url, init as any)
  const signed = await signRequest(cloud, url, { service, region, method: init.method ?? 'GET', headers, body: init.body })
  return localFetch(url, { ...init, headers: signed.headers } as any)
}

/** A presigned URL, as the SDK's presigner makes it (S3: UNSIGNED-PAYLOAD). */
export async function presign(cloud: Pick<TestCloud, 'sdk'>, url: string, opts: { service?: string; method?: string; expiresIn?: number; signingDate?: Date; credentials?: SignedFetchInit['credentials'] } = {}) {
  const target = new URL(url)
  const service = opts.service ?? 's3'
  const query: Record<string, string> = {}
  for (const [k, v] of target.searchParams) query[k] = v
  const signer = new SignatureV4({ service, region: cloud.sdk.region, credentials: opts.credentials ?? cloud.sdk.credentials, sha256: Sha256, uriEscapePath: service !== 's3', applyChecksum: false })
  // As @aws-sdk/s3-request-presigner: S3's payload is UNSIGNED-PAYLOAD, a value that is neither hoisted nor signed.
  const payload = service === 's3' ? { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } : {}
  const kept = new Set(Object.keys(payload))
  const signed = await signer.presign(
    { method: opts.method ?? 'GET', protocol: target.protocol, hostname: target.hostname, port: target.port ? Number(target.port) : undefined, path: target.pathname, query, headers: { host: target.host, ...payload } },
    { expiresIn: opts.expiresIn ?? 900, unhoistableHeaders: kept, unsignableHeaders: kept, ...(opts.signingDate ? { signingDate: opts.signingDate } : {}) },
  )
  const search = new URLSearchParams()
  for (const [k, v] of Object.entries(signed.query ?? {})) search.append(k, String(v))
  return `${target.protocol}//${target.host}${target.pathname}?${search.toString().replace(/\+/g, '%20')}`
}
