/**
 * Cognito at the edge: the public operations take unsigned requests (and web pages' requests) as on AWS, the Admin*
 * and management operations do not; each pool's JWKS and OIDC discovery documents are served unauthenticated, and
 * tokens verify against them with jose's remote key set; keys and users survive a restart.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { createRemoteJWKSet, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { startTestCloud, type TestCloud } from '../helpers/cloud.js'
import { localFetch } from '../helpers/local-fetch.js'
import { signedFetch } from '../helpers/signed-fetch.js'

const PASSWORD = 'Correct-Horse-1'
const TARGET = 'AWSCognitoIdentityProviderService'

async function setUp(cloud: TestCloud) {
  const idp = new CognitoIdentityProviderClient(cloud.sdk)
  const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: 'edge' }))
  const poolId = UserPool!.Id!
  const { UserPoolClient } = await idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))
  await idp.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'erin', MessageAction: 'SUPPRESS' }))
  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'erin', Password: PASSWORD, Permanent: true }))
  return { idp, poolId, clientId: UserPoolClient!.ClientId! }
}

/** A JSON 1.1 call with no signature at all, as a browser's sign-in page sends it. */
const unsigned = (cloud: TestCloud, operation: string, body: object, headers: Record<string, string> = {}) =>
  localFetch(`${cloud.endpoint}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET}.${operation}`, ...headers },
    body: JSON.stringify(body),
  })

describe('Cognito at the edge', () => {
  it('public operations unsigned, Admin* and management refused unsigned; pages only for the public ones; documents and persistence', async () => {
    let cloud = await startTestCloud()
    try {
      const { poolId, clientId } = await setUp(cloud)
      const auth = { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'erin', PASSWORD } }

      // InitiateAuth with no signature, from a web page: as on AWS.
      const signIn = await unsigned(cloud, 'InitiateAuth', auth, { origin: 'http://app.example.com' })
      expect(signIn.status).toBe(200)
      expect(signIn.headers.get('content-type')).toBe('application/x-amz-json-1.1')
      const { AuthenticationResult: tokens } = (await signIn.json()) as any
      expect(tokens.IdToken).toBeTruthy()

      // Errors in Cognito's JSON 1.1 shape.
      const wrong = await unsigned(cloud, 'InitiateAuth', { ...auth, AuthParameters: { USERNAME: 'erin', PASSWORD: 'Nope-Nope-1' } })
      expect(wrong.status).toBe(400)
      expect(wrong.headers.get('content-type')).toBe('application/x-amz-json-1.1')
      expect(await wrong.json()).toEqual({ __type: 'NotAuthorizedException', message: 'Incorrect username or password.' })

      for (const [operation, body] of [
        ['SignUp', { ClientId: clientId, Username: 'frank', Password: PASSWORD }],
        ['GetUser', { AccessToken: tokens.AccessToken }],
        ['ConfirmSignUp', { ClientId: clientId, Username: 'frank', ConfirmationCode: '000000' }],
        ['RespondToAuthChallenge', { ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 'x', ChallengeResponses: {} }],
      ] as const) {
        const res = await unsigned(cloud, operation, body)
        expect((await res.json() as any).__type ?? 'ok', operation).not.toBe('MissingAuthenticationTokenException')
      }

      // The Admin* and management operations need SigV4, and refuse web pages even when signed.
      for (const operation of ['AdminCreateUser', 'AdminInitiateAuth', 'AdminSetUserPassword', 'AdminGetUser', 'ListUsers', 'CreateUserPool', 'DescribeUserPool', 'DeleteUserPool']) {
        const res = await unsigned(cloud, operation, { UserPoolId: poolId, Username: 'mallory' })
        expect(res.status, operation).toBe(400)
        expect(((await res.json()) as any).__type, operation).toBe('MissingAuthenticationTokenException')
      }
      const fromPage = await signedFetch(cloud, `${cloud.endpoint}/`, {
        method: 'POST',
        service: 'cognito-idp',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET}.AdminGetUser`, origin: 'http://evil.example.com' },
        body: JSON.stringify({ UserPoolId: poolId, Username: 'erin' }),
      })
      expect(fromPage.status).toBe(403)
      // Internal operations are not on the wire.
      const internal = await signedFetch(cloud, `${cloud.endpoint}/`, {
        method: 'POST',
        service: 'cognito-idp',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET}._publicJwks` },
        body: JSON.stringify({ UserPoolId: poolId }),
      })
      expect(((await internal.json()) as any).__type).toBe('UnknownOperationException')

      // A browser's preflight for an unsigned X-Amz-Target call is answered; one announcing a signature is another API's.
      const preflight = (headers: string) =>
        localFetch(`${cloud.endpoint}/`, { method: 'OPTIONS', headers: { origin: 'http://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': headers } })
      const cors = await preflight('content-type,x-amz-target,x-amz-user-agent')
      expect([cors.status, cors.headers.get('access-control-allow-origin'), cors.headers.get('access-control-allow-headers')]).toEqual([200, '*', 'content-type,x-amz-target,x-amz-user-agent'])
      const signedPreflight = await preflight('authorization,content-type,x-amz-target')
      expect(signedPreflight.headers.get('access-control-allow-origin')).toBeNull()

      // JWKS and discovery: unauthenticated GETs at both local address forms; iss stays AWS's URL.
      const issuer = `https://cognito-idp.us-east-1.amazonaws.com/${poolId}`
      const byHost = await localFetch(`http://cognito-idp.localhost:${cloud.port}/${poolId}/.well-known/jwks.json`)
      expect(byHost.status).toBe(200)
      const jwks = (await byHost.json()) as any
      expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) })])
      expect(JSON.stringify(jwks)).not.toMatch(/"d"|"p"|"q"|PRIVATE/)
      const discovery = (await (await localFetch(`${cloud.endpoint}/_aws/cognito-idp/${poolId}/.well-known/openid-configuration`)).json()) as any
      expect(discovery.issuer).toBe(issuer)
      expect(discovery.jwks_uri).toBe(`${cloud.endpoint}/_aws/cognito-idp/${poolId}/.well-known/jwks.json`)
      expect((await localFetch(`${cloud.endpoint}/_aws/cognito-idp/us-east-1_Nope12345/.well-known/jwks.json`)).status).toBe(404)

      const remote = createRemoteJWKSet(new URL(discovery.jwks_uri))
      const { payload, protectedHeader } = await jwtVerify(tokens.IdToken, remote, { issuer, audience: clientId })
      expect(protectedHeader).toEqual({ alg: 'RS256', kid: jwks.keys[0].kid })
      expect(payload['cognito:username']).toBe('erin')
      await expect(jwtVerify(tokens.AccessToken, remote, { issuer })).resolves.toBeTruthy()

      // After a restart: the same key (old tokens still verify), the same users and password.
      cloud = await cloud.restart()
      const after = (await (await localFetch(`${cloud.endpoint}/_aws/cognito-idp/${poolId}/.well-known/jwks.json`)).json()) as any
      expect(after).toEqual(jwks)
      const idp = new CognitoIdentityProviderClient(cloud.sdk)
      const again = await idp.send(new InitiateAuthCommand(auth as any))
      expect(again.AuthenticationResult?.AccessToken).toBeTruthy()
      await expect(jwtVerify(tokens.IdToken, createRemoteJWKSet(new URL(`${cloud.endpoint}/_aws/cognito-idp/${poolId}/.well-known/jwks.json`)), { issuer })).resolves.toBeTruthy()
    } finally {
      await cloud.close()
    }
  }, 120_000)
})
