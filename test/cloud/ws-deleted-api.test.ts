/**
 * A WebSocket API or stage deleted under open connections (`lab teardown` while `lab ws` is connected): its clients
 * are closed (1001 Going away) instead of staying connected to nothing, and no `$disconnect` runs a deleted
 * integration. Deleting one stage leaves the other stages' connections open.
 */
import { ApiGatewayV2Client, CreateDeploymentCommand, CreateStageCommand, DeleteApiCommand, DeleteStageCommand } from '@aws-sdk/client-apigatewayv2'
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { apiIdOf, connect, createFunction, WsApiSpec, wsUrl } from './ws-helpers.js'

/** Records each DISCONNECT it gets, by connection id. */
const RECORDER = `
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb'
const ddb = new DynamoDBClient({})
export const handler = async (event) => {
  await ddb.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: { connectionId: { S: event.requestContext.connectionId } } }))
  return { statusCode: 200 }
}`

let cloud: TestCloud
let ddb: DynamoDBClient
let v2: ApiGatewayV2Client
useTestCloud(async (c) => {
  cloud = c
  ddb = new DynamoDBClient(cloud.sdk)
  v2 = new ApiGatewayV2Client(cloud.sdk)
  await ddb.send(new CreateTableCommand({ TableName: 'disconnects', KeySchema: [{ AttributeName: 'connectionId', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'connectionId', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }))
  const recorder = await createFunction(cloud, 'disconnects', RECORDER, { TABLE_NAME: 'disconnects' })
  for (const name of ['goneapi', 'controlapi']) {
    await new WsApiSpec(name).mock('$default', '{"statusCode": 200}', '$context.connectionId', { twoWay: true }).lambda('$disconnect', recorder).deploy(cloud)
  }
  await v2.send(new CreateStageCommand({ ApiId: apiIdOf('goneapi'), StageName: 'dev' }))
  await v2.send(new CreateDeploymentCommand({ ApiId: apiIdOf('goneapi'), StageName: 'dev' }))
}, 120_000)

async function open(api: string, stage = 'prod') {
  const client = await connect(wsUrl(cloud, api, stage))
  client.ws.send('who')
  return { client, id: await client.next() }
}

const recorded = async (id: string) => Boolean((await ddb.send(new GetItemCommand({ TableName: 'disconnects', Key: { connectionId: { S: id } } }))).Item)

/** Waits for the control connection's `$disconnect` (it closed after the others): what was not recorded by then never runs. */
async function disconnectOf(id: string): Promise<void> {
  for (let i = 0; i < 400 && !(await recorded(id)); i++) await new Promise((r) => setTimeout(r, 50))
  expect(await recorded(id)).toBe(true)
}

describe('a deleted WebSocket API or stage', () => {
  it('DeleteStage closes that stage\'s connections with 1001 and no $disconnect; the other stage stays connected', async () => {
    const prod = await open('goneapi', 'prod')
    const dev = await open('goneapi', 'dev')
    await v2.send(new DeleteStageCommand({ ApiId: apiIdOf('goneapi'), StageName: 'dev' }))
    expect(await dev.client.closed).toEqual({ code: 1001, reason: 'Going away' })
    prod.client.ws.send('still there?')
    expect(await prod.client.next()).toBe(prod.id)
    const control = await open('controlapi')
    control.client.ws.close()
    await disconnectOf(control.id)
    expect(await recorded(dev.id)).toBe(false)
    prod.client.ws.close()
    await disconnectOf(prod.id)
  })

  it('DeleteApi closes every connection of the API with 1001 and runs no $disconnect', async () => {
    const gone = await open('goneapi', 'prod')
    await v2.send(new DeleteApiCommand({ ApiId: apiIdOf('goneapi') }))
    expect(await gone.client.closed).toEqual({ code: 1001, reason: 'Going away' })
    const control = await open('controlapi')
    control.client.ws.close()
    await disconnectOf(control.id)
    expect(await recorded(gone.id)).toBe(false)
  })
})
