/**
 * The client-side signer of `lab call --sign` and the signing checks: the canonical request and string to sign it
 * shows are exactly what was signed (the signature recomputes from them), and the local cloud's own SigV4
 * verifier accepts the result, and refuses it once anything signed is changed.
 */
import { createHash, createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signRequest } from '../../src/checks/sigv4-sign.js'
import { verifySigV4 } from '../../src/cloud/edge/sigv4.js'
import { AwsError } from '../../src/cloud/core/aws-error.js'

const credentials = { accessKeyId: 'AKIAEXAMPLEKEY000001', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }
const identity = { accessKeyId: credentials.accessKeyId, arn: 'arn:aws:iam::123456789012:user/alice', userId: 'AIDAEXAMPLE', account: '123456789012' }
const lookupSecret = (id: string) => (id === credentials.accessKeyId ? { secretAccessKey: credentials.secretAccessKey, identity } : undefined)

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest()
}

async function signed(body?: string, url = 'http://abc123.execute-api.localhost:4599/prod/iam?b=2&a=1') {
  return signRequest({ url: new URL(url), method: body ? 'POST' : 'GET', headers: [['X-Lab', 'yes']], body, region: 'us-east-1', credentials })
}

function asReceived(url: string, method: string, headers: Record<string, string>, body?: string) {
  const parsed = new URL(url)
  return { method, rawPath: parsed.pathname, query: parsed.searchParams, headers, body: body === undefined ? undefined : new TextEncoder().encode(body) }
}

describe('signRequest (execute-api)', () => {
  it('shows the canonical request and string to sign that the signature really covers', async () => {
    const result = await signed('{"a":1}')
    const lines = result.canonicalRequest.split('\n')
    expect(lines[0]).toBe('POST')
    expect(lines[1]).toBe('/prod/iam')
    expect(lines[2]).toBe('a=1&b=2') // sorted query
    expect(result.canonicalRequest).toContain('host:abc123.execute-api.localhost:4599')
    expect(result.canonicalRequest).toContain('x-lab:yes')
    expect(lines.at(-1)).toBe(createHash('sha256').update('{"a":1}').digest('hex'))
    const [algorithm, date, scope, hash] = result.stringToSign.split('\n')
    expect(algorithm).toBe('AWS4-HMAC-SHA256')
    expect(scope).toBe(`${date.slice(0, 8)}/us-east-1/execute-api/aws4_request`)
    expect(hash).toBe(createHash('sha256').update(result.canonicalRequest).digest('hex'))
    // The signature in the header is HMAC(signing key, string to sign): what --verbose shows is what was signed.
    let key = hmac(`AWS4${credentials.secretAccessKey}`, date.slice(0, 8))
    for (const part of ['us-east-1', 'execute-api', 'aws4_request']) key = hmac(key, part)
    const signature = hmac(key, result.stringToSign).toString('hex')
    expect(result.headers.authorization).toContain(`Signature=${signature}`)
    expect(result.headers.authorization).toContain(`Credential=${credentials.accessKeyId}/`)
    expect(result.headers['x-amz-content-sha256']).toBeUndefined()
  })

  it('is accepted by the local cloud verifier, and refused once the path, query, body or a signed header changes', async () => {
    const url = 'http://abc123.execute-api.localhost:4599/prod/iam?b=2&a=1'
    const result = await signed('{"a":1}', url)
    const verify = (req: ReturnType<typeof asReceived>) => verifySigV4(req, { service: 'execute-api', now: Date.now(), lookupSecret })
    const ok = verify(asReceived(url, 'POST', result.headers, '{"a":1}'))
    expect(ok).not.toBeInstanceOf(AwsError)
    expect((ok as { arn: string }).arn).toBe(identity.arn)
    const refused = [
      verify(asReceived(url.replace('/iam', '/admin'), 'POST', result.headers, '{"a":1}')),
      verify(asReceived(url.replace('a=1', 'a=2'), 'POST', result.headers, '{"a":1}')),
      verify(asReceived(url, 'POST', result.headers, '{"a":2}')),
      verify(asReceived(url, 'POST', { ...result.headers, 'x-lab': 'no' }, '{"a":1}')),
    ]
    for (const outcome of refused) {
      expect(outcome).toBeInstanceOf(AwsError)
      expect((outcome as AwsError).message).toMatch(/signature we calculated does not match/)
    }
  })

  it('takes a credential provider (as SDK configs hold them) and adds the session token of temporary keys', async () => {
    const result = await signRequest({
      url: new URL('https://abc123.execute-api.eu-west-1.amazonaws.com/prod/iam'),
      method: 'GET',
      headers: [],
      region: 'eu-west-1',
      credentials: async () => ({ ...credentials, sessionToken: 'session-token' }),
    })
    expect(result.headers['x-amz-security-token']).toBe('session-token')
    expect(result.stringToSign).toContain('/eu-west-1/execute-api/aws4_request')
  })
})
