/** `wscat`, the client AWS's docs and the course use, works against the local WebSocket URL unmodified. */
import { execa } from 'execa'
import path from 'node:path'
import { expect, it, vi } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { WsApiSpec, wsUrl } from './ws-helpers.js'
import { deployed, standInService } from './ws-standin.js'

vi.mock('../../src/cloud/services/index.js', async (original) => {
  const real = await original<typeof import('../../src/cloud/services/index.js')>()
  return { allServices: () => [...real.allServices().filter((s) => s.name !== 'apigatewayv2'), standInService()] }
})

const WSCAT = path.resolve('node_modules/.bin/wscat')

let cloud: TestCloud
useTestCloud((c) => {
  cloud = c
  deployed.set('catapi', new WsApiSpec('catapi').mock('$connect', '{"statusCode": 200}').mock('echo', '{"statusCode": 200}', 'echo from $context.routeKey', { twoWay: true }).api)
  deployed.set('shutapi', new WsApiSpec('shutapi').mock('$connect', '{"statusCode": 403}').api)
}, 60_000)

it('connects, sends, and prints the answer and the Forbidden frame', async () => {
  const first = await execa(WSCAT, ['-c', wsUrl(cloud, 'catapi'), '-x', '{"action":"echo"}', '-w', '1'], { reject: false, timeout: 30_000 })
  expect(first.stdout).toContain('echo from echo')
  const second = await execa(WSCAT, ['-c', wsUrl(cloud, 'catapi'), '-x', '{"action":"nope"}', '-w', '1'], { reject: false, timeout: 30_000 })
  expect(second.stdout).toMatch(/"message":\s*"Forbidden"/)
}, 60_000)

it('reports a refused handshake as wscat does for AWS: "Unexpected server response: 403"', async () => {
  const result = await execa(WSCAT, ['-c', wsUrl(cloud, 'shutapi')], { reject: false, timeout: 30_000 })
  expect(`${result.stdout}\n${result.stderr}`).toContain('Unexpected server response: 403')
}, 60_000)
