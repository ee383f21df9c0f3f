/**
 * Attacks on Cognito's public operations from a web page or an unsigned caller: SignUp cannot self-verify an email
 * or phone number (a page could otherwise register someone else's address as verified), and a username such as
 * `__proto__` is a user like any other (stored as the pool's own entry, found again after a restart), not a write to
 * the pool's prototype. A page cannot guess a confirmation code: after five wrong codes even the right one waits.
 */
import { AdminGetUserCommand, CognitoIdentityProviderClient, CreateUserPoolClientCommand, CreateUserPoolCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider'
import { describe, expect, it } from 'vitest'
import { startTestCloud } from '../helpers/cloud.js'
import { localFetch } from '../helpers/local-fetch.js'

const signUpFromPage = (endpoint: string, body: object) =>
  localFetch(`${endpoint}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.SignUp', origin: 'https://evil.example' },
    body: JSON.stringify(body),
  })

describe('Cognito public operations under attack', () => {
  it('refuses a SignUp that claims a verified email or phone, and keeps __proto__ as an ordinary username across a restart', async () => {
    let cloud = await startTestCloud()
    try {
      let idp = new CognitoIdentityProviderClient(cloud.sdk)
      const poolId = (await idp.send(new CreateUserPoolCommand({ PoolName: 'attack' }))).UserPool!.Id!
      const clientId = (await idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' }))).UserPoolClient!.ClientId!

      for (const claimed of ['email_verified', 'phone_number_verified']) {
        const res = await signUpFromPage(cloud.endpoint, {
          ClientId: clientId,
          Username: `mallory-${claimed}`,
          Password: 'Correct-Horse-1',
          UserAttributes: [{ Name: 'email', Value: 'ceo@corp.example' }, { Name: claimed, Value: 'true' }],
        })
        expect(res.status).toBe(400)
        expect(await res.json()).toMatchObject({ __type: 'NotAuthorizedException', message: 'A client attempted to write unauthorized attribute' })
      }

      for (const username of ['__proto__', 'hasOwnProperty']) {
        const res = await signUpFromPage(cloud.endpoint, { ClientId: clientId, Username: username, Password: 'Correct-Horse-1' })
        expect(res.status).toBe(200)
      }
      const again = await signUpFromPage(cloud.endpoint, { ClientId: clientId, Username: '__proto__', Password: 'Correct-Horse-1' })
      expect(await again.json()).toMatchObject({ __type: 'UsernameExistsException' })

      cloud = await cloud.restart()
      idp = new CognitoIdentityProviderClient(cloud.sdk)
      const names = ((await idp.send(new ListUsersCommand({ UserPoolId: poolId }))).Users ?? []).map((u) => u.Username).sort()
      expect(names).toEqual(['__proto__', 'hasOwnProperty'])
      expect((await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: '__proto__' }))).UserStatus).toBe('UNCONFIRMED')
    } finally {
      await cloud.close()
    }
  }, 60_000)

  it('locks ConfirmSignUp after five wrong codes, as a page guessing the 6-digit code would send them', async () => {
    const logLines: string[] = []
    const cloud = await startTestCloud(undefined, { log: (line: string) => logLines.push(line) })
    try {
      const idp = new CognitoIdentityProviderClient(cloud.sdk)
      const poolId = (await idp.send(new CreateUserPoolCommand({ PoolName: 'codes', AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!
      const clientId = (await idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' }))).UserPoolClient!.ClientId!
      const signUp = await signUpFromPage(cloud.endpoint, { ClientId: clientId, Username: 'victim', Password: 'Correct-Horse-1', UserAttributes: [{ Name: 'email', Value: 'victim@example.com' }] })
      expect(signUp.status).toBe(200)
      const code = /is (\d{6})$/.exec(logLines.find((l) => l.includes('confirmation code for user "victim"'))!)![1]
      const confirm = (guess: string) =>
        localFetch(`${cloud.endpoint}/`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.ConfirmSignUp', origin: 'https://evil.example' },
          body: JSON.stringify({ ClientId: clientId, Username: 'victim', ConfirmationCode: guess }),
        }).then(async (r) => ({ status: r.status, body: await r.json() }))
      const wrong = code === '000000' ? '111111' : '000000'
      for (let i = 0; i < 5; i++) expect((await confirm(wrong)).body).toMatchObject({ __type: 'CodeMismatchException' })
      expect(await confirm(code)).toEqual({ status: 400, body: { __type: 'LimitExceededException', message: 'Attempt limit exceeded, please try after some time.' } })
      expect((await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'victim' }))).UserStatus).toBe('UNCONFIRMED')
    } finally {
      await cloud.close()
    }
  }, 60_000)
})
