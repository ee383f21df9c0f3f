import { APIGatewayClient, CreateDeploymentCommand, CreateStageCommand } from '@aws-sdk/client-api-gateway'
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { describe, expect, it } from 'vitest'
import { ROLE, zip } from '../fixtures/lambda/zip.js'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { createLambdaRole } from '../helpers/lambda-role.js'
import { ApiBuilder, request } from './apigateway-helpers.js'

const HANDLER = `
exports.handler = async (event) => {
  const last = event.path.split('/').pop()
  if (last === 'malformed') return { statusCode: 200, body: { not: 'a string' } }
  if (last === 'extra') return { statusCode: 200, body: 'x', cookies: [] }
  if (last === 'boom') throw new Error('boom')
  if (last === 'auth') return { statusCode: 401, headers: { 'WWW-Authenticate': 'Bearer' }, body: '' }
  if (last === 'binary') return { statusCode: 200, headers: { 'Content-Type': 'image/png' }, body: Buffer.from([0, 1, 2, 255]).toString('base64'), isBase64Encoded: true }
  if (last === 'slow') { await new Promise((r) => setTimeout(r, 2000)); return { statusCode: 200, body: 'late' } }
  return {
    statusCode: 201,
    headers: { 'X-Custom': 'yes', 'Content-Type': 'application/json' },
    multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
    body: JSON.stringify(event),
  }
}`

let cloud: TestCloud
let apigw: APIGatewayClient
let lambda: LambdaClient
let api: ApiBuilder
let lockedApi: ApiBuilder
useTestCloud(async (c) => {
  await createLambdaRole(c)
  cloud = c
  apigw = new APIGatewayClient(cloud.sdk)
  lambda = new LambdaClient(cloud.sdk)
  const fn = await lambda.send(
    new CreateFunctionCommand({ FunctionName: 'echo', Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zip({ 'index.js': HANDLER }) } }),
  )
  const locked = await lambda.send(
    new CreateFunctionCommand({ FunctionName: 'locked', Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zip({ 'index.js': HANDLER }) } }),
  )
  api = await ApiBuilder.create(apigw, 'proxy')
  await lambda.send(
    new AddPermissionCommand({
      FunctionName: 'echo',
      StatementId: 'apigw',
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      SourceArn: `arn:aws:execute-api:us-east-1:000000000000:${api.id}/*/*/*`,
    }),
  )
  await api.lambdaProxy('/items/{proxy+}', 'ANY', fn.FunctionArn!)
  await api.lambdaProxy('/slow', 'GET', fn.FunctionArn!, { timeoutInMillis: 200 })
  await api.lambdaProxy('/byvar', 'GET', 'arn:aws:lambda:us-east-1:000000000000:function:${stageVariables.fn}')
  await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev', variables: { table: 'items-dev', fn: 'echo' } }))
  lockedApi = await ApiBuilder.create(apigw, 'locked')
  await lockedApi.lambdaProxy('/x', 'GET', locked.FunctionArn!)
  await apigw.send(new CreateDeploymentCommand({ restApiId: lockedApi.id, stageName: 'dev' }))
}, 60_000)

const call = (path: string, options?: Parameters<typeof request>[2]) => request(cloud.port, `/_aws/execute-api/${api.id}${path}`, options)

