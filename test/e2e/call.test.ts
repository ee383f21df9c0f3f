/**
 * `lab call` against a real HTTP server on loopback: what it sends (method, headers, body, token, signature)
 * and what it shows; an HTTP error status is an answer (no error), while a refused connection, a timeout or bad
 * input is a LabError (a non-zero exit) that says what to do.
 */
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call } from '../../src/cli/commands/call.js'
import type { CommandContext } from '../../src/cli/context.js'
import { verifySigV4 } from '../../src/cloud/edge/sigv4.js'
import { LabError } from '../../src/runner/errors.js'
import { ProgressStore } from '../../src/runner/progress.js'
import { identityCredentials, identityNames, labIdentityRef } from '../../src/runner/call-identity.js'
import { parseCallUrl, parseHeader, regionOfUrl } from '../../src/runner/call-request.js'
import { formatBody } from '../../src/ui/call-report.js'
import { captureOutput, type CapturedOutput } from '../../src/ui/output.js'

const root = path.resolve(import.meta.dirname, '../..')
type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }
let server: http.Server
let base: string
let last: Seen

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      last = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() }
      if (req.url!.startsWith('/slow')) return void setTimeout(() => res.end('late'), 3000)
      const status = req.url!.startsWith('/denied') ? 403 : 200
      res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': status === 403 ? 'AccessDeniedException' : 'none' })
      res.end(JSON.stringify(status === 403 ? { message: 'User is not authorized to access this resource' } : { ok: true, nested: { a: [1, 2] } }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

function context(): CommandContext & { out: CapturedOutput } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-call-'))
  return { out: captureOutput(), labHome: home, contentDir: root, cwd: home, progress: new ProgressStore(home) }
}

describe('lab call', () => {
  it('says which URL a path went to, and that the folder picked lab 350 though 351 was started last', async () => {
    const ctx = { ...context(), command: 'call' }
    const ws350 = path.join(ctx.labHome, 'workspaces', '350-cors')
    const ws351 = path.join(ctx.labHome, 'workspaces', '351-iam-auth')
    fs.mkdirSync(ws350, { recursive: true })
    ctx.progress.update((p) => {
      p.current = '351'
      p.labs['350'] = { workspace: ws350 }
      p.labs['351'] = { workspace: ws351 }
    })
    const seen: string[] = []
    const outputs = async (lab: { manifest: { id: string } }) => (seen.push(lab.manifest.id), { ApiUrl: `${base}/prod/` })
    await call({ ...ctx, cwd: ws350 }, { url: '/denied' }, { outputs })
    expect(seen).toEqual(['350'])
    expect(ctx.out.stdout[0]).toBe(`GET ${base}/prod/denied (lab 350's ApiUrl)`)
    expect(ctx.out.stderr.join('\n')).toContain(`Lab 350 (this folder's workspace); you started 351 last: \`cd ${ws351}\` or \`lab call --lab 351 …\`.`)
    ctx.out.stdout.length = 0
    ctx.out.stderr.length = 0
    await call({ ...ctx, cwd: ws350 }, { url: '/denied', lab: '351' }, { outputs })
    expect(seen).toEqual(['350', '351'])
    expect(ctx.out.stdout[0]).toBe(`GET ${base}/prod/denied (lab 351's ApiUrl)`)
    expect(ctx.out.stderr).toEqual([])
  })

  it('shows status, headers, the JSON body pretty-printed and the time, and a 403 is an answer, not an error', async () => {
    const ctx = context()
    await call(ctx, { url: `${base}/denied?x=1` })
    const text = ctx.out.stdout.join('\n')
    expect(text).toMatch(/^HTTP 403 Forbidden/)
    expect(text).toContain('x-amzn-errortype: AccessDeniedException')
    expect(text).toContain('{\n  "message": "User is not authorized to access this resource"\n}')
    expect(text).toMatch(/\d+ ms \(first byte after \d+ ms\)/)
    expect(last).toMatchObject({ method: 'GET', url: '/denied?x=1' })
  })

  it('sends the method, repeated headers and a body from a file (POST by default with --data)', async () => {
    const ctx = context()
    const file = path.join(ctx.labHome, 'body.json')
    fs.writeFileSync(file, '{"from":"file"}')
    await call(ctx, { url: `${base}/ok`, header: ['X-One: 1', 'Content-Type: application/json'], data: `@${file}` })
    expect(last.method).toBe('POST')
    expect(last.body).toBe('{"from":"file"}')
    expect(last.headers['x-one']).toBe('1')
    await call(ctx, { url: `${base}/ok`, method: 'put', data: 'plain' })
    expect(last).toMatchObject({ method: 'PUT', body: 'plain' })
  })

  it('sends a raw --token, and --token id|access from the file lab login saved (refused when expired)', async () => {
    const ctx = context()
    await call(ctx, { url: `${base}/ok`, token: 'allow-1' })
    expect(last.headers.authorization).toBe('allow-1')
    fs.mkdirSync(path.join(ctx.labHome, 'tokens'))
    const tokens = { version: 1, lab: '351', userPoolId: 'p', clientId: 'c', username: 'learner', savedAt: new Date().toISOString(), idToken: 'the.id.token', accessToken: 'the.access.token' }
    const file = path.join(ctx.labHome, 'tokens', '351.json')
    fs.writeFileSync(file, JSON.stringify({ ...tokens, expiresAt: new Date(Date.now() + 60_000).toISOString() }))
    await call(ctx, { url: `${base}/ok`, token: 'id', lab: '351' })
    expect(last.headers.authorization).toBe('the.id.token')
    await call(ctx, { url: `${base}/ok`, token: 'access', lab: '351' })
    expect(last.headers.authorization).toBe('the.access.token')
    fs.writeFileSync(file, JSON.stringify({ ...tokens, expiresAt: new Date(Date.now() - 1000).toISOString() }))
    const error = await call(ctx, { url: `${base}/ok`, token: 'id', lab: '351' }).catch((e) => e)
    expect(error).toBeInstanceOf(LabError)
    expect(error.message).toMatch(/expired/)
    expect(error.details.join()).toContain('lab login 351')
  })

  it('signs with an AWS profile, and --verbose shows the canonical request and string to sign', async () => {
    const ctx = context()
    const credentialsFile = path.join(ctx.labHome, 'aws-credentials')
    fs.writeFileSync(credentialsFile, '[learner]\naws_access_key_id = AKIAPROFILEKEY000001\naws_secret_access_key = profile-secret\n')
    const previous = process.env.AWS_SHARED_CREDENTIALS_FILE
    process.env.AWS_SHARED_CREDENTIALS_FILE = credentialsFile
    try {
      await call(ctx, { url: `${base}/ok?b=1`, sign: true, profile: 'learner', region: 'eu-west-1', verbose: true })
    } finally {
      if (previous === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE
      else process.env.AWS_SHARED_CREDENTIALS_FILE = previous
    }
    const identity = { accessKeyId: 'AKIAPROFILEKEY000001', arn: 'arn:aws:iam::123456789012:user/learner', userId: 'x', account: '123456789012' }
    const verified = verifySigV4(
      { method: 'GET', rawPath: '/ok', query: new URLSearchParams('b=1'), headers: last.headers as Record<string, string>, body: new Uint8Array() },
      { service: 'execute-api', now: Date.now(), lookupSecret: (id) => (id === identity.accessKeyId ? { secretAccessKey: 'profile-secret', identity } : undefined) },
    )
    expect(verified).toMatchObject({ arn: identity.arn })
    const text = ctx.out.stdout.join('\n')
    expect(text).toContain('Canonical request (what the signature covers):')
    expect(text).toContain('  /ok\n  b=1')
    expect(text).toContain('/eu-west-1/execute-api/aws4_request')
    expect(text).toContain('Signed with access key AKIAPROFILEKEY000001 for execute-api in eu-west-1.')
  })

  it('fails with a LabError when nothing answers, when the answer is late, and on bad input', async () => {
    const ctx = context()
    const refused = await call(ctx, { url: 'http://127.0.0.1:9/x' }).catch((e) => e)
    expect(refused).toBeInstanceOf(LabError)
    expect(refused.message).toMatch(/^No answer from http:\/\/127\.0\.0\.1:9\/x/)
    const late = await call(ctx, { url: `${base}/slow`, timeout: '1' }).catch((e) => e)
    expect(late).toBeInstanceOf(LabError)
    expect(late.message).toContain('within 1 s')
    for (const options of [
      { url: 'ftp://example.com/' },
      { url: 'not a url' },
      { url: 'http://user:pw@example.com/' },
      { url: `${base}/ok`, header: ['no colon'] },
      { url: `${base}/ok`, method: 'GE T' },
      { url: `${base}/ok`, timeout: '0' },
      { url: `${base}/ok`, data: '@/nonexistent/file' },
      { url: `${base}/ok`, token: 'x', header: ['Authorization: y'] },
      { url: `${base}/ok`, token: 'x', sign: true },
      { url: `${base}/ok`, profile: 'p' },
    ]) {
      await expect(call(ctx, options), JSON.stringify(options)).rejects.toBeInstanceOf(LabError)
    }
  })
})

describe('lab call helpers', () => {
  it('reads the region from an AWS execute-api URL only', () => {
    expect(regionOfUrl(new URL('https://a1b2c3.execute-api.ap-northeast-2.amazonaws.com/prod/'))).toBe('ap-northeast-2')
    expect(regionOfUrl(new URL('http://a1b2c3.execute-api.localhost:4599/prod/'))).toBeUndefined()
  })

  it('parses curl-style headers and refuses header injection', () => {
    expect(parseHeader('X-Api-Key:  abc ')).toEqual(['X-Api-Key', 'abc'])
    expect(() => parseHeader('X-A: b\r\nX-B: c')).toThrow(LabError)
    expect(() => parseCallUrl('https://')).toThrow(LabError)
  })

  it('finds lab identities in stack outputs (<Name>AccessKeyId + <Name>SecretAccessKey), case-insensitively', () => {
    const outputs = { SecondUserAccessKeyId: 'AKIA2', SecondUserSecretAccessKey: 's2', ApiUrl: 'x', LoneAccessKeyId: 'AKIA3' }
    expect(identityNames(outputs)).toEqual(['SecondUser'])
    expect(labIdentityRef('351:seconduser', ['350', '351'])).toEqual({ lab: '351', name: 'seconduser' })
    expect(labIdentityRef('default', ['351'])).toBeUndefined()
    expect(labIdentityRef('999:SecondUser', ['351'])).toBeUndefined()
    expect(identityCredentials(outputs, { lab: '351', name: 'seconduser' })).toEqual({ accessKeyId: 'AKIA2', secretAccessKey: 's2' })
    expect(() => identityCredentials(outputs, { lab: '351', name: 'Third' })).toThrow(/no identity Third/)
  })

  it('pretty-prints JSON and leaves other bodies as they came', () => {
    expect(formatBody(new TextEncoder().encode('{"a":{"b":1}}'), 'application/json')).toBe('{\n  "a": {\n    "b": 1\n  }\n}')
    expect(formatBody(new TextEncoder().encode('{not json'), 'application/json')).toBe('{not json')
    expect(formatBody(new TextEncoder().encode('<p>hi</p>'), 'text/html')).toBe('<p>hi</p>')
  })
})
