/**
 * @module S3 operations in AWS's own shapes (SDK v3 command inputs/outputs): the wire handler and other
 * services (`ctx.call('s3', …)`) both come through here.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html
 */
import { createHash } from 'node:crypto'
import { AwsError } from '../../core/aws-error.js'
import type { ApiOperation, CloudContext } from '../../core/types.js'
import { bucketAlreadyOwnedByYou, invalidArgument } from './errors.js'
import type { ListResult, PublicAccessBlock, S3Model, StoredObject } from './model.js'
import { computeChecksum } from './payload.js'
import { checkBucketName, checkKey } from './validate.js'

/** AWS quirk: since April 2023 every new bucket starts with all four Block Public Access settings on. */
export const DEFAULT_PUBLIC_ACCESS_BLOCK: PublicAccessBlock = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
}

/** ACLs that do not grant anything beyond the bucket owner, allowed with BucketOwnerEnforced. */
const OWNER_ONLY_ACLS = new Set(['private', 'bucket-owner-full-control'])

export interface PutObjectInput {
  Bucket: string
  Key: string
  Body?: Buffer | string | Uint8Array
  ContentType?: string
  ContentEncoding?: string
  ContentDisposition?: string
  ContentLanguage?: string
  CacheControl?: string
  Expires?: Date | string
  WebsiteRedirectLocation?: string
  Metadata?: Record<string, string>
  ACL?: string
  /** Internal: a checksum the wire layer already verified. */
  _checksum?: { algorithm: string; value: string }
  /** Internal: the ETag of a completed multipart upload (`"md5-of-part-md5s-N"`). */
  _etag?: string
}

/** The metadata members GetObject/HeadObject return. */
export function objectOutput(o: StoredObject): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ContentType: o.ContentType,
    ContentLength: o.Size,
    ETag: o.ETag,
    LastModified: new Date(o.LastModified),
    Metadata: { ...o.Metadata },
    AcceptRanges: 'bytes',
    // AWS quirk: since January 2023 every object is encrypted with SSE-S3 by default.
    ServerSideEncryption: 'AES256',
  }
  for (const k of ['ContentEncoding', 'ContentDisposition', 'ContentLanguage', 'CacheControl', 'Expires', 'WebsiteRedirectLocation'] as const) {
    if (o[k] !== undefined) out[k] = k === 'Expires' ? new Date(o[k]!) : o[k]
  }
  if (o.Checksum) out[`Checksum${o.Checksum.algorithm}`] = o.Checksum.value
  return out
}

