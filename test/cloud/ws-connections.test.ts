/**
 * The `@connections` management API (SigV4 for `execute-api`: POST, GET, DELETE, 410, 413), the message and frame
 * quotas with their close codes, and what a web page on a foreign origin can and cannot do.
 */
import { ApiGatewayManagementApiClient, DeleteConnectionCommand, GetConnectionCommand, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { apiIdOf, connect, WsApiSpec, wsUrl } from './ws-helpers.js'


let cloud: TestCloud
let management: ApiGatewayManagementApiClient
useTestCloud(async (c) => {
  cloud = c
  // The $default route answers with the connection id, so each test learns its own.
  await new WsApiSpec('mgmtapi').mock('$default', '{"statusCode": 200}', '$context.connectionId', { twoWay: true }).deploy(cloud)
  management = new ApiGatewayManagementApiClient({ ...cloud.sdk, endpoint: `http://127.0.0.1:${cloud.port}/_aws/execute-api/${apiIdOf('mgmtapi')}/prod` })
}, 60_000)

async function open(headers: Record<string, string> = {}) {
  const client = await connect(wsUrl(cloud, 'mgmtapi'), { headers })
  client.ws.send('who am i')
  return { client, id: await client.next() }
}

const connectionsUrl = (id: string) => `http://127.0.0.1:${cloud.port}/_aws/execute-api/${apiIdOf('mgmtapi')}/prod/@connections/${encodeURIComponent(id)}`

describe('@connections', () => {
  it('POST sends the data to the client, GET describes the connection, DELETE closes it, then 410', async () => {
    const { client, id } = await open({ 'User-Agent': 'lab-chat/2' })
    const posted = await management.send(new PostToConnectionCommand({ ConnectionId: id, Data: 'hello from the backend' }))
    expect(posted.$metadata.httpStatusCode).toBe(200)
    expect(await client.next()).toBe('hello from the backend')

    const described = await management.send(new GetConnectionCommand({ ConnectionId: id }))
    expect(described.Identity).toEqual({ SourceIp: '127.0.0.1', UserAgent: 'lab-chat/2' })
    expect(described.ConnectedAt).toBeInstanceOf(Date)
    expect(described.LastActiveAt!.getTime()).toBeGreaterThanOrEqual(described.ConnectedAt!.getTime())

    const deleted = await management.send(new DeleteConnectionCommand({ ConnectionId: id }))
    expect(deleted.$metadata.httpStatusCode).toBe(204)
    expect((await client.closed).code).toBe(1000)

    for (const command of [new GetConnectionCommand({ ConnectionId: id }), new PostToConnectionCommand({ ConnectionId: id, Data: 'late' }), new DeleteConnectionCommand({ ConnectionId: id })]) {
      const err = await management.send(command as never).catch((e) => e)
      expect(err.name).toBe('GoneException')
      expect(err.$metadata.httpStatusCode).toBe(410)
    }
  })

  it('answers 410 for a connection that never existed, and for one of another API', async () => {
    const err = await management.send(new PostToConnectionCommand({ ConnectionId: 'AAAAAAAAAAAAAAA=', Data: 'x' })).catch((e) => e)
    expect(err.name).toBe('GoneException')
    const response = await fetch(connectionsUrl('AAAAAAAAAAAAAAA='), { method: 'GET' })
    expect(response.status).toBe(403) // unsigned: refused before anything is looked up
  })

  it('refuses more than 128 KB with 413 PayloadTooLargeException, and delivers 128 KB in frames of 32 KB', async () => {
    const { client, id } = await open()
    const err = await management.send(new PostToConnectionCommand({ ConnectionId: id, Data: 'x'.repeat(128 * 1024 + 1) })).catch((e) => e)
    expect(err.name).toBe('PayloadTooLargeException')
    expect(err.$metadata.httpStatusCode).toBe(413)
    const big = 'y'.repeat(128 * 1024)
    await management.send(new PostToConnectionCommand({ ConnectionId: id, Data: big }))
    expect(await client.next()).toBe(big)
    client.ws.close()
  })

  it('is never callable unsigned, even by a page on a foreign origin (which may open sockets, as on AWS)', async () => {
    const { client, id } = await open({ Origin: 'https://evil.example' })
    for (const method of ['POST', 'GET', 'DELETE']) {
      const response = await fetch(connectionsUrl(id), { method, headers: { Origin: 'https://evil.example' }, body: method === 'POST' ? 'pwned' : undefined })
      expect(response.status).toBe(403)
      expect(await response.json()).toEqual({ message: 'Missing Authentication Token' })
    }
    // A signature by a key this cloud never issued is refused too.
    const stranger = new ApiGatewayManagementApiClient({ ...cloud.sdk, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) }, endpoint: management.config.endpoint as never })
    const err = await stranger.send(new PostToConnectionCommand({ ConnectionId: id, Data: 'pwned' })).catch((e) => e)
    expect(err.$metadata.httpStatusCode).toBe(403)
    client.ws.send('still here')
    expect(await client.next()).toBe(id)
    expect(client.received).not.toContain('pwned')
    client.ws.close()
  })

  it('refuses plain HTTP to a WebSocket stage', async () => {
    const response = await fetch(`http://127.0.0.1:${cloud.port}/_aws/execute-api/${apiIdOf('mgmtapi')}/prod`)
    expect(response.status).toBe(403)
  })
})

describe('quotas on what clients send', () => {
  it('closes with 1009 on a frame over 32 KB, and the message is never routed', async () => {
    const { client } = await open()
    client.ws.send('z'.repeat(32 * 1024 + 1))
    expect((await client.closed).code).toBe(1009)
    expect(client.received).toHaveLength(1)
  })

  it('takes a 128 KB message in frames of 32 KB, and closes with 1009 past 128 KB', async () => {
    const { client, id } = await open()
    const frame = 'f'.repeat(32 * 1024)
    for (let i = 0; i < 4; i++) client.ws.send(frame, { fin: i === 3 })
    expect(await client.next()).toBe(id)
    for (let i = 0; i < 5; i++) client.ws.send(frame, { fin: i === 4 })
    expect((await client.closed).code).toBe(1009)
  })

  it('closes with 1003 on a binary frame', async () => {
    const { client } = await open()
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true })
    expect((await client.closed).code).toBe(1003)
  })
})
