/**
 * @module S3's REST wire protocol: find the bucket and key (path-style or virtual-host), decode the payload,
 * enforce policies for anonymous callers, then dispatch to the bucket or object handlers.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
 */
import { AwsError } from '../../core/aws-error.js'
import type { ApiOperation, CloudContext, CloudRequest, CloudResponse } from '../../core/types.js'
import { renderError } from '../../protocols/errors.js'
import { accessDenied, notImplemented } from './errors.js'
import type { S3Model } from './model.js'
import { checkContentMd5, readPayload, type Payload } from './payload.js'
import { anonymousAccess } from './access.js'
import { authorizeApiCall } from '../../authz/api-gate.js'
import { s3Operation } from '../../authz/api-resources-s3.js'
import { bucketOperation } from './rest-bucket.js'
import { objectOperation } from './rest-object.js'
import { xmlResponse } from './xml-io.js'
import { corsHeaders, preflight } from './cors.js'
import { s3HostId } from '../../core/ids.js'

/** What a handler needs about one request. */
export interface S3Call {
  req: CloudRequest
  ctx: CloudContext
  api: Record<string, ApiOperation>
  model: S3Model
  bucket: string
  key: string
  payload: Payload
  anonymous: boolean
}

/** Subresources we deliberately do not serve: a request for one is `NotImplemented`, never a wrong answer. */
const UNSUPPORTED_SUBRESOURCES = [
  'accelerate', 'acl', 'analytics', 'attributes', 'intelligent-tiering', 'inventory', 'legal-hold', 'lifecycle',
  'logging', 'metadataTable', 'metrics', 'notification', 'object-lock', 'replication', 'requestPayment',
  'restore', 'retention', 'select', 'session', 'torrent',
]

/** Signed requests pass the API gate (`authz/api-gate.ts`: identity policies and the bucket policy); anonymous ones the bucket policy alone. */
export async function handleRest(req: CloudRequest, ctx: CloudContext, api: Record<string, ApiOperation>, model: S3Model): Promise<CloudResponse> {
  try {
    const { bucket, key } = locate(req)
    const unsupported = UNSUPPORTED_SUBRESOURCES.find((name) => req.query.has(name))
    if (unsupported) {
      // Not implemented: ACLs, lifecycle and the other subresources above.
      throw notImplemented(`the ?${unsupported} subresource`)
    }
    const payload = readPayload(req.headers, req.body)
    checkContentMd5(req.headers, payload.body)
    const call: S3Call = { req, ctx, api, model, bucket, key, payload, anonymous: isAnonymous(req) }
    if (bucket && !call.anonymous) checkRegion(req, model, bucket, key)
    req.operation = s3Operation(req, bucket, key)
    await authorizeApiCall(req, ctx, 's3', () => gateInput(call))
    let response: CloudResponse
    if (req.method === 'OPTIONS' && bucket) {
      response = preflight(req, model.bucket(bucket))
    } else if (!bucket) {
      if (call.anonymous) throw accessDenied()
      if (req.method !== 'GET') throw methodNotAllowed(req.method, 'SERVICE')
      const q = req.query
      const maxBuckets = q.get('max-buckets')
      const out = await api.ListBuckets(
        {
          MaxBuckets: maxBuckets === null ? undefined : Number(maxBuckets),
          ContinuationToken: q.get('continuation-token') ?? undefined,
          Prefix: q.get('prefix') ?? undefined,
          BucketRegion: q.get('bucket-region') ?? undefined,
        },
        ctx,
      )
      const { Owner, Buckets, ...rest } = out
      response = xmlResponse('ListAllMyBucketsResult', { Owner, Buckets: { Bucket: Buckets }, ...rest })
    } else if (!key) {
      if (call.anonymous && !(req.method === 'GET' && !hasSubresource(req))) throw accessDenied()
      if (call.anonymous) anonymousAccess(call, 's3:ListBucket', `arn:aws:s3:::${bucket}`)
      response = await bucketOperation(call)
    } else {
      response = await objectOperation(call)
    }
    response.headers = { 'x-amz-request-id': req.requestId, 'x-amz-id-2': s3HostId(req.requestId), server: 'AmazonS3', ...corsFor(req, model), ...response.headers }
    return response
  } catch (err) {
    if (!(err instanceof AwsError)) throw err
    const rendered = renderError(err, 'rest-xml', req.requestId, 's3')
    const region = (err as AwsError & { bucketRegion?: string }).bucketRegion
    if (region) rendered.headers = { ...rendered.headers, 'x-amz-bucket-region': region }
    rendered.headers = { ...rendered.headers, server: 'AmazonS3', 'x-amz-id-2': s3HostId(req.requestId), ...corsFor(req, model) }
    // HEAD responses carry no body: the SDK reads the status code alone.
    return req.method === 'HEAD' ? { status: rendered.status, headers: { ...rendered.headers, 'content-length': '0' }, body: '' } : rendered
  }
}

