/**
 * Garbage in, AWS-shaped errors out — and the cloud keeps serving. Every case ends with a health check.
 * Cases that depend on a service another part of the project builds say so in their name ("[s3]", …);
 * while such a service is still a placeholder, the case asserts its AWS-shaped 501 NotImplemented instead.
 */
import http from 'node:http'
import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { signHeaders } from '../helpers/signed-fetch.js'

let cloud: TestCloud
useTestCloud((c) => {
  cloud = c
})

/** Headers for a request `send` signs for `service` with the install's credentials (as an SDK would). */
const signed = (service: string, extra: Record<string, string> = {}) => ({ [SIGN_FOR]: service, ...extra })
const SIGN_FOR = 'x-test-sign-for'

async function withSignature(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer }) {
  const { [SIGN_FOR]: service, ...headers } = init.headers ?? {}
  if (!service) return init.headers
  return signHeaders(cloud, url, { service, method: init.method ?? 'POST', headers, body: init.body })
}
const JUNK = Buffer.from([0x00, 0xff, 0xfe, 0x7b, 0x22, 0x0d, 0x0a, 0x3c, 0x3f, 0x78, 0x80, 0x81, 0xc3, 0x28, 0x25, 0x5a])

async function send(path: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}) {
  const headers = await withSignature(`${cloud.endpoint}${path}`, init)
  const res = await fetch(`${cloud.endpoint}${path}`, { method: init.method ?? 'POST', headers, body: init.body })
  return { status: res.status, headers: res.headers, text: await res.text() }
}
type Reply = Awaited<ReturnType<typeof send>>

/** Like `send`, with a chosen Host header (fetch does not let one set it): service hosts such as `{id}.execute-api.localhost`. */
async function sendToHost(host: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
  const headers = await withSignature(`http://${host}:${cloud.port}${path}`, { method: 'GET', ...init })
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: cloud.port, path, method: init.method ?? 'GET', headers: { ...headers, host: `${host}:${cloud.port}` } }, (res) => {
      let text = ''
      res.on('data', (c) => (text += c))
      res.on('end', () => {
        const headers = new Headers()
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v)
        resolve({ status: res.statusCode ?? 0, headers, text })
      })
    })
    req.on('error', reject)
    req.end(init.body)
  })
}

async function expectAlive(): Promise<void> {
  const res = await fetch(`${cloud.endpoint}/_lab/health`)
  expect(res.status).toBe(200)
  expect((await res.json()).name).toBe('apigw-labs local cloud')
}

function expectQueryError(r: Reply, status: number, code?: string): void {
  expect(r.status).toBe(status)
  expect(r.headers.get('content-type')).toMatch(/xml/)
  expect(r.text).toMatch(/<ErrorResponse[^>]*><Error><Type>(Sender|Receiver)<\/Type><Code>[A-Za-z.]+<\/Code><Message>[^<]*<\/Message><\/Error><RequestId>[^<]+<\/RequestId><\/ErrorResponse>/)
  if (code) expect(r.text).toContain(`<Code>${code}</Code>`)
}

function expectJsonError(r: Reply, status: number, type: RegExp): void {
  expect(r.status).toBe(status)
  expect(r.headers.get('content-type')).toMatch(/^application\/(x-amz-json-1\.[01]|json)/)
  expect(JSON.parse(r.text).__type).toMatch(type)
}

/** rest-json (Lambda, API Gateway control plane): `x-amzn-errortype` and a JSON body with a message. */
function expectRestJsonError(r: Reply, status: number | RegExp): void {
  if (typeof status === 'number') expect(r.status).toBe(status)
  else expect(String(r.status)).toMatch(status)
  expect(r.headers.get('x-amzn-errortype')).toMatch(/^[A-Za-z]+/)
  const body = JSON.parse(r.text)
  expect(String(body.message ?? body.Message)).not.toBe('undefined')
}

