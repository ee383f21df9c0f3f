/**
 * @module Serving a stored object over HTTP (REST GetObject/HeadObject and the website endpoint):
 * metadata headers, conditional requests (304/412) and single byte ranges (206/416).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
 */
import { AwsError } from '../../core/aws-error.js'
import type { CloudRequest, CloudResponse } from '../../core/types.js'
import type { S3Model, StoredObject } from './model.js'

export function objectHeaders(o: StoredObject): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': o.ContentType,
    etag: o.ETag,
    'last-modified': new Date(o.LastModified).toUTCString(),
    'accept-ranges': 'bytes',
  }
  if (o.CacheControl) headers['cache-control'] = o.CacheControl
  if (o.ContentEncoding) headers['content-encoding'] = o.ContentEncoding
  if (o.ContentDisposition) headers['content-disposition'] = o.ContentDisposition
  if (o.ContentLanguage) headers['content-language'] = o.ContentLanguage
  if (o.Expires) headers['expires'] = new Date(o.Expires).toUTCString()
  if (o.WebsiteRedirectLocation) headers['x-amz-website-redirect-location'] = o.WebsiteRedirectLocation
  for (const [k, v] of Object.entries(o.Metadata)) headers[`x-amz-meta-${k}`] = v
  return headers
}

const preconditionFailed = (condition: string) =>
  new AwsError('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold', { Condition: condition })

const etagMatches = (header: string, etag: string) =>
  header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag || `"${t}"` === etag)

/**
 * If-Match / If-Unmodified-Since fail with 412; If-None-Match / If-Modified-Since answer 304.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-requests.html
 */
function conditional(req: CloudRequest, o: StoredObject): CloudResponse | undefined {
  const h = req.headers
  const modified = Math.floor(new Date(o.LastModified).getTime() / 1000) * 1000
  const since = (name: string) => {
    const t = Date.parse(h[name] ?? '')
    return Number.isNaN(t) ? undefined : t
  }
  if (h['if-match'] !== undefined && !etagMatches(h['if-match'], o.ETag)) throw preconditionFailed('If-Match')
  const unmodifiedSince = since('if-unmodified-since')
  if (h['if-match'] === undefined && unmodifiedSince !== undefined && modified > unmodifiedSince) throw preconditionFailed('If-Unmodified-Since')
  const notModified = { status: 304, headers: { etag: o.ETag, 'last-modified': new Date(o.LastModified).toUTCString() }, body: '' }
  if (h['if-none-match'] !== undefined) return etagMatches(h['if-none-match'], o.ETag) ? notModified : undefined
  const modifiedSince = since('if-modified-since')
  if (modifiedSince !== undefined && modified <= modifiedSince) return notModified
  return undefined
}

/** One `bytes=` range; anything S3 would ignore (bad syntax, several ranges) gives undefined. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '')
  if (!m || (m[1] === '' && m[2] === '')) return undefined
  if (m[1] === '') {
    const suffix = Number(m[2])
    if (suffix === 0 || size === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(m[1])
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  if (m[2] !== '' && Number(m[2]) < start) return undefined
  if (start >= size) return 'unsatisfiable'
  return { start, end }
}

export interface ServeOptions {
  /** Answer with this status instead of 200 (the website's error document is served with 404/403). */
  status?: number
  /** Add the stored flexible checksum (GetObject with `x-amz-checksum-mode: ENABLED`). */
  checksum?: boolean
  /** Honour conditional headers and Range (not for error documents). */
  conditionals?: boolean
}

export function serveObject(req: CloudRequest, model: S3Model, bucket: string, o: StoredObject, options: ServeOptions = {}): CloudResponse {
  const headers = objectHeaders(o)
  if (options.conditionals !== false) {
    const early = conditional(req, o)
    if (early) return early
  }
  const range = options.conditionals === false ? undefined : parseRange(req.headers['range'], o.Size)
  if (range === 'unsatisfiable') {
    throw new AwsError('InvalidRange', 416, 'The requested range is not satisfiable', { RangeRequested: req.headers['range'] ?? '', ActualObjectSize: String(o.Size) })
  }
  if (options.checksum && o.Checksum && !range) {
    headers[`x-amz-checksum-${o.Checksum.algorithm.toLowerCase()}`] = o.Checksum.value
    headers['x-amz-checksum-type'] = 'FULL_OBJECT'
  }
  const head = req.method === 'HEAD'
  const body = head ? Buffer.alloc(0) : model.readBody(bucket, o)
  if (range) {
    headers['content-range'] = `bytes ${range.start}-${range.end}/${o.Size}`
    headers['content-length'] = String(range.end - range.start + 1)
    return { status: 206, headers, body: head ? '' : body.subarray(range.start, range.end + 1) }
  }
  headers['content-length'] = String(o.Size)
  return { status: options.status ?? 200, headers, body: head ? '' : body }
}
