import {
  CreateBucketCommand,
  DeletePublicAccessBlockCommand,
  PutBucketPolicyCommand,
  PutBucketWebsiteCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { localFetch } from '../helpers/local-fetch.js'

let cloud: TestCloud
let s3: S3Client

const site = (bucket: string, path = '/') => `http://${bucket}.s3-website.localhost:${cloud.port}${path}`

const policy = (bucket: string, statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements })
const allowRead = (bucket: string, principal: unknown = '*') => ({ Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` })

/** A website bucket with index.html, error.html, docs/index.html; public unless told otherwise. */
async function website(Bucket: string, options: { public?: boolean; errorDocument?: boolean } = {}): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket }))
  await s3.send(
    new PutBucketWebsiteCommand({
      Bucket,
      WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' }, ...(options.errorDocument === false ? {} : { ErrorDocument: { Key: 'error.html' } }) },
    }),
  )
  const put = (Key: string, Body: string, ContentType = 'text/html') => s3.send(new PutObjectCommand({ Bucket, Key, Body, ContentType }))
  await put('index.html', '<h1>home</h1>')
  await put('error.html', '<h1>oops</h1>')
  await put('docs/index.html', '<h1>docs</h1>')
  await put('style.css', 'body{}', 'text/css')
  if (options.public !== false) {
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket }))
    await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: policy(Bucket, [allowRead(Bucket)]) }))
  }
}

useTestCloud((c) => {
  cloud = c
  s3 = new S3Client(cloud.sdk)
})

describe('website endpoint', () => {
  it('serves the index document for / and folder/, with the stored Content-Type', async () => {
    await website('site-public')
    const home = await localFetch(site('site-public'))
    expect(home.status).toBe(200)
    expect(home.headers.get('content-type')).toBe('text/html')
    expect(await home.text()).toBe('<h1>home</h1>')
    const docs = await localFetch(site('site-public', '/docs/'))
    expect(await docs.text()).toBe('<h1>docs</h1>')
    const css = await localFetch(site('site-public', '/style.css'))
    expect(css.headers.get('content-type')).toBe('text/css')
    const head = await localFetch(site('site-public', '/style.css'), { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe('6')
  })

  it('redirects a folder without its trailing slash with 302', async () => {
    const res = await localFetch(site('site-public', '/docs'), { redirect: 'manual' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/docs/')
  })

  it('serves the error document with 404 for a missing key', async () => {
    const res = await localFetch(site('site-public', '/nope.html'))
    expect(res.status).toBe(404)
    expect(await res.text()).toBe('<h1>oops</h1>')
  })

  it('answers 304 to If-None-Match with the current ETag', async () => {
    const first = await localFetch(site('site-public'))
    const etag = first.headers.get('etag')!
    await first.arrayBuffer()
    const again = await localFetch(site('site-public'), { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
  })

  it('without an error document, a missing key is AWS 404 HTML naming the key', async () => {
    await website('site-no-errdoc', { errorDocument: false })
    const res = await localFetch(site('site-no-errdoc', '/missing/page.html'))
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toContain('text/html')
    const html = await res.text()
    expect(html).toContain('<title>404 Not Found</title>')
    expect(html).toContain('<li>Code: NoSuchKey</li>')
    expect(html).toContain('<li>Key: missing/page.html</li>')
  })

  it('is 403 AccessDenied HTML while Block Public Access is on (a new bucket), even with an error document', async () => {
    await website('site-private', { public: false })
    const res = await localFetch(site('site-private'))
    expect(res.status).toBe(403)
    const html = await res.text()
    expect(html).toContain('<head><title>403 Forbidden</title></head>')
    expect(html).toContain('<h1>403 Forbidden</h1>')
    expect(html).toContain('<li>Code: AccessDenied</li>')
    expect(html).toContain('<li>Message: Access Denied</li>')
    expect(html).toContain('An Error Occurred While Attempting to Retrieve a Custom Error Document')
    // AWS quirk: a missing key is still 404 on the website endpoint, whatever the policy.
    const missing = await localFetch(site('site-private', '/no-such-page.html'))
    expect(missing.status).toBe(404)
    expect(await missing.text()).toContain('<li>Code: NoSuchKey</li>')
  })

  it('is 403 with no Block Public Access but no policy granting anonymous reads', async () => {
    await website('site-nopolicy', { public: false })
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'site-nopolicy' }))
    expect((await localFetch(site('site-nopolicy'))).status).toBe(403)
    // A grant to a named principal is not anonymous access either.
    await s3.send(
      new PutBucketPolicyCommand({ Bucket: 'site-nopolicy', Policy: policy('site-nopolicy', [allowRead('site-nopolicy', { AWS: 'arn:aws:iam::000000000000:root' })]) }),
    )
    expect((await localFetch(site('site-nopolicy'))).status).toBe(403)
    // {"AWS": "*"} is anonymous, like "*".
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'site-nopolicy', Policy: policy('site-nopolicy', [allowRead('site-nopolicy', { AWS: '*' })]) }))
    expect((await localFetch(site('site-nopolicy'))).status).toBe(200)
  })

  it('is 403 when RestrictPublicBuckets is turned on after a public policy was attached', async () => {
    await website('site-restricted')
    expect((await localFetch(site('site-restricted'))).status).toBe(200)
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'site-restricted', PublicAccessBlockConfiguration: { RestrictPublicBuckets: true } }))
    expect((await localFetch(site('site-restricted'))).status).toBe(403)
  })

  it('honours explicit Deny statements and resource patterns', async () => {
    await website('site-deny')
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: 'site-deny',
        Policy: policy('site-deny', [
          allowRead('site-deny'),
          { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::site-deny/docs/*' },
        ]),
      }),
    )
    expect((await localFetch(site('site-deny'))).status).toBe(200)
    const denied = await localFetch(site('site-deny', '/docs/'))
    expect(denied.status).toBe(403)
    // The error document is readable, so it is served with the 403.
    expect(await denied.text()).toBe('<h1>oops</h1>')
    // Only *.css is public here: the index is 403, the stylesheet 200.
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: 'site-deny',
        Policy: policy('site-deny', [{ Effect: 'Allow', Principal: '*', Action: 's3:Get*', Resource: 'arn:aws:s3:::site-deny/*.css' }]),
      }),
    )
    expect((await localFetch(site('site-deny'))).status).toBe(403)
    expect((await localFetch(site('site-deny', '/style.css'))).status).toBe(200)
  })

  it('a Deny on aws:SecureTransport=false blocks the plain-HTTP website', async () => {
    await website('site-tls')
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: 'site-tls',
        Policy: policy('site-tls', [
          allowRead('site-tls'),
          { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::site-tls/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        ]),
      }),
    )
    expect((await localFetch(site('site-tls'))).status).toBe(403)
  })

  it('is 404 NoSuchWebsiteConfiguration for a bucket without a website, 404 NoSuchBucket for none', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'site-plain' }))
    const res = await localFetch(site('site-plain'))
    expect(res.status).toBe(404)
    const html = await res.text()
    expect(html).toContain('<li>Code: NoSuchWebsiteConfiguration</li>')
    expect(html).toContain('<li>BucketName: site-plain</li>')
    const none = await localFetch(site('site-absent'))
    expect(none.status).toBe(404)
    expect(await none.text()).toContain('<li>Code: NoSuchBucket</li>')
  })

  it('allows only GET and HEAD', async () => {
    const res = await localFetch(site('site-public', '/index.html'), { method: 'POST', body: 'x' })
    expect(res.status).toBe(405)
    expect(await res.text()).toContain('<li>Code: MethodNotAllowed</li>')
  })

  it('follows routing rules: key prefix redirects and error-code redirects', async () => {
    await website('site-rules')
    await s3.send(
      new PutBucketWebsiteCommand({
        Bucket: 'site-rules',
        WebsiteConfiguration: {
          IndexDocument: { Suffix: 'index.html' },
          RoutingRules: [
            { Condition: { KeyPrefixEquals: 'old/' }, Redirect: { ReplaceKeyPrefixWith: 'docs/' } },
            { Condition: { HttpErrorCodeReturnedEquals: '404' }, Redirect: { HostName: 'example.com', ReplaceKeyWith: 'not-found' } },
          ],
        },
      }),
    )
    const moved = await localFetch(site('site-rules', '/old/page.html'), { redirect: 'manual' })
    expect(moved.status).toBe(301)
    expect(moved.headers.get('location')).toBe(`http://site-rules.s3-website.localhost:${cloud.port}/docs/page.html`)
    const missing = await localFetch(site('site-rules', '/gone.html'), { redirect: 'manual' })
    expect(missing.status).toBe(301)
    expect(missing.headers.get('location')).toBe('http://example.com/not-found')
  })
})

