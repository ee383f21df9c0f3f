/**
 * Checks whose requests prove who calls (request.sign / request.cognito / request.bearer) and the sequence kind:
 * what reaches the server (a signature the cloud's verifier accepts, the token as it is), how failures read
 * (AWS's own message, so failsInStarter can quote it), and a real sign-in to a local user pool.
 */
import { AdminCreateUserCommand, CognitoIdentityProviderClient, CreateUserPoolClientCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { userPoolTokens } from '../../src/checks/cognito-tokens.js'
import { createLabFetch, runChecks, validateCheckSpecs, type CheckContext, type CheckSpec } from '../../src/checks/index.js'
import { verifySigV4 } from '../../src/cloud/edge/sigv4.js'
import { startTestCloud, type TestCloud } from '../helpers/cloud.js'
import { startScriptedServer, type Received, type ScriptedServer } from './helpers.js'

const mine = { accessKeyId: 'AKIAMINE000000000001', secretAccessKey: 'my-secret' }
const other = { accessKeyId: 'AKIAOTHER00000000001', secretAccessKey: 'other-secret' }
const identities = {
  [mine.accessKeyId]: { secretAccessKey: mine.secretAccessKey, identity: { accessKeyId: mine.accessKeyId, arn: 'arn:aws:iam::123456789012:root', userId: '1', account: '123456789012' } },
  [other.accessKeyId]: { secretAccessKey: other.secretAccessKey, identity: { accessKeyId: other.accessKeyId, arn: 'arn:aws:iam::123456789012:user/second', userId: '2', account: '123456789012' } },
}

let server: ScriptedServer
let ctx: CheckContext

beforeAll(async () => {
  server = await startScriptedServer()
  ctx = {
    outputs: { ApiUrl: `http://abc123.execute-api.localhost:${server.port}/prod/`, KeyId: other.accessKeyId, Secret: other.secretAccessKey },
    target: 'local',
    browser: false,
    fetch: createLabFetch(),
    aws: { region: 'us-east-1', credentials: async () => mine },
  }
})
afterAll(() => server.close())

/** Who the cloud's own verifier says signed the request the server received. */
function signer(received: Received): string {
  const url = new URL(received.url, 'http://x')
  const result = verifySigV4(
    { method: received.method, rawPath: url.pathname, query: url.searchParams, headers: received.headers as Record<string, string>, body: new TextEncoder().encode(received.body) },
    { service: 'execute-api', now: Date.now(), lookupSecret: (id) => identities[id] },
  )
  return 'arn' in result ? result.arn : `refused: ${result.message}`
}

describe('http checks that prove who calls', () => {
  it('sign with the target credentials (sign: true) or with keys from the outputs', async () => {
    server.answer = () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' })
    const specs: CheckSpec[] = [
      { id: 'as-me', title: 't', kind: 'http', request: { url: '${outputs.ApiUrl}iam', sign: true } },
      { id: 'as-other', title: 't', kind: 'http', request: { url: '${outputs.ApiUrl}iam?x=1', sign: { accessKeyId: '${outputs.KeyId}', secretAccessKey: '${outputs.Secret}' } } },
    ]
    expect(validateCheckSpecs(specs)).toEqual([])
    const results = await runChecks(specs, ctx)
    expect(results.map((r) => r.passed)).toEqual([true, true])
    expect(server.received.slice(-2).map(signer)).toEqual(['arn:aws:iam::123456789012:root', 'arn:aws:iam::123456789012:user/second'])
  })

  it('quote AWS\'s message when the status is wrong, and never show a secret in the report', async () => {
    server.answer = () => ({
      status: 403,
      headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException' },
      body: '{"Message":"User: arn:aws:iam::123456789012:user/second is not authorized to perform: execute-api:Invoke on resource: arn:…"}',
    })
    const [result] = await runChecks([{ id: 'x', title: 't', kind: 'http', request: { url: '${outputs.ApiUrl}iam', sign: { accessKeyId: '${outputs.KeyId}', secretAccessKey: '${outputs.Secret}' } } }], ctx)
    expect(result.passed).toBe(false)
    expect(result.message).toContain('answered 403 "User: arn:aws:iam::123456789012:user/second is not authorized to perform: execute-api:Invoke')
    expect(result.request).toContain(`<SigV4 signature with access key ${other.accessKeyId}>`)
    expect(JSON.stringify(result)).not.toContain(other.secretAccessKey)
  })

  it('send a bearer token as it is, with {{unique}} filled once per run', async () => {
    server.answer = () => ({ status: 200, body: '{}' })
    const spec: CheckSpec = { id: 'b', title: 't', kind: 'http', request: { url: '${outputs.ApiUrl}lambda/cart', bearer: 'allow-{{unique}}' } }
    await runChecks([spec, spec], ctx)
    const [first, second] = server.received.slice(-2).map((r) => r.headers.authorization)
    expect(first).toMatch(/^allow-[0-9a-f]{8}$/)
    expect(second).toMatch(/^allow-[0-9a-f]{8}$/)
    expect(first).not.toBe(second)
  })

  it('refuse specs that mix ways to authenticate or name an unknown token kind', () => {
    const errors = validateCheckSpecs([
      { id: 'mixed', title: 't', kind: 'http', request: { url: 'http://x/', sign: true, bearer: 'b' } },
      { id: 'token', title: 't', kind: 'http', request: { url: 'http://x/', cognito: { userPoolId: 'p', clientId: 'c', username: 'u', password: 'pw', token: 'refresh' } } },
      { id: 'keys', title: 't', kind: 'http', request: { url: 'http://x/', sign: { accessKeyId: 'a' } } },
    ])
    expect(errors.join('\n')).toMatch(/check mixed: request use one of sign, cognito and bearer/)
    expect(errors.join('\n')).toMatch(/check token: request\.cognito\.token must be id or access/)
    expect(errors.join('\n')).toMatch(/check keys: request\.sign\.secretAccessKey is required/)
  })
})

describe('sequence checks', () => {
  const twoCalls = (sameJson?: string): CheckSpec => ({
    id: 'seq',
    title: 't',
    kind: 'sequence',
    steps: [
      { request: { url: '${outputs.ApiUrl}lambda/cart', bearer: 'allow-{{unique}}' }, expect: { status: 200 } },
      { request: { url: '${outputs.ApiUrl}lambda/orders', bearer: 'allow-{{unique}}' }, expect: { status: 200 } },
    ],
    ...(sameJson ? { sameJson } : {}),
  })

  it('send every step with the same unique token, and pass when all answer as expected with one value at sameJson', async () => {
    server.answer = () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"authorizer":{"authorizedAt":"t1"}}' })
    expect(validateCheckSpecs([twoCalls('$.authorizer.authorizedAt')])).toEqual([])
    const [result] = await runChecks([twoCalls('$.authorizer.authorizedAt')], ctx)
    expect(result.passed).toBe(true)
    expect(result.message).toContain('2 requests answered as expected, all with "t1" at $.authorizer.authorizedAt')
    const [a, b] = server.received.slice(-2)
    expect([a.url, b.url]).toEqual(['/prod/lambda/cart', '/prod/lambda/orders'])
    expect(a.headers.authorization).toBe(b.headers.authorization)
  })

  it('fail on the first step that answers otherwise, naming it and AWS\'s message; and when sameJson values differ', async () => {
    server.answer = (req) =>
      req.url.endsWith('orders')
        ? { status: 403, headers: { 'content-type': 'application/json' }, body: '{"message":"User is not authorized to access this resource"}' }
        : { status: 200, headers: { 'content-type': 'application/json' }, body: `{"at":"${req.url}"}` }
    const [failed] = await runChecks([twoCalls()], ctx)
    expect(failed.passed).toBe(false)
    expect(failed.message).toMatch(/^Request 2 of 2: GET .*\/prod\/lambda\/orders answered 403 "User is not authorized to access this resource", expected 200\.$/)
    server.answer = (req) => ({ status: 200, headers: { 'content-type': 'application/json' }, body: `{"at":"${req.url}"}` })
    const [differs] = await runChecks([twoCalls('$.at')], ctx)
    expect(differs.passed).toBe(false)
    expect(differs.message).toBe('The answers differ at $.at: "/prod/lambda/cart" in the first, "/prod/lambda/orders" in request 2.')
  })

  it('validate each step like an http check, and ask for 2 to 10 steps', () => {
    const errors = validateCheckSpecs([
      { id: 'one', title: 't', kind: 'sequence', steps: [{ request: { url: 'http://x/' } }] },
      { id: 'bad', title: 't', kind: 'sequence', steps: [{ request: { url: 'http://x/' } }, { expect: { status: 'x' } }] },
    ])
    expect(errors.join('\n')).toMatch(/check one: steps must hold 2 to 10 requests/)
    expect(errors.join('\n')).toMatch(/check bad: steps\.1\.request is required/)
    expect(errors.join('\n')).toMatch(/check bad: steps\.1\.expect\.status must be a number/)
  })
})

