import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import type { Connection } from './connection.js'
import { connectEvent, newRequest } from './events.js'
import type { DeployedWebSocketApi } from './snapshot.js'

const connection = {
  id: 'AAAAAAAAAAAAAAA=',
  api: { apiId: 'abc123', region: 'us-east-1' } as DeployedWebSocketApi,
  stage: 'prod',
  connectedAt: 0,
  lastActiveAt: 0,
  sourceIp: '127.0.0.1',
  host: 'localhost',
  closed: false,
  inFlight: 0,
  timers: {},
} satisfies Connection

const handshake = (rawHeaders: string[]) => ({ rawHeaders, socket: { localPort: 4599 } }) as unknown as IncomingMessage

describe('connectEvent', () => {
  it('passes query parameters and headers named like Object.prototype members as plain entries', () => {
    const query = new URLSearchParams('constructor=1&toString=2&__proto__=3&__proto__=4&hasOwnProperty=5')
    const raw = handshake(['__proto__', 'h', 'Constructor', 'c', 'Host', 'localhost'])
    const event = JSON.parse(JSON.stringify(connectEvent(connection, newRequest('$connect', 'CONNECT'), raw, query, 'Root=1-0-0')))
    // JSON text: an object literal's `__proto__` would set a prototype, not an entry.
    expect(event.queryStringParameters).toEqual(JSON.parse('{"constructor":"1","toString":"2","__proto__":"4","hasOwnProperty":"5"}'))
    expect(event.multiValueQueryStringParameters).toEqual(JSON.parse('{"constructor":["1"],"toString":["2"],"__proto__":["3","4"],"hasOwnProperty":["5"]}'))
    expect(event.headers).toMatchObject(JSON.parse('{"__proto__":"h","Constructor":"c","Host":"localhost"}'))
    expect(event.multiValueHeaders).toMatchObject(JSON.parse('{"__proto__":["h"],"Constructor":["c"]}'))
  })
})
