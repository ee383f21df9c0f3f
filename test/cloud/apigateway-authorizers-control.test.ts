/** Authorizers on the control plane (API and CloudFormation) and TestInvokeAuthorizer. */
import {
  CreateAuthorizerCommand,
  DeleteAuthorizerCommand,
  GetAuthorizerCommand,
  GetAuthorizersCommand,
  GetMethodCommand,
  PutMethodCommand,
  TestInvokeAuthorizerCommand,
  UpdateAuthorizerCommand,
  UpdateMethodCommand,
} from '@aws-sdk/client-api-gateway'
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, waitUntilStackCreateComplete } from '@aws-sdk/client-cloudformation'
import { describe, expect, it } from 'vitest'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'
import { ApiBuilder, request } from './apigateway-helpers.js'
import { createAuthorizer, createFunctions, lambdaUri, securedMethod, type AuthorizerFixture } from './authorizers-fixture.js'

let cloud: TestCloud
let f: AuthorizerFixture
let api: ApiBuilder
useTestCloud(async (c) => {
  cloud = c
  f = await createFunctions(cloud, 'ctl')
  api = await ApiBuilder.create(f.apigw, 'control')
}, 60_000)

async function failure(work: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await work
  } catch (err: any) {
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode }
  }
  throw new Error('expected a failure')
}

const create = (input: Record<string, unknown>) =>
  f.apigw.send(new CreateAuthorizerCommand({ restApiId: api.id, name: 'n', type: 'TOKEN', authorizerUri: lambdaUri(f.authorizerArn), identitySource: 'method.request.header.Authorization', ...input } as any))

describe('CreateAuthorizer / GetAuthorizer(s) / UpdateAuthorizer / DeleteAuthorizer', () => {
  it('creates with AWS’s defaults and lists, gets, updates and deletes', async () => {
    const created = await create({ name: 'tok' })
    expect(created).toMatchObject({ name: 'tok', type: 'TOKEN', authorizerResultTtlInSeconds: 300, identitySource: 'method.request.header.Authorization' })
    expect((await f.apigw.send(new GetAuthorizersCommand({ restApiId: api.id }))).items?.map((a) => a.id)).toContain(created.id)
    const updated = await f.apigw.send(
      new UpdateAuthorizerCommand({ restApiId: api.id, authorizerId: created.id, patchOperations: [{ op: 'replace', path: '/authorizerResultTtlInSeconds', value: '0' }] }),
    )
    expect(updated.authorizerResultTtlInSeconds).toBe(0)
    await f.apigw.send(new DeleteAuthorizerCommand({ restApiId: api.id, authorizerId: created.id }))
    expect(await failure(f.apigw.send(new GetAuthorizerCommand({ restApiId: api.id, authorizerId: created.id })))).toMatchObject({
      name: 'NotFoundException',
      message: 'Invalid Authorizer identifier specified',
    })
  })

  it.each([
    [{ identitySource: 'method.request.querystring.key' }, "Invalid token source expression: method.request.querystring.key. The source must be a method request header, matching 'method.request.header.[a-zA-Z0-9._-]+'."],
    [{ identitySource: undefined }, 'Invalid token source expression'],
    [{ type: 'REQUEST', identitySource: undefined }, 'Identity Source must be specified when authorizer caching is enabled'],
    [{ type: 'REQUEST', identitySource: 'method.request.path.id' }, 'Invalid identity source expression: method.request.path.id'],
    [{ authorizerResultTtlInSeconds: 3601 }, 'Must be between 0 and 3600'],
    [{ authorizerUri: undefined }, 'Authorizer URI must be specified'],
    [{ type: 'COGNITO_USER_POOLS', authorizerUri: undefined }, 'ProviderARNs need to be specified'],
    [{ identityValidationExpression: '([' }, 'Invalid identity validation expression'],
  ])('refuses %j', async (input, message) => {
    const error = await failure(create(input))
    expect(error.name).toBe('BadRequestException')
    expect(error.message).toContain(message)
  })

  it('takes a REQUEST authorizer without identity sources when caching is off', async () => {
    expect((await create({ type: 'REQUEST', identitySource: undefined, authorizerResultTtlInSeconds: 0 })).type).toBe('REQUEST')
  })
})

