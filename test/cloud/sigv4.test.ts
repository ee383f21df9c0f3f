/**
 * Strict SigV4: every AWS API and S3 verify the signature against this install's credentials, and answer what
 * AWS answers (each protocol family's codes and shapes) when it is forged, stale, incomplete or missing.
 */
import { CreateBucketCommand, DeletePublicAccessBlockCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { createHash, createHmac } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'
import { localFetch } from '../helpers/local-fetch.js'
import { presign, signedFetch, signHeaders, signRequest } from '../helpers/signed-fetch.js'

let cloud: TestCloud
useTestCloud((c) => void (cloud = c))

const STS_BODY = 'Action=GetCallerIdentity&Version=2011-06-15'
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const DDB = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' }
const otherKey = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }

async function answer(res: Response | Awaited<ReturnType<typeof localFetch>>) {
  return { status: res.status, text: await res.text(), type: res.headers.get('x-amzn-errortype') }
}

/** Sign with the SDK's signer, optionally change something after signing, then send. */
async function send(path: string, init: { service: string; method?: string; headers?: Record<string, string>; body?: string; credentials?: typeof otherKey; signingDate?: Date }, tamper?: (h: Record<string, string>) => { path?: string; body?: string }) {
  const url = `${cloud.endpoint}${path}`
  const headers = await signHeaders(cloud, url, { method: init.method ?? 'POST', ...init })
  const changed = tamper?.(headers) ?? {}
  return answer(await localFetch(`${cloud.endpoint}${changed.path ?? path}`, { method: init.method ?? 'POST', headers, body: changed.body ?? init.body }))
}

