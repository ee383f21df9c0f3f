import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  DeleteDeploymentCommand,
  DeleteRestApiCommand,
  GetDeploymentsCommand,
  GetGatewayResponsesCommand,
  GetMethodCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetStageCommand,
  GetStagesCommand,
  GetTagsCommand,
  ImportRestApiCommand,
  PutRestApiCommand,
  PutGatewayResponseCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  TagResourceCommand,
  UpdateIntegrationCommand,
  UpdateIntegrationResponseCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { markedFetch, signAs } from '../helpers/signed-fetch.js'

const fetch = (url: string, init?: Parameters<typeof markedFetch>[2]) => markedFetch(cloud, url, init)

let cloud: TestCloud
let apigw: APIGatewayClient
useTestCloud((c) => {
  cloud = c
  apigw = new APIGatewayClient(cloud.sdk)
})

async function apiWithMockGet(name: string) {
  const api = await apigw.send(new CreateRestApiCommand({ name, tags: { team: 'labs' } }))
  const pets = await apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'pets' }))
  await apigw.send(new PutMethodCommand({ restApiId: api.id, resourceId: pets.id, httpMethod: 'GET', authorizationType: 'NONE' }))
  return { api, pets }
}

describe('apigateway control plane', () => {
  it('creates, lists and gets REST APIs with a root resource', async () => {
    const api = await apigw.send(new CreateRestApiCommand({ name: 'first', description: 'd', endpointConfiguration: { types: ['REGIONAL'] } }))
    expect(api.id).toMatch(/^[a-z0-9]{10}$/)
    expect(api.createdDate).toBeInstanceOf(Date)
    const got = await apigw.send(new GetRestApiCommand({ restApiId: api.id }))
    expect(got).toMatchObject({ name: 'first', description: 'd', endpointConfiguration: { types: ['REGIONAL'] }, rootResourceId: api.rootResourceId })
    const list = await apigw.send(new GetRestApisCommand({}))
    expect(list.items?.map((a) => a.id)).toContain(api.id)
    const resources = await apigw.send(new GetResourcesCommand({ restApiId: api.id }))
    expect(resources.items).toEqual([{ id: api.rootResourceId, path: '/' }])
  })

  it('answers an unknown API id with AWS’s NotFoundException message', async () => {
    const err = await apigw.send(new GetRestApiCommand({ restApiId: 'abc' })).catch((e) => e)
    expect(err.name).toBe('NotFoundException')
    expect(err.message).toBe('Invalid API identifier specified 000000000000:abc')
    expect(err.$metadata.httpStatusCode).toBe(404)
  })

  it('builds the resource tree and embeds methods only on request', async () => {
    const { api, pets } = await apiWithMockGet('tree')
    const child = await apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: pets.id, pathPart: '{id}' }))
    expect(child.path).toBe('/pets/{id}')
    const dup = await apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'pets' })).catch((e) => e)
    expect(dup.name).toBe('ConflictException')
    const sibling = await apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: pets.id, pathPart: '{other}' })).catch((e) => e)
    expect(sibling.name).toBe('BadRequestException')
    const plain = await apigw.send(new GetResourcesCommand({ restApiId: api.id }))
    expect(plain.items?.find((r) => r.id === pets.id)?.resourceMethods).toEqual({ GET: {} })
    const embedded = await apigw.send(new GetResourcesCommand({ restApiId: api.id, embed: ['methods'] }))
    expect(embedded.items?.find((r) => r.id === pets.id)?.resourceMethods?.GET).toMatchObject({ httpMethod: 'GET', authorizationType: 'NONE' })
    const again = await apigw.send(new PutMethodCommand({ restApiId: api.id, resourceId: pets.id, httpMethod: 'GET', authorizationType: 'NONE' })).catch((e) => e)
    expect(again.name).toBe('ConflictException')
  })

  it('validates integrations like AWS', async () => {
    const { api, pets } = await apiWithMockGet('integrations')
    const key = { restApiId: api.id, resourceId: pets.id, httpMethod: 'GET' }
    const noMethod = await apigw
      .send(new PutIntegrationCommand({ ...key, type: 'AWS_PROXY', uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:f/invocations' }))
      .catch((e) => e)
    expect(noMethod.message).toBe('Enumeration value for HttpMethod must be non-empty')
    const integration = await apigw.send(
      new PutIntegrationCommand({
        ...key,
        type: 'AWS_PROXY',
        integrationHttpMethod: 'POST',
        uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:f/invocations',
      }),
    )
    expect(integration).toMatchObject({ type: 'AWS_PROXY', httpMethod: 'POST', timeoutInMillis: 29000, passthroughBehavior: 'WHEN_NO_MATCH' })
    const method = await apigw.send(new GetMethodCommand(key))
    expect(method.methodIntegration?.uri).toContain('function:f')
    await apigw.send(new PutMethodResponseCommand({ ...key, statusCode: '200', responseParameters: { 'method.response.header.X-A': false } }))
    const undeclared = await apigw
      .send(new PutIntegrationResponseCommand({ ...key, statusCode: '200', responseParameters: { 'method.response.header.X-B': "'b'" } }))
      .catch((e) => e)
    expect(undeclared.name).toBe('BadRequestException')
    expect(undeclared.message).toContain('Invalid mapping expression specified')
    const auth = await apigw.send(new PutMethodCommand({ ...key, httpMethod: 'POST', authorizationType: 'CUSTOM' })).catch((e) => e)
    expect(auth.message).toContain('CUSTOM')
  })

  it('patches integrations and integration responses', async () => {
    const { api, pets } = await apiWithMockGet('patches')
    const key = { restApiId: api.id, resourceId: pets.id, httpMethod: 'GET' }
    await apigw.send(new PutIntegrationCommand({ ...key, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
    await apigw.send(new PutMethodResponseCommand({ ...key, statusCode: '200', responseParameters: { 'method.response.header.X-A': false } }))
    await apigw.send(new PutIntegrationResponseCommand({ ...key, statusCode: '200' }))
    const patched = await apigw.send(
      new UpdateIntegrationCommand({
        ...key,
        patchOperations: [
          { op: 'replace', path: '/timeoutInMillis', value: '1000' },
          { op: 'add', path: '/requestTemplates/text~1plain', value: '{"statusCode": 200}' },
        ],
      }),
    )
    expect(patched.timeoutInMillis).toBe(1000)
    expect(patched.requestTemplates).toEqual({ 'application/json': '{"statusCode": 200}', 'text/plain': '{"statusCode": 200}' })
    const tooLong = await apigw.send(new UpdateIntegrationCommand({ ...key, patchOperations: [{ op: 'replace', path: '/timeoutInMillis', value: '30000' }] })).catch((e) => e)
    expect(tooLong.message).toBe('Timeout should be between 50 ms and 29000 ms')
    const response = await apigw.send(
      new UpdateIntegrationResponseCommand({ ...key, statusCode: '200', patchOperations: [{ op: 'add', path: '/responseParameters/method.response.header.X-A', value: "'a'" }] }),
    )
    expect(response.responseParameters).toEqual({ 'method.response.header.X-A': "'a'" })
    const undeclared = await apigw
      .send(new UpdateIntegrationResponseCommand({ ...key, statusCode: '200', patchOperations: [{ op: 'add', path: '/responseParameters/method.response.header.X-B', value: "'b'" }] }))
      .catch((e) => e)
    expect(undeclared.name).toBe('BadRequestException')
  })

  it('deploys, stages, patches stages and protects active deployments', async () => {
    const { api, pets } = await apiWithMockGet('deploy')
    const empty = await apigw.send(new CreateDeploymentCommand({ restApiId: api.id })).catch((e) => e)
    expect(empty.message).toBe('No integration defined for method')
    await apigw.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: pets.id, httpMethod: 'GET', type: 'MOCK' }))
    const d1 = await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev', description: 'first' }))
    const d2 = await apigw.send(new CreateDeploymentCommand({ restApiId: api.id }))
    const stage = await apigw.send(new GetStageCommand({ restApiId: api.id, stageName: 'dev' }))
    expect(stage.deploymentId).toBe(d1.id)
    await apigw.send(new CreateStageCommand({ restApiId: api.id, stageName: 'prod', deploymentId: d1.id, variables: { color: 'blue' } }))
    const dup = await apigw.send(new CreateStageCommand({ restApiId: api.id, stageName: 'prod', deploymentId: d1.id })).catch((e) => e)
    expect(dup.name).toBe('ConflictException')
    const updated = await apigw.send(
      new UpdateStageCommand({
        restApiId: api.id,
        stageName: 'prod',
        patchOperations: [
          { op: 'replace', path: '/deploymentId', value: d2.id },
          { op: 'replace', path: '/variables/size', value: 'xl' },
          { op: 'remove', path: '/variables/color' },
        ],
      }),
    )
    expect(updated).toMatchObject({ deploymentId: d2.id, variables: { size: 'xl' } })
    const stages = await apigw.send(new GetStagesCommand({ restApiId: api.id }))
    expect(stages.item?.map((s) => s.stageName).sort()).toEqual(['dev', 'prod'])
    const deployments = await apigw.send(new GetDeploymentsCommand({ restApiId: api.id }))
    expect(deployments.items?.map((d) => d.id).sort()).toEqual([d1.id, d2.id].sort())
    const busy = await apigw.send(new DeleteDeploymentCommand({ restApiId: api.id, deploymentId: d1.id })).catch((e) => e)
    expect(busy.message).toBe('Active stages pointing to this deployment must be moved or deleted')
  })

  it('imports and overwrites a REST API from OpenAPI (YAML or JSON)', async () => {
    const yaml = [
      'openapi: 3.0.1',
      'info: {title: imported}',
      'x-amazon-apigateway-binary-media-types: [image/png]',
      'paths:',
      '  /a/{b}:',
      '    x-amazon-apigateway-any-method:',
      "      x-amazon-apigateway-integration: {type: http_proxy, httpMethod: ANY, uri: 'http://127.0.0.1:9/{b}'}",
    ].join('\n')
    const api = await apigw.send(new ImportRestApiCommand({ body: Buffer.from(yaml) }))
    expect(api).toMatchObject({ name: 'imported', binaryMediaTypes: ['image/png'] })
    const resources = await apigw.send(new GetResourcesCommand({ restApiId: api.id, embed: ['methods'] }))
    expect(resources.items?.find((r) => r.path === '/a/{b}')?.resourceMethods?.ANY?.methodIntegration).toMatchObject({ type: 'HTTP_PROXY' })

    const json = JSON.stringify({ swagger: '2.0', info: { title: 'replaced' }, paths: { '/c': { get: { 'x-amazon-apigateway-integration': { type: 'mock' } } } } })
    await apigw.send(new PutRestApiCommand({ restApiId: api.id, mode: 'overwrite', body: Buffer.from(json) }))
    const after = await apigw.send(new GetResourcesCommand({ restApiId: api.id }))
    expect(after.items?.map((r) => r.path).sort()).toEqual(['/', '/c'])

    const bad = await apigw.send(new ImportRestApiCommand({ body: Buffer.from('{"not": "openapi"}') })).catch((e) => e)
    expect([bad.name, bad.message]).toEqual(['BadRequestException', 'Invalid OpenAPI input.'])
  })

  it('lists default and custom gateway responses', async () => {
    const api = await apigw.send(new CreateRestApiCommand({ name: 'gr' }))
    await apigw.send(
      new PutGatewayResponseCommand({
        restApiId: api.id,
        responseType: 'DEFAULT_4XX',
        responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
      }),
    )
    const all = await apigw.send(new GetGatewayResponsesCommand({ restApiId: api.id }))
    const missing = all.items?.find((r) => r.responseType === 'MISSING_AUTHENTICATION_TOKEN')
    expect(missing).toMatchObject({ statusCode: '403', defaultResponse: true })
    expect(all.items?.find((r) => r.responseType === 'DEFAULT_4XX')).toMatchObject({ defaultResponse: false })
  })

  it('tags APIs by ARN and deletes them', async () => {
    const api = await apigw.send(new CreateRestApiCommand({ name: 'tags', tags: { a: '1' } }))
    const arn = `arn:aws:apigateway:us-east-1::/restapis/${api.id}`
    await apigw.send(new TagResourceCommand({ resourceArn: arn, tags: { b: '2' } }))
    expect((await apigw.send(new GetTagsCommand({ resourceArn: arn }))).tags).toEqual({ a: '1', b: '2' })
    await apigw.send(new DeleteRestApiCommand({ restApiId: api.id }))
    const gone = await apigw.send(new GetRestApiCommand({ restApiId: api.id })).catch((e) => e)
    expect(gone.name).toBe('NotFoundException')
  })

  it('answers an unknown control-plane route with a REST-JSON error', async () => {
    const res = await fetch(`${cloud.endpoint}/nope/x`, {
      headers: signAs('apigateway'),
    })
    expect(res.status).toBe(404)
    expect(res.headers.get('x-amzn-errortype')).toBe('NotFoundException')
  })
})
