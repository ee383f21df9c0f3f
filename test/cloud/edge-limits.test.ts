/**
 * The edge decides on the headers before it reads a body, holds a bounded number of body bytes, and answers or
 * closes slow and lying clients within its (here short) deadlines — while keep-alive still works for the SDKs.
 * Every case sends its headers and holds the body back: an answer that arrives proves nothing was waited for.
 */
import http from 'node:http'
import { describe, expect, it } from 'vitest'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'
import { converse, keepSending, statusOf } from '../helpers/raw-socket.js'
import { presignedUrl, signedHeaders } from '../helpers/signed-url.js'

const KiB = 1024
const MiB = 1024 * KiB
let cloud: TestCloud
useTestCloud(
  (c) => {
    cloud = c
  },
  undefined,
  { limits: { maxBytesInFlight: 8 * MiB } },
)

const headFor = (target: TestCloud, requestLine: string, headers: Record<string, string | number>) =>
  `${requestLine}\r\n${Object.entries({ host: `localhost:${target.port}`, ...headers }).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`
const head = (requestLine: string, headers: Record<string, string | number>) => headFor(cloud, requestLine, headers)
const API = '/_aws/execute-api/nosuchapi/prod/upload'
/**
 * A SigV4 Authorization with this cloud's key and the current date, which passes the checks made on the headers;
 * its signature (checked once the body is read, for these APIs) would fail, but these bodies are refused first.
 */
