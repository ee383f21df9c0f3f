/**
 * @module Presigned URLs the cloud hands out itself (a custom resource's `ResponseURL`), signed as the SDK's
 * presigner signs them, with the canonicalisation the verifier uses: the edge accepts them like any other.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
 */
import { basicDate } from './sigv4-errors.js'
import { canonicalRequestOf, hmacHex, sha256Hex, signingKey } from './sigv4.js'

export interface PresignOptions {
  method: string
  region: string
  service: string
  expiresSeconds: number
  now?: number
}

export function presignUrl(url: string, key: { accessKeyId: string; secretAccessKey: string }, opts: PresignOptions): string {
  const target = new URL(url)
  const longDate = basicDate(opts.now ?? Date.now())
  const scope = `${longDate.slice(0, 8)}/${opts.region}/${opts.service}/aws4_request`
  const q = target.searchParams
  q.set('X-Amz-Algorithm', 'AWS4-HMAC-SHA256')
  q.set('X-Amz-Credential', `${key.accessKeyId}/${scope}`)
  q.set('X-Amz-Date', longDate)
  q.set('X-Amz-Expires', String(opts.expiresSeconds))
  q.set('X-Amz-SignedHeaders', 'host')
  const request = { method: opts.method, rawPath: target.pathname, query: q, headers: { host: target.host } }
  const canonical = canonicalRequestOf(request, { service: opts.service, signedHeaders: ['host'] }, opts.service === 's3' ? 'UNSIGNED-PAYLOAD' : sha256Hex(''))
  const stringToSign = `AWS4-HMAC-SHA256\n${longDate}\n${scope}\n${sha256Hex(canonical)}`
  q.set('X-Amz-Signature', hmacHex(signingKey(key.secretAccessKey, { longDate, region: opts.region, service: opts.service }), stringToSign))
  return target.toString()
}
