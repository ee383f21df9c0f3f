/**
 * AWS::ApiGateway::* through real stacks: Ref/GetAtt, the "CloudFormation does not redeploy your API" gotcha,
 * gateway responses, and clear failures for what the local cloud does not emulate.
 */
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
  waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation'
import { APIGatewayClient, GetRestApiCommand, GetStageCommand } from '@aws-sdk/client-api-gateway'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { request } from './apigateway-helpers.js'

const wait = { maxWaitTime: 60, minDelay: 0.1, maxDelay: 0.5 }
let cloud: TestCloud
let cfn: CloudFormationClient
let apigw: APIGatewayClient
useTestCloud((c) => {
  cloud = c
  cfn = new CloudFormationClient(cloud.sdk)
  apigw = new APIGatewayClient(cloud.sdk)
})

function template(version: number, deploymentId: string, description: string, authorizationType = 'NONE') {
  return JSON.stringify({
    Resources: {
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'cfn-api', EndpointConfiguration: { Types: ['REGIONAL'] } } },
      Hello: { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'Api' }, ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, PathPart: 'hello' } },
      HelloGet: {
        Type: 'AWS::ApiGateway::Method',
        Properties: {
          RestApiId: { Ref: 'Api' },
          ResourceId: { Ref: 'Hello' },
          HttpMethod: 'GET',
          AuthorizationType: authorizationType,
          MethodResponses: [{ StatusCode: 200, ResponseParameters: { 'method.response.header.Access-Control-Allow-Origin': true } }],
          Integration: {
            Type: 'MOCK',
            RequestTemplates: { 'application/json': '{"statusCode": 200}' },
            IntegrationResponses: [
              {
                StatusCode: 200,
                ResponseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'*'" },
                ResponseTemplates: { 'application/json': `{"version": ${version}}` },
              },
            ],
          },
        },
      },
      Cors4xx: {
        Type: 'AWS::ApiGateway::GatewayResponse',
        Properties: {
          RestApiId: { Ref: 'Api' },
          ResponseType: 'DEFAULT_4XX',
          ResponseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
        },
      },
      [deploymentId]: {
        Type: 'AWS::ApiGateway::Deployment',
        DependsOn: ['HelloGet', 'Cors4xx'],
        Properties: { RestApiId: { Ref: 'Api' }, Description: description },
      },
      Stage: {
        Type: 'AWS::ApiGateway::Stage',
        Properties: { RestApiId: { Ref: 'Api' }, DeploymentId: { Ref: deploymentId }, StageName: 'prod', Variables: { mode: 'test' } },
      },
    },
    Outputs: {
      ApiId: { Value: { Ref: 'Api' } },
      RootId: { Value: { 'Fn::GetAtt': ['Api', 'RootResourceId'] } },
      DeploymentId: { Value: { Ref: deploymentId } },
    },
  })
}

async function outputs(StackName: string): Promise<Record<string, string>> {
  const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName }))
  return Object.fromEntries((Stacks?.[0].Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue!]))
}

async function failureReasons(StackName: string): Promise<string[]> {
  const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName }))
  return (StackEvents ?? []).filter((e) => e.ResourceStatus?.endsWith('_FAILED')).map((e) => `${e.LogicalResourceId}: ${e.ResourceStatusReason}`)
}

