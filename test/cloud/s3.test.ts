import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3'
import { createHash } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { failure as expectFailure } from '../helpers/failure.js'
import { markedFetch, presign, signAs } from '../helpers/signed-fetch.js'

const fetch = (url: string, init?: Parameters<typeof markedFetch>[2]) => markedFetch(cloud, url, init)

let cloud: TestCloud
let s3: S3Client

useTestCloud((c) => {
  cloud = c
  s3 = new S3Client(cloud.sdk)
})

const failure = (p: Promise<unknown>) => expectFailure<S3ServiceException>(p)

describe('buckets', () => {
  it('creates, lists, heads and deletes a bucket', async () => {
    const out = await s3.send(new CreateBucketCommand({ Bucket: 'lifecycle-bucket' }))
    expect(out.Location).toBe('/lifecycle-bucket')
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'lifecycle-bucket' }))
    expect(head.BucketRegion).toBe('us-east-1')
    const list = await s3.send(new ListBucketsCommand({}))
    expect(list.Buckets?.map((b) => b.Name)).toContain('lifecycle-bucket')
    expect(list.Buckets?.find((b) => b.Name === 'lifecycle-bucket')?.CreationDate).toBeInstanceOf(Date)
    await s3.send(new DeleteBucketCommand({ Bucket: 'lifecycle-bucket' }))
    const err = await failure(s3.send(new HeadBucketCommand({ Bucket: 'lifecycle-bucket' })))
    expect(err.$metadata.httpStatusCode).toBe(404)
    expect(err.name).toBe('NotFound')
  })

  it('pages ListBuckets with MaxBuckets and filters by prefix and region', async () => {
    for (const Bucket of ['page-a', 'page-b', 'page-c']) await s3.send(new CreateBucketCommand({ Bucket }))
    const first = await s3.send(new ListBucketsCommand({ Prefix: 'page-', MaxBuckets: 2 }))
    expect(first.Buckets?.map((b) => b.Name)).toEqual(['page-a', 'page-b'])
    expect(first.ContinuationToken).toBeDefined()
    const second = await s3.send(new ListBucketsCommand({ Prefix: 'page-', MaxBuckets: 2, ContinuationToken: first.ContinuationToken }))
    expect(second.Buckets?.map((b) => b.Name)).toEqual(['page-c'])
    expect(second.ContinuationToken).toBeUndefined()
    const west = await s3.send(new ListBucketsCommand({ BucketRegion: 'us-west-2', Prefix: 'page-' }))
    expect(west.Buckets ?? []).toEqual([])
  })

  it('rejects invalid bucket names with InvalidBucketName', async () => {
    for (const name of ['UPPER', 'ab', 'has_underscore', '192.168.1.1', 'a..b', 'xn--punycode', '-dash']) {
      const err = await failure(s3.send(new CreateBucketCommand({ Bucket: name })))
      expect(err.name, name).toBe('InvalidBucketName')
      expect(err.$metadata.httpStatusCode).toBe(400)
    }
  })

  it('re-creating an owned bucket is a no-op in us-east-1 but BucketAlreadyOwnedByYou elsewhere', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'twice-bucket' }))
    await expect(s3.send(new CreateBucketCommand({ Bucket: 'twice-bucket' }))).resolves.toBeDefined()
    const west = new S3Client({ ...cloud.sdk, region: 'us-west-2' })
    await west.send(new CreateBucketCommand({ Bucket: 'west-bucket', CreateBucketConfiguration: { LocationConstraint: 'us-west-2' } }))
    const err = await failure(west.send(new CreateBucketCommand({ Bucket: 'west-bucket', CreateBucketConfiguration: { LocationConstraint: 'us-west-2' } })))
    expect(err.name).toBe('BucketAlreadyOwnedByYou')
    expect(err.$metadata.httpStatusCode).toBe(409)
    const location = await west.send(new GetBucketLocationCommand({ Bucket: 'west-bucket' }))
    expect(location.LocationConstraint).toBe('us-west-2')
    const east = await s3.send(new GetBucketLocationCommand({ Bucket: 'twice-bucket' }))
    expect(east.LocationConstraint ?? '').toBe('')
  })

  it('answers PermanentRedirect (301) to a client configured for another region than the bucket', async () => {
    const west = new S3Client({ ...cloud.sdk, region: 'us-west-2' })
    await west.send(new CreateBucketCommand({ Bucket: 'west-only-bucket', CreateBucketConfiguration: { LocationConstraint: 'us-west-2' } }))
    await west.send(new PutObjectCommand({ Bucket: 'west-only-bucket', Key: 'k', Body: 'v' }))
    const err = await failure(s3.send(new GetObjectCommand({ Bucket: 'west-only-bucket', Key: 'k' })))
    expect(err.name).toBe('PermanentRedirect')
    expect(err.$metadata.httpStatusCode).toBe(301)
    const location = await s3.send(new GetBucketLocationCommand({ Bucket: 'west-only-bucket' }))
    expect(location.LocationConstraint).toBe('us-west-2')
  })

  it('refuses a location constraint that does not match the endpoint region', async () => {
    // SDK v3 fills LocationConstraint in from the client's region, so send the bare request ourselves.
    const res = await fetch(`${cloud.endpoint}/no-constraint-bucket`, { method: 'PUT', headers: signedLike('us-west-2') })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('<Code>IllegalLocationConstraintException</Code>')
    const explicit = await fetch(`${cloud.endpoint}/no-constraint-bucket`, {
      method: 'PUT',
      headers: signedLike(),
      body: '<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>',
    })
    expect(await explicit.text()).toContain('The eu-west-1 location constraint is incompatible')
  })

  it('refuses to delete a bucket that is not empty, and a bucket that does not exist', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'full-bucket' }))
    await s3.send(new PutObjectCommand({ Bucket: 'full-bucket', Key: 'a.txt', Body: 'a' }))
    const err = await failure(s3.send(new DeleteBucketCommand({ Bucket: 'full-bucket' })))
    expect(err.name).toBe('BucketNotEmpty')
    expect(err.message).toBe('The bucket you tried to delete is not empty')
    expect(err.$metadata.httpStatusCode).toBe(409)
    const missing = await failure(s3.send(new DeleteBucketCommand({ Bucket: 'never-made-bucket' })))
    expect(missing.name).toBe('NoSuchBucket')
    expect(missing.$metadata.httpStatusCode).toBe(404)
  })
})