export function s3Api(model: () => S3Model): Record<string, ApiOperation> {
  const bucket = (name: string) => model().bucket(name)

  function putObject(input: PutObjectInput): StoredObject {
    checkKey(input.Key)
    if (input.ACL !== undefined && !OWNER_ONLY_ACLS.has(input.ACL)) {
      throw new AwsError('AccessControlListNotSupported', 400, 'The bucket does not allow ACLs')
    }
    const redirect = input.WebsiteRedirectLocation
    if (redirect !== undefined && !/^(\/|https?:\/\/)/.test(redirect)) {
      throw invalidArgument("The website redirect location must have a prefix of 'http://' or 'https://' or '/'.", 'x-amz-website-redirect-location', redirect)
    }
    const body = typeof input.Body === 'string' ? Buffer.from(input.Body) : Buffer.from(input.Body ?? Buffer.alloc(0))
    return model().putObject(
      input.Bucket,
      {
        Key: input.Key,
        Size: body.length,
        ETag: input._etag ?? `"${createHash('md5').update(body).digest('hex')}"`,
        LastModified: new Date().toISOString(),
        ContentType: input.ContentType || 'binary/octet-stream',
        ...(input.ContentEncoding ? { ContentEncoding: input.ContentEncoding } : {}),
        ...(input.ContentDisposition ? { ContentDisposition: input.ContentDisposition } : {}),
        ...(input.ContentLanguage ? { ContentLanguage: input.ContentLanguage } : {}),
        ...(input.CacheControl ? { CacheControl: input.CacheControl } : {}),
        ...(input.Expires ? { Expires: new Date(input.Expires).toISOString() } : {}),
        ...(redirect ? { WebsiteRedirectLocation: redirect } : {}),
        Metadata: Object.fromEntries(Object.entries(input.Metadata ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)])),
        ...(input._checksum ? { Checksum: input._checksum } : {}),
      },
      body,
    )
  }

  const api: Record<string, ApiOperation> = {
    /**
     * AWS quirk: re-creating a bucket you own in us-east-1 succeeds (legacy behaviour); elsewhere it is
     * BucketAlreadyOwnedByYou.
     * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
     */
    async CreateBucket(input: { Bucket: string; CreateBucketConfiguration?: { LocationConstraint?: string }; ACL?: string; ObjectOwnership?: string; _region?: string }, ctx: CloudContext) {
      const endpointRegion = input._region ?? ctx.defaultRegion
      const constraint = input.CreateBucketConfiguration?.LocationConstraint || undefined
      checkBucketName(input.Bucket)
      if (constraint === 'us-east-1') throw new AwsError('InvalidLocationConstraint', 400, 'The specified location-constraint is not valid', { LocationConstraint: constraint })
      const region = constraint ?? 'us-east-1'
      if (region !== endpointRegion) {
        throw new AwsError(
          'IllegalLocationConstraintException',
          400,
          `The ${constraint ?? 'unspecified'} location constraint is incompatible for the region specific endpoint this request was sent to.`,
        )
      }
      const existing = model().find(input.Bucket)
      if (existing) {
        if (existing.Region === 'us-east-1' && region === 'us-east-1') return { Location: `/${input.Bucket}` }
        throw bucketAlreadyOwnedByYou(input.Bucket)
      }
      if (input.ACL !== undefined && !OWNER_ONLY_ACLS.has(input.ACL) && (input.ObjectOwnership ?? 'BucketOwnerEnforced') === 'BucketOwnerEnforced') {
        throw new AwsError('InvalidBucketAclWithObjectOwnership', 400, "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting")
      }
      model().createBucket(input.Bucket, region, { ...DEFAULT_PUBLIC_ACCESS_BLOCK })
      return { Location: region === 'us-east-1' ? `/${input.Bucket}` : `http://${input.Bucket}.s3.amazonaws.com/` }
    },
    async DeleteBucket(input: { Bucket: string }) {
      model().deleteBucket(input.Bucket)
      return {}
    },
    async HeadBucket(input: { Bucket: string }) {
      return { BucketRegion: bucket(input.Bucket).Region }
    },
    /** @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html */
    async ListBuckets(input: { MaxBuckets?: number; ContinuationToken?: string; Prefix?: string; BucketRegion?: string }, ctx: CloudContext) {
      const max = input.MaxBuckets ?? 10000
      if (!Number.isInteger(max) || max < 1 || max > 10000) throw invalidArgument('Argument max-buckets must be an integer between 1 and 10000', 'max-buckets', String(input.MaxBuckets))
      const after = input.ContinuationToken === undefined ? undefined : decodeToken(input.ContinuationToken).k
      const matching = model().buckets.filter(
        (b) => b.Name.startsWith(input.Prefix ?? '') && (!input.BucketRegion || b.Region === input.BucketRegion) && (after === undefined || b.Name > after),
      )
      const page = matching.slice(0, max)
      return {
        Buckets: page.map((b) => ({ Name: b.Name, CreationDate: new Date(b.CreationDate), BucketRegion: b.Region })),
        Owner: { DisplayName: 'local', ID: createHash('sha256').update(ctx.accountId).digest('hex') },
        ...(matching.length > max ? { ContinuationToken: encodeToken(page[page.length - 1].Name, false) } : {}),
        ...(input.Prefix !== undefined ? { Prefix: input.Prefix } : {}),
      }
    },
    async GetBucketLocation(input: { Bucket: string }) {
      const region = bucket(input.Bucket).Region
      return { LocationConstraint: region === 'us-east-1' ? undefined : region }
    },

    async PutObject(input: PutObjectInput) {
      const stored = putObject(input)
      return { ETag: stored.ETag, ServerSideEncryption: 'AES256', ...(stored.VersionId ? { VersionId: stored.VersionId } : {}), ...(stored.Checksum ? { [`Checksum${stored.Checksum.algorithm}`]: stored.Checksum.value } : {}) }
    },
    async GetObject(input: { Bucket: string; Key: string }) {
      const object = model().object(input.Bucket, input.Key)
      return { Body: model().readBody(input.Bucket, object), ...objectOutput(object) }
    },
    async HeadObject(input: { Bucket: string; Key: string }) {
      return objectOutput(model().object(input.Bucket, input.Key))
    },
    async DeleteObject(input: { Bucket: string; Key: string }) {
      model().deleteObject(input.Bucket, input.Key)
      return {}
    },
    async DeleteObjects(input: { Bucket: string; Delete: { Objects: { Key: string }[]; Quiet?: boolean } }) {
      bucket(input.Bucket)
      const objects = input.Delete?.Objects ?? []
      if (objects.length > 1000) throw new AwsError('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema')
      const Deleted = objects.map((o) => {
        model().deleteObject(input.Bucket, o.Key)
        return { Key: o.Key }
      })
      return input.Delete?.Quiet ? { Deleted: [], Errors: [] } : { Deleted, Errors: [] }
    },
    /** Not implemented: x-amz-copy-source-if-* conditions and copying a version. */
    async CopyObject(input: { Bucket: string; Key: string; CopySource: string; MetadataDirective?: string } & Omit<PutObjectInput, 'Bucket' | 'Key'>) {
      let source: string
      try {
        source = decodeURIComponent(String(input.CopySource).split('?')[0]).replace(/^\//, '')
      } catch {
        // A malformed percent-escape names no object. @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
        throw invalidArgument('Invalid copy source encoding', 'x-amz-copy-source', input.CopySource)
      }
      const slash = source.indexOf('/')
      if (slash <= 0) throw invalidArgument('Invalid copy source object key', 'x-amz-copy-source', input.CopySource)
      const [srcBucket, srcKey] = [source.slice(0, slash), source.slice(slash + 1)]
      const src = model().object(srcBucket, srcKey)
      const replace = input.MetadataDirective === 'REPLACE'
      if (!replace && srcBucket === input.Bucket && srcKey === input.Key) {
        throw new AwsError(
          'InvalidRequest',
          400,
          'This copy request is illegal because it is trying to copy an object to itself without changing the object\'s metadata, storage class, website redirect location or encryption attributes.',
        )
      }
      const meta = replace ? input : { ...src, Metadata: src.Metadata }
      const body = model().readBody(srcBucket, src)
      const checksum = src.Checksum ? { algorithm: src.Checksum.algorithm, value: computeChecksum(src.Checksum.algorithm, body) ?? src.Checksum.value } : undefined
      const stored = putObject({ ...meta, Bucket: input.Bucket, Key: input.Key, Body: body, _checksum: checksum })
      return { CopyObjectResult: { ETag: stored.ETag, LastModified: new Date(stored.LastModified) } }
    },
    async ListObjectsV2(input: { Bucket: string; Prefix?: string; Delimiter?: string; MaxKeys?: number; ContinuationToken?: string; StartAfter?: string }) {
      let after = input.StartAfter || undefined
      let afterPrefix = false
      if (input.ContinuationToken !== undefined) {
        const token = decodeToken(input.ContinuationToken)
        after = token.k
        afterPrefix = token.p
      }
      const result = model().list(input.Bucket, { prefix: input.Prefix, delimiter: input.Delimiter, maxKeys: input.MaxKeys, after, afterPrefix })
      return {
        IsTruncated: result.truncated,
        ...listingMembers(input, result),
        KeyCount: result.objects.length + result.prefixes.length,
        ...(input.ContinuationToken !== undefined ? { ContinuationToken: input.ContinuationToken } : {}),
        ...(result.truncated && result.last ? { NextContinuationToken: encodeToken(result.last.value, result.last.isPrefix) } : {}),
        ...(input.StartAfter ? { StartAfter: input.StartAfter } : {}),
      }
    },
    async ListObjects(input: { Bucket: string; Prefix?: string; Delimiter?: string; MaxKeys?: number; Marker?: string }) {
      const result = model().list(input.Bucket, { prefix: input.Prefix, delimiter: input.Delimiter, maxKeys: input.MaxKeys, after: input.Marker || undefined })
      return {
        IsTruncated: result.truncated,
        Marker: input.Marker ?? '',
        ...(result.truncated && input.Delimiter && result.last ? { NextMarker: result.last.value } : {}),
        ...listingMembers(input, result),
      }
    },

  }
  return api
}

