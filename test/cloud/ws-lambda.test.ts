/**
 * WebSocket routes backed by functions in real sandboxes, with handler code written for AWS and left unmodified:
 * the chat of AWS's sample (DynamoDB through `@aws-sdk/client-dynamodb` and `@aws-sdk/lib-dynamodb` with no
 * endpoint, `@connections` through an endpoint built from the AWS host name or from `requestContext.domainName`),
 * the CONNECT / MESSAGE / DISCONNECT events as AWS sends them, and `$connect` refusing the handshake.
 */
import { CreateTableCommand, DynamoDBClient, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb'
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { apiIdOf, connect, createFunction, WsApiSpec, wsUrl } from './ws-helpers.js'


/** Records each event it gets in the table, keyed by connection and event type; refuses `?deny=1`. */
const RECORDER = `
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb'
const ddb = new DynamoDBClient({})
export const handler = async (event) => {
  const { connectionId, eventType } = event.requestContext
  await ddb.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: { connectionId: { S: connectionId + '#' + eventType }, event: { S: JSON.stringify(event) } } }))
  if (event.queryStringParameters && event.queryStringParameters.deny) return { statusCode: 401, body: 'no' }
  if (eventType === 'MESSAGE') return { statusCode: 200, body: JSON.stringify(event) }
  return { statusCode: 200, body: 'ok' }
}`

/** AWS's chat sample, in its SDK v3 form: connect stores the id, send scans and posts to every connection. */
const ON_CONNECT = `
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb'
const ddbClient = new DynamoDBClient({})
export const handler = async (event) => {
  try {
    await ddbClient.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: { connectionId: { S: event.requestContext.connectionId } } }))
  } catch (err) {
    return { statusCode: 500, body: 'Failed to connect: ' + JSON.stringify(err) }
  }
  return { statusCode: 200, body: 'Connected.' }
}`

const sendMessage = (endpoint: string) => `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb'
import { ApiGatewayManagementApiClient, PostToConnectionCommand, GetConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi'
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}))
export const handler = async (event) => {
  const connections = await ddb.send(new ScanCommand({ TableName: process.env.TABLE_NAME, ProjectionExpression: 'connectionId' }))
  const api = new ApiGatewayManagementApiClient({ endpoint: ${endpoint} })
  const data = JSON.parse(event.body).data
  await Promise.all(connections.Items.map(({ connectionId }) => api.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }))))
  const me = await api.send(new GetConnectionCommand({ ConnectionId: event.requestContext.connectionId }))
  return { statusCode: 200, body: 'Data sent to ' + connections.Items.length + ' (' + me.Identity.SourceIp + ')' }
}`

/** A REQUEST authorizer: `?token=good` is allowed (with context), anything else explicitly denied. */
const AUTHORIZER = `
export const handler = async (event) => {
  const token = event.queryStringParameters && event.queryStringParameters.token
  const effect = token === 'good' ? 'Allow' : 'Deny'
  if (event.requestContext.routeKey !== '$connect' || event.type !== 'REQUEST') throw new Error('unexpected event')
  return {
    principalId: 'alice',
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: event.methodArn }] },
    context: { plan: 'gold', seats: 3 },
  }
}`

/** boto3, unmodified: the management client from `requestContext.domainName`, as AWS's Python examples build it. */
const PYTHON_POSTER = `
import boto3

def handler(event, context):
    rc = event['requestContext']
    api = boto3.client('apigatewaymanagementapi', endpoint_url='https://' + rc['domainName'] + '/' + rc['stage'])
    api.post_to_connection(ConnectionId=rc['connectionId'], Data=b'posted by boto3')
    return {'statusCode': 200}
`
const hasBoto3 = spawnSync('python3', ['-c', 'import boto3']).status === 0

let cloud: TestCloud
let ddb: DynamoDBClient
useTestCloud(async (c) => {
  cloud = c
  ddb = new DynamoDBClient(cloud.sdk)
  for (const TableName of ['events', 'chat', 'chat2']) {
    await ddb.send(new CreateTableCommand({ TableName, KeySchema: [{ AttributeName: 'connectionId', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'connectionId', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }))
  }
  const recorder = await createFunction(cloud, 'recorder', RECORDER, { TABLE_NAME: 'events' })
  await new WsApiSpec('evtapi').lambda('$connect', recorder).lambda('$default', recorder, { twoWay: true }).lambda('$disconnect', recorder).deploy(cloud)
  const authorizer = await createFunction(cloud, 'authorizer', AUTHORIZER)
  await new WsApiSpec('authapi')
    .authorizer('tokens', authorizer, ['route.request.querystring.token'])
    .lambda('$connect', recorder, { auth: 'CUSTOM', authorizer: 'tokens' })
    .lambda('$default', recorder, { twoWay: true })
    .deploy(cloud)
  if (hasBoto3) {
    const poster = await createFunction(cloud, 'pyposter', PYTHON_POSTER, {}, 'app.py', 'python3.12')
    await new WsApiSpec('pyapi').lambda('$default', poster).deploy(cloud)
  }
  const onConnect = await createFunction(cloud, 'onconnect', ON_CONNECT, { TABLE_NAME: 'chat' })
  const send = await createFunction(cloud, 'sendmessage', sendMessage('`https://${event.requestContext.apiId}.execute-api.${process.env.AWS_REGION}.amazonaws.com/${event.requestContext.stage}`'), { TABLE_NAME: 'chat' })
  await new WsApiSpec('chatapi').lambda('$connect', onConnect).lambda('sendmessage', send).deploy(cloud)
  const onConnect2 = await createFunction(cloud, 'onconnect2', ON_CONNECT, { TABLE_NAME: 'chat2' })
  const send2 = await createFunction(cloud, 'sendmessage2', sendMessage('`https://${event.requestContext.domainName}/${event.requestContext.stage}`'), { TABLE_NAME: 'chat2' })
  await new WsApiSpec('chat2api').lambda('$connect', onConnect2).lambda('sendmessage', send2, { twoWay: true }).deploy(cloud)
}, 120_000)

async function recorded(connectionId: string, type: string): Promise<any> {
  for (let i = 0; i < 200; i++) {
    const item = await ddb.send(new GetItemCommand({ TableName: 'events', Key: { connectionId: { S: `${connectionId}#${type}` } } }))
    if (item.Item) return JSON.parse(item.Item.event.S!)
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`no ${type} event for ${connectionId}`)
}

describe('events', () => {
  it('sends CONNECT, MESSAGE and DISCONNECT events shaped as AWS sends them', async () => {
    const c = await connect(wsUrl(cloud, 'evtapi', 'prod', '?room=blue'), { headers: { 'User-Agent': 'lab-test/1.0', 'X-Custom': 'a' } })
    c.ws.send('hello, not json')
    const message = JSON.parse(await c.next())
    const id = message.requestContext.connectionId
    expect(id).toMatch(/^[A-Za-z0-9_-]{15}=$/)
    expect(message).toMatchObject({ body: 'hello, not json', isBase64Encoded: false })
    expect(message.requestContext).toMatchObject({
      routeKey: '$default',
      eventType: 'MESSAGE',
      messageDirection: 'IN',
      stage: 'prod',
      apiId: apiIdOf('evtapi'),
      domainName: `${apiIdOf('evtapi')}.execute-api.us-east-1.amazonaws.com`,
      identity: { sourceIp: '127.0.0.1', userAgent: 'lab-test/1.0' },
    })
    expect(message.requestContext.messageId).toMatch(/=$/)
    expect(message.requestContext.requestTime).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/)
    expect(typeof message.requestContext.requestTimeEpoch).toBe('number')
    expect(message.headers).toBeUndefined()

    const connectEvent = await recorded(id, 'CONNECT')
    expect(connectEvent.requestContext).toMatchObject({ routeKey: '$connect', eventType: 'CONNECT', connectionId: id, connectedAt: message.requestContext.connectedAt })
    expect(connectEvent.requestContext.messageId).toBeUndefined()
    expect(connectEvent.headers).toMatchObject({ 'User-Agent': 'lab-test/1.0', 'X-Custom': 'a', 'Sec-WebSocket-Version': '13', 'X-Forwarded-For': '127.0.0.1' })
    expect(connectEvent.multiValueHeaders['X-Custom']).toEqual(['a'])
    expect(connectEvent.queryStringParameters).toEqual({ room: 'blue' })
    expect(connectEvent.body).toBeUndefined()

    c.ws.close(4000, 'bye now')
    const disconnect = await recorded(id, 'DISCONNECT')
    expect(disconnect.requestContext).toMatchObject({ routeKey: '$disconnect', eventType: 'DISCONNECT', disconnectStatusCode: 4000, disconnectReason: 'bye now' })
    expect(disconnect.headers).toEqual({ Host: `${apiIdOf('evtapi')}.execute-api.us-east-1.amazonaws.com`, 'x-api-key': '', 'X-Forwarded-For': '', 'x-restapi': '' })
  }, 60_000)

  it('reports a close without a status as 1005, and refuses the handshake on a 401 from $connect', async () => {
    const c = await connect(wsUrl(cloud, 'evtapi'))
    c.ws.send('x')
    const id = JSON.parse(await c.next()).requestContext.connectionId
    c.ws.close()
    const disconnect = await recorded(id, 'DISCONNECT')
    expect(disconnect.requestContext).toMatchObject({ disconnectStatusCode: 1005, disconnectReason: 'Client-side close frame status not set' })
    await expect(connect(wsUrl(cloud, 'evtapi', 'prod', '?deny=1'))).rejects.toMatchObject({ status: 401 })
  }, 60_000)
})

describe('a Lambda authorizer on $connect', () => {
  it('lets an allowed caller in, with its principal and context in every event', async () => {
    const c = await connect(wsUrl(cloud, 'authapi', 'prod', '?token=good'))
    c.ws.send('hi')
    const message = JSON.parse(await c.next())
    expect(message.requestContext.authorizer).toMatchObject({ principalId: 'alice', plan: 'gold', seats: '3' })
    const connectEvent = await recorded(message.requestContext.connectionId, 'CONNECT')
    expect(connectEvent.requestContext.authorizer).toMatchObject({ principalId: 'alice', plan: 'gold' })
    c.ws.close()
  }, 60_000)

  it('refuses a denied caller with 403 and a caller without the identity source with 401; no socket opens', async () => {
    await expect(connect(wsUrl(cloud, 'authapi', 'prod', '?token=bad'))).rejects.toMatchObject({ status: 403 })
    await expect(connect(wsUrl(cloud, 'authapi'))).rejects.toMatchObject({ status: 401 })
  }, 60_000)
})

describe("AWS's chat sample, unmodified", () => {
  for (const [apiId, table, how] of [
    ['chatapi', 'chat', 'an endpoint built from the AWS host name'],
    ['chat2api', 'chat2', 'an endpoint built from requestContext.domainName'],
  ] as const) {
    it(`posts to every connection through ${how}`, async () => {
      const clients = await Promise.all([connect(wsUrl(cloud, apiId)), connect(wsUrl(cloud, apiId)), connect(wsUrl(cloud, apiId))])
      const stored = await ddb.send(new ScanCommand({ TableName: table }))
      expect(stored.Items).toHaveLength(3)
      clients[0].ws.send(JSON.stringify({ action: 'sendmessage', data: `hello from ${apiId}` }))
      for (const c of clients) expect(await c.next()).toBe(`hello from ${apiId}`)
      if (apiId === 'chat2api') expect(await clients[0].next()).toBe('Data sent to 3 (127.0.0.1)')
      for (const c of clients) c.ws.close()
    }, 60_000)
  }
})

// Like lambda-python.test.ts: AWS's Python runtimes include boto3; a machine without it cannot run this one.
it.skipIf(!hasBoto3)('lets unmodified boto3 code post through the AWS host name in requestContext.domainName', async () => {
  const c = await connect(wsUrl(cloud, 'pyapi'))
  c.ws.send('go')
  expect(await c.next()).toBe('posted by boto3')
  c.ws.close()
}, 60_000)
