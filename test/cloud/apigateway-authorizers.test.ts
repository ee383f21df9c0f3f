import { CreateApiKeyCommand, CreateDeploymentCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand, PutMethodCommand, UpdateAuthorizerCommand } from '@aws-sdk/client-api-gateway'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'
import { ApiBuilder, request } from './apigateway-helpers.js'
import {
  caller,
  countInvocations,
  createAuthorizer,
  createFunctions,
  deploy,
  mockIntegration,
  securedMethod,
  settleLogs,
  type AuthorizerFixture,
} from './authorizers-fixture.js'

let cloud: TestCloud
let f: AuthorizerFixture
let api: ApiBuilder
let call: ReturnType<typeof caller>
const ids: Record<string, string> = {}

useTestCloud(async (c) => {
  cloud = c
  f = await createFunctions(cloud, 'az')
  api = await ApiBuilder.create(f.apigw, 'authorized')
  ids.cached = await createAuthorizer(f, api, { identitySource: 'method.request.header.Authorization' })
  ids.nocache = await createAuthorizer(f, api, { identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 0 })
  ids.request = await createAuthorizer(f, api, { type: 'REQUEST', identitySource: 'method.request.header.X-Token, method.request.querystring.tenant' })
  ids.request0 = await createAuthorizer(f, api, { type: 'REQUEST', identitySource: 'method.request.header.X-Token', authorizerResultTtlInSeconds: 0 })
  ids.validated = await createAuthorizer(f, api, { identitySource: 'method.request.header.Authorization', identityValidationExpression: 'Bearer [a-z]+', authorizerResultTtlInSeconds: 0 })
  ids.locked = await createAuthorizer(f, api, { identitySource: 'method.request.header.Authorization', authorizerUri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${f.lockedArn}/invocations` })
  await securedMethod(f, api, '/cached/a', 'GET', ids.cached)
  await securedMethod(f, api, '/cached/b', 'GET', ids.cached)
  await securedMethod(f, api, '/long/{p}', 'GET', ids.cached)
  await securedMethod(f, api, '/nocache/a', 'GET', ids.nocache)
  await securedMethod(f, api, '/nocache/b', 'GET', ids.nocache)
  await securedMethod(f, api, '/req/{id}', 'GET', ids.request)
  await securedMethod(f, api, '/req0', 'GET', ids.request0)
  await securedMethod(f, api, '/validated', 'GET', ids.validated)
  await securedMethod(f, api, '/locked', 'GET', ids.locked)
  const mockId = await api.resource('/mock')
  const key = { restApiId: api.id, resourceId: mockId, httpMethod: 'GET' }
  await f.apigw.send(new PutMethodCommand({ ...key, authorizationType: 'CUSTOM', authorizerId: ids.cached }))
  await mockIntegration(f, key, '{"principal":"$context.authorizer.principalId","user":"$context.authorizer.user","n":"$context.authorizer.n"}')
  await deploy(f, api)
  call = caller(cloud, api)
}, 120_000)

describe('Lambda TOKEN authorizer', () => {
  it('passes principalId, integrationLatency and the stringified context to a proxy integration', async () => {
    const res = await call('/cached/a', { Authorization: 'alice' })
    expect(res.status).toBe(200)
    const { authorizer } = res.json()
    expect(authorizer).toMatchObject({ principalId: 'user-alice', user: 'alice', n: '1', b: 'true', nul: null })
    expect(typeof authorizer.integrationLatency).toBe('number')
  })

  it('exposes $context.authorizer.* to mapping templates', async () => {
    const res = await call('/mock', { Authorization: 'bob' })
    expect([res.status, res.json()]).toEqual([200, { principal: 'user-bob', user: 'bob', n: '1' }])
  })

  it('answers 401 Unauthorized without invoking when the token header is missing or empty', async () => {
    for (const headers of [{}, { Authorization: '' }]) {
      const res = await call('/nocache/a', headers)
      expect([res.status, res.json(), res.headers['x-amzn-errortype']]).toEqual([401, { message: 'Unauthorized' }, 'UnauthorizedException'])
    }
  })

  it('answers 401 when the function fails with Unauthorized', async () => {
    const res = await call('/nocache/a', { Authorization: 'unauthorized' })
    expect([res.status, res.json(), res.headers['x-amzn-errortype']]).toEqual([401, { message: 'Unauthorized' }, 'UnauthorizedException'])
  })

  it('answers 403 with an explicit deny, and 403 when no statement allows this API', async () => {
    const denied = await call('/nocache/a', { Authorization: 'deny' })
    expect([denied.status, denied.json(), denied.headers['x-amzn-errortype']]).toEqual([
      403,
      { message: 'User is not authorized to access this resource with an explicit deny' },
      'AccessDeniedException',
    ])
    const other = await call('/nocache/a', { Authorization: 'other-api' })
    expect([other.status, other.json(), other.headers['x-amzn-errortype']]).toEqual([403, { message: 'User is not authorized to access this resource' }, 'AccessDeniedException'])
  })

  it.each(['crash', 'malformed', 'badcontext', 'slow'])('answers 500 {"message": null} AuthorizerConfigurationException for a %s authorizer (slow: past its function timeout)', async (token) => {
    const res = await call('/nocache/a', { Authorization: token })
    expect([res.status, res.text, res.headers['x-amzn-errortype']]).toEqual([500, '{"message": null}', 'AuthorizerConfigurationException'])
  })

  it('answers 500 when the function has no invoke permission for API Gateway', async () => {
    const res = await call('/locked', { Authorization: 'alice' })
    expect([res.status, res.text, res.headers['x-amzn-errortype']]).toEqual([500, '{"message": null}', 'AuthorizerConfigurationException'])
    expect(await countInvocations(f, 'az-locked', 'alice')).toBe(0)
  })

  it('answers 414 when the method ARN would pass 1600 bytes', async () => {
    const res = await call(`/long/${'x'.repeat(1700)}`, { Authorization: 'alice' })
    expect(res.status).toBe(414)
  })
})

describe('the authorizer result cache', () => {
  it('invokes once per token within the TTL, and on every call with TTL 0 (counted in the function’s logs)', async () => {
    for (let i = 0; i < 3; i++) expect((await call('/cached/a', { Authorization: 'count-cached' })).status).toBe(200)
    for (let i = 0; i < 3; i++) expect((await call('/nocache/a', { Authorization: 'count-nocache' })).status).toBe(200)
    await settleLogs(f, 'az-authz', 'sentinel-1', () => call('/nocache/a', { Authorization: 'sentinel-1' }))
    expect(await countInvocations(f, 'az-authz', 'count-cached')).toBe(1)
    expect(await countInvocations(f, 'az-authz', 'count-nocache')).toBe(3)
  })

  it('reproduces the pitfall: a cached policy for one method denies the next method', async () => {
    expect((await call('/cached/a', { Authorization: 'method-1' })).status).toBe(200)
    const next = await call('/cached/b', { Authorization: 'method-1' })
    expect([next.status, next.json()]).toEqual([403, { message: 'User is not authorized to access this resource' }])
    // Without the cache the function is asked again for /b and allows it.
    expect((await call('/nocache/a', { Authorization: 'method-2' })).status).toBe(200)
    expect((await call('/nocache/b', { Authorization: 'method-2' })).status).toBe(200)
  })

  it('never serves one token’s result to another token', async () => {
    const tokens = ['carol', 'deny', 'dave', 'carol ', 'Carol', 'carol\t']
    for (let round = 0; round < 2; round++) {
      for (const token of tokens) {
        const res = await call('/cached/a', { Authorization: token })
        if (token === 'deny') expect(res.status).toBe(403)
        else expect([res.status, res.json().authorizer.principalId]).toEqual([200, `user-${token.trim() === token ? token : token.trim()}`])
      }
    }
  })

  it('never lets a denied request’s context reach an integration, even from the cache', async () => {
    for (let i = 0; i < 2; i++) expect((await call('/cached/a', { Authorization: 'deny' })).status).toBe(403)
    const after = await call('/cached/a', { Authorization: 'erin' })
    expect(after.json().authorizer).not.toHaveProperty('secret')
    expect(after.text).not.toContain('deny-context')
    // The integration never ran for the denied calls (its own logs say so).
    await settleLogs(f, 'az-echo', 'echo:sentinel-4', () => call('/cached/a', { Authorization: 'sentinel-4' }))
    expect(await countInvocations(f, 'az-echo', 'echo:deny')).toBe(0)
    expect(await countInvocations(f, 'az-echo', 'echo:erin')).toBe(1)
  })
})

describe('Lambda REQUEST authorizer', () => {
  it('sends AWS’s REQUEST event', async () => {
    const res = await call('/req/42?tenant=t1&tenant=t2&x=1', { 'X-Token': 'echo-req' })
    expect(res.status).toBe(200)
    const event = JSON.parse(res.json().authorizer.event)
    expect(Object.keys(event)).toEqual([
      'type', 'methodArn', 'resource', 'path', 'httpMethod', 'headers', 'multiValueHeaders', 'queryStringParameters',
      'multiValueQueryStringParameters', 'pathParameters', 'stageVariables', 'requestContext',
    ])
    expect(event).toMatchObject({
      type: 'REQUEST',
      methodArn: `arn:aws:execute-api:us-east-1:000000000000:${api.id}/prod/GET/req/42`,
      resource: '/req/{id}',
      path: '/req/42',
      httpMethod: 'GET',
      queryStringParameters: { tenant: 't2', x: '1' },
      multiValueQueryStringParameters: { tenant: ['t1', 't2'], x: ['1'] },
      pathParameters: { id: '42' },
      requestContext: { resourcePath: '/req/{id}', httpMethod: 'GET', stage: 'prod', apiId: api.id, accountId: '000000000000' },
    })
    expect(event.headers['X-Token']).toBe('echo-req')
    expect(event.requestContext.authorizer).toBeUndefined()
  })

  it('answers 401 without invoking when a cached authorizer’s identity source is missing', async () => {
    const res = await call('/req/1', { 'X-Token': 'no-tenant' })
    expect([res.status, res.json()]).toEqual([401, { message: 'Unauthorized' }])
    await settleLogs(f, 'az-authz', 'sentinel-2', () => call('/req/1?tenant=t', { 'X-Token': 'sentinel-2' }))
    expect(await countInvocations(f, 'az-authz', 'no-tenant')).toBe(0)
  })

  it('keys its cache on every identity source: another tenant asks the function again', async () => {
    for (const tenant of ['a', 'a', 'b']) expect((await call(`/req/1?tenant=${tenant}`, { 'X-Token': 'by-tenant' })).status).toBe(200)
    await settleLogs(f, 'az-authz', 'sentinel-3', () => call('/req0', { 'X-Token': 'sentinel-3' }))
    expect(await countInvocations(f, 'az-authz', 'by-tenant')).toBe(2)
  })
})

describe('REQUEST identity sources beyond headers', () => {
  it('reads stage variables and $context values; a stage without the variable is a 401 without invoking', async () => {
    const vars = await ApiBuilder.create(f.apigw, 'vars')
    const authorizerId = await createAuthorizer(f, vars, { type: 'REQUEST', identitySource: 'stageVariables.tenant, context.identity.sourceIp, method.request.header.X-Token' })
    await securedMethod(f, vars, '/v', 'GET', authorizerId)
    await f.apigw.send(new CreateDeploymentCommand({ restApiId: vars.id, stageName: 'prod', variables: { tenant: 'acme' } }))
    await f.apigw.send(new CreateDeploymentCommand({ restApiId: vars.id, stageName: 'bare' }))
    const prod = await caller(cloud, vars)('/v', { 'X-Token': 'echo-vars' })
    expect(prod.status).toBe(200)
    expect(JSON.parse(prod.json().authorizer.event).stageVariables).toEqual({ tenant: 'acme' })
    const bare = await request(cloud.port, `/_aws/execute-api/${vars.id}/bare/v`, { headers: { 'X-Token': 'vars-bare' } })
    expect([bare.status, bare.json()]).toEqual([401, { message: 'Unauthorized' }])
    await settleLogs(f, 'az-authz', 'sentinel-5', () => call('/req0', { 'X-Token': 'sentinel-5' }))
    expect(await countInvocations(f, 'az-authz', 'vars-bare')).toBe(0)
  })
})

describe('identity validation expression', () => {
  it('invokes for a token matching the whole expression', async () => {
    expect((await call('/validated', { Authorization: 'Bearer abc' })).status).toBe(200)
  })

  it.each(['xBearer abc', 'Bearer abc def', 'Bearer abc,Bearer def', 'Bearer ABC', 'bearer abc', 'Bearer abc/../x'])('refuses %j with 401 without invoking', async (token) => {
    const res = await call('/validated', { Authorization: token })
    expect([res.status, res.json()]).toEqual([401, { message: 'Unauthorized' }])
  })

  it('never invoked the function for the refused tokens', async () => {
    await settleLogs(f, 'az-authz', 'Bearer sentinel', () => call('/validated', { Authorization: 'Bearer sentinel' }))
    for (const token of ['xBearer abc', 'Bearer abc def', 'Bearer ABC', 'bearer abc']) expect(await countInvocations(f, 'az-authz', token)).toBe(0)
  })
})

describe('odd tokens', () => {
  it('hands a token with JSON, quotes and non-ASCII to the function as one opaque string', async () => {
    const token = 'echo","principalId":"admin","x":"\\u0000 é'
    const res = await call('/nocache/a', { Authorization: token })
    expect(res.status).toBe(200)
    const event = JSON.parse(res.json().authorizer.event)
    expect(event).toEqual({ type: 'TOKEN', methodArn: `arn:aws:execute-api:us-east-1:000000000000:${api.id}/prod/GET/nocache/a`, authorizationToken: token })
    expect(res.json().authorizer.principalId).toBe('echo')
  })

  it('passes an 8 KB token through and still caches it by its exact value', async () => {
    const big = `k${'a'.repeat(8000)}`
    expect((await call('/cached/a', { Authorization: big })).json().authorizer.principalId).toBe(`user-${big}`)
    const other = `${big.slice(0, -1)}b`
    expect((await call('/cached/a', { Authorization: other })).json().authorizer.principalId).toBe(`user-${other}`)
  })
})

describe('deployments freeze authorizers', () => {
  let snap: ApiBuilder
  let authorizerId: string
  beforeAll(async () => {
    snap = await ApiBuilder.create(f.apigw, 'snap')
    authorizerId = await createAuthorizer(f, snap, { identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 0 })
    await securedMethod(f, snap, '/x', 'GET', authorizerId)
    await deploy(f, snap)
  })

  it('keeps serving the deployed authorizer until the next deployment', async () => {
    const get = (headers: Record<string, string>) => caller(cloud, snap)('/x', headers)
    await f.apigw.send(
      new UpdateAuthorizerCommand({ restApiId: snap.id, authorizerId, patchOperations: [{ op: 'replace', path: '/identitySource', value: 'method.request.header.X-Other' }] }),
    )
    expect((await get({ Authorization: 'frank' })).status).toBe(200)
    await deploy(f, snap)
    expect((await get({ Authorization: 'frank' })).status).toBe(401)
    expect((await get({ 'X-Other': 'frank' })).status).toBe(200)
  })
})

describe('apiKeySource AUTHORIZER', () => {
  it('takes the API key from the authorizer’s usageIdentifierKey, not from x-api-key', async () => {
    const keyed = await ApiBuilder.create(f.apigw, 'keyed', { apiKeySource: 'AUTHORIZER' })
    const authorizerId = await createAuthorizer(f, keyed, { identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 0 })
    const resourceId = await keyed.resource('/k')
    await f.apigw.send(new PutMethodCommand({ restApiId: keyed.id, resourceId, httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId, apiKeyRequired: true }))
    await mockIntegration(f, { restApiId: keyed.id, resourceId, httpMethod: 'GET' }, '{"ok": true}')
    await deploy(f, keyed)
    const value = 'authorizer-bench-key-0123456789'
    const key = await f.apigw.send(new CreateApiKeyCommand({ name: 'k', value, enabled: true }))
    const plan = await f.apigw.send(new CreateUsagePlanCommand({ name: 'p', apiStages: [{ apiId: keyed.id, stage: 'prod' }] }))
    await f.apigw.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: 'API_KEY' }))
    const get = caller(cloud, keyed)
    expect((await get('/k', { Authorization: `apikey-${value}` })).status).toBe(200)
    const wrong = await get('/k', { Authorization: 'apikey-unknown-key-value-000000', 'x-api-key': value })
    expect([wrong.status, wrong.json()]).toEqual([403, { message: 'Forbidden' }])
  })
})
