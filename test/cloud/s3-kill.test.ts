import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { startTestCloud } from '../helpers/cloud.js'
import { startCloudProcess } from '../helpers/cloud-process.js'

describe('s3 survives kill -9', () => {
  it('never indexes an object whose body is missing, and keeps every acknowledged upload', async () => {
    const { home, child, sdk } = await startCloudProcess('lab-s3-kill-')
    const s3 = new S3Client({ ...sdk, maxAttempts: 1 })
    await s3.send(new CreateBucketCommand({ Bucket: 'survivor' }))
    const body = (i: number) => Buffer.alloc(200_000 + i, i % 251)
    const acknowledged: string[] = []
    // Many uploads in flight (overwrites of the same keys too); kill once some are acknowledged.
    const uploads = Array.from({ length: 40 }, (_, i) =>
      s3.send(new PutObjectCommand({ Bucket: 'survivor', Key: `k${i % 25}`, Body: body(i) })).then(
        () => acknowledged.push(`k${i % 25}`),
        () => undefined,
      ),
    )
    let poll: NodeJS.Timeout | undefined
    const enough = new Promise<void>((resolve) => {
      poll = setInterval(() => acknowledged.length >= 10 && resolve(), 5)
    })
    await Promise.race([enough, Promise.all(uploads)])
    clearInterval(poll)
    child.kill('SIGKILL')
    expect((await child).signal).toBe('SIGKILL')
    await Promise.all(uploads)

    const cloud = await startTestCloud(home)
    try {
      const again = new S3Client(cloud.sdk)
      const listed = await again.send(new ListObjectsV2Command({ Bucket: 'survivor' }))
      const keys = (listed.Contents ?? []).map((o) => o.Key!)
      for (const key of new Set(acknowledged)) expect(keys).toContain(key)
      for (const entry of listed.Contents ?? []) {
        const got = await again.send(new GetObjectCommand({ Bucket: 'survivor', Key: entry.Key }))
        const bytes = Buffer.from(await got.Body!.transformToByteArray())
        expect(`"${createHash('md5').update(bytes).digest('hex')}"`).toBe(entry.ETag)
        expect(bytes.length).toBe(entry.Size)
      }
    } finally {
      await cloud.close()
    }
  })
})