const fakeAuth = (service: string) => {
  const date = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '')
  return {
    authorization: `AWS4-HMAC-SHA256 Credential=${cloud.sdk.credentials.accessKeyId}/${date.slice(0, 8)}/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
    'x-amz-date': date,
  }
}

/** One chunk of a `Transfer-Encoding: chunked` body. */
const chunk = (c: Buffer) => Buffer.concat([Buffer.from(`${c.length.toString(16)}\r\n`), c, Buffer.from('\r\n')])

async function expectAlive(): Promise<void> {
  expect((await fetch(`${cloud.endpoint}/_lab/health`)).status).toBe(200)
}

describe('decided on the headers, before the body', () => {
  it('a foreign page’s 50 MB post is refused while its body is still held back, and the connection closed', async () => {
    const talk = converse(cloud.port, head('POST /?Action=CreateStack&Version=2010-05-15 HTTP/1.1', { origin: 'http://attacker.example', 'content-type': 'application/x-www-form-urlencoded', 'content-length': 50 * MiB }))
    const reply = await talk.closed
    expect(statusOf(reply)).toBe(403)
    expect(reply).toContain('<Code>AccessDenied</Code>')
    expect(reply.toLowerCase()).toContain('connection: close')
    await expectAlive()
  })

  it('a Content-Length over the service’s limit is answered at once, in its error shape', async () => {
    const cases = [
      { line: `POST ${API} HTTP/1.1`, headers: {}, length: 10 * MiB + 1, status: 413, text: '{"message":"HTTP content length exceeded 10485760 bytes."}' },
      { line: 'POST /2015-03-31/functions/f/invocations HTTP/1.1', headers: { ...fakeAuth('lambda') }, length: 6 * MiB + 1, status: 413, text: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation' },
      { line: 'PUT /bucket/big.bin HTTP/1.1', headers: { ...fakeAuth('s3') }, length: 200 * MiB, status: 400, text: '<MaxSizeAllowed>134217728</MaxSizeAllowed>' },
      { line: 'POST / HTTP/1.1', headers: { 'x-amz-target': 'DynamoDB_20120810.BatchWriteItem', ...fakeAuth('dynamodb') }, length: 17 * MiB, status: 413, text: 'RequestEntityTooLarge' },
    ]
    for (const c of cases) {
      const reply = await converse(cloud.port, head(c.line, { ...c.headers, 'content-length': c.length })).closed
      expect(statusOf(reply), c.line).toBe(c.status)
      expect(reply).toContain(c.text)
    }
    await expectAlive()
  })

  it('a chunked body is counted as it streams: over the limit → 413 and a close, whatever the client keeps sending', async () => {
    // Signed with this install's key: an authentication step before the body lets it through, the size limit does not.
    const invoke = '/2015-03-31/functions/f/invocations'
    const signed = await signedHeaders(cloud, 'lambda', `${cloud.endpoint}${invoke}`, 'POST', { 'content-type': 'application/json' })
    const talk = converse(cloud.port, head(`POST ${invoke} HTTP/1.1`, { ...signed, 'transfer-encoding': 'chunked' }))
    keepSending(talk.socket, Buffer.alloc(64 * KiB, 0x61), 64 * MiB, chunk)
    const reply = await talk.closed
    expect(statusOf(reply)).toBe(413)
    expect(reply).toContain('RequestEntityTooLargeException')
    await expectAlive()
  })

  it('Expect: 100-continue: a refused request is answered without "100 Continue"; an accepted one is told to send', async () => {
    const ask = (headers: Record<string, string>) =>
      new Promise<{ continued: boolean; status: number }>((resolve, reject) => {
        let continued = false
        const req = http.request(`${cloud.endpoint}${API}`, { method: 'POST', headers: { expect: '100-continue', 'content-length': '5', ...headers } }, (res) => {
          res.resume().on('end', () => resolve({ continued, status: res.statusCode ?? 0 }))
        })
        req.on('continue', () => {
          continued = true
          req.end('hello')
        })
        req.on('error', reject)
        req.flushHeaders()
      })
    expect(await ask({ host: `rebind.attacker.example:${cloud.port}` })).toEqual({ continued: false, status: 403 })
    expect(await ask({})).toEqual({ continued: true, status: 404 }) // API Gateway's own answer for an unknown API
  })
})

describe('bytes in flight across requests', () => {
  it('a body larger than what all requests may hold gets a retryable 503 in its protocol, before it is sent', async () => {
    const url = await presignedUrl(cloud, 's3', `${cloud.endpoint}/any-bucket/nine-megabytes.bin`, 'PUT')
    const target = new URL(url)
    const reply = await converse(cloud.port, head(`PUT ${target.pathname}${target.search} HTTP/1.1`, { 'content-length': 9 * MiB })).closed
    expect(statusOf(reply)).toBe(503)
    expect(reply).toContain('<Code>SlowDown</Code>')
    // A client that asks first (Expect: 100-continue, as the SDKs do for large uploads) is not told to send.
    const asked = await converse(cloud.port, head(`PUT ${target.pathname}${target.search} HTTP/1.1`, { 'content-length': 9 * MiB, expect: '100-continue' })).closed
    expect(statusOf(asked)).toBe(503)
    expect(asked).not.toContain('100 Continue')
  })

  it('bodies held by other requests count: one that does not fit is refused at once, a chunked one as it streams, and room returns when they end', async () => {
    // The first request holds 6 MiB: the cloud has said "100 Continue", so it has taken the room for its body.
    const holder = converse(cloud.port, head(`POST ${API} HTTP/1.1`, { 'content-length': 6 * MiB, expect: '100-continue' }))
    await holder.received('100 Continue')
    const body = JSON.stringify({ RequestItems: { t: [{ PutRequest: { Item: { id: { S: 'x'.repeat(3 * MiB) } } } }] } })
    const url = `${cloud.endpoint}/`
    const headers = await signedHeaders(cloud, 'dynamodb', url, 'POST', { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.BatchWriteItem' }, body)
    const refused = await fetch(url, { method: 'POST', headers, body })
    const refusal = await refused.text()
    expect(refused.status, refusal).toBe(503)
    expect(JSON.parse(refusal).__type).toMatch(/ServiceUnavailable$/)
    const chunked = converse(cloud.port, head(`POST ${API} HTTP/1.1`, { 'transfer-encoding': 'chunked' }))
    keepSending(chunked.socket, Buffer.alloc(64 * KiB, 0x61), 64 * MiB, chunk)
    const streamed = await chunked.closed
    expect(statusOf(streamed)).toBe(503)
    expect(streamed).toContain('x-amzn-errortype: ServiceUnavailable')
    holder.socket.destroy()
    await holder.closed
    const fits = await fetch(`${cloud.endpoint}${API}`, { method: 'POST', body: 'x'.repeat(3 * MiB) })
    expect(fits.status).toBe(404) // reached API Gateway
  })
})

describe('slow and lying clients', () => {
  // A cloud of their own, with deadlines short enough for a test.
  let slow: TestCloud
  useTestCloud(
    (c) => {
      slow = c
    },
    undefined,
    { limits: { headersTimeoutMs: 600, bodyIdleTimeoutMs: 600, requestTimeoutMs: 20_000 } },
  )
  const head = (requestLine: string, headers: Record<string, string | number>) => headFor(slow, requestLine, headers)

  it('a Content-Length longer than the body → 408 once the body stops arriving, and a close', async () => {
    const talk = converse(slow.port, head(`POST ${API} HTTP/1.1`, { 'content-length': 1000 }) + '0123456789')
    const reply = await talk.closed
    expect(statusOf(reply)).toBe(408)
    expect(reply).toContain('10 bytes of the 1000 that Content-Length announced')
    expect((await fetch(`${slow.endpoint}/_lab/health`)).status).toBe(200)
  })

  it('S3 answers the same with its own RequestTimeout (400)', async () => {
    const target = new URL(await presignedUrl(slow, 's3', `${slow.endpoint}/any-bucket/slow.txt`, 'PUT'))
    const reply = await converse(slow.port, head(`PUT ${target.pathname}${target.search} HTTP/1.1`, { 'content-length': 1000 }) + 'abc').closed
    expect(statusOf(reply)).toBe(400)
    expect(reply).toContain('<Code>RequestTimeout</Code>')
  })

  it('headers that never end (slowloris) → 408 and a close, even while they keep trickling in', async () => {
    const talk = converse(slow.port, `GET /_lab/health HTTP/1.1\r\nHost: localhost:${slow.port}\r\n`)
    const drip = setInterval(() => talk.socket.writable && talk.socket.write('x-slow: 1\r\n'), 100)
    const reply = await talk.closed.finally(() => clearInterval(drip))
    expect(statusOf(reply)).toBe(408)
    expect(reply).toContain('RequestTimeout')
    expect((await fetch(`${slow.endpoint}/_lab/health`)).status).toBe(200)
  })

  it('keep-alive survives idle time longer than the header deadline (the SDKs reuse their connections)', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const get = () =>
      new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        const req = http.get(`${slow.endpoint}/_lab/health`, { agent }, (res) => res.resume().on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket })))
        req.on('error', reject)
      })
    expect(await get()).toEqual({ status: 200, reused: false })
    await new Promise((r) => setTimeout(r, 1500))
    expect(await get()).toEqual({ status: 200, reused: true })
    agent.destroy()
  })
})

describe('WebSocket upgrades', () => {
  const upgrade = (path: string, headers: Record<string, string>) =>
    converse(cloud.port, head(`GET ${path} HTTP/1.1`, { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers })).closed

  it('pass the same Host and page checks as any request', async () => {
    const foreign = await upgrade('/', { origin: 'http://attacker.example', 'x-amz-target': 'DynamoDB_20120810.ListTables' })
    expect(statusOf(foreign)).toBe(403)
    expect(foreign).toContain('refuses AWS API calls made by web pages')
    const rebound = await upgrade('/', { host: `rebind.attacker.example:${cloud.port}` })
    expect(statusOf(rebound)).toBe(403)
    expect(rebound).toContain('DNS rebinding')
  })

  it('to a public data plane, a page’s upgrade passes the edge (API Gateway’s own rules apply there)', async () => {
    const reply = await upgrade('/prod', { host: `abc123defg.execute-api.localhost:${cloud.port}`, origin: 'http://any-page.example' })
    // The WebSocket data plane answers (no such API here), not the edge's refusal of web pages.
    expect(statusOf(reply)).toBe(403)
    expect(reply).toContain('{"message":"Forbidden"}')
    expect(reply).not.toContain('refuses AWS API calls made by web pages')
  })
})
