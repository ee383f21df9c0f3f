/**
 * End to end: a stack with a user pool, an app client and a REST API whose methods use a COGNITO_USER_POOLS
 * authorizer, called with tokens the pool really issued. API Gateway's rule (ID token without scopes, access token with
 * them), its 401 `{"message":"Unauthorized"}`, and the attacks on the token, each asserting AWS's answer.
 */
import { createHmac } from 'node:crypto'
import { AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider'
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, waitUntilStackCreateComplete } from '@aws-sdk/client-cloudformation'
import { describe, expect, it } from 'vitest'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'
import { request } from './apigateway-helpers.js'

let cloud: TestCloud
let outputs: Record<string, string>
let idToken = ''
let accessToken = ''

const mockMethod = (resource: string, scopes?: string[]) => ({
  Type: 'AWS::ApiGateway::Method',
  Properties: {
    RestApiId: { Ref: 'Api' },
    ResourceId: { Ref: resource },
    HttpMethod: 'GET',
    AuthorizationType: 'COGNITO_USER_POOLS',
    AuthorizerId: { Ref: 'Auth' },
    ...(scopes ? { AuthorizationScopes: scopes } : {}),
    Integration: {
      Type: 'MOCK',
      RequestTemplates: { 'application/json': '{"statusCode": 200}' },
      IntegrationResponses: [{ StatusCode: '200', ResponseTemplates: { 'application/json': `{"user": "$context.authorizer.claims['cognito:username']", "username": "$context.authorizer.claims.username", "use": "$context.authorizer.claims.token_use"}` } }],
    },
    MethodResponses: [{ StatusCode: '200' }],
  },
})

const template = {
  Resources: {
    Pool: { Type: 'AWS::Cognito::UserPool', Properties: { UserPoolName: 'authorizer-pool' } },
    Client: { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'Pool' }, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] } },
    Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'cognito-api' } },
    Auth: {
      Type: 'AWS::ApiGateway::Authorizer',
      Properties: { RestApiId: { Ref: 'Api' }, Name: 'pool', Type: 'COGNITO_USER_POOLS', IdentitySource: 'method.request.header.Authorization', ProviderARNs: [{ 'Fn::GetAtt': ['Pool', 'Arn'] }] },
    },
    IdPath: { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'Api' }, ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, PathPart: 'id' } },
    ScopedPath: { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'Api' }, ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, PathPart: 'scoped' } },
    IdGet: mockMethod('IdPath'),
    ScopedGet: mockMethod('ScopedPath', ['aws.cognito.signin.user.admin']),
    Deployment: { Type: 'AWS::ApiGateway::Deployment', DependsOn: ['IdGet', 'ScopedGet'], Properties: { RestApiId: { Ref: 'Api' }, StageName: 'prod' } },
  },
  Outputs: { PoolId: { Value: { Ref: 'Pool' } }, ClientId: { Value: { Ref: 'Client' } }, ApiId: { Value: { Ref: 'Api' } } },
}

useTestCloud(async (c) => {
  cloud = c
  const cfn = new CloudFormationClient(c.sdk)
  await cfn.send(new CreateStackCommand({ StackName: 'cognito-authorizer', TemplateBody: JSON.stringify(template) }))
  await waitUntilStackCreateComplete({ client: cfn, maxWaitTime: 120, minDelay: 0.1, maxDelay: 0.5 }, { StackName: 'cognito-authorizer' })
  const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'cognito-authorizer' }))).Stacks![0]
  outputs = Object.fromEntries(stack.Outputs!.map((o) => [o.OutputKey!, o.OutputValue!]))
  const idp = new CognitoIdentityProviderClient(c.sdk)
  await idp.send(new AdminCreateUserCommand({ UserPoolId: outputs.PoolId, Username: 'jun', MessageAction: 'SUPPRESS' }))
  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: outputs.PoolId, Username: 'jun', Password: 'Correct-Horse-1', Permanent: true }))
  const { AuthenticationResult } = await idp.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: outputs.ClientId, AuthParameters: { USERNAME: 'jun', PASSWORD: 'Correct-Horse-1' } }))
  idToken = AuthenticationResult!.IdToken!
  accessToken = AuthenticationResult!.AccessToken!
}, 180_000)

const call = (path: 'id' | 'scoped', authorization?: string) =>
  request(cloud.port, `/_aws/execute-api/${outputs.ApiId}/prod/${path}`, { headers: authorization === undefined ? {} : { authorization } })

async function expectUnauthorized(path: 'id' | 'scoped', authorization?: string): Promise<void> {
  const reply = await call(path, authorization)
  expect([reply.status, reply.json()], `${path} with ${authorization?.slice(0, 20)}`).toEqual([401, { message: 'Unauthorized' }])
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
const parts = (token: string) => token.split('.')
const payloadOf = (token: string) => JSON.parse(Buffer.from(parts(token)[1], 'base64url').toString())

describe('COGNITO_USER_POOLS authorizer with the pool’s own tokens', () => {
  it('no scopes on the method: the ID token passes (claims reach the integration), the access token does not', async () => {
    const ok = await call('id', idToken)
    // The ID token names the user `cognito:username`; the access token, `username`.
    expect([ok.status, ok.json()]).toMatchObject([200, { user: 'jun', use: 'id' }])
    expect((await call('id', `Bearer ${idToken}`)).status).toBe(200)
    await expectUnauthorized('id', accessToken)
    await expectUnauthorized('id')
  })

  it('scopes on the method: the access token with the scope passes, the ID token does not', async () => {
    const ok = await call('scoped', accessToken)
    expect([ok.status, ok.json()]).toMatchObject([200, { username: 'jun', use: 'access' }])
    await expectUnauthorized('scoped', idToken)
  })

  it('refuses forged, altered and foreign tokens with 401 Unauthorized', async () => {
    const [head, body, signature] = parts(idToken)
    const claims = payloadOf(idToken)
    const now = Math.floor(Date.now() / 1000)
    const hmacWithPublicKey = (header: object, payload: object) => {
      const unsigned = `${b64(header)}.${b64(payload)}`
      return `${unsigned}.${createHmac('sha256', 'public-key-as-secret').update(unsigned).digest('base64url')}`
    }
    const attacks: Record<string, string> = {
      'alg none': `${b64({ alg: 'none' })}.${body}.`,
      'HS256': hmacWithPublicKey({ alg: 'HS256', kid: JSON.parse(Buffer.from(head, 'base64url').toString()).kid }, claims),
      'tampered payload': `${head}.${b64({ ...claims, 'cognito:username': 'admin' })}.${signature}`,
      'an exp pushed back (the signature no longer matches)': `${head}.${b64({ ...claims, exp: now - 10 })}.${signature}`,
      'unknown kid': `${b64({ alg: 'RS256', kid: 'not-this-pool' })}.${body}.${signature}`,
      'another issuer': `${head}.${b64({ ...claims, iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other1234' })}.${signature}`,
      'garbage': 'not.a.jwt',
      'empty bearer': 'Bearer ',
    }
    for (const [name, token] of Object.entries(attacks)) {
      const reply = await call('id', token)
      expect([reply.status, reply.json()], name).toEqual([401, { message: 'Unauthorized' }])
    }
  })
})
