/**
 * What an unsigned caller (any web page) can make Cognito do and hold: its calls count towards Cognito's request rate
 * quotas per category and account (signed Admin* calls too, as AWS counts them), answered `TooManyRequestsException`
 * in AWS's shape beyond the rate; a pool holds a bounded number of users, a user a bounded number of refresh tokens,
 * an attribute at most 2048 characters; an oversized body is refused on its headers. The quotas' clock is frozen
 * and moved by hand: no sleeps, no timing.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CloudRequest } from '../../src/cloud/core/types.js'
import { cognitoIdpService } from '../../src/cloud/services/cognito-idp/index.js'
import { MAX_REFRESH_TOKENS_PER_USER } from '../../src/cloud/services/cognito-idp/tokens.js'
import { MAX_USERS_PER_POOL } from '../../src/cloud/services/cognito-idp/users.js'
import { startHarness, type Harness } from '../helpers/service-harness.js'
import { useTestCloud } from '../helpers/cloud.js'
import { converse, statusOf } from '../helpers/raw-socket.js'

const PASSWORD = 'Correct-Horse-1'
let now: number
let harness: Harness
let service: ReturnType<typeof cognitoIdpService>
let requestCount = 0

/** A call as the edge hands it over: unsigned (a page's) unless `account` names the signer's account. */
async function call(operation: string, input: object, account?: string) {
  const target = `AWSCognitoIdentityProviderService.${operation}`
  const req = {
    method: 'POST',
    rawPath: '/',
    path: '/',
    query: new URLSearchParams(),
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target, origin: 'https://any-page.example' },
    body: Buffer.from(JSON.stringify(input)),
    host: 'localhost',
    region: 'us-east-1',
    requestId: `req-${++requestCount}`,
    sourceIp: '127.0.0.1',
    route: { kind: 'target', target },
    raw: undefined,
    identity: account ? { accessKeyId: 'AKIAEXAMPLE', arn: `arn:aws:iam::${account}:root`, userId: account, account } : undefined,
  } as unknown as CloudRequest
  const res = await service.handle(req, harness.ctx)
  return { status: res.status, body: String(res.body ?? ''), json: JSON.parse(String(res.body ?? '{}')) }
}

async function poolAndClient(props: object = {}) {
  const poolId = (await service.api.CreateUserPool({ PoolName: 'quota', ...props }, harness.ctx)).UserPool.Id as string
  const clientId = (await service.api.CreateUserPoolClient({ UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }, harness.ctx)).UserPoolClient.ClientId as string
  return { poolId, clientId }
}

beforeEach(async () => {
  now = 1_700_000_000_000
  service = cognitoIdpService({ now: () => now })
  harness = await startHarness([service])
})
afterEach(() => harness.stop())

