/**
 * @module Bucket-level REST operations: create/delete/head/list and the policy, website, public access
 * block, tagging and location subresources.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
 */
import type { CloudResponse } from '../../core/types.js'
import { invalidArgument, notImplemented } from './errors.js'
import { methodNotAllowed, noContent, requireBody, type S3Call } from './rest.js'
import { deleteObjects } from './delete-objects.js'
import { corsXml, parseCors, parseCreateBucket, parsePublicAccessBlock, parseTagging, parseVersioning, parseWebsite, websiteXml, xmlResponse } from './xml-io.js'

export async function bucketOperation(call: S3Call): Promise<CloudResponse> {
  const { req, api, ctx, bucket: Bucket } = call
  const q = req.query
  const body = call.payload.body
  switch (req.method) {
    case 'PUT': {
      if (q.has('policy')) {
        requireBody(call.payload)
        await api.PutBucketPolicy({ Bucket, Policy: body.toString('utf8') }, ctx)
        return noContent()
      }
      if (q.has('website')) {
        await api.PutBucketWebsite({ Bucket, WebsiteConfiguration: parseWebsite(body) }, ctx)
        return noContent(200)
      }
      if (q.has('publicAccessBlock')) {
        await api.PutPublicAccessBlock({ Bucket, PublicAccessBlockConfiguration: parsePublicAccessBlock(body) }, ctx)
        return noContent(200)
      }
      if (q.has('cors')) {
        await api.PutBucketCors({ Bucket, CORSConfiguration: { CORSRules: parseCors(body) } }, ctx)
        return noContent(200)
      }
      if (q.has('tagging')) {
        await api.PutBucketTagging({ Bucket, Tagging: { TagSet: parseTagging(body) }, _external: true }, ctx)
        return noContent()
      }
      if (q.has('versioning')) {
        await api.PutBucketVersioning({ Bucket, VersioningConfiguration: parseVersioning(body) }, ctx)
        return noContent(200)
      }
      if (q.has('ownershipControls') || q.has('encryption') || q.has('policyStatus')) {
        throw notImplemented(`PUT ?${[...q.keys()][0]}`)
      }
      const out = await api.CreateBucket(
        {
          Bucket,
          CreateBucketConfiguration: { LocationConstraint: parseCreateBucket(body) },
          ACL: req.headers['x-amz-acl'],
          ObjectOwnership: req.headers['x-amz-object-ownership'],
          _region: req.region,
        },
        ctx,
      )
      return { status: 200, headers: { location: out.Location }, body: '' }
    }
    case 'DELETE':
      if (q.has('policy')) await api.DeleteBucketPolicy({ Bucket }, ctx)
      else if (q.has('website')) await api.DeleteBucketWebsite({ Bucket }, ctx)
      else if (q.has('publicAccessBlock')) await api.DeletePublicAccessBlock({ Bucket }, ctx)
      else if (q.has('tagging')) await api.DeleteBucketTagging({ Bucket }, ctx)
      else if (q.has('cors')) await api.DeleteBucketCors({ Bucket }, ctx)
      else if ([...q.keys()].some((k) => k !== 'x-id')) throw notImplemented(`DELETE ?${[...q.keys()][0]}`)
      else await api.DeleteBucket({ Bucket }, ctx)
      return noContent()
    case 'HEAD': {
      const out = await api.HeadBucket({ Bucket }, ctx)
      return { status: 200, headers: { 'x-amz-bucket-region': out.BucketRegion, 'content-type': 'application/xml' }, body: '' }
    }
    case 'POST':
      if (q.has('delete')) return deleteObjects(call)
      throw methodNotAllowed('POST', 'BUCKET')
    case 'GET':
      return getBucket(call)
    default:
      throw methodNotAllowed(req.method, 'BUCKET')
  }
}

