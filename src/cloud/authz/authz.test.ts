import { describe, expect, it } from 'vitest'
import { AuthorizerCache } from './authorizer-cache.js'
import { isUnauthorizedError, MalformedAuthorizerOutput, parseAuthorizerOutput } from './authorizer-output.js'
import { parseIdentitySources, readIdentitySources, type IdentityReader } from './identity-sources.js'

const ARN = 'arn:aws:execute-api:us-east-1:000000000000:abc123/prod/GET/pets/1'
const policy = (Effect: string, Resource: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ principalId: 'u', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect, Resource }] }, ...extra })

describe('authorizer output', () => {
  it('accepts the documented shape and stringifies context values as AWS passes them on', () => {
    const out = parseAuthorizerOutput(policy('Allow', ARN, { context: { s: 'v', n: 1, b: true, z: null }, usageIdentifierKey: 'k' }))
    expect(out.principalId).toBe('u')
    expect({ ...out.context }).toEqual({ s: 'v', n: '1', b: 'true', z: null })
    expect(out.usageIdentifierKey).toBe('k')
  })

  it.each([
    ['not JSON', 'nope'],
    ['an array', '[]'],
    ['no principalId', JSON.stringify({ policyDocument: { Statement: [] } })],
    ['no policyDocument', JSON.stringify({ principalId: 'u' })],
    ['no Statement', JSON.stringify({ principalId: 'u', policyDocument: { Version: '2012-10-17' } })],
    ['a bad Version', JSON.stringify({ principalId: 'u', policyDocument: { Version: '2020-01-01', Statement: [] } })],
    ['a bad Effect (the IAM policy reader refuses it)', policy('Maybe', '*')],
    ['a Resource that is an object', policy('Allow', { a: 1 })],
    ['a Resource over 512 characters', policy('Allow', `${ARN}/${'x'.repeat(520)}`)],
    ['an object in context', policy('Allow', '*', { context: { o: { a: 1 } } })],
    ['an array in context', policy('Allow', '*', { context: { a: [1] } })],
    ['a context that is a list', policy('Allow', '*', { context: ['x'] })],
    ['a numeric usageIdentifierKey', policy('Allow', '*', { usageIdentifierKey: 5 })],
    ['nesting past the JSON depth limit', `{"principalId":"u","policyDocument":{"Statement":[]},"context":${'['.repeat(5000)}${']'.repeat(5000)}}`],
  ])('refuses %s', (_why, payload) => {
    expect(() => parseAuthorizerOutput(payload)).toThrow(MalformedAuthorizerOutput)
  })

  it('refuses a context key named __proto__ (the cloud parses no prototype names)', () => {
    expect(() => parseAuthorizerOutput(policy('Allow', '*', { context: JSON.parse('{"__proto__":"x"}') }))).toThrow(MalformedAuthorizerOutput)
  })

  it('recognises only an error whose message is exactly Unauthorized', () => {
    expect(isUnauthorizedError(JSON.stringify({ errorMessage: 'Unauthorized', errorType: 'Error' }))).toBe(true)
    expect(isUnauthorizedError(JSON.stringify({ errorMessage: 'unauthorized' }))).toBe(false)
    expect(isUnauthorizedError(JSON.stringify({ errorMessage: 'Unauthorized ' }))).toBe(false)
    expect(isUnauthorizedError('"Unauthorized"')).toBe(false)
  })
})

describe('identity sources', () => {
  const reader: IdentityReader = {
    header: (n) => ({ authorization: 'tok', empty: '' })[n.toLowerCase()],
    querystring: (n) => ({ tenant: 't1' })[n],
    stageVariable: (n) => ({ env: 'dev' })[n],
    context: (n) => ({ 'identity.sourceIp': '127.0.0.1' })[n],
  }

  it('reads headers (any case), query strings, stage and context variables', () => {
    const { sources } = parseIdentitySources('method.request.header.Authorization, method.request.querystring.tenant,stageVariables.env, context.identity.sourceIp')
    expect(readIdentitySources(sources, reader)).toEqual(['tok', 't1', 'dev', '127.0.0.1'])
  })

  it('treats a missing or empty source as absent', () => {
    expect(readIdentitySources(parseIdentitySources('method.request.header.Missing').sources, reader)).toBeUndefined()
    expect(readIdentitySources(parseIdentitySources('method.request.header.Empty').sources, reader)).toBeUndefined()
  })

  it('names the first expression that is no identity source (path parameters cannot be one)', () => {
    expect(parseIdentitySources('method.request.header.A,method.request.path.id').invalid).toBe('method.request.path.id')
    expect(parseIdentitySources('Authorization').invalid).toBe('Authorization')
  })
})

describe('authorizer result cache', () => {
  it('keeps identities apart even when values contain the separator', () => {
    expect(AuthorizerCache.key('s', ['a,b'])).not.toBe(AuthorizerCache.key('s', ['a', 'b']))
    expect(AuthorizerCache.key('s', ['a\u0000b'])).not.toBe(AuthorizerCache.key('s\u0000"a', ['b']))
  })

  it('expires entries after the TTL and stores nothing with TTL 0', () => {
    let now = 1_000
    const cache = new AuthorizerCache<string>(() => now)
    cache.set('k', 'v', 300)
    cache.set('off', 'v', 0)
    expect(cache.get('k')).toBe('v')
    expect(cache.get('off')).toBeUndefined()
    now += 299_999
    expect(cache.get('k')).toBe('v')
    now += 1
    expect(cache.get('k')).toBeUndefined()
  })

  it('drops the oldest entries beyond its capacity', () => {
    const cache = new AuthorizerCache<number>(Date.now, 3)
    for (let i = 0; i < 5; i++) cache.set(`k${i}`, i, 60)
    expect(cache.size).toBe(3)
    expect(cache.get('k0')).toBeUndefined()
    expect(cache.get('k4')).toBe(4)
  })
})
