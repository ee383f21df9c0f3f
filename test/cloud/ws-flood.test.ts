/** A client that keeps a function busy: messages past `LAB_WS_MAX_IN_FLIGHT` are answered, not queued without bound. */
import { expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { connect, createFunction, WsApiSpec, wsUrl } from './ws-helpers.js'

process.env.LAB_WS_MAX_IN_FLIGHT = '2'

let cloud: TestCloud
useTestCloud(async (c) => {
  cloud = c
  delete process.env.LAB_WS_MAX_IN_FLIGHT
  const slow = await createFunction(cloud, 'slow', 'export const handler = async () => { await new Promise((r) => setTimeout(r, 1000)); return { statusCode: 200, body: "done" } }')
  await new WsApiSpec('busyapi').lambda('$default', slow, { twoWay: true }).deploy(cloud)
}, 60_000)

it('answers Too Many Requests past the messages one connection may have in flight, and keeps serving it', async () => {
  const client = await connect(wsUrl(cloud, 'busyapi'))
  for (let i = 0; i < 4; i++) client.ws.send(`m${i}`)
  const frames = [await client.next(), await client.next(), await client.next(), await client.next()]
  const throttled = frames.filter((f) => f.startsWith('{')).map((f) => JSON.parse(f))
  expect(throttled).toHaveLength(2)
  for (const t of throttled) expect(t).toMatchObject({ message: 'Too Many Requests' })
  expect(frames.filter((f) => f === 'done')).toHaveLength(2)
  client.ws.send('again')
  expect(await client.next()).toBe('done')
  client.ws.close()
}, 60_000)

