/**
 * PreventUserExistenceErrors: a name that is no user's must not be told from a real user with a wrong password
 * (or a wrong confirmation code) — not by the answer, byte for byte, not after repeated attempts (lockout), and not
 * by the work done: both take exactly one password-hash derivation of the same cost (asserted by counting the
 * derivations, not by timing them).
 */
import { CognitoIdentityProviderClient, CreateUserPoolClientCommand, CreateUserPoolCommand, SignUpCommand, AdminCreateUserCommand, AdminSetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cognitoIdpService } from '../../src/cloud/services/cognito-idp/index.js'
import { kdf } from '../../src/cloud/services/cognito-idp/passwords.js'
import { startHarness } from '../helpers/service-harness.js'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'
import { localFetch } from '../helpers/local-fetch.js'

const PASSWORD = 'Correct-Horse-1'
const WRONG = 'Wrong-Horse-2'

afterEach(() => vi.restoreAllMocks())

describe('equal work for an unknown user and a wrong secret', () => {
  it('InitiateAuth and ConfirmSignUp derive one hash of the same cost, whether the user exists or not', async () => {
    const service = cognitoIdpService()
    const harness = await startHarness([service])
    try {
      const { ctx } = harness
      const poolId = (await service.api.CreateUserPool({ PoolName: 'timing', AutoVerifiedAttributes: ['email'] }, ctx)).UserPool.Id
      const clientId = (await service.api.CreateUserPoolClient({ UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'], PreventUserExistenceErrors: 'ENABLED' }, ctx)).UserPoolClient.ClientId
      await service.api.AdminCreateUser({ UserPoolId: poolId, Username: 'alice', MessageAction: 'SUPPRESS' }, ctx)
      await service.api.AdminSetUserPassword({ UserPoolId: poolId, Username: 'alice', Password: PASSWORD, Permanent: true }, ctx)
      await service.api.SignUp({ ClientId: clientId, Username: 'bob', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }] }, ctx)

      const derive = vi.spyOn(kdf, 'derive')
      /** The error `operation` answers, and the derivations it made (their cost parameters). */
      const attempt = async (operation: string, input: object) => {
        derive.mockClear()
        const error = await service.api[operation](input, ctx).then(() => undefined, (e: Error) => e)
        return { error: { name: (error as { code?: string })?.code, message: error?.message }, derivations: derive.mock.calls.map(([, salt, keyLength, params]) => ({ saltLength: salt.length, keyLength, params })) }
      }
      const signIn = (username: string) => attempt('InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: WRONG } })
      const wrongPassword = await signIn('alice')
      const unknownUser = await signIn('mallory')
      expect(wrongPassword.error).toEqual({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' })
      expect(unknownUser).toEqual(wrongPassword)
      expect(unknownUser.derivations).toEqual([{ saltLength: 16, keyLength: 32, params: { N: 16384, r: 8, p: 1 } }])

      const confirm = (username: string) => attempt('ConfirmSignUp', { ClientId: clientId, Username: username, ConfirmationCode: '000000' })
      const wrongCode = await confirm('bob')
      const unknownConfirm = await confirm('mallory')
      expect(wrongCode.error).toEqual({ name: 'CodeMismatchException', message: 'Invalid verification code provided, please try again.' })
      expect(unknownConfirm).toEqual(wrongCode)
      expect(unknownConfirm.derivations).toHaveLength(1)
    } finally {
      await harness.stop()
    }
  }, 60_000)
})

describe('byte-identical answers over the wire', () => {
  let cloud: TestCloud
  let clientId: string
  useTestCloud(async (c) => {
    cloud = c
    const idp = new CognitoIdentityProviderClient(c.sdk)
    const poolId = (await idp.send(new CreateUserPoolCommand({ PoolName: 'enumeration', AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!
    clientId = (await idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'], PreventUserExistenceErrors: 'ENABLED' }))).UserPoolClient!.ClientId!
    await idp.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'alice', MessageAction: 'SUPPRESS' }))
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'alice', Password: PASSWORD, Permanent: true }))
    await idp.send(new SignUpCommand({ ClientId: clientId, Username: 'bob', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }] }))
  }, 60_000)

  /** A page's unsigned call: status, headers (but the request's own id and date) and body, as one comparable string. */
  async function answer(operation: string, input: object): Promise<string> {
    const res = await localFetch(`${cloud.endpoint}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`, origin: 'https://any-page.example' },
      body: JSON.stringify(input),
    })
    const headers = [...res.headers].filter(([name]) => !['x-amzn-requestid', 'date', 'keep-alive', 'connection'].includes(name)).map(([n, v]) => `${n}: ${v}`)
    return [res.status, ...headers.sort(), '', await res.text()].join('\n')
  }

  /** Six tries for the real user and six for a name that is no user's, in turns (one past the lockout's five). */
  async function sixEach(attempt: (username: string) => Promise<string>, realUser: string) {
    const real: string[] = []
    const unknown: string[] = []
    for (let i = 0; i < 6; i++) {
      real.push(await attempt(realUser))
      unknown.push(await attempt('nobody-here'))
    }
    return { real, unknown }
  }

  it('InitiateAuth: six tries of an unknown user answer exactly what six wrong passwords of a real one do, lockout included', async () => {
    const signIn = (username: string) => answer('InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: WRONG } })
    const { real, unknown } = await sixEach(signIn, 'alice')
    expect(unknown).toEqual(real)
    expect(real[0]).toMatch(/^400\n[^]*\n\n\{"__type":"NotAuthorizedException","message":"Incorrect username or password\."\}$/)
    expect(real[5]).toContain('"message":"Password attempts exceeded"')
  }, 60_000)

  it('ConfirmSignUp: six wrong codes for an unknown user answer exactly what they do for a real unconfirmed one', async () => {
    const confirm = (username: string) => answer('ConfirmSignUp', { ClientId: clientId, Username: username, ConfirmationCode: '000000' })
    const { real, unknown } = await sixEach(confirm, 'bob')
    expect(unknown).toEqual(real)
    expect(real[0]).toContain('{"__type":"CodeMismatchException","message":"Invalid verification code provided, please try again."}')
    expect(real[5]).toContain('{"__type":"LimitExceededException","message":"Attempt limit exceeded, please try after some time."}')
  }, 60_000)
})
