/**
 * WebSocket data plane, with MOCK integrations (no functions): `$connect` deciding the handshake, route selection
 * (exact key, nested path, `${…}` interpolation, non-JSON, no `$default`), and two-way routes.
 */
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { presignedUrl } from '../helpers/signed-url.js'
import { connect, hostUrl, loopbackLookup, WsApiSpec, wsUrl } from './ws-helpers.js'


const reply = (text: string) => `{"statusCode": 200}`.replace('}', `, "t": "${text}"}`)

let cloud: TestCloud
useTestCloud(async (c) => {
  cloud = c
  await new WsApiSpec('chatapi')
      .mock('$connect', '{"statusCode": 200}')
      .mock('sendmessage', reply('x'), 'sent:$context.routeKey:$context.eventType:[$input.body]', { twoWay: true })
      .mock('oneway', reply('x'), 'you never see this')
      .mock('$default', '{"statusCode": 200}', 'default:$context.routeKey', { twoWay: true }).deploy(cloud)
  await new WsApiSpec('nodefault').mock('join', '{"statusCode": 200}', 'joined', { twoWay: true }).deploy(cloud)
  await new WsApiSpec('nested', '$request.body.meta.kind').mock('chat', '{"statusCode": 200}', 'nested-chat', { twoWay: true }).deploy(cloud)
  await new WsApiSpec('interp', '${request.body.service}/${request.body.action}').mock('chat/join', '{"statusCode": 200}', 'interp-ok', { twoWay: true }).mock('chat/', '{"statusCode": 200}', 'interp-empty', { twoWay: true }).deploy(cloud)
  await new WsApiSpec('refuses').mock('$connect', '#if($input.params("q") == "")#end{"statusCode": 403}').deploy(cloud)
  await new WsApiSpec('iamapi').mock('$connect', '{"statusCode": 200}', undefined, { auth: 'AWS_IAM' }).deploy(cloud)
  await new WsApiSpec('badreq').mock('$connect', '{"statusCode": 400}').deploy(cloud)
}, 60_000)

describe('the handshake', () => {
  it('opens when $connect answers 2xx, on both URL forms', async () => {
    const a = await connect(wsUrl(cloud, 'chatapi'))
    const b = await connect(hostUrl(cloud, 'chatapi'), { lookup: loopbackLookup } as never)
    expect(a.ws.readyState).toBe(a.ws.OPEN)
    expect(b.ws.readyState).toBe(b.ws.OPEN)
    a.ws.close()
    b.ws.close()
  })

  it('is refused with the status $connect answered, and no socket opens', async () => {
    await expect(connect(wsUrl(cloud, 'refuses'))).rejects.toMatchObject({ status: 403 })
    await expect(connect(wsUrl(cloud, 'badreq'))).rejects.toMatchObject({ status: 400 })
  })

  it('needs a SigV4 signature for execute-api when $connect is AWS_IAM (a presigned URL, as browsers cannot sign headers)', async () => {
    await expect(connect(wsUrl(cloud, 'iamapi'))).rejects.toMatchObject({ status: 403 })
    const signed = await presignedUrl(cloud, 'execute-api', wsUrl(cloud, 'iamapi').replace(/^ws:/, 'http:'))
    const c = await connect(signed.replace(/^http:/, 'ws:'))
    c.ws.close()
    const forged = signed.replace(/X-Amz-Signature=[0-9a-f]{4}/, 'X-Amz-Signature=0000')
    await expect(connect(forged.replace(/^http:/, 'ws:'))).rejects.toMatchObject({ status: 403 })
  })

  it('is refused for an unknown API, stage or path', async () => {
    await expect(connect(wsUrl(cloud, 'nosuchapi'))).rejects.toMatchObject({ status: 403 })
    await expect(connect(wsUrl(cloud, 'chatapi', 'dev'))).rejects.toMatchObject({ status: 403 })
    await expect(connect(wsUrl(cloud, 'chatapi', 'prod/extra'))).rejects.toMatchObject({ status: 403 })
  })

  it('accepts any connection when there is no $connect route', async () => {
    const c = await connect(wsUrl(cloud, 'nodefault'))
    c.ws.close()
  })
})

describe('route selection', () => {
  it('routes on the exact key, and answers through the route response', async () => {
    const c = await connect(wsUrl(cloud, 'chatapi'))
    c.ws.send('{"action":"sendmessage","data":"hi"}')
    // The mock backend has no body: $input.body in the integration response is empty, as on AWS.
    expect(await c.next()).toBe('sent:sendmessage:MESSAGE:[]')
    c.ws.send('{"action":"SendMessage"}')
    expect(await c.next()).toBe('default:$default')
    c.ws.close()
  })

  it('sends non-JSON and missing keys to $default', async () => {
    const c = await connect(wsUrl(cloud, 'chatapi'))
    c.ws.send('hello there')
    expect(await c.next()).toBe('default:$default')
    c.ws.send('{"nothing": 1}')
    expect(await c.next()).toBe('default:$default')
    c.ws.close()
  })

  it('drops the backend answer of a route without a route response', async () => {
    const c = await connect(wsUrl(cloud, 'chatapi'))
    c.ws.send('{"action":"oneway"}')
    c.ws.send('{"action":"sendmessage"}')
    // Frames of one connection arrive in order: the one-way answer would have come first.
    expect(await c.next()).toBe('sent:sendmessage:MESSAGE:[]')
    expect(c.received).toHaveLength(1)
    c.ws.close()
  })

  it('answers the Forbidden frame and keeps the socket open without $default', async () => {
    const c = await connect(wsUrl(cloud, 'nodefault'))
    c.ws.send('{"action":"leave"}')
    const frame = JSON.parse(await c.next())
    expect(frame.message).toBe('Forbidden')
    expect(frame.connectionId).toMatch(/^[A-Za-z0-9_-]{15}=$/)
    expect(frame.requestId).toMatch(/^[A-Za-z0-9_-]{15}=$/)
    expect(Object.keys(frame).sort()).toEqual(['connectionId', 'message', 'requestId'])
    c.ws.send('not json')
    expect(JSON.parse(await c.next()).message).toBe('Forbidden')
    c.ws.send('{"action":"join"}')
    expect(await c.next()).toBe('joined')
    expect(c.ws.readyState).toBe(c.ws.OPEN)
    c.ws.close()
  })

  it('follows nested paths and interpolates ${…} templates (a missing path is empty)', async () => {
    const n = await connect(wsUrl(cloud, 'nested'))
    n.ws.send('{"meta":{"kind":"chat"}}')
    expect(await n.next()).toBe('nested-chat')
    n.ws.close()
    const i = await connect(wsUrl(cloud, 'interp'))
    i.ws.send('{"service":"chat","action":"join"}')
    expect(await i.next()).toBe('interp-ok')
    i.ws.send('{"service":"chat"}')
    expect(await i.next()).toBe('interp-empty')
    i.ws.send('{"service":"chat","action":"leave"}')
    expect(JSON.parse(await i.next()).message).toBe('Forbidden')
    i.ws.close()
  })
})
