/**
 * REST API AWS-service integrations call the service as their `credentials`, judged by the same IAM checks as a
 * signed call, as on AWS: a role trusting API Gateway with the permission works; one without it gets DynamoDB's
 * AccessDenied (naming the `BackplaneAssumeRoleSession` session), which the integration response maps; a role API
 * Gateway cannot assume fails the method with a 500 and AWS's execution-log line; no credentials reach the service
 * unsigned; `arn:aws:iam::*:user/*` passes an `AWS_IAM` method's caller through.
 */
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  TestInvokeMethodCommand,
} from '@aws-sdk/client-api-gateway'
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb'
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam'
import { describe, expect, it } from 'vitest'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'
import { signedFetch } from '../helpers/signed-fetch.js'
import { ApiBuilder, request } from './apigateway-helpers.js'

const ACCOUNT = '000000000000'
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/notes`
const ROLE = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements })
const trust = (service: string) => doc({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' })

let cloud: TestCloud
let apigw: APIGatewayClient
let api: ApiBuilder
const resourceIds: Record<string, string> = {}
const keys: Record<string, { accessKeyId: string; secretAccessKey: string }> = {}

/** `PUT /{name}/{id}` puts `{id}` into the table, as `credentials`. */
async function putMethod(name: string, credentials: string | undefined, authorizationType = 'NONE') {
  const resourceId = await api.resource(`/${name}/{id}`)
  resourceIds[name] = resourceId
  const key = { restApiId: api.id, resourceId, httpMethod: 'PUT' }
  await apigw.send(new PutMethodCommand({ ...key, authorizationType }))
  for (const statusCode of ['200', '400']) await apigw.send(new PutMethodResponseCommand({ ...key, statusCode }))
  await apigw.send(
    new PutIntegrationCommand({
      ...key,
      type: 'AWS',
      integrationHttpMethod: 'POST',
      uri: 'arn:aws:apigateway:us-east-1:dynamodb:action/PutItem',
      credentials,
      requestTemplates: { 'application/json': `{"TableName": "notes", "Item": {"id": {"S": "$input.params('id')"}}}` },
    }),
  )
  await apigw.send(new PutIntegrationResponseCommand({ ...key, statusCode: '200', responseTemplates: { 'application/json': '{"saved": true}' } }))
  await apigw.send(new PutIntegrationResponseCommand({ ...key, statusCode: '400', selectionPattern: '4\\d\\d' }))
}

useTestCloud(async (c) => {
  cloud = c
  apigw = new APIGatewayClient(c.sdk)
  const iam = new IAMClient(c.sdk)
  await new DynamoDBClient(c.sdk).send(
    new CreateTableCommand({
      TableName: 'notes',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  )
  await iam.send(new CreateRoleCommand({ RoleName: 'writer', AssumeRolePolicyDocument: trust('apigateway.amazonaws.com') }))
  await iam.send(new PutRolePolicyCommand({ RoleName: 'writer', PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: TABLE }) }))
  await iam.send(new CreateRoleCommand({ RoleName: 'powerless', AssumeRolePolicyDocument: trust('apigateway.amazonaws.com') }))
  await iam.send(new CreateRoleCommand({ RoleName: 'lambda-only', AssumeRolePolicyDocument: trust('lambda.amazonaws.com') }))
  await iam.send(new PutRolePolicyCommand({ RoleName: 'lambda-only', PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }) }))
  for (const [name, actions] of [['caller-writer', ['execute-api:Invoke', 'dynamodb:PutItem']], ['caller-invoker', ['execute-api:Invoke']]] as const) {
    await iam.send(new CreateUserCommand({ UserName: name }))
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: actions, Resource: '*' }) }))
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!
    keys[name] = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }
  }
  api = await ApiBuilder.create(apigw, 'credentials')
  await putMethod('writer', ROLE('writer'))
  await putMethod('powerless', ROLE('powerless'))
  await putMethod('untrusted', ROLE('lambda-only'))
  await putMethod('missing', ROLE('no-such-role'))
  await putMethod('none', undefined)
  await putMethod('caller', 'arn:aws:iam::*:user/*', 'AWS_IAM')
  await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'v1' }))
}, 60_000)

const put = (name: string, id: string) =>
  request(cloud.port, `/_aws/execute-api/${api.id}/v1/${name}/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' })
const stored = async (id: string) => (await new DynamoDBClient(cloud.sdk).send(new GetItemCommand({ TableName: 'notes', Key: { id: { S: id } } }))).Item !== undefined

describe('AWS-service integration credentials', { timeout: 60_000 }, () => {
  it('call the service as a role that trusts API Gateway and has the permission', async () => {
    const reply = await put('writer', 'w1')
    expect([reply.status, reply.json()]).toEqual([200, { saved: true }])
    expect(await stored('w1')).toBe(true)
  })

  it("answer with the service's AccessDenied, naming API Gateway's session of the role, when the role lacks the permission", async () => {
    const reply = await put('powerless', 'p1')
    expect(reply.status).toBe(400)
    expect(reply.json().message).toBe(
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/powerless/BackplaneAssumeRoleSession is not authorized to perform: dynamodb:PutItem on resource: ${TABLE} because no identity-based policy allows the dynamodb:PutItem action`,
    )
    expect(reply.json().__type).toContain('AccessDeniedException')
    expect(await stored('p1')).toBe(false)
  })

  it('fail the method with a 500 and a configuration error when API Gateway cannot assume the role', async () => {
    for (const [name, role] of [['untrusted', 'lambda-only'], ['missing', 'no-such-role']]) {
      const reply = await put(name, `${name}1`)
      expect([reply.status, reply.json()]).toEqual([500, { message: 'Internal server error' }])
      expect(await stored(`${name}1`)).toBe(false)
      const test = await apigw.send(new TestInvokeMethodCommand({ restApiId: api.id, resourceId: resourceIds[name], httpMethod: 'PUT', pathWithQueryString: `/${name}/t`, body: '{}' }))
      expect(test.status).toBe(500)
      expect(test.log).toContain(`Execution failed due to configuration error: API Gateway does not have permission to assume the provided role ${ROLE(role)}`)
    }
  })

  it('reach the service unsigned when there are none', async () => {
    const reply = await put('none', 'n1')
    expect(reply.status).toBe(400)
    expect(reply.json()).toMatchObject({ message: 'Request is missing Authentication Token' })
    expect(await stored('n1')).toBe(false)
  })

  it("pass an AWS_IAM method's caller through with arn:aws:iam::*:user/*", async () => {
    const url = (id: string) => `${cloud.endpoint}/_aws/execute-api/${api.id}/v1/caller/${id}`
    const send = (user: string, id: string) =>
      signedFetch(cloud, url(id), { method: 'PUT', service: 'execute-api', credentials: keys[user], headers: { 'content-type': 'application/json' }, body: '{}' })
    const allowed = await send('caller-writer', 'c1')
    expect([allowed.status, await allowed.json()]).toEqual([200, { saved: true }])
    const denied = await send('caller-invoker', 'c2')
    expect(denied.status).toBe(400)
    expect((await denied.json()).message).toContain(`User: arn:aws:iam::${ACCOUNT}:user/caller-invoker is not authorized to perform: dynamodb:PutItem`)
    expect([await stored('c1'), await stored('c2')]).toEqual([true, false])
  })
})