function expectRestXmlError(r: Reply, status: number | RegExp, code?: string): void {
  if (typeof status === 'number') expect(r.status).toBe(status)
  else expect(String(r.status)).toMatch(status)
  expect(r.text).toMatch(/<Error><Code>[A-Za-z]+<\/Code><Message>[^<]*<\/Message>/)
  if (code) expect(r.text).toContain(`<Code>${code}</Code>`)
}

/** While a service is a placeholder it answers 501 NotImplemented in its protocol's shape; then `check` applies. */
function unlessNotImplemented(r: Reply, check: () => void): void {
  if (r.status === 501 || r.headers.get('x-amzn-errortype') === 'NotImplemented' || r.text.includes('<Code>NotImplemented</Code>')) {
    expect(r.status).toBe(501)
    expect(r.text).toMatch(/NotImplemented|does not implement/)
    return
  }
  check()
}

/** Write raw bytes on a fresh connection and read until the server closes it (or answers in full). */
function raw(bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(cloud.port, '127.0.0.1')
    let out = ''
    socket.on('data', (c) => (out += c.toString('latin1')))
    socket.on('end', () => resolve(out))
    socket.on('close', () => resolve(out))
    socket.on('error', (err) => (out ? resolve(out) : reject(err)))
    socket.end(bytes)
  })
}

describe('query protocol (sts, iam, cloudformation)', () => {
  it('unknown Action → 400 InvalidAction', async () => {
    expectQueryError(await send('/', { headers: signed('sts', { 'content-type': 'application/x-www-form-urlencoded' }), body: 'Action=Nope&Version=2011-06-15' }), 400, 'InvalidAction')
    await expectAlive()
  })
  it('[iam] binary junk body → 400 InvalidAction', async () => {
    expectQueryError(await send('/', { headers: signed('iam', { 'content-type': 'application/x-www-form-urlencoded' }), body: JUNK }), 400, 'InvalidAction')
    await expectAlive()
  })
  it('[iam] JSON body with a query content type expected → 400 InvalidAction', async () => {
    expectQueryError(await send('/', { headers: signed('iam', { 'content-type': 'application/json' }), body: '{"Action":"ListRoles"}' }), 400, 'InvalidAction')
    await expectAlive()
  })
  it('[iam] truncated percent-escapes in a policy → 400 MalformedPolicyDocument', async () => {
    const body = 'Action=CreateRole&Version=2010-05-08&RoleName=r&AssumeRolePolicyDocument=%7B%22Statement%22%3A%5B%7B%2'
    expectQueryError(await send('/', { headers: signed('iam', { 'content-type': 'application/x-www-form-urlencoded' }), body }), 400, 'MalformedPolicyDocument')
    await expectAlive()
  })
  it('[iam] internal operations are not reachable over the wire', async () => {
    expectQueryError(await send('/', { headers: signed('iam', { 'content-type': 'application/x-www-form-urlencoded' }), body: 'Action=_listTaggedResources' }), 400, 'InvalidAction')
    expectQueryError(await send('/', { headers: signed('iam', { 'content-type': 'application/x-www-form-urlencoded' }), body: 'Action=constructor' }), 400, 'InvalidAction')
    await expectAlive()
  })
  it('[cloudformation] unknown Action and a truncated template → 400 in the query shape', async () => {
    const form = signed('cloudformation', { 'content-type': 'application/x-www-form-urlencoded' })
    const unknown = await send('/', { headers: form, body: 'Action=Nope&Version=2010-05-15' })
    unlessNotImplemented(unknown, () => expectQueryError(unknown, 400, 'InvalidAction'))
    const truncated = await send('/', { headers: form, body: `Action=CreateStack&Version=2010-05-15&StackName=s&TemplateBody=${encodeURIComponent('{"Resources": {"A": ')}` })
    unlessNotImplemented(truncated, () => expectQueryError(truncated, 400, 'ValidationError'))
    await expectAlive()
  })
})

