/**
 * @module Object-level REST operations: PutObject (plain or aws-chunked, Content-MD5, flexible checksums),
 * CopyObject, GetObject/HeadObject (ranges, conditionals), DeleteObject.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
 */
import type { CloudResponse } from '../../core/types.js'
import { anonymousAllowed } from './access.js'
import { accessDenied, invalidRequest, notImplemented } from './errors.js'
import { readChecksum } from './payload.js'
import { methodNotAllowed, noContent, type S3Call } from './rest.js'
import { serveObject } from './serve.js'
import { findVersion } from './versioning.js'
import { parseXml, xmlResponse } from './xml-io.js'

/** AWS quirk: every object is SSE-S3 encrypted by default since January 2023, and S3 says so. */
const SSE = { 'x-amz-server-side-encryption': 'AES256' }

const ACTIONS: Record<string, string> = { GET: 's3:GetObject', HEAD: 's3:GetObject', PUT: 's3:PutObject', DELETE: 's3:DeleteObject' }

export async function objectOperation(call: S3Call): Promise<CloudResponse> {
  const { req, api, ctx, bucket: Bucket, key: Key } = call
  if (req.query.has('tagging')) throw notImplemented('object tagging')
  const multipart = req.query.has('uploads') || req.query.has('uploadId')
  if (call.anonymous && multipart) throw accessDenied()
  if (multipart) return multipartOperation(call)
  if (call.anonymous) {
    const bucket = call.model.bucket(Bucket)
    const action = ACTIONS[req.method]
    if (!action || !anonymousAllowed(bucket, action, `arn:aws:s3:::${Bucket}/${Key}`, req)) throw accessDenied()
    // AWS quirk: a missing key is 403, not 404, unless the caller may also list the bucket.
    if (action === 's3:GetObject' && !call.model.findObject(Bucket, Key) && !anonymousAllowed(bucket, 's3:ListBucket', `arn:aws:s3:::${Bucket}`, req)) {
      throw accessDenied()
    }
  }
  switch (req.method) {
    case 'PUT':
      if (req.query.has('partNumber')) throw notImplemented('GET/PUT ?partNumber without uploadId')
      return req.headers['x-amz-copy-source'] !== undefined ? copyObject(call) : putObject(call)
    case 'GET':
    case 'HEAD': {
      const versionId = req.query.get('versionId')
      const object = versionId === null ? call.model.object(Bucket, Key) : findVersion(call.model.bucket(Bucket), Key, versionId)
      const overrides = responseOverrides(call)
      const served = serveObject(req, call.model, Bucket, object, { checksum: req.headers['x-amz-checksum-mode'] === 'ENABLED' })
      const version: Record<string, string> = object.VersionId ? { 'x-amz-version-id': object.VersionId } : {}
      return { ...served, headers: { ...served.headers, ...(served.status < 300 ? { ...SSE, ...overrides, ...version } : {}) } }
    }
    case 'DELETE': {
      const out = await api.DeleteObject({ Bucket, Key, VersionId: req.query.get('versionId') ?? undefined }, ctx)
      const headers: Record<string, string> = {}
      if (out.VersionId) headers['x-amz-version-id'] = out.VersionId
      if (out.DeleteMarker) headers['x-amz-delete-marker'] = 'true'
      return { status: 204, headers, body: '' }
    }
    default:
      throw methodNotAllowed(req.method, 'OBJECT')
  }
}

/**
 * `response-content-type` and friends override the stored headers of a GetObject (signed requests only).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html#API_GetObject_RequestSyntax
 */
function responseOverrides(call: S3Call): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of ['content-type', 'content-language', 'expires', 'cache-control', 'content-disposition', 'content-encoding']) {
    const value = call.req.query.get(`response-${name}`)
    if (value === null) continue
    if (call.anonymous) throw invalidRequest('Request specific response headers cannot be used for anonymous GET requests.')
    out[name] = value
  }
  return out
}