/** The members ListObjects and ListObjectsV2 share, in the order both put them (the XML keeps that order). */
function listingMembers(input: { Bucket: string; Prefix?: string; Delimiter?: string; MaxKeys?: number }, result: ListResult) {
  return {
    Contents: result.objects.map(listEntry),
    Name: input.Bucket,
    Prefix: input.Prefix ?? '',
    ...(input.Delimiter ? { Delimiter: input.Delimiter } : {}),
    MaxKeys: input.MaxKeys ?? 1000,
    CommonPrefixes: result.prefixes.map((Prefix) => ({ Prefix })),
  }
}

function listEntry(o: StoredObject) {
  return {
    Key: o.Key,
    LastModified: new Date(o.LastModified),
    ETag: o.ETag,
    ...(o.Checksum ? { ChecksumAlgorithm: [o.Checksum.algorithm], ChecksumType: 'FULL_OBJECT' } : {}),
    Size: o.Size,
    StorageClass: 'STANDARD',
  }
}

function encodeToken(k: string, p: boolean): string {
  return Buffer.from(JSON.stringify({ k, p })).toString('base64')
}

function decodeToken(token: string): { k: string; p: boolean } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'))
    if (typeof parsed.k === 'string') return { k: parsed.k, p: parsed.p === true }
  } catch {
    // fall through
  }
  throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', token)
}
