import { CreateBucketCommand, DeleteBucketCorsCommand, GetBucketCorsCommand, PutBucketCorsCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import type { ResourceProvider } from '../../src/cloud/core/types.js'
import { s3Service } from '../../src/cloud/services/s3/index.js'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { failure as expectFailure } from '../helpers/failure.js'
import { startHarness } from '../helpers/service-harness.js'
import { markedFetch, presign, signAs } from '../helpers/signed-fetch.js'

const fetch = (url: string, init?: Parameters<typeof markedFetch>[2]) => markedFetch(cloud, url, init)

let cloud: TestCloud
let s3: S3Client
const Bucket = 'cors-bucket'
/** Browsers send a preflight without credentials, to the URL they will then call: here, a presigned one's query. */
const presigned =
  'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=test%2F20260101%2Fus-east-1%2Fs3%2Faws4_request' +
  '&X-Amz-Date=20260101T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=abc'

useTestCloud(async (c) => {
  cloud = c
  s3 = new S3Client(cloud.sdk)
  await s3.send(new CreateBucketCommand({ Bucket }))
})

const failure = (p: Promise<unknown>) => expectFailure<S3ServiceException>(p)

const preflight = (path: string, origin: string, method: string, headers?: string) =>
  fetch(`${cloud.endpoint}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, ...(headers ? { 'access-control-request-headers': headers } : {}) },
  })

describe('bucket CORS', () => {
  it('refuses preflights while the bucket has no CORS configuration', async () => {
    const err = await failure(s3.send(new GetBucketCorsCommand({ Bucket })))
    expect(err.name).toBe('NoSuchCORSConfiguration')
    expect(err.$metadata.httpStatusCode).toBe(404)
    const res = await preflight(`/${Bucket}/upload.txt?${presigned}`, 'http://site.localhost:8080', 'PUT')
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('CORSResponse: This CORS request is not allowed')
  })

  it('answers a browser upload to a presigned URL: preflight, then the PUT with Access-Control headers', async () => {
    await s3.send(
      new PutBucketCorsCommand({
        Bucket,
        CORSConfiguration: {
          CORSRules: [{ AllowedOrigins: ['http://*.localhost:8080'], AllowedMethods: ['PUT', 'GET'], AllowedHeaders: ['content-type'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 600 }],
        },
      }),
    )
    const got = await s3.send(new GetBucketCorsCommand({ Bucket }))
    expect(got.CORSRules).toEqual([
      { AllowedOrigins: ['http://*.localhost:8080'], AllowedMethods: ['PUT', 'GET'], AllowedHeaders: ['content-type'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 600 },
    ])
    const origin = 'http://site.localhost:8080'
    const ok = await preflight(`/${Bucket}/upload.txt?${presigned}`, origin, 'PUT', 'Content-Type')
    expect(ok.status).toBe(200)
    expect(ok.headers.get('access-control-allow-origin')).toBe(origin)
    expect(ok.headers.get('access-control-allow-methods')).toBe('PUT, GET')
    expect(ok.headers.get('access-control-allow-headers')).toBe('content-type')
    expect(ok.headers.get('access-control-max-age')).toBe('600')
    // Unsigned preflights (no query credentials) reach S3 too.
    expect((await preflight(`/${Bucket}/upload.txt`, origin, 'PUT')).status).toBe(200)
    // A header, method or origin outside the rule is refused.
    expect((await preflight(`/${Bucket}/upload.txt`, origin, 'PUT', 'x-custom')).status).toBe(403)
    expect((await preflight(`/${Bucket}/upload.txt`, origin, 'DELETE')).status).toBe(403)
    expect((await preflight(`/${Bucket}/upload.txt`, 'http://evil.example', 'PUT')).status).toBe(403)
    const noOrigin = await fetch(`${cloud.endpoint}/${Bucket}/upload.txt`, { method: 'OPTIONS', headers: { 'access-control-request-method': 'PUT' } })
    expect(noOrigin.status).toBe(400)

    const put = await fetch(await presign(cloud, `${cloud.endpoint}/${Bucket}/upload.txt`, { method: 'PUT' }), {
      method: 'PUT',
      headers: { origin, 'content-type': 'text/plain' },
      body: 'from the browser',
    })
    expect(put.status).toBe(200)
    expect(put.headers.get('access-control-allow-origin')).toBe(origin)
    expect(put.headers.get('access-control-expose-headers')).toBe('ETag')
    expect(put.headers.get('access-control-allow-credentials')).toBe('true')
  })

  it('answers "*" for a wildcard origin rule, and adds nothing for an origin no rule allows', async () => {
    await s3.send(new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }] } }))
    await s3.send(new PutObjectCommand({ Bucket, Key: 'data.json', Body: '{}' }))
    const get = await fetch(await presign(cloud, `${cloud.endpoint}/${Bucket}/data.json`), { headers: { origin: 'http://anywhere.example' } })
    expect(get.headers.get('access-control-allow-origin')).toBe('*')
    expect(get.headers.get('access-control-allow-credentials')).toBeNull()
    const put = await fetch(await presign(cloud, `${cloud.endpoint}/${Bucket}/other.json`, { method: 'PUT' }), { method: 'PUT', headers: { origin: 'http://anywhere.example' }, body: '{}' })
    expect(put.status).toBe(200)
    expect(put.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('validates rules and deletes the configuration', async () => {
    const bad = await failure(
      s3.send(new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['PATCH'] }] } })),
    )
    expect(bad.name).toBe('InvalidRequest')
    expect(bad.message).toBe('Found unsupported HTTP method in CORS config. Unsupported method is PATCH')
    const garbage = await fetch(`${cloud.endpoint}/${Bucket}?cors`, {
      method: 'PUT',
      headers: signAs('s3'),
      body: '<CORSConfiguration><CORSRule>',
    })
    expect(await garbage.text()).toContain('<Code>MalformedXML</Code>')
    await s3.send(new DeleteBucketCorsCommand({ Bucket }))
    expect((await failure(s3.send(new GetBucketCorsCommand({ Bucket })))).name).toBe('NoSuchCORSConfiguration')
  })

  it('is set by AWS::S3::Bucket CorsConfiguration, and removed when the property goes', async () => {
    const h = await startHarness([s3Service()])
    const provider: ResourceProvider = h.ctx.resourceProvider('AWS::S3::Bucket')!
    const props = { BucketName: 'cfn-cors', CorsConfiguration: { CorsRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], ExposedHeaders: ['ETag'], MaxAge: '300', Id: 'r1' }] } }
    await provider.create(props, h.rc('CorsBucket'))
    const got = await h.ctx.call('s3', 'GetBucketCors', { Bucket: 'cfn-cors' })
    expect(got.CORSRules).toEqual([{ ID: 'r1', AllowedOrigins: ['*'], AllowedMethods: ['GET'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 300 }])
    await provider.update!('cfn-cors', { BucketName: 'cfn-cors' }, props, h.rc('CorsBucket'))
    const gone = await h.ctx.call('s3', 'GetBucketCors', { Bucket: 'cfn-cors' }).catch((e) => e)
    expect(gone.code).toBe('NoSuchCORSConfiguration')
    await h.stop()
  })
})