describe('signing in to a user pool for a check (local cloud)', () => {
  let cloud: TestCloud
  beforeAll(async () => {
    cloud = await startTestCloud()
  }, 60_000)
  afterAll(() => cloud?.close())

  it('sets the declared password of a user CloudFormation made (unknown temporary password) once, then just signs in', async () => {
    const cognito = new CognitoIdentityProviderClient(cloud.sdk)
    const pool = await cognito.send(new CreateUserPoolCommand({ PoolName: 'learners' }))
    const poolId = pool.UserPool!.Id!
    const client = await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'cli', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'learner', MessageAction: 'SUPPRESS' }))
    let adminCalls = 0
    const access = {
      region: 'us-east-1',
      endpoint: cloud.endpoint,
      fetch: createLabFetch(),
      credentials: async () => (adminCalls++, cloud.sdk.credentials),
    }
    const login = { userPoolId: poolId, clientId: client.UserPoolClient!.ClientId!, username: 'learner', password: 'Learner-351-pass' }
    const first = await userPoolTokens(access, login)
    const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString())
    expect(claims(first.idToken)).toMatchObject({ token_use: 'id', 'cognito:username': 'learner' })
    expect(claims(first.accessToken)).toMatchObject({ token_use: 'access', scope: expect.stringContaining('aws.cognito.signin.user.admin') })
    expect(adminCalls).toBe(1)
    await userPoolTokens(access, login)
    expect(adminCalls).toBe(1) // the password is the user's now: no admin call
    await expect(userPoolTokens(access, { ...login, clientId: 'nope' })).rejects.toThrow(/ResourceNotFoundException|NotAuthorizedException/)
    cognito.destroy()
  }, 60_000)
})
