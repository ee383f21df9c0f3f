/**
 * No web page can use the local cloud's AWS APIs — not even the pages it serves itself (S3 objects and websites,
 * API stages), whose content anyone with write access to a bucket chose — while the CLI, SDKs, curl and typed
 * URLs keep working, and the public data planes keep taking any page's requests.
 */
import { CloudFormationClient, ListStacksCommand } from '@aws-sdk/client-cloudformation'
import { describe, expect, it } from 'vitest'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'
import { presignedUrl } from '../helpers/signed-url.js'

let cloud: TestCloud
useTestCloud((c) => {
  cloud = c
})

/** What an `<img>` or a form on any page could send: Query API parameters with made-up credentials. */
function listStacksUrl(): string {
  const credential = encodeURIComponent('AKIAANYTHING/20261125/us-east-1/cloudformation/aws4_request')
  return `${cloud.endpoint}/?Action=ListStacks&Version=2010-05-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${credential}&X-Amz-Date=20261125T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=00`
}

async function call(url: string, headers: Record<string, string>, method = 'GET') {
  const res = await fetch(url, { method, headers })
  return { status: res.status, body: await res.text() }
}

describe('web pages and the AWS APIs', () => {
  it('refuses AWS API calls made by any page: foreign, sandboxed, without an Origin, or same-origin', async () => {
    for (const headers of [
      { origin: 'http://attacker.example' },
      { origin: 'null' }, // a sandboxed frame or a file: page
      { referer: 'https://attacker.example/page.html' }, // an <img> or <script> URL
      { 'sec-fetch-site': 'cross-site' }, // the same, from a page that sends no Referer
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'same-origin' }, // a page served from localhost:PORT that dropped its Referer
    ]) {
      for (const method of ['GET', 'POST']) {
        const refused = await call(listStacksUrl(), headers, method)
        expect(refused.status, `${method} ${JSON.stringify(headers)}`).toBe(403)
        expect(refused.body).toContain('<Code>AccessDenied</Code>')
        expect(refused.body).toContain('refuses AWS API calls made by web pages')
      }
    }
  })

  it("refuses the cloud's own pages too: S3 websites, API stages, objects served from localhost", async () => {
    const port = cloud.port
    for (const headers of [
      { origin: `http://my-site.s3-website.localhost:${port}` },
      { origin: `http://abc123defg.execute-api.localhost:${port}` },
      { origin: `http://localhost:${port}` }, // an HTML object at localhost:PORT/bucket/page.html
      { origin: `http://my-bucket.localhost:${port}` },
      { referer: `http://localhost:${port}/my-bucket/page.html` },
      { referer: `http://127.0.0.1:${port}/my-bucket/page.html`, 'sec-fetch-site': 'same-origin' },
    ]) {
      const refused = await call(listStacksUrl(), headers, 'POST')
      expect(refused.status, JSON.stringify(headers)).toBe(403)
      expect(refused.body).toContain('its own S3 and API pages included')
    }
    // DynamoDB by X-Amz-Target and Lambda's REST API, from the cloud's own origin.
    const target = await fetch(`${cloud.endpoint}/`, {
      method: 'POST',
      headers: { origin: `http://localhost:${port}`, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' },
      body: '{}',
    })
    expect(target.status).toBe(403)
    expect(JSON.parse(await target.text()).__type).toMatch(/AccessDenied$/)
    const lambda = await fetch(`${cloud.endpoint}/2015-03-31/functions`, {
      headers: { referer: `http://site.s3-website.localhost:${port}/`, authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=00' },
    })
    expect(lambda.status).toBe(403)
    expect(lambda.headers.get('x-amzn-errortype')).toBe('AccessDenied')
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

  it('serves the SDK, curl-like clients and URLs typed into the address bar (Sec-Fetch-Site: none)', async () => {
    const cfn = new CloudFormationClient(cloud.sdk)
    expect((await cfn.send(new ListStacksCommand({}))).StackSummaries).toEqual([])
    const url = await presignedUrl(cloud, 'cloudformation', `${cloud.endpoint}/?Action=ListStacks&Version=2010-05-15`)
    for (const headers of [{}, { 'sec-fetch-site': 'none' }]) {
      const served = await call(url, headers)
      expect(served.status, JSON.stringify(headers)).toBe(200)
      expect(served.body).toContain('<ListStacksResponse')
    }
  })

  it('lets any page call the public data planes, whose own CORS rules and policies apply', async () => {
    const api = await fetch(`${cloud.endpoint}/_aws/execute-api/nosuchapi/prod/`, { headers: { origin: 'http://attacker.example' } })
    expect(api.status).toBe(404) // API Gateway's own answer, not the edge's
    const s3 = await fetch(`${cloud.endpoint}/no-such-bucket/key`, { headers: { origin: 'http://attacker.example', 'sec-fetch-site': 'cross-site' } })
    expect(await s3.text()).toContain('NoSuchBucket')
  })

  it('refuses S3 POSTs from any page: unlike a PUT or a DELETE, a page can send one without asking first', async () => {
    const credential = encodeURIComponent('AKIAANYTHING/20261125/us-east-1/s3/aws4_request')
    const url = `${cloud.endpoint}/some-bucket?delete&X-Amz-Credential=${credential}`
    const body = '<Delete><Object><Key>index.html</Key></Object></Delete>'
    for (const origin of ['http://attacker.example', `http://some-bucket.s3-website.localhost:${cloud.port}`]) {
      const refused = await fetch(url, { method: 'POST', headers: { origin, 'content-type': 'text/plain' }, body })
      expect(refused.status).toBe(403)
      expect(await refused.text()).toContain('refuses AWS API calls made by web pages')
    }
  })
})
