/**
 * @module S3's side of the gate: which operation a REST request is (`s3Operation`, also what the request log shows)
 * and the IAM action and resource it needs. S3's actions differ from its operation names (ListObjectsV2 →
 * `s3:ListBucket`, HeadObject → `s3:GetObject`, the CORS, tagging and public-access-block deletes → their `Put…`
 * action). The bucket policy is consulted for every signed call: same account, an Allow there or in the caller's
 * identity policies suffices, an explicit Deny in either refuses.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html
 */
import type { ApiCheck, GateTarget } from './api-resources.js'

interface S3RequestLike {
  method: string
  query: URLSearchParams
  headers: Record<string, string>
}

/** Bucket subresources by query parameter → operation per method. */
const BUCKET_SUBRESOURCES: [string, Partial<Record<string, string>>][] = [
  ['policyStatus', { GET: 'GetBucketPolicyStatus' }],
  ['policy', { GET: 'GetBucketPolicy', PUT: 'PutBucketPolicy', DELETE: 'DeleteBucketPolicy' }],
  ['website', { GET: 'GetBucketWebsite', PUT: 'PutBucketWebsite', DELETE: 'DeleteBucketWebsite' }],
  ['publicAccessBlock', { GET: 'GetPublicAccessBlock', PUT: 'PutPublicAccessBlock', DELETE: 'DeletePublicAccessBlock' }],
  ['cors', { GET: 'GetBucketCors', PUT: 'PutBucketCors', DELETE: 'DeleteBucketCors' }],
  ['tagging', { GET: 'GetBucketTagging', PUT: 'PutBucketTagging', DELETE: 'DeleteBucketTagging' }],
  ['versioning', { GET: 'GetBucketVersioning', PUT: 'PutBucketVersioning' }],
  ['location', { GET: 'GetBucketLocation' }],
  ['versions', { GET: 'ListObjectVersions' }],
  ['uploads', { GET: 'ListMultipartUploads' }],
  ['ownershipControls', { GET: 'GetBucketOwnershipControls', PUT: 'PutBucketOwnershipControls' }],
  ['encryption', { GET: 'GetBucketEncryption', PUT: 'PutBucketEncryption' }],
  ['delete', { POST: 'DeleteObjects' }],
]

/** The S3 operation a REST request is (AWS's operation name), from its method, subresource, bucket and key. */
export function s3Operation(req: S3RequestLike, bucket: string, key: string): string {
  const m = req.method
  if (m === 'OPTIONS') return 'PreflightRequest'
  if (!bucket) return 'ListBuckets'
  const q = req.query
  if (!key) {
    for (const [name, byMethod] of BUCKET_SUBRESOURCES) if (q.has(name)) return byMethod[m] ?? `${m} ?${name}`
    if (m === 'GET') return q.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects'
    return { PUT: 'CreateBucket', DELETE: 'DeleteBucket', HEAD: 'HeadBucket' }[m] ?? `${m} bucket`
  }
  if (q.has('uploads') && m === 'POST') return 'CreateMultipartUpload'
  if (q.has('uploadId')) return { PUT: 'UploadPart', POST: 'CompleteMultipartUpload', DELETE: 'AbortMultipartUpload', GET: 'ListParts' }[m] ?? `${m} upload`
  if (q.has('tagging')) return { GET: 'GetObjectTagging', PUT: 'PutObjectTagging', DELETE: 'DeleteObjectTagging' }[m] ?? `${m} ?tagging`
  if (m === 'PUT') return req.headers['x-amz-copy-source'] !== undefined ? 'CopyObject' : 'PutObject'
  return { GET: 'GetObject', HEAD: 'HeadObject', DELETE: 'DeleteObject' }[m] ?? `${m} object`
}

