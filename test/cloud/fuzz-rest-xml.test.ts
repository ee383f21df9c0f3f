/** Fuzz: REST-XML (S3) with SDK-serialized requests, mutated: XML bodies, paths, subresources and headers. */
import {
  CopyObjectCommand, CreateBucketCommand, DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutBucketCorsCommand, PutBucketPolicyCommand,
  PutBucketTaggingCommand, PutBucketWebsiteCommand, PutObjectCommand, S3Client,
} from '@aws-sdk/client-s3'
import { expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { capture, damageBytes, expectHealthy, fire, FuzzReport, fuzzSeed, mutateJson, mutatePath, pick, PROTOTYPE_NAMES, prototypeNames, rng, type Random, type SeedRequest } from '../helpers/fuzz.js'

let cloud: TestCloud
useTestCloud(async (c) => {
  cloud = c
  const s3 = new S3Client(cloud.sdk)
  await s3.send(new CreateBucketCommand({ Bucket: 'fuzz-xml' }))
  await s3.send(new PutObjectCommand({ Bucket: 'fuzz-xml', Key: 'a.txt', Body: 'x' }))
})

async function seeds(): Promise<SeedRequest[]> {
  const s3 = (h: unknown) => new S3Client({ ...cloud.sdk, maxAttempts: 1, requestHandler: h as never, requestChecksumCalculation: 'WHEN_REQUIRED' })
  const Bucket = 'fuzz-xml'
  return [
    await capture(s3, new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules: [{ AllowedMethods: ['GET', 'PUT'], AllowedOrigins: ['*'], AllowedHeaders: ['*'], MaxAgeSeconds: 60 }] } })),
    await capture(s3, new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } })),
    await capture(s3, new PutBucketWebsiteCommand({ Bucket, WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' }, RoutingRules: [{ Condition: { KeyPrefixEquals: 'a/' }, Redirect: { ReplaceKeyPrefixWith: 'b/' } }] } })),
    await capture(s3, new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'a.txt' }, { Key: 'b.txt' }], Quiet: false } })),
    await capture(s3, new PutBucketPolicyCommand({ Bucket, Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::fuzz-xml/*"}]}' })),
    await capture(s3, new CopyObjectCommand({ Bucket, Key: 'copy.txt', CopySource: 'fuzz-xml/a.txt' })),
    await capture(s3, new PutObjectCommand({ Bucket, Key: 'b.txt', Body: 'hello', ContentType: 'text/plain', Metadata: { m: 'v' } })),
    await capture(s3, new GetObjectCommand({ Bucket, Key: 'a.txt', Range: 'bytes=0-0' })),
    await capture(s3, new ListObjectsV2Command({ Bucket, Prefix: 'a', MaxKeys: 5 })),
  ]
}

/** XML damage: deep nesting, DTDs and entities, prototype-named elements, numbers and truncation. */
function mutateXml(random: Random, text: string): string {
  const tags = [...text.matchAll(/<([A-Za-z]+)>/g)].map((m) => m[1])
  const tag = tags.length ? pick(random, tags) : 'X'
  switch (Math.floor(random() * 6)) {
    case 0: {
      const depth = 10 + Math.floor(random() * 20_000)
      return text.replace(`<${tag}>`, `<${tag}>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`)
    }
    case 1:
      return `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>${text.replace(/<\?xml[^>]*>/, '').replace(`<${tag}>`, `<${tag}>&b;`)}`
    case 2:
      return text.replace(`<${tag}>`, `<${tag}><${pick(random, PROTOTYPE_NAMES)}>x</${pick(random, PROTOTYPE_NAMES)}>`)
    case 3:
      return text.replace(/>(\d+)</, `>${pick(random, ['1e309', '-1', '99999999999999999999', 'NaN', ''])}<`)
    case 4:
      return text.replace(`<${tag}>`, `<${tag}>${pick(random, ['&bogus;', '&#xFFFF;', '&#0;', '<![CDATA[x', '<!--', '\u0000'])}`)
    default:
      return text.slice(0, Math.floor(random() * text.length))
  }
}

const HEADER_DAMAGE: Record<string, string>[] = [
  { 'x-amz-copy-source': '%' },
  { 'x-amz-copy-source': pick(rng(1), PROTOTYPE_NAMES) },
  { range: 'bytes=99999999999999999999-' },
  { 'content-md5': 'x' },
  { 'x-amz-meta-__proto__': 'x' },
  { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '-1' },
  { 'x-amz-checksum-sha256': '%%%' },
]

it('answers 500 mutated S3 requests without a crash, a hang, internal text or a polluted prototype', async () => {
  const seed = fuzzSeed(353)
  const random = rng(seed)
  const report = new FuzzReport('rest-xml', seed)
  const before = prototypeNames()
  const corpus = await seeds()
  for (let i = 0; i < 500; i++) {
    const base = pick(random, corpus)
    let path = base.path
    let body = base.body
    let headers = base.headers
    const roll = random()
    if (roll < 0.45) body = Buffer.from(body.toString('utf8').startsWith('{') ? mutateJson(random, body.toString('utf8')) : mutateXml(random, body.toString('utf8')))
    else if (roll < 0.65) path = mutatePath(random, path)
    else if (roll < 0.85) headers = { ...headers, ...pick(random, HEADER_DAMAGE) }
    else body = damageBytes(random, body)
    await fire(cloud, report, random, 's3', { method: base.method, path, headers: { ...headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body })
  }
  report.assertClean()
  await expectHealthy(cloud, before)
  const known = await new S3Client(cloud.sdk).send(new ListObjectsV2Command({ Bucket: 'fuzz-xml' }))
  expect(known.Name).toBe('fuzz-xml')
}, 120_000)
