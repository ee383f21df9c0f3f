/**
 * A Lambda authorizer combined with a REST API resource policy (AWS's table A, and the pre-authorizer pass that
 * refuses an explicit Deny before the function runs). The simulated VPC endpoint header switches the resource
 * policy between silent, Allow and Deny for the same request.
 */
import { CreateAuthorizerCommand, UpdateMethodCommand, UpdateRestApiCommand } from '@aws-sdk/client-api-gateway'
import {
  AdminCreateUserCommand, AdminInitiateAuthCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient, CreateUserPoolClientCommand, CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { describe, expect, it } from 'vitest'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'
import { ApiBuilder } from './apigateway-helpers.js'
import { caller, countInvocations, createAuthorizer, createFunctions, deploy, securedMethod, settleLogs, type AuthorizerFixture } from './authorizers-fixture.js'

let cloud: TestCloud
let f: AuthorizerFixture
let api: ApiBuilder
let call: ReturnType<typeof caller>
let cognitoApi: ApiBuilder
let idToken: string

const statement = (Effect: string, vpce: string) => ({ Effect, Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringEquals: { 'aws:SourceVpce': vpce } } })

useTestCloud(async (c) => {
  cloud = c
  f = await createFunctions(c, 'rp')
  api = await ApiBuilder.create(f.apigw, 'rp-lambda')
  const authorizerId = await createAuthorizer(f, api, { identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 0 })
  await securedMethod(f, api, '/items', 'GET', authorizerId)
  await f.apigw.send(new UpdateRestApiCommand({
    restApiId: api.id,
    patchOperations: [{ op: 'replace', path: '/policy', value: JSON.stringify({ Version: '2012-10-17', Statement: [statement('Allow', 'vpce-ok'), statement('Deny', 'vpce-blocked')] }) }],
  }))
  await deploy(f, api)
  call = caller(c, api)

  // A Cognito user pool, a user signed in, and an API whose method takes its ID tokens, behind the same policy.
  const idp = new CognitoIdentityProviderClient(c.sdk)
  const pool = (await idp.send(new CreateUserPoolCommand({ PoolName: 'rp-pool' }))).UserPool!
  const client = (await idp.send(new CreateUserPoolClientCommand({ UserPoolId: pool.Id!, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))).UserPoolClient!
  await idp.send(new AdminCreateUserCommand({ UserPoolId: pool.Id!, Username: 'gina', MessageAction: 'SUPPRESS' }))
  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.Id!, Username: 'gina', Password: 'Passw0rd!long', Permanent: true }))
  const auth = await idp.send(new AdminInitiateAuthCommand({ UserPoolId: pool.Id!, ClientId: client.ClientId!, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'gina', PASSWORD: 'Passw0rd!long' } }))
  idToken = auth.AuthenticationResult!.IdToken!
  cognitoApi = await ApiBuilder.create(f.apigw, 'rp-cognito', {
    policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement('Allow', 'vpce-ok'), statement('Deny', 'vpce-blocked')] }),
  })
  await cognitoApi.mock('/me', 'GET', '{"me":true}')
  const cognitoAuthorizer = await f.apigw.send(new CreateAuthorizerCommand({ restApiId: cognitoApi.id, name: 'pool', type: 'COGNITO_USER_POOLS', providerARNs: [pool.Arn!], identitySource: 'method.request.header.Authorization' }))
  await f.apigw.send(new UpdateMethodCommand({
    restApiId: cognitoApi.id,
    resourceId: await cognitoApi.resource('/me'),
    httpMethod: 'GET',
    patchOperations: [{ op: 'replace', path: '/authorizationType', value: 'COGNITO_USER_POOLS' }, { op: 'replace', path: '/authorizerId', value: cognitoAuthorizer.id! }],
  }))
  await deploy(f, cognitoApi)
}, 120_000)

const arn = () => `arn:aws:execute-api:us-east-1:000000000000:${api.id}/prod/GET/items`
const vpce = (id?: string): Record<string, string> => (id ? { 'x-lab-source-vpce': id } : {})

describe('Lambda authorizer + resource policy (table A)', () => {
  it('authorizer Allow, resource policy silent → allowed', async () => {
    expect((await call('/items', { Authorization: 'alice', ...vpce() })).status).toBe(200)
  })
  it('authorizer silent (policy for another API), resource policy silent → 403 implicit', async () => {
    const reply = await call('/items', { Authorization: 'other-api' })
    expect(reply.status).toBe(403)
    expect(reply.headers['x-amzn-errortype']).toBe('AccessDeniedException')
    expect(reply.json()).toEqual({ message: 'User is not authorized to access this resource' })
  })
  it('authorizer silent, resource policy Allow → allowed', async () => {
    expect((await call('/items', { Authorization: 'other-api', ...vpce('vpce-ok') })).status).toBe(200)
  })
  it('authorizer explicit Deny, resource policy Allow → 403 explicit deny', async () => {
    const reply = await call('/items', { Authorization: 'deny', ...vpce('vpce-ok') })
    expect(reply.status).toBe(403)
    expect(reply.json()).toEqual({ message: 'User is not authorized to access this resource with an explicit deny' })
  })
  it('resource policy explicit Deny → 403 before the authorizer runs', async () => {
    const reply = await call('/items', { Authorization: 'never-run', ...vpce('vpce-blocked') })
    expect(reply.status).toBe(403)
    expect(reply.headers['x-amzn-errortype']).toBe('AccessDeniedException')
    expect(reply.json()).toEqual({ Message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${arn()} with an explicit deny` })
    await settleLogs(f, 'rp-authz', 'sentinel-rp', () => call('/items', { Authorization: 'sentinel-rp' }))
    expect(await countInvocations(f, 'rp-authz', 'never-run')).toBe(0)
  })
})

describe('Cognito authorizer + resource policy (the policy needs its own explicit Allow)', () => {
  const callMe = (headers: Record<string, string>) => caller(cloud, cognitoApi)('/me', headers)
  const meArn = () => `arn:aws:execute-api:us-east-1:000000000000:${cognitoApi.id}/prod/GET/me`
  it('a valid ID token is not enough when the policy is silent', async () => {
    const reply = await callMe({ Authorization: idToken })
    expect(reply.status).toBe(403)
    expect(reply.json()).toEqual({ Message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${meArn()}` })
  })
  it('a valid ID token and a policy Allow → 200; the policy\'s Deny → 403 explicit', async () => {
    expect((await callMe({ Authorization: idToken, ...vpce('vpce-ok') })).status).toBe(200)
    const denied = await callMe({ Authorization: idToken, ...vpce('vpce-blocked') })
    expect(denied.status).toBe(403)
    expect(denied.json()).toEqual({ Message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${meArn()} with an explicit deny` })
  })
  it('no token → 401 Unauthorized, whatever the policy says', async () => {
    const reply = await callMe({ ...vpce('vpce-ok') })
    expect(reply.status).toBe(401)
    expect(reply.json()).toEqual({ message: 'Unauthorized' })
  })
})