/** CORS headers for an actual request to an existing bucket (never for preflights, which set their own). */
function corsFor(req: CloudRequest, model: S3Model): Record<string, string> {
  if (req.method === 'OPTIONS') return {}
  try {
    const { bucket } = locate(req)
    return bucket ? corsHeaders(req, model.find(bucket)) : {}
  } catch {
    return {}
  }
}

/** Virtual-host requests name the bucket in the host; path-style ones in the first path segment. */
function locate(req: CloudRequest): { bucket: string; key: string } {
  const decode = (raw: string) => {
    try {
      return decodeURIComponent(raw)
    } catch {
      throw new AwsError('InvalidURI', 400, "Couldn't parse the specified URI.", { URI: req.rawPath })
    }
  }
  if (req.route.kind === 's3-virtual-host') return { bucket: req.route.bucket, key: decode(req.rawPath.replace(/^\//, '')) }
  const path = req.rawPath.replace(/^\//, '')
  const slash = path.indexOf('/')
  if (slash === -1) return { bucket: decode(path), key: '' }
  return { bucket: decode(path.slice(0, slash)), key: decode(path.slice(slash + 1)) }
}

/**
 * A signed request must be signed for the bucket's region (the client's configured region), as S3's regional
 * endpoints require; CreateBucket and GetBucketLocation are exempt.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
 */
function checkRegion(req: CloudRequest, model: S3Model, bucket: string, key: string): void {
  const found = model.find(bucket)
  if (!found || found.Region === req.region) return
  const createBucket = req.method === 'PUT' && !key && ![...req.query.keys()].some((k) => k !== 'x-id')
  if (createBucket || req.query.has('location')) return
  const err = new AwsError(
    'PermanentRedirect',
    301,
    'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
    { Bucket: bucket, Endpoint: `${bucket}.s3.${found.Region}.amazonaws.com` },
  )
  throw Object.assign(err, { bucketRegion: found.Region })
}

/** What the API gate reads of a request: the bucket and key, a version, a copy's source (DeleteObjects judges its keys itself). */
function gateInput(call: S3Call): Record<string, unknown> {
  const { req, bucket: Bucket, key: Key } = call
  return { Bucket, Key, VersionId: req.query.get('versionId') ?? undefined, CopySource: req.headers['x-amz-copy-source'] }
}

/** No SigV4 header and no presigned query: an anonymous request, judged by the bucket policy alone. */
function isAnonymous(req: CloudRequest): boolean {
  return !req.headers['authorization'] && !req.query.has('X-Amz-Credential') && !req.query.has('X-Amz-Signature') && !req.query.has('AWSAccessKeyId')
}

const LIST_PARAMS = new Set(['list-type', 'prefix', 'delimiter', 'max-keys', 'continuation-token', 'start-after', 'encoding-type', 'marker', 'fetch-owner', 'x-id'])
function hasSubresource(req: CloudRequest): boolean {
  return [...req.query.keys()].some((k) => !LIST_PARAMS.has(k))
}

export function methodNotAllowed(method: string, resourceType: string): AwsError {
  return new AwsError('MethodNotAllowed', 405, 'The specified method is not allowed against this resource.', { Method: method, ResourceType: resourceType })
}

/** Empty success (204 for deletes and a few puts, as S3 answers). */
export const noContent = (status = 204): CloudResponse => ({ status, body: '' })

export const requireBody = (payload: Payload) => {
  if (payload.body.length === 0) throw new AwsError('MissingRequestBodyError', 400, 'Request Body is empty')
}
