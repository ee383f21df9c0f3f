/**
 * A bucket policy's wildcards are matched in linear time against what an anonymous caller sends. Any web page may
 * GET an S3 object URL; before the fix a policy resource with several `*` became a backtracking regular expression,
 * and one GET for a 1 KB key of slashes (no such object) held the cloud's only thread for minutes, so this test
 * did not finish.
 */
import { CreateBucketCommand, DeletePublicAccessBlockCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'
import { localFetch } from '../helpers/local-fetch.js'

let cloud: TestCloud
useTestCloud(async (c) => {
  cloud = c
  const s3 = new S3Client(c.sdk)
  await s3.send(new CreateBucketCommand({ Bucket: 'site' }))
  await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'site' }))
  await s3.send(new PutObjectCommand({ Bucket: 'site', Key: 'a/b/c/d/e/f/page.html', Body: 'deep page' }))
  await s3.send(new PutObjectCommand({ Bucket: 'site', Key: 'plain.txt', Body: 'for example pages' }))
  const statements = [
    { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*/*/*/*/*/*.html' },
    { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*', Condition: { StringLike: { 'aws:Referer': 'http://*.example.*/*/*/*/*' } } },
  ]
  await s3.send(new PutBucketPolicyCommand({ Bucket: 'site', Policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }))
})

describe('bucket policy wildcards against hostile keys and referers', () => {
  it('answers a long key of slashes and a long Referer at once, and still matches what the policy names', async () => {
    const key = 'a/'.repeat(500)
    const slashes = await localFetch(`${cloud.endpoint}/site/${key}`)
    expect(slashes.status).toBe(403)
    await slashes.arrayBuffer()
    const from = (referer: string) => localFetch(`${cloud.endpoint}/site/plain.txt`, { headers: { referer } })
    expect(await (await from(`http://x.example.${'a/'.repeat(3000)}`)).text()).toBe('for example pages')
    const other = await from(`http://x.example.${'a.'.repeat(3000)}/a/a`)
    expect(other.status).toBe(403)
    await other.arrayBuffer()
    const page = await localFetch(`${cloud.endpoint}/site/a/b/c/d/e/f/page.html`)
    expect(await page.text()).toBe('deep page')
  })
})
