/**
 * @module S3 chores of the deployer: the artifacts bucket (created on first use, tagged as ours), uploads that
 * skip what is already there, and emptying a bucket (CloudFormation cannot delete a bucket with objects).
 */
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutBucketTaggingCommand,
  PutObjectCommand,
  type BucketLocationConstraint,
  type S3Client,
} from '@aws-sdk/client-s3'
import { MANAGED_TAG } from './tags.js'

export function artifactsBucketName(account: string, region: string): string {
  return `apigw-labs-artifacts-${account}-${region}`
}

/**
 * Create the artifacts bucket if it does not exist. Outside us-east-1 the region goes in LocationConstraint.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
 */
export async function ensureBucket(s3: S3Client, bucket: string, region: string): Promise<void> {
  if (await bucketExists(s3, bucket)) return
  try {
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      }),
    )
  } catch (err) {
    // Another deploy created it a moment ago: that is fine.
    if ((err as Error).name !== 'BucketAlreadyOwnedByYou') throw err
  }
  await s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: MANAGED_TAG, Value: 'true' }] } }))
}

export async function bucketExists(s3: S3Client, bucket: string): Promise<boolean> {
  return existed(s3.send(new HeadBucketCommand({ Bucket: bucket })))
}

/** Upload unless an object with this key exists (keys are content hashes, so existing means identical). */
export async function putIfMissing(s3: S3Client, bucket: string, key: string, body: Uint8Array): Promise<boolean> {
  if (await existed(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })))) return false
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/zip' }))
  return true
}

/** Delete every object (and every version, for versioned buckets) under `prefix`; a missing bucket is empty. */
export async function emptyBucket(s3: S3Client, bucket: string, prefix?: string): Promise<number> {
  let deleted = 0
  try {
    // Versions first (every version and delete marker, `null` ones too): deleting current keys of a versioned
    // bucket would only add delete markers.
    deleted += await deleteVersions(s3, bucket, prefix)
    let token: string | undefined
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }))
      deleted += await deleteKeys(s3, bucket, (page.Contents ?? []).map((o) => ({ Key: o.Key! })))
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token)
  } catch (err) {
    if (!isNotFound(err)) throw err
  }
  return deleted
}

async function deleteVersions(s3: S3Client, bucket: string, prefix?: string): Promise<number> {
  let deleted = 0
  let keyMarker: string | undefined
  let versionMarker: string | undefined
  do {
    let page
    try {
      page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix, KeyMarker: keyMarker, VersionIdMarker: versionMarker }))
    } catch (err) {
      // An endpoint without versioning support has no versions left behind either.
      if (isNotFound(err) || /NotImplemented/.test((err as Error).name)) return deleted
      throw err
    }
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]
      .filter((v) => v.VersionId)
      .map((v) => ({ Key: v.Key!, VersionId: v.VersionId }))
    deleted += await deleteKeys(s3, bucket, objects)
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined
    versionMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined
  } while (keyMarker)
  return deleted
}

async function deleteKeys(s3: S3Client, bucket: string, objects: { Key: string; VersionId?: string }[]): Promise<number> {
  for (let i = 0; i < objects.length; i += 1000) {
    const batch = objects.slice(i, i + 1000)
    const result = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } }))
    const failed = result.Errors ?? []
    if (failed.length > 0) throw new Error(`S3 refused to delete ${failed[0].Key} from ${bucket}: ${failed[0].Code} ${failed[0].Message ?? ''}`)
  }
  return objects.length
}

/** False when there was no bucket to delete. */
export async function deleteBucket(s3: S3Client, bucket: string): Promise<boolean> {
  await emptyBucket(s3, bucket)
  return existed(s3.send(new DeleteBucketCommand({ Bucket: bucket })))
}

/** Await a request on a bucket or key: false when that bucket or key was not there, any other failure thrown. */
async function existed(request: Promise<unknown>): Promise<boolean> {
  try {
    await request
    return true
  } catch (err) {
    if (isNotFound(err)) return false
    throw err
  }
}

export function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } }
  return e.name === 'NoSuchBucket' || e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404
}
