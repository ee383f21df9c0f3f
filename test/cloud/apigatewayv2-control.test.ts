/**
 * The API Gateway v2 control plane through SDK v3 (`@aws-sdk/client-apigatewayv2`): WebSocket APIs, routes,
 * integrations, responses, authorizers, deployments and stages; AWS's errors; the `_deployedStage` seam.
 */
import {
  ApiGatewayV2Client,
  CreateApiCommand,
  CreateDeploymentCommand,
  CreateIntegrationCommand,
  CreateModelCommand,
  CreateRouteCommand,
  CreateStageCommand,
  DeleteIntegrationCommand,
  GetApiCommand,
  GetApisCommand,
  GetDomainNamesCommand,
  GetModelsCommand,
  GetRoutesCommand,
  GetStageCommand,
  GetTagsCommand,
  GetVpcLinksCommand,
  TagResourceCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-apigatewayv2'
import { APIGatewayClient, GetRestApisCommand } from '@aws-sdk/client-api-gateway'
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api'
import { describe, expect, it } from 'vitest'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'
import { signedFetch } from '../helpers/signed-fetch.js'

let cloud: TestCloud
let v2: ApiGatewayV2Client
useTestCloud((c) => {
  cloud = c
  v2 = new ApiGatewayV2Client(c.sdk)
})

const FN = 'arn:aws:lambda:us-east-1:000000000000:function:chat'
const LAMBDA_URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN}/invocations`

async function wsApi(name = 'chat', routeSelectionExpression = '$request.body.action') {
  return v2.send(new CreateApiCommand({ Name: name, ProtocolType: 'WEBSOCKET', RouteSelectionExpression: routeSelectionExpression }))
}

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise
  } catch (err: any) {
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode }
  }
  throw new Error('expected the call to fail')
}

describe('APIs', () => {
  it('creates a WebSocket API with AWS endpoint and defaults, and lists it', async () => {
    const api = await wsApi()
    expect(api.ApiId).toMatch(/^[a-z0-9]{10}$/)
    expect(api.ApiEndpoint).toBe(`wss://${api.ApiId}.execute-api.us-east-1.amazonaws.com`)
    expect(api.ProtocolType).toBe('WEBSOCKET')
    expect(api.ApiKeySelectionExpression).toBe('$request.header.x-api-key')
    expect(api.CreatedDate).toBeInstanceOf(Date)
    const got = await v2.send(new GetApiCommand({ ApiId: api.ApiId }))
    expect(got.RouteSelectionExpression).toBe('$request.body.action')
    const all = await v2.send(new GetApisCommand({}))
    expect(all.Items?.map((a) => a.ApiId)).toContain(api.ApiId)
  })

  it('the v1 REST service still answers its own paths on the same signing name', async () => {
    const v1 = new APIGatewayClient(cloud.sdk)
    const rest = await v1.send(new GetRestApisCommand({}))
    expect(Array.isArray(rest.items)).toBe(true)
  })

  it('accepts nested paths, ${} interpolation and \\$default; refuses other variables and a missing expression', async () => {
    for (const ok of ['$request.body.a.b', '${request.body.service}/${request.body.action}', '\\$default', 'action']) {
      expect((await wsApi('ok', ok)).RouteSelectionExpression).toBe(ok)
    }
    const header = await failure(wsApi('bad', '$request.header.x'))
    expect(header).toMatchObject({ name: 'BadRequestException', status: 400 })
    expect(header.message).toContain('Invalid route selection expression')
    const unclosed = await failure(wsApi('bad', '${request.body.action'))
    expect(unclosed.name).toBe('BadRequestException')
    const missing = await failure(v2.send(new CreateApiCommand({ Name: 'x', ProtocolType: 'WEBSOCKET' })))
    expect(missing).toMatchObject({ name: 'BadRequestException', message: 'RouteSelectionExpression is required for WEBSOCKET protocol' })
  })

  it('answers HTTP API creation with an honest not-emulated error', async () => {
    const http = await failure(v2.send(new CreateApiCommand({ Name: 'h', ProtocolType: 'HTTP' })))
    expect(http.status).toBe(501)
    expect(http.message).toContain('HTTP APIs')
    const ipv4 = await v2.send(new CreateApiCommand({ Name: 'v4', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.a', IpAddressType: 'ipv4' }))
    expect(ipv4.IpAddressType).toBe('ipv4')
    const dual = await failure(v2.send(new CreateApiCommand({ Name: 'v6', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.a', IpAddressType: 'dualstack' })))
    expect(dual.status).toBe(501)
    const other = await failure(v2.send(new CreateApiCommand({ Name: 'h', ProtocolType: 'GRPC' as 'HTTP' })))
    expect(other).toMatchObject({ name: 'BadRequestException', message: 'Invalid protocol specified. Must be one of [HTTP, WEBSOCKET]' })
  })

  it('a missing API is NotFoundException', async () => {
    const err = await failure(v2.send(new GetApiCommand({ ApiId: 'nosuchapi1' })))
    expect(err).toMatchObject({ name: 'NotFoundException', status: 404 })
    expect(err.message).toContain('Invalid API identifier specified')
  })

  it('AWS operations it does not emulate are NotImplemented (501) by name, never a NotFoundException', async () => {
    const { ApiId } = await wsApi()
    for (const command of [new GetModelsCommand({ ApiId }), new CreateModelCommand({ ApiId, Name: 'm', Schema: '{}' }), new GetDomainNamesCommand({}), new GetVpcLinksCommand({})]) {
      const err = await failure(v2.send(command as any))
      expect(err).toMatchObject({ name: 'NotImplemented', status: 501 })
      expect(err.message).toMatch(/does not emulate the API Gateway v2 operation (GetModels|CreateModel|GetDomainNames|GetVpcLinks) yet/)
    }
  })

  it('tags an API by ARN and lists it for the tagging service', async () => {
    const api = await wsApi()
    const arn = `arn:aws:apigateway:us-east-1::/apis/${api.ApiId}`
    await v2.send(new TagResourceCommand({ ResourceArn: arn, Tags: { lab: '354' } }))
    expect((await v2.send(new GetTagsCommand({ ResourceArn: arn }))).Tags).toEqual({ lab: '354' })
    const tagging = new ResourceGroupsTaggingAPIClient(cloud.sdk)
    const listed = await tagging.send(new GetResourcesCommand({ ResourceTypeFilters: ['apigateway:apis'] }))
    expect(listed.ResourceTagMappingList?.map((r) => r.ResourceARN)).toContain(arn)
  })
})

describe('routes and integrations', () => {
  it('refuses duplicate keys, $-keys that are not reserved, and authorization off $connect', async () => {
    const { ApiId } = await wsApi()
    await v2.send(new CreateRouteCommand({ ApiId, RouteKey: 'sendmessage' }))
    expect(await failure(v2.send(new CreateRouteCommand({ ApiId, RouteKey: 'sendmessage' })))).toMatchObject({ name: 'ConflictException', status: 409 })
    expect((await failure(v2.send(new CreateRouteCommand({ ApiId, RouteKey: '$custom' })))).name).toBe('BadRequestException')
    const auth = await failure(v2.send(new CreateRouteCommand({ ApiId, RouteKey: 'other', AuthorizationType: 'AWS_IAM' })))
    expect(auth).toMatchObject({ name: 'BadRequestException', message: 'Currently, authorization is restricted to the $connect route only' })
    const connect = await v2.send(new CreateRouteCommand({ ApiId, RouteKey: '$connect', AuthorizationType: 'AWS_IAM' }))
    expect(connect.AuthorizationType).toBe('AWS_IAM')
    expect((await failure(v2.send(new CreateRouteCommand({ ApiId, RouteKey: 'k', ApiKeyRequired: true })))).status).toBe(501)
  })

  it('checks integration URIs, timeouts and targets', async () => {
    const { ApiId } = await wsApi()
    const url = await failure(v2.send(new CreateIntegrationCommand({ ApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: 'https://example.com/' })))
    expect(url.name).toBe('BadRequestException')
    expect(url.message).toContain('Invalid integration URI')
    const slow = await failure(v2.send(new CreateIntegrationCommand({ ApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA_URI, TimeoutInMillis: 30000 })))
    expect(slow.name).toBe('BadRequestException')
    const integration = await v2.send(new CreateIntegrationCommand({ ApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA_URI }))
    expect(integration).toMatchObject({ TimeoutInMillis: 29000, PayloadFormatVersion: '1.0', ConnectionType: 'INTERNET' })
    const mock = await v2.send(new CreateIntegrationCommand({ ApiId, IntegrationType: 'MOCK', RequestTemplates: { $default: '{"statusCode":200}' } }))
    expect(mock.IntegrationResponseSelectionExpression).toBe('${integration.response.statuscode}')
    expect((await failure(v2.send(new CreateRouteCommand({ ApiId, RouteKey: 'a', Target: 'integrations/nosuch1' })))).name).toBe('NotFoundException')
    await v2.send(new CreateRouteCommand({ ApiId, RouteKey: 'a', Target: `integrations/${integration.IntegrationId}` }))
    expect((await failure(v2.send(new DeleteIntegrationCommand({ ApiId, IntegrationId: integration.IntegrationId })))).name).toBe('ConflictException')
    expect((await failure(v2.send(new CreateIntegrationCommand({ ApiId, IntegrationType: 'HTTP_PROXY', IntegrationUri: 'https://example.com' })))).status).toBe(501)
  })
})

describe('stages and deployments on the wire', () => {
  it('creates a stage, deploys to it and reports autoDeploy status', async () => {
    const { ApiId } = await wsApi()
    const mock = await v2.send(new CreateIntegrationCommand({ ApiId, IntegrationType: 'MOCK' }))
    await v2.send(new CreateRouteCommand({ ApiId, RouteKey: '$default', Target: `integrations/${mock.IntegrationId}` }))
    const stage = await v2.send(new CreateStageCommand({ ApiId, StageName: 'prod', StageVariables: { table: 'chat' } }))
    expect(stage).toMatchObject({ StageName: 'prod', AutoDeploy: false, DefaultRouteSettings: { LoggingLevel: 'OFF', DataTraceEnabled: false } })
    expect(stage.CreatedDate).toBeInstanceOf(Date)
    const deployment = await v2.send(new CreateDeploymentCommand({ ApiId, StageName: 'prod' }))
    expect(deployment).toMatchObject({ DeploymentStatus: 'DEPLOYED', AutoDeployed: false })
    expect((await v2.send(new GetStageCommand({ ApiId, StageName: 'prod' }))).DeploymentId).toBe(deployment.DeploymentId)
    const logging = await failure(v2.send(new UpdateStageCommand({ ApiId, StageName: 'prod', DefaultRouteSettings: { LoggingLevel: 'INFO' } })))
    expect(logging).toMatchObject({ name: 'BadRequestException', message: 'CloudWatch Logs role ARN must be set in account settings to enable logging' })
    const unknown = await failure(v2.send(new UpdateStageCommand({ ApiId, StageName: 'prod', RouteSettings: { nosuch: { ThrottlingBurstLimit: 1 } } })))
    expect(unknown).toMatchObject({ name: 'NotFoundException', status: 404, message: 'Unable to find Route by key nosuch within the provided RouteSettings' })
    const dev = await v2.send(new CreateStageCommand({ ApiId, StageName: 'dev', AutoDeploy: true }))
    expect(dev.DeploymentId).toMatch(/^[a-z0-9]+$/)
    expect(dev.LastDeploymentStatusMessage).toContain(dev.DeploymentId!)
    expect((await v2.send(new GetRoutesCommand({ ApiId }))).Items).toHaveLength(1)
  })
})

describe('raw requests', () => {
  const raw = async (method: string, path: string, body?: string) => {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' }
    const res = await signedFetch(cloud, `${cloud.endpoint}${path}`, { method, service: 'apigateway', headers, body })
    const text = await res.text()
    return { status: res.status, type: res.headers.get('x-amzn-errortype'), text }
  }

  it('answers wrong member types, bad JSON, prototype keys and bad escapes with 4xx JSON errors, never a 500', async () => {
    for (const [method, path, body] of [
      ['POST', '/v2/apis', '{"name": 5, "protocolType": "WEBSOCKET", "routeSelectionExpression": "$request.body.a"}'],
      ['POST', '/v2/apis', '{"name": "x", "protocolType": "WEBSOCKET", "routeSelectionExpression": {"a": 1}}'],
      ['POST', '/v2/apis', '{"name": "x", "protocolType": "WEBSOCKET", "routeSelectionExpression": "$request.body.a", "tags": {"k": 1}}'],
      ['POST', '/v2/apis', '{not json'],
      ['POST', '/v2/apis', '[1, 2]'],
      ['POST', '/v2/apis', '{"name": "x", "__proto__": {"polluted": true}}'],
      ['GET', '/v2/apis/%E0%A4%A', undefined],
      ['GET', '/v2/apis?maxResults=abc', undefined],
      ['GET', '/v2/nothing-here', undefined],
      ['GET', '/v2/apis/__proto__/routes', undefined],
    ] as const) {
      const r = await raw(method, path, body)
      expect(r.status, `${method} ${path} ${body}: ${r.text}`).toBeGreaterThanOrEqual(400)
      expect(r.status, `${method} ${path} ${body}: ${r.text}`).toBeLessThan(500)
      expect(JSON.parse(r.text).message).toBeTruthy()
      expect(r.type).toMatch(/Exception$/)
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
