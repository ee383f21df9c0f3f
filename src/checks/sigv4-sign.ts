/**
 * @module Client-side SigV4 for requests to an API (`execute-api`), shared by `lab call --sign` and the checks
 * that sign: smithy's signer does the signing, and this module keeps the canonical request and the string to
 * sign it built, so `lab call --verbose` can show exactly what was signed.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
import { createHash, createHmac } from 'node:crypto'
import { SignatureV4 } from '@smithy/signature-v4'
import type { HttpRequest } from '@smithy/types'

export interface SigningCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

/** Static credentials, or a provider (as an SDK client config holds them). */
export type CredentialSource = SigningCredentials | (() => Promise<SigningCredentials>)

export interface SignInput {
  url: URL
  method: string
  headers: [string, string][]
  body?: string | Uint8Array
  region: string
  /** `execute-api` for API Gateway methods; the signing name of the service otherwise. */
  service?: string
  credentials: CredentialSource
  /** Sign as of this time (tests). */
  signingDate?: Date
}

export interface SignedRequest {
  /** The request's headers plus `host`, `x-amz-date`, `authorization` (and `x-amz-security-token`). */
  headers: Record<string, string>
  canonicalRequest: string
  stringToSign: string
  accessKeyId: string
}

function toBytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === 'string') return data
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}

/** node:crypto as the signer's SHA-256 and HMAC. */
export class NodeSha256 {
  private readonly hash
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret))
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBytes(data))
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest())
  }
}

/** smithy's signer, remembering the canonical request and string to sign of its last signature. */
class RecordingSigner extends SignatureV4 {
  canonicalRequest = ''
  stringToSign = ''
  protected override createCanonicalRequest(request: HttpRequest, canonicalHeaders: Record<string, string>, payloadHash: string): string {
    this.canonicalRequest = super.createCanonicalRequest(request, canonicalHeaders, payloadHash)
    return this.canonicalRequest
  }
  protected override async createStringToSign(longDate: string, scope: string, canonicalRequest: string, algorithm: string): Promise<string> {
    this.stringToSign = await super.createStringToSign(longDate, scope, canonicalRequest, algorithm)
    return this.stringToSign
  }
}

export async function resolveCredentials(source: CredentialSource): Promise<SigningCredentials> {
  return typeof source === 'function' ? await source() : source
}

/** Sign one request with SigV4 (header form). Every header given is signed, as the SDKs sign theirs. */
export async function signRequest(input: SignInput): Promise<SignedRequest> {
  const credentials = await resolveCredentials(input.credentials)
  const signer = new RecordingSigner({
    service: input.service ?? 'execute-api',
    region: input.region,
    credentials,
    sha256: NodeSha256,
    uriEscapePath: true,
    // execute-api signs the body's hash into the canonical request; it needs no x-amz-content-sha256 header.
    applyChecksum: false,
  })
  const query: Record<string, string | string[]> = Object.create(null)
  for (const [name, value] of input.url.searchParams) {
    const current = query[name]
    query[name] = current === undefined ? value : Array.isArray(current) ? [...current, value] : [current, value]
  }
  const headers: Record<string, string> = { host: input.url.host }
  for (const [name, value] of input.headers) headers[name.toLowerCase()] = value
  const signed = await signer.sign(
    {
      method: input.method,
      protocol: input.url.protocol,
      hostname: input.url.hostname,
      port: input.url.port ? Number(input.url.port) : undefined,
      path: input.url.pathname,
      query,
      headers,
      body: input.body,
    },
    input.signingDate ? { signingDate: input.signingDate } : {},
  )
  return {
    headers: signed.headers as Record<string, string>,
    canonicalRequest: signer.canonicalRequest,
    stringToSign: signer.stringToSign,
    accessKeyId: credentials.accessKeyId,
  }
}