describe('Cognito request rate quotas at the wire', () => {
  it('a burst of SignUp over UserCreation’s 50 a second is refused in AWS’s shape; signed AdminCreateUser counts too; later calls pass again', async () => {
    const { poolId, clientId } = await poolAndClient()
    // Refused sign-ups (a password the policy refuses) count like any call: the quota is on requests.
    for (let i = 0; i < 50; i++) {
      const res = await call('SignUp', { ClientId: clientId, Username: `u${i}`, Password: 'short' })
      expect(res.json.__type).toBe('InvalidPasswordException')
    }
    const throttled = await call('SignUp', { ClientId: clientId, Username: 'one-more', Password: PASSWORD })
    expect(throttled.status).toBe(400)
    expect(throttled.body).toBe('{"__type":"TooManyRequestsException","message":"Rate exceeded"}')
    // The learner's own signed AdminCreateUser draws from the same account's UserCreation quota …
    expect((await call('AdminCreateUser', { UserPoolId: poolId, Username: 'admin-made' }, harness.ctx.accountId)).json.__type).toBe('TooManyRequestsException')
    // … while another account's, and another category (UserAuthentication), are untouched.
    // (Its quota is its own: it is not throttled. IAM then refuses it — another account may not administer this
    // pool — and this harness has no IAM service to ask, so only the throttle's verdict is asserted.)
    expect((await call('AdminCreateUser', { UserPoolId: poolId, Username: 'other-account' }, '111111111111')).json.__type).not.toBe('TooManyRequestsException')
    expect((await call('InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'nobody', PASSWORD } })).json.__type).toBe('UserNotFoundException')

    now += 1000
    const later = await call('SignUp', { ClientId: clientId, Username: 'one-more', Password: PASSWORD })
    expect(later.status).toBe(200)
    expect(later.json.UserSub).toMatch(/^[0-9a-f-]{36}$/)
  }, 60_000)

  it('InitiateAuth over UserAuthentication’s 120 a second is refused until the bucket refills', async () => {
    const { clientId } = await poolAndClient()
    const signIn = () => call('InitiateAuth', { ClientId: clientId, AuthFlow: 'BOGUS_FLOW', AuthParameters: {} })
    for (let i = 0; i < 120; i++) expect((await signIn()).json.__type).toBe('InvalidParameterException')
    expect((await signIn()).json.__type).toBe('TooManyRequestsException')
    now += 8 // 120 a second: one call every 8.3 ms
    expect((await signIn()).json.__type).toBe('TooManyRequestsException')
    now += 1
    expect((await signIn()).json.__type).toBe('InvalidParameterException')
  })
})

describe('what an unsigned caller can make a pool hold', () => {
  it(`a pool holds at most ${MAX_USERS_PER_POOL} users: SignUp beyond that is refused with LimitExceededException`, async () => {
    const { poolId, clientId } = await poolAndClient()
    await harness.stop()
    // Fill the pool on disk (a thousand sign-ups would be a thousand password hashes), then start again on it.
    const file = path.join(harness.dataDir, 'cognito-idp', 'state.json')
    const state = JSON.parse(fs.readFileSync(file, 'utf8'))
    for (let i = 0; i < MAX_USERS_PER_POOL; i++) {
      state.pools[poolId].Users[`filler${i}`] = { Username: `filler${i}`, Attributes: { sub: `sub-${i}` }, PasswordHash: '', UserStatus: 'UNCONFIRMED', Enabled: true, UserCreateDate: 0, UserLastModifiedDate: 0 }
    }
    fs.writeFileSync(file, JSON.stringify(state))
    service = cognitoIdpService({ now: () => now })
    harness = await startHarness([service], harness.dataDir)

    const res = await call('SignUp', { ClientId: clientId, Username: 'one-too-many', Password: PASSWORD })
    expect(res.status).toBe(400)
    expect(res.json.__type).toBe('LimitExceededException')
    expect(res.json.message).toContain(`at most ${MAX_USERS_PER_POOL} users`)
    expect((await call('AdminCreateUser', { UserPoolId: poolId, Username: 'admin-made' }, harness.ctx.accountId)).json.__type).toBe('LimitExceededException')
    await service.api.AdminDeleteUser({ UserPoolId: poolId, Username: 'filler0' }, harness.ctx)
    expect((await call('SignUp', { ClientId: clientId, Username: 'one-too-many', Password: PASSWORD })).status).toBe(200)
  }, 60_000)

  it('an attribute value over 2048 characters, or a username over 128, is refused before anything is stored', async () => {
    const { poolId, clientId } = await poolAndClient({ UsernameAttributes: ['email'] })
    const long = await call('SignUp', { ClientId: clientId, Username: 'a@example.com', Password: PASSWORD, UserAttributes: [{ Name: 'name', Value: 'x' }, { Name: 'address', Value: 'x'.repeat(2049) }] })
    expect(long.json).toEqual({ __type: 'InvalidParameterException', message: "1 validation error detected: Value at 'userAttributes.2.member.value' failed to satisfy constraint: Member must have length less than or equal to 2048" })
    const longName = await call('SignUp', { ClientId: clientId, Username: `${'a'.repeat(200)}@example.com`, Password: PASSWORD })
    expect(longName.json.message).toBe("1 validation error detected: Value at 'username' failed to satisfy constraint: Member must have length less than or equal to 128")
    expect((await service.api.ListUsers({ UserPoolId: poolId }, harness.ctx)).Users).toEqual([])
  })

  it(`a user keeps at most ${MAX_REFRESH_TOKENS_PER_USER} refresh tokens: each sign-in beyond forgets the oldest`, async () => {
    const { poolId, clientId } = await poolAndClient()
    await service.api.AdminCreateUser({ UserPoolId: poolId, Username: 'learner', MessageAction: 'SUPPRESS' }, harness.ctx)
    await service.api.AdminSetUserPassword({ UserPoolId: poolId, Username: 'learner', Password: PASSWORD, Permanent: true }, harness.ctx)
    const tokens: string[] = []
    for (let i = 0; i < MAX_REFRESH_TOKENS_PER_USER + 2; i++) {
      const res = await call('InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'learner', PASSWORD } })
      tokens.push(res.json.AuthenticationResult.RefreshToken)
    }
    const refresh = (token: string) => call('InitiateAuth', { ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: token } })
    for (const forgotten of tokens.slice(0, 2)) expect((await refresh(forgotten)).json).toEqual({ __type: 'NotAuthorizedException', message: 'Invalid Refresh Token' })
    for (const kept of [tokens[2], tokens.at(-1)!]) expect((await refresh(kept)).status).toBe(200)
    const stored = JSON.parse(fs.readFileSync(path.join(harness.dataDir, 'cognito-idp', 'state.json'), 'utf8'))
    expect(Object.keys(stored.refreshTokens)).toHaveLength(MAX_REFRESH_TOKENS_PER_USER)
  }, 120_000)
})

describe('the edge bounds a Cognito request’s body', () => {
  let cloudPort = 0
  useTestCloud((c) => {
    cloudPort = c.port
  })

  it('a page’s unsigned SignUp declaring more than 1 MB is answered 413 on its headers', async () => {
    const head = ['POST / HTTP/1.1', 'host: localhost', 'origin: https://any-page.example', 'content-type: application/x-amz-json-1.1', 'x-amz-target: AWSCognitoIdentityProviderService.SignUp', `content-length: ${2 * 1024 * 1024}`, '', ''].join('\r\n')
    const reply = await converse(cloudPort, head).closed
    expect(statusOf(reply)).toBe(413)
    expect(reply).toContain('RequestEntityTooLarge')
    expect(reply).toContain('Amazon Cognito')
  })
})