describe('objects', () => {
  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'objects-bucket' }))
  })

  it('puts and gets an object with its metadata, content type and quoted-MD5 ETag', async () => {
    const body = 'hello, world'
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: 'objects-bucket',
        Key: 'dir/hello.txt',
        Body: body,
        ContentType: 'text/plain',
        CacheControl: 'max-age=60',
        Metadata: { Owner: 'lab' },
      }),
    )
    const md5 = createHash('md5').update(body).digest('hex')
    expect(put.ETag).toBe(`"${md5}"`)
    const got = await s3.send(new GetObjectCommand({ Bucket: 'objects-bucket', Key: 'dir/hello.txt' }))
    expect(await got.Body!.transformToString()).toBe(body)
    expect(got.ContentType).toBe('text/plain')
    expect(got.CacheControl).toBe('max-age=60')
    expect(got.Metadata).toEqual({ owner: 'lab' })
    expect(got.ETag).toBe(`"${md5}"`)
    expect(got.ContentLength).toBe(body.length)
    // Default encryption (SSE-S3) is reported, as on AWS since 2023.
    expect(put.ServerSideEncryption).toBe('AES256')
    expect(got.ServerSideEncryption).toBe('AES256')
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'objects-bucket', Key: 'dir/hello.txt' }))
    expect(head.ContentLength).toBe(body.length)
    expect(head.LastModified).toBeInstanceOf(Date)
  })

  it('stores binary bodies byte for byte, including keys with spaces and unicode', async () => {
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256))
    const Key = 'bin/ünïcode file+plus.bin'
    await s3.send(new PutObjectCommand({ Bucket: 'objects-bucket', Key, Body: bytes }))
    const got = await s3.send(new GetObjectCommand({ Bucket: 'objects-bucket', Key }))
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(bytes)).toBe(true)
    // Without a Content-Type, S3 stores binary/octet-stream.
    await fetch(`${cloud.endpoint}/objects-bucket/untyped`, { method: 'PUT', headers: signedLike(), body: new Uint8Array([1, 2, 3]) })
    const untyped = await s3.send(new HeadObjectCommand({ Bucket: 'objects-bucket', Key: 'untyped' }))
    expect(untyped.ContentType).toBe('binary/octet-stream')
    expect(untyped.ContentLength).toBe(3)
  })

  it('returns a CRC32 checksum when asked, computed over what was stored', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'objects-bucket', Key: 'sum.txt', Body: 'checksum me', ChecksumAlgorithm: 'CRC32' }))
    const got = await s3.send(new GetObjectCommand({ Bucket: 'objects-bucket', Key: 'sum.txt', ChecksumMode: 'ENABLED' }))
    expect(got.ChecksumCRC32).toBeDefined()
    expect(await got.Body!.transformToString()).toBe('checksum me')
  })

  it('answers a Range request with 206 and a Content-Range', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'objects-bucket', Key: 'range.txt', Body: '0123456789' }))
    const got = await s3.send(new GetObjectCommand({ Bucket: 'objects-bucket', Key: 'range.txt', Range: 'bytes=2-5' }))
    expect(await got.Body!.transformToString()).toBe('2345')
    expect(got.ContentRange).toBe('bytes 2-5/10')
    const err = await failure(s3.send(new GetObjectCommand({ Bucket: 'objects-bucket', Key: 'range.txt', Range: 'bytes=50-' })))
    expect(err.name).toBe('InvalidRange')
    expect(err.$metadata.httpStatusCode).toBe(416)
  })

  it('answers If-None-Match with 304 and a failed If-Match with 412', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: 'objects-bucket', Key: 'etag.txt', Body: 'v1' }))
    const res = await fetch(`${cloud.endpoint}/objects-bucket/etag.txt`, { headers: { ...signedLike(), 'if-none-match': put.ETag! } })
    expect(res.status).toBe(304)
    const err = await failure(s3.send(new GetObjectCommand({ Bucket: 'objects-bucket', Key: 'etag.txt', IfMatch: '"nope"' })))
    expect(err.$metadata.httpStatusCode).toBe(412)
  })

  it('rejects a body that does not match its Content-MD5 with BadDigest', async () => {
    const res = await fetch(`${cloud.endpoint}/objects-bucket/md5.txt`, {
      method: 'PUT',
      headers: { ...signedLike(), 'content-md5': createHash('md5').update('other').digest('base64') },
      body: 'payload',
    })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('<Code>BadDigest</Code>')
  })

  it('decodes aws-chunked bodies with trailing checksums', async () => {
    const payload = 'chunked payload'
    const body =
      `${Buffer.byteLength(payload).toString(16)}\r\n${payload}\r\n0\r\n` + `x-amz-checksum-crc32:${crc32(payload)}\r\n\r\n`
    const res = await fetch(`${cloud.endpoint}/objects-bucket/chunked.txt`, {
      method: 'PUT',
      headers: {
        ...signedLike(),
        'content-encoding': 'aws-chunked',
        'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        'x-amz-decoded-content-length': String(Buffer.byteLength(payload)),
        'x-amz-trailer': 'x-amz-checksum-crc32',
        'content-type': 'text/plain',
      },
      body,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-amz-checksum-crc32')).toBe(crc32(payload))
    const got = await s3.send(new GetObjectCommand({ Bucket: 'objects-bucket', Key: 'chunked.txt' }))
    expect(await got.Body!.transformToString()).toBe(payload)
    expect(got.ContentEncoding).toBeUndefined()
  })

  it('accepts a streamed body from the SDK (aws-chunked with a trailing CRC32)', async () => {
    const { Readable } = await import('node:stream')
    const parts = [Buffer.alloc(100_000, 'a'), Buffer.alloc(50_000, 'b')]
    await s3.send(new PutObjectCommand({ Bucket: 'objects-bucket', Key: 'streamed.bin', Body: Readable.from(parts), ContentLength: 150_000 }))
    const got = await s3.send(new GetObjectCommand({ Bucket: 'objects-bucket', Key: 'streamed.bin' }))
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.concat(parts))).toBe(true)
    expect(got.ChecksumCRC32).toBeDefined()
  })

  it('rejects an aws-chunked body whose trailing checksum is wrong', async () => {
    const body = `3\r\nabc\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n`
    const res = await fetch(`${cloud.endpoint}/objects-bucket/bad-chunked.txt`, {
      method: 'PUT',
      headers: { ...signedLike(), 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '3', 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' },
      body,
    })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('<Code>BadDigest</Code>')
  })

  it('gives NoSuchKey for a missing key and NoSuchBucket for a missing bucket', async () => {
    const key = await failure(s3.send(new GetObjectCommand({ Bucket: 'objects-bucket', Key: 'missing.txt' })))
    expect(key.name).toBe('NoSuchKey')
    expect(key.$metadata.httpStatusCode).toBe(404)
    const bucket = await failure(s3.send(new GetObjectCommand({ Bucket: 'no-such-bucket-here', Key: 'x' })))
    expect(bucket.name).toBe('NoSuchBucket')
    const head = await failure(s3.send(new HeadObjectCommand({ Bucket: 'objects-bucket', Key: 'missing.txt' })))
    expect(head.name).toBe('NotFound')
    const put = await failure(s3.send(new PutObjectCommand({ Bucket: 'no-such-bucket-here', Key: 'x', Body: 'x' })))
    expect(put.name).toBe('NoSuchBucket')
    // S3's error document and ids: RequestId and HostId, echoed in x-amz-request-id and x-amz-id-2.
    const raw = await fetch(`${cloud.endpoint}/objects-bucket/missing.txt`, { headers: signedLike() })
    const xml = await raw.text()
    expect(xml).toMatch(/<Error><Code>NoSuchKey<\/Code><Message>The specified key does not exist.<\/Message>.*<RequestId>[^<]+<\/RequestId><HostId>[^<]+<\/HostId><\/Error>$/)
    expect(xml).toContain(`<HostId>${raw.headers.get('x-amz-id-2')}</HostId>`)
    expect(xml).toContain(`<RequestId>${raw.headers.get('x-amz-request-id')}</RequestId>`)
    expect(raw.headers.get('x-amzn-requestid')).toBeNull()
  })

  it('copies an object, keeping or replacing its metadata', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'objects-bucket', Key: 'src.txt', Body: 'copy me', ContentType: 'text/plain', Metadata: { a: '1' } }))
    const copy = await s3.send(new CopyObjectCommand({ Bucket: 'objects-bucket', Key: 'dst.txt', CopySource: 'objects-bucket/src.txt' }))
    expect(copy.CopyObjectResult?.ETag).toBe(`"${createHash('md5').update('copy me').digest('hex')}"`)
    const got = await s3.send(new GetObjectCommand({ Bucket: 'objects-bucket', Key: 'dst.txt' }))
    expect(await got.Body!.transformToString()).toBe('copy me')
    expect(got.Metadata).toEqual({ a: '1' })
    await s3.send(
      new CopyObjectCommand({ Bucket: 'objects-bucket', Key: 'dst.txt', CopySource: 'objects-bucket/src.txt', MetadataDirective: 'REPLACE', ContentType: 'text/html' }),
    )
    const replaced = await s3.send(new HeadObjectCommand({ Bucket: 'objects-bucket', Key: 'dst.txt' }))
    expect(replaced.ContentType).toBe('text/html')
    expect(replaced.Metadata).toEqual({})
    const self = await failure(s3.send(new CopyObjectCommand({ Bucket: 'objects-bucket', Key: 'src.txt', CopySource: 'objects-bucket/src.txt' })))
    expect(self.name).toBe('InvalidRequest')
  })

  it('deletes objects one at a time (idempotently) and in batches', async () => {
    for (const Key of ['del/1', 'del/2', 'del/3']) await s3.send(new PutObjectCommand({ Bucket: 'objects-bucket', Key, Body: Key }))
    await s3.send(new DeleteObjectCommand({ Bucket: 'objects-bucket', Key: 'del/1' }))
    await s3.send(new DeleteObjectCommand({ Bucket: 'objects-bucket', Key: 'del/1' }))
    const out = await s3.send(new DeleteObjectsCommand({ Bucket: 'objects-bucket', Delete: { Objects: [{ Key: 'del/2' }, { Key: 'del/3' }, { Key: 'del/none' }] } }))
    expect(out.Deleted?.map((d) => d.Key).sort()).toEqual(['del/2', 'del/3', 'del/none'])
    const quiet = await s3.send(new DeleteObjectsCommand({ Bucket: 'objects-bucket', Delete: { Objects: [{ Key: 'del/x' }], Quiet: true } }))
    expect(quiet.Deleted ?? []).toEqual([])
    const left = await s3.send(new ListObjectsV2Command({ Bucket: 'objects-bucket', Prefix: 'del/' }))
    expect(left.KeyCount).toBe(0)
  })

  it('refuses public ACLs: new buckets enforce bucket-owner ownership (ACLs disabled)', async () => {
    const err = await failure(s3.send(new PutObjectCommand({ Bucket: 'objects-bucket', Key: 'acl.txt', Body: 'x', ACL: 'public-read' })))
    expect(err.name).toBe('AccessControlListNotSupported')
    expect(err.$metadata.httpStatusCode).toBe(400)
    await s3.send(new PutObjectCommand({ Bucket: 'objects-bucket', Key: 'acl.txt', Body: 'x', ACL: 'bucket-owner-full-control' }))
    const bucket = await failure(s3.send(new CreateBucketCommand({ Bucket: 'acl-bucket', ACL: 'public-read' })))
    expect(bucket.name).toBe('InvalidBucketAclWithObjectOwnership')
  })

  it('accepts presigned URLs (query credentials) for GET and PUT', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'objects-bucket', Key: 'presigned.txt', Body: 'signed in the URL' }))
    const res = await fetch(await presign(cloud, `${cloud.endpoint}/objects-bucket/presigned.txt`))
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('signed in the URL')
    const put = await fetch(await presign(cloud, `${cloud.endpoint}/objects-bucket/uploaded.txt`, { method: 'PUT' }), { method: 'PUT', body: 'via url', headers: { 'content-type': 'text/plain' } })
    expect(put.status).toBe(200)
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'objects-bucket', Key: 'uploaded.txt' }))
    expect(head.ContentType).toBe('text/plain')
  })

  it('overrides response headers with response-* parameters (signed requests only)', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'objects-bucket', Key: 'report.csv', Body: 'a,b', ContentType: 'text/csv' }))
    const got = await s3.send(
      new GetObjectCommand({ Bucket: 'objects-bucket', Key: 'report.csv', ResponseContentDisposition: 'attachment; filename="r.csv"', ResponseContentType: 'application/octet-stream' }),
    )
    expect(got.ContentDisposition).toBe('attachment; filename="r.csv"')
    expect(got.ContentType).toBe('application/octet-stream')
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'objects-bucket', Key: 'report.csv' }))
    expect(head.ContentType).toBe('text/csv')
  })

  it('rejects keys longer than 1024 bytes', async () => {
    const err = await failure(s3.send(new PutObjectCommand({ Bucket: 'objects-bucket', Key: 'k'.repeat(1025), Body: 'x' })))
    expect(err.name).toBe('KeyTooLongError')
  })

  it('answers an unknown subresource with NotImplemented 501 in the rest-xml shape', async () => {
    const res = await fetch(`${cloud.endpoint}/objects-bucket?lifecycle`, { headers: signedLike() })
    expect(res.status).toBe(501)
    expect(await res.text()).toMatch(/<Error><Code>NotImplemented<\/Code>/)
  })
})

