/**
 * Web pages from elsewhere cannot use the local cloud's AWS APIs (it accepts any credentials and runs the code
 * it is given), while the CLI, SDKs, curl and the pages the cloud serves keep working.
 */
import { CloudFormationClient, ListStacksCommand } from '@aws-sdk/client-cloudformation'
import { describe, expect, it } from 'vitest'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'
import { markedFetch, presign, signAs } from '../helpers/signed-fetch.js'

let cloud: TestCloud
useTestCloud((c) => {
  cloud = c
})

/** What an `<img>` or a form on any page could send: Query API parameters with made-up credentials. */
function listStacksUrl(): string {
  const credential = encodeURIComponent('AKIAANYTHING/20261125/us-east-1/cloudformation/aws4_request')
  return `${cloud.endpoint}/?Action=ListStacks&Version=2010-05-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${credential}&X-Amz-Date=20261125T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=00`
}

async function call(headers: Record<string, string>, method = 'GET') {
  const res = await fetch(listStacksUrl(), { method, headers })
  return { status: res.status, body: await res.text() }
}

describe('callers from outside this machine', () => {
  it('refuses AWS API calls made by a page on another site, with or without an Origin', async () => {
    for (const headers of [
      { origin: 'http://attacker.example' },
      { origin: 'null' }, // a sandboxed frame or a file: page
      { referer: 'https://attacker.example/page.html' }, // an <img> or <script> URL
      { 'sec-fetch-site': 'cross-site' }, // the same, from a page that sends no Referer
    ]) {
      const refused = await call(headers, 'POST')
      expect(refused.status, JSON.stringify(headers)).toBe(403)
      expect(refused.body).toContain('<Code>AccessDenied</Code>')
      expect(refused.body).toContain('web pages outside this machine')
    }
  })

  it('refuses requests addressed to another name for this machine (DNS rebinding)', async () => {
    const { request } = await import('node:http')
    const url = new URL(listStacksUrl())
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: url.port, path: url.pathname + url.search, headers: { host: `rebind.attacker.example:${url.port}` } }, (res) => {
        let body = ''
        res.setEncoding('utf8').on('data', (c: string) => (body += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      })
      req.on('error', reject)
      req.end()
    })
    expect(answer.status).toBe(403)
    expect(answer.body).toContain('not &quot;rebind.attacker.example&quot;')
  })

  it('serves the SDK, curl-like clients, typed URLs and pages served on *.localhost', async () => {
    const cfn = new CloudFormationClient(cloud.sdk)
    expect((await cfn.send(new ListStacksCommand({}))).StackSummaries).toEqual([])
    // A typed URL works when it is a real presigned one (the cloud verifies signatures).
    const url = await presign(cloud, `${cloud.endpoint}/?Action=ListStacks&Version=2010-05-15`, { service: 'cloudformation' })
    for (const headers of [{}, { 'sec-fetch-site': 'none' }, { origin: 'http://site.s3-website.localhost:4599' }, { referer: 'http://127.0.0.1:8080/app.html' }]) {
      const res = await fetch(url, { headers })
      const served = { status: res.status, body: await res.text() }
      expect(served.status, JSON.stringify(headers)).toBe(200)
      expect(served.body).toContain('<ListStacksResponse')
    }
  })

  it('lets any page call the public data planes, whose own CORS rules apply', async () => {
    const api = await fetch(`${cloud.endpoint}/_aws/execute-api/nosuchapi/prod/`, { headers: { origin: 'http://attacker.example' } })
    expect(api.status).toBe(404) // API Gateway's own answer, not the guard's
    const s3 = await fetch(`${cloud.endpoint}/no-such-bucket/key`, { headers: { origin: 'http://attacker.example' } })
    expect(await s3.text()).toContain('NoSuchBucket')
  })

  it("refuses S3 POSTs from a foreign page: unlike a PUT or a DELETE, a page can send one without asking first", async () => {
    const credential = encodeURIComponent('AKIAANYTHING/20261125/us-east-1/s3/aws4_request')
    const url = `${cloud.endpoint}/some-bucket?delete&X-Amz-Credential=${credential}`
    const body = '<Delete><Object><Key>index.html</Key></Object></Delete>'
    const refused = await fetch(url, { method: 'POST', headers: { origin: 'http://attacker.example', 'content-type': 'text/plain' }, body })
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain('web pages outside this machine')
    const fromHere = await markedFetch(cloud, `${cloud.endpoint}/some-bucket?delete`, { method: 'POST', headers: { ...signAs('s3'), origin: 'http://some-bucket.s3-website.localhost:4599' }, body })
    expect(await fromHere.text()).toContain('NoSuchBucket')
  })
})