/** @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPart.html */
async function multipartOperation(call: S3Call): Promise<CloudResponse> {
  const { req, api, ctx, bucket: Bucket, key: Key, payload } = call
  const UploadId = req.query.get('uploadId') ?? ''
  if (req.method === 'POST' && req.query.has('uploads')) {
    const out = await api.CreateMultipartUpload({ Bucket, Key, ...contentHeaders(req.headers, payload.contentEncoding) }, ctx)
    const algorithm = req.headers['x-amz-checksum-algorithm']
    return xmlResponse('InitiateMultipartUploadResult', out, algorithm ? { 'x-amz-checksum-algorithm': algorithm } : {})
  }
  switch (req.method) {
    case 'PUT': {
      if (req.headers['x-amz-copy-source'] !== undefined) throw notImplemented('UploadPartCopy')
      const checksum = readChecksum(req.headers, payload)
      const out = await api.UploadPart({ Bucket, Key, UploadId, PartNumber: req.query.get('partNumber'), Body: payload.body }, ctx)
      const headers: Record<string, string> = { etag: out.ETag }
      if (checksum) headers[`x-amz-checksum-${checksum.algorithm.toLowerCase()}`] = checksum.value
      return { status: 200, headers, body: '' }
    }
    case 'POST': {
      const doc = parseXml(payload.body, 'CompleteMultipartUpload')
      const parts = ((doc?.Part ?? []) as any[]).map((p) => ({ PartNumber: Number(p?.PartNumber), ETag: String(p?.ETag ?? '') }))
      const out = await api.CompleteMultipartUpload({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } }, ctx)
      return xmlResponse('CompleteMultipartUploadResult', out)
    }
    case 'DELETE':
      await api.AbortMultipartUpload({ Bucket, Key, UploadId }, ctx)
      return noContent()
    case 'GET':
      return xmlResponse('ListPartsResult', await api.ListParts({ Bucket, Key, UploadId }, ctx))
    default:
      throw methodNotAllowed(req.method, 'OBJECT')
  }
}

function metadata(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) if (name.startsWith('x-amz-meta-')) out[name.slice('x-amz-meta-'.length)] = value
  return out
}

function contentHeaders(h: Record<string, string>, contentEncoding?: string) {
  return {
    ContentType: h['content-type'],
    ContentEncoding: contentEncoding,
    ContentDisposition: h['content-disposition'],
    ContentLanguage: h['content-language'],
    CacheControl: h['cache-control'],
    Expires: h['expires'] && !Number.isNaN(Date.parse(h['expires'])) ? h['expires'] : undefined,
    Metadata: metadata(h),
    ACL: h['x-amz-acl'],
    WebsiteRedirectLocation: h['x-amz-website-redirect-location'],
  }
}

async function putObject(call: S3Call): Promise<CloudResponse> {
  const { req, api, ctx, bucket: Bucket, key: Key, payload } = call
  call.model.bucket(Bucket)
  const checksum = readChecksum(req.headers, payload)
  const out = await api.PutObject({ Bucket, Key, Body: payload.body, ...contentHeaders(req.headers, payload.contentEncoding), _checksum: checksum }, ctx)
  const headers: Record<string, string> = { etag: out.ETag, ...SSE }
  if (out.VersionId) headers['x-amz-version-id'] = out.VersionId
  if (checksum) {
    headers[`x-amz-checksum-${checksum.algorithm.toLowerCase()}`] = checksum.value
    headers['x-amz-checksum-type'] = 'FULL_OBJECT'
  }
  return { status: 200, headers, body: '' }
}

async function copyObject(call: S3Call): Promise<CloudResponse> {
  const { req, api, ctx, bucket: Bucket, key: Key, payload } = call
  const out = await api.CopyObject(
    {
      Bucket,
      Key,
      CopySource: req.headers['x-amz-copy-source'],
      MetadataDirective: req.headers['x-amz-metadata-directive'],
      ...contentHeaders(req.headers, payload.contentEncoding),
    },
    ctx,
  )
  return xmlResponse('CopyObjectResult', out.CopyObjectResult)
}

