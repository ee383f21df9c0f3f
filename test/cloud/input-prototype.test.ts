/**
 * Prototype keys never reach Object.prototype, and operation names are looked up by own property only:
 * `__proto__`, `constructor`, `toString`… as an Action, a target, a path segment or a map key are refused
 * (or stored as plain data), never a 500 or a dump of internal state.
 */
import { APIGatewayClient, CreateDeploymentCommand } from '@aws-sdk/client-api-gateway'
import { afterEach, describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { rawRequest, signedRequest } from '../helpers/signed-request.js'
import { ApiBuilder } from './apigateway-helpers.js'

let cloud: TestCloud
let apiId = ''
useTestCloud(async (c) => {
  cloud = c
  const apigw = new APIGatewayClient(cloud.sdk)
  const api = await ApiBuilder.create(apigw, 'proto-api')
  await api.mock('/items', 'GET', '{"ok": true}')
  await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod' }))
  apiId = api.id
})

const PROTO_NAMES = ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf', '__defineGetter__', 'prototype']
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }

function expectUnpolluted(): void {
  const probe: Record<string, unknown> = {}
  for (const name of ['polluted', 'x', 'ParameterValue', 'Value', 'push']) expect(probe[name], `Object.prototype.${name}`).toBeUndefined()
}
afterEach(expectUnpolluted)

