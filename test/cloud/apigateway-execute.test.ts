import {
  APIGatewayClient,
  CreateDeploymentCommand,
  DeleteMethodCommand,
  PutGatewayResponseCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  TestInvokeMethodCommand,
} from '@aws-sdk/client-api-gateway'
import http from 'node:http'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { ApiBuilder, request } from './apigateway-helpers.js'

let cloud: TestCloud
let apigw: APIGatewayClient
useTestCloud((c) => {
  cloud = c
  apigw = new APIGatewayClient(cloud.sdk)
})

const viaPath = (api: string, rest: string, options?: Parameters<typeof request>[2]) => request(cloud.port, `/_aws/execute-api/${api}${rest}`, options)
const viaHost = (api: string, rest: string, options: Parameters<typeof request>[2] = {}) =>
  request(cloud.port, rest, { ...options, headers: { ...options.headers, host: `${api}.execute-api.localhost:${cloud.port}` } })

describe('execute-api: routing and gateway responses', () => {
  it('answers unknown stages, paths and methods with 403 Missing Authentication Token, on both URL styles', async () => {
    const api = await ApiBuilder.create(apigw, 'routes')
    await api.mock('/pets', 'GET', '{"pets":[]}')
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }))

    for (const call of [viaPath, viaHost]) {
      expect((await call(api.id, '/dev/pets')).json()).toEqual({ pets: [] })
      for (const [method, path] of [['GET', '/nostage/pets'], ['GET', '/dev/nothing'], ['DELETE', '/dev/pets'], ['GET', '/']]) {
        const res = await call(api.id, path, { method })
        expect(res.status).toBe(403)
        expect(res.text).toBe('{"message":"Missing Authentication Token"}')
        expect(res.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException')
        expect(res.headers['access-control-allow-origin']).toBeUndefined()
        expect(res.headers['x-amzn-requestid']).toBeTruthy()
      }
    }
  })

  it('serves the console "Enable CORS" OPTIONS method (MOCK) with its three headers', async () => {
    const api = await ApiBuilder.create(apigw, 'cors')
    const resourceId = await api.resource('/pets')
    const key = { restApiId: api.id, resourceId, httpMethod: 'OPTIONS' }
    await apigw.send(new PutMethodCommand({ ...key, authorizationType: 'NONE' }))
    await apigw.send(
      new PutMethodResponseCommand({
        ...key,
        statusCode: '200',
        responseParameters: {
          'method.response.header.Access-Control-Allow-Headers': false,
          'method.response.header.Access-Control-Allow-Methods': false,
          'method.response.header.Access-Control-Allow-Origin': false,
        },
        responseModels: { 'application/json': 'Empty' },
      }),
    )
    await apigw.send(new PutIntegrationCommand({ ...key, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode" : 200}' } }))
    await apigw.send(
      new PutIntegrationResponseCommand({
        ...key,
        statusCode: '200',
        responseParameters: {
          'method.response.header.Access-Control-Allow-Headers': "'Content-Type,X-Amz-Date,Authorization,X-Api-Key'",
          'method.response.header.Access-Control-Allow-Methods': "'*'",
          'method.response.header.Access-Control-Allow-Origin': "'*'",
        },
        responseTemplates: { 'application/json': '{}' },
      }),
    )
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod' }))
    const res = await viaHost(api.id, '/prod/pets', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    })
    expect(res.status).toBe(200)
    expect(res.headers['access-control-allow-origin']).toBe('*')
    expect(res.headers['access-control-allow-methods']).toBe('*')
    expect(res.headers['access-control-allow-headers']).toBe('Content-Type,X-Amz-Date,Authorization,X-Api-Key')
    expect(res.headers['content-type']).toBe('application/json')
    expect(res.text).toBe('{}')
  })

  it('serves the deployment snapshot: changes are live only after a new deployment', async () => {
    const api = await ApiBuilder.create(apigw, 'snapshot')
    await api.mock('/v', 'GET', '{"version":1}')
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'live' }))
    expect((await viaPath(api.id, '/live/v')).json()).toEqual({ version: 1 })

    const resourceId = await api.resource('/v')
    await apigw.send(new DeleteMethodCommand({ restApiId: api.id, resourceId, httpMethod: 'GET' }))
    await api.mock('/v', 'GET', '{"version":2}')
    expect((await viaPath(api.id, '/live/v')).json()).toEqual({ version: 1 })

    // The console's Test runs the live tree, so it already shows what the stage does not serve yet.
    const tested = await apigw.send(new TestInvokeMethodCommand({ restApiId: api.id, resourceId, httpMethod: 'GET', pathWithQueryString: '/v' }))
    expect([tested.status, JSON.parse(tested.body!)]).toEqual([200, { version: 2 }])
    expect(tested.log).toContain('Method completed with status: 200')

    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'live' }))
    expect((await viaPath(api.id, '/live/v')).json()).toEqual({ version: 2 })
  })

  it('adds CORS headers to gateway responses only when a (deployed) gateway response says so', async () => {
    const api = await ApiBuilder.create(apigw, 'gateway-responses')
    await api.mock('/ok', 'GET', '{}')
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 's' }))
    await apigw.send(
      new PutGatewayResponseCommand({
        restApiId: api.id,
        responseType: 'DEFAULT_4XX',
        responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
        responseTemplates: { 'application/json': '{"error":$context.error.messageString,"type":"$context.error.responseType"}' },
      }),
    )
    const before = await viaPath(api.id, '/s/missing')
    expect(before.headers['access-control-allow-origin']).toBeUndefined()

    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 's' }))
    const after = await viaPath(api.id, '/s/missing')
    expect(after.status).toBe(403)
    expect(after.headers['access-control-allow-origin']).toBe('*')
    expect(after.json()).toEqual({ error: 'Missing Authentication Token', type: 'MISSING_AUTHENTICATION_TOKEN' })
  })

  it('picks the most specific resource: literal, then {param}, then greedy {proxy+}', async () => {
    const api = await ApiBuilder.create(apigw, 'specific')
    await api.mock('/items/special', 'GET', '{"route":"literal"}')
    await api.mock('/items/{id}', 'GET', '{"route":"param","id":"$input.params(\'id\')"}')
    await api.mock('/{proxy+}', 'ANY', '{"route":"greedy","proxy":"$input.params(\'proxy\')"}')
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'v1' }))
    expect((await viaPath(api.id, '/v1/items/special')).json()).toEqual({ route: 'literal' })
    expect((await viaPath(api.id, '/v1/items/42')).json()).toEqual({ route: 'param', id: '42' })
    expect((await viaPath(api.id, '/v1/items/42/more')).json()).toEqual({ route: 'greedy', proxy: 'items/42/more' })
    // ANY on the greedy resource catches methods the literal resources don't define.
    expect((await viaPath(api.id, '/v1/items/42', { method: 'POST' })).json()).toEqual({ route: 'greedy', proxy: 'items/42' })
  })

  it('selects the integration response by SelectionPattern, else the default', async () => {
    const api = await ApiBuilder.create(apigw, 'selection')
    const resourceId = await api.resource('/thing')
    const key = { restApiId: api.id, resourceId, httpMethod: 'GET' }
    await apigw.send(new PutMethodCommand({ ...key, authorizationType: 'NONE' }))
    await apigw.send(new PutMethodResponseCommand({ ...key, statusCode: '200' }))
    await apigw.send(new PutMethodResponseCommand({ ...key, statusCode: '404' }))
    await apigw.send(
      new PutIntegrationCommand({
        ...key,
        type: 'MOCK',
        requestTemplates: { 'application/json': '#if($input.params(\'missing\') == "yes"){"statusCode": 404}#else{"statusCode": 200}#end' },
      }),
    )
    await apigw.send(new PutIntegrationResponseCommand({ ...key, statusCode: '200', responseTemplates: { 'application/json': '{"found":true}' } }))
    await apigw.send(new PutIntegrationResponseCommand({ ...key, statusCode: '404', selectionPattern: '4\\d{2}', responseTemplates: { 'application/json': '{"found":false}' } }))
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 't' }))
    const ok = await viaPath(api.id, '/t/thing')
    expect([ok.status, ok.json()]).toEqual([200, { found: true }])
    const missing = await viaPath(api.id, '/t/thing?missing=yes')
    expect([missing.status, missing.json()]).toEqual([404, { found: false }])
  })

  it('forwards HTTP_PROXY requests with path parameters and query strings, passing the response through', async () => {
    const backend = http.createServer((req, res) => {
      res.writeHead(207, { 'content-type': 'text/plain', 'x-backend': 'yes' })
      res.end(`${req.method} ${req.url}`)
    })
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
    const port = (backend.address() as { port: number }).port
    try {
      const api = await ApiBuilder.create(apigw, 'http-proxy')
      const resourceId = await api.resource('/{proxy+}')
      await apigw.send(new PutMethodCommand({ restApiId: api.id, resourceId, httpMethod: 'ANY', authorizationType: 'NONE' }))
      await apigw.send(
        new PutIntegrationCommand({
          restApiId: api.id,
          resourceId,
          httpMethod: 'ANY',
          type: 'HTTP_PROXY',
          integrationHttpMethod: 'ANY',
          uri: `http://127.0.0.1:${port}/backend/{proxy}`,
        }),
      )
      await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'p' }))
      const res = await viaPath(api.id, '/p/a/b?q=1', { method: 'DELETE' })
      expect([res.status, res.text, res.headers['x-backend']]).toEqual([207, 'DELETE /backend/a/b?q=1', 'yes'])
    } finally {
      backend.close()
    }
  })

  it('keeps APIs, deployments and stages across a restart', async () => {
    const api = await ApiBuilder.create(apigw, 'persist')
    await api.mock('/p', 'GET', '{"kept":true}')
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }))
    cloud = await cloud.restart()
    apigw = new APIGatewayClient(cloud.sdk)
    expect((await viaPath(api.id, '/dev/p')).json()).toEqual({ kept: true })
  })

  it('fails a MOCK integration without a request template with 500, as AWS does', async () => {
    const api = await ApiBuilder.create(apigw, 'mock-no-template')
    const resourceId = await api.resource('/m')
    await apigw.send(new PutMethodCommand({ restApiId: api.id, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }))
    await apigw.send(new PutIntegrationCommand({ restApiId: api.id, resourceId, httpMethod: 'GET', type: 'MOCK' }))
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'x' }))
    const res = await viaPath(api.id, '/x/m')
    expect([res.status, res.text]).toEqual([500, '{"message": "Internal server error"}'])
  })

  it('answers 500 when the selected integration response has no method response of its status, as AWS does', async () => {
    const api = await ApiBuilder.create(apigw, 'no-method-response')
    const resourceId = await api.resource('/created')
    const key = { restApiId: api.id, resourceId, httpMethod: 'GET' }
    await apigw.send(new PutMethodCommand({ ...key, authorizationType: 'NONE' }))
    await apigw.send(new PutIntegrationCommand({ ...key, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
    // Accepted (no header mappings to check), but no MethodResponse declares 201.
    await apigw.send(new PutIntegrationResponseCommand({ ...key, statusCode: '201', responseTemplates: { 'application/json': '{"created": true}' } }))
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'x' }))
    const res = await viaPath(api.id, '/x/created')
    expect([res.status, res.text]).toEqual([500, '{"message": "Internal server error"}'])
    await apigw.send(new PutMethodResponseCommand({ ...key, statusCode: '201' }))
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'x' }))
    const fixed = await viaPath(api.id, '/x/created')
    expect([fixed.status, fixed.json()]).toEqual([201, { created: true }])
  })

  it('applies $context.responseOverride from a response template; an override set twice is a 500', async () => {
    const api = await ApiBuilder.create(apigw, 'override')
    const resourceId = await api.resource('/teapot')
    const key = { restApiId: api.id, resourceId, httpMethod: 'GET' }
    await apigw.send(new PutMethodCommand({ ...key, authorizationType: 'NONE' }))
    await apigw.send(new PutIntegrationCommand({ ...key, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
    await apigw.send(new PutMethodResponseCommand({ ...key, statusCode: '200' }))
    const template = (twice: boolean) =>
      '#set($context.responseOverride.status = 418)#set($context.responseOverride.header.X-Over = "yes")' +
      (twice ? '#set($context.responseOverride.status = 419)' : '') + '{"overridden": true}'
    await apigw.send(new PutIntegrationResponseCommand({ ...key, statusCode: '200', responseTemplates: { 'application/json': template(false) } }))
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'x' }))
    const res = await viaPath(api.id, '/x/teapot')
    expect([res.status, res.headers['x-over'], res.json()]).toEqual([418, 'yes', { overridden: true }])
    await apigw.send(new PutIntegrationResponseCommand({ ...key, statusCode: '200', responseTemplates: { 'application/json': template(true) } }))
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'x' }))
    expect((await viaPath(api.id, '/x/teapot')).status).toBe(500)
  })

  it('answers an unknown API id with an explanation', async () => {
    const res = await viaPath('zzzzzzzzzz', '/dev/x')
    expect(res.status).toBe(404)
    expect(res.json().message).toContain('zzzzzzzzzz')
  })
})