describe('ListObjectsV2', () => {
  const Bucket = 'listing-bucket'
  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket }))
    for (const Key of ['a.txt', 'b/1.txt', 'b/2.txt', 'b/c/3.txt', 'd/4.txt', 'e.txt']) {
      await s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }))
    }
  })

  it('lists everything in key order with KeyCount', async () => {
    const out = await s3.send(new ListObjectsV2Command({ Bucket }))
    expect(out.Contents?.map((o) => o.Key)).toEqual(['a.txt', 'b/1.txt', 'b/2.txt', 'b/c/3.txt', 'd/4.txt', 'e.txt'])
    expect(out.KeyCount).toBe(6)
    expect(out.IsTruncated).toBe(false)
    expect(out.Contents?.[0].Size).toBe(5)
    expect(out.Contents?.[0].StorageClass).toBe('STANDARD')
  })

  it('rolls keys up into CommonPrefixes at the delimiter', async () => {
    const out = await s3.send(new ListObjectsV2Command({ Bucket, Delimiter: '/' }))
    expect(out.Contents?.map((o) => o.Key)).toEqual(['a.txt', 'e.txt'])
    expect(out.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['b/', 'd/'])
    expect(out.KeyCount).toBe(4)
    const inner = await s3.send(new ListObjectsV2Command({ Bucket, Delimiter: '/', Prefix: 'b/' }))
    expect(inner.Contents?.map((o) => o.Key)).toEqual(['b/1.txt', 'b/2.txt'])
    expect(inner.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['b/c/'])
  })

  it('pages with max-keys and continuation tokens, counting a common prefix once', async () => {
    const seen: string[] = []
    let token: string | undefined
    let pages = 0
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket, Delimiter: '/', MaxKeys: 1, ContinuationToken: token }))
      pages++
      seen.push(...(page.Contents ?? []).map((o) => o.Key!), ...(page.CommonPrefixes ?? []).map((p) => p.Prefix!))
      expect(page.KeyCount).toBe(1)
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token)
    expect(pages).toBe(4)
    expect(seen).toEqual(['a.txt', 'b/', 'd/', 'e.txt'])
  })

  it('starts after a key', async () => {
    const out = await s3.send(new ListObjectsV2Command({ Bucket, StartAfter: 'b/2.txt' }))
    expect(out.Contents?.map((o) => o.Key)).toEqual(['b/c/3.txt', 'd/4.txt', 'e.txt'])
    expect(out.StartAfter).toBe('b/2.txt')
  })

  it('rejects a bad continuation token and a bad max-keys', async () => {
    const token = await failure(s3.send(new ListObjectsV2Command({ Bucket, ContinuationToken: '!!not-a-token' })))
    expect(token.name).toBe('InvalidArgument')
    const res = await fetch(`${cloud.endpoint}/${Bucket}?list-type=2&max-keys=lots`, { headers: signedLike() })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('<Code>InvalidArgument</Code>')
  })

  it('URL-encodes keys when asked (as the AWS CLI does)', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'sp ace.txt', Body: 'x' }))
    const res = await fetch(`${cloud.endpoint}/${Bucket}?list-type=2&encoding-type=url&prefix=sp`, { headers: signedLike() })
    const text = await res.text()
    expect(text).toContain('<Key>sp%20ace.txt</Key>')
    expect(text).toContain('<EncodingType>url</EncodingType>')
  })
})

