/** API keys and usage plans: the key must reach the stage through a plan; throttle and quota apply. */
import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  GetApiKeyCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateApiKeyCommand,
} from '@aws-sdk/client-api-gateway'
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
  waitUntilStackCreateComplete,
} from '@aws-sdk/client-cloudformation'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { ApiBuilder, request } from './apigateway-helpers.js'

let cloud: TestCloud
let apigw: APIGatewayClient
useTestCloud((c) => {
  cloud = c
  apigw = new APIGatewayClient(cloud.sdk)
})

async function keyedApi(name: string) {
  const api = await ApiBuilder.create(apigw, name)
  const resourceId = await api.resource('/secret')
  const key = { restApiId: api.id, resourceId, httpMethod: 'GET' }
  await apigw.send(new PutMethodCommand({ ...key, authorizationType: 'NONE', apiKeyRequired: true }))
  await apigw.send(new PutMethodResponseCommand({ ...key, statusCode: '200' }))
  await apigw.send(new PutIntegrationCommand({ ...key, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
  await apigw.send(new PutIntegrationResponseCommand({ ...key, statusCode: '200', responseTemplates: { 'application/json': '{"key": "$context.identity.apiKeyId"}' } }))
  await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod' }))
  return api
}

describe('API keys and usage plans', () => {
  it('answers 403 Forbidden without a valid key in a usage plan, and serves a planned key', async () => {
    const api = await keyedApi('keys')
    const call = (apiKey?: string) => request(cloud.port, `/_aws/execute-api/${api.id}/prod/secret`, { headers: apiKey ? { 'x-api-key': apiKey } : {} })
    const none = await call()
    expect([none.status, none.text, none.headers['x-amzn-errortype']]).toEqual([403, '{"message":"Forbidden"}', 'ForbiddenException'])

    const key = await apigw.send(new CreateApiKeyCommand({ name: 'learner', enabled: true }))
    expect(key.value).toMatch(/^[A-Za-z0-9]{40}$/)
    expect((await apigw.send(new GetApiKeyCommand({ apiKey: key.id }))).value).toBeUndefined()
    expect((await apigw.send(new GetApiKeyCommand({ apiKey: key.id, includeValue: true }))).value).toBe(key.value)
    expect((await call(key.value)).status).toBe(403) // not in a usage plan yet

    const plan = await apigw.send(new CreateUsagePlanCommand({ name: 'basic', apiStages: [{ apiId: api.id, stage: 'prod' }], quota: { limit: 3, period: 'DAY' } }))
    await apigw.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: 'API_KEY' }))
    const ok = await call(key.value)
    expect([ok.status, ok.json()]).toEqual([200, { key: key.id }])

    await call(key.value)
    await call(key.value)
    const over = await call(key.value)
    expect([over.status, over.text, over.headers['x-amzn-errortype']]).toEqual([429, '{"message":"Limit Exceeded"}', 'LimitExceededException'])

    await apigw.send(new UpdateApiKeyCommand({ apiKey: key.id, patchOperations: [{ op: 'replace', path: '/enabled', value: 'false' }] }))
    expect((await call(key.value)).status).toBe(403)
  })

  it('throttles a key past its burst', async () => {
    const api = await keyedApi('throttle')
    const key = await apigw.send(new CreateApiKeyCommand({ name: 'burst', enabled: true, value: 'a-very-long-fixed-api-key-value' }))
    const plan = await apigw.send(new CreateUsagePlanCommand({ name: 'tight', apiStages: [{ apiId: api.id, stage: 'prod' }], throttle: { burstLimit: 1, rateLimit: 0.0001 } }))
    await apigw.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: 'API_KEY' }))
    const call = () => request(cloud.port, `/_aws/execute-api/${api.id}/prod/secret`, { headers: { 'x-api-key': key.value! } })
    expect((await call()).status).toBe(200)
    const throttled = await call()
    expect([throttled.status, throttled.text]).toEqual([429, '{"message":"Too Many Requests"}'])
  })

  it('creates keys disabled from CloudFormation unless Enabled is true', async () => {
    const cfn = new CloudFormationClient(cloud.sdk)
    const api = await keyedApi('cfn-keys')
    const template = {
      Resources: {
        Off: { Type: 'AWS::ApiGateway::ApiKey', Properties: { Value: 'disabled-key-value-0123456789' } },
        On: { Type: 'AWS::ApiGateway::ApiKey', Properties: { Enabled: true, Value: 'enabled-key-value-0123456789' } },
        Plan: { Type: 'AWS::ApiGateway::UsagePlan', Properties: { ApiStages: [{ ApiId: api.id, Stage: 'prod' }] } },
        OffKey: { Type: 'AWS::ApiGateway::UsagePlanKey', Properties: { KeyId: { Ref: 'Off' }, KeyType: 'API_KEY', UsagePlanId: { Ref: 'Plan' } } },
        OnKey: { Type: 'AWS::ApiGateway::UsagePlanKey', Properties: { KeyId: { Ref: 'On' }, KeyType: 'API_KEY', UsagePlanId: { Ref: 'Plan' } } },
      },
      Outputs: { OnId: { Value: { 'Fn::GetAtt': ['On', 'APIKeyId'] } } },
    }
    await cfn.send(new CreateStackCommand({ StackName: 'keys', TemplateBody: JSON.stringify(template) }))
    await waitUntilStackCreateComplete({ client: cfn, maxWaitTime: 60, minDelay: 0.1, maxDelay: 0.5 }, { StackName: 'keys' })
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: 'keys' }))
    expect(Stacks?.[0].Outputs?.[0].OutputValue).toMatch(/^[a-z0-9]{10}$/)
    const call = (apiKey: string) => request(cloud.port, `/_aws/execute-api/${api.id}/prod/secret`, { headers: { 'x-api-key': apiKey } })
    expect((await call('disabled-key-value-0123456789')).status).toBe(403)
    expect((await call('enabled-key-value-0123456789')).status).toBe(200)
  })
})
