/**
 * What an attacker may put in a handshake or a message: names of Object.prototype members, broken or unusual
 * handshakes, extensions API Gateway does not negotiate, and JSON built to confuse route selection.
 */
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { converse, statusOf } from '../helpers/raw-socket.js'
import { apiIdOf, connect, WsApiSpec, wsUrl } from './ws-helpers.js'

let cloud: TestCloud
useTestCloud(async (c) => {
  cloud = c
  // No $connect route (every handshake that is one opens); each route answers with the key that selected it.
  await new WsApiSpec('hostileapi')
    .mock('$default', '{"statusCode": 200}', 'default:$context.routeKey', { twoWay: true })
    .mock('whoami', '{"statusCode": 200}', 'route:$context.routeKey', { twoWay: true })
    .deploy(cloud)
}, 60_000)

const KEY = 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n'
function handshake(extra: string, method = 'GET', path = `/_aws/execute-api/${apiIdOf('hostileapi')}/prod`): Promise<string> {
  const raw = converse(cloud.port, `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${cloud.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n${extra}\r\n`)
  return raw.received('\r\n\r\n').then((reply) => {
    raw.socket.destroy()
    return reply
  })
}

describe('the handshake', () => {
  it('opens with query parameters named like Object.prototype members', async () => {
    const client = await connect(wsUrl(cloud, 'hostileapi', 'prod', '?constructor=1&toString=2&__proto__=3&hasOwnProperty=4'), { headers: { constructor: 'c' } })
    client.ws.send('hello')
    expect(await client.next()).toBe('default:$default')
    client.ws.close()
  })

  it('refuses what is no WebSocket handshake with 400, and negotiates no extension', async () => {
    expect(statusOf(await handshake('Sec-WebSocket-Key: short\r\nSec-WebSocket-Version: 13\r\n'))).toBe(400)
    expect(statusOf(await handshake(`${KEY}Sec-WebSocket-Version: 8\r\n`))).toBe(400)
    expect(statusOf(await handshake(`${KEY}${KEY}Sec-WebSocket-Version: 13\r\n`))).toBe(400)
    expect(statusOf(await handshake(`${KEY}Sec-WebSocket-Version: 13\r\n`, 'POST'))).toBe(400)
    const deflate = await handshake(`${KEY}Sec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n`)
    expect(statusOf(deflate)).toBe(101)
    expect(deflate.toLowerCase()).not.toContain('sec-websocket-extensions')
  })
})

describe('route selection', () => {
  it('never follows the prototype, and survives deep, huge and odd JSON', async () => {
    const client = await connect(wsUrl(cloud, 'hostileapi'))
    const send = (text: string) => {
      const bytes = Buffer.from(text)
      for (let at = 0; at < bytes.length; at += 32 * 1024) client.ws.send(bytes.subarray(at, at + 32 * 1024), { binary: false, fin: at + 32 * 1024 >= bytes.length })
    }
    const messages = [
      '{"action":"__proto__"}',
      '{"action":"constructor"}',
      '{"action":"toString"}',
      '{"__proto__":{"action":"whoami"}}',
      `{"action":${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
      `{"action":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`,
      '{"action":1e400}',
      `{"action":"${'w'.repeat(120_000)}"}`,
    ]
    for (const message of messages) {
      send(message)
      expect(await client.next(), message.slice(0, 40)).toBe('default:$default')
    }
    send('{"action":"whoami"}')
    expect(await client.next()).toBe('route:whoami')
    client.ws.close()
  })
})
