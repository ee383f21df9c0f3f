/** Fuzz: the execute-api data plane (unsigned, as AWS allows) on a deployed API with mapping templates. */
import { APIGatewayClient, CreateDeploymentCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand } from '@aws-sdk/client-api-gateway'
import { expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { rawRequest } from '../helpers/signed-request.js'
import { damageBytes, expectHealthy, fire, FuzzReport, fuzzSeed, mutateForm, mutateJson, mutatePath, pick, PROTOTYPE_NAMES, prototypeNames, rng } from '../helpers/fuzz.js'
import { ApiBuilder } from './apigateway-helpers.js'

let cloud: TestCloud
let apiId = ''

/** Templates that read the request every way a mapping template can, and never fail on any input. */
const REQUEST_TEMPLATE = '#set($q = $input.params().querystring){"statusCode": 200, "keys": "#foreach($k in $q.keySet())k#end", "size": $q.size()}'
const RESPONSE_TEMPLATE =
  '{"a": $input.json(\'$.a\'), "q": "$util.escapeJavaScript($input.params(\'q\'))", "h": "$util.escapeJavaScript($input.params(\'h\'))", ' +
  '"path": "$util.escapeJavaScript($input.params(\'id\'))", "ctx": "$context.requestId", "n": $input.params().header.size()}'

useTestCloud(async (c) => {
  cloud = c
  const apigw = new APIGatewayClient(cloud.sdk)
  const api = await ApiBuilder.create(apigw, 'fuzz-execute')
  for (const [path, httpMethod] of [['/items', 'GET'], ['/items/{id}', 'POST'], ['/items/{id}', 'ANY'], ['/files/{proxy+}', 'GET']]) {
    const resourceId = await api.resource(path)
    const key = { restApiId: api.id, resourceId, httpMethod }
    await apigw.send(new PutMethodCommand({ ...key, authorizationType: 'NONE', requestParameters: path === '/items' ? { 'method.request.querystring.q': false } : undefined }))
    await apigw.send(new PutMethodResponseCommand({ ...key, statusCode: '200' }))
    await apigw.send(new PutIntegrationCommand({ ...key, type: 'MOCK', passthroughBehavior: 'NEVER', requestTemplates: { 'application/json': REQUEST_TEMPLATE, 'text/plain': REQUEST_TEMPLATE } }))
    await apigw.send(new PutIntegrationResponseCommand({ ...key, statusCode: '200', responseTemplates: { 'application/json': RESPONSE_TEMPLATE } }))
  }
  await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod', variables: { v: '1' } }))
  apiId = api.id
})

it('answers 600 mutated execute-api requests without a crash, a hang, internal text or a polluted prototype', async () => {
  const seed = fuzzSeed(354)
  const random = rng(seed)
  const report = new FuzzReport('execute-api', seed)
  const before = prototypeNames()
  const paths = ['/items?q=1', '/items/42?h=x', '/files/a/b/c.txt', '/items/%E2%9C%93', '/']
  for (let i = 0; i < 600; i++) {
    const viaHost = random() < 0.5
    let path = pick(random, paths)
    const roll = random()
    if (roll < 0.35) path = mutatePath(random, path)
    else if (roll < 0.55) path = `${path.split('?')[0]}?${mutateForm(random, path.split('?')[1] ?? 'q=1')}`
    const headers: Record<string, string> = { 'content-type': pick(random, ['application/json', 'text/plain', 'application/json; charset=utf-8', '']) }
    if (random() < 0.3) headers[pick(random, PROTOTYPE_NAMES.filter((n) => /^[a-z_]+$/i.test(n)))] = pick(random, ['x', '', '%zz'])
    if (random() < 0.1) headers['x-forwarded-for'] = pick(random, ['1.2.3.4, __proto__', 'x'.repeat(2000)])
    let body = Buffer.from(mutateJson(random, '{"a":{"b":[1,2,{"c":"d"}]},"q":"x"}'))
    if (random() < 0.15) body = damageBytes(random, body)
    const method = pick(random, ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'])
    const request = {
      method,
      path: viaHost ? path : `/_aws/execute-api/${apiId}/prod${path}`,
      headers,
      body: method === 'GET' || method === 'HEAD' ? undefined : body,
      host: viaHost ? `${apiId}.execute-api.localhost:${cloud.port}` : undefined,
    }
    if (viaHost) request.path = `/prod${path}`
    await fire(cloud, report, random, 'execute-api', request)
  }
  report.assertClean()
  await expectHealthy(cloud, before)
  const known = await rawRequest(cloud, { method: 'GET', path: `/_aws/execute-api/${apiId}/prod/items?q=1`, headers: { 'content-type': 'application/json' } })
  expect(known.status).toBe(200)
  expect(JSON.parse(known.text).q).toBe('1')
}, 120_000)
