import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { failure as expectFailure } from '../helpers/failure.js'

let cloud: TestCloud
let s3: S3Client
const Bucket = 'multipart-bucket'
const MiB = 1024 * 1024

useTestCloud(async (c) => {
  cloud = c
  s3 = new S3Client(cloud.sdk)
  await s3.send(new CreateBucketCommand({ Bucket }))
})

const failure = (p: Promise<unknown>) => expectFailure<S3ServiceException>(p)

const md5 = (b: Buffer) => createHash('md5').update(b).digest()

describe('multipart uploads', () => {
  it('assembles parts in order, with the multipart ETag, and keeps the upload\'s content type', async () => {
    const part1 = Buffer.alloc(5 * MiB, 1)
    const part2 = Buffer.from('the tail')
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'big.bin', ContentType: 'application/zip' }))
    const p1 = await s3.send(new UploadPartCommand({ Bucket, Key: 'big.bin', UploadId, PartNumber: 1, Body: part1 }))
    const p2 = await s3.send(new UploadPartCommand({ Bucket, Key: 'big.bin', UploadId, PartNumber: 2, Body: part2 }))
    expect(p1.ETag).toBe(`"${md5(part1).toString('hex')}"`)
    const listed = await s3.send(new ListPartsCommand({ Bucket, Key: 'big.bin', UploadId }))
    expect(listed.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([
      [1, 5 * MiB],
      [2, 8],
    ])
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket }))
    expect(uploads.Uploads?.map((u) => u.UploadId)).toContain(UploadId)
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: 'big.bin',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] },
      }),
    )
    const expected = createHash('md5').update(Buffer.concat([md5(part1), md5(part2)])).digest('hex')
    expect(done.ETag).toBe(`"${expected}-2"`)
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'big.bin' }))
    const body = Buffer.from(await got.Body!.transformToByteArray())
    expect(body.equals(Buffer.concat([part1, part2]))).toBe(true)
    expect(got.ContentType).toBe('application/zip')
    expect(got.ETag).toBe(`"${expected}-2"`)
    // A completed upload is gone.
    const again = await failure(s3.send(new ListPartsCommand({ Bucket, Key: 'big.bin', UploadId })))
    expect(again.name).toBe('NoSuchUpload')
  })

  it('refuses parts below 5 MiB except the last, unknown parts, and parts out of order', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'small.bin' }))
    const a = await s3.send(new UploadPartCommand({ Bucket, Key: 'small.bin', UploadId, PartNumber: 1, Body: 'a' }))
    const b = await s3.send(new UploadPartCommand({ Bucket, Key: 'small.bin', UploadId, PartNumber: 2, Body: 'b' }))
    const complete = (Parts: { PartNumber: number; ETag?: string }[]) =>
      failure(s3.send(new CompleteMultipartUploadCommand({ Bucket, Key: 'small.bin', UploadId, MultipartUpload: { Parts } })))
    expect((await complete([{ PartNumber: 1, ETag: a.ETag }, { PartNumber: 2, ETag: b.ETag }])).name).toBe('EntityTooSmall')
    expect((await complete([{ PartNumber: 1, ETag: '"0000"' }])).name).toBe('InvalidPart')
    expect((await complete([{ PartNumber: 2, ETag: b.ETag }, { PartNumber: 1, ETag: a.ETag }])).name).toBe('InvalidPartOrder')
    const bad = await failure(s3.send(new UploadPartCommand({ Bucket, Key: 'small.bin', UploadId, PartNumber: 10001, Body: 'x' })))
    expect(bad.name).toBe('InvalidArgument')
    // A single small part is fine: the last part has no minimum.
    await s3.send(new CompleteMultipartUploadCommand({ Bucket, Key: 'small.bin', UploadId, MultipartUpload: { Parts: [{ PartNumber: 2, ETag: b.ETag }] } }))
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'small.bin' }))
    expect(await got.Body!.transformToString()).toBe('b')
  })

  it('aborts an upload, after which it is NoSuchUpload', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'aborted.bin' }))
    await s3.send(new UploadPartCommand({ Bucket, Key: 'aborted.bin', UploadId, PartNumber: 1, Body: 'x' }))
    await s3.send(new AbortMultipartUploadCommand({ Bucket, Key: 'aborted.bin', UploadId }))
    const err = await failure(s3.send(new UploadPartCommand({ Bucket, Key: 'aborted.bin', UploadId, PartNumber: 2, Body: 'y' })))
    expect(err.name).toBe('NoSuchUpload')
    expect(err.$metadata.httpStatusCode).toBe(404)
  })

  it('keeps an upload in progress across a restart', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'resumed.bin' }))
    const p1 = await s3.send(new UploadPartCommand({ Bucket, Key: 'resumed.bin', UploadId, PartNumber: 1, Body: 'resumed' }))
    cloud = await cloud.restart()
    s3 = new S3Client(cloud.sdk)
    await s3.send(new CompleteMultipartUploadCommand({ Bucket, Key: 'resumed.bin', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }] } }))
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'resumed.bin' }))
    expect(await got.Body!.transformToString()).toBe('resumed')
  })

  it('a bucket whose only leftovers are unfinished uploads can be deleted', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'leftover-uploads' }))
    await s3.send(new CreateMultipartUploadCommand({ Bucket: 'leftover-uploads', Key: 'x' }))
    await s3.send(new DeleteBucketCommand({ Bucket: 'leftover-uploads' }))
  })
})
