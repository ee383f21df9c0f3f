/** Non-proxy integrations: Lambda custom integration, DynamoDB actions, HTTP with parameter mapping. */
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway'
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda'
import http from 'node:http'
import { describe, expect, it } from 'vitest'
import { ROLE, zip } from '../fixtures/lambda/zip.js'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { createLambdaRole } from '../helpers/lambda-role.js'
import { ApiBuilder, request } from './apigateway-helpers.js'

let cloud: TestCloud
let apigw: APIGatewayClient
useTestCloud(async (c) => {
  await createLambdaRole(c)
  cloud = c
  apigw = new APIGatewayClient(cloud.sdk)
})

async function method(
  api: ApiBuilder,
  path: string,
  httpMethod: string,
  integration: Record<string, unknown>,
  responses: Record<string, unknown>[],
  requestParameters?: Record<string, boolean>,
) {
  const resourceId = await api.resource(path)
  const key = { restApiId: api.id, resourceId, httpMethod }
  await apigw.send(new PutMethodCommand({ ...key, authorizationType: 'NONE', requestParameters }))
  for (const r of responses) await apigw.send(new PutMethodResponseCommand({ ...key, statusCode: String(r.statusCode) }))
  await apigw.send(new PutIntegrationCommand({ ...key, ...(integration as any) }))
  for (const r of responses) await apigw.send(new PutIntegrationResponseCommand({ ...key, ...(r as any) }))
}

