/** Fuzz: REST-JSON (Lambda, the API Gateway control plane) with SDK-serialized requests, mutated. */
import {
  APIGatewayClient, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, GetRestApiCommand, ImportRestApiCommand, PutIntegrationCommand,
  PutMethodCommand, PutRestApiCommand, TagResourceCommand as TagApiCommand, UpdateRestApiCommand, UpdateStageCommand,
} from '@aws-sdk/client-api-gateway'
import { AddPermissionCommand, CreateFunctionCommand, GetFunctionCommand, InvokeCommand, LambdaClient, ListFunctionsCommand, TagResourceCommand } from '@aws-sdk/client-lambda'
import { expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { capture, damageBytes, expectHealthy, fire, FuzzReport, fuzzSeed, mutateJson, mutatePath, pick, prototypeNames, rng, type SeedRequest } from '../helpers/fuzz.js'

let cloud: TestCloud
let apiId = ''
let rootId = ''
useTestCloud(async (c) => {
  cloud = c
  const apigw = new APIGatewayClient(cloud.sdk)
  const api = await apigw.send(new CreateRestApiCommand({ name: 'fuzz' }))
  apiId = api.id!
  rootId = api.rootResourceId!
})

const OPENAPI = JSON.stringify({
  swagger: '2.0',
  info: { title: 'fz', version: '1' },
  paths: { '/a/{id}': { get: { parameters: [{ in: 'path', name: 'id', required: true }], responses: { 200: { description: 'ok' } }, 'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': '{"statusCode":200}' }, responses: { default: { statusCode: '200' } } } } } },
})

async function seeds(): Promise<[string, SeedRequest][]> {
  const config = (requestHandler: unknown) => ({ ...cloud.sdk, maxAttempts: 1, requestHandler: requestHandler as never })
  const apigw = (h: unknown) => new APIGatewayClient(config(h))
  const lambda = (h: unknown) => new LambdaClient(config(h))
  const key = { restApiId: apiId, resourceId: rootId, httpMethod: 'GET' }
  const arn = 'arn:aws:lambda:us-east-1:000000000000:function:fz'
  return [
    ['apigateway', await capture(apigw, new CreateRestApiCommand({ name: 'fz', tags: { k: 'v' }, binaryMediaTypes: ['image/png'] }))],
    ['apigateway', await capture(apigw, new GetRestApiCommand({ restApiId: apiId }))],
    ['apigateway', await capture(apigw, new UpdateRestApiCommand({ restApiId: apiId, patchOperations: [{ op: 'replace', path: '/description', value: 'd' }] }))],
    ['apigateway', await capture(apigw, new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: 'x' }))],
    ['apigateway', await capture(apigw, new PutMethodCommand({ ...key, authorizationType: 'NONE', requestParameters: { 'method.request.querystring.q': false } }))],
    ['apigateway', await capture(apigw, new PutIntegrationCommand({ ...key, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode":200}' } }))],
    ['apigateway', await capture(apigw, new ImportRestApiCommand({ body: Buffer.from(OPENAPI) }))],
    ['apigateway', await capture(apigw, new PutRestApiCommand({ restApiId: apiId, mode: 'merge', body: Buffer.from(OPENAPI) }))],
    ['apigateway', await capture(apigw, new CreateDeploymentCommand({ restApiId: apiId, stageName: 'fz', variables: { v: '1' } }))],
    ['apigateway', await capture(apigw, new UpdateStageCommand({ restApiId: apiId, stageName: 'fz', patchOperations: [{ op: 'replace', path: '/*/*/logging/loglevel', value: 'INFO' }] }))],
    ['apigateway', await capture(apigw, new TagApiCommand({ resourceArn: `arn:aws:apigateway:us-east-1::/restapis/${apiId}`, tags: { a: 'b' } }))],
    ['lambda', await capture(lambda, new CreateFunctionCommand({ FunctionName: 'fz', Runtime: 'nodejs22.x', Role: 'arn:aws:iam::000000000000:role/r', Handler: 'index.handler', Code: { ZipFile: new Uint8Array([0x50, 0x4b, 5, 6, ...new Array(18).fill(0)]) }, Environment: { Variables: { A: 'b' } } }))],
    ['lambda', await capture(lambda, new GetFunctionCommand({ FunctionName: 'fz' }))],
    ['lambda', await capture(lambda, new ListFunctionsCommand({ MaxItems: 5 }))],
    ['lambda', await capture(lambda, new AddPermissionCommand({ FunctionName: 'fz', StatementId: 's', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' }))],
    ['lambda', await capture(lambda, new TagResourceCommand({ Resource: arn, Tags: { a: 'b' } }))],
    ['lambda', await capture(lambda, new InvokeCommand({ FunctionName: 'fz-missing', Payload: Buffer.from('{"a":1}') }))],
  ]
}

it('answers 600 mutated REST-JSON requests without a crash, a hang, internal text or a polluted prototype', async () => {
  const seed = fuzzSeed(352)
  const random = rng(seed)
  const report = new FuzzReport('rest-json', seed)
  const before = prototypeNames()
  const corpus = await seeds()
  for (let i = 0; i < 600; i++) {
    const [service, base] = pick(random, corpus)
    let path = base.path
    let body = base.body
    const roll = random()
    if (roll < 0.55) body = Buffer.from(mutateJson(random, body.toString('utf8') || '{}'))
    else if (roll < 0.8) path = mutatePath(random, path)
    else if (roll < 0.9) body = damageBytes(random, body)
    else body = Buffer.from(mutateJson(random, mutateJson(random, body.toString('utf8') || '{}')))
    await fire(cloud, report, random, service, { method: base.method, path, headers: base.headers, body })
  }
  report.assertClean()
  await expectHealthy(cloud, before)
  const known = await new APIGatewayClient(cloud.sdk).send(new GetRestApiCommand({ restApiId: apiId }))
  expect(known.name).toBe('fuzz')
}, 120_000)