describe('virtual-host style', () => {
  it('serves bucket.localhost requests from the Host header (SDK with forcePathStyle: false)', async () => {
    const { NodeHttpHandler } = await import('@smithy/node-http-handler')
    class LoopbackHandler extends NodeHttpHandler {
      override handle(request: any, options?: any) {
        request.headers.host ??= `${request.hostname}:${request.port}`
        expect(request.hostname).toBe('vhost-bucket.localhost')
        request.hostname = '127.0.0.1'
        return super.handle(request, options)
      }
    }
    const vhost = new S3Client({ ...cloud.sdk, forcePathStyle: false, requestHandler: new LoopbackHandler() })
    await vhost.send(new CreateBucketCommand({ Bucket: 'vhost-bucket' }))
    await vhost.send(new PutObjectCommand({ Bucket: 'vhost-bucket', Key: 'nested/key.txt', Body: 'virtual' }))
    const got = await vhost.send(new GetObjectCommand({ Bucket: 'vhost-bucket', Key: 'nested/key.txt' }))
    expect(await got.Body!.transformToString()).toBe('virtual')
    const list = await vhost.send(new ListObjectsV2Command({ Bucket: 'vhost-bucket' }))
    expect(list.Contents?.map((o) => o.Key)).toEqual(['nested/key.txt'])
    // The same object is visible path-style.
    const path = await s3.send(new GetObjectCommand({ Bucket: 'vhost-bucket', Key: 'nested/key.txt' }))
    expect(await path.Body!.transformToString()).toBe('virtual')
  })
})

describe('persistence', () => {
  it('keeps buckets, objects and configuration across a restart', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'durable-bucket' }))
    await s3.send(new PutObjectCommand({ Bucket: 'durable-bucket', Key: 'keep.txt', Body: 'still here', ContentType: 'text/plain' }))
    cloud = await cloud.restart()
    s3 = new S3Client(cloud.sdk)
    const got = await s3.send(new GetObjectCommand({ Bucket: 'durable-bucket', Key: 'keep.txt' }))
    expect(await got.Body!.transformToString()).toBe('still here')
    expect(got.ContentType).toBe('text/plain')
    const list = await s3.send(new ListObjectsV2Command({ Bucket: 'durable-bucket' }))
    expect(list.KeyCount).toBe(1)
  })
})

/** Marks a raw request for signing with the install's credentials (for S3 in `region`), as an SDK would sign it. */
function signedLike(region = 'us-east-1'): Record<string, string> {
  return signAs('s3', region)
}

function crc32(text: string): string {
  let crc = 0xffffffff
  for (const byte of Buffer.from(text)) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1
  }
  const out = Buffer.alloc(4)
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0)
  return out.toString('base64')
}
