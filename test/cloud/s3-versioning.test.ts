/**
 * Bucket versioning through the SDK: versions, delete markers, reads and deletes by version id, the versions
 * listing, DeleteBucket refusing a bucket that still holds versions, and the deployer's emptyBucket clearing one.
 */
import {
  CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, GetBucketVersioningCommand, GetObjectCommand, HeadObjectCommand,
  ListObjectVersionsCommand, ListObjectsV2Command, PutBucketVersioningCommand, PutObjectCommand, S3Client,
} from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { emptyBucket } from '../../src/deployer/buckets.js'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'

let cloud: TestCloud
let s3: S3Client

useTestCloud((c) => {
  cloud = c
  s3 = new S3Client({ ...cloud.sdk, forcePathStyle: true })
})

const text = async (out: { Body?: unknown }) => (out.Body as { transformToString(): Promise<string> }).transformToString()

describe('S3 bucket versioning', () => {
  // @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html
  it('keeps every version, hides a deleted key behind a delete marker and reads any version by id', async () => {
    const Bucket = 'versioned-one'
    await s3.send(new CreateBucketCommand({ Bucket }))
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBeUndefined()
    await s3.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'before' }))
    await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }))
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBe('Enabled')

    const v1 = await s3.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'one' }))
    const v2 = await s3.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'two' }))
    expect(v1.VersionId).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(v2.VersionId).not.toBe(v1.VersionId)
    const current = await s3.send(new GetObjectCommand({ Bucket, Key: 'k' }))
    expect([await text(current), current.VersionId]).toEqual(['two', v2.VersionId])
    expect(await text(await s3.send(new GetObjectCommand({ Bucket, Key: 'k', VersionId: v1.VersionId })))).toBe('one')
    expect(await text(await s3.send(new GetObjectCommand({ Bucket, Key: 'k', VersionId: 'null' })))).toBe('before')

    const marker = await s3.send(new DeleteObjectCommand({ Bucket, Key: 'k' }))
    expect(marker.DeleteMarker).toBe(true)
    await expect(s3.send(new GetObjectCommand({ Bucket, Key: 'k' }))).rejects.toMatchObject({ name: 'NoSuchKey' })
    await expect(s3.send(new HeadObjectCommand({ Bucket, Key: 'k', VersionId: marker.VersionId }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 405 } })
    await expect(s3.send(new GetObjectCommand({ Bucket, Key: 'k', VersionId: 'nope' }))).rejects.toMatchObject({ name: 'NoSuchVersion' })
    expect((await s3.send(new ListObjectsV2Command({ Bucket }))).KeyCount).toBe(0)

    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket }))
    expect(listed.DeleteMarkers!.map((d) => [d.VersionId, d.IsLatest])).toEqual([[marker.VersionId, true]])
    expect(listed.Versions!.map((v) => [v.VersionId, v.IsLatest])).toEqual([[v2.VersionId, false], [v1.VersionId, false], ['null', false]])

    // Deleting the marker makes the newest version current again.
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'k', VersionId: marker.VersionId }))
    expect(await text(await s3.send(new GetObjectCommand({ Bucket, Key: 'k' })))).toBe('two')
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'k' }))
    await expect(s3.send(new DeleteBucketCommand({ Bucket }))).rejects.toMatchObject({ name: 'BucketNotEmpty' })

    // The deployer's teardown empties a versioned bucket: versions and delete markers alike.
    expect(await emptyBucket(s3, Bucket)).toBe(4) // the second delete marker, two, one and null
    expect((await s3.send(new ListObjectVersionsCommand({ Bucket }))).Versions ?? []).toEqual([])
    await s3.send(new DeleteBucketCommand({ Bucket }))
  })

  it('Suspended versioning overwrites the null version; an invalid status is MalformedXML', async () => {
    const Bucket = 'versioned-two'
    await s3.send(new CreateBucketCommand({ Bucket }))
    await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }))
    const kept = await s3.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'kept' }))
    await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Suspended' } }))
    await s3.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'a' }))
    const b = await s3.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'b' }))
    expect(b.VersionId).toBe('null')
    const versions = (await s3.send(new ListObjectVersionsCommand({ Bucket }))).Versions!.map((v) => v.VersionId)
    expect(versions).toEqual(['null', kept.VersionId])
    await expect(s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Off' as 'Enabled' } }))).rejects.toMatchObject({ name: 'MalformedXML' })
    await emptyBucket(s3, Bucket)
    await s3.send(new DeleteBucketCommand({ Bucket }))
  })
})
