/**
 * Depth and size limits before parsing: deep or huge JSON, XML, YAML and VTL input is refused with the
 * service's own AWS error (or API Gateway's 500 gateway response for a template), and the cloud keeps serving.
 */
import { APIGatewayClient, CreateDeploymentCommand, PutIntegrationCommand, PutMethodCommand, PutMethodResponseCommand, PutIntegrationResponseCommand } from '@aws-sdk/client-api-gateway'
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { rawRequest, signedRequest } from '../helpers/signed-request.js'
import { ApiBuilder } from './apigateway-helpers.js'

let cloud: TestCloud
let ddb: DynamoDBClient
let apiId = ''
const NESTING_MESSAGE = 'Nesting Levels have exceeded supported limits'

useTestCloud(async (c) => {
  cloud = c
  ddb = new DynamoDBClient({ ...cloud.sdk, maxAttempts: 1 })
  await ddb.send(new CreateTableCommand({ TableName: 'deep', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }))
  const apigw = new APIGatewayClient(cloud.sdk)
  const api = await ApiBuilder.create(apigw, 'vtl-budget')
  // [request template, response template]
  const templates: Record<string, [string, string]> = {
    '/range': ['{"statusCode": 200}', '#foreach($i in [1..50000000])x#end'],
    '/macro': ['{"statusCode": 200}', '#macro(boom $n)#boom($n)#end#boom(1)'],
    '/json': ['#set($x = $input.json(\'$\')){"statusCode": 200}', '{"ok": true}'],
    '/parse': ['#set($x = $util.parseJson($input.body)){"statusCode": 200}', '{"ok": true}'],
  }
  for (const [path, [requestTemplate, template]] of Object.entries(templates)) {
    const resourceId = await api.resource(path)
    const key = { restApiId: api.id, resourceId, httpMethod: 'POST' }
    await apigw.send(new PutMethodCommand({ ...key, authorizationType: 'NONE' }))
    await apigw.send(new PutMethodResponseCommand({ ...key, statusCode: '200' }))
    await apigw.send(new PutIntegrationCommand({ ...key, type: 'MOCK', requestTemplates: { 'application/json': requestTemplate } }))
    await apigw.send(new PutIntegrationResponseCommand({ ...key, statusCode: '200', responseTemplates: { 'application/json': template } }))
  }
  await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod' }))
  apiId = api.id
})

async function expectAlive(): Promise<void> {
  expect((await fetch(`${cloud.endpoint}/_lab/health`)).status).toBe(200)
}

/** `levels` attribute values: a map inside a map… around a string. */
function nested(levels: number): AttributeValue {
  let value: AttributeValue = { S: 'leaf' }
  for (let i = 1; i < levels; i++) value = { M: { n: value } }
  return value
}