async function getBucket(call: S3Call): Promise<CloudResponse> {
  const { req, api, ctx, bucket: Bucket } = call
  const q = req.query
  if (q.has('policy')) {
    const out = await api.GetBucketPolicy({ Bucket }, ctx)
    return { status: 200, headers: { 'content-type': 'application/json' }, body: out.Policy }
  }
  if (q.has('policyStatus')) return xmlResponse('PolicyStatus', (await api.GetBucketPolicyStatus({ Bucket }, ctx)).PolicyStatus)
  if (q.has('website')) return xmlResponse('WebsiteConfiguration', websiteXml(await api.GetBucketWebsite({ Bucket }, ctx)))
  if (q.has('publicAccessBlock')) {
    return xmlResponse('PublicAccessBlockConfiguration', (await api.GetPublicAccessBlock({ Bucket }, ctx)).PublicAccessBlockConfiguration)
  }
  if (q.has('cors')) return xmlResponse('CORSConfiguration', corsXml((await api.GetBucketCors({ Bucket }, ctx)).CORSRules))
  if (q.has('tagging')) return xmlResponse('Tagging', { TagSet: { Tag: (await api.GetBucketTagging({ Bucket }, ctx)).TagSet } })
  if (q.has('location')) {
    const out = await api.GetBucketLocation({ Bucket }, ctx)
    return xmlResponse('LocationConstraint', {}, {}, out.LocationConstraint ?? '')
  }
  if (q.has('versioning')) return xmlResponse('VersioningConfiguration', await api.GetBucketVersioning({ Bucket }, ctx))
  if (q.has('versions')) return listVersions(call)
  // AWS quirk: every bucket has these fixed settings since 2023; we report them but cannot change them.
  if (q.has('uploads')) return xmlResponse('ListMultipartUploadsResult', await api.ListMultipartUploads({ Bucket }, ctx))
  if (q.has('ownershipControls')) {
    call.model.bucket(Bucket)
    return xmlResponse('OwnershipControls', { Rule: { ObjectOwnership: 'BucketOwnerEnforced' } })
  }
  if (q.has('encryption')) {
    call.model.bucket(Bucket)
    return xmlResponse('ServerSideEncryptionConfiguration', {
      Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false },
    })
  }
  return listObjects(call)
}

async function listObjects(call: S3Call): Promise<CloudResponse> {
  const { req, api, ctx, bucket: Bucket } = call
  const q = req.query
  const maxKeysText = q.get('max-keys')
  let MaxKeys: number | undefined
  if (maxKeysText !== null) {
    MaxKeys = Number(maxKeysText)
    if (!/^\d+$/.test(maxKeysText) || MaxKeys > 2147483647) {
      throw invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', maxKeysText)
    }
    MaxKeys = Math.min(MaxKeys, 1000)
  }
  const encodingType = q.get('encoding-type')
  if (encodingType !== null && encodingType !== 'url') throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', encodingType)
  const enc = (v: string | undefined) => (v === undefined || encodingType !== 'url' ? v : encodeURIComponent(v).replace(/%2F/g, '/'))
  const common = {
    Bucket,
    Prefix: q.get('prefix') ?? undefined,
    Delimiter: q.get('delimiter') ?? undefined,
    MaxKeys,
  }
  const v2 = q.get('list-type') === '2'
  const out = v2
    ? await api.ListObjectsV2({ ...common, ContinuationToken: q.get('continuation-token') ?? undefined, StartAfter: q.get('start-after') ?? undefined }, ctx)
    : await api.ListObjects({ ...common, Marker: q.get('marker') ?? undefined }, ctx)
  if (encodingType === 'url') {
    out.Prefix = enc(out.Prefix)
    if (out.Delimiter) out.Delimiter = enc(out.Delimiter)
    if (out.StartAfter) out.StartAfter = enc(out.StartAfter)
    for (const c of out.Contents) c.Key = enc(c.Key)
    for (const p of out.CommonPrefixes) p.Prefix = enc(p.Prefix)
    out.EncodingType = 'url'
  }
  return xmlResponse('ListBucketResult', out)
}

/** @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html */
async function listVersions(call: S3Call): Promise<CloudResponse> {
  const q = call.req.query
  const out = await call.api.ListObjectVersions({
    Bucket: call.bucket,
    Prefix: q.get('prefix') ?? undefined,
    KeyMarker: q.get('key-marker') || undefined,
    VersionIdMarker: q.get('version-id-marker') || undefined,
    MaxKeys: Number(q.get('max-keys') ?? 1000) || 1000,
  }, call.ctx)
  const { Versions, DeleteMarkers, ...rest } = out
  return xmlResponse('ListVersionsResult', { ...rest, Version: Versions, DeleteMarker: DeleteMarkers })
}