describe('signed with the install credentials', () => {
  let s3: S3Client
  beforeAll(async () => {
    s3 = new S3Client(cloud.sdk)
    await s3.send(new CreateBucketCommand({ Bucket: 'sig-private' }))
    await s3.send(new PutObjectCommand({ Bucket: 'sig-private', Key: 'a.txt', Body: 'secret text' }))
    await s3.send(new CreateBucketCommand({ Bucket: 'sig-public' }))
    await s3.send(new PutObjectCommand({ Bucket: 'sig-public', Key: 'a.txt', Body: 'public text' }))
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::sig-public/*' }] }
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'sig-public' }))
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'sig-public', Policy: JSON.stringify(policy) }))
  })

  it('accepts what the SDK signs, for every protocol family', async () => {
    expect((await send('/', { service: 'sts', headers: FORM, body: STS_BODY })).status).toBe(200)
    expect((await send('/', { service: 'dynamodb', headers: DDB, body: '{}' })).status).toBe(200)
    expect((await send('/2015-03-31/functions', { service: 'lambda', method: 'GET' })).status).toBe(200)
    expect((await send('/sig-private/a.txt', { service: 's3', method: 'GET' })).text).toBe('secret text')
  })

  it('refuses a forged signature, in each family\'s words', async () => {
    const forge = (h: Record<string, string>) => void (h.authorization = h.authorization.replace(/Signature=\w+/, `Signature=${'0'.repeat(64)}`))
    const sts = await send('/', { service: 'sts', headers: FORM, body: STS_BODY }, forge)
    expect(sts.status).toBe(403)
    expect(sts.text).toContain('<Code>SignatureDoesNotMatch</Code>')
    const ddb = await send('/', { service: 'dynamodb', headers: DDB, body: '{}' }, forge)
    expect(ddb.status).toBe(403)
    expect(JSON.parse(ddb.text).__type).toBe('com.amazon.coral.service#InvalidSignatureException')
    const lambda = await send('/2015-03-31/functions', { service: 'lambda', method: 'GET' }, forge)
    expect([lambda.status, lambda.type]).toEqual([403, 'InvalidSignatureException'])
    const s3 = await send('/sig-private/a.txt', { service: 's3', method: 'GET' }, forge)
    expect(s3.status).toBe(403)
    expect(s3.text).toContain('<Code>SignatureDoesNotMatch</Code>')
    expect(s3.text).toContain('<CanonicalRequest>GET\n/sig-private/a.txt')
  })

  it('refuses a known key with the wrong secret, and a key it does not know', async () => {
    const wrongSecret = { ...otherKey, accessKeyId: cloud.sdk.credentials.accessKeyId }
    expect((await send('/', { service: 'sts', headers: FORM, body: STS_BODY, credentials: wrongSecret })).text).toContain('<Code>SignatureDoesNotMatch</Code>')
    const unknown = await send('/', { service: 'sts', headers: FORM, body: STS_BODY, credentials: otherKey })
    expect(unknown.status).toBe(403)
    expect(unknown.text).toContain('<Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message>')
    expect(JSON.parse((await send('/', { service: 'dynamodb', headers: DDB, body: '{}', credentials: otherKey })).text).__type).toMatch(/#UnrecognizedClientException$/)
    const s3 = await send('/sig-private/a.txt', { service: 's3', method: 'GET', credentials: otherKey })
    expect(s3.text).toContain('<Code>InvalidAccessKeyId</Code>')
    expect(s3.text).toContain(`<AWSAccessKeyId>${otherKey.accessKeyId}</AWSAccessKeyId>`)
    // The long-used `test`/`test` pair is just another unknown key.
    const test = await send('/', { service: 'sts', headers: FORM, body: STS_BODY, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } })
    expect(test.text).toContain('<Code>InvalidClientTokenId</Code>')
  })

  it('refuses a request whose path, query, body or a signed header changed after signing', async () => {
    const path = await send('/sig-private/a.txt', { service: 's3', method: 'GET' }, () => ({ path: '/sig-private/b.txt' }))
    expect(path.text).toContain('SignatureDoesNotMatch')
    const query = await send('/sig-private/a.txt', { service: 's3', method: 'GET' }, () => ({ path: '/sig-private/a.txt?versionId=null' }))
    expect(query.text).toContain('SignatureDoesNotMatch')
    const body = await send('/', { service: 'sts', headers: FORM, body: STS_BODY }, () => ({ body: 'Action=GetCallerIdentity&Version=2011-06-15&x=1' }))
    expect(body.text).toContain('<Code>SignatureDoesNotMatch</Code>')
    const ddbBody = await send('/', { service: 'dynamodb', headers: DDB, body: '{}' }, () => ({ body: '{"Limit":1}' }))
    expect(JSON.parse(ddbBody.text).__type).toMatch(/#InvalidSignatureException$/)
    const header = await send('/', { service: 'dynamodb', headers: DDB, body: '{}' }, (h) => void (h['x-amz-target'] = 'DynamoDB_20120810.DeleteTable'))
    expect(JSON.parse(header.text).__type).toMatch(/#InvalidSignatureException$/)
  })

  it('refuses S3 bodies that are not the ones the x-amz-content-sha256 header names', async () => {
    const url = `${cloud.endpoint}/sig-private/b.txt`
    const headers = await signHeaders(cloud, url, { service: 's3', method: 'PUT', body: 'what was signed' })
    const res = await answer(await localFetch(url, { method: 'PUT', headers, body: 'what was sent' }))
    expect(res.status).toBe(400)
    expect(res.text).toContain('<Code>XAmzContentSHA256Mismatch</Code>')
    expect(res.text).toContain(`<S3ComputedContentSHA256>${createHash('sha256').update('what was sent').digest('hex')}</S3ComputedContentSHA256>`)
  })

  it('requires host among the signed headers', async () => {
    const unsignHost = (h: Record<string, string>) => void (h.authorization = h.authorization.replace(/SignedHeaders=[^,]+/, 'SignedHeaders=x-amz-date'))
    const sts = await send('/', { service: 'sts', headers: FORM, body: STS_BODY }, unsignHost)
    expect(sts.text).toContain("&apos;Host&apos; or &apos;:authority&apos; must be a &apos;SignedHeader&apos; in the AWS Authorization.")
    const s3 = await send('/sig-private/a.txt', { service: 's3', method: 'GET' }, unsignHost)
    expect(s3.text).toContain('<HeadersNotSigned>host</HeadersNotSigned>')
  })

  it('refuses a signature more than 15 minutes off the clock', async () => {
    const signingDate = new Date(Date.now() - 20 * 60_000)
    const sts = await send('/', { service: 'sts', headers: FORM, body: STS_BODY, signingDate })
    expect(sts.status).toBe(403)
    expect(sts.text).toMatch(/<Code>SignatureDoesNotMatch<\/Code><Message>Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)/)
    const future = await send('/', { service: 'dynamodb', headers: DDB, body: '{}', signingDate: new Date(Date.now() + 20 * 60_000) })
    expect(JSON.parse(future.text).message).toMatch(/^Signature not yet current/)
    const s3 = await send('/sig-private/a.txt', { service: 's3', method: 'GET', signingDate })
    expect(s3.text).toContain('<Code>RequestTimeTooSkewed</Code>')
    expect(s3.text).toContain('<MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds>')
    // Within the window: accepted.
    expect((await send('/', { service: 'sts', headers: FORM, body: STS_BODY, signingDate: new Date(Date.now() - 10 * 60_000) })).status).toBe(200)
  })

  it('serves a presigned GET, and refuses it tampered, expired or valid for more than a week', async () => {
    const url = await presign(cloud, `${cloud.endpoint}/sig-private/a.txt`)
    expect(await (await localFetch(url)).text()).toBe('secret text')
    const tampered = await answer(await localFetch(url.replace('/a.txt', '/b.txt')))
    expect([tampered.status, tampered.text.includes('<Code>SignatureDoesNotMatch</Code>')]).toEqual([403, true])
    const expired = await answer(await localFetch(await presign(cloud, `${cloud.endpoint}/sig-private/a.txt`, { expiresIn: 60, signingDate: new Date(Date.now() - 120_000) })))
    expect(expired.status).toBe(403)
    expect(expired.text).toContain('<Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>60</X-Amz-Expires>')
    const long = new URL(url)
    long.searchParams.set('X-Amz-Expires', '604801')
    const tooLong = await answer(await localFetch(long.toString()))
    expect([tooLong.status, tooLong.text.includes('X-Amz-Expires must be less than a week (in seconds) that is 604800')]).toEqual([400, true])
    const partial = new URL(url)
    partial.searchParams.delete('X-Amz-Date')
    expect((await answer(await localFetch(partial.toString()))).text).toContain('<Code>AuthorizationQueryParametersError</Code>')
  })

  it('refuses S3 x-amz-* headers the signature does not cover: a presigned PUT cannot become a copy of a private object', async () => {
    const put = await presign(cloud, `${cloud.endpoint}/sig-private/upload.txt`, { method: 'PUT' })
    const copy = await answer(await localFetch(put, { method: 'PUT', headers: { 'x-amz-copy-source': '/sig-private/a.txt' } }))
    expect(copy.status).toBe(403)
    expect(copy.text).toContain('<Message>There were headers present in the request which were not signed</Message>')
    expect(copy.text).toContain('<HeadersNotSigned>x-amz-copy-source</HeadersNotSigned>')
    const plain = await localFetch(put, { method: 'PUT', body: 'uploaded' })
    expect(plain.status).toBe(200)
  })

  it('answers an unsigned call to each protocol family with the missing-token error; S3 treats it as anonymous', async () => {
    const query = await answer(await localFetch(`${cloud.endpoint}/`, { method: 'POST', headers: FORM, body: STS_BODY }))
    expect([query.status, query.text.includes('<Code>MissingAuthenticationToken</Code>')]).toEqual([403, true])
    const json = await answer(await localFetch(`${cloud.endpoint}/`, { method: 'POST', headers: DDB, body: '{}' }))
    expect([json.status, JSON.parse(json.text).__type]).toEqual([400, 'com.amazon.coral.service#MissingAuthenticationTokenException'])
    // (An unsigned GET of /{name}/… is S3's anonymous form here, as all services share one endpoint: a POST then.)
    const restJson = await answer(await localFetch(`${cloud.endpoint}/2015-03-31/functions`, { method: 'POST', body: '{}' }))
    expect([restJson.status, restJson.type]).toEqual([403, 'MissingAuthenticationTokenException'])
    const listBuckets = await answer(await localFetch(`${cloud.endpoint}/`))
    expect(listBuckets.status).toBe(403)
    // Anonymous S3: the bucket policy decides.
    expect(await (await localFetch(`${cloud.endpoint}/sig-public/a.txt`)).text()).toBe('public text')
    const denied = await answer(await localFetch(`${cloud.endpoint}/sig-private/a.txt`))
    expect([denied.status, denied.text.includes('<Code>AccessDenied</Code>')]).toEqual([403, true])
  })

  it('refuses Signature Version 2 and SigV4a', async () => {
    const v2 = await answer(await localFetch(`${cloud.endpoint}/sig-private/a.txt`, { headers: { authorization: `AWS ${otherKey.accessKeyId}:c2lnbmF0dXJl` } }))
    expect(v2.text).toContain('<Code>InvalidRequest</Code><Message>The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.</Message>')
    const v2Query = await answer(await localFetch(`${cloud.endpoint}/sig-private/a.txt?AWSAccessKeyId=${otherKey.accessKeyId}&Expires=9999999999&Signature=abc`))
    expect(v2Query.text).toContain('<Code>InvalidRequest</Code>')
    const v4a = await send('/', { service: 'sts', headers: FORM, body: STS_BODY }, (h) => void (h.authorization = h.authorization.replace('AWS4-HMAC-SHA256', 'AWS4-ECDSA-P256-SHA256')))
    expect(v4a.text).toContain('<Code>IncompleteSignature</Code>')
  })

  it('verifies signed streaming uploads chunk by chunk (STREAMING-AWS4-HMAC-SHA256-PAYLOAD)', async () => {
    const chunks = [Buffer.alloc(65_536, 'a'), Buffer.from('tail')]
    const upload = async (tamper: boolean) => {
      const url = `${cloud.endpoint}/sig-private/chunked.txt`
      const total = chunks.reduce((n, c) => n + c.length, 0)
      const signed = await signRequest(cloud, url, {
        service: 's3',
        method: 'PUT',
        headers: { 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': String(total) },
      })
      const [, scope, seed] = /Credential=\w+\/([^,]+), .*Signature=(\w+)/.exec(signed.headers.authorization)!
      const longDate = signed.headers['x-amz-date']
      let key: Buffer | string = `AWS4${cloud.sdk.credentials.secretAccessKey}`
      for (const part of scope.split('/')) key = createHmac('sha256', key).update(part).digest()
      const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex')
      let previous = seed
      const parts: Buffer[] = []
      for (const chunk of [...chunks, Buffer.alloc(0)]) {
        const sig = createHmac('sha256', key).update(`AWS4-HMAC-SHA256-PAYLOAD\n${longDate}\n${scope}\n${previous}\n${sha('')}\n${sha(chunk)}`).digest('hex')
        previous = sig
        const data = tamper && chunk.length === 4 ? Buffer.from('TAIL') : chunk
        parts.push(Buffer.from(`${chunk.length.toString(16)};chunk-signature=${sig}\r\n`), data, Buffer.from('\r\n'))
      }
      return answer(await localFetch(url, { method: 'PUT', headers: signed.headers, body: Buffer.concat(parts) }))
    }
    const ok = await upload(false)
    expect(ok.status, ok.text).toBe(200)
    const refused = await upload(true)
    expect([refused.status, refused.text.includes('<Code>SignatureDoesNotMatch</Code>')]).toEqual([403, true])
  })

  it('keeps /_lab/health open with only its name and version; pid and data folder only when signed with the install key', async () => {
    const health = await localFetch(`${cloud.endpoint}/_lab/health`)
    expect(health.status).toBe(200)
    const open = (await health.json()) as Record<string, unknown>
    expect(Object.keys(open).sort()).toEqual(['name', 'version'])
    expect(open.name).toBe('apigw-labs local cloud')
    const signed = await signedFetch(cloud, `${cloud.endpoint}/_lab/health`, { method: 'GET', service: 'lab' })
    const text = await signed.text()
    expect(JSON.parse(text)).toMatchObject({ name: 'apigw-labs local cloud', pid: process.pid, dataDir: cloud.dataDir })
    expect(text).not.toContain(cloud.sdk.credentials.secretAccessKey)
    // A forged signature (the right key id, the wrong secret) learns nothing more than an unsigned caller.
    const forged = await signedFetch(cloud, `${cloud.endpoint}/_lab/health`, { method: 'GET', service: 'lab', credentials: { ...cloud.sdk.credentials, secretAccessKey: 'x'.repeat(40) } })
    expect(Object.keys((await forged.json()) as object).sort()).toEqual(['name', 'version'])
  })
})
