/**
 * @module S3's signed streaming uploads (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`): each chunk carries a
 * signature chained from the seed signature of the Authorization header, and the trailer its own. The seed is
 * checked on the headers; this checks the chain once the body is read. (The unsigned streaming form,
 * `STREAMING-UNSIGNED-PAYLOAD-TRAILER`, has only the seed; its decoded length is checked by S3's payload reader.)
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html
 */
import { timingSafeEqual } from 'node:crypto'
import { AwsError } from '../core/aws-error.js'
import { EMPTY_SHA256, hmacHex, sha256Hex, signingKey, type PendingSignature } from './sigv4.js'
import { signatureMismatch } from './sigv4-errors.js'

const incomplete = () => new AwsError('IncompleteBody', 400, 'The request body terminated unexpectedly')

export function checkSignedChunks(raw: Buffer, pending: PendingSignature): AwsError | undefined {
  if (pending.secretAccessKey === undefined) return undefined
  const key = signingKey(pending.secretAccessKey, pending)
  const prefix = `${pending.longDate}\n${pending.scope}\n`
  let previous = pending.signature
  let pos = 0
  for (;;) {
    const eol = raw.indexOf('\r\n', pos)
    if (eol === -1) return incomplete()
    const header = raw.subarray(pos, eol).toString('latin1')
    const match = /^([0-9a-fA-F]+);chunk-signature=([0-9a-f]{64})$/.exec(header)
    if (!match) return new AwsError('IncompleteBody', 400, 'The request body is not in the aws-chunked form its x-amz-content-sha256 announces')
    const size = parseInt(match[1], 16)
    pos = eol + 2
    if (pos + size > raw.length) return incomplete()
    const data = raw.subarray(pos, pos + size)
    const expected = hmacHex(key, `AWS4-HMAC-SHA256-PAYLOAD\n${prefix}${previous}\n${EMPTY_SHA256}\n${sha256Hex(data)}`)
    if (!same(expected, match[2])) return signatureMismatch('s3')
    previous = expected
    pos += size
    if (size === 0) break
    if (raw.subarray(pos, pos + 2).toString('latin1') !== '\r\n') return incomplete()
    pos += 2
  }
  if (pending.contentSha256 !== 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER') return undefined
  // Trailer lines, then `x-amz-trailer-signature:…` over them.
  let canonical = ''
  let sent: string | undefined
  for (const line of raw.subarray(pos).toString('utf8').split('\r\n')) {
    if (line === '') continue
    const colon = line.indexOf(':')
    if (colon <= 0) return incomplete()
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    if (name === 'x-amz-trailer-signature') sent = value
    else canonical += `${name}:${value}\n`
  }
  if (sent === undefined) return signatureMismatch('s3')
  const expected = hmacHex(key, `AWS4-HMAC-SHA256-TRAILER\n${prefix}${previous}\n${sha256Hex(canonical)}`)
  return same(expected, sent) ? undefined : signatureMismatch('s3')
}

function same(expectedHex: string, sentHex: string): boolean {
  return /^[0-9a-f]{64}$/.test(sentHex) && timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(sentHex, 'hex'))
}
