/** Odd and hostile S3 requests get AWS-shaped 4xx/501 answers, never a 500, a crash or a hang. */
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { markedFetch, signAs } from '../helpers/signed-fetch.js'

const fetch = (url: string, init?: Parameters<typeof markedFetch>[2]) => markedFetch(cloud, url, init)

let cloud: TestCloud

useTestCloud(async (c) => {
  cloud = c
  const s3 = new S3Client(cloud.sdk)
  await s3.send(new CreateBucketCommand({ Bucket: 'fuzz-bucket' }))
  await s3.send(new PutObjectCommand({ Bucket: 'fuzz-bucket', Key: 'a/b.txt', Body: 'x' }))
})

/** A small deterministic generator, so a failure replays exactly. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed / 0x7fffffff
  }
}

/** Marks a raw request for signing with the install's credentials. */
const signed = signAs('s3')
const methods = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH']
const paths = ['/', '/fuzz-bucket', '/fuzz-bucket/', '/fuzz-bucket/a/b.txt', '/fuzz-bucket/%zz', '/no-such-bucket/k', '/fuzz-bucket/' + 'k'.repeat(1100), '/UPPER/k', '/fuzz-bucket/a%2Fb.txt']
const queries = ['', '?policy', '?website', '?tagging', '?publicAccessBlock', '?cors', '?delete', '?uploads', '?uploadId=nope&partNumber=0', '?uploadId=nope', '?list-type=2&max-keys=-1', '?list-type=2&continuation-token=%00', '?versions', '?location', '?acl', '?versionId=3', '?policyStatus', '?encoding-type=bogus']
const bodies = ['', '<', '<?xml version="1.0"?><Delete><Object><Key>a/b.txt</Key></Object></Delete>', '{"Statement":[]}', '\u0000\u0001\u0002', '<Tagging><TagSet><Tag><Key></Key></Tag></TagSet></Tagging>', 'a'.repeat(5000)]
const headerSets: Record<string, string>[] = [
  {},
  { 'content-md5': 'not-base64' },
  { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '7' },
  { range: 'bytes=9-1' },
  { 'x-amz-copy-source': '/no-such-bucket/x' },
  { 'x-amz-checksum-crc32': 'AAAAAA==' },
  { 'if-match': '"x"', 'if-none-match': '*' },
  { origin: 'http://x.example', 'access-control-request-method': 'PUT' },
]

describe('s3 under garbage', () => {
  it('answers 300 random odd requests without a server error', async () => {
    const next = rng(42)
    const pick = <T,>(items: T[]) => items[Math.floor(next() * items.length)]
    const failures: string[] = []
    for (let i = 0; i < 300; i++) {
      const method = pick(methods)
      const url = `${cloud.endpoint}${pick(paths)}${pick(queries)}`
      const body = method === 'GET' || method === 'HEAD' ? undefined : pick(bodies)
      const headers = { ...(next() < 0.8 ? signed : {}), ...pick(headerSets) }
      const res = await fetch(url, { method, headers, body })
      await res.arrayBuffer()
      if (res.status >= 500 && res.status !== 501) failures.push(`${method} ${url} ${JSON.stringify(headers)} → ${res.status}`)
    }
    expect(failures).toEqual([])
    expect((await fetch(`${cloud.endpoint}/_lab/health`)).status).toBe(200)
  })
})
