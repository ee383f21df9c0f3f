/**
 * Clients that keep a function busy: messages past `LAB_WS_MAX_IN_FLIGHT` (one connection) or past
 * `LAB_WS_MAX_BYTES_IN_FLIGHT` (all connections together) are answered, not queued without bound.
 */
import { expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { connect, createFunction, WsApiSpec, wsUrl } from './ws-helpers.js'

process.env.LAB_WS_MAX_IN_FLIGHT = '2'
process.env.LAB_WS_MAX_BYTES_IN_FLIGHT = String(250 * 1024)

let cloud: TestCloud
useTestCloud(async (c) => {
  cloud = c
  delete process.env.LAB_WS_MAX_IN_FLIGHT
  delete process.env.LAB_WS_MAX_BYTES_IN_FLIGHT
  const slow = await createFunction(cloud, 'slow', 'export const handler = async () => { await new Promise((r) => setTimeout(r, 1000)); return { statusCode: 200, body: "done" } }')
  await new WsApiSpec('busyapi').lambda('$default', slow, { twoWay: true }).deploy(cloud)
  // A function that runs on for seconds after its route's 300 ms integration timeout.
  const stubborn = await createFunction(cloud, 'stubborn', 'export const handler = async () => { await new Promise((r) => setTimeout(r, 4000)); return { statusCode: 200, body: "late" } }')
  await new WsApiSpec('abandonapi').lambda('$default', stubborn, { twoWay: true, timeoutInMillis: 300 }).deploy(cloud)
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


it('answers Too Many Requests past the bytes all connections may have in flight together', async () => {
  const clients = [await connect(wsUrl(cloud, 'busyapi')), await connect(wsUrl(cloud, 'busyapi'))]
  // 100 KB messages (in frames of 32 KB): two fit in 250 KB, whichever connection sent them.
  const message = Buffer.from('m'.repeat(100 * 1024))
  for (const client of clients) {
    for (let n = 0; n < 2; n++) {
      for (let at = 0; at < message.length; at += 32 * 1024) client.ws.send(message.subarray(at, at + 32 * 1024), { binary: false, fin: at + 32 * 1024 >= message.length })
    }
  }
  const frames = [await clients[0].next(), await clients[0].next(), await clients[1].next(), await clients[1].next()]
  expect(frames.filter((f) => f === 'done')).toHaveLength(2)
  const throttled = frames.filter((f) => f !== 'done').map((f) => JSON.parse(f))
  expect(throttled).toHaveLength(2)
  for (const t of throttled) expect(t).toMatchObject({ message: 'Too Many Requests' })
  // Once they are done, the budget is free again.
  clients[1].ws.send('again')
  expect(await clients[1].next()).toBe('done')
  for (const client of clients) client.ws.close()
}, 60_000)

it('counts a message until its function is done, even after the client got the integration timeout', async () => {
  const client = await connect(wsUrl(cloud, 'abandonapi'))
  const message = Buffer.from('m'.repeat(100 * 1024))
  const send = () => {
    for (let at = 0; at < message.length; at += 32 * 1024) client.ws.send(message.subarray(at, at + 32 * 1024), { binary: false, fin: at + 32 * 1024 >= message.length })
  }
  send()
  expect(JSON.parse(await client.next())).toMatchObject({ message: 'Endpoint request timed out' })
  // The first function still runs (and holds its 100 KB): of two more, one fits in 250 KB.
  send()
  send()
  const frames = [JSON.parse(await client.next()), JSON.parse(await client.next())].map((f) => f.message).sort()
  expect(frames).toEqual(['Endpoint request timed out', 'Too Many Requests'])
  client.ws.close()
}, 60_000)
