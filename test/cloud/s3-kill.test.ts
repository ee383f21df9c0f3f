import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { execa } from 'execa'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { startTestCloud } from '../helpers/cloud.js'

const root = path.resolve(import.meta.dirname, '../..')

describe('s3 survives kill -9', () => {
  it('never indexes an object whose body is missing, and keeps every acknowledged upload', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-s3-kill-'))
    const script = path.join(home, 'child.ts')
    fs.writeFileSync(
      script,
      [
        'const { startCloud } = await import(process.env.SERVER_MODULE!)',
        'const cloud = await startCloud({ port: 0, dataDir: process.argv[2] })',
        'console.log(`ENDPOINT ${cloud.endpoint}`)',
        'setInterval(() => {}, 1000)',
      ].join('\n'),
    )
    const child = execa(path.join(root, 'node_modules/.bin/vite-node'), ['--root', root, script, path.join(home, 'cloud')], {
      cwd: root,
      env: { SERVER_MODULE: path.join(root, 'src/cloud/server.ts') },
      reject: false,
    })
    const endpoint = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout!.on('data', (c: Buffer) => {
        out += c
        const m = /ENDPOINT (\S+)/.exec(out)
        if (m) resolve(m[1])
      })
      child.on('exit', (code) => reject(new Error(`child exited ${code} before serving: ${out}`)))
    })
    const s3 = new S3Client({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, forcePathStyle: true, maxAttempts: 1 })
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
