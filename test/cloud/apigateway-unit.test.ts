/** The execute-api chain with a stubbed ctx.call: no server, no Lambda service. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { AwsError } from '../../src/cloud/core/aws-error.js'
import { JsonStore } from '../../src/cloud/core/store.js'
import type { CloudContext, CloudRequest } from '../../src/cloud/core/types.js'
import { apigatewayService } from '../../src/cloud/services/apigateway/index.js'
import { matchResources } from '../../src/cloud/services/apigateway/execute/router.js'

const FN = 'arn:aws:lambda:us-east-1:000000000000:function:stub'

async function setup(call: (service: string, op: string, input: any) => Promise<any>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-unit-'))
  const service = apigatewayService()
  const ctx = {
    accountId: '000000000000',
    defaultRegion: 'us-east-1',
    port: 1,
    endpoint: 'http://localhost:1',
    dataDir: dir,
    call: async (svc: string, op: string, input: any) => (svc === 'apigateway' ? service.api[op](input, ctx) : call(svc, op, input)),
    store: <T>(svc: string, name: string, initial: () => T) => new JsonStore<T>(path.join(dir, svc), name, initial),
    resourceProvider: () => undefined,
    log: () => {},
  } as CloudContext
  await service.start!(ctx)
  const api = await service.api.CreateRestApi({ name: 'unit' }, ctx)
  const res = await service.api.CreateResource({ restApiId: api.id, parentId: api.rootResourceId, pathPart: '{proxy+}' }, ctx)
  await service.api.PutMethod({ restApiId: api.id, resourceId: res.id, httpMethod: 'ANY', authorizationType: 'NONE' }, ctx)
  await service.api.PutIntegration(
    {
      restApiId: api.id,
      resourceId: res.id,
      httpMethod: 'ANY',
      type: 'AWS_PROXY',
      integrationHttpMethod: 'POST',
      uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN}/invocations`,
    },
    ctx,
  )
  await service.api.CreateDeployment({ restApiId: api.id, stageName: 'dev' }, ctx)
  const send = (method: string, rawPath: string) => {
    const req = {
      method,
      rawPath,
      path: rawPath,
      query: new URLSearchParams(),
      headers: { host: `${api.id}.execute-api.localhost` },
      body: Buffer.alloc(0),
      host: `${api.id}.execute-api.localhost`,
      region: 'us-east-1',
      requestId: 'req-1',
      sourceIp: '10.0.0.1',
      route: { kind: 'execute-api', apiId: api.id, path: rawPath },
      raw: undefined,
    } as unknown as CloudRequest
    return service.handle(req, ctx)
  }
  return { send, apiId: api.id }
}

describe('execute-api chain (stubbed Lambda)', () => {
  it('treats a missing _checkInvokePermission as allowed and accepts a byte payload', async () => {
    const calls: string[] = []
    const { send } = await setup(async (svc, op, input) => {
      calls.push(`${svc}.${op}`)
      if (op === '_checkInvokePermission') throw new AwsError('InvalidAction', 400, 'no such op')
      expect(input.FunctionName).toBe(FN)
      const event = JSON.parse(input.Payload)
      return { StatusCode: 200, Payload: new TextEncoder().encode(JSON.stringify({ statusCode: 200, body: event.pathParameters.proxy })) }
    })
    const res = await send('GET', '/dev/a/b')
    expect([res.status, res.body]).toEqual([200, 'a/b'])
    expect(calls).toEqual(['lambda._checkInvokePermission', 'lambda.Invoke'])
  })

  it('turns a missing function into 500 and a permission refusal into 500', async () => {
    const missing = await setup(async (_svc, op) => {
      if (op === '_checkInvokePermission') return { allowed: true }
      throw new AwsError('ResourceNotFoundException', 404, 'Function not found')
    })
    expect((await missing.send('GET', '/dev/x')).status).toBe(500)
    const refused = await setup(async () => ({ allowed: false }))
    const res = await refused.send('GET', '/dev/x')
    expect([res.status, res.body]).toEqual([500, '{"message": "Internal server error"}'])
  })
})

describe('resource matching', () => {
  const snapshot = {
    binaryMediaTypes: [],
    gatewayResponses: {},
    resources: {
      r: { id: 'r', path: '/', resourceMethods: {} },
      a: { id: 'a', parentId: 'r', pathPart: 'a', path: '/a', resourceMethods: {} },
      ab: { id: 'ab', parentId: 'a', pathPart: '{b}', path: '/a/{b}', resourceMethods: {} },
      abc: { id: 'abc', parentId: 'ab', pathPart: 'c', path: '/a/{b}/c', resourceMethods: {} },
      p: { id: 'p', parentId: 'r', pathPart: '{proxy+}', path: '/{proxy+}', resourceMethods: {} },
    },
  }
  it('orders literal, variable, greedy and backtracks through variables', () => {
    expect(matchResources(snapshot, '/a/1/c').map((m) => m.resource.id)).toEqual(['abc', 'p'])
    expect(matchResources(snapshot, '/a/1').map((m) => [m.resource.id, m.params])).toEqual([
      ['ab', { b: '1' }],
      ['p', { proxy: 'a/1' }],
    ])
    expect(matchResources(snapshot, '/').map((m) => m.resource.id)).toEqual(['r'])
    expect(matchResources(snapshot, '/a/1/d').map((m) => m.resource.id)).toEqual(['p'])
  })
})