describe('AWS::ApiGateway::* providers', () => {
  const StackName = 'rest-api'
  let apiId: string
  const hello = () => request(cloud.port, `/_aws/execute-api/${apiId}/prod/hello`)

  it('creates a REST API stack that answers on its stage', async () => {
    await cfn.send(new CreateStackCommand({ StackName, TemplateBody: template(1, 'Deployment1', 'v1') }))
    await waitUntilStackCreateComplete({ client: cfn, ...wait }, { StackName })
    const out = await outputs(StackName)
    apiId = out.ApiId
    const api = await apigw.send(new GetRestApiCommand({ restApiId: apiId }))
    expect(api.rootResourceId).toBe(out.RootId)
    expect(api.tags?.['aws:cloudformation:stack-name']).toBe(StackName)
    const res = await hello()
    expect([res.status, res.json(), res.headers['access-control-allow-origin']]).toEqual([200, { version: 1 }, '*'])
    const missing = await request(cloud.port, `/_aws/execute-api/${apiId}/prod/nope`)
    expect([missing.status, missing.headers['access-control-allow-origin']]).toEqual([403, '*'])
  })

  it('does not redeploy when a method and the same Deployment resource change', async () => {
    await cfn.send(new UpdateStackCommand({ StackName, TemplateBody: template(2, 'Deployment1', 'v2 please') }))
    await waitUntilStackUpdateComplete({ client: cfn, ...wait }, { StackName })
    expect((await hello()).json()).toEqual({ version: 1 })
  })

  it('goes live with a Deployment under a new logical id, and the stage moves to it', async () => {
    const before = (await outputs(StackName)).DeploymentId
    await cfn.send(new UpdateStackCommand({ StackName, TemplateBody: template(2, 'Deployment2', 'v2') }))
    await waitUntilStackUpdateComplete({ client: cfn, ...wait }, { StackName })
    const after = (await outputs(StackName)).DeploymentId
    expect(after).not.toBe(before)
    expect((await apigw.send(new GetStageCommand({ restApiId: apiId, stageName: 'prod' }))).deploymentId).toBe(after)
    expect((await hello()).json()).toEqual({ version: 2 })
  })

  it('deletes everything', async () => {
    await cfn.send(new DeleteStackCommand({ StackName }))
    await waitUntilStackDeleteComplete({ client: cfn, ...wait }, { StackName })
    const gone = await apigw.send(new GetRestApiCommand({ restApiId: apiId })).catch((e) => e)
    expect(gone.name).toBe('NotFoundException')
  })

  it('handles a Deployment that owns its stage (StageName): no redeploy on update, repoint on a new logical id', async () => {
    const name = 'deployment-stage'
    const build = (version: number, deploymentId: string, description: string) => {
      const t = JSON.parse(template(version, deploymentId, description))
      delete t.Resources.Stage
      t.Resources[deploymentId].Properties.StageName = 'live'
      t.Resources[deploymentId].Properties.StageDescription = { Variables: { v: String(version) } }
      return JSON.stringify(t)
    }
    await cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: build(1, 'DeployA', 'a') }))
    await waitUntilStackCreateComplete({ client: cfn, ...wait }, { StackName: name }).catch(async (e) => {
      throw new Error((await failureReasons(name)).join('\n') || String(e))
    })
    const id = (await outputs(name)).ApiId
    const live = () => request(cloud.port, `/_aws/execute-api/${id}/live/hello`).then((r) => r.json())
    expect(await live()).toEqual({ version: 1 })

    await cfn.send(new UpdateStackCommand({ StackName: name, TemplateBody: build(2, 'DeployA', 'a, changed') }))
    await waitUntilStackUpdateComplete({ client: cfn, ...wait }, { StackName: name })
    expect(await live()).toEqual({ version: 1 })
    expect((await apigw.send(new GetStageCommand({ restApiId: id, stageName: 'live' }))).variables).toEqual({ v: '2' })

    await cfn.send(new UpdateStackCommand({ StackName: name, TemplateBody: build(2, 'DeployB', 'b') }))
    await waitUntilStackUpdateComplete({ client: cfn, ...wait }, { StackName: name })
    expect(await live()).toEqual({ version: 2 })

    await cfn.send(new DeleteStackCommand({ StackName: name }))
    await waitUntilStackDeleteComplete({ client: cfn, ...wait }, { StackName: name })
    expect((await apigw.send(new GetRestApiCommand({ restApiId: id })).catch((e) => e)).name).toBe('NotFoundException')
  })

  it('fails a CUSTOM method without an authorizer with API Gateway\'s message', async () => {
    const name = 'custom-method'
    await cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: template(1, 'Deployment1', 'x', 'CUSTOM') }))
    await waitUntilStackCreateComplete({ client: cfn, ...wait }, { StackName: name }).catch(() => undefined)
    expect((await failureReasons(name)).join('\n')).toContain('Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.')
  })

  it('imports an OpenAPI Body (x-amazon-apigateway-integration, gateway responses) and deploys it', async () => {
    const name = 'openapi'
    const cors = {
      'method.response.header.Access-Control-Allow-Headers': "'Content-Type,X-Amz-Date,Authorization,X-Api-Key'",
      'method.response.header.Access-Control-Allow-Methods': "'*'",
      'method.response.header.Access-Control-Allow-Origin': "'*'",
    }
    const headers = { 'Access-Control-Allow-Headers': { type: 'string' }, 'Access-Control-Allow-Methods': { type: 'string' }, 'Access-Control-Allow-Origin': { type: 'string' } }
    const Body = {
      swagger: '2.0',
      info: { title: 'from-openapi', version: '1' },
      paths: {
        '/pets/{id}': {
          get: {
            parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }],
            responses: { '200': { description: 'ok' } },
            'x-amazon-apigateway-integration': {
              type: 'mock',
              requestTemplates: { 'application/json': '{"statusCode": 200}' },
              responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '{"id": "$input.params(\'id\')"}' } } },
            },
          },
          options: {
            responses: { '200': { description: 'cors', headers } },
            'x-amazon-apigateway-integration': {
              type: 'mock',
              requestTemplates: { 'application/json': '{"statusCode" : 200}' },
              responses: { default: { statusCode: '200', responseParameters: cors, responseTemplates: { 'application/json': '{}' } } },
            },
          },
        },
      },
      'x-amazon-apigateway-gateway-responses': {
        DEFAULT_4XX: { responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" } },
      },
    }
    const body = JSON.stringify({
      Resources: {
        Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Body } },
        Deployment: { Type: 'AWS::ApiGateway::Deployment', Properties: { RestApiId: { Ref: 'Api' }, StageName: 'v1' } },
      },
      Outputs: { ApiId: { Value: { Ref: 'Api' } } },
    })
    await cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: body }))
    await waitUntilStackCreateComplete({ client: cfn, ...wait }, { StackName: name }).catch(async (e) => {
      throw new Error((await failureReasons(name)).join('\n') || String(e))
    })
    const id = (await outputs(name)).ApiId
    expect((await apigw.send(new GetRestApiCommand({ restApiId: id }))).name).toBe('from-openapi')
    const pet = await request(cloud.port, `/_aws/execute-api/${id}/v1/pets/7`)
    expect(pet.json()).toEqual({ id: '7' })
    const preflight = await request(cloud.port, `/_aws/execute-api/${id}/v1/pets/7`, { method: 'OPTIONS' })
    expect([preflight.status, preflight.headers['access-control-allow-origin'], preflight.headers['access-control-allow-methods']]).toEqual([200, '*', '*'])
    const missing = await request(cloud.port, `/_aws/execute-api/${id}/v1/nope`)
    expect([missing.status, missing.headers['access-control-allow-origin']]).toEqual([403, '*'])
  })

  it('fails an OpenAPI authorizer clearly', async () => {
    const name = 'openapi-auth'
    const Body = {
      openapi: '3.0.1',
      info: { title: 'secured' },
      components: { securitySchemes: { jwt: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'cognito_user_pools' } } },
      paths: { '/x': { get: { security: [{ jwt: [] }], 'x-amazon-apigateway-integration': { type: 'mock' } } } },
    }
    const body = JSON.stringify({ Resources: { Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Body } } } })
    await cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: body }))
    await waitUntilStackCreateComplete({ client: cfn, ...wait }, { StackName: name }).catch(() => undefined)
    expect((await failureReasons(name)).join('\n')).toContain('Security scheme jwt (not supported by the local cloud yet)')
  })

  it('rejects an integration response mapping an undeclared header, like AWS', async () => {
    const name = 'bad-mapping'
    const bad = JSON.parse(template(1, 'Deployment1', 'x'))
    bad.Resources.HelloGet.Properties.MethodResponses = [{ StatusCode: 200 }]
    await cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: JSON.stringify(bad) }))
    await waitUntilStackCreateComplete({ client: cfn, ...wait }, { StackName: name }).catch(() => undefined)
    expect((await failureReasons(name)).join('\n')).toContain(
      'Invalid mapping expression parameter specified: method.response.header.Access-Control-Allow-Origin',
    )
  })

  it('rejects the CORS mistake "*" (a header value without its inner quotes) at deploy time, like AWS', async () => {
    const name = 'unquoted-literal'
    const bad = JSON.parse(template(1, 'Deployment1', 'x'))
    bad.Resources.HelloGet.Properties.Integration.IntegrationResponses[0].ResponseParameters['method.response.header.Access-Control-Allow-Origin'] = '*'
    await cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: JSON.stringify(bad) }))
    await waitUntilStackCreateComplete({ client: cfn, ...wait }, { StackName: name }).catch(() => undefined)
    expect((await failureReasons(name)).join('\n')).toContain('Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: *]')
  })

  it('rejects a header mapping for a status that has no method response, like AWS', async () => {
    const name = 'no-method-response'
    const bad = JSON.parse(template(1, 'Deployment1', 'x'))
    delete bad.Resources.HelloGet.Properties.MethodResponses
    await cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: JSON.stringify(bad) }))
    await waitUntilStackCreateComplete({ client: cfn, ...wait }, { StackName: name }).catch(() => undefined)
    expect((await failureReasons(name)).join('\n')).toContain('errors : [No method response exists for method.]')
  })
})
