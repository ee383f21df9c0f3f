/**
 * The connection clocks with short configured values (`LAB_WS_IDLE_TIMEOUT_MS`, `LAB_WS_MAX_DURATION_MS`), the
 * local cap on open connections (`LAB_WS_MAX_CONNECTIONS`), and handshakes that never finish.
 */
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { converse } from '../helpers/raw-socket.js'
import { connect, type Client, WsApiSpec, wsUrl } from './ws-helpers.js'


// Read once, when the cloud starts (then removed: other test files in this worker keep AWS's values).
const SHORT = { LAB_WS_IDLE_TIMEOUT_MS: '1500', LAB_WS_MAX_DURATION_MS: '4000', LAB_WS_MAX_CONNECTIONS: '40' }
Object.assign(process.env, SHORT)

let cloud: TestCloud
useTestCloud(
  async (c) => {
    cloud = c
    for (const name of Object.keys(SHORT)) delete process.env[name]
    await new WsApiSpec('clockapi').mock('$default', '{"statusCode": 200}', 'pong', { twoWay: true }).deploy(cloud)
  },
  60_000,
  { limits: { headersTimeoutMs: 500 } },
)

describe('clocks', () => {
  it('closes an idle connection with 1001 Going away', async () => {
    const client = await connect(wsUrl(cloud, 'clockapi'))
    expect(await client.closed).toEqual({ code: 1001, reason: 'Going away' })
  })

  it('closes a busy connection at its maximum duration, whatever the traffic', async () => {
    const client = await connect(wsUrl(cloud, 'clockapi'))
    let answered = 0
    const ticker = setInterval(() => {
      if (client.ws.readyState === client.ws.OPEN) client.ws.send('ping')
    }, 200)
    client.ws.on('message', () => answered++)
    const closed = await client.closed
    clearInterval(ticker)
    expect(closed).toEqual({ code: 1001, reason: 'Going away' })
    // It was never idle: messages kept the idle clock from firing long before the maximum duration.
    expect(answered).toBeGreaterThan(5)
  })
})

describe('caps', () => {
  it('refuses handshakes past the cap with 429, and takes new ones once connections close', async () => {
    const clients: Client[] = []
    const results = await Promise.allSettled(Array.from({ length: 45 }, () => connect(wsUrl(cloud, 'clockapi'))))
    for (const r of results) if (r.status === 'fulfilled') clients.push(r.value)
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.status)
    expect(clients).toHaveLength(40)
    expect(refused).toEqual([429, 429, 429, 429, 429])
    for (const c of clients) c.ws.close()
    await Promise.all(clients.map((c) => c.closed))
    const again = await connect(wsUrl(cloud, 'clockapi'))
    again.ws.close()
  })

  it('drops a handshake whose headers never finish (slowloris) without a route ever running', async () => {
    const slow = converse(cloud.port, 'GET /_aws/execute-api/clockapi/prod HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n')
    const answer = await slow.closed
    expect(answer).not.toContain('101 Switching Protocols')
  })
})