/** No stack frame, file path or JavaScript error name in an answer. */
function expectNoInternals(text: string): void {
  expect(text).not.toMatch(/TypeError|ReferenceError|RangeError|Cannot read prop|at .*\.(js|ts):\d+|\/src\/|node_modules|\[native code\]|function \w*\(/)
}

describe('query protocol (cloudformation, iam, sts)', () => {
  for (const [service, version] of [['cloudformation', '2010-05-15'], ['iam', '2010-05-08'], ['sts', '2011-06-15']]) {
    it(`[${service}] Action=constructor, toString, __proto__… → 400 InvalidAction, nothing internal`, async () => {
      for (const action of PROTO_NAMES) {
        const r = await signedRequest(cloud, service, { method: 'POST', path: '/', headers: FORM, body: form({ Action: action, Version: version }) })
        expect(r.status, `${service} Action=${action}: ${r.text}`).toBe(400)
        expect(r.text).toContain('<Code>InvalidAction</Code>')
        expectNoInternals(r.text)
      }
    })
  }

  it('[cloudformation] a parameter path through __proto__ or constructor.prototype is refused and pollutes nothing', async () => {
    const bodies = [
      { 'Parameters.member.1.__proto__.polluted': 'yes' },
      { 'Parameters.member.1.constructor.prototype.polluted': 'yes' },
      { 'Tags.member.1.__proto__.x': 'yes' },
      { 'Tags.member.__proto__.x': 'yes' },
    ]
    for (const extra of bodies) {
      const body = form({ Action: 'ValidateTemplate', Version: '2010-05-15', TemplateBody: '{"Resources":{"Q":{"Type":"AWS::SQS::Queue"}}}', ...extra })
      const r = await signedRequest(cloud, 'cloudformation', { method: 'POST', path: '/', headers: FORM, body })
      expect(r.status, `${JSON.stringify(extra)}: ${r.text}`).toBe(400)
      expect(r.text).toMatch(/<Code>(InvalidQueryParameter|ValidationError)<\/Code>/)
      expectUnpolluted()
    }
  })

  it('[iam] a Tags path through __proto__ is refused', async () => {
    const body = form({ Action: 'CreateRole', Version: '2010-05-08', RoleName: 'r', AssumeRolePolicyDocument: '{}', 'Tags.member.1.__proto__.polluted': 'yes' })
    const r = await signedRequest(cloud, 'iam', { method: 'POST', path: '/', headers: FORM, body })
    expect(r.status, r.text).toBe(400)
  })
})

describe('JSON protocols', () => {
  const targets: [string, string][] = [
    ['logs', 'Logs_20140328'],
    ['tagging', 'ResourceGroupsTaggingAPI_20170126'],
    ['dynamodb', 'DynamoDB_20120810'],
  ]
  for (const [service, prefix] of targets) {
    it(`[${service}] X-Amz-Target ${prefix}.constructor, .toString… → 400 UnknownOperationException`, async () => {
      for (const op of PROTO_NAMES) {
        const version = service === 'dynamodb' ? '1.0' : '1.1'
        const r = await signedRequest(cloud, service, { method: 'POST', path: '/', headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': `${prefix}.${op}` }, body: '{}' })
        expect(r.status, `${prefix}.${op}: ${r.text}`).toBe(400)
        expect(JSON.parse(r.text).__type).toMatch(/UnknownOperationException$/)
        expectNoInternals(r.text)
      }
    })
  }

  it('[logs] __proto__ and constructor as JSON keys are plain data, never the prototype', async () => {
    const body = '{"logGroupName":"proto-keys","tags":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}}'
    const r = await signedRequest(cloud, 'logs', { method: 'POST', path: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.CreateLogGroup' }, body })
    expect(r.status).toBeLessThan(500)
    expectNoInternals(r.text)
  })
})

describe('rest protocols', () => {
  it('[apigateway] JSON bodies with __proto__ keys do not reach the prototype', async () => {
    const body = '{"name":"p","__proto__":{"polluted":"yes"},"tags":{"__proto__":"x","constructor":"y"}}'
    const r = await signedRequest(cloud, 'apigateway', { method: 'POST', path: '/restapis', headers: { 'content-type': 'application/json' }, body })
    expect(r.status, r.text).toBeLessThan(500)
    expectNoInternals(r.text)
  })

  it('[apigateway] UpdateRestApi with a patch operation without path → 400 BadRequestException', async () => {
    const created = await signedRequest(cloud, 'apigateway', { method: 'POST', path: '/restapis', headers: { 'content-type': 'application/json' }, body: '{"name":"patchme"}' })
    const id = JSON.parse(created.text).id
    for (const ops of ['[{"op":"replace","value":"x"}]', '[{"op":"replace","path":5}]', '[null]', '"x"', '[{"op":"replace","path":"/__proto__/polluted","value":"x"}]', '[{"op":"replace","path":"/constructor/prototype/polluted","value":"x"}]']) {
      const r = await signedRequest(cloud, 'apigateway', { method: 'PATCH', path: `/restapis/${id}`, headers: { 'content-type': 'application/json' }, body: `{"patchOperations":${ops}}` })
      expect(r.status, `${ops}: ${r.text}`).toBe(400)
      expect(r.headers['x-amzn-errortype']).toMatch(/^BadRequestException/)
      expectNoInternals(r.text)
    }
  })

  it('[lambda] routes named like prototype members are unknown operations', async () => {
    for (const name of PROTO_NAMES) {
      const r = await signedRequest(cloud, 'lambda', { method: 'GET', path: `/2015-03-31/functions/${name}/${name}` })
      expect(r.status, `${name}: ${r.text}`).toBeLessThan(500)
      expectNoInternals(r.text)
    }
  })

  it('[s3] subresources named like prototype members, and CopyObject with x-amz-copy-source: % → 400 InvalidArgument', async () => {
    await signedRequest(cloud, 's3', { method: 'PUT', path: '/proto-bucket', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } })
    for (const name of PROTO_NAMES) {
      const r = await signedRequest(cloud, 's3', { method: 'GET', path: `/proto-bucket?${name}`, headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } })
      expect(r.status, `?${name}: ${r.text}`).toBeLessThan(500)
    }
    for (const source of ['%', '%zz', '/proto-bucket/%E0%A4%A']) {
      const r = await signedRequest(cloud, 's3', { method: 'PUT', path: '/proto-bucket/copy', headers: { 'x-amz-copy-source': source, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } })
      expect(r.status, `${source}: ${r.text}`).toBe(400)
      expect(r.text).toContain('<Code>InvalidArgument</Code>')
    }
  })

  it('[s3] objects keyed __proto__, constructor or hasOwnProperty are ordinary objects (found by fuzz-rest-xml)', async () => {
    const headers = { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }
    await signedRequest(cloud, 's3', { method: 'PUT', path: '/proto-keys', headers })
    for (const key of ['__proto__', 'constructor', 'hasOwnProperty']) {
      const put = await signedRequest(cloud, 's3', { method: 'PUT', path: `/proto-keys/${key}`, headers, body: `body of ${key}` })
      expect(put.status, `${key}: ${put.text}`).toBe(200)
      const get = await signedRequest(cloud, 's3', { method: 'GET', path: `/proto-keys/${key}`, headers })
      expect([get.status, get.text]).toEqual([200, `body of ${key}`])
    }
    const list = await signedRequest(cloud, 's3', { method: 'GET', path: '/proto-keys?list-type=2', headers })
    expect([...list.text.matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1]).sort()).toEqual(['__proto__', 'constructor', 'hasOwnProperty'])
  })
})

describe('execute-api', () => {
  it('?toString=x, ?__proto__=x, ?constructor=x and such headers are plain query data', async () => {
    for (const name of PROTO_NAMES) {
      const r = await rawRequest(cloud, { method: 'GET', path: `/_aws/execute-api/${apiId}/prod/items?${name}=x&${name}=y`, headers: { [name]: 'x' } })
      expect(r.status, `?${name}: ${r.text}`).toBe(200)
      expect(JSON.parse(r.text)).toEqual({ ok: true })
    }
    for (const path of ['/__proto__', '/constructor', '/items/__proto__', '/toString']) {
      const r = await rawRequest(cloud, { method: 'GET', path: `/_aws/execute-api/${apiId}/prod${path}` })
      expect(r.status, `${path}: ${r.text}`).toBeLessThan(500)
    }
    const stage = await rawRequest(cloud, { method: 'GET', path: `/_aws/execute-api/${apiId}/__proto__/items` })
    expect(stage.status).toBeLessThan(500)
  })
})