describe('DynamoDB nesting (32 levels)', () => {
  it('an item nested 32 levels is stored; 33 levels is a ValidationException', async () => {
    await ddb.send(new PutItemCommand({ TableName: 'deep', Item: { pk: { S: 'ok' }, doc: nested(32) } }))
    const stored = await ddb.send(new GetItemCommand({ TableName: 'deep', Key: { pk: { S: 'ok' } } }))
    expect(stored.Item?.doc).toEqual(nested(32))
    const err = await ddb.send(new PutItemCommand({ TableName: 'deep', Item: { pk: { S: 'no' }, doc: nested(33) } })).catch((e) => e)
    expect(err.name).toBe('ValidationException')
    expect(err.message).toContain(NESTING_MESSAGE)
  })

  it('an item nested 1,000 (and 100,000) levels is refused unparsed, and DynamoDB keeps serving', async () => {
    for (const levels of [1000, 100_000]) {
      const body = `{"TableName":"deep","Item":{"pk":{"S":"x"},"d":${'{"M":{"a":'.repeat(levels)}{"S":"x"}${'}}'.repeat(levels)}}}`
      const r = await signedRequest(cloud, 'dynamodb', { method: 'POST', path: '/', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.PutItem' }, body })
      expect(r.status).toBe(400)
      expect(JSON.parse(r.text)).toEqual({ __type: 'com.amazon.coral.validate#ValidationException', message: expect.stringContaining(NESTING_MESSAGE) })
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
    const again = await ddb.send(new GetItemCommand({ TableName: 'deep', Key: { pk: { S: 'ok' } } }))
    expect(again.Item?.pk).toEqual({ S: 'ok' })
  })

  it('malformed nested values (null in a map or list, wrong member types) → 400, and the cloud keeps serving (found by fuzz-json)', async () => {
    for (const doc of ['{"M":{"a":null}}', '{"L":[null]}', '{"M":{"a":{"M":{"b":[]}}}}', '{"L":[{"SS":null}]}', '{"M":{"a":{"S":5}}}', '{"M":{"a":{}}}']) {
      const body = `{"TableName":"deep","Item":{"pk":{"S":"m"},"d":${doc}}}`
      const r = await signedRequest(cloud, 'dynamodb', { method: 'POST', path: '/', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.PutItem' }, body })
      expect(r.status, `${doc}: ${r.text}`).toBe(400)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
    await expectAlive()
  })

  it('an attribute named __proto__ is data, never the prototype', async () => {
    const body = '{"TableName":"deep","Item":{"pk":{"S":"proto"},"__proto__":{"M":{"polluted":{"S":"yes"}}}}}'
    const r = await signedRequest(cloud, 'dynamodb', { method: 'POST', path: '/', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.PutItem' }, body })
    expect(r.status).toBeLessThan(500)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('JSON bodies of the other services', () => {
  it('[logs, lambda, apigateway] a body nested 5,000 levels → 400 in the protocol shape', async () => {
    const deep = `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`
    const logs = await signedRequest(cloud, 'logs', { method: 'POST', path: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.CreateLogGroup' }, body: deep })
    expect(JSON.parse(logs.text).__type).toBe('SerializationException')
    const lambda = await signedRequest(cloud, 'lambda', { method: 'POST', path: '/2015-03-31/functions', headers: { 'content-type': 'application/json' }, body: deep })
    expect([lambda.status, lambda.headers['x-amzn-errortype']]).toEqual([400, 'SerializationException'])
    const apigw = await signedRequest(cloud, 'apigateway', { method: 'POST', path: '/restapis', headers: { 'content-type': 'application/json' }, body: deep })
    expect([apigw.status, apigw.headers['x-amzn-errortype']]).toEqual([400, 'BadRequestException'])
  })

  it('[apigateway] ImportRestApi with a definition nested 5,000 levels (JSON or YAML) → 400 BadRequestException', async () => {
    const bodies = [
      `{"swagger":"2.0","info":{"title":"deep"},"paths":{},"x":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      `swagger: "2.0"\ninfo: {title: deep}\npaths: {}\nx: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
      `swagger: "2.0"\npaths: {}\nx:\n${Array.from({ length: 200 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} 1\n`,
      `swagger: "2.0"\npaths: {}\nx:\n${'- '.repeat(5000)}1\n`,
    ]
    for (const body of bodies) {
      const r = await signedRequest(cloud, 'apigateway', { method: 'POST', path: '/restapis?mode=import', headers: { 'content-type': 'application/json' }, body })
      expect(r.status, r.text).toBe(400)
      expect(r.headers['x-amzn-errortype']).toBe('BadRequestException')
    }
    await expectAlive()
  })
})

describe('CloudFormation templates', () => {
  const validate = (TemplateBody: string) =>
    signedRequest(cloud, 'cloudformation', { method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ Action: 'ValidateTemplate', Version: '2010-05-15', TemplateBody }).toString() })

  it('a YAML alias bomb ("billion laughs") → 400 ValidationError, quickly', async () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`)
    for (const body of [`${levels.join('\n')}\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: {QueueName: !Join ["", *i]}\n`, `Metadata:\n  ${levels.join('\n  ')}\nResources: {Q: {Type: AWS::SQS::Queue}}\n`]) {
      const r = await validate(body)
      expect(r.status, r.text).toBe(400)
      expect(r.text).toContain('<Code>ValidationError</Code>')
    }
  })

  it('templates nested 5,000 levels (JSON, YAML flow, YAML block sequences) → 400 ValidationError', async () => {
    for (const body of [
      `{"Resources":{"Q":{"Type":"AWS::SQS::Queue","Metadata":${'['.repeat(5000)}${']'.repeat(5000)}}}}`,
      `Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Metadata: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
      `Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Metadata:\n    ${'- '.repeat(5000)}x\n`,
    ]) {
      const r = await validate(body)
      expect(r.status, r.text.slice(0, 300)).toBe(400)
      expect(r.text).toContain('<Code>ValidationError</Code>')
    }
  })

  it('an ordinary YAML template with block scalars and quotes still validates', async () => {
    const body = 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Metadata:\n      Code: |\n        if (a) { return ["[", "{"] }\n        \'unbalanced "\n      Note: "a [quoted] {string}"\n      List:\n        - - a\n          - b\n'
    const r = await validate(body)
    expect(r.status, r.text).toBe(200)
  })
})

describe('S3 XML bodies', () => {
  it('deep, huge and DTD-bearing XML → 400 MalformedXML / MaxMessageLengthExceeded', async () => {
    await signedRequest(cloud, 's3', { method: 'PUT', path: '/xml-bucket', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } })
    const deep = `<Tagging><TagSet>${'<Tag>'.repeat(100_000)}${'</Tag>'.repeat(100_000)}</TagSet></Tagging>`
    const dtd = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><Tagging><TagSet><Tag><Key>&b;</Key><Value>v</Value></Tag></TagSet></Tagging>'
    for (const [query, body, code] of [['tagging', deep, 'MalformedXML'], ['cors', deep.replace(/Tagging/g, 'CORSConfiguration'), 'MalformedXML'], ['tagging', dtd, 'MalformedXML'], ['website', `<WebsiteConfiguration>${' '.repeat(3 * 1024 * 1024)}</WebsiteConfiguration>`, 'MaxMessageLengthExceeded'], ['delete', `<Delete>${'<Object>'.repeat(50_000)}</Delete>`, 'MalformedXML']]) {
      const r = await signedRequest(cloud, 's3', { method: query === 'delete' ? 'POST' : 'PUT', path: `/xml-bucket?${query}`, headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body })
      expect(r.status, `${query}: ${r.text}`).toBe(400)
      expect(r.text).toContain(`<Code>${code}</Code>`)
    }
    await expectAlive()
  })
})

describe('VTL mapping templates', () => {
  it('a #foreach over a huge range, macro recursion → 500 Internal server error (no hang), then the API keeps serving', async () => {
    for (const path of ['/range', '/macro']) {
      const r = await rawRequest(cloud, { method: 'POST', path: `/_aws/execute-api/${apiId}/prod${path}`, headers: { 'content-type': 'application/json' }, body: '{}' }, 20_000)
      expect(r.status, `${path}: ${r.text}`).toBe(500)
      expect(JSON.parse(r.text)).toEqual({ message: 'Internal server error' })
    }
    const ok = await rawRequest(cloud, { method: 'POST', path: `/_aws/execute-api/${apiId}/prod/json`, headers: { 'content-type': 'application/json' }, body: '{"a":[1,2]}' })
    expect([ok.status, JSON.parse(ok.text)]).toEqual([200, { ok: true }])
  })

  it('$input.json and $util.parseJson on a body nested 100,000 levels: no crash, no internal text', async () => {
    const body = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
    for (const path of ['/json', '/parse']) {
      const r = await rawRequest(cloud, { method: 'POST', path: `/_aws/execute-api/${apiId}/prod${path}`, headers: { 'content-type': 'application/json' }, body })
      expect(r.text).not.toMatch(/RangeError|Maximum call stack|at .*\.js:\d+/)
      if (r.status >= 500) expect(JSON.parse(r.text)).toEqual({ message: 'Internal server error' })
    }
    await expectAlive()
  })
})
