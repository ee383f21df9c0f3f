/** `wscat`, the client AWS's docs and the course use, works against the local WebSocket URL unmodified. */
import { execa } from 'execa'
import path from 'node:path'
import { expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { WsApiSpec, wsUrl } from './ws-helpers.js'


const WSCAT = path.resolve('node_modules/.bin/wscat')

let cloud: TestCloud
useTestCloud(async (c) => {
  cloud = c
  await new WsApiSpec('catapi').mock('$connect', '{"statusCode": 200}').mock('echo', '{"statusCode": 200}', 'echo from $context.routeKey', { twoWay: true }).deploy(cloud)
  await new WsApiSpec('shutapi').mock('$connect', '{"statusCode": 403}').deploy(cloud)
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