describe('object redirects', () => {
  it('answers an object with x-amz-website-redirect-location with a 301 there', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'site-public', Key: 'moved.html', Body: '', WebsiteRedirectLocation: '/docs/' }))
    const res = await localFetch(site('site-public', '/moved.html'), { redirect: 'manual' })
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe('/docs/')
    const bad = s3.send(new PutObjectCommand({ Bucket: 'site-public', Key: 'bad.html', Body: '', WebsiteRedirectLocation: 'docs/' }))
    await expect(bad).rejects.toMatchObject({ name: 'InvalidArgument' })
  })
})

describe('after a restart', () => {
  it('still serves the website with its policy, public access block and error document', async () => {
    await website('site-durable')
    cloud = await cloud.restart()
    s3 = new S3Client(cloud.sdk)
    const home = await localFetch(site('site-durable'))
    expect(home.status).toBe(200)
    expect(await home.text()).toBe('<h1>home</h1>')
    const missing = await localFetch(site('site-durable', '/gone'))
    expect(missing.status).toBe(404)
    expect(await missing.text()).toBe('<h1>oops</h1>')
    expect((await localFetch(site('site-private'))).status).toBe(403)
  })
})

describe('anonymous REST requests', () => {
  it('may GET an object only when the bucket policy grants it', async () => {
    await website('anon-public')
    const ok = await fetch(`${cloud.endpoint}/anon-public/index.html`)
    expect(ok.status).toBe(200)
    expect(await ok.text()).toBe('<h1>home</h1>')
    // No s3:ListBucket grant: a missing key is 403, not 404, as on AWS.
    const missing = await fetch(`${cloud.endpoint}/anon-public/missing.html`)
    expect(missing.status).toBe(403)
    expect(await missing.text()).toContain('<Code>AccessDenied</Code>')
    await website('anon-private', { public: false })
    const denied = await fetch(`${cloud.endpoint}/anon-private/index.html`)
    expect(denied.status).toBe(403)
    expect(denied.headers.get('content-type')).toBe('application/xml')
    expect(await denied.text()).toContain('<Code>AccessDenied</Code>')
  })

  it('may list only with an s3:ListBucket grant, which also turns a missing key into 404', async () => {
    const list = await fetch(`${cloud.endpoint}/anon-public?list-type=2`)
    expect(list.status).toBe(403)
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: 'anon-public',
        Policy: policy('anon-public', [allowRead('anon-public'), { Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::anon-public' }]),
      }),
    )
    const listed = await fetch(`${cloud.endpoint}/anon-public?list-type=2`)
    expect(listed.status).toBe(200)
    expect(await listed.text()).toContain('<Key>index.html</Key>')
    const missing = await fetch(`${cloud.endpoint}/anon-public/missing.html`)
    expect(missing.status).toBe(404)
    expect(await missing.text()).toContain('<Code>NoSuchKey</Code>')
    const head = await fetch(`${cloud.endpoint}/anon-public/index.html`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/)
  })
})