describe('execute-api: non-proxy integrations', () => {
  it('maps a Lambda custom integration: templates in and out, errors selected by errorMessage', async () => {
    const lambda = new LambdaClient(cloud.sdk)
    const fn = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'custom',
        Runtime: 'nodejs22.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: {
          ZipFile: zip({
            'index.js': `exports.handler = async (e) => {
              if (e.name === 'bad') throw new Error('Bad input: ' + e.name)
              if (e.name === 'crash') throw new Error('unexpected')
              return { greeting: 'hello ' + e.name }
            }`,
          }),
        },
      }),
    )
    const api = await ApiBuilder.create(apigw, 'lambda-custom')
    await lambda.send(new AddPermissionCommand({ FunctionName: 'custom', StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' }))
    await method(
      api,
      '/greet',
      'GET',
      {
        type: 'AWS',
        integrationHttpMethod: 'POST',
        uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fn.FunctionArn}/invocations`,
        requestTemplates: { 'application/json': `{"name": "$util.escapeJavaScript($input.params('name'))"}` },
      },
      [
        { statusCode: '200', responseTemplates: { 'application/json': `{"message": $input.json('$.greeting')}` } },
        { statusCode: '400', selectionPattern: 'Bad input.*', responseTemplates: { 'application/json': `{"error": "$input.path('$.errorMessage')"}` } },
      ],
    )
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 's' }))
    const call = (name: string) => request(cloud.port, `/_aws/execute-api/${api.id}/s/greet?name=${name}`)
    const ok = await call('ada')
    expect([ok.status, ok.json()]).toEqual([200, { message: 'hello ada' }])
    const bad = await call('bad')
    expect([bad.status, bad.json()]).toEqual([400, { error: 'Bad input: bad' }])
    // AWS quirk: an error no pattern selects goes out through the default (200) response.
    const crash = await call('crash')
    expect(crash.status).toBe(200)
  })

  it('calls DynamoDB actions with the mapped body, as the credentials role', async () => {
    const iam = new IAMClient(cloud.sdk)
    const assume = { Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }
    await iam.send(new CreateRoleCommand({ RoleName: 'notes-api', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [assume] }) }))
    const access = { Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:GetItem'], Resource: 'arn:aws:dynamodb:us-east-1:000000000000:table/notes' }
    await iam.send(new PutRolePolicyCommand({ RoleName: 'notes-api', PolicyName: 'notes', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [access] }) }))
    const credentials = 'arn:aws:iam::000000000000:role/notes-api'
    const ddb = new DynamoDBClient(cloud.sdk)
    await ddb.send(
      new CreateTableCommand({
        TableName: 'notes',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    )
    const api = await ApiBuilder.create(apigw, 'dynamo')
    await method(
      api,
      '/notes/{id}',
      'PUT',
      {
        type: 'AWS',
        integrationHttpMethod: 'POST',
        uri: 'arn:aws:apigateway:us-east-1:dynamodb:action/PutItem',
        credentials,
        requestTemplates: {
          'application/json': `{"TableName": "notes", "Item": {"id": {"S": "$input.params('id')"}, "text": {"S": $input.json('$.text')}}}`,
        },
      },
      [{ statusCode: '200', responseTemplates: { 'application/json': '{"saved": true}' } }, { statusCode: '400', selectionPattern: '4\\d\\d' }],
    )
    await method(
      api,
      '/notes/{id}',
      'GET',
      {
        type: 'AWS',
        integrationHttpMethod: 'POST',
        uri: 'arn:aws:apigateway:us-east-1:dynamodb:action/GetItem',
        credentials,
        requestTemplates: { 'application/json': `{"TableName": "notes", "Key": {"id": {"S": "$input.params('id')"}}}` },
      },
      [{ statusCode: '200', responseTemplates: { 'application/json': `{"text": "$input.path('$.Item.text.S')"}` } }],
    )
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'v1' }))
    const put = await request(cloud.port, `/_aws/execute-api/${api.id}/v1/notes/n1`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"text": "remember"}',
    })
    expect([put.status, put.json()]).toEqual([200, { saved: true }])
    const got = await request(cloud.port, `/_aws/execute-api/${api.id}/v1/notes/n1`)
    expect(got.json()).toEqual({ text: 'remember' })
  })

  it('refuses request mappings from undeclared method request parameters, like AWS', async () => {
    const api = await ApiBuilder.create(apigw, 'undeclared')
    const err = await method(api, '/x', 'GET', {
      type: 'HTTP',
      integrationHttpMethod: 'GET',
      uri: 'http://127.0.0.1:9/x',
      requestParameters: { 'integration.request.querystring.q': 'method.request.querystring.term' },
    }, []).catch((e) => e)
    expect(err.message).toContain('Invalid mapping expression parameter specified: method.request.querystring.term')
  })

  it('sends mapped parameters to an HTTP backend and selects the response by status', async () => {
    const backend = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x')
      res.writeHead(url.searchParams.get('q') === 'none' ? 404 : 200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ path: url.pathname, q: url.searchParams.get('q'), from: req.headers['x-from'] }))
    })
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
    const port = (backend.address() as { port: number }).port
    try {
      const api = await ApiBuilder.create(apigw, 'http')
      await method(
        api,
        '/search/{kind}',
        'GET',
        {
          type: 'HTTP',
          integrationHttpMethod: 'GET',
          uri: `http://127.0.0.1:${port}/find/{kind}`,
          requestParameters: {
            'integration.request.path.kind': 'method.request.path.kind',
            'integration.request.querystring.q': 'method.request.querystring.term',
            'integration.request.header.X-From': "'apigw'",
          },
        },
        [
          { statusCode: '200', responseTemplates: { 'application/json': `{"backend": $input.json('$')}` } },
          { statusCode: '404', selectionPattern: '404', responseTemplates: { 'application/json': '{"found": false}' } },
        ],
        { 'method.request.path.kind': true, 'method.request.querystring.term': false },
      )
      await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'h' }))
      const ok = await request(cloud.port, `/_aws/execute-api/${api.id}/h/search/books?term=dune`)
      expect([ok.status, ok.json()]).toEqual([200, { backend: { path: '/find/books', q: 'dune', from: 'apigw' } }])
      const missing = await request(cloud.port, `/_aws/execute-api/${api.id}/h/search/books?term=none`)
      expect([missing.status, missing.json()]).toEqual([404, { found: false }])
    } finally {
      backend.close()
    }
  })
})
