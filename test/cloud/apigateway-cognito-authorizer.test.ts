/**
 * COGNITO_USER_POOLS authorizers on REST methods, with tokens from the local user pool: an ID token where the method
 * lists no scopes, an access token with a matching scope where it does; claims reach the integration.
 */
import { CreateAuthorizerCommand, PutIntegrationCommand, PutMethodCommand } from '@aws-sdk/client-api-gateway'
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { describe, expect, it } from 'vitest'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'
import { ApiBuilder } from './apigateway-helpers.js'
import { caller, createFunctions, deploy, lambdaUri, mockIntegration, type AuthorizerFixture } from './authorizers-fixture.js'

const PASSWORD = 'Correct-Horse-1'
let cloud: TestCloud
let f: AuthorizerFixture
let call: ReturnType<typeof caller>
let tokens: { IdToken: string; AccessToken: string }

useTestCloud(async (c) => {
  cloud = c
  f = await createFunctions(cloud, 'cog')
  const idp = new CognitoIdentityProviderClient(cloud.sdk)
  const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: 'authz' }))
  const { UserPoolClient } = await idp.send(new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))
  await idp.send(new AdminCreateUserCommand({ UserPoolId: UserPool!.Id!, Username: 'erin', MessageAction: 'SUPPRESS' }))
  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: UserPool!.Id!, Username: 'erin', Password: PASSWORD, Permanent: true }))
  const auth = await idp.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: UserPoolClient!.ClientId!, AuthParameters: { USERNAME: 'erin', PASSWORD } }))
  tokens = auth.AuthenticationResult as typeof tokens

  const api = await ApiBuilder.create(f.apigw, 'cognito')
  const { id: authorizerId } = await f.apigw.send(
    new CreateAuthorizerCommand({ restApiId: api.id, name: 'pool', type: 'COGNITO_USER_POOLS', providerARNs: [UserPool!.Arn!], identitySource: 'method.request.header.Authorization' }),
  )
  const method = async (path: string, scopes?: string[]) => {
    const resourceId = await api.resource(path)
    const key = { restApiId: api.id, resourceId, httpMethod: 'GET' }
    await f.apigw.send(new PutMethodCommand({ ...key, authorizationType: 'COGNITO_USER_POOLS', authorizerId, authorizationScopes: scopes }))
    return key
  }
  for (const [path, scopes] of [['/id', undefined], ['/scoped', ['aws.cognito.signin.user.admin']], ['/other-scope', ['orders/read']]] as const) {
    const key = await method(path, scopes ? [...scopes] : undefined)
    await f.apigw.send(new PutIntegrationCommand({ ...key, type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: lambdaUri(f.echoArn) }))
  }
  const mock = await method('/mock')
  await mockIntegration(f, mock, `{"user":"$context.authorizer.claims['cognito:username']","use":"$context.authorizer.claims.token_use"}`)
  await deploy(f, api)
  call = caller(cloud, api)
}, 120_000)

describe('COGNITO_USER_POOLS authorizer', () => {
  it('takes an ID token where the method lists no scopes and passes its claims on, stringified', async () => {
    const res = await call('/id', { Authorization: tokens.IdToken })
    expect(res.status).toBe(200)
    const { claims } = res.json().authorizer
    expect(claims).toMatchObject({ 'cognito:username': 'erin', token_use: 'id' })
    expect(claims.exp).toMatch(/^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/)
    expect(typeof claims.auth_time).toBe('string')
  })

  it('accepts the token with a Bearer prefix too', async () => {
    expect((await call('/id', { Authorization: `Bearer ${tokens.IdToken}` })).status).toBe(200)
  })

  it('exposes $context.authorizer.claims to mapping templates', async () => {
    const res = await call('/mock', { Authorization: tokens.IdToken })
    expect([res.status, res.json()]).toEqual([200, { user: 'erin', use: 'id' }])
  })

  it('refuses an access token where an ID token is required, and an ID token where scopes are required', async () => {
    for (const [path, token] of [['/id', tokens.AccessToken], ['/scoped', tokens.IdToken]]) {
      const res = await call(path, { Authorization: token })
      expect([res.status, res.json(), res.headers['x-amzn-errortype']]).toEqual([401, { message: 'Unauthorized' }, 'UnauthorizedException'])
    }
  })

  it('takes an access token carrying one of the method’s scopes, and refuses one without', async () => {
    expect((await call('/scoped', { Authorization: tokens.AccessToken })).status).toBe(200)
    expect((await call('/other-scope', { Authorization: tokens.AccessToken })).status).toBe(401)
  })

  it('answers 401 for a missing, garbage or tampered token', async () => {
    const [header, payload, signature] = tokens.IdToken.split('.')
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
    const tampered = [header, Buffer.from(JSON.stringify({ ...claims, 'cognito:username': 'admin' })).toString('base64url'), signature].join('.')
    for (const headers of [{}, { Authorization: 'garbage' }, { Authorization: tampered }]) {
      const res = await call('/id', headers)
      expect([res.status, res.json()]).toEqual([401, { message: 'Unauthorized' }])
    }
  })
})
