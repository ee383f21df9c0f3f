/**
 * @module Request payloads as SDK v3 sends them: `aws-chunked` bodies (signed or unsigned, with trailing
 * checksums), Content-MD5 and flexible checksums (CRC32, CRC32C, SHA1, SHA256).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
 */
import { createHash } from 'node:crypto'
import { AwsError } from '../../core/aws-error.js'
import { badDigest, invalidDigest, invalidRequest } from './errors.js'

export interface Payload {
  body: Buffer
  /** Trailing headers of an aws-chunked body (`x-amz-checksum-crc32`, …), lower-cased. */
  trailers: Record<string, string>
  /** Content-Encoding without `aws-chunked` (what S3 stores). */
  contentEncoding?: string
}

const incomplete = () => new AwsError('IncompleteBody', 400, 'The request body terminated unexpectedly')

export function isAwsChunked(headers: Record<string, string>): boolean {
  const encoding = headers['content-encoding'] ?? ''
  return encoding.split(',').some((e) => e.trim() === 'aws-chunked') || (headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-')
}

/** Decode the request body (the edge has verified its chunk signatures, edge/sigv4-chunks.ts). */
export function readPayload(headers: Record<string, string>, raw: Buffer): Payload {
  const rest = (headers['content-encoding'] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e && e !== 'aws-chunked')
  const contentEncoding = rest.length ? rest.join(', ') : undefined
  if (!isAwsChunked(headers)) return { body: raw, trailers: {}, contentEncoding }
  const chunks: Buffer[] = []
  const trailers: Record<string, string> = {}
  let pos = 0
  for (;;) {
    const eol = raw.indexOf('\r\n', pos)
    if (eol === -1) throw incomplete()
    const size = parseInt(raw.subarray(pos, eol).toString('latin1').split(';')[0], 16)
    if (!Number.isFinite(size) || size < 0) throw invalidRequest('Invalid chunk size in aws-chunked body')
    pos = eol + 2
    if (size === 0) break
    if (pos + size > raw.length) throw incomplete()
    chunks.push(raw.subarray(pos, pos + size))
    pos += size
    if (raw.subarray(pos, pos + 2).toString('latin1') === '\r\n') pos += 2
  }
  // Trailer lines until an empty line (or the end of the body).
  while (pos < raw.length) {
    const eol = raw.indexOf('\r\n', pos)
    const line = raw.subarray(pos, eol === -1 ? raw.length : eol).toString('utf8')
    pos = eol === -1 ? raw.length : eol + 2
    if (line === '') break
    const colon = line.indexOf(':')
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  const body = Buffer.concat(chunks)
  const declared = headers['x-amz-decoded-content-length']
  if (declared !== undefined && Number(declared) !== body.length) throw incomplete()
  return { body, trailers, contentEncoding }
}

/** Check `Content-MD5` when the client sent one. */
export function checkContentMd5(headers: Record<string, string>, body: Buffer): void {
  const md5 = headers['content-md5']
  if (md5 === undefined) return
  const decoded = Buffer.from(md5, 'base64')
  if (decoded.length !== 16 || decoded.toString('base64') !== md5.trim()) throw invalidDigest()
  if (!createHash('md5').update(body).digest().equals(decoded)) throw badDigest()
}

export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const

/**
 * The flexible checksum sent in a header or trailer, verified when we can compute it.
 * Not implemented: computing CRC64NVME (the sent value is stored unverified).
 */
export function readChecksum(headers: Record<string, string>, payload: Payload): { algorithm: string; value: string } | undefined {
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const name = `x-amz-checksum-${algorithm.toLowerCase()}`
    const value = payload.trailers[name] ?? headers[name]
    if (value === undefined) continue
    const actual = computeChecksum(algorithm, payload.body)
    if (actual !== undefined && actual !== value) {
      throw new AwsError('BadDigest', 400, `The ${algorithm} you specified did not match the calculated checksum.`)
    }
    return { algorithm, value }
  }
  return undefined
}

export function computeChecksum(algorithm: string, body: Buffer): string | undefined {
  switch (algorithm) {
    case 'CRC32':
      return crcBase64(body, CRC32_TABLE)
    case 'CRC32C':
      return crcBase64(body, CRC32C_TABLE)
    case 'SHA1':
      return createHash('sha1').update(body).digest('base64')
    case 'SHA256':
      return createHash('sha256').update(body).digest('base64')
    default:
      return undefined
  }
}

function table(polynomial: number): Uint32Array {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? polynomial ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
}

const CRC32_TABLE = table(0xedb88320)
const CRC32C_TABLE = table(0x82f63b78)

function crcBase64(data: Buffer, t: Uint32Array): string {
  let crc = 0xffffffff
  for (let i = 0; i < data.length; i++) crc = t[(crc ^ data[i]) & 0xff] ^ (crc >>> 8)
  const out = Buffer.alloc(4)
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0)
  return out.toString('base64')
}