describe('methods with authorizers', () => {
  it('keeps authorizerId on GetMethod, clears it for NONE, and refuses an authorizer in use', async () => {
    const authorizerId = await createAuthorizer(f, api, { identitySource: 'method.request.header.Authorization' })
    await securedMethod(f, api, '/m', 'GET', authorizerId)
    const resourceId = await api.resource('/m')
    const method = await f.apigw.send(new GetMethodCommand({ restApiId: api.id, resourceId, httpMethod: 'GET' }))
    expect([method.authorizationType, method.authorizerId]).toEqual(['CUSTOM', authorizerId])
    const inUse = await failure(f.apigw.send(new DeleteAuthorizerCommand({ restApiId: api.id, authorizerId })))
    expect(inUse).toMatchObject({ name: 'ConflictException', status: 409 })
    const none = await f.apigw.send(
      new UpdateMethodCommand({ restApiId: api.id, resourceId, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/authorizationType', value: 'NONE' }] }),
    )
    expect([none.authorizationType, none.authorizerId]).toEqual(['NONE', undefined])
    await f.apigw.send(new DeleteAuthorizerCommand({ restApiId: api.id, authorizerId }))
  })

  it('refuses CUSTOM without a valid authorizer, and a Lambda authorizer on a COGNITO_USER_POOLS method', async () => {
    const resourceId = await api.resource('/n')
    const missing = await failure(f.apigw.send(new PutMethodCommand({ restApiId: api.id, resourceId, httpMethod: 'GET', authorizationType: 'CUSTOM' })))
    expect(missing.message).toBe('Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.')
    const authorizerId = await createAuthorizer(f, api, { identitySource: 'method.request.header.Authorization' })
    const mismatch = await failure(f.apigw.send(new PutMethodCommand({ restApiId: api.id, resourceId, httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', authorizerId })))
    expect(mismatch.name).toBe('BadRequestException')
  })
})

describe('TestInvokeAuthorizer', () => {
  it('runs the live authorizer: allow and deny both 200 with the policy, Unauthorized 401', async () => {
    const authorizerId = await createAuthorizer(f, api, { identitySource: 'method.request.header.Authorization' })
    const invoke = (token: string) => f.apigw.send(new TestInvokeAuthorizerCommand({ restApiId: api.id, authorizerId, headers: { Authorization: token } }))
    const allowed = await invoke('alice')
    expect([allowed.clientStatus, allowed.principalId]).toEqual([200, 'user-alice'])
    expect(JSON.parse(allowed.policy!).Statement[0].Effect).toBe('Allow')
    const denied = await invoke('deny')
    expect([denied.clientStatus, JSON.parse(denied.policy!).Statement[0].Effect]).toEqual([200, 'Deny'])
    expect((await invoke('unauthorized')).clientStatus).toBe(401)
    expect((await invoke('crash')).clientStatus).toBe(500)
  })

  it('logs AWS’s wording when the function lacks the invoke permission for API Gateway', async () => {
    const authorizerId = await createAuthorizer(f, api, { identitySource: 'method.request.header.Authorization', authorizerUri: lambdaUri(f.lockedArn) })
    const out = await f.apigw.send(new TestInvokeAuthorizerCommand({ restApiId: api.id, authorizerId, headers: { Authorization: 'alice' } }))
    expect(out.clientStatus).toBe(500)
    expect(out.log).toContain('Execution failed due to configuration error: Invalid permissions on Lambda function')
    expect(out.log).toContain('Execution failed due to configuration error: Authorizer error')
  })
})

describe('AWS::ApiGateway::Authorizer', () => {
  it('deploys a TOKEN authorizer with its Lambda permission; Ref is the authorizer id', async () => {
    const cfn = new CloudFormationClient(cloud.sdk)
    const template = {
      Resources: {
        Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'cfn-authz' } },
        Authorizer: {
          Type: 'AWS::ApiGateway::Authorizer',
          Properties: {
            RestApiId: { Ref: 'Api' },
            Name: 'token',
            Type: 'TOKEN',
            IdentitySource: 'method.request.header.Authorization',
            AuthorizerUri: { 'Fn::Sub': `arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/${f.lockedArn}/invocations` },
          },
        },
        Permission: {
          Type: 'AWS::Lambda::Permission',
          Properties: {
            FunctionName: f.lockedArn,
            Action: 'lambda:InvokeFunction',
            Principal: 'apigateway.amazonaws.com',
            SourceArn: { 'Fn::Sub': 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/authorizers/${Authorizer}' },
          },
        },
        Get: {
          Type: 'AWS::ApiGateway::Method',
          Properties: {
            RestApiId: { Ref: 'Api' },
            ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] },
            HttpMethod: 'GET',
            AuthorizationType: 'CUSTOM',
            AuthorizerId: { Ref: 'Authorizer' },
            Integration: { Type: 'MOCK', RequestTemplates: { 'application/json': '{"statusCode": 200}' }, IntegrationResponses: [{ StatusCode: 200 }] },
            MethodResponses: [{ StatusCode: 200 }],
          },
        },
        Deployment: { Type: 'AWS::ApiGateway::Deployment', DependsOn: ['Get', 'Permission'], Properties: { RestApiId: { Ref: 'Api' }, StageName: 'prod' } },
      },
      Outputs: { ApiId: { Value: { Ref: 'Api' } }, AuthorizerId: { Value: { Ref: 'Authorizer' } } },
    }
    await cfn.send(new CreateStackCommand({ StackName: 'authz', TemplateBody: JSON.stringify(template) }))
    await waitUntilStackCreateComplete({ client: cfn, maxWaitTime: 60, minDelay: 0.1, maxDelay: 0.5 }, { StackName: 'authz' })
    const outputs = Object.fromEntries((await cfn.send(new DescribeStacksCommand({ StackName: 'authz' }))).Stacks![0].Outputs!.map((o) => [o.OutputKey, o.OutputValue]))
    const authorizer = await f.apigw.send(new GetAuthorizerCommand({ restApiId: outputs.ApiId, authorizerId: outputs.AuthorizerId }))
    expect([authorizer.name, authorizer.authorizerResultTtlInSeconds]).toEqual(['token', 300])
    const get = (headers: Record<string, string>) => request(cloud.port, `/_aws/execute-api/${outputs.ApiId}/prod/`, { headers })
    expect((await get({ Authorization: 'alice' })).status).toBe(200)
    expect((await get({})).status).toBe(401)
    expect((await get({ Authorization: 'deny' })).status).toBe(403)
  })
})