/** Operation → IAM action where the two differ (the rest are `s3:<Operation>`). */
const ACTIONS: Record<string, string> = {
  ListBuckets: 'ListAllMyBuckets',
  HeadBucket: 'ListBucket',
  ListObjects: 'ListBucket',
  ListObjectsV2: 'ListBucket',
  ListObjectVersions: 'ListBucketVersions',
  ListMultipartUploads: 'ListBucketMultipartUploads',
  GetPublicAccessBlock: 'GetBucketPublicAccessBlock',
  PutPublicAccessBlock: 'PutBucketPublicAccessBlock',
  DeletePublicAccessBlock: 'PutBucketPublicAccessBlock',
  GetBucketCors: 'GetBucketCORS',
  PutBucketCors: 'PutBucketCORS',
  DeleteBucketCors: 'PutBucketCORS',
  DeleteBucketTagging: 'PutBucketTagging',
  DeleteBucketWebsite: 'DeleteBucketWebsite',
  GetBucketEncryption: 'GetEncryptionConfiguration',
  PutBucketEncryption: 'PutEncryptionConfiguration',
  HeadObject: 'GetObject',
  CopyObject: 'PutObject',
  CreateMultipartUpload: 'PutObject',
  UploadPart: 'PutObject',
  CompleteMultipartUpload: 'PutObject',
  ListParts: 'ListMultipartUploadParts',
}

/** Input: `{Bucket, Key, VersionId?, CopySource?}`, or DeleteObjects' `{Bucket, Delete: {Objects}}`. */
export function s3Checks(op: string, input: Record<string, unknown>, _t: GateTarget): ApiCheck[] {
  if (op === 'PreflightRequest') return []
  const bucket = typeof input.Bucket === 'string' ? input.Bucket : ''
  const key = typeof input.Key === 'string' ? input.Key : ''
  const versioned = typeof input.VersionId === 'string'
  let action = `s3:${Object.hasOwn(ACTIONS, op) ? ACTIONS[op] : op}`
  if (versioned && (op === 'GetObject' || op === 'HeadObject' || op === 'DeleteObject')) action += 'Version'
  if (op === 'ListBuckets') return [{ action, resource: '*' }]
  const policy = { service: 's3', operation: 'GetBucketPolicy', input: { Bucket: bucket } }
  const on = (action: string, resource: string): ApiCheck => ({ action, resource, resourcePolicy: policy })
  // DeleteObjects needs no permission of its own: S3 judges `s3:DeleteObject` key by key, one check per key of
  // `Delete.Objects` in order (the wire passes no keys and judges them item by item in `services/s3/delete-objects.ts`).
  if (op === 'DeleteObjects') return deletedKeys(input.Delete).flatMap((o) => s3Checks('DeleteObject', { Bucket: bucket, ...o }, _t))
  if (!key) return [on(action, `arn:aws:s3:::${bucket}`)]
  const checks = [on(action, `arn:aws:s3:::${bucket}/${key}`)]
  const source = typeof input.CopySource === 'string' ? copySource(input.CopySource) : undefined
  if (op === 'CopyObject' && source) {
    checks.push({ action: 's3:GetObject', resource: `arn:aws:s3:::${source.bucket}/${source.key}`, resourcePolicy: { ...policy, input: { Bucket: source.bucket } } })
  }
  return checks
}

/** The `{Key, VersionId?}` entries of a DeleteObjects input (`Delete.Objects`), whatever else it holds. */
function deletedKeys(del: unknown): { Key: string; VersionId?: string }[] {
  const objects = del && typeof del === 'object' ? (del as { Objects?: unknown }).Objects : undefined
  if (!Array.isArray(objects)) return []
  return objects.flatMap((o) => {
    if (!o || typeof o !== 'object' || typeof o.Key !== 'string') return []
    return [{ Key: o.Key, ...(typeof o.VersionId === 'string' ? { VersionId: o.VersionId } : {}) }]
  })
}

/** `x-amz-copy-source`: `bucket/key[?versionId=…]`, URL-encoded, with or without a leading slash. */
function copySource(header: string): { bucket: string; key: string } | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(header.split('?')[0]).replace(/^\//, '')
  } catch {
    return undefined
  }
  const slash = decoded.indexOf('/')
  return slash > 0 ? { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) } : undefined
}
