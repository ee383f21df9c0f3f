/**
 * DeleteObjects is judged key by key, as S3 does: the keys the caller may not delete (no identity Allow, or a Deny in
 * the bucket policy) come back as `AccessDenied` / `Access Denied` errors in a 200 result — in quiet mode too — while
 * the others are deleted. Before, the whole call was refused.
 */
import { IAMClient } from '@aws-sdk/client-iam'
import { CreateBucketCommand, DeleteObjectsCommand, HeadObjectCommand, PutBucketPolicyCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { useTestCloud } from '../helpers/cloud.js'
import { failure } from '../helpers/failure.js'
import { userWithPolicy } from '../helpers/iam-principal.js'

let root: S3Client
let cleaner: S3Client
let nobody: S3Client
const BUCKET = 'multi-delete'

useTestCloud(async (c) => {
  const iam = new IAMClient(c.sdk)
  root = new S3Client(c.sdk)
  cleaner = new S3Client({ ...c.sdk, credentials: await userWithPolicy(iam, 'cleaner', [{ Effect: 'Allow', Action: 's3:DeleteObject', Resource: `arn:aws:s3:::${BUCKET}/tmp/*` }]) })
  nobody = new S3Client({ ...c.sdk, credentials: await userWithPolicy(iam, 'nobody', []) })
  await root.send(new CreateBucketCommand({ Bucket: BUCKET }))
  // The bucket policy's Deny refuses even what the identity policy allows.
  const deny = { Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: `arn:aws:s3:::${BUCKET}/tmp/keep-*` }
  await root.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [deny] }) }))
}, 60_000)

const put = (...keys: string[]) => Promise.all(keys.map((Key) => root.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key }))))
const exists = (Key: string) => root.send(new HeadObjectCommand({ Bucket: BUCKET, Key })).then(() => true, () => false)
const denied = (Key: string, VersionId?: string) => ({ Key, ...(VersionId ? { VersionId } : {}), Code: 'AccessDenied', Message: 'Access Denied' })
const byKey = (a: { Key?: string }, b: { Key?: string }) => (a.Key! < b.Key! ? -1 : 1)

describe('DeleteObjects under the IAM gate', { timeout: 60_000 }, () => {
  it('deletes the keys the caller may delete and reports the others as AccessDenied in a 200 result', async () => {
    await put('tmp/a', 'tmp/b', 'tmp/keep-1', 'data/c')
    const out = await cleaner.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: ['tmp/a', 'tmp/keep-1', 'data/c', 'tmp/b'].map((Key) => ({ Key })) } }))
    expect(out.$metadata.httpStatusCode).toBe(200)
    expect(out.Deleted?.map((d) => d.Key).sort()).toEqual(['tmp/a', 'tmp/b'])
    expect(out.Errors?.sort(byKey)).toEqual([denied('data/c'), denied('tmp/keep-1')])
    expect(await Promise.all(['tmp/a', 'tmp/b', 'tmp/keep-1', 'data/c'].map(exists))).toEqual([false, false, true, true])
  })

  it('quiet mode leaves out the successes, never the refusals', async () => {
    await put('tmp/q', 'data/q')
    const out = await cleaner.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Quiet: true, Objects: [{ Key: 'tmp/q' }, { Key: 'data/q' }] } }))
    expect(out.Deleted ?? []).toEqual([])
    expect(out.Errors).toEqual([denied('data/q')])
    expect([await exists('tmp/q'), await exists('data/q')]).toEqual([false, true])
  })

  it('a caller with no S3 permission gets every key refused, not a refused call; a missing bucket is still NoSuchBucket', async () => {
    await put('tmp/n')
    const out = await nobody.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: 'tmp/n' }, { Key: 'never-there' }] } }))
    expect(out.Deleted ?? []).toEqual([])
    expect(out.Errors?.sort(byKey)).toEqual([denied('never-there'), denied('tmp/n')])
    expect(await exists('tmp/n')).toBe(true)
    expect((await failure(nobody.send(new DeleteObjectsCommand({ Bucket: 'no-such-bucket-here', Delete: { Objects: [{ Key: 'k' }] } })))).name).toBe('NoSuchBucket')
  })

  it('a version is judged as s3:DeleteObjectVersion, and its error names the version', async () => {
    await root.send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }))
    const version = (await root.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'tmp/v', Body: 'v' }))).VersionId!
    const out = await cleaner.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: 'tmp/v', VersionId: version }] } }))
    expect(out.Errors).toEqual([denied('tmp/v', version)])
    expect(await exists('tmp/v')).toBe(true)
  })
})