describe('JSON protocols (dynamodb 1.0, logs and tagging 1.1)', () => {
  const ddb = (op: string, extra: Record<string, string> = {}) => signed('dynamodb', { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${op}`, ...extra })
  it('[dynamodb] truncated JSON and binary junk → 400 SerializationException', async () => {
    expectJsonError(await send('/', { headers: ddb('PutItem'), body: '{"TableName": "t", "Item": {' }), 400, /#SerializationException$/)
    expectJsonError(await send('/', { headers: ddb('PutItem'), body: JUNK }), 400, /#SerializationException$/)
    await expectAlive()
  })
  it('[dynamodb] unknown operation → 400 UnknownOperationException', async () => {
    expectJsonError(await send('/', { headers: ddb('DropEverything'), body: '{}' }), 400, /#UnknownOperationException$/)
    await expectAlive()
  })
  it('[dynamodb] wrong content type → 404 UnknownOperationException (AWS quirk, as DynamoDB answers)', async () => {
    const r = await send('/', { headers: ddb('ListTables', { 'content-type': 'text/plain' }), body: '{}' })
    expect(r.status).toBe(404)
    expect(r.text).toContain('UnknownOperationException')
    await expectAlive()
  })
  it('[dynamodb] no credentials → 400 MissingAuthenticationTokenException', async () => {
    const r = await send('/', { headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' }, body: '{}' })
    expectJsonError(r, 400, /#MissingAuthenticationTokenException$/)
    await expectAlive()
  })
  it('[dynamodb] type errors inside valid JSON → 400 ValidationException or SerializationException', async () => {
    expectJsonError(await send('/', { headers: ddb('PutItem'), body: '{"TableName": 5, "Item": []}' }), 400, /#(SerializationException|ValidationException)$/)
    expectJsonError(await send('/', { headers: ddb('Query'), body: '{"TableName": "x".repeat(300)}' }), 400, /#SerializationException$/)
    await expectAlive()
  })
  it('[logs] truncated JSON, a JSON array and junk → 400 SerializationException in JSON 1.1', async () => {
    const headers = signed('logs', { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.CreateLogGroup' })
    for (const body of ['{"logGroupName": "/x', '[1,2]', JUNK]) {
      const r = await send('/', { headers, body })
      expectJsonError(r, 400, /^SerializationException$/)
      expect(r.headers.get('content-type')).toBe('application/x-amz-json-1.1')
    }
    await expectAlive()
  })
  it('[logs] wrong member types → 400 InvalidParameterException, never a 500', async () => {
    const headers = signed('logs', { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.PutLogEvents' })
    expectJsonError(await send('/', { headers, body: '{"logGroupName": {"a": 1}, "logStreamName": null, "logEvents": "x"}' }), 400, /^InvalidParameterException$/)
    await expectAlive()
  })
  it('[tagging] unknown operation and internal operations → 400 UnknownOperationException', async () => {
    for (const op of ['Nope', '_listTaggedResources', 'constructor', 'toString']) {
      const headers = signed('tagging', { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `ResourceGroupsTaggingAPI_20170126.${op}` })
      expectJsonError(await send('/', { headers, body: '{}' }), 400, /^UnknownOperationException$/)
    }
    await expectAlive()
  })
  it('unknown X-Amz-Target prefix → 400 UnknownOperationException', async () => {
    const r = await send('/', { headers: signed('nosuchservice', { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'NoSuchService_20990101.Do' }), body: '{}' })
    expect(r.status).toBe(400)
    expect(r.headers.get('x-amzn-errortype') ?? JSON.parse(r.text).__type).toMatch(/UnknownOperationException/)
    await expectAlive()
  })
})

describe('rest-json (lambda, apigateway control plane)', () => {
  it('[lambda] truncated JSON and junk → 400 in the rest-json shape', async () => {
    for (const body of ['{"FunctionName": "f", "Code": {', JUNK]) {
      const r = await send('/2015-03-31/functions', { headers: signed('lambda', { 'content-type': 'application/json' }), body })
      unlessNotImplemented(r, () => expectRestJsonError(r, 400))
    }
    await expectAlive()
  })
  it('[lambda] invalid percent-escapes in the path → 4xx in the rest-json shape', async () => {
    const r = await send('/2015-03-31/functions/%E0%A4%A/configuration', { method: 'GET', headers: signed('lambda') })
    unlessNotImplemented(r, () => expectRestJsonError(r, /^4\d\d$/))
    await expectAlive()
  })
  it('[apigateway] truncated JSON, junk and a wrong content type → 400 in the rest-json shape', async () => {
    for (const [type, body] of [['application/json', '{"name": "api", '], ['application/json', JUNK], ['text/plain', 'name=api']] as const) {
      const r = await send('/restapis', { headers: signed('apigateway', { 'content-type': type }), body })
      unlessNotImplemented(r, () => expectRestJsonError(r, 400))
    }
    await expectAlive()
  })
  it('[apigateway] invalid percent-escapes in the path → 4xx in the rest-json shape', async () => {
    const r = await send('/restapis/%ZZ/resources', { method: 'GET', headers: signed('apigateway') })
    unlessNotImplemented(r, () => expectRestJsonError(r, /^4\d\d$/))
    await expectAlive()
  })
})

describe('rest-xml (s3)', () => {
  it('[s3] malformed CreateBucketConfiguration → 400 MalformedXML', async () => {
    const r = await send('/robust-bucket', { method: 'PUT', headers: signed('s3', { 'content-type': 'application/xml' }), body: '<CreateBucketConfiguration><LocationConstraint>eu-west-1' })
    unlessNotImplemented(r, () => expectRestXmlError(r, 400, 'MalformedXML'))
    await expectAlive()
  })
  it('[s3] junk as a bucket policy → 400 in the XML error shape', async () => {
    await send('/robust-bucket-2', { method: 'PUT', headers: signed('s3') })
    const r = await send('/robust-bucket-2?policy', { method: 'PUT', headers: signed('s3', { 'content-type': 'application/json' }), body: JUNK })
    unlessNotImplemented(r, () => expectRestXmlError(r, 400))
    await expectAlive()
  })
  it('[s3] invalid percent-escapes in a key → 4xx in the XML error shape', async () => {
    const r = await send('/robust-bucket-2/%E0%A4%A', { method: 'GET', headers: signed('s3') })
    unlessNotImplemented(r, () => expectRestXmlError(r, /^4\d\d$/))
    await expectAlive()
  })
})

describe('S3 hosts (virtual-hosted buckets, website endpoints)', () => {
  it('[s3] an invalid escape on a bucket host → 400 InvalidURI in the XML error shape', async () => {
    const r = await sendToHost('robust-bucket-3.localhost', '/%ZZ', { headers: signed('s3') })
    unlessNotImplemented(r, () => expectRestXmlError(r, 400, 'InvalidURI'))
    await expectAlive()
  })
  it('[s3] a website request for a missing bucket with a broken path → the HTML error page S3 websites send', async () => {
    const r = await sendToHost('no-such-site.s3-website.localhost', '/%E0%A4%A')
    unlessNotImplemented(r, () => {
      expect(r.status).toBe(404)
      expect(r.headers.get('content-type')).toMatch(/^text\/html/)
      expect(r.text).toContain('<li>Code: NoSuchBucket</li>')
    })
    await expectAlive()
  })
})

describe('execute-api (apigateway data plane)', () => {
  it('[apigateway] an unknown API id → JSON {message} with x-amzn-errortype', async () => {
    for (const path of ['/_aws/execute-api/nosuchapi1/prod/x', '/_aws/execute-api/nosuchapi1/prod/%E0%A4%A']) {
      const r = await send(path, { method: 'GET' })
      unlessNotImplemented(r, () => {
        expect(String(r.status)).toMatch(/^4\d\d$/)
        expect(r.headers.get('x-amzn-errortype')).toBeTruthy()
        expect(typeof JSON.parse(r.text).message).toBe('string')
      })
    }
    await expectAlive()
  })
  it('[apigateway] junk to an unknown API host → JSON {message}', async () => {
    const r = await sendToHost('nosuchapi2.execute-api.localhost', '/prod/%%%', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: JUNK })
    unlessNotImplemented(r, () => {
      expect(String(r.status)).toMatch(/^4\d\d$/)
      expect(r.headers.get('x-amzn-errortype')).toBeTruthy()
      expect(typeof JSON.parse(r.text).message).toBe('string')
    })
    await expectAlive()
  })
})

describe('the edge', () => {
  it('an unknown signing service → 400 UnknownOperationException', async () => {
    const r = await send('/', { headers: signed('nosuchservice', { 'content-type': 'application/json' }), body: '{}' })
    expectRestJsonError(r, 400)
    expect(r.headers.get('x-amzn-errortype')).toBe('UnknownOperationException')
    expect(JSON.parse(r.text).message).toMatch(/does not implement the AWS service "nosuchservice"/)
    await expectAlive()
  })
  it('an unsigned form post → 403 MissingAuthenticationToken in the query shape', async () => {
    expectQueryError(await send('/', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=Anything' }), 403, 'MissingAuthenticationToken')
    await expectAlive()
  })
  it('a malformed Authorization header and invalid escapes → an AWS-shaped 400', async () => {
    const r = await send('/%E0%A4%A?%ZZ=%', { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=/////', 'content-type': 'application/json' }, body: '{' })
    expectRestJsonError(r, 400)
    await expectAlive()
  })
  it('huge headers → an AWS-shaped 431, and the cloud keeps serving', async () => {
    const reply = await raw(`GET /_lab/health HTTP/1.1\r\nHost: localhost\r\nx-big: ${'a'.repeat(64 * 1024)}\r\n\r\n`)
    expect(reply).toMatch(/^HTTP\/1\.1 431 /)
    expect(reply).toContain('RequestHeaderFieldsTooLarge')
    await expectAlive()
  })
  it('a malformed HTTP request → an AWS-shaped 400, and the cloud keeps serving', async () => {
    const reply = await raw('GARBAGE\u0000\r\n\r\n')
    expect(reply).toMatch(/^HTTP\/1\.1 400 /)
    expect(reply).toContain('BadRequest')
    await expectAlive()
  })
  it('a broken chunked body → an AWS-shaped 400 (or a closed connection), and the cloud keeps serving', async () => {
    const reply = await raw('POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nX-Amz-Target: Logs_20140328.CreateLogGroup\r\n\r\n5\r\n{"log\r\nZZZ\r\n\r\n')
    if (reply) {
      expect(reply).toMatch(/^HTTP\/1\.1 400 /)
      // Unsigned: refused on its headers, before the broken body is read.
      expect(reply).toMatch(/BadRequest|SerializationException|MissingAuthenticationTokenException/)
    }
    await expectAlive()
  })
  it('a client that hangs up mid-body does not disturb the cloud', async () => {
    await raw('POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\nX-Amz-Target: Logs_20140328.CreateLogGroup\r\n\r\n{"logGroupName"')
    await expectAlive()
  })
  it('a body over the limit → 413 RequestEntityTooLarge (not a reset connection)', async () => {
    const r = await send('/', { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.CreateLogGroup' }, body: Buffer.alloc(65 * 1024 * 1024, 0x20) })
    expect(r.status).toBe(413)
    expect(r.headers.get('x-amzn-errortype') ?? r.text).toMatch(/RequestEntityTooLarge/)
    await expectAlive()
  })
  it('a burst of concurrent garbage is all answered', async () => {
    const targets = ['DynamoDB_20120810.PutItem', 'Logs_20140328.PutLogEvents', 'ResourceGroupsTaggingAPI_20170126.GetResources', 'Bogus.Op']
    const replies = await Promise.all(Array.from({ length: 60 }, (_, i) =>
      send('/', { headers: signed('dynamodb', { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': targets[i % targets.length] }), body: i % 2 ? JUNK : '{"' })))
    for (const r of replies) expect(String(r.status)).toMatch(/^4\d\d$/)
    await expectAlive()
  })
})
