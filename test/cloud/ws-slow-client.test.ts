/**
 * A client that does not read what it is sent: the cloud holds a bounded amount for it. `@connections` POSTs then
 * answer 429 LimitExceededException ("the WebSocket client side buffer is full", as AWS documents), API Gateway's
 * own frames stop piling up, and the client is served again once it reads.
 */
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { apiIdOf, connect, WsApiSpec, wsUrl, type Client } from './ws-helpers.js'

let cloud: TestCloud
let management: ApiGatewayManagementApiClient
useTestCloud(async (c) => {
  cloud = c
  // `whoami` answers with the connection id; there is no $default, so any other message gets the Forbidden frame.
  await new WsApiSpec('slowapi').mock('whoami', '{"statusCode": 200}', '$context.connectionId', { twoWay: true }).deploy(cloud)
  management = new ApiGatewayManagementApiClient({ ...cloud.sdk, endpoint: `http://127.0.0.1:${cloud.port}/_aws/execute-api/${apiIdOf('slowapi')}/prod` })
}, 60_000)

async function openAndStopReading(): Promise<{ client: Client; id: string }> {
  const client = await connect(wsUrl(cloud, 'slowapi'))
  client.ws.send('{"action":"whoami"}')
  const id = await client.next()
  client.ws.pause() // from now on the client reads nothing: TCP's buffers fill, then the cloud's
  return { client, id }
}

/** POST `data` until the answer is not a 200 (at most `max` times): the accepted count and the refusal. */
async function postUntilRefused(id: string, data: string, max: number): Promise<{ accepted: number; refusal?: { name: string; status?: number } }> {
  for (let accepted = 0; accepted < max; accepted++) {
    const refusal = await management.send(new PostToConnectionCommand({ ConnectionId: id, Data: data })).then(
      () => undefined,
      (e) => ({ name: e.name as string, status: e.$metadata?.httpStatusCode as number | undefined }),
    )
    if (refusal) return { accepted, refusal }
  }
  return { accepted: max }
}

describe('a client that does not read', () => {
  it('gets no more @connections POSTs once its buffer is full (429 LimitExceededException), and every accepted one once it reads', async () => {
    const { client, id } = await openAndStopReading()
    const message = (n: number) => `${n}:`.padEnd(128 * 1024, 'z')
    // 50 MB, far past what the kernel's socket buffers hold: without a bound the cloud would take it all.
    let n = 0
    let refusal: { name: string; status?: number } | undefined
    for (; n < 400 && !refusal; n++) {
      refusal = await management.send(new PostToConnectionCommand({ ConnectionId: id, Data: message(n) })).then(
        () => undefined,
        (e) => ({ name: e.name, status: e.$metadata?.httpStatusCode }),
      )
    }
    expect(refusal).toEqual({ name: 'LimitExceededException', status: 429 })
    const accepted = n - 1

    client.ws.resume()
    for (let i = 0; i < accepted; i++) expect(await client.next()).toBe(message(i))
    // Read up: the connection takes POSTs again.
    await management.send(new PostToConnectionCommand({ ConnectionId: id, Data: 'again' }))
    expect(await client.next()).toBe('again')
    client.ws.close()
  }, 120_000)

  it('stops reading a client that floods it with messages whose answers it never reads, and serves it once it reads', async () => {
    const { client, id } = await openAndStopReading()
    // 200 000 tiny messages, each answered with a ~100-byte Forbidden frame: ~20 MB the client never reads.
    for (let i = 0; i < 200_000; i++) client.ws.send('x')
    // The gateway's own frames fill the same buffer: a POST finds it full.
    let outcome = await postUntilRefused(id, 'ping', 1)
    for (let tries = 0; tries < 2000 && !outcome.refusal; tries++) {
      await new Promise((r) => setTimeout(r, 50))
      outcome = await postUntilRefused(id, 'ping', 1)
    }
    expect(outcome.refusal).toEqual({ name: 'LimitExceededException', status: 429 })

    // The client reads again: the cloud reads it again, and a later POST reaches it.
    client.ws.resume()
    let delivered = false
    for (let tries = 0; tries < 2000 && !delivered; tries++) {
      delivered = (await postUntilRefused(id, 'after', 1)).refusal === undefined
      if (!delivered) await new Promise((r) => setTimeout(r, 50))
    }
    expect(delivered).toBe(true)
    while ((await client.next()) !== 'after');
    client.ws.send('{"action":"whoami"}')
    while ((await client.next()) !== id);
    client.ws.close()
  }, 240_000)
})