describe('execute-api: Lambda proxy integration', () => {
  it('sends the payload 1.0 event and passes the function’s response through', async () => {
    const res = await request(cloud.port, '/dev/items/a/b?x=1&x=2&y=3', {
      method: 'POST',
      headers: { host: `${api.id}.execute-api.localhost:${cloud.port}`, 'Content-Type': 'application/json', 'User-Agent': 'lab-test', Connection: 'keep-alive' },
      body: '{"hello":"world"}',
    })
    expect(res.status).toBe(201)
    expect(res.headers['x-custom']).toBe('yes')
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2'])
    // A proxy integration gets no CORS headers from API Gateway.
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
    expect(res.headers['x-amzn-requestid']).toBeTruthy()
    expect(res.headers['x-amz-apigw-id']).toMatch(/^[A-Za-z0-9]{15}=$/)
    expect(res.headers['x-amzn-trace-id']).toMatch(/^Root=1-/)
    const event = res.json()
    expect(event).toMatchObject({
      resource: '/items/{proxy+}',
      path: '/items/a/b',
      httpMethod: 'POST',
      queryStringParameters: { x: '2', y: '3' },
      multiValueQueryStringParameters: { x: ['1', '2'], y: ['3'] },
      pathParameters: { proxy: 'a/b' },
      stageVariables: { table: 'items-dev', fn: 'echo' },
      body: '{"hello":"world"}',
      isBase64Encoded: false,
    })
    expect(event.headers['Content-Type']).toBe('application/json')
    expect(event.multiValueHeaders['User-Agent']).toEqual(['lab-test'])
    expect(event.headers['X-Forwarded-For']).toBe('127.0.0.1')
    expect(event.headers['X-Forwarded-Proto']).toBe('http')
    expect(event.headers['X-Amzn-Trace-Id']).toBe(res.headers['x-amzn-trace-id'])
    // Hop-by-hop headers stop at API Gateway.
    expect(event.headers.Connection).toBeUndefined()
    expect(event.multiValueHeaders.Connection).toBeUndefined()
    expect(event.requestContext).toMatchObject({
      accountId: '000000000000',
      apiId: api.id,
      stage: 'dev',
      resourcePath: '/items/{proxy+}',
      httpMethod: 'POST',
      path: '/dev/items/a/b',
      protocol: 'HTTP/1.1',
      identity: { sourceIp: '127.0.0.1', userAgent: 'lab-test', user: null },
    })
    expect(event.requestContext.requestTime).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/)
    expect(typeof event.requestContext.requestTimeEpoch).toBe('number')
  })

  it('resolves ${stageVariables.x} in the function ARN of the integration URI', async () => {
    const res = await call('/dev/byvar')
    expect([res.status, res.json().resource]).toEqual([201, '/byvar'])
  })

  it('uses null for absent maps', async () => {
    const event = (await call('/dev/items/one')).json()
    expect(event).toMatchObject({ queryStringParameters: null, multiValueQueryStringParameters: null, body: null })
  })

  it('turns a malformed proxy response into 502 Internal server error', async () => {
    for (const path of ['/dev/items/malformed', '/dev/items/extra']) {
      const res = await call(path)
      expect(res.status).toBe(502)
      expect(res.text).toBe('{"message": "Internal server error"}')
      expect(res.headers['x-amzn-errortype']).toBe('InternalServerErrorException')
    }
  })

  it('remaps reserved response headers like WWW-Authenticate', async () => {
    const res = await call('/dev/items/auth')
    expect(res.status).toBe(401)
    expect(res.headers['www-authenticate']).toBeUndefined()
    expect(res.headers['x-amzn-remapped-www-authenticate']).toBe('Bearer')
  })

  it('returns base64 bodies as text unless a binary media type covers the Accept type', async () => {
    const res = await call('/dev/items/binary', { headers: { accept: 'image/png' } })
    expect(res.text).toBe(Buffer.from([0, 1, 2, 255]).toString('base64'))
  })

  it('turns a function error into 502', async () => {
    const res = await call('/dev/items/boom')
    expect(res.status).toBe(502)
    expect(res.json()).toEqual({ message: 'Internal server error' })
  })

  it('times out after TimeoutInMillis with 504', async () => {
    const res = await call('/dev/slow')
    expect(res.status).toBe(504)
    expect(res.text).toBe('{"message": "Endpoint request timed out"}')
  })

  it('answers 500 when the function has no permission for API Gateway', async () => {
    const res = await request(cloud.port, `/_aws/execute-api/${lockedApi.id}/dev/x`)
    expect(res.status).toBe(500)
    expect(res.json()).toEqual({ message: 'Internal server error' })
  })

  it('only serves stages: a second stage on the same deployment sees its own variables', async () => {
    const deployments = await apigw.send(new CreateDeploymentCommand({ restApiId: api.id }))
    await apigw.send(new CreateStageCommand({ restApiId: api.id, stageName: 'prod', deploymentId: deployments.id, variables: { table: 'items-prod' } }))
    expect((await call('/prod/items/z')).json().stageVariables).toEqual({ table: 'items-prod' })
    expect((await call('/prod/items/z')).json().requestContext.stage).toBe('prod')
  })
})
